//! Parser for Norges Bank's exchange rates as SDMX-CSV
//! (`/api/data/EXR/B..NOK.SP?format=csvdata`).
//!
//! ```text
//! FREQ,BASE_CUR,QUOTE_CUR,TENOR,DECIMALS,CALCULATED,UNIT_MULT,COLLECTION,TIME_PERIOD,OBS_VALUE
//! B,HUF,NOK,SP,4,false,2,C,2026-03-16,2.857
//! B,USD,NOK,SP,4,false,0,C,2026-03-16,10.2434
//! ```
//!
//! One line per currency and business day, series after series: on
//! `TIME_PERIOD`, 10^`UNIT_MULT` units of `BASE_CUR` cost `OBS_VALUE`
//! kroner (`UNIT_MULT` 2: per 100 forint). `DECIMALS` is how many
//! decimals Norges Bank computes with; the value is kept as written (a
//! trailing zero is not written: `2.857` with `DECIMALS` 4).
//!
//! Two series are indices, not currencies: `TWI` (trade-weighted) and
//! `I44` (import-weighted); they are skipped. Any other `BASE_CUR` that
//! is not three capital letters is an error, as the CNB's parser refuses a
//! malformed code. An empty `OBS_VALUE` is a currency not published that
//! day.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::ID;
use crate::sources::text::positive_decimal;
use crate::{CurrencyCode, ParseError, Quote, Table};

const FORMAT: &str = "Norges Bank SDMX-CSV";
const NOK: CurrencyCode = CurrencyCode::new_static("NOK");
/// The series that are indices, not currencies.
const INDICES: [&str; 2] = ["TWI", "I44"];
/// The columns read, by name; the others (`DECIMALS`, `CALCULATED`,
/// `COLLECTION`) are not.
const COLUMNS: [&str; 7] = [
    "FREQ",
    "BASE_CUR",
    "QUOTE_CUR",
    "TENOR",
    "UNIT_MULT",
    "TIME_PERIOD",
    "OBS_VALUE",
];
/// The largest `UNIT_MULT` accepted (per 10,000 units).
const MAX_UNIT_MULT: u32 = 4;

/// One line's fields, by [`COLUMNS`].
struct Fields<'a>([&'a str; 7]);

impl<'a> Fields<'a> {
    fn get(&self, name: &str) -> &'a str {
        let i = COLUMNS.iter().position(|c| *c == name).unwrap_or(0);
        self.0[i]
    }
}

/// Parses an SDMX-CSV answer of `EXR/B..NOK.SP` (UTF-8) into one table per
/// date, in date order.
///
/// Every currency line becomes a quote of 10^`UNIT_MULT` units for
/// `OBS_VALUE` kroner, kept exactly as published. All or nothing: a
/// missing column, a line of another width, frequency, tenor or quote
/// currency, a malformed value or a last line without its line break (a
/// body cut short) make the whole body an error naming the line.
pub(crate) fn parse_nb_csv(body: &[u8]) -> Result<Vec<Table>, ParseError> {
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    let text = std::str::from_utf8(body).map_err(|e| {
        let line = body[..e.valid_up_to()].split(|&b| b == b'\n').count();
        ParseError::at(FORMAT, line, "expected UTF-8 text, found other bytes")
    })?;
    if !text.is_empty() && !text.ends_with('\n') {
        let line = text.lines().count();
        let message = "expected a line break at the end of the answer (a truncated answer?)";
        return Err(ParseError::at(FORMAT, line, message));
    }
    let mut lines = text.lines().map(|l| l.trim_end_matches('\r'));
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let positions = positions(&header)?;
    let mut days: BTreeMap<NaiveDate, Vec<(CurrencyCode, Quote)>> = BTreeMap::new();
    for (i, line) in lines.enumerate().filter(|(_, l)| !l.is_empty()) {
        let n = i + 2;
        let cells: Vec<&str> = line.split(',').collect();
        if cells.len() != header.len() {
            let message = format!("expected {} fields, found {}", header.len(), cells.len());
            return Err(ParseError::at(FORMAT, n, message));
        }
        let fields = Fields(positions.map(|p| cells[p]));
        if let Some((date, code, quote)) = observation(n, &fields)? {
            let day = days.entry(date).or_default();
            if day.iter().any(|(c, _)| *c == code) {
                let message = format!("{code} is quoted twice on {date}");
                return Err(ParseError::at(FORMAT, n, message));
            }
            day.push((code, quote));
        }
    }
    if days.is_empty() {
        return Err(ParseError::whole(
            FORMAT,
            "expected rates after the header, found none",
        ));
    }
    days.into_iter()
        .map(|(date, quotes)| {
            Table::new(ID, date, NOK, quotes).map_err(|e| ParseError::whole(FORMAT, e.to_string()))
        })
        .collect()
}

