//! Long time series, in-process, against baselines measured in the same
//! run (issue 11).
//!
//! `cargo bench --bench timeseries`. Both answers go through the whole
//! router (`kurs::api::app`), on the bundled ECB history offline, and are
//! read to the last body byte:
//!
//! * `/frankfurter/1999-01-04..?from=USD`: every table since the first,
//!   every currency (about 3 MB of JSON), each time with another amount
//!   and a render cache too small to hold it, so that every request
//!   renders it anew (a miss);
//! * `/v1/timeseries` for 366 days and 5 symbols.
//!
//! The baselines are the cheapest things the answers cost at least: a copy
//! of the Frankfurter answer's bytes, and `serde_json` writing a string of
//! the same length. BENCHMARKS.md reports the ratios.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use kurs::api::{app, AppState, StateOptions};
use kurs::Service;
use kurs_rates::{Store, StoreOptions};
use tower::ServiceExt;

/// The whole ECB history from USD, every currency.
const FRANKFURTER: &str = "/frankfurter/1999-01-04..?from=USD";

/// 366 days of 5 currencies.
const TIMESERIES: &str =
    "/v1/timeseries?base=USD&symbols=EUR,JPY,GBP,CHF,CNY&start=2023-01-01&end=2024-01-01";

fn series(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let store = rt.block_on(async { Store::open(StoreOptions::offline()).0 });
    // One byte of render cache: no answer fits, every request renders.
    let options = StateOptions {
        render_cache_bytes: 1,
        ..StateOptions::default()
    };
    let router = app(AppState::with_options(Service::new(store), options));
    let get = |path: &str| {
        let request = Request::get(path)
            .header(header::ACCEPT_ENCODING, "identity")
            .body(Body::empty())
            .unwrap();
        let r = rt.block_on(router.clone().oneshot(request)).unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        rt.block_on(axum::body::to_bytes(r.into_body(), usize::MAX))
            .unwrap()
    };
    let whole = get(FRANKFURTER);
    assert!(whole.len() > 2_500_000, "{} bytes", whole.len());
    let year = get(TIMESERIES);
    assert_eq!(
        String::from_utf8_lossy(&year).matches("\"CNY\"").count(),
        255,
        "the ECB published 255 tables in 2023"
    );
    let text = "x".repeat(whole.len());

    let mut g = c.benchmark_group("long time series");
    g.sample_size(20);
    g.bench_function("baseline: copy the 3 MB Frankfurter answer", |b| {
        b.iter(|| black_box(black_box(&whole[..]).to_vec()))
    });
    g.bench_function("baseline: serde_json of a 3 MB string", |b| {
        b.iter(|| black_box(serde_json::to_vec(black_box(&text)).unwrap()))
    });
    // The render cache is too small to keep an answer, but it evicts
    // lazily: a different amount every time makes every request a miss.
    // The amounts stay between 1.001 and 1.999, so the rates keep the
    // magnitudes of the URL (amount 1): larger amounts would make
    // most rates whole numbers above 5000, which are cheaper to write.
    let mut n = 0u32;
    g.bench_function("GET /frankfurter/1999-01-04..?from=USD (miss)", |b| {
        b.iter(|| {
            n = n % 999 + 1;
            get(black_box(&format!("{FRANKFURTER}&amount=1.{n:03}")))
        })
    });
    g.bench_function("GET /v1/timeseries 366 days x 5 symbols", |b| {
        b.iter(|| get(black_box(TIMESERIES)))
    });
    g.finish();
}

criterion_group!(benches, series);
criterion_main!(benches);
