//! The `kurs` command line: `kurs convert`, `kurs rates`, `kurs currencies`
//! and the shorthand `kurs 100 usd rub`.
//!
//! Every command parses its arguments into kurs types first, so a bad
//! argument becomes one line on stderr and exit code 2, never a panic.

mod format;

use std::ffi::OsString;
use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use kurs_rates::{
    CurrencyCode, DataDir, FetchConfig, HttpTransport, SourceId, Store, StoreOptions, SyncMode,
};

use crate::{
    parse_date, parse_source, Amount, Book, ConvertQuery, Currency, Error, Rounding, Service,
};

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
    global: Global,
}

/// Options every command takes.
#[derive(Debug, Args)]
struct Global {
    /// Where fetched rates persist [default: $XDG_DATA_HOME/kurs, else ~/.local/share/kurs].
    #[arg(long, env = "KURS_DATA_DIR", global = true, value_name = "DIR")]
    data_dir: Option<std::path::PathBuf>,
    /// Use no network at all: the data directory and the bundled history only.
    #[arg(
        long,
        env = "KURS_OFFLINE",
        global = true,
        action = clap::ArgAction::SetTrue,
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    offline: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Convert AMOUNT of currency FROM into currency TO.
    Convert(ConvertArgs),
    /// Show the rates of one table, priced in a base currency.
    Rates(RatesArgs),
    /// List currencies with their names, minor units and the dates each source covers.
    Currencies(CurrenciesArgs),
    /// Fetch the newest rates now, persist them, and say what came.
    Sync(SyncArgs),
    /// Show each source's status: newest table, last fetch, errors, staleness.
    Sources(SourcesArgs),
    /// Run the HTTP API, the widget and the background refreshers.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "KURS_ADDR", default_value = "127.0.0.1:8080")]
    addr: std::net::SocketAddr,
    /// Serve /metrics on this address only (e.g. 127.0.0.1:9090), not on --addr.
    #[arg(long, env = "KURS_METRICS_ADDR", value_name = "ADDR")]
    metrics_addr: Option<std::net::SocketAddr>,
    /// Origins besides this server that the /widget page may take rates
    /// from with ?api= (comma-separated, e.g. https://rates.example.com);
    /// none by default.
    #[arg(long, env = "KURS_WIDGET_API_ORIGINS", value_name = "ORIGINS", value_parser = crate::api::WidgetApiOrigins::parse)]
    widget_api_origins: Option<crate::api::WidgetApiOrigins>,
    /// Log as JSON lines instead of human-readable text.
    #[arg(long, env = "KURS_LOG_JSON")]
    log_json: bool,
    /// Seconds a client has to send a whole request head; also how long an
    /// idle keep-alive connection is kept.
    #[arg(long, env = "KURS_HEADER_TIMEOUT", value_name = "SECONDS", default_value_t = 10, value_parser = seconds())]
    header_timeout: u64,
    /// Seconds a request body has to arrive whole before the answer is 408
    /// (beyond 20 s, the request timeout answers 503 first).
    #[arg(long, env = "KURS_BODY_TIMEOUT", value_name = "SECONDS", default_value_t = 10, value_parser = seconds())]
    body_timeout: u64,
    /// Seconds a response may wait for a client that takes no data before the
    /// connection is dropped.
    #[arg(long, env = "KURS_WRITE_TIMEOUT", value_name = "SECONDS", default_value_t = 30, value_parser = seconds())]
    write_timeout: u64,
    /// Most connections open at once; beyond, clients wait in the listen
    /// backlog. By default the open-file limit (raised to its hard limit)
    /// less 64.
    #[arg(long, env = "KURS_MAX_CONNECTIONS", value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    max_connections: Option<u32>,
    /// Seconds requests in flight at SIGTERM/SIGINT may take to finish
    /// before their connections are dropped.
    #[arg(long, env = "KURS_SHUTDOWN_GRACE", value_name = "SECONDS", default_value_t = 10, value_parser = seconds())]
    shutdown_grace: u64,
}

/// A whole number of seconds from 1 to 3600 (an hour).
fn seconds() -> clap::builder::RangedU64ValueParser<u64> {
    clap::value_parser!(u64).range(1..=3600)
}

