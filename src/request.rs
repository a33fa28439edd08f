//! Requests, parsed once: the raw parameters a front end receives (a query
//! string's values, a command line's arguments, still strings) turned into
//! the typed questions the core answers, with every default defined here.
//!
//! The HTTP API and the command line both call these parsers, so a value
//! means the same on either side. What is missing or malformed comes back
//! as an [`Error`] carrying data (which parameter, what was given); each
//! front end words it in its own syntax.
//!
//! ```
//! use kurs::request::{ConvertParams, DEFAULT_ROUNDING};
//!
//! let q = ConvertParams {
//!     from: Some("usd"),
//!     to: Some("RUB"),
//!     amount: Some("100"),
//!     ..ConvertParams::default()
//! }
//! .parse()
//! .unwrap();
//! assert_eq!(q.from.code.as_str(), "USD");
//! assert_eq!(q.rounding.as_str(), DEFAULT_ROUNDING);
//! ```

use chrono::NaiveDate;
use kurs_rates::{CurrencyCode, SourceId};
use rust_decimal::Decimal;

use crate::{Amount, ConvertQuery, Currency, Error, Rounding};

/// The base currency when none is asked for: `EUR`, the currency the ECB,
/// kurs's complete history, publishes against.
pub const DEFAULT_BASE: &str = "EUR";

/// The rounding mode when none is asked for: `half_even` (banker's
/// rounding), [`Rounding::default`] by name.
pub const DEFAULT_ROUNDING: &str = "half_even";

/// The amount converted when none is given: 1, so the answer is the rate.
pub const DEFAULT_AMOUNT: Decimal = Decimal::ONE;

/// The raw parameters of a conversion; `None` where a value was not given.
#[derive(Debug, Clone, Copy, Default)]
pub struct ConvertParams<'a> {
    /// The currency converted from (required).
    pub from: Option<&'a str>,
    /// The currency converted to (required).
    pub to: Option<&'a str>,
    /// The amount, a plain decimal; [`DEFAULT_AMOUNT`] when absent.
    pub amount: Option<&'a str>,
    /// The date, `YYYY-MM-DD`; the latest rates when absent.
    pub date: Option<&'a str>,
    /// The source's name; the source policy's pick when absent.
    pub source: Option<&'a str>,
    /// The rounding mode's name; [`DEFAULT_ROUNDING`] when absent.
    pub round: Option<&'a str>,
}

impl ConvertParams<'_> {
    /// The conversion asked for. Checked in order: `from`, `to`, `amount`,
    /// `date`, `source`, `round`; the first bad one is the error.
    pub fn parse(&self) -> Result<ConvertQuery, Error> {
        let from = Currency::parse(required(self.from, "from")?)?;
        let to = Currency::parse(required(self.to, "to")?)?;
        let amount = match self.amount {
            Some(a) => a.parse::<Amount>()?,
            None => Amount::new(DEFAULT_AMOUNT),
        };
        let mut q = ConvertQuery::new(amount, from, to);
        q.date = self.date.map(parse_date).transpose()?;
        q.source = self.source.map(parse_source).transpose()?;
        q.rounding = match self.round {
            Some(r) => r.parse::<Rounding>()?,
            None => Rounding::default(),
        };
        Ok(q)
    }
}

/// The raw parameters of a list of rates.
#[derive(Debug, Clone, Copy, Default)]
pub struct RatesParams<'a> {
    /// The base currency; [`DEFAULT_BASE`] when absent.
    pub base: Option<&'a str>,
    /// Comma-separated currencies; every currency when absent.
    pub symbols: Option<&'a str>,
    /// The date, `YYYY-MM-DD`; the latest table when absent.
    pub date: Option<&'a str>,
    /// The source's name; the first that covers the base when absent.
    pub source: Option<&'a str>,
}

/// A question for the rates of one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatesQuery {
    /// Price the rates in this currency.
    pub base: CurrencyCode,
    /// Only these currencies; `None` for all.
    pub symbols: Option<Vec<CurrencyCode>>,
    /// The table in force on this date; `None` for the latest.
    pub date: Option<NaiveDate>,
    /// Only this source.
    pub source: Option<SourceId>,
}

impl RatesParams<'_> {
    /// The question asked, checked in order: `base`, `symbols`, `date`,
    /// `source`.
    pub fn parse(&self) -> Result<RatesQuery, Error> {
        Ok(RatesQuery {
            base: parse_base(self.base)?,
            symbols: self.symbols.map(parse_symbols).transpose()?,
            date: self.date.map(parse_date).transpose()?,
            source: self.source.map(parse_source).transpose()?,
        })
    }
}

/// The raw parameters of a time series.
#[derive(Debug, Clone, Copy, Default)]
pub struct TimeseriesParams<'a> {
    /// The base currency; [`DEFAULT_BASE`] when absent.
    pub base: Option<&'a str>,
    /// Comma-separated currencies; every currency when absent.
    pub symbols: Option<&'a str>,
    /// The first date (required).
    pub start: Option<&'a str>,
    /// The last date (required).
    pub end: Option<&'a str>,
    /// The source's name.
    pub source: Option<&'a str>,
}

/// A question for every table over a range of dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeseriesQuery {
    /// Price the rates in this currency.
    pub base: CurrencyCode,
    /// Only these currencies; `None` for all.
    pub symbols: Option<Vec<CurrencyCode>>,
    /// The first date asked for.
    pub start: NaiveDate,
    /// The last date asked for (not checked against `start`: how long a
    /// range a front end answers is its own limit).
    pub end: NaiveDate,
    /// Only this source.
    pub source: Option<SourceId>,
}

