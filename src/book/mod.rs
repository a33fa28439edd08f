//! The rates kurs holds, all sources together, and the questions asked of
//! them: convert an amount (here), list a table's rates (`rates.rs`), list
//! the currencies (`currencies.rs`), cross two sources (`cross.rs`).

mod cross;
mod currencies;
mod policy;
mod rates;

pub use currencies::CurrencyEntry;
pub use policy::Fallback;
pub use rates::RatesView;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Days, NaiveDate};
use kurs_rates::{CurrencyCode, History, LookupError, SourceId, Table};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::convert::CrossRate;
use crate::currency::Currency;
use crate::error::Unsynced;
use crate::{Amount, Error, Rounding};

/// The histories of every source kurs has data for, in order of preference.
///
/// A `Book` is an immutable value: fresher data makes a new `Book` (cheap:
/// tables are shared), so a request always answers from one consistent
/// snapshot.
///
/// ```
/// use kurs::{Book, ConvertQuery, Currency};
/// let book = Book::bundled();
/// let mut q = ConvertQuery::new(
///     "100".parse().unwrap(),
///     Currency::parse("usd").unwrap(),
///     Currency::parse("rub").unwrap(),
/// );
/// q.date = Some("2011-11-19".parse().unwrap());
/// let c = book.convert(&q, "2026-11-29".parse().unwrap()).unwrap();
/// assert_eq!(c.result.to_string(), "3081.20");
/// assert_eq!(c.date.to_string(), "2011-11-18");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Book {
    histories: Vec<Arc<History>>,
    /// Why a table that is not held could not be fetched, by source: the
    /// reason given when a lookup needs it.
    fetch_errors: HashMap<SourceId, String>,
}

/// A request to convert an amount, parsed at the boundary.
#[derive(Debug, Clone)]
pub struct ConvertQuery {
    /// How much of `from`.
    pub amount: Amount,
    /// The currency converted from.
    pub from: &'static Currency,
    /// The currency converted to.
    pub to: &'static Currency,
    /// The requested date; `None` for the latest table.
    pub date: Option<NaiveDate>,
    /// The source to use; `None` for the one the source policy picks
    /// (see [`Book::preference`]). A named source never falls back.
    pub source: Option<SourceId>,
    /// How to round the result.
    pub rounding: Rounding,
}

impl ConvertQuery {
    /// A query for the latest rates, any source, default rounding.
    pub fn new(amount: Amount, from: &'static Currency, to: &'static Currency) -> Self {
        Self {
            amount,
            from,
            to,
            date: None,
            source: None,
            rounding: Rounding::default(),
        }
    }
}

/// The answer to a [`ConvertQuery`].
///
/// It serialises for `kurs convert --json` only, which promises the shape
/// of the API's `Conversion`; the API writes its own body from it
/// (`api/native/body.rs`), so renaming a field here cannot change the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conversion {
    /// The currency converted from.
    pub from: CurrencyCode,
    /// The currency converted to.
    pub to: CurrencyCode,
    /// The amount as given.
    pub amount: Decimal,
    /// The converted amount, rounded once as asked.
    pub result: Decimal,
    /// One unit of `from` in `to`, to 10 significant digits (display only).
    pub rate: Decimal,
    /// The effective date: the date of the table used.
    pub date: NaiveDate,
    /// The date asked for, or `None` for the latest.
    pub requested_date: Option<NaiveDate>,
    /// The source whose table was used.
    pub source: SourceId,
    /// The currencies the conversion went through, `from` first.
    pub path: Vec<CurrencyCode>,
    /// Only when no single source covers the pair: the two sources
    /// crossed, each with the date of its table (`source` and `date` are
    /// then the first leg's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legs: Option<Vec<Leg>>,
    /// Only when the source the policy prefers could not answer (its
    /// table for the date is not held): which one, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback: Option<Fallback>,
}

/// One source's part in a conversion across two sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Leg {
    /// The source.
    pub source: SourceId,
    /// The date of its table.
    pub date: NaiveDate,
}

