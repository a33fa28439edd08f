//! Names of the publishers of official rates.

use std::fmt;

use crate::sources::cnb;
use crate::CurrencyCode;

/// The identifier of a source (a publisher of official rates), such as `ecb`.
///
/// A `SourceId` is a lower-case ASCII name; the known ones are constants on
/// this type. The set of sources kurs can use is the registry in the `kurs`
/// crate; this type only names them.
///
/// It is one pointer wide (the facts live in a static), so errors and
/// answers that name a source stay small; the name comes first in the
/// facts, so equality and order go by the name.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceId {
    facts: &'static Facts,
}

/// What kurs knows of a source without asking it.
#[derive(PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Facts {
    id: &'static str,
    name: &'static str,
    lead_days: u8,
    base: CurrencyCode,
    /// The date of the first table the source publishes (year, month, day).
    first: (i32, u32, u32),
    /// The currencies the source has ever published, for a source fetched
    /// date by date; `None` for a source whose whole history kurs holds
    /// (its tables say what it published).
    catalogue: Option<&'static [CurrencyCode]>,
}

const ECB_FACTS: Facts = Facts::new("ecb", "ECB", 0, "EUR", (1999, 1, 4), None);
// The Bank of Russia's daily rates of XML_daily.asp start on 1992-07-01.
const CBR_FACTS: Facts = Facts::new(
    "cbr",
    "Bank of Russia",
    1,
    "RUB",
    (1992, 7, 1),
    Some(&catalogue::CBR),
);
// The NBP's API serves table A from 2002-01-02.
const NBP_FACTS: Facts = Facts::new("nbp", "NBP", 0, "PLN", (2002, 1, 2), Some(&catalogue::NBP));
// The Czech National Bank: its facts live in its folder.
const CNB_FACTS: Facts = Facts::new(
    cnb::ID,
    cnb::NAME,
    cnb::LEAD_DAYS,
    cnb::BASE,
    cnb::FIRST,
    Some(&cnb::CATALOGUE),
);

impl Facts {
    const fn new(
        id: &'static str,
        name: &'static str,
        lead_days: u8,
        base: &str,
        first: (i32, u32, u32),
        catalogue: Option<&'static [CurrencyCode]>,
    ) -> Self {
        Self {
            id,
            name,
            lead_days,
            base: CurrencyCode::new_static(base),
            first,
            catalogue,
        }
    }
}

impl SourceId {
    /// The European Central Bank: euro foreign exchange reference rates.
    pub const ECB: SourceId = SourceId { facts: &ECB_FACTS };
    /// The Central Bank of the Russian Federation (Bank of Russia).
    pub const CBR: SourceId = SourceId { facts: &CBR_FACTS };
    /// Narodowy Bank Polski, the National Bank of Poland.
    pub const NBP: SourceId = SourceId { facts: &NBP_FACTS };
    /// Česká národní banka, the Czech National Bank.
    pub const CNB: SourceId = SourceId { facts: &CNB_FACTS };

    /// Every source kurs knows, in the default order of preference.
    pub const ALL: [SourceId; 4] = [Self::ECB, Self::CBR, Self::NBP, Self::CNB];

    /// Looks a name up among [`SourceId::ALL`], case-insensitively.
    pub fn parse(name: &str) -> Option<SourceId> {
        Self::ALL
            .into_iter()
            .find(|s| s.facts.id.eq_ignore_ascii_case(name.trim()))
    }

    /// The lower-case name, as used in URLs, JSON and on the command line.
    pub const fn as_str(&self) -> &'static str {
        self.facts.id
    }

    /// How many days ahead of the calendar the source dates its tables: the
    /// Bank of Russia sets today the rates dated tomorrow (1); others 0.
    pub const fn lead_days(&self) -> u8 {
        self.facts.lead_days
    }

    /// The currency the source quotes every other currency in: its own
    /// (EUR for the ECB, RUB for the Bank of Russia, PLN for the NBP, CZK
    /// for the CNB).
    pub const fn base(&self) -> CurrencyCode {
        self.facts.base
    }

    /// The source whose base currency `code` is, if any: the bank that
    /// issues it.
    pub fn issuer_of(code: CurrencyCode) -> Option<SourceId> {
        Self::ALL.into_iter().find(|s| s.facts.base == code)
    }

    /// Whether the source may have published `code` at all. For a source
    /// fetched date by date this is its catalogue of every currency it has
    /// ever quoted (the table of a date still decides); for a source whose
    /// whole history kurs holds, always true (its tables decide).
    pub fn may_publish(&self, code: CurrencyCode) -> bool {
        code == self.facts.base || self.facts.catalogue.is_none_or(|c| c.contains(&code))
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

/// What the sources fetched date by date have ever published: the source
/// policy asks a source for a table only when it may hold the currencies.
/// A code listed here that a given day's table lacks costs one upstream
/// request and is then answered by the next source; a code missing here
/// would send its pairs to another source, so the lists are generous.
mod catalogue {
    use crate::CurrencyCode;

    const fn codes<const N: usize>(list: [&str; N]) -> [CurrencyCode; N] {
        let mut out = [CurrencyCode::new_static("XXX"); N];
        let mut i = 0;
        while i < N {
            out[i] = CurrencyCode::new_static(list[i]);
            i += 1;
        }
        out
    }

    /// The Bank of Russia's daily table since 1992: today's 50-odd codes
    /// (the 2025-12-13 file) and those of earlier years (the 2016 files,
    /// the euro-area legacy currencies and the CIS codes of the 1990s).
    pub(super) static CBR: [CurrencyCode; 82] = codes([
        "AED", "AMD", "ATS", "AUD", "AZM", "AZN", "BDT", "BEF", "BGL", "BGN", "BHD", "BOB", "BRL",
        "BYB", "BYN", "BYR", "CAD", "CHF", "CNY", "CUP", "CZK", "DEM", "DKK", "DZD", "EEK", "EGP",
        "ESP", "ETB", "EUR", "FIM", "FRF", "GBP", "GEL", "GRD", "HKD", "HUF", "IDR", "IEP", "ILS",
        "INR", "IRR", "ISK", "ITL", "JPY", "KGS", "KRW", "KWD", "KZT", "LTL", "LVL", "MDL", "MMK",
        "MNT", "NGN", "NLG", "NOK", "NZD", "OMR", "PLN", "PTE", "QAR", "RON", "RSD", "SAR", "SEK",
        "SGD", "TJR", "TJS", "THB", "TMM", "TMT", "TRL", "TRY", "UAH", "UAK", "USD", "UZS", "VND",
        "XDR", "XEU", "YUN", "ZAR",
    ]);

    /// The NBP's table A since 2002: today's codes (the 2020-12-07 file)
    /// and earlier ones (RUB until 2022, the currencies the euro replaced).
    pub(super) static NBP: [CurrencyCode; 46] = codes([
        "AUD", "BGN", "BRL", "CAD", "CHF", "CLP", "CNY", "CYP", "CZK", "DKK", "EEK", "EUR", "GBP",
        "HKD", "HRK", "HUF", "IDR", "ILS", "INR", "ISK", "JPY", "KRW", "LTL", "LVL", "MTL", "MXN",
        "MYR", "NOK", "NZD", "PHP", "RON", "ROL", "RUB", "SEK", "SGD", "SIT", "SKK", "THB", "TRY",
        "UAH", "USD", "XDR", "ZAR", "GRD", "ESP", "PTE",
    ]);
}
