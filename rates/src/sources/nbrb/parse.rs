//! Parser for the National Bank of the Republic of Belarus's JSON rates.
//!
//! `/exrates/rates?periodicity=0` (and `?ondate=YYYY-MM-DD&periodicity=0`)
//! answers with a JSON array of the day's rates:
//!
//! ```text
//! [{"Cur_ID":440,"Date":"2026-03-17T00:00:00","Cur_Abbreviation":"AUD",
//!   "Cur_Scale":1,"Cur_Name":"Австралийский доллар","Cur_OfficialRate":2.0700}, ...]
//! ```
//!
//! Each row says that `Cur_Scale` units of `Cur_Abbreviation` cost
//! `Cur_OfficialRate` Belarusian rubles on `Date`. The bank's internal
//! `Cur_ID` and the Russian name are not read.
//!
//! # The rubles of the table
//!
//! On 2016-07-01 the ruble was redenominated: 10,000 BYR became 1 BYN. A
//! table carries its own base, so a table dated before that day is priced
//! in BYR, as the bank set its rates then, and one dated from it in BYN;
//! nothing is divided. The BYR itself replaced the BYB on 2000-01-01
//! (1,000 to 1), and an answer dated before that is refused rather than
//! priced in the wrong ruble. kurs asks the bank for no date before
//! 2016-07-01 (see the facts in `mod.rs`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::ID;
use crate::sources::text::{positive_decimal, upper_code};
use crate::{CurrencyCode, ParseError, Quote, Table};

const FORMAT: &str = "NBRB JSON";
/// The ruble since the redenomination of 2016-07-01.
const BYN: CurrencyCode = CurrencyCode::new_static("BYN");
/// The ruble from 2000-01-01 to 2016-06-30 (10,000 BYR = 1 BYN).
const BYR: CurrencyCode = CurrencyCode::new_static("BYR");
/// The first day of the BYN.
const BYN_SINCE: (i32, u32, u32) = (2016, 7, 1);
/// The first day of the BYR (1,000 BYB = 1 BYR).
const BYR_SINCE: (i32, u32, u32) = (2000, 1, 1);

/// One row as published; the fields not named here are ignored.
#[derive(Deserialize)]
struct Row<'a> {
    #[serde(rename = "Date")]
    date: String,
    #[serde(rename = "Cur_Abbreviation")]
    code: String,
    #[serde(rename = "Cur_Scale", borrow)]
    scale: &'a RawValue,
    #[serde(rename = "Cur_OfficialRate", borrow)]
    rate: &'a RawValue,
}

/// Parses a body of `/exrates/rates?...periodicity=0`.
///
/// Every row becomes a quote of `Cur_Scale` units for `Cur_OfficialRate`
/// rubles, both exactly as written, in the table of its `Date` (one table
/// for the answers kurs asks for; several dates give several tables, in
/// date order), based on the ruble of that date (see the module's docs).
/// All or nothing: a bad code, date or number, a code twice in one date,
/// an empty array or a single object makes the whole answer an error.
pub(crate) fn parse_nbrb_json(body: &[u8]) -> Result<Vec<Table>, ParseError> {
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    let text = std::str::from_utf8(body)
        .map_err(|e| ParseError::whole(FORMAT, format!("expected UTF-8 text: {e}")))?;
    let rows: Vec<Row> = serde_json::from_str(text).map_err(|e| json_error(text, &e))?;
    if rows.is_empty() {
        let message = "expected rates, found an empty array (no rates for the date asked)";
        return Err(ParseError::whole(FORMAT, message));
    }
    let mut by_date: BTreeMap<NaiveDate, Vec<(CurrencyCode, Quote)>> = BTreeMap::new();
    for row in &rows {
        let date = parse_date(&row.date).ok_or_else(|| {
            let found = excerpt(&row.date);
            let message = format!("expected a Date such as 2026-03-17T00:00:00, found '{found}'");
            ParseError::whole(FORMAT, message)
        })?;
        by_date.entry(date).or_default().push(quote(date, row)?);
    }
    by_date
        .into_iter()
        .map(|(date, quotes)| {
            let base = ruble_of(date)?;
            Table::new(ID, date, base, quotes).map_err(|e| ParseError::whole(FORMAT, e.to_string()))
        })
        .collect()
}

