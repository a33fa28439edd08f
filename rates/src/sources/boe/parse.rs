//! Parser for the Bank of England's CSV of daily spot rates.
//!
//! `_iadb-fromshowcolumns.asp?CSVF=TN&UsingCodes=Y&csv.x=yes` answers with
//! one column per series and one row per day, CRLF line ends:
//!
//! ```text
//! DATE,XUDLUSS,XUDLERS,XUDLJYS
//! 17 Mar 2026,1.3343,1.1577,212.1937
//! ```
//!
//! Each cell is how many units of the series' currency one pound buys at
//! 16:00 London (the ECB's way round: `Quote::per_base`). The columns are
//! named by series code, mapped to ISO codes by [`SERIES`]; a series kurs
//! does not know is refused, since kurs asked for every column. A cell left
//! empty (or `..`, the database's mark for "no observation") means the Bank
//! published no rate for that currency that day; a row with no rate at all
//! is skipped.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::ID;
use crate::sources::text::positive_decimal;
use crate::{CurrencyCode, ParseError, Quote, Table};

const FORMAT: &str = "Bank of England CSV";
const GBP: CurrencyCode = CurrencyCode::new_static("GBP");

/// The Bank's spot-rate series kurs asks for, with the currency each one
/// prices in pounds (`XUDL` + the currency, `S` for "into sterling").
///
/// The codes are those of the request Frankfurter recorded (see
/// `fixtures/PROVENANCE.md`); the currency of each is the one its series
/// name in the Bank's database gives ("Spot exchange rate, US $ into
/// Sterling", "..., Euro into Sterling", ...), and each was checked against
/// the recorded rates (1.3343 USD, 212.19 JPY, 450.23 HUF, 5.0103 SAR =
/// 1.3343 × 3.75 at the riyal's peg, 5.8963 RON = 1.1577 EUR × 5.09).
pub(super) const SERIES: [(&str, &str); 26] = [
    ("XUDLUSS", "USD"),
    ("XUDLERS", "EUR"),
    ("XUDLJYS", "JPY"),
    ("XUDLCDS", "CAD"),
    ("XUDLSFS", "CHF"),
    ("XUDLADS", "AUD"),
    ("XUDLNDS", "NZD"),
    ("XUDLNKS", "NOK"),
    ("XUDLSKS", "SEK"),
    ("XUDLDKS", "DKK"),
    ("XUDLHDS", "HKD"),
    ("XUDLSGS", "SGD"),
    ("XUDLSRS", "SAR"),
    ("XUDLZRS", "ZAR"),
    ("XUDLTWS", "TWD"),
    ("XUDLBK25", "CZK"),
    ("XUDLBK33", "HUF"),
    ("XUDLBK47", "PLN"),
    ("XUDLBK78", "ILS"),
    ("XUDLBK83", "MYR"),
    ("XUDLBK87", "THB"),
    ("XUDLBK89", "CNY"),
    ("XUDLBK93", "KRW"),
    ("XUDLBK95", "TRY"),
    ("XUDLBK97", "INR"),
    ("XUDLZOS4", "RON"),
];

/// Parses a body of the Bank's CSV into one table per row, oldest first.
///
/// All or nothing: a bad cell, a row of the wrong width, an unknown
/// series, dates out of order or a last line without its line break (a
/// cut answer) make the whole body an error naming the line.
pub(crate) fn parse_boe_csv(body: &[u8]) -> Result<Vec<Table>, ParseError> {
    let text = std::str::from_utf8(body).map_err(|e| {
        let line = body[..e.valid_up_to()].split(|&b| b == b'\n').count();
        ParseError::at(FORMAT, line, "expected CSV text, found other bytes")
    })?;
    if !text.is_empty() && !text.ends_with('\n') {
        let line = text.lines().count();
        let message = "expected a line break at the end of the file (a truncated answer?)";
        return Err(ParseError::at(FORMAT, line, message));
    }
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let columns = header(lines.next())?;
    let mut tables: Vec<Table> = Vec::new();
    for (n, line) in lines.filter(|(_, l)| !l.trim().is_empty()) {
        let Some((date, quotes)) = row(n, line, &columns)? else {
            continue;
        };
        if tables.last().is_some_and(|t| t.date() >= date) {
            let message =
                format!("expected dates in increasing order, found {date} again or out of order");
            return Err(ParseError::at(FORMAT, n, message));
        }
        let table = Table::new(ID, date, GBP, quotes)
            .map_err(|e| ParseError::at(FORMAT, n, e.to_string()))?;
        tables.push(table);
    }
    if tables.is_empty() {
        return Err(ParseError::whole(
            FORMAT,
            "empty answer: no row with a rate after the header",
        ));
    }
    Ok(tables)
}

