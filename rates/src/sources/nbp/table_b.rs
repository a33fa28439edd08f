//! Table B of the NBP: the average rates of some 115 more currencies,
//! published once a week, as a source of its own (`nbp.b`).
//!
//! Table B has the shape of table A (the same JSON with `"table":"B"`), the
//! same host and the same origin variable, so both sources follow one
//! `--nbp-url`. Its requests mirror table A's: a range of days up to the
//! date asked for (the newest table of it is the one in force), and ranges
//! of at most 93 days to catch up.

use std::sync::Arc;

use chrono::NaiveDate;

use super::parse::Letter;
use super::{calendar, nbp_catch_up, nbp_for_date, parse_body, Attribution, Source};
use crate::source::{codes, Facts};
use crate::{CurrencyCode, ParseError, Quote, SourceId, Table};

/// What kurs knows of table B without asking the NBP. Its API serves the
/// tables from 2002-01-02 (the date its documentation gives for every
/// table; the first table B of 2002 may be a few days later).
static FACTS_B: Facts = Facts {
    id: "nbp.b",
    name: "NBP (table B)",
    base: CurrencyCode::new_static("PLN"),
    first: (2002, 1, 2),
    catalogue: Some(&CATALOGUE_B),
    schedule: calendar::SCHEDULE_B,
    source: || Arc::new(NbpB),
};

/// Narodowy Bank Polski, table B: the weekly average rates of the
/// currencies table A does not quote.
pub const ID_B: SourceId = SourceId::new(&FACTS_B);

/// Every currency table B may have quoted since 2002:
///
/// * the 116 codes of 009/B/NBP/2026 (2026-03-04, the recorded table),
/// * the codes those replaced since 2002 that kurs's currency list knows:
///   AZM (AZN, 2006), BYR (BYN, 2016), SDD (SDG, 2007), TMM (TMT, 2009),
///   VEB (VEF, 2008) and VEF (VES, 2018), YUM (CSD then RSD, 2003).
///
/// Older codes the NBP published that ISO 4217 retired but kurs's list
/// lacks (AFA, ANG, CSD, CUC, GHC, MGF, MRO, MZM, SLL, SRG, STD, ZMK, ZWD,
/// ZWL, ...) are left out: `Currency::get` must know every catalogued code.
/// Before 2004 table B also quoted some of table A's currencies (EUR, USD,
/// ..., says Frankfurter's migration merging its two NBP providers); they
/// are left out too, as table A of the same bank answers them every day.
static CATALOGUE_B: [CurrencyCode; 123] = codes([
    // 009/B/NBP/2026.
    "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AWG", "AZN", "BAM", "BBD", "BDT", "BHD", "BIF",
    "BND", "BOB", "BSD", "BWP", "BYN", "BZD", "CDF", "COP", "CRC", "CUP", "CVE", "DJF", "DOP",
    "DZD", "EGP", "ERN", "ETB", "FJD", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HNL",
    "HTG", "IQD", "IRR", "JMD", "JOD", "KES", "KGS", "KHR", "KMF", "KWD", "KZT", "LAK", "LBP",
    "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR",
    "MVR", "MWK", "MZN", "NAD", "NGN", "NIO", "NPR", "OMR", "PAB", "PEN", "PGK", "PKR", "PYG",
    "QAR", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SLE", "SOS", "SRD", "SSP", "STN",
    "SVC", "SYP", "SZL", "TJS", "TMT", "TND", "TOP", "TTD", "TWD", "TZS", "UGX", "UYU", "UZS",
    "VES", "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZMW", "ZWG",
    // Replaced since 2002.
    "AZM", "BYR", "SDD", "TMM", "VEB", "VEF", "YUM",
]);

