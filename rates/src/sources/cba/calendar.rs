//! Armenian working days, on which the Central Bank of Armenia sets its
//! rates for that day.
//!
//! The recorded answers show the rule: at 14:48 in Yerevan on Thursday 19
//! March 2026 the newest table (`ExchangeRatesLatest`, and the end of a
//! range asked up to the 19th) was Wednesday's, dated 18 March; each
//! working day has its own table, dated that day. The rates come out in
//! the afternoon: kurs expects them around 16:00 in Yerevan (UTC+4, no
//! summer time since 2012).
//!
//! The holidays are the non-working days of Armenian law: New Year (31
//! December to 2 January), Christmas (6 January), Army Day (28 January),
//! Women's Day, the Genocide Remembrance Day (24 April), Labour Day,
//! Victory Day (9 May), Republic Day (28 May), Constitution Day (5 July)
//! and Independence Day (21 September). Like every calendar in kurs this
//! one only drives polling and staleness, never which table answers.

use chrono::{Datelike, NaiveDate};

use crate::Schedule;

/// Every Armenian working day around 16:00 Asia/Yerevan, dated that day.
pub(super) const SCHEDULE: Schedule =
    Schedule::new(chrono_tz::Asia::Yerevan, (16, 0), 0, is_holiday);

/// Whether `date` is an Armenian public holiday.
fn is_holiday(date: NaiveDate) -> bool {
    matches!(
        (date.month(), date.day()),
        (1, 1 | 2 | 6 | 28) | (3, 8) | (4, 24) | (5, 1 | 9 | 28) | (7, 5) | (9, 21) | (12, 31)
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
    fn the_armenian_holidays_are_holidays_and_other_days_not() {
        for (m, d) in [
            (1, 1),
            (1, 2),
            (1, 6),
            (1, 28),
            (3, 8),
            (4, 24),
            (5, 1),
            (5, 9),
        ] {
            assert!(is_holiday(date(2026, m, d)), "{m}-{d}");
        }
        for (m, d) in [(5, 28), (7, 5), (9, 21), (12, 31)] {
            assert!(is_holiday(date(2026, m, d)), "{m}-{d}");
        }
        for d in [date(2026, 3, 9), date(2026, 3, 18), date(2026, 4, 6)] {
            assert!(!is_holiday(d), "{d}");
        }
    }

    #[test]
    fn the_rates_are_dated_the_day_they_come_out_at_four_in_yerevan() {
        // Yerevan keeps UTC+4 all year: 16:00 there is 12:00 UTC.
        let winter = SCHEDULE.publication_of(date(2026, 3, 18));
        assert_eq!(winter, Utc.with_ymd_and_hms(2026, 3, 18, 12, 0, 0).single());
        let summer = SCHEDULE.publication_of(date(2026, 7, 15));
        assert_eq!(summer, Utc.with_ymd_and_hms(2026, 7, 15, 12, 0, 0).single());
        assert_eq!(SCHEDULE.publication_of(date(2026, 3, 14)), None);
        assert_eq!(SCHEDULE.publication_of(date(2026, 4, 24)), None);
        // As recorded: at 14:48 in Yerevan on 19 March, 18 March's is the newest.
        let recorded = Utc.with_ymd_and_hms(2026, 3, 19, 10, 48, 13).unwrap();
        let newest = SCHEDULE.expected_latest(recorded, chrono::TimeDelta::zero());
        assert_eq!(newest, Some(date(2026, 3, 18)));
    }
}
