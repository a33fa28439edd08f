//! Parser for the Central Bank of Armenia's exchange-rate web service,
//! `exchangerates.asmx`.
//!
//! The service answers in two shapes, both read here:
//!
//! * `ExchangeRatesLatest`: the newest table, its date in `<CurrentDate>`
//!   and a `<Rates>` list of
//!   `<ExchangeRate><ISO>JPY</ISO><Amount>10</Amount><Rate>23.735</Rate>...`;
//! * `ExchangeRatesByDateRangeByISO`: a .NET DataSet, an `xs:schema`
//!   followed by a diffgram of rows
//!   `<ExchangeRatesByRange><Rate>376.88</Rate><Amount>1</Amount><ISO>USD</ISO>
//!   <Diff>-0.12</Diff><RateDate>2026-03-02T00:00:00+04:00</RateDate>`,
//!   one per currency and date.
//!
//! Each says that `Amount` units of `ISO` cost `Rate` drams. Elements are
//! found by their local names wherever they are, so the answer may come
//! inside a SOAP envelope (as recorded) or bare, as the service's HTTP GET
//! binding sends the same elements.
//!
//! The CBA also quotes gold and silver (`XAU`, `XAG`) in drams per gram,
//! not per troy ounce as ISO 4217 defines those units: kurs skips them
//! rather than store a price 31 times too small. Every other code must be
//! three upper-case letters, or the body is an error (as for the Bank of
//! Russia and the CNB, codes are not checked against ISO 4217).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use quick_xml::events::Event;
use quick_xml::Reader;
use rust_decimal::Decimal;

use super::ID;
use crate::sources::text::{positive_decimal, upper_code};
use crate::{CurrencyCode, ParseError, Quote, Table};

const FORMAT: &str = "CBA XML";
const AMD: CurrencyCode = CurrencyCode::new_static("AMD");
/// The elements that hold one rate, in the latest and the range answers.
const RECORDS: [&str; 2] = ["ExchangeRate", "ExchangeRatesByRange"];
/// The metals the CBA prices per gram, which kurs does not store.
const PER_GRAM: [&str; 2] = ["XAU", "XAG"];

/// The fields of one rate as published.
#[derive(Default)]
struct Record {
    fields: Vec<(String, String)>,
}

impl Record {
    fn get(&self, name: &str) -> Option<&str> {
        let found = self.fields.iter().find(|(n, _)| n == name);
        found.map(|(_, v)| v.trim())
    }
}

/// What the document holds: its rates, the date of a latest answer, and
/// the words of a SOAP fault.
#[derive(Default)]
struct Document {
    records: Vec<Record>,
    current_date: Option<String>,
    fault: Option<String>,
}

/// Parses an answer of `exchangerates.asmx` (UTF-8 XML) into one table per
/// date, in date order.
///
/// All or nothing: every rate must carry a code, a whole positive
/// `Amount` and a positive `Rate`, and a date (its `RateDate`, or the
/// answer's `CurrentDate`). A SOAP fault is an error quoting the
/// service's words; so is an answer with no rate, and a body cut short.
pub fn parse_cba_xml(body: &[u8]) -> Result<Vec<Table>, ParseError> {
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    let text = std::str::from_utf8(body)
        .map_err(|_| ParseError::whole(FORMAT, "expected UTF-8 text, found other bytes"))?;
    let document = read(text)?;
    if let Some(fault) = document.fault {
        let message = format!("the CBA rejected the request: {}", quoted(&fault));
        return Err(ParseError::whole(FORMAT, message));
    }
    if document.records.is_empty() {
        let message = "empty answer: expected <ExchangeRate> or <ExchangeRatesByRange> rates";
        return Err(ParseError::whole(FORMAT, message));
    }
    let current = document.current_date.as_deref();
    let mut by_date: BTreeMap<NaiveDate, Vec<(CurrencyCode, Quote)>> = BTreeMap::new();
    for (i, record) in document.records.iter().enumerate() {
        if let Some((date, quote)) = to_quote(i + 1, record, current)? {
            by_date.entry(date).or_default().push(quote);
        }
    }
    by_date
        .into_iter()
        .map(|(date, quotes)| {
            Table::new(ID, date, AMD, quotes).map_err(|e| ParseError::whole(FORMAT, e.to_string()))
        })
        .collect()
}

