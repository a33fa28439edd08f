//! The ISO 4217 currency registry: which codes kurs knows, their names and
//! their minor units.
//!
//! The registry is two sorted static tables, so a lookup is a binary search
//! with no start-up cost:
//!
//! * the current currencies of ISO 4217 list one, generated into
//!   `src/currency/iso4217.rs` from the vendored `src/data/iso4217-list-one.xml`
//!   by `cargo xtask iso4217` (whose test fails when the two disagree);
//! * the retired codes that still occur in the rate histories kurs serves
//!   (the ECB history goes back to 1999), written by hand in
//!   `src/currency/retired.rs` from ISO 4217 list three.
//!
//! Each currency also has names in the languages of [`crate::locale`]
//! from the Unicode CLDR ([`Currency::name_in`]), generated into
//! `src/locale/cldr.rs` by `scripts/gen-currency-names`.

mod iso4217;
mod language;
mod retired;

use std::fmt;

use kurs_rates::CurrencyCode;

/// The publication date of the vendored ISO 4217 list one, `YYYY-MM-DD`.
pub const ISO4217_PUBLISHED: &str = iso4217::PUBLISHED;

/// The version of the Unicode CLDR JSON package the names of
/// [`Currency::name_in`] come from.
pub const CLDR_VERSION: &str = crate::locale::CLDR_VERSION;

pub use language::{Lang, Names, UnknownLang};

/// A currency of the registry: an ISO 4217 code with its numeric code,
/// English name and minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Currency {
    /// The alphabetic code, such as `USD`.
    pub code: CurrencyCode,
    /// The ISO 4217 numeric code, such as 840 for `USD`.
    pub numeric: u16,
    /// The English name as ISO 4217 gives it, such as `US Dollar`.
    pub name: &'static str,
    /// The number of digits after the decimal separator, as ISO 4217 gives
    /// it; `None` where ISO says "N.A." (gold, SDR, bond-market units, …).
    pub minor_units: Option<u8>,
    /// Whether ISO 4217 has withdrawn the code (it is on list three, not on
    /// list one). Retired codes are known because old rate tables quote
    /// them, such as `TRL` or `HRK` in the ECB history.
    pub retired: bool,
    /// For a retired code, the year and month of its withdrawal as ISO 4217
    /// list three gives it (`YYYY-MM`); `None` for a current code.
    pub withdrawn: Option<&'static str>,
}

impl Currency {
    /// The scale [`Currency::scale`] uses when ISO 4217 gives no minor units
    /// ("N.A.": precious metals, SDR, units of account, test codes).
    ///
    /// It is 4, the finest scale ISO 4217 assigns to any currency (`CLF`):
    /// two decimals would leave an amount of gold such as 0.0240 troy ounces
    /// with two significant digits.
    pub const FALLBACK_SCALE: u32 = 4;

