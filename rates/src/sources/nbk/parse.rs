//! Parser for the National Bank of Kazakhstan's rates XML.
//!
//! `/rss/get_rates.cfm?fdate=DD.MM.YYYY` answers with one `<rates>`
//! document, UTF-8:
//!
//! ```text
//! <rates>
//!     <generator>Alternate RSS Builder</generator>
//!     <title>Official exchange rates of National Bank of Republic Kazakhstan</title>
//!     ...
//!     <date>01.04.2026</date>
//!     <item>
//!         <fullname>АРМЯНСКИЙ ДРАМ</fullname>
//!         <title>AMD</title>
//!         <description>12.72</description>
//!         <quant>10</quant>
//!         <index>DOWN</index>
//!         <change>-0.08</change>
//!     </item>
//!     ...
//! </rates>
//! ```
//!
//! Each `<item>` says that `quant` units of `title` cost `description`
//! tenge on `date`; the name and the change since the day before are not
//! read. Every code of three letters is kept, as the other banks' parsers
//! keep every code; anything else is refused.

use chrono::NaiveDate;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use rust_decimal::Decimal;

use super::ID;
use crate::sources::text::upper_code;
use crate::{CurrencyCode, ParseError, Quote, Table};

const FORMAT: &str = "NBK XML";
const KZT: CurrencyCode = CurrencyCode::new_static("KZT");

/// The children of `<item>` that are read, in this order in [`Fields`].
const FIELDS: [&str; 3] = ["title", "description", "quant"];

/// The texts of [`FIELDS`] in one `<item>`, with their positions.
type Fields = [Option<(String, usize)>; 3];

/// Parses a body of `/rss/get_rates.cfm` (UTF-8 bytes) into its one table.
///
/// Every `<item>` becomes a quote of `quant` units for `description`
/// tenge, both exactly as written, in the table of the document's
/// `<date>`. All or nothing: a bad code or number, a code twice, a missing
/// `<date>`, no `<item>` at all (the answer for a day without rates) or a
/// document cut short makes the whole answer an error naming its line.
pub(crate) fn parse_nbk_xml(body: &[u8]) -> Result<Table, ParseError> {
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    let text = std::str::from_utf8(body).map_err(|e| {
        let line = body[..e.valid_up_to()].split(|&b| b == b'\n').count();
        ParseError::at(FORMAT, line, "expected UTF-8 text, found other bytes")
    })?;
    Parser::new(text).parse()
}

/// A streaming reader of the text.
struct Parser<'a> {
    text: &'a str,
    reader: Reader<&'a [u8]>,
}

