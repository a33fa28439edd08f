//! The bundled history decodes a year only when a lookup needs it, and
//! answers exactly as the same snapshot decoded whole.

use chrono::{Datelike, NaiveDate};
use kurs_rates::{bundled, decode_snapshot, CurrencyCode, History, SourceId};

static SNAPSHOT: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/ecb-history.bin"));

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn whole() -> History {
    decode_snapshot(SNAPSHOT).expect("the bundled snapshot decodes whole")
}

fn lazy() -> History {
    bundled(SourceId::ECB).expect("the bundled snapshot opens")
}

/// Before the first table, the first day, weekends, January 1-3 of every
/// year (answered by the previous year's last table), a day in the middle
/// and the last day of every year, the newest table, and after it.
fn dates() -> Vec<NaiveDate> {
    let mut dates: Vec<NaiveDate> = [
        "1970-01-01",
        "1998-12-31",
        "1999-01-01",
        "1999-01-03",
        "1999-01-04",
        "1999-01-05",
        "2011-11-18",
        "2011-11-19",
        "2011-11-20",
        "2022-03-01",
        "2022-03-02",
        "2026-10-30",
        "2026-10-31",
        "2026-12-02",
        "2030-01-01",
    ]
    .iter()
    .map(|d| day(d))
    .collect();
    for year in 1999..=2027 {
        for (m, d) in [(1, 1), (1, 2), (1, 3), (6, 15), (12, 31)] {
            dates.push(NaiveDate::from_ymd_opt(year, m, d).unwrap());
        }
    }
    dates
}

/// Every lookup a question makes, written out: the effective table, its
/// neighbour, and each currency's quote or refusal.
fn answers(h: &History, date: NaiveDate, codes: &[CurrencyCode]) -> String {
    let mut out = format!("{date}: ");
    match h.as_of(date) {
        Err(e) => out += &format!("{e}"),
        Ok(t) => {
            out += &format!("{t:?}\nprevious {:?}\n", h.previous(t).map(|p| p.date()));
            for code in codes {
                out += &format!("{code} {:?}\n", h.quote_in(t, *code));
            }
        }
    }
    out += &format!("exact {:?}", h.get(date).map(|t| t.date()));
    out
}

#[test]
fn a_question_about_one_date_decodes_only_the_years_it_needs() {
    let h = lazy();
    assert_eq!(h.decoded_len(), 0, "opening decodes nothing");
    let t = h.as_of(day("2011-11-19")).unwrap();
    h.quote_in(t, "RUB".parse().unwrap()).unwrap();
    let in_2011 = h.range(day("2011-01-01"), day("2011-12-31")).len();
    let h = lazy();
    let t = h.as_of(day("2011-11-19")).unwrap();
    assert_eq!(t.date(), day("2011-11-18"));
    assert_eq!(h.decoded_len(), in_2011, "only 2011 is decoded");
    let t = h.as_of(day("2012-01-01")).unwrap();
    assert_eq!(t.date(), day("2011-12-30"));
    assert_eq!(h.decoded_len(), in_2011, "New Year's Day needs 2011 alone");
    let err = h.quote_in(t, "ISK".parse().unwrap()).unwrap_err();
    assert!(err
        .to_string()
        .ends_with("after 2008-12-09 until 2018-02-01"));
    assert_eq!(h.decoded_len(), in_2011, "a gap is named from the index");
    assert_eq!(h.coverage().len(), whole().coverage().len());
    assert_eq!(h.len(), 7126);
    assert_eq!(
        h.decoded_len(),
        in_2011,
        "whole-history facts come from the index"
    );
    assert_eq!(h.first().unwrap().date(), day("1999-01-04"));
    let in_1999 = h.range(day("1999-01-01"), day("1999-12-31")).len();
    let h = lazy();
    h.first().unwrap();
    assert_eq!(h.decoded_len(), in_1999, "the first table is in 1999");
}

