//! Currency codes as they travel through kurs.

use std::fmt;
use std::str::FromStr;

/// A three-letter currency code such as `USD`, always stored upper-case.
///
/// Parsing is case-insensitive (`usd` and `USD` are the same code) and only
/// checks the shape: three ASCII letters. Whether the code names a currency
/// kurs knows is decided by the currency registry of the `kurs` crate and by
/// the tables themselves.
///
/// ```
/// use kurs_rates::CurrencyCode;
/// let usd: CurrencyCode = "usd".parse().unwrap();
/// assert_eq!(usd.as_str(), "USD");
/// assert!("US".parse::<CurrencyCode>().is_err());
/// ```
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CurrencyCode([u8; 3]);

impl CurrencyCode {
    /// Builds a code from three bytes, upper-casing them; `None` unless all
    /// three are ASCII letters.
    pub const fn from_bytes(bytes: [u8; 3]) -> Option<Self> {
        let [a, b, c] = bytes;
        if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() && c.is_ascii_alphabetic() {
            Some(Self([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
                c.to_ascii_uppercase(),
            ]))
        } else {
            None
        }
    }

    /// Builds a code from a string known at compile time.
    ///
    /// # Panics
    /// Panics (at compile time in const context) when `code` is not three
    /// ASCII letters.
    pub const fn new_static(code: &str) -> Self {
        let b = code.as_bytes();
        assert!(b.len() == 3, "a currency code has three letters");
        match Self::from_bytes([b[0], b[1], b[2]]) {
            Some(c) => c,
            None => panic!("a currency code has three ASCII letters"),
        }
    }

    /// The code as an upper-case string slice.
    pub fn as_str(&self) -> &str {
        // The constructor only admits ASCII letters, so this cannot fail.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// The code as three upper-case ASCII bytes.
    pub const fn as_bytes(&self) -> [u8; 3] {
        self.0
    }
}

impl fmt::Display for CurrencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl fmt::Debug for CurrencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.as_str())
    }
}

/// The error for a string that is not shaped like a currency code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{input}' is not a currency code: expected three letters such as USD")]
pub struct InvalidCode {
    /// What was given, cut to a readable length.
    pub input: String,
}

impl FromStr for CurrencyCode {
    type Err = InvalidCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidCode {
            input: s.chars().take(16).collect(),
        };
        let t = s.trim();
        match t.as_bytes() {
            &[a, b, c] => Self::from_bytes([a, b, c]).ok_or_else(invalid),
            _ => Err(invalid()),
        }
    }
}

impl serde::Serialize for CurrencyCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for CurrencyCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing_is_case_insensitive_and_output_is_upper_case() {
        let c: CurrencyCode = "rUb".parse().unwrap();
        assert_eq!(c.to_string(), "RUB");
    }

    #[test]
    fn wrong_shapes_are_rejected() {
        for bad in ["", "US", "USDX", "U$D", "12A", "ДОЛ"] {
            assert!(bad.parse::<CurrencyCode>().is_err(), "{bad}");
        }
    }
}