impl TimeseriesParams<'_> {
    /// The question asked, checked in order: `base`, `symbols`, `start`,
    /// `end`, `source`.
    pub fn parse(&self) -> Result<TimeseriesQuery, Error> {
        Ok(TimeseriesQuery {
            base: parse_base(self.base)?,
            symbols: self.symbols.map(parse_symbols).transpose()?,
            start: parse_date(required(self.start, "start")?)?,
            end: parse_date(required(self.end, "end")?)?,
            source: self.source.map(parse_source).transpose()?,
        })
    }
}

/// A required value, or [`Error::Missing`] naming it.
fn required<'a>(value: Option<&'a str>, name: &'static str) -> Result<&'a str, Error> {
    value.ok_or(Error::Missing(name))
}

/// A base currency, [`DEFAULT_BASE`] when absent.
fn parse_base(base: Option<&str>) -> Result<CurrencyCode, Error> {
    Ok(Currency::parse(base.unwrap_or(DEFAULT_BASE))?.code)
}

/// The non-blank items of a comma-separated list, as given: `USD, jpy,,`
/// is `USD` and ` jpy`.
pub fn list_items(s: &str) -> impl Iterator<Item = &str> {
    s.split(',').filter(|p| !p.trim().is_empty())
}

/// Parses `USD,jpy, GBP` into known codes.
pub fn parse_symbols(s: &str) -> Result<Vec<CurrencyCode>, Error> {
    list_items(s)
        .map(|p| Ok(Currency::parse(p)?.code))
        .collect()
}

/// Whether `s` is shaped `YYYY-MM-DD`: four digits, two, two (not
/// whether it is a calendar date).
pub fn date_shaped(s: &str) -> bool {
    s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// Parses a `YYYY-MM-DD` date given by a caller.
pub fn parse_date(s: &str) -> Result<NaiveDate, Error> {
    let t = s.trim();
    // Four digits, two, two: chrono alone also takes a signed year
    // (`-999-12-31`, `+123-05-06`), which is no YYYY-MM-DD.
    // Digits read in place: chrono's `parse_from_str` interprets its
    // format string on every call, which cost more than the conversion.
    let field = |range: std::ops::Range<usize>| {
        t.as_bytes()[range]
            .iter()
            .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'))
    };
    date_shaped(t)
        .then(|| NaiveDate::from_ymd_opt(field(0..4) as i32, field(5..7), field(8..10)))
        .flatten()
        .ok_or_else(|| Error::InvalidDate(s.chars().take(40).collect()))
}

/// Parses a source name given by a caller.
pub fn parse_source(s: &str) -> Result<SourceId, Error> {
    SourceId::parse(s).ok_or_else(|| Error::UnknownSource(s.chars().take(40).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_iso_calendar_dates() {
        assert_eq!(parse_date("2011-11-18").unwrap().to_string(), "2011-11-18");
        for bad in [
            "2011-11-31",
            "18.11.2011",
            "2011-1-8",
            "",
            "20111118",
            "+2011-11-18",
            // Found by the api_query fuzz target: chrono takes a signed
            // year, and the date then printed as -0999-12-31.
            "-999-12-31",
            "+123-05-06",
            "2011-11-1\u{663}",
        ] {
            let err = parse_date(bad).unwrap_err();
            assert_eq!(err, Error::InvalidDate(bad.to_owned()), "{bad}");
            assert!(err.to_string().contains("YYYY-MM-DD"));
        }
    }

    #[test]
    fn unknown_sources_list_the_known_ones() {
        let err = parse_source("fed").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown source 'fed': expected one of ecb, cbr, nbp, nbp.b, cnb, boc, rba, nb, rb, dnb, boe, bnr, hnb, nbu, nbrb, nbk, cbu, nbg, cba, nbkr, nbm, nbt, boi, mnb"
        );
        assert_eq!(parse_source("ECB").unwrap(), SourceId::ECB);
    }

    #[test]
    fn the_default_rounding_is_named_by_its_constant() {
        assert_eq!(
            DEFAULT_ROUNDING.parse::<Rounding>().unwrap(),
            Rounding::default()
        );
    }

    #[test]
    fn a_conversion_without_amount_or_rounding_takes_the_defaults() {
        let q = ConvertParams {
            from: Some("EUR"),
            to: Some("usd"),
            ..ConvertParams::default()
        }
        .parse()
        .unwrap();
        assert_eq!(q.amount.value(), DEFAULT_AMOUNT);
        assert_eq!(q.rounding, Rounding::HalfEven);
        assert_eq!((q.date, q.source), (None, None));
    }

    #[test]
    fn a_missing_currency_is_named_before_a_later_bad_value() {
        let p = ConvertParams {
            to: Some("RUB"),
            amount: Some("x"),
            ..ConvertParams::default()
        };
        assert_eq!(p.parse().unwrap_err(), Error::Missing("from"));
        let p = ConvertParams {
            from: Some("QQQ"),
            ..ConvertParams::default()
        };
        assert!(matches!(p.parse(), Err(Error::UnknownCurrency(_))));
    }

    #[test]
    fn rates_default_to_the_euro_and_every_currency() {
        let q = RatesParams::default().parse().unwrap();
        assert_eq!(q.base.as_str(), DEFAULT_BASE);
        assert_eq!(q.symbols, None);
        let q = RatesParams {
            symbols: Some(" usd,,JPY "),
            ..RatesParams::default()
        }
        .parse()
        .unwrap();
        let codes: Vec<&str> = q.symbols.iter().flatten().map(|c| c.as_str()).collect();
        assert_eq!(codes, ["USD", "JPY"]);
    }

    #[test]
    fn a_time_series_needs_both_dates() {
        let p = TimeseriesParams {
            start: Some("2011-11-14"),
            ..TimeseriesParams::default()
        };
        assert_eq!(p.parse().unwrap_err(), Error::Missing("end"));
    }
}