impl Book {
    /// A book with the given histories, in order of preference.
    pub fn new(histories: impl IntoIterator<Item = Arc<History>>) -> Self {
        Self {
            histories: histories.into_iter().collect(),
            fetch_errors: HashMap::new(),
        }
    }

    /// The book of the data bundled in the binary (the ECB history).
    pub fn bundled() -> Self {
        Self::new(
            SourceId::all()
                .iter()
                .copied()
                .filter_map(kurs_rates::bundled)
                .map(Arc::new),
        )
    }

    /// The same book, remembering why tables could not be fetched, so that
    /// a lookup that needs one says why it is missing.
    pub fn with_fetch_errors(mut self, errors: HashMap<SourceId, String>) -> Self {
        self.fetch_errors = errors;
        self
    }

    /// Every history, in order of preference.
    pub fn histories(&self) -> impl Iterator<Item = &History> {
        self.histories.iter().map(|h| &**h)
    }

    /// The history of one source, if the book has it.
    pub fn history(&self, source: SourceId) -> Option<&History> {
        self.histories().find(|h| h.source() == source)
    }

    pub(crate) fn history_or_empty(&self, source: SourceId) -> Result<&History, Error> {
        let empty = LookupError::Empty { source_id: source };
        self.history(source).ok_or(Error::Lookup(empty))
    }

