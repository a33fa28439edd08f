//! The Model Context Protocol front end, driven by the SDK's own client
//! (`rmcp`): over Streamable HTTP against `/mcp` of the in-process app, and
//! over stdio against the real binary (`kurs mcp --offline`). Each tool's
//! text is the native API's body for the same question, byte for byte.

use rmcp::model::{CallToolRequestParams, CallToolResult, ClientConfig};
use rmcp::service::{RoleClient, RunningService};
use rmcp::transport::{StreamableHttpClientTransport, TokioChildProcess};
use rmcp::ServiceExt;
use serde_json::{json, Value};

use super::app;

type Client = RunningService<RoleClient, ClientConfig>;

/// Every tool kurs offers, by name.
const TOOLS: [&str; 5] = ["convert", "currencies", "rates", "sources", "timeseries"];

/// A client connected to `/mcp` of an offline app; with the app's origin.
async fn over_http() -> (Client, String) {
    let origin = app::serve_offline().await;
    let transport = StreamableHttpClientTransport::from_uri(format!("{origin}/mcp"));
    let client = ClientConfig::default().serve(transport).await.unwrap();
    (client, origin)
}

/// A client talking to `kurs mcp --offline` on an empty data directory.
async fn over_stdio(data: &std::path::Path) -> Client {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_kurs"));
    command
        .args(["mcp", "--offline"])
        .env("KURS_DATA_DIR", data);
    let transport = TokioChildProcess::new(command).unwrap();
    ClientConfig::default().serve(transport).await.unwrap()
}

/// Calls `tool` with `args`; the result as the client received it.
async fn call(client: &Client, tool: &'static str, args: Value) -> CallToolResult {
    let Value::Object(args) = args else {
        panic!("arguments are an object")
    };
    let params = CallToolRequestParams::new(tool).with_arguments(args);
    client.call_tool(params).await.unwrap()
}

/// The one text content of a result.
fn text(result: &CallToolResult) -> &str {
    match result.content.as_slice() {
        [only] => &only.as_text().expect("a text content").text,
        other => panic!("one content expected, got {other:?}"),
    }
}

/// Calls `tool` and checks it succeeded; its text parsed as JSON.
async fn answer(client: &Client, tool: &'static str, args: Value) -> Value {
    let result = call(client, tool, args).await;
    assert_eq!(result.is_error, Some(false), "{tool}: {}", text(&result));
    serde_json::from_str(text(&result)).expect("the text is JSON")
}

async fn tool_names(client: &Client) -> Vec<String> {
    let mut names: Vec<String> = client
        .list_all_tools()
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name.to_string())
        .collect();
    names.sort();
    names
}

/// The native API's body for `path_and_query` on `origin`.
async fn native(origin: &str, path_and_query: &str) -> Value {
    let response = app::client()
        .get(format!("{origin}{path_and_query}"))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{path_and_query}");
    response.json().await.unwrap()
}

