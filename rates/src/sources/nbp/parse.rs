//! Parser for the National Bank of Poland's JSON tables.
//!
//! `/api/exchangerates/tables/{A|B}/...?format=json` answers with a JSON
//! array of tables, one per date, each holding `rates` of `{code, mid}`
//! where `mid` is the price of one unit in zloty (the API gives every
//! currency per one unit, even those the printed tables quote per 100).
//! The numbers are read from their JSON text, never through a binary float.
//!
//! Tables A and B have the same shape and are two sources of kurs (`nbp`
//! and `nbp.b`): each body is parsed for one [`Letter`], and a table of
//! another letter is refused rather than filed under the wrong source.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{ID, ID_B};
use crate::{CurrencyCode, ParseError, Quote, SourceId, Table};

const FORMAT: &str = "NBP JSON";
const PLN: CurrencyCode = CurrencyCode::new_static("PLN");

/// One table as published; unknown fields (`currency`, `tradingDate`) are
/// ignored.
#[derive(Deserialize)]
struct RawTable<'a> {
    table: String,
    no: String,
    #[serde(rename = "effectiveDate")]
    effective_date: String,
    #[serde(borrow)]
    rates: Vec<RawRate<'a>>,
}

/// One rate of a table, its `mid` kept as the JSON text of the number.
#[derive(Deserialize)]
struct RawRate<'a> {
    code: String,
    #[serde(default, borrow)]
    mid: Option<&'a RawValue>,
}

/// One of the NBP's tables of mid rates, each a source of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Letter {
    /// Table A, every working day: source `nbp`.
    A,
    /// Table B, weekly: source `nbp.b`.
    B,
}

impl Letter {
    /// The letter as the API writes it in `"table"` and in paths.
    pub(super) const fn as_str(self) -> &'static str {
        match self {
            Letter::A => "A",
            Letter::B => "B",
        }
    }

    /// The source whose tables these are.
    fn source(self) -> SourceId {
        match self {
            Letter::A => ID,
            Letter::B => ID_B,
        }
    }

    fn of(text: &str) -> Option<Letter> {
        [Letter::A, Letter::B]
            .into_iter()
            .find(|l| l.as_str() == text)
    }
}

/// Parses a body of `/api/exchangerates/tables/A/...?format=json`.
///
/// Every table of the array becomes a [`Table`] of the `nbp` source based
/// on PLN, dated by its `effectiveDate`, quoting `mid` zloty for one unit
/// of each currency, exactly as written. Any table other than A is refused
/// (table B is the source `nbp.b`; table C has buy and sell rates but no
/// mid rates), as is an empty array.
pub fn parse_nbp_tables_json(body: &str) -> Result<Vec<Table>, ParseError> {
    parse_tables(body, Letter::A)
}

/// Parses a body of `/api/exchangerates/tables/{letter}/...?format=json`:
/// every table of the array must be of that `letter`.
pub(super) fn parse_tables(body: &str, letter: Letter) -> Result<Vec<Table>, ParseError> {
    let raw: Vec<RawTable> = serde_json::from_str(body).map_err(|e| json_error(body, &e))?;
    if raw.is_empty() {
        return Err(ParseError::whole(
            FORMAT,
            "expected at least one table, found an empty array",
        ));
    }
    raw.iter().map(|table| to_table(table, letter)).collect()
}

/// Reports malformed JSON at serde_json's line and column.
fn json_error(body: &str, e: &serde_json::Error) -> ParseError {
    let start = body.trim_start();
    if start.starts_with('{') {
        let what = "a JSON array of tables as /api/exchangerates/tables/ answers";
        return ParseError::at(FORMAT, 1, format!("expected {what}, found a single object"));
    }
    if !start.starts_with('[') {
        // A few words of the body at most: errors are shown publicly.
        let found: String = start.chars().take(40).collect();
        return ParseError::at(
            FORMAT,
            1,
            format!("expected a JSON array of tables, found '{found}'"),
        );
    }
    let text = e.to_string();
    let what = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(what, _)| what);
    let message = format!("expected well-formed JSON: {what} (column {})", e.column());
    ParseError::at(FORMAT, e.line().max(1), message)
}

/// An error about table `no`.
fn table_error(no: &str, message: impl std::fmt::Display) -> ParseError {
    ParseError::whole(FORMAT, format!("table {no}: {message}"))
}

