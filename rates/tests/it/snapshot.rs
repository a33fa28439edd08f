//! The bundled snapshot is the published ECB history, quote for quote.

use std::io::Read;

use chrono::NaiveDate;
use kurs_rates::{bundled, decode_snapshot, encode_snapshot, parse_ecb_csv, History, SourceId};

fn published_history() -> History {
    let zip = std::fs::File::open(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/eurofxref-hist.zip"
    ))
    .unwrap();
    let mut archive = zip::ZipArchive::new(zip).unwrap();
    let mut csv = String::new();
    archive
        .by_name("eurofxref-hist.csv")
        .unwrap()
        .read_to_string(&mut csv)
        .unwrap();
    History::new(SourceId::ECB, parse_ecb_csv(&csv).unwrap())
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn bundled_snapshot_equals_the_published_history() {
    let published = published_history();
    let snapshot = bundled(SourceId::ECB).expect("the ECB snapshot decodes");
    assert_eq!(snapshot.len(), published.len());
    for (a, b) in snapshot.tables().iter().zip(published.tables()) {
        assert_eq!(a.date(), b.date());
        assert_eq!(a.base(), b.base());
        let shown = |t: &kurs_rates::Table| {
            t.quotes()
                .iter()
                .map(|(c, q)| format!("{c}={}/{}", q.units, q.value))
                .collect::<Vec<_>>()
        };
        // Compare the text, so that the published scale ("136" vs "136.00") counts too.
        assert_eq!(shown(a), shown(b), "table of {}", a.date());
    }
}

#[test]
fn bundled_snapshot_spans_1999_to_the_last_published_day() {
    let h = bundled(SourceId::ECB).unwrap();
    assert_eq!(h.first().unwrap().date(), day("1999-01-04"));
    assert_eq!(h.latest().unwrap().date(), day("2026-10-30"));
    assert!(bundled(SourceId::CBR).is_none());
}

#[test]
fn encoding_then_decoding_is_the_identity() {
    let h = published_history();
    let again = decode_snapshot(&encode_snapshot(&h).unwrap()).unwrap();
    assert_eq!(again.tables(), h.tables());
}

#[test]
fn a_damaged_snapshot_is_an_error_not_a_panic() {
    let bytes = encode_snapshot(&published_history()).unwrap();
    for cut in [0, 5, 9, 20, bytes.len() / 2, bytes.len() - 1] {
        assert!(decode_snapshot(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    let mut trailing = bytes.clone();
    trailing.push(0);
    assert!(decode_snapshot(&trailing).is_err());
    let mut bad_magic = bytes;
    bad_magic[0] = b'X';
    assert!(decode_snapshot(&bad_magic).is_err());
}

#[test]
fn the_ecb_stopped_rub_after_2022_03_01() {
    let h = bundled(SourceId::ECB).unwrap();
    let t = h.as_of(day("2023-01-10")).unwrap();
    let err = h.quote_in(t, "RUB".parse().unwrap()).unwrap_err();
    assert!(
        err.to_string()
            .contains("the ECB published no RUB after 2022-03-01"),
        "{err}"
    );
}

#[test]
fn the_ecb_gap_in_isk_is_named_with_both_ends() {
    let h = bundled(SourceId::ECB).unwrap();
    let t = h.as_of(day("2012-06-01")).unwrap();
    let err = h
        .quote_in(t, "ISK".parse().unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("published no ISK after 2008-12-09 until 2018-02-01"),
        "{err}"
    );
}

#[test]
fn the_ecb_stopped_bgn_after_2025_12_31() {
    let h = bundled(SourceId::ECB).unwrap();
    let t = h.as_of(day("2026-03-02")).unwrap();
    let err = h
        .quote_in(t, "BGN".parse().unwrap())
        .unwrap_err()
        .to_string();
    assert!(err.contains("published no BGN after 2025-12-31"), "{err}");
}
