//! One `Settings`: every knob comes from a flag or its `KURS_*` variable
//! (the flag wins), `kurs serve --print-config` shows what is in effect,
//! the values reach the parts they configure, and the rates library reads
//! no environment of its own. Run against the real binary.

use crate::app;
use kurs_stub_bank as upstream;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use upstream::{Fault, Upstream};

/// `kurs` with no `KURS_*` variable of the caller's environment but `env`.
fn kurs(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kurs"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("KURS_") {
            c.env_remove(name);
        }
    }
    c.args(args).envs(env.iter().copied());
    c
}

fn print_config(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut all = vec!["serve", "--print-config"];
    all.extend_from_slice(args);
    let o = kurs(&all, env).output().unwrap();
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

fn line<'a>(config: &'a str, key: &str) -> &'a str {
    let prefix = format!("{key} = ");
    config
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no {key} in:\n{config}"))
}

#[test]
fn print_config_shows_each_setting_with_a_flag_beating_its_variable_beating_the_default() {
    let config = print_config(
        &["--upstream-rate", "9", "--header-timeout", "4"],
        &[
            ("KURS_UPSTREAM_RATE", "3"),
            ("KURS_MAX_CONNECTIONS", "7"),
            ("KURS_FETCH_RETRIES", "2"),
        ],
    );
    assert_eq!(line(&config, "upstream-rate"), "upstream-rate = 9  # flag");
    assert_eq!(
        line(&config, "header-timeout"),
        "header-timeout = 4  # flag"
    );
    assert_eq!(
        line(&config, "max-connections"),
        "max-connections = 7  # env KURS_MAX_CONNECTIONS"
    );
    assert_eq!(
        line(&config, "fetch-retries"),
        "fetch-retries = 2  # env KURS_FETCH_RETRIES"
    );
    assert_eq!(line(&config, "addr"), "addr = 127.0.0.1:8080  # default");
    assert_eq!(
        line(&config, "fetch-timeout"),
        "fetch-timeout = 15  # default"
    );
    assert_eq!(
        line(&config, "metrics-addr"),
        "metrics-addr = (none)  # default"
    );
}

#[test]
fn print_config_names_the_origin_of_every_registered_source() {
    let stub = "http://127.0.0.1:9";
    let registry = kurs_rates::registry();
    let variable = registry[0].origin_variable();
    let config = print_config(&[], &[(variable, stub)]);
    for source in &registry {
        let var = source.origin_variable();
        let key = var
            .strip_prefix("KURS_")
            .unwrap()
            .to_ascii_lowercase()
            .replace('_', "-");
        let expected = if var == variable {
            format!("{key} = {stub}  # env {var}")
        } else {
            format!("{key} = {}  # default", source.default_origin())
        };
        assert_eq!(line(&config, &key), expected);
    }
}

#[test]
fn print_config_starts_no_server_and_a_bad_value_is_refused() {
    // Port 1 cannot be bound without privileges: printing must not try.
    let config = print_config(&["--addr", "127.0.0.1:1"], &[]);
    assert!(config.contains("addr = 127.0.0.1:1  # flag"), "{config}");
    let o = kurs(
        &["serve", "--print-config"],
        &[("KURS_UPSTREAM_BURST", "0")],
    )
    .output()
    .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--upstream-burst"), "{err}");
}

/// `kurs serve --offline` on a free port, with the lines it wrote to
/// stderr up to the one that says where it listens; killed when dropped.
struct Served(Child, String, Vec<String>);

impl Served {
    fn start(args: &[&str], env: &[(&str, &str)], data: &Path) -> Self {
        let mut all = vec!["serve", "--offline", "--addr", "127.0.0.1:0"];
        all.extend_from_slice(args);
        let mut child = kurs(&all, env)
            .env("KURS_DATA_DIR", data)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let mut said = Vec::new();
        for line in lines.by_ref().map(Result::unwrap) {
            let done = line.contains("listening on http://");
            said.push(line);
            if done {
                break;
            }
        }
        let line = said.last().filter(|l| l.contains("listening on http://"));
        let line = line.unwrap_or_else(|| panic!("no 'listening on' line in {said:?}"));
        let addr = line.split("http://").nth(1).unwrap().trim().to_owned();
        std::thread::spawn(move || lines.for_each(drop));
        Self(child, addr, said)
    }

