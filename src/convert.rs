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
//! Every product is exact: `value(X) × units(Y)`, `units(X) × value(Y)`
//! (and, for a chained rate, the products of the numerators and of the
//! denominators), then `a` times the numerator. A product is kept at its
//! natural scale, with trailing zeros dropped only as far as a `Decimal`
//! needs; one that a `Decimal` cannot hold exactly (more than 28 decimal
//! places or a mantissa beyond 2^96 − 1) is an [`Overflow`], never a
//! silently rounded number.
//!
//! The division happens once, on the integer mantissas: the quotient is
//! truncated at the target scale and its exact remainder decides the
//! rounding, so a quotient of any length is rounded correctly. A result
//! whose rounded mantissa does not fit 96 bits at the target scale is an
//! [`Overflow`] too: the answer keeps the currency's decimal places or is
//! not given. With [`Rounding::None`] the result has the largest scale
//! (at most 28) at which the quotient, rounded half-even, fits 96 bits,
//! without trailing zeros: exact whenever the quotient ends within that
//! precision.

mod mantissa;

use kurs_rates::Quote;
use rust_decimal::Decimal;

use crate::Rounding;
use mantissa::{digits, exact_mul, pow10, quotient, round, shift_down, Parts, Rest, MAX_SCALE};

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

/// A conversion that cannot be computed exactly: a product with more than
/// 28 decimal places or 96 bits of mantissa, or a result that does not fit
/// 96 bits at the scale asked for.
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
    /// `to`, both quotes from the same table. `Overflow` when either
    /// product, `value(from) × units(to)` or `units(from) × value(to)`,
    /// is not exact in a `Decimal`.
    pub fn between(from: Quote, to: Quote) -> Result<Self, Overflow> {
        Ok(Self {
            num: exact_mul(from.value, to.units)?,
            den: exact_mul(from.units, to.value)?,
        })
    }

    /// This rate followed by `next` (from the currency this one converts
    /// to, onward): still one exact ratio, so an amount is still divided
    /// once. `Overflow` when the product of the numerators or of the
    /// denominators is not exact in a `Decimal`.
    pub fn then(self, next: CrossRate) -> Result<CrossRate, Overflow> {
        Ok(Self {
            num: exact_mul(self.num, next.num)?,
            den: exact_mul(self.den, next.den)?,
        })
    }

    /// The rate rounded half-even to [`RATE_DIGITS`] significant digits
    /// (fewer when that needs more than 28 decimal places), without
    /// trailing zeros: for display, never for computing. A rate beyond
    /// what a `Decimal` holds, which no two published quotes come near,
    /// shows as [`Decimal::MAX`].
    pub fn display(&self) -> Decimal {
        let (n, d) = (Parts::of(self.num), Parts::of(self.den));
        // The quotient has `lead` or `lead + 1` digits before the point
        // (counting the zeros after it as negative digits).
        let lead = i64::from(digits(n.mantissa)) - i64::from(digits(d.mantissa))
            + i64::from(d.scale)
            - i64::from(n.scale);
        let mut scale = (i64::from(RATE_DIGITS) - lead).min(i64::from(MAX_SCALE));
        let mut truncated = truncate(n, d, scale);
        if matches!(truncated, Ok((q, _)) if digits(q) > RATE_DIGITS) {
            scale -= 1;
            truncated = truncate(n, d, scale);
        }
        let negative = n.negative != d.negative;
        truncated
            .and_then(|(q, rest)| round(q, rest, Rounding::HalfEven, negative))
            .and_then(|q| scaled(negative, q, scale))
            .map_or(Decimal::MAX, |rate| rate.normalize())
    }

    /// Converts `amount`, rounding once to `scale` decimal places (at most
    /// 28) with `rounding`. [`Rounding::None`] ignores `scale` and keeps
    /// the quotient at the largest scale that fits, as the module
    /// documentation says.
    ///
    /// `Overflow` when `amount` times the rate's numerator is not exact in
    /// a `Decimal`, or when the rounded result does not fit 96 bits at the
    /// scale asked for.
    pub fn apply(
        &self,
        amount: Decimal,
        rounding: Rounding,
        scale: u32,
    ) -> Result<Decimal, Overflow> {
        let num = Parts::of(exact_mul(amount, self.num)?);
        let den = Parts::of(self.den);
        match rounding {
            Rounding::None => divide_full(num, den),
            mode => divide_rounded(num, den, scale.min(MAX_SCALE), mode),
        }
    }
}

