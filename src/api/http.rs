//! HTTP caching: strong ETags from the content, conditional GET, and
//! `Cache-Control` / `Last-Modified` from the data.

use std::hash::{Hash, Hasher};

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Problem;

/// How long a response may be cached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// An answer about a past table: it never changes.
    Immutable,
    /// An answer about the latest data: fresh until the source's next
    /// expected publication.
    Until(DateTime<Utc>),
    /// Cache only briefly (status and health pages).
    Short,
}

/// A JSON body with what caches need to know about it.
pub struct Cached<T> {
    /// The body.
    pub body: T,
    /// How long it stays fresh.
    pub freshness: Freshness,
    /// When the data behind it was published.
    pub last_modified: Option<DateTime<Utc>>,
}

const YEAR: u64 = 365 * 24 * 3600;

impl<T: Serialize> IntoResponse for Cached<T> {
    fn into_response(self) -> Response {
        match serde_json::to_vec(&self.body) {
            Ok(bytes) => with_validators(
                bytes,
                "application/json",
                self.freshness,
                self.last_modified,
            ),
            Err(e) => {
                tracing::error!(error = %e, "cannot serialise a response");
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "internal error",
                )
                .into_response()
            }
        }
    }
}

/// A 200 response of `bytes` with a strong ETag, `Cache-Control` and
/// `Last-Modified`.
pub fn with_validators(
    bytes: Vec<u8>,
    content_type: &'static str,
    freshness: Freshness,
    last_modified: Option<DateTime<Utc>>,
) -> Response {
    let etag = etag_of(&bytes);
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&cache_control(freshness)) {
        headers.insert(header::CACHE_CONTROL, v);
    }
    if let Some(at) = last_modified.and_then(|t| HeaderValue::from_str(&http_date(t)).ok()) {
        headers.insert(header::LAST_MODIFIED, at);
    }
    response
}

fn cache_control(freshness: Freshness) -> String {
    let max_age = match freshness {
        Freshness::Immutable => return format!("public, max-age={YEAR}, immutable"),
        Freshness::Short => 60,
        Freshness::Until(t) => (t - Utc::now()).num_seconds().clamp(60, 86_400) as u64,
    };
    format!("public, max-age={max_age}")
}

/// A strong entity tag derived from the body: the same bytes always give
/// the same tag (SipHash with fixed keys, twice, for 128 bits).
pub fn etag_of(bytes: &[u8]) -> String {
    let hash = |seed: u64| {
        #[allow(deprecated)]
        let mut h = std::hash::SipHasher::new_with_keys(seed, !seed);
        bytes.hash(&mut h);
        h.finish()
    };
    format!("\"{:016x}{:016x}\"", hash(0x6b75_7273), hash(0x7261_7465))
}

/// An HTTP date (RFC 9110 IMF-fixdate).
pub fn http_date(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// Answers `If-None-Match` with 304 when the response's ETag matches.
pub async fn conditional_get(request: Request, next: Next) -> Response {
    let is_get = matches!(*request.method(), Method::GET | Method::HEAD);
    let wanted = request.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    let (Some(wanted), true) = (wanted, is_get && response.status() == StatusCode::OK) else {
        return response;
    };
    let Some(etag) = response.headers().get(header::ETAG) else {
        return response;
    };
    if !matches_etag(&wanted, etag) {
        return response;
    }
    let mut not_modified = StatusCode::NOT_MODIFIED.into_response();
    copy_headers(response.headers(), not_modified.headers_mut());
    not_modified
}

fn matches_etag(wanted: &HeaderValue, etag: &HeaderValue) -> bool {
    let Ok(wanted) = wanted.to_str() else {
        return false;
    };
    let etag = etag.to_str().unwrap_or_default();
    wanted
        .split(',')
        .map(str::trim)
        .any(|w| w == "*" || w.trim_start_matches("W/") == etag)
}

fn copy_headers(from: &HeaderMap, to: &mut HeaderMap) {
    for name in [
        header::ETAG,
        header::CACHE_CONTROL,
        header::LAST_MODIFIED,
        header::VARY,
    ] {
        if let Some(v) = from.get(&name) {
            to.insert(name, v.clone());
        }
    }
}

/// The longest query string accepted.
pub const MAX_QUERY: usize = 2048;

/// Refuses a query string longer than [`MAX_QUERY`] with 414.
pub async fn limit_query(request: Request, next: Next) -> Response {
    let length = request.uri().query().map_or(0, str::len);
    if length > MAX_QUERY {
        let detail =
            format!("the query string has {length} characters; at most {MAX_QUERY} are accepted");
        return Problem::new(StatusCode::URI_TOO_LONG, "uri_too_long", detail).into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_are_strong_and_follow_the_content() {
        let a = etag_of(b"{\"a\":1}");
        assert_eq!(a, etag_of(b"{\"a\":1}"));
        assert_ne!(a, etag_of(b"{\"a\":2}"));
        assert!(a.starts_with('"') && !a.starts_with("W/"));
    }

    #[test]
    fn if_none_match_lists_and_weak_forms_match() {
        let etag = HeaderValue::from_static("\"abc\"");
        assert!(matches_etag(
            &HeaderValue::from_static("\"x\", \"abc\""),
            &etag
        ));
        assert!(matches_etag(&HeaderValue::from_static("W/\"abc\""), &etag));
        assert!(matches_etag(&HeaderValue::from_static("*"), &etag));
        assert!(!matches_etag(&HeaderValue::from_static("\"abd\""), &etag));
    }

    #[test]
    fn http_dates_use_the_imf_fixdate_form() {
        let t: DateTime<Utc> = "2011-11-18T15:00:00Z".parse().unwrap();
        assert_eq!(http_date(t), "Fri, 18 Nov 2011 15:00:00 GMT");
    }
}