/// What `<rates>` holds.
#[derive(Default)]
struct Contents {
    date: Option<(String, usize)>,
    quotes: Vec<(CurrencyCode, Quote)>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        let reader = Reader::from_str(text);
        Self { text, reader }
    }

    fn parse(mut self) -> Result<Table, ParseError> {
        let root = self.find_root()?;
        let contents = self.read_root()?;
        loop {
            let pos = self.pos();
            match self.next()? {
                Event::Eof => return self.finish(root, contents),
                event if is_misc(&event) => {}
                event => {
                    return Err(self.expected(pos, "the end after </rates>", describe(&event)))
                }
            }
        }
    }

    fn pos(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    fn fail(&self, pos: usize, message: impl Into<String>) -> ParseError {
        ParseError::at(FORMAT, line_at(self.text, pos), message)
    }

    fn expected(
        &self,
        pos: usize,
        what: impl std::fmt::Display,
        found: impl std::fmt::Display,
    ) -> ParseError {
        self.fail(pos, format!("expected {what}, found {found}"))
    }

    /// An error of quick-xml, at the position where it stopped.
    fn xml_error(&self, error: impl std::fmt::Display) -> ParseError {
        let pos = usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX);
        self.fail(pos, format!("expected well-formed XML: {error}"))
    }

    fn next(&mut self) -> Result<Event<'a>, ParseError> {
        self.reader.read_event().map_err(|e| self.xml_error(e))
    }

    /// Skips the prolog up to the `<rates>` start tag; returns where it is.
    fn find_root(&mut self) -> Result<usize, ParseError> {
        loop {
            let pos = self.pos();
            match self.next()? {
                event if is_misc(&event) => {}
                Event::Start(e) if e.name().as_ref() == b"rates" => return Ok(pos),
                event => return Err(self.expected(pos, "<rates>", describe(&event))),
            }
        }
    }

    /// Reads the children of `<rates>` up to its end tag.
    fn read_root(&mut self) -> Result<Contents, ParseError> {
        let mut contents = Contents::default();
        loop {
            let pos = self.pos();
            match self.next()? {
                Event::Start(e) if e.name().as_ref() == b"item" => {
                    let (code, quote) = self.read_item(pos)?;
                    if code == KZT {
                        return Err(self.fail(pos, "the table quotes its own base KZT"));
                    }
                    if contents.quotes.iter().any(|(c, _)| *c == code) {
                        return Err(self.fail(pos, format!("{code} is quoted twice")));
                    }
                    contents.quotes.push((code, quote));
                }
                Event::Start(e) if e.name().as_ref() == b"date" => {
                    let date = self.read_field(&e)?;
                    if contents.date.replace((date, pos)).is_some() {
                        return Err(self.expected(pos, "one <date> in <rates>", "two"));
                    }
                }
                Event::Start(e) => {
                    self.reader
                        .read_to_end(e.name())
                        .map_err(|e| self.xml_error(e))?;
                }
                Event::Empty(e) if e.name().as_ref() == b"item" => {
                    return Err(self.expected(pos, "<title> in <item>", "<item/>"));
                }
                event if is_misc(&event) => {}
                Event::Empty(_) => {}
                Event::End(_) => return Ok(contents),
                Event::Eof => return Err(self.expected(pos, "</rates>", "the end of the file")),
                event => return Err(self.expected(pos, "elements in <rates>", describe(&event))),
            }
        }
    }

    /// Reads one `<item>` (its start tag at `start`) into a quote.
    fn read_item(&mut self, start: usize) -> Result<(CurrencyCode, Quote), ParseError> {
        let mut fields = Fields::default();
        loop {
            let pos = self.pos();
            match self.next()? {
                Event::Start(e) => {
                    let text = self.read_field(&e)?;
                    let name = e.name();
                    let Some(i) = FIELDS.iter().position(|f| f.as_bytes() == name.as_ref()) else {
                        continue;
                    };
                    if fields[i].replace((text, pos)).is_some() {
                        let what = format!("one <{}> in an <item>", FIELDS[i]);
                        return Err(self.expected(pos, what, "two"));
                    }
                }
                event if is_misc(&event) => {}
                Event::Empty(_) => {}
                Event::End(_) => return self.quote(fields, start),
                Event::Eof => return Err(self.expected(pos, "</item>", "the end of the file")),
                event => return Err(self.expected(pos, "elements in <item>", describe(&event))),
            }
        }
    }

    /// Reads the text of an element whose start tag was just read.
    fn read_field(&mut self, e: &BytesStart) -> Result<String, ParseError> {
        let mut text = String::new();
        loop {
            let pos = self.pos();
            match self.next()? {
                Event::End(_) => return Ok(text),
                Event::Text(t) => {
                    let raw = t.decode().map_err(|e| self.xml_error(e))?;
                    let unescaped =
                        quick_xml::escape::unescape(&raw).map_err(|e| self.xml_error(e))?;
                    text.push_str(&unescaped);
                }
                Event::CData(t) => text.push_str(&t.decode().map_err(|e| self.xml_error(e))?),
                Event::GeneralRef(r) => {
                    let name = r.decode().map_err(|e| self.xml_error(e))?;
                    let entity = format!("&{name};");
                    let resolved =
                        quick_xml::escape::unescape(&entity).map_err(|e| self.xml_error(e))?;
                    text.push_str(&resolved);
                }
                Event::Comment(_) => {}
                event => {
                    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    return Err(self.expected(
                        pos,
                        format!("text and </{name}>"),
                        describe(&event),
                    ));
                }
            }
        }
    }

    /// Turns the fields of an `<item>` (its start tag at `start`) into a
    /// checked quote.
    fn quote(&self, fields: Fields, start: usize) -> Result<(CurrencyCode, Quote), ParseError> {
        let [code, rate, quant] = fields;
        let (text, pos) = code.ok_or_else(|| self.fail(start, "expected <title> in <item>"))?;
        let code = upper_code(text.trim())
            .ok_or_else(|| self.expected(pos, "a code such as USD in <title>", quoted(&text)))?;
        let missing =
            |what: &str| self.fail(start, format!("expected <{what}> in the <item> of {code}"));
        let (text, pos) = rate.ok_or_else(|| missing("description"))?;
        let rate = parse_number(&text).ok_or_else(|| {
            let what = format!("a positive rate such as 478.77 in the <description> of {code}");
            self.expected(pos, what, quoted(&text))
        })?;
        let (text, pos) = quant.ok_or_else(|| missing("quant"))?;
        let quant = parse_number(&text)
            .filter(|q| q.scale() == 0)
            .ok_or_else(|| {
                let what = format!("a positive whole number such as 100 in the <quant> of {code}");
                self.expected(pos, what, quoted(&text))
            })?;
        Ok((code, Quote::priced_in_base(quant, rate)))
    }

    /// Builds the table once the whole document has been read.
    fn finish(&self, root: usize, contents: Contents) -> Result<Table, ParseError> {
        let Some((text, pos)) = contents.date else {
            return Err(self.fail(
                root,
                "expected a <date> such as 01.04.2026 in <rates>, found none",
            ));
        };
        let date = parse_date(&text)
            .ok_or_else(|| self.expected(pos, "a <date> such as 01.04.2026", quoted(&text)))?;
        if contents.quotes.is_empty() {
            return Err(self.fail(
                root,
                format!("empty table: the rates of {date} hold no <item>"),
            ));
        }
        Table::new(ID, date, KZT, contents.quotes).map_err(|e| self.fail(root, e.to_string()))
    }
}

