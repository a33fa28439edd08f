//! The backfill: the tables of each by-date source's last publications,
//! fetched in the background when a server starts, so that change arrows
//! and trend lines work from the first hour instead of filling in as
//! clients happen to ask for past dates.
//!
//! One task per source fetched date by date, the sources in parallel (each
//! is another bank), each at most one request per pace. A source with a
//! range request ([`crate::Source::catch_up`]) is asked for the whole span
//! once first; whatever that leaves missing (a range capped by the bank, a
//! `304`) is fetched date by date, newest first, through
//! [`Store::ensure_date`], so a date a client asks for at the same moment
//! is fetched once, and the circuit breaker and the per-source rate limit
//! hold as for clients. Dates already held are skipped: fetched tables and
//! the dates they answer persist, so a restart resumes where the last run
//! stopped.

use std::time::Duration;

use chrono::{DateTime, Days, NaiveDate, Utc};
use tokio::sync::watch;

use super::{Slot, Store, SyncError};
use crate::{Refreshers, Schedule, SourceId};

/// Default of `kurs serve --backfill`: the last 60 publications of each
/// by-date source, some three months of working days: enough for a change
/// arrow (the previous publication) and a trend line of a quarter.
pub const BACKFILL_PUBLICATIONS: usize = 60;

/// Default pace of the backfill: at most one request per source per
/// second, a fifth of the by-date rate a source allows for clients
/// ([`crate::UPSTREAM_RATE_PER_SECOND`]), so that clients keep the rest.
pub const BACKFILL_PACE: Duration = Duration::from_secs(1);

/// How many times the backfill of a source goes over the dates still
/// missing before it gives up until the next start. Only a pass with a
/// failed fetch is followed by another, once the failure is forgotten
/// ([`crate::StoreLimits::failure_ttl`]).
const PASSES: usize = 3;

/// One source's backfill, for `/readyz` and `/v1/sources`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BackfillProgress {
    /// Of the dates of the source's last publications, how many are held.
    pub held: usize,
    /// How many dates the backfill covers: the publications asked for,
    /// fewer when the source's history is shorter.
    pub total: usize,
    /// Whether the backfill is over: every date held, or given up after a
    /// few passes (then `held < total` and `last_error` says why).
    pub done: bool,
    /// Why the last fetch of the backfill failed, if one did.
    pub last_error: Option<String>,
}

/// The dates of the last `n` publications of a source with `schedule` by
/// `now`, newest first, none before `first` (its first table).
pub(crate) fn last_publications(
    schedule: &Schedule,
    first: NaiveDate,
    now: DateTime<Utc>,
    n: usize,
) -> Vec<NaiveDate> {
    // No table published by `now` is dated after this day.
    let newest = now.date_naive() + Days::new(u64::from(schedule.lead_days()) + 1);
    newest
        .iter_days()
        .rev()
        .take_while(|&d| d >= first)
        .filter(|&d| schedule.publication_of(d).is_some_and(|at| at <= now))
        .take(n)
        .collect()
}

impl Store {
    /// Starts the backfill of every source fetched date by date: the tables
    /// of its last `publications` publications (by its schedule) that are
    /// not held yet, fetched at most one request per `pace` per source,
    /// the sources in parallel. Progress shows in each source's status
    /// ([`crate::SourceStatus::backfill`]) from the moment this returns.
    /// Stops with the returned handle; a source whose dates are all held
    /// asks its bank nothing.
    pub fn spawn_backfill(&self, publications: usize, pace: Duration) -> Refreshers {
        let (stop, watcher) = watch::channel(false);
        let now = self.inner.clock.now();
        let mut tasks = Vec::new();
        for slot in &self.inner.slots {
            if !slot.source.fetched_by_date() || publications == 0 {
                continue;
            }
            let id = slot.source.id();
            let targets = last_publications(&id.schedule(), id.first_date(), now, publications);
            self.note_backfill(slot, &targets, None, false);
            let run = backfill_source(self.clone(), id, targets, pace);
            let mut stop = watcher.clone();
            tasks.push(tokio::spawn(async move {
                tokio::select! {
                    biased;
                    _ = stop.changed() => {}
                    () = run => {}
                }
            }));
        }
        Refreshers::from_tasks(stop, tasks)
    }

    /// The dates of `targets` that `slot` cannot answer yet, newest first.
    fn missing(slot: &Slot, targets: &[NaiveDate]) -> Vec<NaiveDate> {
        let history = slot.history();
        targets
            .iter()
            .copied()
            .filter(|&d| !history.answers(d))
            .collect()
    }