    /// Looks a code string up, case-insensitively and ignoring surrounding
    /// white space, among current and retired codes.
    ///
    /// ```
    /// use kurs::currency::Currency;
    ///
    /// let usd = Currency::parse("usd").unwrap();
    /// assert_eq!(usd.code.as_str(), "USD");
    /// assert_eq!(usd.numeric, 840);
    /// assert_eq!(usd.name, "US Dollar");
    /// assert_eq!(usd.minor_units, Some(2));
    ///
    /// // Retired codes that old rate tables quote are known, and marked.
    /// assert!(Currency::parse("TRL").unwrap().retired);
    ///
    /// let err = Currency::parse("USX").unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "unknown currency 'USX': expected an ISO 4217 code such as USD"
    /// );
    /// let err = Currency::parse("1,5").unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "'1,5' is not a currency code: expected three letters such as USD"
    /// );
    /// ```
    pub fn parse(code: &str) -> Result<&'static Currency, UnknownCurrency> {
        code.parse::<CurrencyCode>()
            .ok()
            .and_then(Self::get)
            .ok_or_else(|| UnknownCurrency::new(code))
    }

    /// Looks a code up among current and retired codes.
    ///
    /// ```
    /// use kurs::currency::Currency;
    /// use kurs_rates::CurrencyCode;
    ///
    /// let jpy = Currency::get(CurrencyCode::new_static("JPY")).unwrap();
    /// assert_eq!(jpy.minor_units, Some(0));
    /// assert!(Currency::get(CurrencyCode::new_static("ZZZ")).is_none());
    /// ```
    pub fn get(code: CurrencyCode) -> Option<&'static Currency> {
        find(&iso4217::CURRENT, code).or_else(|| find(&retired::RETIRED, code))
    }

    /// The number of decimals amounts in this currency are rounded to: the
    /// ISO 4217 minor units, or [`Currency::FALLBACK_SCALE`] (4) where ISO
    /// says "N.A." (for example `XAU`, `XDR`).
    ///
    /// ```
    /// use kurs::currency::Currency;
    ///
    /// assert_eq!(Currency::parse("JPY").unwrap().scale(), 0);
    /// assert_eq!(Currency::parse("KWD").unwrap().scale(), 3);
    /// assert_eq!(Currency::parse("XAU").unwrap().scale(), 4);
    /// ```
    pub fn scale(&self) -> u32 {
        self.minor_units.map_or(Self::FALLBACK_SCALE, u32::from)
    }

    /// Every currency of the registry: the current ones sorted by code, then
    /// the retired ones sorted by code. No code appears twice.
    ///
    /// ```
    /// use kurs::currency::Currency;
    ///
    /// let current = Currency::all().filter(|c| !c.retired).count();
    /// assert!(current > 150);
    /// ```
    pub fn all() -> impl Iterator<Item = &'static Currency> + Clone {
        iso4217::CURRENT.iter().chain(retired::RETIRED.iter())
    }
}

impl fmt::Display for Currency {
    /// Writes the code and the name, such as `USD (US Dollar)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code, self.name)
    }
}

/// Binary search of a table sorted by code.
fn find(table: &'static [Currency], code: CurrencyCode) -> Option<&'static Currency> {
    table
        .binary_search_by(|c| c.code.cmp(&code))
        .ok()
        .map(|i| &table[i])
}

/// Builds an entry of the generated table of current currencies.
const fn current(
    code: &str,
    numeric: u16,
    name: &'static str,
    minor_units: Option<u8>,
) -> Currency {
    Currency {
        code: CurrencyCode::new_static(code),
        numeric,
        name,
        minor_units,
        retired: false,
        withdrawn: None,
    }
}

/// Builds an entry of the hand-written table of retired currencies.
const fn retired(
    code: &str,
    numeric: u16,
    name: &'static str,
    minor_units: Option<u8>,
    withdrawn: &'static str,
) -> Currency {
    Currency {
        code: CurrencyCode::new_static(code),
        numeric,
        name,
        minor_units,
        retired: true,
        withdrawn: Some(withdrawn),
    }
}

/// The error of [`Currency::parse`]: the input is not shaped like a
/// currency code, or it is a well-shaped code the registry does not know.
///
/// The message tells the two apart:
/// `'1,5' is not a currency code: expected three letters such as USD`, or
/// `unknown currency 'USX': expected an ISO 4217 code such as USD` (each
/// front end adds where its list of codes is).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct UnknownCurrency {
    /// What was given, cut to 16 characters.
    pub input: String,
}

impl UnknownCurrency {
    fn new(input: &str) -> Self {
        Self {
            input: input.chars().take(16).collect(),
        }
    }

    /// The code the input spells when it is shaped like one (three ASCII
    /// letters, upper-cased), that is when the code is merely unknown;
    /// `None` when the input is not a currency code at all.
    pub fn code(&self) -> Option<CurrencyCode> {
        self.input.parse().ok()
    }
}

