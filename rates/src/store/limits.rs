//! The store's knobs, as one value: how hard kurs may ask a bank for past
//! dates, how it backs off, and how often it keeps its data directory.

use std::time::Duration;

use super::apply::REQUEST_FETCH_TIMEOUT;
use super::bucket::{UPSTREAM_BURST, UPSTREAM_RATE_PER_SECOND};
use super::disk::{RESCAN_INTERVAL, STATE_WRITE_INTERVAL};
use super::{BREAKER_FAILURES, BREAKER_PAUSE, FAILURE_TTL};

/// The limits and intervals of a [`crate::Store`], part of
/// [`crate::StoreOptions`]. The default of each is the constant of the same
/// name (e.g. [`crate::BREAKER_FAILURES`]), which says why it is that value;
/// `kurs` fills them from its settings (flags and `KURS_*` variables).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreLimits {
    /// By-date fetches of one source failing in a row that open its circuit.
    pub breaker_failures: u32,
    /// How long an open circuit fails fast.
    pub breaker_pause: Duration,
    /// How long a failed by-date fetch is remembered.
    pub failure_ttl: Duration,
    /// How long a by-date fetch made for a client may take, in all.
    pub request_fetch_timeout: Duration,
    /// By-date upstream requests per second per source, on average.
    pub upstream_rate_per_second: u32,
    /// By-date upstream requests per source at once after a quiet spell.
    pub upstream_burst: u32,
    /// How often changed state files are written in the background.
    pub state_write_interval: Duration,
    /// How often the data directory is rescanned for other writers' files.
    pub rescan_interval: Duration,
}

impl Default for StoreLimits {
    fn default() -> Self {
        Self {
            breaker_failures: BREAKER_FAILURES,
            breaker_pause: BREAKER_PAUSE,
            failure_ttl: FAILURE_TTL,
            request_fetch_timeout: REQUEST_FETCH_TIMEOUT,
            upstream_rate_per_second: UPSTREAM_RATE_PER_SECOND,
            upstream_burst: UPSTREAM_BURST,
            state_write_interval: STATE_WRITE_INTERVAL,
            rescan_interval: RESCAN_INTERVAL,
        }
    }
}
