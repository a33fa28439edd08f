//! Czech working days, on which the CNB fixes its rates.
//!
//! The public holidays of Act 245/2000 Coll.: fixed-date ones, Easter Monday
//! and, since 2016, Good Friday. Weekends are handled by the schedule. Like
//! the other calendars this one is approximate (no one-off closures): it
//! only drives polling and staleness, never which table answers.

use chrono::{Datelike, NaiveDate};

use crate::schedule::easter;
use crate::Schedule;

/// Every Czech working day around 14:30 Europe/Prague, dated that day.
pub(super) const SCHEDULE: Schedule =
    Schedule::new(chrono_tz::Europe::Prague, (14, 30), 0, is_holiday);

/// The first year in which Good Friday is a Czech public holiday.
const GOOD_FRIDAY_SINCE: i32 = 2016;

/// Whether `date` is a Czech public holiday (whatever its weekday).
fn is_holiday(date: NaiveDate) -> bool {
    let fixed = matches!(
        (date.month(), date.day()),
        (1, 1) | (5, 1) | (5, 8) | (7, 5) | (7, 6) | (9, 28) | (10, 28) | (11, 17) | (12, 24..=26)
    );
    let from_easter = (date - easter(date.year())).num_days();
    fixed || from_easter == 1 || (from_easter == -2 && date.year() >= GOOD_FRIDAY_SINCE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_fixed_czech_holidays_of_2025_are_holidays() {
        for (m, d) in [
            (1, 1),
            (5, 1),
            (5, 8),
            (7, 5),
            (7, 6),
            (9, 28),
            (10, 28),
            (11, 17),
            (12, 24),
            (12, 25),
            (12, 26),
        ] {
            assert!(is_holiday(date(2025, m, d)), "{m}-{d}");
        }
    }

    #[test]
    fn easter_monday_always_and_good_friday_from_2016_are_holidays() {
        assert!(is_holiday(date(2026, 4, 6))); // Easter Monday
        assert!(is_holiday(date(2026, 4, 3))); // Good Friday
        assert!(is_holiday(date(2016, 3, 25))); // the first Good Friday off
        assert!(!is_holiday(date(2015, 4, 3))); // Good Friday before the law
        assert!(is_holiday(date(2015, 4, 6)));
        assert!(!is_holiday(date(2026, 4, 2))); // Maundy Thursday
    }

    /// The fixing's number in the year, as the header line says it: how
    /// many Czech working days there have been since 1 January.
    fn fixing_number(day: NaiveDate) -> usize {
        let first = NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap();
        let weekday = |d: &NaiveDate| d.weekday().number_from_monday() <= 5;
        first
            .iter_days()
            .take_while(|d| *d <= day)
            .filter(|d| weekday(d) && !is_holiday(*d))
            .count()
    }

    #[test]
    fn counting_working_days_gives_the_numbers_of_the_real_files() {
        // The headers of the real fixtures: "05.04.2016 #65", "21.04.2000 #80".
        assert_eq!(fixing_number(date(2016, 4, 5)), 65);
        assert_eq!(fixing_number(date(2000, 4, 21)), 80);
    }

    #[test]
    fn ordinary_days_are_not_holidays() {
        for d in [
            date(2025, 12, 23),
            date(2025, 12, 29),
            date(2026, 5, 4),
            date(2026, 1, 2),
            date(2016, 4, 5),
        ] {
            assert!(!is_holiday(d), "{d}");
        }
    }
}
