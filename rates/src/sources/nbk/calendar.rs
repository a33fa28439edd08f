//! When the National Bank of Kazakhstan's rates change: since 2019-07-01
//! (resolution No. 94 of 2019-06-04) the bank sets on each Kazakh working
//! day the rates of the next working day, the dollar's from the exchange's
//! (KASE) weighted average at 15:30 Astana time and the others from cross
//! rates at 16:00. kurs polls the answer without a date, which gives the
//! rates in force today, so the schedule follows that answer as the NBRB's
//! does: a table is "published" at 00:00 Almaty time on its own date
//! (lead 0), rather than expected all afternoon for tomorrow.
//!
//! The holidays are Kazakhstan's days off: 1 and 2 January, Orthodox
//! Christmas, Women's Day, Nauryz (21 to 23 March), 1, 7 and 9 May,
//! Capital Day (6 July), Constitution Day (30 August), Republic Day
//! (25 October, since 2022), First President's Day (1 December, until
//! 2021) and Independence Day (16 December, and 17 December until 2021).
//! Kurban Ait follows the lunar calendar and is not known here; nor are the
//! days moved by decree. Approximate, like the other calendars: it only
//! drives polling and staleness, never which table answers.

use chrono::{Datelike, NaiveDate};

use crate::Schedule;

/// Every Kazakh working day's table, the answer from 00:00 Asia/Almaty
/// on its date.
pub(super) const SCHEDULE: Schedule = Schedule::new(chrono_tz::Asia::Almaty, (0, 0), 0, is_holiday);

/// Whether `date` is a Kazakh public holiday (whatever its weekday).
fn is_holiday(date: NaiveDate) -> bool {
    let year = date.year();
    match (date.month(), date.day()) {
        (1, 1 | 2 | 7) | (3, 8 | 21..=23) | (5, 1 | 7 | 9) | (7, 6) | (8, 30) | (12, 16) => true,
        (10, 25) => year >= 2022,
        (12, 1 | 17) => year <= 2021,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeDelta, TimeZone, Utc};

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_kazakh_holidays_are_holidays() {
        for (m, d) in [
            (1, 1),
            (1, 2),
            (1, 7),
            (3, 8),
            (3, 21),
            (3, 23),
            (5, 1),
            (5, 7),
            (5, 9),
            (7, 6),
            (8, 30),
            (10, 25),
            (12, 16),
        ] {
            assert!(is_holiday(date(2026, m, d)), "{m}-{d}");
        }
        assert!(is_holiday(date(2021, 12, 1)) && is_holiday(date(2021, 12, 17)));
        assert!(!is_holiday(date(2026, 12, 1)) && !is_holiday(date(2026, 12, 17)));
        assert!(!is_holiday(date(2021, 10, 25)), "Republic Day from 2022");
        assert!(!is_holiday(date(2026, 4, 1)));
    }

    #[test]
    fn a_day_s_table_is_the_answer_from_midnight_in_almaty() {
        // Almaty keeps UTC+5 since 2024-03-01 (UTC+6 before).
        let now = SCHEDULE.publication_of(date(2026, 4, 2));
        assert_eq!(now, Utc.with_ymd_and_hms(2026, 4, 1, 19, 0, 0).single());
        let summer = SCHEDULE.publication_of(date(2026, 7, 8));
        assert_eq!(summer, Utc.with_ymd_and_hms(2026, 7, 7, 19, 0, 0).single());
        let before = SCHEDULE.publication_of(date(2023, 4, 4));
        assert_eq!(before, Utc.with_ymd_and_hms(2023, 4, 3, 18, 0, 0).single());
        assert_eq!(SCHEDULE.publication_of(date(2026, 3, 23)), None);
    }

    #[test]
    fn over_nauryz_the_last_working_day_s_table_is_expected() {
        // 21 to 23 March 2026: Saturday to Monday.
        let monday = Utc.with_ymd_and_hms(2026, 3, 23, 12, 0, 0).unwrap();
        let latest = SCHEDULE.expected_latest(monday, TimeDelta::zero());
        assert_eq!(latest, Some(date(2026, 3, 20)));
    }
}
