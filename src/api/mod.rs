//! The HTTP API: `kurs serve`.
//!
//! [`app`] builds the whole router from an [`AppState`], so tests can drive
//! it over a real socket on `127.0.0.1:0`; [`serve`] runs it with the
//! refreshers and stops both cleanly on SIGTERM or SIGINT. With a metrics
//! address, [`public_app`] and [`metrics_app`] split it in two.

mod body;
mod cache;
pub mod conn;
mod etag;
mod frankfurter;
pub(crate) mod heavy;
mod http;
mod metrics;
pub(crate) mod native;
mod problem;
mod ready;
mod web;
mod words;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

pub use crate::origins::WidgetApiOrigins;
pub use crate::settings::BODY_TIMEOUT;
pub use crate::settings::RENDER_CACHE_BYTES;
#[doc(hidden)]
pub use frankfurter::parse_frankfurter_request;
#[doc(hidden)]
pub use native::parse_convert_query;
pub use problem::{ErrorCode, Problem};

use crate::Service;

/// What every handler shares. Cloned for every request, so it is one
/// `Arc`; the fields are reached through `Deref`.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// What [`AppState::with_options`] may set; the default is what
/// [`AppState::new`] uses.
#[derive(Debug, Clone)]
pub struct StateOptions {
    /// How long a request body may take to arrive before the answer is 408.
    pub body_timeout: Duration,
    /// The origins besides this server's that `/widget?api=` may name.
    pub widget_api_origins: WidgetApiOrigins,
    /// How many heavy answers may render at once; `None`: one per core.
    pub heavy_permits: Option<usize>,
    /// The render cache's capacity in bytes ([`RENDER_CACHE_BYTES`] by default).
    pub render_cache_bytes: u64,
}

impl Default for StateOptions {
    fn default() -> Self {
        Self {
            body_timeout: BODY_TIMEOUT,
            widget_api_origins: WidgetApiOrigins::default(),
            heavy_permits: None,
            render_cache_bytes: RENDER_CACHE_BYTES,
        }
    }
}

/// The shared parts of [`AppState`].
pub struct Shared {
    service: Service,
    metrics: metrics::Metrics,
    rendered: http::RenderCache,
    doorkeeper: http::Doorkeeper,
    widget_api_origins: WidgetApiOrigins,
    /// How long a request body may take to arrive (see `body.rs`).
    body_timeout: Duration,
    heavy: heavy::Gate,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    /// The state of a server answering from `service`, request bodies
    /// allowed [`BODY_TIMEOUT`].
    pub fn new(service: Service) -> Self {
        Self::with_options(service, StateOptions::default())
    }

    /// The state of a server answering from `service` with `options`.
    pub fn with_options(service: Service, options: StateOptions) -> Self {
        Self(Arc::new(Shared {
            service,
            metrics: metrics::Metrics::default(),
            rendered: http::render_cache(options.render_cache_bytes),
            doorkeeper: http::Doorkeeper::default(),
            widget_api_origins: options.widget_api_origins,
            body_timeout: options.body_timeout,
            heavy: options
                .heavy_permits
                .map_or_else(heavy::Gate::default, heavy::Gate::new),
        }))
    }
}

/// The largest request body accepted (a batch of 1,000 conversions fits).
/// A fact of the contract (`openapi.yaml` states 1 MiB), not a setting.
pub const MAX_BODY: usize = 1 << 20;
/// The longest a request may take before it is answered with 503. A fact
/// of the contract (`openapi.yaml` states 20 s), not a setting.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// The whole HTTP application, `/metrics` included.
pub fn app(state: AppState) -> Router {
    with_layers(routes(&state).route("/metrics", get(scrape)), state)
}

/// The public application without `/metrics` (which answers the usual 404
/// problem), for when [`metrics_app`] serves it on another address.
pub fn public_app(state: AppState) -> Router {
    with_layers(routes(&state), state)
}

/// `/metrics` alone, for an address that only the operators reach. It
/// renders the same registry as the public application counts into, given
/// the same `state`; its own scrapes are not counted.
pub fn metrics_app(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(nosniff())
        .with_state(state)
}

/// Every public route; `/mcp` answers from `state`'s service.
fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route(
            "/v1/convert",
            get(native::convert).post(native::convert_batch),
        )
        .route("/v1/rates", get(native::rates))
        .route("/v1/rates.csv", get(native::rates_csv))
        .route("/v1/rates.ndjson", get(native::rates_ndjson))
        .route("/v1/timeseries", get(native::timeseries))
        .route("/v1/timeseries.csv", get(native::timeseries_csv))
        .route("/v1/timeseries.ndjson", get(native::timeseries_ndjson))
        .route("/v1/currencies", get(native::currencies))
        .route("/v1/sources", get(native::sources))
        .route("/v1/widget", get(web::widget_json))
        .route("/healthz", get(healthz))
        .route_service(
            "/mcp",
            crate::mcp::http_service(state.service.clone(), state.clone()),
        )
        .route("/readyz", get(ready::readyz))
        .route("/openapi.yaml", get(openapi))
        .route("/widget.js", get(web::widget_js))
        .route("/widget", get(web::widget_page))
        .route("/demo", get(web::demo))
        .merge(frankfurter::routes())
        .merge(frankfurter::v2::routes())
}

