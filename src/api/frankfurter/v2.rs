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

use std::collections::BTreeMap;
use std::convert::Infallible;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{Datelike, Days, NaiveDate};
use kurs_rates::{CurrencyCode, History, LookupError, SourceId};
use rust_decimal::Decimal;
use serde::Serialize;

use super::num::Num;
use crate::api::AppState;
use crate::{Book, CrossRate, Currency, Error, RatesView, Rounding};

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

// ---------------------------------------------------------------- errors

/// A v2 error: `{"status": N, "message": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Failure {
    status: StatusCode,
    message: String,
}

impl Failure {
    /// 400: a parameter that cannot be read.
    fn bad(message: impl Into<String>) -> Self {
        Self::with(StatusCode::BAD_REQUEST, message)
    }

    /// 404: an unknown code, or no data.
    fn not_found(message: impl Into<String>) -> Self {
        Self::with(StatusCode::NOT_FOUND, message)
    }

    /// 422: parameters that do not go together.
    fn invalid(message: impl Into<String>) -> Self {
        Self::with(StatusCode::UNPROCESSABLE_ENTITY, message)
    }

    fn with(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "status": self.status.as_u16(), "message": self.message });
        let mut response = (self.status, body.to_string()).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

impl From<Error> for Failure {
    /// kurs's errors in v2 terms, with kurs's own message.
    fn from(e: Error) -> Self {
        let message = e.to_string();
        match e {
            Error::UnknownCurrency(_)
            | Error::UnknownSource(_)
            | Error::FutureDate { .. }
            | Error::Lookup(_)
            | Error::ElsewhereOnly { .. }
            | Error::NoSourceCovers { .. } => Self::not_found(message),
            Error::RangeTooLarge { .. } | Error::Overflow(_) => Self::invalid(message),
            _ => Self::bad(message),
        }
    }
}

// ---------------------------------------------------------------- parameters

/// The query parameters; the last value of each wins, others are ignored.
#[derive(Debug, Default)]
struct Params {
    base: Option<String>,
    quotes: Option<String>,
    date: Option<String>,
    from: Option<String>,
    to: Option<String>,
    group: Option<String>,
    providers: Option<String>,
    expand: Option<String>,
    scope: Option<String>,
}

impl Params {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut p = Params::default();
        for (key, value) in pairs {
            let slot = match key.as_str() {
                "base" => &mut p.base,
                "quotes" => &mut p.quotes,
                "date" => &mut p.date,
                "from" => &mut p.from,
                "to" => &mut p.to,
                "group" => &mut p.group,
                "providers" => &mut p.providers,
                "expand" => &mut p.expand,
                "scope" => &mut p.scope,
                _ => continue,
            };
            *slot = Some(value);
        }
        p
    }
}

/// Which tables an answer covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    Latest,
    On(NaiveDate),
    Span(NaiveDate, NaiveDate),
}

/// How a series is downsampled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Week,
    Month,
}

impl Group {
    /// The first day of the period `date` falls in.
    fn start(self, date: NaiveDate) -> NaiveDate {
        match self {
            Group::Week => date - Days::new(u64::from(date.weekday().num_days_from_monday())),
            Group::Month => date.with_day(1).unwrap_or(date),
        }
    }
}

/// A `/rates` question, parsed.
#[derive(Debug, Clone)]
struct Ask {
    base: CurrencyCode,
    quotes: Option<Vec<CurrencyCode>>,
    when: When,
    group: Option<Group>,
    /// The sources to try in order; `None` for kurs's policy.
    providers: Option<Vec<SourceId>>,
    expand: bool,
}

/// A currency code, case-insensitive; 404 when kurs does not know it.
fn code(text: &str) -> Result<CurrencyCode, Failure> {
    Currency::parse(text.trim())
        .map(|c| c.code)
        .map_err(|e| Failure::not_found(e.to_string()))
}

