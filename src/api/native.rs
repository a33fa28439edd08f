//! The native API under `/v1`: decimal strings for every amount and rate.

use std::collections::BTreeMap;

use axum::extract::{FromRequestParts, Query, RawQuery, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use kurs_rates::{CurrencyCode, SourceId};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::heavy::{self, HEAVY_RATES};
use super::http::{Cached, Freshness, Rendered};
use super::metrics::HeavyRoute;
use super::{AppState, Problem};
use crate::cli::parse_symbols;
use crate::{parse_date, parse_source, Amount, ConvertQuery, Currency, Error, RatesView, Rounding};

/// A query string read into `T`, refused as a problem (not axum's plain
/// text) when it cannot be: with every field optional, that is a parameter
/// given twice.
pub struct Params<T>(pub T);

impl<T: DeserializeOwned> Params<T> {
    /// Reads a query string (without the `?`).
    fn parse(query: Option<&str>) -> Result<T, Problem> {
        serde_urlencoded_query::<T>(query.unwrap_or_default()).map_err(|e| {
            Problem::invalid_parameter(format!("{e}: give each query parameter at most once"))
        })
    }
}

/// Reads a query string the way axum's `Query` does.
fn serde_urlencoded_query<T: DeserializeOwned>(query: &str) -> Result<T, String> {
    let uri: axum::http::Uri = format!("/?{query}").parse().map_err(|e| format!("{e}"))?;
    Query::<T>::try_from_uri(&uri)
        .map(|Query(t)| t)
        .map_err(|e| e.body_text())
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(t)) => Ok(Params(t)),
            Err(e) => Err(Problem::invalid_parameter(format!(
                "{}: give each query parameter at most once",
                e.body_text()
            ))),
        }
    }
}

/// The query of `GET /v1/convert`.
#[derive(Debug, Default, Deserialize)]
pub struct ConvertParams {
    from: Option<String>,
    to: Option<String>,
    amount: Option<String>,
    date: Option<String>,
    source: Option<String>,
    round: Option<String>,
}

fn required<'a>(value: &'a Option<String>, name: &str, example: &str) -> Result<&'a str, Problem> {
    value.as_deref().ok_or_else(|| {
        Problem::invalid_parameter(format!(
            "the query parameter '{name}' is required, e.g. {name}={example}"
        ))
    })
}

fn optional<T>(
    value: &Option<String>,
    parse: impl Fn(&str) -> Result<T, Error>,
) -> Result<Option<T>, Error> {
    value.as_deref().map(parse).transpose()
}

impl ConvertParams {
    fn query(&self) -> Result<ConvertQuery, Problem> {
        let from = Currency::parse(required(&self.from, "from", "USD")?).map_err(Error::from)?;
        let to = Currency::parse(required(&self.to, "to", "RUB")?).map_err(Error::from)?;
        let amount = match &self.amount {
            Some(a) => a.parse::<Amount>().map_err(Error::from)?,
            None => Amount::new(Decimal::ONE),
        };
        let mut q = ConvertQuery::new(amount, from, to);
        q.date = optional(&self.date, parse_date)?;
        q.source = optional(&self.source, parse_source)?;
        if let Some(r) = &self.round {
            q.rounding = r.parse::<Rounding>().map_err(Error::from)?;
        }
        Ok(q)
    }
}

/// Reads the query string of `GET /v1/convert` (without the `?`) exactly as
/// the handler does, for the fuzz targets in `fuzz/`; not a stable API.
#[doc(hidden)]
pub fn parse_convert_query(query: &str) -> Result<ConvertQuery, Problem> {
    Params::<ConvertParams>::parse(Some(query))?.query()
}

/// `GET /v1/convert`.
///
/// The query is read only when the render cache misses.
pub async fn convert(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let query = raw.unwrap_or_default();
    state
        .cached("/v1/convert", &query, async {
            let q = Params::<ConvertParams>::parse(Some(&query))?.query()?;
            let c = state.service.convert(&q).await?;
            let (freshness, last_modified) = state.conversion_freshness(&c);
            Rendered::json(&c, freshness, last_modified)
        })
        .await
}

