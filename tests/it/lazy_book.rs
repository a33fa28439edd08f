//! The book of the bundled history, whose years are decoded when a question
//! needs them, answers every question exactly as the history decoded whole:
//! conversions, rates with their change from the previous table, refusals
//! and their messages, and the currencies' coverage.

use std::sync::Arc;

use chrono::NaiveDate;
use kurs::{Book, ConvertQuery, Currency, CurrencyEntry};
use kurs_rates::{bundled, decode_snapshot, CurrencyCode, SourceId};

static SNAPSHOT: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/rates/data/ecb-history.bin"
));

fn whole() -> Book {
    Book::new([Arc::new(decode_snapshot(SNAPSHOT).unwrap())])
}

fn lazy() -> Book {
    Book::new([Arc::new(bundled(SourceId::ECB).unwrap())])
}

fn today() -> NaiveDate {
    "2026-12-02".parse().unwrap()
}

/// Before the first table, the first day, a weekend, January 1-3 of every
/// year (the previous year's last table), mid-year, the newest table, after
/// it, the future; `None` for the latest.
fn dates() -> Vec<Option<NaiveDate>> {
    let mut dates: Vec<Option<NaiveDate>> = [
        "1998-12-31",
        "1999-01-04",
        "2011-11-19",
        "2022-03-02",
        "2026-10-30",
        "2026-11-02",
        "2027-01-01",
    ]
    .iter()
    .map(|d| Some(d.parse().unwrap()))
    .collect();
    for year in 1999..=2026 {
        for (m, d) in [(1, 1), (1, 3), (7, 1)] {
            dates.push(NaiveDate::from_ymd_opt(year, m, d));
        }
    }
    dates.push(None);
    dates
}

/// Pairs the ECB quoted throughout, for a while (RUB, BGN), with a gap
/// (ISK), never (XAU is no ECB currency; CNH no currency at all).
const PAIRS: [(&str, &str); 6] = [
    ("USD", "RUB"),
    ("EUR", "USD"),
    ("ISK", "JPY"),
    ("BGN", "EUR"),
    ("CYP", "GBP"),
    ("XAU", "USD"),
];

fn converted(book: &Book, from: &str, to: &str, date: Option<NaiveDate>) -> String {
    let (from, to) = (Currency::parse(from).unwrap(), Currency::parse(to).unwrap());
    let mut q = ConvertQuery::new("100".parse().unwrap(), from, to);
    q.date = date;
    match book.convert(&q, today()) {
        Ok(c) => format!("{c:?}"),
        Err(e) => format!("{e} / {e:?}"),
    }
}

fn rates(book: &Book, base: &str, date: Option<NaiveDate>) -> String {
    let base: CurrencyCode = base.parse().unwrap();
    match book.rates(base, None, date, None, today()) {
        Ok(view) => format!("{view:?}\nprevious {:?}", book.previous_rates(&view)),
        Err(e) => format!("{e} / {e:?}"),
    }
}

fn currencies(book: &Book) -> Vec<String> {
    let show = |c: &CurrencyEntry| format!("{c:?}");
    book.currencies(true).iter().map(show).collect()
}

#[test]
fn conversions_on_every_kind_of_date_are_the_same_as_from_the_whole_history() {
    let whole = whole();
    let mut compared = 0;
    for date in dates() {
        for (from, to) in PAIRS {
            // A cold book each time: what was decoded before must not matter.
            let expected = converted(&whole, from, to, date);
            assert_eq!(converted(&lazy(), from, to, date), expected);
            compared += 1;
        }
    }
    assert!(compared > 500, "{compared}");
}

#[test]
fn rates_with_their_change_are_the_same_as_from_the_whole_history() {
    let whole = whole();
    for date in dates() {
        for base in ["EUR", "USD", "ISK", "RUB"] {
            assert_eq!(rates(&lazy(), base, date), rates(&whole, base, date));
        }
    }
}

#[test]
fn the_currencies_and_their_coverage_are_the_same_as_from_the_whole_history() {
    let lazy = lazy();
    assert_eq!(currencies(&lazy), currencies(&whole()));
    let ecb = lazy.history(SourceId::ECB).unwrap();
    assert_eq!(ecb.decoded_len(), 0, "listing currencies decodes no table");
}
