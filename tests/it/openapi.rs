//! `openapi.yaml` is the contract: real responses of the app, over real HTTP
//! on 127.0.0.1:0, are checked against what the spec documents for their
//! path, method and status — the status must be listed, the content type
//! must be one of the listed ones, the required headers must be there and a
//! JSON body must validate against the schema — and the spec documents
//! every route of the router.
//!
//! The spec is OpenAPI 3.0.3, whose schema objects are JSON Schema (draft 4
//! to 7) with a few differences; [`Spec::schema`] inlines the `$ref`s, turns
//! `nullable: true` into a type union and a boolean `exclusiveMinimum` into
//! a number, so that a Draft 7 validator reads them as OpenAPI means them.
//! Besides the responses, the tests hold the spec's own examples to its
//! schemas, its keywords to OpenAPI's, its Problem codes to the source's,
//! and its paths to the router's.

use crate::app;

use std::collections::{BTreeMap, BTreeSet};

use kurs::api::{ErrorCode, Problem};
use kurs_rates::{Store, StoreOptions};
use reqwest::header::{CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use reqwest::Method;
use serde_json::{json, Map, Value};

const SPEC_TEXT: &str = include_str!("../../openapi.yaml");

// ---------------------------------------------------------------- the spec

/// The parsed spec, with the helpers that read it.
struct Spec {
    doc: Value,
}

impl Spec {
    fn load() -> Spec {
        let doc: Value = serde_norway::from_str(SPEC_TEXT).expect("openapi.yaml is YAML");
        assert_eq!(doc["openapi"], "3.0.3");
        Spec { doc }
    }

    /// The value a local `$ref` (`#/components/...`) points at.
    fn pointer(&self, reference: &str) -> &Value {
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("only local $refs are used: {reference}"));
        self.doc
            .pointer(pointer)
            .unwrap_or_else(|| panic!("dangling $ref {reference}"))
    }

    /// `v`, or what it refers to when it is a `$ref`.
    fn deref<'a>(&'a self, v: &'a Value) -> &'a Value {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => self.deref(self.pointer(r)),
            None => v,
        }
    }

    /// Every operation: (path template, method, operation object).
    fn operations(&self) -> Vec<(String, Method, Value)> {
        let mut ops = Vec::new();
        for (path, item) in self.doc["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("path item") {
                let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                ops.push((path.clone(), method, op.clone()));
            }
        }
        ops
    }

    fn operation(&self, path: &str, method: &Method) -> &Value {
        let op = &self.doc["paths"][path][method.as_str().to_lowercase()];
        assert!(op.is_object(), "openapi.yaml has no {method} {path}");
        op
    }

    /// The parameters of an operation, `$ref`s followed.
    fn parameters<'a>(&'a self, op: &'a Value) -> Vec<&'a Value> {
        op["parameters"]
            .as_array()
            .map(|ps| ps.iter().map(|p| self.deref(p)).collect())
            .unwrap_or_default()
    }

    /// A JSON Schema, `$ref`s inlined, in the form a Draft 7 validator
    /// reads as OpenAPI 3.0 means it.
    fn schema(&self, v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                if let Some(r) = m.get("$ref").and_then(Value::as_str) {
                    // In 3.0 the siblings of a $ref are ignored.
                    return self.schema(self.pointer(r));
                }
                let mut out: Map<String, Value> =
                    m.iter().map(|(k, v)| (k.clone(), self.schema(v))).collect();
                openapi_to_json_schema(&mut out);
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(items.iter().map(|v| self.schema(v)).collect()),
            other => other.clone(),
        }
    }

    fn validator(&self, schema: &Value) -> jsonschema::Validator {
        jsonschema::draft7::options()
            .should_validate_formats(true)
            .build(&self.schema(schema))
            .unwrap_or_else(|e| panic!("not a valid schema ({e}): {schema}"))
    }
}

/// The differences of OpenAPI 3.0 schema objects from JSON Schema that this
/// spec uses: `nullable` and the boolean `exclusiveMinimum`.
fn openapi_to_json_schema(m: &mut Map<String, Value>) {
    if m.remove("nullable") == Some(Value::Bool(true)) {
        match m.get("type").cloned() {
            Some(Value::String(t)) => {
                m.insert("type".into(), json!([t, "null"]));
                if let Some(Value::Array(e)) = m.get_mut("enum") {
                    e.push(Value::Null);
                }
            }
            _ => {
                let rest = std::mem::take(m);
                m.insert("anyOf".into(), json!([{ "type": "null" }, rest]));
            }
        }
    }
    if m.get("exclusiveMinimum") == Some(&Value::Bool(true)) {
        if let Some(min) = m.remove("minimum") {
            m.insert("exclusiveMinimum".into(), min);
        }
    } else if m.get("exclusiveMinimum") == Some(&Value::Bool(false)) {
        m.remove("exclusiveMinimum");
    }
}

/// `{name}` path parameters replaced by the parameters' examples.
fn sample_path(spec: &Spec, template: &str, op: &Value) -> String {
    let mut path = template.to_owned();
    for p in spec.parameters(op) {
        if p["in"] == "path" {
            let name = p["name"].as_str().unwrap();
            path = path.replace(&format!("{{{name}}}"), &example_text(&p["example"]));
        }
    }
    assert!(
        !path.contains('{'),
        "{template}: a path parameter has no example"
    );
    path
}

/// The path with its examples, and every query parameter's example.
fn example_target(spec: &Spec, template: &str, op: &Value) -> String {
    let query: Vec<String> = spec
        .parameters(op)
        .iter()
        .filter(|p| p["in"] == "query")
        .map(|p| {
            format!(
                "{}={}",
                p["name"].as_str().unwrap(),
                example_text(&p["example"])
            )
        })
        .collect();
    let path = sample_path(spec, template, op);
    match query.is_empty() {
        true => path,
        false => format!("{path}?{}", query.join("&")),
    }
}

/// A parameter example as it goes in a URL.
fn example_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

// ---------------------------------------------------------------- the app

/// A served app and a client for it.
struct App {
    base: String,
    client: reqwest::Client,
}

