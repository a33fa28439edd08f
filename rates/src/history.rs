//! All tables of one source, by date, and the as-of lookup.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;

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
/// pointers, not quotes.
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
    tables: Vec<Arc<Table>>,
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
        Self {
            source,
            tables: deduped,
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
    pub fn merged(&self, newer: impl IntoIterator<Item = Arc<Table>>) -> Self {
        let mut all = self.tables.clone();
        all.extend(newer);
        let mut merged = Self::from_shared(self.source, all);
        merged.known = self.known.clone();
        merged
    }

    /// The source whose tables these are.
    pub fn source(&self) -> SourceId {
        self.source
    }

    /// All tables, oldest first.
    pub fn tables(&self) -> &[Arc<Table>] {
        &self.tables
    }

    /// How many tables there are.
    pub fn len(&self) -> usize {
        self.tables.len()
    }

    /// Whether there is no table at all.
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
    }

    /// The oldest table.
    pub fn first(&self) -> Option<&Table> {
        self.tables.first().map(|t| &**t)
    }

    /// The newest table.
    pub fn latest(&self) -> Option<&Table> {
        self.tables.last().map(|t| &**t)
    }

    /// The table dated exactly `date`, if there is one.
    pub fn get(&self, date: NaiveDate) -> Option<&Table> {
        self.index_of(date).ok().map(|i| &*self.tables[i])
    }

    fn index_of(&self, date: NaiveDate) -> Result<usize, usize> {
        self.tables.binary_search_by_key(&date, |t| t.date())
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
            .first()
            .ok_or(LookupError::Empty { source_id: source })?
            .date();
        match self.index_of(date) {
            Ok(i) => Ok(&self.tables[i]),
            Err(0) => Err(LookupError::BeforeFirst {
                source_id: source,
                requested: date,
                first,
            }),
            Err(i) => Ok(&self.tables[i - 1]),
        }
    }

    /// The table before `table` (by date), for showing changes.
    pub fn previous(&self, table: &Table) -> Option<&Table> {
        let i = match self.index_of(table.date()) {
            Ok(i) | Err(i) => i,
        };
        i.checked_sub(1).map(|j| &*self.tables[j])
    }

    /// The tables dated from `start` to `end`, both inclusive.
    pub fn range(&self, start: NaiveDate, end: NaiveDate) -> &[Arc<Table>] {
        let lo = self.tables.partition_point(|t| t.date() < start);
        let hi = self.tables.partition_point(|t| t.date() <= end);
        &self.tables[lo..hi.max(lo)]
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
        let split = self.tables.partition_point(|t| t.date() <= date);
        let quotes = |t: &&Arc<Table>| t.covers(code);
        let last_before = self.tables[..split].iter().rev().find(quotes);
        let next_after = self.tables[split..].iter().find(quotes);
        LookupError::NotPublished {
            source_id: self.source,
            code,
            date,
            last_before: last_before.map(|t| t.date()),
            next_after: next_after.map(|t| t.date()),
        }
    }

    /// For each currency ever quoted, the first and last table quoting it.
    pub fn coverage(&self) -> Arc<BTreeMap<CurrencyCode, Coverage>> {
        self.coverage
            .get_or_init(|| {
                let mut map = BTreeMap::new();
                for t in &self.tables {
                    let date = t.date();
                    for (code, _) in t.quotes() {
                        map.entry(*code)
                            .and_modify(|c: &mut Coverage| c.last = date)
                            .or_insert(Coverage {
                                first: date,
                                last: date,
                            });
                    }
                }
                if let (Some(first), Some(last)) = (self.first(), self.latest()) {
                    let whole = Coverage {
                        first: first.date(),
                        last: last.date(),
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

    /// The shortcut through the coverage refuses exactly as the scan of
    /// the tables does: for every currency the ECB ever quoted, in the
    /// tables around the ends of its span and in a sample of all others.
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
                let expected = table
                    .quote(*code)
                    .ok_or_else(|| ecb.not_published(table.date(), *code));
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
