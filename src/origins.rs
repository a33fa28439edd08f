//! The origins a server's `/widget` page may take rates from: a value of
//! the server's configuration, parsed from the command line or the
//! environment, read by the HTTP API.

use axum::http::Uri;

/// The origins besides its own that the `/widget` page may take rates from
/// (`kurs serve --widget-api-origins`); none by default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WidgetApiOrigins(pub(crate) Vec<String>);

impl WidgetApiOrigins {
    /// Parses a comma-separated list of origins such as
    /// `https://rates.example.com,http://localhost:8081`: scheme http or
    /// https, a host, an optional port, no path, query or user.
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut origins = Vec::new();
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let origin = origin_of(item)
                .filter(|o| o.len() == item.trim_end_matches('/').len())
                .ok_or_else(|| {
                    format!(
                        "widget API origin '{}': expected an origin such as https://rates.example.com (http or https, a host, an optional port, nothing after)",
                        item.chars().take(40).collect::<String>()
                    )
                })?;
            if !origins.contains(&origin) {
                origins.push(origin);
            }
        }
        Ok(Self(origins))
    }
}

/// The lower-cased `scheme://host[:port]` of an absolute http(s) URL
/// without user information, or `None`.
pub(crate) fn origin_of(url: &str) -> Option<String> {
    let uri: Uri = url.parse().ok()?;
    let scheme = uri.scheme_str()?.to_ascii_lowercase();
    let authority = uri.authority()?.as_str();
    if !matches!(scheme.as_str(), "http" | "https") || authority.contains('@') {
        return None;
    }
    Some(format!("{scheme}://{}", authority.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widget_api_origins_are_bare_http_origins() {
        let o =
            WidgetApiOrigins::parse("https://Rates.Example.com/, http://localhost:8081,,").unwrap();
        assert_eq!(o.0, ["https://rates.example.com", "http://localhost:8081"]);
        for bad in [
            "rates.example.com",
            "ftp://rates.example.com",
            "https://rates.example.com/v1",
            "https://rates.example.com?x=1",
            "https://user@rates.example.com",
        ] {
            let e = WidgetApiOrigins::parse(bad).unwrap_err();
            assert!(e.contains("expected an origin"), "{bad}: {e}");
        }
    }
}
