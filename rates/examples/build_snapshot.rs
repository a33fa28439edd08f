//! Rebuilds `rates/data/ecb-history.bin` from the published ECB history.
//!
//! ```text
//! cargo run -p kurs-rates --example build_snapshot [-- path/to/eurofxref-hist.zip]
//! ```
//!
//! The input defaults to `rates/data/eurofxref-hist.zip`, a byte copy of the
//! ECB's own file. The test `bundled_snapshot_equals_the_published_history`
//! fails whenever the two disagree.

use std::io::Read;
use std::path::PathBuf;

use kurs_rates::{encode_snapshot, parse_ecb_csv, History, SourceId};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data");
    let input = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.join("eurofxref-hist.zip"));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&input)?)?;
    let mut csv = String::new();
    archive
        .by_name("eurofxref-hist.csv")?
        .read_to_string(&mut csv)?;
    let history = History::new(SourceId::ECB, parse_ecb_csv(&csv)?);
    let bytes = encode_snapshot(&history)?;
    let out = dir.join("ecb-history.bin");
    std::fs::write(&out, &bytes)?;
    let (first, last) = (history.first(), history.latest());
    println!(
        "wrote {} ({} bytes): {} tables, {} to {}",
        out.display(),
        bytes.len(),
        history.len(),
        first.map(|t| t.date().to_string()).unwrap_or_default(),
        last.map(|t| t.date().to_string()).unwrap_or_default(),
    );
    Ok(())
}
