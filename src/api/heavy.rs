//! Heavy answers: range answers large enough that a few of them at once
//! would take every core and a great deal of memory.
//!
//! Three things keep them bounded:
//!
//! * a [`Gate`]: at most `--heavy-permits` ([`heavy_permits`] by default)
//!   heavy renders run at once; a
//!   heavy request that finds no free permit is refused at once with
//!   `503 overloaded` and `Retry-After` (waiting in a queue would only hold
//!   its memory and its connection until the request timeout);
//! * [`run`]: the render runs on the blocking pool, never on an async
//!   worker, holding its permit until it has really stopped;
//! * a [`Cancel`] flag, set by a drop guard when the handler's future is
//!   dropped (the client went away, or the request timeout answered for
//!   it), and checked by the render loop every [`CHECK_EVERY`] dates, so
//!   that abandoned work stops within milliseconds instead of running to
//!   the end for nobody.
//!
//! Memory is then bounded by permits × the largest answer (the whole ECB
//! history, about 3 MB of JSON, bodies are not streamed) plus the render
//! cache's byte cap ([`crate::settings::RENDER_CACHE_BYTES`]).

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::metrics::{HeavyOutcome, HeavyRoute};
use super::{AppState, ErrorCode, Problem, REQUEST_TIMEOUT};

/// A range answer of more than this many rates (dates × currencies) is
/// heavy: 2,000 is about 60 days of every ECB currency, some 50 KB of JSON
/// and a millisecond or two of work. Below it, an answer is cheaper than
/// the bookkeeping of the gate and stays on the fast path; the whole ECB
/// history is about 220,000 rates (3 MB of JSON; from USD, 80 to 100 ms
/// to render in a release build on 2 shared cores, see BENCHMARKS.md).
pub const HEAVY_RATES: usize = 2_000;

/// The `Retry-After` of a refused heavy request, in seconds: 1, several
/// full-history renders, after which a permit is likely free again.
pub const RETRY_AFTER_SECS: u64 = 1;

/// How many dates a render loop handles between two looks at its
/// [`Cancel`] flag: 256, at most about 4 ms of work (every currency from
/// USD), so an abandoned render stops within milliseconds while the check
/// itself costs nothing.
pub const CHECK_EVERY: usize = 256;

/// Default of `kurs serve --heavy-permits`, how many heavy renders may run
/// at once: one per core
/// (`available_parallelism`, 1 when unknown). More would not finish
/// sooner, only hold more answers in memory at once.
pub fn heavy_permits() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// The permits of heavy work, one per core by default.
pub struct Gate {
    permits: Arc<Semaphore>,
}

impl Default for Gate {
    fn default() -> Self {
        Self::new(heavy_permits())
    }
}

impl Gate {
    /// A gate of `permits` permits (at least one).
    pub fn new(permits: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(permits.max(1))),
        }
    }

    /// A permit if one is free now; never waits.
    fn try_enter(&self) -> Option<OwnedSemaphorePermit> {
        self.permits.clone().try_acquire_owned().ok()
    }
}

/// Why heavy work was not done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Every heavy permit is taken: `503 overloaded` with `Retry-After`.
    Overloaded,
    /// The work panicked (a bug): `500 internal`, the details logged.
    Panicked,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::Overloaded => overloaded(),
            Refusal::Panicked => Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal,
                "internal error",
            )
            .into_response(),
        }
    }
}

/// The problem of `503 overloaded`, for front ends without headers (MCP).
pub(crate) fn overloaded_problem() -> Problem {
    let detail = format!(
        "the server is busy with other large range answers; try again in {RETRY_AFTER_SECS} s, or ask for a shorter range or fewer currencies"
    );
    Problem::new(
        StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::Overloaded,
        detail,
    )
}

/// `503 overloaded` with `Retry-After`: every heavy permit is taken.
fn overloaded() -> Response {
    let mut response = overloaded_problem().into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
    response
}

/// Whether a render should stop: its client is gone or its deadline
/// passed. Cloned into the render; set by a [`CancelOnDrop`].
#[derive(Clone, Debug)]
pub struct Cancel {
    gone: Arc<AtomicBool>,
    stopped: Arc<AtomicBool>,
    deadline: Instant,
}

/// What a render returns when it gave up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

impl Cancel {
    /// A flag that is never set, with a deadline [`REQUEST_TIMEOUT`] from
    /// now, and the guard that sets it.
    pub fn new() -> (Self, CancelOnDrop) {
        let gone = Arc::new(AtomicBool::new(false));
        let cancel = Self {
            gone: gone.clone(),
            stopped: Arc::new(AtomicBool::new(false)),
            deadline: Instant::now() + REQUEST_TIMEOUT,
        };
        (cancel, CancelOnDrop(gone))
    }

