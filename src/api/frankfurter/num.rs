//! Numbers as Frankfurter writes them: floats as Ruby prints them, rates
//! rounded by magnitude as its `Roundable#round` rounds them.

use std::cmp::Ordering;
use std::io::Write;

use kurs_rates::Quote;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// A JSON number, already written out the way Frankfurter writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Num(pub(super) String);

impl Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let raw = serde_json::value::RawValue::from_string(self.0.clone())
            .map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }
}

impl Num {
    /// A float as Ruby's `Float#to_s` writes it (what Frankfurter's JSON
    /// serialiser emits): the shortest digits that read back to the same
    /// double, `.0` on whole numbers, and an exponent (`4.9e-05`,
    /// `1.0e+16`) below 0.0001 or from 10^16 up.
    pub(super) fn float(x: f64) -> Num {
        if !x.is_finite() {
            return Num("null".to_owned());
        }
        if x == 0.0 {
            return Num("0.0".to_owned());
        }
        let sci = format!("{x:e}");
        let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
        let exponent: i32 = exponent.parse().unwrap_or(0);
        if (-4..16).contains(&exponent) {
            let plain = format!("{x}");
            return Num(match plain.contains('.') {
                true => plain,
                false => format!("{plain}.0"),
            });
        }
        let mantissa = match mantissa.contains('.') {
            true => mantissa.to_owned(),
            false => format!("{mantissa}.0"),
        };
        let sign = if exponent < 0 { '-' } else { '+' };
        Num(format!("{mantissa}e{sign}{:02}", exponent.unsigned_abs()))
    }

    /// A rate as Frankfurter's `Roundable#round` rounds it, from the exact
    /// value: whole above 5000 (a JSON integer, half away from zero), else
    /// 2, 3, 4, 5 or 6 decimals by magnitude, formatted as Ruby's
    /// `format('%.Nf')` formats the nearest double, and read back as a
    /// float.
    pub(super) fn rate(exact: Decimal) -> Num {
        let mut text = Vec::new();
        write_rate(exact, &mut text);
        // ASCII digits, a point, an exponent.
        Num(String::from_utf8_lossy(&text).into_owned())
    }
}

/// Appends [`Num::rate`]`(exact)` to `out`, without allocating: a range
/// answer writes some 220,000 of them.
///
/// The nearest double `x` is rounded to its places on its exact binary
/// value, ties to even (as C's `printf` and Rust's `{:.N}` do), in integer
/// arithmetic: `x × 10^places` is exact in a `u128`. The result has at most
/// 6 significant digits, so the shortest digits that read back to the same
/// double (what Ruby prints) are those digits themselves, trailing zeros
/// dropped. The tests compare it with the formatting round trips it
/// replaces, over every rate of the bundled history and random values.
pub(super) fn write_rate(exact: Decimal, out: &mut Vec<u8>) {
    let x = nearest_double(exact);
    // 5000 is a double, and rounding to the nearest double keeps order:
    // only an `x` of exactly 5000 needs the exact comparison.
    let above_5000 = match x {
        x if x == 5000.0 || x.is_nan() => exact > Decimal::from(5000),
        x => x > 5000.0,
    };
    if above_5000 {
        let whole = exact.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        let whole = whole.trunc().normalize();
        // Writing into a `String` cannot fail. A whole number's text is its
        // mantissa's.
        let _ = match whole.scale() {
            0 => write!(out, "{}", whole.mantissa()),
            _ => write!(out, "{whole}"),
        };
        return;
    }
    let places = places(x);
    match round_binary(x, places) {
        Some(scaled) => write_scaled(scaled, places, out),
        None => {
            // Not a positive normal double below 2^52 (never the case for a
            // rate of at most 5000): the formatting round trip.
            let places = places as usize;
            let rounded: f64 = format!("{x:.places$}").parse().unwrap_or(f64::NAN);
            out.extend_from_slice(Num::float(rounded).0.as_bytes());
        }
    }
}

/// How many decimals Frankfurter rounds a rate below 5000 to, by magnitude.
fn places(x: f64) -> u32 {
    match x {
        x if x > 80.0 => 2,
        x if x > 20.0 => 3,
        x if x > 1.0 => 4,
        x if x > 0.0001 => 5,
        _ => 6,
    }
}

