//! The Czech National Bank's `denni_kurz.txt`: any bytes.
#![no_main]

use kurs_rates::{parse_cnb_txt, SourceId};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(table) = parse_cnb_txt(data) {
        kurs_fuzz::check_tables(SourceId::parse("cnb").unwrap(), &[table]);
    }
});
