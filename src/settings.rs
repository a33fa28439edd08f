//! Every knob of kurs in one place: limits, timeouts, retry policies and
//! addresses, each with a documented default, a flag and a `KURS_*`
//! variable of the same name (`--max-connections`, `KURS_MAX_CONNECTIONS`).
//! A flag beats its variable, which beats the default.
//!
//! [`Settings`] is filled by clap and handed down as values: the store gets
//! [`Settings::store_options`], the server the HTTP part ([`Settings::http`]),
//! which the binary turns into the API's options.
//! Nothing below `main` reads the environment for configuration; the
//! `kurs-rates` library reads none at all.
//!
//! What stays a constant is a fact of the published contract rather than a
//! knob: the limits that `openapi.yaml` states to clients (2,048-character
//! query strings, 1 MiB bodies, batches of 1,000, 366-day series, 20 s per
//! request with `Retry-After: 10`) are `pub const`s in `api`, so the spec
//! and the server cannot disagree. So are a few internal tunings that no
//! operator has a reason to change (the listen backlog, the accept
//! back-off, the heavy-answer threshold, the file descriptors kept back),
//! each documented where it is defined.

use std::ffi::OsString;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, FromArgMatches};
use kurs_rates::{
    registry, DataDir, FetchConfig, FetchError, HttpTransport, StoreLimits, StoreOptions,
};

use crate::WidgetApiOrigins;

// Defaults of the HTTP settings (`kurs serve`); the API takes the values
// it is given.

/// Default of `--header-timeout`: 10 s, ample for a request head
/// (a few hundred bytes) on any real link, short enough that silent
/// sockets are shed long before they fill the file table.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Default of `--write-timeout`: 30 s without any byte of a
/// response accepted by the client; a live client on a slow link still
/// takes a few kilobytes in that time.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// Default of `--shutdown-grace`: 10 s for requests in flight at
/// SIGTERM, half of the 20 s request timeout (`REQUEST_TIMEOUT`) and within
/// the usual 30 s a supervisor waits before SIGKILL.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// Default of `kurs serve --body-timeout`: 10 s for a body of at most
/// 1 MiB, half the 20 s request timeout so that a stalled upload gets its
/// 408 before the request as a whole times out.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);
/// Default of `kurs serve --render-cache-bytes`, the render cache's
/// capacity in bytes of bodies and keys: 64 MiB, room
/// for some twenty answers of the whole ECB history (about 3 MB each) next
/// to hundreds of thousands of small answers, and a fixed bound on what the
/// cache can hold whatever the clients ask.
pub const RENDER_CACHE_BYTES: u64 = 64 << 20;

/// Everything kurs can be told, as clap fills it from flags, `KURS_*`
/// variables and defaults. The data, fetch and store parts are options of
/// every command (`kurs sync` fetches too); [`Settings::http`] is given to
/// `kurs serve` only and is the default elsewhere.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Where fetched rates persist [default: $XDG_DATA_HOME/kurs, else ~/.local/share/kurs].
    #[arg(long, env = "KURS_DATA_DIR", global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Use no network at all: the data directory and the bundled history only.
    #[arg(
        long,
        env = "KURS_OFFLINE",
        global = true,
        action = clap::ArgAction::SetTrue,
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub offline: bool,
    /// How upstream requests are made.
    #[command(flatten)]
    pub fetch: FetchSettings,
    /// How hard kurs asks a bank, and how it keeps its data directory.
    #[command(flatten)]
    pub store: StoreSettings,
    /// Where each bank is reached.
    #[command(flatten)]
    pub origins: Origins,
    /// The HTTP server's addresses and limits (`kurs serve`).
    #[arg(skip)]
    pub http: HttpSettings,
}

/// Timeouts and retries of upstream requests ([`FetchConfig`]), shared by
/// the refreshers, `kurs sync` and fetches on demand.
#[derive(Debug, Clone, Args)]
pub struct FetchSettings {
    /// Times a failed upstream request (5xx, 429, timeout, reset) is tried
    /// again before giving up.
    #[arg(long, env = "KURS_FETCH_RETRIES", global = true, value_name = "N",
          default_value_t = kurs_rates::FETCH_RETRIES, value_parser = clap::value_parser!(u32).range(0..=10))]
    pub fetch_retries: u32,
    /// Seconds one whole upstream request may take, body included.
    #[arg(long, env = "KURS_FETCH_TIMEOUT", global = true, value_name = "SECONDS",
          default_value_t = kurs_rates::FETCH_TIMEOUT.as_secs(), value_parser = seconds())]
    pub fetch_timeout: u64,
    /// Seconds to connect to an upstream.
    #[arg(long, env = "KURS_FETCH_CONNECT_TIMEOUT", global = true, value_name = "SECONDS",
          default_value_t = kurs_rates::FETCH_CONNECT_TIMEOUT.as_secs(), value_parser = seconds())]
    pub fetch_connect_timeout: u64,
    /// Milliseconds before the first retry; each retry doubles it, ±50 %.
    #[arg(long, env = "KURS_FETCH_BACKOFF_MS", global = true, value_name = "MS",
          default_value_t = millis(kurs_rates::FETCH_BACKOFF), value_parser = clap::value_parser!(u64).range(1..=60_000))]
    pub fetch_backoff_ms: u64,
}