/// Where each of [`COLUMNS`] is in the header line.
fn positions(header: &[&str]) -> Result<[usize; 7], ParseError> {
    let mut out = [0; 7];
    for (slot, name) in out.iter_mut().zip(COLUMNS) {
        *slot = header.iter().position(|h| *h == name).ok_or_else(|| {
            let found = quoted(&header.join(","));
            ParseError::at(
                FORMAT,
                1,
                format!("expected a header with the column {name}, found {found}"),
            )
        })?;
    }
    Ok(out)
}

/// One line: its date, currency and quote, or `None` for an index or a
/// day without a value.
fn observation(
    n: usize,
    fields: &Fields,
) -> Result<Option<(NaiveDate, CurrencyCode, Quote)>, ParseError> {
    let fail = |message: String| ParseError::at(FORMAT, n, message);
    for (name, expected) in [("FREQ", "B"), ("QUOTE_CUR", "NOK"), ("TENOR", "SP")] {
        let found = fields.get(name);
        if found != expected {
            return Err(fail(format!(
                "expected {name} {expected}, found {}",
                quoted(found)
            )));
        }
    }
    let base = fields.get("BASE_CUR");
    let value = fields.get("OBS_VALUE");
    if INDICES.contains(&base) || value.is_empty() {
        return Ok(None);
    }
    let code = Some(base)
        .filter(|b| b.len() == 3 && b.bytes().all(|c| c.is_ascii_uppercase()))
        .and_then(|b| b.parse().ok())
        .ok_or_else(|| {
            fail(format!(
                "expected a currency such as USD in BASE_CUR, found {}",
                quoted(base)
            ))
        })?;
    if code == NOK {
        return Err(fail("the table quotes its own base NOK".to_owned()));
    }
    let period = fields.get("TIME_PERIOD");
    let date = NaiveDate::parse_from_str(period, "%Y-%m-%d")
        .ok()
        .filter(|_| period.len() == 10)
        .ok_or_else(|| {
            fail(format!(
                "expected a TIME_PERIOD such as 2026-03-16, found {}",
                quoted(period)
            ))
        })?;
    let mult = fields.get("UNIT_MULT");
    let units = mult
        .parse::<u32>()
        .ok()
        .filter(|m| *m <= MAX_UNIT_MULT && mult.len() == 1)
        .map(|m| Decimal::from(10_i64.pow(m)))
        .ok_or_else(|| {
            fail(format!(
                "expected a UNIT_MULT from 0 to {MAX_UNIT_MULT} for {code}, found {}",
                quoted(mult)
            ))
        })?;
    let rate = parse_rate(value).ok_or_else(|| {
        fail(format!(
            "expected a positive OBS_VALUE such as 10.2434 for {code}, found {}",
            quoted(value)
        ))
    })?;
    Ok(Some((date, code, Quote::priced_in_base(units, rate))))
}

/// A positive decimal such as `2.857`, kept at its scale.
fn parse_rate(text: &str) -> Option<Decimal> {
    positive_decimal(text, '.', 12)
}

