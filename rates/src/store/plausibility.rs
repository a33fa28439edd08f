//! Whether the tables of a response look like what their source publishes,
//! before they replace anything. The same checks apply to every source.
//!
//! # Neighbours
//!
//! A table is compared, per unit of each currency it shares with them, with
//! the *adjacent published* tables of its source: the table of the previous
//! publication and the table of the next one, where held (or in the same
//! response: a 90-day file or an NBP range is checked table by table).
//! A quote that moved by more than the store's `max_jump` (×3 by default)
//! either way makes the table suspicious, and the whole response is
//! rejected.
//!
//! A held table is adjacent to the one dated D when no table can have been
//! published between the two: every date strictly between them is either a
//! date the source's calendar ([`Schedule`]) gives no table, or a date whose
//! answer the history already knows (a history fetched date by date knows
//! its [`KnownDates`]; the ECB's history, fetched whole, knows every date).
//! A table held years away is therefore no neighbour, and a table with no
//! neighbour held is not compared with anything.
//!
//! This has a limit, by design: a table wrong throughout (every rate ×10)
//! that arrives when neither of its neighbours is held is accepted, and a
//! later, right neighbour is then rejected against it. Only tables of the
//! same source are compared; comparing sources with each other would catch
//! it, but sources legitimately differ by a fraction of a percent (and more
//! in a crisis), so that is left to reports.
//!
//! # Re-publications
//!
//! A table dated the same as one held is compared with the table it would
//! replace: if identical, it is nothing new (no write, no generation bump);
//! if it is a correction (the rule is on `is_correction`) it replaces the
//! held one, is checked against its neighbours like a new table, and is
//! recorded in the source's status; otherwise the response is rejected.
//!
//! [`Schedule`]: crate::Schedule
//! [`KnownDates`]: crate::KnownDates

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::{CurrencyCode, History, Schedule, Table};

/// How far (relative, either way) a re-published per-unit quote may be from
/// the one it replaces for the table to count as a correction: 1%.
const CORRECTION_TOLERANCE: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

/// How many currencies a correction may add or drop, counted together.
const CORRECTION_CURRENCIES: usize = 1;

/// A table of a response that changes the history.
#[derive(Debug)]
pub(super) struct Change {
    /// The table, new or replacing one of its date.
    pub table: Arc<Table>,
    /// For a replacement, the currencies whose quote changed, appeared or
    /// disappeared; `None` for a table of a date not held before.
    pub corrected: Option<Vec<CurrencyCode>>,
}

/// Checks the tables of a response that `current` would become `next`
/// with, and returns those that change anything; an error says why the
/// response must be rejected.
pub(super) fn review(
    tables: &[Arc<Table>],
    current: &History,
    next: &History,
    schedule: &Schedule,
    max_jump: Decimal,
) -> Result<Vec<Change>, String> {
    let mut changes = Vec::new();
    for table in tables {
        // Of two tables of one date in a response, the last one counts.
        let kept = next.get(table.date());
        if !kept.is_some_and(|k| std::ptr::eq(k, &**table)) {
            continue;
        }
        let corrected = match current.get(table.date()) {
            Some(held) if held == &**table => continue,
            Some(held) => Some(is_correction(held, table)?),
            None => None,
        };
        let (previous, following) = neighbours(next, schedule, table.date());
        if let Some(p) = previous {
            check_jump(p, table, max_jump)?;
        }
        if let Some(f) = following {
            check_jump(table, f, max_jump)?;
        }
        let table = table.clone();
        changes.push(Change { table, corrected });
    }
    Ok(changes)
}

/// The tables of `history` adjacent to the one dated `date`: the held
/// table of the source's previous publication and that of its next one
/// (see the module documentation). A table dated `date` itself is neither.
pub(super) fn neighbours<'h>(
    history: &'h History,
    schedule: &Schedule,
    date: NaiveDate,
) -> (Option<&'h Table>, Option<&'h Table>) {
    let tables = history.tables();
    let before = tables.partition_point(|t| t.date() < date);
    let after = tables.partition_point(|t| t.date() <= date);
    let previous = before
        .checked_sub(1)
        .map(|i| &*tables[i])
        .filter(|p| nothing_between(history, schedule, p.date(), date));
    let following = tables
        .get(after)
        .map(|t| &**t)
        .filter(|f| nothing_between(history, schedule, date, f.date()));
    (previous, following)
}

