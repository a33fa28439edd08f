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

use std::collections::BTreeMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, NaiveDate, Utc};
use kurs_rates::{CurrencyCode, History, LookupError, SourceId, Table};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::cache::Admit;
use super::heavy::{self, Cancel, CHECK_EVERY, HEAVY_RATES};
use super::http::{Freshness, Rendered};
use super::metrics::HeavyRoute;
use super::AppState;
use crate::{Amount, Book, CrossRate, Currency, Error, Rounding};

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

/// A Frankfurter error: a status and `{"message": ...}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    /// 404 `not found`: an unknown route, currency or date.
    NotFound,
    /// 422 `invalid date`.
    InvalidDate,
    /// 422 `invalid amount`.
    InvalidAmount,
    /// 422 `bad currency pair`: `to` is just `from`.
    BadPair,
    /// 500 `internal error`: a bug, never an input.
    Internal,
    /// 503 `request cancelled`: the client left or the deadline passed
    /// (seen by nobody, or replaced by the request timeout's answer).
    Cancelled,
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            Failure::NotFound => (StatusCode::NOT_FOUND, "not found"),
            Failure::InvalidDate => (StatusCode::UNPROCESSABLE_ENTITY, "invalid date"),
            Failure::InvalidAmount => (StatusCode::UNPROCESSABLE_ENTITY, "invalid amount"),
            Failure::BadPair => (StatusCode::UNPROCESSABLE_ENTITY, "bad currency pair"),
            Failure::Internal => (StatusCode::INTERNAL_SERVER_ERROR, "internal error"),
            Failure::Cancelled => (StatusCode::SERVICE_UNAVAILABLE, "request cancelled"),
        };
        let body = serde_json::json!({ "message": message }).to_string();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

impl From<Error> for Failure {
    /// What kurs's own errors are in Frankfurter's terms: an amount too
    /// large to compute exactly is an invalid amount, anything else (a date
    /// out of range, a currency not published) is not found.
    fn from(e: Error) -> Self {
        match e {
            Error::Overflow(_) => Failure::InvalidAmount,
            _ => Failure::NotFound,
        }
    }
}

async fn unknown_route() -> Failure {
    Failure::NotFound
}

/// What the one path segment after `/frankfurter/` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spec<'a> {
    Latest,
    Currencies,
    Date(&'a str),
    Range(&'a str, Option<&'a str>),
}

impl<'a> Spec<'a> {
    /// Frankfurter's routes: `latest` (or `current`), `currencies`,
    /// `YYYY-MM-DD`, `YYYY-MM-DD..` and `YYYY-MM-DD..YYYY-MM-DD`, matched by
    /// shape; `None` for anything else.
    fn parse(segment: &'a str) -> Option<Self> {
        match segment {
            "latest" | "current" => return Some(Spec::Latest),
            "currencies" => return Some(Spec::Currencies),
            _ => {}
        }
        if date_shaped(segment) {
            return Some(Spec::Date(segment));
        }
        let (start, end) = segment.split_once("..")?;
        match (date_shaped(start), end) {
            (true, "") => Some(Spec::Range(start, None)),
            (true, end) if date_shaped(end) => Some(Spec::Range(start, Some(end))),
            _ => None,
        }
    }
}

/// `\d{4}-\d{2}-\d{2}`, as Frankfurter's route patterns have it.
fn date_shaped(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// A date-shaped string that is a calendar date, or `invalid date`.
fn calendar_date(s: &str) -> Result<NaiveDate, Failure> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| Failure::InvalidDate)
}

/// The query parameters, as Frankfurter reads them.
#[derive(Debug, Default)]
struct Params {
    amount: Option<String>,
    from: Option<String>,
    base: Option<String>,
    to: Option<String>,
    symbols: Option<String>,
}

impl Params {
    /// The last value of each known parameter wins (as in Rack); others are
    /// ignored.
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut p = Params::default();
        for (key, value) in pairs {
            let slot = match key.as_str() {
                "amount" => &mut p.amount,
                "from" => &mut p.from,
                "base" => &mut p.base,
                "to" => &mut p.to,
                "symbols" => &mut p.symbols,
                _ => continue,
            };
            *slot = Some(value);
        }
        p
    }
}

