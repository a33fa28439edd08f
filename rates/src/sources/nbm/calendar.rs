//! When the National Bank of Moldova sets its rates: every Moldovan
//! working day, in the afternoon, for the next day (the Moldovan press
//! reports each afternoon the rates "for tomorrow"; a Friday's rates are
//! in force over the weekend and on Monday).
//!
//! The holidays are the non-working days of the Labour Code (art. 111):
//! New Year's Day, Orthodox Christmas (7 and 8 January), 8 March, Easter
//! Monday and Memorial Day (Paștele Blajinilor, the Monday after) after
//! the Orthodox Easter, 1 May, 9 May, 1 June (since 2016), Independence
//! Day (27 August), Limba noastră (31 August) and 25 December (since
//! 2013). Approximate, like the other calendars (no days moved by
//! decree): it only drives polling and staleness, never which table
//! answers.
//!
//! The hour is not in the recorded answers: 16:00 in Chisinau is an
//! estimate (Frankfurter polls the NBM from 13:00 UTC).

use chrono::{Datelike, NaiveDate};

use crate::sources::nbu::calendar::orthodox_easter;
use crate::Schedule;

/// Every Moldovan working day around 16:00 Europe/Chisinau, dated the
/// next calendar day (a Friday's rates are expected as Saturday's).
pub(super) const SCHEDULE: Schedule =
    Schedule::new(chrono_tz::Europe::Chisinau, (16, 0), 1, is_holiday);

/// Whether `date` is a Moldovan public holiday (whatever its weekday).
fn is_holiday(date: NaiveDate) -> bool {
    let year = date.year();
    let fixed = match (date.month(), date.day()) {
        (1, 1) | (1, 7) | (1, 8) | (3, 8) | (5, 1) | (5, 9) | (8, 27) | (8, 31) => true,
        (6, 1) => year >= 2016,
        (12, 25) => year >= 2013,
        _ => false,
    };
    // Easter Monday and Memorial Day, after the Orthodox Easter.
    let from_easter = (date - orthodox_easter(year)).num_days();
    fixed || matches!(from_easter, 1 | 8)
}

#[cfg(test)]
mod tests {
    use chrono::{TimeDelta, TimeZone, Utc};

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_moldovan_holidays_of_2026_are_holidays() {
        for (m, d) in [
            (1, 1),
            (1, 7),
            (1, 8),
            (3, 9),  // Monday: 8 March is a Sunday, so no holiday
            (4, 13), // Easter Monday
            (4, 20), // Memorial Day
            (5, 1),
            (6, 1),
            (8, 27),
            (8, 31),
            (12, 25),
        ] {
            let day = date(2026, m, d);
            assert_eq!(is_holiday(day), (m, d) != (3, 9), "{day}");
        }
        assert!(is_holiday(date(2025, 5, 9)));
        assert!(!is_holiday(date(2012, 12, 25)), "25 December from 2013");
        assert!(!is_holiday(date(2015, 6, 1)), "1 June from 2016");
    }

    #[test]
    fn the_rates_of_tomorrow_are_set_at_four_in_chisinau() {
        let winter = SCHEDULE.publication_of(date(2026, 1, 14));
        assert_eq!(winter, Utc.with_ymd_and_hms(2026, 1, 13, 14, 0, 0).single());
        let summer = SCHEDULE.publication_of(date(2026, 4, 8));
        assert_eq!(summer, Utc.with_ymd_and_hms(2026, 4, 7, 13, 0, 0).single());
        // Nothing is set on a Sunday or on Easter Monday for the next day.
        assert_eq!(SCHEDULE.publication_of(date(2026, 4, 6)), None);
        assert_eq!(SCHEDULE.publication_of(date(2026, 4, 14)), None);
    }

    #[test]
    fn after_orthodox_easter_the_friday_rates_stay_the_newest_until_tuesday() {
        let monday = Utc.with_ymd_and_hms(2026, 4, 13, 18, 0, 0).unwrap();
        let latest = SCHEDULE.expected_latest(monday, TimeDelta::zero());
        assert_eq!(latest, Some(date(2026, 4, 11)));
        let tuesday = Utc.with_ymd_and_hms(2026, 4, 14, 14, 0, 0).unwrap();
        let latest = SCHEDULE.expected_latest(tuesday, TimeDelta::zero());
        assert_eq!(latest, Some(date(2026, 4, 15)));
    }
}
