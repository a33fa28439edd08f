//! CSV and NDJSON answers of `/v1/rates` and `/v1/timeseries`: one row per
//! rate, with the effective date and the source on every row, and each
//! rate the very decimal string the JSON body writes (`push_decimal`, the
//! `serde-str` form: no exponent, no float, no thousands separator).
//!
//! The format is chosen by `Accept` ([`Format::negotiate`]); JSON stays
//! the default. A time series is streamed, one chunk per date
//! ([`stream`]), so its body is never held whole.

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use chrono::NaiveDate;
use kurs_rates::{CurrencyCode, SourceId};
use rust_decimal::Decimal;

use super::super::{ErrorCode, Problem};
use super::body::{push_date, push_decimal};
use crate::RatesView;

/// A representation `/v1/rates` and `/v1/timeseries` can answer in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The JSON body of `openapi.yaml` (the default).
    Json,
    /// `text/csv` with a header row.
    Csv,
    /// `application/x-ndjson`: one JSON object per line.
    Ndjson,
}

/// The formats in the server's order of preference, with their media types.
const OFFERED: [(Format, &str); 3] = [
    (Format::Json, "application/json"),
    (Format::Csv, "text/csv"),
    (Format::Ndjson, "application/x-ndjson"),
];

impl Format {
    /// The format `Accept` prefers (RFC 9110 §12.5.1: the most specific
    /// range that matches sets a type's `q`; ties go to JSON, then CSV).
    /// No `Accept` means JSON; an `Accept` that allows none of the three
    /// is refused with 406.
    pub fn negotiate(headers: &HeaderMap) -> Result<Format, Problem> {
        let accept: Vec<&str> = headers
            .get_all(header::ACCEPT)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        if accept.iter().all(|a| a.trim().is_empty()) {
            return Ok(Format::Json);
        }
        let ranges: Vec<(&str, f32)> = accept
            .iter()
            .flat_map(|a| a.split(','))
            .map(range)
            .collect();
        let mut best = None;
        for (format, media) in OFFERED {
            let q = quality(&ranges, media);
            if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
                best = Some((format, q));
            }
        }
        best.map(|(f, _)| f).ok_or_else(|| {
            let detail = format!(
                "Accept: {} allows none of application/json, text/csv, application/x-ndjson",
                accept.join(", ")
            );
            Problem::new(StatusCode::NOT_ACCEPTABLE, ErrorCode::NotAcceptable, detail)
        })
    }

    /// The `Content-Type` of an answer in this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Ndjson => "application/x-ndjson",
        }
    }
}

/// One media range of `Accept`: its type, lower-cased, and its `q`.
fn range(text: &str) -> (&str, f32) {
    let mut parts = text.split(';');
    let media = parts.next().unwrap_or_default().trim();
    let q = parts
        .filter_map(|p| p.trim().strip_prefix("q=").or(p.trim().strip_prefix("Q=")))
        .filter_map(|q| q.trim().parse::<f32>().ok())
        .next_back()
        .unwrap_or(1.0);
    (media, q)
}

/// The `q` the ranges give `media`: that of the most specific range that
/// matches it (exact, then `type/*`, then `*/*`), or 0.
fn quality(ranges: &[(&str, f32)], media: &str) -> f32 {
    let kind = media.split('/').next().unwrap_or_default();
    let specificity = |r: &str| {
        if r.eq_ignore_ascii_case(media) {
            Some(3)
        } else if r
            .strip_suffix("/*")
            .is_some_and(|t| t.eq_ignore_ascii_case(kind))
        {
            Some(2)
        } else if r == "*/*" {
            Some(1)
        } else {
            None
        }
    };
    ranges
        .iter()
        .filter_map(|(r, q)| specificity(r).map(|s| (s, *q)))
        .max_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
        .map_or(0.0, |(_, q)| q)
}

/// `Vary: Accept`, added to every answer of a negotiated route (appended:
/// compression adds `Accept-Encoding`).
pub fn vary(headers: &mut HeaderMap) {
    headers.append(header::VARY, HeaderValue::from_static("accept"));
}

/// What every row of one table carries besides its currency and rate.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    /// The effective date.
    pub date: NaiveDate,
    /// `Some(requested date)` for `/v1/rates` rows (`null` for the
    /// latest); `None` for time series rows, which have no such column.
    pub requested_date: Option<Option<NaiveDate>>,
    /// The source of the table.
    pub source: SourceId,
    /// The currency the rates are priced in.
    pub base: CurrencyCode,
    /// `Some` for `/v1/rates` rows: whether the rates are inverted.
    pub inverted: Option<bool>,
}

impl Table {
    /// The rows of a time series table.
    pub fn of_series(view: &RatesView) -> Self {
        Table {
            date: view.date,
            requested_date: None,
            source: view.source,
            base: view.base,
            inverted: None,
        }
    }

