//! The widget rendered on the server (issue 14), in-process, against a
//! baseline measured in the same run.
//!
//! `cargo bench --bench widget`. Every answer goes through the whole router
//! (`kurs::api::app`), on the bundled ECB history offline, and is read to
//! the last body byte; a different amount each time and a render cache too
//! small to keep anything make every request render anew:
//!
//! * baseline: `/v1/rates?invert=true&change=true` of the same table, the
//!   request the script made before there was a combined answer;
//! * `/v1/widget`: the same table with the rows' trends, the options and
//!   the initial conversion, as JSON;
//! * `/widget`: all that as the iframe page's HTML, formatted in Russian.
//!
//! BENCHMARKS.md reports the ratios.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use kurs::api::{app, AppState, StateOptions};
use kurs::Service;
use kurs_rates::{Store, StoreOptions};
use tower::ServiceExt;

const RATES: &str = "/v1/rates?date=2011-11-18&invert=true&change=true";
const WIDGET_JSON: &str = "/v1/widget?date=2011-11-18&lang=ru&from=USD&to=RUB";
const WIDGET_PAGE: &str = "/widget?date=2011-11-18&lang=ru&from=USD&to=RUB";

fn widget(c: &mut Criterion) {
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
    let page = get(&format!("{WIDGET_PAGE}&amount=100"));
    let page = String::from_utf8_lossy(&page);
    assert!(page.contains("3\u{a0}081,20"), "{page}");
    assert!(page.contains("<template shadowrootmode=\"open\">"));

    let mut g = c.benchmark_group("widget");
    let mut n = 0u32;
    let mut amount = move || {
        n = n % 999 + 1;
        format!("100.{n:03}")
    };
    g.bench_function("baseline: GET /v1/rates?invert=true&change=true", |b| {
        b.iter(|| get(black_box(&format!("{RATES}&amount={}", amount()))))
    });
    g.bench_function("GET /v1/widget (rows, trends, options, conversion)", |b| {
        b.iter(|| get(black_box(&format!("{WIDGET_JSON}&amount={}", amount()))))
    });
    g.bench_function("GET /widget (the whole page, ru)", |b| {
        b.iter(|| get(black_box(&format!("{WIDGET_PAGE}&amount={}", amount()))))
    });
    g.finish();
}

criterion_group!(benches, widget);
criterion_main!(benches);
