//! Frankfurter's errors: a status and `{"message": ...}`, nothing more.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::JSON;
use crate::Error;

/// A Frankfurter error: a status and `{"message": ...}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Failure {
    /// 404 `not found`: an unknown route, currency or date.
    NotFound,
    /// 422 `invalid date`.
    InvalidDate,
    /// 422 `invalid amount`.
    InvalidAmount,
    /// 422 `bad currency pair`: `to` is just `from`.
    BadPair,
    /// 500 `internal error`: a bug, never an input.
    Internal,
    /// 503 `request cancelled`: the client left or the deadline passed
    /// (seen by nobody, or replaced by the request timeout's answer).
    Cancelled,
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            Failure::NotFound => (StatusCode::NOT_FOUND, "not found"),
            Failure::InvalidDate => (StatusCode::UNPROCESSABLE_ENTITY, "invalid date"),
            Failure::InvalidAmount => (StatusCode::UNPROCESSABLE_ENTITY, "invalid amount"),
            Failure::BadPair => (StatusCode::UNPROCESSABLE_ENTITY, "bad currency pair"),
            Failure::Internal => (StatusCode::INTERNAL_SERVER_ERROR, "internal error"),
            Failure::Cancelled => (StatusCode::SERVICE_UNAVAILABLE, "request cancelled"),
        };
        let body = serde_json::json!({ "message": message }).to_string();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

impl From<Error> for Failure {
    /// What kurs's own errors are in Frankfurter's terms: an amount too
    /// large to compute exactly is an invalid amount, anything else (a date
    /// out of range, a currency not published) is not found.
    fn from(e: Error) -> Self {
        match e {
            Error::Overflow(_) => Failure::InvalidAmount,
            _ => Failure::NotFound,
        }
    }
}
