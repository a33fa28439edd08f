//! Reading snapshots: every byte checked at once ([`decode_snapshot`], for
//! the data directory's files), or the index alone and each year when a
//! lookup needs it ([`open_lazily`], for the bundled snapshot).

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;

use super::{epoch, january_1, SnapshotError, MAGIC, SCALE_MASK, VALUE_IS_ONE, VERSION};
use crate::history::Coverage;
use crate::years::{Decode, Year};
use crate::{CurrencyCode, History, Quote, SourceId, Table};

/// What every version's header says: whose tables, priced in what, and
/// the columns.
#[derive(Debug)]
struct Header {
    source: SourceId,
    base: CurrencyCode,
    columns: Vec<CurrencyCode>,
}

/// Where one year's section is and what it must hold.
#[derive(Debug, Clone)]
struct Span {
    year: i32,
    count: usize,
    range: std::ops::Range<usize>,
    first: NaiveDate,
    last: NaiveDate,
}

/// One year's entry in the index of a version 2 snapshot.
struct Entry {
    span: Span,
    coverage: BTreeMap<CurrencyCode, Coverage>,
}

/// Reads a snapshot written by [`encode_snapshot`](super::encode_snapshot) (or by an earlier kurs,
/// version 1), decoding every table and checking every byte.
pub fn decode_snapshot(bytes: &[u8]) -> Result<History, SnapshotError> {
    let mut r = Reader { bytes, at: 0 };
    let (version, header) = r.header()?;
    let tables = if version == 1 {
        r.tables_v1(&header)?
    } else {
        let entries = r.index(&header)?;
        let mut tables = Vec::new();
        for e in &entries {
            tables.extend(decode_section(bytes, &header, &e.span)?);
        }
        r.at = entries.last().map_or(r.at, |e| e.span.range.end);
        tables
    };
    if r.at != bytes.len() {
        return Err(r.corrupt("trailing bytes"));
    }
    Ok(History::new(header.source, std::iter::empty()).merged(tables))
}

/// A history of a version 2 snapshot that decodes each year when first
/// needed; a version 1 snapshot is decoded at once. Only the header and
/// the index are checked here: a section that does not decode later is a
/// panic, so only bytes checked by a test (the bundled snapshot) may come
/// here.
pub(super) fn open_lazily(bytes: &'static [u8]) -> Result<History, SnapshotError> {
    let mut r = Reader { bytes, at: 0 };
    let (version, header) = r.header()?;
    if version == 1 {
        return decode_snapshot(bytes);
    }
    let entries = r.index(&header)?;
    if entries.last().map_or(r.at, |e| e.span.range.end) != bytes.len() {
        return Err(r.corrupt("trailing bytes"));
    }
    let header = Arc::new(header);
    let years = entries.into_iter().map(|e| {
        let (first, last, count) = (e.span.first, e.span.last, e.span.count);
        let section = Section {
            bytes,
            header: header.clone(),
            span: e.span,
        };
        let year = Year::lazy(
            header.base,
            first,
            last,
            count,
            e.coverage,
            Box::new(section),
        );
        Arc::new(year)
    });
    Ok(History::from_years(header.source, years.collect()))
}

/// A year of the bundled snapshot, not decoded yet.
#[derive(Debug)]
struct Section {
    bytes: &'static [u8],
    header: Arc<Header>,
    span: Span,
}

impl Decode for Section {
    fn decode(&self) -> Vec<Arc<Table>> {
        decode_section(self.bytes, &self.header, &self.span)
            .expect("the bundled snapshot decodes: a test decodes every year")
    }
}