/// Whether an event may stand between elements: blank text, comments and
/// the prolog's markup.
fn is_misc(event: &Event) -> bool {
    match event {
        Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => true,
        Event::Text(t) => t.iter().all(u8::is_ascii_whitespace),
        _ => false,
    }
}

/// The 1-based line of byte `pos` of `text`.
fn line_at(text: &str, pos: usize) -> usize {
    let before = &text.as_bytes()[..pos.min(text.len())];
    before.split(|&b| b == b'\n').count()
}

/// Names an unexpected event for an error message.
fn describe(event: &Event) -> String {
    let name = |n: &[u8]| String::from_utf8_lossy(n).into_owned();
    match event {
        Event::Start(e) | Event::Empty(e) => format!("<{}>", name(e.name().as_ref())),
        Event::End(e) => format!("</{}>", name(e.name().as_ref())),
        Event::Text(t) => format!("text {}", quoted(&String::from_utf8_lossy(t))),
        Event::Eof => "the end of the file".to_owned(),
        _ => "other markup".to_owned(),
    }
}

/// A few words of `text` in quotes, for "found ..." in a message (errors
/// end up in public status fields, so they never quote more).
fn quoted(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match joined.char_indices().nth(40) {
        Some((cut, _)) => format!("'{}...'", &joined[..cut]),
        None => format!("'{joined}'"),
    }
}

/// `dd.mm.yyyy`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    (text.len() == 10).then(|| NaiveDate::parse_from_str(text, "%d.%m.%Y").ok())?
}

