//! Parser for the Magyar Nemzeti Bank's SOAP answers.
//!
//! The MNB's web service (`/arfolyamok.asmx`) answers a SOAP envelope whose
//! result element holds, as escaped text, a second XML document:
//!
//! ```text
//! <s:Envelope><s:Body><GetExchangeRatesResponse><GetExchangeRatesResult>
//!   &lt;MNBExchangeRates&gt;&lt;Day date="2025-03-28"&gt;
//!     &lt;Rate unit="100" curr="JPY"&gt;248,17&lt;/Rate&gt; ...
//! </GetExchangeRatesResult></GetExchangeRatesResponse></s:Body></s:Envelope>
//! ```
//!
//! Each `<Day>` is one table, newest first; each `<Rate>` says that `unit`
//! units of `curr` cost its text in forints, with a comma as the decimal
//! separator (1 for most currencies, 100 for JPY, KRW and IDR). A SOAP
//! fault is an error quoting the service's words. Codes are taken as the
//! MNB writes them (three letters), as the Bank of Russia's parser does.

use chrono::NaiveDate;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use rust_decimal::Decimal;

use super::ID;
use crate::sources::text::{excerpt, positive_decimal};
use crate::{CurrencyCode, ParseError, Quote, Table};

const FORMAT: &str = "MNB SOAP XML";
const HUF: CurrencyCode = CurrencyCode::new_static("HUF");

/// Parses a body of the MNB's `GetExchangeRates` (or
/// `GetCurrentExchangeRates`) into one table per `<Day>`, oldest first.
///
/// All or nothing: a malformed envelope, a missing result, a bad `<Rate>`
/// or a document cut short is an error.
pub(crate) fn parse_mnb_soap(body: &[u8]) -> Result<Vec<Table>, ParseError> {
    let text = std::str::from_utf8(body)
        .map_err(|_| ParseError::whole(FORMAT, "expected UTF-8 XML, found other bytes"))?;
    let result = soap_result(text)?;
    let mut tables = days(&result)?;
    tables.sort_by_key(Table::date);
    if let Some(pair) = tables.windows(2).find(|w| w[0].date() == w[1].date()) {
        let message = format!("the day {} is given twice", pair[0].date());
        return Err(ParseError::whole(FORMAT, message));
    }
    Ok(tables)
}

/// An error about well-formedness, with quick-xml's words.
fn xml_error(layer: &str, error: impl std::fmt::Display) -> ParseError {
    ParseError::whole(
        FORMAT,
        format!("expected well-formed XML in the {layer}: {error}"),
    )
}

/// The unescaped text of an element's content (text and entity references).
fn push_text(out: &mut String, event: &Event, layer: &str) -> Result<(), ParseError> {
    let raw = match event {
        Event::Text(t) => t.decode().map_err(|e| xml_error(layer, e))?.into_owned(),
        Event::CData(t) => {
            out.push_str(&t.decode().map_err(|e| xml_error(layer, e))?);
            return Ok(());
        }
        Event::GeneralRef(r) => format!("&{};", r.decode().map_err(|e| xml_error(layer, e))?),
        _ => return Ok(()),
    };
    let text = quick_xml::escape::unescape(&raw).map_err(|e| xml_error(layer, e))?;
    out.push_str(&text);
    Ok(())
}

/// The local name of an element, without its prefix.
fn local(e: &BytesStart) -> String {
    String::from_utf8_lossy(e.local_name().as_ref()).into_owned()
}

/// The text of the SOAP result element (`...Result` in the body), or the
/// service's fault as an error.
fn soap_result(text: &str) -> Result<String, ParseError> {
    let mut reader = Reader::from_str(text);
    let layer = "SOAP envelope";
    let mut inside: Option<String> = None;
    let mut result = String::new();
    let mut fault: Option<String> = None;
    loop {
        match reader.read_event().map_err(|e| xml_error(layer, e))? {
            Event::Start(e) if inside.is_none() && local(&e).ends_with("Result") => {
                inside = Some(local(&e));
            }
            Event::Start(e) if local(&e) == "Fault" => fault = Some(String::new()),
            Event::End(e)
                if inside.as_deref()
                    == Some(&*String::from_utf8_lossy(e.local_name().as_ref())) =>
            {
                return Ok(result);
            }
            Event::Eof => {
                return Err(match (fault, inside) {
                    (Some(words), _) => ParseError::whole(
                        FORMAT,
                        format!(
                            "the MNB answered with a SOAP fault: \"{}\"",
                            excerpt(&words)
                        ),
                    ),
                    (None, Some(_)) => ParseError::whole(
                        FORMAT,
                        "the result ends before its end tag (a truncated answer?)",
                    ),
                    (None, None) => ParseError::whole(
                        FORMAT,
                        format!(
                            "expected a SOAP envelope with a GetExchangeRatesResult, found '{}'",
                            excerpt(text)
                        ),
                    ),
                });
            }
            event if inside.is_some() => push_text(&mut result, &event, layer)?,
            event => {
                if let Some(words) = fault.as_mut() {
                    push_text(words, &event, layer)?;
                    words.push(' ');
                }
            }
        }
    }
}