/// A rate as the exact ratio `p / q` of two integers below 2^53, for
/// [`write_ratio`]: what [`CrossRate::apply`](crate::CrossRate::apply)
/// would divide, before it divides. `None` when a product leaves that
/// range (or an operand is negative): then the caller divides exactly.
pub(super) fn ratio(amount: Decimal, from: Quote, to: Quote) -> Option<(u64, u64)> {
    // amount × from.value × to.units / (from.units × to.value), each a
    // mantissa over a power of ten.
    let part = |d: Decimal| Some((u64::try_from(d.mantissa()).ok()?, d.scale()));
    let (a, sa) = part(amount)?;
    let (fv, sfv) = part(from.value)?;
    let (tu, stu) = part(to.units)?;
    let (fu, sfu) = part(from.units)?;
    let (tv, stv) = part(to.value)?;
    let p = a.checked_mul(fv)?.checked_mul(tu)?;
    let q = fu.checked_mul(tv)?;
    let (sp, sq) = (sa + sfv + stu, sfu + stv);
    // 10^k for k below 16; a larger power puts p or q past 2^53 anyway.
    const POWERS: [u64; 16] = {
        let mut powers = [1u64; 16];
        let mut k = 1;
        while k < 16 {
            powers[k] = powers[k - 1] * 10;
            k += 1;
        }
        powers
    };
    let power = |k: u32| POWERS.get(k as usize).copied();
    let (p, q) = match sq.cmp(&sp) {
        Ordering::Greater => (p.checked_mul(power(sq - sp)?)?, q),
        Ordering::Less => (p, q.checked_mul(power(sp - sq)?)?),
        Ordering::Equal => (p, q),
    };
    const EXACT: u64 = 1 << 53;
    (p < EXACT && q < EXACT && q > 0).then_some((p, q))
}

/// Appends [`Num::rate`] of the rate [`ratio`] gave, as `write_rate` would
/// write the 28-digit quotient `CrossRate::apply` computes from it, and
/// returns `true`; or writes nothing and returns `false` where this cannot
/// be sure of the same answer (then divide exactly and call
/// [`write_rate`]). A range answer writes some 220,000 rates: the exact
/// 28-digit division was a third of its time.
///
/// Both integers are exact doubles, so IEEE division gives the double
/// nearest `p / q`, and `fma` the exact remainder `p − x·q`. The
/// quotient `apply` writes differs from `p / q` by less than 10^-27 ×
/// max(1, 10·p/q) (28 places, or 28 significant digits); when `p / q` is
/// farther than that from both midpoints around `x`, that quotient's
/// nearest double is `x` too.
///
/// Above 5000 (up to 10^9), Frankfurter writes the whole number, rounded
/// half away from zero on the exact value: `(2p + q) / 2q`, in integers.
/// That quotient rounds the same way: it is within 10^-17 of `p / q`,
/// which is either a half exactly (then so is the quotient) or at least
/// 1 / 2q > 5.5 × 10^-17 away from one.
pub(super) fn write_ratio((p, q): (u64, u64), out: &mut Vec<u8>) -> bool {
    let (pi, qi) = (p, q);
    let (p, q) = (p as f64, q as f64);
    let x = p / q;
    if x > 5000.0 && x < 1e9 {
        let whole = (2 * u128::from(pi) + u128::from(qi)) / (2 * u128::from(qi));
        let _ = write!(out, "{whole}");
        return true;
    }
    if !(x.is_normal() && x < 5000.0) {
        return false;
    }
    let remainder = (-x).mul_add(q, p);
    let half_ulp =
        (f64::from_bits(x.to_bits() + 1) - x).min(x - f64::from_bits(x.to_bits() - 1)) / 2.0;
    let apart = remainder.abs() / q + 1e-27 * (10.0 * x).max(1.0);
    if apart >= half_ulp * (1.0 - 1e-9) {
        return false;
    }
    let places = places(x);
    match round_binary(x, places) {
        Some(scaled) => {
            write_scaled(scaled, places, out);
            true
        }
        None => false,
    }
}

