//! An independent oracle for every conversion kurs makes.
//!
//! The oracle does no `rust_decimal` arithmetic. It reads the decimal text
//! of the quotes and of the amount into exact numbers (a big-integer
//! mantissa over a power of ten: products of decimals stay decimals, so no
//! gcd is ever needed), forms the quotient as a `BigRational`, and applies
//! the published semantics:
//!
//! - a quote says `units` of currency X are worth `value` of the base, so an
//!   amount `a` of X is `a × value(X) × units(Y) / (units(X) × value(Y))`
//!   of Y;
//! - kurs forms the products `value(X) × units(Y)` and `units(X) × value(Y)`
//!   (for a chained rate, the products of the numerators and of the
//!   denominators), then `a` times the numerator, and refuses with Overflow
//!   any product a `Decimal` cannot hold exactly (more than 28 places or a
//!   mantissa beyond 2^96 − 1, trailing zeros aside);
//! - the quotient is rounded once, to the target's scale with the mode, and
//!   a rounded mantissa beyond 2^96 − 1 is Overflow; `none` keeps the
//!   largest scale ≤ 28 at which the half-even mantissa fits, without
//!   trailing zeros.
//!
//! kurs's answer must equal the oracle's as text, value and scale.

use std::cmp::Ordering;
use std::iter;
use std::sync::OnceLock;
use std::thread;
use std::time::Instant;

use chrono::NaiveDate;
use kurs::{Amount, Book, ConvertQuery, CrossRate, Currency, Error, Overflow, Rounding};
use kurs_rates::{Quote, SourceId, Table};
use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// What a conversion gives, as text: the result, or this.
const OVERFLOW: &str = "Overflow";

/// The largest scale a `Decimal` has.
const MAX_SCALE: u32 = 28;

/// The largest mantissa a `Decimal` holds: 2^96 − 1.
fn max_mantissa() -> &'static BigInt {
    static MAX: OnceLock<BigInt> = OnceLock::new();
    MAX.get_or_init(|| (BigInt::one() << 96u32) - 1)
}

/// 10^k, from a table: the oracle raises ten to a power several times per case.
fn pow10(k: u32) -> &'static BigInt {
    static POWERS: OnceLock<Vec<BigInt>> = OnceLock::new();
    let powers = POWERS.get_or_init(|| {
        iter::successors(Some(BigInt::one()), |p| Some(p * 10u32))
            .take(120)
            .collect()
    });
    &powers[k as usize]
}

/// An exact decimal number, `mantissa / 10^scale`, of any size.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Exact {
    mantissa: BigInt,
    scale: u32,
}

impl Exact {
    /// The exact value of decimal text such as `-12.50`.
    fn parse(text: &str) -> Self {
        let (int, frac) = text.split_once('.').unwrap_or((text, ""));
        Self {
            mantissa: format!("{int}{frac}").parse().expect("decimal text"),
            scale: frac.len() as u32,
        }
    }

    fn times(&self, other: &Exact) -> Exact {
        Exact {
            mantissa: &self.mantissa * &other.mantissa,
            scale: self.scale + other.scale,
        }
    }

    /// Whether a `Decimal` holds this value exactly: as `m / 10^s` with
    /// `|m|` ≤ 2^96 − 1 and `s` ≤ 28 once trailing zeros are dropped.
    fn fits_decimal(&self) -> bool {
        let (mut m, mut s) = (self.mantissa.abs(), self.scale);
        while s > 0 && (s > MAX_SCALE || m > *max_mantissa()) {
            let (q, r) = m.div_rem(&BigInt::from(10u32));
            if !r.is_zero() {
                break;
            }
            (m, s) = (q, s - 1);
        }
        s <= MAX_SCALE && m <= *max_mantissa()
    }

    /// `self / den` as an exact rational (not reduced: only floors and
    /// remainders are taken of it).
    fn over(&self, den: &Exact) -> BigRational {
        let sign = if den.mantissa.is_negative() { -1 } else { 1 };
        BigRational::new_raw(
            &self.mantissa * pow10(den.scale) * sign,
            den.mantissa.abs() * pow10(self.scale),
        )
    }
}

/// `a × b`, when a `Decimal` holds it.
fn product(a: &Exact, b: &Exact) -> Option<Exact> {
    let p = a.times(b);
    p.fits_decimal().then_some(p)
}

