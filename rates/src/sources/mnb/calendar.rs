//! Hungarian working days, on which the MNB sets its official rates.
//!
//! The MNB fixes its official rates late in the morning in Budapest, valid
//! for that day; kurs expects them from 11:30. There are no rates on the
//! Hungarian public holidays: 1 January, 15 March, Good Friday (since
//! 2017), Easter Monday, 1 May, Whit Monday, 20 August, 23 October,
//! 1 November, 25 and 26 December. Like the other calendars this one is
//! approximate: it leaves out the bridge days and the Saturdays worked in
//! their place that the government decrees each year; it only drives
//! polling and staleness, never which table answers.

use chrono::{Datelike, NaiveDate};

use crate::schedule::easter;
use crate::Schedule;

/// Every Hungarian working day around 11:30 Europe/Budapest, dated that day.
pub(super) const SCHEDULE: Schedule =
    Schedule::new(chrono_tz::Europe::Budapest, (11, 30), 0, is_holiday);

/// The first year in which Good Friday is a Hungarian public holiday.
const GOOD_FRIDAY_SINCE: i32 = 2017;

/// Whether `date` is a Hungarian public holiday (whatever its weekday).
fn is_holiday(date: NaiveDate) -> bool {
    let fixed = matches!(
        (date.month(), date.day()),
        (1, 1) | (3, 15) | (5, 1) | (8, 20) | (10, 23) | (11, 1) | (12, 25 | 26)
    );
    let from_easter = (date - easter(date.year())).num_days();
    let good_friday = from_easter == -2 && date.year() >= GOOD_FRIDAY_SINCE;
    fixed || good_friday || from_easter == 1 || from_easter == 50
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_hungarian_holidays_of_2026_are_holidays() {
        for (m, d) in [
            (1, 1),
            (3, 15),
            (4, 3),
            (4, 6),
            (5, 1),
            (5, 25),
            (8, 20),
            (10, 23),
            (11, 1),
            (12, 25),
            (12, 26),
        ] {
            assert!(is_holiday(date(2026, m, d)), "{m}-{d}");
        }
    }

    #[test]
    fn good_friday_is_a_holiday_only_since_2017() {
        assert!(is_holiday(date(2017, 4, 14)));
        assert!(!is_holiday(date(2016, 3, 25)));
        assert!(is_holiday(date(2016, 3, 28)), "Easter Monday 2016");
    }

    #[test]
    fn the_days_of_the_recorded_answer_are_working_days() {
        for d in 24..=28 {
            assert!(!is_holiday(date(2025, 3, d)), "{d}");
        }
        assert!(!is_holiday(date(2026, 4, 2)));
    }
}
