//! Parser for the Bank of Israel's representative rates as SDMX CSV
//! (`/FusionEdgeServer/sdmx/v2/data/dataflow/BOI.STATISTICS/EXR/1.0/?...&format=csv`).
//!
//! ```text
//! SERIES_CODE,FREQ,BASE_CURRENCY,COUNTER_CURRENCY,UNIT_MEASURE,DATA_TYPE,DATA_SOURCE,TIME_COLLECT,CONF_STATUS,PUB_WEBSITE,UNIT_MULT,COMMENTS,TIME_PERIOD,OBS_VALUE,RELEASE_STATUS
//! RER_USD_ILS,D,USD,ILS,ILS,OF00,BOI_MRKT,V,F,Y,0,,2026-03-02,3.073,YP
//! RER_JPY_ILS,D,JPY,ILS,ILS,OF00,BOI_MRKT,V,F,Y,2,,2026-03-02,1.971,YP
//! ```
//!
//! One line per currency and day, series after series: on `TIME_PERIOD`,
//! 10^`UNIT_MULT` units of `BASE_CURRENCY` cost `OBS_VALUE` shekels
//! (`UNIT_MULT` 2: per 100 yen; 1: per 10 Lebanese pounds). `OF00` is the
//! representative rate; the other columns (`SERIES_CODE`, `UNIT_MEASURE`,
//! `DATA_SOURCE`, `TIME_COLLECT`, `CONF_STATUS`, `PUB_WEBSITE`,
//! `COMMENTS`, `RELEASE_STATUS`) are not read. An empty `OBS_VALUE` is a
//! currency not published that day. Fields are split at every comma: a
//! quoted field holding a comma (none is recorded) makes the line's width
//! wrong, an error rather than a misread.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::ID;
use crate::sources::text::{excerpt, positive_decimal, upper_code};
use crate::{CurrencyCode, ParseError, Quote, Table};

const FORMAT: &str = "Bank of Israel SDMX CSV";
const ILS: CurrencyCode = CurrencyCode::new_static("ILS");
/// The columns read, by name.
const COLUMNS: [&str; 6] = [
    "FREQ",
    "BASE_CURRENCY",
    "COUNTER_CURRENCY",
    "DATA_TYPE",
    "UNIT_MULT",
    "TIME_PERIOD",
];
/// The column of the rate, read apart because it may be empty.
const VALUE: &str = "OBS_VALUE";
/// The largest `UNIT_MULT` accepted (per 10,000 units).
const MAX_UNIT_MULT: u32 = 4;

/// One line's fields, by [`COLUMNS`], and its `OBS_VALUE`.
struct Fields<'a> {
    cells: [&'a str; 6],
    value: &'a str,
}

impl<'a> Fields<'a> {
    fn get(&self, name: &str) -> &'a str {
        let i = COLUMNS.iter().position(|c| *c == name).unwrap_or(0);
        self.cells[i]
    }
}

/// Parses an SDMX CSV answer of the Bank of Israel's `EXR` dataflow,
/// representative rates (UTF-8), into one table per date, in date order.
///
/// Every line becomes a quote of 10^`UNIT_MULT` units for `OBS_VALUE`
/// shekels, kept exactly as published. All or nothing: a missing column,
/// a line of another width, a frequency other than daily (`D`), a counter
/// currency other than `ILS`, a data type other than `OF00`, a malformed
/// code, multiplier, date or value, or a last line without its line break
/// (a body cut short) make the whole body an error naming the line.
pub fn parse_boi_csv(body: &[u8]) -> Result<Vec<Table>, ParseError> {
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
    let (positions, value_at) = positions(&header)?;
    let mut days: BTreeMap<NaiveDate, Vec<(CurrencyCode, Quote)>> = BTreeMap::new();
    for (i, line) in lines.enumerate().filter(|(_, l)| !l.is_empty()) {
        let n = i + 2;
        let cells: Vec<&str> = line.split(',').collect();
        if cells.len() != header.len() {
            let message = format!("expected {} fields, found {}", header.len(), cells.len());
            return Err(ParseError::at(FORMAT, n, message));
        }
        let fields = Fields {
            cells: positions.map(|p| cells[p]),
            value: cells[value_at],
        };
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
        let message = "expected rates after the header, found none";
        return Err(ParseError::whole(FORMAT, message));
    }
    days.into_iter()
        .map(|(date, quotes)| {
            Table::new(ID, date, ILS, quotes).map_err(|e| ParseError::whole(FORMAT, e.to_string()))
        })
        .collect()
}

/// Where each of [`COLUMNS`] and [`VALUE`] is in the header line.
fn positions(header: &[&str]) -> Result<([usize; 6], usize), ParseError> {
    let find = |name: &str| {
        header.iter().position(|h| *h == name).ok_or_else(|| {
            let found = quoted(&header.join(","));
            let message = format!("expected a header with the column {name}, found {found}");
            ParseError::at(FORMAT, 1, message)
        })
    };
    let mut out = [0; 6];
    for (slot, name) in out.iter_mut().zip(COLUMNS) {
        *slot = find(name)?;
    }
    Ok((out, find(VALUE)?))
}

