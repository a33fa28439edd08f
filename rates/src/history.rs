//! All tables of one source, by date, and the as-of lookup.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use chrono::{Datelike, NaiveDate};

use crate::years::{by_year, Year};
use crate::{CurrencyCode, KnownDates, Quote, SourceId, Table};

/// Every table one source has published that kurs knows, oldest first.
///
/// Lookups follow one rule: a request for date D uses the newest table dated
/// on or before D (a Saturday uses Friday's table). The rule is per table,
/// not per currency: when that table lacks a currency, the history cannot
/// answer for it, and the error says when the source last (or next)
/// published it, rather than carrying an old rate forward.
///
/// Tables are shared (`Arc`), so merging new tables into a history copies
/// pointers, not quotes. They are kept by calendar year, and the years of
/// the bundled snapshot are decoded only when a lookup needs them: a
/// question about one date decodes one year (two for January 1-3), and a
/// whole-history fact (coverage, first and newest dates) comes from the
/// snapshot's index. [`History::tables`] and [`History::range`] decode
/// everything, once.
///
/// ```
/// use kurs_rates::{bundled, SourceId};
/// let ecb = bundled(SourceId::ECB).unwrap();
/// let saturday = chrono::NaiveDate::from_ymd_opt(2011, 11, 19).unwrap();
/// let table = ecb.as_of(saturday).unwrap();
/// assert_eq!(table.date().to_string(), "2011-11-18");
/// ```
#[derive(Debug, Clone)]
pub struct History {
    source: SourceId,
    /// Oldest first; no year is empty.
    years: Vec<Arc<Year>>,
    /// Every table, oldest first: built from `years` on first use by
    /// [`History::tables`] or [`History::range`], which lend a slice.
    all: OnceLock<Vec<Arc<Table>>>,
    /// First and last date on which each currency was quoted. Computed on
    /// first use: a one-shot conversion never needs it, and it costs a pass
    /// over every quote.
    coverage: OnceLock<Arc<BTreeMap<CurrencyCode, Coverage>>>,
    /// For a source fetched date by date, the dates whose answer is known;
    /// `None` for a history that is complete from its first table on.
    known: Option<Arc<KnownDates>>,
}

/// The dates between which a source quoted one currency (both inclusive).
///
/// A currency may have gaps inside its coverage (the ECB quoted no ISK from
/// 2008-12-10 to 2018-01-31); lookups still answer per table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Coverage {
    /// The first table that quotes the currency.
    pub first: NaiveDate,
    /// The last table that quotes the currency.
    pub last: NaiveDate,
}

/// Why a history cannot answer for a date or a currency.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    /// The history holds no table at all.
    #[error("no {} rates are available", .source_id.publisher())]
    Empty {
        /// The source asked.
        source_id: SourceId,
    },
    /// The date is before the first table.
    #[error(
        "{requested} is before the first {} table ({first}): ask for {first} or later",
        .source_id.publisher()
    )]
    BeforeFirst {
        /// The source asked.
        source_id: SourceId,
        /// The date asked for.
        requested: NaiveDate,
        /// The date of the oldest table.
        first: NaiveDate,
    },
    /// The source is fetched date by date and the table for this date is
    /// not held (and could not be fetched).
    #[error(
        "the {} table in force on {requested} is not stored{}",
        .source_id.publisher(),
        .reason.as_deref().map(|r| format!(" and could not be fetched: {r}")).unwrap_or_default()
    )]
    NotFetched {
        /// The source asked.
        source_id: SourceId,
        /// The date asked for.
        requested: NaiveDate,
        /// Why fetching it failed, when it was tried.
        reason: Option<String>,
    },
    /// The effective table does not quote the currency.
    #[error("{}", not_published_message(.source_id, *.code, *.date, *.last_before, *.next_after))]
    NotPublished {
        /// The source asked.
        source_id: SourceId,
        /// The currency it lacks.
        code: CurrencyCode,
        /// The effective date: the table that lacks the currency.
        date: NaiveDate,
        /// The newest earlier table that quotes it, if any.
        last_before: Option<NaiveDate>,
        /// The oldest later table that quotes it, if any.
        next_after: Option<NaiveDate>,
    },
}

