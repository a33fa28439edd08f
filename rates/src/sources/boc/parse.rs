//! Parser for the Bank of Canada's Valet answer for the group
//! `FX_RATES_DAILY`.
//!
//! ```text
//! { "terms": {...}, "groupDetail": {...}, "seriesDetail": {...},
//!   "observations": [
//!     { "d": "2026-03-12", "FXAUDCAD": { "v": "0.9661" }, "FXUSDCAD": { "v": "1.3617" }, ... },
//!     ...
//!   ] }
//! ```
//!
//! Each observation is one business day: its date `d`, and for each series
//! `FX<code>CAD` the price `v` of one unit of `<code>` in Canadian dollars,
//! as a decimal string. A series the Bank no longer publishes is simply
//! absent from the day's observation (MYR, THB and VND in 2026).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::ID;
use crate::{CurrencyCode, ParseError, Quote, Table};

const FORMAT: &str = "Bank of Canada Valet JSON";
const CAD: CurrencyCode = CurrencyCode::new_static("CAD");

/// The part of the answer that is read; `terms`, `groupDetail` and
/// `seriesDetail` are ignored.
#[derive(Deserialize)]
struct Answer {
    observations: Vec<Map<String, Value>>,
}

/// Parses a Valet answer for `FX_RATES_DAILY` (UTF-8 JSON) into one table
/// per observation, in date order.
///
/// Every series becomes a quote of one unit for `v` Canadian dollars, kept
/// exactly as written. All or nothing: a key that is not a series of the
/// group, a value that is not a positive decimal string, a repeated date or
/// an answer without observations (Valet's error answers have none) make
/// the whole body an error.
pub(crate) fn parse_boc_json(body: &[u8]) -> Result<Vec<Table>, ParseError> {
    let answer: Answer = serde_json::from_slice(body).map_err(|e| json_error(body, &e))?;
    if answer.observations.is_empty() {
        return Err(ParseError::whole(
            FORMAT,
            "expected at least one observation, found none (a range without business days?)",
        ));
    }
    let mut tables = answer
        .observations
        .iter()
        .map(observation)
        .collect::<Result<Vec<_>, _>>()?;
    tables.sort_by_key(Table::date);
    if let Some(pair) = tables.windows(2).find(|p| p[0].date() == p[1].date()) {
        let message = format!("the date {} has two observations", pair[0].date());
        return Err(ParseError::whole(FORMAT, message));
    }
    Ok(tables)
}

/// Reports a body that is not a Valet answer, at serde_json's line.
fn json_error(body: &[u8], e: &serde_json::Error) -> ParseError {
    let start = String::from_utf8_lossy(body.get(..40).unwrap_or(body)).into_owned();
    if !start.trim_start().starts_with('{') {
        return ParseError::at(
            FORMAT,
            1,
            format!(
                "expected a JSON object, found {}",
                quoted(start.trim_start())
            ),
        );
    }
    let text = e.to_string();
    let what = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(what, _)| what);
    let message = format!(
        "expected a Valet answer with observations: {what} (column {})",
        e.column()
    );
    ParseError::at(FORMAT, e.line().max(1), message)
}

/// One observation: the date and every series of that day.
fn observation(raw: &Map<String, Value>) -> Result<Table, ParseError> {
    let date = match raw.get("d") {
        Some(Value::String(d)) => NaiveDate::parse_from_str(d, "%Y-%m-%d").ok(),
        _ => None,
    };
    let Some(date) = date else {
        let found = raw
            .get("d")
            .map_or("nothing".to_owned(), |d| quoted(&d.to_string()));
        let message =
            format!("expected an observation date \"d\" such as \"2026-03-12\", found {found}");
        return Err(ParseError::whole(FORMAT, message));
    };
    let fail = |message: String| ParseError::whole(FORMAT, format!("{date}: {message}"));
    let mut quotes = Vec::with_capacity(raw.len());
    for (key, value) in raw.iter().filter(|(k, _)| *k != "d") {
        let code = series_code(key).ok_or_else(|| {
            fail(format!(
                "expected series such as FXUSDCAD, found {}",
                quoted(key)
            ))
        })?;
        let rate = value_of(value).ok_or_else(|| {
            fail(format!(
                "expected {{\"v\": \"1.3617\"}} for {key}, found {}",
                quoted(&value.to_string())
            ))
        })?;
        quotes.push((code, Quote::priced_in_base(Decimal::ONE, rate)));
    }
    if quotes.is_empty() {
        return Err(fail("expected at least one series, found none".to_owned()));
    }
    Table::new(ID, date, CAD, quotes).map_err(|e| fail(e.to_string()))
}

/// The currency of a series name `FX<code>CAD`.
fn series_code(key: &str) -> Option<CurrencyCode> {
    let code = key.strip_prefix("FX")?.strip_suffix("CAD")?;
    let upper = code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase());
    upper.then(|| code.parse().ok()).flatten()
}

/// The value of `{"v": "0.9661"}`: a positive decimal, kept at its scale.
fn value_of(value: &Value) -> Option<Decimal> {
    let Value::Object(fields) = value else {
        return None;
    };
    let Some(Value::String(text)) = fields.get("v") else {
        return None;
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit());
    let well_formed = match text.split_once('.') {
        Some((int, frac)) => digits(int) && digits(frac),
        None => digits(text),
    };
    let rate = well_formed
        .then(|| Decimal::from_str_exact(text).ok())
        .flatten()?;
    (rate > Decimal::ZERO).then_some(rate)
}

