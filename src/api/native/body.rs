//! The native API's response bodies: its own `Serialize` types, built from
//! domain values, so that renaming a field of the core or of `kurs-rates`
//! cannot change the JSON (`tests/it/openapi.rs` pins each to `openapi.yaml`).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use kurs_rates::{BackfillProgress, Correction, Coverage, CurrencyCode, SourceId, SourceStatus};
use rust_decimal::Decimal;
use serde::Serialize;

use super::super::Problem;
use crate::currency::Names;
use crate::{Conversion, CurrencyEntry, Fallback, Leg, RatesView};

/// The body of a conversion (`Conversion` in `openapi.yaml`).
#[derive(Debug, Serialize)]
pub struct ConversionBody {
    from: CurrencyCode,
    to: CurrencyCode,
    amount: Decimal,
    result: Decimal,
    rate: Decimal,
    date: NaiveDate,
    requested_date: Option<NaiveDate>,
    source: SourceId,
    path: Vec<CurrencyCode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    legs: Option<Vec<LegBody>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fallback: Option<FallbackBody>,
}

impl From<&Conversion> for ConversionBody {
    fn from(c: &Conversion) -> Self {
        Self {
            from: c.from,
            to: c.to,
            amount: c.amount,
            result: c.result,
            rate: c.rate,
            date: c.date,
            requested_date: c.requested_date,
            source: c.source,
            path: c.path.clone(),
            legs: c
                .legs
                .as_ref()
                .map(|l| l.iter().map(LegBody::from).collect()),
            fallback: c.fallback.as_ref().map(FallbackBody::from),
        }
    }
}

impl ConversionBody {
    /// Appends this body's JSON to `out`: the bytes `serde_json` writes for
    /// it (a test holds the two together), without its formatter machinery,
    /// which cost more than the conversion on the request path (a
    /// `NaiveDate` goes through `Debug`, each string through the escaper).
    pub fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"from\":\"");
        out.extend_from_slice(self.from.as_str().as_bytes());
        out.extend_from_slice(b"\",\"to\":\"");
        out.extend_from_slice(self.to.as_str().as_bytes());
        out.extend_from_slice(b"\",\"amount\":");
        push_decimal(out, self.amount);
        out.extend_from_slice(b",\"result\":");
        push_decimal(out, self.result);
        out.extend_from_slice(b",\"rate\":");
        push_decimal(out, self.rate);
        out.extend_from_slice(b",\"date\":");
        push_date(out, self.date);
        out.extend_from_slice(b",\"requested_date\":");
        match self.requested_date {
            Some(d) => push_date(out, d),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"source\":\"");
        out.extend_from_slice(self.source.as_str().as_bytes());
        out.extend_from_slice(b"\",\"path\":[");
        for (i, code) in self.path.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.push(b'"');
            out.extend_from_slice(code.as_str().as_bytes());
            out.push(b'"');
        }
        out.push(b']');
        if let Some(legs) = &self.legs {
            out.extend_from_slice(b",\"legs\":[");
            for (i, leg) in legs.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(b"{\"source\":\"");
                out.extend_from_slice(leg.source.as_str().as_bytes());
                out.extend_from_slice(b"\",\"date\":");
                push_date(out, leg.date);
                out.push(b'}');
            }
            out.push(b']');
        }
        if let Some(fallback) = &self.fallback {
            out.extend_from_slice(b",\"fallback\":");
            // Free text: serde_json escapes it. Writing a struct of a
            // `SourceId` and a `String` into a `Vec` cannot fail.
            let _ = serde_json::to_writer(&mut *out, fallback);
        }
        out.push(b'}');
    }
}

