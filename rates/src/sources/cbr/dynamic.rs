//! The Bank of Russia's series of one currency over a range of dates,
//! `XML_dynamic.asp`, and the list of its currencies' internal ids that
//! the series are asked by.
//!
//! `/scripts/XML_dynamic.asp?VAL_NM_RQ=R01235&date_req1=01/03/2026&date_req2=05/03/2026`
//! answers (windows-1251, as its declaration says; ASCII in practice):
//!
//! ```text
//! <ValCurs ID="R01235" DateRange1="01.03.2026" DateRange2="05.03.2026" name="Foreign Currency Market Dynamic">
//!   <Record Date="03.03.2026" Id="R01235"><Nominal>1</Nominal><Value>77,1734</Value>
//!     <VunitRate>77,1734</VunitRate></Record> ...
//! </ValCurs>
//! ```
//!
//! A record says that `Nominal` units of the currency cost `Value` roubles
//! on `Date`; there is one only for the dates the bank set a rate. The
//! record names the currency by the bank's internal id, not its code: the
//! id comes from the `ID` attribute of each `<Valute>` of `XML_daily.asp`
//! ([`daily_ids`]), where its `<CharCode>` stands beside it.

use chrono::NaiveDate;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use rust_decimal::{Decimal, RoundingStrategy};

use super::parse::{decode, line_at, parse_amount, parse_date, parse_nominal, parse_unit_rate};
use crate::sources::text::excerpt;
use crate::sources::SeriesId;
use crate::{ParseError, Quote};

const FORMAT: &str = "Bank of Russia XML_dynamic";
const DAILY: &str = "Bank of Russia XML";

/// A flat element (`<Valute>`, `<Record>`): its attributes and the texts
/// of its child elements, with the line it starts on.
#[derive(Default)]
struct Item {
    line: usize,
    attributes: Vec<(String, String)>,
    fields: Vec<(String, String)>,
}

impl Item {
    fn attribute(&self, name: &str) -> Option<&str> {
        find(&self.attributes, name)
    }
    fn field(&self, name: &str) -> Option<&str> {
        find(&self.fields, name)
    }
}

fn find<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// A document of a root element holding flat items.
struct Document {
    root: Item,
    /// Text directly inside the root: the bank's complaint, if any.
    said: String,
    items: Vec<Item>,
}

/// The ids of the currencies in a body of `XML_daily.asp`, in its order:
/// each `<Valute ID="..">` with its `<CharCode>`. A `<Valute>` without an
/// `ID` or with a bad code, or a body with none, is an error.
pub(crate) fn daily_ids(body: &[u8]) -> Result<Vec<SeriesId>, ParseError> {
    let doc = read(DAILY, body, "Valute")?;
    if doc.items.is_empty() {
        return Err(complaint(DAILY, &doc, "<Valute>"));
    }
    doc.items
        .iter()
        .map(|item| {
            let fail = |m: String| ParseError::at(DAILY, item.line, m);
            let id = item.attribute("ID").filter(|id| is_id(id));
            let id = id.ok_or_else(|| fail("expected an ID such as R01235 on <Valute>".into()))?;
            let text = item.field("CharCode").unwrap_or_default();
            let code = text.trim().parse().map_err(|_| {
                fail(format!(
                    "expected a code such as USD in the <CharCode> of {id}, found '{}'",
                    excerpt(text)
                ))
            })?;
            Ok(SeriesId {
                key: id.to_owned(),
                code,
            })
        })
        .collect()
}

/// Whether `id` looks like one of the bank's ids: `R` and letters or digits.
pub(crate) fn is_id(id: &str) -> bool {
    id.len() <= 12
        && id.starts_with('R')
        && id.bytes().skip(1).all(|b| b.is_ascii_alphanumeric())
        && id.len() > 1
}

/// Parses a body of `XML_dynamic.asp` asked for the currency `id`: the
/// quote of each `<Record>`, by date, exactly as published (`Nominal`
/// units for `Value` roubles; `VunitRate`, where present, must be their
/// ratio). A `<ValCurs>` with no record is an empty series (the currency
/// had no rate in the range). All or nothing: a record of another id, a
/// date twice, a bad number, or the bank's complaint instead of records is
/// an error.
pub(crate) fn parse_dynamic(body: &[u8], id: &str) -> Result<Vec<(NaiveDate, Quote)>, ParseError> {
    let doc = read(FORMAT, body, "Record")?;
    if doc.items.is_empty() && !doc.said.trim().is_empty() {
        return Err(complaint(FORMAT, &doc, "<Record>"));
    }
    if let Some(other) = doc.root.attribute("ID").filter(|other| *other != id) {
        let message = format!(
            "expected the series of {id}, found that of '{}'",
            excerpt(other)
        );
        return Err(ParseError::at(FORMAT, doc.root.line, message));
    }
    let mut out: Vec<(NaiveDate, Quote)> = Vec::with_capacity(doc.items.len());
    for item in &doc.items {
        let (date, quote) = record(item, id)?;
        if out.iter().any(|(d, _)| *d == date) {
            let message = format!("{id} has two records dated {date}");
            return Err(ParseError::at(FORMAT, item.line, message));
        }
        out.push((date, quote));
    }
    out.sort_by_key(|(d, _)| *d);
    Ok(out)
}

