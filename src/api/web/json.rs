//! `GET /v1/widget`: the widget's [`Model`] as one JSON answer, everything
//! the element needs for its first render (`Widget` in `openapi.yaml`).

use chrono::NaiveDate;
use kurs_rates::{CurrencyCode, SourceId};
use rust_decimal::Decimal;
use serde::Serialize;

use super::model::{Ask, Model, Row};
use super::trend::{Direction, Trend};
use super::words;
use crate::api::native::body::ConversionBody;
use crate::api::Problem;
use crate::locale::{Lang, Words};

/// The body of `GET /v1/widget`.
#[derive(Debug, Serialize)]
pub struct WidgetBody {
    lang: Lang,
    base: CurrencyCode,
    date: NaiveDate,
    requested_date: Option<NaiveDate>,
    source: SourceId,
    publisher: &'static str,
    stale: bool,
    notice: Option<String>,
    words: &'static Words,
    rows: Vec<RowBody>,
    missing: Vec<CurrencyCode>,
    options: Vec<OptionBody>,
    conversion: Option<ConversionBody>,
    conversion_problem: Option<Problem>,
}

/// One row of the table.
#[derive(Debug, Serialize)]
struct RowBody {
    code: CurrencyCode,
    name: Option<&'static str>,
    rate: Decimal,
    change: Option<ChangeBody>,
    trend: Option<TrendBody>,
}

/// A row's move since the previous table.
#[derive(Debug, Serialize)]
struct ChangeBody {
    change: Decimal,
    percent: Decimal,
}

/// A row's trend line.
#[derive(Debug, Serialize)]
struct TrendBody {
    d: String,
    direction: Direction,
    percent: String,
    days: i64,
    from: NaiveDate,
    label: String,
}

/// One currency of the selects.
#[derive(Debug, Serialize)]
struct OptionBody {
    code: CurrencyCode,
    name: Option<&'static str>,
}

impl WidgetBody {
    /// The body of `model` in `lang`.
    pub fn new(model: Model, lang: Lang) -> Self {
        let notice = model
            .notice
            .as_ref()
            .map(|n| words::notice(lang, n, model.base));
        let (conversion, conversion_problem) = match &model.converter.result {
            Ok(c) => (Some(ConversionBody::from(c)), None),
            Err(p) => (None, Some(p.clone())),
        };
        Self {
            lang,
            base: model.base,
            date: model.date,
            requested_date: model.requested_date,
            source: model.source,
            publisher: words::publisher(lang, model.source, model.publisher),
            stale: model.stale,
            notice,
            words: lang.words(),
            rows: model.rows.iter().map(|r| RowBody::new(r, lang)).collect(),
            missing: model.missing,
            options: model
                .options
                .iter()
                .map(|c| OptionBody {
                    code: *c,
                    name: lang.currency_name(c.as_str()),
                })
                .collect(),
            conversion,
            conversion_problem,
        }
    }
}

impl RowBody {
    fn new(row: &Row, lang: Lang) -> Self {
        Self {
            code: row.code,
            name: lang.currency_name(row.code.as_str()),
            rate: row.rate,
            change: row.change.as_ref().map(|c| ChangeBody {
                change: c.change,
                percent: c.percent,
            }),
            trend: row.trend.as_ref().map(|t| TrendBody::new(t, lang)),
        }
    }
}

impl TrendBody {
    fn new(t: &Trend, lang: Lang) -> Self {
        Self {
            d: t.d.clone(),
            direction: t.direction,
            percent: t.percent_text(),
            days: t.days,
            from: t.from,
            label: words::trend(lang, t),
        }
    }
}

/// The query of `GET /v1/widget`.
#[derive(Debug, Default, serde::Deserialize)]
pub struct WidgetParams {
    base: Option<String>,
    symbols: Option<String>,
    amount: Option<String>,
    from: Option<String>,
    to: Option<String>,
    date: Option<String>,
    source: Option<String>,
    lang: Option<String>,
}

impl WidgetParams {
    /// The widget's question.
    pub fn ask(&self) -> Ask<'_> {
        Ask {
            base: self.base.as_deref(),
            symbols: self.symbols.as_deref(),
            date: self.date.as_deref(),
            source: self.source.as_deref(),
            amount: self.amount.as_deref(),
            from: self.from.as_deref(),
            to: self.to.as_deref(),
        }
    }

    /// The language asked for, if any.
    pub fn lang(&self) -> Option<&str> {
        self.lang.as_deref()
    }
}