/// The store's limits on by-date fetches and its upkeep ([`StoreLimits`]).
#[derive(Debug, Clone, Args)]
pub struct StoreSettings {
    /// By-date fetches of one bank failing in a row that make kurs stop
    /// asking it for --breaker-pause.
    #[arg(long, env = "KURS_BREAKER_FAILURES", global = true, value_name = "N",
          default_value_t = kurs_rates::BREAKER_FAILURES, value_parser = clap::value_parser!(u32).range(1..))]
    pub breaker_failures: u32,
    /// Seconds a bank that kept failing is not asked for past dates.
    #[arg(long, env = "KURS_BREAKER_PAUSE", global = true, value_name = "SECONDS",
          default_value_t = kurs_rates::BREAKER_PAUSE.as_secs(), value_parser = seconds())]
    pub breaker_pause: u64,
    /// Seconds a date the bank could not give is answered from memory
    /// before it is asked again.
    #[arg(long, env = "KURS_FAILURE_TTL", global = true, value_name = "SECONDS",
          default_value_t = kurs_rates::FAILURE_TTL.as_secs(), value_parser = seconds())]
    pub failure_ttl: u64,
    /// Seconds a by-date fetch made for a waiting client may take (one
    /// attempt, no retry).
    #[arg(long, env = "KURS_REQUEST_FETCH_TIMEOUT", global = true, value_name = "SECONDS",
          default_value_t = kurs_rates::REQUEST_FETCH_TIMEOUT.as_secs(), value_parser = seconds())]
    pub request_fetch_timeout: u64,
    /// By-date upstream requests per second per bank, on average.
    #[arg(long, env = "KURS_UPSTREAM_RATE", global = true, value_name = "N",
          default_value_t = kurs_rates::UPSTREAM_RATE_PER_SECOND, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub upstream_rate: u32,
    /// By-date upstream requests per bank at once after a quiet spell.
    #[arg(long, env = "KURS_UPSTREAM_BURST", global = true, value_name = "N",
          default_value_t = kurs_rates::UPSTREAM_BURST, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub upstream_burst: u32,
    /// Seconds between background writes of the sources' changed state files.
    #[arg(long, env = "KURS_STATE_WRITE_INTERVAL", global = true, value_name = "SECONDS",
          default_value_t = kurs_rates::STATE_WRITE_INTERVAL.as_secs(), value_parser = seconds())]
    pub state_write_interval: u64,
    /// Seconds between looks for year files another process wrote into
    /// the data directory.
    #[arg(long, env = "KURS_RESCAN_INTERVAL", global = true, value_name = "SECONDS",
          default_value_t = kurs_rates::RESCAN_INTERVAL.as_secs(), value_parser = seconds())]
    pub rescan_interval: u64,
}