/// One `<Record>` of the series of `id`.
fn record(item: &Item, id: &str) -> Result<(NaiveDate, Quote), ParseError> {
    let fail = |m: String| ParseError::at(FORMAT, item.line, m);
    if let Some(other) = item.attribute("Id").filter(|other| *other != id) {
        return Err(fail(format!(
            "expected records of {id}, found one of '{}'",
            excerpt(other)
        )));
    }
    let text = item.attribute("Date").unwrap_or_default();
    let date = parse_date(text).ok_or_else(|| {
        fail(format!(
            "expected a Date such as 03.03.2026 on <Record>, found '{}'",
            excerpt(text)
        ))
    })?;
    let number = |name: &str, parse: fn(&str) -> Option<Decimal>| {
        let text = item.field(name).unwrap_or_default();
        parse(text).ok_or_else(|| {
            fail(format!(
                "expected a positive number in the <{name}> of {date}, found '{}'",
                excerpt(text)
            ))
        })
    };
    let nominal = number("Nominal", parse_nominal)?;
    let value = number("Value", parse_amount)?;
    if item.field("VunitRate").is_some() {
        let unit = number("VunitRate", parse_unit_rate)?;
        let exact = value.checked_div(nominal).unwrap_or_default();
        let rounding = RoundingStrategy::MidpointAwayFromZero;
        if exact.round_dp_with_strategy(unit.scale(), rounding) != unit {
            return Err(fail(format!(
                "the VunitRate of {date} is {unit} but Value / Nominal = {value} / {nominal} = {exact}"
            )));
        }
    }
    Ok((date, Quote::priced_in_base(nominal, value)))
}

/// The error for a document without items: the bank's words if it said
/// something, else that there was nothing.
fn complaint(format: &'static str, doc: &Document, what: &str) -> ParseError {
    let said = excerpt(doc.said.trim());
    let message = match said.is_empty() {
        true => format!("expected {what} in <ValCurs>, found none"),
        false => format!("the Bank of Russia rejected the request: \"{said}\""),
    };
    ParseError::at(format, doc.root.line, message)
}

/// Reads a `<ValCurs>` of flat `item` elements.
fn read(format: &'static str, body: &[u8], item: &str) -> Result<Document, ParseError> {
    let text = decode(body)?;
    let mut reader = Reader::from_str(&text);
    let mut doc = Document {
        root: Item::default(),
        said: String::new(),
        items: Vec::new(),
    };
    // Depth 0: before the root; 1: in it; 2: in an item; 3: in a field.
    let mut depth = 0;
    let mut field = String::new();
    let mut value = String::new();
    let line = |reader: &Reader<&[u8]>| {
        line_at(
            &text,
            usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX),
        )
    };
    loop {
        let at = line(&reader);
        let fail = |m: String| ParseError::at(format, at, m);
        let event = reader
            .read_event()
            .map_err(|e| fail(format!("expected well-formed XML: {e}")))?;
        match (depth, event) {
            (_, Event::Eof) if depth == 0 && doc.root.line > 0 => return Ok(doc),
            (_, Event::Eof) => return Err(fail("expected <ValCurs>, found the end".into())),
            (0, Event::Start(e) | Event::Empty(e)) if e.name().as_ref() == b"ValCurs" => {
                doc.root = start(&e, at, format)?;
                depth = 1;
            }
            (1, Event::End(_)) => depth = 0,
            (1, Event::Start(e)) if e.name().as_ref() == item.as_bytes() => {
                doc.items.push(start(&e, at, format)?);
                depth = 2;
            }
            (1, Event::Empty(e)) if e.name().as_ref() == item.as_bytes() => {
                doc.items.push(start(&e, at, format)?);
            }
            (1, Event::Text(t)) => doc.said.push_str(&t.decode().unwrap_or_default()),
            (2, Event::Start(e)) => {
                field = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                value.clear();
                depth = 3;
            }
            (2, Event::End(_)) => depth = 1,
            (3, Event::Text(t)) => value.push_str(&t.decode().unwrap_or_default()),
            (3, Event::End(_)) => {
                let fields = &mut doc.items.last_mut().expect("in an item").fields;
                fields.push((std::mem::take(&mut field), std::mem::take(&mut value)));
                depth = 2;
            }
            (0 | 2, Event::Text(_)) | (_, Event::Decl(_) | Event::Comment(_) | Event::PI(_)) => {}
            (0 | 1, Event::Start(e)) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                return Err(fail(format!(
                    "expected <ValCurs> of <{item}>, found <{name}>"
                )));
            }
            (_, other) => {
                let what = format!("{other:?}");
                return Err(fail(format!("unexpected {}", excerpt(&what))));
            }
        }
    }
}

