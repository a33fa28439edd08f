//! Kyrgyz working days, on which the National Bank of the Kyrgyz Republic
//! sets the rates of the next day.
//!
//! The recorded files show the dating rule: both were last written at
//! 16:20 in Bishkek on Saturday 23 May 2026 (their `Last-Modified`,
//! 10:20:45 GMT), the daily file dated the next day (24.05.2026) and the
//! weekly one that day (23.05.2026, valid 7 days). kurs takes the daily
//! rates as set in the afternoon of a working day, around 16:30 in Bishkek
//! (UTC+6, no summer time), and dated the next day, as the Bank of
//! Russia's are.
//!
//! The holidays are the fixed-date public holidays of the Labour Code:
//! New Year, Orthodox Christmas (7 January), Defender of the Fatherland
//! Day, Women's Day, Nooruz (21 March), the Day of the People's April
//! Revolution (7 April), Labour Day, Constitution Day (5 May), Victory
//! Day, Independence Day (31 August) and the Days of History and Memory
//! (7 and 8 November). Orozo Ait and Kurman Ait follow the lunar calendar
//! and are left out, as are the yearly transfers of days off: like every
//! calendar in kurs this one only drives polling and staleness.

use chrono::{Datelike, NaiveDate};

use crate::Schedule;

/// Every Kyrgyz working day around 16:30 Asia/Bishkek, dated the next day.
pub(super) const SCHEDULE: Schedule =
    Schedule::new(chrono_tz::Asia::Bishkek, (16, 30), 1, is_holiday);

/// Whether `date` is a fixed-date Kyrgyz public holiday.
fn is_holiday(date: NaiveDate) -> bool {
    matches!(
        (date.month(), date.day()),
        (1, 1 | 7) | (2, 23) | (3, 8 | 21) | (4, 7) | (5, 1 | 5 | 9) | (8, 31) | (11, 7 | 8)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_kyrgyz_holidays_are_holidays_and_other_days_not() {
        for (m, d) in [
            (1, 1),
            (1, 7),
            (2, 23),
            (3, 8),
            (3, 21),
            (4, 7),
            (5, 1),
            (5, 5),
        ] {
            assert!(is_holiday(date(2026, m, d)), "{m}-{d}");
        }
        for (m, d) in [(5, 9), (8, 31), (11, 7), (11, 8)] {
            assert!(is_holiday(date(2026, m, d)), "{m}-{d}");
        }
        for d in [date(2026, 5, 22), date(2026, 1, 8), date(2026, 4, 8)] {
            assert!(!is_holiday(d), "{d}");
        }
    }

    #[test]
    fn rates_set_in_the_bishkek_afternoon_are_dated_the_next_day() {
        // Bishkek keeps UTC+6 all year: 16:30 there is 10:30 UTC.
        let winter = SCHEDULE.publication_of(date(2026, 1, 14));
        assert_eq!(
            winter,
            Utc.with_ymd_and_hms(2026, 1, 13, 10, 30, 0).single()
        );
        let summer = SCHEDULE.publication_of(date(2026, 5, 23));
        assert_eq!(
            summer,
            Utc.with_ymd_and_hms(2026, 5, 22, 10, 30, 0).single()
        );
        assert_eq!(SCHEDULE.publication_of(date(2026, 5, 25)), None);
        // Nothing is set on Constitution Day, Tuesday 5 May 2026.
        assert_eq!(SCHEDULE.publication_of(date(2026, 5, 6)), None);
    }
}
