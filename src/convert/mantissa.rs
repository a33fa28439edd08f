//! Exact arithmetic on `Decimal`s taken apart into a sign, a mantissa below
//! 2^96 and a scale of at most 28.
//!
//! `Decimal`'s own operators round or rescale silently when a result does
//! not fit; here every step is done on `u128` (and, for the product of two
//! mantissas, on three 64-bit limbs), so a digit is only ever dropped when
//! it is zero, and a quotient is always truncated with the exact position of
//! its remainder kept for the rounding.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::Overflow;
use crate::Rounding;

/// The largest mantissa a `Decimal` holds: 2^96 − 1.
pub(super) const MAX_MANTISSA: u128 = (1 << 96) - 1;

/// The largest scale a `Decimal` holds.
pub(super) const MAX_SCALE: u32 = Decimal::MAX_SCALE;

/// 10^0 to 10^38, every power of ten a `u128` holds.
const POW10: [u128; 39] = {
    let mut p = [1u128; 39];
    let mut i = 1;
    while i < p.len() {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};

/// A `Decimal` taken apart: its value is ±`mantissa` / 10^`scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Parts {
    pub negative: bool,
    pub mantissa: u128,
    pub scale: u32,
}

impl Parts {
    pub fn of(d: Decimal) -> Self {
        Self {
            negative: d.is_sign_negative(),
            mantissa: d.mantissa().unsigned_abs(),
            scale: d.scale(),
        }
    }

    /// The `Decimal` with exactly this mantissa and scale (zero unsigned),
    /// or `Overflow` when a `Decimal` cannot hold them.
    pub fn to_decimal(self) -> Result<Decimal, Overflow> {
        if self.mantissa > MAX_MANTISSA || self.scale > MAX_SCALE {
            return Err(Overflow);
        }
        let m = self.mantissa as i128;
        let signed = if self.negative { -m } else { m };
        Decimal::try_from_i128_with_scale(signed, self.scale).map_err(|_| Overflow)
    }
}

/// Where the exact quotient lies between its truncation `q` and `q + 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Rest {
    /// Exactly on `q`.
    Zero,
    /// Strictly between `q` and `q + ½`.
    BelowHalf,
    /// Exactly on `q + ½`.
    Half,
    /// Strictly between `q + ½` and `q + 1`.
    AboveHalf,
}

/// The number of decimal digits of `n` (none for zero).
pub(super) fn digits(n: u128) -> u32 {
    n.checked_ilog10().map_or(0, |l| l + 1)
}

/// `a × b` exactly: trailing zeros of the product are dropped only as far
/// as needed to fit a `Decimal`, and a product that still does not fit is
/// an `Overflow`.
pub(super) fn exact_mul(a: Decimal, b: Decimal) -> Result<Decimal, Overflow> {
    let (a, b) = (Parts::of(a), Parts::of(b));
    let scale = a.scale + b.scale;
    let (mantissa, scale) = match a.mantissa.checked_mul(b.mantissa) {
        Some(p) => fit(p, scale)?,
        None => fit_wide(mul_wide(a.mantissa, b.mantissa), scale)?,
    };
    let negative = a.negative != b.negative && mantissa != 0;
    Parts {
        negative,
        mantissa,
        scale,
    }
    .to_decimal()
}

/// `m / 10^scale` with a mantissa below 2^96 and a scale of at most 28,
/// dropping trailing zeros only.
fn fit(mut m: u128, mut scale: u32) -> Result<(u128, u32), Overflow> {
    while m > MAX_MANTISSA || scale > MAX_SCALE {
        if scale == 0 || !m.is_multiple_of(10) {
            return Err(Overflow);
        }
        m /= 10;
        scale -= 1;
    }
    Ok((m, scale))
}

/// [`fit`] for a 192-bit mantissa.
fn fit_wide(mut limbs: [u64; 3], mut scale: u32) -> Result<(u128, u32), Overflow> {
    while limbs[0] != 0 {
        let mut q = limbs;
        if scale == 0 || div_rem_limbs(&mut q, 10) != 0 {
            return Err(Overflow);
        }
        limbs = q;
        scale -= 1;
    }
    fit(u128::from(limbs[1]) << 64 | u128::from(limbs[2]), scale)
}

/// The product of two mantissas below 2^96 as three 64-bit limbs, most
/// significant first.
fn mul_wide(a: u128, b: u128) -> [u64; 3] {
    debug_assert!(a <= MAX_MANTISSA && b <= MAX_MANTISSA);
    let low64 = |x: u128| x & u128::from(u64::MAX);
    let (a1, a0, b1, b0) = (a >> 64, low64(a), b >> 64, low64(b));
    // a1 and b1 are below 2^32, so no partial sum below exceeds 2^98.
    let low = a0 * b0;
    let mid = a1 * b0 + a0 * b1 + (low >> 64);
    let high = a1 * b1 + (mid >> 64);
    [high as u64, mid as u64, low as u64]
}

/// Divides `limbs` by `d` in place and returns the remainder.
fn div_rem_limbs(limbs: &mut [u64; 3], d: u64) -> u64 {
    let mut r = 0u64;
    for limb in limbs.iter_mut() {
        let x = u128::from(r) << 64 | u128::from(*limb);
        *limb = (x / u128::from(d)) as u64;
        r = (x % u128::from(d)) as u64;
    }
    r
}

/// `|n / d|` at `scale` places: the truncated mantissa and where the
/// remainder lies. `Overflow` when the truncated mantissa is beyond 2^96 − 1
/// (or `d` is zero).
pub(super) fn quotient(n: Parts, d: Parts, scale: u32) -> Result<(u128, Rest), Overflow> {
    if d.mantissa == 0 {
        return Err(Overflow);
    }
    // |n / d| × 10^scale = n.mantissa × 10^(d.scale + scale − n.scale) / d.mantissa
    let up = d.scale + scale;
    if up >= n.scale {
        scaled_up(n.mantissa, d.mantissa, up - n.scale)
    } else {
        let (q, r) = (n.mantissa / d.mantissa, n.mantissa % d.mantissa);
        shift_down(q, r == 0, n.scale - up)
    }
}

