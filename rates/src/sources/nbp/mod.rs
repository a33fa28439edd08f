//! The National Bank of Poland: tables A and B of its JSON API, date by
//! date, as two sources (`nbp` and `nbp.b`) on one host.
//!
//! Everything kurs knows of the NBP is in this folder: the facts of table A
//! ([`ID`], with the catalogue of every currency table A has quoted) and
//! how to fetch it ([`Nbp`]) here, those of the weekly table B in
//! `table_b` ([`ID_B`]), the parser both share (`parse`), their
//! publication schedules and the Polish calendar (`calendar`), and the real
//! files the tests read (`fixtures/`).

mod calendar;
mod parse;
mod table_b;

use std::sync::Arc;

use chrono::{Days, NaiveDate};

pub use parse::parse_nbp_tables_json;
pub use table_b::ID_B;

use parse::Letter;

use super::{days_between, Attribution, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, SourceId, Table};

/// What kurs knows of the NBP without asking it. Its API serves table A
/// from 2002-01-02.
static FACTS: Facts = Facts {
    id: "nbp",
    name: "NBP",
    base: CurrencyCode::new_static("PLN"),
    first: (2002, 1, 2),
    catalogue: Some(&CATALOGUE),
    schedule: calendar::SCHEDULE,
    source: || Arc::new(Nbp),
};

/// Narodowy Bank Polski.
pub const ID: SourceId = SourceId::new(&FACTS);

/// The NBP's table A since 2002: today's codes (the 2020-12-07 file)
/// and earlier ones (RUB until 2022, the currencies the euro replaced).
static CATALOGUE: [CurrencyCode; 46] = codes([
    "AUD", "BGN", "BRL", "CAD", "CHF", "CLP", "CNY", "CYP", "CZK", "DKK", "EEK", "EUR", "GBP",
    "HKD", "HRK", "HUF", "IDR", "ILS", "INR", "ISK", "JPY", "KRW", "LTL", "LVL", "MTL", "MXN",
    "MYR", "NOK", "NZD", "PHP", "RON", "ROL", "RUB", "SEK", "SGD", "SIT", "SKK", "THB", "TRY",
    "UAH", "USD", "XDR", "ZAR", "GRD", "ESP", "PTE",
]);

/// The National Bank of Poland's average rates, table A.
pub(super) struct Nbp;

/// The NBP answers ranges of at most 93 days.
const NBP_MAX_RANGE: u64 = 92;
/// How far back a date request looks for the table in force (holidays
/// around Easter and Christmas leave gaps of several days).
const NBP_LOOKBACK: u64 = 10;

/// The request for every table of `letter` dated `start` to `end`.
fn nbp_range(letter: Letter, start: NaiveDate, end: NaiveDate) -> String {
    let letter = letter.as_str();
    format!("/api/exchangerates/tables/{letter}/{start}/{end}/?format=json")
}

/// The request for the table of `letter` in force on `date`: every table
/// of the `lookback` days up to it (the newest is the one in force).
fn nbp_for_date(letter: Letter, date: NaiveDate, lookback: u64) -> String {
    let start = date.checked_sub_days(Days::new(lookback)).unwrap_or(date);
    nbp_range(letter, start, date)
}

/// The request for the tables of `letter` after `since`, the newest held,
/// when more than `gap` days have passed (else the latest table is enough);
/// at most the [`NBP_MAX_RANGE`] days the NBP answers.
fn nbp_catch_up(letter: Letter, since: NaiveDate, today: NaiveDate, gap: i64) -> Option<String> {
    let floor = today
        .checked_sub_days(Days::new(NBP_MAX_RANGE))
        .unwrap_or(today);
    (days_between(since, today) > gap).then(|| nbp_range(letter, since.max(floor), today))
}

impl Source for Nbp {
    fn id(&self) -> SourceId {
        ID
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
        nbp_for_date(Letter::A, date, NBP_LOOKBACK)
    }
    fn catch_up(&self, since: NaiveDate, today: NaiveDate) -> Option<String> {
        nbp_catch_up(Letter::A, since, today, 4)
    }
    fn full(&self) -> Option<String> {
        None
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse_body(body, Letter::A)
    }
}

/// Parses a response body holding tables of `letter`: JSON in UTF-8.
fn parse_body(body: &[u8], letter: Letter) -> Result<Vec<Table>, ParseError> {
    let text = std::str::from_utf8(body)
        .map_err(|e| ParseError::whole("NBP JSON", format!("not UTF-8 text: {e}")))?;
    parse::parse_tables(text, letter)
}
