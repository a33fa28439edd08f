//! The native API under `/v1`: decimal strings for every amount and rate.
//!
//! Parameters are parsed by [`crate::request`]; this module reads them out
//! of query strings and batch items ([`params`]), asks the [`crate::Service`]
//! and writes the answer in the API's own shapes ([`body`]).

pub(crate) mod body;
mod export;
mod params;

use std::collections::BTreeMap;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use kurs_rates::{CurrencyCode, SourceId};
use rust_decimal::{Decimal, RoundingStrategy};

use super::body::FastJson;
use super::heavy::{self, HEAVY_RATES};
use super::http::{Cached, Freshness, Rendered};
use super::metrics::HeavyRoute;
use super::{AppState, ErrorCode, Problem};
use crate::request::TimeseriesQuery;
use crate::{ConvertQuery, RatesView};
use body::{
    BatchAnswer, Change, ConversionBody, CurrencyBody, FallbackBody, RatesBody, SourceBody,
    TimeseriesBody,
};
use export::Format;
pub use params::Params;
use params::{BatchItem, ConvertParams, CurrenciesParams, RatesParams, TimeseriesParams};

/// Reads the query string of `GET /v1/convert` (without the `?`) exactly as
/// the handler does, for the fuzz targets in `fuzz/`; not a stable API.
#[doc(hidden)]
pub fn parse_convert_query(query: &str) -> Result<ConvertQuery, Problem> {
    Ok(Params::<ConvertParams>::parse(Some(query))?.raw().parse()?)
}

/// `GET /v1/convert`.
///
/// The query is read only when the render cache misses.
pub async fn convert(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let query = raw.unwrap_or_default();
    state
        .cached("/v1/convert", &query, async {
            let q = parse_convert_query(&query)?;
            let c = state.service.convert(&q).await?;
            let (freshness, last_modified) = state.conversion_freshness(&c);
            let mut json = Vec::with_capacity(256);
            ConversionBody::from(&c).write_json(&mut json);
            Ok::<_, Problem>(Rendered::new(
                json,
                "application/json",
                freshness,
                last_modified,
            ))
        })
        .await
}

/// The most items one `POST /v1/convert` may carry.
pub const MAX_BATCH: usize = 1000;

/// `POST /v1/convert`: many conversions from one consistent snapshot.
pub async fn convert_batch(
    State(state): State<AppState>,
    body: Result<FastJson<Vec<BatchItem>>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, Problem> {
    let FastJson(items) = body.map_err(body_problem)?;
    if items.len() > MAX_BATCH {
        let detail = format!(
            "the batch has {} items; at most {MAX_BATCH} are accepted per request",
            items.len()
        );
        return Err(Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::BatchTooLarge,
            detail,
        ));
    }
    let queries: Vec<Result<ConvertQuery, Problem>> = items
        .iter()
        .map(|i| Ok(i.raw(i.amount().as_deref()).parse()?))
        .collect();
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
                Ok(c) => BatchAnswer::Conversion(ConversionBody::from(&c)),
                Err(p) => BatchAnswer::Problem(p),
            },
        )
        .collect();
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
    ];
    Ok((headers, body::batch_json(&answers)).into_response())
}

fn body_problem(e: axum::extract::rejection::JsonRejection) -> Problem {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        let detail = format!(
            "the request body is larger than the {} bytes accepted",
            super::MAX_BODY
        );
        return Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::BodyTooLarge,
            detail,
        );
    }
    let detail = format!(
        "{}: send a JSON array of {{\"from\", \"to\", \"amount\", \"date\"?, \"source\"?, \"round\"?}} objects",
        e.body_text()
    );
    Problem::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidBody, detail)
}

/// `GET /v1/rates`, in JSON, CSV or NDJSON as `Accept` asks.
///
/// The query is read only when the render cache misses.
pub async fn rates(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let mut response = match Format::negotiate(&headers) {
        Err(problem) => problem.into_response(),
        Ok(format) => rates_in(&state, raw, format).await,
    };
    export::vary(response.headers_mut());
    response
}

/// `GET /v1/rates.csv`: `/v1/rates` in CSV, whatever `Accept` says.
pub async fn rates_csv(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    rates_in(&state, raw, Format::Csv).await
}

/// `GET /v1/rates.ndjson`: `/v1/rates` in NDJSON, whatever `Accept` says.
pub async fn rates_ndjson(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    rates_in(&state, raw, Format::Ndjson).await
}

