//! The Bank of Russia: `XML_daily.asp`, date by date.
//!
//! Everything kurs knows of the Bank of Russia is in this folder: its facts
//! ([`ID`], with the catalogue of every currency it has quoted), how to
//! fetch it ([`Cbr`]), its parser (`parse`), its publication schedule and
//! Russian calendar (`calendar`), and the real files its tests read
//! (`fixtures/`).

mod calendar;
mod dynamic;
mod parse;

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

pub use parse::parse_cbr_xml;

use super::{Attribution, FullPlan, SeriesId, SeriesPlan, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, Quote, SourceId, Table};

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

/// The first day of the new rouble: on 1998-01-01, 1,000 RUR became
/// 1 RUB.
const RUB_SINCE: (i32, u32, u32) = (1998, 1, 1);

/// The currency the bank's table of `date` is priced in: RUR (the rouble
/// of 1992 to 1997) before [`RUB_SINCE`], RUB from it. Nothing is divided:
/// each table keeps the figures the bank set, in the rouble of its day,
/// so an old table never answers in new roubles a thousand times too
/// many.
pub(crate) fn base_on(date: NaiveDate) -> CurrencyCode {
    let (y, m, d) = RUB_SINCE;
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(since) if date < since => CurrencyCode::new_static("RUR"),
        _ => ID.base(),
    }
}

/// The Bank of Russia's daily table since 1992: today's 50-odd codes
/// (the 2025-12-13 file) and those of earlier years (the 2016 files,
/// the euro-area legacy currencies and the CIS codes of the 1990s).
static CATALOGUE: [CurrencyCode; 83] = codes([
    "AED", "AMD", "ATS", "AUD", "AZM", "AZN", "BDT", "BEF", "BGL", "BGN", "BHD", "BOB", "BRL",
    "BYB", "BYN", "BYR", "CAD", "CHF", "CNY", "CUP", "CZK", "DEM", "DKK", "DZD", "EEK", "EGP",
    "ESP", "ETB", "EUR", "FIM", "FRF", "GBP", "GEL", "GRD", "HKD", "HUF", "IDR", "IEP", "ILS",
    "INR", "IRR", "ISK", "ITL", "JPY", "KGS", "KRW", "KWD", "KZT", "LTL", "LVL", "MDL", "MMK",
    "MNT", "NGN", "NLG", "NOK", "NZD", "OMR", "PLN", "PTE", "QAR", "RON", "RSD", "RUR", "SAR",
    "SEK", "SGD", "TJR", "TJS", "THB", "TMM", "TMT", "TRL", "TRY", "UAH", "UAK", "USD", "UZS",
    "VND", "XDR", "XEU", "YUN", "ZAR",
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
    /// One `XML_dynamic.asp` series per currency of the daily tables
    /// sampled over the span ([`Dynamic`]), from the first table
    /// (1992-07-01) to tomorrow (the bank dates its rates a day ahead).
    fn full_plan(&self, today: NaiveDate) -> Option<FullPlan> {
        let end = today.succ_opt().unwrap_or(today);
        Some(FullPlan::Series(Box::new(Dynamic {
            start: ID.first_date(),
            end,
        })))
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse_cbr_xml(body).map(|t| vec![t])
    }
    fn base_on(&self, date: NaiveDate) -> CurrencyCode {
        base_on(date)
    }
}

/// The Bank of Russia's whole history as series: the ids of the currencies
/// come from `XML_daily.asp` (each `<Valute ID="R01235">`) at the span's
/// start, on every 1 January after it and today, and each currency's
/// series from `XML_dynamic.asp` over the span: some 35 daily tables and
/// one series per currency quoted in any of them, rather than one request
/// per date (some eight thousand). Today's table alone would not do: the
/// lev (BGN) left the bank's list when Bulgaria took the euro on
/// 2026-01-01, so the tables assembled for 2025 would have lacked it, and
/// by answering those dates would have hidden the bank's own tables.
struct Dynamic {
    start: NaiveDate,
    end: NaiveDate,
}

impl SeriesPlan for Dynamic {
    fn start(&self) -> NaiveDate {
        self.start
    }
    fn end(&self) -> NaiveDate {
        self.end
    }
    fn indexes(&self, start: NaiveDate) -> Vec<(NaiveDate, String)> {
        let today = self.end;
        let years = (start.year() + 1..=self.end.year())
            .filter_map(|y| NaiveDate::from_ymd_opt(y, 1, 1))
            .filter(|d| *d > start && *d < self.end);
        std::iter::once(start)
            .chain(years)
            .map(|d| (d, Cbr.for_date(d, today)))
            .chain(std::iter::once((self.end, Cbr.latest())))
            .collect()
    }
    fn series(&self, index: &[u8]) -> Result<Vec<SeriesId>, ParseError> {
        dynamic::daily_ids(index)
    }
    fn request(&self, series: &SeriesId, start: NaiveDate, end: NaiveDate) -> String {
        let (from, to) = (start.format("%d/%m/%Y"), end.format("%d/%m/%Y"));
        format!(
            "/scripts/XML_dynamic.asp?VAL_NM_RQ={}&date_req1={from}&date_req2={to}",
            series.key
        )
    }
    fn parse(&self, series: &SeriesId, body: &[u8]) -> Result<Vec<(NaiveDate, Quote)>, ParseError> {
        dynamic::parse_dynamic(body, &series.key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_plan_asks_each_currency_of_the_daily_table_over_the_whole_history() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        let Some(FullPlan::Series(plan)) = Cbr.full_plan(today) else {
            panic!("the Bank of Russia's full history is a set of series");
        };
        let indexes = plan.indexes(plan.start());
        assert_eq!(
            indexes.len(),
            1 + 34 + 1,
            "the start, each 1 January, today"
        );
        assert_eq!(
            indexes[..2],
            [
                (
                    plan.start(),
                    "/scripts/XML_daily.asp?date_req=01/07/1992".to_owned()
                ),
                (
                    NaiveDate::from_ymd_opt(1993, 1, 1).unwrap(),
                    "/scripts/XML_daily.asp?date_req=01/01/1993".to_owned()
                )
            ]
        );
        assert_eq!(
            indexes[35],
            (plan.end(), "/scripts/XML_daily.asp".to_owned())
        );
        let body = include_bytes!("fixtures/frankfurter_XML_daily_2026-04-25.xml");
        let series = plan.series(body).unwrap();
        assert_eq!(series.len(), 54);
        let usd = series.iter().find(|s| s.code.as_str() == "USD").unwrap();
        assert_eq!(
            plan.request(usd, plan.start(), plan.end()),
            "/scripts/XML_dynamic.asp?VAL_NM_RQ=R01235&date_req1=01/07/1992&date_req2=05/03/2026"
        );
    }
}
