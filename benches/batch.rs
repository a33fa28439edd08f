//! `POST /v1/convert` with 1,000 items, in-process, against a baseline
//! measured in the same run.
//!
//! `cargo bench --bench batch`. The baseline is 1,000 bare
//! [`Book::convert`] calls (the conversions the batch must do at least);
//! the batches go through the whole router (`kurs::api::app`, JSON body
//! parsed, every item converted from one book, the answer serialised), on
//! the bundled ECB history offline. BENCHMARKS.md reports the ratios.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use kurs::api::{app, AppState};
use kurs::{Book, ConvertQuery, Currency, Service};
use kurs_rates::{SourceId, Store, StoreOptions};
use tower::ServiceExt;

/// The items of one batch: `n` conversions of `from`->`to` on `date` from
/// the ECB, each with a different amount.
fn batch(n: usize, from: &str, to: &str, date: &str) -> Vec<u8> {
    let items: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "from": from, "to": to, "amount": format!("{}.{:02}", 100 + i, i % 100),
                "date": date, "source": "ecb",
            })
        })
        .collect();
    serde_json::to_vec(&items).unwrap()
}

fn batches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let store = rt.block_on(async { Store::open(StoreOptions::offline()).0 });
    let router = app(AppState::new(Service::new(store)));
    let post_as = |body: &[u8], encodings: &str| {
        let request = Request::post("/v1/convert")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT_ENCODING, encodings)
            .body(Body::from(body.to_vec()))
            .unwrap();
        let r = rt.block_on(router.clone().oneshot(request)).unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        rt.block_on(axum::body::to_bytes(r.into_body(), usize::MAX))
            .unwrap()
    };
    let post = |body: &[u8]| post_as(body, "identity");
    let ok = batch(1000, "USD", "JPY", "2011-11-18");
    let refused = batch(1000, "USD", "RUB", "2023-01-10");
    let answer = String::from_utf8(post(&refused).to_vec()).unwrap();
    assert_eq!(
        answer.matches("\"code\":\"rate_unavailable\"").count(),
        1000
    );
    assert!(!String::from_utf8(post(&ok).to_vec())
        .unwrap()
        .contains("\"code\""));

    let book = Book::bundled();
    let today = "2026-11-29".parse().unwrap();
    let queries: Vec<ConvertQuery> = (0..1000)
        .map(|i| {
            let mut q = ConvertQuery::new(
                format!("{}.{:02}", 100 + i, i % 100).parse().unwrap(),
                Currency::parse("USD").unwrap(),
                Currency::parse("JPY").unwrap(),
            );
            q.date = Some("2011-11-18".parse().unwrap());
            q.source = Some(SourceId::ECB);
            q
        })
        .collect();

    let mut g = c.benchmark_group("batch of 1,000");
    // A refused batch takes up to 0.2 s before the fix: few samples suffice.
    g.sample_size(20);
    g.bench_function("baseline: 1,000 Book::convert (USD->JPY)", |b| {
        b.iter(|| {
            for q in &queries {
                black_box(book.convert(black_box(q), today).unwrap());
            }
        })
    });
    g.bench_function("POST /v1/convert, 1,000 converted (USD->JPY)", |b| {
        b.iter(|| post(black_box(&ok)))
    });
    g.bench_function(
        "POST /v1/convert, 1,000 converted, Accept-Encoding: gzip, br",
        |b| b.iter(|| post_as(black_box(&ok), "gzip, br")),
    );
    g.bench_function(
        "POST /v1/convert, 1,000 refused (USD->RUB 2023, ecb)",
        |b| b.iter(|| post(black_box(&refused))),
    );
    g.finish();
}

criterion_group!(benches, batches);
criterion_main!(benches);
