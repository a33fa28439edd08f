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
    pub fn at(format: &'static str, line: usize, message: impl Into<String>) -> Self {
        Self {
            format,
            line: Some(line),
            message: message.into(),
        }
    }

    /// An error about the file as a whole.
    pub fn whole(format: &'static str, message: impl Into<String>) -> Self {
        Self {
            format,
            line: None,
            message: message.into(),
        }
    }
}
