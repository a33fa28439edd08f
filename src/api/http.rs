//! HTTP caching: strong ETags from the content, conditional GET, and
//! `Cache-Control` / `Last-Modified` from the data.

use std::sync::Arc;

use axum::body::Bytes;

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{ErrorCode, Problem};

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
        match Rendered::json(&self.body, self.freshness, self.last_modified) {
            Ok(r) => r.response(),
            Err(p) => p.into_response(),
        }
    }
}

/// A body rendered once, with its validators, ready to be served again.
#[derive(Debug, Clone)]
pub struct Rendered {
    body: Bytes,
    content_type: &'static str,
    etag: Option<HeaderValue>,
    last_modified: Option<HeaderValue>,
    freshness: Freshness,
}

impl Rendered {
    /// Renders `body` as JSON.
    pub fn json<T: Serialize>(
        body: &T,
        freshness: Freshness,
        last_modified: Option<DateTime<Utc>>,
    ) -> Result<Self, Problem> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            tracing::error!(error = %e, "cannot serialise a response");
            Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal,
                "internal error",
            )
        })?;
        Ok(Self::new(
            bytes,
            "application/json",
            freshness,
            last_modified,
        ))
    }

    /// A body of any type.
    pub fn new(
        bytes: Vec<u8>,
        content_type: &'static str,
        freshness: Freshness,
        last_modified: Option<DateTime<Utc>>,
    ) -> Self {
        Self {
            etag: HeaderValue::from_str(&etag_of(&bytes)).ok(),
            body: Bytes::from(bytes),
            content_type,
            last_modified: last_modified.and_then(|t| HeaderValue::from_str(&http_date(t)).ok()),
            freshness,
        }
    }

    /// The 200 response, its `Cache-Control` computed now.
    pub fn response(&self) -> Response {
        let mut response = self.body.clone().into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        if let Some(etag) = &self.etag {
            headers.insert(header::ETAG, etag.clone());
        }
        headers.insert(header::CACHE_CONTROL, cache_control(self.freshness));
        if let Some(at) = &self.last_modified {
            headers.insert(header::LAST_MODIFIED, at.clone());
        }
        response
    }
}

/// Rendered `GET` responses by (route, data generation, question): the
/// question is the raw query string for most routes, and the normalised
/// question for range answers (see `frankfurter::RangeQuestion::key`), so
/// that queries asking the same thing share one entry.
///
/// Why: answering `/v1/convert` is a few hundred nanoseconds of arithmetic
/// but several microseconds of query parsing, JSON, hashing for the ETag
/// and date formatting; a news site's widgets ask the same few questions
/// all day. The data generation in the key retires every entry the moment
/// any history changes, and a one-minute time to live bounds how long a
/// time-dependent field (`stale`) can lag. Errors are not cached.
pub type RenderCache = moka::sync::Cache<(&'static str, u64, Box<str>), Arc<Rendered>>;

/// Remembers which queries were asked once, so that only a query asked
/// twice is cached: a stream of one-off queries (every amount different)
/// then costs no cache inserts and evicts nothing useful.
///
/// A fixed table of hashes: a collision only means a query is cached one
/// request early or late, never a wrong answer.
pub struct Doorkeeper {
    slots: Box<[std::sync::atomic::AtomicU64]>,
}

impl Default for Doorkeeper {
    fn default() -> Self {
        Self {
            slots: (0..4096)
                .map(|_| std::sync::atomic::AtomicU64::new(0))
                .collect(),
        }
    }
}

impl Doorkeeper {
    /// Whether `key` was seen before; remembers it either way.
    pub fn seen_before(&self, route: &str, query: &str) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(route.as_bytes());
        hasher.update(query.as_bytes());
        let hash = hasher.digest() | 1;
        let slot = &self.slots[(hash % self.slots.len() as u64) as usize];
        slot.swap(hash, Relaxed) == hash
    }
}

/// A new, empty render cache of at most `bytes` (by default
/// [`RENDER_CACHE_BYTES`]).
pub fn render_cache(bytes: u64) -> RenderCache {
    moka::sync::Cache::builder()
        // Bytes, roughly: the body, the query and the bookkeeping.
        .weigher(|k: &(&'static str, u64, Box<str>), v: &Arc<Rendered>| {
            (v.body.len() + k.2.len() + 256)
                .try_into()
                .unwrap_or(u32::MAX)
        })
        .max_capacity(bytes)
        .time_to_live(std::time::Duration::from_secs(60))
        .build()
}

/// A 200 response of `bytes` with a strong ETag, `Cache-Control` and
/// `Last-Modified`.
pub fn with_validators(
    bytes: Vec<u8>,
    content_type: &'static str,
    freshness: Freshness,
    last_modified: Option<DateTime<Utc>>,
) -> Response {
    Rendered::new(bytes, content_type, freshness, last_modified).response()
}

/// A 200 response of a streamed `body` whose strong ETag, `etag`, was
/// computed ahead of it, with `Cache-Control` and `Last-Modified` as
/// [`Rendered::response`] sets them.
pub fn streamed(
    body: axum::body::Body,
    content_type: &'static str,
    etag: &str,
    freshness: Freshness,
    last_modified: Option<DateTime<Utc>>,
) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(etag) = HeaderValue::from_str(etag) {
        headers.insert(header::ETAG, etag);
    }
    headers.insert(header::CACHE_CONTROL, cache_control(freshness));
    if let Some(at) = last_modified.and_then(|t| HeaderValue::from_str(&http_date(t)).ok()) {
        headers.insert(header::LAST_MODIFIED, at);
    }
    response
}

