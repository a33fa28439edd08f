//! Parser for the National Bank of Georgia's JSON rates.
//!
//! `/gw/api/ct/monetarypolicy/currencies/?date=2026-03-02` answers with a
//! JSON array holding the table in force on that date:
//!
//! ```text
//! [{"date":"2026-02-28T00:00:00.000Z","currencies":[
//!   {"code":"AMD","quantity":1000,"rateFormated":"7.0960","rate":7.0960,
//!    "name":"სომხური დრამი","diff":0.0083,"date":"2026-02-27T17:01:00.093Z",
//!    "validFromDate":"2026-02-28T00:00:00.000Z"}, ...]}]
//! ```
//!
//! Each currency says that `quantity` units of `code` cost `rate` lari from
//! `validFromDate`, the table's `date`; its own `date` is when the NBG set
//! it (at 17:00 the day before). The rate is read from the JSON text of
//! the number, never through a binary float, and checked against
//! `rateFormated`, the same figure as a string. Both `rateFormated` and
//! `validFromDate` are optional: rows of older tables lack the latter.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::ID;
use crate::sources::text::{positive_decimal, upper_code};
use crate::{CurrencyCode, ParseError, Quote, Table};

const FORMAT: &str = "NBG JSON";
const GEL: CurrencyCode = CurrencyCode::new_static("GEL");
/// What follows the day in the NBG's dates of tables: local midnight.
const MIDNIGHT: &str = "T00:00:00.000Z";

/// One table as published.
#[derive(Deserialize)]
struct RawTable<'a> {
    date: String,
    #[serde(borrow)]
    currencies: Vec<RawCurrency<'a>>,
}

/// One currency of a table; `name`, `diff` and the time it was set are
/// not read.
#[derive(Deserialize)]
struct RawCurrency<'a> {
    code: String,
    #[serde(borrow)]
    quantity: &'a RawValue,
    #[serde(borrow)]
    rate: &'a RawValue,
    #[serde(rename = "rateFormated", default)]
    rate_formatted: Option<String>,
    #[serde(rename = "validFromDate", default)]
    valid_from: Option<String>,
}

/// Parses a body of `/gw/api/ct/monetarypolicy/currencies/` (UTF-8 JSON).
///
/// Every table of the array becomes a [`Table`] based on GEL, dated by its
/// `date`, quoting `quantity` units of each currency for `rate` lari,
/// exactly as written. All or nothing: a currency whose `validFromDate` is
/// not the table's date, or whose `rateFormated` differs from its `rate`,
/// makes the body an error, as does an empty array or table. Codes are not
/// checked against ISO 4217 (as for the Bank of Russia and the CNB): one
/// that is not three upper-case letters makes the body an error.
pub fn parse_nbg_json(body: &[u8]) -> Result<Vec<Table>, ParseError> {
    let text = std::str::from_utf8(body).map_err(|e| {
        let line = body[..e.valid_up_to()].split(|&b| b == b'\n').count();
        ParseError::at(FORMAT, line, "expected UTF-8 text, found other bytes")
    })?;
    let raw: Vec<RawTable> = serde_json::from_str(text).map_err(|e| json_error(text, &e))?;
    if raw.is_empty() {
        let message = "expected at least one table, found an empty array";
        return Err(ParseError::whole(FORMAT, message));
    }
    raw.iter().map(to_table).collect()
}

/// Reports malformed JSON (a truncated body among it) at serde_json's line.
fn json_error(text: &str, e: &serde_json::Error) -> ParseError {
    let start = text.trim_start();
    if !start.starts_with('[') {
        let message = format!("expected a JSON array of tables, found {}", quoted(start));
        return ParseError::at(FORMAT, 1, message);
    }
    let what = e.to_string();
    let what = what
        .rsplit_once(" at line ")
        .map_or(what.as_str(), |(w, _)| w);
    let message = format!("expected well-formed JSON: {what} (column {})", e.column());
    ParseError::at(FORMAT, e.line().max(1), message)
}

/// An error about the table dated `date` (as published).
fn table_error(date: &str, message: impl std::fmt::Display) -> ParseError {
    ParseError::whole(FORMAT, format!("table {}: {message}", quoted(date)))
}

/// Checks one published table and builds it.
fn to_table(raw: &RawTable) -> Result<Table, ParseError> {
    let date = parse_date(&raw.date).ok_or_else(|| {
        let message = format!("expected a date such as 2026-02-28{MIDNIGHT}");
        table_error(&raw.date, message)
    })?;
    if raw.currencies.is_empty() {
        return Err(table_error(&raw.date, "expected currencies, found none"));
    }
    let quotes = raw
        .currencies
        .iter()
        .map(|c| to_quote(raw, date, c))
        .collect::<Result<Vec<_>, _>>()?;
    Table::new(ID, date, GEL, quotes).map_err(|e| table_error(&raw.date, e))
}

