//! The one API error type: every failure becomes `application/problem+json`
//! (RFC 9457) with a stable machine-readable `code`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::Error;

/// An error answered to a client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// A URI reference naming the kind of problem: `/problems/{code}`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short, fixed summary of the kind.
    pub title: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// What was wrong with this request and what is accepted.
    pub detail: String,
    /// The stable code clients match on.
    pub code: &'static str,
}

impl Problem {
    /// A problem with this status, code and detail.
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        Self {
            kind: format!("/problems/{code}"),
            title: title(code),
            status: status.as_u16(),
            detail: detail.into(),
            code,
        }
    }

    /// A required query parameter is missing or a parameter is malformed.
    pub fn invalid_parameter(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_parameter", detail)
    }

    /// The HTTP status as a `StatusCode`.
    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

fn title(code: &str) -> &'static str {
    match code {
        "unknown_currency" => "Unknown currency",
        "invalid_amount" => "Invalid amount",
        "invalid_rounding" => "Invalid rounding mode",
        "invalid_date" => "Invalid date",
        "unknown_source" => "Unknown source",
        "date_out_of_range" => "Date out of range",
        "rate_unavailable" => "Rate unavailable",
        "overflow" => "Beyond exact precision",
        "batch_too_large" => "Batch too large",
        "range_too_large" => "Date range too large",
        "invalid_parameter" => "Invalid parameter",
        "invalid_body" => "Invalid request body",
        "not_found" => "Not found",
        "method_not_allowed" => "Method not allowed",
        "uri_too_long" => "Query too long",
        "body_too_large" => "Request body too large",
        "timeout" => "Request timed out",
        "request_timeout" => "Request body not received in time",
        "not_ready" => "Not ready",
        "overloaded" => "Overloaded",
        _ => "Internal error",
    }
}

impl From<Error> for Problem {
    fn from(e: Error) -> Self {
        let status = match e.code() {
            "date_out_of_range" | "rate_unavailable" => StatusCode::NOT_FOUND,
            "overflow" => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::BAD_REQUEST,
        };
        Problem::new(status, e.code(), e.to_string())
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.status_code();
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}
