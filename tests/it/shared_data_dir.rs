//! A server and `kurs sync` (the real binary) on one data directory, both
//! against the stub banks: neither loses the other's tables, and the
//! server answers what the other process fetched without asking the bank.

use crate::app;
use kurs_stub_bank as upstream;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use kurs_rates::{DataDir, SourceId, Store, RESCAN_INTERVAL};
use upstream::Upstream;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Runs the kurs binary with its sources at `up` and its data in `data`.
async fn kurs(up: &Upstream, data: &Path, args: &[&str]) {
    let out = app::run_kurs(&up.url, data, args).await;
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}");
}

/// Waits (polling, never fetching) until `store` holds a table of `date`.
async fn until_held(store: &Store, source: SourceId, date: NaiveDate, within: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < within {
        if store.history(source).unwrap().get(date).is_some() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_beside_a_running_server_keeps_its_tables_and_the_server_serves_the_new_ones() {
    let up = Upstream::start_with_fixtures().await;
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(app::over_stub(&up.url, Some(data.path()))).0;
    let upkeep = store.spawn_upkeep();
    let base = app::serve(store.clone()).await;

    // The server fetches and persists a 2016 table of the Bank of Russia.
    let url = format!("{base}/v1/convert?from=USD&to=RUB&date=2016-08-23&source=cbr");
    let r = app::client().get(url).send().await.unwrap();
    assert_eq!(r.status(), 200);

    // Another process writes the same year file and others.
    kurs(&up, data.path(), &["sync"]).await;
    let args = ["1", "USD", "RUB", "--date", "2016-12-09", "--source", "cbr"];
    kurs(&up, data.path(), &args).await;

    let on_disk = DataDir::new(data.path()).load(SourceId::CBR);
    let dates: Vec<NaiveDate> = on_disk.tables.iter().map(|t| t.date()).collect();
    for d in ["2016-08-23", "2016-12-09", "2025-12-31"] {
        assert!(dates.contains(&day(d)), "{d} is on disk: {dates:?}");
    }

    let within = RESCAN_INTERVAL + Duration::from_secs(5);
    assert!(until_held(&store, SourceId::CBR, day("2016-12-09"), within).await);
    assert!(until_held(&store, SourceId::ECB, day("2026-11-02"), within).await);
    let url = format!("{base}/v1/convert?from=USD&to=RUB&date=2016-12-09&source=cbr");
    let r = app::client().get(url).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["date"], "2016-12-09", "{v}");
    let asked = up.hits("/scripts/XML_daily.asp?date_req=09/12/2016");
    assert_eq!(asked, 1, "only the other process asked the bank");
    upkeep.stop().await;
}