fn cache_control(freshness: Freshness) -> HeaderValue {
    let max_age = match freshness {
        Freshness::Immutable => return HeaderValue::from_static(IMMUTABLE),
        Freshness::Short => return HeaderValue::from_static("public, max-age=60"),
        Freshness::Until(t) => (t - Utc::now()).num_seconds().clamp(60, 86_400) as u64,
    };
    HeaderValue::from_str(&format!("public, max-age={max_age}"))
        .expect("digits are a valid header value")
}

/// `Cache-Control` of an answer that never changes (a past table).
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const _: () = assert!(YEAR == 31_536_000, "IMMUTABLE spells out YEAR");

/// A strong entity tag derived from the body: the 128-bit XXH3 hash of
/// the bytes, so the same content always has the same tag.
pub fn etag_of(bytes: &[u8]) -> String {
    etag_of_hash(xxhash_rust::xxh3::xxh3_128(bytes))
}

/// The strong entity tag of a body whose 128-bit XXH3 hash is `hash`
/// (hashed piece by piece when the body is streamed).
pub fn etag_of_hash(hash: u128) -> String {
    // Hex digits written by hand: `format!("{:032x}")` went through the
    // formatting machinery on every uncached answer.
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut tag = String::with_capacity(34);
    tag.push('"');
    for shift in (0..32).rev() {
        tag.push(HEX[(hash >> (shift * 4)) as usize & 0xf] as char);
    }
    tag.push('"');
    tag
}

/// An HTTP date (RFC 9110 IMF-fixdate).
pub fn http_date(t: DateTime<Utc>) -> String {
    // Written field by field: `format("%a, %d %b ...")` interprets the
    // format string on every call, which cost more than the conversion
    // being answered.
    use chrono::{Datelike, Timelike};
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let year = t.year();
    if !(0..=9999).contains(&year) {
        // Not four digits: chrono's own way (never a table's date).
        return t.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    }
    let mut out = String::with_capacity(29);
    out.push_str(DAYS[t.weekday().num_days_from_monday() as usize]);
    out.push_str(", ");
    push_digits(&mut out, t.day(), 2);
    out.push(' ');
    out.push_str(MONTHS[t.month0() as usize]);
    out.push(' ');
    push_digits(&mut out, year as u32, 4);
    out.push(' ');
    push_digits(&mut out, t.hour(), 2);
    out.push(':');
    push_digits(&mut out, t.minute(), 2);
    out.push(':');
    push_digits(&mut out, t.second(), 2);
    out.push_str(" GMT");
    out
}

/// `n`'s last `width` decimal digits, zero-padded.
fn push_digits(out: &mut String, n: u32, width: u32) {
    for k in (0..width).rev() {
        out.push(char::from(b'0' + (n / 10u32.pow(k) % 10) as u8));
    }
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

/// The weak comparison `If-None-Match` asks for (RFC 9110 §13.1.2): `W/`
/// is ignored on both sides, so a client holding the weak ETag of a
/// compressed answer (see `etag.rs`) revalidates as well as one holding
/// the strong ETag of the identity bytes.
fn matches_etag(wanted: &HeaderValue, etag: &HeaderValue) -> bool {
    let Ok(wanted) = wanted.to_str() else {
        return false;
    };
    let etag = etag.to_str().unwrap_or_default().trim_start_matches("W/");
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

/// The longest query string accepted: 2,048 characters. A fact of the
/// contract (`openapi.yaml` states it), not a setting.
pub const MAX_QUERY: usize = 2048;

/// Refuses a query string longer than [`MAX_QUERY`] with 414.
pub async fn limit_query(request: Request, next: Next) -> Response {
    let length = request.uri().query().map_or(0, str::len);
    if length > MAX_QUERY {
        let detail =
            format!("the query string has {length} characters; at most {MAX_QUERY} are accepted");
        return Problem::new(StatusCode::URI_TOO_LONG, ErrorCode::UriTooLong, detail)
            .into_response();
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
        let weak = HeaderValue::from_static("W/\"abc\"");
        assert!(matches_etag(&HeaderValue::from_static("\"abc\""), &weak));
    }

    #[test]
    fn http_dates_use_the_imf_fixdate_form() {
        let t: DateTime<Utc> = "2011-11-18T15:00:00Z".parse().unwrap();
        assert_eq!(http_date(t), "Fri, 18 Nov 2011 15:00:00 GMT");
        // Field by field, as chrono's `%a, %d %b %Y %H:%M:%S` writes it,
        // every day of a leap year and a few seconds of each.
        let mut t: DateTime<Utc> = "1991-01-01T00:00:00Z".parse().unwrap();
        for _ in 0..(366 * 36) {
            assert_eq!(
                http_date(t),
                t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
            );
            t += chrono::Duration::seconds(86_400 + 3_599);
        }
    }

    #[test]
    fn etags_are_the_hash_in_32_lower_case_hex_digits() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for n in 0..2_000usize {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let body: Vec<u8> = seed
                .to_le_bytes()
                .iter()
                .cycle()
                .take(n % 97)
                .copied()
                .collect();
            let expected = format!("\"{:032x}\"", xxhash_rust::xxh3::xxh3_128(&body));
            assert_eq!(etag_of(&body), expected);
        }
        assert_eq!(
            etag_of(b""),
            format!("\"{:032x}\"", xxhash_rust::xxh3::xxh3_128(b""))
        );
    }

    #[test]
    fn cache_control_names_its_lifetime() {
        assert_eq!(
            cache_control(Freshness::Immutable),
            format!("public, max-age={YEAR}, immutable")
        );
        assert_eq!(cache_control(Freshness::Short), "public, max-age=60");
        let soon = Utc::now() + chrono::Duration::seconds(3_600);
        let v = cache_control(Freshness::Until(soon));
        assert!(["public, max-age=3599", "public, max-age=3600"].contains(&v.to_str().unwrap()));
    }
}
