//! Small readers and writers the banks' parsers share.

use encoding_rs::{Encoding, UTF_8};
use quick_xml::events::Event;
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

    #[test]
    fn excerpts_are_one_line_of_at_most_forty_characters() {
        assert_eq!(excerpt("a\n  b\tc"), "a b c");
        let long = "x".repeat(50);
        assert_eq!(excerpt(&long), format!("{}...", "x".repeat(40)));
    }
}
