//! Parser for the Bank of Russia's daily XML.
//!
//! `/scripts/XML_daily.asp` answers with a `<ValCurs Date="dd.mm.yyyy">` of
//! `<Valute>` elements, each saying that `Nominal` units of `CharCode` cost
//! `Value` roubles, with a comma as the decimal separator. Recent answers add
//! `VunitRate`, the price of one unit, which is checked against the rest.
//! The body is normally windows-1251, as its XML declaration says.

use std::fmt::Display;

use chrono::NaiveDate;
use encoding_rs::{DecoderResult, Encoding, UTF_8};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use rust_decimal::{Decimal, RoundingStrategy};

use super::ID;
use crate::sources::text::excerpt;
use crate::{CurrencyCode, ParseError, Quote, Table};

const FORMAT: &str = "Bank of Russia XML";
/// The children of `<Valute>` that are read; the others are skipped.
const FIELDS: [&str; 4] = ["CharCode", "Nominal", "Value", "VunitRate"];

/// Parses a body of `/scripts/XML_daily.asp` (raw bytes, any declared encoding).
///
/// The bytes are decoded with the encoding named in the XML declaration
/// (UTF-8 when there is none). Every `<Valute>` becomes a quote of `Nominal`
/// units for `Value` roubles, both kept exactly as published. The answer the
/// bank gives to a bad request, `<ValCurs>Error in parameters</ValCurs>`, is
/// an error that quotes the bank's words.
pub fn parse_cbr_xml(body: &[u8]) -> Result<Table, ParseError> {
    let text = decode(body)?;
    Parser::new(&text).parse()
}

/// Decodes the body: a byte-order mark wins, then the XML declaration.
pub(super) fn decode(body: &[u8]) -> Result<String, ParseError> {
    let (encoding, body) = match Encoding::for_bom(body) {
        Some((encoding, bom)) => (encoding, &body[bom..]),
        None => (declared_encoding(body)?, body),
    };
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .ok_or_else(|| ParseError::whole(FORMAT, "the body is too large to decode"))?;
    let mut text = String::with_capacity(capacity);
    match decoder.decode_to_string_without_replacement(body, &mut text, true) {
        (DecoderResult::InputEmpty, _) => Ok(text),
        _ => {
            let message = format!("expected {} text, found other bytes", encoding.name());
            Err(ParseError::at(FORMAT, line_at(&text, text.len()), message))
        }
    }
}

/// The encoding the XML declaration names, or UTF-8 when there is none.
fn declared_encoding(body: &[u8]) -> Result<&'static Encoding, ParseError> {
    let label = match Reader::from_reader(body).read_event() {
        Ok(Event::Decl(decl)) => match decl.encoding() {
            Some(Ok(label)) => label.into_owned(),
            _ => return Ok(UTF_8),
        },
        _ => return Ok(UTF_8),
    };
    match Encoding::for_label(&label) {
        Some(encoding) if encoding.is_ascii_compatible() => Ok(encoding),
        _ => {
            let found = quoted(&String::from_utf8_lossy(&label));
            let message = format!("expected an encoding such as windows-1251, found {found}");
            Err(ParseError::at(FORMAT, 1, message))
        }
    }
}

/// The 1-based line of byte `pos` of `text`.
pub(super) fn line_at(text: &str, pos: usize) -> usize {
    let before = &text.as_bytes()[..pos.min(text.len())];
    before.split(|&b| b == b'\n').count()
}

