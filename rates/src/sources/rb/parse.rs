//! Parser for the Riksbank's SWEA observations of a series group.
//!
//! `/swea/v1/Observations/ByGroup/130/{from}/{to}` answers with a JSON
//! array of rows, one per series and banking day:
//!
//! ```text
//! [{"seriesId":"SEKAUDPMI","date":"2026-03-24","value":6.5},
//!  {"seriesId":"SEKETT","date":"2026-03-24","value":1}, ...]
//! ```
//!
//! Each series `SEK<code>PMI` gives the price of one unit of `<code>` in
//! kronor on `date` (the yen, the forint and the rupiah too: `SEKJPYPMI`
//! is about 0.06). `SEKETT` is the krona itself, always 1, and is left
//! out. The euro's series reaches back before the euro: its values before
//! 1999-01-04 are the ECU's, and are kept as XEU (the euro replaced the
//! ECU one for one).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::ID;
use crate::sources::text::{excerpt, positive_decimal, upper_code};
use crate::{CurrencyCode, ParseError, Quote, Table};

const FORMAT: &str = "Riksbank SWEA JSON";
const SEK: CurrencyCode = CurrencyCode::new_static("SEK");
const EUR: CurrencyCode = CurrencyCode::new_static("EUR");
const XEU: CurrencyCode = CurrencyCode::new_static("XEU");
/// The series of the krona against itself.
const KRONA_SERIES: &str = "SEKETT";

/// One row as published.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Row<'a> {
    series_id: String,
    date: String,
    #[serde(borrow)]
    value: Option<&'a RawValue>,
}

/// Parses a body of `Observations/ByGroup/130/{from}/{to}` into one table
/// per date, in date order.
///
/// Every row of a series `SEK<code>PMI` becomes a quote of one `<code>`
/// for `value` kronor, exactly as written, in the table of its `date`; a
/// row whose `value` is `null` (no observation that day) is skipped, as is
/// the krona's own series. All or nothing: any other series, a bad date or
/// number, a code twice in one date, or an answer without a rate makes
/// the whole answer an error naming the date and series.
pub(crate) fn parse_rb_json(body: &[u8]) -> Result<Vec<Table>, ParseError> {
    let text = std::str::from_utf8(body)
        .map_err(|e| ParseError::whole(FORMAT, format!("expected UTF-8 text: {e}")))?;
    let rows: Vec<Row> = serde_json::from_str(text).map_err(|e| json_error(text, &e))?;
    let mut by_date: BTreeMap<NaiveDate, Vec<(CurrencyCode, Quote)>> = BTreeMap::new();
    for row in &rows {
        let date = parse_date(&row.date).ok_or_else(|| {
            let found = excerpt(&row.date);
            let message = format!("expected a date such as 2026-03-24, found '{found}'");
            ParseError::whole(FORMAT, message)
        })?;
        if let Some(quote) = quote(date, row)? {
            by_date.entry(date).or_default().push(quote);
        }
    }
    if by_date.is_empty() {
        let message = "expected rates, found none (no banking day in the dates asked?)";
        return Err(ParseError::whole(FORMAT, message));
    }
    by_date
        .into_iter()
        .map(|(date, quotes)| {
            Table::new(ID, date, SEK, quotes).map_err(|e| ParseError::whole(FORMAT, e.to_string()))
        })
        .collect()
}

/// Reports malformed JSON at serde_json's line and column.
fn json_error(body: &str, e: &serde_json::Error) -> ParseError {
    let start = body.trim_start();
    if !start.starts_with('[') {
        let found = excerpt(start);
        let message = format!("expected a JSON array of observations, found '{found}'");
        return ParseError::at(FORMAT, 1, message);
    }
    let text = e.to_string();
    let what = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(what, _)| what);
    let message = format!("expected well-formed JSON: {what} (column {})", e.column());
    ParseError::at(FORMAT, e.line().max(1), message)
}

/// An error about the row of `series` on `date`.
fn row_error(date: NaiveDate, series: &str, message: impl std::fmt::Display) -> ParseError {
    let series = excerpt(series);
    ParseError::whole(FORMAT, format!("the rates of {date}, {series}: {message}"))
}

