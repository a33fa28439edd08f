//! Parser for the National Bank of the Kyrgyz Republic's XML rates,
//! `/XML/daily.xml` and `/XML/weekly.xml`.
//!
//! ```text
//! <?xml version="1.0" encoding="windows-1251" ?>
//! <CurrencyRates Name="Daily Exchange Rates" Date="24.05.2026">
//! <Currency ISOCode="USD">
//! <Nominal>1</Nominal>
//! <Value>87,4500</Value>
//! </Currency>
//! ...
//! ```
//!
//! Each `<Currency>` says that `Nominal` units of `ISOCode` cost `Value`
//! soms, with a comma as the decimal separator, from the root's `Date`.
//! The weekly file has the same shape, each currency with a
//! `<ValidFor>7</ValidFor>` (days), which is not read.

use chrono::NaiveDate;
use quick_xml::events::BytesStart;
use rust_decimal::Decimal;

use super::ID;
use crate::sources::text::{decode_declared_xml, upper_code, xml_error, FlatXml};
use crate::{CurrencyCode, ParseError, Quote, Table};

const FORMAT: &str = "NBKR XML";
const KGS: CurrencyCode = CurrencyCode::new_static("KGS");

/// The fields of one `<Currency>` as published.
#[derive(Default)]
struct Raw {
    code: String,
    nominal: Option<String>,
    value: Option<String>,
}

/// Parses a body of `/XML/daily.xml` or `/XML/weekly.xml` (raw bytes, in
/// the encoding its declaration names) into its one table.
///
/// All or nothing: every `<Currency>` must carry an `ISOCode` of three
/// upper-case letters (not checked against ISO 4217, as for the Bank of
/// Russia and the CNB), a whole positive `Nominal` and a positive `Value`;
/// the root must carry its `Date` (`dd.mm.yyyy`), and the document must be
/// complete.
pub fn parse_nbkr_xml(body: &[u8]) -> Result<Table, ParseError> {
    let text = decode_declared_xml(body, FORMAT)?;
    let (date, raws) = read(&text)?;
    if raws.is_empty() {
        let message = "empty table: <CurrencyRates> holds no <Currency>";
        return Err(ParseError::whole(FORMAT, message));
    }
    let quotes = raws.iter().map(to_quote).collect::<Result<Vec<_>, _>>()?;
    Table::new(ID, date, KGS, quotes).map_err(|e| ParseError::whole(FORMAT, e.to_string()))
}

/// The document's shape.
const SHAPE: FlatXml = FlatXml {
    format: FORMAT,
    bank: "NBKR",
    root: "CurrencyRates",
    record: "Currency",
    fields: &["Nominal", "Value"],
};

/// The root's date and the currencies, checking that the document is well
/// formed and complete.
fn read(text: &str) -> Result<(NaiveDate, Vec<Raw>), ParseError> {
    let (date, records) = SHAPE.read(text, root_date, |e| attribute(e, "ISOCode"))?;
    let raws = records
        .into_iter()
        .map(|record| {
            let mut fields = record.fields.into_iter();
            Raw {
                code: record.head,
                nominal: fields.next().flatten(),
                value: fields.next().flatten(),
            }
        })
        .collect();
    Ok((date, raws))
}

/// The value of attribute `name` of `e`, or an error naming it.
fn attribute(e: &BytesStart, name: &str) -> Result<String, ParseError> {
    let element = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
    let found = e
        .try_get_attribute(name)
        .map_err(|e| xml_error(FORMAT, e))?;
    let value = found.ok_or_else(|| {
        ParseError::whole(
            FORMAT,
            format!("expected the attribute {name} on <{element}>, found none"),
        )
    })?;
    Ok(String::from_utf8_lossy(&value.value).trim().to_owned())
}

/// The `Date` of `<CurrencyRates>`.
fn root_date(e: &BytesStart) -> Result<NaiveDate, ParseError> {
    let text = attribute(e, "Date")?;
    let date = (text.len() == 10).then(|| NaiveDate::parse_from_str(&text, "%d.%m.%Y").ok());
    date.flatten().ok_or_else(|| {
        let message = format!(
            "expected a Date such as 24.05.2026 on <CurrencyRates>, found {}",
            quoted(&text)
        );
        ParseError::whole(FORMAT, message)
    })
}

