//! Wall-clock time, real or driven by Tokio's (pausable) clock.

use chrono::{DateTime, Utc};

/// Where "now" comes from.
///
/// Production uses the system clock. Tests of schedule-driven code use
/// [`Clock::tokio_from`], whose wall time advances with Tokio's clock, so a
/// test on paused time can let a week pass in a millisecond.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    /// The system's clock.
    System,
    /// `base` plus the Tokio time elapsed since `start`.
    Tokio {
        /// The wall time at `start`.
        base: DateTime<Utc>,
        /// The Tokio instant that corresponds to `base`.
        start: tokio::time::Instant,
    },
}

impl Clock {
    /// A clock that reads `base` now and advances with Tokio's clock.
    pub fn tokio_from(base: DateTime<Utc>) -> Self {
        Clock::Tokio {
            base,
            start: tokio::time::Instant::now(),
        }
    }

    /// The current wall time.
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Tokio { base, start } => {
                let elapsed =
                    chrono::TimeDelta::from_std(start.elapsed()).unwrap_or(chrono::TimeDelta::MAX);
                *base + elapsed
            }
        }
    }

    /// The newest calendar date anywhere on Earth (UTC+14) at this moment:
    /// no date after it (plus a source's lead) can have a table yet.
    pub fn newest_date(&self) -> chrono::NaiveDate {
        (self.now() + chrono::TimeDelta::hours(14)).date_naive()
    }
}
