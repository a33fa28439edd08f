//! Norwegian business days, on which Norges Bank publishes its rates.
//!
//! The Norwegian public holidays (New Year's Day, Maundy Thursday, Good
//! Friday, Easter Monday, 1 May, Constitution Day on 17 May, Ascension Day,
//! Whit Monday, Christmas and Boxing Day) and the two days the banks close,
//! Christmas Eve and New Year's Eve. Approximate (no one-off closures): it
//! drives polling and staleness only.

use chrono::{Datelike, NaiveDate};

use crate::schedule::easter;
use crate::Schedule;

/// Every Norwegian business day around 16:00 Europe/Oslo, dated that day.
pub(super) const SCHEDULE: Schedule =
    Schedule::new(chrono_tz::Europe::Oslo, (16, 0), 0, is_holiday);

/// Whether `date` is a day Norges Bank publishes no rates (whatever its
/// weekday).
fn is_holiday(date: NaiveDate) -> bool {
    let fixed = matches!(
        (date.month(), date.day()),
        (1, 1) | (5, 1) | (5, 17) | (12, 24..=26) | (12, 31)
    );
    // Maundy Thursday, Good Friday, Easter Monday, Ascension, Whit Monday.
    let from_easter = (date - easter(date.year())).num_days();
    fixed || matches!(from_easter, -3 | -2 | 1 | 39 | 50)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_norwegian_holidays_of_2026_are_holidays() {
        for (m, d) in [
            (1, 1),
            (4, 2), // Maundy Thursday
            (4, 3), // Good Friday
            (4, 6), // Easter Monday
            (5, 1),
            (5, 14), // Ascension Day
            (5, 25), // Whit Monday
            (12, 24),
            (12, 25),
            (12, 31),
        ] {
            assert!(is_holiday(date(2026, m, d)), "{m}-{d}");
        }
        assert!(is_holiday(date(2025, 5, 17)));
    }

    #[test]
    fn ordinary_days_are_not_holidays() {
        for d in [
            date(2026, 3, 24),
            date(2026, 4, 1),
            date(2026, 4, 7),
            date(2026, 5, 18),
        ] {
            assert!(!is_holiday(d), "{d}");
        }
    }
}
