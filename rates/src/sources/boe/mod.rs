//! The Bank of England: its daily spot rates against sterling, from its
//! Statistical Interactive Database, date range by date range.
//!
//! Everything kurs knows of the Bank of England is in this folder: the
//! [`Source`] (requests under `https://www.bankofengland.co.uk`), the
//! parser (`parse`, with the series codes kurs asks for and the currency
//! of each), the English working-day calendar (`calendar`), the coverage
//! facts below and the real answer the tests read (`fixtures/`, see its
//! `PROVENANCE.md`).
//!
//! The database answers a list of series over a range of dates in one CSV,
//! one row per day the Bank recorded rates. The rates are those of the
//! London market at 16:00, as units of each currency per pound (the ECB's
//! way round), with four or five significant figures.

mod calendar;
mod parse;

pub(crate) use parse::parse_boe_csv;

use std::sync::Arc;

use chrono::{Days, NaiveDate};

use super::{Attribution, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, SourceId, Table};

/// What kurs knows of the Bank of England without asking it. Its spot
/// series go back to the 1970s for the major currencies, but not all 26
/// series kurs asks for do: kurs starts, as Frankfurter does, with the
/// first working day of 2000 (3 January was a bank holiday, standing in
/// for New Year's Day), after the euro's first year.
static FACTS: Facts = Facts {
    id: "boe",
    name: NAME,
    base: CurrencyCode::new_static("GBP"),
    first: (2000, 1, 4),
    catalogue: Some(&CATALOGUE),
    schedule: calendar::SCHEDULE,
    source: || Arc::new(Boe),
};

/// The Bank of England.
pub const ID: SourceId = SourceId::new(&FACTS);

/// How the publisher is named in a sentence.
const NAME: &str = "Bank of England";
/// The database's answer of a list of series over a range of dates.
const PATH: &str = "/boeapps/database/_iadb-fromshowcolumns.asp";
/// How many days before a date a by-date request starts: the longest run
/// without a rate (Christmas to the New Year) is five days.
const LOOKBACK: u64 = 7;

/// The currency of each series kurs asks for (`parse::SERIES`; a test holds
/// the two lists together). The Bank has published other spot series
/// (the euro-area legacy currencies before 1999, the rouble until 2022,
/// the currencies of the states that joined the euro later), but kurs does
/// not ask for series whose codes are not in a recorded answer.
static CATALOGUE: [CurrencyCode; 26] = codes([
    "AUD", "CAD", "CHF", "CNY", "CZK", "DKK", "EUR", "HKD", "HUF", "ILS", "INR", "JPY", "KRW",
    "MYR", "NOK", "NZD", "PLN", "RON", "SAR", "SEK", "SGD", "THB", "TRY", "TWD", "USD", "ZAR",
]);

/// The request for every series of `parse::SERIES` from `from` to `to`
/// (`Dateto=now` is the database's word for today), in the order of the
/// recorded request.
fn range(from: NaiveDate, to: &str) -> String {
    let series: Vec<&str> = parse::SERIES.iter().map(|(s, _)| *s).collect();
    format!(
        "{PATH}?CSVF=TN&Datefrom={}&Dateto={to}&SeriesCodes={}&UsingCodes=Y&csv.x=yes",
        boe_date(from),
        series.join(",")
    )
}

/// A date as the database writes it in requests, `17/Mar/2026`.
fn boe_date(date: NaiveDate) -> String {
    date.format("%d/%b/%Y").to_string()
}

/// The Bank of England's daily spot rates against sterling.
pub(super) struct Boe;