async fn spawn_with(store: Store) -> App {
    App {
        base: app::serve(store).await,
        client: app::client(),
    }
}

/// Offline, with the bundled ECB history.
async fn spawn_app() -> App {
    spawn_with(Store::open(StoreOptions::offline()).0).await
}

/// Offline, with no source at all: nothing to answer with.
async fn spawn_empty_app() -> App {
    let options = StoreOptions {
        sources: Vec::new(),
        ..StoreOptions::offline()
    };
    spawn_with(Store::open(options).0).await
}

/// One request and its response.
struct Exchange {
    method: Method,
    url: String,
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

impl Exchange {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{} {}: not JSON ({e})", self.method, self.url))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The media type, without parameters.
    fn media_type(&self) -> Option<String> {
        self.header(CONTENT_TYPE.as_str())
            .map(|ct| ct.split(';').next().unwrap().trim().to_ascii_lowercase())
    }
}

/// What a test asks for.
struct Call<'a> {
    method: Method,
    /// The operation's path template in the spec.
    template: &'a str,
    /// The path and query sent.
    target: String,
    headers: Vec<(&'static str, String)>,
    body: Option<Body>,
}

enum Body {
    Json(Value),
    Raw(&'static str, Vec<u8>),
}

impl<'a> Call<'a> {
    fn get(template: &'a str, target: impl Into<String>) -> Self {
        Call {
            method: Method::GET,
            template,
            target: target.into(),
            headers: Vec::new(),
            body: None,
        }
    }

    fn post(template: &'a str, body: Body) -> Self {
        Call {
            method: Method::POST,
            template,
            target: template.to_owned(),
            headers: Vec::new(),
            body: Some(body),
        }
    }

    fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

/// Sends requests and holds every response to the spec, recording which
/// documented responses and which problem codes were seen.
struct Checker {
    spec: Spec,
    /// (path, METHOD, status) seen.
    seen: BTreeSet<(String, String, String)>,
    /// Problem codes seen.
    codes: BTreeSet<String>,
}

impl Checker {
    fn new() -> Self {
        Checker {
            spec: Spec::load(),
            seen: BTreeSet::new(),
            codes: BTreeSet::new(),
        }
    }

    async fn send(app: &App, call: &Call<'_>) -> Exchange {
        let url = format!("{}{}", app.base, call.target);
        let mut request = app.client.request(call.method.clone(), &url);
        for (name, value) in &call.headers {
            request = request.header(*name, value);
        }
        request = match &call.body {
            Some(Body::Json(v)) => request.json(v),
            Some(Body::Raw(content_type, bytes)) => request
                .header(CONTENT_TYPE, *content_type)
                .body(bytes.clone()),
            None => request,
        };
        let response = request.send().await.unwrap();
        Exchange {
            method: call.method.clone(),
            url: call.target.clone(),
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.bytes().await.unwrap().to_vec(),
        }
    }

    /// Sends `call` and checks the response against the operation's
    /// documented response for its status.
    async fn call(&mut self, app: &App, call: Call<'_>) -> Exchange {
        let x = Self::send(app, &call).await;
        self.conform(call.template, &x);
        x
    }

    /// Sends `call`, expecting `status`.
    async fn expect(&mut self, app: &App, call: Call<'_>, status: u16) -> Exchange {
        let x = self.call(app, call).await;
        assert_eq!(
            x.status,
            status,
            "{} {}: {}",
            x.method,
            x.url,
            String::from_utf8_lossy(&x.body)
        );
        x
    }

    /// Sends `call`, expecting a problem with `status` and `code`.
    async fn problem(&mut self, app: &App, call: Call<'_>, status: u16, code: &str) -> Value {
        let x = self.expect(app, call, status).await;
        let body = x.json();
        assert_eq!(body["code"], code, "{} {}: {body}", x.method, x.url);
        body
    }

    fn conform(&mut self, template: &str, x: &Exchange) {
        let what = format!("{} {} -> {}", x.method, x.url, x.status);
        let op = self.spec.operation(template, &x.method);
        let status = x.status.to_string();
        let Some(response) = op["responses"].get(&status) else {
            panic!("{what}: status not documented for {} {template}", x.method);
        };
        let response = self.spec.deref(response).clone();
        self.seen
            .insert((template.to_owned(), x.method.to_string(), status));
        self.check_headers(&what, &response, x);
        match response.get("content").and_then(Value::as_object) {
            None => assert!(x.body.is_empty(), "{what}: a body where none is documented"),
            Some(content) => {
                let media = x
                    .media_type()
                    .unwrap_or_else(|| panic!("{what}: no Content-Type"));
                let Some(entry) = content.get(&media) else {
                    let listed: Vec<&String> = content.keys().collect();
                    panic!("{what}: Content-Type {media} is not one of {listed:?}");
                };
                self.check_body(&what, &media, &entry["schema"], x);
            }
        }
    }

    fn check_headers(&self, what: &str, response: &Value, x: &Exchange) {
        let Some(headers) = response.get("headers").and_then(Value::as_object) else {
            return;
        };
        for (name, header) in headers {
            let header = self.spec.deref(header);
            let value = x.header(name);
            if header["required"] == true {
                assert!(value.is_some(), "{what}: no {name} header");
            }
            if let (Some(value), Some(allowed)) = (value, header["schema"]["enum"].as_array()) {
                assert!(
                    allowed.iter().any(|a| a == value),
                    "{what}: {name}: {value} is not one of {allowed:?}"
                );
            }
        }
    }

    /// JSON and YAML bodies are validated against the schema; text bodies
    /// (HTML, JavaScript, metrics) are documented as strings.
    fn check_body(&mut self, what: &str, media: &str, schema: &Value, x: &Exchange) {
        let text = std::str::from_utf8(&x.body)
            .unwrap_or_else(|_| panic!("{what}: the body is not UTF-8 text"));
        let body: Value = if media == "application/json" || media.ends_with("+json") {
            x.json()
        } else if media == "application/yaml" {
            serde_norway::from_str(text).unwrap_or_else(|e| panic!("{what}: not YAML: {e}"))
        } else {
            assert_eq!(schema["type"], "string", "{what}: a text body is a string");
            return;
        };
        let validator = self.spec.validator(schema);
        let errors: Vec<String> = validator
            .iter_errors(&body)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{what}: the body does not conform to openapi.yaml:\n  {}\nbody: {body}",
            errors.join("\n  ")
        );
        self.record_codes(&body);
    }

