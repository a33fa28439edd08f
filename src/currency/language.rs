//! Currency names in English and Russian, from the Unicode CLDR.
//!
//! The names are CLDR's display names (`US Dollar`, `доллар США`), not ISO
//! 4217's (`US Dollar`, but also `Yuan Renminbi` or `Old Leu`): CLDR names
//! a retired code with its years (`Belarusian Ruble (2000–2016)`), which is
//! what a reader of an old table needs. They are generated into
//! `src/currency/names.rs` by `scripts/gen-currency-names`. Russian names
//! are as CLDR writes them for use inside a sentence: a current currency's
//! name starts in lower case (`российский рубль`), most retired ones in
//! upper case (`Российский рубль (1991–1998)`).

use std::fmt;
use std::str::FromStr;

use super::{names, Currency};

/// A language kurs has currency names in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English (`en`), the default.
    #[default]
    En,
    /// Russian (`ru`).
    Ru,
}

impl Lang {
    /// The BCP 47 tag: `en` or `ru`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Lang {
    type Err = UnknownLang;

    /// Reads `en` or `ru`, in any case, optionally with a region (`en-GB`,
    /// `ru_RU`), as the widget's `lang` does.
    fn from_str(s: &str) -> Result<Self, UnknownLang> {
        let primary = s.split(['-', '_']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "en" => Ok(Lang::En),
            "ru" => Ok(Lang::Ru),
            _ => Err(UnknownLang(s.chars().take(16).collect())),
        }
    }
}

/// The error of reading a [`Lang`]: says what is accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("language '{0}': expected en or ru, optionally with a region such as en-GB")]
pub struct UnknownLang(pub String);

/// A currency's names in every language kurs has, as `/v1/currencies`
/// and `kurs currencies --json` show them under `names`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Names {
    /// The English name: CLDR's, or ISO 4217's where CLDR has none (`XAD`).
    pub en: &'static str,
    /// The Russian name; `None` where CLDR has none (`UYW`, `VED`, `XAD`,
    /// `XSU`, `XUA`).
    pub ru: Option<&'static str>,
}

impl Currency {
    /// The name of the currency in `lang`, from the Unicode CLDR.
    ///
    /// English always has a name: CLDR's, or the ISO 4217 one
    /// ([`Currency::name`]) for the few codes CLDR does not name. Russian
    /// is `None` where CLDR has no Russian name.
    ///
    /// ```
    /// use kurs::currency::{Currency, Lang};
    ///
    /// let usd = Currency::parse("USD").unwrap();
    /// assert_eq!(usd.name_in(Lang::En), Some("US Dollar"));
    /// assert_eq!(usd.name_in(Lang::Ru), Some("доллар США"));
    ///
    /// // A retired code is named with its years.
    /// let byr = Currency::parse("BYR").unwrap();
    /// assert_eq!(byr.name_in(Lang::En), Some("Belarusian Ruble (2000–2016)"));
    /// ```
    pub fn name_in(&self, lang: Lang) -> Option<&'static str> {
        let (en, ru) = cldr(self);
        match lang {
            Lang::En => Some(en.unwrap_or(self.name)),
            Lang::Ru => ru,
        }
    }

    /// The names in every language, English always present.
    ///
    /// ```
    /// use kurs::currency::{Currency, Names};
    ///
    /// let rub = Currency::parse("rub").unwrap();
    /// assert_eq!(
    ///     rub.names(),
    ///     Names { en: "Russian Ruble", ru: Some("российский рубль") }
    /// );
    /// ```
    pub fn names(&self) -> Names {
        let (en, ru) = cldr(self);
        Names {
            en: en.unwrap_or(self.name),
            ru,
        }
    }
}

