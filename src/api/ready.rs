//! `GET /readyz`: whether the server can answer, and how each source
//! stands: ready, backfilling its last publications, stale, or never
//! synced.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use kurs_rates::{BackfillProgress, SourceId, SourceStatus};
use serde::Serialize;

use super::{AppState, ErrorCode, Problem};

/// The body of a `200` from `/readyz`.
#[derive(Debug, Serialize)]
struct Readiness {
    /// Always `ready`: a server that cannot answer says `503`.
    status: &'static str,
    /// Every source, in order of preference.
    sources: Vec<SourceReadiness>,
}

/// How one source stands.
#[derive(Debug, Serialize)]
struct SourceReadiness {
    source: SourceId,
    state: SourceState,
    latest_date: Option<chrono::NaiveDate>,
    /// Of the dates of its last publications, how many are held (a source
    /// fetched date by date, while or after a backfill ran).
    held: Option<usize>,
    /// How many dates the backfill covers.
    total: Option<usize>,
    /// Why the backfill's last fetch failed, if one did.
    backfill_error: Option<String>,
    persist_error: Option<String>,
}

/// A source's state, the first that applies in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum SourceState {
    /// The backfill of its last publications is under way.
    Backfilling,
    /// No table is held and no fetch ever succeeded.
    NeverSynced,
    /// Its schedule says a newer table is out (by more than two hours)
    /// than the newest held.
    Stale,
    /// Up to date with its schedule.
    Ready,
}

impl SourceState {
    fn of(s: &SourceStatus) -> Self {
        if s.backfill.as_ref().is_some_and(|b| !b.done) {
            SourceState::Backfilling
        } else if s.tables == 0 && s.last_success.is_none() {
            SourceState::NeverSynced
        } else if s.stale {
            SourceState::Stale
        } else {
            SourceState::Ready
        }
    }
}

impl From<&SourceStatus> for SourceReadiness {
    fn from(s: &SourceStatus) -> Self {
        let backfill: Option<&BackfillProgress> = s.backfill.as_ref();
        Self {
            source: s.source,
            state: SourceState::of(s),
            latest_date: s.latest_date,
            held: backfill.map(|b| b.held),
            total: backfill.map(|b| b.total),
            backfill_error: backfill.and_then(|b| b.last_error.clone()),
            persist_error: s.persist_error.clone(),
        }
    }
}

/// `GET /readyz`: `200` once some source has rates to answer with, with
/// how every source stands; `503` before. A source whose tables cannot be
/// written to the data directory is still ready (it answers from memory);
/// its `persist_error` says what cannot be written.
pub(super) async fn readyz(State(state): State<AppState>) -> Response {
    let store = state.service.store();
    let ready = store.histories().iter().any(|h| !h.is_empty());
    if !ready {
        return Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::NotReady,
            "no rates are loaded yet",
        )
        .into_response();
    }
    let body = Readiness {
        status: "ready",
        sources: store.statuses().iter().map(SourceReadiness::from).collect(),
    };
    let mut r = Json(body).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(tables: usize, stale: bool, backfill: Option<BackfillProgress>) -> SourceStatus {
        let store = kurs_rates::Store::open(kurs_rates::StoreOptions::offline()).0;
        let mut s = store.status(SourceId::CBR).unwrap();
        s.tables = tables;
        s.stale = stale;
        s.last_success = None;
        s.backfill = backfill;
        s
    }

    fn progress(done: bool) -> Option<BackfillProgress> {
        Some(BackfillProgress {
            held: 3,
            total: 5,
            done,
            last_error: None,
        })
    }

    #[test]
    fn a_running_backfill_comes_first_then_no_data_then_staleness() {
        assert_eq!(
            SourceState::of(&status(0, true, progress(false))),
            SourceState::Backfilling
        );
        assert_eq!(
            SourceState::of(&status(0, true, progress(true))),
            SourceState::NeverSynced
        );
        assert_eq!(
            SourceState::of(&status(4, true, progress(true))),
            SourceState::Stale
        );
        assert_eq!(SourceState::of(&status(4, false, None)), SourceState::Ready);
    }
}
