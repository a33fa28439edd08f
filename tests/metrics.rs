//! `/metrics` over real HTTP: its labels take values from fixed sets only,
//! whatever methods and paths clients send, and `kurs serve
//! --metrics-addr` moves it off the public address.

#[path = "support/app.rs"]
mod app;

use reqwest::{Method, StatusCode};

/// `len` random upper-case letters.
fn random_letters(len: usize) -> String {
    (0..len).map(|_| fastrand::uppercase()).collect()
}

#[tokio::test]
async fn random_methods_and_paths_do_not_grow_the_metrics() {
    let base = app::serve_offline().await;
    let client = app::client();
    let mut sent = Vec::new();
    for _ in 0..400 {
        let method = random_letters(200);
        let path = random_letters(40).to_lowercase();
        let m = Method::from_bytes(method.as_bytes()).unwrap();
        let r = client
            .request(m, format!("{base}/{path}"))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_client_error(), "{}", r.status());
        sent.push((method, path));
    }
    let convert = client
        .get(format!("{base}/v1/convert?from=EUR&to=USD"))
        .send()
        .await
        .unwrap();
    assert_eq!(convert.status(), StatusCode::OK);

    let metrics = client
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    println!(
        "/metrics after the random requests: {} bytes",
        metrics.len()
    );
    assert!(metrics.len() < 64 * 1024, "{} bytes", metrics.len());
    for (method, path) in &sent {
        assert!(!metrics.contains(method.as_str()), "{method} in /metrics");
        assert!(!metrics.contains(path.as_str()), "{path} in /metrics");
    }
    assert!(
        metrics.contains(
            "kurs_http_requests_total{route=\"/v1/convert\",method=\"GET\",status=\"200\"} 1"
        ),
        "{metrics}"
    );
    assert!(
        metrics.contains("kurs_http_requests_total{route=\"unmatched\",method=\"other\","),
        "{metrics}"
    );
}
