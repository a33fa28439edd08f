//! Fetching a response and applying it: parse completely, check, merge,
//! persist, swap. A response that fails any step replaces nothing.

use std::sync::Arc;

use chrono::{Days, NaiveDate};

use super::plausibility::{self, Change};
use super::{Correction, Slot, Store};
use crate::{
    Expected, FetchError, History, ParseError, PersistError, Post, Response, SourceId, Table,
    Validators,
};

/// Default of [`crate::StoreLimits::request_fetch_timeout`]: how long a
/// by-date fetch made for a client's request may take, in all: 5 s, one attempt (no retry, no backoff). The client is waiting; the
/// background refresher and `kurs sync` keep the transport's own, longer
/// timeout and its retries.
pub const REQUEST_FETCH_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// What [`Store::sync`] fetches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncMode {
    /// The newest table, after filling any gap since the newest held.
    CatchUp,
    /// The whole published history, where the source has one file for it
    /// (the ECB); otherwise as [`SyncMode::CatchUp`]. A history that takes
    /// several requests (ranges, series) is fetched by [`Store::sync_full`].
    Full,
}

/// What one sync brought.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SyncReport {
    /// The source synced.
    pub source: SourceId,
    /// Distinct dates received and applied (0 when upstream had nothing
    /// new).
    pub tables: usize,
    /// The oldest and newest date received, if any.
    pub dates: Option<(NaiveDate, NaiveDate)>,
    /// Currencies in the newest table received.
    pub currencies: usize,
    /// The newest table now held.
    pub latest: Option<NaiveDate>,
    /// Parts of a full sync that were fetched but not applied, each with
    /// why (a year of assembled tables that failed a sanity check).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<String>,
    /// The write to the data directory that failed, if one did. The tables
    /// are applied and served from memory all the same, but not saved: a
    /// later successful save of the source writes them.
    pub persist_error: Option<PersistError>,
    #[serde(skip)]
    seen: std::collections::BTreeSet<NaiveDate>,
}

/// Why a sync failed. Whatever the reason, the data held is unchanged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SyncError {
    /// The upstream could not be reached or answered with an error.
    #[error(transparent)]
    Fetch(FetchError),
    /// The response did not parse completely.
    #[error("{url}: {error}")]
    Parse {
        /// The URL fetched.
        url: String,
        /// What was wrong.
        error: ParseError,
    },
    /// The response parsed but failed a sanity check.
    #[error("{url}: rejected: {reason}")]
    Rejected {
        /// The URL fetched.
        url: String,
        /// Which check failed.
        reason: String,
    },
    /// The source is not in the store.
    #[error("unknown source {0}")]
    UnknownSource(SourceId),
    /// The source's upstream failed several times in a row; by-date
    /// fetches are not tried again until the pause is over.
    #[error("{} failed {failures} times in a row; not asked again before {until} (one request will then try)", .source_id.in_sentence())]
    CircuitOpen {
        /// The source.
        source_id: SourceId,
        /// How many fetches failed in a row.
        failures: u32,
        /// When one request may try again.
        until: chrono::DateTime<chrono::Utc>,
    },
    /// More by-date requests to the source's upstream than kurs makes per
    /// second (see [`crate::StoreLimits::upstream_rate_per_second`]); not
    /// asked now.
    #[error("kurs asks the {} at most {} times a second for past dates; not asked now: try again in {} s", .source_id.publisher(), .per_second, .retry_after.as_secs().max(1))]
    RateLimited {
        /// The source.
        source_id: SourceId,
        /// The by-date requests per second kurs makes to the source.
        per_second: u32,
        /// When a request may go again.
        retry_after: std::time::Duration,
    },
}

impl SyncError {
    /// The error as `/v1/sources` and `kurs sources` show it: no text of
    /// the upstream's answer (a parse error's excerpt, a redirect's
    /// location) goes into a public field, only what kurs says about it.
    /// The whole error is logged where it happens and printed by
    /// `kurs sync`.
    pub fn public(&self) -> String {
        match self {
            SyncError::Parse { url, error } => format!(
                "{url}: the answer is not valid {}{}; kurs's log says what was wrong",
                error.format,
                error
                    .line
                    .map(|l| format!(" (line {l})"))
                    .unwrap_or_default()
            ),
            SyncError::Fetch(FetchError::Redirect { url, .. }) => {
                format!("{url}: redirected to another host or too many times; not followed")
            }
            other => crate::printable(&other.to_string()),
        }
    }
}

