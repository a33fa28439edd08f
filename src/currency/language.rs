//! Currency names in the languages of [`crate::locale`] (English, Russian,
//! Ukrainian, Kazakh, German, French, Spanish), from the Unicode CLDR.
//!
//! The names are CLDR's display names (`US Dollar`, `доллар США`), not ISO
//! 4217's (`US Dollar`, but also `Yuan Renminbi` or `Old Leu`): CLDR names
//! a retired code with its years (`Belarusian Ruble (2000–2016)`), which is
//! what a reader of an old table needs. They are generated into
//! `src/locale/cldr.rs` by `scripts/gen-currency-names`. Russian names
//! are as CLDR writes them for use inside a sentence: a current currency's
//! name starts in lower case (`российский рубль`), most retired ones in
//! upper case (`Российский рубль (1991–1998)`).

use super::Currency;
pub use crate::locale::{Lang, UnknownLang};

/// A currency's names in every language kurs has, as `/v1/currencies`
/// and `kurs currencies --json` show them under `names`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Names {
    /// The English name: CLDR's, or ISO 4217's where CLDR has none (`XAD`).
    pub en: &'static str,
    /// The Russian name; `None` where CLDR has none (`UYW`, `VED`, `XAD`,
    /// `XSU`, `XUA`).
    pub ru: Option<&'static str>,
    /// The Ukrainian name; `None` where CLDR has none.
    pub uk: Option<&'static str>,
    /// The Kazakh name; `None` where CLDR has none (55 codes, most of them
    /// retired, listed in `src/locale/cldr.rs`).
    pub kk: Option<&'static str>,
    /// The German name; `None` where CLDR has none.
    pub de: Option<&'static str>,
    /// The French name; `None` where CLDR has none.
    pub fr: Option<&'static str>,
    /// The Spanish name; `None` where CLDR has none.
    pub es: Option<&'static str>,
}

impl Names {
    /// The name in `lang`, if CLDR has one (English always has).
    pub fn get(&self, lang: Lang) -> Option<&'static str> {
        match lang {
            Lang::En => Some(self.en),
            Lang::Ru => self.ru,
            Lang::Uk => self.uk,
            Lang::Kk => self.kk,
            Lang::De => self.de,
            Lang::Fr => self.fr,
            Lang::Es => self.es,
        }
    }
}

impl Currency {
    /// The name of the currency in `lang`, from the Unicode CLDR.
    ///
    /// English always has a name: CLDR's, or the ISO 4217 one
    /// ([`Currency::name`]) for the few codes CLDR does not name. Another
    /// language is `None` where CLDR has no name in it.
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
        match lang {
            Lang::En => Some(lang.display_name(self.code.as_str()).unwrap_or(self.name)),
            _ => lang.display_name(self.code.as_str()),
        }
    }

    /// The names in every language, English always present.
    ///
    /// ```
    /// use kurs::currency::{Currency, Names};
    ///
    /// let rub = Currency::parse("rub").unwrap();
    /// let names = rub.names();
    /// assert_eq!(names.en, "Russian Ruble");
    /// assert_eq!(names.ru, Some("российский рубль"));
    /// assert_eq!(names.de, Some("Russischer Rubel"));
    /// ```
    pub fn names(&self) -> Names {
        let name = |lang| self.name_in(lang);
        Names {
            en: name(Lang::En).unwrap_or(self.name),
            ru: name(Lang::Ru),
            uk: name(Lang::Uk),
            kk: name(Lang::Kk),
            de: name(Lang::De),
            fr: name(Lang::Fr),
            es: name(Lang::Es),
        }
    }
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
            let names = c.names();
            assert_eq!((names.en, names.ru), (en, ru), "{code}");
        }
        let usd = currency("USD").names();
        assert_eq!(
            [usd.uk, usd.kk, usd.de, usd.fr, usd.es],
            [
                Some("долар США"),
                Some("АҚШ доллары"),
                Some("US-Dollar"),
                Some("dollar des États-Unis"),
                Some("dólar estadounidense"),
            ]
        );
        for lang in Lang::ALL {
            assert_eq!(usd.get(lang), currency("USD").name_in(lang), "{lang}");
        }
    }

    #[test]
    fn only_these_codes_lack_a_cldr_name() {
        // A change here means CLDR or ISO 4217 published something new:
        // say so in Names' docs.
        let missing = |lang| {
            Currency::all()
                .filter(|c| lang != Lang::En && c.name_in(lang).is_none())
                .map(|c| c.code.as_str())
                .collect::<Vec<_>>()
        };
        let english_from_iso: Vec<_> = Currency::all()
            .filter(|c| Lang::En.display_name(c.code.as_str()).is_none())
            .map(|c| c.code.as_str())
            .collect();
        assert_eq!(english_from_iso, ["XAD"]);
        assert_eq!(missing(Lang::Ru), ["UYW", "VED", "XAD", "XSU", "XUA"]);
        assert_eq!(missing(Lang::Uk), ["UYW", "VED", "XAD", "XSU", "XUA"]);
        assert_eq!(missing(Lang::De), ["UYW", "VED", "XAD"]);
        assert_eq!(missing(Lang::Fr), ["UYW", "VED", "XAD", "XSU", "XUA"]);
        assert_eq!(missing(Lang::Es), ["VED", "XAD", "XSU", "XUA"]);
        assert_eq!(missing(Lang::Kk).len(), 55);
        assert_eq!(super::super::CLDR_VERSION, "48.2.0");
    }

    #[test]
    fn no_name_is_empty_or_padded() {
        for c in Currency::all() {
            for name in Lang::ALL.into_iter().filter_map(|l| c.name_in(l)) {
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
            ("de-AT", Lang::De),
            ("kk", Lang::Kk),
        ] {
            assert_eq!(input.parse(), Ok(lang), "{input}");
        }
        for bad in ["", "pt", "english", "r", "en-"] {
            let err = bad.parse::<Lang>().unwrap_err();
            assert_eq!(
                err.to_string(),
                format!(
                    "language '{bad}': expected en, ru, uk, kk, de, fr or es, optionally with a region such as en-GB"
                )
            );
        }
        assert_eq!(Lang::Ru.to_string(), "ru");
        assert_eq!(Lang::default(), Lang::En);
    }
}
