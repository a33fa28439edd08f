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
    let filter = tracing_subscriber::EnvFilter::try_from_env("KURS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr)
        .with_ansi(io::IsTerminal::is_terminal(&io::stderr()));
    if settings.http.log_json {
        logs.json().init();
    } else {
        logs.init();
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let service = Service::new(cli::open_store(settings));
    runtime.block_on(api::serve(service, serve_options(settings)))
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