/// The CLDR names of a registry currency (every one has an entry; a test
/// says so).
fn cldr(c: &Currency) -> (Option<&'static str>, Option<&'static str>) {
    names::NAMES
        .binary_search_by(|(code, _, _)| code.cmp(&c.code))
        .map_or((None, None), |i| (names::NAMES[i].1, names::NAMES[i].2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn currency(code: &str) -> &'static Currency {
        Currency::parse(code).unwrap_or_else(|e| panic!("{code}: {e}"))
    }

    /// (code, English, Russian) as checked by hand in CLDR 48.2.0's
    /// `main/en/currencies.json` and `main/ru/currencies.json`.
    const CHECKED: &[(&str, &str, Option<&str>)] = &[
        ("USD", "US Dollar", Some("доллар США")),
        ("RUB", "Russian Ruble", Some("российский рубль")),
        ("EUR", "Euro", Some("евро")),
        ("UAH", "Ukrainian Hryvnia", Some("украинская гривна")),
        ("AED", "United Arab Emirates Dirham", Some("дирхам ОАЭ")),
        (
            "BYR",
            "Belarusian Ruble (2000–2016)",
            Some("Белорусский рубль (2000–2016)"),
        ),
        (
            "RUR",
            "Russian Ruble (1991–1998)",
            Some("Российский рубль (1991–1998)"),
        ),
        (
            "UAK",
            "Ukrainian Karbovanets",
            Some("Карбованец (украинский)"),
        ),
        ("XAU", "Gold", Some("Золото")),
        (
            "XEU",
            "European Currency Unit",
            Some("ЭКЮ (единица европейской валюты)"),
        ),
        ("XUA", "ADB Unit of Account", None),
        // CLDR names no XAD (Arab Accounting Dinar): ISO 4217's English.
        ("XAD", "Arab Accounting Dinar", None),
    ];

    #[test]
    fn names_are_cldrs() {
        for &(code, en, ru) in CHECKED {
            let c = currency(code);
            assert_eq!(c.name_in(Lang::En), Some(en), "{code}");
            assert_eq!(c.name_in(Lang::Ru), ru, "{code}");
            assert_eq!(c.names(), Names { en, ru }, "{code}");
        }
    }

    #[test]
    fn every_registry_currency_has_an_entry() {
        for c in Currency::all() {
            assert!(
                names::NAMES.iter().any(|(code, _, _)| *code == c.code),
                "{} has no entry: run scripts/gen-currency-names",
                c.code
            );
        }
        assert_eq!(names::NAMES.len(), Currency::all().count());
        assert!(
            names::NAMES.windows(2).all(|w| w[0].0 < w[1].0),
            "not strictly sorted"
        );
    }

    #[test]
    fn only_these_codes_lack_a_cldr_name() {
        // A change here means CLDR or ISO 4217 published something new:
        // say so in the generated file's header and in Names' docs.
        let missing = |pick: fn(&(_, Option<&str>, Option<&str>)) -> bool| {
            names::NAMES
                .iter()
                .filter(|e| pick(e))
                .map(|e| e.0.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(missing(|e| e.1.is_none()), ["XAD"]);
        assert_eq!(
            missing(|e| e.2.is_none()),
            ["UYW", "VED", "XAD", "XSU", "XUA"]
        );
        assert_eq!(names::CLDR_VERSION, "48.2.0");
    }

    #[test]
    fn no_name_is_empty_or_padded() {
        for c in Currency::all() {
            for name in [c.name_in(Lang::En), c.name_in(Lang::Ru)]
                .into_iter()
                .flatten()
            {
                assert!(!name.is_empty() && name.trim() == name, "{}", c.code);
            }
        }
    }

    #[test]
    fn languages_read_like_the_widgets() {
        for (input, lang) in [
            ("en", Lang::En),
            ("EN", Lang::En),
            ("en-GB", Lang::En),
            ("ru", Lang::Ru),
            ("ru_RU", Lang::Ru),
        ] {
            assert_eq!(input.parse(), Ok(lang), "{input}");
        }
        for bad in ["", "de", "english", "r"] {
            let err = bad.parse::<Lang>().unwrap_err();
            assert_eq!(
                err.to_string(),
                format!(
                    "language '{bad}': expected en or ru, optionally with a region such as en-GB"
                )
            );
        }
        assert_eq!(Lang::Ru.to_string(), "ru");
        assert_eq!(Lang::default(), Lang::En);
    }
}