    /// The table of `source` that answers for `date` (`None`: the latest),
    /// refusing dates no calendar has reached. `today` is the caller's
    /// clock, passed in so the core stays free of I/O.
    pub fn table(
        &self,
        source: SourceId,
        date: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<&Table, Error> {
        let history = self.history_or_empty(source)?;
        match date {
            None => history
                .latest()
                .ok_or(Error::Lookup(LookupError::Empty { source_id: source })),
            Some(d) => {
                check_not_future(d, source, today)?;
                if d < source.first_date() {
                    return Err(Error::Lookup(LookupError::BeforeFirst {
                        source_id: source,
                        requested: d,
                        first: source.first_date(),
                    }));
                }
                history.as_of(d).map_err(|e| self.explain_missing(e))
            }
        }
    }

    /// Why fetching from `source` failed, if it was tried.
    pub(crate) fn fetch_error(&self, source: SourceId) -> Option<&str> {
        self.fetch_errors.get(&source).map(String::as_str)
    }

    pub(crate) fn explain_missing(&self, e: LookupError) -> Error {
        match e {
            LookupError::NotFetched {
                source_id,
                requested,
                reason: None,
            } => Error::Lookup(LookupError::NotFetched {
                source_id,
                requested,
                reason: self.fetch_errors.get(&source_id).cloned(),
            }),
            other => Error::Lookup(other),
        }
    }

    /// Converts as `q` asks. When the source named lacks a currency that
    /// another source has for that date, the error names that source.
    pub fn convert(&self, q: &ConvertQuery, today: NaiveDate) -> Result<Conversion, Error> {
        self.convert_with(q, today)
            .map_err(|e| match (e, q.source) {
                (Error::Lookup(error @ LookupError::NotPublished { .. }), Some(named)) => {
                    let codes = [q.from.code, q.to.code];
                    let covers = |h: &&History| {
                        h.source() != named
                            && h.answers(q.date.unwrap_or(today))
                            && h.as_of(q.date.unwrap_or(today))
                                .is_ok_and(|t| codes.iter().all(|c| t.covers(*c)))
                    };
                    match self.histories().find(covers) {
                        Some(h) => Error::ElsewhereOnly {
                            error,
                            alternative: h.source(),
                        },
                        None => Error::Lookup(error),
                    }
                }
                (e, _) => e,
            })
    }

    fn convert_with(&self, q: &ConvertQuery, today: NaiveDate) -> Result<Conversion, Error> {
        let (from, to) = (q.from.code, q.to.code);
        let picked = match self.pick_table(q.source, &[from, to], q.date, today) {
            Ok(p) => p,
            Err(e) if q.source.is_none() => return self.convert_across(q, today).unwrap_or(Err(e)),
            Err(e) => return Err(e),
        };
        let table = picked.table;
        let history = self.history_or_empty(table.source())?;
        let rate =
            CrossRate::between(history.quote_in(table, from)?, history.quote_in(table, to)?)?;
        // Same-currency too: one rounding path, to the target's minor units.
        let rate = if from == to { CrossRate::ONE } else { rate };
        Ok(Conversion {
            from,
            to,
            amount: q.amount.value(),
            result: rate.apply(q.amount.value(), q.rounding, q.to.scale())?,
            rate: rate.display(),
            date: table.date(),
            requested_date: q.date,
            source: table.source(),
            path: path(from, to, table.base()),
            legs: None,
            fallback: picked.fallback.map(|s| self.fallback(s, q.date, today)),
        })
    }
}

/// One failure is returned as is; several are summed up per source.
fn explain(
    book: &Book,
    mut failures: Vec<Error>,
    codes: &[CurrencyCode],
    date: Option<NaiveDate>,
) -> Error {
    // A date in the future for every source is one complaint, with the
    // newest date of the source the policy prefers.
    if failures
        .iter()
        .all(|e| matches!(e, Error::FutureDate { .. }))
    {
        if let Some(first) = failures.first() {
            return first.clone();
        }
    }
    let hint = book.hint(codes, &failures);
    if failures.len() == 1 && hint.is_none() {
        return failures.remove(0);
    }
    let informative = failures.iter().filter(|e| !holds_nothing(e));
    let out_of_range =
        informative.clone().count() > 0 && informative.clone().all(Error::is_out_of_range);
    let mut reasons: Vec<String> = failures.iter().map(|e| e.to_string()).collect();
    reasons.dedup();
    let mut unique: Vec<CurrencyCode> = Vec::with_capacity(codes.len());
    for c in codes {
        if !unique.contains(c) {
            unique.push(*c);
        }
    }
    Error::NoSourceCovers {
        codes: unique,
        date: date.map_or_else(|| "the latest date".to_owned(), |d| d.to_string()),
        reasons: if reasons.is_empty() {
            "kurs has no rates at all".to_owned()
        } else {
            reasons.join("; ")
        },
        out_of_range,
        unsynced: hint.map(Box::new),
    }
}

impl Book {
    /// Which sources fetched date by date hold nothing (they need a sync),
    /// and the dates a complete history (the bundled ECB) answers instead.
    fn hint(&self, codes: &[CurrencyCode], failures: &[Error]) -> Option<Unsynced> {
        let sources: Vec<SourceId> = failures
            .iter()
            .filter_map(|e| match e {
                Error::Lookup(LookupError::Empty { source_id }) => Some(*source_id),
                _ => None,
            })
            .collect();
        if sources.is_empty() {
            return None;
        }
        let mut complete = Vec::new();
        for h in self.histories().filter(|h| h.known().is_none()) {
            let coverage = h.coverage();
            let spans: Option<Vec<_>> = codes.iter().map(|c| coverage.get(c)).collect();
            let Some(spans) = spans else { continue };
            let first = spans.iter().map(|c| c.first).max();
            let last = spans.iter().map(|c| c.last).min();
            if let (Some(first), Some(last)) = (first, last) {
                if first <= last {
                    complete.push((h.source(), first, last));
                }
            }
        }
        Some(Unsynced { sources, complete })
    }
}

/// Whether a failure only says that a source holds nothing for the date.
fn holds_nothing(e: &Error) -> bool {
    matches!(
        e,
        Error::Lookup(LookupError::NotFetched { .. } | LookupError::Empty { .. })
    )
}

pub(crate) fn check_not_future(
    date: NaiveDate,
    source: SourceId,
    today: NaiveDate,
) -> Result<(), Error> {
    let latest = today
        .checked_add_days(Days::new(u64::from(source.lead_days())))
        .unwrap_or(today);
    if date > latest {
        return Err(Error::FutureDate {
            requested: date,
            latest,
        });
    }
    Ok(())
}

pub(crate) fn path(from: CurrencyCode, to: CurrencyCode, base: CurrencyCode) -> Vec<CurrencyCode> {
    if from == to {
        return vec![from];
    }
    let mut p = vec![from, base, to];
    p.dedup();
    p
}
