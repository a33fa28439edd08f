//! Frankfurter v2's errors: a status and `{"status": N, "message": "..."}`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::JSON;
use crate::Error;

/// A v2 error: `{"status": N, "message": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Failure {
    pub(super) status: StatusCode,
    pub(super) message: String,
}

impl Failure {
    /// 400: a parameter that cannot be read.
    pub(super) fn bad(message: impl Into<String>) -> Self {
        Self::with(StatusCode::BAD_REQUEST, message)
    }

    /// 404: an unknown code, or no data.
    pub(super) fn not_found(message: impl Into<String>) -> Self {
        Self::with(StatusCode::NOT_FOUND, message)
    }

    /// 422: parameters that do not go together.
    pub(super) fn invalid(message: impl Into<String>) -> Self {
        Self::with(StatusCode::UNPROCESSABLE_ENTITY, message)
    }

    pub(super) fn with(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "status": self.status.as_u16(), "message": self.message });
        let mut response = (self.status, body.to_string()).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

impl From<Error> for Failure {
    /// kurs's errors in v2 terms, with kurs's own message.
    fn from(e: Error) -> Self {
        let message = e.to_string();
        match e {
            Error::UnknownCurrency(_)
            | Error::UnknownSource(_)
            | Error::FutureDate { .. }
            | Error::Lookup(_)
            | Error::ElsewhereOnly { .. }
            | Error::NoSourceCovers { .. } => Self::not_found(message),
            Error::RangeTooLarge { .. } | Error::Overflow(_) => Self::invalid(message),
            _ => Self::bad(message),
        }
    }
}
