//! Numbers as Frankfurter writes them: floats as Ruby prints them, rates
//! rounded by magnitude as its `Roundable#round` rounds them.

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
        let five_thousand = Decimal::from(5000);
        if exact > five_thousand {
            let whole = exact.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
            return Num(whole.trunc().normalize().to_string());
        }
        // The nearest double: Rust's parsing is correctly rounded.
        let x: f64 = exact.to_string().parse().unwrap_or(f64::NAN);
        let places = match x {
            x if x > 80.0 => 2,
            x if x > 20.0 => 3,
            x if x > 1.0 => 4,
            x if x > 0.0001 => 5,
            _ => 6,
        };
        // Rust, like C's printf, rounds the exact binary value, ties to even.
        let rounded: f64 = format!("{x:.places$}").parse().unwrap_or(f64::NAN);
        Num::float(rounded)
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
}
