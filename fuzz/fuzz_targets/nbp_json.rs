//! The NBP's JSON tables: any text.
#![no_main]

use kurs_rates::{parse_nbp_tables_json, SourceId};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(tables) = parse_nbp_tables_json(text) {
        kurs_fuzz::check_tables(SourceId::NBP, &tables);
    }
});
