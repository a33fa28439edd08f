//! The conversion core: exact, no I/O, no async.
//!
//! A conversion multiplies first and divides once. With quotes kept as
//! published (`units` of a currency are worth `value` of the base), an
//! amount `a` of X converts to Y as
//!
//! ```text
//!     a × value(X) × units(Y)
//!     ───────────────────────
//!       units(X) × value(Y)
//! ```
//!
//! The numerator and the denominator are computed exactly (an inexact
//! product is an overflow error, never a silently rounded number), the
//! division happens once, and the rounding to the target's minor units is
//! decided on the exact remainder, so even a quotient that `Decimal` cannot
//! hold to the last digit is rounded correctly.

use std::cmp::Ordering;

use kurs_rates::Quote;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::Rounding;

/// How many significant digits a displayed cross rate has.
pub const RATE_DIGITS: u32 = 10;

/// The exact ratio between two currencies in one table: one unit of the
/// source currency is worth `num / den` units of the target.
///
/// ```
/// use kurs::{CrossRate, Rounding};
/// use kurs_rates::Quote;
/// let usd = Quote::per_base("1.3576".parse().unwrap());
/// let rub = Quote::per_base("41.8304".parse().unwrap());
/// let usd_to_rub = CrossRate::between(usd, rub).unwrap();
/// let result = usd_to_rub.apply("100".parse().unwrap(), Rounding::HalfEven, 2).unwrap();
/// assert_eq!(result.to_string(), "3081.20");
/// assert_eq!(usd_to_rub.display().to_string(), "30.81202121");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrossRate {
    num: Decimal,
    den: Decimal,
}

/// A conversion that cannot be computed exactly.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the result needs more than the 28 significant digits kurs computes exactly: use a smaller amount or fewer decimal places")]
pub struct Overflow;

impl CrossRate {
    /// The identity: one unit is worth one unit.
    pub const ONE: CrossRate = CrossRate {
        num: Decimal::ONE,
        den: Decimal::ONE,
    };

    /// The rate from the currency quoted by `from` to the one quoted by
    /// `to`, both quotes from the same table.
    pub fn between(from: Quote, to: Quote) -> Result<Self, Overflow> {
        Ok(Self {
            num: exact_mul(from.value, to.units)?,
            den: exact_mul(from.units, to.value)?,
        })
    }

    /// This rate followed by `next` (from the currency this one converts
    /// to, onward): still one exact ratio, so an amount is still divided
    /// once.
    pub fn then(self, next: CrossRate) -> Result<CrossRate, Overflow> {
        Ok(Self {
            num: exact_mul(self.num, next.num)?,
            den: exact_mul(self.den, next.den)?,
        })
    }

    /// The rate rounded to [`RATE_DIGITS`] significant digits, without
    /// trailing zeros: for display, never for computing.
    pub fn display(&self) -> Decimal {
        let q = self.num.checked_div(self.den).unwrap_or(Decimal::MAX);
        q.round_sf_with_strategy(RATE_DIGITS, RoundingStrategy::MidpointNearestEven)
            .unwrap_or(q)
            .normalize()
    }

    /// Converts `amount`, rounding once to `scale` decimal places with
    /// `rounding` ([`Rounding::None`] keeps the full quotient).
    pub fn apply(
        &self,
        amount: Decimal,
        rounding: Rounding,
        scale: u32,
    ) -> Result<Decimal, Overflow> {
        let num = exact_mul(amount, self.num)?;
        if rounding == Rounding::None {
            return num.checked_div(self.den).ok_or(Overflow);
        }
        divide_rounded(num, self.den, scale.min(28), rounding)
    }
}

/// `a × b`, or an error when `Decimal` would have to drop digits.
fn exact_mul(a: Decimal, b: Decimal) -> Result<Decimal, Overflow> {
    let p = a.checked_mul(b).ok_or(Overflow)?;
    let exact_scale = a.scale() + b.scale();
    if p.scale() == exact_scale || p.is_zero() && a.is_zero() || p.is_zero() && b.is_zero() {
        Ok(p)
    } else {
        Err(Overflow)
    }
}