/// Checks one currency of the table `raw`, dated `date`.
fn to_quote(
    raw: &RawTable,
    date: NaiveDate,
    c: &RawCurrency,
) -> Result<(CurrencyCode, Quote), ParseError> {
    let fail = |message: String| table_error(&raw.date, message);
    let code = upper_code(&c.code).ok_or_else(|| {
        let found = quoted(&c.code);
        fail(format!("expected a code such as USD, found {found}"))
    })?;
    let quantity = parse_quantity(c.quantity.get()).ok_or_else(|| {
        let found = quoted(c.quantity.get());
        fail(format!(
            "expected a whole quantity such as 100 for {code}, found {found}"
        ))
    })?;
    let rate = parse_rate(c.rate.get()).ok_or_else(|| {
        let found = quoted(c.rate.get());
        fail(format!(
            "expected a positive rate such as 2.6759 for {code}, found {found}"
        ))
    })?;
    if let Some(text) = &c.rate_formatted {
        if parse_rate(text) != Some(rate) {
            let found = quoted(text);
            return Err(fail(format!(
                "the rate of {code} is {rate} but its rateFormated is {found}"
            )));
        }
    }
    if let Some(valid) = &c.valid_from {
        if parse_date(valid) != Some(date) {
            let found = quoted(valid);
            return Err(fail(format!(
                "{code} is valid from {found}, not from the table's date"
            )));
        }
    }
    Ok((code, Quote::priced_in_base(quantity, rate)))
}

/// `2026-02-28T00:00:00.000Z`: a day at local midnight.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let day = text.strip_suffix(MIDNIGHT)?;
    (day.len() == 10).then(|| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())?
}

/// A positive whole number, such as `1000`, as JSON writes it.
fn parse_quantity(text: &str) -> Option<Decimal> {
    let digits = !text.is_empty() && text.len() <= 9 && text.bytes().all(|b| b.is_ascii_digit());
    let quantity = digits.then(|| Decimal::from_str_exact(text).ok())??;
    (quantity > Decimal::ZERO).then_some(quantity)
}

/// A positive decimal such as `7.0960`, kept at its published scale (plain
/// notation only: the NBG writes no exponents).
fn parse_rate(text: &str) -> Option<Decimal> {
    positive_decimal(text, '.', 12)
}