/// A parsed request for rates.
#[derive(Debug, Clone)]
struct Request {
    /// The amount, exact.
    amount: Decimal,
    /// The amount as Frankfurter echoes it (a float).
    amount_json: Num,
    /// The base currency.
    base: CurrencyCode,
    /// The currencies asked for, `None` for all.
    symbols: Option<Vec<CurrencyCode>>,
}

impl Request {
    /// The amount (checked first, as Frankfurter does: then the dates, the
    /// pair, and whether the currencies exist), exact and as echoed.
    fn amount(p: &Params) -> Result<(Decimal, Num), Failure> {
        let Some(text) = &p.amount else {
            return Ok((Decimal::ONE, Num::float(1.0)));
        };
        let amount = text
            .parse::<Amount>()
            .map_err(|_| Failure::InvalidAmount)?
            .value();
        if amount <= Decimal::ZERO {
            return Err(Failure::InvalidAmount);
        }
        let float = amount
            .to_string()
            .parse::<f64>()
            .map_err(|_| Failure::InvalidAmount)?;
        Ok((amount, Num::float(float)))
    }

    /// The currencies, once the amount and dates are known to be valid.
    fn currencies(
        p: &Params,
        (amount, amount_json): (Decimal, Num),
        book: &Book,
    ) -> Result<Self, Failure> {
        let base = p
            .from
            .as_deref()
            .or(p.base.as_deref())
            .map_or_else(|| "EUR".to_owned(), |b| b.trim().to_ascii_uppercase());
        let symbols: Option<Vec<String>> = p.to.as_deref().or(p.symbols.as_deref()).map(|s| {
            s.split(',')
                .map(|c| c.trim().to_ascii_uppercase())
                .filter(|c| !c.is_empty())
                .collect()
        });
        if symbols.as_deref() == Some(std::slice::from_ref(&base)) {
            return Err(Failure::BadPair);
        }
        let history = ecb(book)?;
        let base = ecb_code(history, &base)?;
        let symbols = symbols
            .map(|list| list.iter().map(|c| ecb_code(history, c)).collect())
            .transpose()?;
        Ok(Request {
            amount,
            amount_json,
            base,
            symbols,
        })
    }
}

/// The ECB history of `book`.
fn ecb(book: &Book) -> Result<&History, Failure> {
    book.history(SOURCE)
        .filter(|h| !h.is_empty())
        .ok_or(Failure::NotFound)
}

/// A code the ECB has published at some time (or its base, EUR).
fn ecb_code(history: &History, code: &str) -> Result<CurrencyCode, Failure> {
    let code: CurrencyCode = code.parse().map_err(|_| Failure::NotFound)?;
    match history.coverage().contains_key(&code) {
        true => Ok(code),
        false => Err(Failure::NotFound),
    }
}

