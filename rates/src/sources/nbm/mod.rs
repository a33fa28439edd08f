//! The National Bank of Moldova (NBM): its official rates of the leu,
//! date by date, `/en/official_exchange_rates?date=dd.mm.yyyy&get_xml=1`.
//!
//! Everything kurs knows of the NBM is in this folder: the [`Source`]
//! (requests under `https://www.bnm.md`), the parser (`parse`), the
//! Moldovan working-day calendar (`calendar`), the coverage facts below and
//! the real answers the tests read (`fixtures/`, see its `PROVENANCE.md`).
//!
//! The NBM sets on each working day, in the afternoon, the official rates
//! in force on the next day, some forty currencies, each for 1, 10 or 100
//! units as its `Nominal` says. One request answers one date, and there
//! is no range request: a gap is filled date by date, as queries ask.

mod calendar;
mod parse;

pub(crate) use parse::parse_nbm_xml;

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use super::{Attribution, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, SourceId, Table};

/// What kurs knows of the NBM without asking it. The first date is the
/// coverage Frankfurter's provider record gives for these rates.
static FACTS: Facts = Facts {
    id: "nbm",
    name: NAME,
    base: CurrencyCode::new_static("MDL"),
    first: (1999, 1, 4),
    catalogue: Some(&CATALOGUE),
    schedule: calendar::SCHEDULE,
    source: || Arc::new(Nbm),
};

/// The National Bank of Moldova.
pub const ID: SourceId = SourceId::new(&FACTS);

/// How the publisher is named in a sentence.
const NAME: &str = "National Bank of Moldova";
/// The official rates of one date, as XML.
const RATES: &str = "/en/official_exchange_rates";

/// The 40 currencies of the recorded tables of April 2026 (`fixtures/`,
/// the SDR as XDR). Those the NBM quoted in earlier years and no longer
/// does are not listed: no recorded answer names them.
static CATALOGUE: [CurrencyCode; 40] = codes([
    "AED", "ALL", "AMD", "AUD", "AZN", "BYN", "CAD", "CHF", "CNY", "CZK", "DKK", "EUR", "GBP",
    "GEL", "HKD", "HUF", "ILS", "INR", "ISK", "JPY", "KGS", "KRW", "KWD", "KZT", "MKD", "MYR",
    "NOK", "NZD", "PLN", "RON", "RSD", "RUB", "SEK", "TJS", "TMT", "TRY", "UAH", "USD", "UZS",
    "XDR",
]);

/// The National Bank of Moldova's official rates against the leu.
pub(super) struct Nbm;

/// The rates in force on `date` (the query in the order of the recorded
/// request).
fn on(date: NaiveDate) -> String {
    format!("{RATES}?date={}&get_xml=1", date.format("%d.%m.%Y"))
}

/// The request for the newest table at `now`: the date whose rates the
/// schedule says are out by then (tomorrow's once they are set), else
/// today's.
fn latest_at(now: DateTime<Utc>) -> String {
    let expected = ID.schedule().expected_latest(now, TimeDelta::zero());
    on(expected.unwrap_or(now.date_naive()))
}

impl Source for Nbm {
    fn id(&self) -> SourceId {
        ID
    }
    fn default_origin(&self) -> &'static str {
        "https://www.bnm.md"
    }
    fn origin_variable(&self) -> &'static str {
        "KURS_NBM_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: NAME,
            text: "Official exchange rates of the Moldovan leu set by the National Bank of Moldova (source: bnm.md).",
            terms_url: "https://www.bnm.md/en/official_exchange_rates",
        }
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    /// Every recorded request names its date; the trait gives none here,
    /// so this one request reads the system clock (as the Bank of
    /// England's does) and asks for the newest date the schedule expects.
    fn latest(&self) -> String {
        latest_at(Utc::now())
    }
    fn for_date(&self, date: NaiveDate, _today: NaiveDate) -> String {
        on(date)
    }
    fn catch_up(&self, _since: NaiveDate, _today: NaiveDate) -> Option<String> {
        // One date per request: older tables are fetched on demand.
        None
    }
    fn full(&self) -> Option<String> {
        None
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse_nbm_xml(body).map(|t| vec![t])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    #[test]
    fn requests_name_one_date_as_the_recorded_ones_do() {
        let today = d("2026-04-26");
        assert_eq!(
            Nbm.for_date(d("2026-04-06"), today),
            "/en/official_exchange_rates?date=06.04.2026&get_xml=1"
        );
        assert_eq!(Nbm.catch_up(d("2026-04-01"), today), None);
        assert_eq!(Nbm.full(), None);
        assert!(Nbm.latest().starts_with(RATES));
        assert!(Nbm.fetched_by_date());
        assert_eq!(Nbm.origin_variable(), "KURS_NBM_URL");
        assert_eq!(Nbm.default_origin(), "https://www.bnm.md");
    }

    #[test]
    fn the_newest_request_asks_for_tomorrow_once_its_rates_are_set() {
        // Tuesday 7 April 2026: the rates of the 8th are set at 16:00 in
        // Chisinau (13:00 UTC in summer).
        assert_eq!(latest_at(utc(2026, 4, 7, 9)), on(d("2026-04-07")));
        assert_eq!(latest_at(utc(2026, 4, 7, 14)), on(d("2026-04-08")));
        // Over a weekend, Friday's rates, dated Saturday.
        assert_eq!(latest_at(utc(2026, 4, 5, 12)), on(d("2026-04-04")));
    }

    #[test]
    fn the_facts_name_the_nbm_its_leu_and_its_first_date() {
        assert_eq!(
            (ID.as_str(), ID.publisher(), ID.lead_days()),
            ("nbm", NAME, 1)
        );
        assert_eq!(ID.base().as_str(), "MDL");
        assert_eq!(ID.first_date(), d("1999-01-04"));
        assert!(ID.may_publish("UZS".parse().unwrap()));
        assert!(!ID.may_publish("XAU".parse().unwrap()), "metals not read");
        let mut sorted = CATALOGUE.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, CATALOGUE.to_vec(), "sorted, each once");
    }

    #[test]
    fn parse_gives_the_one_table_of_a_date() {
        let body = include_bytes!("fixtures/frankfurter_official_exchange_rates_2026-04-08.xml");
        let tables = Nbm.parse(body).unwrap();
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].date(), d("2026-04-08"));
    }
}
