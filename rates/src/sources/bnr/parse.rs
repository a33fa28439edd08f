//! Parser for the National Bank of Romania's XML reference rates.
//!
//! `nbrfxrates.xml` (the newest day), `nbrfxrates10days.xml` and the year
//! files `files/xml/years/nbrfxratesYYYY.xml` share one format:
//!
//! ```text
//! <DataSet xmlns="https://www.bnr.ro/xsd"><Header>...</Header><Body>
//!   <Subject>Reference rates</Subject><OrigCurrency>RON</OrigCurrency>
//!   <Cube date="2026-01-05"><Rate currency="EUR">5.0881</Rate>
//!     <Rate currency="HUF" multiplier="100">1.3146</Rate>...</Cube>...
//! </Body></DataSet>
//! ```
//!
//! Each `<Cube>` is one day's table; each `<Rate>` says that `multiplier`
//! units (1 when absent; 100 for HUF, IDR, ISK, JPY, KRW) of `currency`
//! cost its text in the `OrigCurrency`, with a point as the decimal
//! separator.
//!
//! * The base is the `OrigCurrency` the file names, so that a table keeps
//!   the leu it was published in: the heavy leu `ROL` until the
//!   redenomination of 1 July 2005 (10,000 ROL = 1 RON), the new `RON`
//!   after it. A table dated from 1 July 2005 in ROL is refused.
//! * `XAU` is skipped: the BNR quotes gold per gram, while the ISO code
//!   means a troy ounce (31.1034768 g), so keeping the quote under that
//!   code would misprice it 31-fold. Every other code is kept as written
//!   (three upper-case letters), as the Bank of Russia's parser does.

use chrono::NaiveDate;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use rust_decimal::Decimal;

use super::ID;
use crate::sources::text::{excerpt, positive_decimal};
use crate::{CurrencyCode, ParseError, Quote, Table};

const FORMAT: &str = "BNR XML";
const RON: CurrencyCode = CurrencyCode::new_static("RON");
const ROL: CurrencyCode = CurrencyCode::new_static("ROL");
/// Gold, quoted per gram (see the module's documentation).
const XAU: &str = "XAU";

/// The first day of the new leu.
fn redenomination() -> NaiveDate {
    NaiveDate::from_ymd_opt(2005, 7, 1).expect("a valid date")
}

/// Parses a body of the BNR's XML into one table per `<Cube>`, oldest
/// first. All or nothing: a bad rate, a missing `OrigCurrency`, a document
/// cut short or a day given twice is an error.
pub(crate) fn parse_bnr_xml(body: &[u8]) -> Result<Vec<Table>, ParseError> {
    let text = std::str::from_utf8(body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body))
        .map_err(|_| ParseError::whole(FORMAT, "expected UTF-8 XML, found other bytes"))?;
    let mut parser = Parser {
        reader: Reader::from_str(text),
        text,
    };
    let mut tables = parser.document()?;
    tables.sort_by_key(Table::date);
    if let Some(pair) = tables.windows(2).find(|w| w[0].date() == w[1].date()) {
        let message = format!("the day {} is given twice", pair[0].date());
        return Err(ParseError::whole(FORMAT, message));
    }
    Ok(tables)
}

/// A streaming reader of the document.
struct Parser<'a> {
    reader: Reader<&'a [u8]>,
    text: &'a str,
}

