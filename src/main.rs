//! The `kurs` binary: it wires the two front ends, which do not know each
//! other. The command line ([`kurs::cli`]) runs every command but one;
//! `kurs serve` it hands back, and [`serve`] runs the HTTP API
//! ([`kurs::api`]) with what it asked; `kurs mcp` likewise, run by [`mcp`]
//! ([`kurs::mcp`] over stdio).

#![forbid(unsafe_code)]

use std::io;
use std::process::ExitCode;
use std::time::Duration;

use kurs::cli::{self, Outcome};
use kurs::settings::Settings;
use kurs::{api, Service};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match cli::main() {
        Outcome::Exit(code) => code,
        Outcome::Serve(settings) => cli::serve_exit_code(serve(&settings)),
        Outcome::Mcp(settings) => match mcp(&settings) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("kurs: mcp: {e}");
                ExitCode::from(2)
            }
        },
    }
}

/// `kurs serve`: logs to stderr, answers from the bundled history at once,
/// and refreshes in the background unless offline.
fn serve(settings: &Settings) -> io::Result<()> {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let logs = tracing_subscriber::registry().with(log_filter());
    let lines = tracing_subscriber::fmt::layer()
        .with_writer(io::stderr)
        .with_ansi(io::IsTerminal::is_terminal(&io::stderr()));
    if settings.http.log_json {
        logs.with(lines.json()).init();
    } else {
        logs.with(lines).init();
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let service = Service::new(cli::open_store(settings));
    runtime.block_on(api::serve(service, serve_options(settings)))
}

/// What `KURS_LOG` asks to log: a level (`debug`) or comma-separated
/// `target=level` pairs (`info,kurs_rates=debug`); `info` when unset or
/// unreadable, the latter said on stderr. (A `Targets` filter rather than
/// an `EnvFilter`: the same syntax bar span and field filters, without
/// the regex engine, about 0.5 MB of the binary.)
fn log_filter() -> tracing_subscriber::filter::Targets {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    let info = Targets::new().with_default(LevelFilter::INFO);
    match std::env::var("KURS_LOG") {
        Err(std::env::VarError::NotPresent) => info,
        Ok(text) if text.trim().is_empty() => info,
        Ok(text) => text.parse().unwrap_or_else(|e| {
            eprintln!(
                "kurs: KURS_LOG={text:?} is not read ({e}): logging at info. \
                 Accepted: a level (error, warn, info, debug, trace, off) or \
                 target=level pairs separated by commas (info,kurs_rates=debug)"
            );
            info
        }),
        Err(e) => {
            eprintln!("kurs: KURS_LOG is not read ({e}): logging at info");
            info
        }
    }
}

/// `kurs mcp`: MCP over stdin and stdout, answering as the command line
/// does (no refreshers: the latest rates are fetched when asked, unless
/// offline). Nothing but the protocol goes to stdout; a client that does
/// not open a session (or a broken pipe) ends it with exit code 2.
fn mcp(settings: &Settings) -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let service = Service::new(cli::open_store(settings)).with_latest_on_demand();
    runtime.block_on(kurs::mcp::serve_stdio(service))
}

/// How `kurs serve` runs, from the settings' HTTP part.
fn serve_options(settings: &Settings) -> api::ServeOptions {
    let h = &settings.http;
    api::ServeOptions {
        addr: h.addr,
        metrics_addr: h.metrics_addr,
        refresh: !settings.offline,
        backfill: h.backfill as usize,
        widget_api_origins: h.widget_api_origins.clone().unwrap_or_default(),
        connections: api::ConnectionOptions {
            header_timeout: Duration::from_secs(h.header_timeout),
            write_timeout: Duration::from_secs(h.write_timeout),
            max_connections: h.max_connections.map(|n| n as usize),
            shutdown_grace: Duration::from_secs(h.shutdown_grace),
        },
        body_timeout: Duration::from_secs(h.body_timeout),
        heavy_permits: h.heavy_permits.map(|n| n as usize),
        render_cache_bytes: h.render_cache_bytes,
    }
}
