//! CSV and NDJSON on `/v1/rates` and `/v1/timeseries`, over real HTTP on
//! 127.0.0.1:0 with the bundled ECB history: rows equal to the JSON
//! figures string for string, a year of thirty currencies streamed, the
//! caching headers, and problems that stay problem+json.

use crate::app;

use kurs_rates::{Store, StoreOptions};
use reqwest::header::{
    ACCEPT, CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY,
};
use reqwest::StatusCode;
use serde_json::Value;

struct App {
    base: String,
    /// Takes no compressed answers, so chunks are the server's own.
    client: reqwest::Client,
}

async fn spawn_app() -> App {
    App {
        base: app::serve(Store::open(StoreOptions::offline()).0).await,
        client: reqwest::Client::builder()
            .no_proxy()
            .no_gzip()
            .no_brotli()
            .build()
            .unwrap(),
    }
}

impl App {
    async fn get(&self, path: &str, accept: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .header(ACCEPT, accept)
            .send()
            .await
            .unwrap()
    }

    async fn json(&self, path: &str) -> Value {
        let r = self.get(path, "application/json").await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        r.json().await.unwrap()
    }

    async fn text(&self, path: &str, accept: &str) -> String {
        let r = self.get(path, accept).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        r.text().await.unwrap()
    }
}

/// CSV lines split into fields, the header row checked and dropped.
fn csv_rows(text: &str, header: &str) -> Vec<Vec<String>> {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(header));
    assert!(text.ends_with('\n'), "the last row ends with a newline");
    lines
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

const YEAR: &str = "/v1/timeseries?start=2024-01-01&end=2024-12-31";

#[tokio::test]
async fn a_year_of_thirty_currencies_streams_as_csv_rows_equal_to_the_json() {
    let app = spawn_app().await;
    let json = app.json(YEAR).await;

    let mut r = app.get(YEAR, "text/csv").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[CONTENT_TYPE], "text/csv; charset=utf-8");
    // A body handed over whole has a Content-Length; a streamed one is
    // sent chunked, its length unknown until the last date is written.
    assert!(
        r.headers().get(CONTENT_LENGTH).is_none(),
        "{:?}",
        r.headers()
    );
    assert_eq!(r.headers()["transfer-encoding"], "chunked");
    let mut chunks = 0;
    let mut bytes = Vec::new();
    while let Some(chunk) = r.chunk().await.unwrap() {
        chunks += 1;
        bytes.extend_from_slice(&chunk);
    }
    assert!(chunks > 1, "one chunk of {} bytes", bytes.len());
    let text = String::from_utf8(bytes).unwrap();

    let rows = csv_rows(&text, "date,source,base,quote,rate");
    let by_date = json["rates"].as_object().unwrap();
    assert!(by_date.len() > 250, "only {} dates", by_date.len());
    let currencies = by_date.values().next().unwrap().as_object().unwrap().len();
    assert!(currencies >= 30, "only {currencies} currencies");
    let expected: usize = by_date.values().map(|r| r.as_object().unwrap().len()).sum();
    assert_eq!(rows.len(), expected);
    for row in &rows {
        let [date, source, base, quote, rate] = &row[..] else {
            panic!("{row:?}");
        };
        assert_eq!(source, json["source"].as_str().unwrap());
        assert_eq!(base, "EUR");
        assert_eq!(
            Some(rate.as_str()),
            json["rates"][date][quote].as_str(),
            "{row:?}"
        );
    }
}

#[tokio::test]
async fn ndjson_rows_equal_the_json_of_a_time_series() {
    let app = spawn_app().await;
    let path = "/v1/timeseries?start=2011-11-14&end=2011-11-18&base=USD&symbols=JPY,RUB,GBP";
    let json = app.json(path).await;
    let text = app.text(path, "application/x-ndjson").await;
    let rows: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 5 * 3);
    for row in &rows {
        assert_eq!(row.as_object().unwrap().len(), 5, "{row}");
        assert_eq!(row["base"], "USD");
        assert_eq!(row["source"], json["source"]);
        let (date, quote) = (
            row["date"].as_str().unwrap(),
            row["quote"].as_str().unwrap(),
        );
        assert_eq!(row["rate"], json["rates"][date][quote], "{row}");
        assert!(row["rate"].is_string());
    }
}

