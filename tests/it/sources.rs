//! Every registered source, end to end over the stub bank serving its real
//! format: synced once (as the refreshers do at start-up), listed by
//! `/v1/sources` with its newest date and no error, answering
//! `/v1/rates?source=ID` from its own base, and converting from that base
//! when named. A bank added to the registry without the stub serving its
//! paths, or whose parser fails on its recorded answer, fails here.

use crate::app;
use kurs_stub_bank as upstream;

use kurs_rates::{SourceId, Store, SyncMode};
use serde_json::Value;
use upstream::Upstream;

async fn json(base: &str, path: &str) -> Value {
    let r = app::client()
        .get(format!("{base}{path}"))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let body = r.text().await.unwrap();
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap()
}

#[tokio::test]
async fn every_source_answers_end_to_end_over_the_stub() {
    let up = Upstream::start_with_fixtures().await;
    let store = Store::open(app::over_stub(&up.url, None)).0;
    for &s in SourceId::all() {
        let report = store.sync(s, SyncMode::CatchUp).await;
        assert!(report.is_ok(), "{s:?}: {report:?}");
    }
    let base = app::serve(store).await;
    let sources = json(&base, "/v1/sources").await;
    let listed: Vec<&str> = sources
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["source"].as_str().unwrap())
        .collect();
    let ids: Vec<&str> = SourceId::all().iter().map(|s| s.as_str()).collect();
    assert_eq!(listed, ids, "every source, in preference order");
    for (s, listed) in SourceId::all().iter().zip(sources.as_array().unwrap()) {
        let id = s.as_str();
        assert_eq!(listed["origin"], up.url.as_str(), "{listed}");
        assert_eq!(listed["last_error"], Value::Null, "{listed}");
        let newest = listed["latest_date"]
            .as_str()
            .unwrap_or_else(|| panic!("{listed}"));

        // The bank's own currency; the Croatian National Bank's tables are
        // in euros since the kuna's end (2023-01-01).
        let own_code = s.base();
        let own = if id == "hnb" {
            "EUR"
        } else {
            own_code.as_str()
        };
        let rates = json(&base, &format!("/v1/rates?source={id}&base={own}")).await;
        assert_eq!(
            (
                rates["source"].as_str(),
                rates["base"].as_str(),
                rates["date"].as_str()
            ),
            (Some(id), Some(own), Some(newest)),
            "{rates}"
        );
        let quoted = rates["rates"].as_object().unwrap();
        assert!(quoted.len() >= 5, "{id}: {rates}");
        // A conversion of one unit of the bank's own currency, naming the
        // bank, unrounded: the rate `/v1/rates` shows (rounded for display
        // to 10 significant digits) within its rounding.
        let (to, rate) = quoted.iter().next().unwrap();
        let rate: rust_decimal::Decimal = rate.as_str().unwrap().parse().unwrap();
        let v = json(
            &base,
            &format!("/v1/convert?from={own}&to={to}&amount=1&source={id}&round=none"),
        )
        .await;
        assert_eq!(
            (v["source"].as_str(), v["date"].as_str()),
            (Some(id), Some(newest)),
            "{v}"
        );
        let result: rust_decimal::Decimal = v["result"].as_str().unwrap().parse().unwrap();
        let tolerance = rate * rust_decimal::Decimal::new(1, 9);
        assert!(
            (result - rate).abs() <= tolerance,
            "{id}: 1 {own} in {to} is {result}, the rate {rate}: {v}"
        );
    }
}

#[tokio::test]
async fn after_a_sync_at_least_150_current_currencies_are_answerable() {
    // Issue 12's bar: with every source synced from its newest recorded
    // answer, `/v1/currencies` lists at least 150 current ISO 4217
    // currencies that some source quotes in its newest table, each with the
    // source the policy prefers for it.
    let up = Upstream::start_with_fixtures().await;
    let store = Store::open(app::over_stub(&up.url, None)).0;
    for &s in SourceId::all() {
        store.sync(s, SyncMode::CatchUp).await.unwrap();
    }
    let base = app::serve(store).await;
    let sources = json(&base, "/v1/sources").await;
    let newest: std::collections::HashMap<&str, &str> = sources
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["source"].as_str().unwrap(),
                s["latest_date"].as_str().unwrap(),
            )
        })
        .collect();
    let currencies = json(&base, "/v1/currencies").await;
    let mut current = Vec::new();
    for c in currencies.as_array().unwrap() {
        let code = c["code"].as_str().unwrap();
        let held = c["sources"].as_object().unwrap();
        let in_newest = held
            .iter()
            .any(|(s, span)| span["last"].as_str() == newest.get(s.as_str()).copied());
        if c["retired"] == false && in_newest {
            current.push(code);
            let preferred = c["preferred"].as_str().unwrap_or_else(|| panic!("{c}"));
            assert!(held.contains_key(preferred), "{c}");
        }
    }
    assert!(
        current.len() >= 150,
        "{} current currencies answerable: {current:?}",
        current.len()
    );
    // UAH comes from the National Bank of Ukraine, which is preferred, and
    // from the Bank of Russia and the NBP too.
    let uah = currencies
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "UAH")
        .unwrap();
    assert_eq!(uah["preferred"], "nbu", "{uah}");
    for s in ["nbu", "cbr", "nbp"] {
        assert!(uah["sources"].get(s).is_some(), "{s}: {uah}");
    }
}

/// The Magyar Nemzeti Bank's service takes SOAP calls only: kurs POSTs
/// them, and answers with the forint rates as recorded (EUR 402,61 and
/// 100 JPY 248,17 on 2025-03-28).
#[tokio::test]
async fn the_mnb_is_asked_by_soap_post_and_answers_with_its_recorded_rates() {
    let up = Upstream::start_with_fixtures().await;
    let store = Store::open(app::over_stub(&up.url, None)).0;
    let mnb = SourceId::parse("mnb").unwrap();
    store.sync(mnb, SyncMode::CatchUp).await.unwrap();
    let seen = up.requests();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(
        (seen[0].method.as_str(), seen[0].path_and_query.as_str()),
        ("POST", "/arfolyamok.asmx")
    );
    assert_eq!(
        seen[0].header("soapaction"),
        Some("http://www.mnb.hu/webservices/MNBArfolyamServiceSoap/GetCurrentExchangeRates")
    );
    let base = app::serve(store).await;
    for (query, result) in [
        ("from=EUR&to=HUF&amount=1", "402.61"),
        ("from=JPY&to=HUF&amount=100", "248.17"),
    ] {
        let v = json(
            &base,
            &format!("/v1/convert?{query}&source=mnb&date=2025-03-28&round=none"),
        )
        .await;
        assert_eq!(
            (
                v["source"].as_str(),
                v["date"].as_str(),
                v["result"].as_str()
            ),
            (Some("mnb"), Some("2025-03-28"), Some(result)),
            "{v}"
        );
    }
}
