//! Answering from a live [`Store`]: the same questions as a [`Book`], with
//! tables of past dates fetched on demand for sources kurs holds only date
//! by date.

use std::collections::HashMap;

use chrono::NaiveDate;
use kurs_rates::{CurrencyCode, SourceId, Store, SyncMode};

use crate::{Book, Conversion, ConvertQuery, Error, RatesView};

/// The longest range a time series over a by-date source may span: each
/// date it does not hold is one upstream request.
pub const MAX_BY_DATE_RANGE: i64 = 31;

/// A [`Store`] with the questions kurs answers.
///
/// Each answer comes from one [`Book`], a consistent snapshot of every
/// history. Latest rates never wait on upstream (the refreshers keep them
/// fresh). A past date that a by-date source (Bank of Russia, NBP) does not
/// hold yet is fetched once, then kept; concurrent requests for it share
/// that one fetch.
#[derive(Clone)]
pub struct Service {
    store: Store,
    latest_on_demand: bool,
}

impl Service {
    /// A service over `store`, for a server: latest rates come from the
    /// refreshers, never from a fetch in the request's path.
    pub fn new(store: Store) -> Self {
        Self {
            store,
            latest_on_demand: false,
        }
    }

    /// The same service, but a question about the latest rates of a
    /// by-date source that is not up to date first syncs it: what a
    /// one-shot command line wants, since no refresher runs there.
    pub fn with_latest_on_demand(mut self) -> Self {
        self.latest_on_demand = true;
        self
    }

    /// The store behind the service.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// A snapshot of every history.
    pub fn book(&self) -> Book {
        Book::new(self.store.histories())
    }

    /// The newest date anywhere on Earth, by the store's clock.
    pub fn today(&self) -> NaiveDate {
        self.store.clock().newest_date()
    }

    /// Converts as `q` asks.
    pub async fn convert(&self, q: &ConvertQuery) -> Result<Conversion, Error> {
        let today = self.today();
        self.answer(q.source, q.date, |book| book.convert(q, today))
            .await
    }

    /// The rates of one table priced in `base` (see [`Book::rates`]).
    pub async fn rates(
        &self,
        base: CurrencyCode,
        symbols: Option<&[CurrencyCode]>,
        date: Option<NaiveDate>,
        source: Option<SourceId>,
    ) -> Result<RatesView, Error> {
        let today = self.today();
        self.answer(source, date, |book| {
            book.rates(base, symbols, date, source, today)
        })
        .await
    }

    /// One book for a whole batch, after fetching whatever by-date tables
    /// the batch needs: every item then answers from the same snapshot.
    pub async fn batch_book(&self, queries: &[ConvertQuery]) -> Book {
        let book = self.book();
        let today = self.today();
        let mut missing = std::collections::BTreeSet::new();
        for q in queries {
            if let Err(Error::Lookup(_) | Error::NoSourceCovers { .. }) = book.convert(q, today) {
                missing.insert((q.source, q.date));
            }
        }
        if missing.is_empty() {
            return book;
        }
        let mut errors = HashMap::new();
        for (source, date) in missing {
            errors.extend(self.fill(source, date).await.unwrap_or_default());
        }
        self.book().with_fetch_errors(errors)
    }

    /// The rates of every table from `start` to `end` (see
    /// [`Book::timeseries`]); a by-date source first fetches the dates of
    /// the range it does not hold.
    pub async fn timeseries(
        &self,
        base: CurrencyCode,
        symbols: Option<&[CurrencyCode]>,
        range: (NaiveDate, NaiveDate),
        source: Option<SourceId>,
    ) -> Result<Vec<RatesView>, Error> {
        let today = self.today();
        let ask = |book: &Book| book.timeseries(base, symbols, range, source, today);
        let first = ask(&self.book());
        let used = match &first {
            Ok(series) => match series.first() {
                Some(v) => v.source,
                None => return first,
            },
            Err(Error::Lookup(_) | Error::NoSourceCovers { .. }) => match source {
                Some(s) => s,
                None => return first,
            },
            Err(_) => return first,
        };
        let by_date: Vec<SourceId> = self
            .store
            .sources()
            .filter(|s| s.fetched_by_date() && s.id() == used)
            .map(|s| s.id())
            .collect();
        if by_date.is_empty() {
            return first;
        }
        let days = (range.1 - range.0).num_days() + 1;
        if days > MAX_BY_DATE_RANGE {
            return Err(Error::RangeTooLarge {
                days,
                max: MAX_BY_DATE_RANGE,
                source_id: used,
            });
        }
        let mut errors = HashMap::new();
        for id in by_date {
            for day in range.0.iter_days().take_while(|d| *d <= range.1) {
                if let Err(e) = self.store.ensure_date(id, day).await {
                    errors.insert(id, e.to_string());
                    break;
                }
            }
        }
        ask(&self.book().with_fetch_errors(errors))
    }

    /// Asks `question` of the current book; when it cannot answer and a
    /// by-date source lacks the date, fetches that and asks again.
    async fn answer<T: Answer>(
        &self,
        source: Option<SourceId>,
        date: Option<NaiveDate>,
        question: impl Fn(&Book) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let first = question(&self.book());
        match &first {
            Err(Error::Lookup(_) | Error::NoSourceCovers { .. }) => {}
            Ok(a) if date.is_none() && self.latest_on_demand && !self.up_to_date(a.source()) => {}
            _ => return first,
        }
        let Some(errors) = self.fill(source, date).await else {
            return first;
        };
        question(&self.book().with_fetch_errors(errors))
    }

    /// Whether `source` holds every table published up to yesterday.
    fn up_to_date(&self, source: SourceId) -> bool {
        let yesterday = self.store.clock().now().date_naive().pred_opt();
        let history = self.store.history(source);
        history.zip(yesterday).is_some_and(|(h, y)| h.answers(y))
    }

    /// Fetches what by-date sources lack for `date`: the table in force
    /// then, or, for the latest rates (with `latest_on_demand`), a sync of
    /// a source that is not up to date. `None` when there was nothing to
    /// fetch; otherwise the errors by source.
    async fn fill(
        &self,
        source: Option<SourceId>,
        date: Option<NaiveDate>,
    ) -> Option<HashMap<SourceId, String>> {
        let mut tried = false;
        let mut errors = HashMap::new();
        let wanted: Vec<SourceId> = self
            .store
            .sources()
            .filter(|s| s.fetched_by_date() && source.is_none_or(|id| id == s.id()))
            .map(|s| s.id())
            .collect();
        for id in wanted {
            let history = self.store.history(id)?;
            let outcome = match date {
                Some(d) if !history.answers(d) => self
                    .store
                    .ensure_date(id, d)
                    .await
                    .map_err(|e| e.to_string()),
                None if self.latest_on_demand && !self.up_to_date(id) => {
                    let synced = self.store.sync(id, SyncMode::CatchUp).await;
                    synced.map(|_| ()).map_err(|e| e.to_string())
                }
                _ => continue,
            };
            tried = true;
            if let Err(e) = outcome {
                errors.insert(id, e);
            }
        }
        tried.then_some(errors)
    }
}

/// An answer that names the source it came from.
trait Answer {
    fn source(&self) -> SourceId;
}

impl Answer for Conversion {
    fn source(&self) -> SourceId {
        self.source
    }
}

impl Answer for RatesView {
    fn source(&self) -> SourceId {
        self.source
    }
}
