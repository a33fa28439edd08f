//! How many upstream requests a client can cause: none for a date before a
//! bank's first publication, one per failing date for a while, and a few
//! per request however many dates a batch names.

use crate::app;
use kurs_stub_bank as upstream;

use kurs_rates::Store;
use serde_json::{json, Value};
use upstream::Upstream;

/// A kurs server over the stub, in memory, with no retries.
async fn server(up: &Upstream) -> String {
    let options = app::over_stub(&up.url, None);
    app::serve(Store::open(options).0).await
}

async fn get(base: &str, path: &str) -> (u16, Value) {
    let r = app::client()
        .get(format!("{base}{path}"))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_date_before_the_banks_first_table_is_refused_without_asking_the_bank() {
    let up = Upstream::start_with_fixtures().await;
    let base = server(&up).await;
    // Before every bank's first table: 1991-06-01, once used here, is
    // after the CNB's first fixing (1991-01-02), whose catalogue holds USD
    // and RUB, so the policy rightly asks the CNB for it; 1990-12-31 is
    // after Danmarks Nationalbank's first table (1977-01-03).
    let (status, v) = get(&base, "/v1/convert?from=USD&to=RUB&date=1976-12-31").await;
    assert_eq!(status, 404, "{v}");
    assert_eq!(v["code"], "date_out_of_range", "{v}");
    let detail = v["detail"].as_str().unwrap();
    assert!(detail.contains("1992-07-01"), "{detail}");
    let (_, v) = get(&base, "/v1/convert?from=PLN&to=USD&date=0001-01-01").await;
    assert_eq!(v["code"], "date_out_of_range", "{v}");
    assert_eq!(up.total_hits(), 0, "{:?}", up.requests());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_date_the_bank_cannot_give_is_asked_once_for_many_requests() {
    let up = Upstream::start_with_fixtures().await;
    let base = server(&up).await;
    // The stub holds no Bank of Russia table before 2016: its error page.
    let path = "/v1/convert?from=USD&to=RUB&date=2011-11-18";
    let mut answers = Vec::new();
    for _ in 0..20 {
        answers.push(get(&base, path).await);
    }
    assert_eq!(up.hits("/scripts/XML_daily.asp?date_req=18/11/2011"), 1);
    assert!(
        answers.windows(2).all(|w| w[0] == w[1]),
        "the same answer each time"
    );
    let (status, v) = &answers[0];
    assert_eq!(*status, 200, "{v}");
    assert_eq!(v["fallback"]["preferred"], "cbr", "{v}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_of_a_hundred_dates_asks_the_bank_a_few_times() {
    let up = Upstream::start_with_fixtures().await;
    let base = server(&up).await;
    let first = chrono::NaiveDate::from_ymd_opt(2017, 1, 2).unwrap();
    let items: Vec<Value> = (0..100)
        .map(|i| {
            let date = first + chrono::Days::new(i * 3);
            json!({"from": "USD", "to": "RUB", "amount": "1", "date": date.to_string(), "source": "cbr"})
        })
        .collect();
    let r = app::client()
        .post(format!("{base}/v1/convert"))
        .json(&items)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let answers: Vec<Value> = r.json().await.unwrap();
    assert_eq!(answers.len(), 100);
    let hits = up.hits("/scripts/XML_daily.asp");
    assert!(
        hits <= kurs::MAX_FETCHES_PER_REQUEST,
        "{hits} upstream requests"
    );
    let refused = answers
        .iter()
        .filter(|a| a["code"] == "rate_unavailable")
        .count();
    assert!(refused > 0, "the rest is refused, saying why");
    let why = answers
        .iter()
        .find(|a| a["code"] == "rate_unavailable")
        .unwrap();
    assert!(why["detail"].as_str().unwrap().contains("at most"), "{why}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bank_that_is_down_is_asked_a_few_times_then_not_again_for_a_while() {
    let up = Upstream::start_with_fixtures().await;
    up.fail(upstream::CBR_DAILY_PATH, upstream::Fault::Status(500));
    let base = server(&up).await;
    let first = chrono::NaiveDate::from_ymd_opt(2017, 3, 1).unwrap();
    let mut last = Value::Null;
    for i in 0..12 {
        let date = first + chrono::Days::new(i * 7);
        let (status, v) = get(
            &base,
            &format!("/v1/convert?from=USD&to=RUB&date={date}&source=cbr"),
        )
        .await;
        assert_eq!(status, 404, "{v}");
        last = v;
    }
    let hits = up.hits(upstream::CBR_DAILY_PATH);
    assert_eq!(
        hits,
        kurs_rates::BREAKER_FAILURES as usize,
        "twelve dates, {hits} requests"
    );
    let detail = last["detail"].as_str().unwrap();
    assert!(detail.contains("times in a row"), "{detail}");
}

/// A server over the stub whose transport retries three times, as
/// `kurs serve`'s does: a client's request must not wait for those.
async fn server_with_retries(up: &Upstream, dir: Option<&std::path::Path>) -> (String, Store) {
    let mut options = app::over_stub(&up.url, dir);
    let config = kurs_rates::FetchConfig {
        timeout: std::time::Duration::from_secs(2),
        retries: 3,
        backoff: std::time::Duration::from_millis(10),
        ..kurs_rates::FetchConfig::default()
    };
    options.transport = std::sync::Arc::new(kurs_rates::HttpTransport::new(config).unwrap());
    let store = Store::open(options).0;
    (app::serve(store.clone()).await, store)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_date_costs_one_upstream_request_not_a_round_of_retries() {
    let up = Upstream::start_with_fixtures().await;
    let failing = "/scripts/XML_daily.asp?date_req=01/03/2017";
    up.fail(failing, upstream::Fault::Status(503));
    let (base, _store) = server_with_retries(&up, None).await;
    let path = "/v1/convert?from=USD&to=RUB&date=2017-03-01&source=cbr";
    let (status, v) = get(&base, path).await;
    assert_eq!(status, 404, "{v}");
    assert_eq!(up.hits(failing), 1, "one attempt for the client's request");
    for _ in 0..5 {
        get(&base, path).await;
    }
    assert_eq!(up.hits(failing), 1, "then the failure is remembered");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_requests_for_a_hundred_dates_ask_the_bank_at_the_bucket_rate() {
    let up = Upstream::start_with_fixtures().await;
    let base = server(&up).await;
    let first = chrono::NaiveDate::from_ymd_opt(2017, 1, 2).unwrap();
    let started = std::time::Instant::now();
    let mut refused = Vec::new();
    for i in 0..100 {
        let date = first + chrono::Days::new(i * 3);
        let path = format!("/v1/convert?from=USD&to=RUB&date={date}&source=cbr");
        let (status, v) = get(&base, &path).await;
        if status != 200 {
            refused.push(v);
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let hits = up.hits(upstream::CBR_DAILY_PATH);
    let allowed = f64::from(kurs_rates::UPSTREAM_BURST)
        + f64::from(kurs_rates::UPSTREAM_RATE_PER_SECOND) * seconds
        + 1.0;
    assert!(
        (hits as f64) <= allowed,
        "{hits} upstream requests in {seconds:.2} s; the bucket allows {allowed:.0}"
    );
    assert!(hits < 100, "{hits}");
    let v = refused.first().expect("some requests are refused");
    let detail = v["detail"].as_str().unwrap();
    assert!(detail.contains("try again in"), "{v}");
}

#[cfg(unix)]
/// How many times the file at `path` was replaced while `work` ran (every
/// write renames a new file over it: a new inode), sampled every 200 µs.
async fn replacements_during<F: std::future::Future>(path: std::path::PathBuf, work: F) -> usize {
    use std::os::unix::fs::MetadataExt;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watching = stop.clone();
    let watcher = std::thread::spawn(move || {
        let mut inodes = std::collections::HashSet::new();
        while !watching.load(std::sync::atomic::Ordering::Relaxed) {
            if let Ok(meta) = std::fs::metadata(&path) {
                inodes.insert(meta.ino());
            }
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
        inodes.len()
    });
    work.await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    watcher.join().unwrap()
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_failing_requests_write_the_state_file_a_few_times_at_most() {
    let up = Upstream::start_with_fixtures().await;
    let data = tempfile::tempdir().unwrap();
    let (base, store) = server_with_retries(&up, Some(data.path())).await;
    // A sync writes the state file, so that every write after is a
    // replacement of it.
    let cbr = kurs_rates::SourceId::CBR;
    store
        .sync(cbr, kurs_rates::SyncMode::CatchUp)
        .await
        .unwrap();
    let state = data.path().join("cbr").join("state.json");
    assert!(state.exists());
    let upkeep = store.spawn_upkeep();
    // The stub holds no table before 2016: the bank's error page, which
    // fails to parse (a failure that does not open the circuit).
    let first = chrono::NaiveDate::from_ymd_opt(2010, 1, 4).unwrap();
    let requests = async {
        for i in 0..200 {
            let date = first + chrono::Days::new(i);
            let path = format!("/v1/convert?from=USD&to=RUB&date={date}&source=cbr");
            get(&base, &path).await;
        }
    };
    let started = std::time::Instant::now();
    let writes = replacements_during(state.clone(), requests).await;
    let periods = started.elapsed().as_secs() / kurs_rates::STATE_WRITE_INTERVAL.as_secs();
    assert!(
        writes as u64 <= 2 + periods,
        "the state file was written {writes} times for 200 requests"
    );
    upkeep.stop().await;
    let written: Value = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
    let error = written["last_error"].as_str().unwrap_or_default();
    assert!(
        error.contains("2010"),
        "the last failure is written: {written}"
    );
}