/// The ruble the bank's rates of `date` are priced in.
fn ruble_of(date: NaiveDate) -> Result<CurrencyCode, ParseError> {
    let day =
        |(y, m, d): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
    if date >= day(BYN_SINCE) {
        Ok(BYN)
    } else if date >= day(BYR_SINCE) {
        Ok(BYR)
    } else {
        let message = format!(
            "the rates of {date} are priced in the ruble of before 2000 (BYB), which kurs does not read; \
             expected a date from 2000-01-01"
        );
        Err(ParseError::whole(FORMAT, message))
    }
}

/// Reports malformed JSON at serde_json's line and column.
fn json_error(body: &str, e: &serde_json::Error) -> ParseError {
    let start = body.trim_start();
    if start.starts_with('{') {
        let what = "a JSON array of rates as /exrates/rates?periodicity=0 answers";
        return ParseError::at(FORMAT, 1, format!("expected {what}, found a single object"));
    }
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
    let code = upper_code(&row.code).ok_or_else(|| {
        let found = excerpt(&row.code);
        row_error(
            date,
            "?",
            format!("expected a Cur_Abbreviation such as USD, found '{found}'"),
        )
    })?;
    let fail = |field: &str, example: &str, raw: &RawValue| {
        let found = excerpt(raw.get());
        let message = format!("expected a positive {field} such as {example}, found {found}");
        row_error(date, code.as_str(), message)
    };
    let scale = parse_number(row.scale.get())
        .filter(|s| s.scale() == 0)
        .ok_or_else(|| fail("whole Cur_Scale", "100", row.scale))?;
    let rate =
        parse_number(row.rate.get()).ok_or_else(|| fail("Cur_OfficialRate", "2.9463", row.rate))?;
    Ok((code, Quote::priced_in_base(scale, rate)))
}

/// `YYYY-MM-DDT00:00:00`: the date of a day's rates, at midnight.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let day = text.strip_suffix("T00:00:00")?;
    (day.len() == 10).then(|| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())?
}

