//! Getting bytes from upstream: HTTP with timeouts, retries with jittered
//! exponential backoff, gzip, conditional GET, and a cap on the size of
//! every body (on the wire and decompressed), checked while it streams in.
//!
//! Most banks are asked with a GET; a bank whose service takes its calls
//! in a request body (the MNB's SOAP service) is sent a [`Post`], under
//! the same timeouts, retries, redirect policy and body limits, but never
//! conditionally: a POST sends no validators and a `304` to it is an error.

use std::future::Future;
use std::io::Write;
use std::pin::Pin;
use std::time::Duration;

use reqwest::header::{
    ACCEPT_ENCODING, CONTENT_ENCODING, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
};
use reqwest::StatusCode;

/// A boxed future, for the object-safe [`Transport`] trait.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What an upstream said about a body, to ask "has it changed?" next time.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    /// The `ETag` header, as sent.
    pub etag: Option<String>,
    /// The `Last-Modified` header, as sent.
    pub last_modified: Option<String>,
}

impl Validators {
    fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// An upstream answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// A new body, with the validators to send next time.
    Body {
        /// The body, decompressed.
        bytes: Vec<u8>,
        /// The body's validators.
        validators: Validators,
    },
    /// The upstream confirmed the body last seen is still current (304).
    NotModified,
}

/// Why an upstream request failed (after its retries).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    /// The upstream answered with an error status.
    #[error("{url} answered HTTP {status}")]
    Status {
        /// The URL asked.
        url: String,
        /// The status code.
        status: u16,
    },
    /// No complete answer within the time allowed.
    #[error("{url} did not answer within {seconds:.1} s")]
    Timeout {
        /// The URL asked.
        url: String,
        /// The time allowed, in seconds.
        seconds: f64,
    },
    /// The connection failed or broke.
    #[error("{url}: {message}")]
    Transport {
        /// The URL asked.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// kurs runs offline and was asked to fetch.
    #[error("kurs is offline: not fetching {url}")]
    Offline {
        /// The URL that was not fetched.
        url: String,
    },
    /// The upstream redirected to another host, or too many times.
    #[error("{url}: {message}")]
    Redirect {
        /// The URL asked.
        url: String,
        /// Where it redirected and why that was not followed.
        message: String,
    },
    /// The body passed the size allowed for the request; reading stopped
    /// there.
    #[error("{url}: the body is larger than the {} allowed {what} for this request; not read further", mib(*limit))]
    TooLarge {
        /// The URL asked.
        url: String,
        /// `on the wire` or `decompressed`.
        what: &'static str,
        /// The limit passed, in bytes.
        limit: u64,
    },
}

impl FetchError {
    /// Whether the error says the bank is down or misbehaving (no answer, a
    /// broken connection, a `5xx`, `408` or `429`, a body too large, a
    /// redirect elsewhere), rather than answering what was asked with a
    /// client error (a `404` for a date it has no table for): only the
    /// first is a reason to stop asking the bank for a while.
    pub fn is_outage(&self) -> bool {
        match self {
            FetchError::Status { status, .. } => {
                !(400..500).contains(status) || matches!(status, 408 | 429)
            }
            FetchError::Offline { .. } => false,
            _ => true,
        }
    }
}

/// `8388608` -> `8 MiB (8388608 bytes)`.
fn mib(bytes: u64) -> String {
    format!("{} MiB ({bytes} bytes)", bytes / MIB)
}

const MIB: u64 = 1024 * 1024;

impl FetchError {
    fn is_retryable(&self) -> bool {
        match self {
            FetchError::Status { status, .. } => *status >= 500 || *status == 429,
            FetchError::Timeout { .. } | FetchError::Transport { .. } => true,
            FetchError::Offline { .. }
            | FetchError::TooLarge { .. }
            | FetchError::Redirect { .. } => false,
        }
    }
}

/// A request sent as a POST rather than a GET: where to, with which
/// headers and which body. A source says which of its requests are POSTs
/// ([`crate::Source::post`]); the store sends them with [`Transport::post`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    /// The path (and query, if any) to POST to, under the source's origin.
    pub path: String,
    /// Headers to send besides kurs's own (`User-Agent`,
    /// `Accept-Encoding`), such as `Content-Type` and `SOAPAction`. A name
    /// or value that is not valid in HTTP fails the request as a
    /// [`FetchError::Transport`].
    pub headers: Vec<(&'static str, String)>,
    /// The request body.
    pub body: Vec<u8>,
}