impl Store {
    /// Fetches from `source` now, as `mode` says, and applies what came.
    pub async fn sync(&self, source: SourceId, mode: SyncMode) -> Result<SyncReport, SyncError> {
        let slot = self.slot(source).ok_or(SyncError::UnknownSource(source))?;
        let today = self.inner.clock.now().date_naive();
        let mut report = SyncReport::new(source);
        let first = match (mode, slot.history().latest()) {
            (SyncMode::Full, _) => slot.source.full(),
            (_, Some(t)) => slot.source.catch_up(t.date(), today),
            (_, None) => None,
        };
        if let Some(path) = first {
            report.add(self.fetch_and_apply(slot, &path, Asked::Latest).await?);
        }
        report.add(
            self.fetch_and_apply(slot, &slot.source.latest(), Asked::Latest)
                .await?,
        );
        report.latest = slot.history().latest().map(|t| t.date());
        report.persist_error = slot.state().persist_error.clone();
        Ok(report)
    }

    /// GETs `path` from the source's origin (or sends the POST it stands
    /// for, [`crate::Source::post`]) and applies the tables, as the answer
    /// to what was `asked`.
    pub(super) async fn fetch_and_apply(
        &self,
        slot: &Slot,
        path: &str,
        asked: Asked,
    ) -> Result<Vec<Arc<Table>>, SyncError> {
        let post = slot.source.post(path);
        let sent = post.as_ref().map_or(path, |p| p.path.as_str());
        let url = format!("{}{}", slot.origin, sent);
        let started = self.inner.clock.now();
        let outcome = self
            .fetch_parse_apply(slot, path, post.as_ref(), &url, asked)
            .await;
        if matches!(outcome, Err(SyncError::Fetch(FetchError::Offline { .. }))) {
            // Refused before any request: no fetch was tried, so there is
            // nothing to record (no attempt, no error), and an offline
            // `kurs convert` writes no state file (two fsyncs, most of its
            // time on a busy disk).
            return outcome;
        }
        slot.state().attempted(started);
        let now = self.inner.clock.now();
        match &outcome {
            Ok(_) => slot.state().succeeded(now),
            Err(e) => {
                tracing::warn!(source = %slot.source.id(), error = %e, "fetch failed; data held is unchanged");
                slot.state().failed(now, e);
            }
        }
        self.persist(slot).await;
        if !matches!(asked, Asked::Date(_)) {
            self.write_state(slot).await;
        }
        outcome
    }

    async fn fetch_parse_apply(
        &self,
        slot: &Slot,
        path: &str,
        post: Option<&Post>,
        url: &str,
        asked: Asked,
    ) -> Result<Vec<Arc<Table>>, SyncError> {
        // A POST is never conditional.
        let validators = post.is_none().then(|| slot.validators(path)).flatten();
        // The source's whole history may be large, and so may a range of a
        // full sync; anything else is a few tables at most, and is held to
        // a much smaller body limit.
        let expected = match slot.source.full() {
            Some(full) if full == path => Expected::History,
            _ if matches!(asked, Asked::Range(..)) => Expected::History,
            _ => Expected::Tables,
        };
        let for_client = matches!(asked, Asked::Date(_));
        let response = self
            .send(url, post, validators.as_ref(), expected, for_client)
            .await?;
        let (bytes, validators) = match response {
            Response::NotModified => {
                slot.state().counts.not_modified += 1;
                return Ok(Vec::new());
            }
            Response::Body { bytes, validators } => (bytes, validators),
        };
        let parse_error = |error| SyncError::Parse {
            url: url.to_owned(),
            error,
        };
        let tables = slot.source.parse(&bytes).map_err(parse_error)?;
        let tables: Vec<Arc<Table>> = tables.into_iter().map(Arc::new).collect();
        let known = self.known_span(slot, &tables, asked);
        let changes = self.apply(slot, url, &tables, known).await?;
        let validators = post.is_none().then_some(validators);
        self.record(slot, path, validators, &changes);
        Ok(tables)
    }

