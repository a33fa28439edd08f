//! The Croatian National Bank (HNB): its exchange-rate lists, the kuna's
//! until 2022 and the euro's since, from its JSON API, range by range.
//!
//! Everything kurs knows of the HNB is in this folder: the [`Source`]
//! (requests under `https://api.hnb.hr`), the parser (`parse`), the
//! calendar of its euro lists (`calendar`), the coverage facts below and
//! the real answers the tests read (`fixtures/`, see its `PROVENANCE.md`).
//!
//! # Two bases in one source
//!
//! Croatia took the euro on 1 January 2023 (7.53450 kuna = 1 euro). Until
//! then the HNB priced other currencies in kuna (`tecajn/v2`, base `HRK`,
//! per 1 or 100 units); since, it republishes the ECB's reference rates as
//! units per euro (`tecajn-eur/v3`, base `EUR`). kurs keeps both as
//! published: every [`Table`] carries its own base, so the HNB's tables of
//! 2022 and before are based on HRK and those from 2 January 2023 on EUR;
//! a year never holds both (the last kuna list applies on 2022-12-31, the
//! first euro list on 2023-01-02), so each persisted year file has one
//! base. The source's base is the kuna, the currency the HNB issued: kuna
//! pairs go to the HNB, euro pairs stay with the ECB, and a kuna pair
//! asked for a date in 2023 or later finds no kuna in the table and is
//! refused rather than carried forward.

mod calendar;
mod parse;

pub(crate) use parse::parse_hnb_json;

use std::sync::Arc;

use chrono::{Days, NaiveDate};

use super::{days_between, Attribution, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, SourceId, Table};

/// What kurs knows of the HNB without asking it. The kuna and the HNB's
/// lists in it began on 30 May 1994; no recorded answer reaches that far
/// back, so the first date the API serves is taken to be that one.
static FACTS: Facts = Facts {
    id: "hnb",
    name: NAME,
    base: CurrencyCode::new_static("HRK"),
    first: (1994, 5, 30),
    catalogue: Some(&CATALOGUE),
    schedule: calendar::SCHEDULE,
    source: || Arc::new(Hnb),
};

/// The Croatian National Bank.
pub const ID: SourceId = SourceId::new(&FACTS);

/// How the publisher is named in a sentence.
const NAME: &str = "Croatian National Bank";
/// The kuna lists.
const KUNA_PATH: &str = "/tecajn/v2";
/// The euro lists.
const EURO_PATH: &str = "/tecajn-eur/v3";
/// How many days before a date a by-date request starts.
const LOOKBACK: u64 = 7;

/// The first day a euro list applies.
fn first_euro_list() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 1, 2).expect("a valid date")
}

/// Every currency the HNB's lists have quoted, generously: the 15 of the
/// last kuna list (with EUR and the SDR) and the 13 of the euro lists (the
/// same but for EUR and XDR) in the recorded answers, and the currencies
/// of its kuna lists before the euro replaced them in 1999 and 2002
/// (ATS, BEF, DEM, ESP, FIM, FRF, IEP, ITL, LUF, NLG, PTE, XEU) and of the
/// states that joined the euro later (SIT, SKK), which no recorded answer
/// shows. A listed code a list lacks costs one request.
static CATALOGUE: [CurrencyCode; 29] = codes([
    "AUD", "BAM", "CAD", "CHF", "CZK", "DKK", "EUR", "GBP", "HUF", "JPY", "NOK", "PLN", "SEK",
    "USD", "XDR", "ATS", "BEF", "DEM", "ESP", "FIM", "FRF", "IEP", "ITL", "LUF", "NLG", "PTE",
    "XEU", "SIT", "SKK",
]);

/// The kuna lists applied from `from` to `to`.
fn kuna_range(from: NaiveDate, to: NaiveDate) -> String {
    format!("{KUNA_PATH}?datum-do={to}&datum-od={from}")
}

/// The euro lists applied from `from` to `to`.
fn euro_range(from: NaiveDate, to: NaiveDate) -> String {
    format!("{EURO_PATH}?datum-primjene-do={to}&datum-primjene-od={from}")
}

/// The Croatian National Bank's exchange-rate lists.
pub(super) struct Hnb;