/// Whether no table can have been published dated strictly between `from`
/// and `to`, for a history holding no table between them: each such date
/// is one the calendar gives no table, or one the history answers (and so
/// answers with the table of `from`).
fn nothing_between(history: &History, schedule: &Schedule, from: NaiveDate, to: NaiveDate) -> bool {
    from.iter_days()
        .skip(1)
        .take_while(|d| *d < to)
        .all(|d| history.answers(d) || schedule.publication_of(d).is_none())
}

/// Whether `new` is a correction of `held` (a table of the same date), and
/// if so which currencies it changes.
///
/// The rule: the base is the same; at most one currency appears or
/// disappears ([`CORRECTION_CURRENCIES`]); and every currency quoted in
/// both has a per-unit quote (value ÷ units) within 1% of the held one
/// (`|new − old| ≤ 0.01 × old`, [`CORRECTION_TOLERANCE`]). A quote may be
/// rewritten with other units at the same per-unit price (it is then listed
/// as changed, by 0%).
fn is_correction(held: &Table, new: &Table) -> Result<Vec<CurrencyCode>, String> {
    let refuse = |why: String| {
        format!(
            "the re-published table of {} differs from the one held: {why} \
             (a correction keeps the same currencies give or take one, \
             and every quote per unit within 1%); not applied",
            new.date()
        )
    };
    if held.base() != new.base() {
        return Err(refuse(format!("base {} for {}", new.base(), held.base())));
    }
    let codes = |t: &Table| t.quotes().iter().map(|(c, _)| *c).collect::<BTreeSet<_>>();
    let (old_codes, new_codes) = (codes(held), codes(new));
    let added_or_dropped: Vec<CurrencyCode> = old_codes
        .symmetric_difference(&new_codes)
        .copied()
        .collect();
    if added_or_dropped.len() > CORRECTION_CURRENCIES {
        let list = join(&added_or_dropped);
        return Err(refuse(format!("{list} appear or disappear")));
    }
    let mut changed = added_or_dropped;
    for (code, q) in new.quotes() {
        let Some(p) = held.quote(*code) else { continue };
        if p == *q {
            continue;
        }
        changed.push(*code);
        let (Some(now), Some(before)) = (per_unit(q.value, q.units), per_unit(p.value, p.units))
        else {
            continue;
        };
        if (now - before).abs() > before * CORRECTION_TOLERANCE {
            let factor = (now / before).round_dp(4);
            return Err(refuse(format!("{code} moved by a factor of {factor}")));
        }
    }
    changed.sort_unstable();
    Ok(changed)
}

/// Refuses `later` when a quote it shares with `earlier` moved by more than
/// `max` (either way) per unit.
fn check_jump(earlier: &Table, later: &Table, max: Decimal) -> Result<(), String> {
    // Across a redenomination (the Bank of Russia's RUR tables before
    // 1998, its RUB tables after) the figures are in other units: the
    // jump is the new base's, not a suspicious move.
    if earlier.base() != later.base() {
        return Ok(());
    }
    for (code, q) in later.quotes() {
        let Some(p) = earlier.quote(*code) else {
            continue;
        };
        let (now, before) = (per_unit(q.value, q.units), per_unit(p.value, p.units));
        let (Some(now), Some(before)) = (now, before) else {
            continue;
        };
        let factor = if now > before {
            now / before
        } else {
            before / now
        };
        if factor > max {
            let message = format!(
                "suspicious: {code} moved by a factor of {} from {} to {} (limit {max} between adjacent tables); not applied",
                factor.round_dp(2),
                earlier.date(),
                later.date()
            );
            tracing::warn!(source = %later.source(), "{message}");
            return Err(message);
        }
    }
    Ok(())
}

