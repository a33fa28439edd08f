//! The Reserve Bank of Australia: its exchange-rate table F11.1, one CSV
//! file holding every day since 2023.
//!
//! Everything kurs knows of the RBA is in this folder: the [`Source`]
//! (requests under `https://www.rba.gov.au`), the parser (`parse`), the
//! calendar of Sydney (`calendar`), the coverage facts below and the real
//! file the tests read (`fixtures/`, see its `PROVENANCE.md`).
//!
//! The RBA quotes the other way round from most banks: how many units of
//! each foreign currency one Australian dollar buys (`A$1=USD` 0.7088),
//! which kurs keeps as published, like the ECB's rates. It sets them at
//! 16:00 Sydney time on each business day and adds them to
//! `f11.1-data.csv` soon after (the recorded file was last modified at
//! 16:38 on Friday 20 March 2026, with that day's rates), which holds
//! the current period (from 3 January 2023); earlier years are in
//! spreadsheets of another format, not read here. So the one file
//! answers every request: the newest day, a past date and the whole
//! history alike.

mod calendar;
mod parse;

pub(crate) use parse::parse_rba_csv;

use std::sync::Arc;

use chrono::NaiveDate;

use super::{Attribution, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, SourceId, Table};

/// What kurs knows of the RBA without asking it. The first day of
/// `f11.1-data.csv`: 2023-01-03 (the first business day of 2023).
static FACTS: Facts = Facts {
    id: "rba",
    name: NAME,
    base: CurrencyCode::new_static("AUD"),
    first: (2023, 1, 3),
    catalogue: Some(&CATALOGUE),
    schedule: calendar::SCHEDULE,
    source: || Arc::new(Rba),
};

/// The Reserve Bank of Australia.
pub const ID: SourceId = SourceId::new(&FACTS);

/// How the publisher is named in a sentence.
const NAME: &str = "Reserve Bank of Australia";
/// Table F11.1, exchange rates, daily, from 2023.
const F11_PATH: &str = "/statistics/tables/csv/f11.1-data.csv";

/// Every currency column of F11.1 (the recorded file's `Units` row): 21
/// currencies and the SDR (as its ISO code XDR); the trade-weighted index
/// is not a currency. Not every column has every day: AED and ZAR have no
/// rate at all in the recorded file (their series were last revised on
/// 1 October 2024), CAD begins on 21 December 2023, CHF has none from then
/// to 9 January 2025, PGK begins on 7 January 2026; all are listed, as
/// columns the RBA publishes.
static CATALOGUE: [CurrencyCode; 22] = codes([
    "AED", "CAD", "CHF", "CNY", "EUR", "GBP", "HKD", "IDR", "INR", "JPY", "KRW", "MYR", "NZD",
    "PGK", "PHP", "SGD", "THB", "TWD", "USD", "VND", "XDR", "ZAR",
]);

/// The Reserve Bank of Australia's exchange rates of the Australian dollar.
pub(super) struct Rba;

impl Source for Rba {
    fn id(&self) -> SourceId {
        ID
    }
    fn default_origin(&self) -> &'static str {
        "https://www.rba.gov.au"
    }
    fn origin_variable(&self) -> &'static str {
        "KURS_RBA_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: NAME,
            text: "Exchange rates of the Australian dollar, table F11.1 of the Reserve Bank of Australia (source: RBA).",
            terms_url: "https://www.rba.gov.au/copyright/",
        }
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    fn latest(&self) -> String {
        F11_PATH.to_owned()
    }
    fn for_date(&self, _date: NaiveDate, _today: NaiveDate) -> String {
        // The one file holds every date of its period.
        F11_PATH.to_owned()
    }
    fn catch_up(&self, _since: NaiveDate, _today: NaiveDate) -> Option<String> {
        // The newest file already holds every day since the last one held.
        None
    }
    fn full(&self) -> Option<String> {
        Some(F11_PATH.to_owned())
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse_rba_csv(body)
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
    fn every_request_asks_for_the_one_f11_file() {
        let today = d("2026-03-22");
        assert_eq!(Rba.latest(), "/statistics/tables/csv/f11.1-data.csv");
        assert_eq!(Rba.for_date(d("2024-06-03"), today), F11_PATH);
        assert_eq!(Rba.catch_up(d("2026-01-02"), today), None);
        assert_eq!(Rba.full().as_deref(), Some(F11_PATH));
        assert!(Rba.fetched_by_date());
        assert_eq!(Rba.origin_variable(), "KURS_RBA_URL");
        assert_eq!(Rba.default_origin(), "https://www.rba.gov.au");
    }

    #[test]
    fn the_facts_name_the_rba_its_dollar_and_its_first_day() {
        assert_eq!(
            (ID.as_str(), ID.publisher(), ID.lead_days()),
            ("rba", NAME, 0)
        );
        assert_eq!(ID.base().as_str(), "AUD");
        assert_eq!(ID.first_date(), d("2023-01-03"));
        assert!(ID.may_publish("PGK".parse().unwrap()));
        assert!(ID.may_publish("XDR".parse().unwrap()));
        assert!(!ID.may_publish("SDR".parse().unwrap()));
        let mut sorted = CATALOGUE.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, CATALOGUE.to_vec(), "sorted, each once");
    }

    #[test]
    fn the_rates_are_published_in_the_sydney_afternoon() {
        let rba = ID.schedule();
        // Sydney is on summer time (UTC+11) in January, UTC+10 in July.
        let summer = rba.publication_of(d("2026-01-07"));
        assert_eq!(summer, Utc.with_ymd_and_hms(2026, 1, 7, 5, 30, 0).single());
        let winter = rba.publication_of(d("2026-07-07"));
        assert_eq!(winter, Utc.with_ymd_and_hms(2026, 7, 7, 6, 30, 0).single());
    }

    #[test]
    fn the_calendar_has_a_table_on_exactly_the_days_of_the_recorded_file() {
        let body = include_bytes!("fixtures/frankfurter_f11.1-data_2026-03-20.csv");
        let days: Vec<NaiveDate> = parse_rba_csv(body)
            .unwrap()
            .iter()
            .map(Table::date)
            .collect();
        let rba = ID.schedule();
        let expected: Vec<NaiveDate> = d("2023-01-03")
            .iter_days()
            .take_while(|day| *day <= d("2026-03-20"))
            .filter(|day| rba.publication_of(*day).is_some())
            .collect();
        assert_eq!(days, expected);
    }

    #[test]
    fn over_easter_the_thursday_rates_stay_the_newest_until_tuesday() {
        let rba = ID.schedule();
        let monday = Utc.with_ymd_and_hms(2026, 4, 6, 12, 0, 0).unwrap();
        let newest = rba.expected_latest(monday, TimeDelta::zero());
        assert_eq!(newest, Some(d("2026-04-02")));
    }
}
