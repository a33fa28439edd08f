//! The Central Bank of Armenia (CBA): its exchange-rate web service,
//! `exchangerates.asmx`, date by date and by date range.
//!
//! Everything kurs knows of the CBA is in this folder: the [`Source`]
//! (requests under `https://api.cba.am`), the parser (`parse`), the
//! Armenian working-day calendar (`calendar`), the coverage facts below and
//! the real answers the tests read (`fixtures/`, see its `PROVENANCE.md`).
//!
//! The service is an ASP.NET web service. The recorded answers are SOAP
//! (`POST` with a `SOAPAction`); kurs fetches with `GET`, so it asks the
//! service's HTTP GET binding, the same operations and parameters in the
//! path and query (`/exchangerates.asmx/ExchangeRatesLatest`,
//! `/exchangerates.asmx/ExchangeRatesByDateRangeByISO?ISOCodes=...&DateFrom=...&DateTo=...`),
//! whose answers carry the same elements without the envelope; the parser
//! reads both. The range operation serves a date (the last days up to it)
//! and the catch-up after downtime alike.

mod calendar;
mod parse;

pub use parse::parse_cba_xml;

use std::sync::Arc;

use chrono::{Days, NaiveDate};

use super::{days_between, Attribution, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, SourceId, Table};

/// What kurs knows of the CBA without asking it. The first date is the
/// coverage Frankfurter's provider metadata gives for this service, the
/// first working day of 1999.
static FACTS: Facts = Facts {
    id: "cba",
    name: NAME,
    base: CurrencyCode::new_static("AMD"),
    first: (1999, 1, 4),
    catalogue: Some(&CATALOGUE),
    schedule: calendar::SCHEDULE,
    source: || Arc::new(Cba),
};

/// The Central Bank of Armenia.
pub const ID: SourceId = SourceId::new(&FACTS);

/// How the publisher is named in a sentence.
const NAME: &str = "Central Bank of Armenia";
/// The web service.
const SERVICE: &str = "/exchangerates.asmx";
/// The codes a range asks for: those of the recorded request, in its
/// order, less gold and silver (priced per gram, skipped by the parser).
const ISO_CODES: &str = "USD,GBP,AUD,EUR,XDR,IRR,PLN,CAD,INR,NOK,JPY,SEK,CHF,CZK,CNY,SGD,BRL,AED,KGS,KZT,RUB,UAH,UZS,BYN,TJS,GEL,HKD,NZD";
/// How far back a date request looks for the table in force (the New
/// Year and Christmas holidays leave gaps of several days).
const LOOKBACK: u64 = 10;
/// The longest range kurs asks for at once: about 65 working days, some
/// 450 kB of XML.
const MAX_RANGE: u64 = 92;

/// The currencies the CBA quotes, and so the ones kurs asks for by date:
/// the 28 of the recorded answers of March 2026 other than gold and
/// silver. (A range names its codes; kurs names these.)
static CATALOGUE: [CurrencyCode; 28] = codes([
    "AED", "AUD", "BRL", "BYN", "CAD", "CHF", "CNY", "CZK", "EUR", "GBP", "GEL", "HKD", "INR",
    "IRR", "JPY", "KGS", "KZT", "NOK", "NZD", "PLN", "RUB", "SEK", "SGD", "TJS", "UAH", "USD",
    "UZS", "XDR",
]);

/// The request for every table from `from` to `to`.
fn range(from: NaiveDate, to: NaiveDate) -> String {
    format!(
        "{SERVICE}/ExchangeRatesByDateRangeByISO?ISOCodes={ISO_CODES}&DateFrom={from}&DateTo={to}"
    )
}

/// The Central Bank of Armenia's average rates against the dram.
pub(super) struct Cba;