/// Codes table B kept for a while after the currency changed, quoting the
/// new currency under the old code: (code as published, the currency its
/// rates are of, from the table dated). The figures are the NBP's, as
/// Frankfurter's tests quote them: "BYB" 0.002494 zloty on 2002-02-26 is a
/// BYR (the BYB, 1,000 to the BYR, was withdrawn in 2001); "AON" 0.0503 on
/// 2003-10-28 is an AOA; "AFA" was 0.000816 on 2002-12-24, an afghani of
/// before the 1,000-to-1 AFN, but 0.089056 on 2003-01-07, the next table,
/// an AFN. Table B also quoted the Zimbabwe dollar of 2009 as "ZWR"; kurs
/// knows neither ZWR nor ZWL, so that code is left as published.
const RELABELLED: [(CurrencyCode, CurrencyCode, (i32, u32, u32)); 3] = [
    (code("BYB"), code("BYR"), (2002, 1, 1)),
    (code("AON"), code("AOA"), (2002, 1, 1)),
    (code("AFA"), code("AFN"), (2003, 1, 1)),
];

const fn code(s: &str) -> CurrencyCode {
    CurrencyCode::new_static(s)
}

/// Files the rates table B published under an outdated code (see
/// [`RELABELLED`]) under the currency they are of, unless the table of
/// `date` quotes that currency too (then it stays as published).
pub(super) fn relabel(date: NaiveDate, quotes: &mut [(CurrencyCode, Quote)]) {
    for (old, new, (y, m, d)) in RELABELLED {
        let applies = NaiveDate::from_ymd_opt(y, m, d).is_some_and(|from| date >= from);
        if !applies || quotes.iter().any(|(c, _)| *c == new) {
            continue;
        }
        if let Some((c, _)) = quotes.iter_mut().find(|(c, _)| *c == old) {
            *c = new;
        }
    }
}

/// The National Bank of Poland's average rates, table B.
pub(super) struct NbpB;

/// How far back a date request looks for the table B in force: three
/// weeks, so that a range holds a table even when a holiday moved the
/// table before it to a Friday, or in years of fewer tables.
const NBP_B_LOOKBACK: u64 = 21;
/// Table B appears weekly: more than a week after the newest table held,
/// [`Source::latest`] may have missed one, and a range catches up.
const NBP_B_GAP: i64 = 7;

