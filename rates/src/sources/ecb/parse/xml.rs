//! The ECB's XML files: `eurofxref-daily.xml`, `eurofxref-hist-90d.xml` and
//! `eurofxref-hist.xml`, read with a streaming `quick-xml` reader.

use std::collections::HashMap;

use chrono::NaiveDate;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use rust_decimal::Decimal;

use super::{build_table, parse_code, parse_iso_date, parse_rate};
use crate::{CurrencyCode, ParseError, Table};

const XML: &str = "ECB XML";

/// Parses any of the XML files; see [`super::parse_ecb_xml`].
pub(super) fn parse(text: &str) -> Result<Vec<Table>, ParseError> {
    let mut parser = Parser {
        text,
        reader: Reader::from_str(text),
        depth: 0,
        day: None,
        seen: HashMap::new(),
        tables: Vec::new(),
    };
    parser.run()?;
    Ok(parser.tables)
}

/// The dated `<Cube time=...>` being read.
struct Day {
    date: NaiveDate,
    /// Byte position of the element, for the line of an error.
    at: usize,
    /// How many elements enclose it.
    depth: usize,
    rates: Vec<(CurrencyCode, Decimal)>,
}

struct Parser<'a> {
    text: &'a str,
    reader: Reader<&'a [u8]>,
    /// How many elements are open.
    depth: usize,
    day: Option<Day>,
    /// Each date read so far, with the byte position of its element.
    seen: HashMap<NaiveDate, usize>,
    tables: Vec<Table>,
}

impl Parser<'_> {
    fn run(&mut self) -> Result<(), ParseError> {
        loop {
            let event = self.reader.read_event().map_err(|e| {
                let at = self.reader.error_position() as usize;
                self.error_at(at, format!("malformed XML ({e}); expected well-formed XML"))
            })?;
            match event {
                Event::Start(element) => {
                    self.element(&element)?;
                    self.depth += 1;
                }
                Event::Empty(element) => {
                    self.element(&element)?;
                    self.depth += 1;
                    self.end()?;
                }
                Event::End(_) => self.end()?,
                Event::Eof => return self.finish(),
                _ => {}
            }
        }
    }

    /// Handles an opening (or empty) element.
    fn element(&mut self, element: &BytesStart) -> Result<(), ParseError> {
        if element.local_name().as_ref() != b"Cube" {
            return Ok(());
        }
        let cube = CubeAttributes::read(element).map_err(|m| self.error_here(m))?;
        match (cube.time, cube.currency, cube.rate) {
            (Some(date), None, None) => self.open_day(date),
            (None, Some(code), Some(rate)) => self.add_rate(code, rate),
            (None, Some(code), None) => Err(self.error_here(format!(
                "the Cube of {code} has no rate; expected rate='...' beside currency"
            ))),
            // The Cube that wraps all the days.
            (None, None, None) if self.day.is_none() => Ok(()),
            _ => Err(self.error_here(
                "unexpected Cube; expected <Cube time='...'> holding \
                 <Cube currency='...' rate='...'/> elements",
            )),
        }
    }

    fn open_day(&mut self, date: NaiveDate) -> Result<(), ParseError> {
        if self.day.is_some() {
            return Err(
                self.error_here("a dated Cube inside another; expected them one after another")
            );
        }
        let at = self.position();
        if let Some(first) = self.seen.insert(date, at) {
            let first = line_of(self.text, first);
            let message = format!(
                "the date {date} was already given on line {first}; expected each date once"
            );
            return Err(self.error_here(message));
        }
        let (depth, rates) = (self.depth, Vec::with_capacity(32));
        self.day = Some(Day {
            date,
            at,
            depth,
            rates,
        });
        Ok(())
    }

    fn add_rate(&mut self, code: CurrencyCode, rate: Decimal) -> Result<(), ParseError> {
        match &mut self.day {
            Some(day) if day.depth + 1 == self.depth => {
                day.rates.push((code, rate));
                Ok(())
            }
            _ => Err(self.error_here(format!(
                "the Cube of {code} is not directly inside a dated Cube; \
                 expected it inside <Cube time='...'>"
            ))),
        }
    }

    /// Handles the end of an element, closing the day when it ends.
    fn end(&mut self) -> Result<(), ParseError> {
        self.depth = self.depth.saturating_sub(1);
        let Some(day) = self.day.take_if(|day| day.depth == self.depth) else {
            return Ok(());
        };
        let table = build_table(day.date, day.rates).map_err(|m| self.error_at(day.at, m))?;
        self.tables.push(table);
        Ok(())
    }

    fn finish(&mut self) -> Result<(), ParseError> {
        let end = self.text.trim_end().len();
        if self.depth > 0 {
            let message = format!(
                "the file ends with {} element(s) still open; expected complete XML",
                self.depth
            );
            return Err(self.error_at(end, message));
        }
        if self.tables.is_empty() {
            let message = "the file has no dated Cube; expected <Cube time='YYYY-MM-DD'> elements";
            return Err(self.error_at(end, message));
        }
        Ok(())
    }

    /// The byte position of the last byte of the event just read.
    fn position(&self) -> usize {
        (self.reader.buffer_position() as usize).saturating_sub(1)
    }

    fn error_here(&self, message: impl Into<String>) -> ParseError {
        self.error_at(self.position(), message)
    }

    fn error_at(&self, at: usize, message: impl Into<String>) -> ParseError {
        ParseError::at(XML, line_of(self.text, at), message)
    }
}