impl Source for Hnb {
    fn id(&self) -> SourceId {
        ID
    }
    fn default_origin(&self) -> &'static str {
        "https://api.hnb.hr"
    }
    fn origin_variable(&self) -> &'static str {
        "KURS_HNB_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: NAME,
            text: "Exchange rate lists of the Croatian National Bank: middle rates in kuna until 2022, in euro since 2023 (source: HNB).",
            // No terms page is known (Frankfurter's provider data has none
            // either): the API's own page.
            terms_url: "https://api.hnb.hr/",
        }
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    fn latest(&self) -> String {
        EURO_PATH.to_owned()
    }
    /// The lists of the week up to `date`: the kuna lists for a date before
    /// the first euro list, the euro lists from it.
    fn for_date(&self, date: NaiveDate, _today: NaiveDate) -> String {
        let from = date.checked_sub_days(Days::new(LOOKBACK)).unwrap_or(date);
        match date < first_euro_list() {
            true => kuna_range(from, date),
            false => euro_range(from.max(first_euro_list()), date),
        }
    }
    fn catch_up(&self, since: NaiveDate, today: NaiveDate) -> Option<String> {
        let since = since.max(first_euro_list());
        (days_between(since, today) > 1).then(|| euro_range(since, today))
    }
    fn full(&self) -> Option<String> {
        None
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse_hnb_json(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn requests_use_the_kuna_lists_before_2023_and_the_euro_lists_since() {
        let today = d("2026-04-09");
        assert_eq!(Hnb.latest(), "/tecajn-eur/v3");
        // The recorded requests.
        assert_eq!(
            Hnb.for_date(d("2022-12-31"), today),
            "/tecajn/v2?datum-do=2022-12-31&datum-od=2022-12-24"
        );
        assert_eq!(
            Hnb.catch_up(d("2023-01-02"), d("2023-01-06")).as_deref(),
            Some("/tecajn-eur/v3?datum-primjene-do=2023-01-06&datum-primjene-od=2023-01-02")
        );
        assert_eq!(
            Hnb.for_date(d("2023-01-01"), today),
            "/tecajn/v2?datum-do=2023-01-01&datum-od=2022-12-25"
        );
        assert_eq!(
            Hnb.for_date(d("2023-01-04"), today),
            "/tecajn-eur/v3?datum-primjene-do=2023-01-04&datum-primjene-od=2023-01-02"
        );
        assert_eq!(
            Hnb.for_date(d("2026-04-08"), today),
            "/tecajn-eur/v3?datum-primjene-do=2026-04-08&datum-primjene-od=2026-04-01"
        );
        assert_eq!(Hnb.catch_up(d("2026-04-08"), today), None);
        assert_eq!(Hnb.full(), None);
        assert!(Hnb.fetched_by_date());
        assert_eq!(Hnb.origin_variable(), "KURS_HNB_URL");
    }

    #[test]
    fn the_facts_name_the_hnb_and_its_kuna() {
        assert_eq!(
            (ID.as_str(), ID.publisher(), ID.lead_days()),
            ("hnb", NAME, 0)
        );
        assert_eq!(ID.base().as_str(), "HRK");
        assert_eq!(ID.first_date(), d("1994-05-30"));
        assert!(ID.may_publish("BAM".parse().unwrap()));
        assert!(ID.may_publish("EUR".parse().unwrap()));
        assert!(!ID.may_publish("RSD".parse().unwrap()));
    }

    #[test]
    fn the_kuna_and_euro_fixtures_are_tables_with_their_own_bases() {
        let kuna = Hnb
            .parse(include_bytes!(
                "fixtures/frankfurter_tecajn_v2_2022-12-28_2022-12-31.json"
            ))
            .unwrap();
        let euro = Hnb
            .parse(include_bytes!(
                "fixtures/frankfurter_tecajn-eur_v3_2023-01-02_2023-01-06.json"
            ))
            .unwrap();
        assert_eq!(
            kuna.iter()
                .map(|t| t.base().to_string())
                .collect::<Vec<_>>(),
            ["HRK"]
        );
        assert!(euro.iter().all(|t| t.base().as_str() == "EUR"));
        // 1 euro = 7.534500 kuna in the last kuna list; the euro lists price
        // the dollar in euro the other way round: both are as published.
        let usd = "USD".parse().unwrap();
        assert_eq!(kuna[0].quote(usd).unwrap().value.to_string(), "7.064035");
        assert_eq!(euro[0].quote(usd).unwrap().units.to_string(), "1.066600");
    }

    #[test]
    fn the_euro_list_is_expected_by_eight_in_zagreb() {
        let hnb = ID.schedule();
        let winter = hnb.publication_of(d("2023-01-06"));
        assert_eq!(winter, Utc.with_ymd_and_hms(2023, 1, 6, 7, 0, 0).single());
        let summer = hnb.publication_of(d("2026-07-07"));
        assert_eq!(summer, Utc.with_ymd_and_hms(2026, 7, 7, 6, 0, 0).single());
        assert_eq!(hnb.publication_of(d("2026-04-03")), None, "Good Friday");
    }
}