/// Appends `"d"` as `serde-str` writes a decimal: its mantissa's digits,
/// a point before the last `scale` of them (zeros in front when there are
/// fewer), and a `-` when the sign is negative (negative zero too).
pub(super) fn push_decimal(out: &mut Vec<u8>, d: Decimal) {
    // 2^96 has 29 digits; a scale of 28 adds at most one leading zero.
    let mut digits = [b'0'; 30];
    let mut end = digits.len();
    let mut wide = d.mantissa().unsigned_abs();
    while wide > u128::from(u64::MAX) {
        end -= 1;
        digits[end] = b'0' + (wide % 10) as u8;
        wide /= 10;
    }
    let mut m = wide as u64;
    loop {
        end -= 1;
        digits[end] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    let scale = d.scale() as usize;
    let start = end.min(digits.len() - scale - 1);
    let point = digits.len() - scale;
    out.push(b'"');
    if d.is_sign_negative() {
        out.push(b'-');
    }
    out.extend_from_slice(&digits[start..point]);
    if scale > 0 {
        out.push(b'.');
        out.extend_from_slice(&digits[point..]);
    }
    out.push(b'"');
}

/// Appends `"YYYY-MM-DD"`, as chrono's serde writes a date of years
/// 0–9999 (every date kurs holds or accepts).
pub(super) fn push_date(out: &mut Vec<u8>, d: NaiveDate) {
    use chrono::Datelike as _;
    let (y, m, day) = (d.year(), d.month(), d.day());
    if !(0..=9999).contains(&y) {
        let _ = serde_json::to_writer(&mut *out, &d);
        return;
    }
    let y = y as u32;
    let digit = |n: u32| b'0' + (n % 10) as u8;
    out.extend_from_slice(&[
        b'"',
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(day / 10),
        digit(day),
        b'"',
    ]);
}

/// The JSON array of a batch's answers, written as [`ConversionBody::write_json`]
/// writes each conversion (problems, rarer and with free text, by `serde_json`).
pub fn batch_json(answers: &[BatchAnswer]) -> Vec<u8> {
    let mut out = Vec::with_capacity(answers.len() * 200 + 2);
    out.push(b'[');
    for (i, answer) in answers.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        match answer {
            BatchAnswer::Conversion(c) => c.write_json(&mut out),
            BatchAnswer::Problem(p) => {
                let _ = serde_json::to_writer(&mut out, p);
            }
        }
    }
    out.push(b']');
    out
}

/// One source's part in a conversion across two sources.
#[derive(Debug, Serialize)]
pub struct LegBody {
    source: SourceId,
    date: NaiveDate,
}

impl From<&Leg> for LegBody {
    fn from(l: &Leg) -> Self {
        Self {
            source: l.source,
            date: l.date,
        }
    }
}

/// Which source the policy would have answered from, and why it did not.
#[derive(Debug, Clone, Serialize)]
pub struct FallbackBody {
    preferred: SourceId,
    reason: String,
}

impl From<&Fallback> for FallbackBody {
    fn from(f: &Fallback) -> Self {
        Self {
            preferred: f.preferred,
            reason: f.reason.clone(),
        }
    }
}

/// One answer of a batch: a conversion or the problem with that item.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum BatchAnswer {
    /// The item's conversion.
    Conversion(ConversionBody),
    /// Why the item has none.
    Problem(Problem),
}

/// One currency's move since the previous table.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// The rate in the previous table.
    pub previous: Decimal,
    /// rate − previous.
    pub change: Decimal,
    /// The change in percent of the previous rate, to 2 decimals.
    pub percent: Decimal,
}

/// The body of `GET /v1/rates`.
#[derive(Debug, Serialize)]
pub struct RatesBody {
    pub base: CurrencyCode,
    pub date: NaiveDate,
    pub requested_date: Option<NaiveDate>,
    pub source: SourceId,
    pub publisher: &'static str,
    pub stale: bool,
    pub rates: BTreeMap<CurrencyCode, Decimal>,
    pub inverted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<BTreeMap<CurrencyCode, Change>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback: Option<FallbackBody>,
}

impl RatesBody {
    /// The body of `view`, with the publisher's name and whether its
    /// source is stale; no changes yet.
    pub fn new(view: &RatesView, publisher: &'static str, stale: bool) -> Self {
        Self {
            base: view.base,
            date: view.date,
            requested_date: view.requested_date,
            source: view.source,
            publisher,
            stale,
            rates: view.rates.iter().copied().collect(),
            inverted: view.inverted,
            previous_date: None,
            changes: None,
            fallback: view.fallback.as_ref().map(FallbackBody::from),
        }
    }
}

