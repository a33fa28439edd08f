//! The Bank of Israel (BOI): the representative rates of the shekel, from
//! its SDMX service as CSV, date range by date range.
//!
//! Everything kurs knows of the Bank of Israel is in this folder: the
//! [`Source`] (requests under `https://edge.boi.gov.il`), the parser
//! (`parse`), the calendar (`calendar`), the coverage facts below and the
//! real answer the tests read (`fixtures/`, see its `PROVENANCE.md`).
//!
//! The service answers the representative rates (`DATA_TYPE` `OF00`) of
//! every currency over a range of dates in one CSV, one line per currency
//! and day; the parser makes one table per date. The Central Bank of
//! Egypt, first proposed for this slot, serves its history only as an
//! Excel workbook behind a form POST that needs a per-session
//! anti-forgery token: see the report of issue 12.

mod calendar;
mod parse;

pub use parse::parse_boi_csv;

use std::sync::Arc;

use chrono::{Days, NaiveDate};

use super::{days_between, Attribution, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, SourceId, Table};

/// What kurs knows of the Bank of Israel without asking it. The first date
/// is the coverage Frankfurter's provider metadata gives for this service,
/// 1 January 2000.
static FACTS: Facts = Facts {
    id: "boi",
    name: NAME,
    base: CurrencyCode::new_static("ILS"),
    first: (2000, 1, 1),
    catalogue: Some(&CATALOGUE),
    schedule: calendar::SCHEDULE,
    source: || Arc::new(Boi),
};

/// The Bank of Israel.
pub const ID: SourceId = SourceId::new(&FACTS);

/// How the publisher is named in a sentence.
const NAME: &str = "Bank of Israel";
/// The exchange-rate dataflow of the SDMX service.
const EXR_PATH: &str = "/FusionEdgeServer/sdmx/v2/data/dataflow/BOI.STATISTICS/EXR/1.0/";
/// How many days before a date a by-date request starts: Rosh Hashanah
/// or the first days of Pesach or Sukkot next to a weekend leave up to
/// five days without rates; ten is a margin.
const LOOKBACK: u64 = 10;

/// The fourteen currencies of the recorded answer, every one (the Bank's
/// list of representative rates).
static CATALOGUE: [CurrencyCode; 14] = codes([
    "AUD", "CAD", "CHF", "DKK", "EGP", "EUR", "GBP", "JOD", "JPY", "LBP", "NOK", "SEK", "USD",
    "ZAR",
]);

/// The representative rates from `start` to `end`, both included (the
/// query in the order of the recorded request).
fn range(start: NaiveDate, end: NaiveDate) -> String {
    format!("{EXR_PATH}?c%5BDATA_TYPE%5D=OF00&endperiod={end}&format=csv&startperiod={start}")
}

/// The range of `LOOKBACK` days up to `date`.
fn up_to(date: NaiveDate) -> String {
    let start = date.checked_sub_days(Days::new(LOOKBACK)).unwrap_or(date);
    range(start, date)
}

/// The Bank of Israel's representative rates against the shekel.
pub(super) struct Boi;

impl Source for Boi {
    fn id(&self) -> SourceId {
        ID
    }
    fn default_origin(&self) -> &'static str {
        "https://edge.boi.gov.il"
    }
    fn origin_variable(&self) -> &'static str {
        "KURS_BOI_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: NAME,
            text: "Representative exchange rates of the shekel published by the Bank of Israel (source: boi.org.il).",
            terms_url: "https://www.boi.org.il/en/terms-of-use",
        }
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    /// The last days up to today. No "newest" request is recorded and the
    /// trait gives no date here, so this one request reads the system
    /// clock, as a date in Jerusalem; the other requests use the dates
    /// given.
    fn latest(&self) -> String {
        let now = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Jerusalem);
        up_to(now.date_naive())
    }
    fn for_date(&self, date: NaiveDate, _today: NaiveDate) -> String {
        up_to(date)
    }
    fn catch_up(&self, since: NaiveDate, today: NaiveDate) -> Option<String> {
        (days_between(since, today) > 1).then(|| range(since, today))
    }
    fn full(&self) -> Option<String> {
        // A quarter of a century of fourteen series: ranges instead
        // ([`Source::catch_up`] takes any span).
        None
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse_boi_csv(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const RECORDED: &str = "/FusionEdgeServer/sdmx/v2/data/dataflow/BOI.STATISTICS/EXR/1.0/?c%5BDATA_TYPE%5D=OF00&endperiod=2026-03-20&format=csv&startperiod=2026-03-01";

    #[test]
    fn requests_are_the_recorded_sdmx_query_over_a_range() {
        let today = d("2026-03-20");
        assert_eq!(
            Boi.catch_up(d("2026-03-01"), today).as_deref(),
            Some(RECORDED)
        );
        assert_eq!(Boi.catch_up(d("2026-03-19"), today), None);
        assert_eq!(
            Boi.for_date(d("2026-03-20"), today),
            RECORDED.replace("startperiod=2026-03-01", "startperiod=2026-03-10")
        );
        let latest = Boi.latest();
        assert!(
            latest.starts_with(&format!("{EXR_PATH}?c%5BDATA_TYPE%5D=OF00&endperiod=20")),
            "{latest}"
        );
        assert!(latest.contains("&format=csv&startperiod=20"), "{latest}");
        assert_eq!(Boi.full(), None);
        assert!(Boi.fetched_by_date());
        assert_eq!(Boi.origin_variable(), "KURS_BOI_URL");
        assert_eq!(Boi.default_origin(), "https://edge.boi.gov.il");
    }

    #[test]
    fn the_facts_name_the_bank_its_shekel_and_its_first_date() {
        assert_eq!(
            (ID.as_str(), ID.publisher(), ID.lead_days()),
            ("boi", NAME, 0)
        );
        assert_eq!(ID.base().as_str(), "ILS");
        assert_eq!(ID.first_date(), d("2000-01-01"));
        assert!(ID.may_publish("JOD".parse().unwrap()));
        assert!(ID.may_publish("ILS".parse().unwrap()));
        assert!(!ID.may_publish("CNY".parse().unwrap()));
    }

    #[test]
    fn parse_gives_a_table_per_date_of_the_range() {
        let body = include_bytes!("fixtures/frankfurter_exr_of00_2026-03-01_2026-03-20.csv");
        let tables = Boi.parse(body).unwrap();
        assert_eq!(tables.len(), 3);
        assert_eq!(tables[2].date(), d("2026-03-06"));
    }
}
