//! The source policy: which source answers a question, decided from what
//! each source publishes and never from what kurs happens to hold.
//!
//! 1. A pair with a source's own base currency is answered by that source:
//!    anything with RUB by the Bank of Russia, anything with PLN by the NBP
//!    (its daily table A, then its weekly table B for the currencies only
//!    B quotes).
//!    When both currencies are bases, the target currency's bank comes
//!    first, then the other one.
//! 2. Every other pair: the ECB, then the other sources in registry order.
//! 3. A source is consulted only if it may publish every currency asked
//!    (its catalogue), and it answers only if its table in force on the
//!    date quotes them all. A source whose table for the date is not held
//!    (never synced, or the fetch failed) is passed over only with a visible
//!    [`Fallback`]; a source that does not publish the currencies that day
//!    is passed over silently, since it never could answer.
//! 4. Two sources are crossed only when no single one answers.
//!
//! The order depends only on the currencies and the date, so the same
//! question gets the same answer on a fresh server, a warm one, after a
//! restart and in any order of earlier requests, as long as the tables the
//! policy consults can be had. The [`crate::Service`] fetches them before
//! asking (see [`Book::consulted`]).

use chrono::NaiveDate;
use kurs_rates::{CurrencyCode, LookupError, SourceId, Table};
use serde::Serialize;

use super::{explain, Book};
use crate::Error;

/// Why an answer comes from another source than the one the policy
/// prefers: that source's table for the date could not be had. It
/// serialises for the command line's `--json` only; the API writes its own
/// body from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fallback {
    /// The source the policy would have answered from.
    pub preferred: SourceId,
    /// Why it could not.
    pub reason: String,
}

/// The table the policy picked, and whether a preferred source was passed
/// over for want of its table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Picked<'a> {
    pub table: &'a Table,
    pub fallback: Option<SourceId>,
}

/// What one source can say about a question.
enum Verdict<'a> {
    /// Its table quotes every currency asked.
    Answers(&'a Table),
    /// Its table for the date is not held.
    Unavailable(Error),
    /// It did not publish what was asked on that date.
    Lacks(Error),
}

impl Book {
    /// The sources that may answer for `codes` (the currency priced or
    /// converted from first, then the targets), in the policy's order: the
    /// issuers of the targets, the issuer of the first, then every source
    /// of the book in registry order. Only sources whose catalogue may hold
    /// every code are listed.
    pub fn preference(&self, codes: &[CurrencyCode]) -> Vec<SourceId> {
        let Some((first, targets)) = codes.split_first() else {
            return Vec::new();
        };
        // Every source priced in the currency: a bank may publish more
        // than one table (the NBP's tables A and B), in registry order.
        let issuers = targets
            .iter()
            .chain(std::iter::once(first))
            .flat_map(|c| SourceId::all().iter().copied().filter(|s| s.base() == *c));
        let mut order: Vec<SourceId> = Vec::with_capacity(4);
        for s in issuers.chain(self.histories().map(|h| h.source())) {
            let in_book = self.history(s).is_some();
            if in_book && !order.contains(&s) && codes.iter().all(|c| s.may_publish(*c)) {
                order.push(s);
            }
        }
        order
    }

    /// The sources fetched date by date that the policy consults for
    /// `codes` on `date`, in order, up to and including the first that
    /// answers; every one that may publish any of the codes when none
    /// answers alone (a cross needs their tables). The service makes sure
    /// these are held before it asks, so that the answer never depends on
    /// what happened to be fetched before.
    pub fn consulted(
        &self,
        source: Option<SourceId>,
        codes: &[CurrencyCode],
        date: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Vec<SourceId> {
        let by_date = |s: &SourceId| self.history(*s).is_some_and(|h| h.known().is_some());
        let candidates = match source {
            Some(s) => vec![s],
            None => self.preference(codes),
        };
        let mut out = Vec::new();
        for s in candidates {
            if by_date(&s) {
                out.push(s);
            }
            if self.answers(s, codes, date, today) {
                return out;
            }
        }
        if source.is_none() {
            for h in self.histories().filter(|h| by_date(&h.source())) {
                let s = h.source();
                if !out.contains(&s) && codes.iter().any(|c| s.may_publish(*c)) {
                    out.push(s);
                }
            }
        }
        out
    }

    /// The table to answer from: `source`'s when named (never another),
    /// otherwise the one the policy picks.
    pub(crate) fn pick_table(
        &self,
        source: Option<SourceId>,
        codes: &[CurrencyCode],
        date: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<Picked<'_>, Error> {
        if let Some(s) = source {
            let table = self.table(s, date, today)?;
            return Ok(Picked {
                table,
                fallback: None,
            });
        }
        let mut failures = Vec::new();
        let mut passed_over = None;
        for s in self.preference(codes) {
            match self.verdict(s, codes, date, today) {
                Verdict::Answers(table) => {
                    return Ok(Picked {
                        table,
                        fallback: passed_over,
                    })
                }
                Verdict::Unavailable(e) => {
                    passed_over = passed_over.or(Some(s));
                    failures.push(e);
                }
                Verdict::Lacks(e) => failures.push(e),
            }
        }
        Err(explain(self, failures, codes, date))
    }

    /// Why `preferred` could not answer: the reason its table is missing.
    pub(crate) fn fallback(
        &self,
        preferred: SourceId,
        date: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Fallback {
        let reason = match self.table(preferred, date, today) {
            Err(Error::Lookup(e @ LookupError::Empty { .. })) => {
                match self.fetch_error(preferred) {
                    Some(why) => format!("{e}: {why}"),
                    None => format!("{e}: kurs has never synced it"),
                }
            }
            Err(e) => e.to_string(),
            Ok(_) => format!("the {} table was not available", preferred.publisher()),
        };
        Fallback { preferred, reason }
    }

    /// The first source, in the policy's order, that may publish every
    /// code but whose table for the date is not held.
    pub(crate) fn unavailable_preferred(
        &self,
        codes: &[CurrencyCode],
        date: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Option<SourceId> {
        self.preference(codes).into_iter().find(|s| {
            matches!(
                self.table(*s, date, today),
                Err(Error::Lookup(
                    LookupError::NotFetched { .. } | LookupError::Empty { .. }
                ))
            )
        })
    }

    /// Whether `s`'s table for the date quotes every code: the question of
    /// [`Self::verdict`] without the words of a refusal, which cost a scan
    /// of the history (`History::quote_in` looks for the nearest tables
    /// that quote a missing currency) and are not needed to decide.
    fn answers(
        &self,
        s: SourceId,
        codes: &[CurrencyCode],
        date: Option<NaiveDate>,
        today: NaiveDate,
    ) -> bool {
        self.table(s, date, today)
            .is_ok_and(|table| codes.iter().all(|c| table.covers(*c)))
    }

    fn verdict(
        &self,
        s: SourceId,
        codes: &[CurrencyCode],
        date: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Verdict<'_> {
        let table = match self.table(s, date, today) {
            Ok(t) => t,
            Err(e @ Error::Lookup(LookupError::NotFetched { .. } | LookupError::Empty { .. })) => {
                return Verdict::Unavailable(e)
            }
            Err(e) => return Verdict::Lacks(e),
        };
        match codes.iter().find(|c| !table.covers(**c)) {
            None => Verdict::Answers(table),
            Some(c) => {
                let history = self.history(s).expect("the table came from it");
                Verdict::Lacks(Error::Lookup(history.quote_in(table, *c).unwrap_err()))
            }
        }
    }
}