/// What a request is expected to bring, which decides how large its body
/// may be (see [`FetchConfig::tables`] and [`FetchConfig::history`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// One table, or a few months of them (a daily file, a by-date or
    /// by-range answer, the ECB's 90-day file).
    Tables,
    /// A source's whole published history (the ECB's `eurofxref-hist.xml`).
    History,
}

/// How large one response body may be. A body past either limit is a
/// [`FetchError::TooLarge`]: reading stops at the first chunk that passes
/// it, so no more than about one chunk over the limit is ever held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyLimits {
    /// Bytes as received, before any `Content-Encoding: gzip` is undone
    /// (checked against `Content-Length` first, when the upstream sends one).
    pub wire: u64,
    /// Bytes after decompression: what a gzip bomb inflates to.
    pub decoded: u64,
}

impl BodyLimits {
    /// 4 MiB either way, for [`Expected::Tables`]. The largest such answer
    /// today, the ECB's 90-day file, is about 150 kB; an NBP range of 93
    /// days about 300 kB.
    pub const TABLES: BodyLimits = BodyLimits {
        wire: 4 * MIB,
        decoded: 4 * MIB,
    };

    /// 8 MiB on the wire and 64 MiB decompressed, for [`Expected::History`].
    /// The ECB's `eurofxref-hist.xml` is about 15 MB, about 2 MB gzipped.
    pub const HISTORY: BodyLimits = BodyLimits {
        wire: 8 * MIB,
        decoded: 64 * MIB,
    };
}

/// Something that can GET a URL (or POST to it): real HTTP in production, an in-memory
/// fake in tests that run on paused time.
pub trait Transport: Send + Sync + 'static {
    /// Gets `url`, sending `validators` for a conditional request; the
    /// body may be as large as `expected` allows.
    fn get<'a>(
        &'a self,
        url: &'a str,
        validators: Option<&'a Validators>,
        expected: Expected,
    ) -> BoxFuture<'a, Result<Response, FetchError>>;

    /// Gets `url` like [`Transport::get`], but tries once: no retry and no
    /// backoff. What a fetch made for a client's request uses, so that the
    /// client waits for one round trip at most. By default, `get`.
    fn get_once<'a>(
        &'a self,
        url: &'a str,
        validators: Option<&'a Validators>,
        expected: Expected,
    ) -> BoxFuture<'a, Result<Response, FetchError>> {
        self.get(url, validators, expected)
    }

    /// Sends `post` to `url` (the source's origin followed by
    /// [`Post::path`]), under the same timeouts, retries and body limits
    /// as [`Transport::get`]. Never conditional: the answer is a
    /// [`Response::Body`] or an error.
    ///
    /// By default, refuses with a [`FetchError::Transport`]: a transport
    /// that only GETs (a test's fake) need not implement it.
    fn post<'a>(
        &'a self,
        url: &'a str,
        post: &'a Post,
        expected: Expected,
    ) -> BoxFuture<'a, Result<Response, FetchError>> {
        let _ = (post, expected);
        Box::pin(async move {
            Err(FetchError::Transport {
                url: url.to_owned(),
                message: "this transport cannot send a POST".to_owned(),
            })
        })
    }

    /// Sends `post` like [`Transport::post`], but tries once, as
    /// [`Transport::get_once`] does. By default, `post`.
    fn post_once<'a>(
        &'a self,
        url: &'a str,
        post: &'a Post,
        expected: Expected,
    ) -> BoxFuture<'a, Result<Response, FetchError>> {
        self.post(url, post, expected)
    }
}