/// Checks one currency.
fn to_quote(raw: &Raw) -> Result<(CurrencyCode, Quote), ParseError> {
    let code = upper_code(&raw.code).ok_or_else(|| {
        let message = format!(
            "expected an ISOCode such as USD on <Currency>, found {}",
            quoted(&raw.code)
        );
        ParseError::whole(FORMAT, message)
    })?;
    let fail = |element: &str, example: &str, found: &Option<String>| {
        let found = found.as_deref().map_or("none".to_owned(), quoted);
        let message = format!("expected a {element} such as {example} for {code}, found {found}");
        ParseError::whole(FORMAT, message)
    };
    let nominal = raw
        .nominal
        .as_deref()
        .map(str::trim)
        .and_then(parse_nominal);
    let nominal = nominal.ok_or_else(|| fail("whole <Nominal>", "10", &raw.nominal))?;
    let value = raw.value.as_deref().map(str::trim).and_then(parse_value);
    let value = value.ok_or_else(|| fail("positive <Value>", "87,4500", &raw.value))?;
    Ok((code, Quote::priced_in_base(nominal, value)))
}

/// A positive whole number such as `1`, `10` or `100`.
fn parse_nominal(text: &str) -> Option<Decimal> {
    let digits = !text.is_empty() && text.len() <= 9 && text.bytes().all(|b| b.is_ascii_digit());
    let nominal = digits.then(|| Decimal::from_str_exact(text).ok())??;
    (nominal > Decimal::ZERO).then_some(nominal)
}

