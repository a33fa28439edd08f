//! The `kurs` command line: `kurs convert`, `kurs rates`, `kurs currencies`
//! and the shorthand `kurs 100 usd rub`.
//!
//! Every command parses its arguments into kurs types first, so a bad
//! argument becomes one line on stderr and exit code 2, never a panic.

mod format;
mod progress;
mod words;

use std::ffi::OsString;
use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand};
use kurs_rates::{SourceId, Store, SyncMode};

use crate::currency::Lang;
use crate::settings::{HttpSettings, Settings};

use crate::{request, Book, Error, Service};

/// Convert money with official central-bank exchange rates, exactly.
///
/// Rates come from the ECB's full history (bundled, no network needed) and,
/// once fetched (`kurs sync`), from the ECB, the Bank of Russia, the NBP and the CNB.
/// Shorthand: `kurs 100 usd rub` is `kurs convert 100 usd rub`.
#[derive(Debug, Parser)]
#[command(name = "kurs", version, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    settings: Settings,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Convert AMOUNT of currency FROM into currency TO.
    Convert(ConvertArgs),
    /// Show the rates of one table, priced in a base currency.
    Rates(RatesArgs),
    /// List currencies with their names, minor units and the sources that quote them (--json: the dates each covers).
    Currencies(CurrenciesArgs),
    /// Fetch the newest rates now, persist them, and say what came.
    Sync(SyncArgs),
    /// Show each source's status: newest table, last fetch, errors, staleness.
    Sources(SourcesArgs),
    /// Run the HTTP API, the widget and the background refreshers.
    Serve(ServeArgs),
    /// Serve the Model Context Protocol over stdin/stdout, for desktop agents (tools: convert,
    /// rates, timeseries, currencies, sources). `kurs serve` offers the same at /mcp.
    Mcp,
}

/// The options of `kurs serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The HTTP part of the settings (address, connection limits, …).
    #[command(flatten)]
    pub http: HttpSettings,
    /// Print the effective settings (after flags and KURS_* variables) and exit.
    #[arg(long)]
    pub print_config: bool,
}

#[derive(Debug, Args)]
struct SyncArgs {
    /// Only this source (ecb, cbr, nbp, cnb); by default every source.
    #[arg(long)]
    source: Option<String>,
    /// Fetch the whole published history where the source offers it: one file (ECB, Bank of
    /// Canada), one range a year (NBU), one series per currency since 1992 (Bank of Russia,
    /// about sixty requests). Requests go one at a time, with a progress bar on a terminal
    /// and a line every 10 requests otherwise; dates already held are not asked again.
    #[arg(long)]
    full: bool,
}

#[derive(Debug, Args)]
struct SourcesArgs {
    /// Print a JSON array.
    #[arg(long)]
    json: bool,
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
    /// Use this source only (an id of `kurs sources`, e.g. ecb, cbr, nbu); by default the source policy's.
    #[arg(long)]
    source: Option<String>,
    /// Rounding: half_even, half_up, half_down, up, down, ceiling, floor or none.
    #[arg(long, default_value = request::DEFAULT_ROUNDING)]
    round: String,
    /// Print one JSON object, the same shape as the HTTP API's conversion.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct RatesArgs {
    /// Price the rates in this currency: 1 BASE = rate units.
    #[arg(long, default_value = request::DEFAULT_BASE)]
    base: String,
    /// Use the table in force on this date (YYYY-MM-DD).
    #[arg(long)]
    date: Option<String>,
    /// Only these currencies, comma-separated (e.g. USD,JPY).
    #[arg(long)]
    symbols: Option<String>,
    /// Use this source (an id of `kurs sources`, e.g. ecb, cbr, nbu); by default the first that covers the base.
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
    /// Name the currencies in this language (en, ru, uk, kk, de, fr or es), from the Unicode
    /// CLDR, instead of ISO 4217's English names; a currency CLDR does not name in that
    /// language keeps its English name.
    #[arg(long, value_name = "LANG")]
    lang: Option<Lang>,
    /// Print a JSON array.
    #[arg(long)]
    json: bool,
}

