//! Parser for the Central Bank of Uzbekistan's JSON archive.
//!
//! `/en/arkhiv-kursov-valyut/json/all/2026-04-01/` (and the newest rates,
//! `/en/arkhiv-kursov-valyut/json/`) answer with a JSON array of rows, one
//! per currency, every field a string:
//!
//! ```text
//! [{"id":69,"Code":"840","Ccy":"USD","CcyNm_EN":"US Dollar","Nominal":"1",
//!   "Rate":"12194.21","Diff":"-16.5","Date":"01.04.2026"}, ...]
//! ```
//!
//! Each row says that `Nominal` units of `Ccy` cost `Rate` sums (IDR, IRR
//! and VND are quoted per 10 units), valid on `Date`. The names in three
//! languages, the numeric code and the change (`Diff`) are not read.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::ID;
use crate::sources::text::{positive_decimal, upper_code};
use crate::{CurrencyCode, ParseError, Quote, Table};

const FORMAT: &str = "CBU JSON";
const UZS: CurrencyCode = CurrencyCode::new_static("UZS");

/// One row as published; the fields not listed are ignored.
#[derive(Deserialize)]
struct Row {
    #[serde(rename = "Ccy")]
    code: String,
    #[serde(rename = "Nominal")]
    nominal: String,
    #[serde(rename = "Rate")]
    rate: String,
    #[serde(rename = "Date")]
    date: String,
}

/// Parses a body of the CBU's JSON archive into its one table.
///
/// All or nothing: every row must carry a three-letter code, a whole
/// positive `Nominal`, a positive decimal `Rate` and the same `Date`
/// (`dd.mm.yyyy`) as the others; the table is dated by that `Date`. Codes
/// are not checked against ISO 4217 (as for the Bank of Russia and the
/// CNB): a row whose code is not three letters makes the body an error.
pub fn parse_cbu_json(body: &[u8]) -> Result<Table, ParseError> {
    let rows: Vec<Row> = serde_json::from_slice(body).map_err(|e| json_error(body, &e))?;
    let Some(first) = rows.first() else {
        let message = "empty table: expected an array of rows, found []";
        return Err(ParseError::whole(FORMAT, message));
    };
    let date = parse_date(&first.date).ok_or_else(|| {
        let message = format!(
            "row 1: expected a Date such as 01.04.2026, found {}",
            quoted(&first.date)
        );
        ParseError::whole(FORMAT, message)
    })?;
    let quotes = rows
        .iter()
        .enumerate()
        .map(|(i, row)| quote(i + 1, row, date))
        .collect::<Result<Vec<_>, _>>()?;
    Table::new(ID, date, UZS, quotes).map_err(|e| ParseError::whole(FORMAT, e.to_string()))
}

/// Reports malformed JSON (a truncated body among it) at serde_json's line.
fn json_error(body: &[u8], e: &serde_json::Error) -> ParseError {
    let text = String::from_utf8_lossy(body);
    let start = text.trim_start();
    if !start.starts_with('[') {
        let message = format!("expected a JSON array of rows, found {}", quoted(start));
        return ParseError::at(FORMAT, 1, message);
    }
    let what = e.to_string();
    let what = what
        .rsplit_once(" at line ")
        .map_or(what.as_str(), |(w, _)| w);
    let message = format!(
        "expected well-formed JSON rows: {what} (column {})",
        e.column()
    );
    ParseError::at(FORMAT, e.line().max(1), message)
}

/// Checks row `n` (1-based) of a table dated `date`.
fn quote(n: usize, row: &Row, date: NaiveDate) -> Result<(CurrencyCode, Quote), ParseError> {
    let fail = |message: String| ParseError::whole(FORMAT, format!("row {n}: {message}"));
    let code = upper_code(&row.code).ok_or_else(|| {
        fail(format!(
            "expected a code such as USD in Ccy, found {}",
            quoted(&row.code)
        ))
    })?;
    if parse_date(&row.date) != Some(date) {
        return Err(fail(format!(
            "the Date of {code} is {} but the table's is {}",
            quoted(&row.date),
            date.format("%d.%m.%Y")
        )));
    }
    let nominal = parse_whole(&row.nominal).ok_or_else(|| {
        fail(format!(
            "expected a whole number of units such as 10 in the Nominal of {code}, found {}",
            quoted(&row.nominal)
        ))
    })?;
    let rate = parse_rate(&row.rate).ok_or_else(|| {
        fail(format!(
            "expected a positive rate such as 12194.21 in the Rate of {code}, found {}",
            quoted(&row.rate)
        ))
    })?;
    Ok((code, Quote::priced_in_base(nominal, rate)))
}

/// `dd.mm.yyyy`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    (text.len() == 10).then(|| NaiveDate::parse_from_str(text, "%d.%m.%Y").ok())?
}

/// A positive whole number such as `1` or `10`.
fn parse_whole(text: &str) -> Option<Decimal> {
    let digits = !text.is_empty() && text.len() <= 9 && text.bytes().all(|b| b.is_ascii_digit());
    let units = digits.then(|| Decimal::from_str_exact(text).ok())??;
    (units > Decimal::ZERO).then_some(units)
}

