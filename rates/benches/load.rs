//! Start-up costs: loading the bundled ECB history, opening a store with a
//! full data directory, and parsing each source's largest real file.
//!
//! `cargo bench -p kurs-rates --bench load`. Each group has a baseline
//! measured in the same run, so the figures in BENCHMARKS.md are ratios as
//! well as times.

use std::io::Read;
use std::sync::Arc;

use chrono::{Days, NaiveDate};
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use kurs_rates::{
    bundled, parse_cbr_xml, parse_ecb_csv, parse_ecb_xml, parse_nbp_tables_json, DataDir, Quote,
    SourceId, Store, StoreOptions, Table,
};

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/src/sources/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn history_csv() -> String {
    let zip = std::fs::File::open(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/eurofxref-hist.zip"
    ))
    .unwrap();
    let mut csv = String::new();
    let mut archive = zip::ZipArchive::new(zip).unwrap();
    archive
        .by_name("eurofxref-hist.csv")
        .unwrap()
        .read_to_string(&mut csv)
        .unwrap();
    csv
}

fn load(c: &mut Criterion) {
    let csv = history_csv();
    let mut g = c.benchmark_group("load");
    g.sample_size(30);
    g.bench_function("baseline: parse_ecb_csv(eurofxref-hist.csv)", |b| {
        b.iter(|| parse_ecb_csv(black_box(&csv)).unwrap())
    });
    g.bench_function("bundled(ECB): decode the snapshot", |b| {
        b.iter(|| bundled(black_box(SourceId::ECB)).unwrap().tables().len())
    });
    let date = NaiveDate::from_ymd_opt(2011, 11, 19).unwrap();
    g.bench_function(
        "bundled(ECB): open, the table of one date (one year)",
        |b| {
            b.iter(|| {
                let ecb = bundled(black_box(SourceId::ECB)).unwrap();
                ecb.as_of(date).unwrap().date()
            })
        },
    );
    g.finish();
}

/// A year of Bank of Russia tables: the real 2025-12-13 table re-dated to
/// each Tuesday..Saturday of the year before it.
fn cbr_year() -> Vec<Arc<Table>> {
    let real = parse_cbr_xml(&fixture(
        "cbr/fixtures/usingcbrfapi_XML_daily_eng_2025-12-13.xml",
    ))
    .unwrap();
    let quotes: Vec<(kurs_rates::CurrencyCode, Quote)> = real.quotes().to_vec();
    let end = NaiveDate::from_ymd_opt(2025, 12, 13).unwrap();
    (0..365)
        .filter_map(|back| end.checked_sub_days(Days::new(back)))
        .filter(|d| {
            !matches!(
                chrono::Datelike::weekday(d),
                chrono::Weekday::Sun | chrono::Weekday::Mon
            )
        })
        .map(|d| Arc::new(Table::new(SourceId::CBR, d, real.base(), quotes.clone()).unwrap()))
        .collect()
}

fn open(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let ecb = bundled(SourceId::ECB).unwrap();
    data.save_tables(SourceId::ECB, ecb.tables()).unwrap();
    data.save_tables(SourceId::CBR, &cbr_year()).unwrap();
    let mut g = c.benchmark_group("open");
    g.sample_size(20);
    g.bench_function("baseline: Store::open, bundled history only", |b| {
        b.iter(|| Store::open(StoreOptions::offline()))
    });
    g.bench_function(
        "Store::open, data dir with the full ECB history + a year of CBR",
        |b| {
            b.iter(|| {
                let options = StoreOptions {
                    data_dir: Some(data.clone()),
                    ..StoreOptions::offline()
                };
                let (store, problems) = Store::open(options);
                assert!(problems.is_empty());
                store
            })
        },
    );
    g.finish();
}

/// The bundled history written out in the ECB's XML layout (the shape of
/// `eurofxref-hist.xml`), for timing the XML parser on a full history.
fn history_xml() -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?><gesmes:Envelope xmlns:gesmes=\"http://www.gesmes.org/xml/2002-08-01\" xmlns=\"http://www.ecb.int/vocabulary/2002-08-01/eurofxref\"><Cube>");
    for table in bundled(SourceId::ECB).unwrap().tables().iter().rev() {
        xml.push_str(&format!("<Cube time=\"{}\">", table.date()));
        for (code, q) in table.quotes() {
            xml.push_str(&format!("<Cube currency=\"{code}\" rate=\"{}\"/>", q.units));
        }
        xml.push_str("</Cube>\n");
    }
    xml.push_str("</Cube></gesmes:Envelope>\n");
    xml
}

fn parse(c: &mut Criterion) {
    let ecb_90d =
        String::from_utf8(fixture("ecb/fixtures/exchanger_hist-90d_2019-11-29.xml")).unwrap();
    let ecb_daily =
        String::from_utf8(fixture("ecb/fixtures/exchanger_daily_2015-01-07.xml")).unwrap();
    let cbr = fixture("cbr/fixtures/usingcbrfapi_XML_daily_eng_2025-12-13.xml");
    let nbp = String::from_utf8(fixture("nbp/fixtures/nbpapi_tables_A_2020-12-07.json")).unwrap();
    let mut g = c.benchmark_group("parse");
    g.bench_function("baseline: ECB daily XML (1.6 KB, 31 rates)", |b| {
        b.iter(|| parse_ecb_xml(black_box(&ecb_daily)).unwrap())
    });
    g.bench_function("ECB 90-day XML (77 KB, 65 days)", |b| {
        b.iter(|| parse_ecb_xml(black_box(&ecb_90d)).unwrap())
    });
    g.bench_function("Bank of Russia XML_daily (10 KB, 55 rates)", |b| {
        b.iter(|| parse_cbr_xml(black_box(&cbr)).unwrap())
    });
    g.bench_function("NBP table A JSON (2 KB, 35 rates)", |b| {
        b.iter(|| parse_nbp_tables_json(black_box(&nbp)).unwrap())
    });
    g.finish();
    let csv = history_csv();
    let xml = history_xml();
    let mut g = c.benchmark_group("parse-history");
    g.sample_size(20);
    g.bench_function("ECB full history CSV (1.9 MB, 7,126 tables)", |b| {
        b.iter(|| parse_ecb_csv(black_box(&csv)).unwrap())
    });
    g.bench_function(
        "ECB full history as XML (the bundled history in the ECB layout)",
        |b| b.iter(|| parse_ecb_xml(black_box(&xml)).unwrap()),
    );
    g.finish();
}

criterion_group!(benches, load, open, parse);
criterion_main!(benches);