    /// Checks `tables` (the answer to `url`) and makes them part of the
    /// history served, with the dates of `known` marked as answered for a
    /// source fetched date by date; returns what changed.
    pub(super) async fn apply(
        &self,
        slot: &Slot,
        url: &str,
        tables: &[Arc<Table>],
        known: Option<(NaiveDate, NaiveDate)>,
    ) -> Result<Vec<Change>, SyncError> {
        let _writer = slot.writer.lock().await;
        let current = slot.history();
        let rejected = |reason| SyncError::Rejected {
            url: url.to_owned(),
            reason,
        };
        self.check(slot.source.id(), tables).map_err(rejected)?;
        let mut next = current.merged(tables.iter().cloned());
        if slot.source.fetched_by_date() {
            let mut dates = slot.known();
            if let Some((start, end)) = known {
                dates.insert(start, end);
            }
            next = next.with_known(dates);
        }
        let schedule = slot.source.schedule();
        let changes = plausibility::review(tables, &current, &next, &schedule, self.inner.max_jump)
            .map_err(rejected)?;
        if !changes.is_empty() || next.known() != current.known() {
            self.swap_in(slot, next, &changes);
        }
        Ok(changes)
    }

    /// Notes a response applied: its validators (none for a POST), the
    /// count, and each correction it brought (logged too).
    fn record(&self, slot: &Slot, path: &str, validators: Option<Validators>, changes: &[Change]) {
        let now = self.inner.clock.now();
        let mut state = slot.state();
        if let Some(validators) = validators {
            state.validators.insert(path.to_owned(), validators);
        }
        state.counts.ok += 1;
        for change in changes {
            let Some(currencies) = &change.corrected else {
                continue;
            };
            let date = change.table.date();
            let list = plausibility::join(currencies);
            tracing::warn!(source = %slot.source.id(), %date, currencies = %list, "the source re-published a table with small changes; it replaces the one held");
            state.corrected(Correction {
                date,
                detected_at: now,
                currencies: currencies.clone(),
            });
        }
    }

    /// Makes `next` the history served and notes what `changes` add or
    /// replace as not saved yet ([`Store::persist`] writes it). Only
    /// changed tables are written: a full ECB resync would otherwise copy
    /// the bundled history into the data directory and make every start-up
    /// decode it twice.
    fn swap_in(&self, slot: &Slot, next: History, changes: &[Change]) {
        if self.inner.data_dir.is_some() {
            let mut state = slot.state();
            for change in changes {
                let table = &change.table;
                state.unsaved.insert(table.date(), Arc::clone(table));
            }
        }
        self.publish(slot, next);
    }

