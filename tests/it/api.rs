//! The HTTP API over real HTTP on 127.0.0.1:0: every native endpoint, the
//! error codes, conditional GET, batches and limits, and shutdown.

use crate::app;
use kurs_stub_bank as upstream;

use kurs_rates::{DataDir, SourceId, Store, StoreOptions};
use reqwest::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH, LAST_MODIFIED};
use reqwest::StatusCode;
use serde_json::{json, Value};

struct App {
    base: String,
    client: reqwest::Client,
}

/// Serves the app on 127.0.0.1:0 over `store`.
async fn spawn_with(store: Store) -> App {
    App {
        base: app::serve(store).await,
        client: app::client(),
    }
}

/// Offline, with the bundled ECB history only.
async fn spawn_app() -> App {
    spawn_with(Store::open(StoreOptions::offline()).0).await
}

impl App {
    async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    async fn json(&self, path: &str) -> Value {
        let r = self.get(path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        r.json().await.unwrap()
    }

    /// A request that must fail with `status` and problem `code`.
    async fn problem(&self, path: &str, status: u16, code: &str) -> Value {
        let r = self.get(path).await;
        assert_eq!(r.status().as_u16(), status, "{path}");
        assert_eq!(
            r.headers()[CONTENT_TYPE],
            "application/problem+json",
            "{path}"
        );
        assert_eq!(r.headers()[CACHE_CONTROL], "no-store", "{path}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["code"], code, "{path}: {body}");
        assert_eq!(body["status"], status);
        assert_eq!(body["type"], format!("/problems/{code}"));
        assert!(
            body["title"].is_string() && body["detail"].as_str().unwrap().len() > 10,
            "{body}"
        );
        body
    }

    async fn post(&self, path: &str, body: &Value) -> reqwest::Response {
        let url = format!("{}{path}", self.base);
        self.client.post(url).json(body).send().await.unwrap()
    }
}

#[tokio::test]
async fn convert_answers_the_conversion_object() {
    let app = spawn_app().await;
    let v = app
        .json("/v1/convert?from=usd&to=RUB&amount=100&date=2011-11-19&source=ecb")
        .await;
    assert_eq!(
        v,
        json!({"from":"USD","to":"RUB","amount":"100","result":"3081.20","rate":"30.81202121",
               "date":"2011-11-18","requested_date":"2011-11-19","source":"ecb","path":["USD","EUR","RUB"]})
    );
    let one = app
        .json("/v1/convert?from=EUR&to=USD&date=2013-03-21")
        .await;
    assert_eq!(one["amount"], "1");
    assert_eq!(one["result"], "1.29");
    let up = app
        .json("/v1/convert?from=USD&to=RUB&amount=100&date=2011-11-18&round=up&source=ecb")
        .await;
    assert_eq!(up["result"], "3081.21");
}

#[tokio::test]
async fn offline_a_rouble_pair_falls_back_to_the_ecb_visibly_and_is_never_immutable() {
    let app = spawn_app().await;
    let r = app
        .get("/v1/convert?from=USD&to=RUB&amount=100&date=2011-11-19")
        .await;
    assert_eq!(r.headers()[CACHE_CONTROL], "public, max-age=60");
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["source"], "ecb");
    assert_eq!(v["result"], "3081.20");
    assert_eq!(v["fallback"]["preferred"], "cbr");
    let reason = v["fallback"]["reason"].as_str().unwrap();
    assert!(reason.contains("offline"), "{reason}");
    let named = app
        .problem(
            "/v1/convert?from=USD&to=RUB&date=2011-11-19&source=cbr",
            404,
            "rate_unavailable",
        )
        .await;
    assert!(
        named.get("fallback").is_none(),
        "an explicit source never falls back"
    );
}

/// Offline, a by-date miss is refused before any request: no fetch was
/// tried, so `/v1/sources` records no attempt and no error for it.
#[tokio::test]
async fn an_offline_refusal_is_not_a_fetch_attempt() {
    let app = spawn_app().await;
    app.get("/v1/convert?from=USD&to=RUB&amount=100&date=2011-11-19")
        .await;
    let sources = app.json("/v1/sources").await;
    let cbr = &sources[1];
    assert_eq!(cbr["source"], "cbr");
    assert_eq!(cbr["last_attempt"], Value::Null, "{cbr}");
    assert_eq!(cbr["last_error"], Value::Null, "{cbr}");
}

#[tokio::test]
async fn a_past_date_is_immutable_and_the_latest_lives_until_the_next_publication() {
    let app = spawn_app().await;
    let past = app.get("/v1/convert?from=USD&to=JPY&date=2011-11-19").await;
    assert_eq!(
        past.headers()[CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        past.headers()[LAST_MODIFIED],
        "Fri, 18 Nov 2011 15:00:00 GMT"
    );
    let latest = app.get("/v1/convert?from=EUR&to=USD").await;
    let cc = latest.headers()[CACHE_CONTROL].to_str().unwrap().to_owned();
    assert!(
        cc.starts_with("public, max-age=") && !cc.contains("immutable"),
        "{cc}"
    );
}

#[tokio::test]
async fn an_etag_revalidates_to_304() {
    let app = spawn_app().await;
    for path in [
        "/v1/rates?date=2011-11-18",
        "/v1/convert?from=USD&to=JPY",
        "/v1/currencies",
    ] {
        let first = app.get(path).await;
        let etag = first.headers()[ETAG].to_str().unwrap().to_owned();
        // The client takes gzip, and a compressed answer's ETag is weak
        // (tests/it/connections.rs compares it with the identity one).
        assert!(etag.starts_with("W/\""), "weak: {etag}");
        let url = format!("{}{path}", app.base);
        let again = app
            .client
            .get(&url)
            .header(IF_NONE_MATCH, &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(again.headers()[ETAG], etag.as_str());
        assert!(again.bytes().await.unwrap().is_empty());
        let other = app
            .client
            .get(&url)
            .header(IF_NONE_MATCH, "\"other\"")
            .send()
            .await
            .unwrap();
        assert_eq!(other.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn rates_with_change_give_the_previous_table_and_the_move() {
    let app = spawn_app().await;
    let v = app
        .json("/v1/rates?base=EUR&symbols=USD,GBP&date=2011-11-19&change=true")
        .await;
    assert_eq!(v["date"], "2011-11-18");
    assert_eq!(v["requested_date"], "2011-11-19");
    assert_eq!(v["publisher"], "European Central Bank");
    assert_eq!(v["rates"], json!({"GBP":"0.85805","USD":"1.3576"}));
    assert_eq!(v["previous_date"], "2011-11-17");
    assert_eq!(
        v["changes"]["USD"],
        json!({"previous":"1.348","change":"0.0096","percent":"0.71"})
    );
    let plain = app.json("/v1/rates?symbols=USD").await;
    assert!(plain.get("changes").is_none());
    assert_eq!(plain["requested_date"], Value::Null);
    assert_eq!(
        plain["stale"], true,
        "offline, the bundled data is a month old"
    );
    let usd = app
        .json("/v1/rates?base=USD&symbols=EUR,JPY&date=2011-11-18")
        .await;
    assert_eq!(usd["rates"]["EUR"], "0.7365939894");
    assert_eq!(usd["inverted"], false);
}

#[tokio::test]
async fn inverted_rates_price_each_currency_in_the_base() {
    let app = spawn_app().await;
    let path = "/v1/rates?base=EUR&symbols=USD,JPY&date=2011-11-18&change=true&invert=true";
    let v = app.json(path).await;
    assert_eq!(v["inverted"], true);
    // 1 USD in EUR = 1 / 1.3576; 1 JPY in EUR = 1 / 104.06.
    assert_eq!(
        v["rates"],
        json!({"JPY":"0.009609840477","USD":"0.7365939894"})
    );
    // The previous table (2011-11-17: USD 1.348), in the same direction.
    assert_eq!(v["changes"]["USD"]["previous"], "0.7418397626");
    assert_eq!(v["changes"]["USD"]["percent"], "-0.71");
}

#[tokio::test]
async fn timeseries_lists_tables_by_date_and_refuses_a_huge_range() {
    let app = spawn_app().await;
    let v = app
        .json("/v1/timeseries?symbols=USD&start=2011-11-14&end=2011-11-20")
        .await;
    assert_eq!(v["start_date"], "2011-11-14");
    assert_eq!(v["end_date"], "2011-11-18");
    let rates = v["rates"].as_object().unwrap();
    assert_eq!(rates.len(), 5, "no weekend days");
    assert_eq!(rates["2011-11-18"]["USD"], "1.3576");
    app.problem(
        "/v1/timeseries?start=2000-01-01&end=2011-01-01",
        400,
        "range_too_large",
    )
    .await;
    app.problem(
        "/v1/timeseries?start=2011-01-02&end=2011-01-01",
        400,
        "invalid_parameter",
    )
    .await;
    app.problem("/v1/timeseries?end=2011-01-01", 400, "invalid_parameter")
        .await;
}

#[tokio::test]
async fn currencies_and_sources_describe_what_kurs_holds() {
    let app = spawn_app().await;
    let list = app.json("/v1/currencies").await;
    let rub = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "RUB")
        .unwrap();
    assert_eq!(rub["numeric"], 643);
    assert_eq!(rub["minor_units"], 2);
    assert_eq!(
        rub["sources"]["ecb"],
        json!({"first":"2005-04-01","last":"2022-03-01"})
    );
    let all = app.json("/v1/currencies?all=true").await;
    assert!(all.as_array().unwrap().len() > 170);
    let sources = app.json("/v1/sources").await;
    assert_eq!(sources[0]["source"], "ecb");
    assert_eq!(sources[0]["latest_date"], "2026-10-30");
    assert!(sources[0]["attribution"]["terms_url"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    assert_eq!(sources[1]["source"], "cbr");
}

#[tokio::test]
async fn currencies_carry_cldr_names_in_every_widget_language_beside_the_iso_name() {
    let app = spawn_app().await;
    let all = app.json("/v1/currencies?all=true").await;
    let all = all.as_array().unwrap();
    let find = |code: &str| all.iter().find(|c| c["code"] == code).unwrap().clone();
    // English and Russian of a currency's names.
    let en_ru = |code: &str| {
        let names = &find(code)["names"];
        json!({"en": names["en"], "ru": names["ru"]})
    };
    let rub = find("RUB");
    assert_eq!(rub["name"], "Russian Ruble", "the ISO name stays");
    assert_eq!(
        rub["names"],
        json!({"en": "Russian Ruble", "ru": "российский рубль", "uk": "російський рубль",
               "kk": "Ресей рублі", "de": "Russischer Rubel", "fr": "rouble russe",
               "es": "rublo ruso"})
    );
    assert_eq!(en_ru("USD"), json!({"en": "US Dollar", "ru": "доллар США"}));
    assert_eq!(find("UAH")["names"]["ru"], "украинская гривна");
    let byr = find("BYR");
    assert_eq!(byr["name"], "Belarusian Ruble");
    assert_eq!(
        en_ru("BYR"),
        json!({"en": "Belarusian Ruble (2000–2016)", "ru": "Белорусский рубль (2000–2016)"})
    );
    assert_eq!(
        en_ru("RUR"),
        json!({"en": "Russian Ruble (1991–1998)", "ru": "Российский рубль (1991–1998)"})
    );
    // CLDR names no XAD: ISO's English name, none in another language.
    assert_eq!(
        find("XAD")["names"],
        json!({"en": "Arab Accounting Dinar", "ru": null, "uk": null, "kk": null, "de": null,
               "fr": null, "es": null})
    );
    for c in all {
        assert!(c["names"]["en"].is_string(), "{c}");
        for lang in ["ru", "uk", "kk", "de", "fr", "es"] {
            assert!(
                c["names"][lang].is_string() || c["names"][lang].is_null(),
                "{lang}: {c}"
            );
        }
    }
    let quoted = app.json("/v1/currencies").await;
    for c in quoted.as_array().unwrap() {
        assert!(
            c["names"]["ru"].is_string(),
            "every quoted currency has a Russian name: {c}"
        );
    }
}

#[tokio::test]
async fn every_bad_input_is_a_problem_with_a_stable_code() {
    let app = spawn_app().await;
    app.problem("/v1/convert?from=USX&to=RUB", 400, "unknown_currency")
        .await;
    app.problem("/v1/convert?from=1,5&to=RUB", 400, "unknown_currency")
        .await;
    app.problem(
        "/v1/convert?from=USD&to=RUB&amount=1,5",
        400,
        "invalid_amount",
    )
    .await;
    app.problem(
        "/v1/convert?from=USD&to=RUB&amount=NaN",
        400,
        "invalid_amount",
    )
    .await;
    app.problem(
        "/v1/convert?from=USD&to=RUB&amount=1e400",
        400,
        "invalid_amount",
    )
    .await;
    app.problem(
        "/v1/convert?from=USD&to=RUB&round=bankers",
        400,
        "invalid_rounding",
    )
    .await;
    app.problem(
        "/v1/convert?from=USD&to=RUB&date=18.11.2011",
        400,
        "invalid_date",
    )
    .await;
    app.problem(
        "/v1/convert?from=USD&to=RUB&source=fed",
        400,
        "unknown_source",
    )
    .await;
    app.problem(
        "/v1/convert?from=USD&to=EUR&date=1998-12-31",
        404,
        "date_out_of_range",
    )
    .await;
    app.problem(
        "/v1/convert?from=USD&to=EUR&date=2999-01-01",
        404,
        "date_out_of_range",
    )
    .await;
    let p = app
        .problem(
            "/v1/convert?from=USD&to=RUB&date=2023-01-10&source=ecb",
            404,
            "rate_unavailable",
        )
        .await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("published no RUB after 2022-03-01"),
        "{p}"
    );
    app.problem(
        "/v1/convert?from=JPY&to=IDR&amount=1000000000000000000000000000",
        422,
        "overflow",
    )
    .await;
    app.problem("/v1/convert?to=RUB", 400, "invalid_parameter")
        .await;
    app.problem("/v1/rates?change=maybe", 400, "invalid_parameter")
        .await;
    app.problem("/v1/nothing", 404, "not_found").await;
    let long = format!("/v1/convert?from=USD&to=RUB&pad={}", "x".repeat(3000));
    app.problem(&long, 414, "uri_too_long").await;
    let r = app
        .client
        .delete(format!("{}/v1/convert", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn a_batch_answers_in_order_with_conversions_and_errors() {
    let app = spawn_app().await;
    let batch = json!([
        {"from":"USD","to":"RUB","amount":"100","date":"2011-11-19"},
        {"from":"EUR","to":"USD","amount":10,"date":"2013-03-21"},
        {"from":"USX","to":"RUB","amount":"1"},
        {"from":"USD","to":"RUB","amount":"1","date":"2023-01-10","source":"ecb"},
        {"from":"EUR","to":"JPY","amount":0.1}
    ]);
    let r = app.post("/v1/convert", &batch).await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v[0]["result"], "3081.20");
    assert_eq!(v[1]["result"], "12.91");
    assert_eq!(v[2]["code"], "unknown_currency");
    assert_eq!(v[3]["code"], "rate_unavailable");
    assert_eq!(v[4]["amount"], "0.1", "a JSON number is read from its text");
}

#[tokio::test]
async fn batch_limits_are_enforced() {
    let app = spawn_app().await;
    let item = json!({"from":"EUR","to":"USD","amount":"1"});
    let big = Value::Array(vec![item.clone(); 1001]);
    let r = app.post("/v1/convert", &big).await;
    assert_eq!(r.status().as_u16(), 413);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "batch_too_large");
    let full = Value::Array(vec![item; 1000]);
    assert_eq!(
        app.post("/v1/convert", &full).await.status(),
        StatusCode::OK
    );
    let r = app.post("/v1/convert", &json!({"not":"an array"})).await;
    assert_eq!(r.status().as_u16(), 400);
    let url = format!("{}/v1/convert", app.base);
    let huge = app
        .client
        .post(url)
        .header(CONTENT_TYPE, "application/json")
        .body(vec![b' '; 2 << 20])
        .send()
        .await
        .unwrap();
    assert_eq!(huge.status().as_u16(), 413);
}

#[tokio::test]
async fn operations_endpoints_answer() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.text().await.unwrap(), "ok\n");
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);
    app.get("/v1/convert?from=EUR&to=USD").await;
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(
        metrics.contains(
            "kurs_http_requests_total{route=\"/v1/convert\",method=\"GET\",status=\"200\"} 1"
        ),
        "{metrics}"
    );
    assert!(
        metrics.contains("kurs_http_request_duration_seconds_bucket"),
        "{metrics}"
    );
    assert!(
        metrics.contains("kurs_data_age_seconds{source=\"ecb\"}"),
        "{metrics}"
    );
    assert!(
        metrics.contains("kurs_upstream_fetches_total{source=\"ecb\",outcome=\"ok\"} 0"),
        "{metrics}"
    );
    let spec = app.get("/openapi.yaml").await.text().await.unwrap();
    assert!(spec.starts_with("openapi: 3"));
}

#[tokio::test]
async fn responses_are_compressed_and_open_to_any_origin() {
    let app = spawn_app().await;
    let url = format!("{}/v1/rates", app.base);
    // A client that does not decompress for us, to see the encoding.
    let raw = reqwest::Client::builder()
        .no_proxy()
        .no_gzip()
        .build()
        .unwrap();
    let r = raw
        .get(&url)
        .header("accept-encoding", "gzip")
        .header("origin", "https://news.example")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-encoding"], "gzip");
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    let preflight = app
        .client
        .request(reqwest::Method::OPTIONS, &url)
        .header("origin", "https://news.example")
        .header("access-control-request-method", "GET")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unseen_bank_of_russia_date_is_fetched_once_for_many_requests() {
    let up = upstream::Upstream::start_with_fixtures().await;
    let dir = tempfile::tempdir().unwrap();
    let options = app::over_stub(&up.url, Some(dir.path()));
    let app = spawn_with(Store::open(options).0).await;
    let path = "/v1/convert?from=USD&to=RUB&amount=100&date=2025-12-14";
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let (client, url) = (app.client.clone(), format!("{}{path}", app.base));
        tasks.spawn(async move {
            client
                .get(url)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        });
    }
    while let Some(v) = tasks.join_next().await {
        let v = v.unwrap();
        assert_eq!(
            (v["source"].as_str(), v["date"].as_str()),
            (Some("cbr"), Some("2025-12-13")),
            "{v}"
        );
        assert_eq!(v["result"], "7972.96");
    }
    assert_eq!(up.hits("/scripts/XML_daily.asp?date_req=14/12/2025"), 1);

    // No single source has RUB and ISK: crossed through EUR, both legs shown.
    let v = app
        .json("/v1/convert?from=RUB&to=ISK&amount=1000&date=2025-12-14")
        .await;
    assert_eq!(v["result"], "1586");
    assert_eq!(v["legs"][1], json!({"source":"ecb","date":"2025-12-12"}));

    // A short time series over the Bank of Russia fetches the dates it lacks.
    let series = "/v1/timeseries?base=RUB&symbols=USD&start=2025-12-13&end=2025-12-16&source=cbr";
    let v = app.json(series).await;
    assert_eq!(v["source"], "cbr");
    assert_eq!(v["rates"].as_object().unwrap().len(), 1, "{v}");
    assert_eq!(v["rates"]["2025-12-13"]["USD"], "0.01254239329");
    // A long one would be one upstream request per day: refused.
    let long = "/v1/timeseries?base=RUB&symbols=USD&start=2025-10-01&end=2025-12-16&source=cbr";
    let p = app.problem(long, 400, "range_too_large").await;
    assert!(p["detail"].as_str().unwrap().contains("at most 31"), "{p}");
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kurs"))
        .args(["serve", "--offline", "--addr", "127.0.0.1:0"])
        .env("KURS_DATA_DIR", dir.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stderr));
    let listening = lines
        .by_ref()
        .map(|l| l.unwrap())
        .find(|l| l.contains("listening on http://"))
        .unwrap();
    let url = listening
        .split("listening on ")
        .nth(1)
        .unwrap()
        .trim()
        .to_owned();
    let body = blocking_get(&format!("{url}/healthz"));
    assert_eq!(body, "ok\n");
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
    assert!(lines.map(|l| l.unwrap()).any(|l| l.contains("stopping")));
}

/// A tiny blocking GET over a raw socket (the test above runs without a
/// Tokio runtime).
fn blocking_get(url: &str) -> String {
    use std::io::{Read, Write};
    let rest = url.trim_start_matches("http://");
    let (host, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_owned()), |(h, p)| (h, format!("/{p}")));
    let mut s = std::net::TcpStream::connect(host).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    s.read_to_string(&mut response).unwrap();
    response
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_data_directory_that_cannot_be_written_shows_as_persist_error_until_writing_works() {
    let up = upstream::Upstream::start_with_fixtures().await;
    let dir = tempfile::tempdir().unwrap();
    let options = app::over_stub(&up.url, Some(dir.path()));
    let store = Store::open(options).0;
    let app = spawn_with(store.clone()).await;
    let blocker = dir.path().join("cbr");
    std::fs::write(&blocker, b"a file where a directory should be").unwrap();

    // Fetched on demand and answered from memory all the same.
    let v = app
        .json("/v1/convert?from=USD&to=RUB&amount=100&date=2025-12-14")
        .await;
    assert_eq!(v["result"], "7972.96");
    let sources = app.json("/v1/sources").await;
    let cbr = &sources[1];
    assert_eq!(cbr["source"], "cbr");
    let shown = cbr["persist_error"].as_str().unwrap();
    assert!(shown.contains(&blocker.display().to_string()), "{shown}");
    assert_eq!(sources[0]["persist_error"], Value::Null);
    let r = app.get("/readyz").await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["status"], "ready", "{body}");
    assert_eq!(body["sources"][1]["source"], "cbr", "{body}");
    let shown = body["sources"][1]["persist_error"].as_str().unwrap();
    assert!(shown.starts_with("cannot write "), "{body}");
    assert_eq!(body["sources"][0]["persist_error"], Value::Null, "{body}");

    std::fs::remove_file(&blocker).unwrap();
    let report = store
        .sync(SourceId::CBR, kurs_rates::SyncMode::CatchUp)
        .await;
    assert_eq!(report.unwrap().persist_error, None);
    assert_eq!(
        app.json("/v1/sources").await[1]["persist_error"],
        Value::Null
    );
    let readyz = app.json("/readyz").await;
    assert_eq!(
        readyz["sources"][1]["persist_error"],
        Value::Null,
        "{readyz}"
    );
    let saved = DataDir::new(dir.path()).load(SourceId::CBR);
    let dates: Vec<String> = saved.tables.iter().map(|t| t.date().to_string()).collect();
    assert!(dates.contains(&"2025-12-13".to_owned()), "{dates:?}");
}

#[tokio::test]
async fn an_unknown_currency_points_to_the_currencies_route_not_the_command_line() {
    let app = spawn_app().await;
    let p = app
        .problem("/v1/convert?from=QQQ&to=USD", 400, "unknown_currency")
        .await;
    assert_eq!(
        p["detail"],
        "unknown currency 'QQQ': expected an ISO 4217 code such as USD; GET /v1/currencies lists them"
    );
}

#[tokio::test]
async fn an_offline_fallback_names_no_command_line_flags() {
    let app = spawn_app().await;
    let v = app
        .json("/v1/convert?from=USD&to=RUB&amount=100&date=2011-11-19")
        .await;
    let reason = v["fallback"]["reason"].as_str().unwrap();
    assert!(reason.contains("kurs is offline: not fetching"), "{reason}");
    assert!(!reason.contains("--offline"), "{reason}");
    assert!(!reason.contains("KURS_OFFLINE"), "{reason}");
}

#[tokio::test]
async fn a_source_never_synced_is_explained_without_command_line_words() {
    let app = spawn_app().await;
    let p = app
        .problem("/v1/convert?from=USD&to=RUB", 404, "rate_unavailable")
        .await;
    let detail = p["detail"].as_str().unwrap();
    // The first three in the policy's order, then a count: not a list of
    // every bank kurs knows.
    let named = "kurs has never synced the Bank of Russia, the NBP, the Czech National Bank or ";
    let rest = detail
        .split(named)
        .nth(1)
        .unwrap_or_else(|| panic!("{detail}"));
    let (count, rest) = rest.split_once(' ').unwrap();
    assert!(count.parse::<usize>().unwrap() >= 2, "{detail}");
    assert!(
        rest.starts_with("other sources: their rates arrive once this server reaches the bank"),
        "{detail}"
    );
    assert!(!detail.contains("kurs sync"), "{detail}");
    assert!(!detail.contains("--"), "{detail}");
}
