//! Official exchange-rate tables for kurs.
//!
//! This crate knows where rates come from and how they are kept: the
//! [`Table`] of one source for one date (quotes kept exactly as published),
//! the [`History`] of a source with its as-of lookup, the parsers of each
//! source's published formats, and the bundled ECB snapshot that lets kurs
//! answer with no network at all.
//!
//! It knows nothing of HTTP serving, the widget or the command line.
//!
//! # Layout
//!
//! One folder per bank: `src/sources/<bank>/` holds everything about it,
//! its facts (id, name, base currency, first date, catalogue), its
//! requests and parser, its publication schedule and working-day calendar,
//! and the real files its tests read. The registry in `src/sources/mod.rs`
//! is the only list of the banks: [`SourceId::all`], [`SourceId::parse`]
//! and [`registry`] read it. Adding a bank is a folder plus one registry
//! line (see "Adding a bank" there). The mechanisms shared by every bank
//! live beside it: [`Schedule`] (`schedule.rs`), fetching (`fetch.rs`),
//! the [`Store`] (`store/`) and the [`DataDir`] (`persist/`).
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod clock;
mod code;
mod error;
mod fetch;
mod history;
mod persist;
mod refresh;
mod schedule;
mod snapshot;
mod source;
mod sources;
mod spans;
mod store;
mod table;
mod years;

pub use clock::Clock;
pub use code::{CurrencyCode, InvalidCode};
pub use error::{printable, ParseError};
pub use fetch::{
    backoff, BodyLimits, BoxFuture, Expected, FetchConfig, FetchError, HttpTransport, Offline,
    Post, Response, Transport, Validators, FETCH_BACKOFF, FETCH_CONNECT_TIMEOUT, FETCH_RETRIES,
    FETCH_TIMEOUT, USER_AGENT,
};
pub use history::{Coverage, History, LookupError};
pub use persist::{DataDir, FileStamp, LoadProblem, Loaded, PersistError, MAX_YEAR_FILE_BYTES};
pub use refresh::Refreshers;
pub use schedule::{Holidays, Schedule};
pub use snapshot::{bundled, decode_snapshot, encode_snapshot, SnapshotError};
pub use source::SourceId;
pub use sources::cbr::parse_cbr_xml;
pub use sources::cnb::parse_cnb_txt;
pub use sources::ecb::{parse_ecb_csv, parse_ecb_xml};
pub use sources::nbp::parse_nbp_tables_json;
pub use sources::{registry, Attribution, DateRange, FullPlan, SeriesId, SeriesPlan, Source};
pub use spans::KnownDates;
pub use store::{
    BackfillProgress, Correction, FetchCounts, FullProgress, SourceStatus, Store, StoreLimits,
    StoreOptions, SyncError, SyncMode, SyncReport, BACKFILL_PACE, BACKFILL_PUBLICATIONS,
    BREAKER_FAILURES, BREAKER_PAUSE, FAILURE_TTL, REQUEST_FETCH_TIMEOUT, RESCAN_INTERVAL,
    STATE_WRITE_INTERVAL, UPSTREAM_BURST, UPSTREAM_RATE_PER_SECOND,
};
pub use table::{Quote, Table, TableError};
