//! Requests sent as POSTs (a source's [`Source::post`]; the MNB's SOAP
//! calls), over real HTTP against the stub bank: what is sent, what comes
//! back, and that every limit of a GET holds for them (timeouts, retries,
//! redirects, body sizes) while no validator is ever sent or kept.

use kurs_stub_bank as upstream;

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use kurs_rates::{
    registry, BodyLimits, BoxFuture, Expected, FetchConfig, FetchError, HttpTransport, Offline,
    Post, Response, Source, SourceId, Store, StoreOptions, SyncMode, Transport, Validators,
};
use upstream::{Fault, Upstream};

const MNB_PATH: &str = "/arfolyamok.asmx";
const RECORDING: &[u8] = include_bytes!(
    "../../src/sources/mnb/fixtures/frankfurter_mnb_GetExchangeRates_2025-03-24_2025-03-28.xml"
);

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn mnb() -> Arc<dyn Source> {
    let id = SourceId::parse("mnb").expect("mnb is registered");
    registry().into_iter().find(|s| s.id() == id).unwrap()
}

/// The POST of the MNB's call for the week up to 2025-03-28 (the
/// recorded one's dates but a day earlier start: the stub reads them).
fn mnb_post() -> Post {
    let mnb = mnb();
    mnb.post(&mnb.for_date(day("2025-03-28"), day("2026-12-02")))
        .expect("every MNB request is a POST")
}

fn transport(retries: u32) -> HttpTransport {
    HttpTransport::new(FetchConfig {
        connect_timeout: Duration::from_secs(1),
        timeout: Duration::from_millis(800),
        retries,
        backoff: Duration::from_millis(10),
        ..FetchConfig::default()
    })
    .unwrap()
}

#[tokio::test]
async fn a_post_sends_its_headers_and_body_and_brings_the_answer_without_validators() {
    let up = Upstream::start_with_fixtures().await;
    let post = mnb_post();
    let url = format!("{}{}", up.url, post.path);
    let answer = transport(0).post(&url, &post, Expected::Tables).await;
    assert_eq!(
        answer,
        Ok(Response::Body {
            bytes: RECORDING.to_vec(),
            validators: Validators::default(),
        }),
        "the stub sends an ETag and a Last-Modified; a POST keeps neither"
    );
    let seen = &up.requests()[0];
    assert_eq!((seen.method.as_str(), seen.status), ("POST", 200));
    assert_eq!(seen.path_and_query, MNB_PATH);
    assert_eq!(seen.body.as_bytes(), post.body);
    assert!(seen
        .body
        .contains("<web:startDate>2025-03-21</web:startDate>"));
    assert_eq!(
        seen.header("soapaction"),
        Some("http://www.mnb.hu/webservices/MNBArfolyamServiceSoap/GetExchangeRates")
    );
    assert_eq!(seen.header("content-type"), Some("text/xml; charset=utf-8"));
    assert!(seen.header("user-agent").unwrap().starts_with("kurs/"));
    assert_eq!(seen.header("if-none-match"), None);
    assert_eq!(seen.header("if-modified-since"), None);
}

#[tokio::test]
async fn a_failed_post_is_retried_as_a_get_is_and_once_means_once() {
    let up = Upstream::start_with_fixtures().await;
    up.fail(MNB_PATH, Fault::Status(503));
    let post = mnb_post();
    let url = format!("{}{}", up.url, post.path);
    let err = transport(2).post(&url, &post, Expected::Tables).await;
    assert_eq!(
        err,
        Err(FetchError::Status {
            url: url.clone(),
            status: 503
        })
    );
    assert_eq!(up.hits(MNB_PATH), 3, "one try and two retries");
    up.reset_hits();
    let once = transport(2).post_once(&url, &post, Expected::Tables).await;
    assert!(once.is_err());
    assert_eq!(up.hits(MNB_PATH), 1);
    assert!(
        up.requests().iter().all(|r| r.method == "POST"),
        "a retry is the same POST"
    );
}

