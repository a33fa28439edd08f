//! Parsers for the European Central Bank's reference-rate files.
//!
//! The ECB publishes the same rates as CSV (the full history and the daily
//! file) and as XML (the daily, 90-day and full-history files). Every table
//! they give is EUR-based: one euro buys `rate` units of each currency, so
//! each quote is [`Quote::per_base`] of the rate exactly as written.
//!
//! Both parsers are all-or-nothing: the first cell, row or element that does
//! not parse completely makes the whole file an error naming its line.

mod csv;
mod xml;

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::ID;
use crate::{CurrencyCode, ParseError, Quote, Table};

/// The base of every ECB table.
const EUR: CurrencyCode = CurrencyCode::new_static("EUR");

/// Parses an ECB CSV file (history or daily).
///
/// Both shapes are accepted: the history file (`Date,USD,JPY,...,ZAR,`, one
/// row per day such as `2026-10-30,1.1172,...`, `N/A` where a currency was
/// not quoted) and the daily file (`Date, USD, ...`, one row such as
/// `30 October 2026, 1.1172, ...`). Cells are trimmed, CRLF line ends and
/// blank lines are accepted, and an empty or `N/A` cell leaves the currency
/// out of that day's table. The tables come in file order (newest first).
pub fn parse_ecb_csv(text: &str) -> Result<Vec<Table>, ParseError> {
    csv::parse(text)
}

/// Parses an ECB XML file (daily, 90-day or full history).
///
/// Each `<Cube time='YYYY-MM-DD'>` becomes one table of its
/// `<Cube currency='USD' rate='1.1831'/>` children; attributes may be single-
/// or double-quoted. The tables come in file order (newest first).
pub fn parse_ecb_xml(text: &str) -> Result<Vec<Table>, ParseError> {
    xml::parse(text)
}

/// Reads a rate written as a plain positive decimal (`136`, `0.83380`),
/// keeping its published scale.
fn parse_rate(text: &str) -> Result<Decimal, String> {
    const EXPECTED: &str = "expected a positive plain decimal such as 1.1172";
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let fraction = match text.split_once('.') {
        Some((whole, fraction)) if digits(whole) && digits(fraction) => fraction,
        None if digits(text) => "",
        _ => return Err(format!("`{text}` is not a plain decimal; {EXPECTED}")),
    };
    let rate = Decimal::from_str(text)
        .map_err(|e| format!("`{text}` does not fit a decimal ({e}); {EXPECTED}"))?;
    if rate.scale() as usize != fraction.len() {
        return Err(format!(
            "`{text}` has more digits than a decimal keeps; {EXPECTED}"
        ));
    }
    if rate.is_zero() {
        return Err(format!("`{text}` is zero; {EXPECTED}"));
    }
    Ok(rate)
}

/// Reads a currency code written as three upper-case letters, other than
/// the base EUR.
fn parse_code(text: &str) -> Result<CurrencyCode, String> {
    let code = match text.as_bytes() {
        &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => {
            CurrencyCode::from_bytes([a, b, c])
        }
        _ => None,
    };
    match code {
        Some(EUR) => Err("EUR is the base of every ECB table; expected another currency".into()),
        Some(code) => Ok(code),
        None => Err(format!(
            "`{text}` is not a currency code; expected three upper-case letters such as USD"
        )),
    }
}

/// Reads a date written as `2026-10-30`.
fn parse_iso_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date; expected a date such as 2026-10-30"))
}

/// Builds one day's EUR-based table from its rates.
fn build_table(date: NaiveDate, rates: Vec<(CurrencyCode, Decimal)>) -> Result<Table, String> {
    if rates.is_empty() {
        return Err(format!(
            "no currency is quoted for {date}; expected at least one rate"
        ));
    }
    let quotes = rates
        .into_iter()
        .map(|(code, rate)| (code, Quote::per_base(rate)))
        .collect();
    Table::new(ID, date, EUR, quotes).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_keeps_the_scale_it_was_published_with() {
        for text in ["136", "136.00", "0.83380", "20275.17", "0.5"] {
            assert_eq!(parse_rate(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn a_rate_that_is_not_a_plain_positive_decimal_is_refused() {
        let long = format!("1.{}", "1".repeat(40));
        let bad = [
            "", "1,5", "1e5", "NaN", "inf", "-1.2", "+1.2", "0", "0.000", ".5", "5.", "1.2.3",
            " 1.2", "1 000", "N/A", &long,
        ];
        for text in bad {
            let err = parse_rate(text).unwrap_err();
            assert!(
                err.contains("expected a positive plain decimal"),
                "{text}: {err}"
            );
        }
    }

    #[test]
    fn a_code_must_be_three_upper_case_letters_and_not_eur() {
        assert_eq!(parse_code("USD").unwrap().as_str(), "USD");
        for bad in ["usd", "US", "USDX", "U1D", "", "EUR"] {
            assert!(parse_code(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_day_without_any_rate_is_not_a_table() {
        let date = NaiveDate::from_ymd_opt(2015, 1, 7).unwrap();
        let err = build_table(date, Vec::new()).unwrap_err();
        assert!(
            err.contains("no currency is quoted for 2015-01-07"),
            "{err}"
        );
    }
}