    /// Records the progress of `slot`'s backfill over `targets`; `error`
    /// replaces the last error when given.
    fn note_backfill(&self, slot: &Slot, targets: &[NaiveDate], error: Option<String>, done: bool) {
        let held = targets.len() - Self::missing(slot, targets).len();
        let mut state = slot.state();
        let last_error = match error {
            Some(e) => Some(e),
            None => state.backfill.take().and_then(|b| b.last_error),
        };
        state.backfill = Some(BackfillProgress {
            held,
            total: targets.len(),
            done,
            last_error,
        });
    }
}

/// Backfills one source: a range request first where the source has one,
/// then the dates still missing, newest first, a few passes at most.
async fn backfill_source(store: Store, source: SourceId, targets: Vec<NaiveDate>, pace: Duration) {
    let Some(slot) = store.slot(source) else {
        return;
    };
    if let Some(oldest) = Store::missing(slot, &targets).last().copied() {
        let today = store.inner.clock.now().date_naive();
        if let Some(path) = slot.source.catch_up(oldest, today) {
            tokio::time::sleep(pace).await;
            let asked = super::apply::Asked::Latest;
            let error = store.fetch_and_apply(slot, &path, asked).await.err();
            store.note_backfill(slot, &targets, error.map(|e| e.public()), false);
        }
    }
    for pass in 0..PASSES {
        if pass > 0 {
            tokio::time::sleep(store.inner.limits.failure_ttl).await;
        }
        let mut failed = false;
        for date in Store::missing(slot, &targets) {
            // An earlier answer (a range, a week's file) may hold it now.
            if slot.history().answers(date) {
                continue;
            }
            tokio::time::sleep(pace).await;
            let error = store.backfill_date(source, date).await.err();
            failed |= error.is_some();
            store.note_backfill(slot, &targets, error, false);
        }
        // A date still missing after an answer (other days' tables, a
        // `304`) is not asked again: asking again would bring the same.
        if !failed || Store::missing(slot, &targets).is_empty() {
            break;
        }
    }
    store.note_backfill(slot, &targets, None, true);
    let progress = slot.state().backfill.clone();
    tracing::info!(%source, ?progress, "backfill over");
}

impl Store {
    /// Fetches the table in force on `date` for the backfill, waiting out
    /// the per-source rate limit and an open circuit instead of counting
    /// them as failures. Returns the error to show, if the fetch failed.
    async fn backfill_date(&self, source: SourceId, date: NaiveDate) -> Result<(), String> {
        loop {
            let Err(e) = self.ensure_date(source, date).await else {
                return Ok(());
            };
            let wait = match &*e {
                SyncError::RateLimited { retry_after, .. } => *retry_after,
                SyncError::CircuitOpen { until, .. } => (*until - self.inner.clock.now())
                    .to_std()
                    .unwrap_or_default()
                    .max(Duration::from_millis(100)),
                other => return Err(other.public()),
            };
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_last_publications_skip_weekends_and_tables_not_out_yet() {
        let ecb = SourceId::ECB;
        // Tuesday 2024-01-16 at 10:00 UTC: Tuesday's table comes at 15:00.
        let now = Utc.with_ymd_and_hms(2024, 1, 16, 10, 0, 0).unwrap();
        let dates = last_publications(&ecb.schedule(), ecb.first_date(), now, 3);
        assert_eq!(
            dates,
            [date(2024, 1, 15), date(2024, 1, 12), date(2024, 1, 11)]
        );
    }

    #[test]
    fn the_last_publications_of_a_bank_dating_ahead_include_tomorrows_table() {
        let cbr = SourceId::CBR;
        // Saturday 2025-12-20: Friday set the table dated Saturday.
        let now = Utc.with_ymd_and_hms(2025, 12, 20, 12, 0, 0).unwrap();
        let dates = last_publications(&cbr.schedule(), cbr.first_date(), now, 5);
        let expected = [20, 19, 18, 17, 16].map(|d| date(2025, 12, d));
        assert_eq!(dates, expected);
    }

    #[test]
    fn the_last_publications_stop_at_the_first_table() {
        let ecb = SourceId::ECB;
        let now = Utc.with_ymd_and_hms(1999, 1, 6, 18, 0, 0).unwrap();
        let dates = last_publications(&ecb.schedule(), ecb.first_date(), now, 60);
        assert_eq!(
            dates,
            [date(1999, 1, 6), date(1999, 1, 5), date(1999, 1, 4)]
        );
    }
}
