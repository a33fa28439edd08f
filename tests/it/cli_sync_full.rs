//! `kurs sync --full --source cbr`: the Bank of Russia's whole history in
//! one request per currency (`XML_dynamic.asp`), with the real binary
//! against the stub's recordings.

use crate::app;
use kurs_stub_bank as upstream;

use std::path::Path;
use std::process::Output;

use upstream::{Upstream, CBR_2026_04_25, CBR_DAILY_PATH, CBR_DYNAMIC, CBR_DYNAMIC_PATH};

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

/// `kurs convert AMOUNT FROM RUB` by the Bank of Russia on `date`, unrounded, offline.
async fn rub_for(up: &Upstream, data: &Path, amount: &str, from: &str, date: &str) -> String {
    let args = [
        "convert",
        amount,
        from,
        "RUB",
        "--date",
        date,
        "--source",
        "cbr",
        "--round",
        "none",
        "--json",
        "--offline",
    ];
    let o = kurs(up, data, &args).await;
    assert!(o.status.success(), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["date"], date, "{v}");
    v["result"].as_str().unwrap().to_owned()
}

/// A stub whose newest daily table is the one that lists the recorded ids.
async fn stub() -> Upstream {
    let up = Upstream::start_with_fixtures().await;
    up.add_cbr_table(CBR_2026_04_25.to_vec());
    up
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_sync_of_the_bank_of_russia_asks_once_per_currency_and_holds_the_recorded_figures() {
    let up = stub().await;
    let data = tempfile::tempdir().unwrap();

    let o = kurs(&up, data.path(), &["sync", "--full", "--source", "cbr"]).await;
    let out = text(&o);
    assert!(o.status.success(), "{out}");

    // Daily tables for the ids (the first date, every 1 January, today),
    // then one series per currency any of them lists, each over the whole
    // span: not one request per date. The stub has no daily table before
    // 2016-08-23, so the samples up to 1 January 2016 get the bank's error
    // and the span starts at the first it answers, 1 January 2017.
    let samples = 1 + (2026 - 1992) + 1;
    assert_eq!(up.hits(CBR_DAILY_PATH), samples, "{out}");
    // The lev (R01100) is in the 2016 and 2025 tables, not in today's
    // (Bulgaria took the euro on 2026-01-01): its series is asked too.
    assert_eq!(up.hits(CBR_DYNAMIC_PATH), CBR_DYNAMIC.len() + 1, "{out}");
    let bgn = "/scripts/XML_dynamic.asp?VAL_NM_RQ=R01100&date_req1=01/01/2017&date_req2=";
    assert_eq!(up.hits(bgn), 1, "{out}");
    let total = samples + 54 + 1;
    assert_eq!(up.total_hits(), total);
    let usd = "/scripts/XML_dynamic.asp?VAL_NM_RQ=R01235&date_req1=01/01/2017&date_req2=";
    assert_eq!(up.hits(usd), 1, "{out}");
    assert!(
        out.contains("cbr: 3 tables, 2026-03-03 to 2026-03-05, 54 currencies in the newest"),
        "{out}"
    );
    // Not a terminal: quiet lines every ten requests, and the last.
    assert!(
        out.contains(&format!("kurs: cbr: full sync: 40 of {total} requests")),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "kurs: cbr: full sync: {total} of {total} requests"
        )),
        "{out}"
    );
    assert!(!out.contains("full sync: 41 of"), "{out}");

    // The tables held are the recorded figures: Nominal units for Value.
    let path = data.path();
    assert_eq!(
        rub_for(&up, path, "1", "USD", "2026-03-03").await,
        "77.1734"
    );
    assert_eq!(
        rub_for(&up, path, "1", "USD", "2026-03-05").await,
        "77.8009"
    );
    let vnd = rub_for(&up, path, "10000", "VND", "2026-03-04").await;
    let irr = rub_for(&up, path, "1000000", "IRR", "2026-03-04").await;
    assert_eq!((vnd.as_str(), irr.as_str()), ("30.9867", "58.8139"));
    assert_eq!(
        up.total_hits(),
        total,
        "the conversions were answered offline"
    );

    let sources = kurs(&up, path, &["sources", "--json", "--offline"]).await;
    let sources: serde_json::Value = serde_json::from_slice(&sources.stdout).unwrap();
    let cbr = &sources.as_array().unwrap()[1];
    assert!(cbr["last_success"].is_string(), "{cbr}");
    assert_eq!(cbr["latest_date"], "2026-03-05", "{cbr}");

    // Again: 2017 to today is held (the series said what was published
    // when), but the years before it are not (the stub had no daily table
    // then), so the samples are asked again, and nothing changes.
    let o = kurs(&up, data.path(), &["sync", "--full", "--source", "cbr"]).await;
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert_eq!(up.total_hits(), 2 * total, "{out}");
    assert!(
        out.contains("cbr: nothing new; newest held 2026-03-05"),
        "{out}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_sync_that_loses_one_series_applies_nothing_and_says_which() {
    let up = stub().await;
    let data = tempfile::tempdir().unwrap();
    up.fail(
        "/scripts/XML_dynamic.asp?VAL_NM_RQ=R01239",
        upstream::Fault::Status(404),
    );

    let o = kurs(&up, data.path(), &["sync", "--full", "--source", "cbr"]).await;
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("cbr: failed: ") && out.contains("R01239"),
        "{out}"
    );

    let args = [
        "convert",
        "1",
        "USD",
        "RUB",
        "--date",
        "2026-03-04",
        "--source",
        "cbr",
        "--offline",
    ];
    let o = kurs(&up, data.path(), &args).await;
    let sources = kurs(&up, data.path(), &["sources", "--json", "--offline"]).await;
    let sources: serde_json::Value = serde_json::from_slice(&sources.stdout).unwrap();
    let cbr = &sources.as_array().unwrap()[1];
    assert_eq!(cbr["source"], "cbr");
    assert!(cbr["last_attempt"].is_string(), "{cbr}");
    assert!(cbr["last_success"].is_null(), "{cbr}");
    let error = cbr["last_error"].as_str().unwrap();
    assert!(error.contains("R01239"), "{error}");
    assert!(
        !o.status.success(),
        "no table of the series is held: {}",
        text(&o)
    );
}