/// `n × 10^e / d` (with `e` ≤ 56), truncated, and where the remainder lies.
fn scaled_up(n: u128, d: u128, e: u32) -> Result<(u128, Rest), Overflow> {
    let at_once = POW10.get(e as usize).and_then(|p| n.checked_mul(*p));
    let (q, r) = match at_once {
        Some(x) => (x / d, x % d),
        None => long_division(n, d, e)?,
    };
    if q > MAX_MANTISSA {
        return Err(Overflow);
    }
    Ok((q, rest(r, d)))
}

/// [`scaled_up`] when `n × 10^e` exceeds 128 bits: nine digits at a time,
/// since the remainder is below `d` < 2^96 and so times 10^9 fits a `u128`.
fn long_division(n: u128, d: u128, mut e: u32) -> Result<(u128, u128), Overflow> {
    let (mut q, mut r) = (n / d, n % d);
    while e > 0 {
        let k = e.min(9);
        let p = POW10[k as usize];
        let x = r * p;
        // q ≤ 2^96 − 1 here, so q × 10^9 + 10^9 fits a `u128`.
        q = q * p + x / d;
        r = x % d;
        if q > MAX_MANTISSA {
            return Err(Overflow);
        }
        e -= k;
    }
    Ok((q, r))
}

/// Where `r / d` (with `r < d`) lies against one half.
fn rest(r: u128, d: u128) -> Rest {
    match (r == 0, (2 * r).cmp(&d)) {
        (true, _) => Rest::Zero,
        (false, Ordering::Less) => Rest::BelowHalf,
        (false, Ordering::Equal) => Rest::Half,
        (false, Ordering::Greater) => Rest::AboveHalf,
    }
}

/// `(q + f) / 10^k` for an integer `q` and a fraction `0 ≤ f < 1` of which
/// only whether it is zero is known (`exact`): truncated, and where the
/// remainder lies. `Overflow` when 10^k exceeds a `u128`.
pub(super) fn shift_down(q: u128, exact: bool, k: u32) -> Result<(u128, Rest), Overflow> {
    let p = *POW10.get(k as usize).ok_or(Overflow)?;
    let (q, r) = (q / p, q % p);
    let half = p / 2;
    let rest = match r.cmp(&half) {
        _ if r == 0 && exact => Rest::Zero,
        Ordering::Less => Rest::BelowHalf,
        Ordering::Equal if exact => Rest::Half,
        Ordering::Equal | Ordering::Greater => Rest::AboveHalf,
    };
    Ok((q, rest))
}

/// The magnitude `q` (truncated, with `rest` beyond it) rounded by `mode`
/// ([`Rounding::None`] rounds half-even), or `Overflow` when rounding
/// carries it past 2^96 − 1.
pub(super) fn round(q: u128, rest: Rest, mode: Rounding, negative: bool) -> Result<u128, Overflow> {
    let away = rest != Rest::Zero
        && match mode {
            Rounding::Down => false,
            Rounding::Up => true,
            Rounding::Ceiling => !negative,
            Rounding::Floor => negative,
            Rounding::HalfUp => rest >= Rest::Half,
            Rounding::HalfDown => rest == Rest::AboveHalf,
            Rounding::HalfEven | Rounding::None => {
                rest == Rest::AboveHalf || rest == Rest::Half && q % 2 == 1
            }
        };
    let m = q + u128::from(away);
    if m > MAX_MANTISSA {
        return Err(Overflow);
    }
    Ok(m)
}

/// 10^k, when a `u128` holds it.
pub(super) fn pow10(k: u32) -> Option<u128> {
    POW10.get(k as usize).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn the_wide_product_of_the_largest_mantissas_is_exact() {
        // (2^96 − 1)^2 = 2^192 − 2^97 + 1
        let [hi, mid, lo] = mul_wide(MAX_MANTISSA, MAX_MANTISSA);
        assert_eq!((hi, mid, lo), (u64::MAX, u64::MAX - (1 << 33) + 1, 1));
    }

    #[test]
    fn a_product_keeps_its_scale_when_it_fits_and_drops_only_zeros_when_not() {
        let show = |a, b| exact_mul(d(a), d(b)).map(|p| p.to_string());
        assert_eq!(show("1.50", "2.0"), Ok("3.000".to_owned()));
        assert_eq!(show("-0.5", "0.0"), Ok("0.00".to_owned()));
        assert_eq!(
            show("0.0000000000000200", "0.0000000000000050"),
            Ok("0.0000000000000000000000000001".to_owned())
        );
        assert_eq!(
            show("0.0000000000000210", "0.0000000000000050"),
            Err(Overflow)
        );
        assert_eq!(
            show(
                "10000000000000000000000000000",
                "1.000000000000000000000000000"
            ),
            Ok("10000000000000000000000000000".to_owned())
        );
        assert_eq!(show("79228162514264337593543950335", "1.1"), Err(Overflow));
    }

    #[test]
    fn a_tie_is_seen_below_the_last_place_kept() {
        assert_eq!(shift_down(125, true, 1), Ok((12, Rest::Half)));
        assert_eq!(shift_down(125, false, 1), Ok((12, Rest::AboveHalf)));
        assert_eq!(shift_down(120, false, 1), Ok((12, Rest::BelowHalf)));
        assert_eq!(shift_down(120, true, 1), Ok((12, Rest::Zero)));
    }
}