    /// The rows of `/v1/rates`.
    pub fn of_rates(view: &RatesView) -> Self {
        Table {
            date: view.date,
            requested_date: Some(view.requested_date),
            source: view.source,
            base: view.base,
            inverted: Some(view.inverted),
        }
    }
}

/// The CSV header row of `/v1/rates`.
pub const RATES_HEADER: &str = "date,requested_date,source,base,quote,rate,inverted\n";
/// The CSV header row of `/v1/timeseries`.
pub const TIMESERIES_HEADER: &str = "date,source,base,quote,rate\n";

/// Appends one row per rate of `table` in `format` (not JSON).
pub fn write_rows(
    format: Format,
    table: &Table,
    rates: &[(CurrencyCode, Decimal)],
    out: &mut Vec<u8>,
) {
    for (quote, rate) in rates {
        match format {
            Format::Csv => csv_row(table, *quote, *rate, out),
            Format::Ndjson | Format::Json => ndjson_row(table, *quote, *rate, out),
        }
    }
}

/// A CSV row: every field is a date, a code, a source id, a decimal or a
/// flag, none of which holds a comma, a quote or a line break.
fn csv_row(table: &Table, quote: CurrencyCode, rate: Decimal, out: &mut Vec<u8>) {
    push_bare(out, |o| push_date(o, table.date));
    out.push(b',');
    if let Some(requested) = table.requested_date {
        if let Some(d) = requested {
            push_bare(out, |o| push_date(o, d));
        }
        out.push(b',');
    }
    out.extend_from_slice(table.source.as_str().as_bytes());
    out.push(b',');
    out.extend_from_slice(table.base.as_str().as_bytes());
    out.push(b',');
    out.extend_from_slice(quote.as_str().as_bytes());
    out.push(b',');
    push_bare(out, |o| push_decimal(o, rate));
    if let Some(inverted) = table.inverted {
        out.extend_from_slice(if inverted { b",true" } else { b",false" });
    }
    out.push(b'\n');
}

/// Appends what `write` writes without the quotes it puts around it.
fn push_bare(out: &mut Vec<u8>, write: impl FnOnce(&mut Vec<u8>)) {
    let start = out.len();
    write(out);
    out.remove(start);
    out.pop();
}

/// An NDJSON row: the CSV row's columns as one JSON object.
fn ndjson_row(table: &Table, quote: CurrencyCode, rate: Decimal, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"date\":");
    push_date(out, table.date);
    if let Some(requested) = table.requested_date {
        out.extend_from_slice(b",\"requested_date\":");
        match requested {
            Some(d) => push_date(out, d),
            None => out.extend_from_slice(b"null"),
        }
    }
    out.extend_from_slice(b",\"source\":\"");
    out.extend_from_slice(table.source.as_str().as_bytes());
    out.extend_from_slice(b"\",\"base\":\"");
    out.extend_from_slice(table.base.as_str().as_bytes());
    out.extend_from_slice(b"\",\"quote\":\"");
    out.extend_from_slice(quote.as_str().as_bytes());
    out.extend_from_slice(b"\",\"rate\":");
    push_decimal(out, rate);
    if let Some(inverted) = table.inverted {
        out.extend_from_slice(if inverted {
            b",\"inverted\":true"
        } else {
            b",\"inverted\":false"
        });
    }
    out.extend_from_slice(b"}\n");
}

/// The chunks of a time series in `format`: the CSV header, then one chunk
/// per date, each rendered only when the connection asks for it.
pub fn chunks(format: Format, series: Vec<RatesView>) -> impl Iterator<Item = Bytes> + Send {
    let header = (format == Format::Csv).then(|| Bytes::from_static(TIMESERIES_HEADER.as_bytes()));
    header
        .into_iter()
        .chain(series.into_iter().map(move |view| {
            let mut out = Vec::with_capacity(view.rates.len() * 48);
            write_rows(format, &Table::of_series(&view), &view.rates, &mut out);
            Bytes::from(out)
        }))
}

/// The strong ETag of the body [`chunks`] will send, hashed date by date
/// into one reused buffer rather than over the whole body.
pub fn etag(format: Format, series: &[RatesView]) -> String {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    if format == Format::Csv {
        hasher.update(TIMESERIES_HEADER.as_bytes());
    }
    let mut out = Vec::new();
    for view in series {
        out.clear();
        write_rows(format, &Table::of_series(view), &view.rates, &mut out);
        hasher.update(&out);
    }
    super::super::http::etag_of_hash(hasher.digest128())
}

