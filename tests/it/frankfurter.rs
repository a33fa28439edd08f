//! The Frankfurter v1 compatibility routes under `/frankfurter`, over real
//! HTTP on 127.0.0.1:0, held to the bodies observed from Frankfurter itself
//! (`../shared/reference/frankfurter-v1.md`).

use crate::app;

use reqwest::header::{
    ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH, LAST_MODIFIED,
    ORIGIN,
};
use reqwest::StatusCode;
use serde_json::{json, Value};

const JSON: &str = "application/json; charset=utf-8";

struct App {
    base: String,
    client: reqwest::Client,
}

/// Serves the app offline, with the bundled ECB history, on 127.0.0.1:0.
async fn spawn_app() -> App {
    App {
        base: format!("{}/frankfurter", app::serve_offline().await),
        client: app::client(),
    }
}

impl App {
    async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    /// A 200 answer's raw body, checked to be Frankfurter's content type.
    async fn text(&self, path: &str) -> String {
        let r = self.get(path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(r.headers()[CONTENT_TYPE], JSON, "{path}");
        r.text().await.unwrap()
    }

    async fn json(&self, path: &str) -> Value {
        serde_json::from_str(&self.text(path).await).unwrap()
    }

    /// A request that must fail as Frankfurter fails: `status` and
    /// `{"message": message}`, plain JSON.
    async fn fails(&self, path: &str, status: u16, message: &str) {
        let r = self.get(path).await;
        assert_eq!(r.status().as_u16(), status, "{path}");
        assert_eq!(r.headers()[CONTENT_TYPE], JSON, "{path}");
        assert_eq!(r.headers()[CACHE_CONTROL], "no-store", "{path}");
        let body = r.text().await.unwrap();
        assert_eq!(body, json!({ "message": message }).to_string(), "{path}");
    }
}

#[tokio::test]
async fn latest_has_the_newest_table_rounded_as_frankfurter_rounds() {
    let app = spawn_app().await;
    let text = app.text("/latest").await;
    assert!(
        text.starts_with(
            r#"{"amount":1.0,"base":"EUR","date":"2026-10-30","rates":{"AUD":1.5904,"#
        ),
        "{text}"
    );
    assert!(text.ends_with(r#""USD":1.1172,"ZAR":18.6455}}"#), "{text}");
    for part in [
        r#""IDR":20275,"#,
        r#""INR":106.08,"#,
        r#""ISK":136.0,"#,
        r#""JPY":175.68,"#,
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    let v: Value = serde_json::from_str(&text).unwrap();
    let rates = v["rates"].as_object().unwrap();
    for (code, rate) in [
        ("AUD", json!(1.5904)),
        ("IDR", json!(20275)),
        ("INR", json!(106.08)),
        ("ISK", json!(136.0)),
        ("JPY", json!(175.68)),
        ("USD", json!(1.1172)),
        ("ZAR", json!(18.6455)),
    ] {
        assert_eq!(rates[code], rate, "{code}");
    }
    assert!(rates["IDR"].is_u64() && rates["ISK"].is_f64());
    assert_eq!(rates.len(), 29);
    assert!(!rates.contains_key("EUR") && !rates.contains_key("RUB"));
    let codes: Vec<&String> = rates.keys().collect();
    assert!(codes.windows(2).all(|w| w[0] < w[1]), "sorted: {codes:?}");
    // `current` is Frankfurter's other name for it.
    assert_eq!(app.json("/current").await, v);
}

#[tokio::test]
async fn a_date_converts_an_amount_from_any_base() {
    let app = spawn_app().await;
    let text = app.text("/2011-11-18?from=USD&to=RUB&amount=100").await;
    assert_eq!(
        text,
        r#"{"amount":100.0,"base":"USD","date":"2011-11-18","rates":{"RUB":3081.2}}"#
    );
    // The ECB's own figures are rounded too: RUB 41.8304 -> 41.83.
    let v = app.json("/2011-11-18").await;
    assert_eq!(v["rates"]["RUB"], json!(41.83));
    assert_eq!(v["rates"]["USD"], json!(1.3576));
    assert_eq!(v["amount"], json!(1.0));
    // A published figure on an exact decimal tie rounds as Frankfurter's
    // `format('%.2f')` rounds the double nearest it: SIT 189.045 -> 189.04.
    let v = app.json("/1999-01-04?to=SIT").await;
    assert_eq!(v["rates"], json!({"SIT":189.04}));
}

#[tokio::test]
async fn a_weekend_date_answers_with_fridays_table() {
    let app = spawn_app().await;
    let friday = app.json("/2011-11-18?to=USD,RUB").await;
    for weekend in ["2011-11-19", "2011-11-20"] {
        let v = app.json(&format!("/{weekend}?to=USD,RUB")).await;
        assert_eq!(v, friday, "{weekend}");
        assert_eq!(v["date"], "2011-11-18");
    }
    assert_eq!(
        friday,
        json!({"amount":1.0,"base":"EUR","date":"2011-11-18","rates":{"RUB":41.83,"USD":1.3576}})
    );
}

#[tokio::test]
async fn a_range_lists_each_table_and_ends_on_the_last_one() {
    let app = spawn_app().await;
    let v = app.json("/2011-11-14..2011-11-19").await;
    assert_eq!(v["amount"], json!(1.0));
    assert_eq!(v["base"], "EUR");
    assert_eq!(v["start_date"], "2011-11-14");
    assert_eq!(v["end_date"], "2011-11-18");
    let days: Vec<&String> = v["rates"].as_object().unwrap().keys().collect();
    assert_eq!(
        days,
        [
            "2011-11-14",
            "2011-11-15",
            "2011-11-16",
            "2011-11-17",
            "2011-11-18"
        ]
    );
    assert_eq!(v["rates"]["2011-11-14"]["AUD"], json!(1.3351));
    assert_eq!(v["rates"]["2011-11-14"]["RUB"], json!(41.652));
    assert_eq!(v["rates"]["2011-11-18"]["RUB"], json!(41.83));
    assert_eq!(v["rates"]["2011-11-18"]["USD"], json!(1.3576));
    let text = app.text("/2011-11-14..2011-11-19").await;
    assert!(
        text.starts_with(r#"{"amount":1.0,"base":"EUR","start_date":"2011-11-14","end_date":"2011-11-18","rates":{"2011-11-14":{"AUD":1.3351,"#),
        "{text}"
    );

    let text = app.text("/2011-11-14..2011-11-19?from=USD&to=RUB").await;
    assert_eq!(
        text,
        r#"{"amount":1.0,"base":"USD","start_date":"2011-11-14","end_date":"2011-11-18","rates":{"2011-11-14":{"RUB":30.494},"2011-11-15":{"RUB":30.709},"2011-11-16":{"RUB":30.774},"2011-11-17":{"RUB":30.86},"2011-11-18":{"RUB":30.812}}}"#
    );
}

#[tokio::test]
async fn a_range_starting_on_a_weekend_starts_with_the_table_in_force() {
    let app = spawn_app().await;
    let v = app.json("/2011-11-19..2011-11-22?to=USD").await;
    assert_eq!(
        v,
        json!({"amount":1.0,"base":"EUR","start_date":"2011-11-18","end_date":"2011-11-22",
               "rates":{"2011-11-18":{"USD":1.3576},"2011-11-21":{"USD":1.3458},"2011-11-22":{"USD":1.3535}}})
    );
    // A weekend-only range is the Friday table alone.
    let v = app.json("/2011-11-19..2011-11-20?to=USD").await;
    assert_eq!(v["start_date"], "2011-11-18");
    assert_eq!(v["end_date"], "2011-11-18");
    assert_eq!(v["rates"].as_object().unwrap().len(), 1);
    // Before the first table, a range starts with the first one.
    let v = app.json("/1998-12-01..1999-01-05?to=USD").await;
    assert_eq!(v["start_date"], "1999-01-04");
    assert_eq!(v["end_date"], "1999-01-05");
}

#[tokio::test]
async fn an_open_range_runs_to_the_latest_table() {
    let app = spawn_app().await;
    let v = app.json("/2026-10-26..?to=USD,JPY").await;
    assert_eq!(v["start_date"], "2026-10-26");
    assert_eq!(v["end_date"], "2026-10-30");
    let days = v["rates"].as_object().unwrap();
    assert_eq!(days.len(), 5);
    assert_eq!(days["2026-10-30"]["USD"], json!(1.1172));
    assert_eq!(days["2026-10-30"]["JPY"], json!(175.68));
    assert!(days
        .values()
        .all(|d| d.as_object().unwrap().len() == 2 && d["USD"].is_f64()));
}

#[tokio::test]
async fn base_and_symbols_are_aliases_and_codes_are_case_insensitive() {
    let app = spawn_app().await;
    let reference = app.json("/2011-11-18?from=USD&to=RUB,GBP&amount=100").await;
    for query in [
        "base=USD&symbols=RUB,GBP&amount=100",
        "from=usd&to=rub,gbp&amount=100",
        "base=Usd&symbols=gbp,Rub&amount=100.0",
        // `from` wins over `base`, `to` over `symbols`, as in Frankfurter.
        "from=USD&base=JPY&to=RUB,GBP&symbols=CHF&amount=100",
    ] {
        assert_eq!(
            app.json(&format!("/2011-11-18?{query}")).await,
            reference,
            "{query}"
        );
    }
    assert_eq!(reference["rates"]["RUB"], json!(3081.2));
    assert_eq!(reference["rates"].as_object().unwrap().len(), 2);
    // A base other than EUR lists EUR among all the others, not itself.
    let v = app.json("/2011-11-18?base=USD").await;
    let rates = v["rates"].as_object().unwrap();
    assert_eq!(rates["EUR"], json!(0.73659));
    assert!(!rates.contains_key("USD"));
    // The base inside the list is left out of the answer.
    let v = app.json("/2011-11-18?from=USD&to=USD,EUR").await;
    assert_eq!(v["rates"], json!({"EUR":0.73659}));
    // A currency the ECB did not publish on a date of a range is left out
    // of that date: RUB stops after 2022-03-01.
    let v = app.json("/2022-03-01..2022-03-02?to=RUB,USD").await;
    assert_eq!(v["rates"]["2022-03-01"].as_object().unwrap().len(), 2);
    assert_eq!(v["rates"]["2022-03-02"].as_object().unwrap().len(), 1);
}

#[tokio::test]
async fn every_bad_input_fails_as_frankfurter_fails() {
    let app = spawn_app().await;
    for path in [
        // Before the first table, after today.
        "/1998-12-31",
        "/0001-01-01",
        "/2999-01-01",
        "/2999-01-01..",
        "/1998-01-01..1998-12-31",
        // A range that ends before it starts.
        "/2011-11-18..2011-11-14",
        // Currencies the ECB never published, alone or in a list.
        "/latest?to=XYZ",
        "/latest?from=XYZ",
        "/latest?to=USD,XYZ",
        "/latest?to=US",
        "/2011-11-18?from=ARS&to=USD",
        "/2011-11-14..2011-11-18?to=XYZ",
        // Published once, but not on that date.
        "/2023-01-02?to=RUB",
        "/2023-01-02?from=RUB&to=USD",
        "/latest?from=BGN",
        "/2023-01-02..2023-01-06?to=RUB",
        "/latest?to=",
        // Unknown routes.
        "",
        "/",
        "/foo",
        "/latest/",
        "/latest/x",
        "/2011-1-18",
        "/2011-11-18x",
        "/2011-11-14...2011-11-18",
        "/..2011-11-18",
        "/v1/latest",
    ] {
        app.fails(path, 404, "not found").await;
    }
    for path in [
        "/2011-13-01",
        "/2011-02-30",
        "/2011-11-14..2011-11-31",
        "/2011-11-32..",
    ] {
        app.fails(path, 422, "invalid date").await;
    }
    for amount in ["0", "0.00", "-1", "abc", "", "1e2", "1,5", "NaN"] {
        let path = format!("/latest?amount={amount}");
        app.fails(&path, 422, "invalid amount").await;
        let path = format!("/2011-11-14..2011-11-18?amount={amount}");
        app.fails(&path, 422, "invalid amount").await;
    }
    for path in [
        "/latest?from=USD&to=USD",
        "/latest?to=EUR",
        "/2011-11-18?from=eur&to=EUR",
        "/2011-11-18?base=GBP&symbols=gbp",
        "/2011-11-14..2011-11-18?from=USD&to=usd",
    ] {
        app.fails(path, 422, "bad currency pair").await;
    }
    // Frankfurter checks the amount, then the date, then the pair.
    app.fails("/2011-13-01?amount=0", 422, "invalid amount")
        .await;
    app.fails("/2011-13-01?from=USD&to=USD", 422, "invalid date")
        .await;
    app.fails("/1998-01-01?from=USD&to=USD", 422, "bad currency pair")
        .await;
    // An amount too large to compute exactly is refused, not rounded.
    app.fails(
        "/latest?amount=1000000000000000000000000000",
        422,
        "invalid amount",
    )
    .await;
}

#[tokio::test]
async fn currencies_are_the_newest_table_and_euro_with_frankfurters_names() {
    let app = spawn_app().await;
    let text = app.text("/currencies").await;
    let v: Value = serde_json::from_str(&text).unwrap();
    let names = v.as_object().unwrap();
    assert_eq!(names.len(), 30, "{text}");
    for (code, name) in [
        ("AUD", "Australian Dollar"),
        ("CNY", "Chinese Renminbi Yuan"),
        ("EUR", "Euro"),
        ("GBP", "British Pound"),
        ("ILS", "Israeli New Sheqel"),
        ("ISK", "Icelandic Króna"),
        ("KRW", "South Korean Won"),
        ("PLN", "Polish Złoty"),
        ("USD", "United States Dollar"),
        ("ZAR", "South African Rand"),
    ] {
        assert_eq!(names[code], name, "{code}");
    }
    assert!(!names.contains_key("RUB") && !names.contains_key("BGN"));
    assert!(text.starts_with(r#"{"AUD":"Australian Dollar","BRL":"Brazilian Real","#));
    assert!(text.ends_with(r#""USD":"United States Dollar","ZAR":"South African Rand"}"#));
    // Every code listed is one /latest answers for.
    let latest = app.json("/latest").await;
    for code in names.keys().filter(|c| *c != "EUR") {
        assert!(latest["rates"][code].is_number(), "{code}");
    }
}

#[tokio::test]
async fn latest_has_validators_and_answers_304() {
    let app = spawn_app().await;
    let r = app.get("/latest").await;
    assert_eq!(r.status(), StatusCode::OK);
    let etag = r.headers()[ETAG].to_str().unwrap().to_owned();
    // Weak: the client takes gzip, and the answer is compressed.
    assert!(etag.starts_with("W/\""), "{etag}");
    assert!(r.headers()[CACHE_CONTROL]
        .to_str()
        .unwrap()
        .starts_with("public, max-age="));
    assert!(r.headers().contains_key(LAST_MODIFIED));
    let again = app
        .client
        .get(format!("{}/latest", app.base))
        .header(IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()[ETAG], etag.as_str());
    assert!(again.text().await.unwrap().is_empty());
    // Another body, another tag.
    let other = app.get("/latest?to=USD").await;
    assert_ne!(other.headers()[ETAG], etag.as_str());
    // A past table never changes.
    let past = app.get("/2011-11-18").await;
    assert_eq!(
        past.headers()[CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    // CORS is open, as Frankfurter's.
    let cors = app
        .client
        .get(format!("{}/latest", app.base))
        .header(ORIGIN, "https://example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(cors.headers()[ACCESS_CONTROL_ALLOW_ORIGIN], "*");
}

/// What the PyPI `frankfurter` client does: list the currencies, refuse
/// codes not listed, then ask a date with `base` and `symbols` and read
/// `rates[code]`.
#[tokio::test]
async fn a_frankfurter_client_works_unmodified() {
    let app = spawn_app().await;
    let currencies = app.json("/currencies").await;
    let known = |code: &str| currencies.get(code).is_some();
    assert!(known("USD") && known("EUR") && known("GBP"));
    assert!(!known("XYZ") && !known("RUB"));

    let v = app.json("/2024-06-03?base=USD&symbols=EUR,GBP").await;
    assert_eq!(v["base"], "USD");
    assert_eq!(v["date"], "2024-06-03");
    let eur = v["rates"]["EUR"].as_f64().unwrap();
    let gbp = v["rates"]["GBP"].as_f64().unwrap();
    assert!((0.9..1.0).contains(&eur), "{eur}");
    assert!((0.7..0.9).contains(&gbp), "{gbp}");
    // The same rates as the EUR table gives, inverted and crossed.
    let eur_table = app.json("/2024-06-03?to=USD,GBP").await;
    let usd = eur_table["rates"]["USD"].as_f64().unwrap();
    assert!((eur - 1.0 / usd).abs() < 0.00001, "{eur} vs 1/{usd}");

    let latest = app.json("/latest?base=USD&symbols=EUR").await;
    assert_eq!(latest["date"], "2026-10-30");
    assert!(latest["rates"]["EUR"].is_f64());
    let series = app
        .json("/2024-06-03..2024-06-07?base=USD&symbols=GBP")
        .await;
    assert_eq!(series["rates"].as_object().unwrap().len(), 5);
    assert_eq!(series["rates"]["2024-06-03"]["GBP"], v["rates"]["GBP"]);
}
