//! The widget's languages on the server: numbers, percents, dates, plural
//! categories, currency names and UI words in English, Russian, Ukrainian,
//! Kazakh, German, French and Spanish.
//!
//! Every function formats the way the browser's `Intl` does for that
//! language (tests/it/locale.rs compares byte for byte with Node's `Intl`),
//! so that a page the server renders and the same page the widget script
//! renders read the same. The data (symbols, patterns, month names, plural
//! rules, currency names) come from the Unicode CLDR, generated into
//! `src/locale/cldr.rs` by `scripts/gen-currency-names`; only the UI words
//! (`words.rs`) and a few banks' names (`publishers.rs`) are typed.
//!
//! Decimals come in as the exact strings kurs uses everywhere
//! (`"-3081.20"`): an optional `-`, digits, optionally `.` and digits. The
//! formatters work on the digits, never through a float, and write every
//! digit given (`Intl` refuses more than 20 fraction digits; kurs writes
//! them). Only plural categories take ICU's doubles, as browsers do (see
//! `plural.rs`).
//!
//! ```
//! use kurs::locale::Lang;
//!
//! assert_eq!(Lang::En.number("-3081.20"), "-3,081.20");
//! assert_eq!(Lang::Ru.number("-3081.20"), "-3\u{a0}081,20");
//! assert_eq!(Lang::Ru.percent("0.71"), "+0,71\u{a0}%");
//! let m = Lang::En.money("1.00", "USD");
//! assert_eq!(m.to_string(), "1.00 US dollars");
//! ```

mod cldr;
mod money;
mod number;
mod plural;
mod publishers;
mod tag;
mod words;

use std::fmt;
use std::str::FromStr;

use chrono::Datelike;

pub use money::Money;
use money::Names;
use number::Decimal;
pub use plural::Plural;
use plural::{Operand, Operands};
pub use words::{fill, Forms, Words};

/// The version of the CLDR JSON packages the data come from.
pub const CLDR_VERSION: &str = cldr::CLDR_VERSION;

/// A language of the widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English (`en`); dates as British English writes them.
    #[default]
    En,
    /// Russian (`ru`).
    Ru,
    /// Ukrainian (`uk`).
    Uk,
    /// Kazakh (`kk`).
    Kk,
    /// German (`de`).
    De,
    /// French (`fr`).
    Fr,
    /// Spanish (`es`).
    Es,
}

/// One language's CLDR data (generated into `cldr.rs`).
struct LangData {
    decimal: &'static str,
    group: &'static str,
    minus: &'static str,
    plus: &'static str,
    /// Digits the integer part needs beyond a group of three before it is
    /// grouped at all: 2 in Spanish (`1234` but `12.345`).
    min_grouping: usize,
    /// The percent pattern's prefix and suffix (`"\u{a0}%"`).
    percent: (&'static str, &'static str),
    /// The currency-name unit patterns (`{0} {1}`) per plural category,
    /// in the order of [`Plural`].
    unit: [Option<&'static str>; 6],
    /// The wide month names in the format context (genitive in ru, uk).
    months: [&'static str; 12],
    /// The long date, `{day:'numeric', month:'long', year:'numeric'}`.
    date: &'static [DatePart],
}

/// A piece of a date pattern.
enum DatePart {
    Day,
    Month,
    Year,
    Text(&'static str),
}

impl Lang {
    /// Every language, in a fixed order (that of the generated tables).
    pub const ALL: [Lang; 7] = [
        Lang::En,
        Lang::Ru,
        Lang::Uk,
        Lang::Kk,
        Lang::De,
        Lang::Fr,
        Lang::Es,
    ];

    /// The same as [`Lang::code`].
    pub fn as_str(self) -> &'static str {
        self.code()
    }

    /// The BCP 47 language subtag: `en`, `ru`, …
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Uk => "uk",
            Lang::Kk => "kk",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
        }
    }

