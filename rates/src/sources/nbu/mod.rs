//! The National Bank of Ukraine (NBU): the official rates of the hryvnia,
//! date by date and by date range.
//!
//! Everything kurs knows of the NBU is in this folder: the [`Source`]
//! (requests under `https://bank.gov.ua`), the parser (`parse`), the
//! Ukrainian calendar (`calendar`), the coverage facts below and the real
//! answers the tests read (`fixtures/`, see its `PROVENANCE.md`).
//!
//! The NBU sets on each working day the rates of the next one, and
//! publishes a rate for every calendar day (Saturday and Sunday carry
//! Friday's). Two endpoints answer in the same JSON shape:
//!
//! * `NBU_Exchange/exchange_site?start=YYYYMMDD&end=YYYYMMDD&...&json`,
//!   every currency for every day of a range, with its units as published
//!   (10 JPY, 100 KZT, 1000 VND): kurs asks it for a date and to catch up;
//! * `NBUStatService/v1/statdirectory/exchange?json`, the rates in force
//!   today, each for one unit: kurs asks it for the newest table.

pub(in crate::sources) mod calendar;
mod parse;

use std::sync::Arc;

use chrono::{Datelike, Days, NaiveDate};

use super::{Attribution, DateRange, FullPlan, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, SourceId, Table};

/// What kurs knows of the NBU without asking it. The first date of its
/// rates that the range endpoint serves, as Frankfurter's provider record
/// has it: 1999-01-04.
static FACTS: Facts = Facts {
    id: "nbu",
    name: NAME,
    base: CurrencyCode::new_static("UAH"),
    first: (1999, 1, 4),
    catalogue: Some(&CATALOGUE),
    schedule: calendar::SCHEDULE,
    source: || Arc::new(Nbu),
};

/// The National Bank of Ukraine.
pub const ID: SourceId = SourceId::new(&FACTS);

/// How the publisher is named in a sentence.
const NAME: &str = "National Bank of Ukraine";
/// Every currency of a range of dates.
const EXCHANGE_SITE: &str = "/NBU_Exchange/exchange_site";
/// The rates in force today.
const NEWEST: &str = "/NBUStatService/v1/statdirectory/exchange?json";
/// The longest range kurs asks for at once (45 currencies a day: about
/// 4,200 rows, under a megabyte); the NBU states no limit.
const MAX_RANGE_DAYS: u64 = 92;

/// Every currency the NBU has set a rate for since 1999, generously (a
/// listed code a day's table lacks costs one request; a missing one would
/// send UAH pairs elsewhere):
///
/// * the 45 of the 2026 answers in `fixtures/` (with the four bank metals),
/// * those of its 2021 list (AMD, BGN, BRL, BYN, HRK, IQD, IRR, KGS, LYD,
///   MAD, PKR, RUB, TJS, TMT, UZS),
/// * those it quoted before they were replaced: the euro area's legacy
///   currencies, the currencies of the states that joined the euro later,
///   and the old codes of redenominated ones (AZM, BYB, BYR, ROL, TMM, TRL).
static CATALOGUE: [CurrencyCode; 87] = codes([
    "AED", "AUD", "AZN", "BDT", "CAD", "CHF", "CNY", "CZK", "DKK", "DZD", "EGP", "EUR", "GBP",
    "GEL", "HKD", "HUF", "IDR", "ILS", "INR", "JPY", "KRW", "KZT", "LBP", "MDL", "MXN", "MYR",
    "NOK", "NZD", "PLN", "RON", "RSD", "SAR", "SEK", "SGD", "THB", "TND", "TRY", "USD", "VND",
    "XAG", "XAU", "XDR", "XPD", "XPT", "ZAR", // 2026
    "AMD", "BGN", "BRL", "BYN", "HRK", "IQD", "IRR", "KGS", "LYD", "MAD", "PKR", "RUB", "TJS",
    "TMT", "UZS", // 2021
    "ATS", "BEF", "DEM", "ESP", "FIM", "FRF", "GRD", "IEP", "ITL", "LUF", "NLG",
    "PTE", // euro
    "CYP", "EEK", "LTL", "LVL", "MTL", "SIT", "SKK", // later euro
    "AZM", "BYB", "BYR", "ROL", "TMM", "TRL", // redenominated
    "ISK", "KWD",
]);

/// The National Bank of Ukraine's official rates against the hryvnia.
pub(super) struct Nbu;

/// `exchange_site` for every day from `start` to `end`.
fn range(start: NaiveDate, end: NaiveDate) -> String {
    let (start, end) = (start.format("%Y%m%d"), end.format("%Y%m%d"));
    format!("{EXCHANGE_SITE}?start={start}&end={end}&sort=exchangedate&order=asc&json")
}

