//! Answering from a live [`Store`]: the same questions as a [`Book`], with
//! tables of past dates fetched on demand for sources kurs holds only date
//! by date.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use kurs_rates::{CurrencyCode, SourceId, Store, SyncMode};

use crate::{Book, Conversion, ConvertQuery, Error, RatesView};

/// The longest range a time series over a by-date source may span: each
/// date it does not hold is one upstream request.
pub const MAX_BY_DATE_RANGE: i64 = 31;

/// The most by-date tables one request (a conversion, a batch) may fetch
/// from the banks; the rest of a batch answers as not held, so that no
/// request fans out into many upstream requests.
pub const MAX_FETCHES_PER_REQUEST: usize = 8;

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
        let book = self
            .prepared(q.source, &[q.from.code, q.to.code], q.date)
            .await;
        book.convert(q, today)
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
        let book = self.prepared(source, &codes(base, symbols), date).await;
        book.rates(base, symbols, date, source, today)
    }

    /// One book for a whole batch, after fetching whatever by-date tables
    /// the source policy consults for its items: every item then answers
    /// from the same snapshot.
    pub async fn batch_book(&self, queries: &[ConvertQuery]) -> Book {
        let today = self.today();
        self.prepared_with(|book| {
            let each = |q: &ConvertQuery| {
                let codes = [q.from.code, q.to.code];
                let (sources, date) = (book.consulted(q.source, &codes, q.date, today), q.date);
                sources.into_iter().map(move |s| (s, date))
            };
            queries.iter().flat_map(each).collect()
        })
        .await
    }

    /// A book holding the table of `date` of every source fetched date by
    /// date that the policy would consult for `codes` there (fetched first
    /// where missing, within the per-request budget): the tables that
    /// list every source that published a pair that day.
    pub async fn every_source_book(&self, codes: &[CurrencyCode], date: NaiveDate) -> Book {
        let today = self.today();
        let by_date: Vec<SourceId> = self
            .store
            .sources()
            .filter(|s| s.fetched_by_date())
            .map(|s| s.id())
            .collect();
        self.prepared_with(|book| {
            by_date
                .iter()
                .flat_map(|s| book.consulted(Some(*s), codes, Some(date), today))
                .map(|s| (s, Some(date)))
                .collect()
        })
        .await
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
        let first = ask(&self
            .prepared(source, &codes(base, symbols), Some(range.1))
            .await);
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

    /// A book that holds every table the source policy consults to
    /// answer for `codes` on `date` (see [`Book::consulted`]), fetched
    /// first where missing, so that the answer is the same whatever was
    /// fetched before. What could not be fetched is remembered in the book
    /// and shows in the answer's `fallback` or error.
    async fn prepared(
        &self,
        source: Option<SourceId>,
        codes: &[CurrencyCode],
        date: Option<NaiveDate>,
    ) -> Book {
        let today = self.today();
        self.prepared_with(|book| {
            let sources = book.consulted(source, codes, date, today);
            sources.into_iter().map(|s| (s, date)).collect()
        })
        .await
    }

    /// A book after fetching, one at a time and in the order `wanted`
    /// names them, the (source, date) tables the store lacks, each tried
    /// once. The policy is asked again after each fetch, since a fetched
    /// table can change what it consults next: the preferred source is
    /// always tried first, and a question stops fetching as soon as a
    /// source answers it. Past [`MAX_FETCHES_PER_REQUEST`], what is still
    /// wanted is marked as not fetched by this request.
    async fn prepared_with(
        &self,
        wanted: impl Fn(&Book) -> Vec<(SourceId, Option<NaiveDate>)>,
    ) -> Book {
        let mut errors = HashMap::new();
        let mut tried = BTreeSet::new();
        loop {
            let book = self.book().with_fetch_errors(errors.clone());
            let mut todo = wanted(&book)
                .into_iter()
                .filter(|(s, date)| !tried.contains(&(*s, *date)) && self.needs_fetch(*s, *date));
            let Some((s, date)) = todo.next() else {
                return book;
            };
            if tried.len() >= MAX_FETCHES_PER_REQUEST {
                let why = format!(
                    "one request fetches at most {MAX_FETCHES_PER_REQUEST} tables from the banks; ask again for the rest"
                );
                for (s, _) in std::iter::once((s, date)).chain(todo) {
                    errors.entry(s).or_insert_with(|| why.clone());
                }
                return self.book().with_fetch_errors(errors);
            }
            tried.insert((s, date));
            if let Err(e) = self.fetch(s, date).await {
                errors.insert(s, e);
            }
        }
    }

    /// Whether `source` lacks the table for `date`: a by-date source that
    /// does not know the date, or, for the latest rates when this service
    /// fetches them on demand, a source that is not up to date.
    fn needs_fetch(&self, source: SourceId, date: Option<NaiveDate>) -> bool {
        let Some(history) = self.store.history(source) else {
            return false;
        };
        match date {
            Some(d) => !history.answers(d),
            None => self.latest_on_demand && !self.up_to_date(source),
        }
    }

    /// Fetches the table of `source` for `date` (a sync for the latest).
    async fn fetch(&self, source: SourceId, date: Option<NaiveDate>) -> Result<(), String> {
        let outcome = match date {
            Some(d) => self
                .store
                .ensure_date(source, d)
                .await
                .map_err(|e| e.to_string()),
            None => match self.store.sync(source, SyncMode::CatchUp).await {
                Ok(_) => Ok(()),
                Err(e) => Err(e.to_string()),
            },
        };
        outcome
    }

    /// Whether `source` holds every table published up to yesterday.
    fn up_to_date(&self, source: SourceId) -> bool {
        let yesterday = self.store.clock().now().date_naive().pred_opt();
        let history = self.store.history(source);
        history.zip(yesterday).is_some_and(|(h, y)| h.answers(y))
    }
}

/// The currencies a rates question is about: the base, then the symbols.
fn codes(base: CurrencyCode, symbols: Option<&[CurrencyCode]>) -> Vec<CurrencyCode> {
    std::iter::once(base)
        .chain(symbols.unwrap_or_default().iter().copied())
        .collect()
}
