//! The widget, its iframe page and the demo news page.

use axum::extract::Query;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

use super::http::{with_validators, Freshness};

const WIDGET_JS: &str = include_str!("../web/widget.js");
const WIDGET_HTML: &str = include_str!("../web/widget.html");
const DEMO_HTML: &str = include_str!("../web/demo.html");

/// The attributes of `<kurs-converter>` that `/widget` copies from its query.
pub const ATTRIBUTES: [&str; 10] = [
    "base", "symbols", "amount", "from", "to", "source", "date", "lang", "theme", "api",
];

/// `GET /widget.js`: the custom element, one dependency-free script.
pub async fn widget_js() -> Response {
    let mut r = with_validators(
        WIDGET_JS.as_bytes().to_vec(),
        "text/javascript; charset=utf-8",
        Freshness::Short,
        None,
    );
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    r
}

/// `GET /widget?...`: the widget alone on a page, for hosts that prefer an
/// iframe; the query's options become the element's attributes.
pub async fn widget_page(Query(query): Query<HashMap<String, String>>) -> Response {
    let attributes: Vec<String> = ATTRIBUTES
        .iter()
        .filter_map(|name| Some(format!("{name}=\"{}\"", escape(query.get(*name)?))))
        .collect();
    let lang = query.get("lang").map_or("en", String::as_str);
    let page = WIDGET_HTML
        .replace("{{lang}}", &escape(lang))
        .replace("{{attributes}}", &attributes.join(" "));
    let mut r = with_validators(
        page.into_bytes(),
        "text/html; charset=utf-8",
        Freshness::Short,
        None,
    );
    let headers = r.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("frame-ancestors *"),
    );
    headers.insert(
        "x-robots-tag",
        HeaderValue::from_static("noindex, indexifembedded"),
    );
    r
}

/// `GET /demo`: a sample news article with the widget in its sidebar.
pub async fn demo() -> Response {
    with_validators(
        DEMO_HTML.as_bytes().to_vec(),
        "text/html; charset=utf-8",
        Freshness::Short,
        None,
    )
    .into_response()
}

/// Escapes text for an HTML attribute value or text node.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_values_are_escaped() {
        assert_eq!(
            escape("\"><script>x</script>"),
            "&quot;&gt;&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(escape("EUR"), "EUR");
    }
}
