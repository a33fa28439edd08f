//! When each source publishes its tables, as pure functions of the date.
//!
//! A [`Schedule`] knows the working-day calendar, the local publication time
//! and the dating rule of one source, and from these answers when a table is
//! due, whether a source is overdue and how long a refresher should sleep.
//! Nothing here reads the clock: `now` is always a parameter.
//!
//! The calendars are approximate: they hold the fixed holidays of each
//! country (and Easter where it matters) but not the yearly transfers of days
//! off decreed by governments (notably in Russia), nor one-off closures. A
//! schedule therefore only drives polling and staleness warnings; which table
//! answers a query is always decided by the tables actually published.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use std::time::Duration;

use crate::sources::cnb;
use crate::SourceId;

/// How often to poll while a due table is fresh, within [`DUE_WINDOW`] of
/// its expected publication instant.
const DUE_POLL: Duration = Duration::from_secs(5 * 60);
/// How long after the expected publication instant polling stays at
/// [`DUE_POLL`]; after that a late table is polled every [`LATE_POLL`].
const DUE_WINDOW: Duration = Duration::from_secs(2 * 60 * 60);
/// How often to poll for a table that is more than [`DUE_WINDOW`] late.
const LATE_POLL: Duration = Duration::from_secs(30 * 60);
/// The longest sleep when up to date: a rare check outside the window, in
/// case a table came early or the calendar missed a transferred working day.
const MAX_SLEEP: Duration = Duration::from_secs(6 * 60 * 60);
/// The shortest sleep when up to date, and the margin added after the next
/// expected publication instant before polling for it.
const MIN_SLEEP: Duration = Duration::from_secs(30);

/// How far back [`Schedule::expected_latest`] looks for a table (the longest
/// gap between tables, the Russian New Year holidays, is under two weeks).
const LOOKBACK_DAYS: u64 = 31;

/// The publication schedule of one source: on which days it publishes, at
/// what local time, and how its tables are dated.
///
/// Obtain one with [`Schedule::of`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    calendar: Calendar,
    tz: Tz,
    time: NaiveTime,
    /// Days between the working day the rates are set and the table's date.
    lead_days: u8,
}

/// The working-day calendars of the sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Calendar {
    /// TARGET2 (ECB).
    Target2,
    /// Russian working days (Bank of Russia), without yearly transfers.
    Russia,
    /// Polish working days (NBP).
    Poland,
    /// Czech working days (CNB), kept in the CNB's folder.
    Czechia,
}

impl Schedule {
    /// The schedule of a known source (ecb, cbr, nbp, cnb).
    ///
    /// * ECB: every TARGET2 working day around 16:00 Europe/Berlin, dated
    ///   that day.
    /// * CBR: every Russian working day around 15:30 Europe/Moscow, dated the
    ///   next calendar day (a Friday's table is dated Saturday and stands
    ///   through Monday).
    /// * NBP (table A): every Polish working day around 12:15 Europe/Warsaw,
    ///   dated that day.
    /// * CNB: every Czech working day around 14:30 Europe/Prague, dated
    ///   that day.
    ///
    /// # Panics
    ///
    /// If `source` is none of [`SourceId::ALL`] (a source was added without
    /// a schedule).
    pub fn of(source: SourceId) -> Schedule {
        let (calendar, tz, hour, minute) = match source {
            SourceId::ECB => (Calendar::Target2, chrono_tz::Europe::Berlin, 16, 0),
            SourceId::CBR => (Calendar::Russia, chrono_tz::Europe::Moscow, 15, 30),
            SourceId::NBP => (Calendar::Poland, chrono_tz::Europe::Warsaw, 12, 15),
            SourceId::CNB => {
                let (hour, minute) = cnb::PUBLISHED_AT;
                (Calendar::Czechia, chrono_tz::Europe::Prague, hour, minute)
            }
            other => panic!("no publication schedule for source {other}"),
        };
        Schedule {
            calendar,
            tz,
            time: NaiveTime::from_hms_opt(hour, minute, 0).expect("valid time of day"),
            lead_days: source.lead_days(),
        }
    }

