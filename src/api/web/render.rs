//! The widget's box as HTML, from its [`Model`]: the markup of the
//! contract (`docs` of issue 14), which the script enhances in place.
//!
//! Every figure is formatted by [`Lang`] exactly as the browser's `Intl`
//! formats it, so the script's own rendering of the same data gives the
//! same text; `maud` escapes every value for the place it goes.

use maud::{html, Markup, PreEscaped};

use super::model::{Model, Row};
use super::trend::Direction;
use super::widget_css;
use super::words;
use crate::api::native::body::Change;
use crate::api::ErrorCode;
use crate::locale::{Lang, Words};

/// What the box shows besides the model: the options to carry in the form
/// and the reader's own amount text when it could not be read.
pub struct Form<'a> {
    /// The `/widget` URL the form submits to.
    pub action: &'a str,
    /// The widget options given, each carried as a hidden field.
    pub hidden: Vec<(&'static str, &'a str)>,
    /// The amount as the reader typed it.
    pub amount: &'a str,
    /// Why that amount was refused (`hint`), if it was.
    pub hint: Option<&'static str>,
}

/// An em dash: no figure.
const DASH: &str = "\u{2014}";

/// The display rounding of the table's rates: 6 significant digits (never
/// fewer than the integer part), as the script rounds them.
const SIGNIFICANT: u32 = 6;

/// The inside of the shadow root: the stylesheet and the box.
pub fn shadow(model: &Model, lang: Lang, form: &Form<'_>) -> Markup {
    let w = lang.words();
    let words_json = serde_json::to_string(w).unwrap_or_default();
    let messages = messages(model, lang);
    html! {
        style { (PreEscaped(widget_css())) }
        div.k part="box" data-words=(words_json) {
            h2 { (w.title) }
            p.msg role="status" hidden[messages.is_empty()] { (messages.join(" ")) }
            (table(model, lang, w))
            (converter(model, lang, w, form))
            (footer(model, lang, w))
        }
    }
}

fn table(model: &Model, lang: Lang, w: &Words) -> Markup {
    html! {
        table {
            thead { tr {
                th scope="col" { (w.currency) }
                th scope="col" { (w.priced) (model.base.as_str()) }
                th scope="col" { (w.change) }
                th scope="col" { span.sr { (w.trend) } }
            } }
            tbody {
                @for row in &model.rows { (table_row(row, lang, w)) }
            }
        }
    }
}

fn table_row(row: &Row, lang: Lang, w: &Words) -> Markup {
    let code = row.code.as_str();
    let rate = row.rate.to_string();
    html! {
        tr data-code=(code) {
            th scope="row" {
                b { (code) } " "
                @if let Some(name) = lang.currency_name(code) { span.nm { (name) } }
            }
            td.r data-value=(rate) { (lang.significant(&rate, SIGNIFICANT)) }
            @match &row.change {
                Some(change) => (change_cell(change, lang, w)),
                None => td { (DASH) },
            }
            // The line's colour is its direction's (the script builds the same).
            td class=(trend_class(row)) {
                @if let Some(t) = &row.trend {
                    svg viewBox="0 0 64 20" width="64" height="20" role="img"
                        aria-label=(words::trend(lang, t)) {
                        path d=(t.d) {}
                    }
                }
            }
        }
    }
}

/// The trend cell's classes: `sp` and the line's direction.
fn trend_class(row: &Row) -> &'static str {
    match row.trend.as_ref().map(|t| t.direction) {
        Some(Direction::Up) => "sp up",
        Some(Direction::Down) => "sp down",
        Some(Direction::Same) => "sp same",
        None => "sp",
    }
}

/// Arrow (not spoken), direction word and change (spoken only), signed
/// percent; a price in the base goes down when the base strengthened.
fn change_cell(change: &Change, lang: Lang, w: &Words) -> Markup {
    let direction = match change.change.cmp(&rust_decimal::Decimal::ZERO) {
        std::cmp::Ordering::Greater => Direction::Up,
        std::cmp::Ordering::Less => Direction::Down,
        std::cmp::Ordering::Equal => Direction::Same,
    };
    let (class, arrow, word) = match direction {
        Direction::Up => ("up", "\u{25b2}", w.up),
        Direction::Down => ("down", "\u{25bc}", w.down),
        Direction::Same => ("same", "\u{25ac}", w.same),
    };
    let text = change.change.to_string();
    let figure = lang.significant(&text, SIGNIFICANT);
    let signed = match direction {
        Direction::Up => format!("+{figure}"),
        _ => figure,
    };
    html! {
        td class=(class) title=(signed) {
            span.ar aria-hidden="true" { (arrow) }
            span.sr { (word) " " (signed) ", " }
            (lang.percent(&change.percent.to_string()))
        }
    }
}

