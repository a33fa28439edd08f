//! Getting bytes from upstream: HTTP with timeouts, retries with jittered
//! exponential backoff, gzip and conditional GET.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
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
    #[error("kurs is offline (--offline or KURS_OFFLINE=1): not fetching {url}")]
    Offline {
        /// The URL that was not fetched.
        url: String,
    },
}

impl FetchError {
    fn is_retryable(&self) -> bool {
        match self {
            FetchError::Status { status, .. } => *status >= 500 || *status == 429,
            FetchError::Timeout { .. } | FetchError::Transport { .. } => true,
            FetchError::Offline { .. } => false,
        }
    }
}

/// Something that can GET a URL: real HTTP in production, an in-memory
/// fake in tests that run on paused time.
pub trait Transport: Send + Sync + 'static {
    /// Gets `url`, sending `validators` for a conditional request.
    fn get<'a>(
        &'a self,
        url: &'a str,
        validators: Option<&'a Validators>,
    ) -> BoxFuture<'a, Result<Response, FetchError>>;
}

/// Timeouts and retries of [`HttpTransport`].
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
}

impl Default for FetchConfig {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(30),
            retries: 3,
            backoff: Duration::from_millis(500),
        }
    }
}

/// HTTP over reqwest and rustls, with a `User-Agent` naming kurs.
#[derive(Debug, Clone)]
pub struct HttpTransport {
    client: reqwest::Client,
    config: FetchConfig,
}

/// The `User-Agent` kurs sends upstream.
pub const USER_AGENT: &str = concat!(
    "kurs/",
    env!("CARGO_PKG_VERSION"),
    " (currency converter; official rates)"
);

impl HttpTransport {
    /// A transport with these timeouts and retries.
    pub fn new(config: FetchConfig) -> Result<Self, FetchError> {
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .gzip(true)
            .brotli(true)
            .build()
            .map_err(|e| FetchError::Transport {
                url: String::new(),
                message: format!("cannot build the HTTP client: {e}"),
            })?;
        Ok(Self { client, config })
    }

    async fn get_once(
        &self,
        url: &str,
        validators: Option<&Validators>,
    ) -> Result<Response, FetchError> {
        let mut request = self.client.get(url);
        if let Some(v) = validators.filter(|v| !v.is_empty()) {
            if let Some(etag) = &v.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &v.last_modified {
                request = request.header(IF_MODIFIED_SINCE, lm);
            }
        }
        let response = request.send().await.map_err(|e| self.error(url, e))?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
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
        let validators = Validators {
            etag: header(ETAG),
            last_modified: header(LAST_MODIFIED),
        };
        let bytes = response
            .bytes()
            .await
            .map_err(|e| self.error(url, e))?
            .to_vec();
        Ok(Response::Body { bytes, validators })
    }

    fn error(&self, url: &str, e: reqwest::Error) -> FetchError {
        let url = url.to_owned();
        if e.is_timeout() {
            let seconds = self.config.timeout.as_secs_f64();
            return FetchError::Timeout { url, seconds };
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

impl Transport for HttpTransport {
    fn get<'a>(
        &'a self,
        url: &'a str,
        validators: Option<&'a Validators>,
    ) -> BoxFuture<'a, Result<Response, FetchError>> {
        Box::pin(async move {
            let mut attempt = 0;
            loop {
                match self.get_once(url, validators).await {
                    Err(e) if e.is_retryable() && attempt < self.config.retries => {
                        let wait = backoff(self.config.backoff, attempt, fastrand::f64());
                        tracing::debug!(%url, error = %e, ?wait, "retrying");
                        tokio::time::sleep(wait).await;
                        attempt += 1;
                    }
                    outcome => return outcome,
                }
            }
        })
    }
}

/// A transport that refuses every request: what `--offline` uses.
#[derive(Debug, Clone, Copy, Default)]
pub struct Offline;

impl Transport for Offline {
    fn get<'a>(
        &'a self,
        url: &'a str,
        _: Option<&'a Validators>,
    ) -> BoxFuture<'a, Result<Response, FetchError>> {
        Box::pin(async move {
            Err(FetchError::Offline {
                url: url.to_owned(),
            })
        })
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
    fn the_user_agent_names_kurs_and_its_version() {
        assert!(USER_AGENT.starts_with(concat!("kurs/", env!("CARGO_PKG_VERSION"))));
    }
}
