//! kurs: official exchange rates from central banks, converted exactly.
//!
//! This crate holds the conversion core ([`CrossRate`], no I/O), the
//! currency registry ([`Currency`]), the [`Book`] of every source's history
//! that answers conversions and rate lists, and the command line. Where the
//! rates come from is the business of the `kurs-rates` crate.
#![deny(missing_docs)]

mod amount;
pub mod api;
mod book;
pub mod cli;
mod convert;
pub mod currency;
mod error;
pub mod request;
mod rounding;
mod service;

pub use amount::{Amount, InvalidAmount};
pub use book::{Book, Conversion, ConvertQuery, CurrencyEntry, Fallback, Leg, RatesView};
pub use convert::{CrossRate, Overflow, RATE_DIGITS};
pub use currency::{Currency, UnknownCurrency};
pub use error::{Error, Unsynced};
pub use request::{parse_date, parse_source};
pub use rounding::{InvalidRounding, Rounding};
pub use service::{Service, MAX_FETCHES_PER_REQUEST};

/// The parsers that the fuzz targets in `fuzz/` drive, gathered in one
/// place: what the API and the command line read from callers. Not a
/// stable API.
#[doc(hidden)]
pub mod fuzzing {
    pub use crate::api::{parse_convert_query, parse_frankfurter_request};
    pub use crate::request::parse_symbols;
    pub use crate::{parse_date, parse_source, Amount, Currency, Rounding};
}