/// The answer of `/v1/rates` to `raw` in `format`, through the render cache.
async fn rates_in(state: &AppState, raw: Option<String>, format: Format) -> Response {
    let query = raw.unwrap_or_default();
    let render = async {
        let p = Params::<RatesParams>::parse(Some(&query))?;
        rates_body(state, p, format).await
    };
    let route = match format {
        Format::Json => "/v1/rates",
        Format::Csv => "/v1/rates.csv",
        Format::Ndjson => "/v1/rates.ndjson",
    };
    state.cached(route, &query, render).await
}

async fn rates_body(state: &AppState, p: RatesParams, format: Format) -> Result<Rendered, Problem> {
    let q = p.raw().parse()?;
    let change = p.change()?;
    let invert = p.invert()?;
    if change && format != Format::Json {
        return Err(Problem::invalid_parameter(
            "change=true is answered in JSON only: ask without it for CSV or NDJSON rows",
        ));
    }
    let view = state
        .service
        .rates(q.base, q.symbols.as_deref(), q.date, q.source)
        .await?;
    let book = state.service.book();
    let view = match invert {
        true => book.inverted(&view).unwrap_or(view),
        false => view,
    };
    let freshness = match view.fallback {
        Some(_) => Freshness::Short,
        None => state.freshness(view.source, view.date, view.requested_date),
    };
    let last_modified = state.published(view.source, view.date);
    if format != Format::Json {
        let mut out = Vec::with_capacity(view.rates.len() * 64 + 64);
        if format == Format::Csv {
            out.extend_from_slice(export::RATES_HEADER.as_bytes());
        }
        export::write_rows(
            format,
            &export::Table::of_rates(&view),
            &view.rates,
            &mut out,
        );
        return Ok(Rendered::new(
            out,
            format.content_type(),
            freshness,
            last_modified,
        ));
    }
    let mut body = rates_of(&state.service, &view);
    if change {
        if let Some(previous) = book.previous_rates(&view) {
            body.previous_date = Some(previous.date);
            body.changes = Some(changes(&view, &previous));
        }
    }
    Rendered::json(&body, freshness, last_modified)
}

/// The body of `GET /v1/rates` for `view`, without changes: with its
/// source's publisher, and stale when the latest table is.
pub(crate) fn rates_of(service: &crate::Service, view: &RatesView) -> RatesBody {
    let status = service.store().status(view.source);
    let publisher = status.as_ref().map_or("", |s| s.attribution.publisher);
    let stale = view.requested_date.is_none() && status.is_some_and(|s| s.stale);
    RatesBody::new(view, publisher, stale)
}

pub(crate) fn changes(now: &RatesView, before: &RatesView) -> BTreeMap<CurrencyCode, Change> {
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

/// The longest range `/v1/timeseries` answers, in days.
pub const MAX_RANGE_DAYS: i64 = 366;

/// How many currencies a time series of "every currency" is counted as
/// when deciding whether it is heavy: 32, about one table of the ECB (30)
/// or of the other banks (30 to 45).
pub const ASSUMED_CURRENCIES: usize = 32;

/// `GET /v1/timeseries`, in JSON, or streamed in CSV or NDJSON, as
/// `Accept` asks. A long series of many currencies is heavy work: it needs
/// a heavy permit, or is refused with 503 (see [`super::heavy`]).
pub async fn timeseries(
    State(state): State<AppState>,
    headers: HeaderMap,
    Params(p): Params<TimeseriesParams>,
) -> Response {
    let mut response = match Format::negotiate(&headers) {
        Err(problem) => problem.into_response(),
        Ok(format) => match timeseries_answer(&state, p, format).await {
            Ok(response) | Err(response) => response,
        },
    };
    export::vary(response.headers_mut());
    response
}

/// `GET /v1/timeseries.csv`: `/v1/timeseries` in CSV, whatever `Accept`
/// says.
pub async fn timeseries_csv(
    State(state): State<AppState>,
    Params(p): Params<TimeseriesParams>,
) -> Response {
    match timeseries_answer(&state, p, Format::Csv).await {
        Ok(response) | Err(response) => response,
    }
}

/// `GET /v1/timeseries.ndjson`: `/v1/timeseries` in NDJSON, whatever
/// `Accept` says.
pub async fn timeseries_ndjson(
    State(state): State<AppState>,
    Params(p): Params<TimeseriesParams>,
) -> Response {
    match timeseries_answer(&state, p, Format::Ndjson).await {
        Ok(response) | Err(response) => response,
    }
}

/// The response of `GET /v1/timeseries`, or the refusal.
async fn timeseries_answer(
    state: &AppState,
    p: TimeseriesParams,
    format: Format,
) -> Result<Response, Response> {
    let q = timeseries_question(p.raw()).map_err(IntoResponse::into_response)?;
    let ticket = timeseries_ticket(state, &q).map_err(IntoResponse::into_response)?;
    let answer = timeseries_body(state, &q, format).await;
    if let Some(ticket) = ticket {
        ticket.done();
    }
    answer.map_err(IntoResponse::into_response)
}

/// A heavy permit when the time series `q` is heavy work (`None` when it
/// is light), or the refusal when every permit is taken.
pub(crate) fn timeseries_ticket(
    state: &AppState,
    q: &TimeseriesQuery,
) -> Result<Option<heavy::Ticket>, heavy::Refusal> {
    let currencies = q.symbols.as_ref().map_or(ASSUMED_CURRENCIES, Vec::len);
    let dates = (q.end - q.start).num_days().unsigned_abs() as usize + 1;
    match dates * currencies > HEAVY_RATES {
        true => heavy::enter(state, HeavyRoute::Timeseries).map(Some),
        false => Ok(None),
    }
}

/// Reads the question of `GET /v1/timeseries` and checks its range against
/// what this API answers.
pub(crate) fn timeseries_question(
    raw: crate::request::TimeseriesParams,
) -> Result<TimeseriesQuery, Problem> {
    let q = raw.parse()?;
    let (start, end) = (q.start, q.end);
    let days = (end - start).num_days();
    if days < 0 {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidParameter,
            format!("start {start} is after end {end}: give start <= end"),
        ));
    }
    if days >= MAX_RANGE_DAYS {
        let detail = format!("{start} to {end} spans {} days; at most {MAX_RANGE_DAYS} days are answered per request", days + 1);
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::RangeTooLarge,
            detail,
        ));
    }
    Ok(q)
}