impl Source for Nbu {
    fn id(&self) -> SourceId {
        ID
    }
    fn default_origin(&self) -> &'static str {
        "https://bank.gov.ua"
    }
    fn origin_variable(&self) -> &'static str {
        "KURS_NBU_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: NAME,
            text: "Official exchange rates of the hryvnia set by the National Bank of Ukraine (source: NBU).",
            terms_url: "https://bank.gov.ua/en/useterms",
        }
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    fn latest(&self) -> String {
        NEWEST.to_owned()
    }
    fn for_date(&self, date: NaiveDate, _today: NaiveDate) -> String {
        // Every calendar day has its table, weekends included.
        range(date, date)
    }
    /// Every day from the newest table held to tomorrow (whose rates are
    /// out in the afternoon), at most [`MAX_RANGE_DAYS`] back.
    fn catch_up(&self, since: NaiveDate, today: NaiveDate) -> Option<String> {
        let end = today + Days::new(1);
        let floor = end
            .checked_sub_days(Days::new(MAX_RANGE_DAYS))
            .unwrap_or(end);
        (since < end).then(|| range(since.max(floor), end))
    }
    fn full(&self) -> Option<String> {
        None
    }
    /// One range per calendar year from the first date (1999-01-04) to
    /// tomorrow: some 28 requests, each about 16,000 rows (3 MB of JSON),
    /// within the body limit of a history request.
    fn full_plan(&self, today: NaiveDate) -> Option<FullPlan> {
        let end = today + Days::new(1);
        let years = ID.first_date().year()..=end.year();
        let ranges = years.map(|year| {
            let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(end);
            let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(end);
            let (start, end) = (first.max(ID.first_date()), last.min(end));
            DateRange {
                path: range(start, end),
                start,
                end,
            }
        });
        Some(FullPlan::Ranges(ranges.collect()))
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse::parse_nbu_json(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const FIXTURE_PATH: &str =
        "/NBU_Exchange/exchange_site?start=20260301&end=20260316&sort=exchangedate&order=asc&json";

    #[test]
    fn requests_use_the_nbu_paths_with_compact_dates() {
        let today = d("2026-03-17");
        assert_eq!(Nbu.latest(), NEWEST);
        assert_eq!(
            Nbu.for_date(d("2026-03-07"), today),
            "/NBU_Exchange/exchange_site?start=20260307&end=20260307&sort=exchangedate&order=asc&json"
        );
        assert_eq!(
            Nbu.catch_up(d("2026-03-01"), d("2026-03-15")).as_deref(),
            Some(FIXTURE_PATH)
        );
        assert_eq!(Nbu.catch_up(d("2026-03-18"), today), None);
        let far = Nbu.catch_up(d("2020-01-01"), today).unwrap();
        assert!(far.contains("start=20251216&end=20260318"), "{far}");
        assert_eq!(Nbu.full(), None);
        assert!(Nbu.fetched_by_date());
        assert_eq!(Nbu.origin_variable(), "KURS_NBU_URL");
        assert_eq!(Nbu.default_origin(), "https://bank.gov.ua");
    }

    #[test]
    fn the_full_plan_asks_one_range_per_year_from_the_first_date_to_tomorrow() {
        let Some(FullPlan::Ranges(ranges)) = Nbu.full_plan(d("2026-03-15")) else {
            panic!("the NBU's history is fetched by ranges");
        };
        assert_eq!(ranges.len(), 28);
        assert_eq!(
            (ranges[0].start, ranges[0].end),
            (d("1999-01-04"), d("1999-12-31"))
        );
        assert_eq!(ranges[0].path, range(d("1999-01-04"), d("1999-12-31")));
        let last = ranges.last().unwrap();
        assert_eq!((last.start, last.end), (d("2026-01-01"), d("2026-03-16")));
        assert!(ranges
            .windows(2)
            .all(|w| w[0].end.succ_opt() == Some(w[1].start)));
    }

    #[test]
    fn the_facts_name_the_nbu_its_hryvnia_and_its_first_date() {
        assert_eq!(
            (ID.as_str(), ID.publisher(), ID.lead_days()),
            ("nbu", NAME, 1)
        );
        assert_eq!(ID.base().as_str(), "UAH");
        assert_eq!(ID.first_date(), d("1999-01-04"));
        assert!(ID.may_publish("XAU".parse().unwrap()));
        assert!(ID.may_publish("KZT".parse().unwrap()));
        assert!(!ID.may_publish("CLP".parse().unwrap()));
        let mut sorted = CATALOGUE.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, CATALOGUE.to_vec(), "sorted, each once");
    }

    #[test]
    fn the_source_parses_the_recorded_range() {
        let body = include_bytes!("fixtures/frankfurter_exchange_site_2026-03-01_2026-03-16.json");
        assert_eq!(Nbu.parse(body).unwrap().len(), 16);
    }
}
