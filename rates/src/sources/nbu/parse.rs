//! Parser for the National Bank of Ukraine's JSON rates.
//!
//! Both endpoints kurs asks answer with a JSON array of rows, one per
//! currency and date:
//!
//! ```text
//! [{"exchangedate":"01.03.2026","r030":764,"cc":"THB","txt":"Бат",
//!   "enname":"Baht","rate":13.9116,"units":10,"rate_per_unit":1.39116,
//!   "group":"1","calcdate":"26.02.2026","special":null}, ...]
//! ```
//!
//! `NBU_Exchange/exchange_site` (a date range) says that `units` of `cc`
//! cost `rate` hryvnias on `exchangedate`, and gives `rate_per_unit`,
//! which is checked against the two. `NBUStatService/v1/statdirectory/exchange`
//! (the newest rates) has the same `cc`, `rate` and `exchangedate` but no
//! `units`: its `rate` is the price of one unit. The other fields (names,
//! the numeric code, `calcdate`, the day the rate was set) are not read.
//!
//! The rows of one `exchangedate` form one table; a range answer holds a
//! table for every calendar day, weekends included (the NBU publishes the
//! rate in force on those days too). Every code of three letters is kept,
//! the bank metals too (XAU, XAG, XPT, XPD: hryvnias per troy ounce), as
//! the other banks' parsers keep every code; anything else is refused.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::ID;
use crate::sources::text::{positive_decimal, upper_code};
use crate::{CurrencyCode, ParseError, Quote, Table};

const FORMAT: &str = "NBU JSON";
const UAH: CurrencyCode = CurrencyCode::new_static("UAH");

/// One row as published; the fields not named here are ignored.
#[derive(Deserialize)]
struct Row<'a> {
    exchangedate: String,
    cc: String,
    #[serde(borrow)]
    rate: &'a RawValue,
    #[serde(default, borrow)]
    units: Option<&'a RawValue>,
    #[serde(default, borrow)]
    rate_per_unit: Option<&'a RawValue>,
}

/// Parses a body of `exchange_site` or `statdirectory/exchange` (`?json`).
///
/// Every row becomes a quote of `units` (1 when absent) for `rate`
/// hryvnias, both exactly as written, in the table of its `exchangedate`;
/// the tables come back in date order. All or nothing: a row with a bad
/// code, date or number, a `rate_per_unit` that is not `rate / units`, a
/// code twice in one date, or an empty array makes the whole answer an
/// error naming the date and currency.
pub(crate) fn parse_nbu_json(body: &[u8]) -> Result<Vec<Table>, ParseError> {
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    let text = std::str::from_utf8(body)
        .map_err(|e| ParseError::whole(FORMAT, format!("expected UTF-8 text: {e}")))?;
    let rows: Vec<Row> = serde_json::from_str(text).map_err(|e| json_error(text, &e))?;
    if rows.is_empty() {
        let message = "expected rates, found an empty array (no rates for the dates asked)";
        return Err(ParseError::whole(FORMAT, message));
    }
    let mut by_date: BTreeMap<NaiveDate, Vec<(CurrencyCode, Quote)>> = BTreeMap::new();
    for row in &rows {
        let date = parse_date(&row.exchangedate).ok_or_else(|| {
            let found = excerpt(&row.exchangedate);
            let message = format!("expected an exchangedate such as 01.03.2026, found '{found}'");
            ParseError::whole(FORMAT, message)
        })?;
        by_date.entry(date).or_default().push(quote(date, row)?);
    }
    by_date
        .into_iter()
        .map(|(date, quotes)| {
            Table::new(ID, date, UAH, quotes).map_err(|e| ParseError::whole(FORMAT, e.to_string()))
        })
        .collect()
}

/// Reports malformed JSON at serde_json's line and column.
fn json_error(body: &str, e: &serde_json::Error) -> ParseError {
    let start = body.trim_start();
    if !start.starts_with('[') {
        let found = excerpt(start);
        let message = format!("expected a JSON array of rates, found '{found}'");
        return ParseError::at(FORMAT, 1, message);
    }
    let text = e.to_string();
    let what = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(what, _)| what);
    let message = format!("expected well-formed JSON: {what} (column {})", e.column());
    ParseError::at(FORMAT, e.line().max(1), message)
}

/// An error about the row of `code` in the table of `date`.
fn row_error(date: NaiveDate, code: &str, message: impl std::fmt::Display) -> ParseError {
    ParseError::whole(FORMAT, format!("the rates of {date}, {code}: {message}"))
}