/// Reads a Frankfurter path segment and query string (without the `?`) the
/// way the endpoint does before it looks at any rates: the route, the
/// parameters, the amount and the dates. `true` when all of them pass; for
/// the fuzz targets in `fuzz/`, not a stable API.
#[doc(hidden)]
pub fn parse_frankfurter_request(segment: &str, query: &str) -> bool {
    let Some(spec) = Spec::parse(segment) else {
        return false;
    };
    let Ok(uri) = format!("/?{query}").parse::<axum::http::Uri>() else {
        return false;
    };
    let Ok(Query(pairs)) = Query::<Vec<(String, String)>>::try_from_uri(&uri) else {
        return false;
    };
    let params = Params::from_pairs(pairs);
    let dates: Vec<&str> = match spec {
        Spec::Date(date) => vec![date],
        Spec::Range(start, end) => std::iter::once(start).chain(end).collect(),
        Spec::Latest | Spec::Currencies => Vec::new(),
    };
    Request::amount(&params).is_ok() && dates.into_iter().all(|d| calendar_date(d).is_ok())
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

/// The body of `/{start}..{end}`.
#[derive(Serialize)]
struct RangeBody {
    amount: Num,
    base: CurrencyCode,
    start_date: NaiveDate,
    end_date: NaiveDate,
    rates: BTreeMap<NaiveDate, BTreeMap<CurrencyCode, Num>>,
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

/// What `/{start}..{end}` and `/{start}..` ask, normalised: every table
/// from the one in force on `start` to the last one dated on or before
/// `end` (today when open), for a base, currencies and an amount.
struct RangeQuestion {
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
    fn parse(
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
    fn rates(&self) -> usize {
        self.rates
    }

    /// The render cache key: the same for every query asking the same
    /// thing (`from` or `base`, symbols in any order or repeated, the
    /// dates anywhere between the same tables, `1` or `1.0`, unknown
    /// parameters), different whenever the answer differs. The freshness
    /// follows from it too: an answer ends before the newest table exactly
    /// when the end asked for does.
    fn key(&self) -> String {
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
fn range(state: &AppState, question: &RangeQuestion, cancel: &Cancel) -> Result<Rendered, Failure> {
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
fn table_rates(
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

/// A JSON number, already written out the way Frankfurter writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Num(String);

impl Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let raw = serde_json::value::RawValue::from_string(self.0.clone())
            .map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }
}

impl Num {
    /// A float as Ruby's `Float#to_s` writes it (what Frankfurter's JSON
    /// serialiser emits): the shortest digits that read back to the same
    /// double, `.0` on whole numbers, and an exponent (`4.9e-05`,
    /// `1.0e+16`) below 0.0001 or from 10^16 up.
    fn float(x: f64) -> Num {
        if !x.is_finite() {
            return Num("null".to_owned());
        }
        if x == 0.0 {
            return Num("0.0".to_owned());
        }
        let sci = format!("{x:e}");
        let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
        let exponent: i32 = exponent.parse().unwrap_or(0);
        if (-4..16).contains(&exponent) {
            let plain = format!("{x}");
            return Num(match plain.contains('.') {
                true => plain,
                false => format!("{plain}.0"),
            });
        }
        let mantissa = match mantissa.contains('.') {
            true => mantissa.to_owned(),
            false => format!("{mantissa}.0"),
        };
        let sign = if exponent < 0 { '-' } else { '+' };
        Num(format!("{mantissa}e{sign}{:02}", exponent.unsigned_abs()))
    }

    /// A rate as Frankfurter's `Roundable#round` rounds it, from the exact
    /// value: whole above 5000 (a JSON integer, half away from zero), else
    /// 2, 3, 4, 5 or 6 decimals by magnitude, formatted as Ruby's
    /// `format('%.Nf')` formats the nearest double, and read back as a
    /// float.
    fn rate(exact: Decimal) -> Num {
        let five_thousand = Decimal::from(5000);
        if exact > five_thousand {
            let whole = exact.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
            return Num(whole.trunc().normalize().to_string());
        }
        // The nearest double: Rust's parsing is correctly rounded.
        let x: f64 = exact.to_string().parse().unwrap_or(f64::NAN);
        let places = match x {
            x if x > 80.0 => 2,
            x if x > 20.0 => 3,
            x if x > 1.0 => 4,
            x if x > 0.0001 => 5,
            _ => 6,
        };
        // Rust, like C's printf, rounds the exact binary value, ties to even.
        let rounded: f64 = format!("{x:.places$}").parse().unwrap_or(f64::NAN);
        Num::float(rounded)
    }
}

/// Frankfurter's English name for `code` (from the Ruby `money` gem), or
/// kurs's ISO 4217 name for a code the table does not have.
fn name(code: CurrencyCode) -> &'static str {
    NAMES
        .binary_search_by(|(c, _)| c.cmp(&code.as_str()))
        .map(|i| NAMES[i].1)
        .ok()
        .or_else(|| Currency::get(code).map(|c| c.name))
        .unwrap_or("")
}

/// Every currency the ECB has published since 1999, and EUR, with the names
/// Frankfurter gives them (the `money` gem's), sorted by code.
const NAMES: [(&str, &str); 42] = [
    ("AUD", "Australian Dollar"),
    ("BGN", "Bulgarian Lev"),
    ("BRL", "Brazilian Real"),
    ("CAD", "Canadian Dollar"),
    ("CHF", "Swiss Franc"),
    ("CNY", "Chinese Renminbi Yuan"),
    ("CYP", "Cypriot Pound"),
    ("CZK", "Czech Koruna"),
    ("DKK", "Danish Krone"),
    ("EEK", "Estonian Kroon"),
    ("EUR", "Euro"),
    ("GBP", "British Pound"),
    ("HKD", "Hong Kong Dollar"),
    ("HRK", "Croatian Kuna"),
    ("HUF", "Hungarian Forint"),
    ("IDR", "Indonesian Rupiah"),
    ("ILS", "Israeli New Sheqel"),
    ("INR", "Indian Rupee"),
    ("ISK", "Icelandic Króna"),
    ("JPY", "Japanese Yen"),
    ("KRW", "South Korean Won"),
    ("LTL", "Lithuanian Litas"),
    ("LVL", "Latvian Lats"),
    ("MTL", "Maltese Lira"),
    ("MXN", "Mexican Peso"),
    ("MYR", "Malaysian Ringgit"),
    ("NOK", "Norwegian Krone"),
    ("NZD", "New Zealand Dollar"),
    ("PHP", "Philippine Peso"),
    ("PLN", "Polish Złoty"),
    ("ROL", "Romanian Leu"),
    ("RON", "Romanian Leu"),
    ("RUB", "Russian Ruble"),
    ("SEK", "Swedish Krona"),
    ("SGD", "Singapore Dollar"),
    ("SIT", "Slovenian Tolar"),
    ("SKK", "Slovak Koruna"),
    ("THB", "Thai Baht"),
    ("TRL", "Turkish Lira"),
    ("TRY", "Turkish Lira"),
    ("USD", "United States Dollar"),
    ("ZAR", "South African Rand"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn the_name_table_is_sorted_for_binary_search() {
        assert!(NAMES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(name(CurrencyCode::new_static("PLN")), "Polish Złoty");
        assert_eq!(name(CurrencyCode::new_static("ARS")), "Argentine Peso");
    }

    #[test]
    fn rates_round_by_magnitude_as_frankfurter_does() {
        for (exact, shown) in [
            ("20275.17", "20275"),
            ("5000.5", "5001"),
            ("5000", "5000.0"),
            ("3081.2021", "3081.2"),
            ("136.00", "136.0"),
            ("106.0850", "106.08"),
            ("41.8304", "41.83"),
            ("41.652", "41.652"),
            ("30.81202121", "30.812"),
            ("1.5904", "1.5904"),
            ("1.000049", "1.0"),
            ("0.7366", "0.7366"),
            ("0.00004932", "4.9e-05"),
            ("0.0001234567", "0.00012"),
        ] {
            assert_eq!(Num::rate(d(exact)).0, shown, "{exact}");
        }
    }

    #[test]
    fn floats_are_written_as_ruby_writes_them() {
        for (x, shown) in [
            (1.0, "1.0"),
            (100.0, "100.0"),
            (10.5, "10.5"),
            (0.0001, "0.0001"),
            (0.00001, "1.0e-05"),
            (1e16, "1.0e+16"),
            (1234567890123456.0, "1234567890123456.0"),
        ] {
            assert_eq!(Num::float(x).0, shown, "{x}");
        }
    }

    #[test]
    fn routes_are_matched_by_shape() {
        assert_eq!(Spec::parse("latest"), Some(Spec::Latest));
        assert_eq!(Spec::parse("2011-11-18"), Some(Spec::Date("2011-11-18")));
        assert_eq!(Spec::parse("2011-13-45"), Some(Spec::Date("2011-13-45")));
        assert_eq!(
            Spec::parse("2011-11-14.."),
            Some(Spec::Range("2011-11-14", None))
        );
        assert_eq!(
            Spec::parse("2011-11-14..2011-11-19"),
            Some(Spec::Range("2011-11-14", Some("2011-11-19")))
        );
        for other in [
            "2011-1-18",
            "2011-11-18x",
            "..2011-11-18",
            "2011-11-14..x",
            "foo",
        ] {
            assert_eq!(Spec::parse(other), None, "{other}");
        }
    }
}