/// The most items one `POST /v1/convert` may carry.
pub const MAX_BATCH: usize = 1000;

/// One item of a batch: like the query of `GET /v1/convert`; `amount` may
/// be a JSON string or a JSON number (read from its text, never as a float).
#[derive(Debug, Deserialize)]
pub struct BatchItem {
    from: Option<String>,
    to: Option<String>,
    amount: Option<Box<serde_json::value::RawValue>>,
    date: Option<String>,
    source: Option<String>,
    round: Option<String>,
}

impl BatchItem {
    fn params(&self) -> ConvertParams {
        let amount = self.amount.as_ref().map(|raw| {
            let text = raw.get();
            serde_json::from_str::<String>(text).unwrap_or_else(|_| text.to_owned())
        });
        ConvertParams {
            from: self.from.clone(),
            to: self.to.clone(),
            amount,
            date: self.date.clone(),
            source: self.source.clone(),
            round: self.round.clone(),
        }
    }
}

/// `POST /v1/convert`: many conversions from one consistent snapshot.
pub async fn convert_batch(
    State(state): State<AppState>,
    body: Result<Json<Vec<BatchItem>>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, Problem> {
    let Json(items) = body.map_err(body_problem)?;
    if items.len() > MAX_BATCH {
        let detail = format!(
            "the batch has {} items; at most {MAX_BATCH} are accepted per request",
            items.len()
        );
        return Err(Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "batch_too_large",
            detail,
        ));
    }
    let queries: Vec<Result<ConvertQuery, Problem>> =
        items.iter().map(|i| i.params().query()).collect();
    let ok: Vec<ConvertQuery> = queries
        .iter()
        .filter_map(|q| q.as_ref().ok().cloned())
        .collect();
    let book = state.service.batch_book(&ok).await;
    let today = state.service.today();
    let answers: Vec<BatchAnswer> = queries
        .into_iter()
        .map(
            |q| match q.and_then(|q| book.convert(&q, today).map_err(Problem::from)) {
                Ok(c) => BatchAnswer::Conversion(c),
                Err(p) => BatchAnswer::Problem(p),
            },
        )
        .collect();
    let mut response = Json(answers).into_response();
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

fn body_problem(e: axum::extract::rejection::JsonRejection) -> Problem {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        let detail = format!(
            "the request body is larger than the {} bytes accepted",
            super::MAX_BODY
        );
        return Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "body_too_large", detail);
    }
    let detail = format!(
        "{}: send a JSON array of {{\"from\", \"to\", \"amount\", \"date\"?, \"source\"?, \"round\"?}} objects",
        e.body_text()
    );
    Problem::new(StatusCode::BAD_REQUEST, "invalid_body", detail)
}

/// One answer of a batch: a conversion or the problem with that item.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum BatchAnswer {
    Conversion(crate::Conversion),
    Problem(Problem),
}

/// The query of `GET /v1/rates`.
#[derive(Debug, Default, Deserialize)]
pub struct RatesParams {
    base: Option<String>,
    symbols: Option<String>,
    date: Option<String>,
    source: Option<String>,
    change: Option<String>,
    invert: Option<String>,
}

/// One currency's move since the previous table.
#[derive(Debug, Serialize)]
pub struct Change {
    /// The rate in the previous table.
    previous: Decimal,
    /// rate − previous.
    change: Decimal,
    /// The change in percent of the previous rate, to 2 decimals.
    percent: Decimal,
}

/// The body of `GET /v1/rates`.
#[derive(Debug, Serialize)]
pub struct RatesBody {
    base: CurrencyCode,
    date: NaiveDate,
    requested_date: Option<NaiveDate>,
    source: SourceId,
    publisher: &'static str,
    stale: bool,
    rates: BTreeMap<CurrencyCode, Decimal>,
    inverted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    previous_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<BTreeMap<CurrencyCode, Change>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fallback: Option<crate::Fallback>,
}

fn flag(value: &Option<String>, name: &str) -> Result<bool, Problem> {
    match value.as_deref().map(str::trim) {
        None | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") | Some("") => Ok(true),
        Some(other) => Err(Problem::invalid_parameter(format!(
            "'{name}={other}': expected true or false"
        ))),
    }
}

