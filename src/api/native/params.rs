//! The native API's query strings and batch items, as they arrive: strings
//! handed to [`crate::request`], which parses them. What is the API's own
//! here is only its syntax: how a query string is read, that a flag is
//! `true`/`false`/`1`/`0`, and how a problem words it.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::super::Problem;
use crate::request;

/// A query string read into `T`, refused as a problem (not axum's plain
/// text) when it cannot be: with every field optional, that is a parameter
/// given twice.
pub struct Params<T>(pub T);

impl<T: DeserializeOwned> Params<T> {
    /// Reads a query string (without the `?`).
    pub fn parse(query: Option<&str>) -> Result<T, Problem> {
        serde_urlencoded_query::<T>(query.unwrap_or_default()).map_err(|e| {
            Problem::invalid_parameter(format!("{e}: give each query parameter at most once"))
        })
    }
}

/// Reads a query string the way axum's `Query` does.
fn serde_urlencoded_query<T: DeserializeOwned>(query: &str) -> Result<T, String> {
    let uri: axum::http::Uri = format!("/?{query}").parse().map_err(|e| format!("{e}"))?;
    Query::<T>::try_from_uri(&uri)
        .map(|Query(t)| t)
        .map_err(|e| e.body_text())
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(t)) => Ok(Params(t)),
            Err(e) => Err(Problem::invalid_parameter(format!(
                "{}: give each query parameter at most once",
                e.body_text()
            ))),
        }
    }
}

/// The query of `GET /v1/convert`.
#[derive(Debug, Default, Deserialize)]
pub struct ConvertParams {
    from: Option<String>,
    to: Option<String>,
    amount: Option<String>,
    date: Option<String>,
    source: Option<String>,
    round: Option<String>,
}

impl ConvertParams {
    /// The raw parameters, for [`request::ConvertParams::parse`].
    pub fn raw(&self) -> request::ConvertParams<'_> {
        request::ConvertParams {
            from: self.from.as_deref(),
            to: self.to.as_deref(),
            amount: self.amount.as_deref(),
            date: self.date.as_deref(),
            source: self.source.as_deref(),
            round: self.round.as_deref(),
        }
    }
}

/// One item of a batch: like the query of `GET /v1/convert`; `amount` may
/// be a JSON string or a JSON number (read from its text, never as a float).
#[derive(Debug, Deserialize)]
pub struct BatchItem {
    from: Option<String>,
    to: Option<String>,
    amount: Option<Box<serde_json::value::RawValue>>,
    date: Option<String>,
    source: Option<String>,
    round: Option<String>,
}

impl BatchItem {
    /// The item as the query of `GET /v1/convert` would give it.
    pub fn params(&self) -> ConvertParams {
        let amount = self.amount.as_ref().map(|raw| {
            let text = raw.get();
            serde_json::from_str::<String>(text).unwrap_or_else(|_| text.to_owned())
        });
        ConvertParams {
            from: self.from.clone(),
            to: self.to.clone(),
            amount,
            date: self.date.clone(),
            source: self.source.clone(),
            round: self.round.clone(),
        }
    }
}

/// The query of `GET /v1/rates`.
#[derive(Debug, Default, Deserialize)]
pub struct RatesParams {
    base: Option<String>,
    symbols: Option<String>,
    date: Option<String>,
    source: Option<String>,
    change: Option<String>,
    invert: Option<String>,
}

impl RatesParams {
    /// The raw question, for [`request::RatesParams::parse`].
    pub fn raw(&self) -> request::RatesParams<'_> {
        request::RatesParams {
            base: self.base.as_deref(),
            symbols: self.symbols.as_deref(),
            date: self.date.as_deref(),
            source: self.source.as_deref(),
        }
    }

    /// `change=true`: add each rate's move since the previous table.
    pub fn change(&self) -> Result<bool, Problem> {
        flag(&self.change, "change")
    }

    /// `invert=true`: price each currency in the base.
    pub fn invert(&self) -> Result<bool, Problem> {
        flag(&self.invert, "invert")
    }
}

/// The query of `GET /v1/timeseries`.
#[derive(Debug, Default, Deserialize)]
pub struct TimeseriesParams {
    base: Option<String>,
    symbols: Option<String>,
    start: Option<String>,
    end: Option<String>,
    source: Option<String>,
}

impl TimeseriesParams {
    /// The raw question, for [`request::TimeseriesParams::parse`].
    pub fn raw(&self) -> request::TimeseriesParams<'_> {
        request::TimeseriesParams {
            base: self.base.as_deref(),
            symbols: self.symbols.as_deref(),
            start: self.start.as_deref(),
            end: self.end.as_deref(),
            source: self.source.as_deref(),
        }
    }
}

/// The query of `GET /v1/currencies`.
#[derive(Debug, Default, Deserialize)]
pub struct CurrenciesParams {
    all: Option<String>,
}

impl CurrenciesParams {
    /// `all=true`: also currencies no source covers.
    pub fn all(&self) -> Result<bool, Problem> {
        flag(&self.all, "all")
    }
}

/// A flag in URL syntax: absent, `false` or `0` is off; `true`, `1` or
/// empty (`?change`) is on.
fn flag(value: &Option<String>, name: &str) -> Result<bool, Problem> {
    match value.as_deref().map(str::trim) {
        None | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") | Some("") => Ok(true),
        Some(other) => Err(Problem::invalid_parameter(format!(
            "'{name}={other}': expected true or false"
        ))),
    }
}