/// A positive JSON number written with digits and an optional fraction
/// (`2.0700`, `1000`), read exactly at its published scale.
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

    const TODAY: &[u8] = include_bytes!("fixtures/frankfurter_rates_periodicity0_2026-03-17.json");

    fn text() -> &'static str {
        std::str::from_utf8(TODAY).unwrap()
    }

    fn one(body: &str) -> Table {
        let mut tables = parse_nbrb_json(body.as_bytes()).unwrap();
        assert_eq!(tables.len(), 1);
        tables.remove(0)
    }

    fn error_with(from: &str, to: &str) -> String {
        assert!(text().contains(from), "{from}");
        let body = text().replacen(from, to, 1);
        parse_nbrb_json(body.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn the_day_s_rates_keep_their_scales_and_rates_as_published() {
        let t = one(text());
        assert_eq!(
            (t.source(), t.base(), t.date()),
            (ID, BYN, date(2026, 3, 17))
        );
        assert_eq!(t.len(), 30);
        assert_eq!(published(&t, "USD"), triple("1", "2.9463", "2.9463"));
        assert_eq!(published(&t, "AUD"), triple("1", "2.0700", "2.07"));
        assert_eq!(published(&t, "RUB"), triple("100", "3.6709", "0.036709"));
        assert_eq!(published(&t, "KZT"), triple("1000", "6.0761", "0.0060761"));
        assert_eq!(
            published(&t, "VND"),
            triple("100000", "11.2071", "0.000112071")
        );
        assert_eq!(
            published(&t, "IRR"),
            triple("100000", "0.2229", "0.000002229")
        );
        assert_eq!(published(&t, "TRY"), triple("10", "0.6667", "0.06667"));
        let scales = |s: &str| {
            t.quotes()
                .iter()
                .filter(|(_, q)| q.units.to_string() == s)
                .count()
        };
        let counts = ["1", "10", "100", "1000", "100000"].map(scales);
        assert_eq!(counts, [10, 9, 7, 2, 2]);
    }

    #[test]
    fn a_table_before_the_redenomination_is_priced_in_byr() {
        // The same figures re-dated: only the base follows the date.
        let before = one(&text().replace("2026-03-17T", "2016-06-30T"));
        assert_eq!((before.date(), before.base()), (date(2016, 6, 30), BYR));
        let from = one(&text().replace("2026-03-17T", "2016-07-01T"));
        assert_eq!((from.date(), from.base()), (date(2016, 7, 1), BYN));
        assert_eq!(before.quotes(), from.quotes());
        let byb = parse_nbrb_json(text().replace("2026-03-17T", "1999-12-31T").as_bytes());
        assert!(byb.unwrap_err().message.contains("before 2000 (BYB)"));
        let both = text().replacen("2026-03-17T", "2016-06-30T", 1);
        let both = both.replacen(
            "\"Cur_ID\":510,\"Date\":\"2026-03-17T",
            "\"Cur_ID\":510,\"Date\":\"2016-07-01T",
            1,
        );
        let tables = parse_nbrb_json(both.as_bytes()).unwrap();
        let bases: Vec<_> = tables
            .iter()
            .map(|t| (t.date(), t.base(), t.len()))
            .collect();
        assert_eq!(
            bases,
            [
                (date(2016, 6, 30), BYR, 1),
                (date(2016, 7, 1), BYN, 1),
                (date(2026, 3, 17), BYN, 28)
            ]
        );
    }

    #[test]
    fn bad_rows_are_refused_naming_the_date_and_currency() {
        let usd = r#""Cur_Abbreviation":"USD","Cur_Scale":1,"Cur_Name":"Доллар США","Cur_OfficialRate":2.9463"#;
        let cases = [
            (
                r#""Cur_Scale":1,"#,
                r#""Cur_Scale":0,"#,
                "positive whole Cur_Scale",
            ),
            (r#""Cur_Scale":1,"#, r#""Cur_Scale":1.5,"#, "found 1.5"),
            (r#""Cur_Scale":1,"#, r#""Cur_Scale":"1","#, "found \"1\""),
            (r#":2.9463"#, r#":0.0000"#, "positive Cur_OfficialRate"),
            (r#":2.9463"#, r#":-2.9463"#, "found -2.9463"),
            (r#":2.9463"#, r#":null"#, "found null"),
            (r#":2.9463"#, r#":2.9463e0"#, "found 2.9463e0"),
            (r#""USD""#, r#""usd""#, "found 'usd'"),
            (r#""USD""#, r#""AUD""#, "AUD is quoted twice"),
            (r#""USD""#, r#""BYN""#, "own base BYN"),
        ];
        for (from, to, expected) in cases {
            let changed = usd.replacen(from, to, 1);
            let err = error_with(usd, &changed);
            assert!(err.contains(expected), "{to}: {err}");
            assert!(err.contains("2026-03-17"), "{to}: {err}");
        }
        let err = error_with(r#""Date":"2026-03-17T00:00:00""#, r#""Date":"17.03.2026""#);
        assert!(err.contains("found '17.03.2026'"), "{err}");
        let err = error_with(r#""Cur_OfficialRate":2.9463"#, r#""Cur_Rate":2.9463"#);
        assert!(err.contains("Cur_OfficialRate"), "{err}");
    }

    #[test]
    fn empty_truncated_and_foreign_bodies_are_refused() {
        let err = parse_nbrb_json(&TODAY[..TODAY.len() / 2]).unwrap_err();
        assert!(err.message.contains("well-formed JSON"), "{err}");
        let err = parse_nbrb_json(&TODAY[..TODAY.len() - 1]).unwrap_err();
        assert!(err.message.contains("well-formed JSON"), "{err}");
        assert!(parse_nbrb_json(b"[]")
            .unwrap_err()
            .message
            .contains("empty array"));
        let object = br#"{"Cur_ID":431,"Date":"2026-03-17T00:00:00","Cur_Abbreviation":"USD","Cur_Scale":1,"Cur_OfficialRate":2.9463}"#;
        assert!(parse_nbrb_json(object)
            .unwrap_err()
            .message
            .contains("single object"));
        let html = parse_nbrb_json(b"<html>Service Unavailable</html>").unwrap_err();
        assert!(html.message.contains("found '<html>"), "{html}");
        assert!(parse_nbrb_json(b"[\xff]")
            .unwrap_err()
            .message
            .contains("UTF-8"));
    }

    #[test]
    fn every_published_code_is_in_the_catalogue() {
        let catalogue = ID.catalogue().unwrap();
        for (code, _) in one(text()).quotes() {
            assert!(catalogue.contains(code), "{code}");
        }
    }
}