/// `GET /v1/rates`.
///
/// The query is read only when the render cache misses.
pub async fn rates(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let query = raw.unwrap_or_default();
    let render = async {
        let p = Params::<RatesParams>::parse(Some(&query))?;
        rates_body(&state, p).await
    };
    state.cached("/v1/rates", &query, render).await
}

async fn rates_body(state: &AppState, p: RatesParams) -> Result<Rendered, Problem> {
    let base = Currency::parse(p.base.as_deref().unwrap_or("EUR"))
        .map_err(Error::from)?
        .code;
    let symbols = optional(&p.symbols, parse_symbols)?;
    let date = optional(&p.date, parse_date)?;
    let source = optional(&p.source, parse_source)?;
    let change = flag(&p.change, "change")?;
    let invert = flag(&p.invert, "invert")?;
    let view = state
        .service
        .rates(base, symbols.as_deref(), date, source)
        .await?;
    let book = state.service.book();
    let view = match invert {
        true => book.inverted(&view).unwrap_or(view),
        false => view,
    };
    let mut body = state.rates_body(&view);
    if change {
        if let Some(previous) = book.previous_rates(&view) {
            body.previous_date = Some(previous.date);
            body.changes = Some(changes(&view, &previous));
        }
    }
    let freshness = match view.fallback {
        Some(_) => Freshness::Short,
        None => state.freshness(view.source, view.date, view.requested_date),
    };
    let last_modified = state.published(view.source, view.date);
    Rendered::json(&body, freshness, last_modified)
}

fn changes(now: &RatesView, before: &RatesView) -> BTreeMap<CurrencyCode, Change> {
    let previous: BTreeMap<_, _> = before.rates.iter().copied().collect();
    now.rates
        .iter()
        .filter_map(|(code, rate)| {
            let p = *previous.get(code)?;
            let change = (*rate - p).normalize();
            let percent = (change * Decimal::ONE_HUNDRED)
                .checked_div(p)?
                .round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
            Some((
                *code,
                Change {
                    previous: p,
                    change,
                    percent,
                },
            ))
        })
        .collect()
}

/// The query of `GET /v1/timeseries`.
#[derive(Debug, Default, Deserialize)]
pub struct TimeseriesParams {
    base: Option<String>,
    symbols: Option<String>,
    start: Option<String>,
    end: Option<String>,
    source: Option<String>,
}

/// The longest range `/v1/timeseries` answers, in days.
pub const MAX_RANGE_DAYS: i64 = 366;

/// The body of `GET /v1/timeseries`.
#[derive(Debug, Serialize)]
pub struct TimeseriesBody {
    base: CurrencyCode,
    start_date: NaiveDate,
    end_date: NaiveDate,
    source: SourceId,
    rates: BTreeMap<NaiveDate, BTreeMap<CurrencyCode, Decimal>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fallback: Option<crate::Fallback>,
}

/// How many currencies a time series of "every currency" is counted as
/// when deciding whether it is heavy: 32, about one table of the ECB (30)
/// or of the other banks (30 to 45).
pub const ASSUMED_CURRENCIES: usize = 32;

/// `GET /v1/timeseries`. A long series of many currencies is heavy work:
/// it needs a heavy permit, or is refused with 503 (see [`super::heavy`]).
pub async fn timeseries(
    State(state): State<AppState>,
    Params(p): Params<TimeseriesParams>,
) -> Response {
    match timeseries_answer(&state, p).await {
        Ok(response) | Err(response) => response,
    }
}

/// The response of `GET /v1/timeseries`, or the refusal.
async fn timeseries_answer(state: &AppState, p: TimeseriesParams) -> Result<Response, Response> {
    let (base, symbols, (start, end), source) =
        timeseries_question(&p).map_err(IntoResponse::into_response)?;
    let currencies = symbols.as_ref().map_or(ASSUMED_CURRENCIES, Vec::len);
    let dates = (end - start).num_days().unsigned_abs() as usize + 1;
    let ticket = match dates * currencies > HEAVY_RATES {
        true => {
            Some(heavy::enter(state, HeavyRoute::Timeseries).map_err(IntoResponse::into_response)?)
        }
        false => None,
    };
    let answer = timeseries_body(state, base, symbols.as_deref(), (start, end), source).await;
    if let Some(ticket) = ticket {
        ticket.done();
    }
    answer.map_err(IntoResponse::into_response)
}

