//! The ECB's CSV files: the full history (`eurofxref-hist.csv`) and the
//! daily file (`eurofxref.csv`).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{build_table, parse_code, parse_iso_date, parse_rate};
use crate::{CurrencyCode, ParseError, Table};

const HISTORY: &str = "ECB history CSV";
const DAILY: &str = "ECB daily CSV";

/// Parses either CSV file; see [`super::parse_ecb_csv`].
pub(super) fn parse(text: &str) -> Result<Vec<Table>, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = numbered_lines(text);
    let Some((header_line, header)) = lines.next() else {
        let message = "the file is empty; expected a header line such as `Date,USD,JPY,...`";
        return Err(ParseError::at(HISTORY, 1, message));
    };
    // The daily file puts a space after each comma; the history does not.
    let format = if header.contains(", ") {
        DAILY
    } else {
        HISTORY
    };
    let columns = Columns::parse(header).map_err(|m| ParseError::at(format, header_line, m))?;
    let mut tables = Vec::new();
    let mut seen: HashMap<NaiveDate, usize> = HashMap::new();
    for (line, row) in lines {
        let table = columns
            .parse_row(row)
            .map_err(|m| ParseError::at(format, line, m))?;
        if let Some(first) = seen.insert(table.date(), line) {
            let message = format!(
                "the date {} was already given on line {first}; expected each date once",
                table.date()
            );
            return Err(ParseError::at(format, line, message));
        }
        tables.push(table);
    }
    if tables.is_empty() {
        let message = "the file ends after its header; expected at least one row of rates";
        return Err(ParseError::at(format, header_line + 1, message));
    }
    Ok(tables)
}

/// The non-blank lines with their 1-based numbers, without line ends.
fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n')
        .enumerate()
        .map(|(i, line)| (i + 1, line.strip_suffix('\r').unwrap_or(line)))
        .filter(|(_, line)| !line.trim().is_empty())
}

/// The columns after `Date`: a currency each, or `None` for the unnamed
/// last column that the ECB's trailing comma makes.
struct Columns(Vec<Option<CurrencyCode>>);

impl Columns {
    fn parse(header: &str) -> Result<Self, String> {
        let mut cells = header.split(',').map(str::trim);
        let first = cells.next().unwrap_or_default();
        if first != "Date" {
            return Err(format!(
                "the header starts with `{first}`; expected `Date` followed by currency codes"
            ));
        }
        let cells: Vec<&str> = cells.collect();
        let mut columns = Vec::with_capacity(cells.len());
        for (i, cell) in cells.iter().enumerate() {
            if cell.is_empty() && i + 1 == cells.len() {
                columns.push(None);
                continue;
            }
            let code = parse_code(cell).map_err(|m| format!("header column {}: {m}", i + 2))?;
            if columns.contains(&Some(code)) {
                return Err(format!(
                    "{code} is in the header twice; expected each currency once"
                ));
            }
            columns.push(Some(code));
        }
        if !columns.iter().any(Option::is_some) {
            return Err("the header names no currency; expected `Date,USD,JPY,...`".into());
        }
        Ok(Self(columns))
    }

    /// Parses one data row into the table of its date.
    fn parse_row(&self, row: &str) -> Result<Table, String> {
        let cells: Vec<&str> = row.split(',').map(str::trim).collect();
        if cells.len() != self.0.len() + 1 {
            return Err(format!(
                "the row has {} cells; expected {} like the header",
                cells.len(),
                self.0.len() + 1
            ));
        }
        let date = parse_date(cells[0])?;
        let mut rates = Vec::with_capacity(self.0.len());
        for (cell, column) in cells[1..].iter().zip(&self.0) {
            match column {
                Some(code) => {
                    if let Some(rate) = parse_cell(cell).map_err(|m| format!("{code}: {m}"))? {
                        rates.push((*code, rate));
                    }
                }
                None if cell.is_empty() => {}
                None => {
                    return Err(format!(
                        "the unnamed last column holds `{cell}`; expected it to be empty"
                    ))
                }
            }
        }
        build_table(date, rates)
    }
}

/// A rate cell: `None` when the currency was not quoted that day.
fn parse_cell(cell: &str) -> Result<Option<rust_decimal::Decimal>, String> {
    match cell {
        "" | "N/A" => Ok(None),
        _ => parse_rate(cell)
            .map(Some)
            .map_err(|m| format!("{m}, or N/A when not quoted")),
    }
}

