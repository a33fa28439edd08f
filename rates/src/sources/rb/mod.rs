//! Sveriges Riksbank: the daily exchange rates of its SWEA API (series
//! group 130, currencies against the Swedish krona), by date range.
//!
//! Everything kurs knows of the Riksbank is in this folder: the [`Source`]
//! (requests under `https://api.riksbank.se`), the parser (`parse`), the
//! Swedish calendar (`calendar`), the coverage facts below and the real
//! answer the tests read (`fixtures/`, see its `PROVENANCE.md`).
//!
//! The Riksbank publishes indicative middle rates against the krona on
//! Swedish banking days, dated that day. Its SWEA API answers any range of
//! dates for a whole group of series at once
//! (`/swea/v1/Observations/ByGroup/130/{from}/{to}`), as a JSON array of
//! `{seriesId, date, value}` rows: one series per currency (`SEKEURPMI`,
//! `SEKJPYPMI`, ...), each value the price of one unit in kronor.

mod calendar;
mod parse;

pub(crate) use parse::parse_rb_json;

use std::sync::Arc;

use chrono::{Days, NaiveDate};

use super::{days_between, Attribution, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, SourceId, Table};

/// What kurs knows of the Riksbank without asking it. The first date is
/// the coverage Frankfurter's provider record gives for these series.
static FACTS: Facts = Facts {
    id: "rb",
    name: NAME,
    base: CurrencyCode::new_static("SEK"),
    first: (1993, 1, 4),
    catalogue: Some(&CATALOGUE),
    schedule: calendar::SCHEDULE,
    source: || Arc::new(Rb),
};

/// Sveriges Riksbank.
pub const ID: SourceId = SourceId::new(&FACTS);

/// How the publisher is named in a sentence.
const NAME: &str = "Sveriges Riksbank";
/// The observations of series group 130 (currencies against the krona).
const GROUP_PATH: &str = "/swea/v1/Observations/ByGroup/130";
/// How many days before a date a by-date request starts (Christmas to
/// the New Year leaves the longest gap, five days with a weekend).
const LOOKBACK: u64 = 10;
/// The longest range kurs asks for at once: some 30 series a banking day
/// come to about 450 kB a year, well under the body limit of an answer.
const MAX_RANGE_DAYS: u64 = 366;

/// The currencies of group 130: the 29 of the recorded answer of March
/// 2026 (`fixtures/`), and the ECU (XEU), which the Riksbank's euro
/// series carries before 1999 (see `parse`). Currencies the group may
/// have quoted in earlier years and no longer does are not listed: no
/// recorded answer names them.
static CATALOGUE: [CurrencyCode; 30] = codes([
    "AUD", "BRL", "CAD", "CHF", "CNY", "CZK", "DKK", "EUR", "GBP", "HKD", "HUF", "IDR", "ILS",
    "INR", "ISK", "JPY", "KRW", "MXN", "MYR", "NOK", "NZD", "PHP", "PLN", "RON", "SGD", "THB",
    "TRY", "USD", "XEU", "ZAR",
]);

/// Sveriges Riksbank's exchange rates against the krona.
pub(super) struct Rb;

/// Every observation of the group from `from` to `to`, both included.
fn range(from: NaiveDate, to: NaiveDate) -> String {
    format!("{GROUP_PATH}/{from}/{to}")
}

