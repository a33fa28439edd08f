//! When the NBP publishes its tables, each dated the day it is published:
//! table A every Polish working day around 12:15 in Warsaw; table B once a
//! week, on Wednesday (on the working day before when Wednesday is a
//! holiday), at the same time.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::schedule::easter;
use crate::Schedule;

/// Every Polish working day around 12:15 Europe/Warsaw, dated that day.
pub(super) const SCHEDULE: Schedule =
    Schedule::new(chrono_tz::Europe::Warsaw, (12, 15), 0, is_holiday);

/// Table B: Wednesdays around 12:15 Europe/Warsaw, dated that day; when
/// the Wednesday is a holiday, the working day before it.
///
/// A [`Schedule`] knows working days and holidays only, so every day but
/// the week's table B day is a "holiday" of this one. The time is table
/// A's: the NBP publishes both tables together (assumed, not recorded).
/// Only the current rule is encoded; the schedule drives polling, while
/// the tables fetched decide which one is in force on a date.
pub(super) const SCHEDULE_B: Schedule =
    Schedule::new(chrono_tz::Europe::Warsaw, (12, 15), 0, no_table_b);

/// Whether the NBP publishes no table B on `date` (see [`SCHEDULE_B`]).
fn no_table_b(date: NaiveDate) -> bool {
    table_b_day(wednesday_from(date)) != date
}

/// The Wednesday of `date`'s week if not yet past, else the next one: the
/// Wednesday whose table B is the first published on or after `date`.
fn wednesday_from(date: NaiveDate) -> NaiveDate {
    let ahead =
        (7 + Weekday::Wed.num_days_from_monday() - date.weekday().num_days_from_monday()) % 7;
    date + Days::new(ahead.into())
}

/// The day table B of `wednesday`'s week is published: the Wednesday, or
/// the latest working day before it when it is a holiday.
fn table_b_day(wednesday: NaiveDate) -> NaiveDate {
    let working =
        |d: &NaiveDate| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !is_holiday(*d);
    wednesday
        .iter_days()
        .rev()
        .take(7)
        .find(working)
        .unwrap_or(wednesday)
}

/// The Polish public holidays: the fixed ones (Christmas Eve from 2025),
/// Easter Sunday and Monday, and Corpus Christi.
fn is_holiday(date: NaiveDate) -> bool {
    let (month, day) = (date.month(), date.day());
    let from_easter = (date - easter(date.year())).num_days();
    matches!(
        (month, day),
        (1, 1) | (1, 6) | (5, 1) | (5, 3) | (8, 15) | (11, 1) | (11, 11) | (12, 25) | (12, 26)
    ) || (month, day) == (12, 24) && date.year() >= 2025
        || matches!(from_easter, 0 | 1 | 60)
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate, TimeZone, Utc};

    use crate::Schedule;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    fn nbp() -> Schedule {
        super::SCHEDULE
    }

    #[test]
    fn nbp_publishes_at_a_quarter_past_noon_in_warsaw_except_on_holidays() {
        assert_eq!(
            nbp().publication_of(date(2024, 5, 29)),
            Some(utc(2024, 5, 29, 10, 15))
        );
        assert_eq!(nbp().publication_of(date(2024, 5, 30)), None); // Corpus Christi
        assert_eq!(
            nbp().publication_of(date(2024, 12, 24)),
            Some(utc(2024, 12, 24, 11, 15))
        );
        assert_eq!(nbp().publication_of(date(2025, 12, 24)), None);
        assert_eq!(nbp().publication_of(date(2025, 1, 6)), None);
    }

    fn table_b() -> Schedule {
        super::SCHEDULE_B
    }

    /// The days of `from`..=`to` on which table B is published.
    fn table_b_days(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        from.iter_days()
            .take_while(|d| *d <= to)
            .filter(|d| table_b().publication_of(*d).is_some())
            .collect()
    }

    #[test]
    fn table_b_is_published_on_wednesdays_at_a_quarter_past_noon_in_warsaw() {
        // 009/B/NBP/2026 of the recording is dated Wednesday 2026-03-04.
        assert_eq!(
            table_b().publication_of(date(2026, 3, 4)),
            Some(utc(2026, 3, 4, 11, 15))
        );
        assert_eq!(
            table_b_days(date(2026, 3, 1), date(2026, 3, 31)),
            [4, 11, 18, 25].map(|d| date(2026, 3, d))
        );
    }

    #[test]
    fn table_b_moves_to_the_working_day_before_a_wednesday_holiday() {
        // Christmas Eve 2025 and All Saints' Day 2028 fall on Wednesdays.
        assert_eq!(
            table_b_days(date(2025, 12, 21), date(2025, 12, 27)),
            [date(2025, 12, 23)]
        );
        assert_eq!(
            table_b_days(date(2028, 10, 29), date(2028, 11, 4)),
            [date(2028, 10, 31)]
        );
        // 2029: Christmas Eve to Boxing Day are Monday to Wednesday, so the
        // working day before is Friday 21 December, a week early.
        assert_eq!(
            table_b_days(date(2029, 12, 17), date(2030, 1, 1)),
            [date(2029, 12, 19), date(2029, 12, 21)]
        );
    }

    #[test]
    fn table_b_is_due_a_week_after_the_last_one() {
        let (day, at) = table_b().next_publication(utc(2026, 3, 4, 12, 0));
        assert_eq!((day, at), (date(2026, 3, 11), utc(2026, 3, 11, 11, 15)));
        let newest = table_b().expected_latest(utc(2026, 3, 10, 12, 0), chrono::TimeDelta::zero());
        assert_eq!(newest, Some(date(2026, 3, 4)));
    }
}
