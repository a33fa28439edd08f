//! Frankfurter v1 compatibility under `/frankfurter`.
//!
//! An existing Frankfurter client pointed at `http://HOST:PORT/frankfurter`
//! works unmodified: the same paths (`/latest`, `/{date}`,
//! `/{start}..{end}`, `/{start}..`, `/currencies`), the same query
//! parameters (`amount`; `from` or its alias `base`; `to` or its alias
//! `symbols`), the same JSON shapes with JSON numbers, the same date
//! snapping and the same status codes and `{"message": ...}` error bodies.
//! Frankfurter serves the ECB's reference rates only, so these routes always
//! answer from kurs's ECB history, whatever other sources kurs has.
//!
//! # Numbers
//!
//! Each rate is computed exactly (`amount × cross rate`, one division), then
//! rounded the way Frankfurter's `Roundable#round` rounds it, by magnitude:
//! above 5000 to a whole number (emitted as a JSON integer, half away from
//! zero), above 80 to 2 decimals, above 20 to 3, above 1 to 4, above 0.0001
//! to 5, otherwise 6. Like Frankfurter, that formatting (Ruby's
//! `format('%.2f', value)`) rounds the binary double nearest the value, so a
//! published figure that ends on an exact decimal tie comes out as
//! Frankfurter prints it: SIT `189.045` (1999-01-04) is `189.04`, not
//! `189.05` (858 of the ECB's 221,702 published figures are such ties). Floats are written as Ruby writes
//! them: `136.0`, `41.83`, `4.9e-05`.
//!
//! # Differences from Frankfurter that remain
//!
//! * Rates against a base other than EUR are the exact cross rate, rounded
//!   once. Frankfurter first rounds both EUR rates by magnitude and then
//!   divides the rounded figures, so its last digit can differ: over the
//!   whole history, for about 2.6% of the rates from USD (5,795 of 221,702;
//!   e.g. USD->SIT on 1999-01-04 is 160.36 here, 160.35 there), 2.1% from
//!   GBP and 2.4% from JPY. Rates from EUR are identical.
//! * Errors are Frankfurter's plain `{"message": "..."}` JSON (not kurs's
//!   `application/problem+json`), sent with `Cache-Control: no-store`.
//! * `amount` must be a plain decimal number (`100`, `10.5`); Frankfurter
//!   also reads `1e2` or `10abc` as Ruby's `to_f` would. An amount whose
//!   exact product needs more than the 28 significant digits kurs computes
//!   exactly is refused with `422 {"message":"invalid amount"}`.
//! * A currency code that the ECB never published (or that is not a
//!   three-letter code) is `404 {"message":"not found"}` even inside a list
//!   of valid ones; Frankfurter drops it from the list silently (and answers
//!   an unknown `from` with a 422 whose message is a Ruby exception text).
//!   A code the ECB published at some time but not on a given date is left
//!   out of that date's rates, as Frankfurter does; if nothing is left, 404.
//! * Caching follows kurs's rules: a strong ETag from the body (Frankfurter
//!   hashes the data date), `Cache-Control` immutable for past tables and
//!   until the ECB's next publication for the latest one (Frankfurter sends
//!   `max-age=900` everywhere), and `Last-Modified`.
//! * "Today" (for future dates and open ranges) is the newest calendar date
//!   anywhere on Earth, not the server's local date.
//! * Other methods than GET/HEAD get kurs's 405 problem; a range has no size
//!   limit, as in Frankfurter (the whole history is about 3 MB of JSON),
//!   but a large one (more than [`HEAVY_RATES`] rates) is heavy work: at
//!   most one per core is rendered at a time, and one more is refused with
//!   kurs's `503 overloaded` problem and `Retry-After` (see
//!   [`super::heavy`]). Range answers are cached by the question they ask,
//!   normalised, not by the raw query string.

mod failure;
mod names;
mod num;
mod params;
mod range;
pub(super) mod v2;

use std::collections::BTreeMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, NaiveDate, Utc};
use kurs_rates::{CurrencyCode, SourceId};
use serde::Serialize;

use super::cache::Admit;
use super::heavy::{self, Cancel, HEAVY_RATES};
use super::http::{Freshness, Rendered};
use super::metrics::HeavyRoute;
use super::AppState;
use failure::Failure;
use names::name;
use num::Num;
pub use params::parse_frankfurter_request;
use params::{calendar_date, ecb, Params, Request, Spec};
use range::{range, table_rates, RangeQuestion};

/// Frankfurter serves the ECB's rates only.
const SOURCE: SourceId = SourceId::ECB;

/// The content type Frankfurter sends.
const JSON: &str = "application/json; charset=utf-8";

/// The Frankfurter routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/frankfurter", get(unknown_route))
        .route("/frankfurter/", get(unknown_route))
        .route("/frankfurter/{spec}", get(endpoint))
        .route("/frankfurter/{spec}/", get(unknown_route))
        .route("/frankfurter/{spec}/{*rest}", get(unknown_route))
}