#[tokio::test]
async fn rates_rows_carry_the_dates_source_and_direction_of_the_json() {
    let app = spawn_app().await;
    for path in [
        "/v1/rates",
        "/v1/rates?date=2011-11-19&base=GBP",
        "/v1/rates?base=RUB&invert=true&symbols=USD,EUR&date=2011-11-18",
    ] {
        let json = app.json(path).await;
        let text = app.text(path, "text/csv").await;
        let rows = csv_rows(&text, "date,requested_date,source,base,quote,rate,inverted");
        assert_eq!(
            rows.len(),
            json["rates"].as_object().unwrap().len(),
            "{path}"
        );
        let requested = json["requested_date"].as_str().unwrap_or_default();
        for row in &rows {
            let [date, requested_date, source, base, quote, rate, inverted] = &row[..] else {
                panic!("{row:?}");
            };
            assert_eq!(date, json["date"].as_str().unwrap(), "{path}");
            assert_eq!(requested_date, requested, "{path}");
            assert_eq!(source, json["source"].as_str().unwrap());
            assert_eq!(base, json["base"].as_str().unwrap());
            assert_eq!(
                Some(rate.as_str()),
                json["rates"][quote].as_str(),
                "{path} {row:?}"
            );
            assert_eq!(inverted, &json["inverted"].to_string());
        }

        let ndjson = app.text(path, "application/x-ndjson").await;
        for line in ndjson.lines() {
            let row: Value = serde_json::from_str(line).unwrap();
            assert_eq!(row["date"], json["date"]);
            assert_eq!(row["requested_date"], json["requested_date"]);
            assert_eq!(row["inverted"], json["inverted"]);
            assert_eq!(row["rate"], json["rates"][row["quote"].as_str().unwrap()]);
        }
    }
}

#[tokio::test]
async fn each_format_has_its_own_etag_and_answers_304_to_it() {
    let app = spawn_app().await;
    let mut tags = Vec::new();
    for path in [
        "/v1/rates?date=2011-11-18",
        "/v1/timeseries?start=2011-11-14&end=2011-11-18",
    ] {
        for accept in ["application/json", "text/csv", "application/x-ndjson"] {
            let r = app.get(path, accept).await;
            assert_eq!(r.status(), StatusCode::OK);
            assert_eq!(r.headers()[VARY], "accept", "{path} {accept}");
            assert_eq!(
                r.headers()[CACHE_CONTROL],
                "public, max-age=31536000, immutable",
                "{path} {accept}"
            );
            let etag = r.headers()[ETAG].to_str().unwrap().to_owned();
            let again = app
                .client
                .get(format!("{}{path}", app.base))
                .header(ACCEPT, accept)
                .header(IF_NONE_MATCH, &etag)
                .send()
                .await
                .unwrap();
            assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path} {accept}");
            tags.push(etag);
        }
    }
    let distinct: std::collections::BTreeSet<_> = tags.iter().collect();
    assert_eq!(distinct.len(), tags.len(), "{tags:?}");
}

#[tokio::test]
async fn an_accept_kurs_cannot_answer_is_a_406_problem() {
    let app = spawn_app().await;
    for path in ["/v1/rates", YEAR] {
        for accept in ["text/html", "application/xml, image/*", "*/*;q=0"] {
            let r = app.get(path, accept).await;
            assert_eq!(r.status(), StatusCode::NOT_ACCEPTABLE, "{path} {accept}");
            assert_eq!(r.headers()[CONTENT_TYPE], "application/problem+json");
            let body: Value = r.json().await.unwrap();
            assert_eq!(body["code"], "not_acceptable");
        }
    }
}

#[tokio::test]
async fn errors_asked_for_in_csv_stay_problem_json() {
    let app = spawn_app().await;
    for (path, status, code) in [
        ("/v1/rates?base=QQQ", 400, "unknown_currency"),
        ("/v1/rates?change=true", 400, "invalid_parameter"),
        (
            "/v1/timeseries?start=2011-11-19&end=2011-11-14",
            400,
            "invalid_parameter",
        ),
        (
            "/v1/timeseries?start=2011-01-01&end=2013-01-01",
            400,
            "range_too_large",
        ),
        (
            "/v1/timeseries?start=2023-01-02&end=2023-01-06&symbols=RUB",
            404,
            "rate_unavailable",
        ),
    ] {
        for accept in ["text/csv", "application/x-ndjson"] {
            let r = app.get(path, accept).await;
            assert_eq!(r.status().as_u16(), status, "{path} {accept}");
            assert_eq!(r.headers()[CONTENT_TYPE], "application/problem+json");
            let body: Value = r.json().await.unwrap();
            assert_eq!(body["code"], code, "{path}");
        }
    }
}

#[tokio::test]
async fn a_csv_or_ndjson_suffix_answers_that_format_whatever_accept_says() {
    let app = spawn_app().await;
    for (path, suffix, media) in [
        ("/v1/rates", ".csv", "text/csv"),
        ("/v1/rates", ".ndjson", "application/x-ndjson"),
        ("/v1/timeseries", ".csv", "text/csv"),
        ("/v1/timeseries", ".ndjson", "application/x-ndjson"),
    ] {
        let query = "?start=2011-11-01&end=2011-11-30&date=2011-11-18&symbols=USD,JPY";
        let negotiated = app.text(&format!("{path}{query}"), media).await;
        let r = app
            .get(&format!("{path}{suffix}{query}"), "text/html")
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{path}{suffix}");
        let content_type = r.headers()[CONTENT_TYPE].to_str().unwrap().to_owned();
        assert!(content_type.starts_with(media), "{content_type}");
        assert_eq!(r.text().await.unwrap(), negotiated, "{path}{suffix}");
    }
}