impl Source for NbpB {
    fn id(&self) -> SourceId {
        ID_B
    }
    fn default_origin(&self) -> &'static str {
        "https://api.nbp.pl"
    }
    fn origin_variable(&self) -> &'static str {
        // Table A's: one host, one setting.
        "KURS_NBP_URL"
    }
    fn attribution(&self) -> Attribution {
        Attribution {
            publisher: "Narodowy Bank Polski",
            text: "Average exchange rates of foreign currencies (table B) of Narodowy Bank Polski.",
            terms_url: "https://api.nbp.pl/en.html",
        }
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    fn latest(&self) -> String {
        "/api/exchangerates/tables/B/?format=json".to_owned()
    }
    fn for_date(&self, date: NaiveDate, _today: NaiveDate) -> String {
        nbp_for_date(Letter::B, date, NBP_B_LOOKBACK)
    }
    fn catch_up(&self, since: NaiveDate, today: NaiveDate) -> Option<String> {
        nbp_catch_up(Letter::B, since, today, NBP_B_GAP)
    }
    fn full(&self) -> Option<String> {
        None
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        parse_body(body, Letter::B)
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::super::{Nbp, ID};
    use super::*;

    /// 009/B/NBP/2026, the answer of `.../tables/B/2026-03-01/2026-03-05/`.
    const BODY: &[u8] = include_bytes!("fixtures/frankfurter_tables_B_2026-03-01_2026-03-05.json");
    const TABLE_A: &[u8] = include_bytes!("fixtures/nbpapi_tables_A_2020-12-07.json");
    const PLN: CurrencyCode = CurrencyCode::new_static("PLN");

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn code(s: &str) -> CurrencyCode {
        s.parse().unwrap()
    }

    fn mid(t: &Table, c: &str) -> String {
        let q = t.quote(code(c)).unwrap();
        assert_eq!(q.units, Decimal::ONE, "{c}");
        q.value.to_string()
    }

    fn error_of(body: &[u8]) -> String {
        NbpB.parse(body).unwrap_err().to_string()
    }

    fn body_with(from: &str, to: &str) -> Vec<u8> {
        let text = std::str::from_utf8(BODY).unwrap();
        assert!(text.contains(from), "{from}");
        text.replacen(from, to, 1).into_bytes()
    }

    #[test]
    fn requests_use_the_table_b_paths_of_table_a_s_host_and_setting() {
        let today = d("2026-11-29");
        assert_eq!(NbpB.latest(), "/api/exchangerates/tables/B/?format=json");
        assert_eq!(
            NbpB.for_date(d("2026-03-05"), today),
            "/api/exchangerates/tables/B/2026-02-12/2026-03-05/?format=json"
        );
        assert_eq!(NbpB.catch_up(d("2026-11-25"), today), None);
        assert_eq!(
            NbpB.catch_up(d("2026-11-18"), today).as_deref(),
            Some("/api/exchangerates/tables/B/2026-11-18/2026-11-29/?format=json")
        );
        assert_eq!(
            NbpB.catch_up(d("2026-01-07"), today).as_deref(),
            Some("/api/exchangerates/tables/B/2026-08-29/2026-11-29/?format=json")
        );
        assert_eq!(NbpB.full(), None);
        assert!(NbpB.fetched_by_date());
        assert_eq!(
            (NbpB.default_origin(), NbpB.origin_variable()),
            (Nbp.default_origin(), Nbp.origin_variable())
        );
        assert_eq!(NbpB.attribution().publisher, Nbp.attribution().publisher);
    }

    #[test]
    fn the_facts_name_table_b_of_the_nbp_its_zloty_and_its_first_date() {
        assert_eq!(
            (ID_B.as_str(), ID_B.publisher(), ID_B.lead_days()),
            ("nbp.b", "NBP (table B)", 0)
        );
        assert_eq!(ID_B.in_sentence(), "the NBP (table B)");
        assert_eq!(ID_B.to_string(), "nbp.b");
        assert_ne!(ID_B, ID);
        assert_eq!(ID_B.base(), PLN);
        assert_eq!(ID_B.first_date(), d("2002-01-02"));
        assert!(ID_B.may_publish(code("VND")));
        assert!(ID_B.may_publish(PLN));
        assert!(!ID_B.may_publish(code("USD")), "table A's");
        let catalogue = ID_B.catalogue().unwrap();
        assert!(
            catalogue.windows(2).all(|w| w[0] < w[1]),
            "sorted, each once"
        );
    }

    #[test]
    fn nbp_b_is_found_by_name_once_registered_and_pln_stays_table_a_s() {
        let registered = SourceId::all().contains(&ID_B);
        assert_eq!(SourceId::parse("nbp.b"), registered.then_some(ID_B));
        assert_eq!(SourceId::parse(" NBP.B "), registered.then_some(ID_B));
        assert_eq!(SourceId::parse("nbp"), Some(ID));
        assert_eq!(SourceId::issuer_of(PLN), Some(ID));
    }

    #[test]
    fn the_recorded_table_b_gives_one_table_with_every_mid_as_written() {
        let tables = NbpB.parse(BODY).unwrap();
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(
            (t.source(), t.base(), t.date()),
            (ID_B, PLN, d("2026-03-04"))
        );
        assert_eq!(t.len(), 116);
        assert_eq!(mid(t, "AFN"), "0.056626");
        assert_eq!(mid(t, "KWD"), "12.0172");
        assert_eq!(mid(t, "NIO"), "0.1000");
        assert_eq!(mid(t, "VND"), "0.00014035");
        assert_eq!(mid(t, "IRR"), "0.0000028");
        assert_eq!(mid(t, "LBP"), "0.000041");
        assert_eq!(mid(t, "RUB"), "0.0474");
        assert_eq!(mid(t, "ZWG"), "0.1429");
        assert!(t.quote(code("USD")).is_none());
    }

    #[test]
    fn outdated_codes_are_filed_under_the_currency_their_rates_are_of() {
        // The real table with BYN and AFN under the codes of 2002-2003.
        let body = body_with("\"code\":\"BYN\"", "\"code\":\"BYB\"");
        let body = String::from_utf8(body).unwrap();
        let body = body.replacen("\"code\":\"AFN\"", "\"code\":\"AFA\"", 1);
        let t = &NbpB.parse(body.as_bytes()).unwrap()[0];
        assert_eq!(mid(t, "BYR"), "1.2615");
        assert_eq!(mid(t, "AFN"), "0.056626");
        assert!(t.quote(code("BYB")).is_none() && t.quote(code("AFA")).is_none());
        // Before 2003 "AFA" was the old afghani; with AOA quoted too,
        // "AON" is left as published.
        let body = body
            .replacen("\"2026-03-04\"", "\"2002-12-24\"", 1)
            .replacen("\"code\":\"TND\"", "\"code\":\"AON\"", 1);
        let t = &NbpB.parse(body.as_bytes()).unwrap()[0];
        assert_eq!(mid(t, "AFA"), "0.056626");
        assert_eq!(mid(t, "AON"), "1.2660");
        assert_eq!(mid(t, "AOA"), "0.004005");
        assert_eq!(mid(t, "BYR"), "1.2615");
    }

    #[test]
    fn every_recorded_code_is_in_the_catalogue() {
        let catalogue = ID_B.catalogue().unwrap();
        let t = &NbpB.parse(BODY).unwrap()[0];
        let recorded: Vec<CurrencyCode> = t.quotes().iter().map(|(c, _)| *c).collect();
        assert_eq!(recorded.len(), 116);
        for c in recorded {
            assert!(catalogue.contains(&c), "{c}");
        }
    }

    #[test]
    fn the_data_dir_keeps_table_b_in_a_folder_of_its_own_named_nbp_b() {
        let tmp = tempfile::TempDir::new().unwrap();
        let data = crate::DataDir::new(tmp.path().join("kurs"));
        let tables: Vec<Arc<Table>> = NbpB
            .parse(BODY)
            .unwrap()
            .into_iter()
            .map(Arc::new)
            .collect();
        data.save_tables(ID_B, &tables).unwrap();
        assert!(tmp
            .path()
            .join("kurs")
            .join("nbp.b")
            .join("2026.bin")
            .is_file());
        // A year file names its source, looked up among the registered ones.
        if SourceId::all().contains(&ID_B) {
            let loaded = data.load(ID_B);
            assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
            let dates: Vec<NaiveDate> = loaded.tables.iter().map(|t| t.date()).collect();
            assert_eq!(dates, [d("2026-03-04")]);
            assert_eq!(loaded.tables[0].source(), ID_B);
        }
    }

    #[test]
    fn a_table_of_the_other_letter_is_refused_naming_its_source() {
        let err = error_of(TABLE_A);
        assert!(err.contains("table 238/A/NBP/2020"), "{err}");
        assert!(
            err.contains("expected table B, found table A (the rates of source nbp)"),
            "{err}"
        );
        let err = Nbp.parse(BODY).unwrap_err().to_string();
        assert!(
            err.contains("expected table A, found table B (the rates of source nbp.b)"),
            "{err}"
        );
    }

    #[test]
    fn malformed_bodies_are_refused_never_panicking() {
        let half = &BODY[..BODY.len() / 2];
        assert!(error_of(half).contains("well-formed JSON"));
        assert!(error_of(b"[]").contains("empty array"));
        assert!(error_of(b"").contains("expected a JSON array"));
        assert!(error_of(b"[{\"table\":\"B\"\xff}]").contains("not UTF-8"));
        let err = error_of(&body_with("\"rates\":", "\"rate\":"));
        assert!(err.contains("rates"), "{err}");
        let err = error_of(&body_with("\"mid\":0.056626", "\"mid\":\"0.056626\""));
        assert!(
            err.contains("009/B/NBP/2026") && err.contains("AFN"),
            "{err}"
        );
        let err = error_of(&body_with("\"table\":\"B\"", "\"table\":\"C\""));
        assert!(err.contains("no mid rates; expected table B"), "{err}");
    }
}