/// The double nearest `exact`: found in integer arithmetic
/// ([`nearest_double_exact`]), or else parsed from its mantissa and scale
/// written on the stack as `MANTISSAe-SCALE` (Rust's parsing is correctly
/// rounded; `Decimal`'s own text costs more than the parsing).
fn nearest_double(exact: Decimal) -> f64 {
    if !exact.is_sign_negative() {
        if let Some(x) = nearest_double_exact(exact.mantissa().unsigned_abs(), exact.scale()) {
            return x;
        }
    }
    let mut buf = [0u8; 48];
    let mut at = buf.len();
    let mut push = |digit: u8| {
        at -= 1;
        buf[at] = digit;
    };
    // The scale (at most 28), then the mantissa (at most 29 digits).
    let scale = exact.scale() as u8;
    push(b'0' + scale % 10);
    push(b'0' + scale / 10);
    push(b'-');
    push(b'e');
    let mut mantissa = exact.mantissa().unsigned_abs();
    loop {
        // 19 digits at a time in a u64, the last chunk without leading zeros.
        let (high, mut low) = match mantissa >= 10_000_000_000_000_000_000 {
            true => (
                mantissa / 10_000_000_000_000_000_000,
                (mantissa % 10_000_000_000_000_000_000) as u64,
            ),
            false => (0, mantissa as u64),
        };
        let mut written = 0;
        while low > 0 || (high > 0 && written < 19) || written == 0 {
            push(b'0' + (low % 10) as u8);
            low /= 10;
            written += 1;
        }
        if high == 0 {
            break;
        }
        mantissa = high;
    }
    if exact.is_sign_negative() {
        push(b'-');
    }
    std::str::from_utf8(&buf[at..])
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(f64::NAN)
}

/// The double nearest `mantissa × 10^-scale` (`scale` at most 28), found
/// without text: a first guess in floating point (within a few units in
/// the last place), then exact comparisons of the value with the midpoints
/// between neighbouring doubles, in 256-bit integer arithmetic, until the
/// double whose rounding interval holds the value is found (ties to even,
/// as parsing rounds). `None` outside the range this handles (never for a
/// rate): then the caller parses.
fn nearest_double_exact(mantissa: u128, scale: u32) -> Option<f64> {
    if mantissa == 0 {
        return Some(0.0);
    }
    let power = 10u128.checked_pow(scale)?;
    let mut c = mantissa as f64 / power as f64;
    for _ in 0..8 {
        if !c.is_normal() {
            return None;
        }
        let (down, up) = (
            f64::from_bits(c.to_bits() - 1),
            f64::from_bits(c.to_bits() + 1),
        );
        match compare(mantissa, power, midpoint(c, up)?)? {
            Ordering::Greater => c = up,
            Ordering::Equal => return Some(even(c, up)),
            Ordering::Less => match compare(mantissa, power, midpoint(down, c)?)? {
                Ordering::Less => c = down,
                Ordering::Equal => return Some(even(down, c)),
                Ordering::Greater => return Some(c),
            },
        }
    }
    None
}

/// The exact midpoint of two neighbouring positive normal doubles `a < b`,
/// as `(n, k)` meaning `n × 2^k`.
fn midpoint(a: f64, b: f64) -> Option<(u64, i32)> {
    let parts = |x: f64| {
        let bits = x.to_bits();
        let exponent = ((bits >> 52) & 0x7ff) as i32;
        ((bits & ((1 << 52) - 1)) | (1 << 52), exponent - 1075)
    };
    if !(a.is_normal() && b.is_normal()) {
        return None;
    }
    let ((ma, ea), (mb, eb)) = (parts(a), parts(b));
    let low = ea.min(eb);
    // Below 2^55: each mantissa below 2^53, shifted by at most one.
    Some(((ma << (ea - low)) + (mb << (eb - low)), low - 1))
}

/// The sign of `mantissa / power - n × 2^k`, exactly; `None` when the
/// products would not fit in 256 bits (values of 2^52 and more, or below
/// about 10^-30).
fn compare(mantissa: u128, power: u128, (n, k): (u64, i32)) -> Option<Ordering> {
    // mantissa / power <=> n × 2^k  <=>  mantissa × 2^-k <=> n × power.
    let shift = u32::try_from(-k).ok().filter(|s| *s < 160)?;
    let left = match shift {
        0 => (0, mantissa),
        1..=127 => (mantissa >> (128 - shift), mantissa << shift),
        _ => (mantissa << (shift - 128), 0),
    };
    // n × power, n below 2^64 and power below 2^94: split power in halves.
    let (low, high) = (
        u128::from(n) * (power & u128::from(u64::MAX)),
        u128::from(n) * (power >> 64),
    );
    let (sum, carry) = low.overflowing_add(high << 64);
    let right = ((high >> 64) + u128::from(carry), sum);
    Some(left.cmp(&right))
}

/// Of two neighbouring doubles, the one with an even last bit.
fn even(a: f64, b: f64) -> f64 {
    match a.to_bits() & 1 {
        0 => a,
        _ => b,
    }
}

