//! A token bucket: the global rate of by-date upstream requests per source.

use std::time::Duration;

use tokio::time::Instant;

/// Default of [`crate::StoreLimits::upstream_rate_per_second`]: by-date
/// upstream requests made for clients, per second per source, on average: 5. A client asking for many unseen dates (each one request to
/// the bank) cannot make kurs hammer a bank; the banks' own pages are
/// fetched a few times a day.
pub const UPSTREAM_RATE_PER_SECOND: u32 = 5;

/// Default of [`crate::StoreLimits::upstream_burst`]: how many by-date
/// upstream requests per source may go at once after a quiet spell: 10, a little more than one request's own cap
/// (`MAX_FETCHES_PER_REQUEST`, 8).
pub const UPSTREAM_BURST: u32 = 10;

/// Tokens refill at `rate` a second up to `burst`; each request takes one.
/// Tokio's clock, so tests can pause time.
#[derive(Debug)]
pub(super) struct Bucket {
    tokens: f64,
    rate: f64,
    burst: f64,
    at: Instant,
}

impl Bucket {
    /// A full bucket of `burst` tokens refilling at `rate` a second (both
    /// at least 1: the settings refuse 0).
    pub fn full(rate: u32, burst: u32, now: Instant) -> Self {
        Self {
            tokens: f64::from(burst.max(1)),
            rate: f64::from(rate.max(1)),
            burst: f64::from(burst.max(1)),
            at: now,
        }
    }

    /// Takes a token, or tells how long until one is there.
    pub fn take(&mut self, now: Instant) -> Result<(), Duration> {
        let rate = self.rate;
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.at = now;
        self.tokens = (self.tokens + elapsed * rate).min(self.burst);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - self.tokens) / rate))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_bucket_gives_its_burst_then_refuses_saying_when() {
        let start = Instant::now();
        let mut bucket = Bucket::full(UPSTREAM_RATE_PER_SECOND, UPSTREAM_BURST, start);
        for _ in 0..UPSTREAM_BURST {
            assert!(bucket.take(start).is_ok());
        }
        let wait = bucket.take(start).unwrap_err();
        assert_eq!(wait, Duration::from_millis(200));
    }

    #[test]
    fn tokens_come_back_at_the_rate_and_never_past_the_burst() {
        let start = Instant::now();
        let mut bucket = Bucket::full(UPSTREAM_RATE_PER_SECOND, UPSTREAM_BURST, start);
        while bucket.take(start).is_ok() {}
        let later = start + Duration::from_secs(1);
        let taken = (0..100).filter(|_| bucket.take(later).is_ok()).count();
        assert_eq!(taken, UPSTREAM_RATE_PER_SECOND as usize);
        let much_later = later + Duration::from_secs(3600);
        let taken = (0..100).filter(|_| bucket.take(much_later).is_ok()).count();
        assert_eq!(taken, UPSTREAM_BURST as usize);
    }

    #[test]
    fn a_bucket_keeps_the_rate_and_burst_it_was_given() {
        let start = Instant::now();
        let mut bucket = Bucket::full(2, 3, start);
        let taken = (0..100).filter(|_| bucket.take(start).is_ok()).count();
        assert_eq!(taken, 3);
        assert_eq!(bucket.take(start).unwrap_err(), Duration::from_millis(500));
        let later = start + Duration::from_secs(1);
        let taken = (0..100).filter(|_| bucket.take(later).is_ok()).count();
        assert_eq!(taken, 2);
    }
}