fn converter(model: &Model, lang: Lang, w: &Words, form: &Form<'_>) -> Markup {
    let c = &model.converter;
    let option = |code: &str, chosen: &str| {
        let label = match lang.currency_name(code) {
            Some(name) => format!("{code} \u{2014} {name}"),
            None => code.to_owned(),
        };
        html! { option value=(code) selected[code == chosen] { (label) } }
    };
    html! {
        form.cv method="get" action=(form.action) {
            // The form's default button, first in tree order: Enter in the
            // amount converts (implicit submission would otherwise press
            // the swap button, the first submit button the reader sees).
            // Out of the layout, the tab order and the accessibility tree.
            button.sr type="submit" tabindex="-1" aria-hidden="true" { (w.convert) }
            @for (name, value) in &form.hidden {
                input type="hidden" name=(name) value=(value);
            }
            label for="a" { (w.amount) }
            @if form.hint.is_some() {
                input #a name="amount" inputmode="decimal" autocomplete="off" maxlength="40"
                    value=(form.amount) aria-invalid="true" aria-describedby="hint";
            } @else {
                input #a name="amount" inputmode="decimal" autocomplete="off" maxlength="40"
                    value=(form.amount);
            }
            p id="hint" class="hint" hidden[form.hint.is_none()] { (form.hint.unwrap_or("")) }
            label for="f" { (w.from) }
            select #f name="from" {
                @for code in &model.options { (option(code.as_str(), &c.from)) }
            }
            button.sw type="submit" name="swap" value="1" aria-label=(w.swap) title=(w.swap) {
                span aria-hidden="true" { "\u{21c5}" }
            }
            label for="t" { (w.to) }
            select #t name="to" {
                @for code in &model.options { (option(code.as_str(), &c.to)) }
            }
            button.go type="submit" { (w.convert) }
        }
        div.res {
            @match &c.result {
                Ok(r) => {
                    @let result = r.result.to_string();
                    @let money = lang.money(&result, r.to.as_str());
                    output for="a f t" aria-live="polite" data-value=(result) {
                        @if money.name_first {
                            span.cur { (money.name) } (money.between) (money.number)
                        } @else {
                            (money.number) (money.between) span.cur { (money.name) }
                        }
                    }
                    p.rate {
                        "1 " (r.from.as_str()) " = "
                        (lang.significant(&r.rate.to_string(), SIGNIFICANT)) " " (r.to.as_str())
                    }
                }
                Err(_) => {
                    output for="a f t" aria-live="polite" { (DASH) }
                    p.rate { "\u{a0}" }
                }
            }
        }
    }
}

fn footer(model: &Model, lang: Lang, w: &Words) -> Markup {
    let effective = lang.date(model.date);
    let mut info = Vec::new();
    if let Some(n) = &model.notice {
        info.push(words::notice(lang, n, model.base));
    }
    if let Some(requested) = model.requested_date.filter(|r| *r != model.date) {
        info.push(words::fill(
            w.shown,
            &[
                ("requested", &lang.date(requested)),
                ("effective", &effective),
            ],
        ));
    }
    html! {
        footer {
            p.src { (words::publisher(lang, model.source, model.publisher)) ", " (effective) }
            p.info hidden[info.is_empty()] { (info.join(" ")) }
            p.msg.stale hidden[!model.stale] { (w.stale) }
        }
    }
}

/// The sentences of the box's status line: each currency it has no rate
/// for, and a conversion that failed for another reason than the amount.
fn messages(model: &Model, lang: Lang) -> Vec<String> {
    let w = lang.words();
    let mut out: Vec<String> = model
        .missing
        .iter()
        .map(|code| missing(lang, w, code.as_str()))
        .collect();
    if let Err(p) = &model.converter.result {
        let text = match code(p) {
            Some(ErrorCode::InvalidAmount | ErrorCode::Overflow) => None,
            Some(ErrorCode::UnknownCurrency) => {
                let c = &model.converter;
                let bad = [&c.from, &c.to]
                    .into_iter()
                    .find(|code| !model.options.iter().any(|o| o.as_str() == code.as_str()));
                Some(format!("{}{}.", w.unknown, bad.map_or("", |b| b.as_str())))
            }
            Some(ErrorCode::RateUnavailable) => {
                let c = &model.converter;
                let code = [&c.from, &c.to]
                    .into_iter()
                    .find(|code| !model.options.iter().any(|o| o.as_str() == code.as_str()));
                Some(match code {
                    Some(code) => missing(lang, w, code),
                    None => w.no_date.to_owned(),
                })
            }
            _ => Some(w.unavailable.to_owned()),
        };
        out.extend(text.filter(|t| !out.contains(t)));
    }
    out
}

/// "No rate for US dollar (USD)." or "Unknown currency: XYZ."
fn missing(lang: Lang, w: &Words, code: &str) -> String {
    match lang.currency_name(code) {
        Some(name) => format!("{}{name} ({code}).", w.no_rate),
        None => format!("{}{code}.", w.unknown),
    }
}

/// The hint for an amount the conversion refused, if that is why it
/// failed.
pub fn amount_hint(model: &Model, w: &'static Words) -> Option<&'static str> {
    let Err(p) = &model.converter.result else {
        return None;
    };
    match code(p) {
        Some(ErrorCode::InvalidAmount) => Some(w.hint),
        Some(ErrorCode::Overflow) => Some(w.cannot),
        _ => None,
    }
}

/// The code of `p` among those the box words itself.
fn code(p: &crate::api::Problem) -> Option<ErrorCode> {
    [
        ErrorCode::InvalidAmount,
        ErrorCode::Overflow,
        ErrorCode::UnknownCurrency,
        ErrorCode::RateUnavailable,
    ]
    .into_iter()
    .find(|c| c.as_str() == p.code)
}