/// A date as the history (`2026-10-30`) or the daily file (`30 October
/// 2026`) writes it.
fn parse_date(cell: &str) -> Result<NaiveDate, String> {
    parse_iso_date(cell)
        .or_else(|_| NaiveDate::parse_from_str(cell, "%d %B %Y"))
        .map_err(|_| {
            format!("`{cell}` is not a date; expected a date such as 2026-10-30 or 30 October 2026")
        })
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    const EXCERPT: &str = include_str!("../fixtures/eurofxref-hist_excerpt.csv");
    const DAILY_FILE: &str = include_str!("../fixtures/eurofxref_daily_2026-10-30.csv");
    const HEADER: &str = "Date,USD,JPY,BGN,";

    fn on<'t>(tables: &'t [Table], date: &str) -> &'t Table {
        let date: NaiveDate = date.parse().unwrap();
        tables
            .iter()
            .find(|t| t.date() == date)
            .expect("the date is in the file")
    }

    /// The rate of `code` as published, or `None` when not quoted.
    fn rate(table: &Table, code: &str) -> Option<String> {
        let quote = table.quote(code.parse().unwrap())?;
        assert_eq!(
            quote.value,
            rust_decimal::Decimal::ONE,
            "ECB quotes are per euro"
        );
        Some(quote.units.to_string())
    }

    fn error(text: &str) -> ParseError {
        parse(text).expect_err("the file must be refused")
    }

    #[test]
    fn the_history_excerpt_gives_one_eur_table_per_row_without_the_na_cells() {
        let tables = parse(EXCERPT).unwrap();
        assert_eq!(tables.len(), 9);
        assert_eq!(
            tables[0].date().to_string(),
            "2026-10-30",
            "file order, newest first"
        );
        let last = on(&tables, "2026-10-30");
        assert_eq!(
            (last.source(), last.base().as_str()),
            (crate::SourceId::ECB, "EUR")
        );
        assert_eq!(rate(last, "USD").as_deref(), Some("1.1172"));
        assert_eq!(rate(last, "ISK").as_deref(), Some("136"));
        assert_eq!(rate(last, "RUB"), None);
        assert_eq!(
            rate(on(&tables, "2022-03-01"), "RUB").as_deref(),
            Some("117.201")
        );
        assert_eq!(rate(on(&tables, "2026-01-02"), "BGN"), None);
        assert_eq!(
            rate(on(&tables, "2025-12-31"), "BGN").as_deref(),
            Some("1.9558")
        );
    }

    #[test]
    fn the_daily_file_with_spaced_cells_and_a_written_out_date_is_read() {
        let tables = parse(DAILY_FILE).unwrap();
        assert_eq!(tables.len(), 1);
        let table = &tables[0];
        assert_eq!(table.date().to_string(), "2026-10-30");
        assert_eq!(table.len(), 29);
        assert_eq!(rate(table, "GBP").as_deref(), Some("0.83380"));
        assert_eq!(rate(table, "ISK").as_deref(), Some("136.00"));
    }

    #[test]
    fn the_full_history_from_the_zip_parses_completely() {
        let tables = parse(&full_history()).unwrap();
        assert_eq!(tables.len(), 7126);
        let first = tables.iter().map(Table::date).min().unwrap();
        let last = tables.iter().map(Table::date).max().unwrap();
        assert_eq!(
            (first.to_string(), last.to_string()),
            ("1999-01-04".into(), "2026-10-30".into())
        );
        let day = on(&tables, "2011-11-18");
        assert_eq!(rate(day, "USD").as_deref(), Some("1.3576"));
        assert_eq!(rate(day, "RUB").as_deref(), Some("41.8304"));
        // The history drops trailing zeros: 1.2910 is written 1.291.
        assert_eq!(
            rate(on(&tables, "2013-03-21"), "USD").as_deref(),
            Some("1.291")
        );
        // ISK was not quoted from 2008-12-10 to 2018-01-31.
        assert_eq!(
            rate(on(&tables, "2008-12-09"), "ISK").as_deref(),
            Some("290")
        );
        assert_eq!(rate(on(&tables, "2008-12-10"), "ISK"), None);
        assert_eq!(rate(on(&tables, "2010-01-04"), "ISK"), None);
        assert_eq!(rate(on(&tables, "2018-01-31"), "ISK"), None);
        assert_eq!(
            rate(on(&tables, "2018-02-01"), "ISK").as_deref(),
            Some("125.01")
        );
    }

    fn full_history() -> String {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/eurofxref-hist.zip");
        let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut text = String::new();
        archive
            .by_name("eurofxref-hist.csv")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn crlf_line_ends_blank_lines_and_a_missing_final_newline_are_accepted() {
        let text =
            "Date,USD,JPY,BGN,\r\n\r\n2026-10-30,1.1172,175.68,N/A,\r\n\n2026-10-29,1.113,,1.9558,";
        let tables = parse(text).unwrap();
        assert_eq!(tables.len(), 2);
        assert_eq!(rate(&tables[0], "JPY").as_deref(), Some("175.68"));
        assert_eq!(rate(&tables[1], "JPY"), None, "an empty cell is not quoted");
    }

    #[test]
    fn a_rate_written_with_a_decimal_comma_breaks_the_row_at_its_line() {
        let err = error(&format!("{HEADER}\n2026-10-30,1,5,175.68,N/A,\n"));
        assert_eq!((err.format, err.line), (HISTORY, Some(2)));
        assert!(
            err.to_string()
                .contains("line 2: the row has 6 cells; expected 5"),
            "{err}"
        );
    }

    #[test]
    fn a_rate_that_is_not_a_plain_positive_decimal_names_its_line_and_currency() {
        for bad in ["1e5", "NaN", "-1.1", "0", "0.0", "n/a"] {
            let err = error(&format!(
                "{HEADER}\n2026-10-30,1.1,2.2,N/A,\n2026-10-29,1.1,{bad},N/A,\n"
            ));
            assert_eq!(err.line, Some(3), "{bad}");
            assert!(err.message.starts_with(&format!("JPY: `{bad}`")), "{err}");
        }
    }

    #[test]
    fn a_row_with_a_missing_cell_names_its_line() {
        let err = error(&format!(
            "{HEADER}\n2026-10-30,1.1,2.2,N/A,\n2026-10-29,1.1,2.2\n"
        ));
        assert!(
            err.to_string()
                .contains("line 3: the row has 3 cells; expected 5"),
            "{err}"
        );
    }

    #[test]
    fn a_bad_date_names_its_line() {
        for bad in ["2026-02-30", "30/10/2026", "31 Octember 2026", ""] {
            let err = error(&format!("{HEADER}\n{bad},1.1,2.2,N/A,\n"));
            assert_eq!(err.line, Some(2), "{bad}");
            assert!(
                err.message
                    .contains("is not a date; expected a date such as"),
                "{err}"
            );
        }
    }

    #[test]
    fn an_empty_file_is_refused_at_line_1() {
        for empty in ["", "\n", " \r\n\r\n"] {
            let err = error(empty);
            assert_eq!(err.line, Some(1));
            assert!(
                err.to_string().contains("line 1: the file is empty"),
                "{err}"
            );
        }
    }

    #[test]
    fn a_header_without_rows_is_refused_at_the_line_after_it() {
        let err = error("Date, USD, JPY, \n");
        assert_eq!((err.format, err.line), (DAILY, Some(2)));
        assert!(err.message.contains("ends after its header"), "{err}");
    }

    #[test]
    fn a_header_must_start_with_date_and_name_each_currency_once() {
        let cases = [
            ("Day,USD,JPY,", "starts with `Day`; expected `Date`"),
            (
                "Date,USD,usd,",
                "header column 3: `usd` is not a currency code",
            ),
            (
                "Date,USD,,JPY,",
                "header column 3: `` is not a currency code",
            ),
            ("Date,USD,EUR,", "EUR is the base"),
            ("Date,", "names no currency"),
        ];
        for (header, expected) in cases {
            let err = error(&format!("{header}\n2026-10-30,1.1,2.2,\n"));
            assert_eq!(err.line, Some(1), "{header}");
            assert!(err.message.contains(expected), "{header}: {err}");
        }
    }

    #[test]
    fn a_duplicated_currency_in_the_header_is_refused() {
        let err = error("Date,USD,JPY,USD,\n2026-10-30,1.1,2.2,1.1,\n");
        assert!(
            err.to_string()
                .contains("line 1: USD is in the header twice"),
            "{err}"
        );
    }

    #[test]
    fn a_duplicated_date_names_both_lines() {
        let err = error(&format!(
            "{HEADER}\n2026-10-30,1.1,2.2,N/A,\n30 October 2026,1.1,2.2,N/A,\n"
        ));
        assert_eq!(err.line, Some(3));
        assert!(
            err.message
                .contains("2026-10-30 was already given on line 2"),
            "{err}"
        );
    }

    #[test]
    fn a_row_quoting_nothing_or_filling_the_unnamed_column_is_refused() {
        let err = error(&format!("{HEADER}\n2026-10-30,N/A,N/A,N/A,\n"));
        assert!(
            err.message.contains("no currency is quoted for 2026-10-30"),
            "{err}"
        );
        let err = error(&format!("{HEADER}\n2026-10-30,1.1,2.2,N/A,9\n"));
        assert!(
            err.message.contains("unnamed last column holds `9`"),
            "{err}"
        );
    }
}
