//! The ECB's XML files (daily, 90-day, history): any text.
#![no_main]

use kurs_rates::{parse_ecb_xml, SourceId};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(tables) = parse_ecb_xml(text) {
        kurs_fuzz::check_tables(SourceId::ECB, &tables);
    }
});
