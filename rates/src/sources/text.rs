//! Small readers and writers the banks' parsers share.

use encoding_rs::{Encoding, UTF_8};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use rust_decimal::Decimal;

use crate::{CurrencyCode, ParseError};

/// Decodes an XML body with the encoding its declaration names (UTF-8
/// when it names none or one kurs does not know); bytes that are not text
/// in that encoding are an error of `format`.
pub(super) fn decode_declared_xml(body: &[u8], format: &'static str) -> Result<String, ParseError> {
    let encoding = match Reader::from_reader(body).read_event() {
        Ok(Event::Decl(decl)) => match decl.encoding() {
            Some(Ok(label)) => Encoding::for_label(&label).unwrap_or(UTF_8),
            _ => UTF_8,
        },
        _ => UTF_8,
    };
    let (text, _, had_errors) = encoding.decode(body);
    if had_errors {
        let message = format!("expected {} text, found other bytes", encoding.name());
        return Err(ParseError::whole(format, message));
    }
    Ok(text.into_owned())
}

/// The error of `format` for a document that is not well-formed XML.
pub(super) fn xml_error(format: &'static str, e: impl std::fmt::Display) -> ParseError {
    ParseError::whole(format, format!("expected well-formed XML: {e}"))
}

/// The shape of a flat XML rate table: a root element holding one element
/// per currency, whose child elements carry the figures. The Bank of
/// Russia's `<ValCurs><Valute><Value>`, and the banks that copied it.
pub(super) struct FlatXml {
    /// The format errors name (`NBT XML`).
    pub format: &'static str,
    /// The publisher, for "not the NBT's XML".
    pub bank: &'static str,
    /// The root element (`ValCurs`).
    pub root: &'static str,
    /// The element of one currency (`Valute`).
    pub record: &'static str,
    /// The child elements of a record that are read, in the order the
    /// messages name them.
    pub fields: &'static [&'static str],
}

/// One currency element as read: what `on_record` took from its start
/// tag, and the text of each of [`FlatXml::fields`], in order (`None`
/// where the element is absent).
pub(super) struct FlatRecord<H> {
    pub head: H,
    pub fields: Vec<Option<String>>,
}