/// The tables of the inner `<MNBExchangeRates>` document.
fn days(document: &str) -> Result<Vec<Table>, ParseError> {
    let layer = "MNBExchangeRates document";
    let mut reader = Reader::from_str(document);
    let mut root = false;
    let mut tables = Vec::new();
    loop {
        match reader.read_event().map_err(|e| xml_error(layer, e))? {
            Event::Start(e) if !root && e.name().as_ref() == b"MNBExchangeRates" => root = true,
            Event::Start(e) if root && e.name().as_ref() == b"Day" => {
                let date = attribute(&e, "date", layer)?;
                let date = parse_date(&date).ok_or_else(|| {
                    let message = format!(
                        "expected a Day date such as 2025-03-28, found '{}'",
                        excerpt(&date)
                    );
                    ParseError::whole(FORMAT, message)
                })?;
                let quotes = rates(&mut reader, date)?;
                let table = Table::new(ID, date, HUF, quotes)
                    .map_err(|e| ParseError::whole(FORMAT, e.to_string()))?;
                tables.push(table);
            }
            Event::End(e) if root && e.name().as_ref() == b"MNBExchangeRates" => break,
            Event::Empty(e) if !root && e.name().as_ref() == b"MNBExchangeRates" => break,
            Event::Eof => {
                let message = match root {
                    true => "the document ends before </MNBExchangeRates> (a truncated answer?)",
                    false => "expected an <MNBExchangeRates> document in the SOAP result",
                };
                return Err(ParseError::whole(FORMAT, message));
            }
            Event::Decl(_) | Event::Comment(_) => {}
            Event::Text(t) if t.iter().all(u8::is_ascii_whitespace) => {}
            other => {
                let message = format!(
                    "expected <Day> elements in <MNBExchangeRates>, found {}",
                    describe(&other)
                );
                return Err(ParseError::whole(FORMAT, message));
            }
        }
    }
    if tables.is_empty() {
        return Err(ParseError::whole(
            FORMAT,
            "empty answer: <MNBExchangeRates> holds no <Day>",
        ));
    }
    Ok(tables)
}

/// The `<Rate>` elements of one `<Day>` up to its end tag.
fn rates(
    reader: &mut Reader<&[u8]>,
    date: NaiveDate,
) -> Result<Vec<(CurrencyCode, Quote)>, ParseError> {
    let layer = "MNBExchangeRates document";
    let mut quotes = Vec::new();
    loop {
        match reader.read_event().map_err(|e| xml_error(layer, e))? {
            Event::Start(e) if e.name().as_ref() == b"Rate" => {
                let code = attribute(&e, "curr", layer)?;
                let units = attribute(&e, "unit", layer)?;
                let mut value = String::new();
                loop {
                    match reader.read_event().map_err(|e| xml_error(layer, e))? {
                        Event::End(_) => break,
                        Event::Eof => {
                            return Err(ParseError::whole(
                                FORMAT,
                                format!("the day {date} ends inside a <Rate>"),
                            ))
                        }
                        event => push_text(&mut value, &event, layer)?,
                    }
                }
                quotes.push(quote(date, &code, &units, &value)?);
            }
            Event::End(_) => return Ok(quotes),
            Event::Eof => {
                return Err(ParseError::whole(
                    FORMAT,
                    format!("the day {date} ends before </Day> (a truncated answer?)"),
                ))
            }
            Event::Text(t) if t.iter().all(u8::is_ascii_whitespace) => {}
            other => {
                let message = format!(
                    "expected <Rate> elements in the day {date}, found {}",
                    describe(&other)
                );
                return Err(ParseError::whole(FORMAT, message));
            }
        }
    }
}

