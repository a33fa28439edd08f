//! The Magyar Nemzeti Bank (MNB): its official exchange rates against the
//! forint, from its SOAP web service, date range by date range.
//!
//! Everything kurs knows of the MNB is in this folder: the [`Source`]
//! (requests under `http://www.mnb.hu`), the parser (`parse`), the
//! Hungarian working-day calendar (`calendar`), the coverage facts below
//! and the real answer the tests read (`fixtures/`, see its
//! `PROVENANCE.md`).
//!
//! # A POST, not a GET
//!
//! The MNB's service at `/arfolyamok.asmx` answers SOAP calls only: a POST
//! of an XML envelope with a `SOAPAction` header. kurs's requests are
//! paths, so this source writes each call as a path whose query holds the
//! call's parameters (`/arfolyamok.asmx?startDate=2025-03-24&endDate=
//! 2025-03-28`, or the bare path for `GetCurrentExchangeRates`), and
//! [`soap_call`] turns such a path into the `SOAPAction` and the envelope
//! to POST to `/arfolyamok.asmx`; [`Source::post`] hands that POST to the
//! fetcher, which sends it in place of a GET. The stub bank of the
//! integration tests answers the same POSTs.

mod calendar;
mod parse;

pub(crate) use parse::parse_mnb_soap;

use std::sync::Arc;

use chrono::{Days, NaiveDate};

use super::{days_between, Attribution, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, Post, SourceId, Table};

/// What kurs knows of the MNB without asking it. The service holds the
/// MNB's official rates from long before, but kurs starts, as Frankfurter
/// does, with the first working day of 1999, after the euro's start.
static FACTS: Facts = Facts {
    id: "mnb",
    name: NAME,
    base: CurrencyCode::new_static("HUF"),
    first: (1999, 1, 4),
    catalogue: Some(&CATALOGUE),
    schedule: calendar::SCHEDULE,
    source: || Arc::new(Mnb),
};

/// The Magyar Nemzeti Bank.
pub const ID: SourceId = SourceId::new(&FACTS);

/// How the publisher is named in a sentence.
const NAME: &str = "Magyar Nemzeti Bank";
/// The SOAP service.
const PATH: &str = "/arfolyamok.asmx";
/// The namespace of the service's operations.
const NAMESPACE: &str = "http://www.mnb.hu/webservices/";
/// The `Content-Type` of a SOAP 1.1 call, as the recorded call sent it.
const SOAP_CONTENT_TYPE: &str = "text/xml; charset=utf-8";
/// How many days before a date a by-date request starts (Easter and
/// Christmas leave gaps of four or five days).
const LOOKBACK: u64 = 7;
/// The longest range a catch-up asks for in one call.
const MAX_RANGE: u64 = 92;

/// The currencies kurs asks the MNB for (`currencyNames`): the 32 of the
/// recorded call, in its order, every one quoted in its answer. The MNB
/// quoted others in earlier years (the euro-area legacy currencies, the
/// currencies of the states that joined the euro later, HRK); kurs does
/// not ask for names that no recorded call used.
const CURRENCY_NAMES: &str = "AUD,BRL,CAD,CHF,CNY,CZK,DKK,EUR,GBP,HKD,IDR,ILS,INR,ISK,JPY,KRW,MXN,MYR,NOK,NZD,PHP,PLN,RON,RSD,RUB,SEK,SGD,THB,TRY,UAH,USD,ZAR";

/// The currencies of [`CURRENCY_NAMES`] (a test holds the two together).
static CATALOGUE: [CurrencyCode; 32] = codes([
    "AUD", "BRL", "CAD", "CHF", "CNY", "CZK", "DKK", "EUR", "GBP", "HKD", "IDR", "ILS", "INR",
    "ISK", "JPY", "KRW", "MXN", "MYR", "NOK", "NZD", "PHP", "PLN", "RON", "RSD", "RUB", "SEK",
    "SGD", "THB", "TRY", "UAH", "USD", "ZAR",
]);

