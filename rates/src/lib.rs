//! Official exchange-rate tables for kurs.
//!
//! This crate knows where rates come from and how they are kept: the
//! [`Table`] of one source for one date (quotes kept exactly as published),
//! the [`History`] of a source with its as-of lookup, the parsers of each
//! source's published formats, and the bundled ECB snapshot that lets kurs
//! answer with no network at all.
//!
//! It knows nothing of HTTP serving, the widget or the command line.
#![deny(missing_docs)]

mod cbr;
mod clock;
mod code;
mod ecb;
mod error;
mod fetch;
mod history;
mod nbp;
mod persist;
mod refresh;
mod schedule;
mod snapshot;
mod source;
mod sources;
mod spans;
mod store;
mod table;

pub use cbr::parse_cbr_xml;
pub use clock::Clock;
pub use code::{CurrencyCode, InvalidCode};
pub use ecb::{parse_ecb_csv, parse_ecb_xml};
pub use error::{printable, ParseError};
pub use fetch::{
    backoff, BodyLimits, BoxFuture, Expected, FetchConfig, FetchError, HttpTransport, Offline,
    Response, Transport, Validators, USER_AGENT,
};
pub use history::{Coverage, History, LookupError};
pub use nbp::parse_nbp_tables_json;
pub use persist::{DataDir, FileStamp, LoadProblem, Loaded, PersistError, MAX_YEAR_FILE_BYTES};
pub use refresh::Refreshers;
pub use schedule::Schedule;
pub use snapshot::{bundled, decode_snapshot, encode_snapshot, SnapshotError};
pub use source::SourceId;
pub use sources::{parse_cnb_txt, registry, Attribution, Source};
pub use spans::KnownDates;
pub use store::{
    Correction, FetchCounts, SourceStatus, Store, StoreOptions, SyncError, SyncMode, SyncReport,
    BREAKER_FAILURES, BREAKER_PAUSE, FAILURE_TTL, REQUEST_FETCH_TIMEOUT, RESCAN_INTERVAL,
    STATE_WRITE_INTERVAL, UPSTREAM_BURST, UPSTREAM_RATE_PER_SECOND,
};
pub use table::{Quote, Table, TableError};
