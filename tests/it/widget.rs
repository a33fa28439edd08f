//! The widget on the server, over real HTTP on the offline server:
//! `/v1/widget` (the element's one request) and `/widget` (the iframe
//! page, complete with no script and working as a plain form).

use crate::app;

use reqwest::header::{ACCEPT_LANGUAGE, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use reqwest::StatusCode;
use serde_json::Value;

struct App {
    base: String,
    client: reqwest::Client,
}

/// Offline, with the bundled ECB history only: no Bank of Russia table.
async fn spawn_app() -> App {
    App {
        base: app::serve_offline().await,
        client: app::client(),
    }
}

impl App {
    async fn get(&self, path: &str) -> reqwest::Response {
        let url = format!("{}{path}", self.base);
        self.client.get(url).send().await.unwrap()
    }

    async fn json(&self, path: &str) -> Value {
        let r = self.get(path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        r.json().await.unwrap()
    }

    /// The page at `path`, which must be a 200 HTML page.
    async fn page(&self, path: &str) -> String {
        let r = self.get(path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(r.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
        r.text().await.unwrap()
    }
}

/// The text of the first element of `html` that starts with `open`
/// (`<output`), up to its closing `</tag>`.
fn element<'h>(html: &'h str, open: &str) -> &'h str {
    let start = html
        .find(open)
        .unwrap_or_else(|| panic!("no {open} in {html}"));
    let tag = open
        .trim_start_matches('<')
        .split([' ', '>'])
        .next()
        .unwrap();
    let end = html[start..].find(&format!("</{tag}>")).unwrap() + start;
    &html[start..end + tag.len() + 3]
}

/// `html` without its tags: the text a reader sees (and hidden text).
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

const RU_2011: &str = "/widget?lang=ru&date=2011-11-18&amount=100&from=USD&to=RUB";

#[tokio::test]
async fn base_rub_on_a_fresh_start_shows_the_latest_table_with_rub_labelled() {
    let app = spawn_app().await;
    let w = app.json("/v1/widget?base=RUB").await;
    // The Bank of Russia has nothing yet, and the ECB stopped quoting RUB
    // on 2022-03-01: its last table with RUB, said so.
    assert_eq!(w["source"], "ecb");
    assert_eq!(w["date"], "2022-03-01");
    let notice = w["notice"].as_str().unwrap();
    assert!(notice.contains("Bank of Russia"), "{notice}");
    assert!(notice.contains("European Central Bank"), "{notice}");
    let rows = w["rows"].as_array().unwrap();
    let codes: Vec<&str> = rows.iter().map(|r| r["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        ["USD", "GBP", "JPY", "CHF"],
        "in the order of symbols"
    );
    assert!(rows.iter().all(|r| r["rate"].is_string()), "{w}");
    assert_eq!(w["missing"], serde_json::json!([]));
    assert_eq!(w["conversion"]["date"], "2022-03-01");
    assert_eq!(w["conversion"]["from"], "RUB");

    let html = app.page("/widget?base=RUB").await;
    for code in ["USD", "GBP", "JPY", "CHF"] {
        let row = element(&html, &format!("<tr data-code=\"{code}\""));
        let rate = element(row, "<td class=\"r\"");
        assert!(rate.contains("data-value=\""), "{row}");
        assert!(!text(rate).contains('\u{2014}'), "a dash for {code}: {row}");
    }
    assert!(text(&html).contains("Bank of Russia"), "{html}");

    // A past date the Bank of Russia's table cannot be fetched for (kurs
    // is offline): the ECB's table of that date, said so too.
    let past = app.json("/v1/widget?base=RUB&date=2011-11-18").await;
    assert_eq!(past["source"], "ecb");
    assert_eq!(past["date"], "2011-11-18");
    let notice = past["notice"].as_str().unwrap();
    assert_eq!(
        notice, "Bank of Russia: no table for RUB. Showing the rates of European Central Bank.",
        "the same sentence fits a 2011 date and the latest table"
    );
    assert_eq!(past["rows"][0]["rate"], "30.81202121", "1 USD in RUB");
    assert_eq!(past["rows"][0]["trend"]["direction"], "down");

    // In Russian, the banks by their Russian names, in the notice and the
    // footer.
    let ru = app.json("/v1/widget?base=RUB&lang=ru").await;
    let notice = ru["notice"].as_str().unwrap();
    assert!(notice.starts_with("Банк России: "), "{notice}");
    assert!(
        notice.ends_with("Европейский центральный банк."),
        "{notice}"
    );
    let html = app.page("/widget?base=RUB&lang=ru").await;
    let footer = element(&html, "<footer");
    assert!(
        text(footer).contains("Европейский центральный банк, 1 марта 2022 г."),
        "{footer}"
    );
}

#[tokio::test]
async fn the_combined_answer_is_the_rates_and_the_conversion_of_the_api() {
    let app = spawn_app().await;
    let w = app
        .json("/v1/widget?date=2011-11-18&amount=100&from=USD&to=RUB&symbols=USD,GBP,XAU")
        .await;
    let convert = app
        .json("/v1/convert?date=2011-11-18&amount=100&from=USD&to=RUB")
        .await;
    assert_eq!(w["conversion"], convert);
    assert_eq!(w["conversion"]["result"], "3081.20");
    assert_eq!(w["conversion_problem"], Value::Null);

    let rates = app
        .json("/v1/rates?date=2011-11-18&invert=true&change=true")
        .await;
    assert_eq!(w["date"], rates["date"]);
    assert_eq!(w["source"], rates["source"]);
    assert_eq!(w["publisher"], rates["publisher"]);
    let rows = w["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{w}");
    for row in rows {
        let code = row["code"].as_str().unwrap();
        assert_eq!(row["rate"], rates["rates"][code], "{code}");
        assert_eq!(
            row["change"]["change"], rates["changes"][code]["change"],
            "{code}"
        );
        assert_eq!(
            row["change"]["percent"], rates["changes"][code]["percent"],
            "{code}"
        );
    }
    assert_eq!(w["missing"], serde_json::json!(["XAU"]));
    let options: Vec<&str> = w["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["code"].as_str().unwrap())
        .collect();
    let mut expected: Vec<&str> = rates["rates"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .chain(["EUR"])
        .collect();
    expected.sort();
    assert_eq!(options, expected);
}

#[tokio::test]
async fn a_conversion_problem_is_carried_and_a_bad_table_question_is_400() {
    let app = spawn_app().await;
    let w = app.json("/v1/widget?date=2011-11-18&amount=1,5").await;
    assert_eq!(w["conversion"], Value::Null);
    assert_eq!(w["conversion_problem"]["code"], "invalid_amount");
    assert_eq!(w["conversion_problem"]["status"], 400);
    assert!(w["rows"].as_array().unwrap().len() == 4);

    for query in [
        "?lang=xx",
        "?base=EURO",
        "?symbols=US",
        "?date=2011-13-01",
        "?source=fed",
        "?lang=en&lang=ru",
    ] {
        let r = app.get(&format!("/v1/widget{query}")).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(r.headers()[CONTENT_TYPE], "application/problem+json");
    }
}

#[tokio::test]
async fn the_combined_answer_revalidates_and_is_open_to_every_origin() {
    let app = spawn_app().await;
    let path = "/v1/widget?date=2011-11-18&lang=ru";
    let url = format!("{}{path}", app.base);
    let first = app
        .client
        .get(&url)
        .header("origin", "https://news.example")
        .send()
        .await
        .unwrap();
    assert_eq!(first.headers()["access-control-allow-origin"], "*");
    let cache = first.headers()["cache-control"].to_str().unwrap();
    assert!(cache.contains("immutable"), "a past table: {cache}");
    let etag = first.headers()[ETAG].to_str().unwrap().to_owned();
    let again = app
        .client
        .get(&url)
        .header(IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn each_row_has_a_trend_line_of_its_last_thirty_publications() {
    let app = spawn_app().await;
    let w = app.json("/v1/widget?date=2011-11-18&symbols=USD").await;
    let trend = &w["rows"][0]["trend"];
    // 30 ECB publications up to 2011-11-18 start on 2011-10-10.
    assert_eq!(trend["from"], "2011-10-10");
    assert_eq!(trend["days"], 39);
    let d = trend["d"].as_str().unwrap();
    assert!(d.starts_with("M0 "), "{d}");
    assert_eq!(d.matches('L').count(), 29, "{d}");
    assert!(d.ends_with(" 3.7"), "{d}");
    // The move between the figures /v1/rates gives for the first and the
    // last date, to 2 decimals: USD in EUR went up.
    let rate = |v: Value| -> rust_decimal::Decimal {
        v["rates"]["USD"].as_str().unwrap().parse().unwrap()
    };
    let first = rate(app.json("/v1/rates?date=2011-10-10&invert=true").await);
    let last = rate(app.json("/v1/rates?date=2011-11-18&invert=true").await);
    let percent = ((last - first) * rust_decimal::Decimal::ONE_HUNDRED / first)
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointNearestEven);
    assert_eq!(percent.to_string(), "0.13");
    assert_eq!(trend["direction"], "up");
    assert_eq!(trend["percent"], "0.13");
    let label = trend["label"].as_str().unwrap();
    assert!(label.starts_with("up 0.13"), "{label}");
    assert!(label.ends_with("39 days"), "{label}");

    let html = app.page("/widget?date=2011-11-18&symbols=USD").await;
    let svg = element(&html, "<svg");
    assert!(
        svg.contains(&format!("aria-label=\"{label}\"")),
        "{svg} {label}"
    );
    assert!(svg.contains(&format!("<path d=\"{d}\"")), "{svg}");
}

#[tokio::test]
async fn the_page_is_the_whole_box_in_a_declarative_shadow_root() {
    let app = spawn_app().await;
    let html = app.page(RU_2011).await;
    assert!(html.contains("<html lang=\"ru\">"), "{html}");
    assert!(html.contains("<title>Конвертер валют</title>"), "{html}");
    let host = element(&html, "<kurs-converter");
    assert!(host.contains("<template shadowrootmode=\"open\"><style>:host{"));
    assert!(host.contains("<div class=\"k\" part=\"box\" data-words=\""));
    assert_eq!(host.matches("<tr data-code=").count(), 4, "{host}");
    assert!(html.contains("<script async src=\"./widget.js\"></script>"));
    // The form carries the options and submits to this page.
    let form = element(host, "<form");
    assert!(
        form.contains("method=\"get\" action=\"./widget\""),
        "{form}"
    );
    assert!(form.contains("<input type=\"hidden\" name=\"lang\" value=\"ru\">"));
    assert!(form.contains("<input type=\"hidden\" name=\"date\" value=\"2011-11-18\">"));
    assert!(form.contains("<option value=\"USD\" selected>"), "{form}");
    assert!(form.contains("<option value=\"RUB\" selected>"), "{form}");
}

#[tokio::test]
async fn the_form_converts_on_the_server_in_the_readers_language() {
    let app = spawn_app().await;
    let ru = app.page(RU_2011).await;
    let output = element(&ru, "<output");
    assert!(output.contains("data-value=\"3081.20\""), "{output}");
    assert!(text(output).contains("3\u{a0}081,20"), "{output}");
    let en = app.page(&RU_2011.replace("lang=ru", "lang=en")).await;
    let output = element(&en, "<output");
    assert!(text(output).contains("3,081.20"), "{output}");
    // A reader's "1 000,5" in Russian is 1000.5.
    let typed = app
        .page(&RU_2011.replace("amount=100", "amount=1+000%2C5"))
        .await;
    let output = element(&typed, "<output");
    assert!(output.contains("data-value=\"30827.43\""), "{output}");
}

#[tokio::test]
async fn swap_converts_the_other_way() {
    let app = spawn_app().await;
    let html = app
        .page("/widget?lang=en&date=2011-11-18&amount=100&from=USD&to=RUB&swap=1")
        .await;
    let output = element(&html, "<output");
    // 100 RUB in USD on the ECB's 2011-11-18 table.
    assert!(output.contains("data-value=\"3.25\""), "{output}");
    let form = element(&html, "<form");
    let from = element(form, "<select id=\"f\"");
    assert!(from.contains("<option value=\"RUB\" selected>"), "{from}");
    let to = element(form, "<select id=\"t\"");
    assert!(to.contains("<option value=\"USD\" selected>"), "{to}");
}

#[tokio::test]
async fn a_mistyped_amount_shows_the_box_with_its_hint() {
    let app = spawn_app().await;
    let html = app
        .page(&RU_2011.replace("amount=100", "amount=12abc"))
        .await;
    let form = element(&html, "<form");
    assert!(form.contains("value=\"12abc\" aria-invalid=\"true\" aria-describedby=\"hint\""));
    let hint = element(form, "<p id=\"hint\"");
    assert!(!hint.contains("hidden"), "{hint}");
    assert!(text(hint).len() > 10, "{hint}");
    let output = element(&html, "<output");
    assert!(!output.contains("data-value"), "{output}");
    // The rest of the box is there.
    assert_eq!(html.matches("<tr data-code=").count(), 4);
}

#[tokio::test]
async fn the_page_speaks_the_browsers_language_when_lang_is_absent() {
    let app = spawn_app().await;
    let r = app
        .client
        .get(format!("{}/widget?date=2011-11-18", app.base))
        .header(ACCEPT_LANGUAGE, "de-CH, ru;q=0.8, en;q=0.5")
        .send()
        .await
        .unwrap();
    let vary: Vec<&str> = r
        .headers()
        .get_all("vary")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(vary.contains(&"accept-language"), "{vary:?}");
    let html = r.text().await.unwrap();
    assert!(html.contains("<html lang=\"de\">"), "{html}");
    // Asked again (the render cache keeps it by query and language), the
    // same URL is still each reader's own language.
    for _ in 0..3 {
        let plain = app.page("/widget?date=2011-11-18").await;
        assert!(plain.contains("<html lang=\"en\">"), "{plain}");
        assert!(plain.contains("<title>Currency converter</title>"));
        let r = app
            .client
            .get(format!("{}/widget?date=2011-11-18", app.base))
            .header(ACCEPT_LANGUAGE, "ru")
            .send()
            .await
            .unwrap();
        let ru = r.text().await.unwrap();
        assert!(ru.contains("<title>Конвертер валют</title>"), "{ru}");
    }
}