    /// When the table dated `date` is published (its expected publication
    /// instant), or None when the source publishes no table dated `date`.
    pub fn publication_of(&self, date: NaiveDate) -> Option<DateTime<Utc>> {
        let set_on = date.checked_sub_days(chrono::Days::new(self.lead_days.into()))?;
        if !self.calendar.is_working_day(set_on) {
            return None;
        }
        let local = self.tz.from_local_datetime(&set_on.and_time(self.time));
        local.earliest().map(|t| t.with_timezone(&Utc))
    }

    /// The date of the newest table that should have been published by
    /// `now - grace`, or None if no table is expected in the last month.
    pub fn expected_latest(&self, now: DateTime<Utc>, grace: TimeDelta) -> Option<NaiveDate> {
        let by = now - grace;
        // No table dated after this one can be published by `by`.
        let newest = by.date_naive() + chrono::Days::new(u64::from(self.lead_days) + 1);
        newest
            .iter_days()
            .rev()
            .take(LOOKBACK_DAYS as usize)
            .find(|&d| self.publication_of(d).is_some_and(|at| at <= by))
    }

    /// The first publication strictly after `now`: (table date, instant).
    pub fn next_publication(&self, now: DateTime<Utc>) -> (NaiveDate, DateTime<Utc>) {
        // A table published after `now` is dated at least the day before
        // `now`'s UTC date plus the lead (time zones shift dates by one).
        let start =
            now.date_naive() + chrono::Days::new(self.lead_days.into()) - chrono::Days::new(1);
        start
            .iter_days()
            .find_map(|d| {
                self.publication_of(d)
                    .filter(|&at| at > now)
                    .map(|at| (d, at))
            })
            .expect("every calendar has working days")
    }

    /// Whether a source whose newest table is `have` is overdue at `now` (an
    /// expected table is missing `grace` after its publication time).
    pub fn is_stale(&self, now: DateTime<Utc>, have: Option<NaiveDate>, grace: TimeDelta) -> bool {
        match self.expected_latest(now, grace) {
            Some(expected) => have.is_none_or(|h| h < expected),
            None => false,
        }
    }

    /// How long a refresher should wait before polling again.
    ///
    /// While a table is due (published by the schedule but not yet in
    /// `have`), polls every 5 minutes for the first 2 hours after its
    /// expected publication instant, then every 30 minutes. When up to date,
    /// sleeps until 30 s after the next expected publication, but never more
    /// than 6 hours nor less than 30 s.
    ///
    /// ```
    /// use chrono::{NaiveDate, TimeZone, Utc};
    /// use kurs_rates::{Schedule, SourceId};
    /// use std::time::Duration;
    ///
    /// let ecb = Schedule::of(SourceId::ECB);
    /// let monday = NaiveDate::from_ymd_opt(2024, 1, 15);
    /// // Tuesday 10:00 UTC: Monday's table is the newest; Tuesday's comes at
    /// // 16:00 in Frankfurt (15:00 UTC in winter).
    /// let now = Utc.with_ymd_and_hms(2024, 1, 16, 10, 0, 0).unwrap();
    /// assert_eq!(ecb.next_poll(now, monday), Duration::from_secs(5 * 3600 + 30));
    /// // Ten minutes after publication, Tuesday's table is due: poll often.
    /// let now = Utc.with_ymd_and_hms(2024, 1, 16, 15, 10, 0).unwrap();
    /// assert_eq!(ecb.next_poll(now, monday), Duration::from_secs(5 * 60));
    /// ```
    pub fn next_poll(&self, now: DateTime<Utc>, have: Option<NaiveDate>) -> Duration {
        let due = self
            .expected_latest(now, TimeDelta::zero())
            .filter(|&d| have.is_none_or(|h| h < d))
            .and_then(|d| self.publication_of(d));
        match due {
            Some(published) if elapsed(published, now) < DUE_WINDOW => DUE_POLL,
            Some(_) => LATE_POLL,
            None => {
                let (_, at) = self.next_publication(now);
                (elapsed(now, at) + MIN_SLEEP).clamp(MIN_SLEEP, MAX_SLEEP)
            }
        }
    }
}

/// The time from `from` to `to`, zero if `to` is not after `from`.
fn elapsed(from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
    (to - from).to_std().unwrap_or_default()
}

impl Calendar {
    fn is_working_day(self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.is_holiday(date)
    }

