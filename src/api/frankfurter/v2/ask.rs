//! What a `/rates` request asks, read once at the boundary: currencies,
//! dates, grouping, providers and expansion, each checked here.

use chrono::{Datelike, Days, NaiveDate};
use kurs_rates::{CurrencyCode, SourceId};

use super::failure::Failure;
use crate::api::native::ASSUMED_CURRENCIES;
use crate::Currency;

/// The query parameters; the last value of each wins, others are ignored.
#[derive(Debug, Default)]
pub(super) struct Params {
    pub(super) base: Option<String>,
    pub(super) quotes: Option<String>,
    pub(super) date: Option<String>,
    pub(super) from: Option<String>,
    pub(super) to: Option<String>,
    pub(super) group: Option<String>,
    pub(super) providers: Option<String>,
    pub(super) expand: Option<String>,
    pub(super) scope: Option<String>,
}

impl Params {
    pub(super) fn from_pairs(pairs: Vec<(String, String)>) -> Self {
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
pub(super) enum When {
    Latest,
    On(NaiveDate),
    Span(NaiveDate, NaiveDate),
}

/// How a series is downsampled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Group {
    Week,
    Month,
}

impl Group {
    /// The first day of the period `date` falls in.
    pub(super) fn start(self, date: NaiveDate) -> NaiveDate {
        match self {
            Group::Week => date - Days::new(u64::from(date.weekday().num_days_from_monday())),
            Group::Month => date.with_day(1).unwrap_or(date),
        }
    }
}

/// A `/rates` question, parsed.
#[derive(Debug, Clone)]
pub(super) struct Ask {
    pub(super) base: CurrencyCode,
    pub(super) quotes: Option<Vec<CurrencyCode>>,
    pub(super) when: When,
    pub(super) group: Option<Group>,
    /// The sources to try in order; `None` for kurs's policy.
    pub(super) providers: Option<Vec<SourceId>>,
    pub(super) expand: bool,
}

/// A currency code, case-insensitive; 404 when kurs does not know it.
pub(super) fn code(text: &str) -> Result<CurrencyCode, Failure> {
    Currency::parse(text.trim())
        .map(|c| c.code)
        .map_err(|e| Failure::not_found(e.to_string()))
}

/// A date as `YYYY-MM-DD`; 400 otherwise.
pub(super) fn date(name: &str, text: &str) -> Result<NaiveDate, Failure> {
    crate::request::parse_date(text)
        .map_err(|_| Failure::bad(format!("invalid {name} '{text}': expected YYYY-MM-DD")))
}

/// Provider keys (kurs's source ids, any case), comma-separated.
pub(super) fn provider_keys(text: &str) -> Result<Vec<SourceId>, Failure> {
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
    /// How many rates the answer holds at most: days × currencies, every
    /// currency counted as [`ASSUMED_CURRENCIES`].
    pub(super) fn rates(&self) -> usize {
        let days = match self.when {
            When::Span(from, to) => (to - from).num_days().unsigned_abs() as usize + 1,
            When::Latest | When::On(_) => 1,
        };
        days * self.quotes.as_ref().map_or(ASSUMED_CURRENCIES, Vec::len)
    }

    /// Whether the base's identity row (rate 1) is answered: when no
    /// quotes are asked, or the base is among them.
    pub(super) fn identity(&self) -> bool {
        self.quotes.as_ref().is_none_or(|q| q.contains(&self.base))
    }

    pub(super) fn parse(p: &Params, today: NaiveDate) -> Result<Self, Failure> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;

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

    #[test]
    fn a_series_counts_days_times_currencies() {
        let today = "2026-12-01".parse().unwrap();
        let p = Params {
            from: Some("2020-01-01".into()),
            to: Some("2020-01-10".into()),
            quotes: Some("USD,GBP".into()),
            ..Params::default()
        };
        assert_eq!(Ask::parse(&p, today).unwrap().rates(), 20);
        let all = Params { quotes: None, ..p };
        assert_eq!(
            Ask::parse(&all, today).unwrap().rates(),
            10 * ASSUMED_CURRENCIES
        );
    }
}