/// Checks that table `no` is of the expected `letter`.
fn check_letter(no: &str, found: &str, letter: Letter) -> Result<(), ParseError> {
    let message = match (found, Letter::of(found)) {
        (_, Some(l)) if l == letter => return Ok(()),
        (_, Some(other)) => format!(
            "expected table {}, found table {} (the rates of source {})",
            letter.as_str(),
            other.as_str(),
            other.source()
        ),
        ("C", None) => format!(
            "table C has bid and ask rates but no mid rates; expected table {}",
            letter.as_str()
        ),
        (other, None) => {
            let found: String = other.chars().take(20).collect();
            format!("expected table {}, found table '{found}'", letter.as_str())
        }
    };
    Err(table_error(no, message))
}

/// Checks one published table of `letter` and builds it.
fn to_table(raw: &RawTable, letter: Letter) -> Result<Table, ParseError> {
    let no = raw.no.as_str();
    check_letter(no, &raw.table, letter)?;
    let date = NaiveDate::parse_from_str(&raw.effective_date, "%Y-%m-%d").map_err(|_| {
        let found: String = raw.effective_date.chars().take(20).collect();
        table_error(
            no,
            format!("expected an effectiveDate such as 2020-12-07, found '{found}'"),
        )
    })?;
    if raw.rates.is_empty() {
        return Err(table_error(no, "expected rates, found none"));
    }
    let mut quotes = raw
        .rates
        .iter()
        .map(|rate| to_quote(no, rate))
        .collect::<Result<Vec<_>, _>>()?;
    if letter == Letter::B {
        super::table_b::relabel(date, &mut quotes);
    }
    Table::new(letter.source(), date, PLN, quotes).map_err(|e| table_error(no, e))
}

/// Checks one rate of table `no`.
fn to_quote(no: &str, rate: &RawRate) -> Result<(CurrencyCode, Quote), ParseError> {
    let code: CurrencyCode = rate.code.parse().map_err(|_| {
        let found: String = rate.code.chars().take(20).collect();
        table_error(
            no,
            format!("expected a three-letter code such as USD, found '{found}'"),
        )
    })?;
    let raw = rate
        .mid
        .ok_or_else(|| table_error(no, format!("expected a mid rate for {code}, found none")))?;
    let mid = parse_mid(raw.get()).ok_or_else(|| {
        let found: String = raw.get().chars().take(40).collect();
        table_error(
            no,
            format!("expected a number as the mid of {code}, found {found}"),
        )
    })?;
    if mid <= Decimal::ZERO {
        return Err(table_error(
            no,
            format!("expected a positive mid for {code}, found {mid}"),
        ));
    }
    Ok((code, Quote::priced_in_base(Decimal::ONE, mid)))
}

