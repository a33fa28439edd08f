//! Parser for the Czech National Bank's daily text file, `denni_kurz.txt`.
//!
//! ```text
//! 05.04.2016 #65
//! země|měna|množství|kód|kurz
//! Austrálie|dolar|1|AUD|17,918
//! Japonsko|jen|100|JPY|21,487
//! ```
//!
//! The first line is the date of the fixing and its number in the year; the
//! second names the columns; each further line says that `množství` units
//! of `kód` cost `kurz` korunas, with a comma as the decimal separator.
//! Files of 1999–2001 add, after a blank line, a second section of the
//! euro-area legacy currencies (`země|denominace|množství|kód|poměr`), also
//! priced in korunas; its rows are read the same way.
//!
//! The date is always taken from the header: asked for a weekend or a
//! holiday, the CNB answers with the file of the previous working day.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::ID;
use crate::sources::text::{positive_decimal, upper_code};
use crate::{CurrencyCode, ParseError, Quote, Table};

const FORMAT: &str = "CNB denni_kurz.txt";
const CZK: CurrencyCode = CurrencyCode::new_static("CZK");
/// The column header of the daily fixing.
const COLUMNS: &str = "země|měna|množství|kód|kurz";
/// The column header of the legacy currencies' section (1999–2001).
const LEGACY_COLUMNS: &str = "země|denominace|množství|kód|poměr";

/// Parses a body of `denni_kurz.txt` (UTF-8 bytes) into its one table.
///
/// Every row becomes a quote of `množství` units for `kurz` korunas, both
/// kept exactly as published (as the Bank of Russia's `Nominal`): the rate
/// of one unit is `kurz / množství`, computed exactly where it is used. All
/// or nothing: one bad line makes the whole file an error naming the line,
/// and so does a last line without its line break, which is how a body cut
/// in the middle of a rate (`23,77` of `23,774`) shows.
///
/// ```
/// let text = "05.04.2016 #65\nzemě|měna|množství|kód|kurz\nJaponsko|jen|100|JPY|21,487\n";
/// let table = kurs_rates::parse_cnb_txt(text.as_bytes()).unwrap();
/// let jpy = table.quote("JPY".parse().unwrap()).unwrap();
/// assert_eq!((jpy.value / jpy.units).to_string(), "0.21487");
/// ```
pub fn parse_cnb_txt(body: &[u8]) -> Result<Table, ParseError> {
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
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let date = header(lines.next())?;
    expect_columns(lines.next(), COLUMNS, 2)?;
    let quotes = rows(lines)?;
    Table::new(ID, date, CZK, quotes).map_err(|e| ParseError::whole(FORMAT, e.to_string()))
}

/// The date of the header line, `dd.mm.yyyy #n`.
fn header(line: Option<(usize, &str)>) -> Result<NaiveDate, ParseError> {
    let text = line.map_or("", |(_, l)| l);
    let parsed = text.split_once(" #").and_then(|(date, number)| {
        let number_ok = !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit());
        (date.len() == 10 && number_ok)
            .then(|| NaiveDate::parse_from_str(date, "%d.%m.%Y").ok())
            .flatten()
    });
    parsed.ok_or_else(|| {
        let found = quoted(text);
        ParseError::at(
            FORMAT,
            1,
            format!("expected a header such as '05.04.2016 #65', found {found}"),
        )
    })
}

/// Checks that `line` (number `at`) is the column header `columns`.
fn expect_columns(line: Option<(usize, &str)>, columns: &str, at: usize) -> Result<(), ParseError> {
    match line {
        Some((_, l)) if l.trim_end() == columns => Ok(()),
        other => {
            let found = other.map_or("the end of the file".to_owned(), |(_, l)| quoted(l));
            let at = other.map_or(at, |(n, _)| n);
            Err(ParseError::at(
                FORMAT,
                at,
                format!("expected the columns '{columns}', found {found}"),
            ))
        }
    }
}

/// The rows after the column header, with the legacy section if any.
fn rows<'a>(
    mut lines: impl Iterator<Item = (usize, &'a str)>,
) -> Result<Vec<(CurrencyCode, Quote)>, ParseError> {
    let mut quotes: Vec<(CurrencyCode, Quote)> = Vec::new();
    let mut legacy_seen = false;
    while let Some((n, line)) = lines.next() {
        if line.trim().is_empty() {
            let next = lines.find(|(_, l)| !l.trim().is_empty());
            if next.is_none() {
                break;
            }
            if quotes.is_empty() || legacy_seen {
                let found = quoted(next.map_or("", |(_, l)| l));
                let message = format!("expected a row after line {n}, found {found}");
                return Err(ParseError::at(FORMAT, n + 1, message));
            }
            expect_columns(next, LEGACY_COLUMNS, n + 1)?;
            legacy_seen = true;
            continue;
        }
        let (code, quote) = row(n, line)?;
        if code == CZK {
            return Err(ParseError::at(
                FORMAT,
                n,
                "the table quotes its own base CZK",
            ));
        }
        if quotes.iter().any(|(c, _)| *c == code) {
            return Err(ParseError::at(FORMAT, n, format!("{code} is quoted twice")));
        }
        quotes.push((code, quote));
    }
    if quotes.is_empty() {
        return Err(ParseError::whole(
            FORMAT,
            "empty table: no row after the columns",
        ));
    }
    Ok(quotes)
}

