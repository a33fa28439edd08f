//! CLDR plural operands of a decimal string; the rules that use them are
//! generated into `cldr.rs`.

/// A CLDR plural category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Plural {
    /// `zero`
    Zero,
    /// `one`
    One,
    /// `two`
    Two,
    /// `few`
    Few,
    /// `many`
    Many,
    /// `other`
    Other,
}

impl Plural {
    /// CLDR's name of the category, as `Intl.PluralRules.select` says it.
    pub fn as_str(self) -> &'static str {
        match self {
            Plural::Zero => "zero",
            Plural::One => "one",
            Plural::Two => "two",
            Plural::Few => "few",
            Plural::Many => "many",
            Plural::Other => "other",
        }
    }
}

/// The operands of CLDR's plural rules (UTS #35, "Operands").
/// The rules of our seven languages use n, i, v and e only; the others are
/// here so that the generator can compile any CLDR language's rules.
#[allow(dead_code)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Operand {
    /// The absolute value.
    N,
    /// Its integer digits.
    I,
    /// The count of visible fraction digits, with trailing zeros.
    V,
    /// The count of visible fraction digits, without trailing zeros.
    W,
    /// The visible fraction digits, with trailing zeros, as an integer.
    F,
    /// The visible fraction digits, without trailing zeros, as an integer.
    T,
    /// The compact decimal exponent: always 0 here.
    E,
    /// A synonym of `e`.
    C,
}

/// 10^18: operands keep their value modulo this (every modulus in CLDR's
/// rules divides it; the generator checks) and whether they reach it.
const LIMIT: u64 = 1_000_000_000_000_000_000;

/// A non-negative integer of any length, as its value modulo 10^18 and
/// whether it is at least 10^18.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Digits {
    low: u64,
    big: bool,
}

impl Digits {
    fn of(digits: &str) -> Digits {
        let digits = digits.trim_start_matches('0');
        let tail = &digits[digits.len().saturating_sub(18)..];
        Digits {
            low: tail.parse().unwrap_or(0),
            big: digits.len() > 18,
        }
    }

    fn count(n: usize) -> Digits {
        Digits {
            low: n as u64 % LIMIT,
            big: n as u64 >= LIMIT,
        }
    }
}

/// The operands of one number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Operands {
    i: Digits,
    v: Digits,
    w: Digits,
    f: Digits,
    t: Digits,
}

impl Operands {
    /// The operands of a decimal string (its sign ignored).
    pub(super) fn parse(decimal: &str) -> Option<Operands> {
        let d = super::Decimal::parse(decimal)?;
        let trimmed = d.frac.trim_end_matches('0');
        Some(Operands {
            i: Digits::of(d.int),
            v: Digits::count(d.frac.len()),
            w: Digits::count(trimmed.len()),
            f: Digits::of(d.frac),
            t: Digits::of(trimmed),
        })
    }

    /// Whether `operand` (modulo `modulus` unless it is 0) lies in one of
    /// the inclusive integer `ranges`: a CLDR relation `x % m = a..b, c`.
    /// `n` is in an integer range only when it is an integer (t = 0).
    pub(super) fn is(&self, operand: Operand, modulus: u64, ranges: &[(u64, u64)]) -> bool {
        let value = match operand {
            Operand::N if self.t != Digits::default() => return false,
            Operand::N | Operand::I => self.i,
            Operand::V => self.v,
            Operand::W => self.w,
            Operand::F => self.f,
            Operand::T => self.t,
            Operand::E | Operand::C => Digits::default(),
        };
        let value = match (modulus, value.big) {
            (0, true) => return false, // ≥ 10^18: above every range of the rules
            (0, false) => value.low,
            (m, _) => value.low % m,
        };
        ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&value))
    }
}