/// The 1-based line of byte position `at`.
fn line_of(text: &str, at: usize) -> usize {
    let before = &text.as_bytes()[..at.min(text.len())];
    1 + before.iter().filter(|&&b| b == b'\n').count()
}

/// The attributes of a `Cube` that matter, already parsed.
#[derive(Default)]
struct CubeAttributes {
    time: Option<NaiveDate>,
    currency: Option<CurrencyCode>,
    rate: Option<Decimal>,
}

impl CubeAttributes {
    fn read(element: &BytesStart) -> Result<Self, String> {
        let mut cube = Self::default();
        for attribute in element.attributes() {
            let attribute =
                attribute.map_err(|e| format!("bad attribute ({e}); expected name='value'"))?;
            let value = attribute
                .unescape_value()
                .map_err(|e| format!("bad attribute value ({e}); expected plain text"))?;
            match attribute.key.as_ref() {
                b"time" => cube.time = Some(parse_iso_date(&value)?),
                b"currency" => cube.currency = Some(parse_code(&value)?),
                b"rate" => {
                    let rate = parse_rate(&value).map_err(|m| match cube.currency {
                        Some(code) => format!("the rate of {code}: {m}"),
                        None => format!("rate: {m}"),
                    })?;
                    cube.rate = Some(rate);
                }
                _ => {}
            }
        }
        Ok(cube)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAILY: &str = include_str!("../fixtures/exchanger_daily_2015-01-07.xml");
    const NINETY_DAYS: &str = include_str!("../fixtures/exchanger_hist-90d_2019-11-29.xml");

    /// A small file with one day per line, in the ECB's layout.
    fn file(days: &[&str]) -> String {
        let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
            <gesmes:Envelope xmlns:gesmes=\"http://www.gesmes.org/xml/2002-08-01\">\n<Cube>\n";
        format!("{head}{}\n</Cube>\n</gesmes:Envelope>\n", days.join("\n"))
    }

    fn rate(table: &Table, code: &str) -> Option<String> {
        let quote = table.quote(code.parse().unwrap())?;
        assert_eq!(quote.value, Decimal::ONE, "ECB quotes are per euro");
        Some(quote.units.to_string())
    }

    fn error(text: &str) -> ParseError {
        let err = parse(text).expect_err("the file must be refused");
        assert_eq!(err.format, XML);
        err
    }

    #[test]
    fn the_daily_file_with_single_quoted_attributes_gives_one_eur_table() {
        let tables = parse(DAILY).unwrap();
        assert_eq!(tables.len(), 1);
        let table = &tables[0];
        assert_eq!(table.date().to_string(), "2015-01-07");
        assert_eq!(
            (table.source(), table.base().as_str()),
            (crate::SourceId::ECB, "EUR")
        );
        assert_eq!(table.len(), 31);
        assert_eq!(rate(table, "USD").as_deref(), Some("1.1831"));
        assert_eq!(
            rate(table, "GBP").as_deref(),
            Some("0.78230"),
            "trailing zero kept"
        );
        assert_eq!(rate(table, "RUB").as_deref(), Some("75.0000"));
        assert_eq!(rate(table, "ISK"), None);
    }

    #[test]
    fn the_90_day_file_with_double_quoted_attributes_gives_65_tables_newest_first() {
        let tables = parse(NINETY_DAYS).unwrap();
        assert_eq!(tables.len(), 65);
        assert_eq!(tables[0].date().to_string(), "2019-11-29");
        assert_eq!(tables[64].date().to_string(), "2019-09-02");
        assert!(tables.iter().all(|t| t.len() == 32));
        assert_eq!(rate(&tables[0], "ISK").as_deref(), Some("134"));
        assert_eq!(rate(&tables[0], "NZD").as_deref(), Some("1.709"));
        let day = tables
            .iter()
            .find(|t| t.date().to_string() == "2019-10-15")
            .unwrap();
        assert_eq!(rate(day, "GBP").as_deref(), Some("0.87058"));
    }

    #[test]
    fn a_rate_with_a_decimal_comma_names_its_line_and_currency() {
        let day = "<Cube time='2015-01-07'>\n<Cube currency='USD' rate='1.1831'/>\n\
                   <Cube currency='JPY' rate='1,5'/>\n</Cube>";
        let err = error(&file(&[day]));
        assert_eq!(err.line, Some(6));
        assert!(
            err.message
                .starts_with("the rate of JPY: `1,5` is not a plain decimal"),
            "{err}"
        );
    }

    #[test]
    fn a_currency_without_a_rate_names_its_line() {
        let err = error(&file(&[
            "<Cube time='2015-01-07'><Cube currency='USD'/></Cube>",
        ]));
        assert!(
            err.to_string()
                .contains("line 4: the Cube of USD has no rate"),
            "{err}"
        );
    }

    #[test]
    fn a_duplicated_currency_names_the_line_of_its_day() {
        let day = "<Cube time='2015-01-07'><Cube currency='USD' rate='1.1'/>\
                   <Cube currency='USD' rate='1.2'/></Cube>";
        let err = error(&file(&[
            "<Cube time='2015-01-08'><Cube currency='USD' rate='1.1'/></Cube>",
            day,
        ]));
        assert_eq!(err.line, Some(5));
        assert!(err.message.contains("USD is quoted twice"), "{err}");
    }

    #[test]
    fn a_duplicated_date_names_both_lines() {
        let day = "<Cube time='2015-01-07'><Cube currency='USD' rate='1.1'/></Cube>";
        let err = error(&file(&[day, day]));
        assert_eq!(err.line, Some(5));
        assert!(
            err.message
                .contains("2015-01-07 was already given on line 4"),
            "{err}"
        );
    }

    #[test]
    fn a_bad_date_names_its_line() {
        let err = error(&file(&[
            "<Cube time='2015-02-30'><Cube currency='USD' rate='1.1'/></Cube>",
        ]));
        assert!(
            err.to_string()
                .contains("line 4: `2015-02-30` is not a date"),
            "{err}"
        );
    }

    #[test]
    fn garbage_is_refused_with_a_line() {
        for garbage in [
            "this is not XML",
            "<html><body>Service unavailable</body></html>",
        ] {
            let err = error(garbage);
            assert!(
                err.to_string()
                    .contains("line 1: the file has no dated Cube"),
                "{err}"
            );
        }
        let err = error("line one\n<Cube time='2015-01-07'>\n</Cub>");
        assert_eq!(err.line, Some(3));
        assert!(err.message.starts_with("malformed XML"), "{err}");
    }

    #[test]
    fn a_truncated_file_is_refused_at_the_line_where_it_stops() {
        // Cut in half, inside the NOK element on line 20.
        let err = error(&DAILY[..DAILY.len() / 2]);
        assert_eq!(err.line, Some(20));
        assert!(
            err.message.starts_with("malformed XML (syntax error"),
            "{err}"
        );
        // Cut between two rates: the last complete element is USD on line 9.
        let err = error(&DAILY[..DAILY.find("<Cube currency='JPY'").unwrap()]);
        assert_eq!(err.line, Some(9));
        assert!(
            err.message.contains("ends with 3 element(s) still open"),
            "{err}"
        );
    }

    #[test]
    fn an_empty_file_is_refused_at_line_1() {
        let err = error("");
        assert_eq!(err.line, Some(1));
        assert!(err.message.contains("no dated Cube"), "{err}");
    }

    #[test]
    fn a_file_without_any_dated_cube_is_refused_at_its_end() {
        let err = error(&file(&[]));
        assert_eq!(err.line, Some(6));
        assert!(err.message.contains("no dated Cube"), "{err}");
    }

    #[test]
    fn a_dated_cube_without_rates_or_a_rate_outside_a_day_is_refused() {
        let err = error(&file(&["<Cube time='2015-01-07'/>"]));
        assert!(
            err.to_string()
                .contains("line 4: no currency is quoted for 2015-01-07"),
            "{err}"
        );
        let err = error(&file(&["<Cube currency='USD' rate='1.1'/>"]));
        assert!(
            err.to_string()
                .contains("line 4: the Cube of USD is not directly inside"),
            "{err}"
        );
    }
}
