//! The National Bank of Romania (BNR): its reference rates against the
//! leu, from its XML files, a day, ten days or a year at a time.
//!
//! Everything kurs knows of the BNR is in this folder: the [`Source`]
//! (requests under `https://curs.bnr.ro`), the parser (`parse`), the
//! Romanian working-day calendar with Orthodox Easter (`calendar`), the
//! coverage facts below and the real file the tests read (`fixtures/`,
//! see its `PROVENANCE.md`).
//!
//! # Two lei
//!
//! On 1 July 2005 Romania redenominated its leu: 10,000 old lei (`ROL`)
//! became 1 new leu (`RON`). Each table keeps the leu its file names in
//! `<OrigCurrency>` as its base, so a table of June 2005 (if the BNR's
//! file of 2005 is in ROL) prices in ROL and one of July in RON, and
//! neither is rescaled. The source's base is the RON.

mod calendar;
mod parse;

pub(crate) use parse::parse_bnr_xml;

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

use super::{days_between, Attribution, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, SourceId, Table};

/// What kurs knows of the BNR without asking it. Its year files start
/// with 2005; its first reference rates of that year are of 3 January.
static FACTS: Facts = Facts {
    id: "bnr",
    name: NAME,
    base: CurrencyCode::new_static("RON"),
    first: (2005, 1, 3),
    catalogue: Some(&CATALOGUE),
    schedule: calendar::SCHEDULE,
    source: || Arc::new(Bnr),
};

/// The National Bank of Romania.
pub const ID: SourceId = SourceId::new(&FACTS);

/// How the publisher is named in a sentence.
const NAME: &str = "National Bank of Romania";
/// The newest day's rates.
const LATEST_PATH: &str = "/nbrfxrates.xml";
/// The rates of the last ten days.
const TEN_DAYS_PATH: &str = "/nbrfxrates10days.xml";

/// Every currency the BNR quotes, generously: the 36 of the 2026 year
/// file (every code but gold, `XAU`, which kurs skips) and the lev (BGN),
/// quoted until Bulgaria took the euro at the start of 2026.
static CATALOGUE: [CurrencyCode; 37] = codes([
    "AED", "AUD", "BGN", "BRL", "CAD", "CHF", "CNY", "CZK", "DKK", "EGP", "EUR", "GBP", "HKD",
    "HUF", "IDR", "ILS", "INR", "ISK", "JPY", "KRW", "MDL", "MXN", "MYR", "NOK", "NZD", "PHP",
    "PLN", "RSD", "RUB", "SEK", "SGD", "THB", "TRY", "UAH", "USD", "XDR", "ZAR",
]);

/// The year file of `year`.
fn year_file(year: i32) -> String {
    format!("/files/xml/years/nbrfxrates{year}.xml")
}

/// The National Bank of Romania's reference rates against the leu.
pub(super) struct Bnr;

impl Source for Bnr {
    fn id(&self) -> SourceId {
        ID
    }
    fn default_origin(&self) -> &'static str {
        "https://curs.bnr.ro"
    }
    fn origin_variable(&self) -> &'static str {
        "KURS_BNR_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: NAME,
            text: "Reference exchange rates of the National Bank of Romania against the leu (source: BNR).",
            // No terms page is known (Frankfurter's provider data has none
            // either): the BNR's page of its exchange rates.
            terms_url: "https://www.bnr.ro/en/561-exchange-rates",
        }
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    fn latest(&self) -> String {
        LATEST_PATH.to_owned()
    }
    /// The year file of `date`, or of the year before when `date` comes
    /// before the year's first reference rates (1 and 2 January are
    /// holidays, so the table in force is December's).
    fn for_date(&self, date: NaiveDate, _today: NaiveDate) -> String {
        let schedule = ID.schedule();
        let first = NaiveDate::from_ymd_opt(date.year(), 1, 1).unwrap_or(date);
        let published = first
            .iter_days()
            .take_while(|d| *d <= date)
            .any(|d| schedule.publication_of(d).is_some());
        year_file(if published {
            date.year()
        } else {
            date.year() - 1
        })
    }
    fn catch_up(&self, since: NaiveDate, today: NaiveDate) -> Option<String> {
        match days_between(since, today) {
            ..=1 => None,
            2..=9 => Some(TEN_DAYS_PATH.to_owned()),
            _ => Some(year_file(today.year())),
        }
    }
    fn full(&self) -> Option<String> {
        None
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse_bnr_xml(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    const YEAR_2026: &[u8] = include_bytes!("fixtures/frankfurter_nbrfxrates2026.xml");

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn requests_use_the_bnr_files() {
        let today = d("2026-08-19");
        assert_eq!(Bnr.latest(), "/nbrfxrates.xml");
        assert_eq!(
            Bnr.for_date(d("2026-03-02"), today),
            "/files/xml/years/nbrfxrates2026.xml"
        );
        assert_eq!(
            Bnr.for_date(d("2026-01-05"), today),
            "/files/xml/years/nbrfxrates2026.xml"
        );
        assert_eq!(
            Bnr.for_date(d("2026-01-04"), today),
            "/files/xml/years/nbrfxrates2025.xml"
        );
        assert_eq!(
            Bnr.for_date(d("2005-06-30"), today),
            "/files/xml/years/nbrfxrates2005.xml"
        );
        assert_eq!(Bnr.catch_up(d("2026-08-18"), today), None);
        assert_eq!(
            Bnr.catch_up(d("2026-08-14"), today).as_deref(),
            Some("/nbrfxrates10days.xml")
        );
        assert_eq!(
            Bnr.catch_up(d("2026-01-05"), today).as_deref(),
            Some("/files/xml/years/nbrfxrates2026.xml")
        );
        assert_eq!(Bnr.full(), None);
        assert!(Bnr.fetched_by_date());
        assert_eq!(Bnr.origin_variable(), "KURS_BNR_URL");
    }

    #[test]
    fn the_facts_name_the_bnr_its_leu_and_its_first_date() {
        assert_eq!(
            (ID.as_str(), ID.publisher(), ID.lead_days()),
            ("bnr", NAME, 0)
        );
        assert_eq!(ID.base().as_str(), "RON");
        assert_eq!(ID.first_date(), d("2005-01-03"));
        assert!(ID.may_publish("MDL".parse().unwrap()));
        assert!(!ID.may_publish("XAU".parse().unwrap()));
    }

    #[test]
    fn the_calendar_gives_exactly_the_days_of_the_2026_year_file() {
        let tables = parse_bnr_xml(YEAR_2026).unwrap();
        let published: Vec<NaiveDate> = tables.iter().map(Table::date).collect();
        let schedule = ID.schedule();
        let expected: Vec<NaiveDate> = d("2026-01-01")
            .iter_days()
            .take_while(|day| *day <= d("2026-08-19"))
            .filter(|day| schedule.publication_of(*day).is_some())
            .collect();
        assert_eq!(published, expected);
    }

    #[test]
    fn the_reference_rates_are_expected_at_one_in_bucharest() {
        let bnr = ID.schedule();
        let summer = bnr.publication_of(d("2026-08-19"));
        assert_eq!(summer, Utc.with_ymd_and_hms(2026, 8, 19, 10, 0, 0).single());
        let winter = bnr.publication_of(d("2026-01-05"));
        assert_eq!(winter, Utc.with_ymd_and_hms(2026, 1, 5, 11, 0, 0).single());
        assert_eq!(
            bnr.publication_of(d("2026-04-10")),
            None,
            "Orthodox Good Friday"
        );
    }
}