/// An element's attributes, as text.
fn start(e: &BytesStart, line: usize, format: &'static str) -> Result<Item, ParseError> {
    let mut item = Item {
        line,
        ..Item::default()
    };
    for a in e.attributes() {
        let a = a.map_err(|e| ParseError::at(format, line, format!("bad attribute: {e}")))?;
        let name = String::from_utf8_lossy(a.key.as_ref()).into_owned();
        let value = String::from_utf8_lossy(&a.value).into_owned();
        item.attributes.push((name, value));
    }
    Ok(item)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAILY_2026: &[u8] = include_bytes!("fixtures/frankfurter_XML_daily_2026-04-25.xml");
    const USD: &[u8] = include_bytes!("fixtures/XML_dynamic/R01235_2026-03-01_2026-03-05.xml");
    const VND: &[u8] = include_bytes!("fixtures/XML_dynamic/R01150_2026-03-01_2026-03-05.xml");
    const ERROR: &[u8] = include_bytes!("fixtures/exchanger_XML_daily_error.xml");

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_daily_table_names_each_currency_by_the_banks_id() {
        let ids = daily_ids(DAILY_2026).unwrap();
        assert_eq!(ids.len(), 54);
        let usd = ids.iter().find(|c| c.code.as_str() == "USD").unwrap();
        assert_eq!(usd.key, "R01235");
        assert_eq!(ids[0].key, "R01010");
        assert_eq!(ids[0].code.as_str(), "AUD");
    }

    #[test]
    fn every_recorded_series_belongs_to_a_currency_of_the_daily_table() {
        let ids = daily_ids(DAILY_2026).unwrap();
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/sources/cbr/fixtures/XML_dynamic"
        );
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            let id = name.split('_').next().unwrap();
            assert!(ids.iter().any(|c| c.key == id), "{name}");
            let series = parse_dynamic(&std::fs::read(&path).unwrap(), id).unwrap();
            let dates: Vec<NaiveDate> = series.iter().map(|(d, _)| *d).collect();
            assert_eq!(
                dates,
                [d("2026-03-03"), d("2026-03-04"), d("2026-03-05")],
                "{name}"
            );
            seen += 1;
        }
        assert_eq!(seen, 54);
    }

    #[test]
    fn a_series_keeps_each_records_nominal_and_value_as_published() {
        let usd = parse_dynamic(USD, "R01235").unwrap();
        let (date, q) = &usd[0];
        assert_eq!(*date, d("2026-03-03"));
        assert_eq!(
            (q.units.to_string(), q.value.to_string()),
            ("1".into(), "77.1734".into())
        );
        let vnd = parse_dynamic(VND, "R01150").unwrap();
        assert_eq!(vnd[0].1.units.to_string(), "10000");
    }

    #[test]
    fn a_series_of_another_currency_than_asked_is_refused() {
        let e = parse_dynamic(USD, "R01239").unwrap_err();
        assert!(
            e.to_string().contains("expected the series of R01239"),
            "{e}"
        );
    }

    #[test]
    fn a_record_whose_unit_rate_disagrees_is_refused() {
        let text = std::str::from_utf8(USD).unwrap().replacen(
            "77,1734</VunitRate>",
            "77,1735</VunitRate>",
            1,
        );
        let e = parse_dynamic(text.as_bytes(), "R01235").unwrap_err();
        assert!(e.to_string().contains("VunitRate of 2026-03-03"), "{e}");
    }

    #[test]
    fn a_decimal_point_instead_of_the_banks_comma_is_refused() {
        let text =
            std::str::from_utf8(USD)
                .unwrap()
                .replacen("<Value>77,1734", "<Value>77.1734", 1);
        let e = parse_dynamic(text.as_bytes(), "R01235").unwrap_err();
        assert!(e.to_string().contains("<Value> of 2026-03-03"), "{e}");
    }

    #[test]
    fn a_range_without_records_is_an_empty_series_and_a_complaint_an_error() {
        let empty = br#"<?xml version="1.0" encoding="windows-1251"?><ValCurs ID="R01235" DateRange1="01.03.2026" DateRange2="02.03.2026" name="Foreign Currency Market Dynamic"></ValCurs>"#;
        assert_eq!(parse_dynamic(empty, "R01235").unwrap(), []);
        let e = parse_dynamic(ERROR, "R01235").unwrap_err();
        assert!(
            e.to_string()
                .contains("rejected the request: \"Error in parameters\""),
            "{e}"
        );
        assert!(daily_ids(ERROR).is_err());
    }
}