/// A few words of `text` in quotes, for "found ..." in a message.
fn quoted(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("'{}...'", &text[..cut]),
        None => format!("'{text}'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing::{date, published, triple};

    const MARCH_2026: &[u8] =
        include_bytes!("fixtures/frankfurter_exr_b_nok_sp_2026-03-16_2026-03-24.csv");

    fn text() -> &'static str {
        std::str::from_utf8(MARCH_2026).unwrap()
    }

    /// The error for the fixture with `from` replaced by `to` (once).
    fn error_with(from: &str, to: &str) -> ParseError {
        assert!(text().contains(from), "{from}");
        parse_nb_csv(text().replacen(from, to, 1).as_bytes()).unwrap_err()
    }

    #[test]
    fn the_recorded_answer_gives_seven_days_of_36_currencies_per_1_or_100() {
        let tables = parse_nb_csv(MARCH_2026).unwrap();
        let dates: Vec<NaiveDate> = tables.iter().map(Table::date).collect();
        let expected = [16, 17, 18, 19, 20, 23, 24].map(|d| date(2026, 3, d));
        assert_eq!(dates, expected.to_vec());
        for t in &tables {
            assert_eq!((t.source(), t.base(), t.len()), (ID, NOK, 36));
            assert!(!t.covers("TWI".parse().unwrap()));
        }
        let first = &tables[0];
        assert_eq!(published(first, "HUF"), triple("100", "2.857", "0.02857"));
        assert_eq!(published(first, "BYN"), triple("1", "3.2607", "3.2607"));
        assert_eq!(published(first, "XDR"), triple("1", "13.19587", "13.19587"));
        let last = &tables[6];
        assert_eq!(published(last, "KRW"), triple("100", "0.6475", "0.006475"));
        let per_100 = last
            .quotes()
            .iter()
            .filter(|(_, q)| q.units != Decimal::ONE);
        assert_eq!(per_100.count(), 21); // CHF, CNY, DKK, JPY, SEK, ...
    }

    #[test]
    fn every_currency_of_the_answer_is_in_the_catalogue() {
        let catalogue = ID.catalogue().unwrap();
        for t in parse_nb_csv(MARCH_2026).unwrap() {
            for (code, _) in t.quotes() {
                assert!(catalogue.contains(code), "{code}");
            }
        }
    }

    #[test]
    fn bad_lines_are_refused_with_their_line() {
        let line = "B,HUF,NOK,SP,4,false,2,C,2026-03-16,2.857";
        let cases = [
            (
                "D,HUF,NOK,SP,4,false,2,C,2026-03-16,2.857",
                "expected FREQ B, found 'D'",
            ),
            (
                "B,HUF,SEK,SP,4,false,2,C,2026-03-16,2.857",
                "expected QUOTE_CUR NOK",
            ),
            (
                "B,HUF,NOK,1M,4,false,2,C,2026-03-16,2.857",
                "expected TENOR SP",
            ),
            ("B,huf,NOK,SP,4,false,2,C,2026-03-16,2.857", "found 'huf'"),
            (
                "B,HUF,NOK,SP,4,false,7,C,2026-03-16,2.857",
                "UNIT_MULT from 0 to 4 for HUF, found '7'",
            ),
            ("B,HUF,NOK,SP,4,false,-2,C,2026-03-16,2.857", "found '-2'"),
            (
                "B,HUF,NOK,SP,4,false,2,C,2026-03-32,2.857",
                "found '2026-03-32'",
            ),
            (
                "B,HUF,NOK,SP,4,false,2,C,16.03.2026,2.857",
                "found '16.03.2026'",
            ),
            (
                "B,HUF,NOK,SP,4,false,2,C,2026-03-16,2,857",
                "expected 10 fields, found 11",
            ),
            (
                "B,HUF,NOK,SP,4,false,2,C,2026-03-16,NaN",
                "OBS_VALUE such as 10.2434 for HUF, found 'NaN'",
            ),
            ("B,HUF,NOK,SP,4,false,2,C,2026-03-16,0", "found '0'"),
            (
                "B,HUF,NOK,SP,4,false,2,C,2026-03-16,-2.857",
                "found '-2.857'",
            ),
            (
                "B,HUF,NOK,SP,4,false,2,C,2026-03-16,2.857",
                "HUF is quoted twice on 2026-03-16",
            ),
            (
                "B,NOK,NOK,SP,4,false,2,C,2026-03-16,2.857",
                "quotes its own base NOK",
            ),
        ];
        for (to, expected) in cases {
            let err = if to == line {
                // A second line for the same day and currency.
                let second = "B,HUF,NOK,SP,4,false,2,C,2026-03-17,2.8514";
                error_with(second, line)
            } else {
                error_with(line, to)
            };
            assert!(err.message.contains(expected), "{to}: {err}");
            assert_eq!(
                err.line,
                Some(if to == line { 3 } else { 2 }),
                "{to}: {err}"
            );
        }
    }

    #[test]
    fn an_empty_value_is_a_currency_not_published_that_day() {
        let body = text().replacen("2026-03-16,2.857\n", "2026-03-16,\n", 1);
        let tables = parse_nb_csv(body.as_bytes()).unwrap();
        assert!(!tables[0].covers("HUF".parse().unwrap()));
        assert_eq!(tables[0].len(), 35);
    }

    #[test]
    fn empty_truncated_and_foreign_bodies_are_refused() {
        let header = "FREQ,BASE_CUR,QUOTE_CUR,TENOR,DECIMALS,CALCULATED,UNIT_MULT,COLLECTION,TIME_PERIOD,OBS_VALUE\n";
        let cases: [(&[u8], &str); 5] = [
            (b"", "expected a header with the column FREQ"),
            (header.as_bytes(), "found none"),
            (
                b"<html><body>No Results Found</body></html>\n",
                "found '<html>",
            ),
            (b"FREQ,BASE_CUR\n\xff\n", "expected UTF-8 text"),
            (b"FREQ,BASE_CUR,QUOTE_CUR", "line break at the end"),
        ];
        for (body, expected) in cases {
            let err = parse_nb_csv(body).unwrap_err();
            assert!(err.message.contains(expected), "{err}");
        }
        let cut = parse_nb_csv(&MARCH_2026[..MARCH_2026.len() - 3]).unwrap_err();
        assert!(cut.message.contains("line break at the end"), "{cut}");
        let no_unit = error_with("UNIT_MULT,", "");
        assert!(
            no_unit.message.contains("the column UNIT_MULT"),
            "{no_unit}"
        );
    }
}
