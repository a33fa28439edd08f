//! The National Bank of Poland: table A of its JSON API, date by date.

use chrono::{Days, NaiveDate};

use super::{days_between, Attribution, Source};
use crate::{parse_nbp_tables_json, ParseError, SourceId, Table};

/// The National Bank of Poland's average rates, table A.
pub(super) struct Nbp;

/// The NBP answers ranges of at most 93 days.
const NBP_MAX_RANGE: u64 = 92;
/// How far back a date request looks for the table in force (holidays
/// around Easter and Christmas leave gaps of several days).
const NBP_LOOKBACK: u64 = 10;

fn nbp_range(start: NaiveDate, end: NaiveDate) -> String {
    format!("/api/exchangerates/tables/A/{start}/{end}/?format=json")
}

impl Source for Nbp {
    fn id(&self) -> SourceId {
        SourceId::NBP
    }
    fn default_origin(&self) -> &'static str {
        "https://api.nbp.pl"
    }
    fn origin_variable(&self) -> &'static str {
        "KURS_NBP_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: "Narodowy Bank Polski",
            text: "Average exchange rates of foreign currencies (table A) of Narodowy Bank Polski.",
            terms_url: "https://api.nbp.pl/en.html",
        }
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    fn latest(&self) -> String {
        "/api/exchangerates/tables/A/?format=json".to_owned()
    }
    fn for_date(&self, date: NaiveDate, _today: NaiveDate) -> String {
        let start = date
            .checked_sub_days(Days::new(NBP_LOOKBACK))
            .unwrap_or(date);
        nbp_range(start, date)
    }
    fn catch_up(&self, since: NaiveDate, today: NaiveDate) -> Option<String> {
        let floor = today
            .checked_sub_days(Days::new(NBP_MAX_RANGE))
            .unwrap_or(today);
        (days_between(since, today) > 4).then(|| nbp_range(since.max(floor), today))
    }
    fn full(&self) -> Option<String> {
        None
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        let text = std::str::from_utf8(body)
            .map_err(|e| ParseError::whole("NBP JSON", format!("not UTF-8 text: {e}")))?;
        parse_nbp_tables_json(text)
    }
}