/// An excerpt of `text` in quotes, for "found ..." in a message.
fn quoted(text: &str) -> String {
    format!("'{}'", excerpt(text))
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

/// Whether an event may stand before or after the root element.
fn is_misc(event: &Event) -> bool {
    match event {
        Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => true,
        Event::Text(t) => t.iter().all(u8::is_ascii_whitespace),
        _ => false,
    }
}

/// The `<ValCurs>` start tag: its `Date`, where it is, whether it is `<ValCurs/>`.
struct Root {
    date: Option<String>,
    pos: usize,
    empty: bool,
}

/// What `<ValCurs>` holds: the quotes, and any text (the bank's complaint).
#[derive(Default)]
struct Contents {
    quotes: Vec<(CurrencyCode, Quote)>,
    text: String,
}

/// The texts of [`FIELDS`] in one `<Valute>`, with their positions.
type Fields = [Option<(String, usize)>; 4];

/// A streaming reader of the decoded text.
struct Parser<'a> {
    text: &'a str,
    reader: Reader<&'a [u8]>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        let reader = Reader::from_str(text);
        Self { text, reader }
    }

    fn parse(mut self) -> Result<Table, ParseError> {
        let root = self.find_root()?;
        let contents = match root.empty {
            true => Contents::default(),
            false => self.read_root()?,
        };
        loop {
            let pos = self.pos();
            match self.next()? {
                Event::Eof => return self.finish(root, contents),
                event if is_misc(&event) => {}
                event => {
                    return Err(self.expected(pos, "the end after </ValCurs>", describe(&event)))
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

    fn expected(&self, pos: usize, what: impl Display, found: impl Display) -> ParseError {
        self.fail(pos, format!("expected {what}, found {found}"))
    }

    /// An error of quick-xml, at the position where it stopped.
    fn xml_error(&self, error: impl Display) -> ParseError {
        let pos = usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX);
        self.fail(pos, format!("expected well-formed XML: {error}"))
    }

    fn next(&mut self) -> Result<Event<'a>, ParseError> {
        self.reader.read_event().map_err(|e| self.xml_error(e))
    }

    /// Skips the prolog up to the `<ValCurs>` start tag.
    fn find_root(&mut self) -> Result<Root, ParseError> {
        let is_root = |e: &BytesStart| e.name().as_ref() == b"ValCurs";
        loop {
            let pos = self.pos();
            let (e, empty) = match self.next()? {
                event if is_misc(&event) => continue,
                Event::Start(e) if is_root(&e) => (e, false),
                Event::Empty(e) if is_root(&e) => (e, true),
                event => return Err(self.expected(pos, "<ValCurs>", describe(&event))),
            };
            let date = e.try_get_attribute("Date").map_err(|e| self.xml_error(e))?;
            let date = date.map(|a| String::from_utf8_lossy(&a.value).into_owned());
            return Ok(Root { date, pos, empty });
        }
    }

    /// Reads the children of `<ValCurs>` up to its end tag.
    fn read_root(&mut self) -> Result<Contents, ParseError> {
        let mut contents = Contents::default();
        loop {
            let pos = self.pos();
            match self.next()? {
                Event::Start(e) if e.name().as_ref() == b"Valute" => {
                    let (code, quote) = self.read_valute(pos)?;
                    if contents.quotes.iter().any(|(c, _)| *c == code) {
                        return Err(self.fail(pos, format!("{code} is quoted twice")));
                    }
                    contents.quotes.push((code, quote));
                }
                Event::Empty(e) if e.name().as_ref() == b"Valute" => {
                    return Err(self.expected(pos, "<CharCode> in <Valute>", "<Valute/>"));
                }
                Event::Start(e) => {
                    self.reader
                        .read_to_end(e.name())
                        .map_err(|e| self.xml_error(e))?;
                }
                Event::End(_) => return Ok(contents),
                Event::Eof => return Err(self.expected(pos, "</ValCurs>", "the end of the file")),
                event => contents.text.push_str(&self.text_of(&event)?),
            }
        }
    }

    /// The text an event carries; empty for markup without text.
    fn text_of(&self, event: &Event) -> Result<String, ParseError> {
        let text = match event {
            Event::Text(t) => t.decode(),
            Event::CData(t) => t.decode(),
            Event::GeneralRef(r) => r.decode().map(|name| format!("&{name};").into()),
            _ => return Ok(String::new()),
        };
        let text = text.map_err(|e| self.xml_error(e))?;
        let text = quick_xml::escape::unescape(&text).map_err(|e| self.xml_error(e))?;
        Ok(text.into_owned())
    }

    /// Reads one `<Valute>` (its start tag at `start`) into a quote.
    fn read_valute(&mut self, start: usize) -> Result<(CurrencyCode, Quote), ParseError> {
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
                        let what = format!("one <{}> in a <Valute>", FIELDS[i]);
                        return Err(self.expected(pos, what, "two"));
                    }
                }
                Event::End(_) => return self.quote(fields, start),
                Event::Eof => return Err(self.expected(pos, "</Valute>", "the end of the file")),
                event => {
                    let text = self.text_of(&event)?;
                    if !text.trim().is_empty() {
                        return Err(self.expected(pos, "elements in <Valute>", quoted(&text)));
                    }
                }
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
                event @ (Event::Start(_) | Event::Empty(_) | Event::Eof) => {
                    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    return Err(self.expected(
                        pos,
                        format!("text and </{name}>"),
                        describe(&event),
                    ));
                }
                event => text.push_str(&self.text_of(&event)?),
            }
        }
    }

    /// Turns the fields of a `<Valute>` (its start tag at `start`) into a
    /// checked quote.
    fn quote(&self, fields: Fields, start: usize) -> Result<(CurrencyCode, Quote), ParseError> {
        let [code, nominal, value, unit] = fields;
        let missing = || self.fail(start, "expected <CharCode> in <Valute>");
        let (text, pos) = code.ok_or_else(missing)?;
        let code: CurrencyCode = text.parse().map_err(|_| {
            let what = "a three-letter code such as USD in <CharCode>";
            self.expected(pos, what, quoted(&text))
        })?;
        let nominal = self.number(code, nominal, 1, start)?;
        let value = self.number(code, value, 2, start)?;
        if let Some((text, pos)) = unit {
            let unit = self.number(code, Some((text, pos)), 3, start)?;
            let exact = value.checked_div(nominal).unwrap_or_default();
            let rounding = RoundingStrategy::MidpointAwayFromZero;
            if exact.round_dp_with_strategy(unit.scale(), rounding) != unit {
                let computed = format!("Value / Nominal = {value} / {nominal} = {exact}");
                let message = format!("the VunitRate of {code} is {unit} but {computed}");
                return Err(self.fail(pos, message));
            }
        }
        Ok((code, Quote::priced_in_base(nominal, value)))
    }

    /// The number in the field `FIELDS[i]` of the `<Valute>` of `code`.
    fn number(
        &self,
        code: CurrencyCode,
        field: Option<(String, usize)>,
        i: usize,
        start: usize,
    ) -> Result<Decimal, ParseError> {
        let element = FIELDS[i];
        let missing = || {
            self.fail(
                start,
                format!("expected <{element}> in the <Valute> of {code}"),
            )
        };
        let (text, pos) = field.ok_or_else(missing)?;
        let (parsed, example) = match element {
            "Nominal" => (parse_nominal(&text), "100"),
            "VunitRate" => (parse_unit_rate(&text), "47,5553"),
            _ => (parse_amount(&text), "47,5553"),
        };
        parsed.ok_or_else(|| {
            let what = format!("a positive number such as {example} in the <{element}> of {code}");
            self.expected(pos, what, quoted(&text))
        })
    }

    /// Builds the table once the whole document has been read.
    fn finish(&self, root: Root, contents: Contents) -> Result<Table, ParseError> {
        let fail = |message: String| Err(self.fail(root.pos, message));
        let said = excerpt(&contents.text);
        if contents.quotes.is_empty() && said.is_empty() {
            return fail("empty table: <ValCurs> holds no <Valute>".into());
        } else if contents.quotes.is_empty() {
            return fail(format!(
                "the Bank of Russia rejected the request: \"{said}\""
            ));
        } else if !said.is_empty() {
            return fail(format!(
                "expected only <Valute> in <ValCurs>, found '{said}'"
            ));
        }
        let found = root.date.as_deref().map_or("no Date".into(), quoted);
        match root.date.as_deref().and_then(parse_date) {
            Some(date) => Table::new(ID, date, super::base_on(date), contents.quotes)
                .map_err(|e| self.fail(root.pos, e.to_string())),
            None => fail(format!(
                "expected a Date such as 09.12.2016 on <ValCurs>, found {found}"
            )),
        }
    }
}

