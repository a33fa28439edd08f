//! The Bank of Russia: `XML_daily.asp`, date by date.
//!
//! Everything kurs knows of the Bank of Russia is in this folder: its facts
//! ([`ID`], with the catalogue of every currency it has quoted), how to
//! fetch it ([`Cbr`]), its parser (`parse`), its publication schedule and
//! Russian calendar (`calendar`), and the real files its tests read
//! (`fixtures/`).

mod calendar;
mod parse;

use std::sync::Arc;

use chrono::NaiveDate;

pub use parse::parse_cbr_xml;

use super::{Attribution, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, SourceId, Table};

/// What kurs knows of the Bank of Russia without asking it. Its daily rates
/// of `XML_daily.asp` start on 1992-07-01.
static FACTS: Facts = Facts {
    id: "cbr",
    name: "Bank of Russia",
    base: CurrencyCode::new_static("RUB"),
    first: (1992, 7, 1),
    catalogue: Some(&CATALOGUE),
    schedule: calendar::SCHEDULE,
    source: || Arc::new(Cbr),
};

/// The Bank of Russia.
pub const ID: SourceId = SourceId::new(&FACTS);

/// The Bank of Russia's daily table since 1992: today's 50-odd codes
/// (the 2025-12-13 file) and those of earlier years (the 2016 files,
/// the euro-area legacy currencies and the CIS codes of the 1990s).
static CATALOGUE: [CurrencyCode; 82] = codes([
    "AED", "AMD", "ATS", "AUD", "AZM", "AZN", "BDT", "BEF", "BGL", "BGN", "BHD", "BOB", "BRL",
    "BYB", "BYN", "BYR", "CAD", "CHF", "CNY", "CUP", "CZK", "DEM", "DKK", "DZD", "EEK", "EGP",
    "ESP", "ETB", "EUR", "FIM", "FRF", "GBP", "GEL", "GRD", "HKD", "HUF", "IDR", "IEP", "ILS",
    "INR", "IRR", "ISK", "ITL", "JPY", "KGS", "KRW", "KWD", "KZT", "LTL", "LVL", "MDL", "MMK",
    "MNT", "NGN", "NLG", "NOK", "NZD", "OMR", "PLN", "PTE", "QAR", "RON", "RSD", "SAR", "SEK",
    "SGD", "TJR", "TJS", "THB", "TMM", "TMT", "TRL", "TRY", "UAH", "UAK", "USD", "UZS", "VND",
    "XDR", "XEU", "YUN", "ZAR",
]);

/// The Bank of Russia's official rates against the ruble.
pub(super) struct Cbr;

impl Source for Cbr {
    fn id(&self) -> SourceId {
        ID
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
