//! When the ECB publishes: every TARGET2 working day around 16:00 in
//! Frankfurt, each table dated the day it is set.

use chrono::{Datelike, NaiveDate};

use crate::schedule::easter;
use crate::Schedule;

/// Every TARGET2 working day around 16:00 Europe/Berlin, dated that day.
pub(super) const SCHEDULE: Schedule =
    Schedule::new(chrono_tz::Europe::Berlin, (16, 0), 0, is_holiday);

/// The TARGET2 closing days other than weekends: New Year's Day, Good
/// Friday, Easter Monday, Labour Day and the two days of Christmas.
fn is_holiday(date: NaiveDate) -> bool {
    let from_easter = (date - easter(date.year())).num_days();
    matches!(
        (date.month(), date.day()),
        (1, 1) | (5, 1) | (12, 25) | (12, 26)
    ) || matches!(from_easter, -2 | 1)
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

    fn ecb() -> Schedule {
        super::SCHEDULE
    }

    #[test]
    fn ecb_publishes_on_a_tuesday_at_four_in_frankfurt() {
        let winter = ecb().publication_of(date(2024, 1, 16));
        assert_eq!(winter, Some(utc(2024, 1, 16, 15, 0)));
        let summer = ecb().publication_of(date(2024, 7, 16));
        assert_eq!(summer, Some(utc(2024, 7, 16, 14, 0)));
    }

    #[test]
    fn ecb_publishes_nothing_on_target2_holidays_and_weekends() {
        for d in [
            date(2024, 3, 29),
            date(2024, 4, 1),
            date(2025, 12, 25),
            date(2025, 12, 26),
            date(2026, 1, 1),
            date(2024, 5, 1),
            date(2024, 1, 20),
            date(2024, 1, 21),
        ] {
            assert_eq!(ecb().publication_of(d), None, "{d}");
        }
    }

    #[test]
    fn ecb_expects_fridays_table_over_the_weekend_until_monday_afternoon() {
        let friday = Some(date(2024, 1, 19));
        let zero = TimeDelta::zero();
        assert_eq!(ecb().expected_latest(utc(2024, 1, 20, 12, 0), zero), friday);
        assert_eq!(ecb().expected_latest(utc(2024, 1, 22, 10, 0), zero), friday);
        let monday = Some(date(2024, 1, 22));
        assert_eq!(ecb().expected_latest(utc(2024, 1, 22, 15, 0), zero), monday);
    }
}
