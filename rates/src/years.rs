//! One calendar year of a [`crate::History`]: the unit it decodes lazily.
//!
//! A one-shot `kurs convert --date D` needs one table, yet decoding the
//! whole bundled history costs most of the process's time and memory
//! (see `BENCHMARKS.md`, "CLI start-up"). So a history is a list of years;
//! a year of the bundled snapshot is only its entry in the snapshot's
//! index (dates, count, which currency it quotes when) until a lookup
//! needs its tables, and then it is decoded once and kept.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use chrono::{Datelike, NaiveDate};

use crate::history::Coverage;
use crate::{CurrencyCode, Table};

/// How to decode a year's tables that are not decoded yet.
pub(crate) trait Decode: Send + Sync + std::fmt::Debug {
    /// The year's tables, oldest first, each date once.
    fn decode(&self) -> Vec<Arc<Table>>;
}

/// The tables of one calendar year, oldest first, each date once; never
/// empty.
#[derive(Debug)]
pub(crate) struct Year {
    base: CurrencyCode,
    first: NaiveDate,
    last: NaiveDate,
    len: usize,
    tables: OnceLock<Vec<Arc<Table>>>,
    /// Where the tables come from while `tables` is empty.
    lazy: Option<Box<dyn Decode>>,
    /// Per currency, the first and last table of the year quoting it:
    /// from the snapshot's index for a lazy year (so that "published no
    /// RUB after 2022-03-01" needs no decoding), else computed on first use.
    coverage: OnceLock<BTreeMap<CurrencyCode, Coverage>>,
}

impl Year {
    /// A year of decoded tables: sorted by date, each date once, all of
    /// one calendar year, at least one.
    pub(crate) fn decoded(tables: Vec<Arc<Table>>) -> Self {
        debug_assert!(!tables.is_empty());
        debug_assert!(tables.windows(2).all(|w| w[0].date() < w[1].date()));
        Self {
            base: tables[0].base(),
            first: tables[0].date(),
            last: tables[tables.len() - 1].date(),
            len: tables.len(),
            tables: OnceLock::from(tables),
            lazy: None,
            coverage: OnceLock::new(),
        }
    }

    /// A year whose `len` tables, dated `first` to `last`, are decoded by
    /// `decode` when first needed, the first priced in `base`; `coverage` is the year's (from an
    /// index that a test checks against the decoded tables).
    pub(crate) fn lazy(
        base: CurrencyCode,
        first: NaiveDate,
        last: NaiveDate,
        len: usize,
        coverage: BTreeMap<CurrencyCode, Coverage>,
        decode: Box<dyn Decode>,
    ) -> Self {
        Self {
            base,
            first,
            last,
            len,
            tables: OnceLock::new(),
            lazy: Some(decode),
            coverage: OnceLock::from(coverage),
        }
    }

    /// The calendar year.
    pub(crate) fn year(&self) -> i32 {
        self.first.year()
    }

    /// The base currency of the first table.
    pub(crate) fn base(&self) -> CurrencyCode {
        self.base
    }

    /// The date of the first table.
    pub(crate) fn first(&self) -> NaiveDate {
        self.first
    }

    /// The date of the last table.
    pub(crate) fn last(&self) -> NaiveDate {
        self.last
    }

    /// How many tables.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// How many tables are decoded: all or none.
    pub(crate) fn decoded_len(&self) -> usize {
        self.tables.get().map_or(0, Vec::len)
    }

    /// The tables, decoded on first use.
    pub(crate) fn tables(&self) -> &[Arc<Table>] {
        self.tables.get_or_init(|| {
            let lazy = self.lazy.as_ref().expect("a year is decoded or lazy");
            lazy.decode()
        })
    }

    /// Per currency, the first and last table of the year quoting it.
    pub(crate) fn coverage(&self) -> &BTreeMap<CurrencyCode, Coverage> {
        self.coverage.get_or_init(|| {
            let mut map = BTreeMap::new();
            for t in self.tables() {
                let date = t.date();
                for (code, _) in t.quotes() {
                    map.entry(*code)
                        .and_modify(|c: &mut Coverage| c.last = date)
                        .or_insert(Coverage {
                            first: date,
                            last: date,
                        });
                }
            }
            map
        })
    }
}

/// Splits tables sorted by date (each date once) into years.
pub(crate) fn by_year(tables: Vec<Arc<Table>>) -> Vec<Arc<Year>> {
    let mut years = Vec::new();
    let mut current: Vec<Arc<Table>> = Vec::new();
    for t in tables {
        if current
            .last()
            .is_some_and(|l| l.date().year() != t.date().year())
        {
            years.push(Arc::new(Year::decoded(std::mem::take(&mut current))));
        }
        current.push(t);
    }
    if !current.is_empty() {
        years.push(Arc::new(Year::decoded(current)));
    }
    years
}