fn per_unit(value: Decimal, units: Decimal) -> Option<Decimal> {
    value.checked_div(units).filter(|d| !d.is_zero())
}

/// `USD, TRY`.
pub(super) fn join(codes: &[CurrencyCode]) -> String {
    let names: Vec<String> = codes.iter().map(ToString::to_string).collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{KnownDates, Quote, SourceId};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn code(s: &str) -> CurrencyCode {
        s.parse().unwrap()
    }

    /// A CBR-like table: one USD costs `usd` roubles.
    fn cbr(date: &str, usd: &str) -> Table {
        let q = Quote::priced_in_base(Decimal::ONE, usd.parse().unwrap());
        Table::new(SourceId::CBR, d(date), code("RUB"), vec![(code("USD"), q)]).unwrap()
    }

    fn by_date(tables: &[Table], known: &[(&str, &str)]) -> History {
        let mut k = KnownDates::default();
        for (a, b) in known {
            k.insert(d(a), d(b));
        }
        History::new(SourceId::CBR, tables.to_vec()).with_known(k)
    }

    fn dates(pair: (Option<&Table>, Option<&Table>)) -> (Option<NaiveDate>, Option<NaiveDate>) {
        (pair.0.map(Table::date), pair.1.map(Table::date))
    }

    fn schedule() -> Schedule {
        SourceId::CBR.schedule()
    }

    #[test]
    fn the_tables_of_consecutive_publications_are_neighbours() {
        // Bank of Russia tables are dated the day after they are set:
        // Tuesday 2025-12-09 .. Saturday 12-13, then Tuesday 12-16.
        let h = by_date(
            &[cbr("2025-12-11", "80"), cbr("2025-12-12", "80")],
            &[("2025-12-11", "2025-12-12")],
        );
        let n = neighbours(&h, &schedule(), d("2025-12-13"));
        assert_eq!(dates(n), (Some(d("2025-12-12")), None));
        let n = neighbours(&h, &schedule(), d("2025-12-10"));
        assert_eq!(dates(n), (None, Some(d("2025-12-11"))));
    }

    #[test]
    fn days_without_a_publication_do_not_separate_neighbours() {
        // No table is dated Sunday 12-14 or Monday 12-15.
        let h = by_date(&[cbr("2025-12-13", "80"), cbr("2025-12-16", "80")], &[]);
        let n = neighbours(&h, &schedule(), d("2025-12-16"));
        assert_eq!(dates(n), (Some(d("2025-12-13")), None));
        let n = neighbours(&h, &schedule(), d("2025-12-13"));
        assert_eq!(dates(n), (None, Some(d("2025-12-16"))));
        // Nor in the January holidays: 2026-01-01 is followed by 01-10.
        let h = by_date(&[cbr("2026-01-01", "80")], &[]);
        let n = neighbours(&h, &schedule(), d("2026-01-10"));
        assert_eq!(dates(n), (Some(d("2026-01-01")), None));
    }

    #[test]
    fn a_publication_day_not_held_separates_tables() {
        // 12-12 is a publication day whose table is not held.
        let h = by_date(&[cbr("2025-12-11", "80"), cbr("2025-12-13", "80")], &[]);
        assert_eq!(
            dates(neighbours(&h, &schedule(), d("2025-12-13"))),
            (None, None)
        );
        assert_eq!(
            dates(neighbours(&h, &schedule(), d("2025-12-11"))),
            (None, None)
        );
    }

    #[test]
    fn known_dates_close_a_gap_the_calendar_leaves_open() {
        // A fetch for 12-12 answered with the table of 12-11: nothing was
        // published dated 12-12 (a day off the calendar does not know).
        let h = by_date(
            &[cbr("2025-12-11", "80"), cbr("2025-12-13", "80")],
            &[("2025-12-11", "2025-12-12")],
        );
        let n = neighbours(&h, &schedule(), d("2025-12-13"));
        assert_eq!(dates(n), (Some(d("2025-12-11")), None));
        let n = neighbours(&h, &schedule(), d("2025-12-11"));
        assert_eq!(dates(n), (None, Some(d("2025-12-13"))));
    }

    #[test]
    fn a_table_years_away_is_no_neighbour() {
        let h = by_date(&[cbr("2016-12-09", "63"), cbr("2025-12-13", "80")], &[]);
        assert_eq!(
            dates(neighbours(&h, &schedule(), d("2025-12-13"))),
            (None, None)
        );
        assert_eq!(
            dates(neighbours(&h, &schedule(), d("2016-12-09"))),
            (None, None)
        );
    }

    #[test]
    fn a_complete_history_knows_every_date_between_its_tables() {
        let h = History::new(
            SourceId::CBR,
            [cbr("2025-12-01", "80"), cbr("2025-12-20", "80")],
        );
        let n = neighbours(&h, &schedule(), d("2025-12-20"));
        assert_eq!(dates(n), (Some(d("2025-12-01")), None));
    }

    #[test]
    fn a_table_is_compared_with_both_neighbours_and_not_with_itself() {
        let held = by_date(&[cbr("2025-12-11", "80"), cbr("2025-12-13", "80")], &[]);
        let bad = Arc::new(cbr("2025-12-12", "800"));
        let next = held.merged([bad.clone()]);
        let s = schedule();
        let three = Decimal::from(3);
        let err = review(&[bad], &held, &next, &s, three).unwrap_err();
        assert!(err.contains("from 2025-12-11 to 2025-12-12"), "{err}");
        let fine = Arc::new(cbr("2025-12-12", "81"));
        let next = held.merged([fine.clone()]);
        let changes = review(&[fine], &held, &next, &s, three).unwrap();
        assert_eq!(changes.len(), 1);
        assert!(changes[0].corrected.is_none());
    }

    #[test]
    fn an_identical_table_is_no_change() {
        let held = by_date(&[cbr("2025-12-11", "80")], &[]);
        let same = Arc::new(cbr("2025-12-11", "80.0000"));
        let next = held.merged([same.clone()]);
        let changes = review(&[same], &held, &next, &schedule(), Decimal::from(3)).unwrap();
        assert!(changes.is_empty());
    }

    fn table(quotes: &[(&str, &str, &str)]) -> Table {
        let quotes = quotes
            .iter()
            .map(|(c, units, value)| {
                let q = Quote::priced_in_base(units.parse().unwrap(), value.parse().unwrap());
                (code(c), q)
            })
            .collect();
        Table::new(SourceId::CBR, d("2025-12-11"), code("RUB"), quotes).unwrap()
    }

    #[test]
    fn a_correction_keeps_every_quote_within_one_percent() {
        let held = table(&[("USD", "1", "80"), ("TRY", "10", "18.7")]);
        let new = table(&[("USD", "1", "80.8"), ("TRY", "10", "18.7")]);
        assert_eq!(is_correction(&held, &new).unwrap(), vec![code("USD")]);
        let new = table(&[("USD", "1", "80.81"), ("TRY", "10", "18.7")]);
        let err = is_correction(&held, &new).unwrap_err();
        assert!(err.contains("USD moved by a factor of 1.0101"), "{err}");
        // The same price per unit, written for other units.
        let new = table(&[("USD", "1", "80"), ("TRY", "1", "1.87")]);
        assert_eq!(is_correction(&held, &new).unwrap(), vec![code("TRY")]);
    }

    #[test]
    fn a_correction_may_add_or_drop_one_currency_but_not_two() {
        let held = table(&[("USD", "1", "80"), ("TRY", "10", "18.7")]);
        let added = table(&[
            ("USD", "1", "80"),
            ("TRY", "10", "18.7"),
            ("AUD", "1", "53"),
        ]);
        assert_eq!(is_correction(&held, &added).unwrap(), vec![code("AUD")]);
        let dropped = table(&[("USD", "1", "80")]);
        assert_eq!(is_correction(&held, &dropped).unwrap(), vec![code("TRY")]);
        let swapped = table(&[("USD", "1", "80"), ("AUD", "1", "53")]);
        let err = is_correction(&held, &swapped).unwrap_err();
        assert!(err.contains("AUD, TRY appear or disappear"), "{err}");
    }
}
