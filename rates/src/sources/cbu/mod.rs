//! The Central Bank of Uzbekistan (CBU): its JSON archive of official
//! rates against the sum, date by date.
//!
//! Everything kurs knows of the CBU is in this folder: the [`Source`]
//! (requests under `https://cbu.uz`), the parser (`parse`), the Uzbek
//! working-day calendar (`calendar`), the coverage facts below and the real
//! answers the tests read (`fixtures/`, see its `PROVENANCE.md`).
//!
//! Asked for a date, the archive answers with every currency's rate valid
//! on that date, each row carrying the date; the parser takes the date
//! from the rows. The CBU offers no date ranges: older tables are fetched
//! one date at a time, on demand.

mod calendar;
mod parse;

pub use parse::parse_cbu_json;

use std::sync::Arc;

use chrono::NaiveDate;

use super::{Attribution, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, SourceId, Table};

/// What kurs knows of the CBU without asking it. The first date is the
/// one of the sum itself, introduced on 1 July 1994, from which the CBU's
/// archive of official rates starts (the coverage Frankfurter's provider
/// metadata gives for this endpoint).
static FACTS: Facts = Facts {
    id: "cbu",
    name: NAME,
    base: CurrencyCode::new_static("UZS"),
    first: (1994, 7, 1),
    catalogue: Some(&CATALOGUE),
    schedule: calendar::SCHEDULE,
    source: || Arc::new(Cbu),
};

/// The Central Bank of Uzbekistan.
pub const ID: SourceId = SourceId::new(&FACTS);

/// How the publisher is named in a sentence.
const NAME: &str = "Central Bank of Uzbekistan";
/// The archive of official rates; `all/YYYY-MM-DD/` asks for a date.
const ARCHIVE: &str = "/en/arkhiv-kursov-valyut/json/";

/// Every currency the CBU may have quoted since 1994, generously (a listed
/// code a day's table lacks costs one request; a missing one would send
/// UZS pairs elsewhere):
///
/// * the 75 codes of the recorded answers of April 2026 (every one),
/// * the currencies those replaced since 1994: the euro area's legacy
///   currencies and the ECU (XEU), the manats, rubles, leva, lei, lira,
///   bolívars, somoni and dinars before their redenominations (AZM, BYB,
///   BYR, BGL, ROL, TRL, TMM, TJR, VEB, VEF, SDD, YUM, RUR),
/// * the currencies of the states that later joined the euro (CYP, EEK,
///   LTL, LVL, MTL, SIT, SKK) and the kuna (HRK).
static CATALOGUE: [CurrencyCode; 109] = codes([
    // April 2026.
    "AED", "AFN", "AMD", "ARS", "AUD", "AZN", "BDT", "BGN", "BHD", "BND", "BRL", "BYN", "CAD",
    "CHF", "CNY", "CUP", "CZK", "DKK", "DZD", "EGP", "EUR", "GBP", "GEL", "HKD", "HUF", "IDR",
    "ILS", "INR", "IQD", "IRR", "ISK", "JOD", "JPY", "KGS", "KHR", "KRW", "KWD", "KZT", "LAK",
    "LBP", "LYD", "MAD", "MDL", "MMK", "MNT", "MXN", "MYR", "NOK", "NZD", "OMR", "PHP", "PKR",
    "PLN", "QAR", "RON", "RSD", "RUB", "SAR", "SDG", "SEK", "SGD", "SYP", "THB", "TJS", "TMT",
    "TND", "TRY", "UAH", "USD", "UYU", "VES", "VND", "XDR", "YER", "ZAR",
    // Replaced by the euro, and the ECU.
    "ATS", "BEF", "DEM", "ESP", "FIM", "FRF", "GRD", "IEP", "ITL", "LUF", "NLG", "PTE", "XEU",
    // Before a redenomination or a new code.
    "AZM", "BGL", "BYB", "BYR", "ROL", "RUR", "SDD", "TJR", "TMM", "TRL", "VEB", "VEF", "YUM",
    // Joined the euro later; the kuna.
    "CYP", "EEK", "HRK", "LTL", "LVL", "MTL", "SIT", "SKK",
]);

/// The Central Bank of Uzbekistan's official rates against the sum.
pub(super) struct Cbu;

impl Source for Cbu {
    fn id(&self) -> SourceId {
        ID
    }
    fn default_origin(&self) -> &'static str {
        "https://cbu.uz"
    }
    fn origin_variable(&self) -> &'static str {
        "KURS_CBU_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: NAME,
            text: "Official exchange rates of foreign currencies against the sum set by the Central Bank of the Republic of Uzbekistan (source: cbu.uz).",
            terms_url: "https://cbu.uz/en/arkhiv-kursov-valyut/",
        }
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    fn latest(&self) -> String {
        ARCHIVE.to_owned()
    }
    fn for_date(&self, date: NaiveDate, _today: NaiveDate) -> String {
        format!("{ARCHIVE}all/{}/", date.format("%Y-%m-%d"))
    }
    fn catch_up(&self, _since: NaiveDate, _today: NaiveDate) -> Option<String> {
        // No ranges: older tables are fetched on demand, date by date.
        None
    }
    fn full(&self) -> Option<String> {
        None
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse_cbu_json(body).map(|t| vec![t])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn requests_use_the_cbu_archive_paths() {
        let today = d("2026-11-29");
        assert_eq!(Cbu.latest(), "/en/arkhiv-kursov-valyut/json/");
        assert_eq!(
            Cbu.for_date(d("2026-04-01"), today),
            "/en/arkhiv-kursov-valyut/json/all/2026-04-01/"
        );
        assert_eq!(Cbu.catch_up(d("2026-01-01"), today), None);
        assert_eq!(Cbu.full(), None);
        assert!(Cbu.fetched_by_date());
        assert_eq!(Cbu.origin_variable(), "KURS_CBU_URL");
        assert_eq!(Cbu.default_origin(), "https://cbu.uz");
    }

    #[test]
    fn the_facts_name_the_cbu_its_sum_and_its_first_date() {
        assert_eq!(
            (ID.as_str(), ID.publisher(), ID.lead_days()),
            ("cbu", NAME, 1)
        );
        assert_eq!(ID.base().as_str(), "UZS");
        assert_eq!(ID.first_date(), d("1994-07-01"));
        assert!(ID.may_publish("KGS".parse().unwrap()));
        assert!(ID.may_publish("UZS".parse().unwrap()));
        assert!(!ID.may_publish("XAU".parse().unwrap()));
        let mut sorted = CATALOGUE.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, CATALOGUE.to_vec(), "sorted, each once");
    }

    #[test]
    fn parse_gives_the_one_table_of_the_body() {
        let body = include_bytes!("fixtures/frankfurter_json_all_2026-04-02.json");
        let tables = Cbu.parse(body).unwrap();
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].date(), d("2026-04-02"));
    }
}
