//! Danmarks Nationalbank: its daily exchange rates, table `DNVALD` of
//! Statistics Denmark's StatBank API, by date range.
//!
//! Everything kurs knows of Danmarks Nationalbank is in this folder: the
//! [`Source`] (requests under `https://api.statbank.dk`, where the
//! Nationalbank's rates are published as open data), the parser (`parse`),
//! the Danish calendar (`calendar`), the coverage facts below and the real
//! answer the tests read (`fixtures/`, see its `PROVENANCE.md`).
//!
//! The Nationalbank sets its rates on Danish banking days, as the price
//! in kroner of 100 units of each currency (`EUR` 747.30), and the
//! StatBank adds them to `DNVALD` dated that day. The StatBank answers a
//! date expression such as `>=2025M03D03<=2025M03D14` (a range) or `(1)`
//! (the newest day) in its `BULK` format, semicolon-separated text.

mod calendar;
mod parse;

pub(crate) use parse::parse_dnb_csv;

use std::sync::Arc;

use chrono::{Days, NaiveDate};

use super::{days_between, Attribution, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, SourceId, Table};

/// What kurs knows of Danmarks Nationalbank without asking it. `DNVALD`
/// begins on 1977-01-03.
static FACTS: Facts = Facts {
    id: "dnb",
    name: NAME,
    base: CurrencyCode::new_static("DKK"),
    first: (1977, 1, 3),
    catalogue: Some(&CATALOGUE),
    schedule: calendar::SCHEDULE,
    source: || Arc::new(Dnb),
};

/// Danmarks Nationalbank.
pub const ID: SourceId = SourceId::new(&FACTS);

/// How the publisher is named in a sentence.
const NAME: &str = "Danmarks Nationalbank";
/// Table `DNVALD` in the `BULK` format, in English, with codes.
const DATA_PATH: &str = "/v1/data/DNVALD/BULK?lang=en&valuePresentation=Code";
/// The rate type: `KBH`, the Nationalbank's rate ("kurs").
const RATE_TYPE: &str = "KURTYP=KBH";
/// How far back a date request looks for the rates in force (Easter
/// leaves a gap of six days).
const LOOKBACK: u64 = 10;

/// The currencies kurs asks `DNVALD` for: the 30 of the recorded request
/// (`fixtures/PROVENANCE.md`), each a code the StatBank is known to
/// accept. BGN has no value from 2026 (Bulgaria took the euro); for
/// older dates a currency the Nationalbank did not yet quote has none
/// either. The legacy currencies `DNVALD` also holds (the euro's
/// predecessors) are not asked for: their codes in the table have no
/// recorded answer to check them against, and a code the StatBank does
/// not know fails the whole request.
static CATALOGUE: [CurrencyCode; 30] = codes([
    "EUR", "USD", "GBP", "SEK", "NOK", "CHF", "CAD", "JPY", "AUD", "NZD", "PLN", "CZK", "HUF",
    "HKD", "SGD", "ZAR", "BGN", "RON", "TRY", "KRW", "THB", "MYR", "PHP", "IDR", "CNY", "BRL",
    "MXN", "INR", "ILS", "ISK",
]);

/// Danmarks Nationalbank's exchange rates against the krone.
pub(super) struct Dnb;

/// The request for the days the StatBank date expression `tid` selects.
fn request(tid: &str) -> String {
    let currencies: Vec<&str> = CATALOGUE.iter().map(CurrencyCode::as_str).collect();
    format!(
        "{DATA_PATH}&VALUTA={}&{RATE_TYPE}&Tid={tid}",
        currencies.join("%2C")
    )
}

/// A date as the StatBank writes it, `2025M03D03`.
fn statbank_date(date: NaiveDate) -> String {
    date.format("%YM%mD%d").to_string()
}