/// A few words of `text` in quotes, for "found ..." in a message.
fn quoted(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("'{}...'", &text[..cut]),
        None => format!("'{text}'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing::date;

    const MARCH_2026: &[u8] = include_bytes!("fixtures/frankfurter_fx_rates_daily_2026-03-12.json");

    /// (units, value) of `code` as text.
    fn published(t: &Table, code: &str) -> (String, String) {
        let q = t.quote(code.parse().unwrap()).unwrap();
        (q.units.to_string(), q.value.to_string())
    }

    fn pair(units: &str, value: &str) -> (String, String) {
        (units.into(), value.into())
    }

    /// The error for the fixture with `from` replaced by `to` (once).
    fn error_with(from: &str, to: &str) -> String {
        let text = std::str::from_utf8(MARCH_2026).unwrap();
        assert!(text.contains(from), "{from}");
        parse_boc_json(text.replacen(from, to, 1).as_bytes())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn the_recorded_answer_gives_five_days_of_23_currencies_as_written() {
        let tables = parse_boc_json(MARCH_2026).unwrap();
        let dates: Vec<NaiveDate> = tables.iter().map(Table::date).collect();
        assert_eq!(
            dates,
            [12, 13, 16, 17, 18].map(|d| date(2026, 3, d)).to_vec()
        );
        for t in &tables {
            assert_eq!((t.source(), t.base(), t.len()), (ID, CAD, 23));
        }
        let first = &tables[0];
        assert_eq!(published(first, "USD"), pair("1", "1.3617"));
        assert_eq!(published(first, "EUR"), pair("1", "1.5693"));
        assert_eq!(published(first, "JPY"), pair("1", "0.008550"));
        assert_eq!(published(first, "IDR"), pair("1", "0.000081"));
        let last = &tables[4];
        assert_eq!(published(last, "USD"), pair("1", "1.3706"));
        assert_eq!(published(last, "GBP"), pair("1", "1.8258"));
        for gone in ["MYR", "THB", "VND"] {
            assert!(!last.covers(gone.parse().unwrap()), "{gone}");
        }
    }

    #[test]
    fn every_currency_of_the_answer_is_in_the_catalogue() {
        let catalogue = ID.catalogue().unwrap();
        for t in parse_boc_json(MARCH_2026).unwrap() {
            for (code, _) in t.quotes() {
                assert!(catalogue.contains(code), "{code}");
            }
        }
        let text = std::str::from_utf8(MARCH_2026).unwrap();
        let listed = text.matches("\"label\": \"").count() - 1; // the group's own label
        assert_eq!(listed, catalogue.len());
    }

    #[test]
    fn bad_series_and_values_are_refused_with_the_date() {
        let cases = [
            (
                "\"FXUSDCAD\": {\n                \"v\": \"1.3617\"",
                "\"FXUSDCAD\": {\n                \"v\": 1.3617",
                "2026-03-12: expected {\"v\": \"1.3617\"} for FXUSDCAD",
            ),
            (
                "\"v\": \"1.3617\"",
                "\"v\": \"-1.3617\"",
                "found '{\"v\":\"-1.3617\"}'",
            ),
            ("\"v\": \"1.3617\"", "\"v\": \"0.0000\"", "for FXUSDCAD"),
            ("\"v\": \"1.3617\"", "\"v\": \"1,3617\"", "for FXUSDCAD"),
            ("\"v\": \"1.3617\"", "\"v\": \"\"", "for FXUSDCAD"),
            ("\"v\": \"1.3617\"", "\"x\": \"1.3617\"", "for FXUSDCAD"),
            (
                "\"FXUSDCAD\": {\n                \"v\"",
                "\"AVG.INTWO\": {\n                \"v\"",
                "series such as FXUSDCAD, found 'AVG.INTWO'",
            ),
            (
                "\"FXUSDCAD\": {\n                \"v\"",
                "\"FXusdCAD\": {\n                \"v\"",
                "found 'FXusdCAD'",
            ),
            (
                "\"d\": \"2026-03-12\"",
                "\"d\": \"2026-02-30\"",
                "found '\"2026-02-30\"'",
            ),
            (
                "\"d\": \"2026-03-12\"",
                "\"d\": \"2026-03-13\"",
                "the date 2026-03-13 has two observations",
            ),
            (
                "\"d\": \"2026-03-12\"",
                "\"date\": \"2026-03-12\"",
                "expected an observation date",
            ),
        ];
        for (from, to, expected) in cases {
            let err = error_with(from, to);
            assert!(err.contains(expected), "{to}: {err}");
        }
    }

    #[test]
    fn empty_truncated_and_foreign_bodies_are_refused() {
        let cases: [(&[u8], &str); 5] = [
            (b"", "expected a JSON object"),
            (b"{\"observations\": []}", "found none"),
            (
                b"{\"message\": \"Series FXXXXCAD not found.\", \"docs\": \"https://www.bankofcanada.ca/valet/docs\"}",
                "missing field `observations`",
            ),
            (b"<html><body>502 Bad Gateway</body></html>", "found '<html>"),
            (b"{\"observations\": [{\"d\": \"2026-03-12\"}]}", "at least one series"),
        ];
        for (body, expected) in cases {
            let err = parse_boc_json(body).unwrap_err().to_string();
            assert!(err.contains(expected), "{err}");
        }
        let cut = parse_boc_json(&MARCH_2026[..MARCH_2026.len() - 40]).unwrap_err();
        assert!(cut.message.contains("EOF while parsing"), "{cut}");
        let half = parse_boc_json(&MARCH_2026[..MARCH_2026.len() / 2]).unwrap_err();
        assert!(half.line.is_some(), "{half}");
    }
}
