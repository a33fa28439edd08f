//! Connection hardening of `kurs serve`, driven over real TCP against the
//! real binary: silent and half-sent connections time out, a full file
//! table does not lock clients out, slow readers are dropped, SIGTERM is
//! not held up by any client, a stalled body gets 408, an oversize
//! `Expect: 100-continue` gets 413 at once, and gzip answers carry a weak
//! ETag.
//!
//! The limits are given through the environment (`KURS_HEADER_TIMEOUT`
//! and friends) so that a server that does not know them still starts and
//! the tests fail for what they test.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `kurs serve --offline` on a free loopback port; killed when dropped.
struct Served {
    child: Child,
    addr: String,
    _data: tempfile::TempDir,
}

impl Served {
    /// Starts the binary with `env` set, under `ulimit -n` if `nofile`.
    fn start(env: &[(&str, &str)], nofile: Option<u32>) -> Self {
        let data = tempfile::tempdir().unwrap();
        let bin = env!("CARGO_BIN_EXE_kurs");
        let args = ["serve", "--offline", "--addr", "127.0.0.1:0"];
        let mut command = match nofile {
            Some(n) => {
                let mut c = Command::new("sh");
                c.arg("-c")
                    .arg(format!("ulimit -n {n} && exec \"$0\" \"$@\""))
                    .arg(bin)
                    .args(args);
                c
            }
            None => {
                let mut c = Command::new(bin);
                c.args(args);
                c
            }
        };
        command
            .env("KURS_DATA_DIR", data.path())
            .env_remove("KURS_METRICS_ADDR")
            .envs(env.iter().copied())
            .stderr(Stdio::piped());
        let mut child = command.spawn().unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let line = lines
            .by_ref()
            .map(Result::unwrap)
            .find(|l| l.contains("listening on http://"))
            .expect("no 'listening on' line");
        let addr = line.split("http://").nth(1).unwrap().trim().to_owned();
        // Keep draining stderr so that logging never blocks the server.
        std::thread::spawn(move || lines.for_each(drop));
        Self {
            child,
            addr,
            _data: data,
        }
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(15)))
            .unwrap();
        stream
    }

    fn sigterm(&self) {
        let kill = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(kill.success());
    }

    /// Waits up to `limit` for the process to exit.
    fn exited_within(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads until the peer closes (EOF or reset) or `limit` passes; the bytes
/// read, and how long until the close (`None`: still open at `limit`).
fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (Vec<u8>, Option<Duration>) {
    let start = Instant::now();
    let mut seen = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    loop {
        let left = limit.saturating_sub(start.elapsed());
        if left.is_zero() {
            return (seen, None);
        }
        stream.set_read_timeout(Some(left)).unwrap();
        match stream.read(&mut buf) {
            Ok(0) => return (seen, Some(start.elapsed())),
            Ok(n) => seen.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return (seen, None)
            }
            Err(_) => return (seen, Some(start.elapsed())),
        }
    }
}

/// Reads one response whose head says its length (no chunked bodies).
fn read_response(stream: &mut TcpStream) -> (String, Vec<u8>) {
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut buf).expect("response head");
        assert!(n > 0, "closed before a response head");
        bytes.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&bytes[..head_end]).to_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map_or(0, |v| v.trim().parse().unwrap());
    let mut body = bytes[head_end..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut buf).expect("response body");
        assert!(n > 0, "closed in the body");
        body.extend_from_slice(&buf[..n]);
    }
    (head, body)
}

const HEALTHZ: &[u8] = b"GET /healthz HTTP/1.1\r\nHost: kurs\r\n\r\n";

#[test]
fn silent_connections_beyond_the_file_limit_do_not_lock_out_a_client() {
    let served = Served::start(&[("KURS_HEADER_TIMEOUT", "2")], Some(256));
    let silent: Vec<TcpStream> = (0..300).map(|_| served.connect()).collect();
    std::thread::sleep(Duration::from_millis(300));

    let start = Instant::now();
    let mut client = served.connect();
    client.write_all(HEALTHZ).unwrap();
    let (head, body) = read_response(&mut client);
    let waited = start.elapsed();

    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert_eq!(body, b"ok\n");
    assert!(waited < Duration::from_secs(6), "answered after {waited:?}");
    drop(silent);
}