/// A positive amount with a comma for the decimal separator, e.g.
/// `87,4500`, kept at its published scale.
fn parse_value(text: &str) -> Option<Decimal> {
    let digits = |s: &str| !s.is_empty() && s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit());
    let well_formed = match text.split_once(',') {
        Some((int, frac)) => digits(int) && digits(frac),
        None => digits(text),
    };
    let value = well_formed.then(|| Decimal::from_str_exact(&text.replace(',', ".")).ok())??;
    (value > Decimal::ZERO).then_some(value)
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

    const DAILY: &[u8] = include_bytes!("fixtures/frankfurter_daily_2026-05-24.xml");
    const WEEKLY: &[u8] = include_bytes!("fixtures/frankfurter_weekly_2026-05-23.xml");
    const HISTORY_USD: &[u8] = include_bytes!("fixtures/frankfurter_history_USD_2005-06.html");

    /// The error for `DAILY` with `from` replaced by `to`.
    fn error_with(from: &str, to: &str) -> String {
        let text = std::str::from_utf8(DAILY).unwrap();
        assert!(text.contains(from), "{from}");
        parse_nbkr_xml(text.replacen(from, to, 1).as_bytes())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn the_daily_file_gives_five_rates_dated_by_its_root() {
        let t = parse_nbkr_xml(DAILY).unwrap();
        assert_eq!(
            (t.source(), t.base(), t.date()),
            (ID, KGS, date(2026, 5, 24))
        );
        assert_eq!(t.len(), 5);
        assert_eq!(published(&t, "USD"), triple("1", "87.4500", "87.45"));
        assert_eq!(published(&t, "EUR"), triple("1", "101.5076", "101.5076"));
        assert_eq!(published(&t, "KZT"), triple("1", "0.1859", "0.1859"));
        assert_eq!(published(&t, "RUB"), triple("1", "1.2263", "1.2263"));
    }

    #[test]
    fn the_weekly_file_keeps_every_nominal_and_still_quotes_the_old_belarusian_ruble() {
        let t = parse_nbkr_xml(WEEKLY).unwrap();
        assert_eq!(t.date(), date(2026, 5, 23));
        assert_eq!(t.len(), 40);
        assert_eq!(published(&t, "JPY"), triple("10", "5.4969", "0.54969"));
        assert_eq!(published(&t, "AMD"), triple("10", "2.3773", "0.23773"));
        assert_eq!(published(&t, "IRR"), triple("10", "0.0007", "0.00007"));
        assert_eq!(published(&t, "GBP"), triple("1", "117.4147", "117.4147"));
        // Ten years after the redenomination (10,000 BYR = 1 BYN) both are
        // quoted, as published, each with its own units.
        assert_eq!(published(&t, "BYN"), triple("1", "32.0154", "32.0154"));
        assert_eq!(published(&t, "BYR"), triple("100", "0.3402", "0.003402"));
        let not_one = t.quotes().iter().filter(|(_, q)| q.units != Decimal::ONE);
        assert_eq!(not_one.count(), 6);
    }

    #[test]
    fn every_code_of_the_daily_file_is_in_the_catalogue() {
        let catalogue = ID.catalogue().unwrap();
        let daily = parse_nbkr_xml(DAILY).unwrap();
        let codes: Vec<CurrencyCode> = daily.quotes().iter().map(|(c, _)| *c).collect();
        assert_eq!(codes, catalogue);
    }

    #[test]
    fn bad_currencies_and_dates_are_refused() {
        let cases = [
            (
                "ISOCode=\"USD\"",
                "ISOCode=\"usd\"",
                "expected an ISOCode such as USD on <Currency>, found 'usd'",
            ),
            (
                "ISOCode=\"USD\"",
                "Code=\"USD\"",
                "expected the attribute ISOCode on <Currency>, found none",
            ),
            (
                "<Nominal>1</Nominal>\n<Value>87,4500",
                "<Nominal>0</Nominal>\n<Value>87,4500",
                "whole <Nominal> such as 10 for USD, found '0'",
            ),
            (
                "<Nominal>1</Nominal>\n<Value>87,4500",
                "<Value>87,4500",
                "for USD, found none",
            ),
            (
                "87,4500",
                "87.4500",
                "positive <Value> such as 87,4500 for USD, found '87.4500'",
            ),
            ("87,4500", "-87,4500", "found '-87,4500'"),
            ("87,4500", "0,0000", "found '0,0000'"),
            ("87,4500", "87&amp;45", "found '87&amp;45'"),
            ("ISOCode=\"EUR\"", "ISOCode=\"USD\"", "USD is quoted twice"),
            (
                "ISOCode=\"EUR\"",
                "ISOCode=\"KGS\"",
                "quotes its own base KGS",
            ),
            (
                "Date=\"24.05.2026\"",
                "Date=\"2026-05-24\"",
                "expected a Date such as 24.05.2026 on <CurrencyRates>, found '2026-05-24'",
            ),
            (
                "Date=\"24.05.2026\"",
                "Date=\"31.02.2026\"",
                "found '31.02.2026'",
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
            (b"", "found no element"),
            (
                b"<CurrencyRates Date=\"24.05.2026\"></CurrencyRates>",
                "empty table",
            ),
            (
                b"<html><body>502 Bad Gateway</body></html>",
                "expected <CurrencyRates>, found <html>",
            ),
            (HISTORY_USD, "expected <CurrencyRates>, found <table>"),
            (
                b"<CurrencyRates Date=\"24.05.2026\"><Currency ISOCode=\"USD\"/></CurrencyRates>",
                "found <Currency/>",
            ),
        ];
        for (body, expected) in cases {
            let err = parse_nbkr_xml(body).unwrap_err().to_string();
            assert!(err.contains(expected), "{err}");
        }
        for cut in [DAILY.len() - 2, DAILY.len() / 2, 60] {
            let err = parse_nbkr_xml(&DAILY[..cut]).unwrap_err().to_string();
            assert!(err.contains("expected"), "{cut}: {err}");
        }
        let cut = &DAILY[..DAILY.len() - "</CurrencyRates>\n".len()];
        let err = parse_nbkr_xml(cut).unwrap_err().to_string();
        assert!(
            err.contains("expected </CurrencyRates>, found the end of the body"),
            "{err}"
        );
    }

    #[test]
    fn a_windows_1251_name_is_decoded_as_declared() {
        let text = std::str::from_utf8(DAILY).unwrap();
        let russian = text.replace("Daily Exchange Rates", "Курсы валют");
        let (encoded, _, _) = encoding_rs::WINDOWS_1251.encode(&russian);
        assert!(encoded.contains(&0xca), "the name is in windows-1251 bytes");
        assert_eq!(parse_nbkr_xml(&encoded), parse_nbkr_xml(DAILY));
    }
}