/// The tables of one year's section, checked against its index entry.
fn decode_section(
    bytes: &[u8],
    header: &Header,
    span: &Span,
) -> Result<Vec<Arc<Table>>, SnapshotError> {
    let mut r = Reader {
        bytes: &bytes[..span.range.end],
        at: span.range.start,
    };
    let mut date = january_1(span.year).ok_or_else(|| r.corrupt("year out of range"))?;
    let mut tables = Vec::with_capacity(span.count.min(r.remaining()));
    for i in 0..span.count {
        let days = r.varint()?;
        if i > 0 && days == 0 {
            return Err(r.corrupt("two tables of one date"));
        }
        date = date
            .checked_add_days(Days::new(days))
            .filter(|d| d.year() == span.year)
            .ok_or_else(|| r.corrupt("a date outside its year"))?;
        tables.push(Arc::new(r.table(header, date)?));
    }
    if r.at != span.range.end {
        return Err(r.corrupt("a year's section has bytes its tables do not use"));
    }
    let dates = (
        tables.first().map(|t| t.date()),
        tables.last().map(|t| t.date()),
    );
    if dates != (Some(span.first), Some(span.last)) {
        return Err(r.corrupt("a year's first or last date differs from its index"));
    }
    Ok(tables)
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

impl Reader<'_> {
    /// The magic, the version and what every version's header holds.
    fn header(&mut self) -> Result<(u8, Header), SnapshotError> {
        if self.take(MAGIC.len())? != MAGIC {
            return Err(self.corrupt("not a kurs snapshot (bad magic)"));
        }
        let version = self.byte()?;
        if !(1..=VERSION).contains(&version) {
            return Err(self.corrupt("unknown version"));
        }
        let id_len = self.byte()? as usize;
        let id = std::str::from_utf8(self.take(id_len)?).map_err(|_| self.corrupt("source id"))?;
        let source = SourceId::parse(id).ok_or_else(|| self.corrupt("unknown source"))?;
        let base = self.code()?;
        let n = self.byte()? as usize;
        let columns = (0..n).map(|_| self.code()).collect::<Result<Vec<_>, _>>()?;
        let header = Header {
            source,
            base,
            columns,
        };
        Ok((version, header))
    }

    /// The tables of a version 1 snapshot.
    fn tables_v1(&mut self, header: &Header) -> Result<Vec<Arc<Table>>, SnapshotError> {
        let count = self.u32()? as usize;
        // The count is untrusted: each table takes at least one byte, so no
        // more than the bytes left can be real (and reserving for a count of
        // 4 billion would abort the process).
        let mut tables = Vec::with_capacity(count.min(self.remaining()));
        let mut date = epoch();
        for _ in 0..count {
            date = date
                .checked_add_days(Days::new(self.varint()?))
                .ok_or_else(|| self.corrupt("date out of range"))?;
            tables.push(Arc::new(self.table(header, date)?));
        }
        Ok(tables)
    }

    /// The index of a version 2 snapshot; each entry's range is where its
    /// section lies, checked to be within the bytes.
    fn index(&mut self, header: &Header) -> Result<Vec<Entry>, SnapshotError> {
        let count = usize::from(self.u16()?);
        let mut entries: Vec<Entry> = Vec::with_capacity(count.min(self.remaining()));
        let mut lengths = Vec::with_capacity(entries.capacity());
        for _ in 0..count {
            let year = i32::from(self.u16()?);
            if entries.last().is_some_and(|e| e.span.year >= year) {
                return Err(self.corrupt("years out of order"));
            }
            let count = self.u32()? as usize;
            if count == 0 {
                return Err(self.corrupt("an empty year"));
            }
            lengths.push(self.u32()? as usize);
            let (first, last) = self.days(year)?;
            let coverage = self.coverage(header, year)?;
            let range = 0..0; // set below, once the index has been read
            let span = Span {
                year,
                count,
                range,
                first,
                last,
            };
            entries.push(Entry { span, coverage });
        }
        let mut at = self.at;
        for (e, length) in entries.iter_mut().zip(lengths) {
            let end = at
                .checked_add(length)
                .filter(|end| *end <= self.bytes.len());
            let end = end.ok_or_else(|| self.corrupt("a year's section ends past the end"))?;
            e.span.range = at..end;
            at = end;
        }
        Ok(entries)
    }

    /// A year's spans per covered column.
    fn coverage(
        &mut self,
        header: &Header,
        year: i32,
    ) -> Result<BTreeMap<CurrencyCode, Coverage>, SnapshotError> {
        let covered = self.take(header.columns.len().div_ceil(8))?;
        let mut coverage = BTreeMap::new();
        for (i, code) in header.columns.iter().enumerate() {
            if covered[i / 8] & (1 << (i % 8)) != 0 {
                let (first, last) = self.days(year)?;
                coverage.insert(*code, Coverage { first, last });
            }
        }
        Ok(coverage)
    }

    /// Two days of `year`, the first not after the second.
    fn days(&mut self, year: i32) -> Result<(NaiveDate, NaiveDate), SnapshotError> {
        let mut day = || {
            let ordinal = u32::from(self.u16()?) + 1;
            NaiveDate::from_yo_opt(year, ordinal).ok_or_else(|| self.corrupt("day of the year"))
        };
        let (first, last) = (day()?, day()?);
        if first > last {
            return Err(self.corrupt("a span ends before it starts"));
        }
        Ok((first, last))
    }

    /// One table of `date`: its present columns, then their quotes.
    fn table(&mut self, header: &Header, date: NaiveDate) -> Result<Table, SnapshotError> {
        let n = header.columns.len();
        let present = self.take(n.div_ceil(8))?;
        let mut quotes = Vec::with_capacity(n);
        for (i, code) in header.columns.iter().enumerate() {
            if present[i / 8] & (1 << (i % 8)) != 0 {
                quotes.push((*code, self.quote()?));
            }
        }
        Ok(Table::new(header.source, date, header.base, quotes)?)
    }

    fn u16(&mut self) -> Result<u16, SnapshotError> {
        Ok(u16::from_le_bytes(
            self.take(2)?.try_into().expect("2 bytes"),
        ))
    }

    fn u32(&mut self) -> Result<u32, SnapshotError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
}
