//! What a Frankfurter request asks, read the way Frankfurter reads it: the
//! route by the shape of its one path segment, the last value of each
//! parameter, `from`/`base` and `to`/`symbols` as aliases. Amounts, dates
//! and lists are read by [`crate::request`]; what differs from the native
//! API is kept here, explicit: a code is upper-cased and looked up in the
//! ECB's history (an unknown one is `not found`), an amount must be
//! positive, and every failure is one of Frankfurter's few messages.

use axum::extract::Query;
use chrono::NaiveDate;
use kurs_rates::{CurrencyCode, History};
use rust_decimal::Decimal;

use super::failure::Failure;
use super::num::Num;
use super::SOURCE;
use crate::request::{self, DEFAULT_BASE};
use crate::{Amount, Book};

/// What the one path segment after `/frankfurter/` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Spec<'a> {
    Latest,
    Currencies,
    Date(&'a str),
    Range(&'a str, Option<&'a str>),
}

impl<'a> Spec<'a> {
    /// Frankfurter's routes: `latest` (or `current`), `currencies`,
    /// `YYYY-MM-DD`, `YYYY-MM-DD..` and `YYYY-MM-DD..YYYY-MM-DD`, matched by
    /// shape; `None` for anything else.
    pub(super) fn parse(segment: &'a str) -> Option<Self> {
        match segment {
            "latest" | "current" => return Some(Spec::Latest),
            "currencies" => return Some(Spec::Currencies),
            _ => {}
        }
        if date_shaped(segment) {
            return Some(Spec::Date(segment));
        }
        let (start, end) = segment.split_once("..")?;
        match (date_shaped(start), end) {
            (true, "") => Some(Spec::Range(start, None)),
            (true, end) if date_shaped(end) => Some(Spec::Range(start, Some(end))),
            _ => None,
        }
    }
}

/// `\d{4}-\d{2}-\d{2}`, as Frankfurter's route patterns have it: the
/// shape [`request::parse_date`] reads.
fn date_shaped(s: &str) -> bool {
    request::date_shaped(s)
}

/// A date-shaped string that is a calendar date, or `invalid date`.
pub(super) fn calendar_date(s: &str) -> Result<NaiveDate, Failure> {
    // Frankfurter's one message for any date that is not a calendar date.
    request::parse_date(s).map_err(|_| Failure::InvalidDate)
}

/// The query parameters, as Frankfurter reads them.
#[derive(Debug, Default)]
pub(super) struct Params {
    pub(super) amount: Option<String>,
    pub(super) from: Option<String>,
    pub(super) base: Option<String>,
    pub(super) to: Option<String>,
    pub(super) symbols: Option<String>,
}

impl Params {
    /// The last value of each known parameter wins (as in Rack); others are
    /// ignored.
    pub(super) fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut p = Params::default();
        for (key, value) in pairs {
            let slot = match key.as_str() {
                "amount" => &mut p.amount,
                "from" => &mut p.from,
                "base" => &mut p.base,
                "to" => &mut p.to,
                "symbols" => &mut p.symbols,
                _ => continue,
            };
            *slot = Some(value);
        }
        p
    }
}

/// A parsed request for rates.
#[derive(Debug, Clone)]
pub(super) struct Request {
    /// The amount, exact.
    pub(super) amount: Decimal,
    /// The amount as Frankfurter echoes it (a float).
    pub(super) amount_json: Num,
    /// The base currency.
    pub(super) base: CurrencyCode,
    /// The currencies asked for, `None` for all.
    pub(super) symbols: Option<Vec<CurrencyCode>>,
}

impl Request {
    /// The amount (checked first, as Frankfurter does: then the dates, the
    /// pair, and whether the currencies exist), exact and as echoed.
    pub(super) fn amount(p: &Params) -> Result<(Decimal, Num), Failure> {
        let Some(text) = &p.amount else {
            return Ok((Decimal::ONE, Num::float(1.0)));
        };
        let amount = text
            .parse::<Amount>()
            .map_err(|_| Failure::InvalidAmount)?
            .value();
        if amount <= Decimal::ZERO {
            return Err(Failure::InvalidAmount);
        }
        let float = amount
            .to_string()
            .parse::<f64>()
            .map_err(|_| Failure::InvalidAmount)?;
        Ok((amount, Num::float(float)))
    }