/// Reads the document into its records, checking that it is well formed
/// and complete.
fn read(text: &str) -> Result<Document, ParseError> {
    let mut reader = Reader::from_str(text);
    let mut document = Document::default();
    let mut stack: Vec<String> = Vec::new();
    let mut record: Option<(usize, Record)> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| ParseError::whole(FORMAT, format!("expected well-formed XML: {e}")))?;
        match event {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if RECORDS.contains(&name.as_str()) && record.is_none() {
                    record = Some((stack.len(), Record::default()));
                } else if let Some((depth, r)) = &mut record {
                    if stack.len() == *depth + 1 {
                        r.fields.push((name.clone(), String::new()));
                    }
                }
                stack.push(name);
            }
            Event::Empty(e)
                if RECORDS
                    .iter()
                    .any(|r| r.as_bytes() == e.local_name().as_ref()) =>
            {
                let message = "expected rates in each record, found an empty one";
                return Err(ParseError::whole(FORMAT, message));
            }
            Event::End(_) => {
                stack.pop();
                if record
                    .as_ref()
                    .is_some_and(|(depth, _)| *depth == stack.len())
                {
                    let (_, done) = record.take().expect("a record is open");
                    document.records.push(done);
                }
            }
            Event::Text(t) => {
                let text = t.decode().map_err(|e| {
                    ParseError::whole(FORMAT, format!("expected well-formed XML: {e}"))
                })?;
                keep_text(&mut document, &mut record, &stack, &text);
            }
            Event::GeneralRef(r) => {
                let name = String::from_utf8_lossy(&r).into_owned();
                keep_text(&mut document, &mut record, &stack, &format!("&{name};"));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    match stack.last() {
        None => Ok(document),
        Some(open) => {
            let message =
                format!("expected </{open}>, found the end of the body (a truncated answer?)");
            Err(ParseError::whole(FORMAT, message))
        }
    }
}

/// Adds `text` to the field being read, the `CurrentDate` or the fault.
fn keep_text(
    document: &mut Document,
    record: &mut Option<(usize, Record)>,
    stack: &[String],
    text: &str,
) {
    let Some(top) = stack.last() else { return };
    if let Some((depth, r)) = record {
        if stack.len() == *depth + 2 {
            if let Some((_, value)) = r.fields.last_mut() {
                value.push_str(text);
            }
        }
        return;
    }
    match top.as_str() {
        "CurrentDate" => document.current_date.get_or_insert_default().push_str(text),
        "faultstring" => document.fault.get_or_insert_default().push_str(text),
        _ => {}
    }
}

/// A quote and the date of its table.
type Dated = (NaiveDate, (CurrencyCode, Quote));

/// Checks rate `n` (1-based); `None` for a metal priced per gram.
fn to_quote(n: usize, record: &Record, current: Option<&str>) -> Result<Option<Dated>, ParseError> {
    let fail = |message: String| ParseError::whole(FORMAT, format!("rate {n}: {message}"));
    let iso = record.get("ISO").unwrap_or("");
    if PER_GRAM.contains(&iso) {
        return Ok(None);
    }
    let code = upper_code(iso).ok_or_else(|| {
        fail(format!(
            "expected a code such as USD in <ISO>, found {}",
            quoted(iso)
        ))
    })?;
    let (date_text, element) = match record.get("RateDate") {
        Some(date) => (date, "RateDate"),
        None => (current.map(str::trim).unwrap_or(""), "CurrentDate"),
    };
    let date = parse_date(date_text).ok_or_else(|| {
        fail(format!(
            "expected a <{element}> such as 2026-03-02T00:00:00+04:00 for {code}, found {}",
            quoted(date_text)
        ))
    })?;
    let amount = record.get("Amount").unwrap_or("");
    let amount = parse_amount(amount).ok_or_else(|| {
        fail(format!(
            "expected a whole <Amount> such as 10 for {code}, found {}",
            quoted(amount)
        ))
    })?;
    let rate = record.get("Rate").unwrap_or("");
    let rate = parse_rate(rate).ok_or_else(|| {
        fail(format!(
            "expected a positive <Rate> such as 377.39 for {code}, found {}",
            quoted(rate)
        ))
    })?;
    Ok(Some((date, (code, Quote::priced_in_base(amount, rate)))))
}

