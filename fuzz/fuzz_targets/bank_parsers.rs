//! Every registered bank's parser, on any bytes: the input is a source id,
//! a newline, then the body (`nbu\n[{...}]`), so one target covers every
//! bank of the registry, including the ones added after it was written;
//! an id kurs does not know is ignored. Its seeds are every recorded
//! answer of those banks, written by `scripts/fuzz-bank-seeds`.
#![no_main]

use kurs_rates::registry;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(newline) = data.iter().position(|b| *b == b'\n') else {
        return;
    };
    let (id, body) = (&data[..newline], &data[newline + 1..]);
    let Some(source) = registry()
        .into_iter()
        .find(|s| s.id().as_str().as_bytes() == id)
    else {
        return;
    };
    if let Ok(tables) = source.parse(body) {
        kurs_fuzz::check_tables(source.id(), &tables);
    }
});
