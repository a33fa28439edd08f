//! The National Bank of Kazakhstan (NBK): the official (market) rates of
//! the tenge, date by date.
//!
//! Everything kurs knows of the NBK is in this folder: the [`Source`]
//! (requests under `https://nationalbank.kz`), the parser (`parse`), the
//! Kazakh calendar (`calendar`), the coverage facts below and the real
//! answers the tests read (`fixtures/`, see its `PROVENANCE.md`).
//!
//! `/rss/get_rates.cfm?fdate=DD.MM.YYYY` answers with the rates of a date,
//! each for `quant` units (10 AMD, 100 UZS, 1000 IRR), in an XML document
//! whose `<date>` says which; without `fdate` it answers with today's.
//! The bank offers no range, so kurs catches up date by date.

mod calendar;
mod parse;

use std::sync::Arc;

use chrono::NaiveDate;

use super::{Attribution, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, SourceId, Table};

/// What kurs knows of the NBK without asking it. The first date of its
/// rates that `get_rates.cfm` serves, as Frankfurter's provider record has
/// it: 2000-01-01.
static FACTS: Facts = Facts {
    id: "nbk",
    name: NAME,
    base: CurrencyCode::new_static("KZT"),
    first: (2000, 1, 1),
    catalogue: Some(&CATALOGUE),
    schedule: calendar::SCHEDULE,
    source: || Arc::new(Nbk),
};

/// The National Bank of Kazakhstan.
pub const ID: SourceId = SourceId::new(&FACTS);

/// How the publisher is named in a sentence.
const NAME: &str = "National Bank of Kazakhstan";
/// The rates of a date (`?fdate=DD.MM.YYYY`), or today's without it.
const RATES: &str = "/rss/get_rates.cfm";

/// Every currency the NBK has set a rate for since 2000, generously (a
/// listed code a day's table lacks costs one request; a missing one would
/// send KZT pairs elsewhere):
///
/// * the 39 of the 2026 answers in `fixtures/`,
/// * those it quoted before they were replaced: the euro area's legacy
///   currencies (until 2001), the currencies of the states that joined
///   the euro later, and the old codes of redenominated ones (AZM, BYB,
///   BYR, TMM, TRL, ROL), with the Turkmen manat of today.
static CATALOGUE: [CurrencyCode; 68] = codes([
    "AED", "AMD", "AUD", "AZN", "BRL", "BYN", "CAD", "CHF", "CNY", "CZK", "DKK", "EUR", "GBP",
    "GEL", "HKD", "HUF", "INR", "IRR", "JPY", "KGS", "KRW", "KWD", "MDL", "MXN", "MYR", "NOK",
    "PLN", "RUB", "SAR", "SEK", "SGD", "THB", "TJS", "TRY", "UAH", "USD", "UZS", "XDR",
    "ZAR", // 2026
    "ATS", "BEF", "DEM", "ESP", "FIM", "FRF", "GRD", "IEP", "ITL", "LUF", "NLG",
    "PTE", // euro
    "CYP", "EEK", "LTL", "LVL", "MTL", "SIT", "SKK", // later euro
    "AZM", "BYB", "BYR", "ROL", "TMM", "TRL", // redenominated
    "TMT", "RON", "ISK", "EGP",
]);

/// The National Bank of Kazakhstan's official rates against the tenge.
pub(super) struct Nbk;

impl Source for Nbk {
    fn id(&self) -> SourceId {
        ID
    }
    fn default_origin(&self) -> &'static str {
        "https://nationalbank.kz"
    }
    fn origin_variable(&self) -> &'static str {
        "KURS_NBK_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: NAME,
            text: "Official (market) exchange rates of the tenge set by the National Bank of Kazakhstan (source: NBK).",
            terms_url: "https://nationalbank.kz/en/exchangerates/ezhednevnye-oficialnye-rynochnye-kursy-valyut",
        }
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    fn latest(&self) -> String {
        RATES.to_owned()
    }
    fn for_date(&self, date: NaiveDate, _today: NaiveDate) -> String {
        format!("{RATES}?fdate={}", date.format("%d.%m.%Y"))
    }
    fn catch_up(&self, _since: NaiveDate, _today: NaiveDate) -> Option<String> {
        // No range: older tables are fetched on demand, date by date.
        None
    }
    fn full(&self) -> Option<String> {
        None
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse::parse_nbk_xml(body).map(|t| vec![t])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn requests_use_the_nbk_paths_with_a_dotted_date() {
        let today = d("2026-04-08");
        assert_eq!(Nbk.latest(), "/rss/get_rates.cfm");
        assert_eq!(
            Nbk.for_date(d("2026-04-01"), today),
            "/rss/get_rates.cfm?fdate=01.04.2026"
        );
        assert_eq!(Nbk.catch_up(d("2026-01-01"), today), None);
        assert_eq!(Nbk.full(), None);
        assert!(Nbk.fetched_by_date());
        assert_eq!(Nbk.origin_variable(), "KURS_NBK_URL");
        assert_eq!(Nbk.default_origin(), "https://nationalbank.kz");
    }

    #[test]
    fn the_facts_name_the_nbk_its_tenge_and_its_first_date() {
        assert_eq!(
            (ID.as_str(), ID.publisher(), ID.lead_days()),
            ("nbk", NAME, 0)
        );
        assert_eq!(ID.base().as_str(), "KZT");
        assert_eq!(ID.first_date(), d("2000-01-01"));
        assert!(ID.may_publish("UZS".parse().unwrap()));
        assert!(!ID.may_publish("VND".parse().unwrap()));
        let mut sorted = CATALOGUE.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, CATALOGUE.to_vec(), "sorted, each once");
    }

    #[test]
    fn the_source_parses_each_recorded_day() {
        let body = include_bytes!("fixtures/frankfurter_get_rates_2026-04-02.xml");
        let tables = Nbk.parse(body).unwrap();
        assert_eq!((tables.len(), tables[0].date()), (1, d("2026-04-02")));
    }
}
