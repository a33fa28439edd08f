//! Romanian working days, on which the BNR sets its reference rates.
//!
//! The BNR sets its reference rates around 13:00 in Bucharest, valid for
//! that day (the recorded year file was last modified at 13:02 local time
//! on 19 August 2026 and holds that day's rates). There are none on the
//! Romanian public holidays of the Labour Code, each from the year it was
//! made one: 1 and 2 January, Epiphany and St John (6 and 7 January, from
//! 2024), Union Day (24 January, from 2017), Orthodox Good Friday (from
//! 2018), Orthodox Easter Monday, 1 May, Children's Day (1 June, from
//! 2017), Orthodox Whit Monday (from 2008), the Assumption (15 August, from
//! 2009), St Andrew (30 November, from 2012), National Day (1 December),
//! 25 and 26 December. Like the other calendars it is approximate (no
//! one-off bridge days); it only drives polling and staleness.

use chrono::{Datelike, NaiveDate};

use crate::Schedule;

/// Every Romanian working day around 13:00 Europe/Bucharest, dated that day.
pub(super) const SCHEDULE: Schedule =
    Schedule::new(chrono_tz::Europe::Bucharest, (13, 0), 0, is_holiday);

/// Whether `date` is a Romanian public holiday (whatever its weekday).
fn is_holiday(date: NaiveDate) -> bool {
    let year = date.year();
    let since = |first: i32| year >= first;
    let fixed = match (date.month(), date.day()) {
        (1, 1 | 2) | (5, 1) | (12, 1) | (12, 25 | 26) => true,
        (1, 6 | 7) => since(2024),
        (1, 24) | (6, 1) => since(2017),
        (8, 15) => since(2009),
        (11, 30) => since(2012),
        _ => false,
    };
    let from_easter = (date - orthodox_easter(year)).num_days();
    fixed
        || from_easter == 1
        || (from_easter == -2 && since(2018))
        || (from_easter == 50 && since(2008))
}

/// Orthodox Easter Sunday of `year` as a Gregorian date: the Julian
/// computus (Meeus), moved by the 13 days between the calendars, which is
/// right for 1900 to 2099.
pub(super) fn orthodox_easter(year: i32) -> NaiveDate {
    let (a, b, c) = (year % 4, year % 7, year % 19);
    let d = (19 * c + 15) % 30;
    let e = (2 * a + 4 * b - d + 34) % 7;
    let month = (d + e + 114) / 31;
    let day = (d + e + 114) % 31 + 1;
    let julian =
        NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a valid date");
    julian + chrono::Days::new(13)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn orthodox_easter_falls_on_the_known_sundays() {
        // The dates the Romanian and Russian churches kept.
        for (y, m, d) in [
            (2005, 5, 1),
            (2010, 4, 4),
            (2016, 5, 1),
            (2021, 5, 2),
            (2023, 4, 16),
            (2024, 5, 5),
            (2025, 4, 20),
            (2026, 4, 12),
        ] {
            assert_eq!(orthodox_easter(y), date(y, m, d), "{y}");
        }
    }

    #[test]
    fn the_romanian_holidays_of_2026_are_holidays() {
        for (m, d) in [
            (1, 1),
            (1, 2),
            (1, 6),
            (1, 7),
            (1, 24),
            (4, 10),
            (4, 13),
            (5, 1),
            (6, 1),
            (8, 15),
            (11, 30),
            (12, 1),
            (12, 25),
            (12, 26),
        ] {
            assert!(is_holiday(date(2026, m, d)), "{m}-{d}");
        }
        assert!(is_holiday(date(2025, 6, 9)), "Whit Monday 2025");
        assert!(!is_holiday(date(2023, 1, 6)), "Epiphany before 2024");
        assert!(!is_holiday(date(2026, 4, 6)), "Western Easter Monday");
    }
}
