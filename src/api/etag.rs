//! Weak ETags for compressed answers.
//!
//! Handlers tag the identity bytes with a strong ETag; compression then
//! sends other bytes under it, which a strong validator must not allow
//! (RFC 9110 §8.8.1). Like nginx, this middleware, placed outside the
//! compression layer, makes the ETag of an encoded answer weak (`W/"…"`).
//! Revalidation (`http::conditional_get`) compares weakly, so a client
//! holding either form gets `304`; that `304` carries the form it holds.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// The middleware: weakens the ETag of a response sent with a
/// `Content-Encoding`, and of a `304` to a client that holds the weak form.
pub async fn weaken_when_encoded(request: Request, next: Next) -> Response {
    let held = request.headers().get(header::IF_NONE_MATCH).cloned();
    let mut response = next.run(request).await;
    let encoded = response.headers().contains_key(header::CONTENT_ENCODING);
    let Some(weak) = weak_form(response.headers()) else {
        return response;
    };
    let holds_weak = held.is_some_and(|h| lists(&h, &weak));
    if encoded || (response.status() == StatusCode::NOT_MODIFIED && holds_weak) {
        response.headers_mut().insert(header::ETAG, weak);
    }
    response
}

/// `W/"…"` for a strong ETag in `headers`; `None` if there is none or it is
/// weak already.
fn weak_form(headers: &HeaderMap) -> Option<HeaderValue> {
    let etag = headers.get(header::ETAG)?.to_str().ok()?;
    if etag.starts_with("W/") {
        return None;
    }
    HeaderValue::from_str(&format!("W/{etag}")).ok()
}

/// Whether the `If-None-Match` list `held` names `tag` exactly.
fn lists(held: &HeaderValue, tag: &HeaderValue) -> bool {
    let (Ok(held), Ok(tag)) = (held.to_str(), tag.to_str()) else {
        return false;
    };
    held.split(',').map(str::trim).any(|h| h == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_strong_etag_has_a_weak_form_and_a_weak_one_none() {
        let mut headers = HeaderMap::new();
        headers.insert(header::ETAG, HeaderValue::from_static("\"abc\""));
        assert_eq!(weak_form(&headers).unwrap(), "W/\"abc\"");
        headers.insert(header::ETAG, HeaderValue::from_static("W/\"abc\""));
        assert_eq!(weak_form(&headers), None);
    }

    #[test]
    fn a_list_names_a_tag_only_in_the_same_form() {
        let weak = HeaderValue::from_static("W/\"abc\"");
        assert!(lists(&HeaderValue::from_static("\"x\", W/\"abc\""), &weak));
        assert!(!lists(&HeaderValue::from_static("\"abc\""), &weak));
    }
}
