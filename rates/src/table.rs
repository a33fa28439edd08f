//! One source's rates for one date.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::{CurrencyCode, SourceId};

/// One published quote, kept exactly as the source wrote it.
///
/// A quote says that `units` of the quoted currency are worth `value` of the
/// table's base currency. Each source's own convention maps onto it without
/// any division, so nothing published is ever rounded:
///
/// | source | published as | `units` | `value` |
/// | --- | --- | --- | --- |
/// | ECB | 1 EUR = 1.3576 USD | 1.3576 | 1 |
/// | Bank of Russia | Nominal 100 DZD = Value 61,5323 RUB | 100 | 61.5323 |
/// | NBP | mid: 1 USD = 3.7001 PLN | 1 | 3.7001 |
///
/// Both numbers are strictly positive in any table that passed its parser.
///
/// ```
/// use kurs_rates::Quote;
/// let q = Quote::per_base("1.3576".parse().unwrap());
/// assert_eq!(q.units.to_string(), "1.3576");
/// assert_eq!(q.value.to_string(), "1");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    /// How many units of the quoted currency the quote is for.
    pub units: Decimal,
    /// What those units are worth in the table's base currency.
    pub value: Decimal,
}

impl Quote {
    /// A quote in the ECB's style: one unit of the base buys `rate` units of
    /// the quoted currency.
    pub fn per_base(rate: Decimal) -> Self {
        Self {
            units: rate,
            value: Decimal::ONE,
        }
    }

    /// A quote in the style of the Bank of Russia and the NBP: `nominal`
    /// units of the quoted currency cost `value` units of the base.
    pub fn priced_in_base(nominal: Decimal, value: Decimal) -> Self {
        Self {
            units: nominal,
            value,
        }
    }

    /// The quote that the base currency has against itself: 1 for 1.
    pub const IDENTITY: Quote = Quote {
        units: Decimal::ONE,
        value: Decimal::ONE,
    };
}

/// What one source published for one date: a base currency and a quote for
/// each currency it covers, in code order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    source: SourceId,
    date: NaiveDate,
    base: CurrencyCode,
    quotes: Vec<(CurrencyCode, Quote)>,
}

/// Why a set of quotes cannot form a [`Table`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    /// The same currency appears twice.
    #[error("{code} is quoted twice in the {source_id} table of {date}")]
    Duplicate {
        /// The source of the table.
        source_id: SourceId,
        /// The date of the table.
        date: NaiveDate,
        /// The repeated code.
        code: CurrencyCode,
    },
    /// A quote is zero or negative.
    #[error(
        "{code} has a non-positive quote ({units} for {value}) in the {source_id} table of {date}"
    )]
    NotPositive {
        /// The source of the table.
        source_id: SourceId,
        /// The date of the table.
        date: NaiveDate,
        /// The offending code.
        code: CurrencyCode,
        /// The quote's units.
        units: Decimal,
        /// The quote's value.
        value: Decimal,
    },
    /// The base currency is quoted against itself.
    #[error("the {source_id} table of {date} quotes its own base {code}")]
    QuotesBase {
        /// The source of the table.
        source_id: SourceId,
        /// The date of the table.
        date: NaiveDate,
        /// The base code.
        code: CurrencyCode,
    },
}

impl Table {
    /// Builds a table, checking that every quote is positive, that no code is
    /// repeated and that the base is not quoted against itself.
    pub fn new(
        source: SourceId,
        date: NaiveDate,
        base: CurrencyCode,
        mut quotes: Vec<(CurrencyCode, Quote)>,
    ) -> Result<Self, TableError> {
        quotes.sort_unstable_by_key(|(c, _)| *c);
        for pair in quotes.windows(2) {
            if pair[0].0 == pair[1].0 {
                let code = pair[0].0;
                return Err(TableError::Duplicate {
                    source_id: source,
                    date,
                    code,
                });
            }
        }
        for &(code, q) in &quotes {
            if code == base {
                return Err(TableError::QuotesBase {
                    source_id: source,
                    date,
                    code,
                });
            }
            if q.units <= Decimal::ZERO || q.value <= Decimal::ZERO {
                let (units, value) = (q.units, q.value);
                return Err(TableError::NotPositive {
                    source_id: source,
                    date,
                    code,
                    units,
                    value,
                });
            }
        }
        Ok(Self {
            source,
            date,
            base,
            quotes,
        })
    }

    /// The source that published this table.
    pub fn source(&self) -> SourceId {
        self.source
    }

    /// The date the source gave this table.
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The currency every quote is expressed against.
    pub fn base(&self) -> CurrencyCode {
        self.base
    }

    /// The quote for `code`: the identity for the base itself, `None` when
    /// the table does not cover it.
    pub fn quote(&self, code: CurrencyCode) -> Option<Quote> {
        if code == self.base {
            return Some(Quote::IDENTITY);
        }
        self.quotes
            .binary_search_by_key(&code, |(c, _)| *c)
            .ok()
            .map(|i| self.quotes[i].1)
    }

    /// Whether the table can price `code` (the base always can).
    pub fn covers(&self, code: CurrencyCode) -> bool {
        self.quote(code).is_some()
    }

    /// The quoted currencies and their quotes, in code order, without the
    /// base.
    pub fn quotes(&self) -> &[(CurrencyCode, Quote)] {
        &self.quotes
    }

    /// How many currencies are quoted (the base not counted).
    pub fn len(&self) -> usize {
        self.quotes.len()
    }

    /// Whether the table quotes nothing at all.
    pub fn is_empty(&self) -> bool {
        self.quotes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> CurrencyCode {
        s.parse().unwrap()
    }
    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }
    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2011, 11, 18).unwrap()
    }

    #[test]
    fn quotes_are_found_by_code_and_the_base_is_the_identity() {
        let t = Table::new(
            SourceId::ECB,
            date(),
            code("EUR"),
            vec![
                (code("USD"), Quote::per_base(d("1.3576"))),
                (code("JPY"), Quote::per_base(d("104.49"))),
            ],
        )
        .unwrap();
        assert_eq!(t.quote(code("USD")).unwrap().units, d("1.3576"));
        assert_eq!(t.quote(code("EUR")), Some(Quote::IDENTITY));
        assert_eq!(t.quote(code("RUB")), None);
        assert_eq!(t.quotes()[0].0, code("JPY"), "kept in code order");
    }

    #[test]
    fn a_repeated_code_is_refused() {
        let q = Quote::per_base(Decimal::ONE);
        let err = Table::new(
            SourceId::ECB,
            date(),
            code("EUR"),
            vec![(code("USD"), q), (code("USD"), q)],
        )
        .unwrap_err();
        assert!(err.to_string().contains("USD is quoted twice"), "{err}");
    }

    #[test]
    fn a_zero_or_negative_quote_is_refused() {
        for bad in ["0", "-1.2"] {
            let q = Quote::per_base(d(bad));
            let err = Table::new(SourceId::ECB, date(), code("EUR"), vec![(code("USD"), q)]);
            assert!(matches!(err, Err(TableError::NotPositive { .. })), "{bad}");
        }
    }

    #[test]
    fn quoting_the_base_against_itself_is_refused() {
        let q = Quote::per_base(Decimal::ONE);
        let err = Table::new(SourceId::ECB, date(), code("EUR"), vec![(code("EUR"), q)]);
        assert!(matches!(err, Err(TableError::QuotesBase { .. })));
    }
}
