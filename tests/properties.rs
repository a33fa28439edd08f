//! Property tests of the conversion core, on real ECB quotes.

use std::sync::OnceLock;

use kurs::{CrossRate, Currency, Rounding};
use kurs_rates::{bundled, History, Quote, SourceId};
use proptest::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};

fn ecb() -> &'static History {
    static H: OnceLock<History> = OnceLock::new();
    H.get_or_init(|| bundled(SourceId::ECB).unwrap())
}

/// A real quote: some currency of some table of the ECB history.
fn quote() -> impl Strategy<Value = (kurs_rates::CurrencyCode, Quote)> {
    (0..ecb().len(), any::<prop::sample::Index>()).prop_map(|(t, i)| {
        let quotes = ecb().tables()[t].quotes();
        quotes[i.index(quotes.len())]
    })
}

/// Two quotes of the same real table.
fn pair() -> impl Strategy<
    Value = (
        (kurs_rates::CurrencyCode, Quote),
        (kurs_rates::CurrencyCode, Quote),
    ),
> {
    (
        0..ecb().len(),
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(t, i, j)| {
            let quotes = ecb().tables()[t].quotes();
            (quotes[i.index(quotes.len())], quotes[j.index(quotes.len())])
        })
}

/// Amounts with up to 12 integer digits and up to 4 decimals, either sign.
fn amount() -> impl Strategy<Value = Decimal> {
    (
        -9_999_999_999_999_999_i64..=9_999_999_999_999_999_i64,
        0u32..=4,
    )
        .prop_map(|(m, s)| Decimal::new(m, s))
}

const MODES: [(Rounding, RoundingStrategy); 7] = [
    (Rounding::HalfEven, RoundingStrategy::MidpointNearestEven),
    (Rounding::HalfUp, RoundingStrategy::MidpointAwayFromZero),
    (Rounding::HalfDown, RoundingStrategy::MidpointTowardZero),
    (Rounding::Up, RoundingStrategy::AwayFromZero),
    (Rounding::Down, RoundingStrategy::ToZero),
    (Rounding::Ceiling, RoundingStrategy::ToPositiveInfinity),
    (Rounding::Floor, RoundingStrategy::ToNegativeInfinity),
];

fn scale_of(code: kurs_rates::CurrencyCode) -> u32 {
    Currency::get(code).unwrap().scale()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn a_currency_converted_to_itself_is_unchanged(a in amount(), (_, q) in quote()) {
        let same = CrossRate::between(q, q).unwrap();
        prop_assert_eq!(same.apply(a, Rounding::None, 2).unwrap(), a);
        prop_assert_eq!(same.apply(a, Rounding::HalfEven, 4).unwrap(), a);
    }

    #[test]
    fn converting_from_the_base_is_amount_times_the_published_quote(a in amount(), (code, q) in quote()) {
        let from_eur = CrossRate::between(Quote::IDENTITY, q).unwrap();
        let exact = a * q.units;
        prop_assert_eq!(from_eur.apply(a, Rounding::None, 0).unwrap(), exact);
        let scale = scale_of(code);
        for (mode, strategy) in MODES {
            let expected = exact.round_dp_with_strategy(scale, strategy);
            let got = from_eur.apply(a, mode, scale).unwrap();
            prop_assert_eq!(got, expected, "{} {}", mode, code);
            prop_assert_eq!(got.scale(), scale);
        }
    }

    #[test]
    fn every_mode_agrees_with_rounding_the_full_quotient(a in amount(), ((_, f), (to, t)) in pair()) {
        // Where the 28-digit quotient is far from a rounding boundary the
        // exact-remainder rounding must agree with rounding that quotient.
        let rate = CrossRate::between(f, t).unwrap();
        let full = rate.apply(a, Rounding::None, 0).unwrap();
        let scale = scale_of(to);
        for (mode, strategy) in MODES {
            let got = rate.apply(a, mode, scale).unwrap();
            let ulp = Decimal::new(1, scale);
            prop_assert!((got - full).abs() <= ulp, "{} moved more than one step", mode);
            let naive = full.round_dp_with_strategy(scale, strategy);
            prop_assert_eq!(got, naive, "{}", mode);
        }
    }

    #[test]
    fn there_and_back_again_is_within_one_rounding_step(a in amount(), ((from, f), (to, t)) in pair()) {
        let there = CrossRate::between(f, t).unwrap();
        let back = CrossRate::between(t, f).unwrap();
        let (sf, st) = (scale_of(from), scale_of(to));
        let a = a.round_dp(sf);
        let b = there.apply(a, Rounding::HalfEven, st).unwrap();
        let again = back.apply(b, Rounding::HalfEven, sf).unwrap();
        // Rounding in `to` errs by at most half its step; that error comes back
        // scaled by the rate, and the last rounding adds half a step of `from`.
        let half_to_in_from = back.apply(Decimal::new(5, st + 1), Rounding::None, 0).unwrap();
        let bound = half_to_in_from + Decimal::new(5, sf + 1);
        prop_assert!((again - a).abs() <= bound, "{a} {from} -> {b} {to} -> {again} {from}, bound {bound}");
    }

    #[test]
    fn negation_commutes_with_symmetric_modes(a in amount(), ((_, f), (to, t)) in pair()) {
        let rate = CrossRate::between(f, t).unwrap();
        let scale = scale_of(to);
        for mode in [Rounding::HalfEven, Rounding::HalfUp, Rounding::HalfDown, Rounding::Up, Rounding::Down] {
            prop_assert_eq!(rate.apply(-a, mode, scale).unwrap(), -rate.apply(a, mode, scale).unwrap());
        }
    }

    #[test]
    fn any_decimal_amount_converts_or_overflows_without_panicking(
        lo in any::<u32>(), mid in any::<u32>(), hi in any::<u32>(), negative in any::<bool>(),
        scale in 0u32..=28, ((_, f), (to, t)) in pair(),
    ) {
        let a = Decimal::from_parts(lo, mid, hi, negative, scale);
        let rate = CrossRate::between(f, t).unwrap();
        for (mode, _) in MODES {
            // Either an exact answer at the target's scale or an overflow
            // error (the only error `apply` has): never a panic.
            if let Ok(r) = rate.apply(a, mode, scale_of(to)) {
                prop_assert_eq!(r.scale(), scale_of(to));
            }
        }
        let _ = rate.apply(a, Rounding::None, 0);
    }
}
