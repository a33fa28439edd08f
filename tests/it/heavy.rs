//! Heavy range answers over real HTTP: the whole ECB history as one
//! Frankfurter time series (about 3 MB of JSON) is rendered by at most one
//! request per core at a time, the excess is refused at once with 503 and
//! `Retry-After`, queries asking the same thing share one cached render,
//! and a render whose client left stops.

use crate::app;

use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};
use reqwest::StatusCode;
use tokio::io::AsyncWriteExt;

/// The whole history from its first day, open-ended.
const FULL_RANGE: &str = "/frankfurter/1999-01-04..";

/// Three currencies over the whole history: some 20,000 rates, heavy, but
/// quick enough to render in a debug build on a busy machine.
const THREE: &str = "to=USD,GBP,JPY";

/// `kurs_heavy_renders_total` of the Frankfurter route with `outcome`.
fn renders(outcome: &str) -> String {
    format!("kurs_heavy_renders_total{{route=\"frankfurter\",outcome=\"{outcome}\"}}")
}

/// What one request got, and how long it took.
struct Answer {
    status: StatusCode,
    retry_after: Option<String>,
    content_type: String,
    body: String,
    took: Duration,
}

async fn fetch(url: String) -> Answer {
    let started = Instant::now();
    let r = app::client().get(url).send().await.unwrap();
    let header = |name| {
        r.headers()
            .get(name)
            .map(|v: &reqwest::header::HeaderValue| v.to_str().unwrap().to_owned())
    };
    let (retry_after, content_type) = (header(RETRY_AFTER), header(CONTENT_TYPE));
    let status = r.status();
    let body = r.text().await.unwrap();
    Answer {
        status,
        retry_after,
        content_type: content_type.unwrap_or_default(),
        body,
        took: started.elapsed(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_full_range_requests_than_cores_get_503_at_once_and_the_rest_one_answer() {
    // Arrange: four times as many unique queries as there are permits.
    let base = app::serve_offline().await;
    let permits = std::thread::available_parallelism().unwrap().get();
    let n = 4 * permits + 4;

    // Act: all at once.
    let tasks: Vec<_> = (0..n)
        .map(|i| tokio::spawn(fetch(format!("{base}{FULL_RANGE}?{THREE}&x={i}"))))
        .collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }

    // Assert: some refused promptly with Retry-After, the others one body.
    let (ok, refused): (Vec<_>, Vec<_>) = answers.iter().partition(|a| a.status == StatusCode::OK);
    println!(
        "{n} requests, {} permits: {} answered, {} refused; slowest refusal {:?}, slowest answer {:?}",
        permits,
        ok.len(),
        refused.len(),
        refused.iter().map(|a| a.took).max(),
        ok.iter().map(|a| a.took).max(),
    );
    assert!(!ok.is_empty(), "nothing was answered");
    assert!(!refused.is_empty(), "nothing was refused");
    for a in &refused {
        assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE, "{}", a.body);
        assert_eq!(a.retry_after.as_deref(), Some("1"), "{}", a.body);
        assert_eq!(a.content_type, "application/problem+json");
        assert!(a.body.contains("\"overloaded\""), "{}", a.body);
        assert!(
            a.took < Duration::from_secs(5),
            "refused after {:?}",
            a.took
        );
    }
    let first = &ok[0].body;
    assert!(first.len() > 200_000, "{} bytes", first.len());
    assert!(ok.iter().all(|a| &a.body == first), "the answers differ");
}

#[tokio::test]
async fn queries_asking_the_same_range_are_rendered_once() {
    // Arrange.
    let base = app::serve_offline().await;
    let same_full_range = [
        "/frankfurter/1999-01-01..?to=USD,GBP,JPY",
        "/frankfurter/1999-01-04..?x=1&to=JPY,USD,GBP",
        "/frankfurter/1999-01-04..?base=EUR&amount=1.0&symbols=USD,GBP,JPY",
    ];
    let same_pair = [
        "/frankfurter/2000-01-03..2030-12-31?to=USD,GBP",
        "/frankfurter/2000-01-03..2031-01-01?symbols=GBP,usd,USD&from=EUR",
    ];

    // Act.
    let mut full = Vec::new();
    for path in same_full_range {
        full.push(fetch(format!("{base}{path}")).await);
    }
    let mut pair = Vec::new();
    for path in same_pair {
        pair.push(fetch(format!("{base}{path}")).await);
    }

    // Assert: the same bodies, two renders in all.
    for a in full.iter().chain(&pair) {
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    }
    assert!(full.iter().all(|a| a.body == full[0].body));
    assert!(pair.iter().all(|a| a.body == pair[0].body));
    assert_ne!(full[0].body, pair[0].body);
    assert_eq!(app::counter(&base, &renders("completed")).await, 2);
}

#[tokio::test]
async fn dates_naming_the_same_tables_share_one_render() {
    // Arrange: 1999-01-02 is before the first table (1999-01-04) and
    // 2000-01-01 a Saturday, so both ask for the tables of 1999, every
    // currency (heavy: some 7,000 rates).
    let base = app::serve_offline().await;

    // Act.
    let wide = fetch(format!("{base}/frankfurter/1999-01-02..2000-01-01")).await;
    let exact = fetch(format!("{base}/frankfurter/1999-01-04..1999-12-31")).await;

    // Assert: one render, the second answer a cache hit of the same body.
    assert_eq!(wide.status, StatusCode::OK, "{}", wide.body);
    assert_eq!(exact.status, StatusCode::OK, "{}", exact.body);
    assert!(wide.body.starts_with(
        "{\"amount\":1.0,\"base\":\"EUR\",\"start_date\":\"1999-01-04\",\"end_date\":\"1999-12-3"
    ));
    assert_eq!(wide.body, exact.body);
    assert_eq!(app::counter(&base, &renders("completed")).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_leaves_mid_render_stops_the_render() {
    // Arrange: a heavy question (cross rates from USD, the whole history).
    let base = app::serve_offline().await;
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request =
        format!("GET {FULL_RANGE}?from=USD HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");

    // Act: ask, then hang up while the answer is being rendered.
    stream.write_all(request.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(30)).await;
    drop(stream);

    // Assert: the render is counted as cancelled, and its permit is free.
    let deadline = Instant::now() + Duration::from_secs(15);
    while app::counter(&base, &renders("cancelled")).await == 0 {
        assert!(Instant::now() < deadline, "no cancelled render counted");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(app::counter(&base, &renders("completed")).await, 0);
    let after = fetch(format!("{base}{FULL_RANGE}?{THREE}")).await;
    assert_eq!(after.status, StatusCode::OK, "{}", after.body);
}

#[tokio::test]
async fn a_year_of_every_currency_is_heavy_and_a_month_of_one_is_not() {
    let base = app::serve_offline().await;
    let series = "kurs_heavy_renders_total{route=\"timeseries\",outcome=\"completed\"}";

    let year = fetch(format!(
        "{base}/v1/timeseries?start=2011-01-01&end=2011-12-31"
    ))
    .await;
    let month = fetch(format!(
        "{base}/v1/timeseries?start=2011-11-01&end=2011-11-30&symbols=USD"
    ))
    .await;

    assert_eq!(year.status, StatusCode::OK, "{}", year.body);
    assert_eq!(month.status, StatusCode::OK, "{}", month.body);
    assert_eq!(app::counter(&base, series).await, 1);
}