/// One line: its date, currency and quote, or `None` for a day without a
/// value.
fn observation(
    n: usize,
    fields: &Fields,
) -> Result<Option<(NaiveDate, CurrencyCode, Quote)>, ParseError> {
    let fail = |message: String| ParseError::at(FORMAT, n, message);
    for (name, expected) in [
        ("FREQ", "D"),
        ("COUNTER_CURRENCY", "ILS"),
        ("DATA_TYPE", "OF00"),
    ] {
        let found = fields.get(name);
        if found != expected {
            let message = format!("expected {name} {expected}, found {}", quoted(found));
            return Err(fail(message));
        }
    }
    let base = fields.get("BASE_CURRENCY");
    let code = upper_code(base).ok_or_else(|| {
        let message = format!(
            "expected a currency such as USD in BASE_CURRENCY, found {}",
            quoted(base)
        );
        fail(message)
    })?;
    if code == ILS {
        return Err(fail("the table quotes its own base ILS".to_owned()));
    }
    if fields.value.is_empty() {
        return Ok(None);
    }
    let period = fields.get("TIME_PERIOD");
    let date = Some(period)
        .filter(|p| p.len() == 10)
        .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
        .ok_or_else(|| {
            let message = format!(
                "expected a TIME_PERIOD such as 2026-03-02, found {}",
                quoted(period)
            );
            fail(message)
        })?;
    let units = unit_mult(fields.get("UNIT_MULT")).ok_or_else(|| {
        let message = format!(
            "expected a UNIT_MULT from 0 to {MAX_UNIT_MULT} for {code}, found {}",
            quoted(fields.get("UNIT_MULT"))
        );
        fail(message)
    })?;
    let rate = positive_decimal(fields.value, '.', 12).ok_or_else(|| {
        let message = format!(
            "expected a positive OBS_VALUE such as 3.073 for {code}, found {}",
            quoted(fields.value)
        );
        fail(message)
    })?;
    Ok(Some((date, code, Quote::priced_in_base(units, rate))))
}

/// The units a `UNIT_MULT` of one digit stands for: `2` is 100.
fn unit_mult(text: &str) -> Option<Decimal> {
    let mult = text.parse::<u32>().ok().filter(|_| text.len() == 1)?;
    (mult <= MAX_UNIT_MULT).then(|| Decimal::from(10_i64.pow(mult)))
}

