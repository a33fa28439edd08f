//! The backfill: a server with network fetches the tables of each by-date
//! source's last publications in the background, once (a restart fetches
//! what it holds no more), and `/readyz` shows it backfilling, then ready.

use crate::app;
use kurs_stub_bank as upstream;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use kurs_rates::{Clock, SourceId, Store};
use serde_json::Value;
use upstream::Upstream;

/// The Bank of Russia's by-date requests.
const CBR_BY_DATE: &str = "/scripts/XML_daily.asp?date_req=";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The Bank of Russia's last five publications by Saturday 2025-12-20
/// noon UTC (Friday set the table dated Saturday), newest first.
fn last_five() -> Vec<NaiveDate> {
    [20, 19, 18, 17, 16].map(|d| date(2025, 12, d)).to_vec()
}

/// A store over the stub of the ECB (bundled, so the server is ready) and
/// the Bank of Russia only, persisting to `dir`, whose clock starts on
/// Saturday 2025-12-20 at noon UTC.
fn cbr_store(up: &Upstream, dir: &Path) -> Store {
    let mut options = app::over_stub(&up.url, Some(dir));
    options.sources = kurs_rates::registry()
        .into_iter()
        .filter(|s| [SourceId::ECB, SourceId::CBR].contains(&s.id()))
        .collect();
    options.clock = Clock::tokio_from(Utc.with_ymd_and_hms(2025, 12, 20, 12, 0, 0).unwrap());
    Store::open(options).0
}

/// The stub with a Bank of Russia table for each of [`last_five`] (the
/// real 13.12.2025 table re-dated).
async fn bank() -> Upstream {
    let up = Upstream::start_with_fixtures().await;
    for d in last_five() {
        up.add_cbr_table(upstream::cbr_redated(upstream::CBR_ENG_2025_12_13, d));
    }
    up
}