#[derive(Debug, Args)]
struct SyncArgs {
    /// Only this source (ecb, cbr, nbp, cnb); by default every source.
    #[arg(long)]
    source: Option<String>,
    /// Fetch the whole published history where the source offers it (ECB).
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
    /// Use this source only (ecb, cbr, nbp, cnb); by default the first that covers both currencies.
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
    /// Use this source (ecb, cbr, nbp, cnb); by default the first that covers the base.
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
/// success, 2 on a bad argument or an unanswerable question, 1 when a sync
/// failed (the fetch, or writing what came to the data directory).
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
        Err(Failure::Sync) => ExitCode::from(1),
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
    if let Command::Serve(a) = &cli.command {
        return serve(&cli.global, a);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let service = Service::new(open_store(&cli.global)).with_latest_on_demand();
    runtime.block_on(async {
        match cli.command {
            Command::Convert(a) => convert(&service, a, out).await,
            Command::Rates(a) => rates(&service, a, out).await,
            Command::Currencies(a) => currencies(&service.book(), a, out),
            Command::Sync(a) => sync(&service, a, out).await,
            Command::Sources(a) => sources(&service, a, out),
            Command::Serve(_) => Ok(()),
        }
    })
}

/// `kurs serve`: logs to stderr, answers from the bundled history at once,
/// and refreshes in the background unless offline.
fn serve(global: &Global, a: &ServeArgs) -> Result<(), Failure> {
    let filter = tracing_subscriber::EnvFilter::try_from_env("KURS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&io::stderr()));
    if a.log_json {
        logs.json().init();
    } else {
        logs.init();
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let service = Service::new(open_store(global));
    let options = crate::api::ServeOptions {
        addr: a.addr,
        metrics_addr: a.metrics_addr,
        refresh: !global.offline,
        widget_api_origins: a.widget_api_origins.clone().unwrap_or_default(),
        connections: crate::api::ConnectionOptions {
            header_timeout: Duration::from_secs(a.header_timeout),
            write_timeout: Duration::from_secs(a.write_timeout),
            max_connections: a.max_connections.map(|n| n as usize),
            shutdown_grace: Duration::from_secs(a.shutdown_grace),
        },
        body_timeout: Duration::from_secs(a.body_timeout),
    };
    runtime.block_on(crate::api::serve(service, options))?;
    Ok(())
}

/// Opens the store as the options and the environment say; files that
/// cannot be read are reported on stderr and skipped.
fn open_store(global: &Global) -> Store {
    let mut options = StoreOptions::offline().origins_from_env();
    if !global.offline {
        let config = FetchConfig {
            retries: 1,
            timeout: std::time::Duration::from_secs(15),
            ..FetchConfig::default()
        };
        match HttpTransport::new(config) {
            Ok(t) => options.transport = std::sync::Arc::new(t),
            Err(e) => eprintln!("kurs: {e}; working offline"),
        }
    }
    options.data_dir = global
        .data_dir
        .clone()
        .or_else(DataDir::default_root)
        .map(DataDir::new);
    let (store, problems) = Store::open(options);
    for p in problems {
        eprintln!("kurs: warning: {p}");
    }
    store
}

async fn convert(service: &Service, a: ConvertArgs, out: &mut impl Write) -> Result<(), Failure> {
    let mut q = ConvertQuery::new(
        a.amount.parse::<Amount>()?,
        Currency::parse(&a.from)?,
        Currency::parse(&a.to)?,
    );
    q.date = a.date.as_deref().map(parse_date).transpose()?;
    q.source = a.source.as_deref().map(parse_source).transpose()?;
    q.rounding = a.round.parse::<Rounding>()?;
    let c = service.convert(&q).await?;
    if a.json {
        writeln!(out, "{}", json(&c))?;
    } else {
        format::conversion(&c, out)?;
    }
    Ok(())
}

async fn rates(service: &Service, a: RatesArgs, out: &mut impl Write) -> Result<(), Failure> {
    let base = Currency::parse(&a.base)?.code;
    let symbols = a.symbols.as_deref().map(parse_symbols).transpose()?;
    let date = a.date.as_deref().map(parse_date).transpose()?;
    let source = a.source.as_deref().map(parse_source).transpose()?;
    let view = service
        .rates(base, symbols.as_deref(), date, source)
        .await?;
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
    let list = book.currencies(a.all);
    if a.json {
        writeln!(out, "{}", json(&list))?;
    } else {
        let sources: Vec<SourceId> = book.histories().map(|h| h.source()).collect();
        format::currencies(&list, &sources, out)?;
    }
    Ok(())
}

async fn sync(service: &Service, a: SyncArgs, out: &mut impl Write) -> Result<(), Failure> {
    let only = a.source.as_deref().map(parse_source).transpose()?;
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
        match service.store().sync(id, mode).await {
            Ok(report) => {
                format::sync_report(&report, out)?;
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
                let e = kurs_rates::printable(&e.to_string());
                writeln!(out, "{id}: failed: {e}")?;
            }
        }
    }
    if failed {
        return Err(Failure::Sync);
    }
    Ok(())
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
