//! The ranges `/{start}..{end}` and `/{start}..`: the question, normalised
//! (so that the render cache keys it), and its answer.

use std::collections::BTreeMap;
use std::io::Write;

use chrono::NaiveDate;
use kurs_rates::{CurrencyCode, LookupError, Quote, Table};

use super::failure::Failure;
use super::num::{ratio, write_rate, write_ratio, Num};
use super::params::{calendar_date, ecb, Params, Request};
use super::{JSON, SOURCE};
use crate::api::heavy::{Cancel, CHECK_EVERY};
use crate::api::http::Rendered;
use crate::api::AppState;
use crate::{CrossRate, Rounding};

/// What `/{start}..{end}` and `/{start}..` ask, normalised: every table
/// from the one in force on `start` to the last one dated on or before
/// `end` (today when open), for a base, currencies and an amount.
pub(super) struct RangeQuestion {
    request: Request,
    /// The first table's date.
    first: NaiveDate,
    /// The last table's date.
    last: NaiveDate,
    /// The end as asked, which decides how long the answer stays fresh.
    end: Option<NaiveDate>,
    /// How many rates the answer holds at most.
    rates: usize,
}

impl RangeQuestion {
    /// Reads and checks the question, finding the tables it covers (two
    /// binary searches: cheap, on any thread).
    pub(super) fn parse(
        state: &AppState,
        params: &Params,
        start: &str,
        end: Option<&str>,
    ) -> Result<Self, Failure> {
        let amount = Request::amount(params)?;
        let start = calendar_date(start)?;
        let end = end.map(calendar_date).transpose()?;
        let book = state.service.book();
        let request = Request::currencies(params, amount, &book)?;
        let today = state.service.today();
        if start > today {
            return Err(Failure::NotFound);
        }
        let history = ecb(&book)?;
        // The table in force on `start`; before the first table, the range
        // simply starts with it (as Frankfurter's `coalesce` does).
        let first = match history.as_of(start) {
            Ok(t) => t.date(),
            Err(LookupError::BeforeFirst { .. }) => start,
            Err(_) => return Err(Failure::NotFound),
        };
        let tables = history.range(first, end.unwrap_or(today));
        let (Some(first), Some(last)) = (tables.first(), tables.last()) else {
            return Err(Failure::NotFound);
        };
        let currencies = match &request.symbols {
            Some(list) => list.len(),
            None => history.coverage().len(),
        };
        Ok(Self {
            rates: tables.len() * currencies,
            first: first.date(),
            last: last.date(),
            end,
            request,
        })
    }

    /// How many rates the answer holds at most (tables × currencies).
    pub(super) fn rates(&self) -> usize {
        self.rates
    }

    /// The render cache key: the same for every query asking the same
    /// thing (`from` or `base`, symbols in any order or repeated, the
    /// dates anywhere between the same tables, `1` or `1.0`, unknown
    /// parameters), different whenever the answer differs. The freshness
    /// follows from it too: an answer ends before the newest table exactly
    /// when the end asked for does.
    pub(super) fn key(&self) -> String {
        let r = &self.request;
        let symbols = match &r.symbols {
            Some(list) => {
                let mut codes: Vec<&str> = list.iter().map(CurrencyCode::as_str).collect();
                codes.sort_unstable();
                codes.dedup();
                codes.join(",")
            }
            None => "*".to_owned(),
        };
        let amount = r.amount.normalize();
        format!(
            "{}..{} {} {symbols} {amount}",
            self.first, self.last, r.base
        )
    }
}

