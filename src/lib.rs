//! kurs: official exchange rates from central banks, converted exactly.
//!
//! One core with two front ends:
//!
//! * The core: [`request`] parses raw parameters once into typed questions
//!   (with every default), the [`Book`] of every source's history answers
//!   them through the conversion core ([`CrossRate`], no I/O), the
//!   [`Service`] fetches what a question needs first, and [`Error`]
//!   carries what went wrong as data. The currency registry is
//!   [`Currency`]; where the rates come from is the business of the
//!   `kurs-rates` crate. [`settings`] holds every limit, timeout and
//!   address with its flag, `KURS_*` variable and default; the front ends
//!   and the binary pass its values down.
//! * [`api`], the HTTP API (native `/v1` and the Frankfurter mirror), and
//!   [`cli`], the command line. Each owns its words and its output shapes;
//!   neither imports the other, and the core imports neither. The binary
//!   (`main.rs`) wires them: the command line hands `kurs serve` back, and
//!   the binary runs [`api::serve`]. [`mcp`] serves the native API's
//!   questions and bodies as Model Context Protocol tools, over stdio
//!   (`kurs mcp`, run by the binary likewise) and at the API's `/mcp`.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod amount;
pub mod api;
mod book;
pub mod cli;
mod convert;
pub mod currency;
mod error;
pub mod locale;
pub mod mcp;
mod origins;
pub mod request;
mod rounding;
mod service;
pub mod settings;

pub use amount::{Amount, InvalidAmount};
pub use book::{Book, Conversion, ConvertQuery, CurrencyEntry, Fallback, Leg, RatesView};
pub use convert::{CrossRate, Overflow, RATE_DIGITS};
pub use currency::{Currency, UnknownCurrency};
pub use error::{Error, Unsynced};
pub use origins::WidgetApiOrigins;
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
