//! The widget's sentences in its language: wlang's [`Words`] templates
//! filled in by [`fill`] with figures formatted by [`Lang`].
//!
//! [`Words`]: crate::locale::Words

use kurs_rates::{CurrencyCode, SourceId};

use super::model::Notice;
use super::trend::Trend;
pub use crate::locale::fill;
use crate::locale::Lang;

/// The notice of a stand-in table: "Bank of Russia: no table for RUB.
/// Showing the rates of European Central Bank." (the same for the latest
/// table and a past date).
pub fn notice(lang: Lang, n: &Notice, base: CurrencyCode) -> String {
    let wanted = n.wanted.map_or("", |(s, name)| publisher(lang, s, name));
    let (shown, name) = n.shown;
    fill(
        lang.words().notice_fallback,
        &[
            ("publisher", wanted),
            ("base", base.as_str()),
            ("source", publisher(lang, shown, name)),
        ],
    )
}

/// The publisher of `source` in `lang`, or `name` (the source's own) where
/// the language has none.
pub fn publisher(lang: Lang, source: SourceId, name: &'static str) -> &'static str {
    lang.publisher(source.as_str()).unwrap_or(name)
}

/// A trend in words, for screen readers and the line's label: "up 0.71%
/// in 39 days".
pub fn trend(lang: Lang, t: &Trend) -> String {
    lang.trend_label(&t.signed_percent_text(), u32::try_from(t.days).unwrap_or(0))
}
