//! Date spans over which a history is known to be complete.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

/// Sets of dates, kept as merged closed intervals.
///
/// Sources that kurs fetches date by date (the Bank of Russia, the NBP)
/// have histories with holes: a table dated 2025-12-13 and one dated
/// 2026-03-14 say nothing of the tables between. When a fetch for date D
/// returns the table dated T, every date from T to D is answered by that
/// table; `KnownDates` records such spans so that a lookup can tell "the
/// newest table on or before D" from "the newest table kurs happens to
/// hold".
///
/// ```
/// use kurs_rates::KnownDates;
/// let d = |s: &str| s.parse().unwrap();
/// let mut known = KnownDates::default();
/// known.insert(d("2025-12-13"), d("2025-12-15"));
/// assert!(known.contains(d("2025-12-14")));
/// assert!(!known.contains(d("2025-12-16")));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KnownDates {
    /// start -> end, both inclusive; disjoint and not adjacent.
    spans: BTreeMap<NaiveDate, NaiveDate>,
}

impl KnownDates {
    /// Adds the dates from `start` to `end` (both inclusive; nothing when
    /// `end < start`), merging with overlapping or adjacent spans.
    pub fn insert(&mut self, start: NaiveDate, end: NaiveDate) {
        if end < start {
            return;
        }
        let (mut lo, mut hi) = (start, end);
        let day_after = |d: NaiveDate| d.checked_add_days(Days::new(1)).unwrap_or(d);
        let touching: Vec<NaiveDate> = self
            .spans
            .range(..=day_after(hi))
            .filter(|(_, e)| day_after(**e) >= lo)
            .map(|(s, _)| *s)
            .collect();
        for s in touching {
            let e = self.spans.remove(&s).expect("key just listed");
            lo = lo.min(s);
            hi = hi.max(e);
        }
        self.spans.insert(lo, hi);
    }

    /// Whether `date` lies in a known span.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.spans
            .range(..=date)
            .next_back()
            .is_some_and(|(_, end)| *end >= date)
    }

    /// The spans, oldest first, as (start, end) pairs.
    pub fn spans(&self) -> impl Iterator<Item = (NaiveDate, NaiveDate)> + '_ {
        self.spans.iter().map(|(s, e)| (*s, *e))
    }

    /// Whether no date is known.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn overlapping_and_adjacent_spans_merge() {
        let mut k = KnownDates::default();
        k.insert(d("2026-01-10"), d("2026-01-12"));
        k.insert(d("2026-01-01"), d("2026-01-03"));
        k.insert(d("2026-01-04"), d("2026-01-05"));
        k.insert(d("2026-01-11"), d("2026-01-20"));
        let spans: Vec<_> = k.spans().collect();
        assert_eq!(
            spans,
            vec![
                (d("2026-01-01"), d("2026-01-05")),
                (d("2026-01-10"), d("2026-01-20"))
            ]
        );
    }

    #[test]
    fn a_span_swallowing_several_others_leaves_one() {
        let mut k = KnownDates::default();
        k.insert(d("2026-01-02"), d("2026-01-02"));
        k.insert(d("2026-01-05"), d("2026-01-06"));
        k.insert(d("2026-01-01"), d("2026-01-31"));
        assert_eq!(k.spans().count(), 1);
        assert!(k.contains(d("2026-01-31")) && !k.contains(d("2026-02-01")));
    }

    #[test]
    fn an_inverted_span_adds_nothing() {
        let mut k = KnownDates::default();
        k.insert(d("2026-01-02"), d("2026-01-01"));
        assert!(k.is_empty());
    }
}