/// `num / den` (with `den > 0`) rounded to `scale` places, the rounding
/// decided on the exact remainder.
fn divide_rounded(
    num: Decimal,
    den: Decimal,
    scale: u32,
    mode: Rounding,
) -> Result<Decimal, Overflow> {
    debug_assert!(den > Decimal::ZERO);
    let negative = num.is_sign_negative() && !num.is_zero();
    let n = num.abs();
    let ulp = Decimal::new(1, scale);
    let step = exact_mul(den, ulp)?;
    let mut t = n.checked_div(den).ok_or(Overflow)?.trunc_with_scale(scale);
    // `t` is exact truncation unless the 28-digit quotient was rounded
    // across a multiple of `ulp`; the remainder tells, and one step fixes.
    let mut r = n.checked_sub(exact_mul(t, den)?).ok_or(Overflow)?;
    if r.is_sign_negative() && !r.is_zero() {
        t = t.checked_sub(ulp).ok_or(Overflow)?;
        r = r.checked_add(step).ok_or(Overflow)?;
    } else if r >= step {
        t = t.checked_add(ulp).ok_or(Overflow)?;
        r = r.checked_sub(step).ok_or(Overflow)?;
    }
    let twice = r.checked_mul(Decimal::TWO).ok_or(Overflow)?;
    let away = round_away(mode, negative, twice.cmp(&step), r.is_zero(), &t, scale);
    let mut m = if away {
        t.checked_add(ulp).ok_or(Overflow)?
    } else {
        t
    };
    m.rescale(scale);
    Ok(if negative { -m } else { m })
}

/// Whether a magnitude truncated to `t` must move one step away from zero.
fn round_away(
    mode: Rounding,
    negative: bool,
    vs_half: Ordering,
    exact: bool,
    t: &Decimal,
    scale: u32,
) -> bool {
    if exact {
        return false;
    }
    match mode {
        Rounding::Down | Rounding::None => false,
        Rounding::Up => true,
        Rounding::Ceiling => !negative,
        Rounding::Floor => negative,
        Rounding::HalfUp => vs_half != Ordering::Less,
        Rounding::HalfDown => vs_half == Ordering::Greater,
        Rounding::HalfEven => match vs_half {
            Ordering::Greater => true,
            Ordering::Less => false,
            Ordering::Equal => last_digit_is_odd(t, scale),
        },
    }
}