impl Source for Cba {
    fn id(&self) -> SourceId {
        ID
    }
    fn default_origin(&self) -> &'static str {
        "https://api.cba.am"
    }
    fn origin_variable(&self) -> &'static str {
        "KURS_CBA_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: NAME,
            text: "Exchange rates of foreign currencies against the dram published by the Central Bank of Armenia (source: cba.am).",
            terms_url: "https://www.cba.am/en/SitePage/ExchangeArchive.aspx",
        }
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    fn latest(&self) -> String {
        format!("{SERVICE}/ExchangeRatesLatest")
    }
    fn for_date(&self, date: NaiveDate, _today: NaiveDate) -> String {
        let from = date.checked_sub_days(Days::new(LOOKBACK)).unwrap_or(date);
        range(from, date)
    }
    fn catch_up(&self, since: NaiveDate, today: NaiveDate) -> Option<String> {
        let floor = today
            .checked_sub_days(Days::new(MAX_RANGE))
            .unwrap_or(today);
        (days_between(since, today) > 4).then(|| range(since.max(floor), today))
    }
    fn full(&self) -> Option<String> {
        None
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse_cba_xml(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const CODES: &str = "ISOCodes=USD,GBP,AUD,EUR,XDR,IRR,PLN,CAD,INR,NOK,JPY,SEK,CHF,CZK,CNY,SGD,BRL,AED,KGS,KZT,RUB,UAH,UZS,BYN,TJS,GEL,HKD,NZD";

    #[test]
    fn requests_use_the_operations_of_the_cba_service() {
        let today = d("2026-03-19");
        assert_eq!(Cba.latest(), "/exchangerates.asmx/ExchangeRatesLatest");
        assert_eq!(
            Cba.for_date(d("2026-03-18"), today),
            format!("/exchangerates.asmx/ExchangeRatesByDateRangeByISO?{CODES}&DateFrom=2026-03-08&DateTo=2026-03-18")
        );
        assert_eq!(Cba.catch_up(d("2026-03-17"), today), None);
        assert_eq!(
            Cba.catch_up(d("2026-03-01"), today).unwrap(),
            format!("/exchangerates.asmx/ExchangeRatesByDateRangeByISO?{CODES}&DateFrom=2026-03-01&DateTo=2026-03-19")
        );
        let long = Cba.catch_up(d("2025-01-01"), today).unwrap();
        assert!(
            long.ends_with("&DateFrom=2025-12-17&DateTo=2026-03-19"),
            "{long}"
        );
        assert_eq!(Cba.full(), None);
        assert!(Cba.fetched_by_date());
        assert_eq!(Cba.origin_variable(), "KURS_CBA_URL");
        assert_eq!(Cba.default_origin(), "https://api.cba.am");
    }

    #[test]
    fn the_codes_asked_for_are_the_catalogue() {
        let mut asked: Vec<CurrencyCode> =
            ISO_CODES.split(',').map(|c| c.parse().unwrap()).collect();
        asked.sort();
        assert_eq!(asked, CATALOGUE.to_vec());
    }

    #[test]
    fn the_facts_name_the_cba_its_dram_and_its_first_date() {
        assert_eq!(
            (ID.as_str(), ID.publisher(), ID.lead_days()),
            ("cba", NAME, 0)
        );
        assert_eq!(ID.base().as_str(), "AMD");
        assert_eq!(ID.first_date(), d("1999-01-04"));
        assert!(ID.may_publish("GEL".parse().unwrap()));
        assert!(!ID.may_publish("XAU".parse().unwrap()));
    }

    #[test]
    fn parse_gives_every_table_of_a_range() {
        let body = include_bytes!(
            "fixtures/frankfurter_ExchangeRatesByDateRangeByISO_2026-03-01_2026-03-19.xml"
        );
        let tables = Cba.parse(body).unwrap();
        assert_eq!(tables.len(), 13);
        assert_eq!(tables[0].date(), d("2026-03-02"));
        assert_eq!(tables[12].date(), d("2026-03-18"));
    }
}
