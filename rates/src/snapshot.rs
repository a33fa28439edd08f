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
//! ```text
//! magic      b"KURSSNAP" + version u8 (1)
//! source     u8 length + ASCII id
//! base       3 ASCII bytes
//! currencies u8 count N + N x 3 ASCII bytes (column order)
//! tables     u32 count, then per table, oldest first:
//!   date     varint of days since the previous table (the first: since 1970-01-01)
//!   present  ceil(N / 8) bytes, bit i set when column i is quoted
//!   quotes   per present column: units, then value unless units' flag says 1
//! decimal    varint mantissa, then a scale byte: bits 0-4 the scale,
//!            bit 7 (on `units` only) "value is exactly 1"
//! ```

use std::sync::Arc;

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use crate::{CurrencyCode, History, Quote, SourceId, Table, TableError};

const MAGIC: &[u8; 9] = b"KURSSNAP\x01";
const VALUE_IS_ONE: u8 = 0x80;
const SCALE_MASK: u8 = 0x1f;

/// The bundled ECB history (1999-01-04 to the snapshot's last date).
static ECB_SNAPSHOT: &[u8] = include_bytes!("../data/ecb-history.bin");

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
/// Only the ECB has a bundled history. Decoding takes a few milliseconds
/// (see `BENCHMARKS.md`); callers keep the result rather than calling again.
pub fn bundled(source: SourceId) -> Option<History> {
    if source != SourceId::ECB {
        return None;
    }
    // The bytes are checked by a test against the published CSV, so a
    // failure here is a build defect, not bad input.
    decode_snapshot(ECB_SNAPSHOT).ok()
}

/// Writes `history` in the snapshot format.
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
    let mut out = Vec::with_capacity(1 << 20);
    out.extend_from_slice(MAGIC);
    let id = history.source().as_str().as_bytes();
    out.push(id.len() as u8);
    out.extend_from_slice(id);
    out.extend_from_slice(&base.as_bytes());
    out.push(columns.len() as u8);
    for c in &columns {
        out.extend_from_slice(&c.as_bytes());
    }
    out.extend_from_slice(&(history.len() as u32).to_le_bytes());
    let mut previous = epoch();
    for table in history.tables() {
        // Tables are in date order, so only the first can be before the
        // epoch; a negative count would be stored as a huge one.
        let days = u64::try_from((table.date() - previous).num_days())
            .map_err(|_| SnapshotError::Unwritable("a table dated before 1970-01-01"))?;
        put_varint(&mut out, days);
        previous = table.date();
        put_table(&mut out, table, &columns)?;
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

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date")
}

/// Reads a snapshot written by [`encode_snapshot`].
pub fn decode_snapshot(bytes: &[u8]) -> Result<History, SnapshotError> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(MAGIC.len())? != MAGIC {
        return Err(r.corrupt("not a kurs snapshot (bad magic)"));
    }
    let id_len = r.byte()? as usize;
    let id = std::str::from_utf8(r.take(id_len)?).map_err(|_| r.corrupt("source id"))?;
    let source = SourceId::parse(id).ok_or_else(|| r.corrupt("unknown source"))?;
    let base = r.code()?;
    let n = r.byte()? as usize;
    let columns = (0..n).map(|_| r.code()).collect::<Result<Vec<_>, _>>()?;
    let count = u32::from_le_bytes(r.take(4)?.try_into().expect("4 bytes")) as usize;
    // The count is untrusted: each table takes at least one byte, so no
    // more than the bytes left can be real (and reserving for a count of
    // 4 billion would abort the process).
    let mut tables = Vec::with_capacity(count.min(r.remaining()));
    let mut date = epoch();
    for _ in 0..count {
        date = date
            .checked_add_days(Days::new(r.varint()?))
            .ok_or_else(|| r.corrupt("date out of range"))?;
        let present = r.take(n.div_ceil(8))?.to_vec();
        let mut quotes = Vec::with_capacity(n);
        for (i, code) in columns.iter().enumerate() {
            if present[i / 8] & (1 << (i % 8)) != 0 {
                quotes.push((*code, r.quote()?));
            }
        }
        tables.push(Arc::new(Table::new(source, date, base, quotes)?));
    }
    if r.at != bytes.len() {
        return Err(r.corrupt("trailing bytes"));
    }
    Ok(History::new(source, std::iter::empty()).merged(tables))
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn corrupt(&self, what: &'static str) -> SnapshotError {
        SnapshotError::Corrupt {
            offset: self.at,
            what,
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], SnapshotError> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or_else(|| self.corrupt("unexpected end"))?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn remaining(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn byte(&mut self) -> Result<u8, SnapshotError> {
        Ok(self.take(1)?[0])
    }

    fn code(&mut self) -> Result<CurrencyCode, SnapshotError> {
        let b = self.take(3)?;
        CurrencyCode::from_bytes([b[0], b[1], b[2]]).ok_or_else(|| self.corrupt("currency code"))
    }

    fn varint(&mut self) -> Result<u64, SnapshotError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(self.corrupt("varint too long"))
    }

    fn decimal(&mut self) -> Result<(Decimal, u8), SnapshotError> {
        let m = self.varint()?;
        let flags = self.byte()?;
        let scale = u32::from(flags & SCALE_MASK);
        if scale > 28 {
            return Err(self.corrupt("scale above 28"));
        }
        // `from_parts` is a plain field copy; the mantissa fits in 64 bits.
        let d = Decimal::from_parts(m as u32, (m >> 32) as u32, 0, false, scale);
        Ok((d, flags))
    }

    fn quote(&mut self) -> Result<Quote, SnapshotError> {
        let (units, flags) = self.decimal()?;
        let value = if flags & VALUE_IS_ONE != 0 {
            Decimal::ONE
        } else {
            self.decimal()?.0
        };
        Ok(Quote::priced_in_base(units, value))
    }
}
