//! `kurs sync`, `kurs sources` and conversions from fetched data, with the
//! real binary against a local stub of the three banks.

use crate::app;
use kurs_stub_bank as upstream;

use std::path::Path;
use std::process::Output;

use upstream::{Fault, Upstream};

/// Runs kurs with its sources pointed at `up` and its data in `data`.
async fn kurs(up: &Upstream, data: &Path, args: &[&str]) -> Output {
    app::run_kurs(&up.url, data, args).await
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", text(o));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn sync_fetches_every_source_and_later_conversions_use_the_new_tables() {
    let up = Upstream::start_with_fixtures().await;
    let data = tempfile::tempdir().unwrap();
    let o = kurs(&up, data.path(), &["sync"]).await;
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(
        out.contains("ecb: 64 tables, 2026-08-05 to 2026-11-02"),
        "{out}"
    );
    assert!(
        out.contains("cbr: 1 table, 2025-12-31, 55 currencies; newest held 2025-12-31"),
        "{out}"
    );
    assert!(out.contains("nbp: "), "{out}");

    // After the bundled history (which ends 2026-10-30), offline.
    let o = kurs(
        &up,
        data.path(),
        &[
            "convert",
            "10",
            "EUR",
            "USD",
            "--date",
            "2026-11-02",
            "--json",
            "--offline",
        ],
    )
    .await;
    let v = json(&o);
    assert_eq!(v["date"], "2026-11-02");
    assert_eq!(v["result"], "11.17");

    let o = kurs(&up, data.path(), &["sources", "--json"]).await;
    let sources = json(&o);
    assert_eq!(sources[0]["source"], "ecb");
    assert_eq!(sources[0]["latest_date"], "2026-11-02");
    assert!(sources[0]["last_success"].is_string());
    assert_eq!(sources[1]["latest_date"], "2025-12-31");
}

#[tokio::test(flavor = "multi_thread")]
async fn bank_of_russia_rates_answer_usd_to_rub_after_march_2022() {
    let up = Upstream::start_with_fixtures().await;
    let data = tempfile::tempdir().unwrap();
    // Sunday 2025-12-14: the table in force is Saturday's, fetched on demand.
    let args = [
        "100",
        "USD",
        "RUB",
        "--date",
        "2025-12-14",
        "--source",
        "cbr",
        "--json",
    ];
    let v = json(&kurs(&up, data.path(), &args).await);
    assert_eq!(v["source"], "cbr");
    assert_eq!(v["date"], "2025-12-13");
    assert_eq!(v["requested_date"], "2025-12-14");
    assert_eq!(v["path"], serde_json::json!(["USD", "RUB"]));
    assert_eq!(v["result"], "7972.96", "100 x 79,7296 (Nominal 1)");
    // Without naming a source: the ECB has no RUB then, so the Bank of Russia answers.
    let v = json(
        &kurs(
            &up,
            data.path(),
            &["100", "USD", "RUB", "--date", "2025-12-15", "--json"],
        )
        .await,
    );
    assert_eq!(
        (v["source"].as_str(), v["date"].as_str()),
        (Some("cbr"), Some("2025-12-13"))
    );
    assert_eq!(up.hits("/scripts/XML_daily.asp?date_req=14/12/2025"), 1);

    // RUB to ISK: the Bank of Russia has no ISK, the ECB no RUB: crossed
    // through EUR, still divided once: 1000 x 148.4 / 93.5626 = 1586.10.
    let v = json(
        &kurs(
            &up,
            data.path(),
            &["1000", "RUB", "ISK", "--date", "2025-12-14", "--json"],
        )
        .await,
    );
    assert_eq!(v["result"], "1586", "{v}");
    assert_eq!(v["path"], serde_json::json!(["RUB", "EUR", "ISK"]));
    assert_eq!(
        v["legs"],
        serde_json::json!([{"source":"cbr","date":"2025-12-13"},{"source":"ecb","date":"2025-12-12"}])
    );
    let human = text(
        &kurs(
            &up,
            data.path(),
            &["1000", "RUB", "ISK", "--date", "2025-12-14"],
        )
        .await,
    );
    assert!(
        human.contains("Bank of Russia 2025-12-13 + ECB 2025-12-12"),
        "{human}"
    );

    // Asking the ECB, which stopped RUB in 2022, names the source that has it.
    let ecb = [
        "100",
        "USD",
        "RUB",
        "--date",
        "2025-12-14",
        "--source",
        "ecb",
        "--offline",
    ];
    let o = kurs(&up, data.path(), &ecb).await;
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o);
    assert!(
        err.contains("the ECB published no RUB after 2022-03-01"),
        "{err}"
    );
    assert!(
        err.contains("cbr publishes both for that date: ask with --source cbr"),
        "{err}"
    );

    // Known dates persist: offline, the same question is answered.
    let mut offline = args.to_vec();
    offline.push("--offline");
    let v = json(&kurs(&up, data.path(), &offline).await);
    assert_eq!(v["date"], "2025-12-13");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_sync_exits_non_zero_and_says_why() {
    let up = Upstream::start_with_fixtures().await;
    up.fail(upstream::ECB_DAILY_PATH, Fault::Status(500));
    let data = tempfile::tempdir().unwrap();
    let o = kurs(&up, data.path(), &["sync", "--source", "ecb"]).await;
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("ecb: failed:"), "{}", text(&o));
    assert!(text(&o).contains("HTTP 500"), "{}", text(&o));
    let sources = json(&kurs(&up, data.path(), &["sources", "--json", "--offline"]).await);
    assert!(sources[0]["last_error"]
        .as_str()
        .unwrap()
        .contains("HTTP 500"));
}

#[tokio::test(flavor = "multi_thread")]
async fn escape_sequences_from_an_upstream_never_reach_the_terminal() {
    let up = Upstream::start_with_fixtures().await;
    let body = b"\x1b[2J\x1b]0;owned\x07<ValCurs/>".to_vec();
    up.fail(upstream::CBR_DAILY_PATH, Fault::Body(body));
    let data = tempfile::tempdir().unwrap();
    let raw = |o: &Output| [o.stdout.as_slice(), o.stderr.as_slice()].concat();
    let controls = |bytes: &[u8]| bytes.iter().any(|b| [0x1b, 0x07].contains(b));

    let sync = kurs(&up, data.path(), &["sync", "--source", "cbr"]).await;
    assert_eq!(sync.status.code(), Some(1), "{}", text(&sync));
    assert!(text(&sync).contains("cbr: failed:"), "{}", text(&sync));
    assert!(!controls(&raw(&sync)), "{:?}", text(&sync));

    let sources = kurs(&up, data.path(), &["sources", "--offline"]).await;
    assert!(text(&sources).contains("last error"), "{}", text(&sources));
    assert!(!controls(&raw(&sources)), "{:?}", text(&sources));
    let status = json(&kurs(&up, data.path(), &["sources", "--json", "--offline"]).await);
    let shown = status[1]["last_error"].as_str().unwrap();
    assert!(shown.contains("is not valid Bank of Russia XML"), "{shown}");
    assert!(!shown.contains("owned"), "upstream text in public: {shown}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sync_that_cannot_write_the_data_directory_exits_1_and_names_the_path() {
    let up = Upstream::start_with_fixtures().await;
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::write(&data, b"a file, not a directory").unwrap();
    let o = kurs(&up, &data, &["sync", "--source", "ecb"]).await;
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("ecb: failed:"), "{out}");
    assert!(
        out.contains(&data.join("ecb").display().to_string()),
        "{out}"
    );
    assert!(out.contains("os error"), "{out}");
}
