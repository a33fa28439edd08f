//! The currencies kurs knows, with the dates each source covers.

use kurs_rates::{Coverage, CurrencyCode, SourceId};
use serde::Serialize;

use super::Book;
use crate::currency::{Currency, Names};

/// One currency as `kurs currencies` and `/v1/currencies` list it. It
/// serialises for `kurs currencies --json` only; the API writes its own
/// body from it.
#[derive(Debug, Clone, Serialize)]
pub struct CurrencyEntry {
    /// The ISO 4217 code.
    pub code: CurrencyCode,
    /// The ISO 4217 numeric code.
    pub numeric: u16,
    /// The English name as ISO 4217 gives it.
    pub name: &'static str,
    /// The names from the Unicode CLDR, in every language of `kurs::locale`.
    pub names: Names,
    /// Minor units (decimals), `None` where ISO gives none.
    pub minor_units: Option<u8>,
    /// Whether ISO 4217 has withdrawn the code.
    pub retired: bool,
    /// For each source that ever quoted it, the first and last date.
    pub sources: std::collections::BTreeMap<&'static str, Coverage>,
    /// Of those, the one the source policy asks first for a pair with
    /// this currency (its issuing bank, else the first in registry
    /// order); `None` when no source quoted it.
    pub preferred: Option<SourceId>,
}

impl Book {
    /// Every currency some source covers (or every known one, with `all`).
    pub fn currencies(&self, all: bool) -> Vec<CurrencyEntry> {
        let coverages: Vec<_> = self
            .histories()
            .map(|h| (h.source(), h.coverage()))
            .collect();
        Currency::all()
            .map(|c| {
                let sources: std::collections::BTreeMap<_, _> = coverages
                    .iter()
                    .filter_map(|(s, cov)| Some((s.as_str(), *cov.get(&c.code)?)))
                    .collect();
                let preferred = self
                    .preference(&[c.code])
                    .into_iter()
                    .find(|s| sources.contains_key(s.as_str()));
                CurrencyEntry {
                    code: c.code,
                    numeric: c.numeric,
                    name: c.name,
                    names: c.names(),
                    minor_units: c.minor_units,
                    retired: c.retired,
                    sources,
                    preferred,
                }
            })
            .filter(|e| all || !e.sources.is_empty())
            .collect()
    }
}
