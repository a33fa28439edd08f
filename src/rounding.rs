//! How a converted amount is rounded.

use std::fmt;
use std::str::FromStr;

/// The rounding applied once, at the end of a conversion.
///
/// The default is [`Rounding::HalfEven`] (banker's rounding), as in most
/// accounting and in the ECB's own conversions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rounding {
    /// To nearest; a tie goes to the even neighbour.
    #[default]
    HalfEven,
    /// To nearest; a tie goes away from zero.
    HalfUp,
    /// To nearest; a tie goes toward zero.
    HalfDown,
    /// Away from zero.
    Up,
    /// Toward zero (truncation).
    Down,
    /// Toward positive infinity.
    Ceiling,
    /// Toward negative infinity.
    Floor,
    /// No rounding to the currency's minor units: the quotient at the
    /// largest scale (at most 28 places) at which its mantissa, rounded
    /// half-even on the exact remainder, fits 96 bits, without trailing
    /// zeros: 28 or 29 significant digits (fewer below 1), and exact
    /// whenever the quotient ends within them (`1 / 8` is `0.125`, `2 / 3`
    /// is `0.6666666666666666666666666667`).
    None,
}

impl Rounding {
    /// Every mode with its name, as accepted on input.
    pub const ALL: [(&'static str, Rounding); 8] = [
        ("half_even", Rounding::HalfEven),
        ("half_up", Rounding::HalfUp),
        ("half_down", Rounding::HalfDown),
        ("up", Rounding::Up),
        ("down", Rounding::Down),
        ("ceiling", Rounding::Ceiling),
        ("floor", Rounding::Floor),
        ("none", Rounding::None),
    ];

    /// The mode's name, e.g. `half_even`.
    pub fn as_str(&self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, m)| m == self)
            .map(|(n, _)| *n)
            .unwrap_or("half_even")
    }
}

impl fmt::Display for Rounding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown rounding mode name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown rounding mode '{0}': expected one of half_even, half_up, half_down, up, down, ceiling, floor, none")]
pub struct InvalidRounding(pub String);

impl FromStr for Rounding {
    type Err = InvalidRounding;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('-', "_");
        Self::ALL
            .iter()
            .find(|(n, _)| *n == wanted)
            .map(|(_, m)| *m)
            .ok_or_else(|| InvalidRounding(s.chars().take(40).collect()))
    }
}