impl fmt::Display for UnknownCurrency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code() {
            Some(code) => write!(
                f,
                "unknown currency '{code}': expected an ISO 4217 code such as USD"
            ),
            None => {
                f.write_str("'")?;
                for c in self.input.chars() {
                    if c.is_control() {
                        write!(f, "{}", c.escape_default())?;
                    } else {
                        write!(f, "{c}")?;
                    }
                }
                f.write_str("' is not a currency code: expected three letters such as USD")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kurs_rates::SourceId;

    /// The currencies of the ECB history header, from 1999 to now.
    const ECB_HISTORY_CODES: &str = "USD,JPY,BGN,CYP,CZK,DKK,EEK,GBP,HUF,LTL,LVL,MTL,PLN,ROL,\
        RON,SEK,SIT,SKK,CHF,ISK,NOK,HRK,RUB,TRL,TRY,AUD,BRL,CAD,CNY,HKD,IDR,ILS,INR,KRW,MXN,\
        MYR,NZD,PHP,SGD,THB,ZAR";

    fn currency(code: &str) -> &'static Currency {
        Currency::parse(code).unwrap_or_else(|e| panic!("{code}: {e}"))
    }

    #[test]
    fn well_known_currencies() {
        let usd = currency("USD");
        assert_eq!(
            (usd.numeric, usd.minor_units, usd.name, usd.retired),
            (840, Some(2), "US Dollar", false)
        );
        let eur = currency("EUR");
        assert_eq!(
            (eur.numeric, eur.minor_units, eur.name),
            (978, Some(2), "Euro")
        );
        for (code, units) in [("JPY", 0), ("KWD", 3), ("BHD", 3), ("CLF", 4), ("EUR", 2)] {
            assert_eq!(currency(code).minor_units, Some(units), "{code}");
            assert_eq!(currency(code).scale(), u32::from(units), "{code}");
        }
    }

    #[test]
    fn lookup_is_case_insensitive() {
        for input in ["usd", "Usd", "uSD", " usd ", "USD"] {
            assert_eq!(currency(input).code.as_str(), "USD", "{input:?}");
        }
        assert_eq!(currency("trl").code.as_str(), "TRL");
    }

    #[test]
    fn get_and_parse_agree() {
        for c in Currency::all() {
            assert_eq!(Currency::get(c.code), Some(c));
            assert_eq!(Currency::parse(&c.code.as_str().to_lowercase()), Ok(c));
        }
        assert_eq!(Currency::get(CurrencyCode::new_static("USX")), None);
    }

    #[test]
    fn units_without_minor_units() {
        for code in ["XAU", "XAG", "XPD", "XPT", "XDR", "XXX", "XTS"] {
            let c = currency(code);
            assert_eq!(c.minor_units, None, "{code}");
            assert_eq!(c.scale(), Currency::FALLBACK_SCALE, "{code}");
        }
        assert_eq!(currency("XAU").name, "Gold");
    }

    #[test]
    fn retired_codes_are_known_with_minor_units() {
        for (code, numeric, units) in [
            ("TRL", 792, 0),
            ("ROL", 642, 2),
            ("SIT", 705, 2),
            ("CYP", 196, 2),
            ("MTL", 470, 2),
            ("SKK", 703, 2),
            ("EEK", 233, 2),
            ("LVL", 428, 2),
            ("LTL", 440, 2),
            ("HRK", 191, 2),
            ("BGN", 975, 2),
        ] {
            let c = currency(code);
            assert!(c.retired, "{code}");
            assert_eq!((c.numeric, c.minor_units), (numeric, Some(units)), "{code}");
            let withdrawn = c.withdrawn.unwrap_or_else(|| panic!("{code} has no date"));
            assert!(
                withdrawn.len() == 7 && withdrawn.as_bytes()[4] == b'-',
                "{code}: {withdrawn}"
            );
        }
        assert!(Currency::all().all(|c| c.retired == c.withdrawn.is_some()));
    }