/// The `/readyz` entry of `source`.
async fn readiness(base: &str, source: &str) -> Value {
    let r = app::client()
        .get(format!("{base}/readyz"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["status"], "ready", "{body}");
    let sources = body["sources"].as_array().unwrap();
    let entry = sources.iter().find(|s| s["source"] == source);
    entry
        .unwrap_or_else(|| panic!("no {source} in {body}"))
        .clone()
}

/// Polls `/readyz` until `source` is in `state`, for at most 20 s.
async fn until_state(base: &str, source: &str, state: &str) -> Value {
    let started = Instant::now();
    loop {
        let entry = readiness(base, source).await;
        if entry["state"] == state {
            return entry;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{source} never {state}: {entry}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backfill_fetches_each_missing_publication_once_and_readyz_shows_it_backfilling_then_ready(
) {
    let up = bank().await;
    let dir = tempfile::tempdir().unwrap();
    let store = cbr_store(&up, dir.path());
    let base = app::serve(store.clone()).await;
    let upkeep = store.spawn_upkeep();

    let backfill = store.spawn_backfill(5, Duration::from_millis(200));
    let entry = readiness(&base, "cbr").await;
    assert_eq!(entry["state"], "backfilling", "{entry}");
    assert_eq!(
        (entry["held"].clone(), entry["total"].clone()),
        (0.into(), 5.into())
    );
    assert_eq!(readiness(&base, "ecb").await["held"], Value::Null);

    let entry = until_state(&base, "cbr", "ready").await;
    assert_eq!(
        (entry["held"].clone(), entry["total"].clone()),
        (5.into(), 5.into())
    );
    assert_eq!(entry["latest_date"], "2025-12-20", "{entry}");
    assert_eq!(up.hits(CBR_BY_DATE), 5, "{:?}", up.requests());
    let sources: Value = app::client()
        .get(format!("{base}/v1/sources"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let cbr = &sources[1];
    assert_eq!(cbr["source"], "cbr", "{sources}");
    let expected = serde_json::json!({"held": 5, "total": 5, "done": true, "last_error": null});
    assert_eq!(cbr["backfill"], expected, "{cbr}");
    assert_eq!(sources[0]["backfill"], Value::Null, "{sources}");
    let history = store.history(SourceId::CBR).unwrap();
    for d in last_five() {
        assert!(history.get(d).is_some(), "{d} not held");
    }
    backfill.stop().await;
    upkeep.stop().await;

    // A restart on the same data directory holds them all: no request.
    let again = cbr_store(&up, dir.path());
    let backfill = again.spawn_backfill(5, Duration::from_millis(200));
    let progress = again.status(SourceId::CBR).unwrap().backfill.unwrap();
    assert_eq!((progress.held, progress.total), (5, 5));
    let base = app::serve(again.clone()).await;
    until_state(&base, "cbr", "ready").await;
    backfill.stop().await;
    assert_eq!(up.hits(CBR_BY_DATE), 5, "{:?}", up.requests());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_date_the_bank_cannot_give_is_shown_as_the_backfills_error() {
    let up = bank().await;
    up.fail(
        &format!("{CBR_BY_DATE}18/12/2025"),
        upstream::Fault::Status(500),
    );
    let dir = tempfile::tempdir().unwrap();
    let store = cbr_store(&up, dir.path());
    let base = app::serve(store.clone()).await;
    let backfill = store.spawn_backfill(5, Duration::from_millis(50));
    let started = Instant::now();
    let entry = loop {
        let entry = readiness(&base, "cbr").await;
        if entry["held"] == 4 && !entry["backfill_error"].is_null() {
            break entry;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "{entry}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    // Still backfilling: the date is tried again once the failure is
    // forgotten.
    assert_eq!(entry["state"], "backfilling", "{entry}");
    let error = entry["backfill_error"].as_str().unwrap();
    assert!(error.contains("500"), "{error}");
    backfill.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_date_the_bank_answered_without_its_table_is_not_asked_again() {
    let up = bank().await;
    // Asked for the 18th, the bank sends the table of the 19th.
    let day = format!("{CBR_BY_DATE}18/12/2025");
    let other = upstream::cbr_redated(upstream::CBR_ENG_2025_12_13, date(2025, 12, 19));
    up.fail(&day, upstream::Fault::Body(other));
    let dir = tempfile::tempdir().unwrap();
    let store = cbr_store(&up, dir.path());
    let base = app::serve(store.clone()).await;
    let backfill = store.spawn_backfill(5, Duration::from_millis(50));
    // Over at once, not after another pass a minute later.
    let entry = until_state(&base, "cbr", "ready").await;
    backfill.stop().await;
    assert_eq!(
        (entry["held"].clone(), entry["total"].clone()),
        (4.into(), 5.into())
    );
    assert_eq!(entry["backfill_error"], Value::Null, "{entry}");
    assert_eq!(up.hits(&day), 1, "{:?}", up.requests());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_source_with_ranges_is_backfilled_with_one_request_for_the_span() {
    let up = Upstream::start_with_fixtures().await;
    // The NBP's last ten publications by Friday 2026-11-06, 18:00 UTC; the
    // stub holds 2026-10-30 and 2026-11-02 already.
    let real = upstream::nbp_table_a_2020_12_07();
    let days = [
        (10, 26),
        (10, 27),
        (10, 28),
        (10, 29),
        (11, 3),
        (11, 4),
        (11, 5),
        (11, 6),
    ];
    for (i, (m, d)) in days.into_iter().enumerate() {
        let no = format!("{}/A/NBP/2026", 300 + i);
        up.add_nbp_table(upstream::nbp_redated(&real, date(2026, m, d), &no));
    }
    let dir = tempfile::tempdir().unwrap();
    let mut options = app::over_stub(&up.url, Some(dir.path()));
    options.sources = kurs_rates::registry()
        .into_iter()
        .filter(|s| [SourceId::ECB, SourceId::NBP].contains(&s.id()))
        .collect();
    options.clock = Clock::tokio_from(Utc.with_ymd_and_hms(2026, 11, 6, 18, 0, 0).unwrap());
    let store = Store::open(options).0;
    let base = app::serve(store.clone()).await;

    let backfill = store.spawn_backfill(10, Duration::from_millis(50));
    let entry = until_state(&base, "nbp", "ready").await;
    backfill.stop().await;
    assert_eq!(
        (entry["held"].clone(), entry["total"].clone()),
        (10.into(), 10.into())
    );
    let span = "/api/exchangerates/tables/A/2026-10-26/2026-11-06";
    assert_eq!(up.hits(span), 1, "{:?}", up.requests());
    assert_eq!(
        up.hits("/api/exchangerates/tables/A"),
        1,
        "{:?}",
        up.requests()
    );
    assert_eq!(store.history(SourceId::NBP).unwrap().len(), 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_backfill_asks_the_bank_nothing_more() {
    let up = bank().await;
    let dir = tempfile::tempdir().unwrap();
    let store = cbr_store(&up, dir.path());
    let backfill = store.spawn_backfill(5, Duration::from_millis(300));
    let started = Instant::now();
    while up.hits(CBR_BY_DATE) == 0 {
        assert!(started.elapsed() < Duration::from_secs(20), "no request");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(backfill.running(), 1);
    tokio::time::timeout(Duration::from_secs(5), backfill.stop())
        .await
        .expect("the backfill stops at once");
    let asked = up.hits(CBR_BY_DATE);
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(up.hits(CBR_BY_DATE), asked, "{:?}", up.requests());
    assert!(asked < 5, "{asked}");
}

/// `kurs serve` over the stub bank with `args` and a fresh data
/// directory; killed when dropped.
struct Served {
    child: Child,
    base: String,
}

impl Served {
    fn start(origin: &str, data: &Path, args: &[&str]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kurs"));
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("KURS_") {
                command.env_remove(name);
            }
        }
        for source in kurs_rates::registry() {
            command.env(source.origin_variable(), origin);
        }
        let mut child = command
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .env("KURS_DATA_DIR", data)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let line = lines
            .by_ref()
            .map(Result::unwrap)
            .find(|l| l.contains("listening on http://"))
            .expect("no 'listening on' line");
        let addr = line.split("http://").nth(1).unwrap().trim().to_owned();
        std::thread::spawn(move || lines.for_each(drop));
        Self {
            child,
            base: format!("http://{addr}"),
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kurs_serve_backfills_as_many_publications_as_told_and_none_with_zero() {
    let up = Upstream::start_with_fixtures().await;
    let dir = tempfile::tempdir().unwrap();
    let served = Served::start(&up.url, dir.path(), &["--backfill", "2"]);
    let entry = readiness(&served.base, "cbr").await;
    assert_eq!(entry["total"], 2, "{entry}");
    // The stub's newest Bank of Russia table (2025-12-31) answers every
    // later date, whether the refresher or the backfill fetches it first.
    let started = Instant::now();
    let entry = loop {
        let entry = readiness(&served.base, "cbr").await;
        if entry["state"] != "backfilling" {
            break entry;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "{entry}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(entry["held"], 2, "{entry}");
    drop(served);

    let dir = tempfile::tempdir().unwrap();
    let served = Served::start(&up.url, dir.path(), &["--backfill", "0"]);
    let entry = readiness(&served.base, "cbr").await;
    assert_eq!(
        (entry["held"].clone(), entry["total"].clone()),
        (Value::Null, Value::Null)
    );
}