/// One `<Rate unit=".." curr="..">value</Rate>` of the day `date`.
fn quote(
    date: NaiveDate,
    code: &str,
    units: &str,
    value: &str,
) -> Result<(CurrencyCode, Quote), ParseError> {
    let fail = |message: String| ParseError::whole(FORMAT, format!("{message} (day {date})"));
    let three_letters = code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase());
    let code: CurrencyCode = three_letters
        .then(|| code.parse().ok())
        .flatten()
        .ok_or_else(|| {
            fail(format!(
                "expected a code such as USD in curr, found '{}'",
                excerpt(code)
            ))
        })?;
    let units = parse_units(units).ok_or_else(|| {
        fail(format!(
            "expected a whole number of units such as 100 for {code}, found '{}'",
            excerpt(units)
        ))
    })?;
    let value = parse_rate(value).ok_or_else(|| {
        fail(format!(
            "expected a positive rate such as 248,17 for {code}, found '{}'",
            excerpt(value)
        ))
    })?;
    Ok((code, Quote::priced_in_base(units, value)))
}

/// The value of attribute `name` of `e`; an error when it is missing.
fn attribute(e: &BytesStart, name: &str, layer: &str) -> Result<String, ParseError> {
    let attribute = e
        .try_get_attribute(name)
        .map_err(|err| xml_error(layer, err))?;
    let attribute = attribute.ok_or_else(|| {
        let message = format!("expected a {name} attribute on <{}>", local(e));
        ParseError::whole(FORMAT, message)
    })?;
    let value = attribute
        .unescape_value()
        .map_err(|err| xml_error(layer, err))?;
    Ok(value.into_owned())
}

/// `yyyy-mm-dd`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    (text.len() == 10).then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())?
}

/// A positive whole number such as `1` or `100`.
fn parse_units(text: &str) -> Option<Decimal> {
    let digits = !text.is_empty() && text.len() <= 9 && text.bytes().all(|b| b.is_ascii_digit());
    let units = digits
        .then(|| Decimal::from_str_exact(text).ok())
        .flatten()?;
    (units > Decimal::ZERO).then_some(units)
}

/// A positive amount with a comma for the decimal separator, e.g. `248,17`,
/// kept at its published scale.
fn parse_rate(text: &str) -> Option<Decimal> {
    positive_decimal(text, ',', 12)
}

