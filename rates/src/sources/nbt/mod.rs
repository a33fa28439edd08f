//! The National Bank of Tajikistan (NBT): the official rates of the somoni
//! from its XML export, date by date.
//!
//! Everything kurs knows of the NBT is in this folder: the [`Source`]
//! (requests under `https://www.nbt.tj`), the parser (`parse`), the Tajik
//! working-day calendar (`calendar`), the coverage facts below and the real
//! answers the tests read (`fixtures/`, see its `PROVENANCE.md`).
//!
//! The export answers one table per request, for the date in its query,
//! dated by the root's `Date`. It offers no ranges and no "newest" request
//! that the recordings show, so the newest table is asked for by today's
//! date in Dushanbe, and older tables one date at a time, on demand.

mod calendar;
mod parse;

pub use parse::parse_nbt_xml;

use std::sync::Arc;

use chrono::NaiveDate;

use super::{Attribution, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, SourceId, Table};

/// What kurs knows of the NBT without asking it. The first date is the
/// coverage Frankfurter's provider metadata gives for this export,
/// 1 January 2001, two months after the somoni replaced the Tajik ruble.
static FACTS: Facts = Facts {
    id: "nbt",
    name: NAME,
    base: CurrencyCode::new_static("TJS"),
    first: (2001, 1, 1),
    catalogue: Some(&CATALOGUE),
    schedule: calendar::SCHEDULE,
    source: || Arc::new(Nbt),
};

/// The National Bank of Tajikistan.
pub const ID: SourceId = SourceId::new(&FACTS);

/// How the publisher is named in a sentence.
const NAME: &str = "National Bank of Tajikistan";
/// The XML export; `?date=YYYY-MM-DD&export=xmlout` asks for a date.
const EXPORT: &str = "/en/kurs/export_xml.php";

/// Every currency the NBT may have quoted since 2001: the 36 codes of the
/// recorded answers of May 2026 (every one), and the predecessors of three
/// of them before their redenominations (AZM, BYR, TMM). A listed code a
/// day's table lacks costs one request; a missing one would send TJS pairs
/// elsewhere.
static CATALOGUE: [CurrencyCode; 39] = codes([
    "AED", "AFN", "AMD", "AUD", "AZM", "AZN", "BYN", "BYR", "CAD", "CHF", "CNY", "DKK", "EUR",
    "GBP", "GEL", "INR", "IRR", "ISK", "JPY", "KGS", "KRW", "KWD", "KZT", "MDL", "MYR", "NOK",
    "PKR", "PLN", "RUB", "SAR", "SEK", "SGD", "THB", "TMM", "TMT", "TRY", "UAH", "USD", "UZS",
]);

/// The request for the table of `date`.
fn export(date: NaiveDate) -> String {
    format!("{EXPORT}?date={}&export=xmlout", date.format("%Y-%m-%d"))
}

/// The National Bank of Tajikistan's official rates against the somoni.
pub(super) struct Nbt;

impl Source for Nbt {
    fn id(&self) -> SourceId {
        ID
    }
    fn default_origin(&self) -> &'static str {
        "https://www.nbt.tj"
    }
    fn origin_variable(&self) -> &'static str {
        "KURS_NBT_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: NAME,
            text: "Official exchange rates of the somoni set by the National Bank of Tajikistan (source: nbt.tj).",
            terms_url: "https://www.nbt.tj/en/kurs/",
        }
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    /// Today's table. The export has no recorded "newest" request and the
    /// trait gives no date here, so this one request reads the system
    /// clock, as a date in Dushanbe; [`Source::for_date`] uses the date
    /// given.
    fn latest(&self) -> String {
        let now = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Dushanbe);
        export(now.date_naive())
    }
    fn for_date(&self, date: NaiveDate, _today: NaiveDate) -> String {
        export(date)
    }
    fn catch_up(&self, _since: NaiveDate, _today: NaiveDate) -> Option<String> {
        // No ranges: older tables are fetched date by date.
        None
    }
    fn full(&self) -> Option<String> {
        None
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse_nbt_xml(body).map(|t| vec![t])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn requests_use_the_nbt_export_by_date() {
        let today = d("2026-05-22");
        assert_eq!(
            Nbt.for_date(d("2026-05-18"), today),
            "/en/kurs/export_xml.php?date=2026-05-18&export=xmlout"
        );
        let latest = Nbt.latest();
        assert!(
            latest.starts_with("/en/kurs/export_xml.php?date=20"),
            "{latest}"
        );
        assert!(latest.ends_with("&export=xmlout"), "{latest}");
        assert_eq!(Nbt.catch_up(d("2026-01-01"), today), None);
        assert_eq!(Nbt.full(), None);
        assert!(Nbt.fetched_by_date());
        assert_eq!(Nbt.origin_variable(), "KURS_NBT_URL");
        assert_eq!(Nbt.default_origin(), "https://www.nbt.tj");
    }

    #[test]
    fn the_facts_name_the_nbt_its_somoni_and_its_first_date() {
        assert_eq!(
            (ID.as_str(), ID.publisher(), ID.lead_days()),
            ("nbt", NAME, 0)
        );
        assert_eq!(ID.base().as_str(), "TJS");
        assert_eq!(ID.first_date(), d("2001-01-01"));
        assert!(ID.may_publish("UZS".parse().unwrap()));
        assert!(ID.may_publish("TJS".parse().unwrap()));
        assert!(!ID.may_publish("XAU".parse().unwrap()));
        let mut sorted = CATALOGUE.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, CATALOGUE.to_vec(), "sorted, each once");
    }

    #[test]
    fn parse_gives_the_one_table_of_the_requested_date() {
        let body = include_bytes!("fixtures/frankfurter_export_2026-05-19.xml");
        let tables = Nbt.parse(body).unwrap();
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].date(), d("2026-05-19"));
    }
}
