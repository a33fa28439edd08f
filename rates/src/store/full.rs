//! `kurs sync --full` for a source whose history takes several requests:
//! ranges of dates (the NBU) or one series per currency (the Bank of
//! Russia), as the source's [`FullPlan`] says. The requests go one after
//! the other, never in parallel: a backfill is no reason to hammer a bank.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

use super::apply::Asked;
use super::{Slot, Store, SyncError, SyncMode, SyncReport};
use crate::{
    CurrencyCode, DateRange, Expected, FullPlan, Quote, Response, SeriesId, SeriesPlan, SourceId,
    Table,
};

/// How far a full sync has gone, for a progress bar or a log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FullProgress {
    /// Requests answered so far (skipped ones count as done).
    pub done: usize,
    /// Requests the plan holds, as far as it is known (a series plan knows
    /// its count once its index is answered).
    pub total: usize,
    /// Of `done`, the requests not made because what they would bring is
    /// already held (a resumed sync).
    pub skipped: usize,
}

/// Quotes assembled from series: by date, every currency recorded then.
type ByDate = BTreeMap<NaiveDate, Vec<(CurrencyCode, Quote)>>;

impl Store {
    /// Fetches the whole published history of `source` as its
    /// [`FullPlan`] says, calling `progress` after every request, and
    /// applies what came. A source with one request for its history (or
    /// none) syncs as [`Store::sync`] with [`SyncMode::Full`] does.
    ///
    /// Ranges are applied one by one as they come, and a range whose
    /// every date the history already answers is skipped, so a sync cut
    /// short resumes where it stopped. Series are assembled into per-date
    /// tables only once every series has come (a table of some currencies
    /// only would hide the others), then applied a year at a time: a year
    /// that fails a sanity check is reported in [`SyncReport::rejected`]
    /// and the other years are kept. Dates whose table is already held
    /// keep it (it came from the bank's own daily table), and the span
    /// asked starts at the first date the history does not answer.
    pub async fn sync_full(
        &self,
        source: SourceId,
        progress: &mut (dyn FnMut(FullProgress) + Send),
    ) -> Result<SyncReport, SyncError> {
        let slot = self.slot(source).ok_or(SyncError::UnknownSource(source))?;
        let today = self.inner.clock.now().date_naive();
        let report = match slot.source.full_plan(today) {
            Some(FullPlan::Ranges(ranges)) => self.sync_ranges(slot, ranges, progress).await?,
            Some(FullPlan::Series(plan)) => {
                let started = self.inner.clock.now();
                let outcome = self.sync_series(slot, &*plan, progress).await;
                self.note_outcome(slot, started, &outcome).await;
                outcome?
            }
            Some(FullPlan::Whole(_)) | None => {
                let report = self.sync(source, SyncMode::Full).await?;
                progress(FullProgress {
                    done: 1,
                    total: 1,
                    skipped: 0,
                });
                return Ok(report);
            }
        };
        self.finish(slot, report).await
    }

    async fn sync_ranges(
        &self,
        slot: &Slot,
        ranges: Vec<DateRange>,
        progress: &mut (dyn FnMut(FullProgress) + Send),
    ) -> Result<SyncReport, SyncError> {
        let mut report = SyncReport::new(slot.source.id());
        let mut step = FullProgress {
            done: 0,
            total: ranges.len(),
            skipped: 0,
        };
        for range in ranges {
            let history = slot.history();
            if range
                .start
                .iter_days()
                .take_while(|d| *d <= range.end)
                .all(|d| history.answers(d))
            {
                step.skipped += 1;
            } else {
                let asked = Asked::Range(range.start, range.end);
                report.add(self.fetch_and_apply(slot, &range.path, asked).await?);
            }
            step.done += 1;
            progress(step);
        }
        Ok(report)
    }

