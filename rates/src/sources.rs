//! The registry of sources: what kurs needs to know to fetch each one.
//!
//! Each source is one implementation of [`Source`]; adding a source means
//! writing its parser and its `Source`, naming it in [`SourceId`], and
//! adding one line to [`registry`].

use std::sync::Arc;

use chrono::{Days, NaiveDate};

use crate::{
    parse_cbr_xml, parse_ecb_xml, parse_nbp_tables_json, ParseError, Schedule, SourceId, Table,
};

/// Who publishes a source's rates and on what terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Attribution {
    /// The publisher's name.
    pub publisher: &'static str,
    /// The text to show beside the rates.
    pub text: &'static str,
    /// Where the publisher states the terms of use.
    pub terms_url: &'static str,
}

/// What kurs needs to know of one publisher of official rates.
///
/// Requests are paths (with query) under the source's origin, the same
/// paths as upstream, so that tests can point the origin at a local stub.
pub trait Source: Send + Sync + 'static {
    /// The source's identifier.
    fn id(&self) -> SourceId;
    /// The default origin, e.g. `https://www.ecb.europa.eu`.
    fn default_origin(&self) -> &'static str;
    /// The environment variable that overrides the origin.
    fn origin_variable(&self) -> &'static str;
    /// Who publishes, and on what terms.
    fn attribution(&self) -> Attribution;
    /// When the source publishes.
    fn schedule(&self) -> Schedule {
        Schedule::of(self.id())
    }
    /// Whether kurs holds the whole history (false) or fetches it date by
    /// date, so that only known dates can be answered (true).
    fn fetched_by_date(&self) -> bool;
    /// The request for the newest table.
    fn latest(&self) -> String;
    /// The request whose answer includes the table in force on `date`.
    fn for_date(&self, date: NaiveDate, today: NaiveDate) -> String;
    /// The request that fills the gap after downtime, when the newest table
    /// held is dated `since`; `None` when [`Source::latest`] is enough.
    fn catch_up(&self, since: NaiveDate, today: NaiveDate) -> Option<String>;
    /// The request for the whole published history, if there is one.
    fn full(&self) -> Option<String>;
    /// Parses a response body into tables, all or nothing.
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError>;
}

/// Every source kurs knows, in the default order of preference.
pub fn registry() -> Vec<Arc<dyn Source>> {
    vec![Arc::new(Ecb), Arc::new(Cbr), Arc::new(Nbp)]
}

/// The European Central Bank's euro foreign exchange reference rates.
struct Ecb;

const ECB_DAILY: &str = "/stats/eurofxref/eurofxref-daily.xml";
const ECB_90D: &str = "/stats/eurofxref/eurofxref-hist-90d.xml";
const ECB_FULL: &str = "/stats/eurofxref/eurofxref-hist.xml";
/// The 90-day file covers a little under 90 calendar days back.
const ECB_90D_REACH: u64 = 85;

fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

impl Source for Ecb {
    fn id(&self) -> SourceId {
        SourceId::ECB
    }
    fn default_origin(&self) -> &'static str {
        "https://www.ecb.europa.eu"
    }
    fn origin_variable(&self) -> &'static str {
        "KURS_ECB_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: "European Central Bank",
            text: "Euro foreign exchange reference rates of the European Central Bank, published for information purposes only.",
            terms_url: "https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/html/index.en.html",
        }
    }
    fn fetched_by_date(&self) -> bool {
        false
    }
    fn latest(&self) -> String {
        ECB_DAILY.to_owned()
    }
    fn for_date(&self, date: NaiveDate, today: NaiveDate) -> String {
        if days_between(date, today) < ECB_90D_REACH as i64 {
            ECB_90D.to_owned()
        } else {
            ECB_FULL.to_owned()
        }
    }
    fn catch_up(&self, since: NaiveDate, today: NaiveDate) -> Option<String> {
        // One missed working day is what the daily file brings back.
        (days_between(since, today) > 4).then(|| self.for_date(since, today))
    }
    fn full(&self) -> Option<String> {
        Some(ECB_FULL.to_owned())
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        let text = std::str::from_utf8(body)
            .map_err(|e| ParseError::whole("ECB XML", format!("not UTF-8 text: {e}")))?;
        parse_ecb_xml(text)
    }
}

/// The Bank of Russia's official rates against the ruble.
struct Cbr;

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

/// The National Bank of Poland's average rates, table A.
struct Nbp;

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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_registry_names_every_source_once_in_preference_order() {
        let ids: Vec<SourceId> = registry().iter().map(|s| s.id()).collect();
        assert_eq!(ids, SourceId::ALL.to_vec());
    }

    #[test]
    fn requests_use_the_upstream_paths() {
        let [ecb, cbr, nbp]: [Arc<dyn Source>; 3] = registry().try_into().ok().unwrap();
        let today = d("2026-11-29");
        assert_eq!(ecb.for_date(d("2026-11-02"), today), ECB_90D);
        assert_eq!(ecb.for_date(d("2011-11-18"), today), ECB_FULL);
        assert_eq!(
            cbr.for_date(d("2025-12-14"), today),
            "/scripts/XML_daily.asp?date_req=14/12/2025"
        );
        assert_eq!(
            nbp.for_date(d("2026-11-02"), today),
            "/api/exchangerates/tables/A/2026-10-23/2026-11-02/?format=json"
        );
        assert_eq!(ecb.catch_up(d("2026-11-26"), today), None);
        assert_eq!(
            ecb.catch_up(d("2026-10-30"), today).as_deref(),
            Some(ECB_90D)
        );
        assert_eq!(cbr.catch_up(d("2026-01-01"), today), None);
    }
}