    /// How long `GET /healthz` on a new connection takes to be answered,
    /// at most `limit`; `None` if it is not answered by then.
    fn healthz_within(&self, limit: Duration) -> Option<Duration> {
        let started = Instant::now();
        let mut s = TcpStream::connect(&self.1).unwrap();
        s.set_read_timeout(Some(limit)).unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
            .unwrap();
        let mut answer = Vec::new();
        match s.read_to_end(&mut answer) {
            Ok(_) if answer.starts_with(b"HTTP/1.1 200") => Some(started.elapsed()),
            _ => None,
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// With room for one connection, a silent client holds it and a second
/// client waits; with room for two, the second is answered at once.
fn one_connection_is_the_cap(served: &Served) -> bool {
    let silent = TcpStream::connect(&served.1).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let capped = served.healthz_within(Duration::from_secs(1)).is_none();
    drop(silent);
    capped
}

#[test]
fn kurs_max_connections_and_the_flag_reach_the_accept_loop() {
    let data = tempfile::tempdir().unwrap();
    let long_heads = [("KURS_HEADER_TIMEOUT", "60")];

    let by_env = Served::start(
        &[],
        &[long_heads[0], ("KURS_MAX_CONNECTIONS", "1")],
        data.path(),
    );
    assert!(one_connection_is_the_cap(&by_env), "KURS_MAX_CONNECTIONS=1");
    // The silent client gone, the waiting one's slot frees.
    assert!(by_env.healthz_within(Duration::from_secs(5)).is_some());
    drop(by_env);

    let flag_wins = Served::start(
        &["--max-connections", "1"],
        &[long_heads[0], ("KURS_MAX_CONNECTIONS", "100")],
        data.path(),
    );
    assert!(one_connection_is_the_cap(&flag_wins), "--max-connections 1");
    drop(flag_wins);

    let roomy = Served::start(
        &[],
        &[long_heads[0], ("KURS_MAX_CONNECTIONS", "2")],
        data.path(),
    );
    assert!(!one_connection_is_the_cap(&roomy), "KURS_MAX_CONNECTIONS=2");
}

/// `kurs sync --source ecb` against a stub whose ECB daily file fails with
/// 500: how many times was it asked?
async fn ecb_attempts(args: &[&str], env: &[(&str, &str)]) -> usize {
    let up = Upstream::start_with_fixtures().await;
    up.fail(upstream::ECB_DAILY_PATH, Fault::Status(500));
    let data = tempfile::tempdir().unwrap();
    let mut all = vec!["sync", "--source", "ecb", "--fetch-backoff-ms", "1"];
    all.extend_from_slice(args);
    let mut command = kurs(&all, env);
    command
        .env("KURS_DATA_DIR", data.path())
        .env("KURS_ECB_URL", &up.url);
    let o: Output = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "the sync must fail");
    up.hits(upstream::ECB_DAILY_PATH)
}

#[tokio::test(flavor = "multi_thread")]
async fn fetch_retries_come_from_the_flag_or_kurs_fetch_retries_and_default_to_one() {
    assert_eq!(ecb_attempts(&[], &[]).await, 2, "one retry by default");
    let by_env = ecb_attempts(&[], &[("KURS_FETCH_RETRIES", "0")]).await;
    assert_eq!(by_env, 1, "KURS_FETCH_RETRIES=0");
    let flag = ecb_attempts(&["--fetch-retries", "3"], &[("KURS_FETCH_RETRIES", "0")]).await;
    assert_eq!(flag, 4, "--fetch-retries 3 beats KURS_FETCH_RETRIES=0");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_origin_flag_points_a_source_at_another_upstream() {
    let up = Upstream::start_with_fixtures().await;
    let data = tempfile::tempdir().unwrap();
    let mut command = kurs(&["sync", "--source", "ecb", "--ecb-url", &up.url], &[]);
    command
        .env("KURS_DATA_DIR", data.path())
        .env("KURS_ECB_URL", "http://127.0.0.1:9");
    let o = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(up.hits(upstream::ECB_DAILY_PATH) >= 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_limits_given_are_the_ones_the_store_keeps() {
    let up = Upstream::start_with_fixtures().await;
    up.fail(upstream::CBR_DAILY_PATH, Fault::Status(500));
    let mut options = app::over_stub(&up.url, None);
    // One failure opens the circuit (the default is three).
    options.limits.breaker_failures = 1;
    let base = app::serve(kurs_rates::Store::open(options).0).await;
    let first = chrono::NaiveDate::from_ymd_opt(2017, 3, 1).unwrap();
    for i in 0..5 {
        let date = first + chrono::Days::new(i * 7);
        let url = format!("{base}/v1/convert?from=USD&to=RUB&date={date}&source=cbr");
        let r = app::client().get(url).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 404);
    }
    assert_eq!(
        up.hits(upstream::CBR_DAILY_PATH),
        1,
        "five dates, one request"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bank_that_answers_not_found_for_a_date_is_not_down() {
    // A 404 for one date is the bank's answer about that date, not an
    // outage: it must not open the circuit and turn the next date's answer
    // into "not asked again before <instant>", which would make an answer
    // depend on the questions asked before it.
    let up = Upstream::start_with_fixtures().await;
    up.fail(upstream::CBR_DAILY_PATH, Fault::Status(404));
    let mut options = app::over_stub(&up.url, None);
    options.limits.breaker_failures = 1;
    let base = app::serve(kurs_rates::Store::open(options).0).await;
    let first = chrono::NaiveDate::from_ymd_opt(2017, 3, 1).unwrap();
    for i in 0..3 {
        let date = first + chrono::Days::new(i * 7);
        let url = format!("{base}/v1/convert?from=USD&to=RUB&date={date}&source=cbr");
        let r = app::client().get(url).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 404);
        let body = r.text().await.unwrap();
        assert!(body.contains("answered HTTP 404"), "{body}");
    }
    assert_eq!(up.hits(upstream::CBR_DAILY_PATH), 3, "each date asked once");
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn the_rates_library_reads_no_environment() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rates/src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    assert!(files.len() > 10, "rates/src has its sources");
    let mut readers = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            // `env!` (compile-time, e.g. CARGO_PKG_VERSION) is not reading.
            if line.contains("std::env") || line.contains("env::var") {
                readers.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(readers.is_empty(), "{}", readers.join("\n"));
}

#[test]
fn kurs_log_takes_levels_and_targets_and_an_unreadable_value_is_said_and_logged_at_info() {
    let data = tempfile::tempdir().unwrap();
    let unread = Served::start(&[], &[("KURS_LOG", "kurs=loud")], data.path());
    let lines = &unread.2;
    assert!(
        lines[0].contains("KURS_LOG=\"kurs=loud\" is not read")
            && lines[0].contains("Accepted: a level (error, warn, info, debug, trace, off)"),
        "{lines:?}"
    );
    assert!(lines.last().unwrap().contains(" INFO "), "{lines:?}");
    drop(unread);

    let env = [
        ("KURS_LOG", "warn,kurs::api=info"),
        ("KURS_LOG_JSON", "true"),
    ];
    let by_target = Served::start(&[], &env, data.path());
    let lines = &by_target.2;
    let last: serde_json::Value = serde_json::from_str(lines.last().unwrap()).unwrap();
    assert_eq!(last["level"], "INFO", "{lines:?}");
    assert_eq!(last["target"], "kurs::api", "{lines:?}");
    assert!(
        lines.iter().all(|l| !l.contains("is not read")),
        "{lines:?}"
    );
    drop(by_target);

    // At warn, a server that starts and answers writes nothing.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let mut child = kurs(
        &["serve", "--offline", "--addr", &addr],
        &[("KURS_LOG", "kurs=warn")],
    )
    .env("KURS_DATA_DIR", data.path())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let started = Instant::now();
    while TcpStream::connect(&addr).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "not listening on {addr}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    let mut said = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut said)
        .unwrap();
    child.wait().unwrap();
    assert_eq!(said, "", "KURS_LOG=kurs=warn");
}