/// Names an unexpected event for an error message.
fn describe(event: &Event) -> String {
    match event {
        Event::Start(e) | Event::Empty(e) => format!("<{}>", local(e)),
        Event::End(e) => format!("</{}>", String::from_utf8_lossy(e.local_name().as_ref())),
        Event::Text(t) => format!("text '{}'", excerpt(&String::from_utf8_lossy(t))),
        _ => "other markup".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing::{date, published, triple};

    const MARCH_2025: &[u8] =
        include_bytes!("fixtures/frankfurter_mnb_GetExchangeRates_2025-03-24_2025-03-28.xml");

    fn text() -> &'static str {
        std::str::from_utf8(MARCH_2025).unwrap()
    }

    fn error_with(from: &str, to: &str) -> ParseError {
        assert!(text().contains(from), "{from}");
        parse_mnb_soap(text().replacen(from, to, 1).as_bytes()).unwrap_err()
    }

    #[test]
    fn the_march_2025_answer_gives_five_days_of_32_currencies_in_forints() {
        let tables = parse_mnb_soap(MARCH_2025).unwrap();
        let dates: Vec<NaiveDate> = tables.iter().map(Table::date).collect();
        assert_eq!(dates, [24, 25, 26, 27, 28].map(|d| date(2025, 3, d)));
        for t in &tables {
            assert_eq!((t.source(), t.base(), t.len()), (ID, HUF, 32));
            let per_100: Vec<&str> = t
                .quotes()
                .iter()
                .filter(|(_, q)| q.units != Decimal::ONE)
                .map(|(c, _)| c.as_str())
                .collect();
            assert_eq!(per_100, ["IDR", "JPY", "KRW"]);
        }
        let friday = &tables[4];
        assert_eq!(published(friday, "EUR"), triple("1", "402.61", "402.61"));
        assert_eq!(published(friday, "USD"), triple("1", "373.72", "373.72"));
        assert_eq!(published(friday, "GBP"), triple("1", "484.00", "484"));
        assert_eq!(published(friday, "JPY"), triple("100", "248.17", "2.4817"));
        assert_eq!(published(friday, "IDR"), triple("100", "2.26", "0.0226"));
        assert_eq!(
            published(&tables[3], "EUR"),
            triple("1", "400.47", "400.47")
        );
        assert_eq!(published(&tables[0], "ZAR"), triple("1", "20.23", "20.23"));
        let catalogue = ID.catalogue().unwrap();
        for (code, _) in friday.quotes() {
            assert!(catalogue.contains(code), "{code}");
        }
    }

    #[test]
    fn bad_rates_are_refused_naming_the_currency_and_day() {
        let cases = [
            (
                "unit=\"100\" curr=\"JPY\"&gt;248,17",
                "unit=\"0\" curr=\"JPY\"&gt;248,17",
                "units such as 100 for JPY, found '0'",
            ),
            (
                "unit=\"100\" curr=\"JPY\"&gt;248,17",
                "unit=\"1,5\" curr=\"JPY\"&gt;248,17",
                "found '1,5'",
            ),
            (
                "unit=\"100\" curr=\"JPY\"&gt;248,17",
                "unit=\"100\" curr=\"jpy\"&gt;248,17",
                "found 'jpy'",
            ),
            (
                "unit=\"100\" curr=\"JPY\"&gt;248,17",
                "unit=\"100\" curr=\"JPY\"&gt;248.17",
                "rate such as 248,17 for JPY, found '248.17'",
            ),
            (
                "unit=\"100\" curr=\"JPY\"&gt;248,17",
                "unit=\"100\" curr=\"JPY\"&gt;-248,17",
                "found '-248,17'",
            ),
            (
                "unit=\"100\" curr=\"JPY\"&gt;248,17",
                "unit=\"100\" curr=\"JPY\"&gt;",
                "found ''",
            ),
            (
                "unit=\"100\" curr=\"JPY\"&gt;248,17",
                "curr=\"JPY\"&gt;248,17",
                "expected a unit attribute",
            ),
            (
                "unit=\"100\" curr=\"JPY\"&gt;248,17",
                "unit=\"100\" curr=\"AUD\"&gt;248,17",
                "AUD is quoted twice",
            ),
            (
                "unit=\"100\" curr=\"JPY\"&gt;248,17",
                "unit=\"100\" curr=\"HUF\"&gt;248,17",
                "its own base HUF",
            ),
            (
                "Day date=\"2025-03-28\"",
                "Day date=\"28.03.2025\"",
                "found '28.03.2025'",
            ),
            (
                "date=\"2025-03-27\"",
                "date=\"2025-03-28\"",
                "the day 2025-03-28 is given twice",
            ),
        ];
        for (from, to, expected) in cases {
            let err = error_with(from, to);
            assert!(err.message.contains(expected), "{to}: {err}");
        }
    }

    #[test]
    fn faults_empty_truncated_and_foreign_bodies_are_refused() {
        let fault = b"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring xml:lang=\"en-US\">Invalid date</faultstring></s:Fault></s:Body></s:Envelope>";
        let empty = text().replacen(
            &text()[text().find("&lt;MNBExchangeRates&gt;").unwrap()
                ..text().find("</GetExchangeRatesResult>").unwrap()],
            "&lt;MNBExchangeRates /&gt;",
            1,
        );
        let cases: [(&[u8], &str); 6] = [
            (fault, "SOAP fault: \"s:Client Invalid date\""),
            (empty.as_bytes(), "empty answer"),
            (b"", "expected a SOAP envelope"),
            (
                b"<html><body>502 Bad Gateway</body></html>",
                "expected a SOAP envelope",
            ),
            (b"<s:Envelope>\xff</s:Envelope>", "expected UTF-8"),
            (&MARCH_2025[..MARCH_2025.len() - 200], "truncated answer"),
        ];
        for (body, expected) in cases {
            let err = parse_mnb_soap(body).unwrap_err();
            assert!(err.message.contains(expected), "{expected}: {err}");
        }
        let cut = text().find("curr=\"USD\"&gt;367,60").unwrap();
        let err = parse_mnb_soap(&MARCH_2025[..cut]).unwrap_err();
        assert!(
            err.message.contains("truncated") || err.message.contains("well-formed"),
            "{err}"
        );
        let half = parse_mnb_soap(&MARCH_2025[..MARCH_2025.len() / 2]).unwrap_err();
        assert!(
            half.message.contains("truncated") || half.message.contains("well-formed"),
            "{half}"
        );
    }
}
