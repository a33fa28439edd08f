//! The Bank of Russia: `XML_daily.asp`, date by date.

use chrono::NaiveDate;

use super::{Attribution, Source};
use crate::{parse_cbr_xml, ParseError, SourceId, Table};

/// The Bank of Russia's official rates against the ruble.
pub(super) struct Cbr;

impl Source for Cbr {
    fn id(&self) -> SourceId {
        SourceId::CBR
    }
    fn default_origin(&self) -> &'static str {
        "https://www.cbr.ru"
    }
    fn origin_variable(&self) -> &'static str {
        "KURS_CBR_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: "Bank of Russia",
            text: "Official exchange rates of foreign currencies against the ruble set by the Bank of Russia.",
            terms_url: "https://www.cbr.ru/eng/currency_base/daily/",
        }
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    fn latest(&self) -> String {
        "/scripts/XML_daily.asp".to_owned()
    }
    fn for_date(&self, date: NaiveDate, _today: NaiveDate) -> String {
        format!(
            "/scripts/XML_daily.asp?date_req={}",
            date.format("%d/%m/%Y")
        )
    }
    fn catch_up(&self, _since: NaiveDate, _today: NaiveDate) -> Option<String> {
        // Older tables are fetched on demand, date by date.
        None
    }
    fn full(&self) -> Option<String> {
        None
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse_cbr_xml(body).map(|t| vec![t])
    }
}
