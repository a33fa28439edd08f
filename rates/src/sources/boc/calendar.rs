//! Canadian business days, on which the Bank of Canada publishes its rates.
//!
//! The Bank's holidays are the federal ones observed in Ottawa: New Year's
//! Day, Family Day (Ontario's, since 2008), Good Friday, Victoria Day,
//! Canada Day, the Civic Holiday, Labour Day, the National Day for Truth
//! and Reconciliation (since 2021), Thanksgiving, Remembrance Day,
//! Christmas and Boxing Day; a fixed-date holiday on a weekend is observed
//! on the next working day. Approximate, like every calendar here (no
//! one-off closures): it drives polling and staleness only.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::schedule::easter;
use crate::Schedule;

/// Every Canadian business day by 16:30 America/Toronto (Eastern time, as
/// Ottawa's), dated that day.
pub(super) const SCHEDULE: Schedule =
    Schedule::new(chrono_tz::America::Toronto, (16, 30), 0, is_holiday);

/// The first year of Ontario's Family Day.
const FAMILY_DAY_SINCE: i32 = 2008;
/// The first year of the National Day for Truth and Reconciliation.
const TRUTH_AND_RECONCILIATION_SINCE: i32 = 2021;

/// Whether `date` is a holiday of the Bank of Canada (whatever its weekday).
fn is_holiday(date: NaiveDate) -> bool {
    let year = date.year();
    let monday = |month, n| nth_weekday(year, month, Weekday::Mon, n);
    let (christmas, boxing_day) = christmas_observed(year);
    let movable = [
        date == easter(year) - Days::new(2),
        (year >= FAMILY_DAY_SINCE && date == monday(2, 3)),
        date == victoria_day(year),
        date == monday(8, 1),
        date == monday(9, 1),
        date == monday(10, 2),
        date == christmas,
        date == boxing_day,
    ];
    let fixed = [(1, 1), (7, 1), (11, 11)]
        .iter()
        .chain((year >= TRUTH_AND_RECONCILIATION_SINCE).then_some(&(9, 30)))
        .any(|&(m, d)| observed(ymd(year, m, d)) == date);
    fixed || movable.contains(&true)
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

/// The `n`th `weekday` of `month` (1-based).
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u8) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n).expect("every month has four")
}

/// Victoria Day: the last Monday before 25 May.
fn victoria_day(year: i32) -> NaiveDate {
    let may_24 = ymd(year, 5, 24);
    may_24 - Days::new(u64::from(may_24.weekday().num_days_from_monday()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bank_of_canada_holidays_of_2026_are_holidays() {
        for (m, d) in [
            (1, 1),   // New Year's Day
            (2, 16),  // Family Day
            (4, 3),   // Good Friday
            (5, 18),  // Victoria Day
            (7, 1),   // Canada Day
            (8, 3),   // Civic Holiday
            (9, 7),   // Labour Day
            (9, 30),  // Truth and Reconciliation
            (10, 12), // Thanksgiving
            (11, 11), // Remembrance Day
            (12, 25),
            (12, 28), // Boxing Day, a Saturday, observed on Monday
        ] {
            assert!(is_holiday(ymd(2026, m, d)), "{m}-{d}");
        }
    }

    #[test]
    fn weekend_holidays_move_to_the_next_working_days() {
        // Christmas 2021 on a Saturday, Boxing Day on a Sunday.
        assert_eq!(
            christmas_observed(2021),
            (ymd(2021, 12, 27), ymd(2021, 12, 28))
        );
        // Christmas 2022 on a Sunday: Monday 26th, then Tuesday 27th.
        assert_eq!(
            christmas_observed(2022),
            (ymd(2022, 12, 26), ymd(2022, 12, 27))
        );
        assert!(is_holiday(ymd(2023, 1, 2))); // 1 January a Sunday
        assert!(is_holiday(ymd(2023, 7, 3))); // 1 July a Saturday
    }

    #[test]
    fn ordinary_days_and_later_holidays_before_their_time_are_working_days() {
        for d in [
            ymd(2026, 3, 12),
            ymd(2026, 6, 24),
            ymd(2020, 9, 30), // before Truth and Reconciliation Day
            ymd(2007, 2, 19), // before Family Day
        ] {
            assert!(!is_holiday(d), "{d}");
        }
    }
}