/// `x × 10^places` rounded to an integer on the exact binary value of `x`,
/// ties to even; `None` unless `x` is a positive normal double with a
/// fractional exponent (below 2^52) and `places` at most 6.
fn round_binary(x: f64, places: u32) -> Option<u128> {
    if !(x.is_normal() && x > 0.0 && x < 4_503_599_627_370_496.0 && places <= 6) {
        return None;
    }
    let bits = x.to_bits();
    // x = mantissa × 2^-shift, with the implicit leading bit.
    let mantissa = u128::from((bits & ((1 << 52) - 1)) | (1 << 52));
    let shift = 1075 - ((bits >> 52) & 0x7ff) as u32;
    // Below 2^53 × 10^6 < 2^73: exact.
    let product = mantissa * 10u128.pow(places);
    if shift >= 127 {
        // x × 10^places < 2^73 / 2^126: rounds to zero.
        return Some(0);
    }
    let whole = product >> shift;
    let rest = product & ((1u128 << shift) - 1);
    let half = 1u128 << (shift - 1);
    let up = rest > half || (rest == half && whole & 1 == 1);
    Some(whole + u128::from(up))
}

/// Appends `scaled / 10^places` as Ruby's `Float#to_s` writes the double
/// nearest it: at most 6 significant digits, so those digits themselves,
/// `.0` when whole, and an exponent below 0.0001.
fn write_scaled(scaled: u128, places: u32, out: &mut Vec<u8>) {
    let unit = 10u128.pow(places);
    if scaled == 0 {
        out.extend_from_slice(b"0.0");
    } else if scaled * 10_000 < unit {
        // Below 0.0001 (rare): `d.ddde-XX`.
        let digits = scaled.to_string();
        let exponent = places as usize + 1 - digits.len();
        let (first, rest) = digits.split_at(1);
        let rest = rest.trim_end_matches('0');
        let rest = if rest.is_empty() { "0" } else { rest };
        let _ = write!(out, "{first}.{rest}e-{exponent:02}");
    } else {
        // The digits, at least one before the point (`0.05` is 5 at 2
        // places, `4999.99` is 499999), written from the end of a buffer;
        // trailing zeros of the fraction dropped, one kept.
        let mut buf = [b'0'; 48];
        let mut at = buf.len();
        let mut end = buf.len();
        // Below 5000 × 10^6 for every rate: u64 divisions, not u128 ones.
        let Ok(mut rest) = u64::try_from(scaled) else {
            let digits = format!("{:0>width$}", scaled, width = places as usize + 1);
            let (whole, fraction) = digits.split_at(digits.len() - places as usize);
            let fraction = fraction.trim_end_matches('0');
            let fraction = if fraction.is_empty() { "0" } else { fraction };
            let _ = write!(out, "{whole}.{fraction}");
            return;
        };
        for written in 0..places {
            let digit = (rest % 10) as u8;
            rest /= 10;
            at -= 1;
            buf[at] = b'0' + digit;
            if digit == 0 && end == at + 1 && written + 1 < places {
                end = at;
            }
        }
        at -= 1;
        buf[at] = b'.';
        loop {
            at -= 1;
            buf[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        out.extend_from_slice(&buf[at..end]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn rates_round_by_magnitude_as_frankfurter_does() {
        for (exact, shown) in [
            ("20275.17", "20275"),
            ("5000.5", "5001"),
            ("5000", "5000.0"),
            ("3081.2021", "3081.2"),
            ("136.00", "136.0"),
            ("106.0850", "106.08"),
            ("41.8304", "41.83"),
            ("41.652", "41.652"),
            ("30.81202121", "30.812"),
            ("1.5904", "1.5904"),
            ("1.000049", "1.0"),
            ("0.7366", "0.7366"),
            ("0.00004932", "4.9e-05"),
            ("0.0001234567", "0.00012"),
        ] {
            assert_eq!(Num::rate(d(exact)).0, shown, "{exact}");
        }
    }

    #[test]
    fn floats_are_written_as_ruby_writes_them() {
        for (x, shown) in [
            (1.0, "1.0"),
            (100.0, "100.0"),
            (10.5, "10.5"),
            (0.0001, "0.0001"),
            (0.00001, "1.0e-05"),
            (1e16, "1.0e+16"),
            (1234567890123456.0, "1234567890123456.0"),
        ] {
            assert_eq!(Num::float(x).0, shown, "{x}");
        }
    }

    /// The formatting [`Num::rate`] did before it wrote rates without
    /// allocating: the oracle the new one must match byte for byte.
    fn old_rate(exact: Decimal) -> String {
        if exact > Decimal::from(5000) {
            let whole = exact.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
            return whole.trunc().normalize().to_string();
        }
        let x: f64 = exact.to_string().parse().unwrap_or(f64::NAN);
        let places = match x {
            x if x > 80.0 => 2,
            x if x > 20.0 => 3,
            x if x > 1.0 => 4,
            x if x > 0.0001 => 5,
            _ => 6,
        };
        let rounded: f64 = format!("{x:.places$}").parse().unwrap_or(f64::NAN);
        Num::float(rounded).0
    }

    fn assert_same(exact: Decimal) {
        assert_eq!(Num::rate(exact).0, old_rate(exact), "{exact}");
    }

    #[test]
    fn every_rate_of_the_bundled_history_is_written_as_before() {
        let book = crate::Book::bundled();
        let history = book.history(kurs_rates::SourceId::ECB).unwrap();
        // Every published figure (from EUR) and every cross rate from USD.
        let codes = ["EUR", "USD"].map(|c| c.parse().unwrap());
        let mut checked = 0;
        for table in history.tables() {
            for from in codes {
                let Some(base) = table.quote(from) else {
                    continue;
                };
                for (_, quote) in table.quotes() {
                    let cross = crate::CrossRate::between(base, *quote).unwrap();
                    let exact = cross.apply(Decimal::ONE, crate::Rounding::None, 0);
                    assert_same(exact.unwrap());
                    checked += 1;
                }
            }
        }
        assert!(checked > 400_000, "{checked} rates");
    }

    /// What the range answer writes for `amount` of `to` per `from`: the
    /// division in doubles when `write_ratio` takes it, and whether it did.
    fn by_ratio(amount: Decimal, from: Quote, to: Quote) -> Option<String> {
        let mut out = Vec::new();
        let r = ratio(amount, from, to)?;
        write_ratio(r, &mut out).then(|| String::from_utf8(out).unwrap())
    }

    fn by_exact_division(amount: Decimal, from: Quote, to: Quote) -> String {
        let cross = crate::CrossRate::between(from, to).unwrap();
        let exact = cross.apply(amount, crate::Rounding::None, 0).unwrap();
        Num::rate(exact).0
    }

    #[test]
    fn dividing_in_doubles_writes_what_the_exact_division_writes() {
        let book = crate::Book::bundled();
        let history = book.history(kurs_rates::SourceId::ECB).unwrap();
        let bases = ["EUR", "USD", "JPY", "GBP", "HUF", "ISK"].map(|c| c.parse().unwrap());
        let amounts = ["1", "100", "0.01", "12.345", "1000000"].map(|a| a.parse().unwrap());
        let (mut checked, mut fast) = (0, 0);
        for (i, table) in history.tables().iter().enumerate() {
            for from in bases {
                let Some(base) = table.quote(from) else {
                    continue;
                };
                // Every amount on every 7th table, else 1.
                let amounts = if i % 7 == 0 {
                    &amounts[..]
                } else {
                    &amounts[..1]
                };
                for amount in amounts {
                    for (_, quote) in table.quotes() {
                        checked += 1;
                        if let Some(text) = by_ratio(*amount, base, *quote) {
                            assert_eq!(
                                text,
                                by_exact_division(*amount, base, *quote),
                                "{amount} on {}: {base:?} -> {quote:?}",
                                table.date()
                            );
                            fast += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 1_000_000, "{checked} rates");
        // The point of the fast path: it takes nearly every published rate.
        assert!(fast * 100 > checked * 99, "{fast} of {checked} by doubles");
    }

    #[test]
    fn dividing_in_doubles_agrees_on_random_quotes_and_refuses_what_it_cannot_be_sure_of() {
        let mut rng = fastrand::Rng::with_seed(7);
        let mut fast = 0;
        let decimal = |rng: &mut fastrand::Rng| {
            let digits = rng.u32(1..=12);
            let m = rng.i64(1..10i64.pow(digits));
            Decimal::new(m, rng.u32(0..=digits.min(10)))
        };
        for _ in 0..200_000 {
            let from = Quote {
                units: decimal(&mut rng),
                value: decimal(&mut rng),
            };
            let to = Quote {
                units: decimal(&mut rng),
                value: decimal(&mut rng),
            };
            let amount = decimal(&mut rng);
            let Ok(cross) = crate::CrossRate::between(from, to) else {
                continue;
            };
            let Ok(exact) = cross.apply(amount, crate::Rounding::None, 0) else {
                continue;
            };
            if let Some(text) = by_ratio(amount, from, to) {
                assert_eq!(text, Num::rate(exact).0, "{amount}: {from:?} -> {to:?}");
                fast += 1;
            }
        }
        assert!(fast > 10_000, "{fast} by doubles");
        // A quotient on a midpoint between two doubles: 1 + 2^-53 is
        // 9007199254740993 / 9007199254740992, whose numerator is not below
        // 2^53, so `ratio` gives nothing; a third of a whole number is never
        // near a midpoint, and is taken.
        let one = Decimal::ONE;
        let q = |units: Decimal| Quote { units, value: one };
        assert_eq!(
            ratio(one, q(one), q(Decimal::from(9_007_199_254_740_993u64))),
            None
        );
        assert!(by_ratio(one, q(Decimal::from(3)), q(one)).is_some());
    }

    #[test]
    fn scaled_digits_beyond_a_u64_are_written_the_same_way() {
        let write = |scaled: u128, places| {
            let mut out = Vec::new();
            write_scaled(scaled, places, &mut out);
            String::from_utf8(out).unwrap()
        };
        let big = u128::from(u64::MAX) + 1;
        assert_eq!(write(big * 100 + 50, 2), format!("{big}.5"));
        assert_eq!(write(big * 1000, 3), format!("{big}.0"));
        assert_eq!(write(123_450, 4), "12.345");
        assert_eq!(write(120_000, 4), "12.0");
        assert_eq!(write(5, 2), "0.05");
    }

    #[test]
    fn random_and_edge_values_are_written_as_before() {
        let mut rng = fastrand::Rng::with_seed(11);
        for _ in 0..200_000 {
            // Any magnitude from 1e-12 to 1e6, any 1 to 28 digits.
            let digits = rng.u32(1..=28);
            let mantissa = rng.i128(1..10i128.pow(digits));
            let scale = rng.u32(0..=28);
            let exact = Decimal::from_i128_with_scale(mantissa, scale);
            assert_same(exact);
        }
        for _ in 0..200_000 {
            // Exact binary ties of every place count: k / 2^n.
            let k = rng.u64(1..1 << 20);
            let n = rng.u32(1..=24);
            let x = k as f64 / f64::from(1u32 << n);
            let exact: Decimal = format!("{x}").parse().unwrap_or(Decimal::ONE);
            assert_same(exact);
        }
        for text in [
            "0",
            "0.0000001",
            "0.0000005",
            "0.0000015",
            "0.00000049",
            "0.00009999",
            "0.0000999999",
            "0.0001",
            "0.00010000001",
            "0.000099995",
            "0.125",
            "0.375",
            "1",
            "1.00005",
            "1.000049",
            "20",
            "20.0005",
            "80",
            "80.005",
            "189.045",
            "4999.995",
            "5000",
            "5000.0000001",
            "5000.5",
            "79228162514264337593543950335",
            "0.0000000000000000000000000001",
        ] {
            assert_same(text.parse().unwrap());
        }
    }

    #[test]
    fn the_nearest_double_is_found_as_parsing_finds_it() {
        let mut rng = fastrand::Rng::with_seed(12);
        for _ in 0..300_000 {
            let digits = rng.u32(1..=28);
            let mantissa = rng.u128(1..10u128.pow(digits));
            let scale = rng.u32(0..=28);
            let text = format!("{mantissa}e-{scale}");
            let parsed: f64 = text.parse().unwrap();
            match nearest_double_exact(mantissa, scale) {
                Some(x) => assert_eq!(x.to_bits(), parsed.to_bits(), "{text}"),
                None => assert!(parsed >= 4e15, "{text}"),
            }
        }
        // Exactly on, and a hair either side of, the midpoints between
        // doubles from 2^40 to 2^41 (one unit in the last place is 2^-12,
        // so a midpoint is some odd number × 5^13 / 10^13, exact here).
        for _ in 0..100_000 {
            let odd = (1u128 << 53) + 2 * u128::from(rng.u64(..1 << 52)) + 1;
            let on = odd * 5u128.pow(13);
            for (mantissa, scale) in [(on, 13), (on * 100 + 1, 15), (on * 100 - 1, 15)] {
                let text = format!("{mantissa}e-{scale}");
                let parsed: f64 = text.parse().unwrap();
                let exact = nearest_double_exact(mantissa, scale);
                assert_eq!(exact.map(f64::to_bits), Some(parsed.to_bits()), "{text}");
            }
        }
    }
}