/// `|q| × 10^scale` (a negative scale divides) rounded to an integer by
/// `mode` ([`Rounding::None`] is half-even), with `q`'s sign.
fn round_at(q: &BigRational, scale: i32, mode: Rounding) -> BigInt {
    let negative = q.is_negative();
    let (mut num, mut den) = (q.numer().abs(), q.denom().clone());
    match u32::try_from(scale) {
        Ok(s) => num *= pow10(s),
        Err(_) => den *= pow10(scale.unsigned_abs()),
    }
    let (t, r) = num.div_rem(&den);
    let half = (&r * 2u32).cmp(&den);
    let away = !r.is_zero()
        && match mode {
            Rounding::Down => false,
            Rounding::Up => true,
            Rounding::Ceiling => !negative,
            Rounding::Floor => negative,
            Rounding::HalfUp => half != Ordering::Less,
            Rounding::HalfDown => half == Ordering::Greater,
            Rounding::HalfEven | Rounding::None => {
                half == Ordering::Greater || half == Ordering::Equal && t.is_odd()
            }
        };
    let m = if away { t + 1u32 } else { t };
    if negative {
        -m
    } else {
        m
    }
}

/// `q` rounded by `mode` to `scale` places: the signed mantissa, unless it
/// is beyond 2^96 − 1.
fn round(q: &BigRational, scale: u32, mode: Rounding) -> Option<BigInt> {
    let m = round_at(q, scale as i32, mode);
    (m.abs() <= *max_mantissa()).then_some(m)
}

/// `m / 10^scale` written out with exactly `scale` places, as `Decimal`
/// writes it (zero unsigned).
fn show(m: &BigInt, scale: u32) -> String {
    let width = scale as usize + 1;
    let digits = format!("{:0>width$}", m.abs().to_string());
    let (int, frac) = digits.split_at(digits.len() - scale as usize);
    let sign = if m.is_negative() { "-" } else { "" };
    match scale {
        0 => format!("{sign}{int}"),
        _ => format!("{sign}{int}.{frac}"),
    }
}

/// `m / 10^scale` without trailing zeros.
fn show_normalized(mut m: BigInt, mut scale: u32) -> String {
    while scale > 0 && (&m % 10u32).is_zero() {
        m /= 10u32;
        scale -= 1;
    }
    show(&m, scale)
}

/// `q` as [`Rounding::None`] gives it: at the largest scale ≤ 28 whose
/// half-even mantissa fits 96 bits, without trailing zeros.
fn full(q: &BigRational) -> String {
    // With k digits before the point, no scale above 29 − k can fit: the
    // mantissa would be at least 10^29.
    let whole_digits = match q.abs().to_integer() {
        w if w.is_zero() => 0,
        w => w.to_string().len() as u32,
    };
    let most = (MAX_SCALE + 1).saturating_sub(whole_digits).min(MAX_SCALE);
    (0..=most)
        .rev()
        .find_map(|scale| round(q, scale, Rounding::HalfEven).map(|m| show_normalized(m, scale)))
        .unwrap_or_else(|| OVERFLOW.to_owned())
}

/// A quote as published, read exactly from its text.
#[derive(Debug, Clone)]
struct Published {
    units: Exact,
    value: Exact,
}

impl Published {
    fn of(q: Quote) -> Self {
        Self {
            units: Exact::parse(&q.units.to_string()),
            value: Exact::parse(&q.value.to_string()),
        }
    }
}

/// The oracle's cross rate: one unit of the source is worth `num / den`.
#[derive(Debug, Clone)]
struct Ratio {
    num: Exact,
    den: Exact,
}

impl Ratio {
    /// `None` where kurs must refuse an inexact product.
    fn between(from: &Published, to: &Published) -> Option<Ratio> {
        Some(Ratio {
            num: product(&from.value, &to.units)?,
            den: product(&from.units, &to.value)?,
        })
    }

    fn then(&self, next: &Ratio) -> Option<Ratio> {
        Some(Ratio {
            num: product(&self.num, &next.num)?,
            den: product(&self.den, &next.den)?,
        })
    }

    /// `amount` converted and rounded to `scale` places with `mode`.
    fn apply(&self, amount: &Exact, mode: Rounding, scale: u32) -> String {
        let Some(num) = product(amount, &self.num) else {
            return OVERFLOW.to_owned();
        };
        let q = num.over(&self.den);
        match mode {
            Rounding::None => full(&q),
            _ => round(&q, scale, mode).map_or_else(|| OVERFLOW.to_owned(), |m| show(&m, scale)),
        }
    }