    async fn sync_series(
        &self,
        slot: &Slot,
        plan: &dyn SeriesPlan,
        progress: &mut (dyn FnMut(FullProgress) + Send),
    ) -> Result<SyncReport, SyncError> {
        let mut report = SyncReport::new(slot.source.id());
        let published = plan.end().min(self.published_by_now(slot.source.id()));
        let Some(start) = self.first_unanswered(slot, plan.start(), published) else {
            progress(FullProgress {
                done: 1,
                total: 1,
                skipped: 1,
            });
            return Ok(report);
        };
        // The series of every sampled daily table; samples before the
        // first the bank can answer (dates before its first table) move
        // the start to that first one, any failure after it fails the sync.
        let indexes = plan.indexes(start);
        let mut step = FullProgress {
            done: 0,
            total: indexes.len() + 1,
            skipped: 0,
        };
        let mut series: Vec<SeriesId> = Vec::new();
        let mut readable_since = None;
        let mut unreadable = None;
        let mut index = None;
        for (date, path) in indexes {
            let index = index.insert(path);
            let body = self.body(slot, index, Expected::Tables).await?;
            match plan.series(&body) {
                Ok(listed) => {
                    readable_since.get_or_insert(date);
                    for one in listed {
                        if !series.iter().any(|known| known.key == one.key) {
                            series.push(one);
                        }
                    }
                }
                Err(error) if readable_since.is_none() => {
                    unreadable = Some(self.parse_error(slot, index, error));
                }
                Err(error) => return Err(self.parse_error(slot, index, error)),
            }
            step.done += 1;
            progress(step);
        }
        let Some(since) = readable_since else {
            return Err(unreadable.expect("a plan has at least one index"));
        };
        let start = start.max(since);
        let index = plan
            .indexes(start)
            .pop()
            .map(|(_, path)| path)
            .unwrap_or_default();
        step.total = step.done + series.len();
        progress(step);
        let mut by_date = ByDate::new();
        for one in &series {
            let path = plan.request(one, start, plan.end());
            let body = self.body(slot, &path, Expected::History).await?;
            let quotes = plan
                .parse(one, &body)
                .map_err(|error| self.parse_error(slot, &path, error))?;
            for (date, quote) in quotes {
                by_date.entry(date).or_default().push((one.code, quote));
            }
            step.done += 1;
            progress(step);
        }
        let tables = self.assemble(slot, by_date, start)?;
        let label = match series.first() {
            Some(one) => format!("{}{}", slot.origin, plan.request(one, start, plan.end())),
            None => format!("{}{index}", slot.origin),
        };
        let mut tables = by_year(tables);
        let mut answered = Vec::new();
        for year in start.year()..=plan.end().year() {
            let span = (start.max(first_of(year)), plan.end().min(last_of(year)));
            let Some(tables) = tables.remove(&year) else {
                // Every series was asked and none has a record here.
                answered.extend(self.cap_known(slot.source.id(), span, &[]));
                continue;
            };
            let known = self.cap_known(slot.source.id(), span, &tables);
            match self.apply(slot, &label, &tables, known).await {
                Ok(_) => report.add(tables),
                Err(e) => report.rejected.push(format!("{year}: {e}")),
            }
        }
        self.mark_answered(slot, &answered).await;
        Ok(report)
    }

    /// Marks `spans` as answered by the tables held before them (no table
    /// was published in them), for a source fetched date by date.
    async fn mark_answered(&self, slot: &Slot, spans: &[(NaiveDate, NaiveDate)]) {
        if spans.is_empty() || !slot.source.fetched_by_date() {
            return;
        }
        let _writer = slot.writer.lock().await;
        let mut known = slot.known();
        for (start, end) in spans {
            known.insert(*start, *end);
        }
        let current = slot.history();
        if current.known() != Some(&known) {
            let next = (*current).clone().with_known(known);
            self.publish(slot, next);
            slot.state().dirty = true;
        }
    }