/// What one HTTP request is: a GET, conditional when it has validators,
/// or a POST.
#[derive(Debug, Clone, Copy)]
enum Call<'a> {
    Get(Option<&'a Validators>),
    Post(&'a Post),
}

impl Call<'_> {
    /// The request on `client`, with every header it sends; and whether
    /// it is conditional, the only kind a `304` answers.
    fn request(self, client: &reqwest::Client, url: &str) -> (reqwest::RequestBuilder, bool) {
        match self {
            Call::Get(validators) => {
                let mut request = client.get(url);
                let validators = validators.filter(|v| !v.is_empty());
                if let Some(v) = validators {
                    if let Some(etag) = &v.etag {
                        request = request.header(IF_NONE_MATCH, etag);
                    }
                    if let Some(lm) = &v.last_modified {
                        request = request.header(IF_MODIFIED_SINCE, lm);
                    }
                }
                (request, validators.is_some())
            }
            Call::Post(post) => {
                let mut request = client.post(url).body(post.body.clone());
                for (name, value) in &post.headers {
                    request = request.header(*name, value);
                }
                (request, false)
            }
        }
    }
}

/// Timeouts, retries, redirects and body limits of [`HttpTransport`].
#[derive(Debug, Clone, PartialEq)]
pub struct FetchConfig {
    /// Time allowed to connect.
    pub connect_timeout: Duration,
    /// Time allowed for one whole request, body included.
    pub timeout: Duration,
    /// How many times a failed request is tried again.
    pub retries: u32,
    /// The first backoff; each retry doubles it, with ±50 % jitter.
    pub backoff: Duration,
    /// The body limits of [`Expected::Tables`] requests
    /// ([`BodyLimits::TABLES`] by default).
    pub tables: BodyLimits,
    /// The body limits of [`Expected::History`] requests
    /// ([`BodyLimits::HISTORY`] by default).
    pub history: BodyLimits,
}

/// Default of [`FetchConfig::connect_timeout`]: 5 s, ample for a TCP and
/// TLS handshake with a bank on any real link.
pub const FETCH_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Default of [`FetchConfig::timeout`]: 15 s for one whole request, body
/// included (the ECB's 15 MB history takes a few seconds on a slow link).
/// The one default kurs has: `kurs sync`, the refreshers and `kurs serve`
/// used 15 s before it was a setting; the library's own 30 s is gone.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(15);

/// Default of [`FetchConfig::retries`]: 1 retry of a failed request (a
/// 5xx, a 429, a timeout, a reset). The refreshers try again on their own
/// schedule, so one retry covers a blip without piling up on a bank that
/// is down; as with the timeout, what `kurs` has always used.
pub const FETCH_RETRIES: u32 = 1;

/// Default of [`FetchConfig::backoff`]: 500 ms before the first retry.
pub const FETCH_BACKOFF: Duration = Duration::from_millis(500);

impl Default for FetchConfig {
    fn default() -> Self {
        Self {
            connect_timeout: FETCH_CONNECT_TIMEOUT,
            timeout: FETCH_TIMEOUT,
            retries: FETCH_RETRIES,
            backoff: FETCH_BACKOFF,
            tables: BodyLimits::TABLES,
            history: BodyLimits::HISTORY,
        }
    }
}

impl FetchConfig {
    fn limits(&self, expected: Expected) -> BodyLimits {
        match expected {
            Expected::Tables => self.tables,
            Expected::History => self.history,
        }
    }
}

/// HTTP over reqwest and rustls, with a `User-Agent` naming kurs.
#[derive(Debug, Clone)]
pub struct HttpTransport {
    /// Built on the first request, and shared by clones: building it loads
    /// rustls's root certificates, about 1.6 MB of memory that a one-shot
    /// `kurs convert` answered from stored tables never needs (see
    /// `BENCHMARKS.md`, "CLI start-up").
    client: std::sync::Arc<std::sync::OnceLock<reqwest::Client>>,
    config: FetchConfig,
}

/// The `User-Agent` kurs sends upstream.
pub const USER_AGENT: &str = concat!(
    "kurs/",
    env!("CARGO_PKG_VERSION"),
    " (currency converter; official rates)"
);

impl HttpTransport {
    /// A transport with these timeouts, retries and limits.
    ///
    /// reqwest's own decompression is off: kurs asks for gzip itself and
    /// inflates it while counting, so that both the bytes on the wire and
    /// the bytes they inflate to are capped (see [`BodyLimits`]).
    ///
    /// The HTTP client is built on the first request; a client that cannot
    /// be built fails that request (and the next ones) as a transport error.
    pub fn new(config: FetchConfig) -> Result<Self, FetchError> {
        Ok(Self {
            client: Default::default(),
            config,
        })
    }

