//! What the widget shows, computed once on the server: the table of rates
//! priced in the base with their changes and trends, the selects'
//! currencies and the initial conversion. `/v1/widget` writes it as JSON,
//! `/widget` as HTML; neither does any arithmetic of its own.
//!
//! Every figure comes from the same service calls as the native API: the
//! rows are `/v1/rates?invert=true&change=true`'s, the conversion is
//! `/v1/convert`'s (the same query parser, the same `Service::convert`).

use chrono::NaiveDate;
use kurs_rates::{CurrencyCode, SourceId};
use rust_decimal::Decimal;

use super::trend::{Trend, PUBLICATIONS};
use crate::api::native::body::Change;
use crate::api::native::{changes, rates_of};
use crate::api::{AppState, Problem};
use crate::{request, Book, Conversion, RatesView, Service};

/// The currencies of the table when the widget names none.
pub const DEFAULT_SYMBOLS: [&str; 4] = ["USD", "GBP", "JPY", "CHF"];

/// The amount converted when none is given.
pub const DEFAULT_AMOUNT: &str = "100";

/// How far back a trend looks for its publications: 30 publications of a
/// bank that publishes on working days span about six weeks.
const TREND_DAYS: u64 = 60;

/// The widget's question, as its attributes or a query give it (text, not
/// yet parsed).
#[derive(Debug, Clone, Copy, Default)]
pub struct Ask<'a> {
    /// The currency the rates are priced in; EUR when absent.
    pub base: Option<&'a str>,
    /// The table's currencies, comma-separated; [`DEFAULT_SYMBOLS`] when absent.
    pub symbols: Option<&'a str>,
    /// The table's date, `YYYY-MM-DD`; the latest when absent.
    pub date: Option<&'a str>,
    /// The source; the policy's pick when absent.
    pub source: Option<&'a str>,
    /// The amount to convert, a plain decimal; [`DEFAULT_AMOUNT`] when absent.
    pub amount: Option<&'a str>,
    /// The currency converted from; the base when absent.
    pub from: Option<&'a str>,
    /// The currency converted to; the first symbol that is not `from`.
    pub to: Option<&'a str>,
}

/// The table part of the question, parsed: a bad value here is the page's
/// mistake, a 400.
#[derive(Debug, Clone)]
pub struct Question {
    pub base: CurrencyCode,
    pub symbols: Vec<CurrencyCode>,
    pub date: Option<NaiveDate>,
    pub source: Option<SourceId>,
}

impl Ask<'_> {
    /// The table's question; the conversion's parts are read later, and a
    /// problem with them is carried, not refused.
    pub fn question(&self) -> Result<Question, Problem> {
        let symbols = self.symbols.filter(|s| !s.trim().is_empty());
        let q = request::RatesParams {
            base: self.base.filter(|b| !b.trim().is_empty()),
            symbols,
            date: self.date.filter(|d| !d.trim().is_empty()),
            source: self.source.filter(|s| !s.trim().is_empty()),
        }
        .parse()?;
        let mut codes = match q.symbols {
            Some(s) => s,
            None => DEFAULT_SYMBOLS
                .iter()
                .map(|c| CurrencyCode::new_static(c))
                .collect(),
        };
        codes.retain(|c| *c != q.base);
        let mut seen = Vec::with_capacity(codes.len());
        codes.retain(|c| {
            let first = !seen.contains(c);
            seen.push(*c);
            first
        });
        Ok(Question {
            base: q.base,
            symbols: codes,
            date: q.date,
            source: q.source,
        })
    }
}

/// Why the table is not the one the policy would pick: the base's own
/// bank has no table for it yet, so the latest table any source has for
/// the base is shown instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The source that could not answer (the base's own bank, or the
    /// source asked for), if any, with its publisher's name.
    pub wanted: Option<(SourceId, &'static str)>,
    /// The source shown instead, with its publisher's name.
    pub shown: (SourceId, &'static str),
}

impl Notice {
    fn new(service: &Service, wanted: Option<SourceId>, shown: SourceId) -> Self {
        Self {
            wanted: wanted.map(|s| (s, publisher(service, s))),
            shown: (shown, publisher(service, shown)),
        }
    }
}

/// The name of the source's publisher ("European Central Bank").
fn publisher(service: &Service, source: SourceId) -> &'static str {
    service
        .store()
        .status(source)
        .map_or(source.publisher(), |s| s.attribution.publisher)
}

