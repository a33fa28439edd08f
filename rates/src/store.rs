//! The store: every source's history, kept fresh, cached and persisted.

mod apply;
mod backfill;
mod bucket;
mod disk;
mod full;
mod limits;
mod plausibility;
mod status;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::{
    bundled, registry, Clock, DataDir, FetchError, History, KnownDates, LoadProblem, Offline,
    Source, SourceId, Transport, Validators,
};

pub use apply::{SyncError, SyncMode, SyncReport, REQUEST_FETCH_TIMEOUT};
pub use backfill::{BackfillProgress, BACKFILL_PACE, BACKFILL_PUBLICATIONS};
pub use bucket::{UPSTREAM_BURST, UPSTREAM_RATE_PER_SECOND};
pub use disk::{RESCAN_INTERVAL, STATE_WRITE_INTERVAL};
pub use full::FullProgress;
pub use limits::StoreLimits;
pub use status::{Correction, FetchCounts, SourceStatus};

/// How to open a [`Store`].
#[derive(Clone)]
pub struct StoreOptions {
    /// Where fetched tables persist; `None` keeps them in memory only.
    pub data_dir: Option<DataDir>,
    /// How to reach upstream; [`Offline`] refuses every request.
    pub transport: Arc<dyn Transport>,
    /// The origin of each source (e.g. `https://www.cbr.ru`); a source not
    /// named uses its default.
    pub origins: HashMap<SourceId, String>,
    /// A fetched quote that moves by more than this factor (either way,
    /// per unit) from an adjacent published table of its source makes the
    /// table suspicious: it is logged and the response is not applied.
    pub max_jump: Decimal,
    /// Where "now" comes from.
    pub clock: Clock,
    /// The sources, in order of preference.
    pub sources: Vec<Arc<dyn Source>>,
    /// Rate limits, back-off and upkeep intervals.
    pub limits: StoreLimits,
}

impl StoreOptions {
    /// Offline, in memory, every registered source, default limits.
    pub fn offline() -> Self {
        Self {
            data_dir: None,
            transport: Arc::new(Offline),
            origins: HashMap::new(),
            max_jump: Decimal::from(3),
            clock: Clock::System,
            sources: registry(),
            limits: StoreLimits::default(),
        }
    }

    /// Sets the origin of `source` (e.g. `https://www.cbr.ru`): surrounding
    /// blanks and trailing slashes dropped; an empty `url` leaves the
    /// source's default. The library reads no environment: `kurs` passes
    /// what `KURS_<ID>_URL` (or its flag) says.
    pub fn with_origin(mut self, source: SourceId, url: &str) -> Self {
        let url = url.trim().trim_end_matches('/');
        if !url.is_empty() {
            self.origins.insert(source, url.to_owned());
        }
        self
    }
}

/// Every source's history, kept fresh from upstream and persisted.
///
/// A `Store` is a cheap `Clone` handle (`Arc` inside). Readers take a
/// snapshot of a history (an `Arc<History>`) and never wait on a writer or
/// on the network; writers build a new history and swap it in.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    slots: Vec<Slot>,
    /// Bumped every time any history changes, so that whatever was derived
    /// from the data (rendered responses) can tell it is out of date.
    generation: std::sync::atomic::AtomicU64,
    transport: Arc<dyn Transport>,
    data_dir: Option<DataDir>,
    clock: Clock,
    max_jump: Decimal,
    limits: StoreLimits,
    /// Tables of past dates fetched on demand, by (source, date), so that
    /// concurrent requests for one unseen date cause exactly one upstream
    /// request: moka's `try_get_with` runs one initialiser per key and
    /// makes the other callers wait for it. An upstream round trip is the
    /// expensive thing here; errors are not cached, so a later request
    /// tries again.
    by_date: moka::future::Cache<(SourceId, NaiveDate), ()>,
    /// By-date fetches that failed, by (source, date), kept for
    /// [`StoreLimits::failure_ttl`]: a date the bank cannot give is not asked again on
    /// every request (an offline server or a failing bank then answers a
    /// miss as fast as a hit, with the same reason).
    failed: moka::sync::Cache<(SourceId, NaiveDate), Arc<SyncError>>,
    /// Per source, the failures in a row of by-date fetches: a bank that is
    /// down is asked once per pause, not once per date.
    breakers: Mutex<HashMap<SourceId, Breaker>>,
    /// Per source, the tokens left for by-date upstream requests: however
    /// many clients ask for unseen dates, a bank gets at most
    /// [`StoreLimits::upstream_rate_per_second`] of them. A std lock, held only to
    /// update one bucket.
    buckets: Mutex<HashMap<SourceId, bucket::Bucket>>,
    /// How many times a source's state file was written, for tests and
    /// operators: it is written in the background, a few times a minute at
    /// most, not once per request.
    state_writes: std::sync::atomic::AtomicU64,
    /// The year files of the data directory as last seen (see
    /// [`StoreLimits::rescan_interval`]), so that a rescan reads only the ones another
    /// process changed. A std lock, never held across an `.await`.
    seen: Mutex<HashMap<(SourceId, i32), crate::FileStamp>>,
}

