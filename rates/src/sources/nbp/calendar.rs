//! When the NBP publishes table A: every Polish working day around 12:15 in
//! Warsaw, each table dated that day.

use chrono::{Datelike, NaiveDate};

use crate::schedule::easter;
use crate::Schedule;

/// Every Polish working day around 12:15 Europe/Warsaw, dated that day.
pub(super) const SCHEDULE: Schedule =
    Schedule::new(chrono_tz::Europe::Warsaw, (12, 15), 0, is_holiday);

/// The Polish public holidays: the fixed ones (Christmas Eve from 2025),
/// Easter Sunday and Monday, and Corpus Christi.
fn is_holiday(date: NaiveDate) -> bool {
    let (month, day) = (date.month(), date.day());
    let from_easter = (date - easter(date.year())).num_days();
    matches!(
        (month, day),
        (1, 1) | (1, 6) | (5, 1) | (5, 3) | (8, 15) | (11, 1) | (11, 11) | (12, 25) | (12, 26)
    ) || (month, day) == (12, 24) && date.year() >= 2025
        || matches!(from_easter, 0 | 1 | 60)
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate, TimeZone, Utc};

    use crate::Schedule;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    fn nbp() -> Schedule {
        super::SCHEDULE
    }

    #[test]
    fn nbp_publishes_at_a_quarter_past_noon_in_warsaw_except_on_holidays() {
        assert_eq!(
            nbp().publication_of(date(2024, 5, 29)),
            Some(utc(2024, 5, 29, 10, 15))
        );
        assert_eq!(nbp().publication_of(date(2024, 5, 30)), None); // Corpus Christi
        assert_eq!(
            nbp().publication_of(date(2024, 12, 24)),
            Some(utc(2024, 12, 24, 11, 15))
        );
        assert_eq!(nbp().publication_of(date(2025, 12, 24)), None);
        assert_eq!(nbp().publication_of(date(2025, 1, 6)), None);
    }
}