    /// The HTTP client, built on first use.
    fn client(&self, url: &str) -> Result<&reqwest::Client, FetchError> {
        if let Some(client) = self.client.get() {
            return Ok(client);
        }
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(self.config.connect_timeout)
            .timeout(self.config.timeout)
            .gzip(false)
            .brotli(false)
            .redirect(same_origin_redirects())
            .build()
            .map_err(|e| FetchError::Transport {
                url: url.to_owned(),
                message: format!("cannot build the HTTP client: {e}"),
            })?;
        // Two first requests at once may both build one; either is kept.
        Ok(self.client.get_or_init(|| client))
    }

    async fn attempt(
        &self,
        url: &str,
        call: Call<'_>,
        expected: Expected,
    ) -> Result<Response, FetchError> {
        let (request, conditional) = call.request(self.client(url)?, url);
        let request = request.header(ACCEPT_ENCODING, "gzip");
        let response = request.send().await.map_err(|e| self.error(url, e))?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED && conditional {
            return Ok(Response::NotModified);
        }
        if !status.is_success() {
            let status = status.as_u16();
            return Err(FetchError::Status {
                url: url.to_owned(),
                status,
            });
        }
        let header = |name| {
            let value = response.headers().get(name)?;
            value.to_str().ok().map(str::to_owned)
        };
        // A POST's answer has no validators to send next time.
        let validators = match call {
            Call::Get(_) => Validators {
                etag: header(ETAG),
                last_modified: header(LAST_MODIFIED),
            },
            Call::Post(_) => Validators::default(),
        };
        let limits = self.config.limits(expected);
        let bytes = self.read_body(url, response, limits).await?;
        Ok(Response::Body { bytes, validators })
    }

    /// Reads the body chunk by chunk, inflating gzip as it comes, and
    /// stops at the first chunk that passes a limit.
    async fn read_body(
        &self,
        url: &str,
        mut response: reqwest::Response,
        limits: BodyLimits,
    ) -> Result<Vec<u8>, FetchError> {
        let too_large = |what, limit| FetchError::TooLarge {
            url: url.to_owned(),
            what,
            limit,
        };
        if response.content_length().is_some_and(|n| n > limits.wire) {
            return Err(too_large(ON_THE_WIRE, limits.wire));
        }
        let mut sink = Sink::for_encoding(response.headers().get(CONTENT_ENCODING), limits.decoded)
            .map_err(|message| FetchError::Transport {
                url: url.to_owned(),
                message,
            })?;
        let mut wire = 0u64;
        while let Some(chunk) = response.chunk().await.map_err(|e| self.error(url, e))? {
            wire += chunk.len() as u64;
            if wire > limits.wire {
                return Err(too_large(ON_THE_WIRE, limits.wire));
            }
            sink.write(&chunk)
                .map_err(|e| sink.error(url, e, limits.decoded))?;
        }
        sink.finish().map_err(|e| FetchError::Transport {
            url: url.to_owned(),
            message: format!("the gzip body is corrupt: {e}"),
        })
    }

    fn error(&self, url: &str, e: reqwest::Error) -> FetchError {
        let url = url.to_owned();
        if e.is_timeout() {
            let seconds = self.config.timeout.as_secs_f64();
            return FetchError::Timeout { url, seconds };
        }
        if e.is_redirect() {
            let refused = std::error::Error::source(&e).and_then(|s| s.downcast_ref());
            let message = match refused {
                Some(RedirectRefused(reason)) => reason.clone(),
                None => e.to_string(),
            };
            return FetchError::Redirect { url, message };
        }
        // reqwest's own message repeats the URL; its causes say what failed.
        let mut causes = Vec::new();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            causes.push(s.to_string());
            source = s.source();
        }
        let message = if causes.is_empty() {
            e.to_string()
        } else {
            causes.join(": ")
        };
        FetchError::Transport { url, message }
    }
}

