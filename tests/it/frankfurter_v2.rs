//! The Frankfurter v2 compatibility routes under `/frankfurter/v2`, over
//! real HTTP on 127.0.0.1:0, held to the shapes its documentation gives
//! (`../shared/reference/frankfurter-v2.md`). The figures are the ECB's, as
//! kurs bundles them.

use crate::app;
use kurs_stub_bank::Upstream;

use kurs_rates::{SourceId, Store, SyncMode};
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde_json::{json, Value};

struct App {
    base: String,
    client: reqwest::Client,
}

/// Serves the app offline, with the bundled ECB history, on 127.0.0.1:0.
async fn spawn_app() -> App {
    at(app::serve_offline().await)
}

fn at(origin: String) -> App {
    App {
        base: format!("{origin}/frankfurter/v2"),
        client: app::client(),
    }
}

impl App {
    async fn get_with(&self, path: &str, accept: Option<&str>) -> reqwest::Response {
        let mut request = self.client.get(format!("{}{path}", self.base));
        if let Some(accept) = accept {
            request = request.header(ACCEPT, accept);
        }
        request.send().await.unwrap()
    }

    /// A 200 answer's body, checked to be of `media` type.
    async fn text(&self, path: &str, accept: Option<&str>, media: &str) -> String {
        let r = self.get_with(path, accept).await;
        let status = r.status().as_u16();
        let content_type = r.headers()[CONTENT_TYPE].to_str().unwrap().to_owned();
        let body = r.text().await.unwrap();
        assert_eq!(status, 200, "{path}: {body}");
        assert!(content_type.starts_with(media), "{path}: {content_type}");
        body
    }

    async fn json(&self, path: &str) -> Value {
        serde_json::from_str(&self.text(path, None, "application/json").await).unwrap()
    }

    /// A request that must fail with `status` and `{"status","message"}`.
    async fn fails(&self, path: &str, status: u16) -> String {
        let r = self.get_with(path, None).await;
        assert_eq!(r.status().as_u16(), status, "{path}");
        assert!(r.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json"));
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["status"], json!(status), "{path}: {body}");
        body["message"].as_str().expect("a message").to_owned()
    }
}

