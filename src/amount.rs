//! Amounts as users type them.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

/// An amount of money as given by a caller: a plain decimal number.
///
/// Accepted: an optional sign, digits, and an optional `.` followed by
/// digits (`100`, `-12.5`, `0.01`, `.5`). Refused: thousands separators and
/// decimal commas (`1,5`), exponents (`1e3`), `NaN`, `inf`, empty strings,
/// and anything with more than 28 significant digits (the precision of
/// [`Decimal`]), so an amount is never silently rounded on the way in.
///
/// ```
/// use kurs::Amount;
/// let a: Amount = "1234.50".parse().unwrap();
/// assert_eq!(a.to_string(), "1234.50");
/// assert!("1,5".parse::<Amount>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount(Decimal);

/// Why a string is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("amount '{input}' {reason}: use a plain decimal number such as 100 or 1234.56 (digits, an optional '-' and '.' as the decimal point)")]
pub struct InvalidAmount {
    /// What was given, cut to a readable length.
    pub input: String,
    /// What was wrong with it.
    pub reason: &'static str,
}

impl Amount {
    /// Wraps a decimal that is already known to be exact.
    pub fn new(value: Decimal) -> Self {
        Self(value)
    }

    /// The decimal value, with the scale the caller wrote.
    pub fn value(&self) -> Decimal {
        self.0
    }
}

impl From<Decimal> for Amount {
    fn from(value: Decimal) -> Self {
        Self(value)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

fn reason(s: &str) -> Option<&'static str> {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if s.is_empty() {
        return Some("is empty");
    }
    if digits.contains(',') {
        return Some("has a comma");
    }
    if digits.contains(['e', 'E']) && digits.chars().any(|c| c.is_ascii_digit()) {
        return Some("uses an exponent");
    }
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() && frac.is_empty() || !all_digits(int) || !all_digits(frac) {
        return Some("is not a number");
    }
    None
}

impl FromStr for Amount {
    type Err = InvalidAmount;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = |reason| InvalidAmount {
            input: s.chars().take(40).collect(),
            reason,
        };
        let t = s.trim();
        if let Some(r) = reason(t) {
            return Err(invalid(r));
        }
        let unsigned = t.strip_prefix('+').unwrap_or(t);
        Decimal::from_str_exact(unsigned)
            .map(Amount)
            .map_err(|_| invalid("has more digits than the 28 kurs keeps exactly"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals_parse_and_keep_their_scale() {
        for (s, shown) in [
            ("100", "100"),
            ("-12.50", "-12.50"),
            ("+3", "3"),
            (".5", "0.5"),
            ("0.01", "0.01"),
            (" 7 ", "7"),
        ] {
            assert_eq!(s.parse::<Amount>().unwrap().to_string(), shown, "{s}");
        }
    }

    #[test]
    fn anything_else_is_refused_with_a_reason() {
        for (s, why) in [
            ("1,5", "comma"),
            ("abc", "not a number"),
            ("", "empty"),
            ("1e400", "exponent"),
            ("NaN", "not a number"),
            ("inf", "not a number"),
            ("1.2.3", "not a number"),
            ("-", "not a number"),
            (".", "not a number"),
            ("12345678901234567890123456789012", "28"),
        ] {
            let err = s.parse::<Amount>().unwrap_err().to_string();
            assert!(err.contains(why), "{s}: {err}");
            assert!(err.contains("plain decimal"), "{s}: {err}");
        }
    }
}