/// The path kurs uses for `GetExchangeRates` from `start` to `end`.
fn range(start: NaiveDate, end: NaiveDate) -> String {
    format!("{PATH}?startDate={start}&endDate={end}")
}

/// The SOAP call a path of this source stands for: the `SOAPAction` header
/// and the envelope to POST to `/arfolyamok.asmx`; `None` for a path that
/// is not one of this source's.
pub(crate) fn soap_call(path: &str) -> Option<(String, String)> {
    let (operation, parameters) = match path.strip_prefix(PATH)? {
        "" => ("GetCurrentExchangeRates", String::new()),
        query => {
            let query = query.strip_prefix("?startDate=")?;
            let (start, end) = query.split_once("&endDate=")?;
            let valid = |d: &str| d.parse::<NaiveDate>().is_ok();
            if !valid(start) || !valid(end) {
                return None;
            }
            let parameters = format!(
                "<web:startDate>{start}</web:startDate><web:endDate>{end}</web:endDate><web:currencyNames>{CURRENCY_NAMES}</web:currencyNames>"
            );
            ("GetExchangeRates", parameters)
        }
    };
    let action = format!("{NAMESPACE}MNBArfolyamServiceSoap/{operation}");
    let envelope = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:web=\"{NAMESPACE}\"><soap:Body><web:{operation}>{parameters}</web:{operation}></soap:Body></soap:Envelope>\n"
    );
    Some((action, envelope))
}

/// The Magyar Nemzeti Bank's official rates against the forint.
pub(super) struct Mnb;