/// The answer to `question`, or [`Failure::Cancelled`] once `cancel` says
/// it is no longer wanted (checked every [`CHECK_EVERY`] tables).
///
/// The JSON is written straight into one buffer, in the order and form
/// `serde_json` gave the maps it replaces (dates ascending, currencies by
/// code, no spaces): the whole history is some 220,000 numbers, and a map
/// of strings per date cost more than the arithmetic.
pub(super) fn range(
    state: &AppState,
    question: &RangeQuestion,
    cancel: &Cancel,
) -> Result<Rendered, Failure> {
    let book = state.service.book();
    let history = ecb(&book)?;
    let request = &question.request;
    let tables = history.range(question.first, question.last);
    let mut days = Days::new(request, question.rates, tables.len());
    for (i, table) in tables.iter().enumerate() {
        if i % CHECK_EVERY == 0 {
            cancel.check().map_err(|_| Failure::Cancelled)?;
        }
        days.add(table)?;
    }
    let Some((start_date, end_date)) = days.span else {
        return Err(Failure::NotFound);
    };
    let mut body = Vec::with_capacity(days.json.len() + 128);
    // Writing into a `String` cannot fail.
    let _ = write!(
        body,
        "{{\"amount\":{},\"base\":\"{}\",\"start_date\":\"{start_date}\",\"end_date\":\"{end_date}\",\"rates\":{{",
        request.amount_json.0, request.base
    );
    body.extend_from_slice(&days.json);
    body.extend_from_slice(b"}}");
    let freshness = state.freshness(SOURCE, end_date, question.end);
    let last_modified = state.published(SOURCE, end_date);
    Ok(Rendered::new(body, JSON, freshness, last_modified))
}

/// The `"rates"` object of a range answer, written date by date.
struct Days<'a> {
    request: &'a Request,
    /// The currencies asked for, sorted, once each, without the base;
    /// `None` for every currency of each table.
    symbols: Option<Vec<CurrencyCode>>,
    /// The currencies of the table at hand with their quotes, by code.
    columns: Vec<(CurrencyCode, Quote)>,
    /// The dates written so far, inside the braces of `"rates"`.
    json: Vec<u8>,
    /// The first and last date written.
    span: Option<(NaiveDate, NaiveDate)>,
}

impl<'a> Days<'a> {
    /// Room for `rates` numbers over `tables` dates.
    fn new(request: &'a Request, rates: usize, tables: usize) -> Self {
        let symbols = request.symbols.as_ref().map(|list| {
            let mut codes: Vec<CurrencyCode> = list
                .iter()
                .copied()
                .filter(|c| *c != request.base)
                .collect();
            codes.sort_unstable();
            codes.dedup();
            codes
        });
        Self {
            request,
            symbols,
            columns: Vec::new(),
            json: Vec::with_capacity(rates * 14 + tables * 16),
            span: None,
        }
    }

    /// Writes `"DATE":{"CODE":rate,...}` for `table`, or nothing when it
    /// lacks the base or every currency asked for (Frankfurter leaves such
    /// a date out).
    fn add(&mut self, table: &Table) -> Result<(), Failure> {
        let Some(base) = table.quote(self.request.base) else {
            return Ok(());
        };
        self.columns_of(table);
        let mark = self.json.len();
        if self.span.is_some() {
            self.json.push(b',');
        }
        let _ = write!(self.json, "\"{}\":{{", table.date());
        let mut written = false;
        for (code, quote) in &self.columns {
            if written {
                self.json.push(b',');
            }
            self.json.push(b'"');
            self.json.extend_from_slice(&code.as_bytes());
            self.json.extend_from_slice(b"\":");
            let amount = self.request.amount;
            // The double division where it is sure to give the same text,
            // else the exact one.
            if !ratio(amount, base, *quote).is_some_and(|r| write_ratio(r, &mut self.json)) {
                let exact = CrossRate::between(base, *quote)
                    .and_then(|r| r.apply(amount, Rounding::None, 0))
                    .map_err(|_| Failure::InvalidAmount)?;
                write_rate(exact, &mut self.json);
            }
            written = true;
        }
        if !written {
            self.json.truncate(mark);
            return Ok(());
        }
        self.json.push(b'}');
        let first = self.span.map_or(table.date(), |(first, _)| first);
        self.span = Some((first, table.date()));
        Ok(())
    }