/// The answer of `GET /v1/timeseries`.
async fn timeseries_body(
    state: &AppState,
    q: &TimeseriesQuery,
    format: Format,
) -> Result<Response, Problem> {
    let (start, end) = (q.start, q.end);
    let series = state
        .service
        .timeseries(q.base, q.symbols.as_deref(), (start, end), q.source)
        .await?;
    let source = series_source(q, &series);
    let freshness = match series.first().and_then(|v| v.fallback.as_ref()) {
        Some(_) => Freshness::Short,
        None => state.freshness(source, end, Some(end)),
    };
    let last_modified = state.published(source, series.last().map_or(end, |v| v.date));
    if format != Format::Json {
        let etag = export::etag(format, &series);
        let body = export::stream(export::chunks(format, series));
        let content_type = format.content_type();
        return Ok(super::http::streamed(
            body,
            content_type,
            &etag,
            freshness,
            last_modified,
        ));
    }
    Ok(Cached {
        body: timeseries_of(q, &series),
        freshness,
        last_modified,
    }
    .into_response())
}

/// The source a time series answering `q` came from.
fn series_source(q: &TimeseriesQuery, series: &[RatesView]) -> SourceId {
    series
        .first()
        .map(|v| v.source)
        .or(q.source)
        .unwrap_or(SourceId::ECB)
}

/// The body of `GET /v1/timeseries` (JSON) for the `series` answering `q`.
pub(crate) fn timeseries_of(q: &TimeseriesQuery, series: &[RatesView]) -> TimeseriesBody {
    TimeseriesBody {
        base: q.base,
        start_date: series.first().map_or(q.start, |v| v.date),
        end_date: series.last().map_or(q.end, |v| v.date),
        source: series_source(q, series),
        rates: series
            .iter()
            .map(|v| (v.date, v.rates.iter().copied().collect()))
            .collect(),
        fallback: series
            .first()
            .and_then(|v| v.fallback.as_ref())
            .map(FallbackBody::from),
    }
}

/// `GET /v1/currencies`.
pub async fn currencies(
    State(state): State<AppState>,
    Params(p): Params<CurrenciesParams>,
) -> Result<Response, Problem> {
    let list = state.service.book().currencies(p.all()?);
    Ok(Cached {
        body: list.iter().map(CurrencyBody::from).collect::<Vec<_>>(),
        freshness: Freshness::Short,
        last_modified: None,
    }
    .into_response())
}

/// `GET /v1/sources`.
pub async fn sources(State(state): State<AppState>) -> Response {
    let statuses = state.service.store().statuses();
    Cached {
        body: statuses.iter().map(SourceBody::from).collect::<Vec<_>>(),
        freshness: Freshness::Short,
        last_modified: None,
    }
    .into_response()
}