    /// Notes a series sync in the source's status (as every fetch of a
    /// range is): when it was tried, and whether it succeeded. A failure
    /// applied nothing; it is logged and the status written.
    async fn note_outcome(
        &self,
        slot: &Slot,
        started: chrono::DateTime<chrono::Utc>,
        outcome: &Result<SyncReport, SyncError>,
    ) {
        let now = self.inner.clock.now();
        slot.state().attempted(started);
        match outcome {
            Ok(_) => slot.state().succeeded(now),
            Err(e) => {
                tracing::warn!(source = %slot.source.id(), error = %e, "full sync failed; data held is unchanged");
                {
                    let mut state = slot.state();
                    state.failed(now, e);
                    state.dirty = true;
                }
                self.write_state(slot).await;
            }
        }
    }

    /// Saves what came and says what the source now holds.
    async fn finish(&self, slot: &Slot, mut report: SyncReport) -> Result<SyncReport, SyncError> {
        self.persist(slot).await;
        self.write_state(slot).await;
        report.latest = slot.history().latest().map(|t| t.date());
        report.persist_error = slot.state().persist_error.clone();
        Ok(report)
    }

    /// The first date from `start` to `end` on which the source publishes
    /// and whose answer the history does not know.
    fn first_unanswered(&self, slot: &Slot, start: NaiveDate, end: NaiveDate) -> Option<NaiveDate> {
        let history = slot.history();
        let schedule = slot.source.schedule();
        start
            .iter_days()
            .take_while(|d| *d <= end)
            .find(|d| !history.answers(*d) && schedule.publication_of(*d).is_some())
    }

    /// One table per date of `by_date`, except the dates whose table is
    /// already held: that one is the bank's daily table, kept as it is.
    fn assemble(
        &self,
        slot: &Slot,
        by_date: ByDate,
        start: NaiveDate,
    ) -> Result<Vec<Arc<Table>>, SyncError> {
        let history = slot.history();
        let source = slot.source.id();
        by_date
            .into_iter()
            .filter(|(date, _)| *date >= start && history.get(*date).is_none())
            .map(|(date, quotes)| {
                Table::new(source, date, slot.source.base_on(date), quotes)
                    .map(Arc::new)
                    .map_err(|e| {
                        let url = format!("{}: the series of {date}", slot.origin);
                        SyncError::Rejected {
                            url,
                            reason: e.to_string(),
                        }
                    })
            })
            .collect()
    }

    /// `known`, but never past the date an answer for the newest table
    /// would tell, nor before the first table (none is held earlier).
    fn cap_known(
        &self,
        source: SourceId,
        (start, end): (NaiveDate, NaiveDate),
        tables: &[Arc<Table>],
    ) -> Option<(NaiveDate, NaiveDate)> {
        let published = self.published_by_now(source);
        let newest = tables.iter().map(|t| t.date()).max().unwrap_or(published);
        let end = end.min(published.max(newest));
        (start <= end).then_some((start, end))
    }

    /// GETs `path` with the transport's retries and returns the body.
    async fn body(
        &self,
        slot: &Slot,
        path: &str,
        expected: Expected,
    ) -> Result<Vec<u8>, SyncError> {
        let url = format!("{}{}", slot.origin, path);
        match self.send(&url, None, None, expected, false).await {
            Ok(Response::Body { bytes, .. }) => Ok(bytes.to_vec()),
            Ok(Response::NotModified) => Ok(Vec::new()),
            Err(e) => Err(SyncError::Fetch(e)),
        }
    }

    fn parse_error(&self, slot: &Slot, path: &str, error: crate::ParseError) -> SyncError {
        SyncError::Parse {
            url: format!("{}{}", slot.origin, path),
            error,
        }
    }
}

/// The tables grouped by year, oldest first.
fn by_year(tables: Vec<Arc<Table>>) -> BTreeMap<i32, Vec<Arc<Table>>> {
    let mut years: BTreeMap<i32, Vec<Arc<Table>>> = BTreeMap::new();
    for t in tables {
        years.entry(t.date().year()).or_default().push(t);
    }
    years
}

fn first_of(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN)
}

fn last_of(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}