/// The body of `GET /v1/timeseries`.
#[derive(Debug, Serialize)]
pub struct TimeseriesBody {
    pub base: CurrencyCode,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub source: SourceId,
    pub rates: BTreeMap<NaiveDate, BTreeMap<CurrencyCode, Decimal>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback: Option<FallbackBody>,
}

/// One currency of `GET /v1/currencies`.
#[derive(Debug, Serialize)]
pub struct CurrencyBody {
    code: CurrencyCode,
    numeric: u16,
    name: &'static str,
    names: NamesBody,
    minor_units: Option<u8>,
    retired: bool,
    sources: BTreeMap<&'static str, CoverageBody>,
    preferred: Option<SourceId>,
}

impl From<&CurrencyEntry> for CurrencyBody {
    fn from(e: &CurrencyEntry) -> Self {
        Self {
            code: e.code,
            numeric: e.numeric,
            name: e.name,
            names: NamesBody::from(e.names),
            minor_units: e.minor_units,
            retired: e.retired,
            sources: e
                .sources
                .iter()
                .map(|(s, c)| (*s, CoverageBody::from(c)))
                .collect(),
            preferred: e.preferred,
        }
    }
}

/// A currency's CLDR names (`CurrencyNames` in `openapi.yaml`).
#[derive(Debug, Serialize)]
pub struct NamesBody {
    en: &'static str,
    ru: Option<&'static str>,
    uk: Option<&'static str>,
    kk: Option<&'static str>,
    de: Option<&'static str>,
    fr: Option<&'static str>,
    es: Option<&'static str>,
}

impl From<Names> for NamesBody {
    fn from(n: Names) -> Self {
        Self {
            en: n.en,
            ru: n.ru,
            uk: n.uk,
            kk: n.kk,
            de: n.de,
            fr: n.fr,
            es: n.es,
        }
    }
}

/// The first and last date a source quoted a currency.
#[derive(Debug, Serialize)]
pub struct CoverageBody {
    first: NaiveDate,
    last: NaiveDate,
}

impl From<&Coverage> for CoverageBody {
    fn from(c: &Coverage) -> Self {
        Self {
            first: c.first,
            last: c.last,
        }
    }
}

/// One source of `GET /v1/sources`.
#[derive(Debug, Serialize)]
pub struct SourceBody {
    source: SourceId,
    attribution: AttributionBody,
    origin: String,
    latest_date: Option<NaiveDate>,
    first_date: Option<NaiveDate>,
    tables: usize,
    last_success: Option<DateTime<Utc>>,
    last_attempt: Option<DateTime<Utc>>,
    last_error: Option<String>,
    next_publication: (NaiveDate, DateTime<Utc>),
    stale: bool,
    fetches: FetchCountsBody,
    corrections: Vec<CorrectionBody>,
    persist_error: Option<String>,
    backfill: Option<BackfillProgress>,
}

impl From<&SourceStatus> for SourceBody {
    fn from(s: &SourceStatus) -> Self {
        let a = &s.attribution;
        let f = &s.fetches;
        Self {
            source: s.source,
            attribution: AttributionBody {
                publisher: a.publisher,
                text: a.text,
                terms_url: a.terms_url,
            },
            origin: s.origin.clone(),
            latest_date: s.latest_date,
            first_date: s.first_date,
            tables: s.tables,
            last_success: s.last_success,
            last_attempt: s.last_attempt,
            last_error: s.last_error.clone(),
            next_publication: s.next_publication,
            stale: s.stale,
            fetches: FetchCountsBody {
                ok: f.ok,
                not_modified: f.not_modified,
                failed: f.failed,
                rejected: f.rejected,
            },
            corrections: s.corrections.iter().map(CorrectionBody::from).collect(),
            persist_error: s.persist_error.clone(),
            backfill: s.backfill.clone(),
        }
    }
}

/// Who publishes a source's rates and on what terms.
#[derive(Debug, Serialize)]
pub struct AttributionBody {
    publisher: &'static str,
    text: &'static str,
    terms_url: &'static str,
}

/// How many fetches of a source ended which way since start.
#[derive(Debug, Serialize)]
pub struct FetchCountsBody {
    ok: u64,
    not_modified: u64,
    failed: u64,
    rejected: u64,
}

