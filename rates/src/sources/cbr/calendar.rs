//! When the Bank of Russia publishes: every Russian working day around
//! 15:30 in Moscow, each table dated the next calendar day (a Friday's table
//! is dated Saturday and stands through Monday).

use chrono::{Datelike, NaiveDate};

use crate::Schedule;

/// Every Russian working day around 15:30 Europe/Moscow, dated the next
/// calendar day.
pub(super) const SCHEDULE: Schedule =
    Schedule::new(chrono_tz::Europe::Moscow, (15, 30), 1, is_holiday);

/// The fixed Russian public holidays (the New Year holidays to 8 January,
/// Defender of the Fatherland Day, Women's Day, 1 and 9 May, Russia Day,
/// Unity Day), without the yearly transfers of days off.
fn is_holiday(date: NaiveDate) -> bool {
    matches!(
        (date.month(), date.day()),
        (1, 1..=8) | (2, 23) | (3, 8) | (5, 1) | (5, 9) | (6, 12) | (11, 4)
    )
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};

    use crate::Schedule;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    fn cbr() -> Schedule {
        super::SCHEDULE
    }

    #[test]
    fn cbr_table_dated_saturday_is_published_on_friday_afternoon_in_moscow() {
        let at = cbr().publication_of(date(2025, 12, 13));
        assert_eq!(at, Some(utc(2025, 12, 12, 12, 30)));
    }

    #[test]
    fn cbr_publishes_no_table_dated_sunday_or_monday() {
        assert_eq!(cbr().publication_of(date(2025, 12, 14)), None);
        assert_eq!(cbr().publication_of(date(2025, 12, 15)), None);
        let tuesday = cbr().publication_of(date(2025, 12, 16));
        assert_eq!(tuesday, Some(utc(2025, 12, 15, 12, 30)));
    }

    #[test]
    fn cbr_expects_the_saturday_table_on_monday_morning() {
        let latest = cbr().expected_latest(utc(2025, 12, 15, 6, 0), TimeDelta::zero());
        assert_eq!(latest, Some(date(2025, 12, 13)));
    }

    #[test]
    fn cbr_publishes_nothing_dated_in_the_january_holidays() {
        for day in 2..=9 {
            assert_eq!(cbr().publication_of(date(2026, 1, day)), None, "{day}");
        }
        let new_years_eve = cbr().publication_of(date(2025, 12, 31));
        assert_eq!(new_years_eve, Some(utc(2025, 12, 30, 12, 30)));
        let after = cbr().publication_of(date(2026, 1, 10));
        assert_eq!(after, Some(utc(2026, 1, 9, 12, 30)));
    }
}