#[test]
fn a_full_file_table_is_survived_without_spinning() {
    // A cap above the file limit, so that accept fails with EMFILE.
    let served = Served::start(
        &[
            ("KURS_HEADER_TIMEOUT", "3"),
            ("KURS_MAX_CONNECTIONS", "1000"),
        ],
        Some(128),
    );
    let silent: Vec<TcpStream> = (0..200).map(|_| served.connect()).collect();
    std::thread::sleep(Duration::from_millis(300));

    let cpu_before = cpu_seconds(served.child.id());
    std::thread::sleep(Duration::from_millis(1500));
    let cpu = cpu_seconds(served.child.id()) - cpu_before;
    let mut client = served.connect();
    client.write_all(HEALTHZ).unwrap();
    let (head, _) = read_response(&mut client);

    assert!(cpu < 0.5, "{cpu} s of CPU in 1.5 s of a full file table");
    assert!(head.starts_with("http/1.1 200"), "{head}");
    drop(silent);
}

/// User and system CPU time of process `pid` so far, in seconds.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    // utime and stime are fields 14 and 15; after "pid (comm)", 12 and 13.
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks / 100.0
}

#[test]
fn half_a_request_head_is_closed_after_the_header_timeout() {
    let served = Served::start(&[("KURS_HEADER_TIMEOUT", "1")], None);
    let mut stream = served.connect();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: kurs\r\n")
        .unwrap();

    let (_, closed) = read_until_closed(&mut stream, Duration::from_secs(8));

    let closed = closed.expect("a half-sent head still open after 8 s");
    assert!(
        closed >= Duration::from_millis(900),
        "closed after {closed:?}"
    );
    assert!(closed < Duration::from_secs(3), "closed after {closed:?}");
}

#[test]
fn an_idle_keep_alive_connection_is_closed_after_the_idle_timeout() {
    let served = Served::start(&[("KURS_HEADER_TIMEOUT", "1")], None);
    let mut stream = served.connect();
    stream.write_all(HEALTHZ).unwrap();
    let (head, _) = read_response(&mut stream);
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(!head.contains("connection: close"), "{head}");

    let (rest, closed) = read_until_closed(&mut stream, Duration::from_secs(8));

    assert!(rest.is_empty(), "{}", String::from_utf8_lossy(&rest));
    let closed = closed.expect("an idle keep-alive connection still open after 8 s");
    assert!(closed < Duration::from_secs(3), "closed after {closed:?}");
}

#[test]
fn sigterm_is_not_held_up_by_a_half_sent_head_or_an_idle_connection() {
    let mut served = Served::start(
        &[("KURS_HEADER_TIMEOUT", "60"), ("KURS_SHUTDOWN_GRACE", "2")],
        None,
    );
    let mut idle = served.connect();
    idle.write_all(HEALTHZ).unwrap();
    read_response(&mut idle);
    let mut half = served.connect();
    half.write_all(b"GET /healthz HTTP/1.1\r\nHost: ku")
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));

    let start = Instant::now();
    served.sigterm();
    let (_, idle_closed) = read_until_closed(&mut idle, Duration::from_secs(5));
    let exit = served.exited_within(Duration::from_secs(15));
    let took = start.elapsed();

    let idle_closed = idle_closed.expect("the idle connection was not closed");
    assert!(
        idle_closed < Duration::from_secs(1),
        "idle closed after {idle_closed:?}"
    );
    let exit = exit.expect("still running 15 s after SIGTERM");
    assert!(exit.success(), "{exit:?}");
    assert!(
        took < Duration::from_secs(4),
        "exited {took:?} after SIGTERM"
    );
    drop(half);
}

