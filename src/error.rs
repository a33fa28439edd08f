//! The one error type of kurs: every failure a caller can cause or meet.

use chrono::NaiveDate;
use kurs_rates::{CurrencyCode, LookupError, SourceId};

use crate::amount::InvalidAmount;
use crate::convert::Overflow;
use crate::currency::UnknownCurrency;
use crate::rounding::InvalidRounding;

/// Everything that can go wrong answering a request, each with a stable
/// machine-readable [`code`](Error::code) and a message that says what was
/// wrong and what is accepted.
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
    #[error("{error}; {alternative} publishes both for that date: ask with source={alternative}")]
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
    #[error("no source publishes {} for {date}: {reasons}", list_codes(.codes))]
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
    },
    /// The result would need more digits than are computed exactly.
    #[error(transparent)]
    Overflow(#[from] Overflow),
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
    SourceId::ALL.map(|s| s.as_str()).join(", ")
}

impl Error {
    /// The stable code callers can match on, e.g. `unknown_currency`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::UnknownCurrency(_) => "unknown_currency",
            Error::InvalidAmount(_) => "invalid_amount",
            Error::InvalidRounding(_) => "invalid_rounding",
            Error::InvalidDate(_) => "invalid_date",
            Error::UnknownSource(_) => "unknown_source",
            Error::FutureDate { .. } => "date_out_of_range",
            Error::RangeTooLarge { .. } => "range_too_large",
            Error::Lookup(LookupError::BeforeFirst { .. }) => "date_out_of_range",
            Error::NoSourceCovers {
                out_of_range: true, ..
            } => "date_out_of_range",
            Error::Lookup(_) | Error::NoSourceCovers { .. } | Error::ElsewhereOnly { .. } => {
                "rate_unavailable"
            }
            Error::Overflow(_) => "overflow",
        }
    }
}

/// Parses a `YYYY-MM-DD` date given by a caller.
pub fn parse_date(s: &str) -> Result<NaiveDate, Error> {
    let t = s.trim();
    // Four digits, two, two: chrono alone also takes a signed year
    // (`-999-12-31`, `+123-05-06`), which is no YYYY-MM-DD.
    let well_formed = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    well_formed
        .then(|| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| Error::InvalidDate(s.chars().take(40).collect()))
}

/// Parses a source name given by a caller.
pub fn parse_source(s: &str) -> Result<SourceId, Error> {
    SourceId::parse(s).ok_or_else(|| Error::UnknownSource(s.chars().take(40).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_iso_calendar_dates() {
        assert_eq!(parse_date("2011-11-18").unwrap().to_string(), "2011-11-18");
        for bad in [
            "2011-11-31",
            "18.11.2011",
            "2011-1-8",
            "",
            "20111118",
            "+2011-11-18",
            // Found by the api_query fuzz target: chrono takes a signed
            // year, and the date then printed as -0999-12-31.
            "-999-12-31",
            "+123-05-06",
            "2011-11-1\u{663}",
        ] {
            let err = parse_date(bad).unwrap_err();
            assert_eq!(err.code(), "invalid_date", "{bad}");
            assert!(err.to_string().contains("YYYY-MM-DD"));
        }
    }

    #[test]
    fn unknown_sources_list_the_known_ones() {
        let err = parse_source("fed").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown source 'fed': expected one of ecb, cbr, nbp, cnb"
        );
        assert_eq!(parse_source("ECB").unwrap(), SourceId::ECB);
    }
}
