//! Swedish banking days, on which the Riksbank publishes its rates.
//!
//! The Swedish public holidays that fall on weekdays (New Year's Day,
//! Epiphany, Good Friday, Easter Monday, 1 May, Ascension Day, National
//! Day on 6 June since 2005, Whit Monday until 2004, Christmas and Boxing
//! Day) and the days the banks close: Midsummer Eve (the Friday between
//! 19 and 25 June), Christmas Eve and New Year's Eve. Approximate (no
//! one-off closures): it drives polling and staleness only.
//!
//! The publication time is not in the recorded answer (Frankfurter polls
//! the API from 15:00 UTC): 16:30 Stockholm time is an estimate.

use chrono::{Datelike, NaiveDate, Weekday};

use crate::schedule::easter;
use crate::Schedule;

/// Every Swedish banking day around 16:30 Europe/Stockholm, dated that day.
pub(super) const SCHEDULE: Schedule =
    Schedule::new(chrono_tz::Europe::Stockholm, (16, 30), 0, is_holiday);

/// The first year 6 June was a public holiday, in place of Whit Monday.
const NATIONAL_DAY_FROM: i32 = 2005;

/// Whether `date` is a Swedish bank holiday (whatever its weekday).
fn is_holiday(date: NaiveDate) -> bool {
    let national_day = date.year() >= NATIONAL_DAY_FROM;
    let fixed = match (date.month(), date.day()) {
        (1, 1) | (1, 6) | (5, 1) | (12, 24..=26) | (12, 31) => true,
        (6, 6) => national_day,
        (6, 19..=25) => date.weekday() == Weekday::Fri,
        _ => false,
    };
    // Good Friday, Easter Monday, Ascension, and Whit Monday until 2004.
    let from_easter = (date - easter(date.year())).num_days();
    let whit_monday = from_easter == 50 && !national_day;
    fixed || whit_monday || matches!(from_easter, -2 | 1 | 39)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_swedish_bank_holidays_of_2026_are_holidays() {
        for (m, d) in [
            (1, 1),
            (1, 6),
            (4, 3), // Good Friday
            (4, 6), // Easter Monday
            (5, 1),
            (5, 14), // Ascension Day
            (6, 19), // Midsummer Eve
            (12, 24),
            (12, 25),
            (12, 31),
        ] {
            assert!(is_holiday(date(2026, m, d)), "{m}-{d}");
        }
        assert!(is_holiday(date(2025, 6, 6)), "National Day");
        assert!(is_holiday(date(2025, 6, 20)), "Midsummer Eve");
        assert!(is_holiday(date(2004, 5, 31)), "Whit Monday until 2004");
    }

    #[test]
    fn ordinary_days_are_not_holidays() {
        for d in [
            date(2026, 3, 24),
            date(2026, 4, 2), // Maundy Thursday is a banking day
            date(2026, 4, 7),
            date(2026, 5, 25), // Whit Monday since 2005
            date(2026, 6, 18),
            date(2026, 6, 22),
            date(2004, 6, 7),
        ] {
            assert!(!is_holiday(d), "{d}");
        }
    }
}