/// The next year to merge: the earlier of the next held year and the year
/// of the next new table.
fn next_year(held: Option<i32>, new: Option<&Arc<Table>>) -> Option<i32> {
    let new = new.map(|t| t.date().year());
    match (held, new) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn not_published_message(
    source: &SourceId,
    code: CurrencyCode,
    date: NaiveDate,
    last_before: Option<NaiveDate>,
    next_after: Option<NaiveDate>,
) -> String {
    let who = source.publisher();
    let when = match (last_before, next_after) {
        (Some(a), Some(b)) => format!("the {who} published no {code} after {a} until {b}"),
        (Some(a), None) => format!("the {who} published no {code} after {a}"),
        (None, Some(b)) => format!("the {who} published no {code} before {b}"),
        (None, None) => format!("the {who} does not publish {code}"),
    };
    format!("no {code} rate from {source} for {date}: {when}")
}

impl History {
    /// Builds a history from tables in any order. When two tables share a
    /// date, the later one in `tables` wins.
    ///
    /// # Panics
    /// Debug builds assert that every table belongs to `source`.
    pub fn new(source: SourceId, tables: impl IntoIterator<Item = Table>) -> Self {
        Self::from_shared(source, tables.into_iter().map(Arc::new).collect())
    }

    fn from_shared(source: SourceId, mut tables: Vec<Arc<Table>>) -> Self {
        debug_assert!(tables.iter().all(|t| t.source() == source));
        // A stable sort keeps equal dates in input order; keep the last.
        tables.sort_by_key(|t| t.date());
        let mut deduped: Vec<Arc<Table>> = Vec::with_capacity(tables.len());
        for t in tables {
            match deduped.last_mut() {
                Some(last) if last.date() == t.date() => *last = t,
                _ => deduped.push(t),
            }
        }
        Self::from_years(source, by_year(deduped))
    }

    /// A history of `years`, oldest first, none empty (each may be lazy).
    pub(crate) fn from_years(source: SourceId, years: Vec<Arc<Year>>) -> Self {
        debug_assert!(years.windows(2).all(|w| w[0].year() < w[1].year()));
        Self {
            source,
            years,
            all: OnceLock::new(),
            coverage: OnceLock::new(),
            known: None,
        }
    }

    /// The same history, marked as fetched date by date: only dates in
    /// `known`, and the dates of the tables themselves, are answered.
    pub fn with_known(mut self, known: KnownDates) -> Self {
        self.known = Some(Arc::new(known));
        self
    }

    /// For a history fetched date by date, the dates it can answer for.
    pub fn known(&self) -> Option<&KnownDates> {
        self.known.as_deref()
    }

    /// Whether a lookup for `date` can be answered from the tables held:
    /// always for a complete history; for one fetched date by date, when
    /// the date is known or has its own table. (The newest table held may
    /// be an old one fetched on demand, so a later date is not assumed to
    /// be answered by it.)
    pub fn answers(&self, date: NaiveDate) -> bool {
        match &self.known {
            None => true,
            Some(known) => known.contains(date) || self.get(date).is_some(),
        }
    }

    /// A new history with `newer` merged in; a table of `newer` replaces
    /// one of the same date.
    ///
    /// Only the years `newer` touches are decoded and rebuilt; the others
    /// are shared with `self`, decoded or not.
    pub fn merged(&self, newer: impl IntoIterator<Item = Arc<Table>>) -> Self {
        let mut newer: Vec<Arc<Table>> = newer.into_iter().collect();
        debug_assert!(newer.iter().all(|t| t.source() == self.source));
        // Stable: tables of one date keep their order, the last one wins.
        newer.sort_by_key(|t| t.date());
        let mut years = Vec::with_capacity(self.years.len() + 1);
        let mut old = self.years.iter().peekable();
        let mut new = newer.into_iter().peekable();
        while let Some(year) = next_year(old.peek().map(|y| y.year()), new.peek()) {
            let kept = old.next_if(|y| y.year() == year);
            let mut added = Vec::new();
            while let Some(t) = new.next_if(|t| t.date().year() == year) {
                added.push(t);
            }
            match kept {
                Some(y) if added.is_empty() => years.push(y.clone()),
                kept => {
                    let mut tables = kept.map(|y| y.tables().to_vec()).unwrap_or_default();
                    tables.extend(added);
                    years.extend(History::from_shared(self.source, tables).years);
                }
            }
        }
        let mut merged = Self::from_years(self.source, years);
        merged.known = self.known.clone();
        merged
    }

    /// The source whose tables these are.
    pub fn source(&self) -> SourceId {
        self.source
    }

    /// All tables, oldest first (this decodes every year, once).
    pub fn tables(&self) -> &[Arc<Table>] {
        self.all.get_or_init(|| {
            let mut all = Vec::with_capacity(self.len());
            for y in &self.years {
                all.extend_from_slice(y.tables());
            }
            all
        })
    }

    /// How many tables there are.
    pub fn len(&self) -> usize {
        self.years.iter().map(|y| y.len()).sum()
    }

    /// How many tables are decoded so far: a year of the bundled snapshot
    /// is decoded when a lookup first needs it (for tests and benchmarks;
    /// [`History::len`] counts every table).
    pub fn decoded_len(&self) -> usize {
        self.years.iter().map(|y| y.decoded_len()).sum()
    }

    /// Whether there is no table at all.
    pub fn is_empty(&self) -> bool {
        self.years.is_empty()
    }

    /// The oldest table.
    pub fn first(&self) -> Option<&Table> {
        self.years.first().map(|y| &*y.tables()[0])
    }

    /// The newest table.
    pub fn latest(&self) -> Option<&Table> {
        self.years
            .last()
            .and_then(|y| y.tables().last())
            .map(|t| &**t)
    }

    /// The table dated exactly `date`, if there is one.
    pub fn get(&self, date: NaiveDate) -> Option<&Table> {
        let n = self.years.partition_point(|y| y.first() <= date);
        let year = self.years.get(n.checked_sub(1)?)?;
        if date > year.last() {
            return None;
        }
        let tables = year.tables();
        let i = tables.binary_search_by_key(&date, |t| t.date()).ok()?;
        Some(&*tables[i])
    }

    /// The newest table dated on or before `date` (`inclusive`) or before
    /// it, decoding at most the one year it is in.
    fn newest_until(&self, date: NaiveDate, inclusive: bool) -> Option<&Table> {
        let before = |d: NaiveDate| if inclusive { d <= date } else { d < date };
        let n = self.years.partition_point(|y| before(y.first()));
        let tables = self.years.get(n.checked_sub(1)?)?.tables();
        let i = tables.partition_point(|t| before(t.date()));
        Some(&*tables[i.checked_sub(1)?])
    }

    /// The newest table dated on or before `date`.
    pub fn as_of(&self, date: NaiveDate) -> Result<&Table, LookupError> {
        let source = self.source;
        if !self.answers(date) {
            return Err(LookupError::NotFetched {
                source_id: source,
                requested: date,
                reason: None,
            });
        }
        let first = self
            .years
            .first()
            .ok_or(LookupError::Empty { source_id: source })?
            .first();
        self.newest_until(date, true)
            .ok_or(LookupError::BeforeFirst {
                source_id: source,
                requested: date,
                first,
            })
    }

    /// The table before `table` (by date), for showing changes.
    pub fn previous(&self, table: &Table) -> Option<&Table> {
        self.newest_until(table.date(), false)
    }

    /// The tables dated from `start` to `end`, both inclusive (this
    /// decodes every year, once).
    pub fn range(&self, start: NaiveDate, end: NaiveDate) -> &[Arc<Table>] {
        let tables = self.tables();
        let lo = tables.partition_point(|t| t.date() < start);
        let hi = tables.partition_point(|t| t.date() <= end);
        &tables[lo..hi.max(lo)]
    }

    /// The quote for `code` in `table` (which must come from this history),
    /// or an error naming when the source did quote it.
    ///
    /// Outside the span the history ever quoted `code` in, the cached
    /// [`History::coverage`] names the nearest tables in constant time;
    /// only a gap inside that span is found by scanning the tables. The
    /// scan alone cost 10–20 µs for a currency the source stopped quoting
    /// years ago (the ECB's RUB), paid by every refused item of a batch.
    pub fn quote_in(&self, table: &Table, code: CurrencyCode) -> Result<Quote, LookupError> {
        if let Some(quote) = table.quote(code) {
            return Ok(quote);
        }
        let date = table.date();
        let (last_before, next_after) = match self.coverage().get(&code) {
            None => (None, None),
            Some(c) if date > c.last => (Some(c.last), None),
            Some(c) if date < c.first => (None, Some(c.first)),
            Some(_) => return Err(self.not_published(date, code)),
        };
        Err(LookupError::NotPublished {
            source_id: self.source,
            code,
            date,
            last_before,
            next_after,
        })
    }

    /// The refusal of `code` on `date`, found by scanning the tables for
    /// the nearest ones quoting it.
    fn not_published(&self, date: NaiveDate, code: CurrencyCode) -> LookupError {
        LookupError::NotPublished {
            source_id: self.source,
            code,
            date,
            last_before: self.last_quoting(code, date),
            next_after: self.next_quoting(code, date),
        }
    }

    /// The newest table on or before `date` quoting `code`: a year wholly
    /// before `date` answers from its coverage, without decoding.
    fn last_quoting(&self, code: CurrencyCode, date: NaiveDate) -> Option<NaiveDate> {
        let n = self.years.partition_point(|y| y.first() <= date);
        self.years[..n].iter().rev().find_map(|y| {
            if y.last() <= date {
                return y.coverage().get(&code).map(|c| c.last);
            }
            let tables = y.tables();
            let split = tables.partition_point(|t| t.date() <= date);
            tables[..split]
                .iter()
                .rev()
                .find(|t| t.covers(code))
                .map(|t| t.date())
        })
    }

    /// The oldest table after `date` quoting `code`, the same way.
    fn next_quoting(&self, code: CurrencyCode, date: NaiveDate) -> Option<NaiveDate> {
        let n = self.years.partition_point(|y| y.last() <= date);
        self.years[n..].iter().find_map(|y| {
            if y.first() > date {
                return y.coverage().get(&code).map(|c| c.first);
            }
            let tables = y.tables();
            let split = tables.partition_point(|t| t.date() <= date);
            tables[split..]
                .iter()
                .find(|t| t.covers(code))
                .map(|t| t.date())
        })
    }

    /// For each currency ever quoted, the first and last table quoting it.
    pub fn coverage(&self) -> Arc<BTreeMap<CurrencyCode, Coverage>> {
        self.coverage
            .get_or_init(|| {
                let mut map = BTreeMap::new();
                for y in &self.years {
                    for (code, c) in y.coverage() {
                        map.entry(*code)
                            .and_modify(|whole: &mut Coverage| whole.last = c.last)
                            .or_insert(*c);
                    }
                }
                if let (Some(first), Some(last)) = (self.years.first(), self.years.last()) {
                    let whole = Coverage {
                        first: first.first(),
                        last: last.last(),
                    };
                    map.insert(first.base(), whole);
                }
                Arc::new(map)
            })
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn code(s: &str) -> CurrencyCode {
        s.parse().unwrap()
    }
    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn table(date: &str, codes: &[&str]) -> Table {
        let q = Quote::per_base(Decimal::TWO);
        let quotes = codes.iter().map(|c| (code(c), q)).collect();
        Table::new(SourceId::ECB, day(date), code("EUR"), quotes).unwrap()
    }
    fn history() -> History {
        History::new(
            SourceId::ECB,
            vec![
                table("2020-01-06", &["USD", "ISK"]),
                table("2020-01-02", &["USD", "ISK", "RUB"]),
                table("2020-01-03", &["USD", "RUB"]),
                table("2020-01-07", &["USD", "ISK"]),
            ],
        )
    }

    #[test]
    fn a_date_between_tables_uses_the_newest_earlier_table() {
        let h = history();
        assert_eq!(
            h.as_of(day("2020-01-05")).unwrap().date(),
            day("2020-01-03")
        );
        assert_eq!(
            h.as_of(day("2020-01-06")).unwrap().date(),
            day("2020-01-06")
        );
        assert_eq!(
            h.as_of(day("2030-01-01")).unwrap().date(),
            day("2020-01-07")
        );
    }

    #[test]
    fn a_date_before_the_first_table_is_an_error_naming_the_first_date() {
        let err = history().as_of(day("2019-12-31")).unwrap_err();
        assert!(
            err.to_string().contains("first ECB table (2020-01-02)"),
            "{err}"
        );
    }

    #[test]
    fn a_missing_currency_names_the_last_date_it_was_published() {
        let h = history();
        let t = h.as_of(day("2020-01-07")).unwrap();
        let err = h.quote_in(t, code("RUB")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no RUB rate from ecb for 2020-01-07: the ECB published no RUB after 2020-01-03"
        );
    }

    #[test]
    fn a_gap_names_both_ends() {
        let h = history();
        let t = h.as_of(day("2020-01-03")).unwrap();
        let err = h.quote_in(t, code("ISK")).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("published no ISK after 2020-01-02 until 2020-01-06"),
            "{err}"
        );
    }

    #[test]
    fn a_history_fetched_by_date_answers_only_known_dates() {
        let mut known = KnownDates::default();
        known.insert(day("2020-01-03"), day("2020-01-05"));
        let h = history().with_known(known);
        assert_eq!(
            h.as_of(day("2020-01-05")).unwrap().date(),
            day("2020-01-03")
        );
        assert!(
            h.as_of(day("2020-03-01")).is_err(),
            "not assumed from the newest table"
        );
        assert_eq!(
            h.as_of(day("2020-01-02")).unwrap().date(),
            day("2020-01-02")
        );
        let err = h.as_of(day("2020-01-01")).unwrap_err();
        assert!(matches!(err, LookupError::NotFetched { .. }), "{err}");
        assert!(h.merged([]).known().is_some());
    }

    #[test]
    fn merging_replaces_a_table_of_the_same_date() {
        let h = history().merged([Arc::new(table("2020-01-03", &["JPY"]))]);
        assert_eq!(h.len(), 4);
        assert!(h.get(day("2020-01-03")).unwrap().covers(code("JPY")));
    }

    #[test]
    fn coverage_spans_first_to_last_quote_and_the_base_spans_everything() {
        let cov = history().coverage();
        assert_eq!(cov[&code("RUB")].last, day("2020-01-03"));
        assert_eq!(cov[&code("EUR")].first, day("2020-01-02"));
        assert_eq!(cov[&code("EUR")].last, day("2020-01-07"));
    }

    #[test]
    fn range_and_previous_follow_dates() {
        let h = history();
        let r = h.range(day("2020-01-03"), day("2020-01-06"));
        assert_eq!(r.len(), 2);
        let t = h.get(day("2020-01-06")).unwrap();
        assert_eq!(h.previous(t).unwrap().date(), day("2020-01-03"));
        assert!(h.range(day("2020-02-01"), day("2020-01-01")).is_empty());
    }

    /// The shortcut through the coverage (and the per-year index) refuses
    /// exactly as a scan of every table does: for every currency the ECB
    /// ever quoted, in the tables around the ends of its span and in a
    /// sample of all others.
    #[test]
    fn quote_in_refuses_exactly_as_the_scan_of_the_tables() {
        let ecb = crate::bundled(SourceId::ECB).expect("bundled");
        let tables = ecb.tables();
        let coverage = ecb.coverage();
        let mut picked: Vec<usize> = (0..tables.len()).step_by(97).collect();
        for c in coverage.values() {
            for date in [c.first, c.last] {
                let i = tables.partition_point(|t| t.date() < date);
                picked.extend(i.saturating_sub(1)..(i + 2).min(tables.len()));
            }
        }
        picked.push(tables.len() - 1);
        let mut refusals = 0;
        for i in picked {
            let table = &tables[i];
            for code in coverage.keys() {
                // The scan itself: the nearest tables quoting the code.
                let quoting = |t: &&Arc<Table>| t.covers(*code);
                let expected = table.quote(*code).ok_or(LookupError::NotPublished {
                    source_id: SourceId::ECB,
                    code: *code,
                    date: table.date(),
                    last_before: tables[..i].iter().rev().find(quoting).map(|t| t.date()),
                    next_after: tables[i + 1..].iter().find(quoting).map(|t| t.date()),
                });
                assert_eq!(
                    ecb.quote_in(table, *code),
                    expected,
                    "{code} in {}",
                    table.date()
                );
                refusals += usize::from(expected.is_err());
            }
        }
        assert!(refusals > 100, "only {refusals} refusals compared");
    }
}