    /// Notes the problem codes of a body (a problem, or a batch answer).
    fn record_codes(&mut self, body: &Value) {
        let items = match body {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for item in items {
            if let (Some(code), true) = (item["code"].as_str(), item["type"].is_string()) {
                self.codes.insert(code.to_owned());
            }
        }
    }

    /// A response of a path or method the spec does not have (404, 405):
    /// held to the named component schema.
    fn conform_to_component(&mut self, x: &Exchange, component: &str, media: &str) -> Value {
        let what = format!("{} {} -> {}", x.method, x.url, x.status);
        assert_eq!(x.media_type().as_deref(), Some(media), "{what}");
        let schema = json!({ "$ref": format!("#/components/schemas/{component}") });
        self.check_body(&what, media, &schema, x);
        x.json()
    }
}

// ---------------------------------------------------------------- the tests

const CONVERT: &str = "/v1/convert";
const RATES: &str = "/v1/rates";
const TIMESERIES: &str = "/v1/timeseries";
const CURRENCIES: &str = "/v1/currencies";
/// The native routes whose path names their format.
const SUFFIXED: [&str; 4] = [
    "/v1/rates.csv",
    "/v1/rates.ndjson",
    "/v1/timeseries.csv",
    "/v1/timeseries.ndjson",
];

/// Responses no test can provoke, and why.
const NOT_PROVOKED: &[(&str, &str, &str)] = &[
    (
        "*",
        "503",
        "timeout: answering takes 20 s only when an upstream bank hangs",
    ),
    (
        RATES,
        "422",
        "overflow: cross rates of published quotes stay far inside 28 digits",
    ),
    (
        TIMESERIES,
        "422",
        "overflow: cross rates of published quotes stay far inside 28 digits",
    ),
    (
        "/v1/widget",
        "422",
        "overflow: its table is /v1/rates's (a conversion's overflow is carried in the body)",
    ),
    (SUFFIXED[0], "422", "overflow: as /v1/rates"),
    (SUFFIXED[1], "422", "overflow: as /v1/rates"),
    (SUFFIXED[2], "422", "overflow: as /v1/timeseries"),
    (SUFFIXED[3], "422", "overflow: as /v1/timeseries"),
];

/// Problem codes no test can provoke, and why.
const CODES_NOT_PROVOKED: &[(&str, &str)] = &[
    ("timeout", "an upstream bank must hang for 20 s"),
    (
        "request_timeout",
        "a body must stall for the body timeout: tests/it/connections.rs does it with 1 s",
    ),
    (
        "overloaded",
        "needs more concurrent large range renders than cores: tests/it/heavy.rs provokes it and checks its status, Retry-After, media type and code",
    ),
    (
        "internal",
        "a response body that cannot be serialised: a bug",
    ),
];

#[tokio::test]
async fn every_documented_response_is_produced_and_conforms() {
    let mut c = Checker::new();
    let app = spawn_app().await;
    every_operation_answers_its_examples(&mut c, &app).await;
    every_cached_operation_answers_304(&mut c, &app).await;
    every_operation_refuses_an_over_long_query(&mut c, &app).await;
    convert_errors(&mut c, &app).await;
    batch_answers_and_errors(&mut c, &app).await;
    rates_timeseries_and_currencies(&mut c, &app).await;
    frankfurter_answers_and_errors(&mut c, &app).await;
    frankfurter_v2_answers_and_errors(&mut c, &app).await;
    unknown_paths_and_methods(&mut c, &app).await;
    with_no_data(&mut c, &spawn_empty_app().await).await;

    let mut missing = Vec::new();
    for (path, method, op) in c.spec.operations() {
        for status in op["responses"].as_object().unwrap().keys() {
            let key = (path.clone(), method.to_string(), status.clone());
            let excused = NOT_PROVOKED
                .iter()
                .any(|(p, s, _)| (*p == "*" || *p == path) && s == status);
            if !excused && !c.seen.contains(&key) {
                missing.push(format!("{method} {path} {status}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "documented responses no test produced: {missing:#?}"
    );

    let documented: BTreeSet<String> = c.spec.doc["components"]["schemas"]["Problem"]["properties"]
        ["code"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    let unseen: Vec<&String> = documented
        .iter()
        .filter(|code| !c.codes.contains(*code))
        .filter(|code| !CODES_NOT_PROVOKED.iter().any(|(c, _)| c == code))
        .collect();
    assert!(
        unseen.is_empty(),
        "problem codes no test produced: {unseen:?}"
    );
    let undocumented: Vec<&String> = c.codes.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "problem codes the Problem schema lacks: {undocumented:?}"
    );
}

/// Each operation, called with every parameter's example (the request
/// body's example for POST), answers 200.
async fn every_operation_answers_its_examples(c: &mut Checker, app: &App) {
    for (template, method, op) in c.spec.operations() {
        let call = if method == Method::POST {
            let example = op["requestBody"]["content"]["application/json"]["example"].clone();
            assert!(example.is_array(), "{template}: no request example");
            Call::post(&template, Body::Json(example))
        } else {
            Call::get(&template, example_target(&c.spec, &template, &op))
        };
        c.expect(app, call, 200).await;
    }
}

/// Each operation that documents 304 answers one to its own ETag.
async fn every_cached_operation_answers_304(c: &mut Checker, app: &App) {
    for (template, method, op) in c.spec.operations() {
        if op["responses"].get("304").is_none() {
            continue;
        }
        let target = example_target(&c.spec, &template, &op);
        let first = c.expect(app, Call::get(&template, &target), 200).await;
        let etag = first.header(ETAG.as_str()).expect("an ETag").to_owned();
        // Weak: the client takes compressed answers.
        assert!(etag.starts_with("W/\""), "{template}: a weak ETag, {etag}");
        let call = Call {
            method,
            ..Call::get(&template, target).header(IF_NONE_MATCH.as_str(), etag)
        };
        c.expect(app, call, 304).await;
    }
}

/// The query length limit holds on every path that documents it.
async fn every_operation_refuses_an_over_long_query(c: &mut Checker, app: &App) {
    let long = "x".repeat(3000);
    for (template, method, op) in c.spec.operations() {
        if op["responses"].get("414").is_none() {
            continue;
        }
        let target = format!("{}?q={long}", sample_path(&c.spec, &template, &op));
        let mut call = Call::get(&template, target);
        if method == Method::POST {
            call = Call {
                target: format!("{template}?q={long}"),
                ..Call::post(&template, Body::Json(json!([])))
            };
        }
        c.problem(app, call, 414, "uri_too_long").await;
    }
}

async fn convert_errors(c: &mut Checker, app: &App) {
    let cases: &[(&str, u16, &str)] = &[
        ("?to=RUB", 400, "invalid_parameter"),
        ("?from=USD&from=EUR&to=GBP", 400, "invalid_parameter"),
        ("?from=QQQ&to=USD", 400, "unknown_currency"),
        ("?from=US&to=USD", 400, "unknown_currency"),
        ("?from=USD&to=GBP&amount=1e5", 400, "invalid_amount"),
        ("?from=USD&to=GBP&amount=1,5", 400, "invalid_amount"),
        ("?from=USD&to=GBP&round=foo", 400, "invalid_rounding"),
        ("?from=USD&to=GBP&date=18.11.2011", 400, "invalid_date"),
        ("?from=USD&to=GBP&source=fed", 400, "unknown_source"),
        (
            "?from=USD&to=GBP&source=ecb&date=1998-01-01",
            404,
            "date_out_of_range",
        ),
        (
            "?from=USD&to=GBP&source=ecb&date=2999-01-01",
            404,
            "date_out_of_range",
        ),
        ("?from=USD&to=RUB&date=2023-01-10", 404, "rate_unavailable"),
        ("?from=USD&to=RUB", 404, "rate_unavailable"),
        (
            "?from=USD&to=GBP&amount=79228162514264337593543950335",
            422,
            "overflow",
        ),
    ];
    for (query, status, code) in cases {
        let call = Call::get(CONVERT, format!("{CONVERT}{query}"));
        c.problem(app, call, *status, code).await;
    }
    for query in [
        "?from=usd&to=jpy&amount=.5&round=none",
        "?from=EUR&to=EUR",
        "?from=GBP&to=USD&amount=-12.5&round=half-up&date=2011-11-19",
    ] {
        c.expect(app, Call::get(CONVERT, format!("{CONVERT}{query}")), 200)
            .await;
    }
}

async fn batch_answers_and_errors(c: &mut Checker, app: &App) {
    let items = json!([
        { "from": "USD", "to": "RUB", "amount": 100, "date": "2011-11-19" },
        { "from": "USD", "to": "RUB", "amount": "0.1", "date": "2011-11-19", "round": "none" },
        { "from": "USD", "to": "QQQ" },
        { "to": "GBP" },
        { "from": "USD", "to": "GBP", "amount": "1e5" },
        { "from": "USD", "to": "GBP", "round": "foo" },
        { "from": "USD", "to": "GBP", "date": "yesterday" },
        { "from": "USD", "to": "GBP", "source": "fed" },
        { "from": "USD", "to": "GBP", "source": "ecb", "date": "1998-01-01" },
        { "from": "USD", "to": "RUB", "date": "2023-01-10" },
        { "from": "USD", "to": "GBP", "amount": "79228162514264337593543950335" },
    ]);
    let x = c
        .expect(app, Call::post(CONVERT, Body::Json(items)), 200)
        .await;
    let answers = x.json();
    let codes: Vec<&str> = answers
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap_or("ok"))
        .collect();
    assert_eq!(
        codes,
        [
            "ok",
            "ok",
            "unknown_currency",
            "invalid_parameter",
            "invalid_amount",
            "invalid_rounding",
            "invalid_date",
            "unknown_source",
            "date_out_of_range",
            "rate_unavailable",
            "overflow"
        ]
    );
    c.expect(app, Call::post(CONVERT, Body::Json(json!([]))), 200)
        .await;

    let too_many: Vec<Value> = (0..1001)
        .map(|_| json!({ "from": "USD", "to": "EUR" }))
        .collect();
    let call = Call::post(CONVERT, Body::Json(Value::Array(too_many)));
    c.problem(app, call, 413, "batch_too_large").await;
    let huge = json!([{ "from": "USD", "to": "EUR", "note": "x".repeat(1 << 20) }]);
    c.problem(
        app,
        Call::post(CONVERT, Body::Json(huge)),
        413,
        "body_too_large",
    )
    .await;
    for body in [
        Body::Json(json!({ "from": "USD", "to": "EUR" })),
        Body::Json(json!([1, 2])),
        Body::Json(json!([{ "from": 840, "to": "EUR" }])),
        Body::Raw("application/json", b"[{".to_vec()),
        Body::Raw("text/plain", b"[]".to_vec()),
    ] {
        c.problem(app, Call::post(CONVERT, body), 400, "invalid_body")
            .await;
    }
}

async fn rates_timeseries_and_currencies(c: &mut Checker, app: &App) {
    for target in [
        "/v1/rates",
        "/v1/rates?base=usd&change=1",
        "/v1/rates?date=1999-01-04&source=ecb&change=true",
        "/v1/rates?symbols=RUB&date=2011-11-18&change=true",
    ] {
        c.expect(app, Call::get(RATES, target), 200).await;
    }
    let rates_errors: &[(&str, u16, &str)] = &[
        ("?change=maybe", 400, "invalid_parameter"),
        ("?base=EUR&base=USD", 400, "invalid_parameter"),
        ("?base=QQQ", 400, "unknown_currency"),
        ("?symbols=USD,XX", 400, "unknown_currency"),
        ("?date=2011-02-30", 400, "invalid_date"),
        ("?source=fed", 400, "unknown_source"),
        ("?source=ecb&date=1998-12-31", 404, "date_out_of_range"),
        ("?symbols=RUB", 404, "rate_unavailable"),
    ];
    for (query, status, code) in rates_errors {
        let call = Call::get(RATES, format!("{RATES}{query}"));
        c.problem(app, call, *status, code).await;
    }

    for target in [
        "/v1/timeseries?start=2011-11-14&end=2011-11-19",
        "/v1/timeseries?start=2011-11-19&end=2011-11-20&symbols=USD",
        "/v1/timeseries?start=2011-01-01&end=2012-01-01&base=GBP&symbols=USD,JPY",
    ] {
        c.expect(app, Call::get(TIMESERIES, target), 200).await;
    }
    let timeseries_errors: &[(&str, u16, &str)] = &[
        ("?start=2011-11-14", 400, "invalid_parameter"),
        ("?end=2011-11-14", 400, "invalid_parameter"),
        ("?start=2011-11-19&end=2011-11-14", 400, "invalid_parameter"),
        ("?start=2011-01-01&end=2013-01-01", 400, "range_too_large"),
        ("?start=2011-11-14&end=2011-11-31", 400, "invalid_date"),
        (
            "?start=2011-11-14&end=2011-11-18&base=QQQ",
            400,
            "unknown_currency",
        ),
        (
            "?start=2011-11-14&end=2011-11-18&source=fed",
            400,
            "unknown_source",
        ),
        (
            "?start=1998-06-01&end=1999-02-01&source=ecb",
            404,
            "date_out_of_range",
        ),
        (
            "?start=2023-01-02&end=2023-01-06&symbols=RUB",
            404,
            "rate_unavailable",
        ),
    ];
    for (query, status, code) in timeseries_errors {
        let call = Call::get(TIMESERIES, format!("{TIMESERIES}{query}"));
        c.problem(app, call, *status, code).await;
    }

    csv_and_ndjson(c, app).await;

    for target in ["/v1/currencies", "/v1/currencies?all=true"] {
        c.expect(app, Call::get(CURRENCIES, target), 200).await;
    }
    for query in ["?all=x", "?all=true&all=false"] {
        let call = Call::get(CURRENCIES, format!("{CURRENCIES}{query}"));
        c.problem(app, call, 400, "invalid_parameter").await;
    }
    for query in ["?lang=%7B%7Battributes%7D%7D", "?theme=x", "?source=fed"] {
        let call = Call::get("/widget", format!("/widget{query}"));
        c.problem(app, call, 400, "invalid_parameter").await;
    }
    for (query, status, code) in [
        ("?lang=xx", 400, "invalid_parameter"),
        ("?base=EURO", 400, "unknown_currency"),
        ("?date=2011-13-01", 400, "invalid_date"),
        ("?date=1990-01-02", 404, "date_out_of_range"),
        ("?base=XAU", 404, "rate_unavailable"),
    ] {
        let call = Call::get("/v1/widget", format!("/v1/widget{query}"));
        c.problem(app, call, status, code).await;
    }
    // A conversion that cannot be made is carried, not refused.
    let call = Call::get("/v1/widget", "/v1/widget?date=2011-11-18&amount=1,5");
    let x = c.expect(app, call, 200).await;
    assert_eq!(x.json()["conversion_problem"]["code"], "invalid_amount");
}

/// `/v1/rates` and `/v1/timeseries` in each format `Accept` may ask for:
/// the documented examples are what those questions answer, byte for
/// byte; an `Accept` allowing none of them is a 406 problem.
async fn csv_and_ndjson(c: &mut Checker, app: &App) {
    let cases = [
        (
            RATES,
            "/v1/rates?date=2011-11-18&symbols=RUB,USD",
            "text/csv",
        ),
        (
            RATES,
            "/v1/rates?date=2011-11-18&symbols=USD",
            "application/x-ndjson",
        ),
        (
            TIMESERIES,
            "/v1/timeseries?start=2011-11-14&end=2011-11-15&base=USD&symbols=JPY",
            "text/csv",
        ),
        (
            TIMESERIES,
            "/v1/timeseries?start=2011-11-14&end=2011-11-14&base=USD&symbols=JPY",
            "application/x-ndjson",
        ),
    ];
    for (template, target, media) in cases {
        let call = Call::get(template, target).header("accept", media);
        let x = c.expect(app, call, 200).await;
        assert_eq!(x.media_type().as_deref(), Some(media));
        assert_eq!(x.header("vary"), Some("accept"), "{target}");
        let op = c.spec.operation(template, &Method::GET);
        let example = op["responses"]["200"]["content"][media]["example"]
            .as_str()
            .unwrap_or_else(|| panic!("{template}: no {media} example"));
        assert_eq!(String::from_utf8_lossy(&x.body), example, "{target}");
    }
    for template in [RATES, TIMESERIES] {
        let target = format!("{template}?start=2011-11-14&end=2011-11-18");
        let call = Call::get(template, target).header("accept", "text/html");
        c.problem(app, call, 406, "not_acceptable").await;
    }
    suffixed_paths(c, app, &cases).await;
}

/// `/v1/rates.csv` and the like answer what `Accept` gets from the plain
/// path, whatever `Accept` says, and its problems.
async fn suffixed_paths(c: &mut Checker, app: &App, cases: &[(&str, &str, &str); 4]) {
    for (template, (_, target, media)) in SUFFIXED.into_iter().zip(cases) {
        let (path, query) = target.split_once('?').unwrap();
        let target = format!("{template}?{query}");
        let call = Call::get(template, &target).header("accept", "text/html");
        let x = c.expect(app, call, 200).await;
        assert_eq!(x.media_type().as_deref(), Some(*media));
        let op = c.spec.operation(path, &Method::GET);
        let example = op["responses"]["200"]["content"][*media]["example"].as_str();
        assert_eq!(
            Some(&*String::from_utf8_lossy(&x.body)),
            example,
            "{target}"
        );

        let errors: [(&str, u16, &str); 2] = match path {
            RATES => [
                ("?base=QQQ", 400, "unknown_currency"),
                ("?source=ecb&date=1998-12-31", 404, "date_out_of_range"),
            ],
            _ => [
                ("?start=2011-11-19&end=2011-11-14", 400, "invalid_parameter"),
                (
                    "?start=2023-01-02&end=2023-01-06&symbols=RUB",
                    404,
                    "rate_unavailable",
                ),
            ],
        };
        for (query, status, code) in errors {
            let call = Call::get(template, format!("{template}{query}"));
            c.problem(app, call, status, code).await;
        }
    }
}

async fn frankfurter_answers_and_errors(c: &mut Checker, app: &App) {
    let ok: &[(&str, &str)] = &[
        ("/frankfurter/latest", "/frankfurter/latest"),
        (
            "/frankfurter/latest",
            "/frankfurter/latest?base=USD&symbols=JPY,GBP",
        ),
        (
            "/frankfurter/{date}",
            "/frankfurter/2011-11-19?amount=10.5&from=usd",
        ),
        ("/frankfurter/{date}", "/frankfurter/1999-01-04"),
        (
            "/frankfurter/{start}..{end}",
            "/frankfurter/2011-11-14..2011-11-19",
        ),
        ("/frankfurter/{start}..", "/frankfurter/2026-10-01..?to=USD"),
    ];
    for (template, target) in ok {
        c.expect(app, Call::get(template, *target), 200).await;
    }
    let errors: &[(&str, &str, u16, &str)] = &[
        (
            "/frankfurter/latest",
            "/frankfurter/latest?from=QQQ",
            404,
            "not found",
        ),
        (
            "/frankfurter/latest",
            "/frankfurter/latest?to=USD,XYZ",
            404,
            "not found",
        ),
        (
            "/frankfurter/latest",
            "/frankfurter/latest?amount=0",
            422,
            "invalid amount",
        ),
        (
            "/frankfurter/latest",
            "/frankfurter/latest?amount=abc",
            422,
            "invalid amount",
        ),
        (
            "/frankfurter/latest",
            "/frankfurter/latest?from=USD&to=USD",
            422,
            "bad currency pair",
        ),
        (
            "/frankfurter/{date}",
            "/frankfurter/1998-12-31",
            404,
            "not found",
        ),
        (
            "/frankfurter/{date}",
            "/frankfurter/2999-01-01",
            404,
            "not found",
        ),
        (
            "/frankfurter/{date}",
            "/frankfurter/2011-02-30",
            422,
            "invalid date",
        ),
        (
            "/frankfurter/{date}",
            "/frankfurter/2011-11-18?to=RUB&from=RUB",
            422,
            "bad currency pair",
        ),
        (
            "/frankfurter/{start}..{end}",
            "/frankfurter/2011-11-14..2011-13-01",
            422,
            "invalid date",
        ),
        (
            "/frankfurter/{start}..{end}",
            "/frankfurter/2999-01-01..2999-02-01",
            404,
            "not found",
        ),
        (
            "/frankfurter/{start}..{end}",
            "/frankfurter/2011-11-14..2011-11-19?amount=-1",
            422,
            "invalid amount",
        ),
        (
            "/frankfurter/{start}..",
            "/frankfurter/2999-01-01..",
            404,
            "not found",
        ),
        (
            "/frankfurter/{start}..",
            "/frankfurter/2011-02-30..",
            422,
            "invalid date",
        ),
        (
            "/frankfurter/{start}..",
            "/frankfurter/2026-10-01..?to=QQQ",
            404,
            "not found",
        ),
    ];
    for (template, target, status, message) in errors {
        let x = c.expect(app, Call::get(template, *target), *status).await;
        assert_eq!(x.json()["message"], *message, "{target}");
    }
    c.expect(
        app,
        Call::get("/frankfurter/currencies", "/frankfurter/currencies"),
        200,
    )
    .await;
}

/// Paths and methods the spec does not have answer with the documented
/// problem (or Frankfurter's error under `/frankfurter`).
async fn frankfurter_v2_answers_and_errors(c: &mut Checker, app: &App) {
    const RATES: &str = "/frankfurter/v2/rates";
    const CSV: &str = "/frankfurter/v2/rates.csv";
    const RATE: &str = "/frankfurter/v2/rate/{base}/{quote}";
    const CURRENCIES: &str = "/frankfurter/v2/currencies";
    const CURRENCY: &str = "/frankfurter/v2/currency/{code}";
    let series = "/frankfurter/v2/rates?from=2020-01-01&to=2020-01-10&quotes=USD";
    for accept in ["text/csv", "application/x-ndjson", "application/json"] {
        let x = c
            .expect(app, Call::get(RATES, series).header("accept", accept), 200)
            .await;
        assert_eq!(x.media_type().as_deref(), Some(accept), "{series}");
    }
    c.expect(
        app,
        Call::get(CURRENCIES, "/frankfurter/v2/currencies"),
        200,
    )
    .await;
    let errors: &[(&str, &str, u16)] = &[
        (RATES, "/frankfurter/v2/rates?date=1999-13-01", 400),
        (RATES, "/frankfurter/v2/rates?base=XYZ", 404),
        (
            RATES,
            "/frankfurter/v2/rates?date=2020-01-02&from=2020-01-01",
            422,
        ),
        (
            CSV,
            "/frankfurter/v2/rates.csv?group=year&from=2020-01-01",
            400,
        ),
        (CSV, "/frankfurter/v2/rates.csv?quotes=QQQ", 404),
        (CSV, "/frankfurter/v2/rates.csv?group=month", 422),
        (RATE, "/frankfurter/v2/rate/EUR/USD?date=x", 400),
        (RATE, "/frankfurter/v2/rate/EUR/XYZ", 404),
        (RATE, "/frankfurter/v2/rate/EUR/USD?from=2020-01-01", 422),
        (CURRENCIES, "/frankfurter/v2/currencies?scope=some", 400),
        (CURRENCY, "/frankfurter/v2/currency/XYZ", 404),
    ];
    for (template, target, status) in errors {
        let x = c.expect(app, Call::get(template, *target), *status).await;
        assert_eq!(x.json()["status"], json!(status), "{target}");
    }
}

async fn unknown_paths_and_methods(c: &mut Checker, app: &App) {
    for path in ["/nope", "/v1", "/v2/convert", "/v1/convert/x"] {
        let call = Call::get(CONVERT, path);
        let x = Checker::send(app, &call).await;
        assert_eq!(x.status, 404, "{path}");
        let body = c.conform_to_component(&x, "Problem", "application/problem+json");
        assert_eq!(body["code"], "not_found");
    }
    for path in [
        "/frankfurter",
        "/frankfurter/",
        "/frankfurter/foo",
        "/frankfurter/latest/x",
        "/frankfurter/2011-11-18/x",
    ] {
        let x = Checker::send(app, &Call::get(CONVERT, path)).await;
        assert_eq!(x.status, 404, "{path}");
        let body = c.conform_to_component(&x, "FrankfurterError", "application/json");
        assert_eq!(body["message"], "not found");
    }
    for (method, path) in [
        (Method::DELETE, "/v1/rates"),
        (Method::PUT, "/v1/convert"),
        (Method::POST, "/v1/rates"),
        (Method::POST, "/frankfurter/latest"),
        (Method::PATCH, "/healthz"),
    ] {
        let call = Call {
            method,
            ..Call::get(CONVERT, path)
        };
        let x = Checker::send(app, &call).await;
        assert_eq!(x.status, 405, "{path}");
        let body = c.conform_to_component(&x, "Problem", "application/problem+json");
        assert_eq!(body["code"], "method_not_allowed");
    }
}

/// A server with no rates: not ready, and every question is a 404.
async fn with_no_data(c: &mut Checker, app: &App) {
    c.problem(app, Call::get("/readyz", "/readyz"), 503, "not_ready")
        .await;
    c.expect(app, Call::get("/v1/sources", "/v1/sources"), 200)
        .await;
    c.expect(app, Call::get("/healthz", "/healthz"), 200).await;
    let call = Call::get(CONVERT, "/v1/convert?from=USD&to=EUR");
    c.problem(app, call, 404, "rate_unavailable").await;
    for (template, target) in [
        ("/frankfurter/latest", "/frankfurter/latest"),
        ("/frankfurter/currencies", "/frankfurter/currencies"),
    ] {
        c.expect(app, Call::get(template, target), 404).await;
    }
}

#[test]
fn every_example_conforms_to_its_schema() {
    let spec = Spec::load();
    let mut checked = 0;
    let mut check = |what: String, schema: &Value, example: &Value| {
        let validator = spec.validator(schema);
        let errors: Vec<String> = validator
            .iter_errors(example)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{what}: {errors:?}\n{example}");
        checked += 1;
    };
    for (name, schema) in spec.doc["components"]["schemas"].as_object().unwrap() {
        if let Some(example) = schema.get("example") {
            check(format!("schema {name}"), schema, example);
        }
    }
    let mut media: Vec<(String, Value)> = Vec::new();
    for (path, method, op) in spec.operations() {
        for (status, response) in op["responses"].as_object().unwrap() {
            let response = spec.deref(response);
            for (ty, entry) in response["content"].as_object().into_iter().flatten() {
                media.push((format!("{method} {path} {status} {ty}"), entry.clone()));
            }
        }
        for p in spec.parameters(&op) {
            let what = format!("{method} {path} parameter {}", p["name"]);
            assert!(p.get("example").is_some(), "{what}: no example");
            assert!(p.get("description").is_some(), "{what}: no description");
            if spec.schema(&p["schema"])["type"] == "string" {
                assert!(p["example"].is_string(), "{what}: a string example");
            }
            check(what, &p["schema"], &p["example"]);
        }
        if let Some(body) = op.get("requestBody") {
            let entry = &body["content"]["application/json"];
            media.push((format!("{method} {path} request"), entry.clone()));
        }
    }
    for (what, entry) in media {
        let schema = &entry["schema"];
        if let Some(example) = entry.get("example") {
            check(what.clone(), schema, example);
        }
        for (name, example) in entry["examples"].as_object().into_iter().flatten() {
            check(format!("{what} example {name}"), schema, &example["value"]);
        }
    }
    assert!(checked > 50, "only {checked} examples checked");
}

/// Every code the API can put in a problem ([`ErrorCode::ALL`]: `Problem`
/// takes nothing else, and the mapping of core errors to it is an
/// exhaustive `match`) is in the `code` enum of the Problem schema, and the
/// schema documents no code the API cannot send.
#[test]
fn every_problem_code_of_the_source_is_documented() {
    let spec = Spec::load();
    let documented: BTreeSet<String> = spec.doc["components"]["schemas"]["Problem"]["properties"]
        ["code"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    let codes: BTreeSet<String> = ErrorCode::ALL
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect();
    assert_eq!(codes.len(), ErrorCode::ALL.len(), "a code is given twice");
    assert!(codes.len() >= 19, "ErrorCode has only {codes:?}");

    let missing: Vec<&String> = codes.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "codes the Problem schema lacks: {missing:?}"
    );
    let unknown: Vec<&String> = documented.difference(&codes).collect();
    assert!(
        unknown.is_empty(),
        "codes the Problem schema lists but ErrorCode lacks: {unknown:?}"
    );
}

/// Every problem kind has a title, and its `type` is `/problems/{code}`.
#[test]
fn every_error_code_has_a_problem_type_and_title() {
    for code in ErrorCode::ALL {
        let p = Problem::new(reqwest::StatusCode::BAD_REQUEST, code, "x");
        assert_eq!(p.kind, format!("/problems/{}", code.as_str()));
        assert!(
            !p.title.is_empty() && p.title != "Internal error" || code == ErrorCode::Internal,
            "{code}"
        );
    }
}

/// The keywords an OpenAPI 3.0 Schema Object may have.
const SCHEMA_KEYWORDS: &[&str] = &[
    "$ref",
    "title",
    "description",
    "type",
    "format",
    "enum",
    "default",
    "example",
    "nullable",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "properties",
    "additionalProperties",
    "required",
    "minProperties",
    "maxProperties",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "readOnly",
    "writeOnly",
    "deprecated",
    "discriminator",
    "externalDocs",
    "xml",
];

/// The keywords an OpenAPI 3.0 Parameter Object may have.
const PARAMETER_KEYWORDS: &[&str] = &[
    "name",
    "in",
    "description",
    "required",
    "deprecated",
    "allowEmptyValue",
    "style",
    "explode",
    "allowReserved",
    "schema",
    "example",
    "examples",
    "content",
];

/// Every keyword of `schema` and its subschemas is a Schema Object keyword:
/// a stray key is most often a YAML slip (an unquoted comma in a flow
/// mapping starts a new key) that validators silently ignore.
fn check_schema_keywords(what: &str, schema: &Value) {
    let Some(m) = schema.as_object() else {
        return;
    };
    for (key, value) in m {
        assert!(
            SCHEMA_KEYWORDS.contains(&key.as_str()),
            "{what}: '{key}' is not a schema keyword"
        );
        match key.as_str() {
            "properties" => {
                for (name, sub) in value.as_object().unwrap() {
                    check_schema_keywords(&format!("{what}.{name}"), sub);
                }
            }
            "items" | "additionalProperties" | "not" => check_schema_keywords(what, value),
            "allOf" | "oneOf" | "anyOf" => {
                for sub in value.as_array().unwrap() {
                    check_schema_keywords(what, sub);
                }
            }
            _ => {}
        }
    }
}

#[test]
fn every_schema_and_parameter_uses_only_openapi_keywords() {
    let spec = Spec::load();
    let components = &spec.doc["components"];
    for (name, schema) in components["schemas"].as_object().unwrap() {
        check_schema_keywords(&format!("schema {name}"), schema);
    }
    let mut parameters: Vec<(String, &Value)> = components["parameters"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, p)| (format!("parameter {name}"), p))
        .collect();
    let mut media: Vec<(String, &Value)> = Vec::new();
    for (name, response) in components["responses"].as_object().unwrap() {
        for (ty, entry) in response["content"].as_object().into_iter().flatten() {
            media.push((format!("response {name} {ty}"), entry));
        }
    }
    for (path, item) in spec.doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let what = format!("{method} {path}");
            for p in op["parameters"].as_array().into_iter().flatten() {
                parameters.push((format!("{what} parameter {}", p["name"]), p));
            }
            for (status, response) in op["responses"].as_object().unwrap() {
                for (ty, entry) in response["content"].as_object().into_iter().flatten() {
                    media.push((format!("{what} {status} {ty}"), entry));
                }
            }
            for (ty, entry) in op["requestBody"]["content"]
                .as_object()
                .into_iter()
                .flatten()
            {
                media.push((format!("{what} request {ty}"), entry));
            }
        }
    }
    for (what, p) in parameters {
        if p.get("$ref").is_some() {
            continue;
        }
        for key in p.as_object().unwrap().keys() {
            assert!(
                PARAMETER_KEYWORDS.contains(&key.as_str()),
                "{what}: '{key}' is not a parameter keyword"
            );
        }
        check_schema_keywords(&what, &p["schema"]);
    }
    for (what, entry) in media {
        check_schema_keywords(&what, &entry["schema"]);
    }
}

/// A route of the router as a matcher: `{name}` is one segment, `{*name}`
/// the rest of the path.
fn route_matches(route: &str, path: &str) -> bool {
    let route: Vec<&str> = route.split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    for (i, r) in route.iter().enumerate() {
        if r.starts_with("{*") {
            return path.len() > i;
        }
        match path.get(i) {
            None => return false,
            Some(p) if r.starts_with('{') && r.ends_with('}') => {
                if p.is_empty() {
                    return false;
                }
            }
            Some(p) if p != r => return false,
            Some(_) => {}
        }
    }
    route.len() == path.len()
}

/// The paths of `.route("...")` calls in a source file.
fn routes_in(source: &str) -> Vec<String> {
    source
        .split(".route(")
        .skip(1)
        .map(|rest| {
            let rest = rest.trim_start();
            let rest = rest.strip_prefix('"').expect("a route path literal");
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .collect()
}

/// A path a route serves: each `{name}` segment an existing Frankfurter
/// endpoint's name, `{*name}` one more segment.
fn route_sample(route: &str) -> String {
    route
        .split('/')
        .map(|segment| match segment {
            s if s.starts_with("{*") => "x",
            s if s.starts_with('{') => "latest",
            s => s,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Every route of the router is in the spec, unless all it does is answer
/// 404 (Frankfurter's `{"message":"not found"}` for paths Frankfurter does
/// not have); every path of the spec is served by a route.
#[tokio::test]
async fn the_spec_documents_every_route_and_only_routes() {
    let spec = Spec::load();
    let app = spawn_app().await;
    let samples: BTreeMap<String, String> = spec
        .operations()
        .into_iter()
        .map(|(path, _, op)| (sample_path(&spec, &path, &op), path))
        .collect();
    let mut routes = routes_in(include_str!("../../src/api/mod.rs"));
    routes.extend(routes_in(include_str!("../../src/api/frankfurter/mod.rs")));
    routes.extend(routes_in(include_str!("../../src/api/frankfurter/v2.rs")));
    assert!(routes.len() > 12, "the route scan found only {routes:?}");

    for route in &routes {
        if samples.keys().any(|s| route_matches(route, s)) {
            continue;
        }
        let sample = route_sample(route);
        let x = Checker::send(&app, &Call::get(route, &sample)).await;
        assert_eq!(
            (x.status, x.media_type().as_deref()),
            (404, Some("application/json")),
            "the route {route} is not in openapi.yaml, yet {sample} answers"
        );
        assert_eq!(x.json(), json!({ "message": "not found" }), "{sample}");
    }
    for (sample, path) in &samples {
        assert!(
            routes.iter().any(|r| route_matches(r, sample)),
            "openapi.yaml has {path}, which no route serves"
        );
    }
}

#[tokio::test]
async fn the_served_spec_is_the_file() {
    let app = spawn_app().await;
    let x = Checker::send(&app, &Call::get("/openapi.yaml", "/openapi.yaml")).await;
    assert_eq!(x.status, 200);
    assert_eq!(x.media_type().as_deref(), Some("application/yaml"));
    assert_eq!(String::from_utf8(x.body).unwrap(), SPEC_TEXT);
}
