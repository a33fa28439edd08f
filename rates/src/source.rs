//! The identifier of a source, and the facts it points at.
//!
//! The facts of each bank are defined in its folder under `sources/`; the
//! registry in `sources/mod.rs` is the one list of the banks kurs knows.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::sources::{self, Source};
use crate::{CurrencyCode, Schedule};

/// The identifier of a source (a publisher of official rates), such as `ecb`.
///
/// A `SourceId` is a lower-case ASCII name pointing at what kurs knows of
/// the source without asking it (its facts, defined in the bank's folder).
/// The sources kurs knows are those of the registry, [`SourceId::all`].
///
/// It is one pointer wide (the facts live in a static), so errors and
/// answers that name a source stay small; equality, order and hash go by
/// the name.
#[derive(Copy, Clone)]
pub struct SourceId {
    facts: &'static Facts,
}

/// What kurs knows of a source without asking it. Each bank's folder
/// defines one (`sources/<bank>/mod.rs`).
pub(crate) struct Facts {
    /// The lower-case name, as used in URLs, JSON and on the command line.
    pub(crate) id: &'static str,
    /// How the publisher is named in a sentence.
    pub(crate) name: &'static str,
    /// The currency every other is quoted in.
    pub(crate) base: CurrencyCode,
    /// The date of the first table the source publishes (year, month, day).
    pub(crate) first: (i32, u32, u32),
    /// For a source fetched date by date, every currency it has ever
    /// published: the source policy asks a source for a table only when it
    /// may hold the currencies. A code listed that a given day's table
    /// lacks costs one upstream request and is then answered by the next
    /// source; a code missing would send its pairs to another source, so
    /// the lists are generous. `None` for a source whose whole history kurs
    /// holds (its tables say what it published).
    pub(crate) catalogue: Option<&'static [CurrencyCode]>,
    /// When the source publishes, and how it dates its tables.
    pub(crate) schedule: Schedule,
    /// How to fetch and parse the source.
    pub(crate) source: fn() -> Arc<dyn Source>,
}

impl SourceId {
    /// The European Central Bank: euro foreign exchange reference rates.
    pub const ECB: SourceId = sources::ecb::ID;
    /// The Central Bank of the Russian Federation (Bank of Russia).
    pub const CBR: SourceId = sources::cbr::ID;
    /// Narodowy Bank Polski, the National Bank of Poland.
    pub const NBP: SourceId = sources::nbp::ID;

    /// The identifier of the source these facts describe.
    pub(crate) const fn new(facts: &'static Facts) -> SourceId {
        SourceId { facts }
    }

    /// Every source kurs knows, in the default order of preference: the
    /// registry.
    pub fn all() -> &'static [SourceId] {
        sources::REGISTRY
    }

    /// Looks a name up among [`SourceId::all`], case-insensitively.
    pub fn parse(name: &str) -> Option<SourceId> {
        let name = name.trim();
        Self::all()
            .iter()
            .copied()
            .find(|s| s.facts.id.eq_ignore_ascii_case(name))
    }

    /// The lower-case name, as used in URLs, JSON and on the command line.
    pub const fn as_str(&self) -> &'static str {
        self.facts.id
    }

    /// How many days ahead of the calendar the source dates its tables: the
    /// Bank of Russia sets today the rates dated tomorrow (1); others 0.
    pub const fn lead_days(&self) -> u8 {
        self.facts.schedule.lead_days()
    }

    /// The currency the source quotes every other currency in: its own
    /// (EUR for the ECB, RUB for the Bank of Russia, PLN for the NBP).
    pub const fn base(&self) -> CurrencyCode {
        self.facts.base
    }

    /// The source whose base currency `code` is, if any: the bank that
    /// issues it.
    pub fn issuer_of(code: CurrencyCode) -> Option<SourceId> {
        Self::all().iter().copied().find(|s| s.facts.base == code)
    }

    /// Whether the source may have published `code` at all. For a source
    /// fetched date by date this is its catalogue of every currency it has
    /// ever quoted (the table of a date still decides); for a source whose
    /// whole history kurs holds, always true (its tables decide).
    pub fn may_publish(&self, code: CurrencyCode) -> bool {
        code == self.facts.base
            || self
                .facts
                .catalogue
                .is_none_or(|c| c.binary_search(&code).is_ok())
    }

    /// The date of the first table the source has published: no date
    /// before it is ever asked of the bank.
    pub fn first_date(&self) -> chrono::NaiveDate {
        let (y, m, d) = self.facts.first;
        chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or(chrono::NaiveDate::MIN)
    }

    /// For a source fetched date by date, every currency it has ever
    /// quoted; `None` for a source whose whole history kurs holds.
    pub fn catalogue(&self) -> Option<&'static [CurrencyCode]> {
        self.facts.catalogue
    }

    /// How the publisher is named in a sentence, e.g. `ECB`, `Bank of Russia`.
    pub const fn publisher(&self) -> &'static str {
        self.facts.name
    }

    /// The publisher as the subject or object of a sentence: `the Bank of
    /// Russia`, `the ECB`; a name in the bank's own language takes no
    /// article (`Norges Bank`, `Danmarks Nationalbank`).
    pub fn in_sentence(&self) -> String {
        const NO_ARTICLE: [&str; 2] = ["Norges Bank", "Danmarks Nationalbank"];
        match NO_ARTICLE.contains(&self.facts.name) {
            true => self.facts.name.to_owned(),
            false => format!("the {}", self.facts.name),
        }
    }

    /// When the source publishes its tables (see [`Schedule`]).
    pub const fn schedule(&self) -> Schedule {
        self.facts.schedule
    }

    /// A new handle on how to fetch and parse the source.
    pub(crate) fn source(&self) -> Arc<dyn Source> {
        (self.facts.source)()
    }
}

