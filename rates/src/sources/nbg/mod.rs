//! The National Bank of Georgia (NBG): the official rates of the lari from
//! its JSON API, date by date.
//!
//! Everything kurs knows of the NBG is in this folder: the [`Source`]
//! (requests under `https://nbg.gov.ge`), the parser (`parse`), the
//! Georgian working-day calendar (`calendar`), the coverage facts below and
//! the real answers the tests read (`fixtures/`, see its `PROVENANCE.md`).
//!
//! The NBG sets its rates on working days, valid from the next day. Asked
//! for a date, it answers with the table valid on that date, dated by the
//! day it became valid (asked for a Monday, Saturday's table): the parser
//! takes the date from the body. The API offers no date ranges of whole
//! tables: older tables are fetched one date at a time, on demand.

mod calendar;
mod parse;

pub use parse::parse_nbg_json;

use std::sync::Arc;

use chrono::NaiveDate;

use super::{Attribution, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, SourceId, Table};

/// What kurs knows of the NBG without asking it. The first date is the
/// coverage Frankfurter's provider metadata gives for this API, 14 October
/// 1995, three weeks after the lari was introduced.
static FACTS: Facts = Facts {
    id: "nbg",
    name: NAME,
    base: CurrencyCode::new_static("GEL"),
    first: (1995, 10, 14),
    catalogue: Some(&CATALOGUE),
    schedule: calendar::SCHEDULE,
    source: || Arc::new(Nbg),
};

/// The National Bank of Georgia.
pub const ID: SourceId = SourceId::new(&FACTS);

/// How the publisher is named in a sentence.
const NAME: &str = "National Bank of Georgia";
/// The official rates; `?date=YYYY-MM-DD` asks for a date.
const CURRENCIES: &str = "/gw/api/ct/monetarypolicy/currencies/";

/// Every currency the NBG may have quoted since 1995, generously (a listed
/// code a day's table lacks costs one request; a missing one would send
/// GEL pairs elsewhere):
///
/// * the 42 codes of the recorded answers of 2026 (every one),
/// * the euro area's legacy currencies, and those of the states that
///   joined the euro later (CYP, EEK, LTL, LVL, MTL, SIT, SKK),
/// * the predecessors of quoted currencies before their redenominations
///   or new codes (AZM, BYB, BYR, ROL, RUR, TJR, TMM, TRL, YUM), and the
///   lev (BGN, BGL), the kuna (HRK) and the SDR (XDR).
static CATALOGUE: [CurrencyCode; 74] = codes([
    // 2026.
    "AED", "AMD", "AUD", "AZN", "BRL", "BYN", "CAD", "CHF", "CNY", "CZK", "DKK", "EGP", "EUR",
    "GBP", "HKD", "HUF", "ILS", "INR", "IRR", "ISK", "JPY", "KGS", "KRW", "KWD", "KZT", "MDL",
    "NOK", "NZD", "PLN", "QAR", "RON", "RSD", "RUB", "SEK", "SGD", "TJS", "TMT", "TRY", "UAH",
    "USD", "UZS", "ZAR", // Replaced by the euro.
    "ATS", "BEF", "CYP", "DEM", "EEK", "ESP", "FIM", "FRF", "GRD", "IEP", "ITL", "LTL", "LUF",
    "LVL", "MTL", "NLG", "PTE", "SIT", "SKK",
    // Before a redenomination or a new code; others once quoted.
    "AZM", "BGL", "BGN", "BYB", "BYR", "HRK", "ROL", "RUR", "TJR", "TMM", "TRL", "XDR", "YUM",
]);

/// The National Bank of Georgia's official rates against the lari.
pub(super) struct Nbg;

impl Source for Nbg {
    fn id(&self) -> SourceId {
        ID
    }
    fn default_origin(&self) -> &'static str {
        "https://nbg.gov.ge"
    }
    fn origin_variable(&self) -> &'static str {
        "KURS_NBG_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: NAME,
            text: "Official exchange rates of the lari set by the National Bank of Georgia (source: nbg.gov.ge).",
            terms_url: "https://nbg.gov.ge/en/monetary-policy/currency",
        }
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    fn latest(&self) -> String {
        CURRENCIES.to_owned()
    }
    fn for_date(&self, date: NaiveDate, _today: NaiveDate) -> String {
        format!("{CURRENCIES}?date={}", date.format("%Y-%m-%d"))
    }
    fn catch_up(&self, _since: NaiveDate, _today: NaiveDate) -> Option<String> {
        // No ranges of whole tables: older ones are fetched date by date.
        None
    }
    fn full(&self) -> Option<String> {
        None
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse_nbg_json(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn requests_use_the_nbg_api_paths() {
        let today = d("2026-11-29");
        assert_eq!(Nbg.latest(), "/gw/api/ct/monetarypolicy/currencies/");
        assert_eq!(
            Nbg.for_date(d("2026-03-02"), today),
            "/gw/api/ct/monetarypolicy/currencies/?date=2026-03-02"
        );
        assert_eq!(Nbg.catch_up(d("2026-01-01"), today), None);
        assert_eq!(Nbg.full(), None);
        assert!(Nbg.fetched_by_date());
        assert_eq!(Nbg.origin_variable(), "KURS_NBG_URL");
        assert_eq!(Nbg.default_origin(), "https://nbg.gov.ge");
    }

    #[test]
    fn the_facts_name_the_nbg_its_lari_and_its_first_date() {
        assert_eq!(
            (ID.as_str(), ID.publisher(), ID.lead_days()),
            ("nbg", NAME, 1)
        );
        assert_eq!(ID.base().as_str(), "GEL");
        assert_eq!(ID.first_date(), d("1995-10-14"));
        assert!(ID.may_publish("AMD".parse().unwrap()));
        assert!(ID.may_publish("GEL".parse().unwrap()));
        assert!(!ID.may_publish("XAU".parse().unwrap()));
        let mut sorted = CATALOGUE.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, CATALOGUE.to_vec(), "sorted, each once");
    }

    #[test]
    fn parse_gives_the_table_valid_on_the_requested_date() {
        let body = include_bytes!("fixtures/frankfurter_currencies_2026-03-02.json");
        let tables = Nbg.parse(body).unwrap();
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].date(), d("2026-02-28"));
    }
}
