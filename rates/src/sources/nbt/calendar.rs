//! Tajik working days, on which the National Bank of Tajikistan sets its
//! official rates for the same day.
//!
//! The recorded answers show the dating rule: asked for a date, the export
//! answers a `<ValCurs>` dated that very date (18, 19 and 20 May 2026).
//! Frankfurter's provider metadata polls between 04:00 and 06:30 UTC,
//! that is 09:00 to 11:30 in Dushanbe (UTC+5, no summer time); kurs takes
//! the rates as set around 10:00 Dushanbe, dated that day.
//!
//! The holidays are the fixed-date public holidays of the Labour Code:
//! New Year, Mother's Day (8 March), Navruz (21 to 24 March), Labour Day,
//! Victory Day, National Unity Day (27 June), Independence Day
//! (9 September) and Constitution Day (6 November). Idi Ramazon and Idi
//! Qurbon follow the lunar calendar and are left out, as are the transfers
//! of days off: like every calendar in kurs this one only drives polling
//! and staleness. Whether the NBT also sets rates at weekends is not
//! recorded; like every [`Schedule`] this one counts Monday to Friday.

use chrono::{Datelike, NaiveDate};

use crate::Schedule;

/// Every Tajik working day around 10:00 Asia/Dushanbe, dated that day.
pub(super) const SCHEDULE: Schedule =
    Schedule::new(chrono_tz::Asia::Dushanbe, (10, 0), 0, is_holiday);

/// Whether `date` is a fixed-date Tajik public holiday.
fn is_holiday(date: NaiveDate) -> bool {
    matches!(
        (date.month(), date.day()),
        (1, 1) | (3, 8 | 21..=24) | (5, 1 | 9) | (6, 27) | (9, 9) | (11, 6)
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
    fn the_tajik_holidays_are_holidays_and_other_days_not() {
        for (m, d) in [(1, 1), (3, 8), (3, 21), (3, 24), (5, 1), (5, 9)] {
            assert!(is_holiday(date(2026, m, d)), "{m}-{d}");
        }
        for (m, d) in [(6, 27), (9, 9), (11, 6)] {
            assert!(is_holiday(date(2026, m, d)), "{m}-{d}");
        }
        for d in [date(2026, 5, 18), date(2026, 3, 25), date(2026, 1, 7)] {
            assert!(!is_holiday(d), "{d}");
        }
    }

    #[test]
    fn rates_set_in_the_dushanbe_morning_are_dated_that_day() {
        // Dushanbe keeps UTC+5 all year: 10:00 there is 05:00 UTC.
        let monday = SCHEDULE.publication_of(date(2026, 5, 18));
        assert_eq!(monday, Utc.with_ymd_and_hms(2026, 5, 18, 5, 0, 0).single());
        let winter = SCHEDULE.publication_of(date(2026, 1, 14));
        assert_eq!(winter, Utc.with_ymd_and_hms(2026, 1, 14, 5, 0, 0).single());
        // Nothing on a Saturday, nor on Victory Day (Monday 9 May 2022).
        assert_eq!(SCHEDULE.publication_of(date(2026, 5, 23)), None);
        assert_eq!(SCHEDULE.publication_of(date(2022, 5, 9)), None);
    }
}