/// `num / den` rounded by `mode` to `scale` places, the rounding decided on
/// the exact remainder.
fn divide_rounded(num: Parts, den: Parts, scale: u32, mode: Rounding) -> Result<Decimal, Overflow> {
    let negative = num.negative != den.negative;
    let (q, rest) = quotient(num, den, scale)?;
    let mantissa = round(q, rest, mode, negative)?;
    Parts {
        negative: negative && mantissa != 0,
        mantissa,
        scale,
    }
    .to_decimal()
}

/// `num / den` at the largest scale (at most 28) whose half-even rounded
/// mantissa fits 96 bits, without trailing zeros.
fn divide_full(num: Parts, den: Parts) -> Result<Decimal, Overflow> {
    let (whole, _) = quotient(num, den, 0)?;
    // With `k` digits before the point, 29 − k places may fit, 28 − k do.
    let most = (MAX_SCALE + 1).saturating_sub(digits(whole)).min(MAX_SCALE);
    let at = |scale| divide_rounded(num, den, scale, Rounding::HalfEven);
    let full = match at(most) {
        Err(Overflow) if most > 0 => at(most - 1),
        fits => fits,
    };
    full.map(|q| q.normalize())
}

/// `|num / den| × 10^scale` truncated, and where the remainder lies; a
/// negative `scale` truncates to a multiple of 10^−scale.
fn truncate(num: Parts, den: Parts, scale: i64) -> Result<(u128, Rest), Overflow> {
    match u32::try_from(scale) {
        Ok(scale) => quotient(num, den, scale),
        Err(_) => {
            let (whole, rest) = quotient(num, den, 0)?;
            let k = u32::try_from(-scale).map_err(|_| Overflow)?;
            shift_down(whole, rest == Rest::Zero, k)
        }
    }
}