#[tokio::test]
async fn a_post_is_held_to_the_timeout_the_body_limits_and_the_redirect_policy() {
    let up = Upstream::start_with_fixtures().await;
    let post = mnb_post();
    let url = format!("{}{}", up.url, post.path);
    let send = |t: HttpTransport| {
        let (url, post) = (url.clone(), post.clone());
        async move { t.post(&url, &post, Expected::Tables).await }
    };

    up.fail(MNB_PATH, Fault::Hang(Duration::from_secs(3)));
    let hung = send(transport(0)).await;
    assert!(matches!(hung, Err(FetchError::Timeout { .. })), "{hung:?}");

    up.fail(MNB_PATH, Fault::Streamed(64 * 1024 * 4));
    let small = HttpTransport::new(FetchConfig {
        tables: BodyLimits {
            wire: 64 * 1024,
            decoded: 64 * 1024,
        },
        ..FetchConfig::default()
    })
    .unwrap();
    let large = send(small).await;
    assert!(
        matches!(large, Err(FetchError::TooLarge { limit: 65536, .. })),
        "{large:?}"
    );

    up.fail(
        MNB_PATH,
        Fault::Redirect("http://example.com/arfolyamok.asmx".into()),
    );
    let away = send(transport(0)).await;
    assert!(matches!(away, Err(FetchError::Redirect { .. })), "{away:?}");
}

#[tokio::test]
async fn a_304_to_a_post_is_an_error_not_a_body_unchanged() {
    let up = Upstream::start_with_fixtures().await;
    up.fail(MNB_PATH, Fault::Status(304));
    let post = mnb_post();
    let url = format!("{}{}", up.url, post.path);
    let answer = transport(0).post(&url, &post, Expected::Tables).await;
    assert_eq!(answer, Err(FetchError::Status { url, status: 304 }));
}

/// A transport that only GETs, as a test's fake does.
struct GetOnly;

impl Transport for GetOnly {
    fn get<'a>(
        &'a self,
        _: &'a str,
        _: Option<&'a Validators>,
        _: Expected,
    ) -> BoxFuture<'a, Result<Response, FetchError>> {
        Box::pin(async { unreachable!("a POST is not a GET") })
    }
}

#[tokio::test]
async fn a_transport_that_cannot_post_refuses_and_offline_posts_nothing() {
    let post = mnb_post();
    let url = "http://127.0.0.1:9/arfolyamok.asmx";
    let refused = GetOnly.post(url, &post, Expected::Tables).await;
    assert!(
        matches!(&refused, Err(FetchError::Transport { message, .. }) if message.contains("cannot send a POST")),
        "{refused:?}"
    );
    let offline = Offline.post_once(url, &post, Expected::Tables).await;
    assert_eq!(offline, Err(FetchError::Offline { url: url.into() }));
}

fn store(up: &Upstream) -> Store {
    let mnb = SourceId::parse("mnb").unwrap();
    let options = StoreOptions {
        transport: Arc::new(transport(0)),
        ..StoreOptions::offline()
    }
    .with_origin(mnb, &up.url);
    Store::open(options).0
}

#[tokio::test]
async fn the_store_syncs_the_mnb_by_post_and_never_sends_it_validators() {
    let up = Upstream::start_with_fixtures().await;
    let store = store(&up);
    let mnb = SourceId::parse("mnb").unwrap();
    let first = store.sync(mnb, SyncMode::CatchUp).await.unwrap();
    assert_eq!(
        (first.tables, first.latest, first.currencies),
        (5, Some(day("2025-03-28")), 32)
    );
    let again = store.sync(mnb, SyncMode::CatchUp).await.unwrap();
    assert_eq!(again.latest, Some(day("2025-03-28")));
    let seen = up.requests();
    let actions: Vec<&str> = seen
        .iter()
        .map(|r| r.header("soapaction").unwrap().rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "GetCurrentExchangeRates",
            "GetExchangeRates",
            "GetCurrentExchangeRates"
        ],
        "the newest, then a catch-up and the newest"
    );
    for r in &seen {
        assert_eq!((r.method.as_str(), r.status), ("POST", 200), "{r:?}");
        assert_eq!(r.header("if-none-match"), None, "{r:?}");
        assert_eq!(r.header("if-modified-since"), None, "{r:?}");
    }
    assert_eq!(store.status(mnb).unwrap().fetches.not_modified, 0);
}