impl Source for Dnb {
    fn id(&self) -> SourceId {
        ID
    }
    fn default_origin(&self) -> &'static str {
        "https://api.statbank.dk"
    }
    fn origin_variable(&self) -> &'static str {
        "KURS_DNB_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: NAME,
            text: "Exchange rates against the Danish krone of Danmarks Nationalbank (source: Danmarks Nationalbank and Statistics Denmark, StatBank table DNVALD).",
            terms_url: "https://www.dst.dk/en/Statistik/hjaelp-til-statistikbanken/api",
        }
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    fn latest(&self) -> String {
        // `(1)`: the newest day of the table.
        request("%281%29")
    }
    fn for_date(&self, date: NaiveDate, _today: NaiveDate) -> String {
        let start = date.checked_sub_days(Days::new(LOOKBACK)).unwrap_or(date);
        let (start, end) = (statbank_date(start), statbank_date(date));
        request(&format!("%3E%3D{start}%3C%3D{end}"))
    }
    fn catch_up(&self, since: NaiveDate, today: NaiveDate) -> Option<String> {
        // `>=since`, as the recorded request asked.
        let since_text = statbank_date(since);
        (days_between(since, today) > 1).then(|| request(&format!("%3E%3D{since_text}")))
    }
    fn full(&self) -> Option<String> {
        // Every day since 1977 is some 10 MB: ranges instead.
        None
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse_dnb_csv(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone, Utc};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const CODES: &str = "AUD%2CBGN%2CBRL%2CCAD%2CCHF%2CCNY%2CCZK%2CEUR%2CGBP%2CHKD%2CHUF%2CIDR%2CILS%2CINR%2CISK%2CJPY%2CKRW%2CMXN%2CMYR%2CNOK%2CNZD%2CPHP%2CPLN%2CRON%2CSEK%2CSGD%2CTHB%2CTRY%2CUSD%2CZAR";

    #[test]
    fn requests_use_the_statbank_paths_and_date_expressions() {
        let today = d("2026-04-04");
        let head = format!(
            "/v1/data/DNVALD/BULK?lang=en&valuePresentation=Code&VALUTA={CODES}&KURTYP=KBH"
        );
        assert_eq!(Dnb.latest(), format!("{head}&Tid=%281%29"));
        assert_eq!(
            Dnb.for_date(d("2026-03-31"), today),
            format!("{head}&Tid=%3E%3D2026M03D21%3C%3D2026M03D31")
        );
        assert_eq!(
            Dnb.catch_up(d("2025-03-03"), today),
            Some(format!("{head}&Tid=%3E%3D2025M03D03"))
        );
        assert_eq!(Dnb.catch_up(d("2026-04-03"), today), None);
        assert_eq!(Dnb.full(), None);
        assert!(Dnb.fetched_by_date());
        assert_eq!(Dnb.origin_variable(), "KURS_DNB_URL");
        assert_eq!(Dnb.default_origin(), "https://api.statbank.dk");
    }

    #[test]
    fn the_facts_name_the_nationalbank_its_krone_and_its_first_day() {
        assert_eq!(
            (ID.as_str(), ID.publisher(), ID.lead_days()),
            ("dnb", NAME, 0)
        );
        assert_eq!(ID.base().as_str(), "DKK");
        assert_eq!(ID.first_date(), d("1977-01-03"));
        assert!(ID.may_publish("ISK".parse().unwrap()));
        assert!(!ID.may_publish("RUB".parse().unwrap()));
        let mut sorted = CATALOGUE.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, CATALOGUE.to_vec(), "sorted, each once");
    }

    #[test]
    fn the_rates_are_expected_in_the_copenhagen_afternoon() {
        let dnb = ID.schedule();
        let winter = dnb.publication_of(d("2026-01-06"));
        assert_eq!(winter, Utc.with_ymd_and_hms(2026, 1, 6, 15, 0, 0).single());
        let summer = dnb.publication_of(d("2026-07-07"));
        assert_eq!(summer, Utc.with_ymd_and_hms(2026, 7, 7, 14, 0, 0).single());
    }

    #[test]
    fn the_calendar_has_a_table_on_exactly_the_days_of_the_recorded_answer() {
        let body = include_bytes!("fixtures/frankfurter_dnvald_kbh_2025-03-03.csv");
        let days: Vec<NaiveDate> = parse_dnb_csv(body)
            .unwrap()
            .iter()
            .map(Table::date)
            .collect();
        let dnb = ID.schedule();
        let expected: Vec<NaiveDate> = d("2025-03-03")
            .iter_days()
            .take_while(|day| *day <= d("2026-03-31"))
            .filter(|day| dnb.publication_of(*day).is_some())
            .collect();
        assert_eq!(days, expected);
        let easter = Utc.with_ymd_and_hms(2025, 4, 21, 18, 0, 0).unwrap();
        let newest = dnb.expected_latest(easter, TimeDelta::zero());
        assert_eq!(newest, Some(d("2025-04-16")));
    }
}
