//! A table's rates priced in a base, their previous values, time series.

use chrono::NaiveDate;
use kurs_rates::{CurrencyCode, SourceId, Table};
use rust_decimal::Decimal;

use super::{check_not_future, Book, Fallback};
use crate::convert::CrossRate;
use crate::Error;

/// One table's rates seen from a chosen base. Not a wire format: the API
/// writes its own `Rates` body from it, the command line its own JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatesView {
    /// The currency the rates are priced against (1 base = rate units).
    pub base: CurrencyCode,
    /// The effective date.
    pub date: NaiveDate,
    /// The date asked for, or `None` for the latest.
    pub requested_date: Option<NaiveDate>,
    /// The source of the table.
    pub source: SourceId,
    /// Each currency's rate, in code order.
    pub rates: Vec<(CurrencyCode, Decimal)>,
    /// `false`: 1 base = rate units of each currency (the ECB's way);
    /// `true`: 1 unit of each currency = rate units of base, i.e. each
    /// currency priced in the base (how a Russian site shows 1 USD in RUB).
    pub inverted: bool,
    /// Only when the source the policy prefers could not answer: which
    /// one, and why.
    pub fallback: Option<Fallback>,
}

impl Book {
    /// The rates of one table priced in `base`, limited to `symbols` when
    /// given (each must be in the table).
    pub fn rates(
        &self,
        base: CurrencyCode,
        symbols: Option<&[CurrencyCode]>,
        date: Option<NaiveDate>,
        source: Option<SourceId>,
        today: NaiveDate,
    ) -> Result<RatesView, Error> {
        let mut wanted = vec![base];
        wanted.extend(symbols.unwrap_or_default());
        let picked = self.pick_table(source, &wanted, date, today)?;
        let table = picked.table;
        let history = self.history_or_empty(table.source())?;
        let base_quote = history.quote_in(table, base)?;
        let codes: Vec<CurrencyCode> = match symbols {
            Some(s) => s.to_vec(),
            None => std::iter::once(table.base())
                .chain(table.quotes().iter().map(|(c, _)| *c))
                .filter(|c| *c != base)
                .collect(),
        };
        let mut rates = Vec::with_capacity(codes.len());
        for code in codes {
            let rate = CrossRate::between(base_quote, history.quote_in(table, code)?)?;
            rates.push((code, rate.display()));
        }
        rates.sort_by_key(|(c, _)| *c);
        rates.dedup_by_key(|(c, _)| *c);
        Ok(RatesView {
            base,
            date: table.date(),
            requested_date: date,
            source: table.source(),
            rates,
            inverted: false,
            fallback: picked.fallback.map(|s| self.fallback(s, date, today)),
        })
    }

    /// The same rates as `view`, from the table before it (same source,
    /// same base, currencies and direction), for showing changes. `None`
    /// when there is no earlier table or it lacks the base.
    pub fn previous_rates(&self, view: &RatesView) -> Option<RatesView> {
        let history = self.history(view.source)?;
        let previous = history.previous(history.get(view.date)?)?;
        Some(RatesView {
            date: previous.date(),
            requested_date: None,
            rates: rates_in(previous, view, view.inverted),
            ..view.clone()
        })
    }

    /// The same rates as `view`, each currency priced in the base instead
    /// (1 CODE = rate BASE), computed from the quotes, not by inverting the
    /// rounded figures.
    pub fn inverted(&self, view: &RatesView) -> Option<RatesView> {
        let table = self.history(view.source)?.get(view.date)?;
        Some(RatesView {
            rates: rates_in(table, view, !view.inverted),
            inverted: !view.inverted,
            ..view.clone()
        })
    }

    /// The rates of every table of one source dated from `start` to `end`,
    /// priced in `base`.
    pub fn timeseries(
        &self,
        base: CurrencyCode,
        symbols: Option<&[CurrencyCode]>,
        (start, end): (NaiveDate, NaiveDate),
        source: Option<SourceId>,
        today: NaiveDate,
    ) -> Result<Vec<RatesView>, Error> {
        let mut wanted = vec![base];
        wanted.extend(symbols.unwrap_or_default());
        check_not_future(end, source.unwrap_or(SourceId::ECB), today)?;
        let picked = self.pick_table(source, &wanted, Some(end), today)?;
        let fallback = picked.fallback.map(|s| self.fallback(s, Some(end), today));
        let source = picked.table.source();
        let history = self.history_or_empty(source)?;
        history.as_of(start).map_err(|e| self.explain_missing(e))?;
        let mut series = Vec::new();
        for table in history.range(start, end) {
            let view = self.rates(base, symbols, Some(table.date()), Some(source), today)?;
            series.push(RatesView {
                requested_date: None,
                fallback: fallback.clone(),
                ..view
            });
        }
        Ok(series)
    }
}

/// The rates of `view`'s currencies against its base in `table`, in one
/// direction or the other; currencies the table lacks are left out.
fn rates_in(table: &Table, view: &RatesView, inverted: bool) -> Vec<(CurrencyCode, Decimal)> {
    let Some(base) = table.quote(view.base) else {
        return Vec::new();
    };
    let rate = |code: &CurrencyCode| {
        let quote = table.quote(*code)?;
        let (from, to) = if inverted {
            (quote, base)
        } else {
            (base, quote)
        };
        Some((*code, CrossRate::between(from, to).ok()?.display()))
    };
    view.rates
        .iter()
        .filter_map(|(code, _)| rate(code))
        .collect()
}
