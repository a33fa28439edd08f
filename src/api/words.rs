//! The HTTP API's words for kurs's errors: the core's errors carry data,
//! and the API says what to do about them in URL syntax (query
//! parameters and paths, never command-line flags).

use kurs_rates::SourceId;

use crate::Error;

/// The `detail` of the problem for `e`.
pub fn error(e: &Error) -> String {
    let text = e.words(how_to_sync, |s| format!("ask with source={s}"));
    match e {
        Error::UnknownCurrency(u) if u.code().is_some() => {
            format!("{text}; GET /v1/currencies lists them")
        }
        _ => text,
    }
}

/// How sources never synced get their rates on a server: by themselves.
fn how_to_sync(sources: &[SourceId]) -> String {
    let whose = if sources.len() == 1 { "its" } else { "their" };
    format!("{whose} rates arrive once this server reaches the bank")
}

#[cfg(test)]
mod tests {
    use super::*;
    use kurs_rates::LookupError;

    #[test]
    fn another_source_is_named_by_its_query_parameter() {
        let e = Error::ElsewhereOnly {
            error: LookupError::Empty {
                source_id: SourceId::ECB,
            },
            alternative: SourceId::CBR,
        };
        let text = error(&e);
        assert!(
            text.ends_with("cbr publishes both for that date: ask with source=cbr"),
            "{text}"
        );
        assert!(!text.contains("--"), "{text}");
    }
}
