//! The `kurs` binary: it wires the two front ends, which do not know each
//! other. The command line ([`kurs::cli`]) runs every command but one;
//! `kurs serve` it hands back, and [`serve`] runs the HTTP API
//! ([`kurs::api`]) with what it asked.

use std::io;
use std::process::ExitCode;
use std::time::Duration;

use kurs::cli::{self, Global, Outcome, ServeArgs};
use kurs::{api, Service};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match cli::main() {
        Outcome::Exit(code) => code,
        Outcome::Serve(global, args) => cli::serve_exit_code(serve(&global, &args)),
    }
}

/// `kurs serve`: logs to stderr, answers from the bundled history at once,
/// and refreshes in the background unless offline.
fn serve(global: &Global, a: &ServeArgs) -> io::Result<()> {
    let filter = tracing_subscriber::EnvFilter::try_from_env("KURS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr)
        .with_ansi(io::IsTerminal::is_terminal(&io::stderr()));
    if a.log_json {
        logs.json().init();
    } else {
        logs.init();
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let service = Service::new(cli::open_store(global));
    let options = api::ServeOptions {
        addr: a.addr,
        metrics_addr: a.metrics_addr,
        refresh: !global.offline,
        widget_api_origins: a.widget_api_origins.clone().unwrap_or_default(),
        connections: api::ConnectionOptions {
            header_timeout: Duration::from_secs(a.header_timeout),
            write_timeout: Duration::from_secs(a.write_timeout),
            max_connections: a.max_connections.map(|n| n as usize),
            shutdown_grace: Duration::from_secs(a.shutdown_grace),
        },
        body_timeout: Duration::from_secs(a.body_timeout),
    };
    runtime.block_on(api::serve(service, options))
}