/// The wait before retry number `attempt` (0-based): `base × 2^attempt`,
/// times a random factor in [0.5, 1.5) so that many clients do not retry
/// in step.
pub fn backoff(base: Duration, attempt: u32, jitter: f64) -> Duration {
    base.saturating_mul(1 << attempt.min(16))
        .mul_f64(0.5 + jitter.clamp(0.0, 1.0))
}

/// How many redirects one request follows.
pub const MAX_REDIRECTS: usize = 5;

/// Why a redirect was not followed.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct RedirectRefused(String);

/// Follows at most [`MAX_REDIRECTS`] redirects, each to the origin (scheme,
/// host and port) of the URL first asked: a source's origin is configured,
/// and a redirect must not take kurs anywhere else.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let asked = attempt.previous()[0].origin();
        let to = attempt.url().origin();
        if to != asked {
            let message = format!(
                "redirected to another host, {}; kurs follows redirects only within {}",
                to.ascii_serialization(),
                asked.ascii_serialization()
            );
            attempt.error(RedirectRefused(message))
        } else if attempt.previous().len() > MAX_REDIRECTS {
            let message = format!("more than {MAX_REDIRECTS} redirects");
            attempt.error(RedirectRefused(message))
        } else {
            attempt.follow()
        }
    })
}

const ON_THE_WIRE: &str = "on the wire";
const DECOMPRESSED: &str = "decompressed";

/// A `Vec` that refuses to grow past a limit.
struct Capped {
    bytes: Vec<u8>,
    limit: u64,
    passed: bool,
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if (self.bytes.len() + buf.len()) as u64 > self.limit {
            self.passed = true;
            return Err(std::io::Error::other("body limit passed"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Where body chunks go: straight into a [`Capped`] buffer, or through a
/// gzip decoder into one.
enum Sink {
    Plain(Capped),
    Gzip(Box<flate2::write::MultiGzDecoder<Capped>>),
}

impl Sink {
    /// The sink for a `Content-Encoding`: none, `identity` or `gzip` (the
    /// only one kurs asks for). Anything else is refused.
    fn for_encoding(
        encoding: Option<&reqwest::header::HeaderValue>,
        limit: u64,
    ) -> Result<Sink, String> {
        let capped = Capped {
            bytes: Vec::new(),
            limit,
            passed: false,
        };
        let name = encoding.map(|v| v.to_str().unwrap_or("").trim().to_ascii_lowercase());
        match name.as_deref() {
            None | Some("identity") => Ok(Sink::Plain(capped)),
            Some("gzip" | "x-gzip") => Ok(Sink::Gzip(Box::new(
                flate2::write::MultiGzDecoder::new(capped),
            ))),
            Some(_) => Err("unsupported Content-Encoding (kurs asks for gzip or none)".to_owned()),
        }
    }

    fn write(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        match self {
            Sink::Plain(c) => c.write_all(chunk),
            Sink::Gzip(d) => d.write_all(chunk),
        }
    }

    fn capped(&self) -> &Capped {
        match self {
            Sink::Plain(c) => c,
            Sink::Gzip(d) => d.get_ref(),
        }
    }

    /// The error of a failed write: the limit passed, or corrupt gzip.
    fn error(&self, url: &str, e: std::io::Error, limit: u64) -> FetchError {
        let url = url.to_owned();
        if self.capped().passed {
            FetchError::TooLarge {
                url,
                what: DECOMPRESSED,
                limit,
            }
        } else {
            let message = format!("the gzip body is corrupt: {e}");
            FetchError::Transport { url, message }
        }
    }

    fn finish(self) -> std::io::Result<Vec<u8>> {
        match self {
            Sink::Plain(c) => Ok(c.bytes),
            Sink::Gzip(d) => Ok(d.finish()?.bytes),
        }
    }
}

impl HttpTransport {
    /// Sends `call`, trying again as [`FetchConfig`] says.
    async fn with_retries(
        &self,
        url: &str,
        call: Call<'_>,
        expected: Expected,
    ) -> Result<Response, FetchError> {
        let mut attempt = 0;
        loop {
            match self.attempt(url, call, expected).await {
                Err(e) if e.is_retryable() && attempt < self.config.retries => {
                    let wait = backoff(self.config.backoff, attempt, fastrand::f64());
                    tracing::debug!(%url, error = %e, ?wait, "retrying");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                outcome => return outcome,
            }
        }
    }
}

impl Transport for HttpTransport {
    fn get<'a>(
        &'a self,
        url: &'a str,
        validators: Option<&'a Validators>,
        expected: Expected,
    ) -> BoxFuture<'a, Result<Response, FetchError>> {
        Box::pin(self.with_retries(url, Call::Get(validators), expected))
    }

    fn get_once<'a>(
        &'a self,
        url: &'a str,
        validators: Option<&'a Validators>,
        expected: Expected,
    ) -> BoxFuture<'a, Result<Response, FetchError>> {
        Box::pin(self.attempt(url, Call::Get(validators), expected))
    }

    fn post<'a>(
        &'a self,
        url: &'a str,
        post: &'a Post,
        expected: Expected,
    ) -> BoxFuture<'a, Result<Response, FetchError>> {
        Box::pin(self.with_retries(url, Call::Post(post), expected))
    }

    fn post_once<'a>(
        &'a self,
        url: &'a str,
        post: &'a Post,
        expected: Expected,
    ) -> BoxFuture<'a, Result<Response, FetchError>> {
        Box::pin(self.attempt(url, Call::Post(post), expected))
    }
}

