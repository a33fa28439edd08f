//! The bundled snapshot: the full ECB history, compiled into the binary.
//!
//! # Why a binary format
//!
//! The ECB publishes its history as a 1.9 MB CSV of ~7,000 rows by 41
//! columns. Parsing that text at every start-up costs several milliseconds of
//! decimal parsing, most of the 20 ms budget of a one-shot `kurs convert`.
//! This format is what loads fastest while staying exact: each quote is its
//! decimal mantissa as a LEB128 varint plus its scale, so decoding a quote
//! is a few shifts and no text at all, and `"136"` and `"136.00"` stay
//! distinct as published. The file is made from the published CSV by
//! `cargo run -p kurs-rates --example build_snapshot`, and a test decodes
//! it and compares every quote with the CSV parsed by [`crate::parse_ecb_csv`].
//!
//! # Layout (all integers little-endian)
//!
//! Version 2 keeps the tables of each calendar year in a section of its
//! own, listed in an index, so that one year decodes alone: a one-shot
//! `kurs convert --date D` decodes the year of D, not 28 years (see
//! `BENCHMARKS.md`, "CLI start-up"). The index also says, per year, which
//! currency was quoted from when to when, so whole-history facts (coverage,
//! "published no RUB after 2022-03-01") need no decoding either.
//!
//! ```text
//! magic      b"KURSSNAP" + version u8 (2)
//! source     u8 length + ASCII id
//! base       3 ASCII bytes
//! currencies u8 count N + N x 3 ASCII bytes (column order)
//! years      u16 count Y, then per year, oldest first:
//!   year     u16
//!   tables   u32 count (at least 1)
//!   length   u32 bytes of its section
//!   first    u16 day of the year (0 = January 1) of its first table
//!   last     u16 day of the year of its last table
//!   covered  ceil(N / 8) bytes, bit i set when some table quotes column i
//!   spans    per covered column: u16 first, u16 last day of the year quoting it
//! sections   one per year, in index order, `length` bytes each:
//!   per table, oldest first, each date once:
//!   date     varint of days since the previous table (the first: since January 1)
//!   present  ceil(N / 8) bytes, bit i set when column i is quoted
//!   quotes   per present column: units, then value unless units' flag says 1
//! decimal    varint mantissa, then a scale byte: bits 0-4 the scale,
//!            bit 7 (on `units` only) "value is exactly 1"
//! ```
//!
//! Version 1 has no index: after the currencies, a u32 count of tables,
//! then the tables with dates counted from 1970-01-01. It is still written
//! for a history of one year (a year file of the data directory: an index
//! would not speed it up), so that an earlier kurs sharing the data
//! directory reads it rather than setting it aside as corrupt; both are read.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::{CurrencyCode, History, SourceId, Table, TableError};

mod read;

pub use read::decode_snapshot;
use read::open_lazily;

const MAGIC: &[u8; 8] = b"KURSSNAP";
const VERSION: u8 = 2;
const VALUE_IS_ONE: u8 = 0x80;
const SCALE_MASK: u8 = 0x1f;

/// The bundled ECB history (1999-01-04 to the snapshot's last date).
static ECB_SNAPSHOT: &[u8] = include_bytes!("../../data/ecb-history.bin");

/// Why a snapshot could not be written or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SnapshotError {
    /// The bytes end early or carry a value that cannot be.
    #[error("snapshot is corrupt at byte {offset}: {what}")]
    Corrupt {
        /// Where decoding stopped.
        offset: usize,
        /// What was wrong.
        what: &'static str,
    },
    /// A decoded table breaks a table invariant.
    #[error("snapshot holds an invalid table: {0}")]
    Table(#[from] TableError),
    /// The history cannot be written in this format.
    #[error("cannot write snapshot: {0}")]
    Unwritable(&'static str),
}

/// The history bundled with kurs for `source`, if there is one.
///
/// Only the ECB has a bundled history. Only its index is read here (a few
/// microseconds); each year's tables are decoded when a lookup first needs
/// them, and kept (see [`History`]).
pub fn bundled(source: SourceId) -> Option<History> {
    if source != SourceId::ECB {
        return None;
    }
    // The bytes are checked by a test against the published CSV, year by
    // year, so a failure here is a build defect, not bad input.
    open_lazily(ECB_SNAPSHOT).ok()
}

/// Writes `history` in the snapshot format: version 2, with its index by
/// year, when it spans several years; version 1 when it holds one year
/// (a year file of the data directory, which an index would not speed up),
/// so that an earlier kurs sharing the data directory still reads it.
pub fn encode_snapshot(history: &History) -> Result<Vec<u8>, SnapshotError> {
    let base = history
        .first()
        .ok_or(SnapshotError::Unwritable("empty history"))?
        .base();
    let mut columns: Vec<CurrencyCode> = history.coverage().keys().copied().collect();
    columns.retain(|c| *c != base);
    if columns.len() > 255 {
        return Err(SnapshotError::Unwritable("more than 255 currencies"));
    }
    let years = by_calendar_year(history.tables());
    let mut out = Vec::with_capacity(1 << 20);
    out.extend_from_slice(MAGIC);
    out.push(if years.len() > 1 { VERSION } else { 1 });
    let id = history.source().as_str().as_bytes();
    out.push(id.len() as u8);
    out.extend_from_slice(id);
    out.extend_from_slice(&base.as_bytes());
    out.push(columns.len() as u8);
    for c in &columns {
        out.extend_from_slice(&c.as_bytes());
    }
    if years.len() <= 1 {
        put_tables_v1(&mut out, history.tables(), &columns)?;
        return Ok(out);
    }
    let count =
        u16::try_from(years.len()).map_err(|_| SnapshotError::Unwritable("too many years"))?;
    out.extend_from_slice(&count.to_le_bytes());
    let mut sections = Vec::with_capacity(years.len());
    for tables in &years {
        let section = put_section(tables, &columns)?;
        put_index_entry(&mut out, tables, &columns, section.len())?;
        sections.push(section);
    }
    for section in sections {
        out.extend_from_slice(&section);
    }
    Ok(out)
}

/// The tables of a version 1 snapshot: a count, then each table with its
/// date counted from the previous one (the first: from 1970-01-01).
fn put_tables_v1(
    out: &mut Vec<u8>,
    tables: &[Arc<Table>],
    columns: &[CurrencyCode],
) -> Result<(), SnapshotError> {
    out.extend_from_slice(&(tables.len() as u32).to_le_bytes());
    let mut previous = epoch();
    for table in tables {
        // Tables are in date order, so only the first can be before the
        // epoch; a negative count would be stored as a huge one.
        let days = u64::try_from((table.date() - previous).num_days())
            .map_err(|_| SnapshotError::Unwritable("a table dated before 1970-01-01"))?;
        put_varint(out, days);
        previous = table.date();
        put_table(out, table, columns)?;
    }
    Ok(())
}

pub(super) fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date")
}

