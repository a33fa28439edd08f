//! Background refreshers: one task per source, on its publication
//! schedule, stopped on shutdown.

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::{SourceId, Store, SyncMode};

/// The running refreshers (and the data directory's upkeep). Dropping this value stops them too (the tasks
/// see the stop signal at their next wait); [`Refreshers::stop`] also waits
/// for them to finish.
#[derive(Debug)]
pub struct Refreshers {
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Refreshers {
    /// A handle on `tasks`, which stop when `stop` says `true`.
    pub(crate) fn from_tasks(stop: watch::Sender<bool>, tasks: Vec<JoinHandle<()>>) -> Self {
        Self { stop, tasks }
    }

    /// Signals every refresher to stop and waits until all have.
    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        for task in self.tasks.drain(..) {
            let _ = task.await;
        }
    }

    /// How many refreshers are still running.
    pub fn running(&self) -> usize {
        self.tasks.iter().filter(|t| !t.is_finished()).count()
    }
}

impl Drop for Refreshers {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

impl Store {
    /// Starts one refresher per source. Each syncs at once (filling any gap
    /// since the newest table held), then polls as its source's schedule
    /// says: often while an expected table is missing, rarely otherwise.
    /// A sync that fails is recorded in the source's status and retried at
    /// the next poll; the data held stays as it was.
    ///
    /// With a data directory, the upkeep of [`Store::spawn_upkeep`] runs
    /// too.
    pub fn spawn_refreshers(&self) -> Refreshers {
        let (stop, watcher) = watch::channel(false);
        let mut tasks: Vec<JoinHandle<()>> = self
            .sources()
            .map(|s| tokio::spawn(refresh_loop(self.clone(), s.id(), watcher.clone())))
            .collect();
        tasks.extend(self.spawn_upkeep_tasks(&watcher));
        Refreshers { stop, tasks }
    }

    /// Starts only the upkeep of the data directory, for a server that
    /// does not fetch (offline): the sources' state files written in the
    /// background (every [`crate::STATE_WRITE_INTERVAL`], and on stop),
    /// and tables that another process wrote into the data directory
    /// picked up (every [`crate::RESCAN_INTERVAL`]). Nothing runs without
    /// a data directory.
    pub fn spawn_upkeep(&self) -> Refreshers {
        let (stop, watcher) = watch::channel(false);
        let tasks = self.spawn_upkeep_tasks(&watcher);
        Refreshers { stop, tasks }
    }
}

async fn refresh_loop(store: Store, source: SourceId, mut stop: watch::Receiver<bool>) {
    let Some(schedule) = store
        .sources()
        .find(|s| s.id() == source)
        .map(|s| s.schedule())
    else {
        return;
    };
    loop {
        tokio::select! {
            biased;
            _ = stop.changed() => return,
            outcome = store.sync(source, SyncMode::CatchUp) => {
                if let Ok(report) = outcome {
                    tracing::info!(%source, tables = report.tables, latest = ?report.latest, "synced");
                }
            }
        }
        let have = store
            .history(source)
            .and_then(|h| h.latest().map(|t| t.date()));
        let wait = schedule.next_poll(store.clock().now(), have);
        tracing::debug!(%source, ?wait, "next poll");
        tokio::select! {
            biased;
            _ = stop.changed() => return,
            _ = tokio::time::sleep(wait) => {}
        }
    }
}
