//! The National Bank of the Republic of Belarus (NBRB): the official rates
//! of the Belarusian ruble, date by date.
//!
//! Everything kurs knows of the NBRB is in this folder: the [`Source`]
//! (requests under `https://api.nbrb.by`), the parser (`parse`), the
//! Belarusian calendar (`calendar`), the coverage facts below and the real
//! answer the tests read (`fixtures/`, see its `PROVENANCE.md`).
//!
//! `/exrates/rates?periodicity=0` answers with the day's rates of every
//! currency the bank sets daily, each for `Cur_Scale` units (100 RUB,
//! 1000 KZT, 100000 VND); `?ondate=YYYY-MM-DD` asks for a date. The bank
//! offers ranges only per currency (`/exrates/rates/dynamics/{Cur_ID}`,
//! without the scale or the code), so kurs catches up date by date.
//!
//! # The redenomination of 2016-07-01
//!
//! 10,000 BYR became 1 BYN. kurs keeps the NBRB's tables from that day:
//! the bank's rates of earlier dates are priced in BYR, and a history of
//! one source holds one base per year (a year file of 2016 would mix both),
//! while the BYR pairs of those years are the Bank of Russia's to answer.
//! The parser still prices any table dated before 2016-07-01 in BYR (and
//! refuses the BYB of before 2000), so that an old answer can never be
//! read as BYN.

mod calendar;
mod parse;

use std::sync::Arc;

use chrono::NaiveDate;

use super::{Attribution, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, SourceId, Table};

/// What kurs knows of the NBRB without asking it. The first date kurs
/// asks for: the first day of the BYN (see the module's docs), which is
/// also where Frankfurter's provider record starts.
static FACTS: Facts = Facts {
    id: "nbrb",
    name: NAME,
    base: CurrencyCode::new_static("BYN"),
    first: (2016, 7, 1),
    catalogue: Some(&CATALOGUE),
    schedule: calendar::SCHEDULE,
    source: || Arc::new(Nbrb),
};

/// The National Bank of the Republic of Belarus.
pub const ID: SourceId = SourceId::new(&FACTS);

/// How the publisher is named in a sentence.
const NAME: &str = "National Bank of the Republic of Belarus";
/// The day's rates of every currency set daily.
const RATES: &str = "/exrates/rates?periodicity=0";

/// Every currency the NBRB has set a daily rate for since 2016-07-01,
/// generously (a listed code a day's table lacks costs one request; a
/// missing one would send BYN pairs elsewhere): the 30 of the 2026 answer
/// in `fixtures/`, and the Bulgarian lev of its earlier daily lists.
static CATALOGUE: [CurrencyCode; 31] = codes([
    "AED", "AMD", "AUD", "BRL", "CAD", "CHF", "CNY", "CZK", "DKK", "EUR", "GBP", "INR", "IRR",
    "ISK", "JPY", "KGS", "KWD", "KZT", "MDL", "NOK", "NZD", "PLN", "RUB", "SEK", "SGD", "TRY",
    "UAH", "USD", "VND", "XDR", // 2026
    "BGN",
]);

/// The NBRB's official rates against the ruble.
pub(super) struct Nbrb;

impl Source for Nbrb {
    fn id(&self) -> SourceId {
        ID
    }
    fn default_origin(&self) -> &'static str {
        "https://api.nbrb.by"
    }
    fn origin_variable(&self) -> &'static str {
        "KURS_NBRB_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: NAME,
            text: "Official exchange rates of the Belarusian ruble set by the National Bank of the Republic of Belarus (source: NBRB).",
            terms_url: "https://www.nbrb.by/engl/statistics/rates/ratesdaily.asp",
        }
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    fn latest(&self) -> String {
        RATES.to_owned()
    }
    fn for_date(&self, date: NaiveDate, _today: NaiveDate) -> String {
        // Every calendar day has its table, weekends included.
        format!("/exrates/rates?ondate={date}&periodicity=0")
    }
    fn catch_up(&self, _since: NaiveDate, _today: NaiveDate) -> Option<String> {
        // No range of every currency: older tables are fetched on demand.
        None
    }
    fn full(&self) -> Option<String> {
        None
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse::parse_nbrb_json(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn requests_use_the_nbrb_paths_with_iso_dates() {
        let today = d("2026-03-17");
        assert_eq!(Nbrb.latest(), "/exrates/rates?periodicity=0");
        assert_eq!(
            Nbrb.for_date(d("2016-07-01"), today),
            "/exrates/rates?ondate=2016-07-01&periodicity=0"
        );
        assert_eq!(Nbrb.catch_up(d("2026-01-01"), today), None);
        assert_eq!(Nbrb.full(), None);
        assert!(Nbrb.fetched_by_date());
        assert_eq!(Nbrb.origin_variable(), "KURS_NBRB_URL");
        assert_eq!(Nbrb.default_origin(), "https://api.nbrb.by");
    }

    #[test]
    fn the_facts_name_the_nbrb_its_ruble_and_the_redenomination() {
        assert_eq!(
            (ID.as_str(), ID.publisher(), ID.lead_days()),
            ("nbrb", NAME, 0)
        );
        assert_eq!(ID.base().as_str(), "BYN");
        assert_eq!(ID.first_date(), d("2016-07-01"));
        assert!(ID.may_publish("RUB".parse().unwrap()));
        assert!(!ID.may_publish("BYR".parse().unwrap()));
        let mut sorted = CATALOGUE.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, CATALOGUE.to_vec(), "sorted, each once");
    }

    #[test]
    fn the_source_parses_the_recorded_answer() {
        let body = include_bytes!("fixtures/frankfurter_rates_periodicity0_2026-03-17.json");
        assert_eq!(Nbrb.parse(body).unwrap()[0].len(), 30);
    }
}
