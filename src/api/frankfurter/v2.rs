//! Frankfurter v2 compatibility under `/frankfurter/v2`.
//!
//! A Frankfurter v2 client pointed at `http://HOST:PORT/frankfurter/v2`
//! finds the same paths (`/rates`, `/rates.csv`, `/rate/{BASE}/{QUOTE}`,
//! `/currencies`, `/currency/{CODE}`, `/providers`), the same rows
//! `{"date","base","quote","rate"}` with rates written as the v1 mirror
//! writes them ([`super::num`]), and the same `{"status","message"}` errors.
//!
//! # Differences from Frankfurter v2
//!
//! * Without `providers`, a row is not a blend of every provider: kurs's
//!   source policy picks one source per answer (the issuing bank's official
//!   rate first, then the registry order), as its native API does. With
//!   `providers=ECB` the answer is that source's own figures. Several keys
//!   are tried in order; the first that answers is used.
//! * Provider keys are kurs's source ids, upper-cased (`ECB`, `CBR`, `NBP`);
//!   a key is read case-insensitively.
//! * `group=week|month` averages the exact rates of each period (rounded
//!   once), dated at the period's first day (a Monday, the 1st).
//! * `/currencies` has no symbols (`symbol` is `null`); `end_date` is the
//!   last date any source published the currency.
//! * Over a source fetched date by date (CBR, NBP) a series spans at most
//!   31 days, as in kurs's native API (422).
//! * A long series of many currencies needs a heavy permit, or is refused
//!   with kurs's `503 overloaded` problem; answers carry no `ETag`.

mod ask;
mod catalogue;
mod failure;
mod rows;

use std::convert::Infallible;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Serialize;

use crate::api::heavy::{self, HEAVY_RATES};
use crate::api::http::{with_validators, Freshness};
use crate::api::metrics::HeavyRoute;
use crate::api::AppState;
use ask::{Ask, Params};
use catalogue::{currencies, currency, providers};
use failure::Failure;
use kurs_rates::CurrencyCode;
use rows::{grouped, rows_of, views, Row};

/// The content type of JSON answers.
const JSON: &str = "application/json; charset=utf-8";
/// The content type of `/rates.csv`.
const CSV: &str = "text/csv; charset=utf-8";
/// The content type of streamed rows.
const NDJSON: &str = "application/x-ndjson";

/// The Frankfurter v2 routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/frankfurter/v2/rates", get(rates))
        .route("/frankfurter/v2/rates.csv", get(rates_csv))
        .route("/frankfurter/v2/rate/{base}/{quote}", get(rate))
        .route("/frankfurter/v2/currencies", get(currencies))
        .route("/frankfurter/v2/currency/{code}", get(currency))
        .route("/frankfurter/v2/providers", get(providers))
}

/// The output formats of `/rates`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Csv,
    Ndjson,
}

impl Format {
    /// By the `Accept` header: `text/csv`, `application/x-ndjson`, else JSON.
    fn accepted(headers: &HeaderMap) -> Self {
        let accept = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if accept.contains("application/x-ndjson") {
            Format::Ndjson
        } else if accept.contains("text/csv") {
            Format::Csv
        } else {
            Format::Json
        }
    }
}

/// One row as a CSV line.
fn csv_line(row: &Row) -> String {
    format!("{},{},{},{}\n", row.date, row.base, row.quote, row.rate.0)
}

/// One row as an NDJSON line.
fn ndjson_line(row: &Row) -> String {
    let mut line = serde_json::to_string(row).unwrap_or_default();
    line.push('\n');
    line
}

/// How many bytes of lines go in one chunk of a streamed body: a chunk per
/// row would be some 220,000 tiny writes for the whole ECB history.
const CHUNK_BYTES: usize = 16 * 1024;

