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

/// The operands of one number, as ICU computes them, which is what every
/// browser's `Intl` uses: `n` is the number as a double, `i` its lowest 18
/// integer digits as a double (`DecimalQuantity::toLong(true)`, cast), and
/// the rules take `%` on those doubles. For a number beyond 2^53 that is
/// not CLDR's exact arithmetic (Intl writes "98 765 432 109 876 543 210
/// 987 654 321 российских рубля", `few`, where exact digits would say
/// `one`): kurs follows the browsers, so that both sides of the widget
/// write the same name. `f` and `t` (used by none of our languages' rules)
/// are kept exact to 18 digits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Operands {
    n: f64,
    i: f64,
    v: f64,
    w: f64,
    f: f64,
    t: f64,
}

/// The lowest 18 digits of a digit string, as ICU's `toLong(true)` keeps
/// them, cast to a double.
fn low_digits(digits: &str) -> f64 {
    let tail = &digits[digits.len().saturating_sub(18)..];
    tail.parse::<u64>().unwrap_or(0) as f64
}

impl Operands {
    /// The operands of a decimal string (its sign ignored).
    pub(super) fn parse(decimal: &str) -> Option<Operands> {
        let d = super::Decimal::parse(decimal)?;
        let trimmed = d.frac.trim_end_matches('0');
        let abs = format!("{}.{}0", d.int, d.frac);
        Some(Operands {
            n: abs.parse().ok()?,
            i: low_digits(d.int),
            v: d.frac.len() as f64,
            w: trimmed.len() as f64,
            f: low_digits(&d.frac[..d.frac.len().min(18)]),
            t: low_digits(&trimmed[..trimmed.len().min(18)]),
        })
    }

    /// Whether `operand` (modulo `modulus` unless it is 0) is an integer in
    /// one of the inclusive `ranges`: a CLDR relation `x % m = a..b, c`.
    pub(super) fn is(&self, operand: Operand, modulus: u64, ranges: &[(u64, u64)]) -> bool {
        let value = match operand {
            Operand::N => self.n,
            Operand::I => self.i,
            Operand::V => self.v,
            Operand::W => self.w,
            Operand::F => self.f,
            Operand::T => self.t,
            Operand::E | Operand::C => 0.0,
        };
        let value = if modulus == 0 {
            value
        } else {
            value % modulus as f64
        };
        value == value.floor()
            && ranges
                .iter()
                .any(|&(lo, hi)| (lo as f64..=hi as f64).contains(&value))
    }
}