/// A positive number written with digits and an optional fraction
/// (`478.77`, `3`, `0.4`), read exactly at its published scale.
fn parse_number(text: &str) -> Option<Decimal> {
    let text = text.trim();
    let digits = |s: &str| !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit());
    let well_formed = match text.split_once('.') {
        Some((int, frac)) => digits(int) && digits(frac),
        None => digits(text),
    };
    let number = well_formed
        .then(|| Decimal::from_str_exact(text).ok())
        .flatten()?;
    (number > Decimal::ZERO).then_some(number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing::{date, published, triple};

    const APRIL_1: &[u8] = include_bytes!("fixtures/frankfurter_get_rates_2026-04-01.xml");
    const APRIL_2: &[u8] = include_bytes!("fixtures/frankfurter_get_rates_2026-04-02.xml");
    const APRIL_3: &[u8] = include_bytes!("fixtures/frankfurter_get_rates_2026-04-03.xml");

    fn text() -> &'static str {
        std::str::from_utf8(APRIL_1).unwrap()
    }

    /// The error for `APRIL_1` with `from` replaced by `to`.
    fn error_with(from: &str, to: &str) -> ParseError {
        assert!(text().contains(from), "{from}");
        parse_nbk_xml(text().replacen(from, to, 1).as_bytes()).unwrap_err()
    }

    #[test]
    fn each_day_gives_its_table_with_quant_and_rate_as_published() {
        let days = [(APRIL_1, 1), (APRIL_2, 2), (APRIL_3, 3)];
        for (body, day) in days {
            let t = parse_nbk_xml(body).unwrap();
            assert_eq!(
                (t.source(), t.base(), t.date()),
                (ID, KZT, date(2026, 4, day))
            );
            assert_eq!(t.len(), 39);
        }
        let t = parse_nbk_xml(APRIL_1).unwrap();
        assert_eq!(published(&t, "USD"), triple("1", "478.77", "478.77"));
        assert_eq!(published(&t, "AMD"), triple("10", "12.72", "1.272"));
        assert_eq!(published(&t, "HUF"), triple("10", "14.23", "1.423"));
        assert_eq!(published(&t, "IRR"), triple("1000", "0.4", "0.0004"));
        assert_eq!(published(&t, "UZS"), triple("100", "3.93", "0.0393"));
        assert_eq!(published(&t, "KRW"), triple("100", "31.29", "0.3129"));
        assert_eq!(published(&t, "KWD"), triple("1", "1560.02", "1560.02"));
        let not_one = t.quotes().iter().filter(|(_, q)| q.units != Decimal::ONE);
        assert_eq!(not_one.count(), 5);
    }

    #[test]
    fn the_yen_is_quoted_per_one_with_two_places() {
        // 1 JPY = 3 tenge on 1 April, 2.96 on 3 April: the NBK's own
        // figures, kept at the scale it wrote them.
        let first = parse_nbk_xml(APRIL_1).unwrap();
        assert_eq!(published(&first, "JPY"), triple("1", "3", "3"));
        let third = parse_nbk_xml(APRIL_3).unwrap();
        assert_eq!(published(&third, "JPY"), triple("1", "2.96", "2.96"));
    }

    #[test]
    fn bad_items_are_refused_on_their_line() {
        let usd = "<title>USD</title>\n            <description>478.77</description>\n            <quant>1</quant>";
        let cases = [
            ("<title>USD</title>", "<title>usd</title>", "found 'usd'"),
            ("<title>USD</title>", "<title>US</title>", "found 'US'"),
            (
                "<title>USD</title>",
                "<title>AUD</title>",
                "AUD is quoted twice",
            ),
            (
                "<title>USD</title>",
                "<title>KZT</title>",
                "its own base KZT",
            ),
            ("<title>USD</title>", "", "expected <title> in <item>"),
            (
                "<description>478.77</description>",
                "<description>478,77</description>",
                "found '478,77'",
            ),
            (
                "<description>478.77</description>",
                "<description>0.00</description>",
                "positive rate",
            ),
            (
                "<description>478.77</description>",
                "<description>-478.77</description>",
                "found '-478.77'",
            ),
            (
                "<description>478.77</description>",
                "",
                "expected <description> in the <item> of USD",
            ),
            (
                "<quant>1</quant>",
                "<quant>0</quant>",
                "whole number such as 100 in the <quant> of USD",
            ),
            ("<quant>1</quant>", "<quant>1.5</quant>", "found '1.5'"),
            (
                "<quant>1</quant>",
                "",
                "expected <quant> in the <item> of USD",
            ),
        ];
        for (from, to, expected) in cases {
            let changed = usd.replacen(from, to, 1);
            let err = error_with(usd, &changed);
            assert!(err.message.contains(expected), "{to}: {err}");
            assert!(
                err.line.is_some_and(|l| (89..=95).contains(&l)),
                "{to}: {err}"
            );
        }
    }

    #[test]
    fn a_bad_or_missing_date_is_refused() {
        let err = error_with("<date>01.04.2026</date>", "<date>2026-04-01</date>");
        assert!(err.message.contains("found '2026-04-01'"), "{err}");
        assert_eq!(err.line, Some(8), "{err}");
        let err = error_with("<date>01.04.2026</date>", "");
        assert!(err.message.contains("expected a <date>"), "{err}");
        let twice = "<date>01.04.2026</date><date>02.04.2026</date>";
        let err = error_with("<date>01.04.2026</date>", twice);
        assert!(err.message.contains("one <date>"), "{err}");
    }

    #[test]
    fn empty_truncated_and_foreign_bodies_are_refused() {
        let head = &text()[..text().find("<item>").unwrap()];
        let err = parse_nbk_xml(format!("{head}</rates>\n").as_bytes()).unwrap_err();
        assert!(
            err.message.contains("empty table: the rates of 2026-04-01"),
            "{err}"
        );
        let err = parse_nbk_xml(&APRIL_1[..APRIL_1.len() / 2]).unwrap_err();
        assert!(err.line.is_some(), "{err}");
        let cut = &APRIL_1[..APRIL_1.len() - "</rates>\n".len()];
        assert!(parse_nbk_xml(cut).unwrap_err().message.contains("</rates>"));
        let html = parse_nbk_xml(b"<html><body>502 Bad Gateway</body></html>").unwrap_err();
        assert!(
            html.message.contains("expected <rates>, found <html>"),
            "{html}"
        );
        let err = parse_nbk_xml(b"").unwrap_err();
        assert!(err.message.contains("expected <rates>"), "{err}");
        let latin1 = parse_nbk_xml(b"<rates><date>01.04.2026</date>\xe9</rates>").unwrap_err();
        assert!(latin1.message.contains("UTF-8"), "{latin1}");
        let after = format!("{}<rates/>", text());
        assert!(parse_nbk_xml(after.as_bytes())
            .unwrap_err()
            .message
            .contains("the end after </rates>"));
    }

    #[test]
    fn crlf_line_ends_and_a_byte_order_mark_parse_the_same() {
        let crlf = format!("\u{feff}{}", text().replace('\n', "\r\n"));
        assert_eq!(parse_nbk_xml(crlf.as_bytes()), parse_nbk_xml(APRIL_1));
    }

    #[test]
    fn every_published_code_is_in_the_catalogue() {
        let catalogue = ID.catalogue().unwrap();
        for body in [APRIL_1, APRIL_2, APRIL_3] {
            for (code, _) in parse_nbk_xml(body).unwrap().quotes() {
                assert!(catalogue.contains(code), "{code}");
            }
        }
    }
}
