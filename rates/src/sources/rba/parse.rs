//! Parser for the Reserve Bank of Australia's table F11.1,
//! `f11.1-data.csv`.
//!
//! ```text
//! F11.1  EXCHANGE RATES
//! Title,A$1=USD,Trade-weighted Index May 1970 = 100,A$1=CNY,...,A$1=SDR
//! Description,...
//! Frequency,...
//! Type,...
//! Units,USD,Index,CNY,...,SDR
//! (two blank lines)
//! Source,...
//! Publication date,...
//! Series ID,FXRUSD,FXRTWI,FXRCR,...
//! 03-Jan-2023,0.6828,61.40,4.6994,...
//! ```
//!
//! Eleven lines of metadata (the file starts with a UTF-8 byte-order
//! mark), then one line per business day: the date, and for each column
//! how many units of the currency named in `Units` one Australian dollar
//! buys. An empty cell is a currency not published that day (a column
//! begun or ended during the period). The file ends with blank lines.
//!
//! Columns: `Units` names each column's currency; the trade-weighted
//! index (`Index`) is not a currency and is skipped; the Special Drawing
//! Right, `SDR` in the file, is kept under its ISO 4217 code, XDR. Any
//! other name that is not three capital letters is an error, as the CNB's
//! parser refuses a malformed code.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::ID;
use crate::sources::text::positive_decimal;
use crate::{CurrencyCode, ParseError, Quote, Table};

const FORMAT: &str = "RBA F11.1 CSV";
const AUD: CurrencyCode = CurrencyCode::new_static("AUD");
/// The first cell of each metadata line, in order.
const METADATA: [&str; 11] = [
    "F11.1  EXCHANGE RATES",
    "Title",
    "Description",
    "Frequency",
    "Type",
    "Units",
    "",
    "",
    "Source",
    "Publication date",
    "Series ID",
];
/// The line (0-based) of `Units` among [`METADATA`], and of `Title`.
const UNITS_LINE: usize = 5;
const TITLE_LINE: usize = 1;

/// What one column of the file holds.
#[derive(Clone, Copy)]
enum Column {
    /// Units of this currency per Australian dollar.
    Currency(CurrencyCode),
    /// An index, not a currency: skipped.
    Index,
}

/// Parses `f11.1-data.csv` (UTF-8 bytes) into one table per day, in date
/// order.
///
/// Every non-empty cell becomes a quote of that many units of the currency
/// for one Australian dollar ([`Quote::per_base`]), kept exactly as
/// written. All or nothing: a changed header, a row of the wrong width, a
/// date out of order, a malformed rate or a last line without its line
/// break (a body cut short) make the whole file an error naming the line.
pub(crate) fn parse_rba_csv(body: &[u8]) -> Result<Vec<Table>, ParseError> {
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    let text = std::str::from_utf8(body).map_err(|e| {
        let line = body[..e.valid_up_to()].split(|&b| b == b'\n').count();
        ParseError::at(FORMAT, line, "expected UTF-8 text, found other bytes")
    })?;
    if !text.is_empty() && !text.ends_with('\n') {
        let line = text.lines().count();
        let message = "expected a line break at the end of the file (a truncated answer?)";
        return Err(ParseError::at(FORMAT, line, message));
    }
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let columns = header(&lines)?;
    let mut tables: Vec<Table> = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(METADATA.len()) {
        if line.is_empty() {
            continue;
        }
        let table = row(i + 1, line, &columns)?;
        if let Some(last) = tables.last() {
            if last.date() >= table.date() {
                let message = format!(
                    "{} comes after {}: dates out of order",
                    table.date(),
                    last.date()
                );
                return Err(ParseError::at(FORMAT, i + 1, message));
            }
        }
        tables.push(table);
    }
    if tables.is_empty() {
        return Err(ParseError::whole(
            FORMAT,
            "expected rows of rates after the header, found none",
        ));
    }
    Ok(tables)
}

/// Checks the eleven metadata lines and reads the columns from `Units`.
fn header(lines: &[&str]) -> Result<Vec<Column>, ParseError> {
    for (i, expected) in METADATA.iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or_default();
        let first = line.split(',').next().unwrap_or_default();
        if first != *expected || (expected.is_empty() && !line.is_empty()) {
            let found = lines
                .get(i)
                .map_or("the end of the file".to_owned(), |l| quoted(l));
            let what = if expected.is_empty() {
                "a blank line".to_owned()
            } else {
                format!("a line starting '{expected}'")
            };
            return Err(ParseError::at(
                FORMAT,
                i + 1,
                format!("expected {what}, found {found}"),
            ));
        }
    }
    let titles: Vec<&str> = lines[TITLE_LINE].split(',').skip(1).collect();
    let units: Vec<&str> = lines[UNITS_LINE].split(',').skip(1).collect();
    if units.is_empty() || titles.len() != units.len() {
        let message = format!(
            "expected as many titles as units, found {} and {}",
            titles.len(),
            units.len()
        );
        return Err(ParseError::at(FORMAT, UNITS_LINE + 1, message));
    }
    units
        .iter()
        .zip(&titles)
        .map(|(unit, title)| column(unit, title))
        .collect()
}

