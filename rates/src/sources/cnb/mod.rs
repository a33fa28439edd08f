//! The Czech National Bank (ČNB): its daily fixing, `denni_kurz.txt`, date
//! by date.
//!
//! Everything kurs knows of the CNB is in this folder: the [`Source`]
//! (requests under `https://www.cnb.cz`), the parser ([`parse`]), the
//! Czech working-day calendar ([`calendar`]), the coverage facts below and
//! the real files the tests read (`fixtures/`, see its `PROVENANCE.md`).
//!
//! The CNB fixes its rates around 14:30 Europe/Prague on Czech working
//! days, valid for that day. Asked for a weekend or a holiday, it answers
//! with the file of the working day before, whose header carries that
//! day's date: the parser always takes the date from the header.

mod calendar;
mod parse;

pub use parse::parse_cnb_txt;

use std::sync::Arc;

use chrono::NaiveDate;

use super::{Attribution, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, SourceId, Table};

/// What kurs knows of the CNB without asking it. The first fixing the
/// text service answers: the CNB's yearly files (and its JSON API, whose
/// coverage starts in 1991) begin with the first working day of 1991,
/// 2 January (the State Bank of Czechoslovakia's fixing, which the CNB
/// continues).
static FACTS: Facts = Facts {
    id: "cnb",
    name: NAME,
    base: CurrencyCode::new_static("CZK"),
    first: (1991, 1, 2),
    catalogue: Some(&CATALOGUE),
    schedule: calendar::SCHEDULE,
    source: || Arc::new(Cnb),
};

/// The Czech National Bank.
pub const ID: SourceId = SourceId::new(&FACTS);

/// How the publisher is named in a sentence.
const NAME: &str = "Czech National Bank";
/// The file of the newest fixing; `?date=DD.MM.YYYY` asks for a date.
const DAILY_PATH: &str =
    "/cs/financni-trhy/devizovy-trh/kurzy-devizoveho-trhu/kurzy-devizoveho-trhu/denni_kurz.txt";

/// Every currency the CNB's daily fixing has quoted since 1991, generously
/// (a listed code a day's file lacks costs one request; a missing one would
/// send CZK pairs elsewhere):
///
/// * today's 30 (every code of the 2026 JSON answers in `fixtures/`),
/// * those of the 2016-04-05 file (HRK, RUB) and the 2000-04-21 file (the
///   euro-area legacy currencies, SKK, SIT, GRD),
/// * from the CNB's list of earlier years: the currencies of the states
///   that joined the EU and later the euro (CYP, EEK, LTL, LVL, MTL), the
///   ECU (XEU) of the 1990s, and the lei and lira before their
///   redenominations (ROL, TRL).
static CATALOGUE: [CurrencyCode; 55] = codes([
    "ATS", "AUD", "BEF", "BGN", "BRL", "CAD", "CHF", "CNY", "CYP", "DEM", "DKK", "EEK", "ESP",
    "EUR", "FIM", "FRF", "GBP", "GRD", "HKD", "HRK", "HUF", "IDR", "IEP", "ILS", "INR", "ISK",
    "ITL", "JPY", "KRW", "LTL", "LUF", "LVL", "MTL", "MXN", "MYR", "NLG", "NOK", "NZD", "PHP",
    "PLN", "PTE", "ROL", "RON", "RUB", "SEK", "SGD", "SIT", "SKK", "THB", "TRL", "TRY", "USD",
    "XDR", "XEU", "ZAR",
]);

/// The Czech National Bank's daily fixing against the koruna.
pub(super) struct Cnb;

