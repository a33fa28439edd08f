//! Answering from a live [`Store`]: the same questions as a [`Book`], with
//! tables of past dates fetched on demand for sources kurs holds only date
//! by date.

use std::collections::HashMap;

use chrono::NaiveDate;
use kurs_rates::{CurrencyCode, SourceId, Store, SyncMode};

use crate::{Book, Conversion, ConvertQuery, Error, RatesView};

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
}

impl Service {
    /// A service over `store`.
    pub fn new(store: Store) -> Self {
        Self { store }
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

    /// Asks `question` of the current book; when it cannot answer and a
    /// by-date source lacks the date, fetches that and asks again.
    async fn answer<T>(
        &self,
        source: Option<SourceId>,
        date: Option<NaiveDate>,
        question: impl Fn(&Book) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let first = question(&self.book());
        match first {
            Err(Error::Lookup(_) | Error::NoSourceCovers { .. }) => {}
            done => return done,
        }
        let Some(errors) = self.fill(source, date).await else {
            return first;
        };
        question(&self.book().with_fetch_errors(errors))
    }

    /// Fetches what by-date sources lack for `date`: the table in force
    /// then, or, for the latest rates, anything at all when a source holds
    /// nothing yet. `None` when there was nothing to fetch; otherwise the
    /// errors by source.
    async fn fill(
        &self,
        source: Option<SourceId>,
        date: Option<NaiveDate>,
    ) -> Option<HashMap<SourceId, String>> {
        let mut tried = false;
        let mut errors = HashMap::new();
        let wanted = self
            .store
            .sources()
            .filter(|s| s.fetched_by_date() && source.is_none_or(|id| id == s.id()))
            .map(|s| s.id())
            .collect::<Vec<_>>();
        for id in wanted {
            let history = self.store.history(id)?;
            let outcome = match date {
                Some(d) if !history.answers(d) => self
                    .store
                    .ensure_date(id, d)
                    .await
                    .map_err(|e| e.to_string()),
                None if history.is_empty() => self
                    .store
                    .sync(id, SyncMode::CatchUp)
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string()),
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