impl Source for Boe {
    fn id(&self) -> SourceId {
        ID
    }
    fn default_origin(&self) -> &'static str {
        "https://www.bankofengland.co.uk"
    }
    fn origin_variable(&self) -> &'static str {
        "KURS_BOE_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: NAME,
            text: "Daily spot exchange rates against sterling, from the Bank of England's Statistical Interactive Database (source: Bank of England).",
            terms_url: "https://www.bankofengland.co.uk/legal",
        }
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    /// The last week up to today. The database has no "newest" request and
    /// the trait gives no date here, so this one request reads the system
    /// clock (a week's margin absorbs any time-zone or clock difference);
    /// [`Source::catch_up`] and [`Source::for_date`] use the dates given.
    fn latest(&self) -> String {
        let today = chrono::Utc::now().date_naive();
        let from = today.checked_sub_days(Days::new(LOOKBACK)).unwrap_or(today);
        range(from, "now")
    }
    fn for_date(&self, date: NaiveDate, _today: NaiveDate) -> String {
        let from = date.checked_sub_days(Days::new(LOOKBACK)).unwrap_or(date);
        range(from, &boe_date(date))
    }
    fn catch_up(&self, since: NaiveDate, today: NaiveDate) -> Option<String> {
        // One request for every day since, however long the gap.
        (since < today).then(|| range(since, &boe_date(today)))
    }
    fn full(&self) -> Option<String> {
        Some(range(ID.first_date(), "now"))
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse_boe_csv(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone, Utc};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// The series list of the recorded request, as it was sent.
    const RECORDED_SERIES: &str = "XUDLUSS,XUDLERS,XUDLJYS,XUDLCDS,XUDLSFS,XUDLADS,XUDLNDS,XUDLNKS,XUDLSKS,XUDLDKS,XUDLHDS,XUDLSGS,XUDLSRS,XUDLZRS,XUDLTWS,XUDLBK25,XUDLBK33,XUDLBK47,XUDLBK78,XUDLBK83,XUDLBK87,XUDLBK89,XUDLBK93,XUDLBK95,XUDLBK97,XUDLZOS4";

    #[test]
    fn requests_are_the_recorded_database_query_over_a_range() {
        let today = d("2026-03-31");
        let recorded = format!("{PATH}?CSVF=TN&Datefrom=17/Mar/2026&Dateto=20/Mar/2026&SeriesCodes={RECORDED_SERIES}&UsingCodes=Y&csv.x=yes");
        assert_eq!(
            Boe.catch_up(d("2026-03-17"), d("2026-03-20")),
            Some(recorded)
        );
        assert_eq!(
            Boe.for_date(d("2026-03-20"), today),
            format!("{PATH}?CSVF=TN&Datefrom=13/Mar/2026&Dateto=20/Mar/2026&SeriesCodes={RECORDED_SERIES}&UsingCodes=Y&csv.x=yes")
        );
        assert_eq!(Boe.catch_up(today, today), None);
        let full = Boe.full().unwrap();
        assert!(full.contains("Datefrom=04/Jan/2000&Dateto=now&"), "{full}");
        let latest = Boe.latest();
        assert!(
            latest.starts_with(&format!("{PATH}?CSVF=TN&Datefrom=")),
            "{latest}"
        );
        assert!(
            latest.contains("&Dateto=now&SeriesCodes=XUDLUSS,"),
            "{latest}"
        );
        assert!(Boe.fetched_by_date());
        assert_eq!(Boe.origin_variable(), "KURS_BOE_URL");
    }

    #[test]
    fn the_facts_name_the_bank_its_pound_and_its_first_date() {
        assert_eq!(
            (ID.as_str(), ID.publisher(), ID.lead_days()),
            ("boe", NAME, 0)
        );
        assert_eq!(ID.base().as_str(), "GBP");
        assert_eq!(ID.first_date(), d("2000-01-04"));
        assert!(ID.may_publish("TWD".parse().unwrap()));
        assert!(!ID.may_publish("UAH".parse().unwrap()));
        let listed: Vec<&str> = CATALOGUE.iter().map(CurrencyCode::as_str).collect();
        let mut mapped: Vec<&str> = parse::SERIES.iter().map(|(_, c)| *c).collect();
        mapped.sort_unstable();
        assert_eq!(listed, mapped, "one series per currency of the catalogue");
    }

    #[test]
    fn the_spot_rates_are_expected_at_half_past_four_in_london() {
        let boe = ID.schedule();
        let winter = boe.publication_of(d("2026-03-20"));
        assert_eq!(
            winter,
            Utc.with_ymd_and_hms(2026, 3, 20, 16, 30, 0).single()
        );
        let summer = boe.publication_of(d("2026-07-07"));
        assert_eq!(summer, Utc.with_ymd_and_hms(2026, 7, 7, 15, 30, 0).single());
        assert_eq!(
            boe.publication_of(d("2026-08-31")),
            None,
            "summer bank holiday"
        );
        assert_eq!(boe.publication_of(d("2026-03-21")), None, "Saturday");
    }

    #[test]
    fn over_easter_the_thursday_rates_are_the_newest_expected() {
        let boe = ID.schedule();
        let monday = Utc.with_ymd_and_hms(2026, 4, 6, 18, 0, 0).unwrap();
        assert_eq!(
            boe.expected_latest(monday, TimeDelta::zero()),
            Some(d("2026-04-02"))
        );
    }
}