/// What the column with `unit` and `title` holds.
fn column(unit: &str, title: &str) -> Result<Column, ParseError> {
    if unit == "Index" {
        return Ok(Column::Index);
    }
    let fail = |message: String| ParseError::at(FORMAT, UNITS_LINE + 1, message);
    let code = match unit {
        "SDR" => Some(CurrencyCode::new_static("XDR")),
        _ if unit.len() == 3 && unit.bytes().all(|b| b.is_ascii_uppercase()) => unit.parse().ok(),
        _ => None,
    };
    let code = code.ok_or_else(|| {
        fail(format!(
            "expected a currency such as USD or the word Index, found {}",
            quoted(unit)
        ))
    })?;
    if title != format!("A$1={unit}") {
        let message = format!(
            "expected the title 'A$1={unit}' over {unit} (units per Australian dollar), found {}",
            quoted(title)
        );
        return Err(fail(message));
    }
    if code == AUD {
        return Err(fail("the table quotes its own base AUD".to_owned()));
    }
    Ok(Column::Currency(code))
}

/// One day's line, `dd-Mon-yyyy,rate,...`, at line `n`.
fn row(n: usize, line: &str, columns: &[Column]) -> Result<Table, ParseError> {
    let fail = |message: String| ParseError::at(FORMAT, n, message);
    let mut cells = line.split(',');
    let day = cells.next().unwrap_or_default();
    let date = NaiveDate::parse_from_str(day, "%d-%b-%Y")
        .ok()
        .filter(|_| day.len() == 11)
        .ok_or_else(|| {
            fail(format!(
                "expected a date such as 20-Mar-2026, found {}",
                quoted(day)
            ))
        })?;
    let cells: Vec<&str> = cells.collect();
    if cells.len() != columns.len() {
        let message = format!(
            "expected {} rates after the date, found {}",
            columns.len(),
            cells.len()
        );
        return Err(fail(message));
    }
    let mut quotes = Vec::with_capacity(cells.len());
    for (cell, column) in cells.iter().zip(columns) {
        let Column::Currency(code) = *column else {
            continue;
        };
        if cell.is_empty() {
            continue;
        }
        let rate = parse_rate(cell).ok_or_else(|| {
            fail(format!(
                "expected a positive rate such as 0.7088 for {code}, found {}",
                quoted(cell)
            ))
        })?;
        quotes.push((code, Quote::per_base(rate)));
    }
    if quotes.is_empty() {
        return Err(fail(format!(
            "expected at least one rate on {date}, found none"
        )));
    }
    Table::new(ID, date, AUD, quotes).map_err(|e| fail(e.to_string()))
}

