//! Business days in Sydney, on which the RBA sets its exchange rates.
//!
//! The public holidays of New South Wales that close the RBA: New Year's
//! Day and Australia Day (moved to Monday when on a weekend), Good Friday,
//! Easter Monday, Anzac Day (never moved), the King's Birthday (second
//! Monday of June), the Bank Holiday (first Monday of August), Labour Day
//! (first Monday of October), Christmas and Boxing Day (moved to the next
//! working days). Exactly the weekdays missing from the recorded file of
//! 2023–2026 (see the test in `mod.rs`). Approximate all the same: it
//! drives polling and staleness only.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::schedule::easter;
use crate::Schedule;

/// Every Sydney business day around 16:30 Australia/Sydney, once the 16:00
/// rates are in the file, dated that day.
pub(super) const SCHEDULE: Schedule =
    Schedule::new(chrono_tz::Australia::Sydney, (16, 30), 0, is_holiday);

/// Whether `date` is a New South Wales public holiday that closes the RBA.
fn is_holiday(date: NaiveDate) -> bool {
    let year = date.year();
    let monday = |month, n| {
        NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, n)
            .expect("every month has four Mondays")
    };
    let from_easter = (date - easter(year)).num_days();
    let (christmas, boxing_day) = christmas_observed(year);
    from_easter == -2
        || from_easter == 1
        || date == observed(ymd(year, 1, 1))
        || date == observed(ymd(year, 1, 26))
        || date == ymd(year, 4, 25)
        || date == monday(6, 2)
        || date == monday(8, 1)
        || date == monday(10, 1)
        || date == christmas
        || date == boxing_day
}

/// The date `y-m-d`, which the callers know to exist.
fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a calendar date")
}

/// The working day a holiday falling on `date` is observed on: Saturday
/// and Sunday move to Monday.
fn observed(date: NaiveDate) -> NaiveDate {
    match date.weekday() {
        Weekday::Sat => date + Days::new(2),
        Weekday::Sun => date + Days::new(1),
        _ => date,
    }
}

/// Christmas and Boxing Day as observed: each on the next working day not
/// already taken.
fn christmas_observed(year: i32) -> (NaiveDate, NaiveDate) {
    let christmas = observed(ymd(year, 12, 25));
    let boxing = observed(ymd(year, 12, 26)).max(christmas + Days::new(1));
    (christmas, observed(boxing))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sydney_holidays_of_2026_are_holidays() {
        for (m, d) in [
            (1, 1),
            (1, 26),
            (4, 3), // Good Friday
            (4, 6), // Easter Monday
            (6, 8),
            (8, 3),
            (10, 5),
            (12, 25),
            (12, 28), // Boxing Day, a Saturday
        ] {
            assert!(is_holiday(ymd(2026, m, d)), "{m}-{d}");
        }
    }

    #[test]
    fn australia_day_on_a_sunday_moves_to_monday_and_anzac_day_does_not() {
        assert!(is_holiday(ymd(2025, 1, 27)));
        assert!(!is_holiday(ymd(2026, 4, 27))); // Anzac Day 2026 is a Saturday
        assert_eq!(
            christmas_observed(2021),
            (ymd(2021, 12, 27), ymd(2021, 12, 28))
        );
    }

    #[test]
    fn ordinary_days_are_not_holidays() {
        for d in [
            ymd(2026, 3, 20),
            ymd(2026, 4, 2),
            ymd(2026, 4, 7),
            ymd(2025, 12, 24),
        ] {
            assert!(!is_holiday(d), "{d}");
        }
    }
}