async fn unknown_route() -> Failure {
    Failure::NotFound
}

/// `GET /frankfurter/{spec}`.
async fn endpoint(
    State(state): State<AppState>,
    Path(segment): Path<String>,
    RawQuery(raw): RawQuery,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let Some(spec) = Spec::parse(&segment) else {
        return Failure::NotFound.into_response();
    };
    let params = query.map(|Query(pairs)| Params::from_pairs(pairs));
    if let (Spec::Range(start, end), Ok(p)) = (spec, &params) {
        return range_endpoint(&state, p, start, end).await;
    }
    let key = format!("{segment}?{}", raw.unwrap_or_default());
    let answer = async {
        match (spec, params) {
            (Spec::Currencies, _) => currencies(&state),
            (_, Err(_)) => Err(Failure::NotFound),
            (Spec::Latest, Ok(p)) => day(&state, &p, None),
            (Spec::Date(date), Ok(p)) => day(&state, &p, Some(date)),
            (Spec::Range(..), Ok(_)) => Err(Failure::Internal),
        }
    };
    state.cached("/frankfurter", &key, answer).await
}

/// The render cache's route for range answers, keyed by
/// [`RangeQuestion::key`] rather than by the raw query.
const RANGE_ROUTE: &str = "/frankfurter/range";

/// `/{start}..{end}` and `/{start}..`: cached by the question it asks once
/// normalised; a heavy one rendered off the async workers under a heavy
/// permit (or refused with 503), and stopped if its client leaves.
async fn range_endpoint(
    state: &AppState,
    params: &Params,
    start: &str,
    end: Option<&str>,
) -> Response {
    let question = match RangeQuestion::parse(state, params, start, end) {
        Ok(q) => q,
        Err(failure) => return failure.into_response(),
    };
    let key = question.key();
    if question.rates() <= HEAVY_RATES {
        let answer = async {
            let (cancel, _guard) = Cancel::new();
            range(state, &question, &cancel)
        };
        return state
            .cached_as(RANGE_ROUTE, &key, Admit::SecondAsk, answer)
            .await;
    }
    let answer = async {
        let owned = state.clone();
        let work = move |cancel: &Cancel| range(&owned, &question, cancel);
        match heavy::run(state, HeavyRoute::Frankfurter, work).await {
            Ok(Ok(rendered)) => Ok(rendered),
            Ok(Err(failure)) => Err(failure.into_response()),
            Err(refused) => Err(refused.into_response()),
        }
    };
    state
        .cached_as(RANGE_ROUTE, &key, Admit::FirstAsk, answer)
        .await
}

/// The body of `/latest` and `/{date}`.
#[derive(Serialize)]
struct DayBody {
    amount: Num,
    base: CurrencyCode,
    date: NaiveDate,
    rates: BTreeMap<CurrencyCode, Num>,
}

/// `/latest` (`date` is `None`) and `/{date}`: the table in force on the
/// date.
fn day(state: &AppState, params: &Params, date: Option<&str>) -> Result<Rendered, Failure> {
    let amount = Request::amount(params)?;
    let requested = date.map(calendar_date).transpose()?;
    let book = state.service.book();
    let request = Request::currencies(params, amount, &book)?;
    let table = book.table(SOURCE, requested, state.service.today())?;
    let rates = table_rates(table, &request)?.ok_or(Failure::NotFound)?;
    let body = DayBody {
        amount: request.amount_json,
        base: request.base,
        date: table.date(),
        rates,
    };
    let freshness = state.freshness(SOURCE, table.date(), requested);
    let last_modified = state.published(SOURCE, table.date());
    respond(&body, freshness, last_modified)
}

/// `GET /frankfurter/currencies`: the currencies of the newest ECB table and
/// EUR, by code, with Frankfurter's English names.
fn currencies(state: &AppState) -> Result<Rendered, Failure> {
    let book = state.service.book();
    let history = ecb(&book)?;
    let table = history.latest().ok_or(Failure::NotFound)?;
    let names: BTreeMap<CurrencyCode, &str> = std::iter::once(table.base())
        .chain(table.quotes().iter().map(|(c, _)| *c))
        .map(|c| (c, name(c)))
        .collect();
    let freshness = state.freshness(SOURCE, table.date(), None);
    respond(&names, freshness, state.published(SOURCE, table.date()))
}

/// A 200 JSON response with kurs's validators and Frankfurter's content
/// type.
fn respond<T: Serialize>(
    body: &T,
    freshness: Freshness,
    last_modified: Option<DateTime<Utc>>,
) -> Result<Rendered, Failure> {
    match serde_json::to_vec(body) {
        Ok(bytes) => Ok(Rendered::new(bytes, JSON, freshness, last_modified)),
        Err(e) => {
            tracing::error!(error = %e, "cannot serialise a Frankfurter response");
            Err(Failure::Internal)
        }
    }
}
