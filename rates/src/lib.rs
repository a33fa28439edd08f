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
mod code;
mod ecb;
mod error;
mod history;
mod nbp;
mod snapshot;
mod source;
mod table;

pub use cbr::parse_cbr_xml;
pub use code::{CurrencyCode, InvalidCode};
pub use ecb::{parse_ecb_csv, parse_ecb_xml};
pub use error::ParseError;
pub use history::{Coverage, History, LookupError};
pub use nbp::parse_nbp_tables_json;
pub use snapshot::{bundled, decode_snapshot, encode_snapshot, SnapshotError};
pub use source::SourceId;
pub use table::{Quote, Table, TableError};