/// Default of [`StoreLimits::breaker_failures`]: after 3 by-date fetches of
/// one source failed in a row (the bank down, not a date it refuses), its
/// circuit opens for [`StoreLimits::breaker_pause`].
pub const BREAKER_FAILURES: u32 = 3;

/// Default of [`StoreLimits::breaker_pause`]: an open circuit fails fast
/// for 30 s before one request tries again.
pub const BREAKER_PAUSE: std::time::Duration = std::time::Duration::from_secs(30);

/// A source's run of failed by-date fetches. A std lock: held only to read
/// or update these two fields, never across an `.await`.
#[derive(Debug, Default)]
struct Breaker {
    failures: u32,
    open_until: Option<chrono::DateTime<chrono::Utc>>,
}

/// Default of [`StoreLimits::failure_ttl`]: a failed by-date fetch is
/// remembered for 60 s before it is tried again.
pub const FAILURE_TTL: std::time::Duration = std::time::Duration::from_secs(60);

/// One source's live state.
struct Slot {
    source: Arc<dyn Source>,
    origin: String,
    /// The current history. A std lock is right here: it is held only to
    /// clone or replace an `Arc`, never across an `.await`.
    history: RwLock<Arc<History>>,
    /// Serialises writers (merge, persist, swap) of this source; a Tokio
    /// mutex because a writer holds it across the disk write.
    writer: tokio::sync::Mutex<()>,
    /// Fetch validators by request path, what the status reports, and the
    /// fetch counters. Held briefly, never across an `.await`.
    state: Mutex<status::SlotState>,
}

impl Store {
    /// Opens a store: the bundled snapshot, merged with what the data
    /// directory holds. Files that cannot be read are returned as problems
    /// (and skipped); opening never fails.
    pub fn open(options: StoreOptions) -> (Store, Vec<LoadProblem>) {
        let mut problems = Vec::new();
        let slots = options
            .sources
            .iter()
            .map(|source| Slot::load(source, &options, &mut problems))
            .collect();
        let inner = Inner {
            slots,
            generation: std::sync::atomic::AtomicU64::new(0),
            transport: options.transport,
            data_dir: options.data_dir,
            clock: options.clock,
            max_jump: options.max_jump,
            limits: options.limits,
            by_date: moka::future::Cache::new(100_000),
            failed: moka::sync::Cache::builder()
                .max_capacity(100_000)
                .time_to_live(options.limits.failure_ttl)
                .build(),
            breakers: Mutex::new(HashMap::new()),
            buckets: Mutex::new(HashMap::new()),
            state_writes: std::sync::atomic::AtomicU64::new(0),
            seen: Mutex::new(HashMap::new()),
        };
        inner.remember_files();
        for p in &problems {
            tracing::warn!("{p}");
        }
        (
            Store {
                inner: Arc::new(inner),
            },
            problems,
        )
    }

    /// The sources, in order of preference.
    pub fn sources(&self) -> impl Iterator<Item = &Arc<dyn Source>> {
        self.inner.slots.iter().map(|s| &s.source)
    }

    /// A snapshot of every history, in order of preference.
    pub fn histories(&self) -> Vec<Arc<History>> {
        self.inner.slots.iter().map(Slot::history).collect()
    }

    /// A snapshot of one source's history.
    pub fn history(&self, source: SourceId) -> Option<Arc<History>> {
        self.slot(source).map(Slot::history)
    }

    /// A number that changes whenever any history changes.
    pub fn generation(&self) -> u64 {
        self.inner
            .generation
            .load(std::sync::atomic::Ordering::Acquire)
    }

    /// The clock the store reads.
    pub fn clock(&self) -> Clock {
        self.inner.clock
    }

    /// The newest date a table of `source` can carry at this instant: the
    /// newest calendar date anywhere on Earth ([`Clock::newest_date`]) plus
    /// the source's lead. The service refuses later dates as in the future
    /// by the same rule, so the store fetches every date it accepts.
    fn newest_possible(&self, source: SourceId) -> NaiveDate {
        let lead = chrono::Days::new(u64::from(source.lead_days()));
        let newest = self.inner.clock.newest_date();
        newest.checked_add_days(lead).unwrap_or(newest)
    }

    fn slot(&self, source: SourceId) -> Option<&Slot> {
        self.inner.slots.iter().find(|s| s.source.id() == source)
    }

    /// Makes sure the table in force on `date` is held for `source` (for a
    /// source fetched date by date), fetching it once if needed. Concurrent
    /// callers for the same date share one upstream request.
    pub async fn ensure_date(
        &self,
        source: SourceId,
        date: NaiveDate,
    ) -> Result<(), Arc<SyncError>> {
        let Some(slot) = self.slot(source) else {
            return Ok(());
        };
        if !slot.source.fetched_by_date() || slot.history().answers(date) {
            return Ok(());
        }
        if date > self.newest_possible(source) || date < source.first_date() {
            return Ok(());
        }
        if let Some(failure) = self.inner.failed.get(&(source, date)) {
            return Err(failure);
        }
        self.admit(source)?;
        let fetch = async {
            self.take_token(source)?;
            let utc_today = self.inner.clock.now().date_naive();
            let path = slot.source.for_date(date, utc_today);
            self.fetch_and_apply(slot, &path, apply::Asked::Date(date))
                .await
                .map(|_| ())
        };
        let outcome = self.inner.by_date.try_get_with((source, date), fetch).await;
        if let Err(failure) = &outcome {
            // A refusal of our own making is not the bank's answer.
            if !matches!(**failure, SyncError::RateLimited { .. }) {
                self.inner.failed.insert((source, date), failure.clone());
            }
        }
        self.count_outcome(source, &outcome);
        outcome
    }

