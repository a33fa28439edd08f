//! The command line's words for kurs's errors: the core's errors carry
//! data, and the command line says what to do about them in its own
//! syntax (flags and commands, never URL parameters).

use kurs_rates::SourceId;

use crate::Error;

/// The message for `e`, as the command line prints it after `kurs: `.
pub fn error(e: &Error) -> String {
    let text = e.words(how_to_sync, |s| format!("ask with --source {s}"));
    let text = match e {
        Error::UnknownCurrency(u) if u.code().is_some() => {
            format!("{text}; `kurs currencies` lists them")
        }
        _ => text,
    };
    offline(&text)
}

/// How sources never synced get their rates: `kurs sync --source …`.
fn how_to_sync(sources: &[SourceId]) -> String {
    let commands: Vec<String> = sources
        .iter()
        .map(|s| format!("`kurs sync --source {s}`"))
        .collect();
    format!(
        "{} rates arrive with {} (a server syncs by itself when it can reach the bank)",
        if sources.len() == 1 { "its" } else { "their" },
        commands.join(" or ")
    )
}

/// What the rates library says of a fetch refused offline
/// (`FetchError::Offline`), which reaches the command line inside reasons
/// and fallback notes as text.
const OFFLINE: &str = "kurs is offline: ";

/// A text with each offline refusal naming what made kurs offline here:
/// `--offline` or `KURS_OFFLINE=1`.
pub fn offline(text: &str) -> String {
    text.replace(OFFLINE, "kurs is offline (--offline or KURS_OFFLINE=1): ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use kurs_rates::LookupError;

    #[test]
    fn another_source_is_named_by_its_flag() {
        let e = Error::ElsewhereOnly {
            error: LookupError::Empty {
                source_id: SourceId::ECB,
            },
            alternative: SourceId::CBR,
        };
        let text = error(&e);
        assert!(
            text.ends_with("cbr publishes both for that date: ask with --source cbr"),
            "{text}"
        );
    }

    #[test]
    fn an_offline_refusal_names_the_flag_and_the_variable() {
        assert_eq!(
            offline("x: kurs is offline: not fetching https://a"),
            "x: kurs is offline (--offline or KURS_OFFLINE=1): not fetching https://a"
        );
    }
}