    /// The language of a well-formed BCP 47 tag whose language is one of
    /// ours, in any case and with any region or script: `ru`, `ru-RU`,
    /// `de-AT`, `EN-gb`. Anything else, or an ill-formed tag (`ru_RU`,
    /// `en-`), is `None`.
    ///
    /// ```
    /// use kurs::locale::Lang;
    ///
    /// assert_eq!(Lang::from_tag("EN-gb"), Some(Lang::En));
    /// assert_eq!(Lang::from_tag("pt-BR"), None);
    /// ```
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag::language(tag)?;
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(primary))
    }

    /// The first of our languages in an `Accept-Language` header, by
    /// q-value (`q=0` excludes; ties keep the header's order); `None` when
    /// it names none of them.
    ///
    /// ```
    /// use kurs::locale::Lang;
    ///
    /// let header = "pt-BR, en;q=0.5, de-CH;q=0.8";
    /// assert_eq!(Lang::from_accept_language(header), Some(Lang::De));
    /// ```
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        tag::by_preference(header)
            .into_iter()
            .find_map(Lang::from_tag)
    }

    fn index(self) -> usize {
        self as usize
    }

    fn data(self) -> &'static LangData {
        &cldr::DATA[self.index()]
    }

    /// An exact decimal string with all its digits, as
    /// `new Intl.NumberFormat(lang, {minimumFractionDigits: d,
    /// maximumFractionDigits: d}).format(decimal)` with `d` its fraction
    /// digits. A string that is not a decimal comes back unchanged.
    pub fn number(self, decimal: &str) -> String {
        match Decimal::parse(decimal) {
            Some(d) => self.signed(&d, d.negative),
            None => decimal.to_owned(),
        }
    }

    /// A decimal rounded for display (half away from zero) to `digits`
    /// significant digits, or to all its integer digits when it has more
    /// (at most 21, `Intl`'s limit), trailing fraction zeros dropped: as
    /// `Intl.NumberFormat` with `maximumSignificantDigits`. The table's
    /// rates: `significant("0.0324548653", 6)` is `0.0324549`.
    pub fn significant(self, decimal: &str, digits: u32) -> String {
        let Some(d) = Decimal::parse(decimal) else {
            return decimal.to_owned();
        };
        let digits = (digits as usize).max(d.int.len()).clamp(1, 21);
        let rounded = d.round_significant(digits);
        self.signed(&rounded.as_decimal(d.negative), d.negative)
    }

    /// A figure in percent units with all its decimals and a sign unless it
    /// is zero (`0.71` → `+0.71%`, `+0,71 %` in Russian), as `Intl`'s
    /// `{style:'unit', unit:'percent', signDisplay:'exceptZero'}`.
    pub fn percent(self, percent: &str) -> String {
        self.percent_with(percent, true)
    }

    /// [`Lang::percent`] without a sign (`signDisplay:'never'`): for text
    /// that says the direction in words ("up 0.71% in 30 days").
    pub fn percent_unsigned(self, percent: &str) -> String {
        self.percent_with(percent, false)
    }

    fn percent_with(self, percent: &str, signed: bool) -> String {
        let Some(d) = Decimal::parse(percent) else {
            return percent.to_owned();
        };
        let data = self.data();
        let sign = match (signed, d.is_zero(), d.negative) {
            (false, _, _) | (true, true, _) => "",
            (true, false, true) => data.minus,
            (true, false, false) => data.plus,
        };
        let (prefix, suffix) = data.percent;
        format!("{sign}{prefix}{}{suffix}", self.unsigned(&d))
    }

    /// A date as `Intl.DateTimeFormat(lang, {day:'numeric', month:'long',
    /// year:'numeric'})` writes it: `18 November 2011` (English as en-GB),
    /// `18 ноября 2011 г.`, `18. November 2011`, `2011 ж. 18 қараша` (every
    /// space a plain one, as in browsers).
    pub fn date(self, date: chrono::NaiveDate) -> String {
        let data = self.data();
        let mut out = String::new();
        for part in data.date {
            match part {
                DatePart::Day => out.push_str(&date.day().to_string()),
                DatePart::Month => out.push_str(data.months[date.month0() as usize]),
                DatePart::Year => out.push_str(&date.year().to_string()),
                // CLDR 48 puts a narrow no-break space before "г." (ru),
                // "р." (uk), "ж." (kk); V8 (Chrome, Node) writes every
                // U+202F of a formatted date as a plain space, a web-
                // compatibility fix since ICU 72: kurs writes what the
                // browser shows.
                DatePart::Text(text) => out.push_str(&text.replace('\u{202f}', " ")),
            }
        }
        out
    }

    /// The CLDR cardinal plural category of a decimal string; its visible
    /// fraction digits count, as in `Intl.PluralRules` given the formatted
    /// number: `1` is `one` in English, `1.00` is `other`. The rules are
    /// CLDR's, compiled into `cldr.rs` by `scripts/gen-currency-names`
    /// (rather than the `intl_pluralrules` crate, whose data are older
    /// than CLDR 48: the same CLDR as everything else here, no dependency).
    /// A string that is not a decimal is `other`.
    pub fn plural(self, decimal: &str) -> Plural {
        match Operands::parse(decimal) {
            Some(o) => cldr::plural(self.index(), &o),
            None => Plural::Other,
        }
    }

    /// The widget's words in this language.
    pub fn words(self) -> &'static Words {
        words::of(self)
    }

    /// A bank's name in this language, by source id (`ecb` → `Европейский
    /// центральный банк`), for the banks the widget names most (ecb, cbr,
    /// nbp, cnb, nbu, nbk); `None` for English and any other bank: use the
    /// source's own name then.
    pub fn publisher(self, source: &str) -> Option<&'static str> {
        publishers::of(self, source)
    }

    /// `30 days` with the plural form `Intl.PluralRules` picks for `n`.
    pub fn days(self, n: u32) -> String {
        let n = n.to_string();
        let forms = &self.words().days;
        forms.pick(self.plural(&n)).replace("{count}", &n)
    }

    /// The trend's words for screen readers, from a signed percent figure
    /// and the days it spans: `up 0.71% in 30 days`, `снижение на 0,16 %
    /// за 30 дней`, `unchanged in 30 days` (for zero, or a figure that is
    /// not a decimal).
    ///
    /// ```
    /// use kurs::locale::Lang;
    ///
    /// assert_eq!(Lang::En.trend_label("0.71", 30), "up 0.71% in 30 days");
    /// assert_eq!(Lang::De.trend_label("-0.16", 1), "in 1 Tag um 0,16\u{a0}% gefallen");
    /// ```
    pub fn trend_label(self, percent: &str, days: u32) -> String {
        let words = self.words();
        let days = self.days(days);
        let template = match Decimal::parse(percent) {
            Some(d) if d.is_zero() => words.trend_same,
            Some(d) if d.negative => words.trend_down,
            Some(_) => words.trend_up,
            None => words.trend_same,
        };
        fill(
            template,
            &[
                ("percent", &self.percent_unsigned(percent)),
                ("days", &days),
            ],
        )
    }

    fn signed(self, d: &Decimal<'_>, negative: bool) -> String {
        let body = self.unsigned(d);
        if negative {
            format!("{}{body}", self.data().minus)
        } else {
            body
        }
    }

    fn unsigned(self, d: &Decimal<'_>) -> String {
        let data = self.data();
        let mut out = number::group(d.int, data.group, data.min_grouping);
        if !d.frac.is_empty() {
            out.push_str(data.decimal);
            out.push_str(d.frac);
        }
        out
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = UnknownLang;

    /// Reads a language as [`Lang::from_tag`] does, also with `_` for `-`
    /// (`ru_RU`), as `kurs currencies --lang` always has.
    fn from_str(s: &str) -> Result<Self, UnknownLang> {
        Lang::from_tag(&s.replace('_', "-"))
            .ok_or_else(|| UnknownLang(s.chars().take(16).collect()))
    }
}

/// The error of reading a [`Lang`]: says what is accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "language '{0}': expected en, ru, uk, kk, de, fr or es, optionally with a region such as en-GB"
)]
pub struct UnknownLang(pub String);

#[cfg(test)]
mod tests;