/// Checks one row of `date`: its quote, or `None` for a row that carries
/// no rate (the krona's own series, a `null` value).
fn quote(date: NaiveDate, row: &Row) -> Result<Option<(CurrencyCode, Quote)>, ParseError> {
    if row.series_id == KRONA_SERIES {
        return Ok(None);
    }
    let code = series_code(&row.series_id).ok_or_else(|| {
        let message = "expected a seriesId such as SEKEURPMI";
        row_error(date, &row.series_id, message)
    })?;
    let Some(raw) = row.value else {
        return Ok(None);
    };
    let value = positive_decimal(raw.get(), '.', 20).ok_or_else(|| {
        let found = excerpt(raw.get());
        let message = format!("expected a positive value such as 10.8238, found {found}");
        row_error(date, &row.series_id, message)
    })?;
    let code = match code == EUR && date < euro_day() {
        true => XEU,
        false => code,
    };
    Ok(Some((code, Quote::priced_in_base(Decimal::ONE, value))))
}

/// The currency of a series `SEK<code>PMI`.
fn series_code(series: &str) -> Option<CurrencyCode> {
    let code = series.strip_prefix("SEK")?.strip_suffix("PMI")?;
    upper_code(code)
}

/// The first day of the euro, before which the euro series is the ECU's.
fn euro_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(1999, 1, 4).expect("a valid date")
}