impl PartialEq for SourceId {
    fn eq(&self, other: &Self) -> bool {
        self.facts.id == other.facts.id
    }
}

impl Eq for SourceId {}

impl PartialOrd for SourceId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SourceId {
    fn cmp(&self, other: &Self) -> Ordering {
        self.facts.id.cmp(other.facts.id)
    }
}

impl Hash for SourceId {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.facts.id.hash(state);
    }
}

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.facts.id)
    }
}

impl fmt::Debug for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.facts.id)
    }
}

impl serde::Serialize for SourceId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.facts.id)
    }
}

/// The currency codes of a catalogue, checked when compiled: a bank's
/// folder writes `codes(["AUD", "CAD", ...])` in any order (grouped as its
/// sources are), and gets them sorted, so that [`SourceId::may_publish`]
/// answers by binary search; a code listed twice does not compile.
pub(crate) const fn codes<const N: usize>(list: [&str; N]) -> [CurrencyCode; N] {
    let mut out = [CurrencyCode::new_static("XXX"); N];
    let mut i = 0;
    while i < N {
        // Insertion sort: const fns have no `sort`.
        let code = CurrencyCode::new_static(list[i]);
        let mut j = i;
        while j > 0 && before(code, out[j - 1]) {
            out[j] = out[j - 1];
            j -= 1;
        }
        assert!(
            j == 0 || !same(code, out[j - 1]),
            "a catalogue lists a code twice"
        );
        out[j] = code;
        i += 1;
    }
    out
}

/// `a < b` as `CurrencyCode`'s `Ord` has it (byte by byte), in a const fn.
const fn before(a: CurrencyCode, b: CurrencyCode) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a[0] < b[0] || (a[0] == b[0] && (a[1] < b[1] || (a[1] == b[1] && a[2] < b[2])))
}

const fn same(a: CurrencyCode, b: CurrencyCode) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a[0] == b[0] && a[1] == b[1] && a[2] == b[2]
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;

    /// A bank that no list in the crate names: its facts are all there is.
    static TEST_FACTS: Facts = Facts {
        id: "tst",
        name: "Test bank",
        base: CurrencyCode::new_static("XTS"),
        first: (2000, 1, 3),
        catalogue: None,
        schedule: Schedule::new(chrono_tz::UTC, (10, 0), 0, |_| false),
        source: || sources::ecb::ID.source(),
    };

    #[test]
    fn catalogues_are_sorted_so_that_binary_search_finds_every_code() {
        for source in SourceId::all() {
            if let Some(c) = source.catalogue() {
                assert!(c.windows(2).all(|w| w[0] < w[1]), "{source}");
                assert!(c.iter().all(|code| source.may_publish(*code)));
            }
        }
        let sorted = codes(["RUB", "AUD", "USD", "ABC", "RUA"]);
        let names: Vec<&str> = sorted.iter().map(CurrencyCode::as_str).collect();
        assert_eq!(names, ["ABC", "AUD", "RUA", "RUB", "USD"]);
    }

    #[test]
    fn a_bank_known_only_by_its_facts_has_a_publication_schedule() {
        let id = SourceId::new(&TEST_FACTS);
        let monday = NaiveDate::from_ymd_opt(2024, 1, 15).unwrap();
        let at = id.schedule().publication_of(monday);
        assert_eq!(
            at,
            Some(Utc.with_ymd_and_hms(2024, 1, 15, 10, 0, 0).unwrap())
        );
    }

    #[test]
    fn a_name_is_looked_up_in_the_registry_case_insensitively() {
        let rank = |id: SourceId| SourceId::all().iter().position(|s| *s == id);
        for &id in SourceId::all() {
            let upper = id.as_str().to_ascii_uppercase();
            assert_eq!(SourceId::parse(&format!(" {upper} ")), Some(id));
            // The issuer is the first source of that base: a bank's second
            // dataset (NBP table B, `nbp.b`) comes after its main one.
            let issuer = SourceId::issuer_of(id.base()).unwrap();
            assert_eq!(issuer.base(), id.base());
            assert!(rank(issuer) <= rank(id), "{issuer} after {id}");
        }
        assert_eq!(SourceId::parse("tst"), None);
    }
}