/// A positive amount with a point for the decimal separator, e.g.
/// `12194.21`, kept at its published scale.
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

    const APRIL_1: &[u8] = include_bytes!("fixtures/frankfurter_json_all_2026-04-01.json");
    const APRIL_2: &[u8] = include_bytes!("fixtures/frankfurter_json_all_2026-04-02.json");
    const APRIL_3: &[u8] = include_bytes!("fixtures/frankfurter_json_all_2026-04-03.json");

    /// The error for `APRIL_1` with `from` replaced by `to`.
    fn error_with(from: &str, to: &str) -> String {
        let text = std::str::from_utf8(APRIL_1).unwrap();
        assert!(text.contains(from), "{from}");
        parse_cbu_json(text.replacen(from, to, 1).as_bytes())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn the_first_of_april_keeps_units_and_rates_as_published() {
        let t = parse_cbu_json(APRIL_1).unwrap();
        assert_eq!(
            (t.source(), t.base(), t.date()),
            (ID, UZS, date(2026, 4, 1))
        );
        assert_eq!(t.len(), 75);
        assert_eq!(published(&t, "USD"), triple("1", "12194.21", "12194.21"));
        assert_eq!(published(&t, "EUR"), triple("1", "13984.32", "13984.32"));
        assert_eq!(published(&t, "RUB"), triple("1", "149.97", "149.97"));
        assert_eq!(published(&t, "IDR"), triple("10", "7.18", "0.718"));
        assert_eq!(published(&t, "IRR"), triple("10", "0.09", "0.009"));
        assert_eq!(published(&t, "VND"), triple("10", "4.63", "0.463"));
        assert_eq!(published(&t, "HUF"), triple("1", "36.20", "36.2"));
        let not_one = t.quotes().iter().filter(|(_, q)| q.units != Decimal::ONE);
        assert_eq!(not_one.count(), 3);
    }

    #[test]
    fn each_recorded_day_is_dated_by_its_body() {
        for (body, day, usd) in [(APRIL_2, 2, "12142.10"), (APRIL_3, 3, "12149.84")] {
            let t = parse_cbu_json(body).unwrap();
            assert_eq!(t.date(), date(2026, 4, day));
            assert_eq!(t.len(), 75);
            assert_eq!(published(&t, "USD").1, usd);
        }
    }

    #[test]
    fn every_recorded_code_is_in_the_catalogue() {
        let catalogue = ID.catalogue().unwrap();
        for body in [APRIL_1, APRIL_2, APRIL_3] {
            for (code, _) in parse_cbu_json(body).unwrap().quotes() {
                assert!(catalogue.contains(code), "{code}");
            }
        }
    }

    #[test]
    fn bad_rows_are_refused_naming_the_row() {
        let usd = r#""Nominal":"1","Rate":"12194.21","Diff":"-16.5","Date":"01.04.2026""#;
        let with = |from: &str, to: &str| usd.replace(from, to);
        let cases = [
            (
                r#""Ccy":"USD""#.to_owned(),
                r#""Ccy":"usd""#.to_owned(),
                "row 1: expected a code such as USD in Ccy, found 'usd'",
            ),
            (
                r#""Ccy":"USD""#.to_owned(),
                r#""Ccy":"US1""#.to_owned(),
                "found 'US1'",
            ),
            (
                usd.to_owned(),
                with("\"Nominal\":\"1\"", "\"Nominal\":\"0\""),
                "Nominal of USD, found '0'",
            ),
            (
                usd.to_owned(),
                with("\"Nominal\":\"1\"", "\"Nominal\":\"1.5\""),
                "found '1.5'",
            ),
            (
                usd.to_owned(),
                with("12194.21", "12194,21"),
                "Rate of USD, found '12194,21'",
            ),
            (
                usd.to_owned(),
                with("12194.21", "-12194.21"),
                "found '-12194.21'",
            ),
            (usd.to_owned(), with("12194.21", "0.00"), "found '0.00'"),
            (usd.to_owned(), with("12194.21", "1e4"), "found '1e4'"),
            (
                usd.to_owned(),
                with("01.04.2026", "02.04.2026"),
                "row 2: the Date of EUR is '01.04.2026' but the table's is 02.04.2026",
            ),
            (
                r#""Ccy":"EUR""#.to_owned(),
                r#""Ccy":"USD""#.to_owned(),
                "USD is quoted twice",
            ),
            (
                r#""Ccy":"EUR""#.to_owned(),
                r#""Ccy":"UZS""#.to_owned(),
                "quotes its own base UZS",
            ),
        ];
        for (from, to, expected) in cases {
            let err = error_with(&from, &to);
            assert!(err.contains(expected), "{to}: {err}");
        }
        let err = error_with(usd, &with("01.04.2026", "2026-04-01"));
        assert!(
            err.contains("row 1: expected a Date such as 01.04.2026"),
            "{err}"
        );
        let err = error_with(r#""Rate":"12194.21""#, r#""Rate":12194.21"#);
        assert!(err.contains("expected well-formed JSON rows"), "{err}");
    }

    #[test]
    fn empty_truncated_and_foreign_bodies_are_refused() {
        let cases: [(&[u8], &str); 4] = [
            (b"[]", "empty table"),
            (b"", "expected a JSON array of rows, found ''"),
            (
                b"<html><body>502 Bad Gateway</body></html>",
                "found '<html>",
            ),
            (
                b"{\"error\":\"not found\"}",
                "expected a JSON array of rows",
            ),
        ];
        for (body, expected) in cases {
            let err = parse_cbu_json(body).unwrap_err().to_string();
            assert!(err.contains(expected), "{err}");
        }
        for cut in [APRIL_1.len() - 1, APRIL_1.len() / 2, 1] {
            let err = parse_cbu_json(&APRIL_1[..cut]).unwrap_err().to_string();
            assert!(
                err.contains("expected well-formed JSON rows"),
                "{cut}: {err}"
            );
        }
    }
}