/// A date as `YYYY-MM-DD`; 400 otherwise.
fn date(name: &str, text: &str) -> Result<NaiveDate, Failure> {
    crate::request::parse_date(text)
        .map_err(|_| Failure::bad(format!("invalid {name} '{text}': expected YYYY-MM-DD")))
}

/// Provider keys (kurs's source ids, any case), comma-separated.
fn provider_keys(text: &str) -> Result<Vec<SourceId>, Failure> {
    let keys = text.split(',').map(str::trim).filter(|k| !k.is_empty());
    let sources: Vec<SourceId> = keys
        .map(|k| {
            SourceId::parse(k).ok_or_else(|| {
                let known: Vec<&str> = SourceId::all().iter().map(|s| s.as_str()).collect();
                Failure::not_found(format!(
                    "unknown provider '{k}': expected one of {}",
                    known.join(", ").to_ascii_uppercase()
                ))
            })
        })
        .collect::<Result<_, _>>()?;
    match sources.is_empty() {
        true => Err(Failure::bad(
            "providers: expected provider keys such as ECB",
        )),
        false => Ok(sources),
    }
}

impl Ask {
    fn parse(p: &Params, today: NaiveDate) -> Result<Self, Failure> {
        let base = p
            .base
            .as_deref()
            .map_or(Ok(CurrencyCode::new_static("EUR")), code)?;
        let quotes = p
            .quotes
            .as_deref()
            .map(|q| {
                q.split(',')
                    .filter(|c| !c.trim().is_empty())
                    .map(code)
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?;
        let on = p.date.as_deref().map(|d| date("date", d)).transpose()?;
        let from = p.from.as_deref().map(|d| date("from", d)).transpose()?;
        let to = p.to.as_deref().map(|d| date("to", d)).transpose()?;
        let when = match (on, from, to) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
                return Err(Failure::invalid("date cannot be combined with from or to"))
            }
            (Some(d), None, None) => When::On(d),
            (None, None, Some(_)) => return Err(Failure::invalid("to needs from")),
            (None, None, None) => When::Latest,
            (None, Some(f), to) => {
                let to = to.unwrap_or(today).min(today);
                if f > to {
                    return Err(Failure::invalid("from is after to"));
                }
                When::Span(f, to)
            }
        };
        let group = match p.group.as_deref() {
            None => None,
            Some("week") => Some(Group::Week),
            Some("month") => Some(Group::Month),
            Some(g) => {
                return Err(Failure::bad(format!(
                    "invalid group '{g}': expected week or month"
                )))
            }
        };
        if group.is_some() && !matches!(when, When::Span(..)) {
            return Err(Failure::invalid("group needs a series (from)"));
        }
        let expand = match p.expand.as_deref() {
            None => false,
            Some("providers") => true,
            Some(e) => {
                return Err(Failure::bad(format!(
                    "invalid expand '{e}': expected providers"
                )))
            }
        };
        if expand && group.is_some() {
            return Err(Failure::invalid(
                "expand=providers cannot be combined with group",
            ));
        }
        let providers = p.providers.as_deref().map(provider_keys).transpose()?;
        Ok(Self {
            base,
            quotes,
            when,
            group,
            providers,
            expand,
        })
    }
}

// ---------------------------------------------------------------- rows

/// One rate of one source, in `expand=providers`.
#[derive(Debug, Clone, Serialize)]
struct ProviderRate {
    key: String,
    rate: Num,
}

/// One row: a rate on a date.
#[derive(Debug, Clone, Serialize)]
struct Row {
    date: NaiveDate,
    base: CurrencyCode,
    quote: CurrencyCode,
    rate: Num,
    #[serde(skip_serializing_if = "Option::is_none")]
    providers: Option<Vec<ProviderRate>>,
}