/// What the binary does once the command line has run.
pub enum Outcome {
    /// The command is done: exit with this code.
    Exit(ExitCode),
    /// `kurs serve`: the binary runs the HTTP API (the command line does
    /// not know it) with these settings, then calls [`serve_exit_code`].
    Serve(Box<Settings>),
    /// `kurs mcp`: the binary serves MCP over stdio with these settings.
    Mcp(Box<Settings>),
}

/// Runs the command line, except `kurs serve`, which it hands back; the
/// exit code is 0 on success, 2 on a bad argument or an unanswerable
/// question, 1 when a sync failed (the fetch, or writing what came to the
/// data directory).
pub fn main() -> Outcome {
    let cli = match Cli::try_parse_from(with_shorthand(std::env::args_os().collect())) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return Outcome::Exit(ExitCode::from(if e.use_stderr() { 2 } else { 0 }));
        }
    };
    if let Command::Serve(a) = cli.command {
        if a.print_config {
            let mut out = io::stdout().lock();
            return Outcome::Exit(exit_code(print_config(&mut out)));
        }
        let settings = Settings {
            http: a.http,
            ..cli.settings
        };
        return Outcome::Serve(Box::new(settings));
    }
    if let Command::Mcp = cli.command {
        return Outcome::Mcp(Box::new(cli.settings));
    }
    let mut out = io::stdout().lock();
    Outcome::Exit(exit_code(run(cli, &mut out)))
}

/// The exit code of a command's result, with its error on stderr.
fn exit_code(result: Result<(), Failure>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => fail(&format!("cannot write output: {e}")),
        Err(Failure::Kurs(e)) => fail(&words::error(&e)),
        Err(Failure::Sync) => ExitCode::from(1),
    }
}

/// The exit code of `kurs serve` once it has run, as of any command.
pub fn serve_exit_code(result: io::Result<()>) -> ExitCode {
    exit_code(result.map_err(Failure::Io))
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
    /// A sync failed; what failed is already printed.
    Sync,
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

fn run(cli: Cli, out: &mut impl Write) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let service = Service::new(open_store(&cli.settings)).with_latest_on_demand();
    runtime.block_on(async {
        match cli.command {
            Command::Convert(a) => convert(&service, a, out).await,
            Command::Rates(a) => rates(&service, a, out).await,
            Command::Currencies(a) => currencies(&service.book(), a, out),
            Command::Sync(a) => sync(&service, a, out).await,
            Command::Sources(a) => sources(&service, a, out),
            Command::Serve(_) | Command::Mcp => Ok(()),
        }
    })
}

/// `kurs serve --print-config`: the settings as parsed again from the
/// command line and the environment, with where each came from.
fn print_config(out: &mut impl Write) -> Result<(), Failure> {
    let mut command = Cli::command();
    let matches = command.try_get_matches_from_mut(std::env::args_os());
    let Some(serve) = matches
        .as_ref()
        .ok()
        .and_then(|m| m.subcommand_matches("serve"))
    else {
        return Ok(());
    };
    let serve_command = command
        .find_subcommand_mut("serve")
        .expect("kurs has a serve command");
    crate::settings::write_config(serve_command, serve, out)?;
    Ok(())
}

/// Opens the store as the settings say; files that cannot be read are
/// reported on stderr and skipped.
pub fn open_store(settings: &Settings) -> Store {
    let (options, problem) = settings.store_options();
    if let Some(e) = problem {
        eprintln!("kurs: {e}; working offline");
    }
    let (store, problems) = Store::open(options);
    for p in problems {
        eprintln!("kurs: warning: {p}");
    }
    store
}