/// The HTTP server's settings (`kurs serve`).
// The doc comments are the `--help` text, bare URLs included.
#[allow(rustdoc::bare_urls)]
#[derive(Debug, Clone, Args)]
pub struct HttpSettings {
    /// Address to listen on.
    #[arg(long, env = "KURS_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Serve /metrics on this address only (e.g. 127.0.0.1:9090), not on --addr.
    #[arg(long, env = "KURS_METRICS_ADDR", value_name = "ADDR")]
    pub metrics_addr: Option<SocketAddr>,
    /// Origins besides this server that the /widget page may take rates
    /// from with ?api= (comma-separated, e.g. https://rates.example.com);
    /// none by default.
    #[arg(long, env = "KURS_WIDGET_API_ORIGINS", value_name = "ORIGINS", value_parser = WidgetApiOrigins::parse)]
    pub widget_api_origins: Option<WidgetApiOrigins>,
    /// Log as JSON lines instead of human-readable text.
    #[arg(long, env = "KURS_LOG_JSON")]
    pub log_json: bool,
    /// Seconds a client has to send a whole request head; also how long an
    /// idle keep-alive connection is kept.
    #[arg(long, env = "KURS_HEADER_TIMEOUT", value_name = "SECONDS",
          default_value_t = HEADER_TIMEOUT.as_secs(), value_parser = seconds())]
    pub header_timeout: u64,
    /// Seconds a request body has to arrive whole before the answer is 408
    /// (beyond 20 s, the request timeout answers 503 first).
    #[arg(long, env = "KURS_BODY_TIMEOUT", value_name = "SECONDS",
          default_value_t = BODY_TIMEOUT.as_secs(), value_parser = seconds())]
    pub body_timeout: u64,
    /// Seconds a response may wait for a client that takes no data before the
    /// connection is dropped.
    #[arg(long, env = "KURS_WRITE_TIMEOUT", value_name = "SECONDS",
          default_value_t = WRITE_TIMEOUT.as_secs(), value_parser = seconds())]
    pub write_timeout: u64,
    /// Most connections open at once; beyond, clients wait in the listen
    /// backlog. By default the open-file limit (raised to its hard limit)
    /// less 64.
    #[arg(long, env = "KURS_MAX_CONNECTIONS", value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: Option<u32>,
    /// Seconds requests in flight at SIGTERM/SIGINT may take to finish
    /// before their connections are dropped.
    #[arg(long, env = "KURS_SHUTDOWN_GRACE", value_name = "SECONDS",
          default_value_t = SHUTDOWN_GRACE.as_secs(), value_parser = seconds())]
    pub shutdown_grace: u64,
    /// Heavy range answers rendered at once; more are refused with 503
    /// and Retry-After. By default one per core.
    #[arg(long, env = "KURS_HEAVY_PERMITS", value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub heavy_permits: Option<u32>,
    /// How many of each date-by-date bank's last publications to fetch in
    /// the background at start (one request per bank per second; dates
    /// held are skipped); 0 fetches none. Not when offline.
    #[arg(long, env = "KURS_BACKFILL", value_name = "N",
          default_value_t = kurs_rates::BACKFILL_PUBLICATIONS as u32, value_parser = clap::value_parser!(u32).range(0..=1000))]
    pub backfill: u32,
    /// Bytes of rendered answers kept for repeated questions.
    #[arg(long, env = "KURS_RENDER_CACHE_BYTES", value_name = "BYTES",
          default_value_t = RENDER_CACHE_BYTES, value_parser = clap::value_parser!(u64).range(1..=1 << 40))]
    pub render_cache_bytes: u64,
}

impl Default for HttpSettings {
    /// The defaults, as `kurs serve` with no flags and no variables.
    fn default() -> Self {
        let args = clap::Command::new("kurs");
        // The defaults only: no variable is read.
        let matches = Self::augment_args(args)
            .mut_args(|a| a.env(None))
            .no_binary_name(true)
            .ignore_errors(true)
            .get_matches_from(std::iter::empty::<OsString>());
        Self::from_arg_matches(&matches).expect("the defaults parse")
    }
}

/// The origin of each registered source, `--<id>-url` / `KURS_<ID>_URL`
/// (`--ecb-url`, `KURS_ECB_URL`, ...): one option per source of
/// [`registry`], named from [`kurs_rates::Source::origin_variable`], so a
/// new source needs no line here; sources that share a variable (one
/// bank's datasets) share the option. Tests point them at a local stub.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    /// `(source id, origin)` as given; empty values are left out.
    pub given: Vec<(kurs_rates::SourceId, String)>,
}

/// `KURS_ECB_URL` -> `ecb-url`.
fn flag_of(variable: &str) -> String {
    let name = variable.strip_prefix("KURS_").unwrap_or(variable);
    name.to_ascii_lowercase().replace('_', "-")
}

