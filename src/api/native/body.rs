//! The native API's response bodies: its own `Serialize` types, built from
//! domain values, so that renaming a field of the core or of `kurs-rates`
//! cannot change the JSON (`tests/it/openapi.rs` pins each to `openapi.yaml`).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use kurs_rates::{Correction, Coverage, CurrencyCode, SourceId, SourceStatus};
use rust_decimal::Decimal;
use serde::Serialize;

use super::super::Problem;
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
#[derive(Debug, Serialize)]
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
    minor_units: Option<u8>,
    retired: bool,
    sources: BTreeMap<&'static str, CoverageBody>,
}

impl From<&CurrencyEntry> for CurrencyBody {
    fn from(e: &CurrencyEntry) -> Self {
        Self {
            code: e.code,
            numeric: e.numeric,
            name: e.name,
            minor_units: e.minor_units,
            retired: e.retired,
            sources: e
                .sources
                .iter()
                .map(|(s, c)| (*s, CoverageBody::from(c)))
                .collect(),
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
