//! Snapshot decoding: any bytes. What decodes re-encodes to the same tables.
#![no_main]

use kurs_rates::decode_snapshot;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(history) = decode_snapshot(data) {
        let tables: Vec<_> = history.tables().iter().map(|t| (**t).clone()).collect();
        kurs_fuzz::check_tables(history.source(), &tables);
    }
});