    fn is_holiday(self, date: NaiveDate) -> bool {
        let (month, day) = (date.month(), date.day());
        let from_easter = (date - easter(date.year())).num_days();
        match self {
            Calendar::Target2 => {
                matches!((month, day), (1, 1) | (5, 1) | (12, 25) | (12, 26))
                    || matches!(from_easter, -2 | 1)
            }
            Calendar::Russia => matches!(
                (month, day),
                (1, 1..=8) | (2, 23) | (3, 8) | (5, 1) | (5, 9) | (6, 12) | (11, 4)
            ),
            Calendar::Poland => {
                matches!(
                    (month, day),
                    (1, 1)
                        | (1, 6)
                        | (5, 1)
                        | (5, 3)
                        | (8, 15)
                        | (11, 1)
                        | (11, 11)
                        | (12, 25)
                        | (12, 26)
                ) || (month, day) == (12, 24) && date.year() >= 2025
                    || matches!(from_easter, 0 | 1 | 60)
            }
            Calendar::Czechia => cnb::calendar::is_holiday(date),
        }
    }
}

/// Western (Gregorian) Easter Sunday of `year`, by the anonymous Gregorian
/// algorithm (Meeus/Jones/Butcher).
pub(crate) fn easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let (b, c) = (year / 100, year % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a valid date")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    fn ecb() -> Schedule {
        Schedule::of(SourceId::ECB)
    }

    fn cbr() -> Schedule {
        Schedule::of(SourceId::CBR)
    }

    fn nbp() -> Schedule {
        Schedule::of(SourceId::NBP)
    }

    const MIN: u64 = 60;
    const HOUR: u64 = 60 * MIN;

    #[test]
    fn every_known_source_has_a_schedule() {
        for source in SourceId::ALL {
            Schedule::of(source);
        }
    }

    #[test]
    fn easter_is_computed_for_known_years() {
        assert_eq!(easter(2000), date(2000, 4, 23));
        assert_eq!(easter(2019), date(2019, 4, 21));
        assert_eq!(easter(2024), date(2024, 3, 31));
        assert_eq!(easter(2025), date(2025, 4, 20));
        assert_eq!(easter(2026), date(2026, 4, 5));
    }

    #[test]
    fn ecb_publishes_on_a_tuesday_at_four_in_frankfurt() {
        let winter = ecb().publication_of(date(2024, 1, 16));
        assert_eq!(winter, Some(utc(2024, 1, 16, 15, 0)));
        let summer = ecb().publication_of(date(2024, 7, 16));
        assert_eq!(summer, Some(utc(2024, 7, 16, 14, 0)));
    }

    #[test]
    fn ecb_publishes_nothing_on_target2_holidays_and_weekends() {
        for d in [
            date(2024, 3, 29),
            date(2024, 4, 1),
            date(2025, 12, 25),
            date(2025, 12, 26),
            date(2026, 1, 1),
            date(2024, 5, 1),
            date(2024, 1, 20),
            date(2024, 1, 21),
        ] {
            assert_eq!(ecb().publication_of(d), None, "{d}");
        }
    }

    #[test]
    fn ecb_expects_fridays_table_over_the_weekend_until_monday_afternoon() {
        let friday = Some(date(2024, 1, 19));
        let zero = TimeDelta::zero();
        assert_eq!(ecb().expected_latest(utc(2024, 1, 20, 12, 0), zero), friday);
        assert_eq!(ecb().expected_latest(utc(2024, 1, 22, 10, 0), zero), friday);
        let monday = Some(date(2024, 1, 22));
        assert_eq!(ecb().expected_latest(utc(2024, 1, 22, 15, 0), zero), monday);
    }

    #[test]
    fn cbr_table_dated_saturday_is_published_on_friday_afternoon_in_moscow() {
        let at = cbr().publication_of(date(2025, 12, 13));
        assert_eq!(at, Some(utc(2025, 12, 12, 12, 30)));
    }

    #[test]
    fn cbr_publishes_no_table_dated_sunday_or_monday() {
        assert_eq!(cbr().publication_of(date(2025, 12, 14)), None);
        assert_eq!(cbr().publication_of(date(2025, 12, 15)), None);
        let tuesday = cbr().publication_of(date(2025, 12, 16));
        assert_eq!(tuesday, Some(utc(2025, 12, 15, 12, 30)));
    }

    #[test]
    fn cbr_expects_the_saturday_table_on_monday_morning() {
        let latest = cbr().expected_latest(utc(2025, 12, 15, 6, 0), TimeDelta::zero());
        assert_eq!(latest, Some(date(2025, 12, 13)));
    }

    #[test]
    fn cbr_publishes_nothing_dated_in_the_january_holidays() {
        for day in 2..=9 {
            assert_eq!(cbr().publication_of(date(2026, 1, day)), None, "{day}");
        }
        let new_years_eve = cbr().publication_of(date(2025, 12, 31));
        assert_eq!(new_years_eve, Some(utc(2025, 12, 30, 12, 30)));
        let after = cbr().publication_of(date(2026, 1, 10));
        assert_eq!(after, Some(utc(2026, 1, 9, 12, 30)));
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

    #[test]
    fn next_poll_is_frequent_when_a_table_is_ten_minutes_overdue() {
        let poll = ecb().next_poll(utc(2024, 1, 16, 15, 10), Some(date(2024, 1, 15)));
        assert_eq!(poll, Duration::from_secs(5 * MIN));
        assert_eq!(
            ecb().next_poll(utc(2024, 1, 16, 15, 10), None),
            Duration::from_secs(5 * MIN)
        );
    }

    #[test]
    fn next_poll_slows_down_when_a_table_is_three_hours_overdue() {
        let poll = ecb().next_poll(utc(2024, 1, 16, 18, 0), Some(date(2024, 1, 15)));
        assert_eq!(poll, Duration::from_secs(30 * MIN));
    }

    #[test]
    fn next_poll_is_capped_at_six_hours_over_the_weekend() {
        let poll = ecb().next_poll(utc(2024, 1, 19, 20, 0), Some(date(2024, 1, 19)));
        assert_eq!(poll, Duration::from_secs(6 * HOUR));
    }

    #[test]
    fn next_poll_sleeps_until_just_after_the_next_publication() {
        let winter = ecb().next_poll(utc(2024, 1, 16, 10, 0), Some(date(2024, 1, 15)));
        assert_eq!(winter, Duration::from_secs(5 * HOUR + 30));
        let summer = ecb().next_poll(utc(2024, 7, 16, 10, 0), Some(date(2024, 7, 15)));
        assert_eq!(summer, Duration::from_secs(4 * HOUR + 30));
    }

    #[test]
    fn next_poll_never_sleeps_less_than_thirty_seconds() {
        let poll = ecb().next_poll(utc(2024, 1, 16, 14, 59), Some(date(2024, 1, 15)));
        assert_eq!(poll, Duration::from_secs(MIN + 30));
        let poll = ecb().next_poll(utc(2024, 1, 16, 15, 0), Some(date(2024, 1, 16)));
        assert!(poll >= MIN_SLEEP);
    }

    #[test]
    fn is_stale_only_once_an_expected_table_is_missing_past_the_grace() {
        let grace = TimeDelta::hours(1);
        let monday = Some(date(2024, 1, 15));
        assert!(!ecb().is_stale(utc(2024, 1, 16, 15, 30), monday, grace));
        assert!(ecb().is_stale(utc(2024, 1, 16, 16, 30), monday, grace));
        assert!(!ecb().is_stale(utc(2024, 1, 16, 16, 30), Some(date(2024, 1, 16)), grace));
        assert!(ecb().is_stale(utc(2024, 1, 16, 16, 30), None, grace));
        let friday = Some(date(2024, 1, 19));
        assert!(!ecb().is_stale(utc(2024, 1, 21, 12, 0), friday, grace));
    }

    #[test]
    fn next_publication_skips_the_weekend() {
        let next = ecb().next_publication(utc(2024, 1, 19, 15, 0));
        assert_eq!(next, (date(2024, 1, 22), utc(2024, 1, 22, 15, 0)));
        let next = cbr().next_publication(utc(2025, 12, 12, 13, 0));
        assert_eq!(next, (date(2025, 12, 16), utc(2025, 12, 15, 12, 30)));
    }

    #[test]
    fn next_publication_skips_christmas() {
        let next = ecb().next_publication(utc(2025, 12, 24, 15, 30));
        assert_eq!(next, (date(2025, 12, 29), utc(2025, 12, 29, 15, 0)));
        let next = nbp().next_publication(utc(2025, 12, 23, 12, 0));
        assert_eq!(next, (date(2025, 12, 29), utc(2025, 12, 29, 11, 15)));
    }
}
