//! `/currencies`, `/currency/{CODE}` and `/providers`: what kurs has, in
//! Frankfurter v2's shapes.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use kurs_rates::{CurrencyCode, SourceId};
use serde::Serialize;

use super::ask::code;
use super::failure::Failure;
use super::rows::key;
use super::{json, params, Pairs};
use crate::api::AppState;

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
pub(super) async fn currencies(State(state): State<AppState>, query: Pairs) -> Response {
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
pub(super) async fn currency(State(state): State<AppState>, Path(text): Path<String>) -> Response {
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
pub(super) async fn providers(State(state): State<AppState>) -> Response {
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
