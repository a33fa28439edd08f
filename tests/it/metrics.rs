//! `/metrics` over real HTTP: its labels take values from fixed sets only,
//! whatever methods and paths clients send, and `kurs serve
//! --metrics-addr` moves it off the public address.

use crate::app;

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

/// `kurs serve`, run for real offline on two loopback ports; killed when
/// dropped, should a test fail before [`Served::stop`].
struct Served {
    child: std::process::Child,
    lines: std::io::Lines<std::io::BufReader<std::process::ChildStderr>>,
    origin: String,
    metrics_origin: String,
}

impl Served {
    /// Starts the binary with `metrics_addr` passed as the environment
    /// says (`--metrics-addr` or `KURS_METRICS_ADDR`).
    fn start(data: &std::path::Path, by_env: bool) -> Self {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kurs"));
        command
            .args(["serve", "--offline", "--addr", "127.0.0.1:0"])
            .env("KURS_DATA_DIR", data)
            .env_remove("KURS_METRICS_ADDR")
            .stderr(std::process::Stdio::piped());
        if by_env {
            command.env("KURS_METRICS_ADDR", "127.0.0.1:0");
        } else {
            command.args(["--metrics-addr", "127.0.0.1:0"]);
        }
        let mut child = command.spawn().unwrap();
        let stderr = child.stderr.take().unwrap();
        let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stderr));
        let origin = origin_after(&mut lines, "listening on ");
        let metrics_origin = origin_after(&mut lines, "metrics on ");
        Self {
            child,
            lines,
            origin,
            metrics_origin,
        }
    }

    /// SIGTERM; the exit status and whether "stopping" was logged.
    fn stop(&mut self) -> (std::process::ExitStatus, bool) {
        let kill = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(kill.success());
        let exit = self.child.wait().unwrap();
        let stopping = self.lines.by_ref().any(|l| l.unwrap().contains("stopping"));
        (exit, stopping)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `http://...` origin logged after `prefix`.
fn origin_after(lines: &mut impl Iterator<Item = std::io::Result<String>>, prefix: &str) -> String {
    let line = lines
        .map(|l| l.unwrap())
        .find(|l| l.contains(&format!("{prefix}http://")))
        .unwrap_or_else(|| panic!("no '{prefix}' line on stderr"));
    line.split(prefix).nth(1).unwrap().trim().to_owned()
}

fn blocking_get(url: &str) -> reqwest::blocking::Response {
    reqwest::blocking::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .get(url)
        .send()
        .unwrap()
}

/// The `X-Content-Type-Options` of a scrape at `origin`.
fn scrape_nosniff(origin: &str) -> String {
    let r = blocking_get(&format!("{origin}/metrics"));
    r.headers()["x-content-type-options"]
        .to_str()
        .unwrap()
        .to_owned()
}

#[test]
fn with_a_metrics_address_metrics_are_served_there_only() {
    let data = tempfile::tempdir().unwrap();
    let mut served = Served::start(data.path(), false);

    let convert = blocking_get(&format!("{}/v1/convert?from=EUR&to=USD", served.origin));
    assert_eq!(convert.status(), StatusCode::OK);
    let public = blocking_get(&format!("{}/metrics", served.origin));
    assert_eq!(public.status(), StatusCode::NOT_FOUND);
    assert_eq!(public.headers()["content-type"], "application/problem+json");
    let problem: serde_json::Value = public.json().unwrap();
    assert_eq!(problem["code"], "not_found", "{problem}");

    let scrape = blocking_get(&format!("{}/metrics", served.metrics_origin));
    assert_eq!(scrape.status(), StatusCode::OK);
    let metrics = scrape.text().unwrap();
    assert!(
        metrics.contains(
            "kurs_http_requests_total{route=\"/v1/convert\",method=\"GET\",status=\"200\"} 1"
        ),
        "{metrics}"
    );
    assert_eq!(scrape_nosniff(&served.metrics_origin), "nosniff");
    let other = blocking_get(&format!("{}/v1/convert", served.metrics_origin));
    assert_eq!(other.status(), StatusCode::NOT_FOUND);

    let (exit, stopping) = served.stop();
    assert!(exit.success(), "{exit:?}");
    assert!(stopping, "no 'stopping' line after SIGTERM");
}

#[test]
fn the_metrics_address_can_come_from_the_environment() {
    let data = tempfile::tempdir().unwrap();
    let mut served = Served::start(data.path(), true);
    let public = blocking_get(&format!("{}/metrics", served.origin));
    assert_eq!(public.status(), StatusCode::NOT_FOUND);
    let scrape = blocking_get(&format!("{}/metrics", served.metrics_origin));
    assert_eq!(scrape.status(), StatusCode::OK);
    let (exit, _) = served.stop();
    assert!(exit.success(), "{exit:?}");
}

#[tokio::test]
async fn the_render_cache_reports_what_it_holds() {
    let base = app::serve_offline().await;
    assert_eq!(app::counter(&base, "kurs_render_cache_entries ").await, 0);
    assert_eq!(app::counter(&base, "kurs_render_cache_bytes ").await, 0);
    // A heavy range enters the cache the first time it is rendered.
    let body = app::client()
        .get(format!("{base}/frankfurter/2011-01-03..2011-03-31"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(body.len() > 10_000, "{} bytes", body.len());
    assert_eq!(app::counter(&base, "kurs_render_cache_entries ").await, 1);
    let held = app::counter(&base, "kurs_render_cache_bytes ").await;
    assert!(
        (body.len() as u64..body.len() as u64 + 1024).contains(&held),
        "the cache holds {held} bytes for a body of {}",
        body.len()
    );
}