    /// The rate to 10 significant digits half-even (at most 28 places),
    /// without trailing zeros; capped at `Decimal::MAX`.
    fn display(&self) -> String {
        let q = self.num.over(&self.den).reduced();
        if q.is_zero() {
            return "0".to_owned();
        }
        // The exponent of the leading digit: 10^lead ≤ |q| < 10^(lead + 1).
        let mut lead: i32 = 0;
        let ten = BigRational::from_integer(BigInt::from(10u32));
        let mut x = q.abs();
        while x >= ten {
            x /= &ten;
            lead += 1;
        }
        while x < BigRational::one() {
            x *= &ten;
            lead -= 1;
        }
        let scale = (9 - lead).min(MAX_SCALE as i32);
        let m = round_at(&q, scale, Rounding::HalfEven);
        match u32::try_from(scale) {
            Ok(s) => show_normalized(m, s),
            Err(_) => {
                let whole = m * pow10(scale.unsigned_abs());
                match whole.abs() <= *max_mantissa() {
                    true => show(&whole, 0),
                    false => Decimal::MAX.to_string(),
                }
            }
        }
    }
}

/// What kurs gave, as text.
fn outcome(r: Result<Decimal, Overflow>) -> String {
    r.map_or_else(|_| OVERFLOW.to_owned(), |d| d.to_string())
}

/// Every rounding mode, in the order cases cycle through them.
const MODES: [Rounding; 8] = [
    Rounding::HalfEven,
    Rounding::HalfUp,
    Rounding::HalfDown,
    Rounding::Up,
    Rounding::Down,
    Rounding::Ceiling,
    Rounding::Floor,
    Rounding::None,
];