    /// Fails fast while `source`'s circuit is open; once the pause is
    /// over, lets one request through and keeps the others out for another
    /// pause until it has answered.
    fn admit(&self, source: SourceId) -> Result<(), Arc<SyncError>> {
        let now = self.inner.clock.now();
        let mut breakers = self
            .inner
            .breakers
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let breaker = breakers.entry(source).or_default();
        match breaker.open_until {
            Some(until) if now < until => Err(Arc::new(SyncError::CircuitOpen {
                source_id: source,
                failures: breaker.failures,
                until,
            })),
            Some(_) => {
                breaker.open_until = Some(now + self.pause());
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// Counts a by-date fetch's outcome: an unreachable or failing bank
    /// (see [`FetchError::is_outage`]) opens the circuit after
    /// [`StoreLimits::breaker_failures`] in a row; an answer (even a `404`
    /// for the date, or one that did not parse) closes it.
    fn count_outcome(&self, source: SourceId, outcome: &Result<(), Arc<SyncError>>) {
        let mut breakers = self
            .inner
            .breakers
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let breaker = breakers.entry(source).or_default();
        match outcome.as_ref().map_err(|e| &**e) {
            Err(SyncError::Fetch(e)) if e.is_outage() => {
                breaker.failures += 1;
                if breaker.failures >= self.inner.limits.breaker_failures {
                    breaker.open_until = Some(self.inner.clock.now() + self.pause());
                }
            }
            Err(SyncError::CircuitOpen { .. } | SyncError::RateLimited { .. }) => {}
            _ => *breaker = Breaker::default(),
        }
    }
}

impl Store {
    /// Takes one of `source`'s tokens for an upstream request, or fails
    /// fast with how long until there is one.
    fn take_token(&self, source: SourceId) -> Result<(), SyncError> {
        let now = tokio::time::Instant::now();
        let mut buckets = self.inner.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let (rate, burst) = (
            self.inner.limits.upstream_rate_per_second,
            self.inner.limits.upstream_burst,
        );
        let bucket = buckets
            .entry(source)
            .or_insert_with(|| bucket::Bucket::full(rate, burst, now));
        bucket
            .take(now)
            .map_err(|retry_after| SyncError::RateLimited {
                source_id: source,
                per_second: rate,
                retry_after,
            })
    }

    /// How many times a state file was written since the store opened.
    pub fn state_writes(&self) -> u64 {
        self.inner
            .state_writes
            .load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl Store {
    /// How long a circuit stays open, as a calendar span.
    fn pause(&self) -> chrono::TimeDelta {
        chrono::TimeDelta::from_std(self.inner.limits.breaker_pause)
            .unwrap_or(chrono::TimeDelta::MAX)
    }
}

impl Slot {
    fn load(
        source: &Arc<dyn Source>,
        options: &StoreOptions,
        problems: &mut Vec<LoadProblem>,
    ) -> Slot {
        let id = source.id();
        let mut history = bundled(id).unwrap_or_else(|| History::new(id, []));
        let mut state = status::SlotState::default();
        if let Some(dir) = &options.data_dir {
            let loaded = dir.load(id);
            problems.extend(loaded.problems);
            history = history.merged(loaded.tables);
            match dir.load_json::<status::Persisted>(id, status::STATE_FILE) {
                Ok(Some(p)) => state = status::SlotState::from(p),
                Ok(None) => {}
                Err(problem) => problems.push(problem),
            }
        }
        if source.fetched_by_date() {
            history = history.with_known(state.known.clone());
        }
        let origin = options
            .origins
            .get(&id)
            .cloned()
            .unwrap_or_else(|| source.default_origin().to_owned());
        Slot {
            source: source.clone(),
            origin,
            history: RwLock::new(Arc::new(history)),
            writer: tokio::sync::Mutex::new(()),
            state: Mutex::new(state),
        }
    }

    fn history(&self) -> Arc<History> {
        self.history
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn replace(&self, history: History) {
        *self.history.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(history);
    }

    fn state(&self) -> std::sync::MutexGuard<'_, status::SlotState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn validators(&self, path: &str) -> Option<Validators> {
        self.state().validators.get(path).cloned()
    }

    fn known(&self) -> KnownDates {
        self.history().known().cloned().unwrap_or_default()
    }
}

impl From<FetchError> for SyncError {
    fn from(e: FetchError) -> Self {
        SyncError::Fetch(e)
    }
}