#[tokio::test]
async fn over_http_the_server_introduces_itself_and_lists_the_five_tools() {
    let (client, _) = over_http().await;
    let info = client.peer_info().expect("initialized");
    assert!(info.capabilities.tools.is_some());
    let server = info.server_info.as_ref().expect("the server names itself");
    assert_eq!(server.name, "kurs");
    assert_eq!(server.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(tool_names(&client).await, TOOLS);
    let tools = client.list_all_tools().await.unwrap();
    let convert = tools.iter().find(|t| t.name == "convert").unwrap();
    let props = &convert.input_schema["properties"];
    for arg in ["amount", "from", "to", "date", "source", "rounding"] {
        assert!(props.get(arg).is_some(), "convert takes {arg}: {props}");
    }
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn over_http_a_conversion_is_the_native_apis_body_to_the_digit() {
    let (client, origin) = over_http().await;
    let args = json!({"amount": "100", "from": "USD", "to": "JPY", "date": "2011-11-18"});
    let got = answer(&client, "convert", args).await;
    assert_eq!(got["result"], "7665");
    assert_eq!(got["rate"], "76.64997054");
    assert_eq!(got["date"], "2011-11-18");
    assert_eq!(got["source"], "ecb");
    assert_eq!(got["path"], json!(["USD", "EUR", "JPY"]));
    let api = native(
        &origin,
        "/v1/convert?amount=100&from=USD&to=JPY&date=2011-11-18",
    )
    .await;
    assert_eq!(got, api);
    let args = json!({"amount": 100, "from": "USD", "to": "JPY", "date": "2011-11-18"});
    let integer = answer(&client, "convert", args).await;
    assert_eq!(integer, api, "a JSON integer amount is its digits");
    let args = json!({"amount": "100", "from": "USD", "to": "JPY", "date": "2011-11-18", "rounding": "none", "source": "ecb"});
    let exact = answer(&client, "convert", args).await;
    assert_eq!(exact["result"], "7664.9970536240424278137890395");
    let api = native(
        &origin,
        "/v1/convert?amount=100&from=USD&to=JPY&date=2011-11-18&round=none&source=ecb",
    )
    .await;
    assert_eq!(exact, api);
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn over_http_rates_and_a_time_series_are_the_native_apis_bodies() {
    let (client, origin) = over_http().await;
    let args = json!({"base": "USD", "symbols": "EUR,JPY", "date": "2011-11-18"});
    let rates = answer(&client, "rates", args).await;
    assert_eq!(rates["rates"]["JPY"], "76.64997054");
    let api = native(
        &origin,
        "/v1/rates?base=USD&symbols=EUR,JPY&date=2011-11-18",
    )
    .await;
    assert_eq!(rates, api);

    let args = json!({"symbols": "USD", "start": "2011-11-14", "end": "2011-11-18"});
    let series = answer(&client, "timeseries", args).await;
    let days = series["rates"].as_object().unwrap();
    assert_eq!(days.len(), 5, "{series}");
    let api = native(
        &origin,
        "/v1/timeseries?symbols=USD&start=2011-11-14&end=2011-11-18",
    )
    .await;
    assert_eq!(series, api);
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn over_http_currencies_and_sources_are_the_native_apis_bodies() {
    let (client, origin) = over_http().await;
    let currencies = answer(&client, "currencies", json!({})).await;
    assert!(currencies.as_array().unwrap().len() > 30, "{currencies}");
    assert_eq!(currencies, native(&origin, "/v1/currencies").await);
    let sources = answer(&client, "sources", json!({})).await;
    let ids: Vec<&str> = sources
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["source"].as_str())
        .collect();
    assert!(ids.contains(&"ecb"), "{sources}");
    assert_eq!(sources, native(&origin, "/v1/sources").await);
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn over_http_bad_input_is_a_tool_error_in_the_native_apis_words() {
    let (client, _) = over_http().await;
    let args = json!({"amount": "100", "from": "USX", "to": "JPY"});
    let result = call(&client, "convert", args).await;
    assert_eq!(result.is_error, Some(true));
    let problem: Value = serde_json::from_str(text(&result)).unwrap();
    assert_eq!(problem["code"], "unknown_currency");
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains("unknown currency 'USX'"), "{detail}");

    for (tool, args, code) in [
        (
            "convert",
            json!({"from": "USD", "to": "JPY", "amount": "1e3"}),
            "invalid_amount",
        ),
        (
            "convert",
            json!({"from": "USD", "to": "JPY", "rounding": "sideways"}),
            "invalid_rounding",
        ),
        ("rates", json!({"date": "2011-11-31"}), "invalid_date"),
        ("rates", json!({"source": "fed"}), "unknown_source"),
        (
            "timeseries",
            json!({"start": "2011-11-18", "end": "2011-11-14"}),
            "invalid_parameter",
        ),
        (
            "timeseries",
            json!({"start": "2010-01-01", "end": "2011-11-14"}),
            "range_too_large",
        ),
        ("convert", json!({"to": "JPY"}), "invalid_parameter"),
        (
            "convert",
            json!({"from": "USD", "to": "JPY", "amount": 0.1}),
            "invalid_amount",
        ),
        (
            "convert",
            json!({"from": "USD", "to": "JPY", "amount": [1]}),
            "invalid_amount",
        ),
    ] {
        let result = call(&client, tool, args.clone()).await;
        assert_eq!(result.is_error, Some(true), "{tool} {args}");
        let problem: Value = serde_json::from_str(text(&result)).unwrap();
        assert_eq!(problem["code"], code, "{tool} {args}: {problem}");
    }
    // The session survives its bad calls.
    assert_eq!(tool_names(&client).await, TOOLS);
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn over_stdio_the_binary_answers_every_tool_and_refuses_bad_input() {
    let data = tempfile::tempdir().unwrap();
    let client = over_stdio(data.path()).await;
    assert_eq!(tool_names(&client).await, TOOLS);

    let args = json!({"amount": "100", "from": "usd", "to": "jpy", "date": "2011-11-18"});
    let got = answer(&client, "convert", args).await;
    assert_eq!(got["result"], "7665");
    assert_eq!(got["rate"], "76.64997054");
    assert_eq!(got["date"], "2011-11-18");
    assert_eq!(got["source"], "ecb");
    assert_eq!(got["path"], json!(["USD", "EUR", "JPY"]));

    let args = json!({"base": "USD", "symbols": "JPY", "date": "2011-11-18"});
    let rates = answer(&client, "rates", args).await;
    assert_eq!(rates["rates"]["JPY"], "76.64997054");
    let args = json!({"symbols": "JPY", "start": "2011-11-14", "end": "2011-11-18"});
    let series = answer(&client, "timeseries", args).await;
    assert_eq!(series["rates"]["2011-11-18"]["JPY"], "104.06");
    let currencies = answer(&client, "currencies", json!({"all": true})).await;
    assert!(currencies.as_array().unwrap().len() > 100, "{currencies}");
    let sources = answer(&client, "sources", json!({})).await;
    assert!(sources
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["source"] == "ecb"));

    let result = call(&client, "convert", json!({"from": "USD", "to": "QQQ"})).await;
    assert_eq!(result.is_error, Some(true));
    assert!(
        text(&result).contains("unknown currency 'QQQ'"),
        "{}",
        text(&result)
    );
    client.cancel().await.unwrap();
}

/// `kurs_heavy_renders_total` of the time series with `outcome completed`,
/// as `/metrics` of `origin` counts it.
async fn heavy_series_done(origin: &str) -> u64 {
    let series = "kurs_heavy_renders_total{route=\"timeseries\",outcome=\"completed\"}";
    app::counter(origin, series).await
}

#[tokio::test]
async fn over_http_a_heavy_time_series_takes_a_heavy_permit_as_the_api_does() {
    let (client, origin) = over_http().await;
    let light = json!({"symbols": "USD", "start": "2011-11-01", "end": "2011-11-30"});
    answer(&client, "timeseries", light).await;
    assert_eq!(heavy_series_done(&origin).await, 0);
    let heavy = json!({"start": "2011-01-01", "end": "2011-12-31"});
    let year = answer(&client, "timeseries", heavy).await;
    assert!(year["rates"].as_object().unwrap().len() > 250, "{year}");
    assert_eq!(heavy_series_done(&origin).await, 1);
    client.cancel().await.unwrap();
}

#[test]
fn a_client_that_never_opens_a_session_ends_kurs_mcp_with_a_message() {
    use std::io::Write;
    let data = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kurs"))
        .args(["mcp", "--offline"])
        .env("KURS_DATA_DIR", data.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"not json\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("kurs: mcp: "), "{stderr}");
}

/// A raw `initialize` POST to `/mcp`, as a browser or a curl user sends it.
async fn raw_initialize(origin: &str) -> reqwest::Response {
    app::client()
        .post(format!("{origin}/mcp"))
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .header("origin", "https://agent.example")
        .body(
            json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
                "protocolVersion": "2025-06-18", "capabilities": {},
                "clientInfo": {"name": "raw", "version": "0"}}})
            .to_string(),
        )
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_browser_agent_may_call_mcp_from_another_origin() {
    let origin = app::serve_offline().await;
    let preflight = app::client()
        .request(reqwest::Method::OPTIONS, format!("{origin}/mcp"))
        .header("origin", "https://agent.example")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type, mcp-protocol-version, mcp-session-id, last-event-id",
        )
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success(), "{}", preflight.status());
    let allowed = preflight
        .headers()
        .get("access-control-allow-headers")
        .map(|v| v.to_str().unwrap().to_ascii_lowercase())
        .unwrap_or_default();
    for name in [
        "content-type",
        "mcp-protocol-version",
        "mcp-session-id",
        "last-event-id",
    ] {
        assert!(allowed.contains(name), "{name} not in {allowed:?}");
    }
    let methods = preflight.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(methods.contains("DELETE"), "{methods}");

    let response = raw_initialize(&origin).await;
    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
}

#[tokio::test]
async fn mcp_over_http_keeps_no_session_per_client() {
    // Each tool answers one request from public data: nothing to remember
    // between calls. A server that opened a session for every `initialize`
    // could be made to hold any number of them.
    let origin = app::serve_offline().await;
    for _ in 0..3 {
        let response = raw_initialize(&origin).await;
        assert!(response.status().is_success(), "{}", response.status());
        assert!(
            response.headers().get("mcp-session-id").is_none(),
            "{:?}",
            response.headers()
        );
        let body = response.text().await.unwrap();
        assert!(body.contains("\"serverInfo\""), "{body}");
    }
    // A tool call needs no session either.
    let call = app::client()
        .post(format!("{origin}/mcp"))
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .header("mcp-protocol-version", "2025-06-18")
        .body(
            json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
                "name": "convert", "arguments": {"amount": "100", "from": "EUR", "to": "USD",
                "date": "2011-11-18"}}})
            .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert!(call.status().is_success(), "{}", call.status());
    let body = call.text().await.unwrap();
    assert!(body.contains(r#"\"result\":\"135.76\""#), "{body}");
}