/// A time series question: base, symbols, dates and source.
type TimeseriesQuestion = (
    CurrencyCode,
    Option<Vec<CurrencyCode>>,
    (NaiveDate, NaiveDate),
    Option<SourceId>,
);

/// Reads and checks the question of `GET /v1/timeseries`.
fn timeseries_question(p: &TimeseriesParams) -> Result<TimeseriesQuestion, Problem> {
    let base = Currency::parse(p.base.as_deref().unwrap_or("EUR"))
        .map_err(Error::from)?
        .code;
    let symbols = optional(&p.symbols, parse_symbols)?;
    let start = parse_date(required(&p.start, "start", "2011-11-14")?)?;
    let end = parse_date(required(&p.end, "end", "2011-11-18")?)?;
    let source = optional(&p.source, parse_source)?;
    let days = (end - start).num_days();
    if days < 0 {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            format!("start {start} is after end {end}: give start <= end"),
        ));
    }
    if days >= MAX_RANGE_DAYS {
        let detail = format!("{start} to {end} spans {} days; at most {MAX_RANGE_DAYS} days are answered per request", days + 1);
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "range_too_large",
            detail,
        ));
    }
    Ok((base, symbols, (start, end), source))
}

/// The answer of `GET /v1/timeseries`.
async fn timeseries_body(
    state: &AppState,
    base: CurrencyCode,
    symbols: Option<&[CurrencyCode]>,
    (start, end): (NaiveDate, NaiveDate),
    source: Option<SourceId>,
) -> Result<Response, Problem> {
    let series = state
        .service
        .timeseries(base, symbols, (start, end), source)
        .await?;
    let source = series
        .first()
        .map(|v| v.source)
        .or(source)
        .unwrap_or(SourceId::ECB);
    let body = TimeseriesBody {
        base,
        start_date: series.first().map_or(start, |v| v.date),
        end_date: series.last().map_or(end, |v| v.date),
        source,
        rates: series
            .iter()
            .map(|v| (v.date, v.rates.iter().copied().collect()))
            .collect(),
        fallback: series.first().and_then(|v| v.fallback.clone()),
    };
    let freshness = match body.fallback {
        Some(_) => Freshness::Short,
        None => state.freshness(source, end, Some(end)),
    };
    Ok(Cached {
        body,
        freshness,
        last_modified: state.published(source, body_end(&series, end)),
    }
    .into_response())
}

fn body_end(series: &[RatesView], end: NaiveDate) -> NaiveDate {
    series.last().map_or(end, |v| v.date)
}

/// The query of `GET /v1/currencies`.
#[derive(Debug, Default, Deserialize)]
pub struct CurrenciesParams {
    all: Option<String>,
}

/// `GET /v1/currencies`.
pub async fn currencies(
    State(state): State<AppState>,
    Params(p): Params<CurrenciesParams>,
) -> Result<Response, Problem> {
    let all = flag(&p.all, "all")?;
    let list = state.service.book().currencies(all);
    Ok(Cached {
        body: list,
        freshness: Freshness::Short,
        last_modified: None,
    }
    .into_response())
}

/// `GET /v1/sources`.
pub async fn sources(State(state): State<AppState>) -> Response {
    Cached {
        body: state.service.store().statuses(),
        freshness: Freshness::Short,
        last_modified: None,
    }
    .into_response()
}

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

    fn rates_body(&self, view: &RatesView) -> RatesBody {
        let status = self.service.store().status(view.source);
        RatesBody {
            base: view.base,
            date: view.date,
            requested_date: view.requested_date,
            source: view.source,
            publisher: status.as_ref().map_or("", |s| s.attribution.publisher),
            stale: view.requested_date.is_none() && status.is_some_and(|s| s.stale),
            rates: view.rates.iter().copied().collect(),
            inverted: view.inverted,
            previous_date: None,
            changes: None,
            fallback: view.fallback.clone(),
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