/// A few words of `text` in quotes, for "found ..." in a message (errors
/// end up in public status fields, so they never quote more).
fn quoted(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("'{}...'", &text[..cut]),
        None => format!("'{text}'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing::{date, published, triple};

    const MARCH_2: &[u8] = include_bytes!("fixtures/frankfurter_currencies_2026-03-02.json");
    const MARCH_3: &[u8] = include_bytes!("fixtures/frankfurter_currencies_2026-03-03.json");

    fn one(body: &[u8]) -> Table {
        let mut tables = parse_nbg_json(body).unwrap();
        assert_eq!(tables.len(), 1);
        tables.remove(0)
    }

    /// The error for `MARCH_3` with `from` replaced by `to`.
    fn error_with(from: &str, to: &str) -> String {
        let text = std::str::from_utf8(MARCH_3).unwrap();
        assert!(text.contains(from), "{from}");
        parse_nbg_json(text.replacen(from, to, 1).as_bytes())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn asked_for_monday_the_nbg_answers_with_the_table_valid_from_saturday() {
        let t = one(MARCH_2);
        assert_eq!(
            (t.source(), t.base(), t.date()),
            (ID, GEL, date(2026, 2, 28))
        );
        assert_eq!(t.len(), 42);
        assert_eq!(published(&t, "USD"), triple("1", "2.6759", "2.6759"));
        assert_eq!(published(&t, "EUR"), triple("1", "3.1581", "3.1581"));
        assert_eq!(published(&t, "AMD"), triple("1000", "7.0960", "0.007096"));
        assert_eq!(
            published(&t, "IRR"),
            triple("10000", "0.0204", "0.00000204")
        );
        assert_eq!(published(&t, "RUB"), triple("100", "3.4619", "0.034619"));
        assert_eq!(published(&t, "UZS"), triple("1000", "0.2200", "0.00022"));
    }

    #[test]
    fn the_third_of_march_keeps_every_quantity_as_published() {
        let t = one(MARCH_3);
        assert_eq!(t.date(), date(2026, 3, 3));
        assert_eq!(t.len(), 42);
        assert_eq!(published(&t, "USD"), triple("1", "2.6922", "2.6922"));
        assert_eq!(published(&t, "KZT"), triple("100", "0.5381", "0.005381"));
        assert_eq!(published(&t, "TMT"), triple("10", "7.6920", "0.7692"));
        let count = |n: u32| {
            t.quotes()
                .iter()
                .filter(|(_, q)| q.units == Decimal::from(n))
                .count()
        };
        assert_eq!(
            (count(1), count(10), count(100), count(1000), count(10000)),
            (13, 17, 8, 3, 1)
        );
    }

    #[test]
    fn rows_without_valid_from_date_or_rate_formated_are_read_alike() {
        let text = std::str::from_utf8(MARCH_3).unwrap();
        let bare = text
            .replace(r#","validFromDate":"2026-03-03T00:00:00.000Z""#, "")
            .replace(r#""rateFormated":"#, r#""formatted":"#);
        assert!(!bare.contains("validFromDate") && !bare.contains("rateFormated"));
        assert_eq!(parse_nbg_json(bare.as_bytes()), parse_nbg_json(MARCH_3));
    }

    #[test]
    fn every_recorded_code_is_in_the_catalogue() {
        let catalogue = ID.catalogue().unwrap();
        for body in [MARCH_2, MARCH_3] {
            for (code, _) in one(body).quotes() {
                assert!(catalogue.contains(code), "{code}");
            }
        }
    }

    #[test]
    fn bad_currencies_are_refused_naming_the_table() {
        let usd = r#""code":"USD","quantity":1,"rateFormated":"2.6922","diffFormated":"0.0163","rate":2.6922"#;
        let cases = [
            (
                usd.to_owned(),
                usd.replace("\"USD\"", "\"usd\""),
                "expected a code such as USD, found 'usd'",
            ),
            (
                usd.to_owned(),
                usd.replace("\"quantity\":1", "\"quantity\":0"),
                "quantity such as 100 for USD, found '0'",
            ),
            (
                usd.to_owned(),
                usd.replace("\"quantity\":1", "\"quantity\":\"1\""),
                "found '\"1\"'",
            ),
            (
                usd.to_owned(),
                usd.replace("\"rate\":2.6922", "\"rate\":-2.6922"),
                "rate such as 2.6759 for USD, found '-2.6922'",
            ),
            (
                usd.to_owned(),
                usd.replace("\"rate\":2.6922", "\"rate\":2.6922e0"),
                "found '2.6922e0'",
            ),
            (
                usd.to_owned(),
                usd.replace("\"rate\":2.6922", "\"rate\":2.6932"),
                "the rate of USD is 2.6932 but its rateFormated is '2.6922'",
            ),
            (
                r#""code":"AED""#.to_owned(),
                r#""code":"USD""#.to_owned(),
                "USD is quoted twice",
            ),
            (
                r#""code":"AED""#.to_owned(),
                r#""code":"GEL""#.to_owned(),
                "quotes its own base GEL",
            ),
        ];
        for (from, to, expected) in cases {
            let err = error_with(&from, &to);
            assert!(
                err.contains("table '2026-03-03T00:00:00.000Z'"),
                "{to}: {err}"
            );
            assert!(err.contains(expected), "{to}: {err}");
        }
        let valid = r#""validFromDate":"2026-03-03T00:00:00.000Z""#;
        let err = error_with(valid, &valid.replace("03T", "04T"));
        assert!(
            err.contains("AED is valid from '2026-03-04T00:00:00.000Z'"),
            "{err}"
        );
        let err = error_with(
            r#"[{"date":"2026-03-03T00:00:00.000Z""#,
            r#"[{"date":"2026-03-03T20:00:00.000Z""#,
        );
        assert!(
            err.contains("expected a date such as 2026-02-28T00:00:00.000Z"),
            "{err}"
        );
    }

    #[test]
    fn empty_truncated_and_foreign_bodies_are_refused() {
        let cases: [(&[u8], &str); 6] = [
            (b"[]", "found an empty array"),
            (
                br#"[{"date":"2026-03-03T00:00:00.000Z","currencies":[]}]"#,
                "expected currencies, found none",
            ),
            (b"", "expected a JSON array of tables, found ''"),
            (
                b"<html><body>502 Bad Gateway</body></html>",
                "found '<html>",
            ),
            (
                b"{\"message\":\"error\"}",
                "expected a JSON array of tables",
            ),
            (b"[{\"date\":\"\xe1\x83\"}]", "expected UTF-8 text"),
        ];
        for (body, expected) in cases {
            let err = parse_nbg_json(body).unwrap_err().to_string();
            assert!(err.contains(expected), "{err}");
        }
        for cut in [MARCH_3.len() - 1, MARCH_3.len() / 2, 1] {
            let err = parse_nbg_json(&MARCH_3[..cut]).unwrap_err().to_string();
            assert!(err.contains("expected"), "{cut}: {err}");
        }
    }
}
