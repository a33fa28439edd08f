//! Loading the bundled ECB history, against parsing the published CSV.
//!
//! `cargo bench -p kurs-rates --bench load`. The baseline is the published
//! CSV parsed with `parse_ecb_csv`: what start-up would cost without the
//! snapshot.

use std::io::Read;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use kurs_rates::{bundled, parse_ecb_csv, SourceId};

fn load(c: &mut Criterion) {
    let zip = std::fs::File::open(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/eurofxref-hist.zip"
    ))
    .unwrap();
    let mut csv = String::new();
    zip::ZipArchive::new(zip)
        .unwrap()
        .by_name("eurofxref-hist.csv")
        .unwrap()
        .read_to_string(&mut csv)
        .unwrap();
    let mut g = c.benchmark_group("load");
    g.sample_size(30);
    g.bench_function("baseline: parse_ecb_csv(eurofxref-hist.csv)", |b| {
        b.iter(|| parse_ecb_csv(black_box(&csv)).unwrap())
    });
    g.bench_function("bundled(ECB): decode the snapshot", |b| {
        b.iter(|| bundled(black_box(SourceId::ECB)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
