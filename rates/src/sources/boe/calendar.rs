//! English working days, on which the Bank of England publishes its spot
//! rates.
//!
//! The Bank records its daily spot rates at 16:00 London time and they are
//! in its database shortly after; kurs expects them from 16:30. There is
//! no rate on the bank holidays of England and Wales: New Year's Day, Good
//! Friday, Easter Monday, the first and last Mondays of May, the last
//! Monday of August, Christmas and Boxing Day, each moved to the next
//! working day when it falls on a weekend. Like the other calendars this
//! one is approximate: it leaves out the one-off moves and extra days
//! (the jubilees of 2002, 2012 and 2022, VE Day on 8 May 2020, the state
//! funeral of 19 September 2022); it only drives polling and staleness,
//! never which table answers.

use chrono::{Datelike, NaiveDate, Weekday};

use crate::schedule::easter;
use crate::Schedule;

/// Every English working day around 16:30 Europe/London, dated that day.
pub(super) const SCHEDULE: Schedule =
    Schedule::new(chrono_tz::Europe::London, (16, 30), 0, is_holiday);

/// Whether `date` is a bank holiday in England and Wales.
fn is_holiday(date: NaiveDate) -> bool {
    let from_easter = (date - easter(date.year())).num_days();
    from_easter == -2 || from_easter == 1 || is_monday_holiday(date) || is_fixed(date)
}

/// The Monday holidays of May and August.
fn is_monday_holiday(date: NaiveDate) -> bool {
    let monday = date.weekday() == Weekday::Mon;
    let first_week = date.day() <= 7;
    let last_week = date.day() + 7 > 31;
    monday
        && match date.month() {
            5 => first_week || last_week,
            8 => last_week,
            _ => false,
        }
}

/// New Year's Day, Christmas and Boxing Day, or the weekdays that stand in
/// for them when they fall on a weekend.
fn is_fixed(date: NaiveDate) -> bool {
    let weekday_of =
        |d: u32| NaiveDate::from_ymd_opt(date.year(), date.month(), d).map(|d| d.weekday());
    match (date.month(), date.day()) {
        (1, 1) | (12, 25) | (12, 26) => true,
        // Monday 2 or 3 January when the 1st is a Sunday or a Saturday.
        (1, 2 | 3) => date.weekday() == Weekday::Mon,
        // The 27th stands in when the 25th is a Saturday or a Sunday; the
        // 28th when the 26th is (the 25th a Friday or a Saturday).
        (12, 27) => matches!(weekday_of(25), Some(Weekday::Sat | Weekday::Sun)),
        (12, 28) => matches!(weekday_of(26), Some(Weekday::Sat | Weekday::Sun)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_bank_holidays_of_2026_are_holidays() {
        // gov.uk: 1 Jan, 3 Apr, 6 Apr, 4 May, 25 May, 31 Aug, 25 Dec, 28 Dec.
        for (m, d) in [
            (1, 1),
            (4, 3),
            (4, 6),
            (5, 4),
            (5, 25),
            (8, 31),
            (12, 25),
            (12, 28),
        ] {
            assert!(is_holiday(date(2026, m, d)), "{m}-{d}");
        }
        let weekdays = date(2026, 1, 1).iter_days().take(365);
        let working = |d: &NaiveDate| d.weekday().number_from_monday() <= 5;
        assert_eq!(weekdays.filter(|d| working(d) && is_holiday(*d)).count(), 8);
    }

    #[test]
    fn weekend_holidays_move_to_the_next_working_days() {
        // 2021: Christmas on a Saturday, so Monday 27 and Tuesday 28.
        assert!(is_holiday(date(2021, 12, 27)) && is_holiday(date(2021, 12, 28)));
        // 2022: Christmas on a Sunday, so Boxing Day Monday 26 and Tuesday 27.
        assert!(is_holiday(date(2022, 12, 27)) && !is_holiday(date(2022, 12, 28)));
        // 2023: New Year's Day on a Sunday, so Monday 2 January.
        assert!(is_holiday(date(2023, 1, 2)));
        // 2022: 1 January a Saturday, so Monday 3 January.
        assert!(is_holiday(date(2022, 1, 3)));
        assert!(!is_holiday(date(2024, 1, 2)));
    }

    #[test]
    fn ordinary_days_are_not_holidays() {
        for d in [
            date(2026, 3, 17),
            date(2026, 5, 11),
            date(2026, 8, 24),
            date(2026, 12, 29),
            date(2026, 4, 2),
        ] {
            assert!(!is_holiday(d), "{d}");
        }
    }
}
