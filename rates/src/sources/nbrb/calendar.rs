//! When the National Bank of the Republic of Belarus's rates change: the
//! bank sets on each Belarusian working day, around noon in Minsk after the
//! morning session of the currency exchange, the rates of the next day
//! (Friday's stand through Monday: there is a table for every calendar
//! day). But its answer without a date, the one kurs polls, moves to a new
//! table only when that day begins: the recorded answer of 18:51 Minsk time
//! on 2026-03-17, hours after the rates of 03-18 were set, is still dated
//! 2026-03-17. The schedule follows that answer: a table is "published" at
//! 00:00 Minsk on its own date (lead 0), so kurs neither polls all
//! afternoon for a table the answer will not show before midnight nor
//! calls it late.
//!
//! The holidays are the days off of the Labour Code: 1 and 2 January
//! (2 January since 2020), Orthodox Christmas, Women's Day, Radunitsa (the
//! Tuesday nine days after the Orthodox Easter), 1 and 9 May, Independence
//! Day (3 July), October Revolution Day (7 November) and Catholic
//! Christmas. Approximate, like the other calendars: the yearly transfers
//! of working days by decree are not known here, so this only drives
//! polling and staleness, never which table answers.

use chrono::{Datelike, NaiveDate};

use crate::sources::nbu::calendar::orthodox_easter;
use crate::Schedule;

/// Every Belarusian working day's table, the answer from 00:00
/// Europe/Minsk on its date.
pub(super) const SCHEDULE: Schedule =
    Schedule::new(chrono_tz::Europe::Minsk, (0, 0), 0, is_holiday);

/// Whether `date` is a Belarusian public holiday (whatever its weekday).
fn is_holiday(date: NaiveDate) -> bool {
    let fixed = match (date.month(), date.day()) {
        (1, 1) | (1, 7) | (3, 8) | (5, 1) | (5, 9) | (7, 3) | (11, 7) | (12, 25) => true,
        (1, 2) => date.year() >= 2020,
        _ => false,
    };
    fixed || (date - orthodox_easter(date.year())).num_days() == 9
}

#[cfg(test)]
mod tests {
    use chrono::{TimeDelta, TimeZone, Utc};

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_belarusian_holidays_of_2026_are_holidays() {
        for (m, d) in [
            (1, 1),
            (1, 2),
            (1, 7),
            (3, 8),
            (4, 21),
            (5, 1),
            (5, 9),
            (7, 3),
            (11, 7),
            (12, 25),
        ] {
            assert!(is_holiday(date(2026, m, d)), "{m}-{d}");
        }
        // Radunitsa: Orthodox Easter 2025-04-20, 2024-05-05.
        assert!(is_holiday(date(2025, 4, 29)));
        assert!(is_holiday(date(2024, 5, 14)));
        assert!(!is_holiday(date(2019, 1, 2)), "2 January is off from 2020");
        assert!(!is_holiday(date(2026, 4, 20)));
        assert!(!is_holiday(date(2026, 3, 17)));
    }

    #[test]
    fn a_day_s_table_is_the_answer_from_midnight_in_minsk_all_year() {
        // Minsk keeps UTC+3 all year.
        let winter = SCHEDULE.publication_of(date(2026, 1, 14));
        assert_eq!(winter, Utc.with_ymd_and_hms(2026, 1, 13, 21, 0, 0).single());
        let summer = SCHEDULE.publication_of(date(2026, 7, 8));
        assert_eq!(summer, Utc.with_ymd_and_hms(2026, 7, 7, 21, 0, 0).single());
        assert_eq!(SCHEDULE.publication_of(date(2026, 7, 3)), None);
        assert_eq!(SCHEDULE.publication_of(date(2026, 3, 14)), None);
    }

    #[test]
    fn the_recorded_answer_of_the_evening_is_the_newest_expected() {
        // Recorded at 15:51 UTC on 2026-03-17, dated 2026-03-17.
        let recorded = Utc.with_ymd_and_hms(2026, 3, 17, 15, 51, 59).unwrap();
        let latest = SCHEDULE.expected_latest(recorded, TimeDelta::zero());
        assert_eq!(latest, Some(date(2026, 3, 17)));
        let sunday = Utc.with_ymd_and_hms(2026, 3, 15, 12, 0, 0).unwrap();
        let latest = SCHEDULE.expected_latest(sunday, TimeDelta::zero());
        assert_eq!(latest, Some(date(2026, 3, 13)));
    }
}
