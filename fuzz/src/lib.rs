//! Invariants shared by the fuzz targets in `fuzz_targets/`.
//!
//! Every parser's output must keep the table invariants, and a history must
//! survive the snapshot format unchanged, down to the scale of each decimal
//! (`136` and `136.00` are different publications).

use kurs_rates::{decode_snapshot, encode_snapshot, History, SnapshotError, SourceId, Table};

/// One table as text that keeps every decimal's scale: date, base, and each
/// quote's code, units and value.
pub fn fingerprint(table: &Table) -> String {
    let mut out = format!("{} {} {}:", table.source(), table.date(), table.base());
    for (code, q) in table.quotes() {
        out.push_str(&format!(" {code}={}/{}", q.units, q.value));
    }
    out
}

/// The fingerprints of `tables`, in order.
pub fn fingerprints<'a>(tables: impl IntoIterator<Item = &'a Table>) -> Vec<String> {
    tables.into_iter().map(fingerprint).collect()
}

/// Checks what a parser promises of each table it returns, then that the
/// tables survive the snapshot format.
pub fn check_tables(source: SourceId, tables: &[Table]) {
    for t in tables {
        assert_eq!(t.source(), source, "{}", fingerprint(t));
        for pair in t.quotes().windows(2) {
            assert!(
                pair[0].0 < pair[1].0,
                "unsorted or repeated: {}",
                fingerprint(t)
            );
        }
        for (code, q) in t.quotes() {
            assert_ne!(*code, t.base(), "quotes its base: {}", fingerprint(t));
            assert!(
                q.units.is_sign_positive() && !q.units.is_zero(),
                "{}",
                fingerprint(t)
            );
            assert!(
                q.value.is_sign_positive() && !q.value.is_zero(),
                "{}",
                fingerprint(t)
            );
        }
    }
    snapshot_round_trip(&History::new(source, tables.iter().cloned()));
}

/// A history that can be written as a snapshot reads back the same; one that
/// cannot is refused as `Unwritable`, never written wrongly.
pub fn snapshot_round_trip(history: &History) {
    match encode_snapshot(history) {
        Ok(bytes) => {
            let back = decode_snapshot(&bytes)
                .unwrap_or_else(|e| panic!("a snapshot kurs wrote does not read back: {e}"));
            assert_eq!(back.source(), history.source());
            let want = fingerprints(history.tables().iter().map(|t| &**t));
            let got = fingerprints(back.tables().iter().map(|t| &**t));
            assert_eq!(got, want, "the snapshot changed the tables");
        }
        Err(SnapshotError::Unwritable(_)) => {}
        Err(e) => panic!("encoding failed with a reading error: {e}"),
    }
}