/// `yyyy-mm-dd`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    (text.len() == 10).then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())?
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing::date;

    const RANGE: &[u8] =
        include_bytes!("fixtures/frankfurter_ByGroup_130_2026-03-24_2026-03-28.json");

    fn text() -> &'static str {
        std::str::from_utf8(RANGE).unwrap()
    }

    /// (units, value) of `code` as text.
    fn published(t: &Table, code: &str) -> (String, String) {
        let q = t.quote(code.parse().unwrap()).unwrap();
        (q.units.to_string(), q.value.to_string())
    }

    fn pair(units: &str, value: &str) -> (String, String) {
        (units.into(), value.into())
    }

    fn error_with(from: &str, to: &str) -> String {
        assert!(text().contains(from), "{from}");
        let body = text().replacen(from, to, 1);
        parse_rb_json(body.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn the_range_gives_one_table_per_banking_day_without_the_krona() {
        let tables = parse_rb_json(RANGE).unwrap();
        let dates: Vec<NaiveDate> = tables.iter().map(Table::date).collect();
        let expected: Vec<NaiveDate> = (24..=27).map(|d| date(2026, 3, d)).collect();
        assert_eq!(dates, expected, "Saturday the 28th has no rates");
        for t in &tables {
            assert_eq!(
                (t.source(), t.base(), t.len()),
                (ID, SEK, 29),
                "{}",
                t.date()
            );
            assert!(t.quotes().iter().all(|(c, _)| *c != SEK));
        }
    }

    #[test]
    fn every_value_is_the_price_of_one_unit_as_published() {
        let tables = parse_rb_json(RANGE).unwrap();
        let (first, last) = (&tables[0], &tables[3]);
        assert_eq!(published(first, "EUR"), pair("1", "10.8238"));
        assert_eq!(published(first, "AUD"), pair("1", "6.5"));
        assert_eq!(published(first, "USD"), pair("1", "9.35344"));
        assert_eq!(published(first, "JPY"), pair("1", "0.05885"));
        assert_eq!(published(first, "IDR"), pair("1", "0.00055"));
        assert_eq!(published(last, "EUR"), pair("1", "10.878"));
        assert_eq!(published(last, "HUF"), pair("1", "0.02791"));
        assert_eq!(published(last, "ZAR"), pair("1", "0.54944"));
        let units_one = last.quotes().iter().all(|(_, q)| q.units == Decimal::ONE);
        assert!(units_one);
    }

    #[test]
    fn the_euro_series_before_1999_is_the_ecu() {
        let body = r#"[{"seriesId":"SEKEURPMI","date":"1998-12-30","value":9.4685},
            {"seriesId":"SEKEURPMI","date":"1999-01-04","value":9.306}]"#;
        let tables = parse_rb_json(body.as_bytes()).unwrap();
        assert_eq!(published(&tables[0], "XEU"), pair("1", "9.4685"));
        assert!(!tables[0].covers(EUR));
        assert_eq!(published(&tables[1], "EUR"), pair("1", "9.306"));
    }

    #[test]
    fn a_null_value_is_a_day_without_that_rate() {
        let body = r#"[{"seriesId":"SEKEURPMI","date":"2026-03-24","value":null},
            {"seriesId":"SEKUSDPMI","date":"2026-03-24","value":9.35344}]"#;
        let tables = parse_rb_json(body.as_bytes()).unwrap();
        assert_eq!(tables[0].len(), 1);
        assert!(!tables[0].covers(EUR));
    }

    #[test]
    fn bad_rows_are_refused_naming_the_date_and_series() {
        let eur = r#"{"seriesId":"SEKEURPMI","date":"2026-03-24","value":10.8238}"#;
        let cases = [
            (r#""value":10.8238"#, r#""value":0"#, "positive value"),
            (
                r#""value":10.8238"#,
                r#""value":-10.8238"#,
                "found -10.8238",
            ),
            (
                r#""value":10.8238"#,
                r#""value":"10.8238""#,
                "found \"10.8238\"",
            ),
            (
                r#""value":10.8238"#,
                r#""value":1.08238e1"#,
                "found 1.08238e1",
            ),
            (r#""SEKEURPMI""#, r#""SEKEURPMX""#, "expected a seriesId"),
            (r#""SEKEURPMI""#, r#""SEKeurPMI""#, "SEKeurPMI"),
            (r#""SEKEURPMI""#, r#""SEKUSDPMI""#, "USD is quoted twice"),
            (r#""SEKEURPMI""#, r#""SEKSEKPMI""#, "own base SEK"),
        ];
        for (from, to, expected) in cases {
            let changed = eur.replacen(from, to, 1);
            let err = error_with(eur, &changed);
            assert!(err.contains(expected), "{to}: {err}");
            assert!(err.contains("2026-03-24"), "{to}: {err}");
        }
        let err = error_with(r#""date":"2026-03-24""#, r#""date":"24.03.2026""#);
        assert!(err.contains("found '24.03.2026'"), "{err}");
        let err = error_with(r#""date":"2026-03-24""#, r#""date":"2026-02-30""#);
        assert!(err.contains("expected a date such as"), "{err}");
        let err = error_with(r#""seriesId":"SEKAUDPMI""#, r#""series":"SEKAUDPMI""#);
        assert!(err.contains("missing field `seriesId`"), "{err}");
    }

    #[test]
    fn empty_truncated_and_foreign_bodies_are_refused() {
        for cut in [RANGE.len() / 2, RANGE.len() - 2, 1] {
            let err = parse_rb_json(&RANGE[..cut]).unwrap_err();
            assert!(err.message.contains("well-formed JSON"), "{cut}: {err}");
            assert!(err.line.is_some(), "{cut}: {err}");
        }
        let empty = parse_rb_json(b"[]").unwrap_err();
        assert!(empty.message.contains("found none"), "{empty}");
        let krona = br#"[{"seriesId":"SEKETT","date":"2026-03-24","value":1}]"#;
        assert!(parse_rb_json(krona)
            .unwrap_err()
            .message
            .contains("found none"));
        let html = parse_rb_json(b"<html><body>502 Bad Gateway</body></html>").unwrap_err();
        assert!(html.message.contains("found '<html>"), "{html}");
        let problem = br#"{"message":"not found"}"#;
        let err = parse_rb_json(problem).unwrap_err();
        assert!(err.message.contains("expected a JSON array"), "{err}");
        assert!(parse_rb_json(b"[\xff]")
            .unwrap_err()
            .message
            .contains("UTF-8"));
        assert!(parse_rb_json(b"").is_err());
    }

    #[test]
    fn every_published_code_is_in_the_catalogue() {
        let catalogue = ID.catalogue().unwrap();
        for t in parse_rb_json(RANGE).unwrap() {
            for (code, _) in t.quotes() {
                assert!(catalogue.contains(code), "{code}");
            }
        }
    }
}
