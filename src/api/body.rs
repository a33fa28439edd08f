//! Request bodies, bounded before a handler sees them.
//!
//! A body declared longer than [`MAX_BODY`] is refused on its
//! `Content-Length` alone, before it is read: hyper sends `100 Continue` to
//! a client that asked for it only when the body is first read, so such a
//! client never uploads what would be refused. A body that is read must
//! arrive whole within the body timeout, or the answer is `408`: a client
//! that stalls its upload is a client fault, not the server's `503`.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::{AppState, ErrorCode, Problem, MAX_BODY};

/// The middleware: 413 on a declared length over [`MAX_BODY`], 408 on a
/// body that does not arrive within the state's body timeout, otherwise
/// the request goes on with its body read (to at most the
/// `DefaultBodyLimit` of the router, [`MAX_BODY`]).
pub async fn bounded(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !has_body(request.headers()) {
        return next.run(request).await;
    }
    if declared_length(request.headers()).is_some_and(|n| n > MAX_BODY as u64) {
        return too_large().into_response();
    }
    let (parts, body) = request.into_parts();
    let read = Bytes::from_request(Request::from_parts(parts.clone(), body), &());
    let timeout = state.body_timeout;
    let bytes = match tokio::time::timeout(timeout, read).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(e)) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return too_large().into_response()
        }
        Ok(Err(e)) => return unreadable(&e).into_response(),
        Err(_) => return stalled(timeout).into_response(),
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// Whether a body follows the head (RFC 9112 §6.3).
fn has_body(headers: &HeaderMap) -> bool {
    headers.contains_key(header::TRANSFER_ENCODING)
        || declared_length(headers).is_some_and(|n| n > 0)
}

fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

fn too_large() -> Problem {
    let detail = format!("the request body is larger than the {MAX_BODY} bytes accepted");
    Problem::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::BodyTooLarge,
        detail,
    )
}

fn stalled(timeout: Duration) -> Problem {
    let detail = format!(
        "the request body did not arrive within {} s; send it whole and promptly",
        timeout.as_secs()
    );
    Problem::new(
        StatusCode::REQUEST_TIMEOUT,
        ErrorCode::RequestTimeout,
        detail,
    )
}

/// A body cut short or malformed in its framing (e.g. a bad chunk size).
fn unreadable(e: &BytesRejection) -> Problem {
    tracing::debug!("request body unreadable: {e}");
    let detail = "the request body ended early or its chunked framing is malformed";
    Problem::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidBody, detail)
}

/// A JSON body, read as axum's [`axum::Json`] reads it, refused with the
/// same rejection and words, but parsed without tracking the path of each
/// value: that tracking cost a quarter of a 1,000-item batch. Only a body
/// that fails to parse is parsed again by axum, for its error naming the
/// path (`[3].amount: ...`).
pub struct FastJson<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for FastJson<T> {
    type Rejection = axum::extract::rejection::JsonRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !plain_json(request.headers()) {
            return axum::Json::<T>::from_request(request, state)
                .await
                .map(|axum::Json(t)| FastJson(t));
        }
        let bytes = Bytes::from_request(request, state).await?;
        match serde_json::from_slice(&bytes) {
            Ok(t) => Ok(FastJson(t)),
            Err(_) => axum::Json::<T>::from_bytes(&bytes).map(|axum::Json(t)| FastJson(t)),
        }
    }
}

/// `Content-Type: application/json`, with parameters or none: a type
/// axum's `Json` accepts. Any other is left for axum to judge.
fn plain_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
}

#[cfg(test)]
mod fast_json_tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)] // read through Debug only
    struct Item {
        from: Option<String>,
        amount: Option<u32>,
    }

    /// What `FastJson` takes and refuses, and its words, are axum's.
    #[tokio::test]
    async fn fast_json_reads_and_refuses_as_axum_json() {
        let bodies: [(&str, &str); 9] = [
            ("application/json", r#"[{"from":"USD","amount":3}]"#),
            (
                "application/json; charset=utf-8",
                r#"[{"from":"U\u0053D"}]"#,
            ),
            ("Application/JSON", "[]"),
            ("application/json", r#"[{"from":"USD"},{"amount":"x"}]"#),
            ("application/json", "[{"),
            ("application/json", r#"{"from":"USD"}"#),
            ("application/problem+json", "[]"),
            ("text/plain", "[]"),
            ("", "[]"),
        ];
        for (content_type, body) in bodies {
            let request = || {
                let mut r = Request::new(Body::from(body));
                if !content_type.is_empty() {
                    r.headers_mut()
                        .insert(header::CONTENT_TYPE, content_type.parse().unwrap());
                }
                r
            };
            let ours = FastJson::<Vec<Item>>::from_request(request(), &())
                .await
                .map(|FastJson(v)| format!("{v:?}"))
                .map_err(|e| (e.status(), e.body_text()));
            let axum = axum::Json::<Vec<Item>>::from_request(request(), &())
                .await
                .map(|axum::Json(v)| format!("{v:?}"))
                .map_err(|e| (e.status(), e.body_text()));
            assert_eq!(ours, axum, "{content_type}: {body}");
        }
    }
}
