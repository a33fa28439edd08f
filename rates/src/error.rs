//! Errors of the parsers.

/// A published file that does not parse completely.
///
/// Parsers are all-or-nothing: one bad row makes the whole file an error, so
/// that nothing half-parsed is ever used. The error names the format, the
/// line (1-based, when the format has lines) and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{format}{}: {message}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
pub struct ParseError {
    /// Which format was being read, e.g. `ECB history CSV`.
    pub format: &'static str,
    /// The 1-based line where the problem is, when known.
    pub line: Option<usize>,
    /// What was wrong, in words.
    pub message: String,
}

impl ParseError {
    /// An error at a known line.
    ///
    /// The message may quote upstream text; its control characters are
    /// escaped (see [`printable`]).
    pub fn at(format: &'static str, line: usize, message: impl Into<String>) -> Self {
        Self {
            format,
            line: Some(line),
            message: printable(&message.into()),
        }
    }

    /// An error about the file as a whole.
    pub fn whole(format: &'static str, message: impl Into<String>) -> Self {
        Self {
            format,
            line: None,
            message: printable(&message.into()),
        }
    }
}

/// `text` safe to show on a terminal or in a status field: every control
/// character (C0, DEL, C1, which start escape sequences) and every Unicode
/// bidirectional override is written as a visible escape such as `\u{1b}`,
/// so that text quoted from an upstream cannot clear a screen, retitle a
/// window or reorder what is shown around it.
///
/// ```
/// assert_eq!(kurs_rates::printable("a\x1b[2Jb"), "a\\u{1b}[2Jb");
/// ```
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unprintable(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

fn is_unprintable(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_bells_are_shown_escaped_and_text_is_kept() {
        let shown = printable("x\x1b]0;owned\x07 \u{9b}2J\u{202e}éй\n");
        assert_eq!(shown, "x\\u{1b}]0;owned\\u{7} \\u{9b}2J\\u{202e}éй\\u{a}");
        assert!(!shown.chars().any(char::is_control));
    }

    #[test]
    fn a_parse_error_never_holds_a_control_character() {
        let e = ParseError::whole("ECB XML", "found '\x1b[2J'");
        assert_eq!(e.to_string(), "ECB XML: found '\\u{1b}[2J'");
    }
}