/// The fallbacks and the middleware every public response goes through.
fn with_layers(routes: Router<AppState>, state: AppState) -> Router {
    routes
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), body::bounded))
        .layer(middleware::from_fn(http::conditional_get))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn(time_limit))
        .layer(middleware::from_fn(http::limit_query))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(etag::weaken_when_encoded))
        .layer(cors())
        .layer(nosniff())
        .with_state(state)
}

/// `X-Content-Type-Options: nosniff` on every response, errors and 404s
/// included: never sniffed as another type than the one sent.
fn nosniff() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    )
}

fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::HEAD, Method::POST, Method::OPTIONS])
        .allow_headers([header::CONTENT_TYPE, header::IF_NONE_MATCH])
        .expose_headers([header::ETAG, header::LAST_MODIFIED])
        .max_age(Duration::from_secs(86_400))
}

async fn time_limit(request: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            let detail = format!(
                "no answer within {} s; try again later",
                REQUEST_TIMEOUT.as_secs()
            );
            let mut r = Problem::new(StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Timeout, detail)
                .into_response();
            r.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(TIMEOUT_RETRY_AFTER.as_secs()),
            );
            r
        }
    }
}

/// The `Retry-After` of a timed-out request: by then, a bank that hung is
/// remembered as failing, so the question is answered at once (or refused
/// at once) when asked again.
pub const TIMEOUT_RETRY_AFTER: Duration = Duration::from_secs(10);

async fn not_found(request: Request) -> Problem {
    let detail = format!(
        "no such resource: {}; see /openapi.yaml for the API (/v1/convert, /v1/rates, /v1/timeseries, /v1/currencies, /v1/sources, /frankfurter/latest)",
        request.uri().path()
    );
    Problem::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, detail)
}

async fn method_not_allowed(request: Request) -> Problem {
    let path = request.uri().path();
    let allowed = if path == "/v1/convert" {
        "GET or POST"
    } else {
        "GET"
    };
    let detail = format!(
        "{} is not allowed on {path}; use {allowed}",
        request.method()
    );
    Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::MethodNotAllowed,
        detail,
    )
}

/// `GET /healthz`: the process is up.
async fn healthz() -> Response {
    let mut r = "ok\n".into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// `GET /metrics`: Prometheus text format.
async fn scrape(State(state): State<AppState>) -> Response {
    let mut r = metrics::render(&state).into_response();
    let headers = r.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The contract, served as written.
pub const OPENAPI: &str = include_str!("../../openapi.yaml");

/// `GET /openapi.yaml`.
async fn openapi() -> Response {
    http::with_validators(
        OPENAPI.as_bytes().to_vec(),
        "application/yaml",
        http::Freshness::Short,
        None,
    )
}

/// How `kurs serve` runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Where to listen.
    pub addr: SocketAddr,
    /// Where to serve `/metrics` instead of on `addr`, if anywhere else.
    pub metrics_addr: Option<SocketAddr>,
    /// Whether to run the refreshers (not when offline).
    pub refresh: bool,
    /// How many of each by-date source's last publications to backfill in
    /// the background when refreshing (0: none).
    pub backfill: usize,
    /// The origins besides this server's that `/widget?api=` may name.
    pub widget_api_origins: WidgetApiOrigins,
    /// What a connection may hold, and for how long; `None` as the
    /// connection cap means one sized from the open-file limit.
    pub connections: ConnectionOptions,
    /// How long a request body may take to arrive before the answer is 408.
    pub body_timeout: Duration,
    /// How many heavy answers may render at once; `None`: one per core.
    pub heavy_permits: Option<usize>,
    /// The render cache's capacity in bytes.
    pub render_cache_bytes: u64,
}

/// The connection limits of [`ServeOptions`], as given.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionOptions {
    /// See [`conn::Limits::header_timeout`].
    pub header_timeout: Duration,
    /// See [`conn::Limits::write_timeout`].
    pub write_timeout: Duration,
    /// See [`conn::Limits::max_connections`]; `None`: from the file limit.
    pub max_connections: Option<usize>,
    /// See [`conn::Limits::shutdown_grace`].
    pub shutdown_grace: Duration,
}

impl Default for ConnectionOptions {
    fn default() -> Self {
        Self {
            header_timeout: crate::settings::HEADER_TIMEOUT,
            write_timeout: crate::settings::WRITE_TIMEOUT,
            max_connections: None,
            shutdown_grace: crate::settings::SHUTDOWN_GRACE,
        }
    }
}

