//! One conversion in the core, against a baseline measured in the same run.
//!
//! `cargo bench --bench convert`. The baseline is one `Decimal`
//! multiplication: the least any exact conversion must do. The ratio of the
//! two is the figure BENCHMARKS.md reports, since absolute times on a
//! shared machine drift from run to run.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use kurs::{Book, ConvertQuery, CrossRate, Currency, Rounding};
use kurs_rates::Quote;
use rust_decimal::Decimal;

fn core(c: &mut Criterion) {
    let usd = Quote::per_base("1.3576".parse().unwrap());
    let rub = Quote::per_base("41.8304".parse().unwrap());
    let amount: Decimal = "100".parse().unwrap();
    let mut g = c.benchmark_group("convert");
    g.bench_function("baseline: one Decimal multiplication", |b| {
        b.iter(|| black_box(amount).checked_mul(black_box(rub.units)))
    });
    g.bench_function("CrossRate::between + apply (USD->RUB, half_even)", |b| {
        b.iter(|| {
            let rate = CrossRate::between(black_box(usd), black_box(rub)).unwrap();
            rate.apply(black_box(amount), Rounding::HalfEven, 2)
                .unwrap()
        })
    });
    let book = Book::bundled();
    let mut q = ConvertQuery::new(
        amount.into(),
        Currency::parse("USD").unwrap(),
        Currency::parse("RUB").unwrap(),
    );
    q.date = Some("2011-11-19".parse().unwrap());
    q.source = Some(kurs_rates::SourceId::ECB);
    let today = "2026-11-29".parse().unwrap();
    g.bench_function("Book::convert (as-of lookup + conversion)", |b| {
        b.iter(|| book.convert(black_box(&q), today).unwrap())
    });
    // No source named: the source policy picks the ECB for USD->JPY.
    let mut policy = q.clone();
    policy.source = None;
    policy.to = Currency::parse("JPY").unwrap();
    g.bench_function(
        "Book::convert, source chosen by the policy (USD->JPY)",
        |b| b.iter(|| book.convert(black_box(&policy), today).unwrap()),
    );
    g.finish();
}

criterion_group!(benches, core);
criterion_main!(benches);
