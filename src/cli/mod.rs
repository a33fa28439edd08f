//! The `kurs` command line: `kurs convert`, `kurs rates`, `kurs currencies`
//! and the shorthand `kurs 100 usd rub`.
//!
//! Every command parses its arguments into kurs types first, so a bad
//! argument becomes one line on stderr and exit code 2, never a panic.

mod format;

use std::ffi::OsString;
use std::io::{self, Write};
use std::process::ExitCode;

use chrono::{NaiveDate, Utc};
use clap::{Args, Parser, Subcommand};
use kurs_rates::{CurrencyCode, SourceId};

use crate::{parse_date, parse_source, Amount, Book, ConvertQuery, Currency, Error, Rounding};

/// Convert money with official central-bank exchange rates, exactly.
///
/// Rates come from the ECB's full history (bundled, no network needed).
/// Shorthand: `kurs 100 usd rub` is `kurs convert 100 usd rub`.
#[derive(Debug, Parser)]
#[command(name = "kurs", version, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Convert AMOUNT of currency FROM into currency TO.
    Convert(ConvertArgs),
    /// Show the rates of one table, priced in a base currency.
    Rates(RatesArgs),
    /// List currencies with their names, minor units and the dates each source covers.
    Currencies(CurrenciesArgs),
}

#[derive(Debug, Args)]
struct ConvertArgs {
    /// The amount, a plain decimal such as 100 or -12.50 (no thousands separators).
    #[arg(allow_hyphen_values = true)]
    amount: String,
    /// The currency to convert from, an ISO 4217 code such as USD (any case).
    from: String,
    /// The currency to convert to, an ISO 4217 code such as RUB (any case).
    to: String,
    /// Use the rates in force on this date (YYYY-MM-DD): the newest table on or before it.
    #[arg(long)]
    date: Option<String>,
    /// Use this source only (ecb, cbr, nbp); by default the first that covers both currencies.
    #[arg(long)]
    source: Option<String>,
    /// Rounding: half_even, half_up, half_down, up, down, ceiling, floor or none.
    #[arg(long, default_value = "half_even")]
    round: String,
    /// Print one JSON object, the same shape as the HTTP API's conversion.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct RatesArgs {
    /// Price the rates in this currency: 1 BASE = rate units.
    #[arg(long, default_value = "EUR")]
    base: String,
    /// Use the table in force on this date (YYYY-MM-DD).
    #[arg(long)]
    date: Option<String>,
    /// Only these currencies, comma-separated (e.g. USD,JPY).
    #[arg(long)]
    symbols: Option<String>,
    /// Use this source (ecb, cbr, nbp); by default the first that covers the base.
    #[arg(long)]
    source: Option<String>,
    /// Print one JSON object, the same shape as the HTTP API's rates.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct CurrenciesArgs {
    /// Also list currencies no source covers.
    #[arg(long)]
    all: bool,
    /// Print a JSON array.
    #[arg(long)]
    json: bool,
}

/// Runs the command line and turns the outcome into an exit code: 0 on
/// success, 2 on a bad argument or an unanswerable question.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse_from(with_shorthand(std::env::args_os().collect())) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let mut out = io::stdout().lock();
    match run(cli, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => fail(&format!("cannot write output: {e}")),
        Err(Failure::Kurs(e)) => fail(&e.to_string()),
    }
}

fn fail(message: &str) -> ExitCode {
    let _ = writeln!(io::stderr(), "kurs: {message}");
    ExitCode::from(2)
}

/// `kurs 100 usd rub` means `kurs convert 100 usd rub`: when the first
/// argument starts like an amount, insert the subcommand.
fn with_shorthand(mut args: Vec<OsString>) -> Vec<OsString> {
    let looks_like_amount = args.get(1).and_then(|a| a.to_str()).is_some_and(|a| {
        let a = a.strip_prefix(['-', '+']).unwrap_or(a);
        a.starts_with(|c: char| c.is_ascii_digit() || c == '.')
    });
    if looks_like_amount {
        args.insert(1, "convert".into());
    }
    args
}

enum Failure {
    Io(io::Error),
    Kurs(Error),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

impl<E: Into<Error>> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure::Kurs(e.into())
    }
}

/// Today as the newest place on Earth sees it (UTC+14), so that no date a
/// user anywhere can be living in is called "in the future".
pub fn today() -> NaiveDate {
    (Utc::now() + chrono::Duration::hours(14)).date_naive()
}

fn run(cli: Cli, out: &mut impl Write) -> Result<(), Failure> {
    let book = Book::bundled();
    match cli.command {
        Command::Convert(a) => convert(&book, a, out),
        Command::Rates(a) => rates(&book, a, out),
        Command::Currencies(a) => currencies(&book, a, out),
    }
}

fn convert(book: &Book, a: ConvertArgs, out: &mut impl Write) -> Result<(), Failure> {
    let mut q = ConvertQuery::new(
        a.amount.parse::<Amount>()?,
        Currency::parse(&a.from)?,
        Currency::parse(&a.to)?,
    );
    q.date = a.date.as_deref().map(parse_date).transpose()?;
    q.source = a.source.as_deref().map(parse_source).transpose()?;
    q.rounding = a.round.parse::<Rounding>()?;
    let c = book.convert(&q, today())?;
    if a.json {
        writeln!(out, "{}", json(&c))?;
    } else {
        format::conversion(&c, out)?;
    }
    Ok(())
}

fn rates(book: &Book, a: RatesArgs, out: &mut impl Write) -> Result<(), Failure> {
    let base = Currency::parse(&a.base)?.code;
    let symbols = a.symbols.as_deref().map(parse_symbols).transpose()?;
    let date = a.date.as_deref().map(parse_date).transpose()?;
    let source = a.source.as_deref().map(parse_source).transpose()?;
    let view = book.rates(base, symbols.as_deref(), date, source, today())?;
    if a.json {
        writeln!(out, "{}", json(&format::rates_json(&view)))?;
    } else {
        format::rates(&view, out)?;
    }
    Ok(())
}

/// Parses `USD,jpy, GBP` into known codes.
pub fn parse_symbols(s: &str) -> Result<Vec<CurrencyCode>, Error> {
    s.split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|p| Ok(Currency::parse(p)?.code))
        .collect()
}

fn currencies(book: &Book, a: CurrenciesArgs, out: &mut impl Write) -> Result<(), Failure> {
    let list = format::currency_list(book, a.all);
    if a.json {
        writeln!(out, "{}", json(&list))?;
    } else {
        let sources: Vec<SourceId> = book.histories().map(|h| h.source()).collect();
        format::currencies(&list, &sources, out)?;
    }
    Ok(())
}

fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).expect("kurs values always serialise")
}
