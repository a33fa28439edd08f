//! The Czech National Bank end to end, against the stub bank serving its
//! real `denni_kurz.txt`: the source policy (CZK pairs answered by the
//! CNB), the API, `/v1/sources` and the command line.

use crate::app;
use kurs_stub_bank as upstream;

use kurs_rates::{SourceId, Store, SyncMode};
use serde_json::Value;
use upstream::{Upstream, CNB_DAILY_PATH};

/// A kurs server over the stub with every source synced once (as the
/// refreshers do at start-up).
async fn server(up: &Upstream) -> String {
    let store = Store::open(app::over_stub(&up.url, None)).0;
    for &s in SourceId::all() {
        store.sync(s, SyncMode::CatchUp).await.unwrap();
    }
    app::serve(store).await
}

async fn json(base: &str, path: &str) -> Value {
    let r = app::client()
        .get(format!("{base}{path}"))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let body = r.text().await.unwrap();
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap()
}

#[tokio::test]
async fn a_koruna_pair_is_answered_by_the_cnb_and_a_euro_dollar_pair_still_by_the_ecb() {
    let up = Upstream::start_with_fixtures().await;
    let base = server(&up).await;
    for (pair, source) in [
        ("from=CZK&to=USD", "cnb"),
        ("from=USD&to=CZK", "cnb"),
        ("from=EUR&to=CZK", "cnb"),
        ("from=CZK&to=JPY", "cnb"),
        // Both currencies are a bank's own: the target's bank first, as for
        // RUB and PLN (EUR→CZK: the CNB; CZK→EUR: the ECB).
        ("from=CZK&to=EUR", "ecb"),
        ("from=EUR&to=USD", "ecb"),
        ("from=USD&to=RUB", "cbr"),
    ] {
        let v = json(&base, &format!("/v1/convert?{pair}&amount=100")).await;
        assert_eq!(v["source"], source, "{pair}: {v}");
    }
    // 100 USD at 23,774 CZK (the 2016-04-05 figures under the 02.11.2026
    // header): exactly 2377.40 CZK.
    let v = json(&base, "/v1/convert?from=USD&to=CZK&amount=100").await;
    assert_eq!(
        (&v["result"], &v["date"]),
        (&Value::from("2377.40"), &Value::from("2026-11-02"))
    );
    // 1000 JPY at 21,487 CZK per 100: 214.87 CZK.
    let v = json(&base, "/v1/convert?from=JPY&to=CZK&amount=1000").await;
    assert_eq!(v["result"], "214.87", "{v}");
}

#[tokio::test]
async fn rates_of_the_cnb_are_its_fixing_per_unit_and_a_past_date_is_fetched_by_date() {
    let up = Upstream::start_with_fixtures().await;
    let base = server(&up).await;
    let v = json(&base, "/v1/rates?source=cnb&base=CZK&symbols=EUR,JPY,IDR").await;
    assert_eq!(
        (&v["source"], &v["base"], &v["date"]),
        (&"cnb".into(), &"CZK".into(), &"2026-11-02".into()),
        "{v}"
    );
    // Per koruna: 1 / 27.035 EUR; JPY 100 / 21.487; IDR 1000 / 1.798.
    let rate = |code: &str| v["rates"][code].as_str().unwrap().parse::<f64>().unwrap();
    assert!((rate("EUR") - 1.0 / 27.035).abs() < 1e-9, "{v}");
    assert!((rate("JPY") - 100.0 / 21.487).abs() < 1e-6, "{v}");
    assert!((rate("IDR") - 1000.0 / 1.798).abs() < 1e-4, "{v}");
    // Sunday 10 April 2016: the CNB answers with the newest fixing on or
    // before it (the stub's only one that week is Tuesday's), dated by its
    // header, 2016-04-05.
    let v = json(
        &base,
        "/v1/rates?source=cnb&base=CZK&symbols=USD&date=2016-04-10",
    )
    .await;
    assert_eq!(v["date"], "2016-04-05", "{v}");
    assert!(up.hits(&format!("{CNB_DAILY_PATH}?date=10.04.2016")) == 1);
}