/// A table the source re-published with small changes.
#[derive(Debug, Serialize)]
pub struct CorrectionBody {
    date: NaiveDate,
    detected_at: DateTime<Utc>,
    currencies: Vec<CurrencyCode>,
}

impl From<&Correction> for CorrectionBody {
    fn from(c: &Correction) -> Self {
        Self {
            date: c.date,
            detected_at: c.detected_at,
            currencies: c.currencies.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;

    use crate::api::ErrorCode;

    fn decimal(rng: &mut fastrand::Rng) -> Decimal {
        let mantissa = match rng.u8(0..4) {
            0 => rng.i128(-1000..1000),
            1 => rng.i128(-(1 << 40)..(1 << 40)),
            2 => rng.i128(-((1 << 96) - 1)..(1 << 96)),
            _ => 0,
        };
        let mut d = Decimal::from_i128_with_scale(mantissa, rng.u32(0..=28));
        if mantissa == 0 && rng.bool() {
            d.set_sign_negative(true);
        }
        d
    }

    fn date(rng: &mut fastrand::Rng) -> NaiveDate {
        let edges = [
            NaiveDate::from_ymd_opt(0, 1, 1),
            NaiveDate::from_ymd_opt(9999, 12, 31),
            NaiveDate::from_ymd_opt(10000, 1, 1),
            NaiveDate::from_ymd_opt(-1, 12, 31),
        ];
        match rng.u8(0..10) {
            0 => edges[rng.usize(0..edges.len())].unwrap(),
            _ => NaiveDate::from_num_days_from_ce_opt(rng.i32(1..3_652_059)).unwrap(),
        }
    }

    fn body(rng: &mut fastrand::Rng) -> ConversionBody {
        let codes = ["USD", "EUR", "RUB", "JPY", "XAU"].map(CurrencyCode::new_static);
        let sources = ["ecb", "cbr", "nbp", "cnb"].map(|s| SourceId::parse(s).unwrap());
        let code = |rng: &mut fastrand::Rng| codes[rng.usize(0..codes.len())];
        let source = |rng: &mut fastrand::Rng| sources[rng.usize(0..sources.len())];
        let reasons = [
            "",
            "no table on 2011-11-18",
            "quote \" back\\slash \n tab\t ü € \u{1}",
        ];
        ConversionBody {
            from: code(rng),
            to: code(rng),
            amount: decimal(rng),
            result: decimal(rng),
            rate: decimal(rng),
            date: date(rng),
            requested_date: rng.bool().then(|| date(rng)),
            source: source(rng),
            path: (0..rng.usize(1..4)).map(|_| code(rng)).collect(),
            legs: rng.bool().then(|| {
                (0..rng.usize(0..3))
                    .map(|_| LegBody {
                        source: source(rng),
                        date: date(rng),
                    })
                    .collect()
            }),
            fallback: rng.bool().then(|| FallbackBody {
                preferred: source(rng),
                reason: reasons[rng.usize(0..reasons.len())].to_owned(),
            }),
        }
    }

    #[test]
    fn a_conversion_is_written_byte_for_byte_as_serde_json_writes_it() {
        let mut rng = fastrand::Rng::with_seed(11);
        for _ in 0..20_000 {
            let body = body(&mut rng);
            let mut written = Vec::new();
            body.write_json(&mut written);
            let serde = serde_json::to_vec(&body).unwrap();
            assert_eq!(
                String::from_utf8(written).unwrap(),
                String::from_utf8(serde).unwrap(),
                "{body:?}"
            );
        }
    }

    #[test]
    fn a_batch_is_written_byte_for_byte_as_serde_json_writes_it() {
        let mut rng = fastrand::Rng::with_seed(12);
        for n in 0..200 {
            let answers: Vec<BatchAnswer> = (0..n % 7)
                .map(|_| match rng.u8(0..3) {
                    0 => BatchAnswer::Problem(Problem::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        ErrorCode::RateUnavailable,
                        "no rate \"for\" 2011-11-18",
                    )),
                    _ => BatchAnswer::Conversion(body(&mut rng)),
                })
                .collect();
            assert_eq!(
                String::from_utf8(batch_json(&answers)).unwrap(),
                serde_json::to_string(&answers).unwrap()
            );
        }
    }
}