impl Args for Origins {
    fn augment_args(mut cmd: clap::Command) -> clap::Command {
        let mut seen = std::collections::BTreeSet::new();
        for source in registry() {
            // Two datasets of one bank (NBP tables A and B) share a host
            // and so one option, named after the first.
            if !seen.insert(source.origin_variable()) {
                continue;
            }
            let flag = flag_of(source.origin_variable());
            cmd = cmd.arg(
                clap::Arg::new(flag.clone())
                    .long(flag)
                    .env(source.origin_variable())
                    .global(true)
                    .value_name("URL")
                    .default_value(source.default_origin())
                    .help(format!(
                        "Origin of the {} (scheme, host, port), e.g. a mirror or a test stub",
                        source.id().publisher()
                    )),
            );
        }
        cmd
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

impl FromArgMatches for Origins {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut origins = Self::default();
        origins.update_from_arg_matches(matches)?;
        Ok(origins)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        for source in registry() {
            let flag = flag_of(source.origin_variable());
            if let Ok(Some(url)) = matches.try_get_one::<String>(&flag) {
                self.given.retain(|(id, _)| *id != source.id());
                self.given.push((source.id(), url.clone()));
            }
        }
        Ok(())
    }
}

impl Settings {
    /// The store's options: the data directory (given, else the XDG
    /// default from `$XDG_DATA_HOME`/`$HOME`), the origins, the limits and,
    /// unless offline, an HTTP transport. A transport that cannot be built
    /// is returned beside options that work offline.
    pub fn store_options(&self) -> (StoreOptions, Option<FetchError>) {
        let mut options = StoreOptions::offline();
        for (id, url) in &self.origins.given {
            options = options.with_origin(*id, url);
        }
        options.limits = self.store.limits();
        options.data_dir = self
            .data_dir
            .clone()
            .or_else(|| {
                DataDir::default_root(std::env::var_os("XDG_DATA_HOME"), std::env::var_os("HOME"))
            })
            .map(DataDir::new);
        let mut problem = None;
        if !self.offline {
            match HttpTransport::new(self.fetch.config()) {
                Ok(t) => options.transport = Arc::new(t),
                Err(e) => problem = Some(e),
            }
        }
        (options, problem)
    }
}

impl FetchSettings {
    /// The transport's configuration; body limits stay the library's.
    pub fn config(&self) -> FetchConfig {
        FetchConfig {
            connect_timeout: Duration::from_secs(self.fetch_connect_timeout),
            timeout: Duration::from_secs(self.fetch_timeout),
            retries: self.fetch_retries,
            backoff: Duration::from_millis(self.fetch_backoff_ms),
            ..FetchConfig::default()
        }
    }
}

impl StoreSettings {
    /// The store's limits.
    pub fn limits(&self) -> StoreLimits {
        StoreLimits {
            breaker_failures: self.breaker_failures,
            breaker_pause: Duration::from_secs(self.breaker_pause),
            failure_ttl: Duration::from_secs(self.failure_ttl),
            request_fetch_timeout: Duration::from_secs(self.request_fetch_timeout),
            upstream_rate_per_second: self.upstream_rate,
            upstream_burst: self.upstream_burst,
            state_write_interval: Duration::from_secs(self.state_write_interval),
            rescan_interval: Duration::from_secs(self.rescan_interval),
        }
    }
}

/// Writes the effective settings of `matches` (the `serve` subcommand's,
/// where the global options are propagated too) as `key = value` lines in
/// the order of `--help`, each followed by where it came from: `# flag`,
/// `# env KURS_...` or `# default`. A setting with no value and no default
/// shows `(none)` and the rule that applies.
pub fn write_config(
    command: &clap::Command,
    matches: &ArgMatches,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    writeln!(
        out,
        "# kurs serve: effective settings (a flag beats its KURS_* variable, which beats the default)"
    )?;
    for arg in command.get_arguments() {
        let (Some(long), id) = (arg.get_long(), arg.get_id().as_str()) else {
            continue;
        };
        if matches!(long, "help" | "version" | "print-config") {
            continue;
        }
        let value = match matches.get_raw(id) {
            Some(values) => values
                .map(|v| v.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join(","),
            None if arg.get_action().takes_values() => "(none)".to_owned(),
            None => "false".to_owned(),
        };
        let origin = match matches.value_source(id) {
            Some(ValueSource::CommandLine) => "flag".to_owned(),
            Some(ValueSource::EnvVariable) => match arg.get_env() {
                Some(name) => format!("env {}", name.to_string_lossy()),
                None => "env".to_owned(),
            },
            _ => "default".to_owned(),
        };
        writeln!(out, "{long} = {value}  # {origin}")?;
    }
    Ok(())
}

/// A whole number of seconds from 1 to 3600 (an hour).
fn seconds() -> clap::builder::RangedU64ValueParser<u64> {
    clap::value_parser!(u64).range(1..=3600)
}

/// A duration in whole milliseconds, for a default.
const fn millis(d: Duration) -> u64 {
    d.as_millis() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_variable_names_its_flag() {
        assert_eq!(flag_of("KURS_ECB_URL"), "ecb-url");
        assert_eq!(flag_of("KURS_CNB_URL"), "cnb-url");
    }

    #[test]
    fn the_http_defaults_are_the_documented_constants() {
        let h = HttpSettings::default();
        assert_eq!(h.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(h.header_timeout, HEADER_TIMEOUT.as_secs());
        assert_eq!(h.render_cache_bytes, RENDER_CACHE_BYTES);
        assert_eq!(h.max_connections, None);
        assert_eq!(h.backfill as usize, kurs_rates::BACKFILL_PUBLICATIONS);
    }
}