#[tokio::test]
async fn the_sources_list_the_cnb_with_its_status_and_attribution() {
    let up = Upstream::start_with_fixtures().await;
    let base = server(&up).await;
    let sources = json(&base, "/v1/sources").await;
    let cnb = sources
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "cnb")
        .unwrap_or_else(|| panic!("no cnb in {sources}"));
    assert_eq!(cnb["attribution"]["publisher"], "Czech National Bank");
    assert_eq!(
        cnb["attribution"]["terms_url"],
        "https://www.cnb.cz/en/footer/general-terms-and-conditions/"
    );
    assert_eq!(cnb["origin"], up.url.as_str());
    assert_eq!(cnb["latest_date"], "2026-11-02");
    assert_eq!(cnb["last_error"], Value::Null);
    // After the NBP's two tables, in preference order.
    assert_eq!(sources[4]["source"], "cnb", "fifth in preference order");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_command_line_converts_korunas_with_the_cnb() {
    let up = Upstream::start_with_fixtures().await;
    let data = tempfile::tempdir().unwrap();
    // The command line converts with what `kurs sync` fetched.
    let o = app::run_kurs(&up.url, data.path(), &["sync", "--source", "cnb"]).await;
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        out.contains("cnb: 1 table, 2026-11-02, 32 currencies; newest held 2026-11-02"),
        "{out}"
    );
    let convert = |args: &'static [&'static str]| {
        let (url, data) = (up.url.clone(), data.path().to_owned());
        async move {
            let o = app::run_kurs(&url, &data, args).await;
            let out = String::from_utf8_lossy(&o.stdout).into_owned();
            assert!(
                o.status.success(),
                "{out}{}",
                String::from_utf8_lossy(&o.stderr)
            );
            serde_json::from_str::<Value>(&out).unwrap()
        }
    };
    // The koruna's bank answers with its fixing: 100 / 27.035 = 3.6989...
    let v = convert(&["100", "czk", "eur", "--source", "cnb", "--json"]).await;
    assert_eq!(
        (&v["source"], &v["date"]),
        (&"cnb".into(), &"2026-11-02".into()),
        "{v}"
    );
    assert_eq!(v["result"], "3.70", "{v}");
    // 100 EUR = 2703.50 CZK, from the CNB without naming it.
    let v = convert(&["100", "eur", "czk", "--json"]).await;
    assert_eq!(
        (&v["source"], &v["result"]),
        (&"cnb".into(), &"2703.50".into()),
        "{v}"
    );
    // Without naming a source, CZK→EUR goes to the euro's bank first.
    let v = convert(&["100", "czk", "eur", "--json"]).await;
    assert_eq!(v["source"], "ecb", "{v}");
    assert!(up.hits(CNB_DAILY_PATH) >= 1);
    // Naming the source on the command line works too; a bad name lists it.
    let o = app::run_kurs(&up.url, data.path(), &["sources"]).await;
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success() && out.contains("cnb"), "{out}");
    let o = app::run_kurs(
        &up.url,
        data.path(),
        &["100", "czk", "eur", "--source", "fed"],
    )
    .await;
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success() && err.contains("expected one of ecb, cbr, nbp, nbp.b, cnb"),
        "{err}"
    );
}

#[tokio::test]
async fn a_date_before_the_first_fixing_is_refused_without_asking_the_cnb() {
    let up = Upstream::start_with_fixtures().await;
    let base = server(&up).await;
    up.reset_hits();
    let path = "/v1/rates?source=cnb&base=CZK&date=1990-12-31";
    let r = app::client()
        .get(format!("{base}{path}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status().as_u16(),
        404,
        "as for the other banks' first dates"
    );
    let problem: Value = r.json().await.unwrap();
    assert_eq!(problem["code"], "date_out_of_range", "{problem}");
    assert!(
        problem["detail"].as_str().unwrap().contains("1991-01-02"),
        "{problem}"
    );
    assert_eq!(up.hits(CNB_DAILY_PATH), 0);
}

#[tokio::test]
async fn a_hostile_cnb_answer_reaches_neither_the_terminal_nor_the_public_status() {
    let up = Upstream::start_with_fixtures().await;
    let store = Store::open(app::over_stub(&up.url, None)).0;
    let body = b"\x1b[2J\x1b]0;owned\x07 Visit evil.example now #1\n".to_vec();
    up.fail(CNB_DAILY_PATH, upstream::Fault::Body(body));
    let err = store
        .sync(SourceId::parse("cnb").unwrap(), SyncMode::CatchUp)
        .await
        .unwrap_err();
    let err = err.to_string();
    // The whole error, for the log and `kurs sync`, quotes the body escaped.
    assert!(
        err.contains("evil.example") && err.contains("\\u{1b}"),
        "{err}"
    );
    assert!(!err.contains(['\x1b', '\x07']), "{err:?}");
    // The public status says which file did not parse, not what it said.
    let shown = store
        .status(SourceId::parse("cnb").unwrap())
        .unwrap()
        .last_error
        .unwrap();
    assert!(
        !shown.contains("evil") && !shown.contains('\x1b'),
        "{shown}"
    );
    assert!(shown.contains("is not valid"), "{shown}");
    // A truncated answer (cut inside a rate) is refused, the data unchanged.
    up.heal_all();
    store
        .sync(SourceId::parse("cnb").unwrap(), SyncMode::CatchUp)
        .await
        .unwrap();
    let full = upstream::cnb_redated(upstream::CNB_2016_04_05, "2026-11-03".parse().unwrap(), 211);
    let cut = full[..full.len() - 3].to_vec();
    up.fail(CNB_DAILY_PATH, upstream::Fault::Body(cut));
    let err = store
        .sync(SourceId::parse("cnb").unwrap(), SyncMode::CatchUp)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("line break at the end"), "{err}");
    let history = store.history(SourceId::parse("cnb").unwrap()).unwrap();
    assert_eq!(
        history.latest().map(|t| t.date()),
        Some("2026-11-02".parse().unwrap())
    );
}