/// The currencies of the columns after `DATE`.
fn header(line: Option<(usize, &str)>) -> Result<Vec<CurrencyCode>, ParseError> {
    let text = line.map_or("", |(_, l)| l.trim_end());
    let mut fields = text.split(',');
    if fields.next() != Some("DATE") {
        let message = format!(
            "expected a header such as 'DATE,XUDLUSS', found {}",
            quoted(text)
        );
        return Err(ParseError::at(FORMAT, 1, message));
    }
    let mut columns: Vec<CurrencyCode> = Vec::new();
    for series in fields {
        let code = currency_of(series).ok_or_else(|| {
            let message = format!(
                "expected a spot-rate series such as XUDLUSS, found {}",
                quoted(series)
            );
            ParseError::at(FORMAT, 1, message)
        })?;
        if columns.contains(&code) {
            return Err(ParseError::at(
                FORMAT,
                1,
                format!("series {series} is a column twice"),
            ));
        }
        columns.push(code);
    }
    if columns.is_empty() {
        return Err(ParseError::at(
            FORMAT,
            1,
            "expected at least one series after DATE",
        ));
    }
    Ok(columns)
}

/// The currency a series code prices, if kurs knows the series.
fn currency_of(series: &str) -> Option<CurrencyCode> {
    SERIES
        .iter()
        .find(|(s, _)| *s == series)
        .map(|(_, code)| CurrencyCode::new_static(code))
}

/// A day's date and its quotes.
type DayRates = (NaiveDate, Vec<(CurrencyCode, Quote)>);

/// One row, `17 Mar 2026,1.3343,...`: its date and its rates, or `None`
/// when every cell is empty.
fn row(n: usize, line: &str, columns: &[CurrencyCode]) -> Result<Option<DayRates>, ParseError> {
    let fail = |message: String| ParseError::at(FORMAT, n, message);
    let fields: Vec<&str> = line.trim_end().split(',').collect();
    let Some((date, cells)) = fields.split_first() else {
        return Err(fail("expected a date".into()));
    };
    if cells.len() != columns.len() {
        let message = format!(
            "expected {} fields as in the header, found {}",
            columns.len() + 1,
            fields.len()
        );
        return Err(fail(message));
    }
    let date = parse_date(date).ok_or_else(|| {
        fail(format!(
            "expected a date such as '17 Mar 2026', found {}",
            quoted(date)
        ))
    })?;
    let mut quotes = Vec::new();
    for (&code, &cell) in columns.iter().zip(cells) {
        let cell = cell.trim();
        if cell.is_empty() || cell == ".." {
            continue;
        }
        let rate = parse_rate(cell).ok_or_else(|| {
            fail(format!(
                "expected a positive rate such as 1.3343 for {code}, found {}",
                quoted(cell)
            ))
        })?;
        quotes.push((code, Quote::per_base(rate)));
    }
    Ok((!quotes.is_empty()).then_some((date, quotes)))
}

/// `17 Mar 2026` (the day may have one digit).
fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    (text.len() <= 11)
        .then(|| NaiveDate::parse_from_str(text, "%d %b %Y").ok())
        .flatten()
}