/// One row of the table: one unit of `code` priced in the base.
#[derive(Debug)]
pub struct Row {
    pub code: CurrencyCode,
    pub rate: Decimal,
    pub change: Option<Change>,
    pub trend: Option<Trend>,
}

/// The conversion's part of the widget: what the form shows and what it
/// gave.
#[derive(Debug)]
pub struct Converter {
    /// The amount as given (shown in the field as typed).
    pub amount: String,
    /// The currency converted from, as given or defaulted.
    pub from: String,
    /// The currency converted to.
    pub to: String,
    /// The conversion, or the problem with it.
    pub result: Result<Conversion, Problem>,
}

/// Everything the widget shows.
#[derive(Debug)]
pub struct Model {
    pub base: CurrencyCode,
    pub date: NaiveDate,
    pub requested_date: Option<NaiveDate>,
    pub source: SourceId,
    pub publisher: &'static str,
    pub stale: bool,
    pub notice: Option<Notice>,
    pub rows: Vec<Row>,
    pub missing: Vec<CurrencyCode>,
    /// The selects' currencies: the base and the table's, by code.
    pub options: Vec<CurrencyCode>,
    pub converter: Converter,
}

impl Model {
    /// The widget for `ask` from `state`'s service. A bad table question
    /// or a table that cannot be had is the problem; a conversion that
    /// cannot be made is carried in [`Converter::result`].
    pub async fn build(state: &AppState, ask: &Ask<'_>) -> Result<Self, Problem> {
        let q = ask.question()?;
        let service = &state.service;
        let (view, notice) = table(service, &q).await?;
        let book = service.book();
        let inverted = book.inverted(&view).unwrap_or_else(|| view.clone());
        let previous = book.previous_rates(&inverted);
        let changes = previous.map(|p| changes(&inverted, &p)).unwrap_or_default();
        let present: Vec<CurrencyCode> = q
            .symbols
            .iter()
            .copied()
            .filter(|c| inverted.rates.iter().any(|(code, _)| code == c))
            .collect();
        let mut trends = trends(&book, &inverted, &present);
        // In the publisher's order of `symbols`.
        let rows = present
            .iter()
            .filter_map(|code| {
                let (_, rate) = inverted.rates.iter().find(|(c, _)| c == code)?;
                Some(Row {
                    code: *code,
                    rate: *rate,
                    change: changes.get(code).cloned(),
                    trend: trends.remove(code),
                })
            })
            .collect();
        let missing = q
            .symbols
            .iter()
            .copied()
            .filter(|c| !present.contains(c))
            .collect();
        let mut options: Vec<CurrencyCode> = std::iter::once(view.base)
            .chain(view.rates.iter().map(|(c, _)| *c))
            .collect();
        options.sort();
        options.dedup();
        let stand_in = notice.is_some() && view.fallback.is_none();
        let converter = convert(service, ask, &q, &view, stand_in).await;
        let body = rates_of(service, &view);
        Ok(Self {
            base: view.base,
            date: view.date,
            requested_date: view.requested_date,
            source: view.source,
            publisher: body.publisher,
            stale: body.stale,
            notice,
            rows,
            missing,
            options,
            converter,
        })
    }
}

