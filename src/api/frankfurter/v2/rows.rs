//! Rows `{date, base, quote, rate}` from the tables the service answers
//! with, each rate recomputed exactly from the published quotes.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use kurs_rates::{CurrencyCode, History, LookupError, SourceId};
use rust_decimal::Decimal;
use serde::Serialize;

use super::ask::{Ask, Group, When};
use super::failure::Failure;
use crate::api::frankfurter::num::Num;
use crate::api::AppState;
use crate::{Book, CrossRate, Error, RatesView, Rounding};

/// One rate of one source, in `expand=providers`.
#[derive(Debug, Clone, Serialize)]
struct ProviderRate {
    key: String,
    rate: Num,
}

/// One row: a rate on a date.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Row {
    pub(super) date: NaiveDate,
    pub(super) base: CurrencyCode,
    pub(super) quote: CurrencyCode,
    pub(super) rate: Num,
    #[serde(skip_serializing_if = "Option::is_none")]
    providers: Option<Vec<ProviderRate>>,
}

/// The v2 key of a source: its id upper-cased.
pub(super) fn key(source: SourceId) -> String {
    source.as_str().to_ascii_uppercase()
}

/// The exact rate of `quote` in `base` in `history`'s table of `date`.
fn exact(
    history: &History,
    date: NaiveDate,
    base: CurrencyCode,
    quote: CurrencyCode,
) -> Option<Decimal> {
    let table = history.get(date)?;
    let from = history.quote_in(table, base).ok()?;
    let to = history.quote_in(table, quote).ok()?;
    CrossRate::between(from, to)
        .ok()?
        .apply(Decimal::ONE, Rounding::None, 0)
        .ok()
}

/// Every source that published the pair on `date`, with its own rate.
fn provider_rates(
    book: &Book,
    date: NaiveDate,
    base: CurrencyCode,
    quote: CurrencyCode,
) -> Vec<ProviderRate> {
    book.histories()
        .filter_map(|h| {
            let rate = exact(h, date, base, quote)?;
            Some(ProviderRate {
                key: key(h.source()),
                rate: Num::rate(rate),
            })
        })
        .collect()
}

/// The rows of one table, as the view has them, each rate recomputed
/// exactly from the source's quotes (the view's are rounded for display),
/// sorted by quote. With `identity`, the base's own row (rate 1) is among
/// them, as Frankfurter v2 answers when the quotes filter lets it through.
pub(super) fn rows_of(
    book: &Book,
    view: &RatesView,
    expand: bool,
    identity: bool,
) -> Vec<(Row, Decimal)> {
    let history = book.history(view.source);
    let mut rows: Vec<(Row, Decimal)> = view
        .rates
        .iter()
        .filter(|(c, _)| *c != view.base)
        .map(|(quote, shown)| {
            let rate = history
                .and_then(|h| exact(h, view.date, view.base, *quote))
                .unwrap_or(*shown);
            let providers = expand.then(|| provider_rates(book, view.date, view.base, *quote));
            let row = Row {
                date: view.date,
                base: view.base,
                quote: *quote,
                rate: Num::rate(rate),
                providers,
            };
            (row, rate)
        })
        .collect();
    if identity {
        let row = Row {
            date: view.date,
            base: view.base,
            quote: view.base,
            rate: Num::rate(Decimal::ONE),
            providers: None,
        };
        let at = rows.partition_point(|(r, _)| r.quote < view.base);
        rows.insert(at, (row, Decimal::ONE));
    }
    rows
}

/// The series averaged by period: one row per period and quote, dated at
/// the period's start.
pub(super) fn grouped(
    book: &Book,
    views: &[RatesView],
    group: Group,
    identity: bool,
) -> Result<Vec<Row>, Failure> {
    let mut sums: BTreeMap<(NaiveDate, CurrencyCode), (CurrencyCode, Decimal, u32)> =
        BTreeMap::new();
    for view in views {
        for (row, rate) in rows_of(book, view, false, identity) {
            let slot = sums.entry((group.start(row.date), row.quote)).or_insert((
                row.base,
                Decimal::ZERO,
                0,
            ));
            slot.1 = slot
                .1
                .checked_add(rate)
                .ok_or_else(|| Failure::invalid("rates too large to average"))?;
            slot.2 += 1;
        }
    }
    Ok(sums
        .into_iter()
        .map(|((date, quote), (base, sum, n))| Row {
            date,
            base,
            quote,
            rate: Num::rate(sum / Decimal::from(n)),
            providers: None,
        })
        .collect())
}

/// The tables an [`Ask`] covers, through the service (which fetches what a
/// by-date source lacks), from the first provider that answers.
pub(super) async fn views(state: &AppState, ask: &Ask) -> Result<Vec<RatesView>, Failure> {
    let sources: Vec<Option<SourceId>> = match &ask.providers {
        Some(list) => list.iter().copied().map(Some).collect(),
        None => vec![None],
    };
    let quotes = ask.quotes.as_deref();
    let mut last = Failure::not_found("no data");
    for source in sources {
        let answer = match ask.when {
            When::Latest => state
                .service
                .rates(ask.base, quotes, None, source)
                .await
                .map(|v| vec![v]),
            When::On(d) => state
                .service
                .rates(ask.base, quotes, Some(d), source)
                .await
                .map(|v| vec![v]),
            When::Span(f, t) => series(state, ask, (f, t), source).await,
        };
        match answer {
            Ok(views) if !views.is_empty() => return Ok(views),
            Ok(_) => last = Failure::not_found("no data for these dates"),
            Err(e) => last = Failure::from(e),
        }
    }
    Err(last)
}

/// A series from `source` (or the policy's); one that starts before the
/// source's first table starts with it, as Frankfurter's ranges do.
async fn series(
    state: &AppState,
    ask: &Ask,
    (from, to): (NaiveDate, NaiveDate),
    source: Option<SourceId>,
) -> Result<Vec<RatesView>, Error> {
    let quotes = ask.quotes.as_deref();
    let answer = state
        .service
        .timeseries(ask.base, quotes, (from, to), source)
        .await;
    match answer {
        Err(Error::Lookup(LookupError::BeforeFirst { first, .. })) if first <= to => {
            state
                .service
                .timeseries(ask.base, quotes, (first, to), source)
                .await
        }
        answer => answer,
    }
}