/// A few words of `text` in quotes, for "found ..." in a message.
fn quoted(text: &str) -> String {
    format!("'{}'", excerpt(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing::{date, published, triple};

    const MARCH_2026: &[u8] =
        include_bytes!("fixtures/frankfurter_exr_of00_2026-03-01_2026-03-20.csv");

    fn text() -> &'static str {
        std::str::from_utf8(MARCH_2026).unwrap()
    }

    /// The error for the recorded answer with `from` replaced by `to`.
    fn error_with(from: &str, to: &str) -> String {
        assert!(text().contains(from), "{from}");
        parse_boi_csv(text().replacen(from, to, 1).as_bytes())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn the_answer_gives_one_table_per_date_in_date_order() {
        let tables = parse_boi_csv(MARCH_2026).unwrap();
        let dates: Vec<NaiveDate> = tables.iter().map(Table::date).collect();
        assert_eq!(
            dates,
            [date(2026, 3, 2), date(2026, 3, 5), date(2026, 3, 6)]
        );
        let sizes: Vec<usize> = tables.iter().map(Table::len).collect();
        assert_eq!(sizes, [14, 7, 7]);
        assert!(tables.iter().all(|t| t.source() == ID && t.base() == ILS));
    }

    #[test]
    fn rates_are_kept_as_published() {
        let tables = parse_boi_csv(MARCH_2026).unwrap();
        let (mar2, mar6) = (&tables[0], &tables[2]);
        assert_eq!(published(mar2, "USD"), triple("1", "3.073", "3.073"));
        assert_eq!(published(mar2, "EUR"), triple("1", "3.5601", "3.5601"));
        assert_eq!(published(mar2, "ZAR"), triple("1", "0.1813", "0.1813"));
        assert_eq!(published(mar6, "GBP"), triple("1", "4.1667", "4.1667"));
        assert_eq!(published(mar6, "EGP"), triple("1", "0.0589", "0.0589"));
        assert!(!mar6.covers("AUD".parse().unwrap()), "not in the answer");
    }

    #[test]
    fn unit_mult_gives_rates_per_hundred_yen_and_per_ten_lebanese_pounds() {
        let tables = parse_boi_csv(MARCH_2026).unwrap();
        assert_eq!(
            published(&tables[0], "JPY"),
            triple("100", "1.971", "0.01971")
        );
        assert_eq!(
            published(&tables[1], "JPY"),
            triple("100", "1.958", "0.01958")
        );
        assert_eq!(
            published(&tables[0], "LBP"),
            triple("10", "0.0003", "0.00003")
        );
    }

    #[test]
    fn every_recorded_code_is_in_the_catalogue() {
        let catalogue = ID.catalogue().unwrap();
        let first = &parse_boi_csv(MARCH_2026).unwrap()[0];
        let codes: Vec<CurrencyCode> = first.quotes().iter().map(|(c, _)| *c).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        assert_eq!(sorted, catalogue);
    }

    #[test]
    fn an_empty_value_is_a_currency_not_published_that_day() {
        let body = text().replacen(",2026-03-02,0.1813,", ",2026-03-02,,", 1);
        let tables = parse_boi_csv(body.as_bytes()).unwrap();
        assert_eq!(tables[0].len(), 13);
        assert!(!tables[0].covers("ZAR".parse().unwrap()));
    }

    #[test]
    fn bad_lines_are_refused_with_their_line_number() {
        let cases = [
            (
                ",USD,ILS,",
                ",usd,ILS,",
                "line 2: expected a currency such as USD in BASE_CURRENCY, found 'usd'",
            ),
            (
                ",USD,ILS,",
                ",ILS,ILS,",
                "line 2: the table quotes its own base ILS",
            ),
            (
                "RER_USD_ILS,D,",
                "RER_USD_ILS,M,",
                "line 2: expected FREQ D, found 'M'",
            ),
            (
                ",USD,ILS,ILS,OF00,",
                ",USD,USD,ILS,OF00,",
                "expected COUNTER_CURRENCY ILS, found 'USD'",
            ),
            (
                ",USD,ILS,ILS,OF00,",
                ",USD,ILS,ILS,RER,",
                "expected DATA_TYPE OF00, found 'RER'",
            ),
            (
                ",2,,2026-03-02,1.971,",
                ",7,,2026-03-02,1.971,",
                "line 11: expected a UNIT_MULT from 0 to 4 for JPY, found '7'",
            ),
            (
                ",2,,2026-03-02,1.971,",
                ",-2,,2026-03-02,1.971,",
                "found '-2'",
            ),
            (
                "2026-03-02,3.073",
                "02.03.2026,3.073",
                "expected a TIME_PERIOD such as 2026-03-02, found '02.03.2026'",
            ),
            ("2026-03-02,3.073", "2026-02-30,3.073", "found '2026-02-30'"),
            (
                "3.073,YP",
                "3,073,YP",
                "line 2: expected 15 fields, found 16",
            ),
            (
                "3.073,YP",
                "-3.073,YP",
                "expected a positive OBS_VALUE such as 3.073 for USD, found '-3.073'",
            ),
            ("3.073,YP", "0.000,YP", "found '0.000'"),
            ("3.073,YP", "3.07e0,YP", "found '3.07e0'"),
            (
                "2026-03-05,3.072",
                "2026-03-02,3.072",
                "line 3: USD is quoted twice on 2026-03-02",
            ),
            (
                "TIME_PERIOD,OBS_VALUE",
                "DATE,OBS_VALUE",
                "line 1: expected a header with the column TIME_PERIOD",
            ),
            (
                "OBS_VALUE,RELEASE",
                "VALUE,RELEASE",
                "expected a header with the column OBS_VALUE",
            ),
        ];
        for (from, to, expected) in cases {
            let err = error_with(from, to);
            assert!(err.contains(expected), "{to}: {err}");
        }
    }

    #[test]
    fn empty_truncated_and_foreign_bodies_are_refused() {
        let header = text().lines().next().unwrap();
        let only_header = format!("{header}\n");
        let cases: [(&[u8], &str); 5] = [
            (b"", "expected a header with the column FREQ"),
            (
                only_header.as_bytes(),
                "expected rates after the header, found none",
            ),
            (
                b"<html><body>502 Bad Gateway</body></html>\n",
                "expected a header with the column FREQ",
            ),
            (b"{\"error\":\"not found\"}\n", "expected a header"),
            (b"FREQ\xff\n", "expected UTF-8 text"),
        ];
        for (body, expected) in cases {
            let err = parse_boi_csv(body).unwrap_err().to_string();
            assert!(err.contains(expected), "{err}");
        }
        for cut in [MARCH_2026.len() - 1, MARCH_2026.len() / 2, 200, 20] {
            let err = parse_boi_csv(&MARCH_2026[..cut]).unwrap_err().to_string();
            assert!(err.contains("expected"), "{cut}: {err}");
        }
        let err = parse_boi_csv(&MARCH_2026[..MARCH_2026.len() - 1])
            .unwrap_err()
            .to_string();
        assert!(err.contains("a truncated answer?"), "{err}");
    }
}
