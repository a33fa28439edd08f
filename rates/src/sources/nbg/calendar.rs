//! Georgian working days, on which the National Bank of Georgia sets the
//! rates of the next day.
//!
//! The recorded answers show the dating rule: each currency carries the
//! time it was set (`"date":"2026-03-02T17:01:08.614Z"`) and the day it is
//! valid from, the next calendar day (`"validFromDate":"2026-03-03..."`);
//! a Friday's rates are valid from Saturday (asked for Monday 2 March 2026
//! the NBG answers with the table of Saturday 28 February), and nothing is
//! set on a holiday (asked for Wednesday 4 March, the day after Mother's
//! Day, it answers with the table of 3 March). The NBG writes local times
//! with a `Z` (its tables are dated `...T00:00:00.000Z`, local midnight),
//! so the rates are set around 17:00 in Tbilisi (UTC+4, no summer time),
//! the hour at which, as the Georgian press reports it, the NBG sets the
//! official rate after the day's trading on Bloomberg.
//!
//! The holidays are those of the Labour Code: the fixed ones and Orthodox
//! Good Friday to Easter Monday. Like every calendar in kurs this one only
//! drives polling and staleness, never which table answers.

use chrono::{Datelike, Days, NaiveDate};

use crate::Schedule;

/// Every Georgian working day around 17:00 Asia/Tbilisi, dated the next day.
pub(super) const SCHEDULE: Schedule =
    Schedule::new(chrono_tz::Asia::Tbilisi, (17, 0), 1, is_holiday);

/// Whether `date` is a Georgian public holiday.
fn is_holiday(date: NaiveDate) -> bool {
    let fixed = matches!(
        (date.month(), date.day()),
        (1, 1 | 2 | 7 | 19)
            | (3, 3 | 8)
            | (4, 9)
            | (5, 9 | 12 | 26)
            | (8, 28)
            | (10, 14)
            | (11, 23)
    );
    let from_easter = (date - orthodox_easter(date.year())).num_days();
    fixed || (-2..=1).contains(&from_easter)
}

/// Orthodox Easter Sunday of `year` in the Gregorian calendar: the Julian
/// computus (Meeus), moved by the 13 days between the calendars from 1900
/// to 2099 (outside those years, the nearest century's difference is
/// still 13 or 14 days; kurs only needs the years it serves).
pub(super) fn orthodox_easter(year: i32) -> NaiveDate {
    let (a, b, c) = (year % 4, year % 7, year % 19);
    let d = (19 * c + 15) % 30;
    let e = (2 * a + 4 * b - d + 34) % 7;
    let month = (d + e + 114) / 31;
    let day = (d + e + 114) % 31 + 1;
    let julian = NaiveDate::from_ymd_opt(year, month as u32, day as u32)
        .expect("the Julian Easter is a day of March or April");
    julian + Days::new(13)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn orthodox_easter_falls_on_the_known_sundays() {
        assert_eq!(orthodox_easter(2016), date(2016, 5, 1));
        assert_eq!(orthodox_easter(2021), date(2021, 5, 2));
        assert_eq!(orthodox_easter(2023), date(2023, 4, 16));
        assert_eq!(orthodox_easter(2024), date(2024, 5, 5));
        assert_eq!(orthodox_easter(2025), date(2025, 4, 20));
        assert_eq!(orthodox_easter(2026), date(2026, 4, 12));
    }

    #[test]
    fn georgian_holidays_include_orthodox_easter_and_mothers_day() {
        for (m, d) in [
            (1, 1),
            (1, 2),
            (1, 7),
            (1, 19),
            (3, 3),
            (3, 8),
            (4, 9),
            (5, 9),
        ] {
            assert!(is_holiday(date(2026, m, d)), "{m}-{d}");
        }
        for (m, d) in [(5, 12), (5, 26), (8, 28), (10, 14), (11, 23)] {
            assert!(is_holiday(date(2026, m, d)), "{m}-{d}");
        }
        for d in 10..=13 {
            assert!(is_holiday(date(2026, 4, d)), "April {d}");
        }
        assert!(!is_holiday(date(2026, 4, 14)));
        assert!(!is_holiday(date(2026, 4, 3))); // Western Good Friday
        assert!(!is_holiday(date(2026, 3, 2)));
    }

    #[test]
    fn rates_set_at_five_in_tbilisi_are_dated_the_next_day() {
        // Tbilisi keeps UTC+4 all year: 17:00 there is 13:00 UTC.
        let winter = SCHEDULE.publication_of(date(2026, 3, 3));
        assert_eq!(winter, Utc.with_ymd_and_hms(2026, 3, 2, 13, 0, 0).single());
        let summer = SCHEDULE.publication_of(date(2026, 7, 15));
        assert_eq!(summer, Utc.with_ymd_and_hms(2026, 7, 14, 13, 0, 0).single());
        // As recorded: Friday's table is Saturday's, and Mother's Day sets none.
        let saturday = SCHEDULE.publication_of(date(2026, 2, 28));
        assert_eq!(
            saturday,
            Utc.with_ymd_and_hms(2026, 2, 27, 13, 0, 0).single()
        );
        assert_eq!(SCHEDULE.publication_of(date(2026, 3, 1)), None);
        assert_eq!(SCHEDULE.publication_of(date(2026, 3, 2)), None);
        assert_eq!(SCHEDULE.publication_of(date(2026, 3, 4)), None);
    }
}
