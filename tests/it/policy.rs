//! The source policy over real HTTP, with the banks replaced by the stub:
//! the same question gets the same answer on a fresh server, a warm one,
//! after a restart, and in any order of earlier requests.

use crate::app;
use kurs_stub_bank as upstream;

use std::path::Path;

use kurs_rates::{SourceId, Store, SyncMode};
use serde_json::Value;
use upstream::Upstream;

/// A kurs server over the stub, persisting to `dir`, with every source
/// synced once (as the refreshers do at start-up).
async fn server(up: &Upstream, dir: &Path) -> String {
    let options = app::over_stub(&up.url, Some(dir));
    let store = Store::open(options).0;
    for &s in SourceId::all() {
        store.sync(s, SyncMode::CatchUp).await.unwrap();
    }
    app::serve(store).await
}

async fn get(base: &str, path: &str) -> (u16, String) {
    let r = app::client()
        .get(format!("{base}{path}"))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn json(base: &str, path: &str) -> Value {
    let (status, body) = get(base, path).await;
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap()
}

/// Fifty questions: pairs with a bank's own currency, pairs of neither,
/// same-currency, crosses, dates the stub's banks have and dates they
/// refuse, the latest, and requests naming a source (which warm the
/// caches of the sources the policy would not pick).
fn questions() -> Vec<String> {
    let pairs = [
        ("USD", "RUB"),
        ("RUB", "PLN"),
        ("PLN", "RUB"),
        ("EUR", "PLN"),
        ("UAH", "KZT"),
        ("USD", "JPY"),
        ("RUB", "RUB"),
        ("USD", "UAH"),
    ];
    let dates = ["2016-12-10", "2020-12-08", "2025-12-14", "2011-11-18"];
    let convert = |from: &str, to: &str, date: &str| {
        format!("/v1/convert?from={from}&to={to}&amount=1234.5&date={date}")
    };
    let mut out: Vec<String> = vec![
        "/v1/rates?base=RUB&date=2016-12-10".into(),
        "/v1/rates?base=USD&symbols=UAH,KZT&date=2020-12-08".into(),
        "/v1/rates?base=PLN&symbols=RUB&date=2016-12-10".into(),
        "/v1/rates?base=EUR&symbols=RUB,PLN&date=2025-12-14".into(),
        "/v1/convert?from=USD&to=RUB&amount=1234.5".into(),
        "/v1/convert?from=EUR&to=PLN&amount=1234.5".into(),
    ];
    for (from, to) in pairs {
        for date in dates {
            out.push(convert(from, to, date));
        }
    }
    // The same pairs naming a source the policy would not pick first, last
    // in this list and so first when the questions are asked backwards: on
    // the old code they warmed caches that later answers depended on (the
    // NBP's 2020-12-08 table answered USD/UAH once it was held, the Bank
    // of Russia's on a fresh server).
    for (from, to, date, source) in [
        ("UAH", "KZT", "2016-12-10", "cbr"),
        ("USD", "JPY", "2016-12-10", "cbr"),
        ("EUR", "PLN", "2016-12-10", "cbr"),
        ("EUR", "PLN", "2020-12-08", "ecb"),
        ("USD", "RUB", "2016-12-10", "ecb"),
        ("RUB", "PLN", "2016-12-10", "cbr"),
        ("USD", "UAH", "2016-12-10", "cbr"),
        ("USD", "RUB", "2011-11-18", "ecb"),
        ("USD", "JPY", "2020-12-08", "nbp"),
        ("USD", "RUB", "2020-12-08", "nbp"),
        ("PLN", "RUB", "2020-12-08", "nbp"),
        ("USD", "UAH", "2020-12-08", "nbp"),
    ] {
        out.push(format!("{}&source={source}", convert(from, to, date)));
    }
    assert_eq!(out.len(), 50);
    out
}

async fn ask_all(base: &str, order: &[usize], questions: &[String]) -> Vec<(u16, String)> {
    let mut answers = vec![(0, String::new()); questions.len()];
    for &i in order {
        answers[i] = get(base, &questions[i]).await;
    }
    answers
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_fifty_questions_get_the_same_bytes_on_three_servers_in_three_orders() {
    let up = Upstream::start_with_fixtures().await;
    let questions = questions();
    let n = questions.len();
    let forward: Vec<usize> = (0..n).collect();
    // Named sources first, then the rest: the order that used to matter.
    let backward: Vec<usize> = (0..n).rev().collect();
    let stride: Vec<usize> = (0..n).map(|i| (i * 7) % n).collect();

    let dir_a = tempfile::tempdir().unwrap();
    let a = ask_all(&server(&up, dir_a.path()).await, &forward, &questions).await;
    let dir_b = tempfile::tempdir().unwrap();
    let b = ask_all(&server(&up, dir_b.path()).await, &backward, &questions).await;
    // The third is the first one restarted on what it persisted.
    let c = ask_all(&server(&up, dir_a.path()).await, &stride, &questions).await;

    for (i, q) in questions.iter().enumerate() {
        assert_eq!(a[i], b[i], "{q}: fresh servers, forward vs backward");
        assert_eq!(a[i], c[i], "{q}: fresh vs restarted, another order");
    }
    let answered = a.iter().filter(|(s, _)| *s == 200).count();
    assert!(answered >= 40, "most questions have an answer: {answered}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asking_a_source_by_name_first_does_not_change_the_answer_without_one() {
    // USD/UAH: the National Bank of Ukraine is preferred, but the stub has
    // nothing of it from 2020 (its recording is of 2026), so it answers
    // 404; the ECB has no UAH; the Bank of Russia and the NBP both do.
    let up = Upstream::start_with_fixtures().await;
    let path = "/v1/convert?from=USD&to=UAH&amount=100&date=2020-12-08";
    let fresh = tempfile::tempdir().unwrap();
    let fresh = get(&server(&up, fresh.path()).await, path).await;
    let warmed = tempfile::tempdir().unwrap();
    let warmed = server(&up, warmed.path()).await;
    let nbp = json(&warmed, &format!("{path}&source=nbp")).await;
    assert_eq!(nbp["source"], "nbp");
    let after = get(&warmed, path).await;
    assert_eq!(fresh, after);
    let v: Value = serde_json::from_str(&after.1).unwrap();
    assert_eq!(v["source"], "cbr", "registry order after the ECB: {v}");
    assert_eq!(v["fallback"]["preferred"], "nbu", "{v}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rouble_pair_is_answered_by_the_bank_of_russia_and_a_zloty_pair_by_the_nbp() {
    let up = Upstream::start_with_fixtures().await;
    let dir = tempfile::tempdir().unwrap();
    let base = server(&up, dir.path()).await;
    let cases = [
        ("from=USD&to=RUB", "cbr"),
        ("from=RUB&to=USD", "cbr"),
        ("from=EUR&to=RUB", "cbr"),
        ("from=PLN&to=RUB", "cbr"),
        ("from=RUB&to=PLN", "nbp"),
        ("from=EUR&to=PLN", "nbp"),
        ("from=PLN&to=USD", "nbp"),
        ("from=USD&to=JPY", "ecb"),
        ("from=RUB&to=RUB", "cbr"),
    ];
    for (pair, source) in cases {
        let v = json(&base, &format!("/v1/convert?{pair}&date=2020-12-08")).await;
        assert_eq!(v["source"], source, "{pair}: {v}");
        assert!(v.get("fallback").is_none(), "{pair}: {v}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_zloty_pair_table_a_lacks_is_answered_by_the_nbps_table_b() {
    // VND is in the NBP's table B (weekly), not in table A; the Bank of
    // Russia quotes it too, but a pair with the zloty is the NBP's.
    let up = Upstream::start_with_fixtures().await;
    let dir = tempfile::tempdir().unwrap();
    let base = server(&up, dir.path()).await;
    for pair in ["from=PLN&to=VND", "from=VND&to=PLN"] {
        let v = json(
            &base,
            &format!("/v1/convert?{pair}&amount=100&date=2026-03-04"),
        )
        .await;
        assert_eq!(v["source"], "nbp.b", "{pair}: {v}");
        assert_eq!(v["date"], "2026-03-04", "{pair}: {v}");
        assert!(v.get("fallback").is_none(), "{pair}: {v}");
    }
    // The zloty's own table A still comes first where it quotes both.
    let v = json(&base, "/v1/convert?from=PLN&to=USD&date=2026-11-02").await;
    assert_eq!(v["source"], "nbp", "{v}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bank_of_russia_table_before_1998_answers_in_old_roubles_never_new_ones() {
    // On 1998-01-01, 1,000 RUR became 1 RUB. The stub serves the real
    // 2016-12-09 table re-dated 1997-06-02 (only its Date changed): its
    // figures are old roubles, so USD/RUB must not come from it (a
    // thousand times too many new roubles), and USD/RUR comes from it as
    // published.
    let up = Upstream::start_with_fixtures().await;
    up.add_cbr_table(upstream::cbr_redated(
        upstream::CBR_2016_12_09,
        chrono::NaiveDate::from_ymd_opt(1997, 6, 2).unwrap(),
    ));
    let dir = tempfile::tempdir().unwrap();
    let base = server(&up, dir.path()).await;
    let rur = json(
        &base,
        "/v1/convert?from=USD&to=RUR&amount=1&date=1997-06-02&round=none",
    )
    .await;
    assert_eq!(
        (
            rur["source"].as_str(),
            rur["date"].as_str(),
            rur["rate"].as_str()
        ),
        (Some("cbr"), Some("1997-06-02"), Some("63.3901")),
        "{rur}"
    );
    let (status, body) = get(
        &base,
        "/v1/convert?from=USD&to=RUB&amount=1&date=1997-06-02",
    )
    .await;
    assert_eq!(status, 404, "no source had new roubles in 1997: {body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cross_answer_is_cached_no_longer_than_its_least_durable_leg() {
    let up = Upstream::start_with_fixtures().await;
    let dir = tempfile::tempdir().unwrap();
    let base = server(&up, dir.path()).await;
    // MXN -> ETB on 2026-10-30: no single source (the Bank of Russia has no
    // MXN; the ECB and every other bank no ETB). The first leg is a past ECB table,
    // which never changes; the second is the newest Bank of Russia table,
    // which the next publication replaces. The answer must not be immutable.
    let cached = |path: String| async move {
        let r = app::client().get(path).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let cc = r.headers()["cache-control"].to_str().unwrap().to_owned();
        (cc, r.json::<Value>().await.unwrap())
    };
    let (cc, v) = cached(format!(
        "{base}/v1/convert?from=MXN&to=ETB&amount=1000&date=2026-10-30"
    ))
    .await;
    assert_eq!(v["legs"][0]["source"], "ecb", "{v}");
    assert_eq!(v["legs"][1]["source"], "cbr", "{v}");
    assert!(!cc.contains("immutable"), "{cc}");
    let (ecb_cc, _) = cached(format!("{base}/v1/convert?from=MXN&to=EUR&date=2026-10-30")).await;
    assert!(
        ecb_cc.contains("immutable"),
        "the ECB leg alone is: {ecb_cc}"
    );
}