/// The v2 key of a source: its id upper-cased.
fn key(source: SourceId) -> String {
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
/// exactly from the source's quotes (the view's are rounded for display).
fn rows_of(book: &Book, view: &RatesView, expand: bool) -> Vec<(Row, Decimal)> {
    let history = book.history(view.source);
    view.rates
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
        .collect()
}

/// The series averaged by period: one row per period and quote, dated at
/// the period's start.
fn grouped(book: &Book, views: &[RatesView], group: Group) -> Result<Vec<Row>, Failure> {
    let mut sums: BTreeMap<(NaiveDate, CurrencyCode), (CurrencyCode, Decimal, u32)> =
        BTreeMap::new();
    for view in views {
        for (row, rate) in rows_of(book, view, false) {
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
async fn views(state: &AppState, ask: &Ask) -> Result<Vec<RatesView>, Failure> {
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

/// A 200 response of `content_type` streamed line by line, one table at a
/// time: a long series is never held as one body.
fn streamed(
    content_type: &'static str,
    head: Option<&'static str>,
    lines: impl Iterator<Item = String> + Send + 'static,
) -> Response {
    let chunks = head
        .map(str::to_owned)
        .into_iter()
        .chain(lines)
        .map(|s| Ok::<_, Infallible>(Bytes::from(s)));
    let body = Body::from_stream(futures_util::stream::iter(chunks));
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// A 200 JSON response.
fn json<T: Serialize>(value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => ([(header::CONTENT_TYPE, JSON)], bytes).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot serialise a Frankfurter v2 response");
            Failure::with(StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

/// `/rates` in `format`.
async fn answer_rates(
    state: &AppState,
    params: Params,
    format: Format,
) -> Result<Response, Failure> {
    let ask = Ask::parse(&params, state.service.today())?;
    let views = views(state, &ask).await?;
    let book = state.service.book();
    if let Some(group) = ask.group {
        let rows = grouped(&book, &views, group)?;
        return Ok(render(format, rows.into_iter()));
    }
    let expand = ask.expand;
    let rows = views
        .into_iter()
        .flat_map(move |v| rows_of(&book, &v, expand).into_iter().map(|(row, _)| row));
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
    let answer = async { answer_rates(&state, params(query)?, format).await };
    answer.await.unwrap_or_else(IntoResponse::into_response)
}

/// `GET /rates.csv`.
async fn rates_csv(State(state): State<AppState>, query: Pairs) -> Response {
    let answer = async { answer_rates(&state, params(query)?, Format::Csv).await };
    answer.await.unwrap_or_else(IntoResponse::into_response)
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
            .flat_map(|v| rows_of(&book, v, false))
            .map(|(row, _)| row)
            .next()
            .ok_or_else(|| Failure::not_found("no data"))?;
        Ok(json(&row))
    };
    answer.await.unwrap_or_else(IntoResponse::into_response)
}

/// One currency, as `/currencies` lists it.
#[derive(Debug, Clone, Serialize)]
struct CurrencyRow {
    iso_code: CurrencyCode,
    iso_numeric: String,
    name: &'static str,
    symbol: Option<&'static str>,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    providers: Option<Vec<String>>,
}

impl CurrencyRow {
    fn of(entry: &crate::CurrencyEntry, with_providers: bool) -> Self {
        let spans = entry.sources.values();
        Self {
            iso_code: entry.code,
            iso_numeric: format!("{:03}", entry.numeric),
            name: entry.name,
            symbol: None,
            start_date: spans.clone().map(|c| c.first).min(),
            end_date: spans.map(|c| c.last).max(),
            providers: with_providers.then(|| {
                entry
                    .sources
                    .keys()
                    .map(|s| s.to_ascii_uppercase())
                    .collect()
            }),
        }
    }
}

/// `GET /currencies` (`scope=all` adds currencies no source quotes).
async fn currencies(State(state): State<AppState>, query: Pairs) -> Response {
    let answer = async {
        let p = params(query)?;
        let all = match p.scope.as_deref() {
            None => false,
            Some("all") => true,
            Some(s) => return Err(Failure::bad(format!("invalid scope '{s}': expected all"))),
        };
        let entries = state.service.book().currencies(all);
        let rows: Vec<CurrencyRow> = entries.iter().map(|e| CurrencyRow::of(e, false)).collect();
        Ok(json(&rows))
    };
    answer.await.unwrap_or_else(IntoResponse::into_response)
}

/// `GET /currency/{CODE}`, with the keys of the providers that quote it.
async fn currency(State(state): State<AppState>, Path(text): Path<String>) -> Response {
    let answer = async {
        let wanted = code(&text)?;
        let entries = state.service.book().currencies(true);
        let entry = entries
            .iter()
            .find(|e| e.code == wanted)
            .ok_or_else(|| Failure::not_found(format!("unknown currency '{text}'")))?;
        Ok::<_, Failure>(json(&CurrencyRow::of(entry, true)))
    };
    answer.await.unwrap_or_else(IntoResponse::into_response)
}

/// One source, as `/providers` lists it.
#[derive(Debug, Clone, Serialize)]
struct ProviderRow {
    key: String,
    name: &'static str,
    country_code: Option<&'static str>,
    rate_type: &'static str,
    pivot_currency: CurrencyCode,
    data_url: String,
    terms_url: &'static str,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    publish_cadence: &'static str,
    currencies: Vec<CurrencyCode>,
}

/// The ISO 3166 country of a source's issuing bank, where it is one
/// country: the country whose currency is the source's base. The ECB's
/// euro area is none.
fn country(source: SourceId) -> Option<&'static str> {
    const BY_BASE: [(&str, &str); 22] = [
        ("AUD", "AU"),
        ("BYN", "BY"),
        ("CAD", "CA"),
        ("CHF", "CH"),
        ("CZK", "CZ"),
        ("DKK", "DK"),
        ("GBP", "GB"),
        ("GEL", "GE"),
        ("HUF", "HU"),
        ("ILS", "IL"),
        ("ISK", "IS"),
        ("KGS", "KG"),
        ("KZT", "KZ"),
        ("MDL", "MD"),
        ("NOK", "NO"),
        ("PLN", "PL"),
        ("RON", "RO"),
        ("RSD", "RS"),
        ("RUB", "RU"),
        ("TJS", "TJ"),
        ("UAH", "UA"),
        ("UZS", "UZ"),
    ];
    let base = source.base();
    BY_BASE
        .iter()
        .find(|(code, _)| *code == base.as_str())
        .map(|(_, country)| *country)
}

/// `GET /providers`: kurs's sources.
async fn providers(State(state): State<AppState>) -> Response {
    let book = state.service.book();
    let rows: Vec<ProviderRow> = state
        .service
        .store()
        .statuses()
        .into_iter()
        .map(|s| {
            let currencies = book
                .history(s.source)
                .map(|h| h.coverage().keys().copied().collect())
                .unwrap_or_default();
            ProviderRow {
                key: key(s.source),
                name: s.attribution.publisher,
                country_code: country(s.source),
                rate_type: "official",
                pivot_currency: s.source.base(),
                data_url: s.origin,
                terms_url: s.attribution.terms_url,
                start_date: s.first_date,
                end_date: s.latest_date,
                publish_cadence: "daily",
                currencies,
            }
        })
        .collect();
    json(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_starts_on_monday_or_the_first() {
        let d: NaiveDate = "2026-02-19".parse().unwrap();
        assert_eq!(Group::Week.start(d).to_string(), "2026-02-16");
        assert_eq!(Group::Month.start(d).to_string(), "2026-02-01");
    }

    #[test]
    fn a_date_with_from_is_an_invalid_combination() {
        let today = "2026-12-01".parse().unwrap();
        let p = Params {
            date: Some("2020-01-02".into()),
            from: Some("2020-01-01".into()),
            ..Params::default()
        };
        let e = Ask::parse(&p, today).unwrap_err();
        assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}
