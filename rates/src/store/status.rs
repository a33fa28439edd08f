//! What the store tells about each source: freshness, errors, counters.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use super::{BackfillProgress, Store, SyncError};
use crate::{Attribution, CurrencyCode, KnownDates, PersistError, SourceId, Table, Validators};

/// The name of the per-source state file in the data directory.
pub(super) const STATE_FILE: &str = "state";

/// How long after its expected publication a missing table makes a source
/// stale.
const STALE_GRACE: TimeDelta = TimeDelta::hours(2);

/// How many corrections a source's status keeps (the newest).
const KEPT_CORRECTIONS: usize = 10;

/// A table the source re-published with small changes, which replaced the
/// one held (see the rule in the store's plausibility checks: the same
/// currencies give or take one, every quote per unit within 1%).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Correction {
    /// The date of the table corrected.
    pub date: NaiveDate,
    /// When kurs received the corrected table.
    pub detected_at: DateTime<Utc>,
    /// The currencies whose quote changed, appeared or disappeared.
    pub currencies: Vec<CurrencyCode>,
}

/// How many fetches of a source ended which way since start.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct FetchCounts {
    /// New tables received and applied.
    pub ok: u64,
    /// The upstream said nothing changed (304).
    pub not_modified: u64,
    /// Unreachable, timed out or an HTTP error.
    pub failed: u64,
    /// Received but not parsed or not sane: nothing applied.
    pub rejected: u64,
}

/// One source's status, for `kurs sources` and `/v1/sources`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SourceStatus {
    /// The source.
    pub source: SourceId,
    /// Who publishes, on what terms.
    pub attribution: Attribution,
    /// Where kurs fetches it from.
    pub origin: String,
    /// The effective date of the newest table held.
    pub latest_date: Option<NaiveDate>,
    /// The date of the oldest table held.
    pub first_date: Option<NaiveDate>,
    /// How many tables are held.
    pub tables: usize,
    /// The last fetch that succeeded (new data or "not modified").
    pub last_success: Option<DateTime<Utc>>,
    /// The last fetch tried.
    pub last_attempt: Option<DateTime<Utc>>,
    /// The error of the last fetch, if it failed.
    pub last_error: Option<String>,
    /// The date and time of the next expected publication.
    pub next_publication: (NaiveDate, DateTime<Utc>),
    /// Whether an expected publication is overdue (by more than two hours).
    pub stale: bool,
    /// Fetch outcomes since start.
    pub fetches: FetchCounts,
    /// The last few tables the source re-published with small changes,
    /// oldest first (at most ten; kept across restarts).
    pub corrections: Vec<Correction>,
    /// The last write to the data directory, if it failed: the path and
    /// the error. The tables are served from memory meanwhile; the next
    /// successful write saves them and clears this.
    pub persist_error: Option<String>,
    /// For a source fetched date by date, the backfill of its last
    /// publications since this server started ([`crate::Store::spawn_backfill`]);
    /// `None` when none ran (and then left out of the JSON of `kurs
    /// sources --json`, which runs none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backfill: Option<BackfillProgress>,
}

/// The mutable part of a slot.
#[derive(Debug, Default)]
pub(super) struct SlotState {
    pub validators: HashMap<String, Validators>,
    pub known: KnownDates,
    pub last_success: Option<DateTime<Utc>>,
    pub last_attempt: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub counts: FetchCounts,
    pub corrections: VecDeque<Correction>,
    /// Tables applied but not written to the data directory yet, by date.
    pub unsaved: BTreeMap<NaiveDate, Arc<Table>>,
    /// Why the last write to the data directory failed, if it did.
    pub persist_error: Option<PersistError>,
    /// Whether what [`Persisted`] holds changed since the state file was
    /// last written (the background writer then writes it).
    pub dirty: bool,
    /// The backfill's progress, if one runs or ran (not persisted).
    pub backfill: Option<BackfillProgress>,
}

/// What persists of a slot's state across restarts.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(super) struct Persisted {
    #[serde(default)]
    validators: HashMap<String, Validators>,
    #[serde(default)]
    known: KnownDates,
    #[serde(default)]
    last_success: Option<DateTime<Utc>>,
    #[serde(default)]
    last_attempt: Option<DateTime<Utc>>,
    #[serde(default)]
    last_error: Option<String>,
    #[serde(default)]
    corrections: VecDeque<Correction>,
}

impl From<Persisted> for SlotState {
    fn from(p: Persisted) -> Self {
        Self {
            validators: p.validators,
            known: p.known,
            last_success: p.last_success,
            last_attempt: p.last_attempt,
            // A state file written before errors were made printable.
            last_error: p.last_error.as_deref().map(crate::printable),
            counts: FetchCounts::default(),
            corrections: p.corrections,
            unsaved: BTreeMap::new(),
            persist_error: None,
            dirty: false,
            backfill: None,
        }
    }
}

impl SlotState {
    pub fn attempted(&mut self, now: DateTime<Utc>) {
        self.last_attempt = Some(now);
    }

    pub fn succeeded(&mut self, now: DateTime<Utc>) {
        self.last_success = Some(now);
        self.last_error = None;
    }

    pub fn failed(&mut self, now: DateTime<Utc>, e: &SyncError) {
        self.last_attempt = Some(now);
        // Shown on /v1/sources and by `kurs sources`: no upstream text.
        self.last_error = Some(e.public());
        match e {
            SyncError::Fetch(_)
            | SyncError::UnknownSource(_)
            | SyncError::CircuitOpen { .. }
            | SyncError::RateLimited { .. } => self.counts.failed += 1,
            SyncError::Parse { .. } | SyncError::Rejected { .. } => self.counts.rejected += 1,
        }
    }

    /// Records a correction, forgetting the oldest beyond the last few.
    pub fn corrected(&mut self, correction: Correction) {
        if self.corrections.len() == KEPT_CORRECTIONS {
            self.corrections.pop_front();
        }
        self.corrections.push_back(correction);
    }

    pub fn persisted(&self, known: KnownDates) -> Persisted {
        Persisted {
            validators: self.validators.clone(),
            known,
            last_success: self.last_success,
            last_attempt: self.last_attempt,
            last_error: self.last_error.clone(),
            corrections: self.corrections.clone(),
        }
    }
}

impl Store {
    /// The status of every source, in order of preference.
    pub fn statuses(&self) -> Vec<SourceStatus> {
        self.inner.slots.iter().map(|s| self.status_of(s)).collect()
    }

    /// The status of one source.
    pub fn status(&self, source: SourceId) -> Option<SourceStatus> {
        self.slot(source).map(|s| self.status_of(s))
    }

    fn status_of(&self, slot: &super::Slot) -> SourceStatus {
        let now = self.inner.clock.now();
        let history = slot.history();
        let latest = history.latest().map(|t| t.date());
        let schedule = slot.source.schedule();
        let state = slot.state();
        SourceStatus {
            source: slot.source.id(),
            attribution: slot.source.attribution(),
            origin: slot.origin.clone(),
            latest_date: latest,
            first_date: history.first().map(|t| t.date()),
            tables: history.len(),
            last_success: state.last_success,
            last_attempt: state.last_attempt,
            last_error: state.last_error.clone(),
            next_publication: schedule.next_publication(now),
            stale: schedule.is_stale(now, latest, STALE_GRACE),
            fetches: state.counts,
            corrections: state.corrections.iter().cloned().collect(),
            persist_error: state.persist_error.as_ref().map(ToString::to_string),
            backfill: state.backfill.clone(),
        }
    }
}