fn last_digit_is_odd(t: &Decimal, scale: u32) -> bool {
    let mut t = *t;
    t.rescale(scale);
    t.mantissa() % 2 != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }
    fn ecb(rate: &str) -> Quote {
        Quote::per_base(d(rate))
    }

    #[test]
    fn usd_to_rub_on_2011_11_18_is_3081_20() {
        let r = CrossRate::between(ecb("1.3576"), ecb("41.8304")).unwrap();
        assert_eq!(
            r.apply(d("100"), Rounding::HalfEven, 2)
                .unwrap()
                .to_string(),
            "3081.20"
        );
    }

    #[test]
    fn converting_from_the_base_multiplies_by_the_quote() {
        let r = CrossRate::between(Quote::IDENTITY, ecb("1.2912")).unwrap();
        assert_eq!(
            r.apply(d("10"), Rounding::HalfEven, 2).unwrap().to_string(),
            "12.91"
        );
        assert_eq!(r.apply(d("10"), Rounding::None, 2).unwrap(), d("12.912"));
    }

    #[test]
    fn bank_of_russia_nominals_are_honoured() {
        // 100 DZD cost 61.5323 RUB; 1 AUD costs 53.1079 RUB.
        let dzd = Quote::priced_in_base(d("100"), d("61.5323"));
        let rub_to_dzd = CrossRate::between(Quote::IDENTITY, dzd).unwrap();
        assert_eq!(
            rub_to_dzd
                .apply(d("61.5323"), Rounding::HalfEven, 2)
                .unwrap(),
            d("100")
        );
    }

    #[test]
    fn every_mode_rounds_ties_and_signs_as_named() {
        // 1 unit -> 0.125 and -0.125 at scale 2 (a tie), and 0.121 (not a tie).
        let tie = CrossRate::between(Quote::IDENTITY, ecb("0.125")).unwrap();
        let low = CrossRate::between(Quote::IDENTITY, ecb("0.121")).unwrap();
        let table = [
            (Rounding::HalfEven, "0.12", "-0.12", "0.12"),
            (Rounding::HalfUp, "0.13", "-0.13", "0.12"),
            (Rounding::HalfDown, "0.12", "-0.12", "0.12"),
            (Rounding::Up, "0.13", "-0.13", "0.13"),
            (Rounding::Down, "0.12", "-0.12", "0.12"),
            (Rounding::Ceiling, "0.13", "-0.12", "0.13"),
            (Rounding::Floor, "0.12", "-0.13", "0.12"),
        ];
        for (mode, pos, neg, not_tie) in table {
            assert_eq!(
                tie.apply(d("1"), mode, 2).unwrap().to_string(),
                pos,
                "{mode}"
            );
            assert_eq!(
                tie.apply(d("-1"), mode, 2).unwrap().to_string(),
                neg,
                "{mode}"
            );
            assert_eq!(
                low.apply(d("1"), mode, 2).unwrap().to_string(),
                not_tie,
                "{mode}"
            );
        }
    }

    #[test]
    fn half_even_goes_to_the_even_neighbour() {
        let r = CrossRate::between(Quote::IDENTITY, ecb("0.5")).unwrap();
        assert_eq!(
            r.apply(d("1"), Rounding::HalfEven, 0).unwrap().to_string(),
            "0"
        );
        assert_eq!(
            r.apply(d("3"), Rounding::HalfEven, 0).unwrap().to_string(),
            "2"
        );
        assert_eq!(
            r.apply(d("5"), Rounding::HalfEven, 0).unwrap().to_string(),
            "2"
        );
        assert_eq!(
            r.apply(d("7"), Rounding::HalfEven, 0).unwrap().to_string(),
            "4"
        );
    }

    #[test]
    fn a_repeating_quotient_rounds_on_the_exact_remainder() {
        // 2 / 3 = 0.666..., 1 / 3 = 0.333...
        let third = CrossRate::between(ecb("3"), Quote::IDENTITY).unwrap();
        assert_eq!(
            third
                .apply(d("2"), Rounding::HalfEven, 2)
                .unwrap()
                .to_string(),
            "0.67"
        );
        assert_eq!(
            third.apply(d("1"), Rounding::Up, 2).unwrap().to_string(),
            "0.34"
        );
        assert_eq!(
            third
                .apply(d("-1"), Rounding::Floor, 2)
                .unwrap()
                .to_string(),
            "-0.34"
        );
    }

    #[test]
    fn zero_is_zero_at_the_target_scale() {
        let r = CrossRate::between(ecb("1.3576"), ecb("41.8304")).unwrap();
        assert_eq!(
            r.apply(d("0"), Rounding::HalfEven, 2).unwrap().to_string(),
            "0.00"
        );
        assert_eq!(
            r.apply(d("-0.00"), Rounding::HalfEven, 0)
                .unwrap()
                .to_string(),
            "0"
        );
    }

    #[test]
    fn a_huge_amount_is_an_overflow_not_a_panic() {
        let jpy_to_idr = CrossRate::between(ecb("175.68"), ecb("20275.17")).unwrap();
        let huge = d("1000000000000000000000000000");
        assert_eq!(jpy_to_idr.apply(huge, Rounding::HalfEven, 2), Err(Overflow));
        assert_eq!(jpy_to_idr.apply(huge, Rounding::None, 2), Err(Overflow));
    }

    #[test]
    fn an_inexact_product_is_refused() {
        let tiny = d("0.0000000000000000000000000001");
        let r = CrossRate::between(Quote::IDENTITY, ecb("1.3576")).unwrap();
        assert_eq!(r.apply(tiny, Rounding::None, 2), Err(Overflow));
    }
}