impl ConnectionOptions {
    /// The limits to serve with: the file limit raised to its hard limit
    /// first, and the connection cap sized from it unless given.
    fn limits(&self) -> conn::Limits {
        let nofile = match conn::raise_file_limit() {
            Ok(l) if l.was < l.now => {
                tracing::info!(
                    "open-file limit raised from {} to {} (the hard limit)",
                    l.was,
                    l.now
                );
                l.now
            }
            Ok(l) => {
                tracing::info!("open-file limit {} (the hard limit is {})", l.now, l.hard);
                l.now
            }
            Err(e) => {
                tracing::warn!("open-file limit not raised: {e}; assuming 1024");
                1024
            }
        };
        let limits = conn::Limits {
            header_timeout: self.header_timeout,
            write_timeout: self.write_timeout,
            max_connections: self
                .max_connections
                .unwrap_or_else(|| conn::connections_for(nofile)),
            shutdown_grace: self.shutdown_grace,
        };
        tracing::info!(
            "at most {} connections; request heads within {} s, idle keep-alive {} s, stalled writes {} s, shutdown grace {} s",
            limits.max_connections,
            limits.header_timeout.as_secs(),
            limits.header_timeout.as_secs(),
            limits.write_timeout.as_secs(),
            limits.shutdown_grace.as_secs()
        );
        limits
    }
}

/// Serves until SIGTERM or SIGINT, then stops accepting on every address,
/// closes idle connections, lets in-flight requests finish (within the
/// shutdown grace), stops the refreshers and returns.
pub async fn serve(service: Service, options: ServeOptions) -> std::io::Result<()> {
    let signal = shutdown_signal()?;
    let limits = options.connections.limits();
    let listener = conn::bind(options.addr)?;
    let metrics_listener = match options.metrics_addr {
        Some(addr) => Some(conn::bind(addr)?),
        None => None,
    };
    // Offline, only the data directory's upkeep runs: the state file
    // written in the background and tables another process wrote picked up.
    let refreshers = if options.refresh {
        service.store().spawn_refreshers()
    } else {
        service.store().spawn_upkeep()
    };
    // With network, the last publications of each by-date source.
    let backfill = (options.refresh && options.backfill > 0).then(|| {
        service
            .store()
            .spawn_backfill(options.backfill, kurs_rates::BACKFILL_PACE)
    });
    let state = AppState::with_options(
        service,
        StateOptions {
            body_timeout: options.body_timeout,
            widget_api_origins: options.widget_api_origins,
            heavy_permits: options.heavy_permits,
            render_cache_bytes: options.render_cache_bytes,
        },
    );
    // One signal stops every listener: each waits for the sender to go.
    let (stop, stopping) = tokio::sync::watch::channel(());
    tokio::spawn(async move {
        signal.await;
        drop(stop);
    });
    tracing::info!("listening on http://{}", listener.local_addr()?);
    match metrics_listener {
        None => conn::run(listener, app(state), limits, stopping).await?,
        Some(metrics) => {
            tracing::info!("metrics on http://{}", metrics.local_addr()?);
            tokio::try_join!(
                conn::run(
                    listener,
                    public_app(state.clone()),
                    limits,
                    stopping.clone()
                ),
                conn::run(metrics, metrics_app(state), limits, stopping),
            )?;
        }
    }
    tracing::info!("stopping: connections closed, stopping the refreshers");
    if let Some(backfill) = backfill {
        backfill.stop().await;
    }
    refreshers.stop().await;
    Ok(())
}

/// Resolves on SIGTERM or SIGINT. The handlers are installed here, before
/// the future is first polled, so a signal that arrives right after
/// "listening" (before the server task runs) still shuts down gracefully.
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut terminate = signal(SignalKind::terminate())?;
        let mut interrupt = signal(SignalKind::interrupt())?;
        Ok(async move {
            tokio::select! {
                _ = terminate.recv() => {},
                _ = interrupt.recv() => {},
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower::ServiceExt;

    #[tokio::test(start_paused = true)]
    async fn a_request_over_the_time_limit_is_a_503_problem_with_retry_after() {
        // A fallback, not a route: tests/it/openapi.rs reads the routes here.
        let app: Router = Router::new()
            .fallback(|| async {
                tokio::time::sleep(REQUEST_TIMEOUT * 2).await;
                "late"
            })
            .layer(middleware::from_fn(time_limit));
        let request = Request::get("/slow")
            .body(axum::body::Body::empty())
            .unwrap();
        let r = app.oneshot(request).await.unwrap();
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(r.headers()[header::RETRY_AFTER], "10");
        assert_eq!(
            r.headers()[header::CONTENT_TYPE],
            "application/problem+json"
        );
    }
}