impl Source for Mnb {
    fn id(&self) -> SourceId {
        ID
    }
    fn default_origin(&self) -> &'static str {
        "http://www.mnb.hu"
    }
    fn origin_variable(&self) -> &'static str {
        "KURS_MNB_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: NAME,
            text: "Official exchange rates of the Magyar Nemzeti Bank against the forint (source: MNB).",
            // No terms page is known; this is the MNB's page of its official
            // rates (Frankfurter's provider data has no terms URL either).
            terms_url: "https://www.mnb.hu/en/monetary-policy/the-mpc/exchange-rates",
        }
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    fn latest(&self) -> String {
        PATH.to_owned()
    }
    fn for_date(&self, date: NaiveDate, _today: NaiveDate) -> String {
        let start = date.checked_sub_days(Days::new(LOOKBACK)).unwrap_or(date);
        range(start, date)
    }
    fn catch_up(&self, since: NaiveDate, today: NaiveDate) -> Option<String> {
        let floor = today
            .checked_sub_days(Days::new(MAX_RANGE))
            .unwrap_or(today);
        (days_between(since, today) > 1).then(|| range(since.max(floor), today))
    }
    fn full(&self) -> Option<String> {
        None
    }
    fn post(&self, path: &str) -> Option<Post> {
        let (action, envelope) = soap_call(path)?;
        Some(Post {
            path: PATH.to_owned(),
            headers: vec![
                ("Content-Type", SOAP_CONTENT_TYPE.to_owned()),
                ("SOAPAction", action),
            ],
            body: envelope.into_bytes(),
        })
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse_mnb_soap(body)
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
    fn requests_are_paths_that_stand_for_soap_calls() {
        let today = d("2025-04-08");
        assert_eq!(Mnb.latest(), "/arfolyamok.asmx");
        let recorded = "/arfolyamok.asmx?startDate=2025-03-24&endDate=2025-03-28";
        assert_eq!(
            Mnb.for_date(d("2025-03-31"), today),
            "/arfolyamok.asmx?startDate=2025-03-24&endDate=2025-03-31"
        );
        assert_eq!(
            Mnb.catch_up(d("2025-03-24"), d("2025-03-28")).as_deref(),
            Some(recorded)
        );
        assert_eq!(Mnb.catch_up(d("2025-04-07"), today), None);
        let far = Mnb.catch_up(d("2024-01-01"), today).unwrap();
        assert_eq!(
            far,
            "/arfolyamok.asmx?startDate=2025-01-06&endDate=2025-04-08"
        );
        assert_eq!(Mnb.full(), None);
        assert!(Mnb.fetched_by_date());
        assert_eq!(Mnb.origin_variable(), "KURS_MNB_URL");
    }

    #[test]
    fn a_range_path_becomes_the_recorded_get_exchange_rates_call() {
        let (action, envelope) =
            soap_call("/arfolyamok.asmx?startDate=2025-03-24&endDate=2025-03-28").unwrap();
        assert_eq!(
            action,
            "http://www.mnb.hu/webservices/MNBArfolyamServiceSoap/GetExchangeRates"
        );
        for part in [
            "<web:GetExchangeRates><web:startDate>2025-03-24</web:startDate><web:endDate>2025-03-28</web:endDate>",
            "<web:currencyNames>AUD,BRL,CAD,CHF,CNY,CZK,DKK,EUR,GBP,HKD,IDR,ILS,INR,ISK,JPY,KRW,MXN,MYR,NOK,NZD,PHP,PLN,RON,RSD,RUB,SEK,SGD,THB,TRY,UAH,USD,ZAR</web:currencyNames>",
            "xmlns:web=\"http://www.mnb.hu/webservices/\"",
        ] {
            assert!(envelope.contains(part), "{part}");
        }
        let (action, envelope) = soap_call("/arfolyamok.asmx").unwrap();
        assert!(action.ends_with("/GetCurrentExchangeRates"));
        assert!(envelope.contains("<web:GetCurrentExchangeRates></web:GetCurrentExchangeRates>"));
        assert_eq!(
            soap_call("/arfolyamok.asmx?startDate=2025-02-30&endDate=2025-03-28"),
            None
        );
        assert_eq!(soap_call("/other"), None);
    }

    #[test]
    fn every_request_is_a_soap_post_to_the_service() {
        let path = Mnb.for_date(d("2025-03-28"), d("2025-04-08"));
        let post = Mnb.post(&path).unwrap();
        let (action, envelope) = soap_call(&path).unwrap();
        assert_eq!(post.path, "/arfolyamok.asmx");
        assert_eq!(
            post.headers,
            [
                ("Content-Type", "text/xml; charset=utf-8".to_owned()),
                ("SOAPAction", action)
            ]
        );
        assert_eq!(post.body, envelope.into_bytes());
        let latest = Mnb.post(&Mnb.latest()).unwrap();
        assert!(latest.headers[1].1.ends_with("/GetCurrentExchangeRates"));
        assert_eq!(Mnb.post("/other"), None);
    }

    #[test]
    fn the_facts_name_the_mnb_its_forint_and_its_first_date() {
        assert_eq!(
            (ID.as_str(), ID.publisher(), ID.lead_days()),
            ("mnb", NAME, 0)
        );
        assert_eq!(ID.base().as_str(), "HUF");
        assert_eq!(ID.first_date(), d("1999-01-04"));
        assert!(ID.may_publish("UAH".parse().unwrap()));
        assert!(!ID.may_publish("KZT".parse().unwrap()));
        let mut names: Vec<&str> = CURRENCY_NAMES.split(',').collect();
        names.sort_unstable();
        let listed: Vec<&str> = CATALOGUE.iter().map(CurrencyCode::as_str).collect();
        assert_eq!(names, listed);
    }

    #[test]
    fn the_official_rates_are_expected_at_half_past_eleven_in_budapest() {
        let mnb = ID.schedule();
        let winter = mnb.publication_of(d("2025-03-28"));
        assert_eq!(
            winter,
            Utc.with_ymd_and_hms(2025, 3, 28, 10, 30, 0).single()
        );
        let summer = mnb.publication_of(d("2026-07-07"));
        assert_eq!(summer, Utc.with_ymd_and_hms(2026, 7, 7, 9, 30, 0).single());
        assert_eq!(
            mnb.publication_of(d("2026-08-20")),
            None,
            "St Stephen's Day"
        );
    }
}
