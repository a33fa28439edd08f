//! Conversions across two sources, for a pair no single source covers.
//!
//! The Bank of Russia quotes RUB and the Armenian dram but not the Icelandic
//! krona; the ECB quotes the krona but no longer RUB. RUB to ISK then goes
//! RUB → EUR with the Bank of Russia and EUR → ISK with the ECB. The two
//! cross rates are multiplied into one exact ratio, so the amount is still
//! multiplied first, divided once and rounded once, and the answer shows
//! the path and both sources with their dates.

use chrono::NaiveDate;
use kurs_rates::{CurrencyCode, SourceId, Table};

use super::{path, Leg};
use crate::{Book, Conversion, ConvertQuery, CrossRate, Error};

/// Currencies tried as the bridge after the two sources' own bases.
const BRIDGES: [CurrencyCode; 2] = [
    CurrencyCode::new_static("USD"),
    CurrencyCode::new_static("EUR"),
];

impl Book {
    /// Converts through two sources when no single one publishes both
    /// currencies: the first source (in the policy's order for `from`)
    /// whose table quotes `from`, and the first other one (in the policy's
    /// order for `to`) whose table quotes `to`, when they share a currency
    /// to bridge with. `None` when no two sources can.
    pub(crate) fn convert_across(
        &self,
        q: &ConvertQuery,
        today: NaiveDate,
    ) -> Option<Result<Conversion, Error>> {
        let (from, to) = (q.from.code, q.to.code);
        let table = |s: SourceId| self.table(s, q.date, today).ok();
        let firsts = self.preference(&[from]).into_iter().filter_map(table);
        let seconds: Vec<&Table> = self
            .preference(&[to])
            .into_iter()
            .filter_map(table)
            .collect();
        for a in firsts.filter(|t| t.covers(from)) {
            for b in seconds
                .iter()
                .filter(|t| t.source() != a.source() && t.covers(to))
            {
                if let Some(bridge) = bridge(a, b) {
                    let fallback = self
                        .unavailable_preferred(&[from, to], q.date, today)
                        .map(|s| self.fallback(s, q.date, today));
                    return Some(across(q, a, b, bridge).map(|c| Conversion { fallback, ..c }));
                }
            }
        }
        None
    }
}

/// A currency both tables quote: one of their bases, else USD or EUR.
fn bridge(a: &Table, b: &Table) -> Option<CurrencyCode> {
    [a.base(), b.base()]
        .into_iter()
        .chain(BRIDGES)
        .find(|c| a.covers(*c) && b.covers(*c))
}

fn across(
    q: &ConvertQuery,
    a: &Table,
    b: &Table,
    bridge: CurrencyCode,
) -> Result<Conversion, Error> {
    let (from, to) = (q.from.code, q.to.code);
    let quote = |t: &Table, c| t.quote(c).expect("checked by convert_across");
    let first = CrossRate::between(quote(a, from), quote(a, bridge))?;
    let rate = first.then(CrossRate::between(quote(b, bridge), quote(b, to))?)?;
    let result = rate.apply(q.amount.value(), q.rounding, q.to.scale())?;
    let mut currencies = path(from, bridge, a.base());
    currencies.extend(path(bridge, to, b.base()).into_iter().skip(1));
    Ok(Conversion {
        from,
        to,
        amount: q.amount.value(),
        result,
        rate: rate.display(),
        date: a.date(),
        requested_date: q.date,
        source: a.source(),
        path: currencies,
        fallback: None,
        legs: Some(vec![
            Leg {
                source: a.source(),
                date: a.date(),
            },
            Leg {
                source: b.source(),
                date: b.date(),
            },
        ]),
    })
}
