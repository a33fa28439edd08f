//! The National Bank of the Kyrgyz Republic (NBKR): its daily official
//! rates of the som, `/XML/daily.xml`.
//!
//! Everything kurs knows of the NBKR is in this folder: the [`Source`]
//! (requests under `https://www.nbkr.kg`), the parser (`parse`), the Kyrgyz
//! working-day calendar (`calendar`), the coverage facts below and the real
//! answers the tests read (`fixtures/`, see its `PROVENANCE.md`).
//!
//! The NBKR publishes two files: `daily.xml`, the rates of the US dollar,
//! the euro, the yuan, the tenge and the ruble set every working day, and
//! `weekly.xml`, some forty other currencies set once a week (each
//! `ValidFor` 7 days), dated differently. A source has one newest table,
//! so this one is `daily.xml`; the parser reads both files, and the weekly
//! one can become a second dataset of the NBKR (as NBP table B is of the
//! NBP).
//!
//! Neither file can be asked for a past date. The NBKR's only history is
//! an HTML page per currency and date range
//! (`/index1.jsp?item=1562&valuta_id=15&beg_day=...`), whose body names
//! neither the currency nor the kind of rate (see `fixtures/`): it cannot
//! be read as tables. So a date is asked of the newest file, whose table
//! answers it only when it is that date's; older dates come from the
//! tables kurs has kept since it started polling.

mod calendar;
mod parse;

pub use parse::parse_nbkr_xml;

use std::sync::Arc;

use chrono::NaiveDate;

use super::{Attribution, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, SourceId, Table};

/// What kurs knows of the NBKR without asking it. The first date is the
/// coverage Frankfurter's provider metadata gives for the NBKR's rates
/// (through its HTML history, which kurs cannot read; see above).
static FACTS: Facts = Facts {
    id: "nbkr",
    name: NAME,
    base: CurrencyCode::new_static("KGS"),
    first: (1999, 1, 1),
    catalogue: Some(&CATALOGUE),
    schedule: calendar::SCHEDULE,
    source: || Arc::new(Nbkr),
};

/// The National Bank of the Kyrgyz Republic.
pub const ID: SourceId = SourceId::new(&FACTS);

/// How the publisher is named in a sentence.
const NAME: &str = "National Bank of the Kyrgyz Republic";
/// The daily rates, the source's only request.
const DAILY: &str = "/XML/daily.xml";
/// The weekly rates, which the parser also reads (a second dataset).
#[cfg_attr(not(test), allow(dead_code))]
const WEEKLY: &str = "/XML/weekly.xml";

/// The currencies of `daily.xml` (the recorded file of 24 May 2026), the
/// only ones this source fetches. The forty of `weekly.xml` (among them
/// BYR, still quoted in 2026 beside BYN) join them when the weekly file
/// is wired as a dataset.
static CATALOGUE: [CurrencyCode; 5] = codes(["USD", "EUR", "CNY", "KZT", "RUB"]);

/// The National Bank of the Kyrgyz Republic's official rates against the som.
pub(super) struct Nbkr;

impl Source for Nbkr {
    fn id(&self) -> SourceId {
        ID
    }
    fn default_origin(&self) -> &'static str {
        "https://www.nbkr.kg"
    }
    fn origin_variable(&self) -> &'static str {
        "KURS_NBKR_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: NAME,
            text: "Official exchange rates of the som set by the National Bank of the Kyrgyz Republic (source: nbkr.kg).",
            terms_url: "https://www.nbkr.kg/index1.jsp?item=1562&lang=ENG",
        }
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    fn latest(&self) -> String {
        DAILY.to_owned()
    }
    fn for_date(&self, _date: NaiveDate, _today: NaiveDate) -> String {
        // No file for a past date: the newest answers only its own date.
        DAILY.to_owned()
    }
    fn catch_up(&self, _since: NaiveDate, _today: NaiveDate) -> Option<String> {
        None
    }
    fn full(&self) -> Option<String> {
        None
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse_nbkr_xml(body).map(|t| vec![t])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn requests_use_the_nbkr_daily_file() {
        let today = d("2026-05-24");
        assert_eq!(Nbkr.latest(), "/XML/daily.xml");
        assert_eq!(Nbkr.for_date(d("2026-05-20"), today), "/XML/daily.xml");
        assert_eq!(Nbkr.catch_up(d("2026-01-01"), today), None);
        assert_eq!(Nbkr.full(), None);
        assert!(Nbkr.fetched_by_date());
        assert_eq!(Nbkr.origin_variable(), "KURS_NBKR_URL");
        assert_eq!(Nbkr.default_origin(), "https://www.nbkr.kg");
        assert_eq!(WEEKLY, "/XML/weekly.xml");
    }

    #[test]
    fn the_facts_name_the_nbkr_its_som_and_its_daily_currencies() {
        assert_eq!(
            (ID.as_str(), ID.publisher(), ID.lead_days()),
            ("nbkr", NAME, 1)
        );
        assert_eq!(ID.base().as_str(), "KGS");
        assert_eq!(ID.first_date(), d("1999-01-01"));
        assert!(ID.may_publish("USD".parse().unwrap()));
        assert!(ID.may_publish("KGS".parse().unwrap()));
        assert!(!ID.may_publish("GBP".parse().unwrap()), "weekly only");
    }

    #[test]
    fn parse_gives_the_one_table_of_either_file() {
        let daily = Nbkr.parse(include_bytes!("fixtures/frankfurter_daily_2026-05-24.xml"));
        assert_eq!(daily.unwrap()[0].date(), d("2026-05-24"));
        let weekly = Nbkr.parse(include_bytes!("fixtures/frankfurter_weekly_2026-05-23.xml"));
        assert_eq!(weekly.unwrap()[0].date(), d("2026-05-23"));
    }
}