/// ±`mantissa` × 10^−`scale` as a `Decimal`, for any `scale` up to 28.
fn scaled(negative: bool, mantissa: u128, scale: i64) -> Result<Decimal, Overflow> {
    let (mantissa, scale) = match u32::try_from(scale) {
        Ok(scale) => (mantissa, scale),
        Err(_) => {
            let k = u32::try_from(-scale).map_err(|_| Overflow)?;
            let p = pow10(k).ok_or(Overflow)?;
            (mantissa.checked_mul(p).ok_or(Overflow)?, 0)
        }
    };
    Parts {
        negative: negative && mantissa != 0,
        mantissa,
        scale,
    }
    .to_decimal()
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

    /// Every mode except [`Rounding::None`].
    const ROUNDED: [Rounding; 7] = [
        Rounding::HalfEven,
        Rounding::HalfUp,
        Rounding::HalfDown,
        Rounding::Up,
        Rounding::Down,
        Rounding::Ceiling,
        Rounding::Floor,
    ];

    /// The largest mantissa, 2^96 − 1, as an amount.
    const MAX: &str = "79228162514264337593543950335";

    fn show(r: Result<Decimal, Overflow>) -> String {
        r.map_or_else(|_| "Overflow".to_owned(), |d| d.to_string())
    }

    #[test]
    fn nok_to_eur_that_needs_more_than_96_bits_at_two_places_is_an_overflow_in_every_mode() {
        // The ECB's NOK rate on 2007-07-30 was 8: the exact result is
        // 875000000000000000000000000.125, whose 2-place mantissa
        // (8.75 × 10^28) is beyond 2^96.
        let nok_to_eur = CrossRate::between(ecb("8"), Quote::IDENTITY).unwrap();
        let amount = d("7000000000000000000000000001");
        for mode in ROUNDED {
            assert_eq!(
                show(nok_to_eur.apply(amount, mode, 2)),
                "Overflow",
                "{mode}"
            );
        }
        // One place is the most that fits; .125 → .1 half-even.
        assert_eq!(
            show(nok_to_eur.apply(amount, Rounding::None, 2)),
            "875000000000000000000000000.1"
        );
    }

    #[test]
    fn a_quotient_just_above_the_largest_mantissa_rounds_up_only_into_an_overflow() {
        // 55459713759985036315480765235 / 0.7 = (2^96 − 1) + 5/7.
        let r = CrossRate::between(ecb("0.7"), Quote::IDENTITY).unwrap();
        let a = d("55459713759985036315480765235");
        for (mode, pos, neg) in [
            (Rounding::HalfEven, "Overflow", "Overflow"),
            (Rounding::HalfUp, "Overflow", "Overflow"),
            (Rounding::HalfDown, "Overflow", "Overflow"),
            (Rounding::Up, "Overflow", "Overflow"),
            (Rounding::Down, MAX, &format!("-{MAX}")),
            (Rounding::Ceiling, "Overflow", &format!("-{MAX}")),
            (Rounding::Floor, MAX, "Overflow"),
            (Rounding::None, "Overflow", "Overflow"),
        ] {
            assert_eq!(show(r.apply(a, mode, 0)), pos, "{mode}");
            assert_eq!(show(r.apply(-a, mode, 0)), neg, "{mode}");
        }
        // 61005685135983539947028841758 / 0.77 = (2^96 − 1) + 5/77.
        let r = CrossRate::between(ecb("0.77"), Quote::IDENTITY).unwrap();
        let a = d("61005685135983539947028841758");
        for mode in Rounding::ALL.map(|(_, m)| m) {
            let expected = match mode {
                Rounding::Up | Rounding::Ceiling => "Overflow",
                _ => MAX,
            };
            assert_eq!(show(r.apply(a, mode, 0)), expected, "{mode}");
        }
    }

    #[test]
    fn the_largest_amount_converts_at_par_only_without_decimals() {
        let par = CrossRate::between(Quote::IDENTITY, Quote::IDENTITY).unwrap();
        for (_, mode) in Rounding::ALL {
            assert_eq!(show(par.apply(d(MAX), mode, 0)), MAX, "{mode}");
        }
        for mode in ROUNDED {
            assert_eq!(show(par.apply(d(MAX), mode, 2)), "Overflow", "{mode}");
        }
    }

    #[test]
    fn a_remainder_far_below_the_target_scale_still_decides_the_rounding() {
        let par = CrossRate::between(Quote::IDENTITY, Quote::IDENTITY).unwrap();
        let table = [
            // (amount, mode, expected at 2 places)
            ("1.0000000000000000000000000005", Rounding::HalfEven, "1.00"),
            ("1.0000000000000000000000000005", Rounding::Up, "1.01"),
            ("1.0000000000000000000000000005", Rounding::Ceiling, "1.01"),
            ("-1.0000000000000000000000000005", Rounding::Floor, "-1.01"),
            (
                "-1.0000000000000000000000000005",
                Rounding::Ceiling,
                "-1.00",
            ),
            ("0.0050000000000000000000000000", Rounding::HalfEven, "0.00"),
            ("0.0050000000000000000000000000", Rounding::HalfUp, "0.01"),
            ("0.0050000000000000000000000000", Rounding::HalfDown, "0.00"),
            ("0.0050000000000000000000000001", Rounding::HalfDown, "0.01"),
            ("0.0149999999999999999999999999", Rounding::HalfUp, "0.01"),
            ("0.0150000000000000000000000000", Rounding::HalfEven, "0.02"),
            ("0.0250000000000000000000000000", Rounding::HalfEven, "0.02"),
        ];
        for (amount, mode, expected) in table {
            assert_eq!(
                show(par.apply(d(amount), mode, 2)),
                expected,
                "{amount} {mode}"
            );
        }
    }

    #[test]
    fn a_result_that_rounds_to_zero_has_no_sign() {
        let par = CrossRate::between(Quote::IDENTITY, Quote::IDENTITY).unwrap();
        for mode in [Rounding::HalfEven, Rounding::Down, Rounding::Ceiling] {
            assert_eq!(show(par.apply(d("-0.001"), mode, 2)), "0.00", "{mode}");
        }
    }

    #[test]
    fn a_quotient_with_many_more_places_than_decimal_holds_is_rounded_exactly() {
        // 1 / 3.0000000000000000000000000000 at 28 places: the numerator
        // is scaled by 10^56 before the division.
        let r = CrossRate::between(ecb("3.0000000000000000000000000000"), Quote::IDENTITY).unwrap();
        let third = "0.3333333333333333333333333333";
        assert_eq!(show(r.apply(d("1"), Rounding::HalfEven, 28)), third);
        assert_eq!(
            show(r.apply(d("1"), Rounding::Up, 28)),
            "0.3333333333333333333333333334"
        );
        assert_eq!(show(r.apply(d("1"), Rounding::None, 2)), third);
        // 2/3, 20/3 and 1/7 at full precision: 28 places, half-even, even
        // when that makes 29 significant digits.
        let r = CrossRate::between(ecb("3"), Quote::IDENTITY).unwrap();
        assert_eq!(
            show(r.apply(d("2"), Rounding::None, 2)),
            "0.6666666666666666666666666667"
        );
        assert_eq!(
            show(r.apply(d("20"), Rounding::None, 2)),
            "6.6666666666666666666666666667"
        );
        let r = CrossRate::between(ecb("7"), Quote::IDENTITY).unwrap();
        assert_eq!(
            show(r.apply(d("1"), Rounding::None, 2)),
            "0.1428571428571428571428571429"
        );
        // 10^28 / 7 has 28 integer digits and room for one place.
        assert_eq!(
            show(r.apply(d("10000000000000000000000000000"), Rounding::None, 2)),
            "1428571428571428571428571428.6"
        );
    }

    #[test]
    fn full_precision_drops_trailing_zeros_and_is_exact_when_the_quotient_ends() {
        let r = CrossRate::between(ecb("8"), Quote::IDENTITY).unwrap();
        assert_eq!(show(r.apply(d("1.000"), Rounding::None, 2)), "0.125");
        assert_eq!(show(r.apply(d("80.00"), Rounding::None, 2)), "10");
        let r = CrossRate::between(ecb("0.0000000000000000000000000001"), Quote::IDENTITY).unwrap();
        assert_eq!(
            show(r.apply(d("7.9"), Rounding::None, 2)),
            "79000000000000000000000000000"
        );
    }

    #[test]
    fn an_exact_product_with_trailing_zeros_beyond_decimal_is_accepted() {
        // 10 × 10^-28 × 0.5: 29 places as written, exactly 5 × 10^-28.
        let half = CrossRate::between(Quote::IDENTITY, ecb("0.5")).unwrap();
        let tiny = d("0.0000000000000000000000000010");
        assert_eq!(
            show(half.apply(tiny, Rounding::None, 2)),
            "0.0000000000000000000000000005"
        );
        assert_eq!(show(half.apply(tiny, Rounding::Up, 2)), "0.01");
        // 5 × 10^28 × 1.2 = 6 × 10^28: a 30-digit mantissa as written.
        let r = CrossRate::between(Quote::IDENTITY, ecb("1.2")).unwrap();
        let a = d("50000000000000000000000000000");
        assert_eq!(
            show(r.apply(a, Rounding::HalfEven, 0)),
            "60000000000000000000000000000"
        );
        assert_eq!(show(r.apply(a, Rounding::HalfEven, 2)), "Overflow");
        // A product of two 28-digit mantissas (beyond 128 bits), exact.
        let one =
            CrossRate::between(Quote::IDENTITY, ecb("1.000000000000000000000000000")).unwrap();
        let a = d("7.9228162514264337593543950335");
        assert_eq!(
            show(one.apply(a, Rounding::None, 2)),
            "7.9228162514264337593543950335"
        );
        assert_eq!(show(one.apply(a, Rounding::Floor, 2)), "7.92");
        // ... and inexact.
        let r = CrossRate::between(Quote::IDENTITY, ecb("1.0000000000000000000000000001")).unwrap();
        assert_eq!(show(r.apply(d(MAX), Rounding::None, 2)), "Overflow");
        assert_eq!(
            show(r.apply(d("7922816251426433759354395033.5"), Rounding::HalfEven, 2)),
            "Overflow"
        );
    }

    #[test]
    fn chained_rates_stay_exact() {
        // 1 / 3 then × 3: the ratio is exactly one.
        let third = CrossRate::between(ecb("3"), Quote::IDENTITY).unwrap();
        let triple = CrossRate::between(Quote::IDENTITY, ecb("3")).unwrap();
        let round_trip = third.then(triple).unwrap();
        assert_eq!(show(round_trip.apply(d("0.01"), Rounding::Up, 2)), "0.01");
        assert_eq!(round_trip.display().to_string(), "1");
    }

    #[test]
    fn the_displayed_rate_has_ten_significant_digits_half_even() {
        let rate = |from: &str, to: &str| {
            CrossRate::between(ecb(from), ecb(to))
                .unwrap()
                .display()
                .to_string()
        };
        assert_eq!(rate("3", "2"), "0.6666666667");
        assert_eq!(rate("3", "1"), "0.3333333333");
        assert_eq!(rate("1", "123456789012345"), "123456789000000");
        assert_eq!(rate("1", "1234567890.5"), "1234567890");
        assert_eq!(rate("1", "1234567891.5"), "1234567892");
        assert_eq!(rate("1", "9999999999.5"), "10000000000");
        assert_eq!(rate("8", "1"), "0.125");
        assert_eq!(
            rate("3000000000000000000000000000", "1"),
            "0.0000000000000000000000000003"
        );
        assert_eq!(
            rate("0.0000000000000000000000000001", "1"),
            "10000000000000000000000000000"
        );
        // Beyond what a Decimal can hold, the rate shows as its largest value.
        let beyond = CrossRate::between(ecb("0.0000000000000000000000000001"), ecb(MAX)).unwrap();
        assert_eq!(beyond.display(), Decimal::MAX);
    }

    #[test]
    fn an_inexact_product_is_refused() {
        let tiny = d("0.0000000000000000000000000001");
        let r = CrossRate::between(Quote::IDENTITY, ecb("1.3576")).unwrap();
        assert_eq!(r.apply(tiny, Rounding::None, 2), Err(Overflow));
    }
}
