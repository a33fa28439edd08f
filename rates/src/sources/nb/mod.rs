//! Norges Bank: the daily exchange rates of its SDMX API (dataflow `EXR`),
//! by date range.
//!
//! Everything kurs knows of Norges Bank is in this folder: the [`Source`]
//! (requests under `https://data.norges-bank.no`), the parser (`parse`),
//! the Norwegian calendar (`calendar`), the coverage facts below and the
//! real answer the tests read (`fixtures/`, see its `PROVENANCE.md`).
//!
//! Norges Bank publishes middle rates against the krone around 16:00 Oslo
//! time on Norwegian business days, dated that day, each for 1 or 100
//! units of the currency as the row's `UNIT_MULT` says (100 Swedish
//! kronor, 100 yen; 1 euro, 1 dollar). Its SDMX API answers any range of
//! dates (`startPeriod`, `endPeriod`) as SDMX-CSV, every currency at once
//! with the key `B..NOK.SP` (business-daily, any currency, in kroner,
//! spot).

mod calendar;
mod parse;

pub(crate) use parse::parse_nb_csv;

use std::sync::Arc;

use chrono::{Days, NaiveDate};

use super::{days_between, Attribution, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, SourceId, Table};

/// What kurs knows of Norges Bank without asking it. The API's business-
/// daily series begin with the first day of the euro, 1999-01-04.
static FACTS: Facts = Facts {
    id: "nb",
    name: NAME,
    base: CurrencyCode::new_static("NOK"),
    first: (1999, 1, 4),
    catalogue: Some(&CATALOGUE),
    schedule: calendar::SCHEDULE,
    source: || Arc::new(Nb),
};

/// Norges Bank.
pub const ID: SourceId = SourceId::new(&FACTS);

/// How the publisher is named in a sentence.
const NAME: &str = "Norges Bank";
/// Every business-daily spot rate against the krone, as SDMX-CSV.
const EXR_PATH: &str = "/api/data/EXR/B..NOK.SP";
/// How far back a date request looks for the rates in force (Easter
/// leaves a gap of five days).
const LOOKBACK: u64 = 10;

/// Every currency of Norges Bank's daily rates since 1999, generously:
///
/// * the 36 of the recorded answer of March 2026 (`fixtures/`: with the
///   SDR as XDR; its two indices, TWI and I44, are not currencies);
/// * earlier ones: BGN (until 2025), RUB (until 2022), HRK and the currencies of the states
///   that joined the euro after 1999 (CYP, EEK, LTL, LVL, MTL, SIT, SKK),
///   GRD (until 2000), and the lira and lei before their redenominations
///   (TRL, ROL) and the Belarusian rouble before 2016 (BYR).
static CATALOGUE: [CurrencyCode; 50] = codes([
    "AUD", "BDT", "BGN", "BRL", "BYN", "CAD", "CHF", "CNY", "CZK", "DKK", "EUR", "GBP", "HKD",
    "HUF", "IDR", "ILS", "INR", "ISK", "JPY", "KRW", "MMK", "MXN", "MYR", "NZD", "PHP", "PKR",
    "PLN", "RON", "SEK", "SGD", "THB", "TRY", "TWD", "USD", "VND", "XDR", "ZAR", "RUB", "HRK",
    "CYP", "EEK", "LTL", "LVL", "MTL", "SIT", "SKK", "GRD", "TRL", "ROL", "BYR",
]);

/// Norges Bank's exchange rates against the krone.
pub(super) struct Nb;

/// Every rate from `start` to `end`, both included (the query in the
/// order of the recorded request).
fn range(start: NaiveDate, end: NaiveDate) -> String {
    format!("{EXR_PATH}?endPeriod={end}&format=csvdata&startPeriod={start}")
}

impl Source for Nb {
    fn id(&self) -> SourceId {
        ID
    }
    fn default_origin(&self) -> &'static str {
        "https://data.norges-bank.no"
    }
    fn origin_variable(&self) -> &'static str {
        "KURS_NB_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: NAME,
            text: "Exchange rates against the Norwegian krone, middle rates of Norges Bank (source: Norges Bank).",
            terms_url: "https://www.norges-bank.no/en/topics/Statistics/disclaimer/",
        }
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    fn latest(&self) -> String {
        format!("{EXR_PATH}?format=csvdata&lastNObservations=1")
    }
    fn for_date(&self, date: NaiveDate, _today: NaiveDate) -> String {
        let start = date.checked_sub_days(Days::new(LOOKBACK)).unwrap_or(date);
        range(start, date)
    }
    fn catch_up(&self, since: NaiveDate, today: NaiveDate) -> Option<String> {
        (days_between(since, today) > 1).then(|| range(since, today))
    }
    fn full(&self) -> Option<String> {
        // The whole history since 1999 is some 10 MB of CSV: ranges
        // instead ([`Source::catch_up`] takes any span).
        None
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse_nb_csv(body)
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
    fn requests_use_the_sdmx_paths_and_date_ranges() {
        let today = d("2026-03-30");
        assert_eq!(
            Nb.latest(),
            "/api/data/EXR/B..NOK.SP?format=csvdata&lastNObservations=1"
        );
        assert_eq!(
            Nb.for_date(d("2026-03-24"), today),
            "/api/data/EXR/B..NOK.SP?endPeriod=2026-03-24&format=csvdata&startPeriod=2026-03-14"
        );
        // The query of the recorded answer, byte for byte.
        assert_eq!(
            range(d("2026-03-16"), d("2026-03-24")),
            "/api/data/EXR/B..NOK.SP?endPeriod=2026-03-24&format=csvdata&startPeriod=2026-03-16"
        );
        assert_eq!(
            Nb.catch_up(d("2026-03-16"), today),
            Some(range(d("2026-03-16"), today))
        );
        assert_eq!(Nb.catch_up(d("2026-03-29"), today), None);
        assert_eq!(Nb.full(), None);
        assert!(Nb.fetched_by_date());
        assert_eq!(Nb.origin_variable(), "KURS_NB_URL");
        assert_eq!(Nb.default_origin(), "https://data.norges-bank.no");
    }

    #[test]
    fn the_facts_name_norges_bank_its_krone_and_its_first_day() {
        assert_eq!(
            (ID.as_str(), ID.publisher(), ID.lead_days()),
            ("nb", NAME, 0)
        );
        assert_eq!(ID.base().as_str(), "NOK");
        assert_eq!(ID.first_date(), d("1999-01-04"));
        assert!(ID.may_publish("MMK".parse().unwrap()));
        assert!(!ID.may_publish("TWI".parse().unwrap()));
        let mut sorted = CATALOGUE.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, CATALOGUE.to_vec(), "sorted, each once");
    }

    #[test]
    fn the_rates_are_published_at_four_in_oslo() {
        let nb = ID.schedule();
        let winter = nb.publication_of(d("2026-01-06"));
        assert_eq!(winter, Utc.with_ymd_and_hms(2026, 1, 6, 15, 0, 0).single());
        let summer = nb.publication_of(d("2026-07-07"));
        assert_eq!(summer, Utc.with_ymd_and_hms(2026, 7, 7, 14, 0, 0).single());
    }

    #[test]
    fn over_easter_the_wednesday_rates_stay_the_newest_until_tuesday() {
        let nb = ID.schedule();
        let monday = Utc.with_ymd_and_hms(2026, 4, 6, 18, 0, 0).unwrap();
        let newest = nb.expected_latest(monday, TimeDelta::zero());
        assert_eq!(newest, Some(d("2026-04-01")));
    }
}
