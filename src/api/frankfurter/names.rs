//! Frankfurter's English currency names (the Ruby `money` gem's).

use kurs_rates::CurrencyCode;

use crate::Currency;

/// Frankfurter's English name for `code` (from the Ruby `money` gem), or
/// kurs's ISO 4217 name for a code the table does not have.
pub(super) fn name(code: CurrencyCode) -> &'static str {
    NAMES
        .binary_search_by(|(c, _)| c.cmp(&code.as_str()))
        .map(|i| NAMES[i].1)
        .ok()
        .or_else(|| Currency::get(code).map(|c| c.name))
        .unwrap_or("")
}

/// Every currency the ECB has published since 1999, and EUR, with the names
/// Frankfurter gives them (the `money` gem's), sorted by code.
pub(super) const NAMES: [(&str, &str); 42] = [
    ("AUD", "Australian Dollar"),
    ("BGN", "Bulgarian Lev"),
    ("BRL", "Brazilian Real"),
    ("CAD", "Canadian Dollar"),
    ("CHF", "Swiss Franc"),
    ("CNY", "Chinese Renminbi Yuan"),
    ("CYP", "Cypriot Pound"),
    ("CZK", "Czech Koruna"),
    ("DKK", "Danish Krone"),
    ("EEK", "Estonian Kroon"),
    ("EUR", "Euro"),
    ("GBP", "British Pound"),
    ("HKD", "Hong Kong Dollar"),
    ("HRK", "Croatian Kuna"),
    ("HUF", "Hungarian Forint"),
    ("IDR", "Indonesian Rupiah"),
    ("ILS", "Israeli New Sheqel"),
    ("INR", "Indian Rupee"),
    ("ISK", "Icelandic Króna"),
    ("JPY", "Japanese Yen"),
    ("KRW", "South Korean Won"),
    ("LTL", "Lithuanian Litas"),
    ("LVL", "Latvian Lats"),
    ("MTL", "Maltese Lira"),
    ("MXN", "Mexican Peso"),
    ("MYR", "Malaysian Ringgit"),
    ("NOK", "Norwegian Krone"),
    ("NZD", "New Zealand Dollar"),
    ("PHP", "Philippine Peso"),
    ("PLN", "Polish Złoty"),
    ("ROL", "Romanian Leu"),
    ("RON", "Romanian Leu"),
    ("RUB", "Russian Ruble"),
    ("SEK", "Swedish Krona"),
    ("SGD", "Singapore Dollar"),
    ("SIT", "Slovenian Tolar"),
    ("SKK", "Slovak Koruna"),
    ("THB", "Thai Baht"),
    ("TRL", "Turkish Lira"),
    ("TRY", "Turkish Lira"),
    ("USD", "United States Dollar"),
    ("ZAR", "South African Rand"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_table_is_sorted_for_binary_search() {
        assert!(NAMES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(name(CurrencyCode::new_static("PLN")), "Polish Złoty");
        assert_eq!(name(CurrencyCode::new_static("ARS")), "Argentine Peso");
    }
}
