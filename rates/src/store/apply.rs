//! Fetching a response and applying it: parse completely, check, merge,
//! persist, swap. A response that fails any step replaces nothing.

use std::sync::Arc;

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use super::{Slot, Store};
use crate::{FetchError, History, ParseError, Response, SourceId, Table};

/// What [`Store::sync`] fetches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncMode {
    /// The newest table, after filling any gap since the newest held.
    CatchUp,
    /// The whole published history, where the source has one file for it
    /// (the ECB); otherwise as [`SyncMode::CatchUp`].
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
}

impl Store {
    /// Fetches from `source` now, as `mode` says, and applies what came.
    pub async fn sync(&self, source: SourceId, mode: SyncMode) -> Result<SyncReport, SyncError> {
        let slot = self.slot(source).ok_or(SyncError::UnknownSource(source))?;
        let today = self.inner.clock.now().date_naive();
        let mut report = SyncReport {
            source,
            tables: 0,
            dates: None,
            currencies: 0,
            latest: None,
            seen: Default::default(),
        };
        let first = match (mode, slot.history().latest()) {
            (SyncMode::Full, _) => slot.source.full(),
            (_, Some(t)) => slot.source.catch_up(t.date(), today),
            (_, None) => None,
        };
        if let Some(path) = first {
            report.add(self.fetch_and_apply(slot, &path, None).await?);
        }
        report.add(
            self.fetch_and_apply(slot, &slot.source.latest(), None)
                .await?,
        );
        report.latest = slot.history().latest().map(|t| t.date());
        Ok(report)
    }

    /// GETs `path` from the source's origin and applies the tables. With
    /// `requested`, the answer is for that date (a by-date request).
    pub(super) async fn fetch_and_apply(
        &self,
        slot: &Slot,
        path: &str,
        requested: Option<NaiveDate>,
    ) -> Result<Vec<Arc<Table>>, SyncError> {
        let url = format!("{}{}", slot.origin, path);
        let now = self.inner.clock.now();
        slot.state().attempted(now);
        let outcome = self.fetch_parse_apply(slot, path, &url, requested).await;
        let now = self.inner.clock.now();
        match &outcome {
            Ok(_) => slot.state().succeeded(now),
            Err(e) => {
                tracing::warn!(source = %slot.source.id(), error = %e, "fetch failed; data held is unchanged");
                slot.state().failed(now, e);
            }
        }
        self.persist_state(slot);
        outcome
    }

    async fn fetch_parse_apply(
        &self,
        slot: &Slot,
        path: &str,
        url: &str,
        requested: Option<NaiveDate>,
    ) -> Result<Vec<Arc<Table>>, SyncError> {
        let validators = slot.validators(path);
        let response = self.inner.transport.get(url, validators.as_ref()).await?;
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
        let _writer = slot.writer.lock().await;
        let current = slot.history();
        let rejected = |reason| SyncError::Rejected {
            url: url.to_owned(),
            reason,
        };
        self.check(slot.source.id(), &tables, &current)
            .map_err(rejected)?;
        let mut next = current.merged(tables.iter().cloned());
        if slot.source.fetched_by_date() {
            let mut known = slot.known();
            if let Some((start, end)) = self.known_span(slot, &tables, requested) {
                known.insert(start, end);
            }
            next = next.with_known(known);
        }
        // Persist only what is new or changed: a full ECB resync would
        // otherwise copy the bundled history into the data directory and
        // make every start-up decode it twice.
        let changed: Vec<Arc<Table>> = tables
            .iter()
            .filter(|t| current.get(t.date()) != Some(&***t))
            .cloned()
            .collect();
        if let (Some(dir), false) = (&self.inner.data_dir, changed.is_empty()) {
            if let Err(e) = dir.save_tables(slot.source.id(), &changed) {
                tracing::error!(source = %slot.source.id(), error = %e, "cannot persist tables; serving them from memory");
            }
        }
        slot.replace(next);
        self.inner
            .generation
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        let mut state = slot.state();
        state.validators.insert(path.to_owned(), validators);
        state.counts.ok += 1;
        Ok(tables)
    }

    /// The dates a response tells the answer of. A by-date answer for D
    /// whose tables start at T answers every date from T to D; an answer
    /// for "latest" also answers every date up to yesterday (today for a
    /// source that dates its tables a day ahead), since tables dated then
    /// are already published.
    fn known_span(
        &self,
        slot: &Slot,
        tables: &[Arc<Table>],
        requested: Option<NaiveDate>,
    ) -> Option<(NaiveDate, NaiveDate)> {
        let start = tables.iter().map(|t| t.date()).min()?;
        let newest = tables.iter().map(|t| t.date()).max()?;
        let end = match requested {
            Some(d) => d,
            None => {
                let lead = u64::from(slot.source.id().lead_days());
                let today = self.inner.clock.now().date_naive();
                let published = (today + Days::new(lead)).checked_sub_days(Days::new(1));
                published.unwrap_or(today).max(newest)
            }
        };
        (start <= end).then_some((start, end))
    }

    /// The sanity checks a response must pass before it replaces anything.
    fn check(
        &self,
        source: SourceId,
        tables: &[Arc<Table>],
        current: &History,
    ) -> Result<(), String> {
        if tables.is_empty() {
            return Err("the response holds no table".to_owned());
        }
        let newest_allowed =
            self.inner.clock.newest_date() + Days::new(u64::from(source.lead_days()));
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
        let merged = current.merged(tables.iter().cloned());
        for t in tables {
            if let Some(previous) = merged.previous(t) {
                self.check_jump(previous, t)?;
            }
        }
        Ok(())
    }

    fn check_jump(&self, previous: &Table, table: &Table) -> Result<(), String> {
        let max = self.inner.max_jump;
        for (code, q) in table.quotes() {
            let Some(p) = previous.quote(*code) else {
                continue;
            };
            let (now, before) = (per_unit(q.value, q.units), per_unit(p.value, p.units));
            let (Some(now), Some(before)) = (now, before) else {
                continue;
            };
            let factor = if now > before {
                now / before
            } else {
                before / now
            };
            if factor > max {
                let message = format!(
                    "suspicious: {code} moved by a factor of {} from {} to {} (limit {max}); not applied",
                    factor.round_dp(2),
                    previous.date(),
                    table.date()
                );
                tracing::warn!(source = %table.source(), "{message}");
                return Err(message);
            }
        }
        Ok(())
    }

    fn persist_state(&self, slot: &Slot) {
        let Some(dir) = &self.inner.data_dir else {
            return;
        };
        let persisted = slot.state().persisted(slot.known());
        if let Err(e) = dir.save_json(slot.source.id(), super::status::STATE_FILE, &persisted) {
            tracing::error!(source = %slot.source.id(), error = %e, "cannot persist source state");
        }
    }
}

fn per_unit(value: Decimal, units: Decimal) -> Option<Decimal> {
    value.checked_div(units).filter(|d| !d.is_zero())
}

impl SyncReport {
    fn add(&mut self, tables: Vec<Arc<Table>>) {
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
