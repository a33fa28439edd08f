//! The one API error type: every failure becomes `application/problem+json`
//! (RFC 9457) with a stable machine-readable `code`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::words;
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
    pub fn new(status: StatusCode, code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            kind: format!("/problems/{code}"),
            title: code.title(),
            status: status.as_u16(),
            detail: detail.into(),
            code: code.as_str(),
        }
    }

    /// A required query parameter is missing or a parameter is malformed.
    pub fn invalid_parameter(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidParameter, detail)
    }

    /// The HTTP status as a `StatusCode`.
    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

/// The kinds of problem the API answers, each a stable `code`, a
/// `type` (`/problems/{code}`) and a `title`. Every `match` on it is
/// exhaustive, so a new kind cannot fall through to a default; the
/// Problem schema of `openapi.yaml` lists them all (`tests/it/openapi.rs`
/// iterates [`ErrorCode::ALL`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// `unknown_currency`: A currency code that is malformed or not known.
    UnknownCurrency,
    /// `invalid_amount`: An amount that is not a plain decimal.
    InvalidAmount,
    /// `invalid_rounding`: A rounding mode that does not exist.
    InvalidRounding,
    /// `invalid_date`: A date that is not `YYYY-MM-DD`.
    InvalidDate,
    /// `unknown_source`: A source name kurs does not know.
    UnknownSource,
    /// `date_out_of_range`: A date before a history or in the future.
    DateOutOfRange,
    /// `rate_unavailable`: No source publishes the rate asked for.
    RateUnavailable,
    /// `overflow`: A result that needs more digits than are computed exactly.
    Overflow,
    /// `batch_too_large`: A batch with too many items.
    BatchTooLarge,
    /// `range_too_large`: A time series over too many days.
    RangeTooLarge,
    /// `invalid_parameter`: A query parameter missing, repeated or malformed.
    InvalidParameter,
    /// `invalid_body`: A request body that is not what the route reads.
    InvalidBody,
    /// `not_found`: A path no route serves.
    NotFound,
    /// `method_not_allowed`: A method the route does not answer.
    MethodNotAllowed,
    /// `not_acceptable`: An `Accept` that allows none of the route's formats.
    NotAcceptable,
    /// `uri_too_long`: A query string over the limit.
    UriTooLong,
    /// `body_too_large`: A request body over the limit.
    BodyTooLarge,
    /// `timeout`: No answer within the request timeout.
    Timeout,
    /// `request_timeout`: A request body that did not arrive in time.
    RequestTimeout,
    /// `not_ready`: No rates loaded yet.
    NotReady,
    /// `overloaded`: Heavy work refused while the server is busy with other.
    Overloaded,
    /// `internal`: A bug in kurs; the details are logged, not sent.
    Internal,
}

impl ErrorCode {
    /// Every kind.
    pub const ALL: [ErrorCode; 22] = [
        ErrorCode::UnknownCurrency,
        ErrorCode::InvalidAmount,
        ErrorCode::InvalidRounding,
        ErrorCode::InvalidDate,
        ErrorCode::UnknownSource,
        ErrorCode::DateOutOfRange,
        ErrorCode::RateUnavailable,
        ErrorCode::Overflow,
        ErrorCode::BatchTooLarge,
        ErrorCode::RangeTooLarge,
        ErrorCode::InvalidParameter,
        ErrorCode::InvalidBody,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::NotAcceptable,
        ErrorCode::UriTooLong,
        ErrorCode::BodyTooLarge,
        ErrorCode::Timeout,
        ErrorCode::RequestTimeout,
        ErrorCode::NotReady,
        ErrorCode::Overloaded,
        ErrorCode::Internal,
    ];

