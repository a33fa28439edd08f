//! Small readers and writers the banks' parsers share.

use crate::CurrencyCode;

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
