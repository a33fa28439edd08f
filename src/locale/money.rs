//! Amounts with their currency's name, and the names themselves.

use std::fmt;

use super::{cldr, Lang, Plural};

/// An amount with its currency's name ([`Lang::money`]), in parts so that
/// a page can mark the name up: `3,081.20 <span>Russian rubles</span>`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Money {
    /// The formatted number (`3,081.20`).
    pub number: String,
    /// The currency's name in the number's plural form (`Russian rubles`),
    /// or the code where CLDR has no name in the language (as `Intl` does).
    pub name: String,
    /// Whether the name comes before the number.
    pub name_first: bool,
    /// The text between number and name (a space in every language today).
    pub between: &'static str,
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.name_first {
            write!(f, "{}{}{}", self.name, self.between, self.number)
        } else {
            write!(f, "{}{}{}", self.number, self.between, self.name)
        }
    }
}

/// A currency's CLDR names in one language: `displayName`, then
/// `displayName-count-…` in the order of [`Plural`].
pub(super) struct Names(
    pub(super) Option<&'static str>,
    pub(super) Option<&'static str>,
    pub(super) Option<&'static str>,
    pub(super) Option<&'static str>,
    pub(super) Option<&'static str>,
    pub(super) Option<&'static str>,
    pub(super) Option<&'static str>,
);

impl Names {
    fn count(&self, p: Plural) -> Option<&'static str> {
        match p {
            Plural::Zero => self.1,
            Plural::One => self.2,
            Plural::Two => self.3,
            Plural::Few => self.4,
            Plural::Many => self.5,
            Plural::Other => self.6,
        }
    }
}

impl Lang {
    /// An amount with its currency's name, as `Intl`'s `{style:'currency',
    /// currency, currencyDisplay:'name'}` with all its decimals: the name
    /// in the number's plural form (`1.00 US dollars`, `2 доллара США`).
    pub fn money(self, decimal: &str, code: &str) -> Money {
        let category = self.plural(decimal);
        let name = self
            .names(code)
            .and_then(|n| n.count(category).or(n.count(Plural::Other)).or(n.0))
            .map_or_else(|| code.to_ascii_uppercase(), str::to_owned);
        let unit = self.data().unit;
        let pattern = unit[category as usize]
            .or(unit[Plural::Other as usize])
            .unwrap_or("{0} {1}");
        let (number_at, name_at) = (pattern.find("{0}"), pattern.find("{1}"));
        let name_first = name_at < number_at;
        let between = match (number_at, name_at) {
            (Some(a), Some(b)) if a < b => &pattern[a + 3..b],
            (Some(a), Some(b)) => &pattern[b + 3..a],
            _ => " ",
        };
        Money {
            number: self.number(decimal),
            name,
            name_first,
            between,
        }
    }

    /// A currency's name for lists and tables, cased as [`Lang::money`]
    /// writes it: CLDR's singular (`displayName-count-one`, `US dollar`)
    /// where it has one, else its display name (`US-Dollar`); `None` for a
    /// code CLDR does not name in this language.
    pub fn currency_name(self, code: &str) -> Option<&'static str> {
        let names = self.names(code)?;
        names.count(Plural::One).or(names.0)
    }

    /// CLDR's display name of a currency (`US Dollar`, `доллар США`), as
    /// [`crate::currency::Currency::name_in`] gives it.
    pub(crate) fn display_name(self, code: &str) -> Option<&'static str> {
        self.names(code)?.0
    }

    fn names(self, code: &str) -> Option<&'static Names> {
        let code = code.to_ascii_uppercase();
        let i = cldr::CURRENCIES
            .binary_search_by(|(c, _)| (*c).cmp(code.as_str()))
            .ok()?;
        Some(&cldr::CURRENCIES[i].1[self.index()])
    }
}