    /// The currencies, once the amount and dates are known to be valid.
    pub(super) fn currencies(
        p: &Params,
        (amount, amount_json): (Decimal, Num),
        book: &Book,
    ) -> Result<Self, Failure> {
        let base = p.from.as_deref().or(p.base.as_deref()).map_or_else(
            || DEFAULT_BASE.to_owned(),
            |b| b.trim().to_ascii_uppercase(),
        );
        let symbols: Option<Vec<String>> = p.to.as_deref().or(p.symbols.as_deref()).map(|s| {
            // Unlike the native API, a code is upper-cased here and looked up
            // in the ECB's history below, not in kurs's registry.
            request::list_items(s)
                .map(|c| c.trim().to_ascii_uppercase())
                .collect()
        });
        if symbols.as_deref() == Some(std::slice::from_ref(&base)) {
            return Err(Failure::BadPair);
        }
        let history = ecb(book)?;
        let base = ecb_code(history, &base)?;
        let symbols = symbols
            .map(|list| list.iter().map(|c| ecb_code(history, c)).collect())
            .transpose()?;
        Ok(Request {
            amount,
            amount_json,
            base,
            symbols,
        })
    }
}

/// The ECB history of `book`.
pub(super) fn ecb(book: &Book) -> Result<&History, Failure> {
    book.history(SOURCE)
        .filter(|h| !h.is_empty())
        .ok_or(Failure::NotFound)
}

/// A code the ECB has published at some time (or its base, EUR).
pub(super) fn ecb_code(history: &History, code: &str) -> Result<CurrencyCode, Failure> {
    let code: CurrencyCode = code.parse().map_err(|_| Failure::NotFound)?;
    match history.coverage().contains_key(&code) {
        true => Ok(code),
        false => Err(Failure::NotFound),
    }
}

/// Reads a Frankfurter path segment and query string (without the `?`) the
/// way the endpoint does before it looks at any rates: the route, the
/// parameters, the amount and the dates. `true` when all of them pass; for
/// the fuzz targets in `fuzz/`, not a stable API.
#[doc(hidden)]
pub fn parse_frankfurter_request(segment: &str, query: &str) -> bool {
    let Some(spec) = Spec::parse(segment) else {
        return false;
    };
    let Ok(uri) = format!("/?{query}").parse::<axum::http::Uri>() else {
        return false;
    };
    let Ok(Query(pairs)) = Query::<Vec<(String, String)>>::try_from_uri(&uri) else {
        return false;
    };
    let params = Params::from_pairs(pairs);
    let dates: Vec<&str> = match spec {
        Spec::Date(date) => vec![date],
        Spec::Range(start, end) => std::iter::once(start).chain(end).collect(),
        Spec::Latest | Spec::Currencies => Vec::new(),
    };
    Request::amount(&params).is_ok() && dates.into_iter().all(|d| calendar_date(d).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_matched_by_shape() {
        assert_eq!(Spec::parse("latest"), Some(Spec::Latest));
        assert_eq!(Spec::parse("2011-11-18"), Some(Spec::Date("2011-11-18")));
        assert_eq!(Spec::parse("2011-13-45"), Some(Spec::Date("2011-13-45")));
        assert_eq!(
            Spec::parse("2011-11-14.."),
            Some(Spec::Range("2011-11-14", None))
        );
        assert_eq!(
            Spec::parse("2011-11-14..2011-11-19"),
            Some(Spec::Range("2011-11-14", Some("2011-11-19")))
        );
        for other in [
            "2011-1-18",
            "2011-11-18x",
            "..2011-11-18",
            "2011-11-14..x",
            "foo",
        ] {
            assert_eq!(Spec::parse(other), None, "{other}");
        }
    }
}
