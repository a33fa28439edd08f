//! The ranges `/{start}..{end}` and `/{start}..`: the question, normalised
//! (so that the render cache keys it), and its answer.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use kurs_rates::{CurrencyCode, LookupError, Table};

use super::failure::Failure;
use super::num::Num;
use super::params::{calendar_date, ecb, Params, Request};
use super::{respond, RangeBody, SOURCE};
use crate::api::heavy::{Cancel, CHECK_EVERY};
use crate::api::http::Rendered;
use crate::api::AppState;
use crate::{CrossRate, Rounding};

/// What `/{start}..{end}` and `/{start}..` ask, normalised: every table
/// from the one in force on `start` to the last one dated on or before
/// `end` (today when open), for a base, currencies and an amount.
pub(super) struct RangeQuestion {
    request: Request,
    /// The first table's date.
    first: NaiveDate,
    /// The last table's date.
    last: NaiveDate,
    /// The end as asked, which decides how long the answer stays fresh.
    end: Option<NaiveDate>,
    /// How many rates the answer holds at most.
    rates: usize,
}

impl RangeQuestion {
    /// Reads and checks the question, finding the tables it covers (two
    /// binary searches: cheap, on any thread).
    pub(super) fn parse(
        state: &AppState,
        params: &Params,
        start: &str,
        end: Option<&str>,
    ) -> Result<Self, Failure> {
        let amount = Request::amount(params)?;
        let start = calendar_date(start)?;
        let end = end.map(calendar_date).transpose()?;
        let book = state.service.book();
        let request = Request::currencies(params, amount, &book)?;
        let today = state.service.today();
        if start > today {
            return Err(Failure::NotFound);
        }
        let history = ecb(&book)?;
        // The table in force on `start`; before the first table, the range
        // simply starts with it (as Frankfurter's `coalesce` does).
        let first = match history.as_of(start) {
            Ok(t) => t.date(),
            Err(LookupError::BeforeFirst { .. }) => start,
            Err(_) => return Err(Failure::NotFound),
        };
        let tables = history.range(first, end.unwrap_or(today));
        let (Some(first), Some(last)) = (tables.first(), tables.last()) else {
            return Err(Failure::NotFound);
        };
        let currencies = match &request.symbols {
            Some(list) => list.len(),
            None => history.coverage().len(),
        };
        Ok(Self {
            rates: tables.len() * currencies,
            first: first.date(),
            last: last.date(),
            end,
            request,
        })
    }

    /// How many rates the answer holds at most (tables × currencies).
    pub(super) fn rates(&self) -> usize {
        self.rates
    }

    /// The render cache key: the same for every query asking the same
    /// thing (`from` or `base`, symbols in any order or repeated, the
    /// dates anywhere between the same tables, `1` or `1.0`, unknown
    /// parameters), different whenever the answer differs. The freshness
    /// follows from it too: an answer ends before the newest table exactly
    /// when the end asked for does.
    pub(super) fn key(&self) -> String {
        let r = &self.request;
        let symbols = match &r.symbols {
            Some(list) => {
                let mut codes: Vec<&str> = list.iter().map(CurrencyCode::as_str).collect();
                codes.sort_unstable();
                codes.dedup();
                codes.join(",")
            }
            None => "*".to_owned(),
        };
        let amount = r.amount.normalize();
        format!(
            "{}..{} {} {symbols} {amount}",
            self.first, self.last, r.base
        )
    }
}

/// The answer to `question`, or [`Failure::Cancelled`] once `cancel` says
/// it is no longer wanted (checked every [`CHECK_EVERY`] tables).
pub(super) fn range(
    state: &AppState,
    question: &RangeQuestion,
    cancel: &Cancel,
) -> Result<Rendered, Failure> {
    let book = state.service.book();
    let history = ecb(&book)?;
    let request = &question.request;
    let mut rates = BTreeMap::new();
    let tables = history.range(question.first, question.last);
    for (i, table) in tables.iter().enumerate() {
        if i % CHECK_EVERY == 0 {
            cancel.check().map_err(|_| Failure::Cancelled)?;
        }
        if let Some(day) = table_rates(table, request)? {
            rates.insert(table.date(), day);
        }
    }
    let (Some(start_date), Some(end_date)) = (
        rates.keys().next().copied(),
        rates.keys().next_back().copied(),
    ) else {
        return Err(Failure::NotFound);
    };
    let freshness = state.freshness(SOURCE, end_date, question.end);
    let last_modified = state.published(SOURCE, end_date);
    let body = RangeBody {
        amount: request.amount_json.clone(),
        base: request.base,
        start_date,
        end_date,
        rates,
    };
    respond(&body, freshness, last_modified)
}

/// One table's rates for `request`: `None` when the table lacks the base or
/// every currency asked for (Frankfurter leaves such a date out).
pub(super) fn table_rates(
    table: &Table,
    request: &Request,
) -> Result<Option<BTreeMap<CurrencyCode, Num>>, Failure> {
    let Some(base) = table.quote(request.base) else {
        return Ok(None);
    };
    let all: Vec<CurrencyCode>;
    let codes = match &request.symbols {
        Some(list) => list.as_slice(),
        None => {
            all = std::iter::once(table.base())
                .chain(table.quotes().iter().map(|(c, _)| *c))
                .collect();
            all.as_slice()
        }
    };
    let mut rates = BTreeMap::new();
    for code in codes.iter().filter(|c| **c != request.base) {
        let Some(quote) = table.quote(*code) else {
            continue;
        };
        let exact = CrossRate::between(base, quote)
            .and_then(|r| r.apply(request.amount, Rounding::None, 0))
            .map_err(|_| Failure::InvalidAmount)?;
        rates.insert(*code, Num::rate(exact));
    }
    Ok((!rates.is_empty()).then_some(rates))
}
