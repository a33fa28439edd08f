//! The Bank of Canada: the daily exchange rates of its Valet API, by date
//! range.
//!
//! Everything kurs knows of the Bank of Canada is in this folder: the
//! [`Source`] (requests under `https://www.bankofcanada.ca`), the parser
//! (`parse`), the Canadian calendar (`calendar`), the coverage facts below
//! and the real answer the tests read (`fixtures/`, see its
//! `PROVENANCE.md`).
//!
//! The Bank publishes one indicative rate per currency each Canadian
//! business day by 16:30 Eastern time, dated that day, as the number of
//! Canadian dollars one unit of the currency costs. Its Valet API answers
//! the group `FX_RATES_DAILY` for any range of dates, so one request fills
//! any gap and one more (no range at all) returns the whole history since
//! the group began, on 3 January 2017.

mod calendar;
mod parse;

pub(crate) use parse::parse_boc_json;

use std::sync::Arc;

use chrono::{Days, NaiveDate};

use super::{days_between, Attribution, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, SourceId, Table};

/// What kurs knows of the Bank of Canada without asking it. The group
/// `FX_RATES_DAILY` begins on 2017-01-03, when the Bank replaced its noon
/// and closing rates (a different series, not read here) with one daily
/// average.
static FACTS: Facts = Facts {
    id: "boc",
    name: NAME,
    base: CurrencyCode::new_static("CAD"),
    first: (2017, 1, 3),
    catalogue: Some(&CATALOGUE),
    schedule: calendar::SCHEDULE,
    source: || Arc::new(Boc),
};

/// The Bank of Canada.
pub const ID: SourceId = SourceId::new(&FACTS);

/// How the publisher is named in a sentence.
const NAME: &str = "Bank of Canada";
/// The group of daily exchange rates of the Valet API, as JSON.
const GROUP_PATH: &str = "/valet/observations/group/FX_RATES_DAILY/json";
/// How far back a date request looks for the rates in force (Christmas
/// and a long weekend leave gaps of up to five days).
const LOOKBACK: u64 = 10;

/// Every currency of the group `FX_RATES_DAILY` since 2017: the 26 series
/// its `seriesDetail` lists in the recorded answer (`fixtures/`), of which
/// 23 still had observations in March 2026 (the Bank stopped MYR, THB and
/// VND; their series stay listed).
static CATALOGUE: [CurrencyCode; 26] = codes([
    "AUD", "BRL", "CHF", "CNY", "EUR", "GBP", "HKD", "IDR", "INR", "JPY", "KRW", "MXN", "MYR",
    "NOK", "NZD", "PEN", "RUB", "SAR", "SEK", "SGD", "THB", "TRY", "TWD", "USD", "VND", "ZAR",
]);

/// The Bank of Canada's daily exchange rates against the Canadian dollar.
pub(super) struct Boc;

/// The observations from `start` to `end`, both included.
fn range(start: NaiveDate, end: NaiveDate) -> String {
    format!("{GROUP_PATH}?start_date={start}&end_date={end}")
}

impl Source for Boc {
    fn id(&self) -> SourceId {
        ID
    }
    fn default_origin(&self) -> &'static str {
        "https://www.bankofcanada.ca"
    }
    fn origin_variable(&self) -> &'static str {
        "KURS_BOC_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: NAME,
            text: "Daily exchange rates against the Canadian dollar, indicative rates of the Bank of Canada (source: Bank of Canada Valet API).",
            terms_url: "https://www.bankofcanada.ca/terms/",
        }
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    fn latest(&self) -> String {
        format!("{GROUP_PATH}?recent=1")
    }
    fn for_date(&self, date: NaiveDate, _today: NaiveDate) -> String {
        let start = date.checked_sub_days(Days::new(LOOKBACK)).unwrap_or(date);
        range(start, date)
    }
    fn catch_up(&self, since: NaiveDate, today: NaiveDate) -> Option<String> {
        // Everything since the newest table held, in one request, as the
        // recorded answer was asked for.
        (days_between(since, today) > 1).then(|| format!("{GROUP_PATH}?start_date={since}"))
    }
    fn full(&self) -> Option<String> {
        // Without a range, Valet answers every observation of the group
        // since 2017: about 5 MB of JSON by the recorded answer (some 2.3 kB a
        // day), within the limits of a history request.
        Some(GROUP_PATH.to_owned())
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse_boc_json(body)
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
    fn requests_use_the_valet_paths_and_date_ranges() {
        let today = d("2026-03-19");
        assert_eq!(
            Boc.latest(),
            "/valet/observations/group/FX_RATES_DAILY/json?recent=1"
        );
        assert_eq!(
            Boc.for_date(d("2026-03-16"), today),
            "/valet/observations/group/FX_RATES_DAILY/json?start_date=2026-03-06&end_date=2026-03-16"
        );
        // The request the recorded answer was given for.
        assert_eq!(
            Boc.catch_up(d("2026-03-12"), today).as_deref(),
            Some("/valet/observations/group/FX_RATES_DAILY/json?start_date=2026-03-12")
        );
        assert_eq!(Boc.catch_up(d("2026-03-18"), today), None);
        assert_eq!(Boc.full().as_deref(), Some(GROUP_PATH));
        assert!(Boc.fetched_by_date());
        assert_eq!(Boc.origin_variable(), "KURS_BOC_URL");
        assert_eq!(Boc.default_origin(), "https://www.bankofcanada.ca");
    }

    #[test]
    fn the_facts_name_the_bank_its_dollar_and_its_first_day() {
        assert_eq!(
            (ID.as_str(), ID.publisher(), ID.lead_days()),
            ("boc", NAME, 0)
        );
        assert_eq!(ID.base().as_str(), "CAD");
        assert_eq!(ID.first_date(), d("2017-01-03"));
        assert!(ID.may_publish("PEN".parse().unwrap()));
        assert!(ID.may_publish("VND".parse().unwrap()));
        assert!(!ID.may_publish("PLN".parse().unwrap()));
        let mut sorted = CATALOGUE.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, CATALOGUE.to_vec(), "sorted, each once");
    }

    #[test]
    fn the_rates_are_published_at_half_past_four_in_ottawa() {
        let boc = ID.schedule();
        let winter = boc.publication_of(d("2026-01-06"));
        assert_eq!(winter, Utc.with_ymd_and_hms(2026, 1, 6, 21, 30, 0).single());
        let summer = boc.publication_of(d("2026-07-07"));
        assert_eq!(summer, Utc.with_ymd_and_hms(2026, 7, 7, 20, 30, 0).single());
    }

    #[test]
    fn after_good_friday_the_thursday_rates_are_the_newest_until_monday() {
        let boc = ID.schedule();
        let saturday = Utc.with_ymd_and_hms(2026, 4, 4, 12, 0, 0).unwrap();
        let newest = boc.expected_latest(saturday, TimeDelta::zero());
        assert_eq!(newest, Some(d("2026-04-02")));
    }
}
