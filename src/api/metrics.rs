//! `/metrics` in the Prometheus text format: requests by route and status,
//! a latency histogram, upstream fetches by source and outcome, the age
//! of each source's data, and what the render cache holds.
//!
//! Every label takes its value from a fixed set, never from the request as
//! sent: a label value is a new time series held for the life of the
//! process, so a client that chose them could grow `/metrics` and the
//! memory without bound.

use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use super::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    /// A route pattern of the router, or [`UNMATCHED`].
    route: String,
    /// One of [`method_label`]'s values.
    method: &'static str,
    /// A status the server itself chose to answer with.
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct FetchLabels {
    source: String,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct HeavyLabels {
    route: &'static str,
    outcome: &'static str,
}

/// Which heavy range route a render served (a label of
/// `kurs_heavy_renders_total`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeavyRoute {
    /// `/frankfurter/{start}..{end}`.
    Frankfurter,
    /// `/v1/timeseries`.
    Timeseries,
}

/// How a heavy render ended (a label of `kurs_heavy_renders_total`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeavyOutcome {
    /// Rendered to the end.
    Completed,
    /// Stopped early: the client left or the deadline passed.
    Cancelled,
    /// Not started: every heavy permit was taken (answered 503).
    Refused,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SourceLabels {
    source: String,
}

/// The server's metrics. The families lock internally (a read lock on the
/// hot path); `registry` is locked only to render a scrape.
pub struct Metrics {
    registry: Mutex<Registry>,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    fetches: Family<FetchLabels, Counter>,
    data_age: Family<SourceLabels, Gauge<f64, std::sync::atomic::AtomicU64>>,
    heavy: Family<HeavyLabels, Counter>,
    cache_bytes: Gauge,
    cache_entries: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("kurs");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.000_05, 2.0, 16))
        });
        let fetches = Family::<FetchLabels, Counter>::default();
        let data_age = Family::default();
        let heavy = Family::<HeavyLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests by route, method and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency by route",
            latency.clone(),
        );
        registry.register(
            "upstream_fetches",
            "Upstream fetches by source and outcome",
            fetches.clone(),
        );
        registry.register(
            "data_age_seconds",
            "Seconds since the newest table held of each source was published",
            data_age.clone(),
        );
        registry.register(
            "heavy_renders",
            "Heavy range renders by route and outcome (completed, cancelled, refused)",
            heavy.clone(),
        );
        let cache_bytes = Gauge::default();
        let cache_entries = Gauge::default();
        registry.register(
            "render_cache_bytes",
            "Bytes the render cache holds, as its weigher counts them (bodies, keys, bookkeeping)",
            cache_bytes.clone(),
        );
        registry.register(
            "render_cache_entries",
            "Answers the render cache holds",
            cache_entries.clone(),
        );
        Self {
            registry: Mutex::new(registry),
            requests,
            latency,
            fetches,
            data_age,
            heavy,
            cache_bytes,
            cache_entries,
        }
    }
}

impl Metrics {
    /// Counts one heavy render's outcome.
    pub fn count_heavy(&self, route: HeavyRoute, outcome: HeavyOutcome) {
        let route = match route {
            HeavyRoute::Frankfurter => "frankfurter",
            HeavyRoute::Timeseries => "timeseries",
        };
        let outcome = match outcome {
            HeavyOutcome::Completed => "completed",
            HeavyOutcome::Cancelled => "cancelled",
            HeavyOutcome::Refused => "refused",
        };
        self.heavy
            .get_or_create(&HeavyLabels { route, outcome })
            .inc();
    }
}

/// The route label of a request that no route matched.
const UNMATCHED: &str = "unmatched";

/// The method label: the methods the API answers, and `other` for any
/// other, whatever its name.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Counts each request by its route template (not its raw path, so that
/// `/frankfurter/2011-11-18` and `/frankfurter/2011-11-19` are one route).
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED, |p| p.as_str())
        .to_owned();
    let method = method_label(request.method());
    let started = Instant::now();
    let response = next.run(request).await;
    let m = &state.metrics;
    let status = response.status().as_u16();
    m.requests
        .get_or_create(&RequestLabels {
            route: route.clone(),
            method,
            status,
        })
        .inc();
    m.latency
        .get_or_create(&RouteLabels { route })
        .observe(started.elapsed().as_secs_f64());
    response
}

/// Renders a scrape, bringing the store-derived figures up to date first.
pub fn render(state: &AppState) -> String {
    let m = &state.metrics;
    // One scrape at a time: the counter deltas below must not interleave.
    let registry = m.registry.lock().unwrap_or_else(|e| e.into_inner());
    let now = state.service.store().clock().now();
    for status in state.service.store().statuses() {
        let source = status.source.as_str().to_owned();
        let f = status.fetches;
        for (outcome, total) in [
            ("ok", f.ok),
            ("not_modified", f.not_modified),
            ("failed", f.failed),
            ("rejected", f.rejected),
        ] {
            let counter = m.fetches.get_or_create(&FetchLabels {
                source: source.clone(),
                outcome,
            });
            counter.inc_by(total.saturating_sub(counter.get()));
        }
        let schedule = status.source.schedule();
        let published = status.latest_date.and_then(|d| schedule.publication_of(d));
        if let Some(at) = published {
            let age = (now - at).num_milliseconds() as f64 / 1000.0;
            m.data_age
                .get_or_create(&SourceLabels { source })
                .set(age.max(0.0));
        }
    }
    // Evictions and expiries are applied lazily; apply them so that the
    // figures are what the cache holds now.
    state.rendered.run_pending_tasks();
    m.cache_bytes
        .set(i64::try_from(state.rendered.weighted_size()).unwrap_or(i64::MAX));
    m.cache_entries
        .set(i64::try_from(state.rendered.entry_count()).unwrap_or(i64::MAX));
    let mut text = String::new();
    if let Err(e) = prometheus_client::encoding::text::encode(&mut text, &registry) {
        tracing::error!(error = %e, "cannot render metrics");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_method_label_is_one_of_five_values() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::HEAD), "HEAD");
        assert_eq!(method_label(&Method::POST), "POST");
        assert_eq!(method_label(&Method::OPTIONS), "OPTIONS");
        assert_eq!(method_label(&Method::DELETE), "other");
        let invented = Method::from_bytes(&[b'X'; 4096]).unwrap();
        assert_eq!(method_label(&invented), "other");
    }
}
