//! Retired ISO 4217 codes that the rate histories kurs serves still quote,
//! sorted by code.
//!
//! Written by hand. Numeric codes, names and withdrawal dates are those of
//! ISO 4217 list three (historic denominations). List three gives no minor
//! units; these are the ones list one gave while the code was current.
//!
//! The ECB history (`eurofxref-hist`, from 1999) quotes the first group.
//! The Bank of Russia's daily tables since 1992, the NBP's since 2002 and
//! the CNB's since 1991 quote the others: the currencies the euro replaced in 1999–2002, the
//! ECU, and the CIS currencies of the 1990s (BYR until 2016). The banks of
//! issue 12 (Uzbekistan, Georgia) add the pre-1998 ruble, the Sudanese and
//! Yugoslav dinars and the Venezuelan bolívars of their histories. Every code
//! in a source's catalogue must be here or in list one, or its pairs would
//! show in `/v1/rates` and be refused by `/v1/convert`.

use super::{retired, Currency};

/// One entry per retired code: code, numeric code, English name, minor
/// units, withdrawal (`YYYY-MM`).
#[rustfmt::skip]
pub(super) static RETIRED: [Currency; 37] = [
    retired("ATS", 40, "Schilling", Some(2), "2002-03"),
    retired("AZM", 31, "Azerbaijanian Manat", Some(2), "2005-12"),
    retired("BEF", 56, "Belgian Franc", Some(0), "2002-03"),
    retired("BGL", 100, "Lev", Some(2), "2003-11"),
    // Replaced by the euro on 2026-01-01: absent from list one of that date.
    retired("BGN", 975, "Bulgarian Lev", Some(2), "2026-01"),
    retired("BYB", 112, "Belarusian Ruble", Some(0), "2001-01"),
    // Redenominated 10 000 BYR = 1 BYN on 2016-07-01.
    retired("BYR", 974, "Belarusian Ruble", Some(0), "2017-01"),
    retired("CYP", 196, "Cyprus Pound", Some(2), "2008-01"),
    retired("DEM", 276, "Deutsche Mark", Some(2), "2002-03"),
    retired("EEK", 233, "Kroon", Some(2), "2011-01"),
    retired("ESP", 724, "Spanish Peseta", Some(0), "2002-03"),
    retired("FIM", 246, "Markka", Some(2), "2002-03"),
    retired("FRF", 250, "French Franc", Some(2), "2002-03"),
    retired("GRD", 300, "Drachma", Some(0), "2002-03"),
    retired("HRK", 191, "Kuna", Some(2), "2023-01"),
    retired("IEP", 372, "Irish Pound", Some(2), "2002-03"),
    retired("ITL", 380, "Italian Lira", Some(0), "2002-03"),
    retired("LTL", 440, "Lithuanian Litas", Some(2), "2014-12"),
    // Quoted by the CNB until 2001 (its 2000-04-21 fixing).
    retired("LUF", 442, "Luxembourg Franc", Some(0), "2002-03"),
    retired("LVL", 428, "Latvian Lats", Some(2), "2014-01"),
    retired("MTL", 470, "Maltese Lira", Some(2), "2008-01"),
    retired("NLG", 528, "Netherlands Guilder", Some(2), "2002-03"),
    retired("PTE", 620, "Portuguese Escudo", Some(0), "2002-03"),
    // 10 000 ROL = 1 RON from 2005-07-01.
    retired("ROL", 642, "Old Leu", Some(2), "2005-06"),
    // The ruble before the 1998 redenomination (1 000 RUR = 1 RUB), in the
    // catalogues of the Central Bank of Uzbekistan and the National Bank of
    // Georgia, whose histories start in the 1990s.
    retired("RUR", 810, "Russian Ruble", Some(2), "2004-01"),
    retired("SDD", 736, "Sudanese Dinar", Some(2), "2007-07"),
    retired("SIT", 705, "Tolar", Some(2), "2007-01"),
    retired("SKK", 703, "Slovak Koruna", Some(2), "2009-01"),
    retired("TJR", 762, "Tajik Ruble", Some(0), "2001-04"),
    retired("TMM", 795, "Turkmenistan Manat", Some(2), "2009-01"),
    // 1 000 000 TRL = 1 TRY from 2005-01-01.
    retired("TRL", 792, "Old Turkish Lira", Some(0), "2005-12"),
    retired("UAK", 804, "Karbovanet", Some(0), "1996-09"),
    retired("VEB", 862, "Bolivar", Some(2), "2008-01"),
    retired("VEF", 937, "Bolivar", Some(2), "2018-08"),
    // The European Currency Unit, replaced 1:1 by the euro on 1999-01-01.
    retired("XEU", 954, "European Currency Unit (E.C.U)", Some(2), "1999-01"),
    retired("YUM", 891, "New Dinar", Some(2), "2003-07"),
    retired("YUN", 891, "Yugoslavian Dinar", Some(2), "1995-11"),
];