/// A positive decimal such as `0.7088` or `10635`, kept at its scale.
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

    const F11_2026: &[u8] = include_bytes!("fixtures/frankfurter_f11.1-data_2026-03-20.csv");

    fn code(s: &str) -> CurrencyCode {
        s.parse().unwrap()
    }

    /// (units, value) of `c` in `t`, as text.
    fn published(t: &Table, c: &str) -> (String, String) {
        let q = t.quote(code(c)).unwrap();
        (q.units.to_string(), q.value.to_string())
    }

    fn pair(units: &str, value: &str) -> (String, String) {
        (units.into(), value.into())
    }

    fn text() -> &'static str {
        std::str::from_utf8(F11_2026).unwrap()
    }

    /// The error for the fixture with `from` replaced by `to` (once).
    fn error_with(from: &str, to: &str) -> ParseError {
        assert!(text().contains(from), "{from}");
        parse_rba_csv(text().replacen(from, to, 1).as_bytes()).unwrap_err()
    }

    #[test]
    fn the_recorded_file_gives_808_days_from_2023_as_written() {
        let tables = parse_rba_csv(F11_2026).unwrap();
        assert_eq!(tables.len(), 808);
        assert_eq!(tables[0].date(), date(2023, 1, 3));
        let last = tables.last().unwrap();
        assert_eq!((last.source(), last.base()), (ID, AUD));
        assert_eq!(last.date(), date(2026, 3, 20));
        // 20-Mar-2026: 0.7088 USD, 112.27 JPY, 12039 IDR, 0.5217 SDR per A$1.
        assert_eq!(published(last, "USD"), pair("0.7088", "1"));
        assert_eq!(published(last, "JPY"), pair("112.27", "1"));
        assert_eq!(published(last, "IDR"), pair("12039", "1"));
        assert_eq!(published(last, "XDR"), pair("0.5217", "1"));
        assert_eq!(published(last, "PGK"), pair("3.0565", "1"));
        // 22 currency columns, AED and ZAR empty; the index is no currency.
        assert_eq!(last.len(), 20);
        assert_eq!(published(last, "CHF"), pair("0.5595", "1"));
        let first = &tables[0];
        assert_eq!(published(first, "USD"), pair("0.6828", "1"));
        assert_eq!(published(first, "VND"), pair("16039", "1"));
        assert_eq!(first.len(), 18); // no AED, PGK, CAD, ZAR
        assert!(first.covers(code("CHF")) && !first.covers(code("CAD")));
    }

    #[test]
    fn columns_begin_and_end_on_the_days_the_rba_published_them() {
        let tables = parse_rba_csv(F11_2026).unwrap();
        let span = |c: &str| {
            let days: Vec<NaiveDate> = tables
                .iter()
                .filter(|t| t.covers(code(c)))
                .map(Table::date)
                .collect();
            (days.len(), days.first().copied(), days.last().copied())
        };
        assert_eq!(
            span("PGK"),
            (52, Some(date(2026, 1, 7)), Some(date(2026, 3, 20)))
        );
        assert_eq!(
            span("CAD"),
            (563, Some(date(2023, 12, 21)), Some(date(2026, 3, 20)))
        );
        assert_eq!(span("CHF").0, 545);
        assert_eq!(span("AED"), (0, None, None));
        assert_eq!(span("ZAR"), (0, None, None));
    }

    #[test]
    fn every_currency_of_the_file_is_in_the_catalogue() {
        let catalogue = ID.catalogue().unwrap();
        let lines: Vec<&str> = text().trim_start_matches('\u{feff}').lines().collect();
        let columns = header(&lines).unwrap();
        let codes: Vec<CurrencyCode> = columns
            .iter()
            .filter_map(|c| match c {
                Column::Currency(code) => Some(*code),
                Column::Index => None,
            })
            .collect();
        assert_eq!(codes.len(), catalogue.len());
        assert!(codes.iter().all(|c| catalogue.contains(c)));
    }

    #[test]
    fn a_changed_header_is_refused_on_its_line() {
        let cases = [
            (
                "F11.1  EXCHANGE RATES",
                "F11  EXCHANGE RATES",
                1,
                "expected a line starting 'F11.1",
            ),
            ("Units,USD,Index", "Unit,USD,Index", 6, "'Units'"),
            ("Units,USD,Index", "Units,US$,Index", 6, "found 'US$'"),
            (
                "Units,USD,Index",
                "Units,AUD,Index",
                6,
                "expected the title 'A$1=AUD'",
            ),
            ("Title,A$1=USD", "Title,USD/AUD", 6, "found 'USD/AUD'"),
            (",PHP,SDR\n", ",PHP\n", 6, "as many titles as units"),
            ("\n\nSource,", "\nx\nSource,", 8, "expected a blank line"),
        ];
        for (from, to, line, expected) in cases {
            let err = error_with(from, to);
            assert_eq!(err.line, Some(line), "{to}: {err}");
            assert!(err.message.contains(expected), "{to}: {err}");
        }
    }

    #[test]
    fn bad_rows_are_refused_with_their_line() {
        let row = "03-Jan-2023,0.6828,61.40,4.6994";
        let cases = [
            ("3-Jan-2023,0.6828,61.40,4.6994", "found '3-Jan-2023'"),
            ("2023-01-03,0.6828,61.40,4.6994", "date such as 20-Mar-2026"),
            ("03-Jan-2023,0,61.40,4.6994", "for USD, found '0'"),
            ("03-Jan-2023,-0.6828,61.40,4.6994", "found '-0.6828'"),
            ("03-Jan-2023,0.68 28,61.40,4.6994", "found '0.68 28'"),
            (
                "03-Jan-2023,0.6828,61.40,4.6994,",
                "expected 23 rates after the date, found 24",
            ),
            ("04-Jan-2023,0.6828,61.40,4.6994", "dates out of order"),
        ];
        for (to, expected) in cases {
            let err = error_with(row, to);
            let line = if expected.contains("out of order") {
                13
            } else {
                12
            };
            assert_eq!(err.line, Some(line), "{to}: {err}");
            assert!(err.message.contains(expected), "{to}: {err}");
        }
    }

    #[test]
    fn empty_truncated_and_foreign_bodies_are_refused() {
        let cases: [(&[u8], &str); 4] = [
            (b"", "expected a line starting 'F11.1"),
            (
                b"<html><body>Access Denied</body></html>\n",
                "found '<html>",
            ),
            (b"F11.1  EXCHANGE RATES\n\xff\n", "expected UTF-8 text"),
            (b"F11.1  EXCHANGE RATES", "line break at the end"),
        ];
        for (body, expected) in cases {
            let err = parse_rba_csv(body).unwrap_err();
            assert!(err.message.contains(expected), "{err}");
        }
        let header_only: String = text().lines().take(11).map(|l| format!("{l}\n")).collect();
        let err = parse_rba_csv(header_only.as_bytes()).unwrap_err();
        assert!(err.message.contains("found none"), "{err}");
        let cut = &text()[..text().find("20-Mar-2026,0.7088").unwrap() + 14];
        let err = parse_rba_csv(cut.as_bytes()).unwrap_err();
        assert!(err.message.contains("line break at the end"), "{err}");
    }

    #[test]
    fn crlf_line_ends_parse_the_same() {
        let crlf = text().replace('\n', "\r\n");
        assert_eq!(parse_rba_csv(crlf.as_bytes()), parse_rba_csv(F11_2026));
    }
}
