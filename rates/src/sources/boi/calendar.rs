//! The days on which the Bank of Israel sets its representative rates.
//!
//! The Bank sets the representative rate of each currency once a day,
//! from the interbank market in the early afternoon, and publishes it the
//! same afternoon, dated that day. Frankfurter's provider metadata polls
//! between 12:00 and 14:30 UTC, Monday to Friday, that is 14:00 to 17:30 in
//! Jerusalem; kurs takes the rates as published around 15:30 Jerusalem
//! time (IST, UTC+2, or IDT, UTC+3, in summer), dated that day. The
//! recorded answer has rates on a Friday (6 March 2026), none on a weekend.
//!
//! Israel's holidays (Rosh Hashanah, Yom Kippur, Sukkot, Pesach,
//! Shavuot, Independence Day) follow the Hebrew calendar and are left out:
//! like every calendar in kurs this one only drives polling and
//! staleness, and a day without rates costs one request.

use chrono::NaiveDate;

use crate::Schedule;

/// Monday to Friday around 15:30 Asia/Jerusalem, dated that day.
pub(super) const SCHEDULE: Schedule =
    Schedule::new(chrono_tz::Asia::Jerusalem, (15, 30), 0, is_holiday);

/// No fixed-date holiday: Israel's follow the Hebrew calendar.
fn is_holiday(_date: NaiveDate) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn rates_are_published_in_the_jerusalem_afternoon_dated_that_day() {
        // Winter, IST (UTC+2): 15:30 is 13:30 UTC.
        let friday = SCHEDULE.publication_of(date(2026, 3, 6));
        assert_eq!(friday, Utc.with_ymd_and_hms(2026, 3, 6, 13, 30, 0).single());
        // Summer, IDT (UTC+3): 15:30 is 12:30 UTC.
        let summer = SCHEDULE.publication_of(date(2026, 7, 7));
        assert_eq!(summer, Utc.with_ymd_and_hms(2026, 7, 7, 12, 30, 0).single());
        assert_eq!(SCHEDULE.publication_of(date(2026, 3, 7)), None, "Saturday");
        assert!(!is_holiday(date(2026, 4, 2)));
    }
}
