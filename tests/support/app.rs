//! The kurs HTTP app served in-process on 127.0.0.1:0, for the API tests.
#![allow(dead_code)]

use kurs_rates::{Store, StoreOptions};

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
