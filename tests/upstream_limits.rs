//! How many upstream requests a client can cause: none for a date before a
//! bank's first publication, one per failing date for a while, and a few
//! per request however many dates a batch names.

#[path = "support/app.rs"]
mod app;
#[path = "support/upstream.rs"]
mod upstream;

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
    let (status, v) = get(&base, "/v1/convert?from=USD&to=RUB&date=1991-06-01").await;
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
