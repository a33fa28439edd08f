//! When the National Bank of Ukraine sets its rates: every Ukrainian working
//! day, by 16:00 in Kyiv (the cross rates are taken at 15:30), for the next
//! working day. Its recorded answers show it: each row's `calcdate` is the
//! working day before its `exchangedate` (the rates of Tuesday 2026-03-03
//! were set on Monday 2026-03-02, those of Monday 2026-03-09 on Friday
//! 2026-03-06), and Saturday and Sunday carry Friday's rates.
//!
//! The holidays are those of the Labour Code (art. 73) until martial law
//! began on 2022-02-24; since then they are working days. Like the other
//! calendars this one is approximate (no days moved by decree, no Monday
//! off after a holiday on a weekend): it only drives polling and
//! staleness, never which table answers.

use chrono::{Datelike, Days, NaiveDate};

use crate::Schedule;

/// Every Ukrainian working day around 15:30 Europe/Kyiv, dated the next
/// calendar day (a Friday's rates are dated Monday; the schedule expects
/// them as Saturday's, whose table carries Friday's rates and is out by
/// then).
pub(super) const SCHEDULE: Schedule =
    Schedule::new(chrono_tz::Europe::Kyiv, (15, 30), 1, is_holiday);

/// Martial law: public holidays are working days from this date.
const MARTIAL_LAW: (i32, u32, u32) = (2022, 2, 24);

/// Whether `date` is a Ukrainian public holiday (whatever its weekday).
fn is_holiday(date: NaiveDate) -> bool {
    let (y, m, d) = MARTIAL_LAW;
    if NaiveDate::from_ymd_opt(y, m, d).is_some_and(|since| date >= since) {
        return false;
    }
    let year = date.year();
    let fixed = match (date.month(), date.day()) {
        (1, 1) | (1, 7) | (3, 8) | (5, 1) | (5, 9) | (6, 28) | (8, 24) => true,
        (5, 2) => year <= 2017,
        (10, 14) => year >= 2015,
        (12, 25) => year >= 2017,
        _ => false,
    };
    // Easter Monday and Trinity Monday, after the Orthodox Easter.
    let from_easter = (date - orthodox_easter(year)).num_days();
    fixed || from_easter == 1 || from_easter == 50
}

/// Orthodox Easter Sunday of `year` (1900 to 2099), as a Gregorian date:
/// Meeus's Julian computus, then the 13 days between the calendars.
pub(in crate::sources) fn orthodox_easter(year: i32) -> NaiveDate {
    let (a, b, c) = (year % 4, year % 7, year % 19);
    let d = (19 * c + 15) % 30;
    let e = (2 * a + 4 * b - d + 34) % 7;
    let month = (d + e + 114) / 31;
    let day = (d + e + 114) % 31 + 1;
    let julian = NaiveDate::from_ymd_opt(year, month as u32, day as u32)
        .expect("the Julian Easter is a valid date");
    julian + Days::new(13)
}

#[cfg(test)]
mod tests {
    use chrono::{TimeDelta, TimeZone, Utc};

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn orthodox_easter_falls_on_the_known_sundays() {
        assert_eq!(orthodox_easter(2000), date(2000, 4, 30));
        assert_eq!(orthodox_easter(2016), date(2016, 5, 1));
        assert_eq!(orthodox_easter(2021), date(2021, 5, 2));
        assert_eq!(orthodox_easter(2023), date(2023, 4, 16));
        assert_eq!(orthodox_easter(2024), date(2024, 5, 5));
        assert_eq!(orthodox_easter(2025), date(2025, 4, 20));
        assert_eq!(orthodox_easter(2026), date(2026, 4, 12));
        assert_eq!(orthodox_easter(2027), date(2027, 5, 2));
    }

    #[test]
    fn the_ukrainian_holidays_before_martial_law_are_holidays() {
        for day in [
            date(2021, 1, 1),
            date(2021, 1, 7),
            date(2021, 3, 8),
            date(2021, 5, 3),  // Easter Monday
            date(2021, 6, 21), // Trinity Monday
            date(2021, 6, 28),
            date(2021, 8, 24),
            date(2021, 10, 14),
            date(2021, 12, 25),
            date(2016, 5, 2),
        ] {
            assert!(is_holiday(day), "{day}");
        }
        assert!(
            !is_holiday(date(2019, 5, 2)),
            "2 May is off only until 2017"
        );
        assert!(!is_holiday(date(2014, 10, 14)), "Defender Day from 2015");
        assert!(!is_holiday(date(2016, 12, 25)), "25 December from 2017");
        assert!(!is_holiday(date(2021, 5, 4)));
    }

    #[test]
    fn under_martial_law_holidays_are_working_days() {
        for day in [date(2022, 3, 8), date(2024, 8, 24), date(2026, 4, 13)] {
            assert!(!is_holiday(day), "{day}");
        }
        assert!(is_holiday(date(2022, 1, 7)));
    }

    #[test]
    fn the_rates_of_tomorrow_are_set_at_half_past_three_in_kyiv() {
        let winter = SCHEDULE.publication_of(date(2026, 1, 13));
        assert_eq!(
            winter,
            Utc.with_ymd_and_hms(2026, 1, 12, 13, 30, 0).single()
        );
        let summer = SCHEDULE.publication_of(date(2026, 7, 8));
        assert_eq!(summer, Utc.with_ymd_and_hms(2026, 7, 7, 12, 30, 0).single());
        // Nothing is set on a Saturday or Sunday for the next day.
        assert_eq!(SCHEDULE.publication_of(date(2026, 3, 8)), None);
        assert_eq!(SCHEDULE.publication_of(date(2026, 3, 9)), None);
    }

    #[test]
    fn on_a_monday_morning_the_table_set_on_friday_is_expected() {
        let monday = Utc.with_ymd_and_hms(2026, 3, 9, 8, 0, 0).unwrap();
        let latest = SCHEDULE.expected_latest(monday, TimeDelta::zero());
        assert_eq!(latest, Some(date(2026, 3, 7)));
        let evening = Utc.with_ymd_and_hms(2026, 3, 9, 14, 0, 0).unwrap();
        let latest = SCHEDULE.expected_latest(evening, TimeDelta::zero());
        assert_eq!(latest, Some(date(2026, 3, 10)));
    }
}