impl<'a> Parser<'a> {
    fn fail(&self, message: impl Into<String>) -> ParseError {
        let pos = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX);
        let line = self.text.as_bytes()[..pos.min(self.text.len())]
            .split(|&b| b == b'\n')
            .count();
        ParseError::at(FORMAT, line, message)
    }

    fn next(&mut self) -> Result<Event<'a>, ParseError> {
        self.reader
            .read_event()
            .map_err(|e| self.fail(format!("expected well-formed XML: {e}")))
    }

    /// The whole document: `<DataSet>` and everything in it.
    fn document(&mut self) -> Result<Vec<Table>, ParseError> {
        loop {
            match self.next()? {
                Event::Start(e) if e.name().as_ref() == b"DataSet" => break,
                Event::Decl(_) | Event::Comment(_) => {}
                Event::Text(t) if t.iter().all(u8::is_ascii_whitespace) => {}
                other => {
                    return Err(self.fail(format!("expected <DataSet>, found {}", describe(&other))))
                }
            }
        }
        let mut base: Option<CurrencyCode> = None;
        let mut tables = Vec::new();
        loop {
            match self.next()? {
                Event::Start(e) if e.name().as_ref() == b"OrigCurrency" => {
                    let text = self.text_of("OrigCurrency")?;
                    base = Some(match text.trim() {
                        "RON" => RON,
                        "ROL" => ROL,
                        other => {
                            return Err(self.fail(format!(
                                "expected RON or ROL in <OrigCurrency>, found '{}'",
                                excerpt(other)
                            )))
                        }
                    });
                }
                Event::Start(e) if e.name().as_ref() == b"Cube" => {
                    let Some(base) = base else {
                        return Err(self.fail("expected <OrigCurrency> before the first <Cube>"));
                    };
                    tables.push(self.cube(&e, base)?);
                }
                Event::End(e) if e.name().as_ref() == b"DataSet" => break,
                Event::Eof => {
                    return Err(
                        self.fail("the document ends before </DataSet> (a truncated answer?)")
                    )
                }
                _ => {}
            }
        }
        if tables.is_empty() {
            return Err(ParseError::whole(
                FORMAT,
                "empty answer: no <Cube> in the document",
            ));
        }
        Ok(tables)
    }

    /// The text of an element whose start tag was just read, to its end.
    fn text_of(&mut self, name: &str) -> Result<String, ParseError> {
        let mut text = String::new();
        loop {
            match self.next()? {
                Event::End(_) => return Ok(text),
                Event::Text(t) => {
                    let raw = t
                        .decode()
                        .map_err(|e| self.fail(format!("expected text in <{name}>: {e}")))?;
                    text.push_str(&raw);
                }
                other => {
                    return Err(self.fail(format!(
                        "expected text and </{name}>, found {}",
                        describe(&other)
                    )))
                }
            }
        }
    }

    /// One `<Cube date="...">` (its start tag just read) as a table.
    fn cube(&mut self, start: &BytesStart, base: CurrencyCode) -> Result<Table, ParseError> {
        let date = self.attribute(start, "date")?.unwrap_or_default();
        let date = parse_date(&date).ok_or_else(|| {
            self.fail(format!(
                "expected a Cube date such as 2026-01-05, found '{}'",
                excerpt(&date)
            ))
        })?;
        if base == ROL && date >= redenomination() {
            return Err(self.fail(format!(
                "a table of {date} in ROL, after the leu's redenomination of 2005-07-01"
            )));
        }
        let mut quotes = Vec::new();
        loop {
            match self.next()? {
                Event::Start(e) if e.name().as_ref() == b"Rate" => {
                    let code = self.attribute(&e, "currency")?.unwrap_or_default();
                    let multiplier = self.attribute(&e, "multiplier")?;
                    let value = self.text_of("Rate")?;
                    if code == XAU {
                        continue;
                    }
                    quotes.push(self.quote(date, &code, multiplier.as_deref(), &value)?);
                }
                Event::End(_) => break,
                Event::Eof => {
                    return Err(self.fail(format!(
                        "the day {date} ends before </Cube> (a truncated answer?)"
                    )))
                }
                Event::Text(t) if t.iter().all(u8::is_ascii_whitespace) => {}
                other => {
                    return Err(self.fail(format!(
                        "expected <Rate> in the day {date}, found {}",
                        describe(&other)
                    )))
                }
            }
        }
        Table::new(ID, date, base, quotes).map_err(|e| self.fail(e.to_string()))
    }

    /// One rate of the day `date`.
    fn quote(
        &self,
        date: NaiveDate,
        code: &str,
        multiplier: Option<&str>,
        value: &str,
    ) -> Result<(CurrencyCode, Quote), ParseError> {
        let three_letters = code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase());
        let code: CurrencyCode = three_letters
            .then(|| code.parse().ok())
            .flatten()
            .ok_or_else(|| {
                self.fail(format!(
                    "expected a currency such as USD on a <Rate> of {date}, found '{}'",
                    excerpt(code)
                ))
            })?;
        let units = match multiplier {
            None => Decimal::ONE,
            Some(text) => parse_units(text).ok_or_else(|| {
                self.fail(format!(
                    "expected a multiplier such as 100 for {code} on {date}, found '{}'",
                    excerpt(text)
                ))
            })?,
        };
        let value = parse_rate(value.trim()).ok_or_else(|| {
            self.fail(format!(
                "expected a positive rate such as 4.5190 for {code} on {date}, found '{}'",
                excerpt(value)
            ))
        })?;
        Ok((code, Quote::priced_in_base(units, value)))
    }

    /// The value of attribute `name`, if present.
    fn attribute(&self, e: &BytesStart, name: &str) -> Result<Option<String>, ParseError> {
        let attribute = e
            .try_get_attribute(name)
            .map_err(|err| self.fail(format!("expected well-formed XML: {err}")))?;
        attribute
            .map(|a| {
                a.unescape_value()
                    .map(|v| v.into_owned())
                    .map_err(|err| self.fail(format!("expected well-formed XML: {err}")))
            })
            .transpose()
    }
}