/// Checks one row of the table of `date`.
fn quote(date: NaiveDate, row: &Row) -> Result<(CurrencyCode, Quote), ParseError> {
    let code = upper_code(&row.cc).ok_or_else(|| {
        let found = excerpt(&row.cc);
        row_error(
            date,
            "?",
            format!("expected a code such as USD, found '{found}'"),
        )
    })?;
    let number = |raw: &RawValue, what: &str, example: &str| {
        parse_number(raw.get()).ok_or_else(|| {
            let found = excerpt(raw.get());
            let message = format!("expected a positive {what} such as {example}, found {found}");
            row_error(date, code.as_str(), message)
        })
    };
    let rate = number(row.rate, "rate", "43.2081")?;
    let units = match row.units {
        Some(raw) => number(raw, "whole number of units", "100").and_then(|u| {
            whole(u).ok_or_else(|| row_error(date, code.as_str(), "units must be whole"))
        })?,
        None => Decimal::ONE,
    };
    if let Some(raw) = row.rate_per_unit {
        let per_unit = number(raw, "rate_per_unit", "0.27825")?;
        check_per_unit(date, code, rate, units, per_unit)?;
    }
    Ok((code, Quote::priced_in_base(units, rate)))
}

/// `units` when it is a whole number.
fn whole(units: Decimal) -> Option<Decimal> {
    units.fract().is_zero().then(|| units.normalize())
}

/// Checks that `per_unit` is `rate / units`, to its published places.
fn check_per_unit(
    date: NaiveDate,
    code: CurrencyCode,
    rate: Decimal,
    units: Decimal,
    per_unit: Decimal,
) -> Result<(), ParseError> {
    let exact = rate.checked_div(units).unwrap_or_default();
    let rounding = RoundingStrategy::MidpointAwayFromZero;
    if exact.round_dp_with_strategy(per_unit.scale(), rounding) == per_unit {
        return Ok(());
    }
    let message =
        format!("rate_per_unit is {per_unit} but rate / units = {rate} / {units} = {exact}");
    Err(row_error(date, code.as_str(), message))
}

/// `dd.mm.yyyy`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    (text.len() == 10).then(|| NaiveDate::parse_from_str(text, "%d.%m.%Y").ok())?
}

/// A positive JSON number written with digits and an optional fraction
/// (`15.093`, `1000`), read exactly at its published scale.
fn parse_number(text: &str) -> Option<Decimal> {
    positive_decimal(text, '.', 20)
}