    /// The stable code clients match on, e.g. `unknown_currency`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::UnknownCurrency => "unknown_currency",
            ErrorCode::InvalidAmount => "invalid_amount",
            ErrorCode::InvalidRounding => "invalid_rounding",
            ErrorCode::InvalidDate => "invalid_date",
            ErrorCode::UnknownSource => "unknown_source",
            ErrorCode::DateOutOfRange => "date_out_of_range",
            ErrorCode::RateUnavailable => "rate_unavailable",
            ErrorCode::Overflow => "overflow",
            ErrorCode::BatchTooLarge => "batch_too_large",
            ErrorCode::RangeTooLarge => "range_too_large",
            ErrorCode::InvalidParameter => "invalid_parameter",
            ErrorCode::InvalidBody => "invalid_body",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::NotAcceptable => "not_acceptable",
            ErrorCode::UriTooLong => "uri_too_long",
            ErrorCode::BodyTooLarge => "body_too_large",
            ErrorCode::Timeout => "timeout",
            ErrorCode::RequestTimeout => "request_timeout",
            ErrorCode::NotReady => "not_ready",
            ErrorCode::Overloaded => "overloaded",
            ErrorCode::Internal => "internal",
        }
    }

    /// A short, fixed summary of the kind.
    pub fn title(self) -> &'static str {
        match self {
            ErrorCode::UnknownCurrency => "Unknown currency",
            ErrorCode::InvalidAmount => "Invalid amount",
            ErrorCode::InvalidRounding => "Invalid rounding mode",
            ErrorCode::InvalidDate => "Invalid date",
            ErrorCode::UnknownSource => "Unknown source",
            ErrorCode::DateOutOfRange => "Date out of range",
            ErrorCode::RateUnavailable => "Rate unavailable",
            ErrorCode::Overflow => "Beyond exact precision",
            ErrorCode::BatchTooLarge => "Batch too large",
            ErrorCode::RangeTooLarge => "Date range too large",
            ErrorCode::InvalidParameter => "Invalid parameter",
            ErrorCode::InvalidBody => "Invalid request body",
            ErrorCode::NotFound => "Not found",
            ErrorCode::MethodNotAllowed => "Method not allowed",
            ErrorCode::NotAcceptable => "Not acceptable",
            ErrorCode::UriTooLong => "Query too long",
            ErrorCode::BodyTooLarge => "Request body too large",
            ErrorCode::Timeout => "Request timed out",
            ErrorCode::RequestTimeout => "Request body not received in time",
            ErrorCode::NotReady => "Not ready",
            ErrorCode::Overloaded => "Overloaded",
            ErrorCode::Internal => "Internal error",
        }
    }

    /// The kind of a core error.
    pub fn of(e: &Error) -> Self {
        match e {
            Error::UnknownCurrency(_) => ErrorCode::UnknownCurrency,
            Error::InvalidAmount(_) => ErrorCode::InvalidAmount,
            Error::InvalidRounding(_) => ErrorCode::InvalidRounding,
            Error::Missing(_) => ErrorCode::InvalidParameter,
            Error::InvalidDate(_) => ErrorCode::InvalidDate,
            Error::UnknownSource(_) => ErrorCode::UnknownSource,
            Error::RangeTooLarge { .. } => ErrorCode::RangeTooLarge,
            Error::Overflow(_) => ErrorCode::Overflow,
            Error::FutureDate { .. }
            | Error::Lookup(_)
            | Error::NoSourceCovers { .. }
            | Error::ElsewhereOnly { .. } => match e.is_out_of_range() {
                true => ErrorCode::DateOutOfRange,
                false => ErrorCode::RateUnavailable,
            },
        }
    }

    /// The HTTP status of a core error of this kind: 404 when there is no
    /// rate to give, 422 beyond exact precision, otherwise 400.
    fn status_of_error(self) -> StatusCode {
        match self {
            ErrorCode::DateOutOfRange | ErrorCode::RateUnavailable => StatusCode::NOT_FOUND,
            ErrorCode::Overflow => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::BAD_REQUEST,
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<Error> for Problem {
    fn from(e: Error) -> Self {
        if let Error::Missing(name) = e {
            return Self::invalid_parameter(format!(
                "the query parameter '{name}' is required, e.g. {name}={}",
                example(name)
            ));
        }
        let code = ErrorCode::of(&e);
        Problem::new(code.status_of_error(), code, words::error(&e))
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

/// An example value of a required query parameter, for the problem that
/// says it is missing.
fn example(name: &str) -> &'static str {
    match name {
        "from" => "USD",
        "to" => "RUB",
        "start" => "2011-11-14",
        "end" => "2011-11-18",
        _ => "...",
    }
}