/// `dd.mm.yyyy`.
pub(super) fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    (text.len() == 10).then(|| NaiveDate::parse_from_str(text, "%d.%m.%Y").ok())?
}

/// A positive whole number of units.
pub(super) fn parse_nominal(text: &str) -> Option<Decimal> {
    parse_amount(text).filter(|n| n.scale() == 0 && !text.contains(','))
}

/// A `VunitRate`: an amount as [`parse_amount`] reads it, or one in
/// exponent notation, which the bank writes for the smallest unit prices
/// (`5,39256E-05` roubles for one Iranian rial).
pub(super) fn parse_unit_rate(text: &str) -> Option<Decimal> {
    let text = text.trim();
    let Some((mantissa, exponent)) = text.split_once(['E', 'e']) else {
        return parse_amount(text);
    };
    let exponent: i8 = exponent.parse().ok()?;
    let mantissa = parse_amount(mantissa)?;
    Decimal::from_scientific(&format!("{mantissa}e{exponent}")).ok()
}

/// A positive amount with a comma for the decimal separator, e.g. `47,5553`,
/// kept at its published scale.
pub(super) fn parse_amount(text: &str) -> Option<Decimal> {
    let text = text.trim();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let well_formed = match text.split_once(',') {
        Some((int, frac)) => digits(int) && digits(frac),
        None => digits(text),
    };
    let amount = Decimal::from_str_exact(&text.replace(',', ".")).ok()?;
    (well_formed && amount > Decimal::ZERO).then_some(amount)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUB: CurrencyCode = CurrencyCode::new_static("RUB");
    const DAILY: &[u8] = include_bytes!("fixtures/exchanger_XML_daily_2016-12-09.xml");
    const DATE_REQ: &[u8] = include_bytes!("fixtures/exchanger_XML_daily_date_req_2016-08-23.xml");
    const ENG: &[u8] = include_bytes!("fixtures/usingcbrfapi_XML_daily_eng_2025-12-13.xml");
    const ERROR: &[u8] = include_bytes!("fixtures/exchanger_XML_daily_error.xml");

    /// (units, value) of `code` as text.
    fn published(t: &Table, code: &str) -> (String, String) {
        let q = t.quote(code.parse().unwrap()).unwrap();
        (q.units.to_string(), q.value.to_string())
    }

    fn pair(units: &str, value: &str) -> (String, String) {
        (units.into(), value.into())
    }

    /// The error for `ENG` with `from` replaced by `to`.
    fn eng_error(from: &str, to: &str) -> ParseError {
        let text = std::str::from_utf8(ENG).unwrap();
        assert!(text.contains(from), "{from}");
        parse_cbr_xml(text.replacen(from, to, 1).as_bytes()).unwrap_err()
    }

    #[test]
    fn the_windows_1251_daily_file_keeps_nominals_and_values_as_published() {
        let t = parse_cbr_xml(DAILY).unwrap();
        assert_eq!((t.source(), t.base()), (ID, RUB));
        assert_eq!(t.date(), NaiveDate::from_ymd_opt(2016, 12, 9).unwrap());
        assert_eq!(t.len(), 33);
        assert_eq!(published(&t, "USD"), pair("1", "63.3901"));
        assert_eq!(published(&t, "JPY"), pair("100", "55.8405"));
        assert_eq!(published(&t, "HUF"), pair("100", "21.7682"));
        assert_eq!(published(&t, "KRW").0, "1000");
        let not_one = t.quotes().iter().filter(|(_, q)| q.units != Decimal::ONE);
        assert_eq!(not_one.count(), 17);
    }

    #[test]
    fn the_date_requested_file_parses() {
        let t = parse_cbr_xml(DATE_REQ).unwrap();
        assert_eq!(t.date(), NaiveDate::from_ymd_opt(2016, 8, 23).unwrap());
        assert_eq!((t.len(), published(&t, "UZS").0), (33, "1000".into()));
    }

    #[test]
    fn the_english_file_without_declaration_and_with_vunitrate_parses() {
        let t = parse_cbr_xml(ENG).unwrap();
        assert_eq!(t.date(), NaiveDate::from_ymd_opt(2025, 12, 13).unwrap());
        assert_eq!(t.len(), 55);
        assert_eq!(published(&t, "DZD"), pair("100", "61.5323"));
        assert_eq!(published(&t, "IRR").0, "100000");
    }

    #[test]
    fn the_error_answer_says_the_bank_rejected_the_request() {
        let err = parse_cbr_xml(ERROR).unwrap_err().to_string();
        assert!(
            err.contains("Bank of Russia rejected the request: \"Error in parameters\""),
            "{err}"
        );
        for body in [
            &b"<ValCurs Date=\"09.12.2016\">\n</ValCurs>"[..],
            b"<ValCurs/>",
        ] {
            assert!(parse_cbr_xml(body)
                .unwrap_err()
                .message
                .contains("empty table"));
        }
    }

    #[test]
    fn a_vunitrate_in_exponent_notation_is_checked_like_any_other() {
        // The 2026 file prices 1,000,000 IRR at 53,9256 and writes the
        // unit rate as 5,39256E-05.
        let body = include_bytes!("fixtures/frankfurter_XML_daily_2026-04-25.xml");
        let t = parse_cbr_xml(body).unwrap();
        assert_eq!(t.len(), 54);
        assert_eq!(published(&t, "IRR"), ("1000000".into(), "53.9256".into()));
        let text = encoding_rs::WINDOWS_1251
            .decode(body)
            .0
            .replace("5,39256E-05", "5,39257E-05");
        let e = parse_cbr_xml(text.replace("windows-1251", "utf-8").as_bytes()).unwrap_err();
        assert!(e.to_string().contains("VunitRate of IRR"), "{e}");
    }

    #[test]
    fn a_vunitrate_must_be_value_over_nominal_rounded_to_its_scale() {
        let err = eng_error("<VunitRate>0,615323<", "<VunitRate>0,615324<");
        assert_eq!(err.line, Some(24));
        assert!(
            err.message.contains("DZD is 0.615324 but") && err.message.contains("= 0.615323"),
            "{err}"
        );
        let rounded = std::str::from_utf8(ENG)
            .unwrap()
            .replacen(">0,615323<", ">0,6153<", 1);
        assert!(parse_cbr_xml(rounded.as_bytes()).is_ok());
    }

    #[test]
    fn values_that_are_not_positive_comma_numbers_are_refused_with_their_line() {
        for bad in [
            "abc", "-1,0", "0", "0,0000", "47.5553", "47,", "1 000,5", "",
        ] {
            let err = eng_error("<Value>53,1079</Value>", &format!("<Value>{bad}</Value>"));
            assert_eq!(err.line, Some(7), "{bad}: {err}");
            assert!(err.message.contains("<Value> of AUD"), "{bad}: {err}");
        }
    }

    #[test]
    fn missing_fields_bad_nominals_codes_dates_and_duplicates_are_refused() {
        let cases = [
            (
                "<Nominal>1</Nominal>",
                "",
                "expected <Nominal> in the <Valute> of AUD",
            ),
            (
                "<Nominal>1</Nominal>",
                "<Nominal>0</Nominal>",
                "<Nominal> of AUD, found '0'",
            ),
            (
                "<Nominal>1</Nominal>",
                "<Nominal>1,0</Nominal>",
                "<Nominal> of AUD",
            ),
            ("<Value>53,1079</Value>", "", "expected <Value>"),
            ("<CharCode>AUD</CharCode>", "", "expected <CharCode>"),
            (
                "<CharCode>AUD</CharCode>",
                "<CharCode>A1D</CharCode>",
                "found 'A1D'",
            ),
            (
                "<CharCode>AUD</CharCode>",
                "<CharCode>AZN</CharCode>",
                "AZN is quoted twice",
            ),
            (
                "<CharCode>AUD</CharCode>",
                "<CharCode>RUB</CharCode>",
                "own base RUB",
            ),
            (" Date=\"13.12.2025\"", "", "found no Date"),
            ("13.12.2025", "31.02.2025", "found '31.02.2025'"),
            (
                "<Value>53,1079</Value>",
                "<Value>53,1079</Value><Value>1</Value>",
                "found two",
            ),
        ];
        for (from, to, expected) in cases {
            let err = eng_error(from, to);
            assert!(
                err.message.contains(expected) && err.line.is_some(),
                "{to}: {err}"
            );
        }
    }

    #[test]
    fn truncated_files_and_garbage_are_refused_with_a_line() {
        for body in [DAILY, ENG] {
            let err = parse_cbr_xml(&body[..body.len() / 2]).unwrap_err();
            assert!(err.line.unwrap() > 100, "{err}");
        }
        let cases: [(&[u8], &str); 5] = [
            (
                b"<ValCurs Date=\"09.12.2016\">\n<Valute>\n",
                "expected </Valute>",
            ),
            (b"\x00\x01 not xml at all", "expected <ValCurs>"),
            (b"", "expected <ValCurs>, found the end of the file"),
            (b"<ValCurs>\n\xc3\x28</ValCurs>", "expected UTF-8 text"),
            (
                b"<?xml version=\"1.0\" encoding=\"klingon\"?><ValCurs/>",
                "found 'klingon'",
            ),
        ];
        for (body, expected) in cases {
            let err = parse_cbr_xml(body).unwrap_err();
            assert!(
                err.message.contains(expected) && err.line.is_some(),
                "{err}"
            );
        }
    }

    #[test]
    fn the_same_file_re_encoded_as_utf_8_parses_identically() {
        let (text, _, had_errors) = encoding_rs::WINDOWS_1251.decode(DAILY);
        assert!(!had_errors && text.contains("Австралийский доллар"));
        let utf8 = text.replacen("encoding=\"windows-1251\"", "encoding=\"utf-8\"", 1);
        assert_eq!(parse_cbr_xml(utf8.as_bytes()), parse_cbr_xml(DAILY));
        assert!(parse_cbr_xml(DAILY).is_ok());
        // UTF-8 under a windows-1251 declaration still decodes (to other names).
        assert!(parse_cbr_xml(text.as_bytes()).is_ok());
        // windows-1251 bytes with no declaration are not UTF-8.
        let undeclared = encoding_rs::WINDOWS_1251
            .encode(text.split_once("?>").unwrap().1)
            .0;
        let err = parse_cbr_xml(&undeclared).unwrap_err();
        assert!(
            err.message.contains("UTF-8") && err.line == Some(7),
            "{err}"
        );
    }

    #[test]
    fn a_table_before_1998_is_priced_in_the_old_rouble() {
        // The real 2016-12-09 table with only its Date changed: the bank's
        // tables before the redenomination of 1998-01-01 (1,000 RUR = 1
        // RUB) are in RUR, and kurs must not read them as new roubles.
        let from = b"Date=\"09.12.2016\"";
        let at = DAILY.windows(from.len()).position(|w| w == from).unwrap();
        let dated = |d: &str| {
            let mut body = DAILY[..at].to_vec();
            body.extend_from_slice(format!("Date=\"{d}\"").as_bytes());
            body.extend_from_slice(&DAILY[at + from.len()..]);
            body
        };
        let old = parse_cbr_xml(&dated("31.12.1997")).unwrap();
        let new = parse_cbr_xml(&dated("01.01.1998")).unwrap();
        let rur: CurrencyCode = "RUR".parse().unwrap();
        assert_eq!((old.base(), new.base()), (rur, RUB));
        let usd = "USD".parse().unwrap();
        assert_eq!(old.quote(usd), new.quote(usd), "the figures as published");
    }
}