/// A few words of `text`, for "found ..." in a message (errors end up in
/// public status fields, so they never quote more).
fn excerpt(text: &str) -> String {
    text.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing::{date, published, triple};

    const RANGE: &[u8] =
        include_bytes!("fixtures/frankfurter_exchange_site_2026-03-01_2026-03-16.json");

    fn text() -> &'static str {
        std::str::from_utf8(RANGE).unwrap()
    }

    fn error_with(from: &str, to: &str) -> String {
        assert!(text().contains(from), "{from}");
        let body = text().replacen(from, to, 1);
        parse_nbu_json(body.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn the_range_gives_one_table_per_calendar_day_weekends_included() {
        let tables = parse_nbu_json(RANGE).unwrap();
        let dates: Vec<NaiveDate> = tables.iter().map(Table::date).collect();
        let expected: Vec<NaiveDate> = (1..=16).map(|d| date(2026, 3, d)).collect();
        assert_eq!(dates, expected);
        for t in &tables {
            assert_eq!(
                (t.source(), t.base(), t.len()),
                (ID, UAH, 45),
                "{}",
                t.date()
            );
        }
    }

    #[test]
    fn units_and_rates_are_kept_as_published_with_exact_per_unit_values() {
        let tables = parse_nbu_json(RANGE).unwrap();
        let first = &tables[0];
        assert_eq!(published(first, "USD"), triple("1", "43.2081", "43.2081"));
        assert_eq!(published(first, "THB"), triple("10", "13.9116", "1.39116"));
        assert_eq!(
            published(first, "VND"),
            triple("1000", "1.6565", "0.0016565")
        );
        assert_eq!(
            published(first, "XAU"),
            triple("1", "223871.54", "223871.54")
        );
        let last = &tables[15];
        assert_eq!(published(last, "KZT"), triple("100", "9.0172", "0.090172"));
        assert_eq!(published(last, "LBP"), triple("100", "0.0492", "0.000492"));
        assert_eq!(published(last, "JPY"), triple("10", "2.7705", "0.27705"));
        assert_eq!(published(last, "EUR"), triple("1", "50.6661", "50.6661"));
        let not_one = last
            .quotes()
            .iter()
            .filter(|(_, q)| q.units != Decimal::ONE);
        assert_eq!(not_one.count(), 12);
    }

    #[test]
    fn a_weekend_carries_the_rates_in_force_from_friday() {
        let tables = parse_nbu_json(RANGE).unwrap();
        let (friday, saturday, sunday) = (&tables[5], &tables[6], &tables[7]);
        assert_eq!(friday.date(), date(2026, 3, 6));
        assert_eq!(friday.quotes(), saturday.quotes());
        assert_eq!(friday.quotes(), sunday.quotes());
        assert_ne!(friday.quotes(), tables[8].quotes());
    }

    #[test]
    fn the_newest_rates_without_units_are_per_one_unit() {
        // The shape of statdirectory/exchange: the same rows without
        // `units`, `rate_per_unit` and the other fields.
        let body = r#"[{"r030":392,"txt":"Єна","rate":0.27705,"cc":"JPY","exchangedate":"16.03.2026"},
            {"r030":840,"txt":"Долар США","rate":44.1381,"cc":"USD","exchangedate":"16.03.2026","special":"N"}]"#;
        let tables = parse_nbu_json(body.as_bytes()).unwrap();
        assert_eq!(tables.len(), 1);
        assert_eq!(
            published(&tables[0], "JPY"),
            triple("1", "0.27705", "0.27705")
        );
        assert_eq!(
            published(&tables[0], "USD"),
            triple("1", "44.1381", "44.1381")
        );
    }

    #[test]
    fn bad_rows_are_refused_naming_the_date_and_currency() {
        let usd = r#""cc":"USD","txt":"Долар США","enname":"US Dollar","rate":43.2081,"units":1,"rate_per_unit":43.2081"#;
        let cases = [
            (
                r#""rate":43.2081,"units":1"#,
                r#""rate":0,"units":1"#,
                "positive rate",
            ),
            (
                r#""rate":43.2081,"units":1"#,
                r#""rate":-43.2081,"units":1"#,
                "positive rate",
            ),
            (
                r#""rate":43.2081,"units":1"#,
                r#""rate":"43.2081","units":1"#,
                "found \"43.2081\"",
            ),
            (
                r#""rate":43.2081,"units":1"#,
                r#""rate":4.32081e1,"units":1"#,
                "found 4.32081e1",
            ),
            (
                r#""units":1,"rate_per_unit":43.2081"#,
                r#""units":0,"rate_per_unit":43.2081"#,
                "units",
            ),
            (
                r#""units":1,"rate_per_unit":43.2081"#,
                r#""units":1.5,"rate_per_unit":43.2081"#,
                "units must be whole",
            ),
            (
                r#""rate_per_unit":43.2081"#,
                r#""rate_per_unit":43.2082"#,
                "rate_per_unit is 43.2082",
            ),
            (r#""cc":"USD""#, r#""cc":"usd""#, "found 'usd'"),
            (r#""cc":"USD""#, r#""cc":"US""#, "found 'US'"),
            (r#""cc":"USD""#, r#""cc":"THB""#, "THB is quoted twice"),
            (r#""cc":"USD""#, r#""cc":"UAH""#, "own base UAH"),
        ];
        for (from, to, expected) in cases {
            let changed = usd.replacen(from, to, 1);
            let err = error_with(usd, &changed);
            assert!(err.contains(expected), "{to}: {err}");
            assert!(err.contains("2026-03-01"), "{to}: {err}");
        }
        let err = error_with(
            r#""exchangedate":"01.03.2026""#,
            r#""exchangedate":"2026-03-01""#,
        );
        assert!(err.contains("found '2026-03-01'"), "{err}");
        let err = error_with(
            r#""exchangedate":"01.03.2026""#,
            r#""exchangedate":"31.02.2026""#,
        );
        assert!(err.contains("exchangedate such as"), "{err}");
    }

    #[test]
    fn empty_truncated_and_foreign_bodies_are_refused() {
        let err = parse_nbu_json(&RANGE[..RANGE.len() / 2]).unwrap_err();
        assert!(
            err.line.is_some() && err.message.contains("well-formed JSON"),
            "{err}"
        );
        let cut = &RANGE[..RANGE.len() - 4];
        assert!(parse_nbu_json(cut).is_err());
        assert!(parse_nbu_json(b"[]")
            .unwrap_err()
            .message
            .contains("empty array"));
        let html = parse_nbu_json(b"<html><body>502 Bad Gateway</body></html>").unwrap_err();
        assert!(html.message.contains("found '<html>"), "{html}");
        let object = parse_nbu_json(br#"{"error":"wrong date"}"#).unwrap_err();
        assert!(object.message.contains("expected a JSON array"), "{object}");
        assert!(parse_nbu_json(b"[\xff]")
            .unwrap_err()
            .message
            .contains("UTF-8"));
        assert!(parse_nbu_json(b"").is_err());
    }

    #[test]
    fn every_published_code_is_in_the_catalogue() {
        let catalogue = ID.catalogue().unwrap();
        for t in parse_nbu_json(RANGE).unwrap() {
            for (code, _) in t.quotes() {
                assert!(catalogue.contains(code), "{code}");
            }
        }
    }
}