#[tokio::test]
async fn rates_on_a_date_are_rows_with_the_ecbs_published_figure() {
    let app = spawn_app().await;
    let rows = app.json("/rates?date=1999-01-04&quotes=USD").await;
    assert_eq!(
        rows,
        json!([{"date": "1999-01-04", "base": "EUR", "quote": "USD", "rate": 1.1789}])
    );
    let rows = app.json("/rates?date=1999-01-04&quotes=USD,JPY,SIT").await;
    let text = rows.to_string();
    // Rounded by magnitude, as the v1 mirror writes them.
    assert!(text.contains(r#""quote":"JPY","rate":133.73"#), "{text}");
    assert!(text.contains(r#""quote":"SIT","rate":189.04"#), "{text}");
}

#[tokio::test]
async fn the_base_is_case_insensitive_and_rates_cross_it() {
    let app = spawn_app().await;
    let eur = app.json("/rates?quotes=USD,JPY&date=2020-03-16").await;
    let (usd, jpy) = (
        eur[1]["rate"].as_f64().unwrap(),
        eur[0]["rate"].as_f64().unwrap(),
    );
    let rows = app
        .json("/rates?base=usd&quotes=EUR,JPY&date=2020-03-16")
        .await;
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows
        .iter()
        .all(|r| r["base"] == "USD" && r["date"] == "2020-03-16"));
    assert_eq!(rows[0]["quote"], "EUR");
    assert_eq!(rows[1]["quote"], "JPY");
    // Cross rates of the ECB's figures, rounded by magnitude (5 and 2
    // decimals here).
    let round = |x: f64, places: i32| (x * 10f64.powi(places)).round() / 10f64.powi(places);
    assert_eq!(rows[0]["rate"].as_f64().unwrap(), round(1.0 / usd, 5));
    assert_eq!(rows[1]["rate"].as_f64().unwrap(), round(jpy / usd, 2));
}

#[tokio::test]
async fn latest_rates_without_quotes_list_every_currency_and_the_bases_identity_row() {
    // Frankfurter v2's openapi.json: "The response includes an identity
    // record for the base currency (base equals quote, rate 1), subject to
    // the quotes filter like any other record."
    let app = spawn_app().await;
    let rows = app.json("/rates").await;
    let rows = rows.as_array().unwrap();
    assert!(rows.len() > 20, "{rows:?}");
    let date = &rows[0]["date"];
    assert!(rows
        .iter()
        .all(|r| &r["date"] == date && r["base"] == "EUR" && r["rate"].is_number()));
    let quotes: Vec<&str> = rows.iter().map(|r| r["quote"].as_str().unwrap()).collect();
    let mut sorted = quotes.clone();
    sorted.sort_unstable();
    assert_eq!(quotes, sorted, "rows are sorted by quote");
    let identity: Vec<&Value> = rows.iter().filter(|r| r["quote"] == "EUR").collect();
    assert_eq!(
        identity,
        [&json!({"date": date, "base": "EUR", "quote": "EUR", "rate": 1.0})]
    );

    let rows = app
        .json("/rates?base=USD&quotes=EUR,USD&date=1999-01-04")
        .await;
    assert_eq!(
        rows,
        json!([
            {"date": "1999-01-04", "base": "USD", "quote": "EUR", "rate": 0.84825},
            {"date": "1999-01-04", "base": "USD", "quote": "USD", "rate": 1.0}
        ])
    );
    let rows = app.json("/rates?quotes=USD&date=1999-01-04").await;
    assert_eq!(rows.as_array().unwrap().len(), 1, "{rows}");
    // A same-currency pair is the identity rate.
    let row = app.json("/rate/GBP/gbp?date=2020-03-14").await;
    assert_eq!(
        row,
        json!({"date": "2020-03-13", "base": "GBP", "quote": "GBP", "rate": 1.0})
    );
}

#[tokio::test]
async fn one_rate_is_one_object_and_carries_the_last_table_forward() {
    let app = spawn_app().await;
    let row = app.json("/rate/EUR/USD?date=1999-01-04").await;
    assert_eq!(
        row,
        json!({"date": "1999-01-04", "base": "EUR", "quote": "USD", "rate": 1.1789})
    );
    // A Saturday: the Friday's table.
    let row = app.json("/rate/usd/jpy?date=2020-03-14").await;
    assert_eq!(row["date"], "2020-03-13");
    assert_eq!(row["quote"], "JPY");
}

#[tokio::test]
async fn csv_has_the_documented_header_and_one_line_per_row() {
    let app = spawn_app().await;
    let path = "/rates.csv?date=1999-01-04&quotes=USD,GBP";
    let csv = app.text(path, None, "text/csv").await;
    assert_eq!(
        csv,
        "date,base,quote,rate\n1999-01-04,EUR,GBP,0.7111\n1999-01-04,EUR,USD,1.1789\n"
    );
    let by_accept = app
        .text(
            "/rates?date=1999-01-04&quotes=USD,GBP",
            Some("text/csv"),
            "text/csv",
        )
        .await;
    assert_eq!(by_accept, csv);
}

#[tokio::test]
async fn ndjson_streams_one_row_per_line_over_a_series() {
    let app = spawn_app().await;
    let path = "/rates?from=1999-01-04&to=1999-01-08&quotes=USD";
    let body = app
        .text(path, Some("application/x-ndjson"), "application/x-ndjson")
        .await;
    let lines: Vec<Value> = body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let dates: Vec<&str> = lines.iter().map(|l| l["date"].as_str().unwrap()).collect();
    assert_eq!(
        dates,
        [
            "1999-01-04",
            "1999-01-05",
            "1999-01-06",
            "1999-01-07",
            "1999-01-08"
        ]
    );
    assert_eq!(lines[0]["rate"], json!(1.1789));
    // The same rows as the JSON array.
    let array = app.json(path).await;
    assert_eq!(array, Value::Array(lines));
    // A long series streams too (the whole history of one currency).
    let long = app
        .text(
            "/rates?from=1999-01-01&quotes=USD",
            Some("application/x-ndjson"),
            "application/x-ndjson",
        )
        .await;
    assert!(long.lines().count() > 6000);
}

#[tokio::test]
async fn group_by_month_averages_each_month_dated_at_its_first_day() {
    let app = spawn_app().await;
    let rows = app
        .json("/rates?from=1999-01-01&to=1999-03-31&quotes=USD&group=month")
        .await;
    let rows = rows.as_array().unwrap();
    let dates: Vec<&str> = rows.iter().map(|r| r["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["1999-01-01", "1999-02-01", "1999-03-01"]);
    // The mean of January 1999's daily figures, recomputed here.
    let days = app
        .json("/rates?from=1999-01-01&to=1999-01-31&quotes=USD")
        .await;
    let days = days.as_array().unwrap();
    let mean: f64 = days
        .iter()
        .map(|d| d["rate"].as_f64().unwrap())
        .sum::<f64>()
        / days.len() as f64;
    let grouped = rows[0]["rate"].as_f64().unwrap();
    assert!((grouped - mean).abs() < 0.0001, "{grouped} vs {mean}");
    assert_ne!(rows[0]["rate"], rows[1]["rate"]);
    let weeks = app
        .json("/rates?from=1999-01-04&to=1999-01-17&quotes=USD&group=week")
        .await;
    let dates: Vec<&str> = weeks
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["1999-01-04", "1999-01-11"]);
}

#[tokio::test]
async fn providers_selects_a_source_by_key_in_any_case() {
    let app = spawn_app().await;
    for key in ["ECB", "ecb", "Ecb"] {
        let rows = app
            .json(&format!(
                "/rates?date=1999-01-04&quotes=USD&providers={key}"
            ))
            .await;
        assert_eq!(rows[0]["rate"], json!(1.1789), "{key}");
    }
    let message = app.fails("/rates?providers=XYZ", 404).await;
    assert!(message.contains("XYZ"), "{message}");
}

#[tokio::test]
async fn expand_providers_lists_each_source_with_its_own_rate() {
    let app = spawn_app().await;
    let rows = app
        .json("/rates?date=1999-01-04&quotes=USD&expand=providers")
        .await;
    assert_eq!(
        rows[0]["providers"],
        json!([{"key": "ECB", "rate": 1.1789}])
    );
}

#[tokio::test]
async fn expand_providers_lists_every_source_that_published_the_pair() {
    let up = Upstream::start_with_fixtures().await;
    let store = Store::open(app::over_stub(&up.url, None)).0;
    for s in [SourceId::ECB, SourceId::NBP] {
        store.sync(s, SyncMode::CatchUp).await.unwrap();
    }
    let app = at(app::serve(store).await);
    let latest = app.json("/rates?base=EUR&quotes=PLN&providers=NBP").await;
    let date = latest[0]["date"].as_str().unwrap().to_owned();
    let rows = app
        .json(&format!(
            "/rates?base=EUR&quotes=PLN&date={date}&expand=providers"
        ))
        .await;
    let providers = rows[0]["providers"].as_array().unwrap();
    let keys: Vec<&str> = providers
        .iter()
        .map(|p| p["key"].as_str().unwrap())
        .collect();
    assert!(keys.contains(&"NBP"), "{rows}");
    let nbp = providers.iter().find(|p| p["key"] == "NBP").unwrap();
    assert_eq!(nbp["rate"], latest[0]["rate"]);
    // With providers=NBP the row is the NBP's own figure.
    let own = app
        .json(&format!("/rate/EUR/PLN?date={date}&providers=nbp"))
        .await;
    assert_eq!(own["rate"], nbp["rate"]);
}

#[tokio::test]
async fn expand_providers_fetches_the_tables_of_that_date_it_lacks() {
    // A by-date source (the NBP) not yet asked about the date is fetched
    // for it, so the list does not depend on what was asked before.
    let up = Upstream::start_with_fixtures().await;
    let probe = Store::open(app::over_stub(&up.url, None)).0;
    probe.sync(SourceId::NBP, SyncMode::CatchUp).await.unwrap();
    let probe = at(app::serve(probe).await);
    let nbp = probe.json("/rates?base=EUR&quotes=USD&providers=NBP").await;
    let date = nbp[0]["date"].as_str().unwrap().to_owned();

    let store = Store::open(app::over_stub(&up.url, None)).0;
    store.sync(SourceId::ECB, SyncMode::CatchUp).await.unwrap();
    let app = at(app::serve(store).await);
    let rows = app
        .json(&format!(
            "/rates?base=EUR&quotes=USD&date={date}&expand=providers"
        ))
        .await;
    assert_eq!(rows[0]["date"], date.as_str(), "{rows}");
    let providers = rows[0]["providers"].as_array().unwrap();
    let of = |key: &str| providers.iter().find(|p| p["key"] == key).cloned();
    assert_eq!(
        of("NBP").map(|p| p["rate"].clone()),
        Some(nbp[0]["rate"].clone()),
        "{rows}"
    );
    assert!(of("ECB").is_some(), "{rows}");
}

#[tokio::test]
async fn currencies_and_one_currency_with_its_providers() {
    let app = spawn_app().await;
    let list = app.json("/currencies").await;
    let list = list.as_array().unwrap();
    let usd = list.iter().find(|c| c["iso_code"] == "USD").unwrap();
    assert_eq!(usd["iso_numeric"], "840");
    assert_eq!(usd["start_date"], "1999-01-04");
    for field in ["name", "symbol", "end_date"] {
        assert!(usd.get(field).is_some(), "{field}");
    }
    let all = app.json("/currencies?scope=all").await;
    assert!(all.as_array().unwrap().len() > list.len());
    let one = app.json("/currency/usd").await;
    assert_eq!(one["iso_code"], "USD");
    assert_eq!(one["providers"], json!(["ECB"]));
    app.fails("/currency/XYZ", 404).await;
}

#[tokio::test]
async fn providers_describe_kurs_sources() {
    let app = spawn_app().await;
    let list = app.json("/providers").await;
    let ecb = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == "ECB")
        .unwrap();
    assert_eq!(ecb["pivot_currency"], "EUR");
    assert_eq!(ecb["rate_type"], "official");
    assert_eq!(ecb["start_date"], "1999-01-04");
    assert_eq!(ecb["publish_cadence"], "daily");
    assert!(ecb["currencies"]
        .as_array()
        .unwrap()
        .contains(&json!("USD")));
    let nbp = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == "NBP")
        .unwrap();
    assert_eq!(nbp["country_code"], "PL");
    // The NBP's table B is its own provider, published once a week.
    let table_b = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == "NBP.B")
        .unwrap();
    assert_eq!(table_b["publish_cadence"], "weekly", "{table_b}");
    assert_eq!(nbp["publish_cadence"], "daily", "{nbp}");
}

#[tokio::test]
async fn bad_input_is_400_404_or_422_with_a_message() {
    let app = spawn_app().await;
    app.fails("/rates?date=1999-13-01", 400).await;
    app.fails("/rates?group=year&from=2020-01-01", 400).await;
    app.fails("/rates?expand=everything", 400).await;
    app.fails("/rates?base=XYZ", 404).await;
    app.fails("/rates?quotes=USD,QQQ", 404).await;
    app.fails("/rates?date=1998-12-31", 404).await;
    app.fails("/rate/EUR/XYZ", 404).await;
    app.fails("/rates?date=2020-01-02&from=2020-01-01", 422)
        .await;
    app.fails("/rates?from=2020-02-01&to=2020-01-01", 422).await;
    app.fails("/rates?group=month", 422).await;
    app.fails("/rate/EUR/USD?from=2020-01-01", 422).await;
}

/// `tests/v2_client.py`, a client written from Frankfurter v2's published
/// shapes with Python's standard library, works against kurs by changing
/// only its base URL.
#[tokio::test]
async fn a_v2_client_works_by_changing_its_base_url() {
    let app = spawn_app().await;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/v2_client.py");
    let base = app.base.clone();
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("python3")
            .arg(script)
            .arg(base)
            .output()
            .expect("python3 runs")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("EUR/USD 1999-01-04 1.1789"), "{stdout}");
    assert!(stdout.contains("error: 404"), "{stdout}");
    assert!(stdout.trim_end().ends_with("ok"), "{stdout}");
}

/// A long series of every currency is heavy work, as in the v1 mirror: it
/// goes through the heavy gate (counted in `kurs_heavy_renders_total`),
/// while a short one of one currency does not.
#[tokio::test]
async fn a_year_of_every_currency_is_heavy_and_a_month_of_one_is_not() {
    let origin = app::serve_offline().await;
    let app = at(origin.clone());
    let series = "kurs_heavy_renders_total{route=\"frankfurter\",outcome=\"completed\"}";
    let heavy = || app::counter(&origin, series);
    app.json("/rates?from=2011-11-01&to=2011-11-30&quotes=USD")
        .await;
    assert_eq!(heavy().await, 0);
    app.json("/rates?from=2011-01-01&to=2011-12-31").await;
    assert_eq!(heavy().await, 1);
}