    /// `Err` once the work is no longer wanted; remembers that it said so.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.gone.load(Ordering::Relaxed) || Instant::now() >= self.deadline {
            self.stopped.store(true, Ordering::Relaxed);
            return Err(Cancelled);
        }
        Ok(())
    }

    /// Whether [`Cancel::check`] ever stopped the work.
    fn was_stopped(&self) -> bool {
        self.stopped.load(Ordering::Relaxed)
    }
}

/// Sets its [`Cancel`] flag when dropped: held by the handler's future,
/// which hyper drops when the client disconnects and the request timeout
/// drops when it answers in its place.
#[derive(Debug)]
pub struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// A heavy permit held by async work (work that awaits, such as
/// `/v1/timeseries`, which may fetch by date): dropping the handler's
/// future stops such work at its next `.await`, and a ticket dropped
/// before [`Ticket::done`] counts as cancelled.
pub struct Ticket {
    state: AppState,
    route: HeavyRoute,
    done: bool,
    _permit: OwnedSemaphorePermit,
}

impl Ticket {
    /// The work finished: counts it as completed and frees the permit.
    pub fn done(mut self) {
        self.done = true;
        self.state
            .metrics
            .count_heavy(self.route, HeavyOutcome::Completed);
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        if !self.done {
            let outcome = HeavyOutcome::Cancelled;
            self.state.metrics.count_heavy(self.route, outcome);
        }
    }
}

/// A [`Ticket`] if a heavy permit is free now, or
/// [`Refusal::Overloaded`].
pub fn enter(state: &AppState, route: HeavyRoute) -> Result<Ticket, Refusal> {
    match state.heavy.try_enter() {
        Some(permit) => Ok(Ticket {
            state: state.clone(),
            route,
            done: false,
            _permit: permit,
        }),
        None => {
            state.metrics.count_heavy(route, HeavyOutcome::Refused);
            Err(Refusal::Overloaded)
        }
    }
}

/// Runs `work` on the blocking pool if a heavy permit is free, or refuses
/// it at once with [`Refusal::Overloaded`]. `work` should call [`Cancel::check`]
/// every [`CHECK_EVERY`] steps; the permit is released only when `work`
/// returns, so abandoned work still counts until it has really stopped.
/// Each outcome is counted in `kurs_heavy_renders_total`.
pub async fn run<T, E>(
    state: &AppState,
    route: HeavyRoute,
    work: impl FnOnce(&Cancel) -> Result<T, E> + Send + 'static,
) -> Result<Result<T, E>, Refusal>
where
    T: Send + 'static,
    E: Send + 'static,
{
    let count = |outcome| state.metrics.count_heavy(route, outcome);
    let Some(permit) = state.heavy.try_enter() else {
        count(HeavyOutcome::Refused);
        return Err(Refusal::Overloaded);
    };
    let (cancel, _guard) = Cancel::new();
    let metrics_state = state.clone();
    let done = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let result = work(&cancel);
        let outcome = match cancel.was_stopped() {
            true => HeavyOutcome::Cancelled,
            false => HeavyOutcome::Completed,
        };
        metrics_state.metrics.count_heavy(route, outcome);
        result
    })
    .await;
    done.map_err(|e| {
        tracing::error!(error = %e, "a heavy render panicked");
        Refusal::Panicked
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropping_the_guard_cancels_the_work() {
        let (cancel, guard) = Cancel::new();
        assert_eq!(cancel.check(), Ok(()));
        assert!(!cancel.was_stopped());
        drop(guard);
        assert_eq!(cancel.check(), Err(Cancelled));
        assert!(cancel.was_stopped());
    }

    #[test]
    fn the_gate_refuses_once_every_permit_is_taken() {
        let gate = Gate::default();
        let held: Vec<_> = (0..heavy_permits()).map(|_| gate.try_enter()).collect();
        assert!(held.iter().all(Option::is_some));
        assert!(gate.try_enter().is_none());
        drop(held);
        assert!(gate.try_enter().is_some());
    }

    #[test]
    fn a_refusal_is_a_503_problem_with_retry_after() {
        let r = overloaded();
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(r.headers()[header::RETRY_AFTER], "1");
        assert_eq!(
            r.headers()[header::CONTENT_TYPE],
            "application/problem+json"
        );
    }
}