    #[test]
    fn every_code_any_source_ever_published_is_known() {
        // A code a source quotes but the registry lacks would show in
        // /v1/rates and yet be refused by /v1/convert (BYR did).
        let mut unknown: Vec<String> = SourceId::all()
            .iter()
            .flat_map(|s| s.catalogue().into_iter().flatten().map(move |c| (s, c)))
            .filter(|(_, code)| Currency::get(**code).is_none())
            .map(|(s, code)| format!("{code} ({})", s.as_str()))
            .collect();
        unknown.sort();
        assert_eq!(
            unknown,
            Vec::<String>::new(),
            "codes no ISO 4217 list knows"
        );
        assert_eq!(currency("BYR").minor_units, Some(0));
    }

    #[test]
    fn every_code_of_the_ecb_history_is_known() {
        for code in ECB_HISTORY_CODES.split(',') {
            currency(code.trim());
        }
    }

    #[test]
    fn unknown_code_error() {
        let err = Currency::parse("usx").unwrap_err();
        assert_eq!(err.input, "usx");
        assert_eq!(err.code(), Some(CurrencyCode::new_static("USX")));
        assert_eq!(
            err.to_string(),
            "unknown currency 'USX': expected an ISO 4217 code such as USD"
        );
    }

    #[test]
    fn bad_shapes_are_not_currency_codes() {
        for bad in ["", "US", "USDX", "U$D", "12A", "1,5", "ДОЛ", "€"] {
            let err = Currency::parse(bad).unwrap_err();
            assert_eq!(err.code(), None, "{bad:?}");
            assert_eq!(
                err.to_string(),
                format!("'{bad}' is not a currency code: expected three letters such as USD")
            );
        }
        let err = Currency::parse("a very long input that goes on").unwrap_err();
        assert_eq!(err.input, "a very long inpu");
        let err = Currency::parse("U\nD").unwrap_err();
        assert_eq!(
            err.to_string(),
            "'U\\nD' is not a currency code: expected three letters such as USD"
        );
    }

    #[test]
    fn all_is_current_then_retired_each_sorted_without_duplicates() {
        let all: Vec<&Currency> = Currency::all().collect();
        let split = all.iter().position(|c| c.retired).unwrap();
        let (current, retired) = all.split_at(split);
        assert!(current.iter().all(|c| !c.retired));
        assert!(retired.iter().all(|c| c.retired));
        for part in [current, retired] {
            assert!(
                part.windows(2).all(|w| w[0].code < w[1].code),
                "not strictly sorted"
            );
        }
        let mut codes: Vec<CurrencyCode> = all.iter().map(|c| c.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "a code appears twice");
    }

    #[test]
    fn display_shows_code_and_name() {
        assert_eq!(currency("chf").to_string(), "CHF (Swiss Franc)");
    }

    /// One currency as list one describes it, read from the XML.

    #[test]
    fn retired_codes_are_not_in_list_one() {
        for r in &retired::RETIRED {
            assert!(
                find(&iso4217::CURRENT, r.code).is_none(),
                "{} is current again; drop it from src/currency/retired.rs",
                r.code
            );
        }
    }

    #[test]
    fn list_one_facts() {
        // Things about the vendored list that the registry relies on or that
        // surprised us: a change here means ISO published something new.
        assert_eq!(ISO4217_PUBLISHED, "2026-01-01");
        assert_eq!(iso4217::CURRENT.len(), 178);
        let not_applicable: Vec<&str> = iso4217::CURRENT
            .iter()
            .filter(|c| c.minor_units.is_none())
            .map(|c| c.code.as_str())
            .collect();
        assert_eq!(
            not_applicable,
            [
                "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XDR", "XPD", "XPT", "XSU", "XTS", "XUA",
                "XXX"
            ]
        );
    }
}
