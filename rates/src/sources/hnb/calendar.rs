//! When the HNB's lists apply: since the euro, each list carries the ECB's
//! reference rates of the working day before the date it applies, so the
//! lists follow the ECB's (TARGET) calendar.
//!
//! The recorded answer shows it: the lists applied on 2 to 6 January 2023
//! carry the ECB rates of 30 December 2022 and 2 to 5 January 2023 (USD
//! 1.0666, 1.0683, 1.0545, 1.0599, 1.0601), and a list applies on 6
//! January, a Croatian holiday, on which the ECB published. The list of a
//! date is made public the afternoon before, after the ECB's rates; kurs
//! expects it by 08:00 in Zagreb on the day it applies (a safe lower bound
//! for polling, never used to pick a table).
//!
//! Until 2022 the kuna lists applied every calendar day (a Friday's list
//! applied on Saturday, as the recorded list of Saturday 31 December 2022
//! shows); this schedule describes the euro lists, which are the ones still
//! published.

use chrono::{Datelike, NaiveDate};

use crate::schedule::easter;
use crate::Schedule;

/// Every TARGET day by 08:00 Europe/Zagreb, dated that day.
pub(super) const SCHEDULE: Schedule =
    Schedule::new(chrono_tz::Europe::Zagreb, (8, 0), 0, is_holiday);

/// Whether `date` is a TARGET closing day, on which no list applies: New
/// Year's Day, Good Friday, Easter Monday, 1 May, 25 and 26 December.
fn is_holiday(date: NaiveDate) -> bool {
    let fixed = matches!((date.month(), date.day()), (1, 1) | (5, 1) | (12, 25 | 26));
    let from_easter = (date - easter(date.year())).num_days();
    fixed || from_easter == -2 || from_easter == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_recorded_lists_apply_on_target_days() {
        for d in 2..=6 {
            assert!(!is_holiday(date(2023, 1, d)), "{d}");
        }
        for (y, m, d) in [
            (2023, 1, 1),
            (2026, 4, 3),
            (2026, 4, 6),
            (2026, 5, 1),
            (2026, 12, 25),
            (2026, 12, 26),
        ] {
            assert!(is_holiday(date(y, m, d)), "{y}-{m}-{d}");
        }
        assert!(
            !is_holiday(date(2026, 5, 30)),
            "Statehood Day is a Croatian holiday, not a TARGET one"
        );
    }
}