/// A streamed body of `chunks`.
pub fn stream(chunks: impl Iterator<Item = Bytes> + Send + 'static) -> Body {
    Body::from_stream(futures_util::stream::iter(
        chunks.map(Ok::<_, std::convert::Infallible>),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> Result<Format, u16> {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_str(value).unwrap());
        Format::negotiate(&headers).map_err(|p| p.status)
    }

    #[test]
    fn accept_picks_the_format_and_json_wins_ties() {
        assert_eq!(
            Format::negotiate(&HeaderMap::new()).ok(),
            Some(Format::Json)
        );
        assert_eq!(accept("*/*"), Ok(Format::Json));
        assert_eq!(accept("text/csv"), Ok(Format::Csv));
        assert_eq!(accept("TEXT/CSV; charset=utf-8"), Ok(Format::Csv));
        assert_eq!(accept("text/*"), Ok(Format::Csv));
        assert_eq!(accept("application/x-ndjson"), Ok(Format::Ndjson));
        assert_eq!(accept("application/json;q=0.5, text/csv"), Ok(Format::Csv));
        assert_eq!(accept("text/csv;q=0.2, */*;q=0.9"), Ok(Format::Json));
        assert_eq!(
            accept("text/html,application/xhtml+xml,*/*;q=0.8"),
            Ok(Format::Json)
        );
        assert_eq!(accept("*/*, application/json;q=0"), Ok(Format::Csv));
    }

    #[test]
    fn an_accept_allowing_none_of_the_formats_is_406() {
        assert_eq!(accept("text/html"), Err(406));
        assert_eq!(accept("application/xml, image/*"), Err(406));
        assert_eq!(accept("*/*;q=0"), Err(406));
    }

    #[test]
    fn a_row_writes_the_decimal_as_json_does_without_quotes() {
        let table = Table {
            date: NaiveDate::from_ymd_opt(2011, 11, 18).unwrap(),
            requested_date: Some(None),
            source: SourceId::ECB,
            base: CurrencyCode::new_static("EUR"),
            inverted: Some(false),
        };
        let rates = [
            (CurrencyCode::new_static("USD"), Decimal::new(13576, 4)),
            (CurrencyCode::new_static("JPY"), Decimal::new(1000000, 0)),
            (CurrencyCode::new_static("XAU"), Decimal::new(5, 7)),
        ];
        let mut csv = Vec::new();
        write_rows(Format::Csv, &table, &rates, &mut csv);
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            "2011-11-18,,ecb,EUR,USD,1.3576,false\n\
             2011-11-18,,ecb,EUR,JPY,1000000,false\n\
             2011-11-18,,ecb,EUR,XAU,0.0000005,false\n"
        );
        let mut ndjson = Vec::new();
        write_rows(Format::Ndjson, &table, &rates[..1], &mut ndjson);
        assert_eq!(
            String::from_utf8(ndjson).unwrap(),
            "{\"date\":\"2011-11-18\",\"requested_date\":null,\"source\":\"ecb\",\"base\":\"EUR\",\"quote\":\"USD\",\"rate\":\"1.3576\",\"inverted\":false}\n"
        );
    }

    /// A year of 30 currencies, as a time series answer holds it.
    fn year() -> Vec<RatesView> {
        let codes: Vec<CurrencyCode> = "AUD BGN BRL CAD CHF CNY CZK DKK GBP HKD HUF IDR ILS INR \
                                        ISK JPY KRW MXN MYR NOK NZD PHP PLN RON SEK SGD THB TRY USD ZAR"
            .split_whitespace()
            .map(CurrencyCode::new_static)
            .collect();
        let first = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        (0..366)
            .map(|day| RatesView {
                base: CurrencyCode::new_static("EUR"),
                date: first + chrono::Days::new(day),
                requested_date: None,
                source: SourceId::ECB,
                rates: codes
                    .iter()
                    .map(|c| (*c, Decimal::new(1_234_567 + day as i64, 4)))
                    .collect(),
                inverted: false,
                fallback: None,
            })
            .collect()
    }

    #[test]
    fn a_series_is_sent_one_date_a_chunk_and_hashed_as_sent() {
        for format in [Format::Csv, Format::Ndjson] {
            let series = year();
            let tag = etag(format, &series);
            let chunks: Vec<Bytes> = chunks(format, series).collect();
            // The header (CSV only), then one chunk per date: the largest
            // piece of the body in memory at once is one date's 30 rows.
            let header = usize::from(format == Format::Csv);
            assert_eq!(chunks.len(), 366 + header);
            for chunk in &chunks[header..] {
                assert_eq!(chunk.iter().filter(|b| **b == b'\n').count(), 30);
                assert!(chunk.len() < 30 * 130, "{} bytes", chunk.len());
            }
            let whole: Vec<u8> = chunks.concat();
            assert_eq!(tag, super::super::super::http::etag_of(&whole));
        }
    }
}
