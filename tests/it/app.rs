//! The kurs HTTP app served in-process on 127.0.0.1:0, for the API tests.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use kurs_rates::{DataDir, FetchConfig, HttpTransport, SourceId, Store, StoreOptions};

/// Serves the whole app over `store` on a free loopback port; returns its
/// origin, e.g. `http://127.0.0.1:41234`. The server runs until the test's
/// runtime ends.
pub async fn serve(store: Store) -> String {
    let service = kurs::Service::new(store);
    let app = kurs::api::app(kurs::api::AppState::new(service));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

/// Serves the app offline, on the bundled ECB history only.
pub async fn serve_offline() -> String {
    serve(Store::open(StoreOptions::offline()).0).await
}

/// A client that never goes through a proxy, whatever the environment says.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

/// The options of a store whose every source is the stub bank at `origin`,
/// with no retries and a 2 s timeout, persisting to `dir` when given.
pub fn over_stub(origin: &str, dir: Option<&Path>) -> StoreOptions {
    let origins: HashMap<SourceId, String> = SourceId::all()
        .iter()
        .map(|s| (*s, origin.to_owned()))
        .collect();
    let config = FetchConfig {
        timeout: Duration::from_secs(2),
        retries: 0,
        ..FetchConfig::default()
    };
    StoreOptions {
        data_dir: dir.map(DataDir::new),
        transport: Arc::new(HttpTransport::new(config).unwrap()),
        origins,
        ..StoreOptions::offline()
    }
}

/// Runs the kurs binary with every source's origin at `origin` (the stub
/// bank) and its data in `data`, off the async workers.
pub async fn run_kurs(origin: &str, data: &Path, args: &[&str]) -> std::process::Output {
    let (url, data) = (origin.to_owned(), data.to_owned());
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kurs"));
        command
            .args(&args)
            .env("KURS_DATA_DIR", &data)
            .env_remove("KURS_OFFLINE");
        for source in kurs_rates::registry() {
            command.env(source.origin_variable(), &url);
        }
        command.output().unwrap()
    })
    .await
    .unwrap()
}

/// The value of the counter line starting with `series` in `/metrics`, 0
/// when absent.
pub async fn counter(base: &str, series: &str) -> u64 {
    let text = client()
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(series))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}