/// A 200 response of `content_type` streamed in chunks of whole lines,
/// computed as they are sent: a long series is never held as one body.
fn streamed(
    content_type: &'static str,
    head: Option<&'static str>,
    lines: impl Iterator<Item = String> + Send + 'static,
) -> Response {
    let mut lines = head.map(str::to_owned).into_iter().chain(lines);
    let chunks = std::iter::from_fn(move || {
        let mut chunk = lines.next()?;
        while chunk.len() < CHUNK_BYTES {
            match lines.next() {
                Some(line) => chunk.push_str(&line),
                None => break,
            }
        }
        Some(Ok::<_, Infallible>(Bytes::from(chunk)))
    });
    let body = Body::from_stream(futures_util::stream::iter(chunks));
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// A 200 JSON response, with an ETag of its bytes (so a client's
/// `If-None-Match` gets a 304) and a short freshness.
fn json<T: Serialize>(value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => with_validators(bytes, JSON, Freshness::Short, None),
        Err(e) => {
            tracing::error!(error = %e, "cannot serialise a Frankfurter v2 response");
            Failure::with(StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

/// `/rates` in `format`. A long series of many currencies is heavy work,
/// as in the v1 mirror: it needs a heavy permit while its tables are read,
/// or is refused with kurs's `503 overloaded` problem (see
/// [`crate::api::heavy`]).
async fn answer_rates(state: &AppState, query: Pairs, format: Format) -> Response {
    let ask = match params(query).and_then(|p| Ask::parse(&p, state.service.today())) {
        Ok(ask) => ask,
        Err(failure) => return failure.into_response(),
    };
    let ticket = match ask.rates() > HEAVY_RATES {
        true => match heavy::enter(state, HeavyRoute::Frankfurter) {
            Ok(ticket) => Some(ticket),
            Err(refused) => return refused.into_response(),
        },
        false => None,
    };
    let answer = rows_answer(state, &ask, format).await;
    if let Some(ticket) = ticket {
        ticket.done();
    }
    answer.unwrap_or_else(IntoResponse::into_response)
}

/// The rows `ask` asks for, in `format`.
async fn rows_answer(state: &AppState, ask: &Ask, format: Format) -> Result<Response, Failure> {
    let views = views(state, ask).await?;
    let book = match (ask.expand, views.as_slice()) {
        // One date: every source that published the pair that day, its
        // table fetched if missing (a series lists what is held).
        (true, [one]) => {
            let codes: Vec<CurrencyCode> = std::iter::once(one.base)
                .chain(one.rates.iter().map(|(c, _)| *c))
                .collect();
            state.service.every_source_book(&codes, one.date).await
        }
        _ => state.service.book(),
    };
    if let Some(group) = ask.group {
        let rows = grouped(&book, &views, group, ask.identity())?;
        return Ok(render(format, rows.into_iter()));
    }
    let (expand, identity) = (ask.expand, ask.identity());
    let rows = views.into_iter().flat_map(move |v| {
        rows_of(&book, &v, expand, identity)
            .into_iter()
            .map(|(row, _)| row)
    });
    Ok(render(format, rows))
}

/// The rows in `format`: CSV and NDJSON streamed, JSON as one array.
fn render(format: Format, rows: impl Iterator<Item = Row> + Send + 'static) -> Response {
    match format {
        Format::Csv => streamed(
            CSV,
            Some("date,base,quote,rate\n"),
            rows.map(|r| csv_line(&r)),
        ),
        Format::Ndjson => streamed(NDJSON, None, rows.map(|r| ndjson_line(&r))),
        Format::Json => json(&rows.collect::<Vec<_>>()),
    }
}

/// The pairs of a query string; 400 when it cannot be read.
type Pairs = Result<Query<Vec<(String, String)>>, axum::extract::rejection::QueryRejection>;

fn params(query: Pairs) -> Result<Params, Failure> {
    query
        .map(|Query(pairs)| Params::from_pairs(pairs))
        .map_err(|_| Failure::bad("the query string cannot be read"))
}

// ---------------------------------------------------------------- handlers

/// `GET /rates`: JSON, or CSV / NDJSON by `Accept`.
async fn rates(State(state): State<AppState>, headers: HeaderMap, query: Pairs) -> Response {
    let format = Format::accepted(&headers);
    answer_rates(&state, query, format).await
}

/// `GET /rates.csv`.
async fn rates_csv(State(state): State<AppState>, query: Pairs) -> Response {
    answer_rates(&state, query, Format::Csv).await
}

/// `GET /rate/{BASE}/{QUOTE}`: one row.
async fn rate(
    State(state): State<AppState>,
    Path((base, quote)): Path<(String, String)>,
    query: Pairs,
) -> Response {
    let answer = async {
        let p = params(query)?;
        if p.from.is_some() || p.to.is_some() {
            return Err(Failure::invalid(
                "/rate answers one date: use date, not from/to",
            ));
        }
        let params = Params {
            base: Some(base),
            quotes: Some(quote),
            expand: None,
            group: None,
            ..p
        };
        let ask = Ask::parse(&params, state.service.today())?;
        let views = views(&state, &ask).await?;
        let book = state.service.book();
        let row = views
            .iter()
            .flat_map(|v| rows_of(&book, v, false, ask.identity()))
            .map(|(row, _)| row)
            .next()
            .ok_or_else(|| Failure::not_found("no data"))?;
        Ok(json(&row))
    };
    answer.await.unwrap_or_else(IntoResponse::into_response)
}