/// Tables sorted by date, cut into runs of one calendar year.
fn by_calendar_year(tables: &[Arc<Table>]) -> Vec<&[Arc<Table>]> {
    tables
        .chunk_by(|a, b| a.date().year() == b.date().year())
        .collect()
}

/// The index entry of one year (see the module documentation).
fn put_index_entry(
    out: &mut Vec<u8>,
    tables: &[Arc<Table>],
    columns: &[CurrencyCode],
    length: usize,
) -> Result<(), SnapshotError> {
    let (first, last) = (tables[0].date(), tables[tables.len() - 1].date());
    let year = u16::try_from(first.year())
        .ok()
        .filter(|y| *y >= 1970)
        .ok_or(SnapshotError::Unwritable("a table dated before 1970-01-01"))?;
    out.extend_from_slice(&year.to_le_bytes());
    out.extend_from_slice(&(tables.len() as u32).to_le_bytes());
    let length =
        u32::try_from(length).map_err(|_| SnapshotError::Unwritable("a year too large"))?;
    out.extend_from_slice(&length.to_le_bytes());
    put_day(out, first);
    put_day(out, last);
    let mut covered = vec![0u8; columns.len().div_ceil(8)];
    let mut spans = Vec::new();
    for (i, code) in columns.iter().enumerate() {
        let quoting = |t: &&Arc<Table>| t.covers(*code);
        if let (Some(a), Some(b)) = (tables.iter().find(quoting), tables.iter().rfind(quoting)) {
            covered[i / 8] |= 1 << (i % 8);
            spans.push((a.date(), b.date()));
        }
    }
    out.extend_from_slice(&covered);
    for (a, b) in spans {
        put_day(out, a);
        put_day(out, b);
    }
    Ok(())
}

fn put_day(out: &mut Vec<u8>, date: NaiveDate) {
    out.extend_from_slice(&(date.ordinal0() as u16).to_le_bytes());
}

/// The tables of one year, dates counted from January 1.
fn put_section(tables: &[Arc<Table>], columns: &[CurrencyCode]) -> Result<Vec<u8>, SnapshotError> {
    let mut out = Vec::new();
    let year = tables[0].date().year();
    let mut previous = january_1(year).expect("a table's year has a January 1");
    for table in tables {
        put_varint(&mut out, (table.date() - previous).num_days() as u64);
        previous = table.date();
        put_table(&mut out, table, columns)?;
    }
    Ok(out)
}

fn put_table(
    out: &mut Vec<u8>,
    table: &Table,
    columns: &[CurrencyCode],
) -> Result<(), SnapshotError> {
    let mut present = vec![0u8; columns.len().div_ceil(8)];
    let mut quotes = Vec::with_capacity(table.len());
    for (i, code) in columns.iter().enumerate() {
        if let Some(q) = table.quote(*code) {
            present[i / 8] |= 1 << (i % 8);
            quotes.push(q);
        }
    }
    out.extend_from_slice(&present);
    for q in quotes {
        let one = q.value == Decimal::ONE && q.value.scale() == 0;
        put_decimal(out, q.units, if one { VALUE_IS_ONE } else { 0 })?;
        if !one {
            put_decimal(out, q.value, 0)?;
        }
    }
    Ok(())
}

fn put_decimal(out: &mut Vec<u8>, d: Decimal, flags: u8) -> Result<(), SnapshotError> {
    let m =
        u64::try_from(d.mantissa()).map_err(|_| SnapshotError::Unwritable("quote too large"))?;
    put_varint(out, m);
    out.push(d.scale() as u8 | flags);
    Ok(())
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub(super) fn january_1(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 1, 1)
}