/// A positive decimal with a point, e.g. `1.3343`, kept at its scale.
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
    use crate::sources::testing::date;

    const MARCH_2026: &[u8] = include_bytes!("fixtures/frankfurter_boe_2026-03-17_2026-03-20.csv");

    /// (units, value) of `code` in `t` as text.
    fn published(t: &Table, code: &str) -> (String, String) {
        let q = t.quote(code.parse().unwrap()).unwrap();
        (q.units.to_string(), q.value.to_string())
    }

    fn pair(units: &str) -> (String, String) {
        (units.into(), "1".into())
    }

    fn text() -> &'static str {
        std::str::from_utf8(MARCH_2026).unwrap()
    }

    /// The error for the fixture with `from` replaced by `to`.
    fn error_with(from: &str, to: &str) -> ParseError {
        assert!(text().contains(from), "{from}");
        parse_boe_csv(text().replacen(from, to, 1).as_bytes()).unwrap_err()
    }

    #[test]
    fn the_march_2026_answer_gives_four_tables_of_26_currencies_per_pound() {
        let tables = parse_boe_csv(MARCH_2026).unwrap();
        let dates: Vec<NaiveDate> = tables.iter().map(Table::date).collect();
        assert_eq!(dates, [17, 18, 19, 20].map(|d| date(2026, 3, d)));
        for t in &tables {
            assert_eq!((t.source(), t.base(), t.len()), (ID, GBP, 26));
        }
        let (first, last) = (&tables[0], &tables[3]);
        assert_eq!(published(first, "USD"), pair("1.3343"));
        assert_eq!(published(first, "EUR"), pair("1.1577"));
        assert_eq!(published(first, "JPY"), pair("212.1937"));
        assert_eq!(published(first, "KRW"), pair("1986.5526"));
        assert_eq!(published(first, "RON"), pair("5.8963"));
        assert_eq!(published(last, "CNY"), pair("9.1865"));
        assert_eq!(published(last, "TWD"), pair("42.5861"));
        assert_eq!(published(last, "CAD"), pair("1.8266"));
    }

    #[test]
    fn every_series_maps_to_a_different_currency_of_the_catalogue() {
        let catalogue = ID.catalogue().unwrap();
        let mut codes: Vec<&str> = SERIES.iter().map(|(_, c)| *c).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), SERIES.len());
        for (series, code) in SERIES {
            assert!(
                catalogue.contains(&CurrencyCode::new_static(code)),
                "{series}"
            );
        }
    }

    #[test]
    fn empty_cells_are_currencies_not_published_that_day() {
        let csv = "DATE,XUDLUSS,XUDLZOS4\r\n17 Mar 2026,1.3343,\r\n18 Mar 2026,..,..\r\n19 Mar 2026,1.3359,5.9136\r\n";
        let tables = parse_boe_csv(csv.as_bytes()).unwrap();
        assert_eq!(tables.len(), 2);
        assert_eq!(tables[0].len(), 1);
        assert!(!tables[0].covers("RON".parse().unwrap()));
        assert_eq!(tables[1].date(), date(2026, 3, 19));
    }

    #[test]
    fn lf_line_ends_parse_the_same() {
        let lf = text().replace("\r\n", "\n");
        assert_eq!(parse_boe_csv(lf.as_bytes()), parse_boe_csv(MARCH_2026));
    }

    #[test]
    fn bad_headers_are_refused_on_the_first_line() {
        let cases = [
            ("DATE,", "Date,", "expected a header such as"),
            ("XUDLUSS,", "XUDLXXS,", "found 'XUDLXXS'"),
            ("XUDLERS,", "XUDLUSS,", "is a column twice"),
        ];
        for (from, to, expected) in cases {
            let err = error_with(from, to);
            assert_eq!(err.line, Some(1), "{to}: {err}");
            assert!(err.message.contains(expected), "{to}: {err}");
        }
    }

    #[test]
    fn bad_rows_are_refused_with_their_line() {
        let cases = [
            (
                "Mar 2026,1.3323,",
                "Mar 2026,-1.3323,",
                "rate such as 1.3343 for USD, found '-1.3323'",
                3,
            ),
            ("Mar 2026,1.3323,", "Mar 2026,0,", "found '0'", 3),
            (
                "Mar 2026,1.3323,",
                "Mar 2026,1.33.23,",
                "found '1.33.23'",
                3,
            ),
            ("Mar 2026,1.3323,", "Mar 2026,1e3,", "found '1e3'", 3),
            (
                "18 Mar 2026",
                "18 Mrz 2026",
                "date such as '17 Mar 2026'",
                3,
            ),
            ("18 Mar 2026", "31 Feb 2026", "found '31 Feb 2026'", 3),
            ("18 Mar 2026", "17 Mar 2026", "increasing order", 3),
            (",5.8927\r\n", ",5.8927,1.0\r\n", "expected 27 fields", 3),
            (",5.8927\r\n", "\r\n", "expected 27 fields", 3),
        ];
        for (from, to, expected, line) in cases {
            let err = error_with(from, to);
            assert_eq!(err.line, Some(line), "{to}: {err}");
            assert!(err.message.contains(expected), "{to}: {err}");
        }
    }

    #[test]
    fn empty_truncated_and_foreign_bodies_are_refused() {
        let cases: [(&[u8], &str); 5] = [
            (b"", "expected a header"),
            (b"DATE,XUDLUSS\r\n", "empty answer"),
            (b"DATE\r\n", "at least one series"),
            (
                b"<html><body>Service unavailable</body></html>\n",
                "found '<html>",
            ),
            (
                b"DATE,XUDLUSS\r\n17 Mar 2026,1.3\xff\r\n",
                "expected CSV text",
            ),
        ];
        for (body, expected) in cases {
            let err = parse_boe_csv(body).unwrap_err();
            assert!(err.message.contains(expected), "{err}");
        }
        let cut = &text()[..text().find("1.3302").unwrap() + 4];
        let err = parse_boe_csv(cut.as_bytes()).unwrap_err();
        assert_eq!(err.line, Some(5), "{err}");
        assert!(err.message.contains("line break at the end"), "{err}");
        let half = parse_boe_csv(&MARCH_2026[..MARCH_2026.len() / 2]).unwrap_err();
        assert!(half.message.contains("line break at the end"), "{half}");
    }
}
