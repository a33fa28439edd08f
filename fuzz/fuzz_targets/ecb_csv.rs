//! The ECB's CSV files (history and daily): any text. What parses is written
//! back as a history CSV, which must parse to the same tables.
#![no_main]

use kurs_rates::{parse_ecb_csv, SourceId, Table};
use libfuzzer_sys::fuzz_target;

/// The tables as the ECB's history CSV writes them (`N/A` for a missing
/// rate, a trailing comma on every line).
fn history_csv(tables: &[Table]) -> String {
    let mut columns = Vec::new();
    for (code, _) in tables.iter().flat_map(|t| t.quotes()) {
        if !columns.contains(code) {
            columns.push(*code);
        }
    }
    let mut out = String::from("Date,");
    for c in &columns {
        out.push_str(&format!("{c},"));
    }
    for t in tables {
        out.push_str(&format!("\n{},", t.date()));
        for c in &columns {
            match t.quote(*c) {
                Some(q) => out.push_str(&format!("{},", q.units)),
                None => out.push_str("N/A,"),
            }
        }
    }
    out.push('\n');
    out
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(tables) = parse_ecb_csv(text) {
        kurs_fuzz::check_tables(SourceId::ECB, &tables);
        let csv = history_csv(&tables);
        let again = parse_ecb_csv(&csv)
            .unwrap_or_else(|e| panic!("the tables written back do not parse: {e}\n{csv}"));
        assert_eq!(
            kurs_fuzz::fingerprints(&again),
            kurs_fuzz::fingerprints(&tables),
            "{csv}"
        );
    }
});
