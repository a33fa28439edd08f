//! The Bank of Russia's XML: any bytes, in any encoding it may declare.
#![no_main]

use kurs_rates::{parse_cbr_xml, SourceId};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(table) = parse_cbr_xml(data) {
        kurs_fuzz::check_tables(SourceId::CBR, &[table]);
    }
});