/// An amount to convert in the exhaustive test.
#[derive(Debug, Clone, Copy)]
enum Sample {
    /// This amount.
    Given(&'static str),
    /// This times the `units` of the source currency's quote, so that with
    /// the base as the target the exact result is the number given (ties
    /// at the target's scale, for instance); the number alone if the
    /// product does not fit a `Decimal`.
    TimesUnits(&'static str),
}

/// The amounts the exhaustive test cycles through.
const SAMPLES: [Sample; 41] = [
    Sample::Given("0"),
    Sample::Given("-0.000"),
    Sample::Given("1"),
    Sample::Given("-1"),
    Sample::Given("7"),
    Sample::Given("0.3"),
    Sample::Given("100"),
    Sample::Given("10"),
    Sample::Given("2.5"),
    Sample::Given("-2.5"),
    Sample::Given("0.005"),
    Sample::Given("0.125"),
    Sample::Given("-0.015"),
    Sample::Given("1000000"),
    Sample::Given("12345.6789"),
    Sample::Given("0.00000001"),
    Sample::Given("0.0000000000000000000000000001"),
    Sample::Given("-0.0000000000000000000000000005"),
    Sample::Given("123.4567890123456789012345678"),
    Sample::Given("1.0000000000000000000000000001"),
    Sample::Given("-99.999999999999"),
    Sample::Given("7000000000000000000000000001"),
    Sample::Given("9999999999999999999999999999"),
    Sample::Given("79228162514264337593543950335"),
    Sample::Given("-79228162514264337593543950335"),
    Sample::Given("7922816251426433759354395033.5"),
    Sample::Given("0.7922816251426433759354395033"),
    Sample::Given("5000000000000000000000000000"),
    Sample::Given("-123456789012345678901234567.8"),
    Sample::Given("1234567890123456789"),
    Sample::Given("-0.0049999999999"),
    Sample::Given("0.5000000000000000000000000001"),
    Sample::TimesUnits("1"),
    Sample::TimesUnits("0.125"),
    Sample::TimesUnits("0.005"),
    Sample::TimesUnits("-0.015"),
    Sample::TimesUnits("2.5"),
    Sample::TimesUnits("12.345"),
    Sample::TimesUnits("0.0005"),
    Sample::TimesUnits("-1000000.5"),
    Sample::TimesUnits("1000000000000000000.005"),
];

impl Sample {
    /// The amount as text, for a source currency quoted `from`.
    fn text(self, from: Quote) -> String {
        match self {
            Sample::Given(a) => a.to_owned(),
            Sample::TimesUnits(a) => {
                let p = Exact::parse(a).times(&Exact::parse(&from.units.to_string()));
                let text = show(&p.mantissa, p.scale);
                match Decimal::from_str_exact(&text) {
                    Ok(_) => text,
                    Err(_) => a.to_owned(),
                }
            }
        }
    }
}

/// The amount and the mode of case number `n`: the amounts cycle, and the
/// mode moves on each time they have all been used, so every 8 × 41
/// consecutive cases use every pair of them.
fn case(n: u64) -> (Sample, Rounding) {
    let samples = SAMPLES.len() as u64;
    (
        SAMPLES[(n % samples) as usize],
        MODES[((n / samples) % MODES.len() as u64) as usize],
    )
}

/// How many amounts the exhaustive test converts for each date and pair.
const CASES_PER_PAIR: u64 = 2;

/// What the exhaustive test saw on one thread.
#[derive(Debug, Default)]
struct Report {
    cases: u64,
    overflows: u64,
    mismatches: u64,
    first: Vec<String>,
}

impl Report {
    fn merge(mut self, other: Report) -> Report {
        self.cases += other.cases;
        self.overflows += other.overflows;
        self.mismatches += other.mismatches;
        self.first.extend(other.first);
        self
    }
}

/// Converts every ordered pair of currencies of `table` (its base included;
/// a currency to itself is the identity, rounded like any other),
/// [`CASES_PER_PAIR`] times, with `Book::convert` and compares
/// with the oracle; the cases are numbered from `first`.
fn check_table(book: &Book, table: &Table, first: u64, report: &mut Report) {
    let quotes: Vec<_> = iter::once((table.base(), Quote::IDENTITY))
        .chain(table.quotes().iter().copied())
        .collect();
    let published: Vec<Published> = quotes.iter().map(|(_, q)| Published::of(*q)).collect();
    let currencies: Vec<&'static Currency> = quotes
        .iter()
        .map(|(c, _)| Currency::get(*c).expect("every ECB currency is in the registry"))
        .collect();
    let count = currencies.len();
    let pairs = (0..count).flat_map(|i| (0..count).map(move |j| (i, j)));
    let identity = Published::of(Quote::IDENTITY);
    let cases = pairs.flat_map(|pair| iter::repeat_n(pair, CASES_PER_PAIR as usize));
    for (n, (i, j)) in (first..).zip(cases) {
        let (sample, mode) = case(n);
        let (from, to) = (currencies[i], currencies[j]);
        let text = sample.text(quotes[i].1);
        let amount = Decimal::from_str_exact(&text).expect("a sample is a Decimal");
        let got = convert(book, table.date(), amount, from, to, mode);
        let (a, b) = match i == j {
            true => (&identity, &identity),
            false => (&published[i], &published[j]),
        };
        let expected = Ratio::between(a, b).map_or_else(
            || OVERFLOW.to_owned(),
            |r| r.apply(&Exact::parse(&amount.to_string()), mode, to.scale()),
        );
        report.cases += 1;
        report.overflows += u64::from(expected == OVERFLOW);
        if got != expected {
            report.mismatches += 1;
            if report.first.len() < 10 {
                let (date, from, to) = (table.date(), from.code, to.code);
                report.first.push(format!(
                    "{date} {from}→{to} amount {text} {mode}: kurs {got}, oracle {expected}"
                ));
            }
        }
    }
}

/// kurs's answer through the `Book`, with the ECB named as the source.
fn convert(
    book: &Book,
    date: NaiveDate,
    amount: Decimal,
    from: &'static Currency,
    to: &'static Currency,
    mode: Rounding,
) -> String {
    let mut q = ConvertQuery::new(Amount::from(amount), from, to);
    q.date = Some(date);
    q.source = Some(SourceId::ECB);
    q.rounding = mode;
    let today = NaiveDate::from_ymd_opt(2100, 1, 1).expect("a date");
    match book.convert(&q, today) {
        Ok(c) => c.result.to_string(),
        Err(Error::Overflow(_)) => OVERFLOW.to_owned(),
        Err(e) => format!("error: {e}"),
    }
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "exhaustive (about a minute): scripts/test runs it with --include-ignored"
)]
fn every_pair_of_every_ecb_date_converts_as_the_oracle_says() {
    let book = Book::bundled();
    let history = kurs_rates::bundled(SourceId::ECB).expect("the ECB history is bundled");
    let tables = history.tables();
    // Cases are numbered across the whole history, so which amount and
    // which mode a case uses depends on the data only, not on threads.
    let first: Vec<u64> = tables
        .iter()
        .scan(0u64, |next, t| {
            let n = t.len() as u64 + 1;
            let first = *next;
            *next += n * (n - 1) * CASES_PER_PAIR;
            Some(first)
        })
        .collect();
    let threads = thread::available_parallelism().map_or(2, |n| n.get());
    let start = Instant::now();
    let report = thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|k| {
                let (book, first) = (&book, &first);
                s.spawn(move || {
                    let mut report = Report::default();
                    for i in (k..tables.len()).step_by(threads) {
                        check_table(book, &tables[i], first[i], &mut report);
                    }
                    report
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("a worker panicked"))
            .fold(Report::default(), Report::merge)
    });
    println!(
        "oracle: {} conversions over {} ECB dates ({} of them Overflow) on {threads} threads in {:.1?}: {} mismatches",
        report.cases,
        tables.len(),
        report.overflows,
        start.elapsed(),
        report.mismatches
    );
    for m in &report.first {
        println!("mismatch: {m}");
    }
    assert_eq!(report.mismatches, 0, "conversions differ from the oracle");
}

// ---------------------------------------------------------------------------
// Property tests: made-up quotes the ECB never publishes.

/// A quote in the style of the Bank of Russia: a nominal of 1 to 10000
/// units priced with 4 decimals.
fn cbr_quote() -> impl Strategy<Value = Quote> {
    (
        prop::sample::select(vec![1i64, 10, 100, 1000, 10000]),
        1i64..=99_999_999,
    )
        .prop_map(|(nominal, value)| {
            Quote::priced_in_base(Decimal::from(nominal), Decimal::new(value, 4))
        })
}

/// A number with a one-digit mantissa: `d × 10^−s`.
fn one_digit() -> impl Strategy<Value = Decimal> {
    (1i64..=9, 0u32..=MAX_SCALE).prop_map(|(d, s)| Decimal::new(d, s))
}

/// A quote whose two numbers have one-digit mantissas.
fn one_digit_quote() -> impl Strategy<Value = Quote> {
    (one_digit(), one_digit()).prop_map(|(units, value)| Quote::priced_in_base(units, value))
}

/// A quote in the style of the ECB: 1 of the base buys a rate of 1 to 9
/// significant digits.
fn ecb_quote() -> impl Strategy<Value = Quote> {
    (1i64..=999_999_999, 0u32..=8).prop_map(|(m, s)| Quote::per_base(Decimal::new(m, s)))
}

fn quote() -> impl Strategy<Value = Quote> {
    prop_oneof![
        3 => cbr_quote(),
        2 => one_digit_quote(),
        2 => ecb_quote(),
        1 => Just(Quote::IDENTITY),
    ]
}

/// Amounts of 1 to 28 digits at scales 0 to 28, either sign; one-digit
/// mantissas; the extremes.
fn amount() -> impl Strategy<Value = Decimal> {
    let digits = (1u32..=28).prop_flat_map(|n| {
        let lo = 10u128.pow(n - 1);
        (lo..lo * 10, 0u32..=MAX_SCALE, any::<bool>())
    });
    prop_oneof![
        4 => digits.prop_map(|(m, s, negative)| {
            let m = m as i128;
            Decimal::from_i128_with_scale(if negative { -m } else { m }, s)
        }),
        2 => (one_digit(), any::<bool>()).prop_map(|(d, negative)| if negative { -d } else { d }),
        1 => prop::sample::select(vec![
            Decimal::MAX,
            Decimal::MIN,
            Decimal::ZERO,
            Decimal::new(1, MAX_SCALE),
            Decimal::from_i128_with_scale(5, MAX_SCALE),
        ]),
    ]
}

fn mode() -> impl Strategy<Value = Rounding> {
    prop::sample::select(MODES.to_vec())
}

/// Target scales: mostly those of real currencies.
fn target_scale() -> impl Strategy<Value = u32> {
    prop_oneof![3 => 0u32..=4, 1 => 0u32..=MAX_SCALE]
}

/// kurs's rate between two quotes, and the oracle's, as outcomes.
fn both(from: Quote, to: Quote) -> (Result<CrossRate, Overflow>, Option<Ratio>) {
    let kurs = CrossRate::between(from, to);
    let oracle = Ratio::between(&Published::of(from), &Published::of(to));
    (kurs, oracle)
}

/// Compares a conversion with `rate` and with `oracle`.
fn agree(
    rate: Result<CrossRate, Overflow>,
    oracle: Option<Ratio>,
    a: Decimal,
    mode: Rounding,
    scale: u32,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(rate.is_ok(), oracle.is_some(), "whether the rate is exact");
    let (Ok(rate), Some(oracle)) = (rate, oracle) else {
        return Ok(());
    };
    let got = outcome(rate.apply(a, mode, scale));
    let expected = oracle.apply(&Exact::parse(&a.to_string()), mode, scale);
    prop_assert_eq!(got, expected, "{} {} at {} places", a, mode, scale);
    prop_assert_eq!(
        rate.display().to_string(),
        oracle.display(),
        "displayed rate"
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn a_conversion_between_two_quotes_matches_the_oracle(
        a in amount(), from in quote(), to in quote(), mode in mode(), scale in target_scale(),
    ) {
        let (rate, oracle) = both(from, to);
        agree(rate, oracle, a, mode, scale)?;
    }

    #[test]
    fn a_conversion_through_two_tables_matches_the_oracle(
        a in amount(),
        (from, bridge_in_first) in (quote(), quote()),
        (bridge_in_second, to) in (quote(), quote()),
        mode in mode(), scale in target_scale(),
    ) {
        let (first, first_oracle) = both(from, bridge_in_first);
        let (second, second_oracle) = both(bridge_in_second, to);
        let rate = first.and_then(|f| f.then(second?));
        let oracle = first_oracle.zip(second_oracle).and_then(|(f, s)| f.then(&s));
        agree(rate, oracle, a, mode, scale)?;
    }

    #[test]
    fn one_digit_quotes_and_amounts_match_the_oracle_in_every_mode(
        a in one_digit(), negative in any::<bool>(), from in one_digit_quote(), to in one_digit_quote(),
        scale in 0u32..=MAX_SCALE,
    ) {
        let a = if negative { -a } else { a };
        for mode in MODES {
            let (rate, oracle) = both(from, to);
            agree(rate, oracle, a, mode, scale)?;
        }
    }
}

#[test]
fn the_oracle_itself_rounds_and_writes_as_documented() {
    let exact = |text| Exact::parse(text);
    let one = exact("1");
    let q = exact("0.125").over(&one);
    assert_eq!(round(&q, 2, Rounding::HalfEven), Some(BigInt::from(12)));
    assert_eq!(round(&q, 2, Rounding::HalfUp), Some(BigInt::from(13)));
    assert_eq!(round(&-q, 2, Rounding::Floor), Some(BigInt::from(-13)));
    assert_eq!(show(&BigInt::from(-5), 3), "-0.005");
    assert_eq!(show(&BigInt::from(0), 2), "0.00");
    assert_eq!(
        full(&exact("2").over(&exact("3"))),
        "0.6666666666666666666666666667"
    );
    assert_eq!(
        full(&exact("-2").over(&exact("0.3"))),
        "-6.6666666666666666666666666667"
    );
    assert_eq!(full(&exact("80.00").over(&one)), "80");
    assert!(exact("79228162514264337593543950335").fits_decimal());
    assert!(!exact("79228162514264337593543950336").fits_decimal());
    assert!(exact("79228162514264337593543950335.0").fits_decimal());
    assert!(!exact("0.00000000000000000000000000001").fits_decimal());
    let tiny = exact("0.0000000000000000000000000010");
    assert!(tiny.times(&exact("0.5")).fits_decimal());
    assert!(!exact("0.0000000000000000000000000001")
        .times(&exact("0.5"))
        .fits_decimal());
}

#[test]
fn the_nok_case_of_2007_07_30_is_an_overflow_for_kurs_and_the_oracle() {
    let book = Book::bundled();
    let date = NaiveDate::from_ymd_opt(2007, 7, 30).unwrap();
    let history = book.history(SourceId::ECB).unwrap();
    let nok_quote = history
        .get(date)
        .unwrap()
        .quote("NOK".parse().unwrap())
        .unwrap();
    assert_eq!(nok_quote.units.to_string(), "8");
    let amount = "7000000000000000000000000001";
    let (nok, eur) = (
        Currency::parse("NOK").unwrap(),
        Currency::parse("EUR").unwrap(),
    );
    let rate = Ratio::between(&Published::of(nok_quote), &Published::of(Quote::IDENTITY)).unwrap();
    for mode in MODES {
        let kurs = convert(&book, date, amount.parse().unwrap(), nok, eur, mode);
        let oracle = rate.apply(&Exact::parse(amount), mode, 2);
        let expected = match mode {
            Rounding::None => "875000000000000000000000000.1",
            _ => OVERFLOW,
        };
        assert_eq!(
            (kurs.as_str(), oracle.as_str()),
            (expected, expected),
            "{mode}"
        );
    }
}