/// A transport that refuses every request: what kurs uses offline.
#[derive(Debug, Clone, Copy, Default)]
pub struct Offline;

impl Transport for Offline {
    fn get<'a>(
        &'a self,
        url: &'a str,
        _: Option<&'a Validators>,
        _: Expected,
    ) -> BoxFuture<'a, Result<Response, FetchError>> {
        Box::pin(async move {
            Err(FetchError::Offline {
                url: url.to_owned(),
            })
        })
    }

    fn post<'a>(
        &'a self,
        url: &'a str,
        _: &'a Post,
        expected: Expected,
    ) -> BoxFuture<'a, Result<Response, FetchError>> {
        self.get(url, None, expected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_jitters_within_half_either_way() {
        let base = Duration::from_millis(100);
        assert_eq!(backoff(base, 0, 0.5), Duration::from_millis(100));
        assert_eq!(backoff(base, 3, 0.5), Duration::from_millis(800));
        assert_eq!(backoff(base, 1, 0.0), Duration::from_millis(100));
        assert!(backoff(base, 1, 0.999) < Duration::from_millis(300));
    }

    #[test]
    fn client_errors_are_final_and_server_errors_are_retried() {
        let status = |s| FetchError::Status {
            url: "u".into(),
            status: s,
        };
        assert!(!status(404).is_retryable());
        assert!(status(503).is_retryable());
        assert!(status(429).is_retryable());
        assert!(!FetchError::Offline { url: "u".into() }.is_retryable());
    }

    #[test]
    fn a_post_carries_its_headers_and_body_and_never_a_validator() {
        let client = reqwest::Client::new();
        let url = "http://127.0.0.1:9/service";
        let post = Post {
            path: "/service".into(),
            headers: vec![("SOAPAction", "urn:x/Op".into())],
            body: b"<call/>".to_vec(),
        };
        let (request, conditional) = Call::Post(&post).request(&client, url);
        let request = request.build().unwrap();
        assert!(!conditional);
        assert_eq!(request.method(), reqwest::Method::POST);
        assert_eq!(request.headers()["soapaction"], "urn:x/Op");
        assert_eq!(
            request.body().and_then(|b| b.as_bytes()),
            Some(&b"<call/>"[..])
        );
        assert!(!request.headers().contains_key(IF_NONE_MATCH));

        let validators = Validators {
            etag: Some("\"a\"".into()),
            last_modified: None,
        };
        let (get, conditional) = Call::Get(Some(&validators)).request(&client, url);
        let get = get.build().unwrap();
        assert!(conditional, "a GET with validators is conditional");
        assert_eq!(get.method(), reqwest::Method::GET);
        assert_eq!(get.headers()[IF_NONE_MATCH], "\"a\"");
        let empty = Validators::default();
        assert!(!Call::Get(Some(&empty)).request(&client, url).1);
    }

    #[test]
    fn the_user_agent_names_kurs_and_its_version() {
        assert!(USER_AGENT.starts_with(concat!("kurs/", env!("CARGO_PKG_VERSION"))));
    }
}