impl FlatXml {
    /// Reads `text`: the root's start tag through `on_root`, each record's
    /// through `on_record`, and the text of the records' fields (entity
    /// references kept as written). Checks that the root is the expected
    /// one, that no record is empty and that the document is complete.
    pub(super) fn read<D, H>(
        &self,
        text: &str,
        mut on_root: impl FnMut(&BytesStart) -> Result<D, ParseError>,
        mut on_record: impl FnMut(&BytesStart) -> Result<H, ParseError>,
    ) -> Result<(D, Vec<FlatRecord<H>>), ParseError> {
        let fail = |message: String| ParseError::whole(self.format, message);
        let mut reader = Reader::from_str(text);
        let mut root = None;
        let mut records: Vec<FlatRecord<H>> = Vec::new();
        let mut stack: Vec<String> = Vec::new();
        let keep = |stack: &[String], records: &mut Vec<FlatRecord<H>>, text: &str| {
            let in_record = stack.len() == 3 && stack[1] == self.record;
            let field = self.fields.iter().position(|f| in_record && stack[2] == *f);
            if let (Some(i), Some(record)) = (field, records.last_mut()) {
                record.fields[i].get_or_insert_default().push_str(text);
            }
        };
        loop {
            match reader.read_event().map_err(|e| xml_error(self.format, e))? {
                Event::Start(e) => {
                    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    match stack.len() {
                        0 if name == self.root => root = Some(on_root(&e)?),
                        0 => return Err(fail(format!("expected <{}>, found <{name}>", self.root))),
                        1 if name == self.record => records.push(FlatRecord {
                            head: on_record(&e)?,
                            fields: vec![None; self.fields.len()],
                        }),
                        _ => {}
                    }
                    stack.push(name);
                }
                Event::Empty(e) if stack.len() <= 1 => {
                    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    let expected = if name == self.record {
                        let fields: Vec<String> =
                            self.fields.iter().map(|f| format!("<{f}>")).collect();
                        let fields = match fields.split_last() {
                            Some((last, [])) => last.clone(),
                            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
                            None => String::new(),
                        };
                        format!("{fields} in <{}>", self.record)
                    } else {
                        format!("<{}> of <{}>s", self.root, self.record)
                    };
                    return Err(fail(format!("expected {expected}, found <{name}/>")));
                }
                Event::Text(t) => {
                    let text = t.decode().map_err(|e| xml_error(self.format, e))?;
                    keep(&stack, &mut records, &text);
                }
                Event::GeneralRef(r) => {
                    let name = String::from_utf8_lossy(&r).into_owned();
                    keep(&stack, &mut records, &format!("&{name};"));
                }
                Event::End(_) => {
                    stack.pop();
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if let Some(open) = stack.last() {
            let message =
                format!("expected </{open}>, found the end of the body (a truncated answer?)");
            return Err(fail(message));
        }
        let root = root.ok_or_else(|| {
            fail(format!(
                "expected <{}>, found no element (not the {}'s XML)",
                self.root, self.bank
            ))
        })?;
        Ok((root, records))
    }
}

/// A positive decimal as banks write rates: at most `max_digits` digits
/// before and after the decimal `point` (`.` or `,`), nothing else (no
/// sign, exponent, spaces or thousands separators), read exactly at its
/// published scale.
pub(super) fn positive_decimal(text: &str, point: char, max_digits: usize) -> Option<Decimal> {
    let digits =
        |s: &str| !s.is_empty() && s.len() <= max_digits && s.bytes().all(|b| b.is_ascii_digit());
    let well_formed = match text.split_once(point) {
        Some((int, frac)) => digits(int) && digits(frac),
        None => digits(text),
    };
    let exact = match point {
        '.' => Decimal::from_str_exact(text),
        _ => Decimal::from_str_exact(&text.replace(point, ".")),
    };
    let number = well_formed.then_some(exact.ok()).flatten()?;
    (number > Decimal::ZERO).then_some(number)
}

/// A currency code as banks publish it: exactly three upper-case ASCII
/// letters (`usd`, ` USD` and `US$` are not codes).
pub(super) fn upper_code(text: &str) -> Option<CurrencyCode> {
    let upper = text.len() == 3 && text.bytes().all(|b| b.is_ascii_uppercase());
    upper.then(|| text.parse().ok()).flatten()
}

/// `text` on one line, cut to a readable length: errors end up in public
/// status fields, so they quote a few words of a body, never more (and
/// [`crate::ParseError`] escapes any control character in them).
pub(super) fn excerpt(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match joined.char_indices().nth(40) {
        Some((cut, _)) => format!("{}...", &joined[..cut]),
        None => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_positive_plain_decimals_read_at_their_scale() {
        let d = |t: &str, point, n| positive_decimal(t, point, n).map(|d| d.to_string());
        assert_eq!(d("27.035", '.', 12).as_deref(), Some("27.035"));
        assert_eq!(d("27,0350", ',', 12).as_deref(), Some("27.0350"));
        assert_eq!(d("1000", '.', 12).as_deref(), Some("1000"));
        for bad in [
            "", "0", "0.000", "-1.5", "+1", "1e3", " 1.5", "1.5 ", "1,5", "1.", ".5", "1.2.3",
        ] {
            assert_eq!(d(bad, '.', 12), None, "{bad:?}");
        }
        assert_eq!(d("27.035", ',', 12), None);
        assert_eq!(d(&"9".repeat(13), '.', 12), None);
        assert_eq!(d(&"9".repeat(13), '.', 20).map(|s| s.len()), Some(13));
    }

    #[test]
    fn codes_are_three_upper_case_letters() {
        assert_eq!(upper_code("USD").map(|c| c.to_string()), Some("USD".into()));
        for text in ["usd", " USD", "US$", "USDX", ""] {
            assert_eq!(upper_code(text), None, "{text:?}");
        }
    }

    const SHAPE: FlatXml = FlatXml {
        format: "TEST XML",
        bank: "Test Bank",
        root: "Rates",
        record: "Rate",
        fields: &["Code", "Value"],
    };

    /// Each record's element name and fields.
    type Records = Vec<(String, Vec<Option<String>>)>;

    fn read(text: &str) -> Result<Records, String> {
        let id = |e: &BytesStart| Ok(String::from_utf8_lossy(e.name().as_ref()).into_owned());
        SHAPE
            .read(text, |_| Ok(()), id)
            .map(|((), records)| records.into_iter().map(|r| (r.head, r.fields)).collect())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_flat_table_gives_each_records_fields_in_order() {
        let records = read(
            "<Rates><Rate><Value>1.5</Value><Code>U&amp;D</Code><Other>x</Other></Rate>\
             <Rate><Code>EUR</Code></Rate></Rates>",
        )
        .unwrap();
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(
            records,
            [
                ("Rate".to_owned(), vec![some("U&amp;D"), some("1.5")]),
                ("Rate".to_owned(), vec![some("EUR"), None]),
            ]
        );
    }

    #[test]
    fn a_flat_table_refuses_another_root_an_empty_record_and_a_cut_body() {
        let error = |text| read(text).unwrap_err();
        assert!(error("<Other/>").contains("expected <Rates> of <Rate>s, found <Other/>"));
        assert!(error("<Other></Other>").contains("expected <Rates>, found <Other>"));
        assert!(error("<Rates><Rate/></Rates>")
            .contains("expected <Code> and <Value> in <Rate>, found <Rate/>"));
        assert!(error("<Rates><Rate><Code>USD</Code>").contains("expected </Rate>"));
        assert!(error("").contains("not the Test Bank's XML"));
    }

    #[test]
    fn excerpts_are_one_line_of_at_most_forty_characters() {
        assert_eq!(excerpt("a\n  b\tc"), "a b c");
        let long = "x".repeat(50);
        assert_eq!(excerpt(&long), format!("{}...", "x".repeat(40)));
    }
}