/// `2026-03-02T00:00:00`, with or without an offset such as `+04:00`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let (day, time) = text.split_once('T')?;
    let midnight = time.strip_prefix("00:00:00")?;
    let offset_ok = midnight.is_empty()
        || (midnight.len() == 6 && midnight.starts_with(['+', '-']))
        || midnight == "Z";
    (offset_ok && day.len() == 10).then(|| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())?
}

/// A positive whole number such as `1`, `10` or `100`.
fn parse_amount(text: &str) -> Option<Decimal> {
    let digits = !text.is_empty() && text.len() <= 9 && text.bytes().all(|b| b.is_ascii_digit());
    let amount = digits.then(|| Decimal::from_str_exact(text).ok())??;
    (amount > Decimal::ZERO).then_some(amount)
}

/// A positive decimal such as `0.028677` or `60871`, kept at its
/// published scale.
fn parse_rate(text: &str) -> Option<Decimal> {
    positive_decimal(text, '.', 12)
}

/// A few words of `text` in quotes, for "found ..." in a message (errors
/// end up in public status fields, so they never quote more).
fn quoted(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("'{}...'", &text[..cut]),
        None => format!("'{text}'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing::{date, published, triple};

    const LATEST: &[u8] = include_bytes!("fixtures/frankfurter_ExchangeRatesLatest_2026-03-19.xml");
    const RANGE: &[u8] = include_bytes!(
        "fixtures/frankfurter_ExchangeRatesByDateRangeByISO_2026-03-01_2026-03-19.xml"
    );

    /// The error for `LATEST` with `from` replaced by `to`.
    fn error_with(from: &str, to: &str) -> String {
        let text = std::str::from_utf8(LATEST).unwrap();
        assert!(text.contains(from), "{from}");
        parse_cba_xml(text.replacen(from, to, 1).as_bytes())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn the_latest_answer_is_the_table_of_its_current_date_without_metals() {
        let tables = parse_cba_xml(LATEST).unwrap();
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(
            (t.source(), t.base(), t.date()),
            (ID, AMD, date(2026, 3, 18))
        );
        // 30 rates, less gold and silver.
        assert_eq!(t.len(), 28);
        assert_eq!(published(t, "USD"), triple("1", "377.39", "377.39"));
        assert_eq!(published(t, "EUR"), triple("1", "435.55", "435.55"));
        assert_eq!(published(t, "JPY"), triple("10", "23.735", "2.3735"));
        assert_eq!(published(t, "IRR"), triple("100", "0.028677", "0.00028677"));
        assert_eq!(published(t, "UZS"), triple("10", "0.31003", "0.031003"));
        assert_eq!(published(t, "CHF"), triple("1", "480.2", "480.2"));
        assert!(t.quote("XAU".parse().unwrap()).is_none());
        assert!(t.quote("XAG".parse().unwrap()).is_none());
    }

    #[test]
    fn the_range_answer_gives_one_table_per_working_day() {
        let tables = parse_cba_xml(RANGE).unwrap();
        let dates: Vec<u32> = tables
            .iter()
            .map(|t| chrono::Datelike::day(&t.date()))
            .collect();
        assert_eq!(dates, [2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18]);
        assert!(tables.iter().all(|t| t.len() == 28 && t.base() == AMD));
        assert_eq!(
            published(&tables[0], "USD"),
            triple("1", "376.88", "376.88")
        );
        assert_eq!(
            published(&tables[0], "GBP"),
            triple("1", "505.17", "505.17")
        );
        let newest = parse_cba_xml(LATEST).unwrap().remove(0);
        assert_eq!(tables[12], newest, "the range ends with the latest table");
    }

    #[test]
    fn a_bare_answer_of_the_get_binding_parses_like_the_soap_one() {
        // The same elements without the envelope (derived from the recording).
        let text = std::str::from_utf8(LATEST).unwrap();
        let start = text.find("<ExchangeRatesLatestResult>").unwrap();
        let end = text.find("</ExchangeRatesLatestResult>").unwrap();
        let inner = &text[start + "<ExchangeRatesLatestResult>".len()..end];
        let bare = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ExchangeRates xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"http://www.cba.am/\">{inner}</ExchangeRates>"
        );
        assert_eq!(parse_cba_xml(bare.as_bytes()), parse_cba_xml(LATEST));
    }

    #[test]
    fn every_recorded_code_is_in_the_catalogue() {
        let catalogue = ID.catalogue().unwrap();
        for t in parse_cba_xml(RANGE).unwrap() {
            for (code, _) in t.quotes() {
                assert!(catalogue.contains(code), "{code}");
            }
        }
    }

    #[test]
    fn bad_rates_are_refused_naming_the_rate() {
        let cases = [
            (
                "<ISO>USD</ISO>",
                "<ISO>usd</ISO>",
                "rate 1: expected a code such as USD in <ISO>, found 'usd'",
            ),
            ("<ISO>USD</ISO>", "", "found ''"),
            (
                "<Amount>1</Amount><Rate>377.39",
                "<Amount>0</Amount><Rate>377.39",
                "whole <Amount> such as 10 for USD, found '0'",
            ),
            (
                "<Amount>1</Amount><Rate>377.39",
                "<Amount>1.5</Amount><Rate>377.39",
                "found '1.5'",
            ),
            (
                "<Rate>377.39</Rate>",
                "<Rate>377,39</Rate>",
                "positive <Rate> such as 377.39 for USD, found '377,39'",
            ),
            (
                "<Rate>377.39</Rate>",
                "<Rate>-377.39</Rate>",
                "found '-377.39'",
            ),
            ("<Rate>377.39</Rate>", "<Rate>0</Rate>", "found '0'"),
            (
                "<Rate>377.39</Rate>",
                "<Rate>377&amp;39</Rate>",
                "found '377&amp;39'",
            ),
            ("<ISO>GBP</ISO>", "<ISO>USD</ISO>", "USD is quoted twice"),
            (
                "<ISO>GBP</ISO>",
                "<ISO>AMD</ISO>",
                "quotes its own base AMD",
            ),
            (
                "<CurrentDate>2026-03-18T00:00:00</CurrentDate>",
                "<CurrentDate>18.03.2026</CurrentDate>",
                "expected a <CurrentDate> such as",
            ),
            (
                "<CurrentDate>2026-03-18T00:00:00</CurrentDate>",
                "",
                "found ''",
            ),
            (
                "<ExchangeRate><ISO>USD",
                "<ExchangeRate/><ExchangeRate><ISO>USD",
                "found an empty one",
            ),
        ];
        for (from, to, expected) in cases {
            let err = error_with(from, to);
            assert!(err.contains(expected), "{to}: {err}");
        }
    }

    #[test]
    fn faults_empty_truncated_and_foreign_bodies_are_refused() {
        let fault = br#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>Server was unable to read request.</faultstring></soap:Fault></soap:Body></soap:Envelope>"#;
        let cases: [(&[u8], &str); 5] = [
            (
                fault,
                "the CBA rejected the request: 'Server was unable to read request.'",
            ),
            (b"", "empty answer"),
            (b"<html><body>Runtime Error</body></html>", "empty answer"),
            (b"<a><b></a>", "expected well-formed XML"),
            (b"<a>\xff</a>", "expected UTF-8 text"),
        ];
        for (body, expected) in cases {
            let err = parse_cba_xml(body).unwrap_err().to_string();
            assert!(err.contains(expected), "{err}");
        }
        for body in [LATEST, RANGE] {
            for cut in [body.len() - 1, body.len() / 2, 100] {
                let err = parse_cba_xml(&body[..cut]).unwrap_err().to_string();
                assert!(err.contains("expected"), "{cut}: {err}");
            }
        }
        let cut = &LATEST[..LATEST.len() - "</soap:Envelope>".len()];
        let err = parse_cba_xml(cut).unwrap_err().to_string();
        assert!(
            err.contains("expected </Envelope>, found the end of the body"),
            "{err}"
        );
    }
}
