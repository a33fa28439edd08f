//! The registry of sources: one folder per bank, and one line each in
//! [`REGISTRY`].
//!
//! Everything about a bank lives in its folder, `sources/<bank>/`:
//!
//! * `mod.rs`: its facts (id, name, base currency, first date, catalogue,
//!   schedule), the `pub const ID: SourceId` pointing at them, and its
//!   [`Source`] (origin, paths, attribution, which parser);
//! * `parse.rs` (or `parse/`): the parser of its published format;
//! * `calendar.rs`: its publication time, time zone, dating rule and
//!   working-day calendar, as a [`Schedule`];
//! * `fixtures/`: real files it published, with their `PROVENANCE.md`,
//!   read by its tests and by the stub bank of the integration tests.
//!
//! # Adding a bank
//!
//! 1. Copy the folder of the bank closest in kind (`ecb` for a bank whose
//!    whole history kurs holds, `cbr` or `nbp` for one fetched date by
//!    date) to `sources/<bank>/` and fill in its facts, requests, parser,
//!    calendar and fixtures.
//! 2. Add `mod <bank>;` below and its `<bank>::ID` to [`REGISTRY`], where
//!    its place is its rank in the default order of preference.
//!
//! Nothing else lists the banks: [`SourceId::all`], [`SourceId::parse`],
//! [`SourceId::issuer_of`] and [`registry`] all read [`REGISTRY`], and
//! every [`Schedule`] comes from the bank's own facts.

pub(crate) mod bnr;
pub(crate) mod boc;
pub(crate) mod boe;
pub(crate) mod boi;
pub(crate) mod cba;
pub(crate) mod cbr;
pub(crate) mod cbu;
pub(crate) mod cnb;
pub(crate) mod dnb;
pub(crate) mod ecb;
pub(crate) mod hnb;
pub(crate) mod mnb;
pub(crate) mod nb;
pub(crate) mod nbg;
pub(crate) mod nbk;
pub(crate) mod nbkr;
pub(crate) mod nbm;
pub(crate) mod nbp;
pub(crate) mod nbrb;
pub(crate) mod nbt;
pub(crate) mod nbu;
pub(crate) mod rb;
pub(crate) mod rba;
#[cfg(test)]
mod testing;
mod text;

use std::sync::Arc;

use chrono::NaiveDate;

use crate::{CurrencyCode, ParseError, Post, Quote, Schedule, SourceId, Table};

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
/// They are GETs, unless [`Source::post`] says a path stands for a POST.
pub trait Source: Send + Sync + 'static {
    /// The source's identifier.
    fn id(&self) -> SourceId;
    /// The default origin, e.g. `https://www.ecb.europa.eu`.
    fn default_origin(&self) -> &'static str;
    /// The environment variable that overrides the origin.
    fn origin_variable(&self) -> &'static str;
    /// Who publishes, and on what terms.
    fn attribution(&self) -> Attribution;
    /// When the source publishes: the schedule among its facts.
    fn schedule(&self) -> Schedule {
        self.id().schedule()
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
    /// How `kurs sync --full` fetches the whole published history up to
    /// `today` (UTC): by default the one request of [`Source::full`]; a
    /// bank that serves ranges or per-currency series says how to cover
    /// its history with several. `None`: nothing beyond catching up.
    fn full_plan(&self, today: NaiveDate) -> Option<FullPlan> {
        let _ = today;
        self.full().map(FullPlan::Whole)
    }
    /// The POST that a request of this source stands for, when its service
    /// takes calls in a request body (the MNB's SOAP service); `None`, the
    /// default, to GET `path`. A POST is never conditional: no validators
    /// are sent or kept for it.
    fn post(&self, path: &str) -> Option<Post> {
        let _ = path;
        None
    }
    /// Parses a response body into tables, all or nothing.
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError>;
    /// The currency the source's table of `date` is priced in: its base,
    /// or before a redenomination the currency it replaced (the Bank of
    /// Russia's tables before 1998 are in RUR).
    fn base_on(&self, _date: NaiveDate) -> CurrencyCode {
        self.id().base()
    }
}

/// How a source's whole published history is fetched: see
/// [`Source::full_plan`]. The requests go one after the other.
pub enum FullPlan {
    /// One request answers every table (the ECB's history file, the Bank
    /// of Canada's group), parsed with [`Source::parse`].
    Whole(String),
    /// Requests for consecutive ranges of dates, oldest first, each
    /// answered with every table of its range ([`Source::parse`]). Each
    /// answer is applied as it comes, so a sync cut short keeps what it
    /// got, and a range whose every date is already answered is skipped.
    Ranges(Vec<DateRange>),
    /// One series per currency over a span of dates (the Bank of Russia's
    /// `XML_dynamic.asp`): the series are assembled into one table per
    /// date, holding every currency recorded that date.
    Series(Box<dyn SeriesPlan>),
}