    /// Makes `next` the history served, and tells whatever was derived
    /// from the old one that it is out of date.
    pub(super) fn publish(&self, slot: &Slot, next: History) {
        slot.replace(next);
        self.inner
            .generation
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    /// The dates a response tells the answer of. A by-date answer for D
    /// whose tables start at T answers every date from T to D (never past
    /// the newest date a table can carry); an answer for a range of a full
    /// sync, every date of the range (up to the date an answer for
    /// "latest" would); an answer for "latest" also
    /// answers every date up to yesterday (today for a source that dates
    /// its tables a day ahead), since tables dated then are already
    /// published.
    ///
    /// "Yesterday" here is of the UTC date of this instant, not of
    /// [`Store::newest_possible`]: that one is an upper bound (no table can
    /// be dated later), while a date claimed as answered must be one whose
    /// table is surely out by now.
    fn known_span(
        &self,
        slot: &Slot,
        tables: &[Arc<Table>],
        asked: Asked,
    ) -> Option<(NaiveDate, NaiveDate)> {
        let start = tables.iter().map(|t| t.date()).min()?;
        let newest = tables.iter().map(|t| t.date()).max()?;
        let source = slot.source.id();
        let (start, end) = match asked {
            Asked::Date(d) => (start, d.min(self.newest_possible(source))),
            Asked::Latest => (start, self.published_by_now(source).max(newest)),
            Asked::Range(from, to) => (
                from.min(start),
                to.min(self.published_by_now(source).max(newest)),
            ),
        };
        (start <= end).then_some((start, end))
    }

    /// The newest date whose table is surely out by now: yesterday of the
    /// UTC date, moved by the source's lead (today for the Bank of Russia).
    pub(super) fn published_by_now(&self, source: SourceId) -> NaiveDate {
        let lead = u64::from(source.lead_days());
        let today = self.inner.clock.now().date_naive();
        let published = (today + Days::new(lead)).checked_sub_days(Days::new(1));
        published.unwrap_or(today)
    }

    /// What every response must be before its tables are compared with
    /// anything: some table, each quoting some currency, none dated after
    /// the newest date a table of the source can carry.
    pub(super) fn check(&self, source: SourceId, tables: &[Arc<Table>]) -> Result<(), String> {
        if tables.is_empty() {
            return Err("the response holds no table".to_owned());
        }
        let newest_allowed = self.newest_possible(source);
        for t in tables {
            if t.is_empty() {
                return Err(format!("the table of {} quotes no currency", t.date()));
            }
            if t.date() > newest_allowed {
                return Err(format!(
                    "the table is dated {}, in the future (newest possible: {newest_allowed})",
                    t.date()
                ));
            }
        }
        Ok(())
    }

    /// GETs `url`, or sends `post` to it: for a client's request
    /// (`for_client`), one attempt within
    /// [`crate::StoreLimits::request_fetch_timeout`]; otherwise with the
    /// transport's retries.
    pub(super) async fn send(
        &self,
        url: &str,
        post: Option<&Post>,
        validators: Option<&Validators>,
        expected: Expected,
        for_client: bool,
    ) -> Result<Response, FetchError> {
        let transport = &self.inner.transport;
        let request = match (post, for_client) {
            (None, false) => transport.get(url, validators, expected),
            (None, true) => transport.get_once(url, validators, expected),
            (Some(post), false) => transport.post(url, post, expected),
            (Some(post), true) => transport.post_once(url, post, expected),
        };
        if !for_client {
            return request.await;
        }
        let limit = self.inner.limits.request_fetch_timeout;
        tokio::time::timeout(limit, request)
            .await
            .unwrap_or_else(|_| {
                Err(FetchError::Timeout {
                    url: url.to_owned(),
                    seconds: limit.as_secs_f64(),
                })
            })
    }

    /// Writes the tables held only in memory (of this response, or left
    /// by an earlier failed write), off the async workers, and marks the
    /// source's state as to be written ([`Store::write_state`] does it:
    /// at once after a sync, in the background after a by-date fetch).
    /// A failure is the source's `persist_error` and keeps the tables for
    /// the next try; a success clears it.
    pub(super) async fn persist(&self, slot: &Slot) {
        let Some(dir) = &self.inner.data_dir else {
            return;
        };
        // Held so that no response adds tables between writing and clearing.
        let _writer = slot.writer.lock().await;
        let source = slot.source.id();
        let unsaved: Vec<Arc<Table>> = slot.state().unsaved.values().cloned().collect();
        let outcome = if unsaved.is_empty() {
            Ok(())
        } else {
            let dir = dir.clone();
            blocking(move || dir.save_tables(source, &unsaved)).await
        };
        let mut state = slot.state();
        state.dirty = true;
        match outcome {
            Ok(()) => {
                state.unsaved.clear();
                state.persist_error = None;
            }
            Err(e) => {
                tracing::error!(source = %source, error = %e, "cannot persist; serving the tables from memory");
                state.persist_error = Some(e);
            }
        }
    }
}

/// What a fetch asks for, which decides the dates its answer tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Asked {
    /// The newest table (or a catch-up, or the whole history).
    Latest,
    /// The table in force on this date, for a client waiting for it: one
    /// attempt within the request timeout.
    Date(NaiveDate),
    /// Every table of a range of dates, for a full sync.
    Range(NaiveDate, NaiveDate),
}

/// Runs a write to the data directory on Tokio's blocking pool, so that
/// no fsync (or wait for another process's lock) holds an async worker.
pub(super) async fn blocking(
    write: impl FnOnce() -> Result<(), PersistError> + Send + 'static,
) -> Result<(), PersistError> {
    tokio::task::spawn_blocking(write)
        .await
        .unwrap_or_else(|e| Err(PersistError::new(".", format!("the write panicked: {e}"))))
}

impl SyncReport {
    pub(super) fn new(source: SourceId) -> Self {
        SyncReport {
            source,
            tables: 0,
            dates: None,
            currencies: 0,
            latest: None,
            rejected: Vec::new(),
            persist_error: None,
            seen: Default::default(),
        }
    }

    pub(super) fn add(&mut self, tables: Vec<Arc<Table>>) {
        for t in &tables {
            if self.seen.insert(t.date()) {
                self.tables += 1;
            }
        }
        if let (Some(lo), Some(hi)) = (self.seen.first(), self.seen.last()) {
            self.dates = Some((*lo, *hi));
        }
        if let Some(newest) = tables.iter().max_by_key(|t| t.date()) {
            self.currencies = newest.len();
        }
    }
}