/// The exact value of a JSON number, in plain or scientific notation.
fn parse_mid(text: &str) -> Option<Decimal> {
    let text = text.trim();
    if !text.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        return None;
    }
    if text.contains(['e', 'E']) {
        Decimal::from_scientific(text).ok()
    } else {
        Decimal::from_str_exact(text).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE_A: &str = include_str!("fixtures/nbpapi_tables_A_2020-12-07.json");
    const TABLE_C: &str = include_str!("fixtures/nbpapi_tables_C_2020-12-07.json");
    const RATES_EUR: &str = include_str!("fixtures/exchanger_rates_A_EUR_2020-07-15.json");

    fn code(s: &str) -> CurrencyCode {
        s.parse().unwrap()
    }

    fn mid(t: &Table, c: &str) -> String {
        let q = t.quote(code(c)).unwrap();
        assert_eq!(q.units, Decimal::ONE);
        q.value.to_string()
    }

    fn replaced(from: &str, to: &str) -> String {
        assert!(TABLE_A.contains(from), "{from}");
        TABLE_A.replacen(from, to, 1)
    }

    fn error_of(body: &str) -> String {
        parse_nbp_tables_json(body).unwrap_err().to_string()
    }

    #[test]
    fn the_table_a_sample_gives_one_table_with_mids_as_written() {
        let tables = parse_nbp_tables_json(TABLE_A).unwrap();
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!((t.source(), t.base()), (ID, PLN));
        assert_eq!(t.date(), NaiveDate::from_ymd_opt(2020, 12, 7).unwrap());
        assert_eq!(t.len(), 35);
        assert_eq!(mid(t, "USD"), "3.7001");
        assert_eq!(mid(t, "THB"), "0.1224");
        assert_eq!(mid(t, "IDR"), "0.00026232");
        assert_eq!(mid(t, "XDR"), "5.2966");
    }

    #[test]
    fn table_c_is_refused_because_it_has_no_mid_rates() {
        let err = error_of(TABLE_C);
        assert!(
            err.contains("table C has bid and ask rates but no mid rates"),
            "{err}"
        );
        assert!(err.contains("expected table A"), "{err}");
    }

    #[test]
    fn a_mid_written_with_an_exponent_is_read_exactly() {
        let body = replaced("\"mid\":0.1224", "\"mid\":1.224E-1");
        let body = body.replacen("\"mid\":0.00026232", "\"mid\":2.6232e-4", 1);
        let t = &parse_nbp_tables_json(&body).unwrap()[0];
        assert_eq!(mid(t, "THB"), "0.1224");
        assert_eq!(mid(t, "IDR"), "0.00026232");
        assert_eq!(parse_mid("1.4252E-4").unwrap().to_string(), "0.00014252");
        assert_eq!(parse_mid("3.7001E+1").unwrap().to_string(), "37.001");
    }

    #[test]
    fn malformed_json_is_refused_with_its_line() {
        let err =
            parse_nbp_tables_json(&replaced("\"mid\":2.7326}", "\"mid\":2.7326,}")).unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains("column"), "{err}");
        let err = parse_nbp_tables_json(&TABLE_A[..TABLE_A.len() / 2]).unwrap_err();
        assert!(err.line.is_some(), "{err}");
        let err = error_of("404 NotFound - Not Found - Brak danych");
        assert!(err.contains("Brak danych"), "{err}");
    }

    #[test]
    fn a_duplicated_code_is_refused_naming_the_table_and_currency() {
        let err = error_of(&replaced("\"code\":\"THB\"", "\"code\":\"USD\""));
        assert!(err.contains("238/A/NBP/2020"), "{err}");
        assert!(err.contains("USD is quoted twice"), "{err}");
    }

    #[test]
    fn bad_mids_codes_and_dates_are_refused_naming_the_table() {
        let cases = [
            ("\"mid\":3.7001", "\"mid\":0", "positive mid for USD"),
            ("\"mid\":3.7001", "\"mid\":-3.7001", "positive mid for USD"),
            (
                "\"mid\":3.7001",
                "\"mid\":\"3.7001\"",
                "a number as the mid of USD",
            ),
            ("\"mid\":3.7001", "\"mid\":null", "mid rate for USD"),
            ("\"code\":\"USD\"", "\"code\":\"U$D\"", "found 'U$D'"),
            ("\"code\":\"USD\"", "\"code\":\"PLN\"", "own base PLN"),
            ("\"2020-12-07\"", "\"07.12.2020\"", "effectiveDate"),
            (
                "\"table\":\"A\"",
                "\"table\":\"X\"",
                "expected table A, found table 'X'",
            ),
        ];
        for (from, to, expected) in cases {
            let err = error_of(&replaced(from, to));
            assert!(
                err.contains(expected) && err.contains("238/A/NBP/2020"),
                "{to}: {err}"
            );
        }
    }

    #[test]
    fn an_empty_array_or_a_single_object_is_refused() {
        assert!(error_of(" [ ] ").contains("empty array"));
        assert!(error_of(RATES_EUR).contains("single object"));
    }

    #[test]
    fn several_tables_give_several_tables_in_order() {
        let first = TABLE_A
            .trim()
            .strip_prefix('[')
            .unwrap()
            .strip_suffix(']')
            .unwrap();
        let second = first
            .replacen("238/A/NBP/2020", "239/A/NBP/2020", 1)
            .replacen("2020-12-07", "2020-12-08", 1)
            .replacen("\"mid\":3.7001", "\"mid\":3.7100", 1);
        let tables = parse_nbp_tables_json(&format!("[{first},\n{second}]")).unwrap();
        assert_eq!(tables.len(), 2);
        assert_eq!(
            tables[1].date(),
            NaiveDate::from_ymd_opt(2020, 12, 8).unwrap()
        );
        assert_eq!(mid(&tables[0], "USD"), "3.7001");
        assert_eq!(mid(&tables[1], "USD"), "3.7100");
    }
}