/// One request of a [`FullPlan::Ranges`]: every table from `start` to
/// `end`, both included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateRange {
    /// The path (with query) under the source's origin.
    pub path: String,
    /// The first date the answer covers.
    pub start: NaiveDate,
    /// The last date the answer covers.
    pub end: NaiveDate,
}

/// One currency of a [`FullPlan::Series`]: the key the bank asks it by,
/// and its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesId {
    /// The bank's own key for the series (the Bank of Russia's `R01235`).
    pub key: String,
    /// The currency the series prices.
    pub code: CurrencyCode,
}

/// A full history fetched as one series per currency: index requests
/// name the series, then one request per series covers the whole span.
pub trait SeriesPlan: Send + Sync {
    /// The first date of the span.
    fn start(&self) -> NaiveDate;
    /// The last date of the span.
    fn end(&self) -> NaiveDate;
    /// The requests whose answers list the series ([`SeriesPlan::series`])
    /// in force from `start` to the end of the span, each with the date it
    /// asks about, oldest first: samples spread over the span (one at
    /// `start`, one a year, the newest), so that a currency the bank
    /// quoted then and no longer quotes is asked too, and no table is
    /// assembled without it. The series asked are those of every sample;
    /// samples the bank cannot answer before the first it can (dates
    /// before its first table) move the span's start to that first one.
    fn indexes(&self, start: NaiveDate) -> Vec<(NaiveDate, String)>;
    /// The series the index answer lists.
    fn series(&self, index: &[u8]) -> Result<Vec<SeriesId>, ParseError>;
    /// The request for one series from `start` to `end` (the whole span,
    /// or its part not held yet).
    fn request(&self, series: &SeriesId, start: NaiveDate, end: NaiveDate) -> String;
    /// Parses the answer for one series into its quotes, by date.
    fn parse(&self, series: &SeriesId, body: &[u8]) -> Result<Vec<(NaiveDate, Quote)>, ParseError>;
}

/// Every bank kurs knows, in the default order of preference: one line
/// per bank. This is the only list of the sources.
pub(crate) const REGISTRY: &[SourceId] = &[
    ecb::ID,   // European Central Bank
    cbr::ID,   // Bank of Russia
    nbp::ID,   // Narodowy Bank Polski
    nbp::ID_B, // Narodowy Bank Polski, table B
    cnb::ID,   // Czech National Bank
    boc::ID,   // Bank of Canada
    rba::ID,   // Reserve Bank of Australia
    nb::ID,    // Norges Bank
    rb::ID,    // Sveriges Riksbank
    dnb::ID,   // Danmarks Nationalbank
    boe::ID,   // Bank of England
    bnr::ID,   // National Bank of Romania
    hnb::ID,   // Croatian National Bank
    nbu::ID,   // National Bank of Ukraine
    nbrb::ID,  // National Bank of the Republic of Belarus
    nbk::ID,   // National Bank of Kazakhstan
    cbu::ID,   // Central Bank of Uzbekistan
    nbg::ID,   // National Bank of Georgia
    cba::ID,   // Central Bank of Armenia
    nbkr::ID,  // National Bank of the Kyrgyz Republic
    nbm::ID,   // National Bank of Moldova
    nbt::ID,   // National Bank of Tajikistan
    boi::ID,   // Bank of Israel
    mnb::ID,   // Magyar Nemzeti Bank
];

/// How to fetch every source kurs knows, in the default order of
/// preference ([`SourceId::all`]).
pub fn registry() -> Vec<Arc<dyn Source>> {
    REGISTRY.iter().map(SourceId::source).collect()
}

/// Whole days from `from` to `to`.
fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

#[cfg(test)]
mod tests {
    use super::ecb::{ECB_90D, ECB_FULL};
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_registry_names_every_source_once_in_preference_order() {
        let ids: Vec<SourceId> = registry().iter().map(|s| s.id()).collect();
        assert_eq!(ids, SourceId::all());
    }

    #[test]
    fn publishers_are_named_in_a_sentence_with_an_article_where_english_takes_one() {
        assert_eq!(cbr::ID.in_sentence(), "the Bank of Russia");
        assert_eq!(nbu::ID.in_sentence(), "the National Bank of Ukraine");
        assert_eq!(nb::ID.in_sentence(), "Norges Bank");
        assert_eq!(dnb::ID.in_sentence(), "Danmarks Nationalbank");
    }

    #[test]
    fn requests_use_the_upstream_paths() {
        let [ecb, cbr, nbp] = [ecb::ID, cbr::ID, nbp::ID].map(|id| id.source());
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