#[test]
fn the_lazy_history_answers_every_date_as_the_whole_one() {
    let whole = whole();
    let coverage = whole.coverage();
    let mut codes: Vec<CurrencyCode> = coverage.keys().copied().collect();
    codes.push("XAU".parse().unwrap());
    let mut compared = 0;
    for date in dates() {
        // A cold history for every date: what is decoded must not matter.
        let expected = answers(&whole, date, &codes);
        assert_eq!(answers(&lazy(), date, &codes), expected);
        compared += 1;
    }
    assert!(compared > 150, "{compared}");
}

#[test]
fn the_lazy_history_has_the_whole_ones_facts() {
    let (whole, lazy) = (whole(), lazy());
    assert_eq!(lazy.coverage(), whole.coverage(), "the index's coverage");
    assert_eq!(lazy.len(), whole.len());
    assert_eq!(lazy.latest(), whole.latest());
    assert_eq!(lazy.first(), whole.first());
    assert_eq!(lazy.tables(), whole.tables());
    let (a, b) = (day("2019-12-20"), day("2020-01-10"));
    assert_eq!(lazy.range(a, b), whole.range(a, b));
}

#[test]
fn merging_into_a_lazy_history_decodes_only_the_years_merged_into() {
    let whole = whole();
    let newest = whole.latest().unwrap().clone();
    let next_year = NaiveDate::from_ymd_opt(newest.date().year() + 1, 1, 4).unwrap();
    let quotes = newest.quotes().to_vec();
    let new = kurs_rates::Table::new(SourceId::ECB, next_year, newest.base(), quotes).unwrap();
    let old = whole.get(day("2011-11-18")).unwrap().clone();
    let merged = lazy().merged([std::sync::Arc::new(new), std::sync::Arc::new(old)]);
    let expected = whole.merged(merged.range(next_year, next_year).to_vec());
    assert_eq!(merged.tables(), expected.tables());
    let fresh = lazy().merged(expected.range(next_year, next_year).to_vec());
    assert_eq!(fresh.decoded_len(), 1, "only the new year");
    assert_eq!(fresh.latest().unwrap().date(), next_year);
    assert_eq!(fresh.coverage(), expected.coverage());
}

#[test]
fn a_year_file_is_written_as_version_1_which_earlier_kurs_reads() {
    let whole = whole();
    let year = whole.range(day("2011-01-01"), day("2011-12-31")).to_vec();
    let one = History::new(SourceId::ECB, []).merged(year);
    let bytes = kurs_rates::encode_snapshot(&one).unwrap();
    assert_eq!(&bytes[..9], b"KURSSNAP\x01");
    assert_eq!(decode_snapshot(&bytes).unwrap().tables(), one.tables());
    let many = kurs_rates::encode_snapshot(&whole).unwrap();
    assert_eq!(&many[..9], b"KURSSNAP\x02");
    assert_eq!(
        many, SNAPSHOT,
        "the bundled snapshot is what the encoder writes"
    );
}

#[test]
fn a_damaged_index_or_section_is_an_error_not_a_panic() {
    let whole = whole();
    let mut tables = Vec::new();
    for year in ["1999", "2008", "2022"] {
        let start = day(&format!("{year}-03-01"));
        tables.extend(whole.range(start, start + chrono::Days::new(6)).to_vec());
    }
    let bytes =
        kurs_rates::encode_snapshot(&History::new(SourceId::ECB, []).merged(tables)).unwrap();
    assert_eq!(bytes[8], 2, "three years: version 2");
    for at in 0..bytes.len() {
        for flip in [0x01, 0x80, 0xff] {
            let mut damaged = bytes.clone();
            damaged[at] ^= flip;
            // Either an error or a history; never a panic.
            let _ = decode_snapshot(&damaged);
        }
        assert!(decode_snapshot(&bytes[..at]).is_err(), "cut at {at}");
    }
}
