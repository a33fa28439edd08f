//! The store and its data directory over time: the state file written in
//! the background, and tables another process wrote picked up.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use super::apply::blocking;
use super::plausibility;
use super::{Inner, Slot, Store};
use crate::{FileStamp, LoadProblem, SourceId, Table};

/// Default of [`crate::StoreLimits::state_write_interval`]: how often the
/// background writer writes the sources' state files that changed: every 5 s at most (and once more on shutdown). A by-date fetch
/// changes the state (last attempt, error, known dates), and writing and
/// fsyncing it once per request made a failing date cost a disk flush per
/// client request.
pub const STATE_WRITE_INTERVAL: Duration = Duration::from_secs(5);

/// Default of [`crate::StoreLimits::rescan_interval`]: how often a server
/// looks for year files that another process (`kurs
/// sync`, a second server) wrote into its data directory: every 10 s. Only
/// files whose inode, size or modification time changed are read; their
/// new tables pass the same checks as fetched ones.
pub const RESCAN_INTERVAL: Duration = Duration::from_secs(10);

impl Store {
    /// Writes `slot`'s state file if it changed and no table waits to be
    /// saved (the state's known dates would claim tables not on disk).
    pub(super) async fn write_state(&self, slot: &Slot) {
        let Some(dir) = self.inner.data_dir.clone() else {
            return;
        };
        let _writer = slot.writer.lock().await;
        let known = slot.known();
        let persisted = {
            let mut state = slot.state();
            if !state.dirty || !state.unsaved.is_empty() {
                return;
            }
            state.dirty = false;
            state.persisted(known)
        };
        let source = slot.source.id();
        let outcome =
            blocking(move || dir.save_json(source, super::status::STATE_FILE, &persisted)).await;
        self.inner.state_writes.fetch_add(1, Ordering::Relaxed);
        let mut state = slot.state();
        if let Err(e) = &outcome {
            tracing::error!(%source, error = %e, "cannot write the source's state");
            state.dirty = true;
        }
        state.persist_error = outcome.err();
    }

    /// Writes every state file that changed (see
    /// [`crate::StoreLimits::state_write_interval`]).
    pub async fn write_states(&self) {
        for slot in &self.inner.slots {
            self.write_state(slot).await;
        }
    }

    /// Reads the year files that changed on disk since last seen and
    /// applies the tables this store lacks, as if fetched: a table that
    /// fails the plausibility checks is logged and not applied. Returns the
    /// files that could not be read.
    pub async fn rescan(&self) -> Vec<LoadProblem> {
        let mut problems = Vec::new();
        for slot in &self.inner.slots {
            problems.extend(self.rescan_source(slot).await);
        }
        problems
    }

    async fn rescan_source(&self, slot: &Slot) -> Vec<LoadProblem> {
        let Some(dir) = self.inner.data_dir.clone() else {
            return Vec::new();
        };
        let source = slot.source.id();
        let seen = self.inner.seen_of(source);
        let read = move || {
            let changed = dir.stamps(source).into_iter();
            let changed = changed.filter(|(year, stamp)| seen.get(year) != Some(stamp));
            let read = |(year, stamp)| (year, stamp, dir.load_year(source, year));
            changed.map(read).collect::<Vec<_>>()
        };
        let changed = tokio::task::spawn_blocking(read).await.unwrap_or_default();
        let mut problems = Vec::new();
        for (year, stamp, tables) in changed {
            self.inner.saw(source, year, stamp);
            match tables {
                Ok(tables) => self.apply_from_disk(slot, tables).await,
                Err(problem) => problems.push(problem),
            }
        }
        problems
    }

    /// Applies tables read from the data directory: the same checks as a
    /// fetched response, and nothing to write back.
    async fn apply_from_disk(&self, slot: &Slot, tables: Vec<Arc<Table>>) {
        let source = slot.source.id();
        let _writer = slot.writer.lock().await;
        let current = slot.history();
        let next = current.merged(tables.iter().cloned());
        let schedule = slot.source.schedule();
        let checked = self.check(source, &tables).and_then(|()| {
            plausibility::review(&tables, &current, &next, &schedule, self.inner.max_jump)
        });
        match checked {
            Ok(changes) if changes.is_empty() => {}
            Ok(changes) => {
                tracing::info!(%source, tables = changes.len(), "picked up tables another process wrote");
                self.publish(slot, next);
            }
            Err(reason) => {
                tracing::warn!(%source, %reason, "tables another process wrote fail the checks; not applied");
            }
        }
    }
}

impl Inner {
    /// Notes the stamps of the year files as opened, so that the first
    /// rescan reads only what changed since.
    pub(super) fn remember_files(&self) {
        let Some(dir) = &self.data_dir else {
            return;
        };
        for slot in &self.slots {
            let source = slot.source.id();
            for (year, stamp) in dir.stamps(source) {
                self.saw(source, year, stamp);
            }
        }
    }

    fn seen_of(&self, source: SourceId) -> std::collections::HashMap<i32, FileStamp> {
        let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let mine = seen.iter().filter(|((s, _), _)| *s == source);
        mine.map(|((_, year), stamp)| (*year, *stamp)).collect()
    }

    fn saw(&self, source: SourceId, year: i32, stamp: FileStamp) {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.insert((source, year), stamp);
    }
}

/// The last handle gone: state files that changed and were not written
/// yet are written now, so that what a one-shot command learned persists.
impl Drop for Inner {
    fn drop(&mut self) {
        let Some(dir) = &self.data_dir else {
            return;
        };
        for slot in &self.slots {
            let known = slot.known();
            let state = slot.state();
            if state.dirty && state.unsaved.is_empty() {
                let persisted = state.persisted(known);
                let source = slot.source.id();
                if let Err(e) = dir.save_json(source, super::status::STATE_FILE, &persisted) {
                    tracing::error!(%source, error = %e, "cannot write the source's state");
                }
            }
        }
    }
}

impl Store {
    /// The background tasks that keep the store and its data directory in
    /// step (none without a data directory): one writes the changed state
    /// files every [`crate::StoreLimits::state_write_interval`] and once
    /// more when stopped, one rescans the year files every
    /// [`crate::StoreLimits::rescan_interval`].
    pub(crate) fn spawn_upkeep_tasks(
        &self,
        stop: &tokio::sync::watch::Receiver<bool>,
    ) -> Vec<tokio::task::JoinHandle<()>> {
        if self.inner.data_dir.is_none() {
            return Vec::new();
        }
        let limits = self.inner.limits;
        let writer = every(
            limits.state_write_interval,
            stop.clone(),
            self.clone(),
            true,
            |s| Box::pin(async move { s.write_states().await }),
        );
        let rescan = every(
            limits.rescan_interval,
            stop.clone(),
            self.clone(),
            false,
            |s| {
                Box::pin(async move {
                    for problem in s.rescan().await {
                        tracing::warn!("{problem}");
                    }
                })
            },
        );
        vec![writer, rescan]
    }
}

type Job = fn(Store) -> crate::BoxFuture<'static, ()>;

/// Runs `job` every `period` until `stop` says so, then, if `on_stop`,
/// once more (so that the last state changes are written on shutdown).
fn every(
    period: Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
    store: Store,
    on_stop: bool,
    job: Job,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            tokio::select! {
                biased;
                _ = stop.changed() => break,
                _ = tokio::time::sleep(period) => job(store.clone()).await,
            }
        }
        if on_stop {
            job(store).await;
        }
    })
}
