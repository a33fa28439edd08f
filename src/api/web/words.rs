//! The widget's sentences in its language: wlang's [`Words`] templates
//! filled in with figures formatted by [`Lang`].

use kurs_rates::CurrencyCode;

use super::model::Notice;
use super::trend::{Direction, Trend};
use crate::locale::{Lang, Words};

/// Fills `{name}` placeholders of `template` with `values`.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The notice of a stand-in table: "Bank of Russia has no table for RUB
/// yet; these are the rates of European Central Bank."
pub fn notice(lang: Lang, n: &Notice, base: CurrencyCode) -> String {
    let w = lang.words();
    fill(
        w.notice_fallback,
        &[
            ("publisher", n.wanted.unwrap_or_default()),
            ("base", base.as_str()),
            ("source", n.shown),
        ],
    )
}

/// A trend in words, for screen readers and the line's title: "up 0.71 %
/// in 30 days".
pub fn trend(lang: Lang, t: &Trend) -> String {
    let w: &Words = lang.words();
    let template = match t.direction {
        Direction::Up => w.trend_up,
        Direction::Down => w.trend_down,
        Direction::Same => w.trend_same,
    };
    let percent = lang.percent_unsigned(&t.percent_text());
    let days = lang.days(u32::try_from(t.days).unwrap_or(0));
    fill(template, &[("percent", &percent), ("days", &days)])
}