/// `yyyy-mm-dd`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    (text.len() == 10).then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())?
}

/// A positive whole number such as `100`.
fn parse_units(text: &str) -> Option<Decimal> {
    let digits = !text.is_empty() && text.len() <= 9 && text.bytes().all(|b| b.is_ascii_digit());
    let units = digits
        .then(|| Decimal::from_str_exact(text).ok())
        .flatten()?;
    (units > Decimal::ZERO).then_some(units)
}

/// A positive amount with a point, e.g. `4.5190`, kept at its scale.
fn parse_rate(text: &str) -> Option<Decimal> {
    positive_decimal(text, '.', 12)
}

/// Names an unexpected event for an error message.
fn describe(event: &Event) -> String {
    let name = |n: &[u8]| String::from_utf8_lossy(n).into_owned();
    match event {
        Event::Start(e) | Event::Empty(e) => format!("<{}>", name(e.name().as_ref())),
        Event::End(e) => format!("</{}>", name(e.name().as_ref())),
        Event::Text(t) => format!("text '{}'", excerpt(&String::from_utf8_lossy(t))),
        Event::Eof => "the end of the file".to_owned(),
        _ => "other markup".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing::{date, published, triple};

    const YEAR_2026: &[u8] = include_bytes!("fixtures/frankfurter_nbrfxrates2026.xml");

    fn text() -> &'static str {
        std::str::from_utf8(YEAR_2026).unwrap()
    }

    fn error_with(from: &str, to: &str) -> ParseError {
        assert!(text().contains(from), "{from}");
        parse_bnr_xml(text().replacen(from, to, 1).as_bytes()).unwrap_err()
    }

    /// A one-day file in the BNR's format, with `cube` as its only day.
    fn one_day(orig: &str, cube: &str) -> String {
        format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<DataSet xmlns=\"https://www.bnr.ro/xsd\"><Header><Publisher>National Bank of Romania</Publisher></Header><Body><Subject>Reference rates</Subject><OrigCurrency>{orig}</OrigCurrency>{cube}</Body></DataSet>\n")
    }

    #[test]
    fn the_2026_year_file_gives_157_days_of_36_currencies_in_lei() {
        let tables = parse_bnr_xml(YEAR_2026).unwrap();
        assert_eq!(tables.len(), 157);
        assert_eq!(tables[0].date(), date(2026, 1, 5));
        assert_eq!(tables[156].date(), date(2026, 8, 19));
        for t in &tables {
            assert_eq!(
                (t.source(), t.base(), t.len()),
                (ID, RON, 36),
                "{}",
                t.date()
            );
            assert!(!t.covers("XAU".parse().unwrap()));
        }
        let last = &tables[156];
        assert_eq!(published(last, "EUR"), triple("1", "5.2452", "5.2452"));
        assert_eq!(published(last, "USD"), triple("1", "4.5190", "4.519"));
        assert_eq!(published(last, "HUF"), triple("100", "1.4375", "0.014375"));
        assert_eq!(published(last, "IDR"), triple("100", "0.0254", "0.000254"));
        assert_eq!(published(last, "JPY"), triple("100", "2.8404", "0.028404"));
        assert_eq!(published(last, "MDL"), triple("1", "0.2631", "0.2631"));
        assert_eq!(
            published(&tables[0], "AED"),
            triple("1", "1.1859", "1.1859")
        );
        let per_100: Vec<&str> = last
            .quotes()
            .iter()
            .filter(|(_, q)| q.units != Decimal::ONE)
            .map(|(c, _)| c.as_str())
            .collect();
        assert_eq!(per_100, ["HUF", "IDR", "ISK", "JPY", "KRW"]);
        let catalogue = ID.catalogue().unwrap();
        for (code, _) in last.quotes() {
            assert!(catalogue.contains(code), "{code}");
        }
    }

    #[test]
    fn a_table_before_the_redenomination_keeps_its_heavy_lei() {
        let cube = "<Cube date=\"2005-06-30\"><Rate currency=\"EUR\">35918</Rate><Rate currency=\"HUF\" multiplier=\"100\">14587</Rate></Cube>";
        let tables = parse_bnr_xml(one_day("ROL", cube).as_bytes()).unwrap();
        assert_eq!(
            (tables[0].base(), tables[0].date()),
            (ROL, date(2005, 6, 30))
        );
        assert_eq!(
            published(&tables[0], "HUF"),
            triple("100", "14587", "145.87")
        );
        let after = cube.replace("2005-06-30", "2005-07-01");
        let err = parse_bnr_xml(one_day("ROL", &after).as_bytes()).unwrap_err();
        assert!(
            err.message.contains("after the leu's redenomination"),
            "{err}"
        );
        let err = parse_bnr_xml(one_day("EUR", cube).as_bytes()).unwrap_err();
        assert!(err.message.contains("RON or ROL"), "{err}");
    }

    #[test]
    fn bad_rates_are_refused_naming_the_currency_and_day() {
        let cube = "<Rate currency=\"HUF\" multiplier=\"100\">1.4375</Rate>";
        let cases = [
            (
                "<Rate currency=\"HUF\" multiplier=\"0\">1.4375</Rate>",
                "multiplier such as 100 for HUF on 2026-08-19, found '0'",
            ),
            (
                "<Rate currency=\"HUF\" multiplier=\"100\">1,4375</Rate>",
                "rate such as 4.5190 for HUF on 2026-08-19, found '1,4375'",
            ),
            (
                "<Rate currency=\"HUF\" multiplier=\"100\">-1.4375</Rate>",
                "found '-1.4375'",
            ),
            (
                "<Rate currency=\"HUF\" multiplier=\"100\"></Rate>",
                "found ''",
            ),
            (
                "<Rate currency=\"huf\" multiplier=\"100\">1.4375</Rate>",
                "found 'huf'",
            ),
            ("<Rate multiplier=\"100\">1.4375</Rate>", "found ''"),
            (
                "<Rate currency=\"EUR\" multiplier=\"100\">1.4375</Rate>",
                "EUR is quoted twice",
            ),
            (
                "<Rate currency=\"RON\" multiplier=\"100\">1.4375</Rate>",
                "its own base RON",
            ),
        ];
        let last = text().rfind(cube).unwrap();
        for (to, expected) in cases {
            let body = format!("{}{to}{}", &text()[..last], &text()[last + cube.len()..]);
            let err = parse_bnr_xml(body.as_bytes()).unwrap_err();
            assert!(err.message.contains(expected), "{to}: {err}");
        }
        let err = error_with("<Cube date=\"2026-01-08\">", "<Cube date=\"2026-01-05\">");
        assert!(
            err.message.contains("the day 2026-01-05 is given twice"),
            "{err}"
        );
        let err = error_with("<Cube date=\"2026-01-08\">", "<Cube date=\"08.01.2026\">");
        assert!(err.message.contains("found '08.01.2026'"), "{err}");
        let err = error_with("<OrigCurrency>RON</OrigCurrency>", "");
        assert!(
            err.message.contains("expected <OrigCurrency> before"),
            "{err}"
        );
    }

    #[test]
    fn empty_truncated_and_foreign_bodies_are_refused() {
        let empty = one_day("RON", "");
        let cases: [(&[u8], &str); 5] = [
            (empty.as_bytes(), "empty answer"),
            (b"", "expected <DataSet>, found the end of the file"),
            (
                b"<html><body>502 Bad Gateway</body></html>",
                "expected <DataSet>, found <html>",
            ),
            (b"<DataSet>\xff</DataSet>", "expected UTF-8"),
            (&YEAR_2026[..YEAR_2026.len() - 11], "truncated answer"),
        ];
        for (body, expected) in cases {
            let err = parse_bnr_xml(body).unwrap_err();
            assert!(err.message.contains(expected), "{expected}: {err}");
        }
        let half = parse_bnr_xml(&YEAR_2026[..YEAR_2026.len() / 2]).unwrap_err();
        assert!(
            half.message.contains("truncated") || half.message.contains("well-formed"),
            "{half}"
        );
    }
}
