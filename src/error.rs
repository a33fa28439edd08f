//! The one error type of kurs: every failure a caller can cause or meet.

use chrono::NaiveDate;
use kurs_rates::{CurrencyCode, LookupError, SourceId};

use crate::amount::InvalidAmount;
use crate::convert::Overflow;
use crate::currency::UnknownCurrency;
use crate::rounding::InvalidRounding;

/// Everything that can go wrong answering a request, as data: which
/// currency, source, date or range, and what is accepted. Its `Display` is
/// the core's plain message; each front end words its own hints (the API in
/// URL syntax with a stable problem code, the CLI in flag syntax).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A currency code that is malformed or not known.
    #[error(transparent)]
    UnknownCurrency(#[from] UnknownCurrency),
    /// An amount that is not a plain decimal.
    #[error(transparent)]
    InvalidAmount(#[from] InvalidAmount),
    /// A rounding mode that does not exist.
    #[error(transparent)]
    InvalidRounding(#[from] InvalidRounding),
    /// A required parameter (named) that was not given.
    #[error("'{0}' is required")]
    Missing(&'static str),
    /// A date that is not `YYYY-MM-DD`.
    #[error("invalid date '{0}': expected a calendar date as YYYY-MM-DD, e.g. 2011-11-18")]
    InvalidDate(String),
    /// A source name kurs does not know.
    #[error("unknown source '{0}': expected one of {known}", known = known_sources())]
    UnknownSource(String),
    /// A date no source can have reached yet.
    #[error("{requested} is in the future: ask for {latest} or earlier, or leave the date out for the latest rates")]
    FutureDate {
        /// The date asked for.
        requested: NaiveDate,
        /// The newest date that could be asked for.
        latest: NaiveDate,
    },
    /// A date before the source's history, or a currency the source did
    /// not publish for the effective date.
    #[error(transparent)]
    Lookup(#[from] LookupError),
    /// The named source lacks a currency that another source has.
    #[error("{error}; {alternative} publishes both for that date")]
    ElsewhereOnly {
        /// Why the named source cannot answer.
        error: LookupError,
        /// A source that can.
        alternative: SourceId,
    },
    /// A time series over a source fetched date by date spans too long.
    #[error("a time series from {source_id} spans {days} days; at most {max} are answered for a source fetched date by date (the ECB's history has no such limit)")]
    RangeTooLarge {
        /// How many days were asked.
        days: i64,
        /// The most answered.
        max: i64,
        /// The source.
        source_id: SourceId,
    },
    /// No source covers the currencies for the date.
    #[error("no source publishes {} for {date}: {reasons}{}", list_codes(.codes), sync_hint(.unsynced.as_deref(), None))]
    NoSourceCovers {
        /// The currencies asked for together.
        codes: Vec<CurrencyCode>,
        /// The date asked (or latest).
        date: String,
        /// Why each source could not answer.
        reasons: String,
        /// Whether every source that has data refused the date as out of
        /// its range (the others hold nothing for it).
        out_of_range: bool,
        /// The sources that hold nothing because kurs never synced them,
        /// if that is among the reasons.
        unsynced: Option<Box<Unsynced>>,
    },
    /// The result would need more digits than are computed exactly.
    #[error(transparent)]
    Overflow(#[from] Overflow),
}

/// Sources fetched date by date that hold nothing because kurs never
/// synced them, and the complete histories that answer without a sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsynced {
    /// The sources never synced.
    pub sources: Vec<SourceId>,
    /// Each complete history that covers the currencies, with the first
    /// and last date it answers them.
    pub complete: Vec<(SourceId, NaiveDate, NaiveDate)>,
}

/// `; kurs has never synced the Bank of Russia: {how}; the European
/// Central Bank answers these currencies from … to … with no sync`, where
/// `how` is a front end's way to sync (none in the core's own message).
fn sync_hint(unsynced: Option<&Unsynced>, how: Option<&str>) -> String {
    let Some(u) = unsynced else {
        return String::new();
    };
    // The first few, in the policy's order: twenty banks named in one
    // sentence would hide the one that matters.
    const NAMED: usize = 3;
    let mut publishers: Vec<String> = u
        .sources
        .iter()
        .take(NAMED)
        .map(|s| s.in_sentence())
        .collect();
    if u.sources.len() > NAMED {
        publishers.push(format!("{} other sources", u.sources.len() - NAMED));
    }
    let mut hint = match publishers.split_last() {
        Some((last, [])) => format!("; kurs has never synced {last}"),
        Some((last, rest)) => format!("; kurs has never synced {} or {last}", rest.join(", ")),
        None => return String::new(),
    };
    if let Some(how) = how {
        hint.push_str(": ");
        hint.push_str(how);
    }
    for (source, first, last) in &u.complete {
        hint.push_str(&format!(
            "; {} answers these currencies from {first} to {last} with no sync",
            source.in_sentence()
        ));
    }
    hint
}

/// `USD and RUB`, `EUR, USD and RUB`.
fn list_codes(codes: &[CurrencyCode]) -> String {
    match codes {
        [] => "rates".to_owned(),
        [one] => one.to_string(),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|c| c.to_string()).collect();
            let both = if codes.len() == 2 { "both " } else { "all of " };
            format!("{both}{} and {last}", init.join(", "))
        }
    }
}

fn known_sources() -> String {
    let names: Vec<_> = SourceId::all().iter().map(|s| s.as_str()).collect();
    names.join(", ")
}

impl Error {
    /// The message, with a front end's words where the core leaves them
    /// out: `sync` says how to sync sources never synced (given them),
    /// `ask` how to ask another source (given it).
    pub fn words(
        &self,
        sync: impl Fn(&[SourceId]) -> String,
        ask: impl Fn(SourceId) -> String,
    ) -> String {
        match self {
            Error::NoSourceCovers {
                codes,
                date,
                reasons,
                unsynced: Some(u),
                ..
            } => format!(
                "no source publishes {} for {date}: {reasons}{}",
                list_codes(codes),
                sync_hint(Some(u), Some(&sync(&u.sources)))
            ),
            Error::ElsewhereOnly { alternative, .. } => {
                format!("{self}: {}", ask(*alternative))
            }
            _ => self.to_string(),
        }
    }

    /// Whether the error says the date asked for is outside what can be
    /// answered (before a history, in the future, or out of every
    /// source's range) rather than that a rate is missing.
    pub fn is_out_of_range(&self) -> bool {
        matches!(
            self,
            Error::FutureDate { .. }
                | Error::Lookup(LookupError::BeforeFirst { .. })
                | Error::NoSourceCovers {
                    out_of_range: true,
                    ..
                }
        )
    }
}
