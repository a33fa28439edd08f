//! Uzbek working days, on which the Central Bank of Uzbekistan sets the
//! rates of the next day.
//!
//! The CBU publishes its official rates at 16:00 in Tashkent (UTC+5, no
//! summer time) every banking day, and they come into force the next
//! calendar day, as the Bank of Russia's do (its announcements, as the
//! press reports them: "published at 16:00 (GMT +5) every banking
//! business day", "active from" the next day). A Friday's rates are dated
//! Saturday and stand through Monday; the archive's `Date` is the day the
//! rates are valid. (From September 2017 into 2019 the CBU set its rate
//! weekly, on Mondays; the tables of those years are dated as published.)
//!
//! The holidays are the fixed-date public holidays of the Labour Code:
//! New Year, Women's Day, Navruz, the Day of Remembrance, Independence
//! Day, Teachers' Day and Constitution Day. Ramazan Hayit and Qurbon Hayit
//! follow the lunar calendar and are left out, as are the government's
//! yearly transfers of days off: like every calendar in kurs this one only
//! drives polling and staleness, never which table answers.

use chrono::{Datelike, NaiveDate};

use crate::Schedule;

/// Every Uzbek working day at 16:00 Asia/Tashkent, dated the next day.
pub(super) const SCHEDULE: Schedule =
    Schedule::new(chrono_tz::Asia::Tashkent, (16, 0), 1, is_holiday);

/// Whether `date` is a fixed-date Uzbek public holiday.
fn is_holiday(date: NaiveDate) -> bool {
    matches!(
        (date.month(), date.day()),
        (1, 1) | (3, 8) | (3, 21) | (5, 9) | (9, 1) | (10, 1) | (12, 8)
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
    fn the_fixed_uzbek_holidays_are_holidays_and_other_days_not() {
        for (m, d) in [(1, 1), (3, 8), (3, 21), (5, 9), (9, 1), (10, 1), (12, 8)] {
            assert!(is_holiday(date(2026, m, d)), "{m}-{d}");
        }
        for d in [date(2026, 4, 1), date(2026, 3, 20), date(2026, 12, 9)] {
            assert!(!is_holiday(d), "{d}");
        }
    }

    #[test]
    fn a_table_is_published_the_working_day_before_its_date() {
        // Tashkent keeps UTC+5 all year: 16:00 there is 11:00 UTC.
        let winter = SCHEDULE.publication_of(date(2026, 1, 14));
        assert_eq!(winter, Utc.with_ymd_and_hms(2026, 1, 13, 11, 0, 0).single());
        let summer = SCHEDULE.publication_of(date(2026, 7, 15));
        assert_eq!(summer, Utc.with_ymd_and_hms(2026, 7, 14, 11, 0, 0).single());
        // Friday's rates are dated Saturday; nothing is dated Sunday or Monday.
        let saturday = SCHEDULE.publication_of(date(2026, 4, 4));
        assert_eq!(
            saturday,
            Utc.with_ymd_and_hms(2026, 4, 3, 11, 0, 0).single()
        );
        assert_eq!(SCHEDULE.publication_of(date(2026, 4, 5)), None);
        assert_eq!(SCHEDULE.publication_of(date(2026, 4, 6)), None);
        // Nothing is set on Navruz, Friday 21 March 2025.
        assert_eq!(SCHEDULE.publication_of(date(2025, 3, 22)), None);
    }
}
