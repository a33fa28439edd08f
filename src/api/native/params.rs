//! The native API's query strings and batch items, as they arrive: strings
//! handed to [`crate::request`], which parses them. What is the API's own
//! here is only its syntax: how a query string is read, that a flag is
//! `true`/`false`/`1`/`0`, and how a problem words it.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use std::borrow::Cow;

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

/// Reads a query string as axum's `Query` does (the same decoder, the
/// same words), without building a `Uri` around it or tracking the path
/// of each field: every field is a top-level string, so the path would
/// always be empty, and the two cost more than the rest of a conversion.
fn serde_urlencoded_query<T: DeserializeOwned>(query: &str) -> Result<T, String> {
    serde_urlencoded::from_str(query)
        .map_err(|e| format!("Failed to deserialize query string: {e}"))
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Problem> {
        Self::parse(parts.uri.query()).map(Params)
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
    /// The item's amount as text: a JSON string's contents, or a JSON
    /// number's digits as written.
    pub fn amount(&self) -> Option<Cow<'_, str>> {
        self.amount.as_ref().map(|raw| {
            let text = raw.get();
            match serde_json::from_str::<&str>(text) {
                Ok(plain) => Cow::Borrowed(plain),
                Err(_) => {
                    serde_json::from_str::<String>(text).map_or(Cow::Borrowed(text), Cow::Owned)
                }
            }
        })
    }

    /// The item as the query of `GET /v1/convert` would give it, with
    /// `amount` from [`BatchItem::amount`].
    pub fn raw<'a>(&'a self, amount: Option<&'a str>) -> request::ConvertParams<'a> {
        request::ConvertParams {
            from: self.from.as_deref(),
            to: self.to.as_deref(),
            amount,
            date: self.date.as_deref(),
            source: self.source.as_deref(),
            round: self.round.as_deref(),
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

#[cfg(test)]
mod tests {
    use axum::extract::Query;

    use super::*;

    /// The query reader gives what axum's `Query` extractor gives, fields
    /// and refusals alike.
    #[test]
    fn queries_read_as_axum_reads_them() {
        for query in [
            "",
            "from=USD&to=JPY&amount=100",
            "from=usd&to=jpy&amount=1%2C000.50&date=2011-11-18&source=ecb&round=2",
            "from=US%FF&to=%E2%82%AC&amount=1+000",
            "from=USD&from=EUR&to=JPY",
            "to=JPY&amount=1&amount=2",
            "&&from&to=&=x&unknown=1&unknown=2",
            "from=a=b&to=%zz&amount=%",
        ] {
            let ours = serde_urlencoded_query::<ConvertParams>(query).map(|p| format!("{p:?}"));
            let uri: axum::http::Uri = format!("/?{query}").parse().unwrap();
            let axum = Query::<ConvertParams>::try_from_uri(&uri)
                .map(|Query(p)| format!("{p:?}"))
                .map_err(|e| e.body_text());
            assert_eq!(ours, axum, "{query}");
        }
    }
}