impl Source for Rb {
    fn id(&self) -> SourceId {
        ID
    }
    fn default_origin(&self) -> &'static str {
        "https://api.riksbank.se"
    }
    fn origin_variable(&self) -> &'static str {
        "KURS_RB_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: NAME,
            text: "Exchange rates against the Swedish krona, indicative middle rates of Sveriges Riksbank (source: Riksbank).",
            terms_url: "https://www.riksbank.se/en-gb/about-the-website/terms-of-use/",
        }
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    /// The last [`LOOKBACK`] days up to today. The recorded request is a
    /// range, and the trait gives no date here, so this one request reads
    /// the system clock (as the Bank of England's does; the margin absorbs
    /// any time-zone or clock difference); the others use the dates given.
    fn latest(&self) -> String {
        let today = chrono::Utc::now().date_naive();
        let from = today.checked_sub_days(Days::new(LOOKBACK)).unwrap_or(today);
        range(from, today)
    }
    fn for_date(&self, date: NaiveDate, _today: NaiveDate) -> String {
        let from = date.checked_sub_days(Days::new(LOOKBACK)).unwrap_or(date);
        range(from, date)
    }
    /// Every day from the newest table held to today, at most
    /// [`MAX_RANGE_DAYS`] back.
    fn catch_up(&self, since: NaiveDate, today: NaiveDate) -> Option<String> {
        let floor = today
            .checked_sub_days(Days::new(MAX_RANGE_DAYS))
            .unwrap_or(today);
        (days_between(since, today) > 1).then(|| range(since.max(floor), today))
    }
    fn full(&self) -> Option<String> {
        // Thirty-odd series since 1993 are some 15 MB of JSON: ranges
        // instead ([`Source::catch_up`]).
        None
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse_rb_json(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone, Utc};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn requests_use_the_group_observations_over_date_ranges() {
        let today = d("2026-03-30");
        // The path of the recorded answer, byte for byte.
        assert_eq!(
            range(d("2026-03-24"), d("2026-03-28")),
            "/swea/v1/Observations/ByGroup/130/2026-03-24/2026-03-28"
        );
        assert_eq!(
            Rb.for_date(d("2026-03-27"), today),
            "/swea/v1/Observations/ByGroup/130/2026-03-17/2026-03-27"
        );
        assert_eq!(
            Rb.catch_up(d("2026-03-24"), today).as_deref(),
            Some("/swea/v1/Observations/ByGroup/130/2026-03-24/2026-03-30")
        );
        assert_eq!(Rb.catch_up(d("2026-03-29"), today), None);
        let far = Rb.catch_up(d("2020-01-01"), today).unwrap();
        assert!(far.ends_with("/2025-03-29/2026-03-30"), "{far}");
        assert!(Rb
            .latest()
            .starts_with("/swea/v1/Observations/ByGroup/130/"));
        assert_eq!(Rb.full(), None);
        assert!(Rb.fetched_by_date());
        assert_eq!(Rb.origin_variable(), "KURS_RB_URL");
        assert_eq!(Rb.default_origin(), "https://api.riksbank.se");
    }

    #[test]
    fn the_facts_name_the_riksbank_its_krona_and_its_first_day() {
        assert_eq!(
            (ID.as_str(), ID.publisher(), ID.lead_days()),
            ("rb", NAME, 0)
        );
        assert_eq!(ID.base().as_str(), "SEK");
        assert_eq!(ID.first_date(), d("1993-01-04"));
        assert!(ID.may_publish("IDR".parse().unwrap()));
        assert!(ID.may_publish("XEU".parse().unwrap()));
        assert!(!ID.may_publish("RUB".parse().unwrap()));
        let mut sorted = CATALOGUE.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, CATALOGUE.to_vec(), "sorted, each once");
    }

    #[test]
    fn over_easter_the_thursday_rates_stay_the_newest_until_tuesday() {
        let rb = ID.schedule();
        let monday = Utc.with_ymd_and_hms(2026, 4, 6, 18, 0, 0).unwrap();
        let newest = rb.expected_latest(monday, TimeDelta::zero());
        assert_eq!(newest, Some(d("2026-04-02")));
    }

    #[test]
    fn the_source_parses_the_recorded_range() {
        let body = include_bytes!("fixtures/frankfurter_ByGroup_130_2026-03-24_2026-03-28.json");
        assert_eq!(Rb.parse(body).unwrap().len(), 4);
    }
}