/// One row, `země|měna|množství|kód|kurz`.
fn row(n: usize, line: &str) -> Result<(CurrencyCode, Quote), ParseError> {
    let fail = |message: String| ParseError::at(FORMAT, n, message);
    let fields: Vec<&str> = line.trim_end().split('|').collect();
    let &[_country, _name, units, code, rate] = fields.as_slice() else {
        let found = quoted(line);
        return Err(fail(format!(
            "expected five fields separated by '|', found {found}"
        )));
    };
    let code = upper_code(code).ok_or_else(|| {
        fail(format!(
            "expected a code such as USD in the fourth field, found {}",
            quoted(code)
        ))
    })?;
    let units = parse_units(units).ok_or_else(|| {
        fail(format!(
            "expected a whole number of units such as 100 for {code}, found {}",
            quoted(units)
        ))
    })?;
    let rate = parse_rate(rate).ok_or_else(|| {
        fail(format!(
            "expected a positive rate such as 21,487 for {code}, found {}",
            quoted(rate)
        ))
    })?;
    Ok((code, Quote::priced_in_base(units, rate)))
}

/// A positive whole number such as `1`, `100` or `1000`.
fn parse_units(text: &str) -> Option<Decimal> {
    let digits = !text.is_empty() && text.len() <= 9 && text.bytes().all(|b| b.is_ascii_digit());
    let units = digits
        .then(|| Decimal::from_str_exact(text).ok())
        .flatten()?;
    (units > Decimal::ZERO).then_some(units)
}

/// A positive amount with a comma for the decimal separator, e.g. `21,487`,
/// kept at its published scale.
fn parse_rate(text: &str) -> Option<Decimal> {
    positive_decimal(text, ',', 12)
}