    /// Fills `columns` with the currencies of `table` to write, by code.
    fn columns_of(&mut self, table: &Table) {
        self.columns.clear();
        let base = self.request.base;
        match &self.symbols {
            Some(codes) => self
                .columns
                .extend(codes.iter().filter_map(|c| Some((*c, table.quote(*c)?)))),
            None => {
                // The quotes are in code order (`Table::quotes`): the
                // table's own base goes in at its place, the asked base out.
                let quotes = table.quotes();
                let at = quotes.partition_point(|(c, _)| *c < table.base());
                let own = std::iter::once((table.base(), Quote::IDENTITY));
                let all = quotes[..at]
                    .iter()
                    .copied()
                    .chain(own)
                    .chain(quotes[at..].iter().copied());
                self.columns.extend(all.filter(|(c, _)| *c != base));
            }
        }
    }
}

/// One table's rates for `request`: `None` when the table lacks the base or
/// every currency asked for (Frankfurter leaves such a date out).
pub(super) fn table_rates(
    table: &Table,
    request: &Request,
) -> Result<Option<BTreeMap<CurrencyCode, Num>>, Failure> {
    let Some(base) = table.quote(request.base) else {
        return Ok(None);
    };
    let all: Vec<CurrencyCode>;
    let codes = match &request.symbols {
        Some(list) => list.as_slice(),
        None => {
            all = std::iter::once(table.base())
                .chain(table.quotes().iter().map(|(c, _)| *c))
                .collect();
            all.as_slice()
        }
    };
    let mut rates = BTreeMap::new();
    for code in codes.iter().filter(|c| **c != request.base) {
        let Some(quote) = table.quote(*code) else {
            continue;
        };
        let exact = CrossRate::between(base, quote)
            .and_then(|r| r.apply(request.amount, Rounding::None, 0))
            .map_err(|_| Failure::InvalidAmount)?;
        rates.insert(*code, Num::rate(exact));
    }
    Ok((!rates.is_empty()).then_some(rates))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Book;

    /// The `"rates"` object as it was written before: a map of maps of
    /// [`Num`], through `serde_json` (the oracle).
    fn with_serde(tables: &[std::sync::Arc<Table>], request: &Request) -> String {
        let mut rates = BTreeMap::new();
        for table in tables {
            if let Some(day) = table_rates(table, request).unwrap() {
                rates.insert(table.date(), day);
            }
        }
        serde_json::to_string(&rates).unwrap()
    }

    fn written(tables: &[std::sync::Arc<Table>], request: &Request) -> String {
        let mut days = Days::new(request, 0, 0);
        for table in tables {
            days.add(table).unwrap();
        }
        format!("{{{}}}", String::from_utf8(days.json).unwrap())
    }

    #[test]
    fn range_rates_are_written_byte_for_byte_as_serde_wrote_them() {
        let book = Book::bundled();
        let history = ecb(&book).unwrap();
        let all = history.tables();
        let queries: &[&[(&str, &str)]] = &[
            &[("from", "USD")],
            &[],
            &[
                ("from", "GBP"),
                ("to", "USD,usd,GBP,EUR,SIT"),
                ("amount", "12.5"),
            ],
            &[("from", "IDR"), ("amount", "1000000")],
            &[("to", "CYP,SIT")],
            &[("from", "ISK"), ("amount", "0.01")],
        ];
        for query in queries {
            let pairs = query.iter().map(|(k, v)| (k.to_string(), v.to_string()));
            let params = Params::from_pairs(pairs.collect());
            let amount = Request::amount(&params).unwrap();
            let request = Request::currencies(&params, amount, &book).unwrap();
            assert_eq!(
                written(all, &request),
                with_serde(all, &request),
                "{query:?}"
            );
        }
    }
}