#[tokio::test]
async fn a_date_of_the_mnb_is_fetched_by_one_post_and_one_before_the_recording_is_not_found() {
    let up = Upstream::start_with_fixtures().await;
    let store = store(&up);
    let mnb = SourceId::parse("mnb").unwrap();
    store.ensure_date(mnb, day("2025-03-26")).await.unwrap();
    let held = store.history(mnb).unwrap();
    let dates: Vec<NaiveDate> = held.tables().iter().map(|t| t.date()).collect();
    assert_eq!(dates.first(), Some(&day("2025-03-24")));
    assert!(up.requests()[0].body.contains(
        "<web:startDate>2025-03-19</web:startDate><web:endDate>2025-03-26</web:endDate>"
    ));

    let old = store.ensure_date(mnb, day("2020-01-06")).await.unwrap_err();
    assert!(old.to_string().contains("answered HTTP 404"), "{old}");
    assert_eq!(up.hits(MNB_PATH), 2);
}

/// POSTs `body` to the stub's MNB service with these headers: (status,
/// Content-Type, body).
async fn raw_post(up: &Upstream, headers: &[(&str, &str)], body: &[u8]) -> (u16, String, String) {
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let mut request = client.post(up.at(MNB_PATH)).body(body.to_vec());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let r = request.send().await.unwrap();
    let status = r.status().as_u16();
    let content_type = r.headers()["content-type"].to_str().unwrap().to_owned();
    (status, content_type, r.text().await.unwrap())
}

#[tokio::test]
async fn the_stub_answers_only_a_call_the_mnb_would_take() {
    let up = Upstream::start_with_fixtures().await;
    let post = mnb_post();
    let [(_, xml), (_, action)] =
        [&post.headers[0], &post.headers[1]].map(|(n, v)| (*n, v.as_str()));
    let soap = [("content-type", xml), ("soapaction", action)];

    let (status, _, body) = raw_post(&up, &soap, &post.body).await;
    assert_eq!((status, body.as_bytes()), (200, RECORDING));

    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let got = client.get(up.at(MNB_PATH)).send().await.unwrap();
    assert_eq!(got.status().as_u16(), 405, "a GET");

    let json = [("content-type", "application/json"), ("soapaction", action)];
    assert_eq!(raw_post(&up, &json, &post.body).await.0, 415);
    let (status, _, _) = raw_post(&up, &soap, b"startDate=2025-03-21&endDate=2025-03-28").await;
    assert_eq!(status, 400, "not an envelope");

    let current = action.replace("GetExchangeRates", "GetCurrentExchangeRates");
    let mismatched = [("content-type", xml), ("soapaction", current.as_str())];
    let unknown = [("content-type", xml), ("soapaction", "GetExchangeRates")];
    let no_action = [("content-type", xml)];
    for headers in [&mismatched[..], &unknown, &no_action] {
        let (status, content_type, fault) = raw_post(&up, headers, &post.body).await;
        assert_eq!(
            (status, content_type.as_str()),
            (500, "text/xml; charset=utf-8")
        );
        // kurs's parser reads the fault as the service's error.
        let err = mnb().parse(fault.as_bytes()).unwrap_err();
        assert!(err.to_string().contains("SOAP fault"), "{err}");
    }

    let mnb = mnb();
    let old = mnb
        .post(&mnb.for_date(day("2020-01-06"), day("2026-12-02")))
        .unwrap();
    let (status, _, _) = raw_post(&up, &soap, &old.body).await;
    assert_eq!(status, 404, "no recording this old");
    assert_eq!(up.hits(MNB_PATH), 8, "every POST counted");
}

/// reqwest follows a `302` to a POST as a GET (as browsers do); within
/// the origin, that GET's answer is not the SOAP answer asked for, and
/// fails to parse rather than being taken for one.
#[tokio::test]
async fn a_post_redirected_within_the_origin_fails_as_an_answer_that_is_not_the_services() {
    let up = Upstream::start_with_fixtures().await;
    let store = store(&up);
    let mnb = SourceId::parse("mnb").unwrap();
    up.fail(MNB_PATH, Fault::Redirect(up.at(upstream::ECB_DAILY_PATH)));
    let err = store.sync(mnb, SyncMode::CatchUp).await.unwrap_err();
    assert!(matches!(err, kurs_rates::SyncError::Parse { .. }), "{err}");
    let methods: Vec<(String, String)> = up
        .requests()
        .into_iter()
        .map(|r| (r.method, r.path_and_query))
        .collect();
    assert_eq!(
        methods,
        [
            ("POST".into(), MNB_PATH.into()),
            ("GET".into(), upstream::ECB_DAILY_PATH.into())
        ]
    );
    assert_eq!(store.history(mnb).unwrap().tables().len(), 0);
}
