//! Many conversions in one process, for `scripts/compare-peers`.
//!
//! `peer_bench N < conversions`: reads conversions from standard input, one
//! a line as `AMOUNT FROM TO YYYY-MM-DD`, parses them once, then converts
//! them in turn through the bundled book (the ECB history, offline, source
//! named) until `N` conversions are done. Prints one JSON line: the count,
//! the seconds taken, conversions per second, and the sum of the results
//! (so the work cannot be optimised away, and can be checked).
//!
//! The Python loop of the script does the same with CurrencyConverter: the
//! arguments are prepared before the clock starts, in both.

use std::hint::black_box;
use std::io::Read;
use std::time::Instant;

use kurs::{Book, ConvertQuery, Currency};
use rust_decimal::Decimal;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| fail("usage: peer_bench N < conversions (AMOUNT FROM TO DATE a line)"));
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        fail(&format!("cannot read standard input: {e}"));
    }
    let queries: Vec<ConvertQuery> = input
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| query(l).unwrap_or_else(|e| fail(&format!("{l:?}: {e}"))))
        .collect();
    if queries.is_empty() {
        fail("no conversions on standard input");
    }
    let book = Book::bundled();
    let today = chrono::Utc::now().date_naive();
    // Every query must convert before the clock starts: a refusal would
    // be timed as a (much cheaper or dearer) conversion.
    for q in &queries {
        if let Err(e) = book.convert(q, today) {
            fail(&format!("{} {} {}: {e}", q.amount, q.from.code, q.to.code));
        }
    }
    let start = Instant::now();
    let mut sum = Decimal::ZERO;
    for q in queries.iter().cycle().take(n) {
        let c = book.convert(black_box(q), today).expect("checked above");
        sum += black_box(c.result);
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{{\"conversions\": {n}, \"seconds\": {seconds:.6}, \"per_second\": {:.0}, \"sum\": \"{sum}\"}}",
        n as f64 / seconds
    );
}

/// One line, `AMOUNT FROM TO DATE`, as a query to the ECB.
fn query(line: &str) -> Result<ConvertQuery, String> {
    let f: Vec<&str> = line.split_whitespace().collect();
    let [amount, from, to, date] = f[..] else {
        return Err("want AMOUNT FROM TO DATE".into());
    };
    let mut q = ConvertQuery::new(
        amount.parse().map_err(|e| format!("{e}"))?,
        Currency::parse(from).map_err(|e| format!("{e}"))?,
        Currency::parse(to).map_err(|e| format!("{e}"))?,
    );
    q.date = Some(kurs::parse_date(date).map_err(|e| format!("{e}"))?);
    q.source = Some(kurs_rates::SourceId::ECB);
    Ok(q)
}

fn fail(message: &str) -> ! {
    eprintln!("peer_bench: {message}");
    std::process::exit(2)
}