/// A few words of `text` in quotes, for "found ..." in a message (errors
/// end up in public status fields, so they never quote more).
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

    const APRIL_2016: &[u8] = include_bytes!("fixtures/exchanger_daily_2016-04-05.txt");
    const APRIL_2000: &[u8] = include_bytes!("fixtures/exchanger_daily_2000-04-21.txt");
    const YEAR_2026_JSON: &str = include_str!("fixtures/frankfurter_daily-year_2026.json");

    /// The error for `APRIL_2016` with `from` replaced by `to`.
    fn error_with(from: &str, to: &str) -> ParseError {
        let text = std::str::from_utf8(APRIL_2016).unwrap();
        assert!(text.contains(from), "{from}");
        parse_cnb_txt(text.replacen(from, to, 1).as_bytes()).unwrap_err()
    }

    #[test]
    fn the_2016_file_keeps_units_and_rates_and_gives_exact_per_unit_values() {
        let t = parse_cnb_txt(APRIL_2016).unwrap();
        assert_eq!(
            (t.source(), t.base(), t.date()),
            (ID, CZK, date(2016, 4, 5))
        );
        assert_eq!(t.len(), 32);
        assert_eq!(published(&t, "USD"), triple("1", "23.774", "23.774"));
        assert_eq!(published(&t, "EUR"), triple("1", "27.035", "27.035"));
        assert_eq!(published(&t, "JPY"), triple("100", "21.487", "0.21487"));
        assert_eq!(published(&t, "IDR"), triple("1000", "1.798", "0.001798"));
        assert_eq!(published(&t, "RUB"), triple("100", "34.436", "0.34436"));
        let not_one = t.quotes().iter().filter(|(_, q)| q.units != Decimal::ONE);
        assert_eq!(not_one.count(), 8);
    }

    #[test]
    fn the_2000_file_reads_both_sections_and_its_header_date() {
        let t = parse_cnb_txt(APRIL_2000).unwrap();
        assert_eq!(t.date(), date(2000, 4, 21));
        assert_eq!(t.len(), 28);
        assert_eq!(published(&t, "EUR"), triple("1", "36.270", "36.27"));
        assert_eq!(published(&t, "ITL"), triple("1000", "18.732", "0.018732"));
        assert_eq!(published(&t, "DEM"), triple("1", "18.545", "18.545"));
        assert_eq!(published(&t, "GRD"), triple("100", "10.817", "0.10817"));
    }

    #[test]
    fn crlf_line_ends_and_a_byte_order_mark_parse_the_same() {
        let text = std::str::from_utf8(APRIL_2016).unwrap();
        let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        assert_eq!(parse_cnb_txt(crlf.as_bytes()), parse_cnb_txt(APRIL_2016));
    }

    #[test]
    fn every_currency_of_the_2026_json_answers_is_in_the_catalogue() {
        let catalogue = ID.catalogue().unwrap();
        let mut seen = 0;
        for part in YEAR_2026_JSON.split("\"currencyCode\":\"").skip(1) {
            let code: CurrencyCode = part[..3].parse().unwrap();
            assert!(catalogue.contains(&code), "{code}");
            seen += 1;
        }
        assert_eq!(seen, 1950);
        for sample in [APRIL_2016, APRIL_2000] {
            for (code, _) in parse_cnb_txt(sample).unwrap().quotes() {
                assert!(catalogue.contains(code), "{code}");
            }
        }
    }

    #[test]
    fn bad_headers_and_columns_are_refused_on_their_line() {
        let cases = [
            ("05.04.2016 #65", "", 1, "expected a header such as"),
            (
                "05.04.2016 #65",
                "2016-04-05 #65",
                1,
                "found '2016-04-05 #65'",
            ),
            (
                "05.04.2016 #65",
                "31.02.2016 #65",
                1,
                "found '31.02.2016 #65'",
            ),
            ("05.04.2016 #65", "05.04.2016", 1, "found '05.04.2016'"),
            ("05.04.2016 #65", "05.04.2016 #x", 1, "expected a header"),
            (
                "země|měna|množství|kód|kurz",
                "country|currency|amount|code|rate",
                2,
                "expected the columns",
            ),
        ];
        for (from, to, line, expected) in cases {
            let err = error_with(from, to);
            assert_eq!(err.line, Some(line), "{to}: {err}");
            assert!(err.message.contains(expected), "{to}: {err}");
        }
    }

    #[test]
    fn bad_rows_are_refused_with_their_line() {
        let row = "Japonsko|jen|100|JPY|21,487";
        let cases = [
            ("Japonsko|jen|100|JPY", "five fields"),
            ("Japonsko|jen|100|JPY|21,487|x", "five fields"),
            (
                "Japonsko|jen|0|JPY|21,487",
                "units such as 100 for JPY, found '0'",
            ),
            ("Japonsko|jen|1,5|JPY|21,487", "found '1,5'"),
            ("Japonsko|jen|-100|JPY|21,487", "found '-100'"),
            ("Japonsko|jen|100|jpy|21,487", "found 'jpy'"),
            ("Japonsko|jen|100|J1Y|21,487", "found 'J1Y'"),
            (
                "Japonsko|jen|100|JPY|21.487",
                "rate such as 21,487 for JPY, found '21.487'",
            ),
            ("Japonsko|jen|100|JPY|0,000", "found '0,000'"),
            ("Japonsko|jen|100|JPY|-21,487", "found '-21,487'"),
            ("Japonsko|jen|100|JPY|21,", "found '21,'"),
            ("Japonsko|jen|100|JPY|", "found ''"),
            ("Japonsko|jen|100|AUD|21,487", "AUD is quoted twice"),
            ("Japonsko|jen|100|CZK|21,487", "its own base CZK"),
        ];
        for (to, expected) in cases {
            let err = error_with(row, to);
            assert_eq!(err.line, Some(15), "{to}: {err}");
            assert!(err.message.contains(expected), "{to}: {err}");
        }
    }

    #[test]
    fn empty_truncated_and_foreign_bodies_are_refused() {
        let head = "05.04.2016 #65\nzemě|měna|množství|kód|kurz\n";
        let cases: [(&[u8], &str); 7] = [
            (b"", "expected a header"),
            (head.as_bytes(), "empty table"),
            (b"05.04.2016 #65\n", "found the end of the file"),
            (b"05.04.2016 #65", "line break at the end"),
            (
                b"<html><body>502 Bad Gateway</body></html>\n",
                "found '<html>",
            ),
            (b"05.04.2016 #65\n\xc3\x28\n", "expected UTF-8 text"),
            (b"05.04.2016 #65\nzem\xec|m\xecna\n", "expected UTF-8 text"),
        ];
        for (body, expected) in cases {
            let err = parse_cnb_txt(body).unwrap_err();
            assert!(err.message.contains(expected), "{err}");
        }
        let text = std::str::from_utf8(APRIL_2016).unwrap();
        let cut = &text[..text.find("23,774").unwrap() + 5];
        let err = parse_cnb_txt(cut.as_bytes()).unwrap_err();
        assert_eq!(err.line, Some(33), "{err}");
        assert!(err.message.contains("line break at the end"), "{err}");
        // Half the file less three bytes ends inside the ZAR row.
        let half = parse_cnb_txt(&APRIL_2016[..APRIL_2016.len() / 2 - 3]).unwrap_err();
        assert!(half.message.contains("line break at the end"), "{half}");
    }

    #[test]
    fn a_blank_line_must_open_the_legacy_section_once() {
        let text = std::str::from_utf8(APRIL_2016).unwrap();
        let err = parse_cnb_txt(text.replacen("USA|", "\nUSA|", 1).as_bytes()).unwrap_err();
        assert!(
            err.message
                .contains("expected the columns 'země|denominace"),
            "{err}"
        );
        let twice = std::str::from_utf8(APRIL_2000)
            .unwrap()
            .replacen("Finsko|", "\nFinsko|", 1);
        let err = parse_cnb_txt(twice.as_bytes()).unwrap_err();
        assert!(err.message.contains("expected a row after line"), "{err}");
        let trailing = format!("{text}\n\n");
        assert_eq!(
            parse_cnb_txt(trailing.as_bytes()),
            parse_cnb_txt(APRIL_2016)
        );
    }
}
