//! The European Central Bank: euro foreign exchange reference rates, the
//! `eurofxref` files under its origin.
//!
//! Everything kurs knows of the ECB is in this folder: its facts ([`ID`]),
//! how to fetch it ([`Ecb`]), its parsers (`parse`), its publication
//! schedule and TARGET2 calendar (`calendar`), and the real files its
//! tests read (`fixtures/`).

mod calendar;
mod parse;

use std::sync::Arc;

use chrono::NaiveDate;

pub use parse::{parse_ecb_csv, parse_ecb_xml};

use super::{days_between, Attribution, Source};
use crate::source::Facts;
use crate::{CurrencyCode, ParseError, SourceId, Table};

/// What kurs knows of the ECB without asking it. kurs holds its whole
/// history (from the first euro day, 1999-01-04), so it has no catalogue:
/// its tables say what it published.
static FACTS: Facts = Facts {
    id: "ecb",
    name: "ECB",
    base: CurrencyCode::new_static("EUR"),
    first: (1999, 1, 4),
    catalogue: None,
    schedule: calendar::SCHEDULE,
    source: || Arc::new(Ecb),
};

/// The European Central Bank.
pub const ID: SourceId = SourceId::new(&FACTS);

/// The European Central Bank's euro foreign exchange reference rates.
pub(super) struct Ecb;

pub(super) const ECB_DAILY: &str = "/stats/eurofxref/eurofxref-daily.xml";
pub(super) const ECB_90D: &str = "/stats/eurofxref/eurofxref-hist-90d.xml";
pub(super) const ECB_FULL: &str = "/stats/eurofxref/eurofxref-hist.xml";
/// The 90-day file covers a little under 90 calendar days back.
pub(super) const ECB_90D_REACH: u64 = 85;

impl Source for Ecb {
    fn id(&self) -> SourceId {
        ID
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