async fn convert(service: &Service, a: ConvertArgs, out: &mut impl Write) -> Result<(), Failure> {
    let q = request::ConvertParams {
        from: Some(&a.from),
        to: Some(&a.to),
        amount: Some(&a.amount),
        date: a.date.as_deref(),
        source: a.source.as_deref(),
        round: Some(&a.round),
    }
    .parse()?;
    let mut c = service.convert(&q).await?;
    if let Some(f) = &mut c.fallback {
        f.reason = words::offline(&f.reason);
    }
    if a.json {
        writeln!(out, "{}", json(&c))?;
    } else {
        format::conversion(&c, out)?;
    }
    Ok(())
}

async fn rates(service: &Service, a: RatesArgs, out: &mut impl Write) -> Result<(), Failure> {
    let q = request::RatesParams {
        base: Some(&a.base),
        symbols: a.symbols.as_deref(),
        date: a.date.as_deref(),
        source: a.source.as_deref(),
    }
    .parse()?;
    let mut view = service
        .rates(q.base, q.symbols.as_deref(), q.date, q.source)
        .await?;
    if let Some(f) = &mut view.fallback {
        f.reason = words::offline(&f.reason);
    }
    if a.json {
        writeln!(out, "{}", json(&format::rates_json(&view)))?;
    } else {
        format::rates(&view, out)?;
    }
    Ok(())
}

fn currencies(book: &Book, a: CurrenciesArgs, out: &mut impl Write) -> Result<(), Failure> {
    let list = book.currencies(a.all);
    if a.json {
        writeln!(out, "{}", json(&list))?;
    } else {
        let sources: Vec<SourceId> = book.histories().map(|h| h.source()).collect();
        format::currencies(&list, &sources, a.lang, out)?;
    }
    Ok(())
}

async fn sync(service: &Service, a: SyncArgs, out: &mut impl Write) -> Result<(), Failure> {
    let only = a.source.as_deref().map(request::parse_source).transpose()?;
    let mode = if a.full {
        SyncMode::Full
    } else {
        SyncMode::CatchUp
    };
    let wanted: Vec<SourceId> = service
        .store()
        .sources()
        .map(|s| s.id())
        .filter(|id| only.is_none_or(|o| o == *id))
        .collect();
    let mut failed = false;
    for id in wanted {
        match sync_one(service, id, mode).await {
            Ok(report) => {
                format::sync_report(&report, out)?;
                for year in &report.rejected {
                    failed = true;
                    let year = kurs_rates::printable(year);
                    writeln!(out, "{id}: not applied: {year}")?;
                }
                if let Some(e) = &report.persist_error {
                    failed = true;
                    writeln!(
                        out,
                        "{id}: failed: {e}; the data directory is not up to date"
                    )?;
                }
            }
            Err(e) => {
                failed = true;
                // The error may quote an upstream: escape its controls.
                let e = kurs_rates::printable(&words::offline(&e.to_string()));
                writeln!(out, "{id}: failed: {e}")?;
            }
        }
    }
    if failed {
        return Err(Failure::Sync);
    }
    Ok(())
}

/// Syncs one source; a full sync shows its progress on stderr.
async fn sync_one(
    service: &Service,
    id: SourceId,
    mode: SyncMode,
) -> Result<kurs_rates::SyncReport, kurs_rates::SyncError> {
    if mode == SyncMode::CatchUp {
        return service.store().sync(id, mode).await;
    }
    let mut shown = progress::Progress::new(id);
    let report = service
        .store()
        .sync_full(id, &mut |step| shown.update(step))
        .await;
    shown.finish();
    report
}

fn sources(service: &Service, a: SourcesArgs, out: &mut impl Write) -> Result<(), Failure> {
    let statuses = service.store().statuses();
    if a.json {
        writeln!(out, "{}", json(&statuses))?;
    } else {
        format::statuses(&statuses, out)?;
    }
    Ok(())
}

fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).expect("kurs values always serialise")
}
