//! Retired ISO 4217 codes that the rate histories kurs serves still quote,
//! sorted by code.
//!
//! Written by hand. Numeric codes, names and withdrawal dates are those of
//! ISO 4217 list three (historic denominations). List three gives no minor
//! units; these are the ones list one gave while the code was current.
//!
//! The ECB history (`eurofxref-hist`, from 1999) quotes every code here. The
//! Bank of Russia and NBP tables quote current codes, and `BGN` / `HRK` in
//! older tables.

use super::{retired, Currency};

/// One entry per retired code: code, numeric code, English name, minor
/// units, withdrawal (`YYYY-MM`).
#[rustfmt::skip]
pub(super) static RETIRED: [Currency; 11] = [
    // Replaced by the euro on 2026-01-01: absent from list one of that date.
    retired("BGN", 975, "Bulgarian Lev", Some(2), "2026-01"),
    retired("CYP", 196, "Cyprus Pound", Some(2), "2008-01"),
    retired("EEK", 233, "Kroon", Some(2), "2011-01"),
    retired("HRK", 191, "Kuna", Some(2), "2023-01"),
    retired("LTL", 440, "Lithuanian Litas", Some(2), "2014-12"),
    retired("LVL", 428, "Latvian Lats", Some(2), "2014-01"),
    retired("MTL", 470, "Maltese Lira", Some(2), "2008-01"),
    // 10 000 ROL = 1 RON from 2005-07-01.
    retired("ROL", 642, "Old Leu", Some(2), "2005-06"),
    retired("SIT", 705, "Tolar", Some(2), "2007-01"),
    retired("SKK", 703, "Slovak Koruna", Some(2), "2009-01"),
    // 1 000 000 TRL = 1 TRY from 2005-01-01.
    retired("TRL", 792, "Old Turkish Lira", Some(0), "2005-12"),
];