/// The table the policy picks for the base; when there is none for the
/// latest date (the base's own bank has not published yet, as on a fresh
/// offline start with `base=RUB`), the latest table any source has that
/// quotes the base, with a [`Notice`].
async fn table(service: &Service, q: &Question) -> Result<(RatesView, Option<Notice>), Problem> {
    let error = match service.rates(q.base, None, q.date, q.source).await {
        Ok(view) => {
            let notice = view
                .fallback
                .as_ref()
                .map(|f| Notice::new(service, Some(f.preferred), view.source));
            return Ok((view, notice));
        }
        Err(e) => e,
    };
    if q.date.is_some() {
        return Err(error.into());
    }
    let book = service.book();
    let latest = book
        .histories()
        .filter_map(|h| Some((h.coverage().get(&q.base)?.last, h.source())))
        .max_by_key(|(date, source)| (*date, std::cmp::Reverse(source.as_str())));
    let Some((date, shown)) = latest else {
        return Err(error.into());
    };
    let view = book
        .rates(q.base, None, Some(date), Some(shown), service.today())
        .map_err(|_| Problem::from(error))?;
    let wanted = q.source.or_else(|| SourceId::issuer_of(q.base));
    let view = RatesView {
        requested_date: None,
        ..view
    };
    Ok((view, Some(Notice::new(service, wanted, shown))))
}

/// Each of `codes`' trend over the last publications up to `view`'s table
/// in `book` (the snapshot the table itself came from),
/// priced as `view` prices them (each table's rates computed from its
/// quotes, as `/v1/rates` computes them); from the tables held, never a
/// fetch: a trend is not worth waiting for.
fn trends(
    book: &Book,
    view: &RatesView,
    codes: &[CurrencyCode],
) -> std::collections::HashMap<CurrencyCode, Trend> {
    let Some(history) = book.history(view.source) else {
        return Default::default();
    };
    let start = view.date - chrono::Days::new(TREND_DAYS);
    let tables = history.range(start, view.date);
    let tables = &tables[tables.len().saturating_sub(PUBLICATIONS)..];
    // The other direction, flipped back by `Book::inverted` from each
    // table's quotes: the figures `/v1/rates` gives for that date.
    let probe = |date| RatesView {
        date,
        requested_date: None,
        rates: codes.iter().map(|c| (*c, Decimal::ZERO)).collect(),
        inverted: !view.inverted,
        fallback: None,
        ..view.clone()
    };
    let priced: Vec<RatesView> = tables
        .iter()
        .filter_map(|t| book.inverted(&probe(t.date())))
        .collect();
    codes
        .iter()
        .filter_map(|code| {
            let points: Vec<(NaiveDate, Decimal)> = priced
                .iter()
                .filter_map(|v| Some((v.date, v.rates.iter().find(|(c, _)| c == code)?.1)))
                .collect();
            Some((*code, Trend::of(&points)?))
        })
        .collect()
}

/// The initial conversion, as `GET /v1/convert` makes it: `from` the base
/// and `to` the first row unless given, on the table's date and source
/// when the table is a stand-in (a [`Notice`]), else as asked.
async fn convert(
    service: &Service,
    ask: &Ask<'_>,
    q: &Question,
    view: &RatesView,
    stand_in: bool,
) -> Converter {
    let base = q.base.as_str();
    let from = given(ask.from).unwrap_or(base).to_ascii_uppercase();
    let to = given(ask.to)
        .map(str::to_ascii_uppercase)
        .or_else(|| {
            q.symbols
                .iter()
                .map(|c| c.as_str().to_owned())
                .find(|c| *c != from)
        })
        .unwrap_or_else(|| base.to_owned());
    let amount = ask
        .amount
        .map(str::trim)
        .unwrap_or(DEFAULT_AMOUNT)
        .to_owned();
    let date = match stand_in {
        true => Some(view.date.to_string()),
        false => q.date.map(|d| d.to_string()),
    };
    let source = match stand_in {
        true => Some(view.source.as_str().to_owned()),
        false => q.source.map(|s| s.as_str().to_owned()),
    };
    let params = request::ConvertParams {
        from: Some(&from),
        to: Some(&to),
        amount: Some(&amount),
        date: date.as_deref(),
        source: source.as_deref(),
        round: None,
    };
    let result = match params.parse() {
        Ok(cq) => service.convert(&cq).await.map_err(Problem::from),
        Err(e) => Err(e.into()),
    };
    Converter {
        amount,
        from,
        to,
        result,
    }
}

/// A value given and not blank, trimmed.
fn given(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|v| !v.is_empty())
}
