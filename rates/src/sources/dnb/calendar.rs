//! Danish banking days, on which Danmarks Nationalbank sets its rates.
//!
//! The days without rates in the recorded answer of 2025–2026 are the
//! Danish public holidays and bank holidays: New Year's Day, Maundy
//! Thursday, Good Friday, Easter Monday, 1 May, Ascension Day and the
//! Friday after it, Constitution Day (5 June), Whit Monday, Christmas Eve,
//! Christmas, Boxing Day and New Year's Eve; before 2024 also Great Prayer
//! Day (the fourth Friday after Easter, abolished from 2024).
//!
//! The StatBank shows a day's rates only some hours later (the recorded
//! answer of Saturday 4 April 2026 ended on Tuesday 31 March: 1 April had
//! not reached it over Easter), which a [`Schedule`] cannot say: kurs
//! expects them at 16:00, so a staleness warning may come early. As every
//! calendar here, it drives polling and staleness only.

use chrono::{Datelike, NaiveDate};

use crate::schedule::easter;
use crate::Schedule;

/// Every Danish banking day around 16:00 Europe/Copenhagen, dated that day.
pub(super) const SCHEDULE: Schedule =
    Schedule::new(chrono_tz::Europe::Copenhagen, (16, 0), 0, is_holiday);

/// The last year with Great Prayer Day as a holiday.
const GREAT_PRAYER_DAY_UNTIL: i32 = 2023;

/// Whether `date` is a Danish bank holiday (whatever its weekday).
fn is_holiday(date: NaiveDate) -> bool {
    let fixed = matches!(
        (date.month(), date.day()),
        (1, 1) | (5, 1) | (6, 5) | (12, 24..=26) | (12, 31)
    );
    let from_easter = (date - easter(date.year())).num_days();
    let prayer_day = from_easter == 26 && date.year() <= GREAT_PRAYER_DAY_UNTIL;
    // Maundy Thursday, Good Friday, Easter Monday, Ascension and the day
    // after, Whit Monday.
    fixed || prayer_day || matches!(from_easter, -3 | -2 | 1 | 39 | 40 | 50)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_danish_bank_holidays_of_2025_are_holidays() {
        // The weekdays missing from the recorded answer.
        for (m, d) in [
            (4, 17),
            (4, 18),
            (4, 21),
            (5, 1),
            (5, 29),
            (5, 30),
            (6, 5),
            (6, 9),
            (12, 24),
            (12, 25),
            (12, 26),
            (12, 31),
        ] {
            assert!(is_holiday(date(2025, m, d)), "{m}-{d}");
        }
    }

    #[test]
    fn great_prayer_day_is_a_holiday_until_2023_only() {
        assert!(is_holiday(date(2023, 5, 5)));
        assert!(!is_holiday(date(2024, 4, 26)));
        assert!(!is_holiday(date(2025, 5, 16)));
    }
}