#[test]
fn a_request_in_flight_at_sigterm_is_answered_with_connection_close() {
    let mut served = Served::start(&[("KURS_SHUTDOWN_GRACE", "5")], None);
    let body = br#"[{"from":"EUR","to":"USD","amount":"1"}]"#;
    let mut stream = served.connect();
    write!(
        stream,
        "POST /v1/convert HTTP/1.1\r\nHost: kurs\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(&body[..5]).unwrap();
    std::thread::sleep(Duration::from_millis(300));

    served.sigterm();
    std::thread::sleep(Duration::from_millis(300));
    stream.write_all(&body[5..]).unwrap();
    let (head, _) = read_response(&mut stream);

    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(head.contains("connection: close"), "{head}");
    let exit = served.exited_within(Duration::from_secs(5));
    assert!(exit.is_some_and(|e| e.success()), "{exit:?}");
}

#[test]
fn a_client_that_never_reads_a_large_answer_is_dropped_after_the_write_timeout() {
    let served = Served::start(&[("KURS_WRITE_TIMEOUT", "1")], None);
    // 150 pipelined copies of the 75 kB contract, some 11 MB in all: more
    // than the kernel's socket buffers hold (the server's send buffer grows
    // to 4 MiB), so the server's writes block. The big range answers of
    // /frankfurter take seconds each to render in a debug build; these are
    // served at once.
    let one = "GET /openapi.yaml HTTP/1.1\r\nHost: kurs\r\n\r\n";
    let mut slow = small_window_stream(&served.addr);
    slow.write_all(one.repeat(150).as_bytes()).unwrap();
    std::thread::sleep(Duration::from_secs(4));
    let (got, closed) = read_until_closed(&mut slow, Duration::from_secs(30));

    let all = 150 * kurs::api::OPENAPI.len();
    assert!(
        closed.is_some(),
        "the slow reader was neither served nor dropped"
    );
    assert!(
        got.len() < all / 2,
        "a reader that stalled 4 s still got {} of {all} bytes",
        got.len()
    );
}

/// A client socket with a small receive buffer, so the server's writes
/// block soon when it does not read.
fn small_window_stream(addr: &str) -> TcpStream {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let stream = runtime.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.set_recv_buffer_size(4096).unwrap();
        socket.connect(addr.parse().unwrap()).await.unwrap()
    });
    let stream = stream.into_std().unwrap();
    stream.set_nonblocking(false).unwrap();
    stream
}

#[test]
fn a_body_that_never_arrives_gets_408() {
    let served = Served::start(&[("KURS_BODY_TIMEOUT", "1")], None);
    let mut stream = served.connect();
    stream
        .write_all(
            b"POST /v1/convert HTTP/1.1\r\nHost: kurs\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[{\"fr",
        )
        .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();

    let start = Instant::now();
    let (head, body) = read_response(&mut stream);
    let waited = start.elapsed();

    assert!(head.starts_with("http/1.1 408"), "{head}");
    assert!(head.contains("application/problem+json"), "{head}");
    let problem: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(problem["code"], "request_timeout", "{problem}");
    assert!(
        problem["detail"].as_str().unwrap().contains("1 s"),
        "{problem}"
    );
    assert!(waited < Duration::from_secs(3), "answered after {waited:?}");
}

#[test]
fn an_oversize_expect_100_continue_gets_413_without_continue() {
    let served = Served::start(&[], None);
    let mut stream = served.connect();
    stream
        .write_all(
            b"POST /v1/convert HTTP/1.1\r\nHost: kurs\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\nExpect: 100-continue\r\n\r\n",
        )
        .unwrap();

    let (head, body) = read_response(&mut stream);

    assert!(head.starts_with("http/1.1 413"), "{head}");
    let problem: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(problem["code"], "body_too_large", "{problem}");
    assert!(
        problem["detail"].as_str().unwrap().contains("1048576"),
        "{problem}"
    );
}

fn get(origin: &str, path: &str, headers: &[(&str, &str)]) -> reqwest::blocking::Response {
    let client = reqwest::blocking::Client::builder()
        .no_gzip()
        .no_brotli()
        .build()
        .unwrap();
    let mut request = client.get(format!("http://{origin}{path}"));
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    request.send().unwrap()
}

#[test]
fn gzip_and_identity_answers_carry_different_etags_and_either_revalidates() {
    let served = Served::start(&[], None);
    let path = "/v1/currencies";
    let plain = get(&served.addr, path, &[]);
    let gzip = get(&served.addr, path, &[("accept-encoding", "gzip")]);
    assert_eq!(gzip.headers()["content-encoding"], "gzip");
    assert!(plain.headers().get("content-encoding").is_none());
    let strong = plain.headers()["etag"].to_str().unwrap().to_owned();
    let weak = gzip.headers()["etag"].to_str().unwrap().to_owned();

    assert!(strong.starts_with('"'), "{strong}");
    assert_eq!(weak, format!("W/{strong}"));
    for tag in [&strong, &weak] {
        for encoding in ["identity", "gzip"] {
            let again = get(
                &served.addr,
                path,
                &[("accept-encoding", encoding), ("if-none-match", tag)],
            );
            assert_eq!(again.status(), 304, "{tag} with {encoding}");
        }
    }
}