impl Source for Cnb {
    fn id(&self) -> SourceId {
        ID
    }
    fn default_origin(&self) -> &'static str {
        "https://www.cnb.cz"
    }
    fn origin_variable(&self) -> &'static str {
        "KURS_CNB_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: NAME,
            text: "Exchange rates of foreign currencies against the koruna fixed by the Czech National Bank (source: CNB).",
            terms_url: "https://www.cnb.cz/en/footer/general-terms-and-conditions/",
        }
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    fn latest(&self) -> String {
        DAILY_PATH.to_owned()
    }
    fn for_date(&self, date: NaiveDate, _today: NaiveDate) -> String {
        format!("{DAILY_PATH}?date={}", date.format("%d.%m.%Y"))
    }
    fn catch_up(&self, _since: NaiveDate, _today: NaiveDate) -> Option<String> {
        // Older fixings are fetched on demand, date by date.
        None
    }
    fn full(&self) -> Option<String> {
        None
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse_cnb_txt(body).map(|t| vec![t])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone, Utc};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn requests_use_the_cnb_paths_with_a_czech_date() {
        let today = d("2026-11-29");
        assert_eq!(Cnb.latest(), DAILY_PATH);
        assert_eq!(
            Cnb.for_date(d("2016-04-05"), today),
            format!("{DAILY_PATH}?date=05.04.2016")
        );
        assert_eq!(Cnb.catch_up(d("2026-01-01"), today), None);
        assert_eq!(Cnb.full(), None);
        assert!(Cnb.fetched_by_date());
        assert_eq!(Cnb.origin_variable(), "KURS_CNB_URL");
    }

    #[test]
    fn the_facts_name_the_cnb_its_koruna_and_its_first_fixing() {
        let cnb = ID;
        assert_eq!(
            (cnb.as_str(), cnb.publisher(), cnb.lead_days()),
            ("cnb", NAME, 0)
        );
        assert_eq!(cnb.base().as_str(), "CZK");
        assert_eq!(cnb.first_date(), d("1991-01-02"));
        assert_eq!(SourceId::issuer_of("CZK".parse().unwrap()), Some(cnb));
        assert!(cnb.may_publish("JPY".parse().unwrap()));
        assert!(!cnb.may_publish("UAH".parse().unwrap()));
        let mut sorted = CATALOGUE.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, CATALOGUE.to_vec(), "sorted, each once");
    }

    #[test]
    fn the_fixing_is_published_at_half_past_two_in_prague() {
        let cnb = ID.schedule();
        let winter = cnb.publication_of(d("2026-01-06"));
        assert_eq!(winter, Utc.with_ymd_and_hms(2026, 1, 6, 13, 30, 0).single());
        let summer = cnb.publication_of(d("2026-07-07"));
        assert_eq!(summer, Utc.with_ymd_and_hms(2026, 7, 7, 12, 30, 0).single());
    }

    #[test]
    fn no_fixing_on_czech_holidays_and_weekends() {
        let cnb = ID.schedule();
        for day in [
            "2026-04-03",
            "2026-04-06",
            "2026-05-08",
            "2026-07-06",
            "2026-09-28",
            "2026-10-28",
            "2026-11-17",
            "2026-12-24",
            "2026-11-07",
            "2026-11-08",
        ] {
            assert_eq!(cnb.publication_of(d(day)), None, "{day}");
        }
        // 1 May is a holiday in Czechia and for the ECB alike; 8 May only here.
        assert!(SourceId::ECB
            .schedule()
            .publication_of(d("2026-05-08"))
            .is_some());
    }

    #[test]
    fn over_a_holiday_weekend_the_last_working_days_fixing_is_expected() {
        let cnb = ID.schedule();
        let zero = TimeDelta::zero();
        // Easter 2026: Thursday 2 April is the last fixing until Tuesday 7 April.
        let easter_monday = Utc.with_ymd_and_hms(2026, 4, 6, 15, 0, 0).unwrap();
        assert_eq!(
            cnb.expected_latest(easter_monday, zero),
            Some(d("2026-04-02"))
        );
        let before = Utc.with_ymd_and_hms(2026, 4, 7, 12, 0, 0).unwrap();
        assert_eq!(cnb.expected_latest(before, zero), Some(d("2026-04-02")));
        let after = Utc.with_ymd_and_hms(2026, 4, 7, 12, 31, 0).unwrap();
        assert_eq!(cnb.expected_latest(after, zero), Some(d("2026-04-07")));
    }
}
