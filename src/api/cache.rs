//! What both HTTP front ends share around an answer: the render cache
//! ([`AppState::cached`]) and how long an answer stays fresh
//! ([`AppState::freshness`], [`AppState::published`]).

use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use kurs_rates::SourceId;

use super::http::{Freshness, Rendered};
use super::AppState;

/// When a rendered answer enters the render cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admit {
    /// The first time it is rendered: for heavy answers, whose render costs
    /// far more than a cache insert (the cache's own TinyLFU admission
    /// still keeps one-off entries from evicting popular ones).
    FirstAsk,
    /// The second time its key is asked (see [`super::http::Doorkeeper`]),
    /// so a stream of one-off cheap questions costs no inserts.
    SecondAsk,
}

impl AppState {
    /// Serves a rendered response from the render cache, rendering it on a
    /// miss; caches a query the second time it is asked (see
    /// [`super::http::Doorkeeper`]). Problems are answered as they come,
    /// not cached.
    pub(super) async fn cached<E: IntoResponse>(
        &self,
        route: &'static str,
        query: &str,
        render: impl std::future::Future<Output = Result<Rendered, E>>,
    ) -> Response {
        self.cached_as(route, query, Admit::SecondAsk, render).await
    }

    /// [`AppState::cached`] under `key`, admitted into the cache as
    /// `admit` says.
    pub(super) async fn cached_as<E: IntoResponse>(
        &self,
        route: &'static str,
        key: &str,
        admit: Admit,
        render: impl std::future::Future<Output = Result<Rendered, E>>,
    ) -> Response {
        let generation = self.service.store().generation();
        let key = (route, generation, Box::<str>::from(key));
        if let Some(hit) = self.rendered.get(&key) {
            return hit.response();
        }
        let admitted = |key: &str| match admit {
            Admit::FirstAsk => true,
            Admit::SecondAsk => self.doorkeeper.seen_before(route, key),
        };
        match render.await {
            Ok(rendered) if admitted(&key.2) => {
                let rendered = std::sync::Arc::new(rendered);
                self.rendered.insert(key, rendered.clone());
                rendered.response()
            }
            Ok(rendered) => rendered.response(),
            Err(problem) => problem.into_response(),
        }
    }

    /// Past tables never change; an answer from the newest table lives
    /// until the source's next expected publication.
    pub(super) fn freshness(
        &self,
        source: SourceId,
        date: NaiveDate,
        requested: Option<NaiveDate>,
    ) -> Freshness {
        let history = self.service.store().history(source);
        let newest = history.as_ref().and_then(|h| h.latest()).map(|t| t.date());
        match (requested, newest) {
            (Some(r), Some(n)) if date < n && r < n => Freshness::Immutable,
            _ => {
                let schedule = source.schedule();
                let (_, at) = schedule.next_publication(self.service.store().clock().now());
                Freshness::Until(at)
            }
        }
    }

    /// How long a conversion stays fresh, and when its data was published:
    /// over every source it used (a cross answer is only as durable as its
    /// least durable leg, and as recent as its newest), and only briefly
    /// when it is a fallback, which a later fetch may replace.
    pub(super) fn conversion_freshness(
        &self,
        c: &crate::Conversion,
    ) -> (Freshness, Option<DateTime<Utc>>) {
        let single = [crate::Leg {
            source: c.source,
            date: c.date,
        }];
        let legs = c.legs.as_deref().unwrap_or(&single);
        let last_modified = legs
            .iter()
            .filter_map(|l| self.published(l.source, l.date))
            .max();
        if c.fallback.is_some() {
            return (Freshness::Short, last_modified);
        }
        let each = legs
            .iter()
            .map(|l| self.freshness(l.source, l.date, c.requested_date));
        let freshness = each
            .reduce(|a, b| match (a, b) {
                (Freshness::Immutable, other) | (other, Freshness::Immutable) => other,
                (Freshness::Short, _) | (_, Freshness::Short) => Freshness::Short,
                (Freshness::Until(x), Freshness::Until(y)) => Freshness::Until(x.min(y)),
            })
            .unwrap_or(Freshness::Short);
        (freshness, last_modified)
    }

    /// When the table of `date` was published.
    pub(super) fn published(&self, source: SourceId, date: NaiveDate) -> Option<DateTime<Utc>> {
        source.schedule().publication_of(date)
    }
}
