//! Parser for the StatBank's `BULK` answer of table `DNVALD`, Danmarks
//! Nationalbank's exchange rates.
//!
//! ```text
//! VALUTA;KURTYP;TID;INDHOLD
//! AUD;KBH;2025M07D08;416.2300
//! BGN;KBH;2026M03D31;..
//! ```
//!
//! One line per currency and day, in no particular order, with CRLF line
//! ends: on `TID`, 100 units of `VALUTA` cost `INDHOLD` kroner (`KURTYP`
//! `KBH`, the Nationalbank's rate). `..` is the StatBank's mark for no
//! value: a currency not quoted that day (BGN from 2026). Every `VALUTA`
//! must be three capital letters, as the CNB's parser refuses a malformed
//! code.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::ID;
use crate::sources::text::positive_decimal;
use crate::{CurrencyCode, ParseError, Quote, Table};

const FORMAT: &str = "StatBank DNVALD BULK";
const DKK: CurrencyCode = CurrencyCode::new_static("DKK");
/// The header line of the answer.
const HEADER: &str = "VALUTA;KURTYP;TID;INDHOLD";
/// How many units of each currency a rate is for.
const UNITS: Decimal = Decimal::ONE_HUNDRED;
/// The StatBank's mark for a cell without a value.
const NO_VALUE: &str = "..";

/// Parses a `BULK` answer of `DNVALD` (UTF-8) into one table per date, in
/// date order.
///
/// Every line with a value becomes a quote of 100 units for `INDHOLD`
/// kroner, kept exactly as published. All or nothing: a changed header,
/// another rate type, a malformed line or a last line without its line
/// break (a body cut short) make the whole body an error naming the line.
/// A day whose every currency is `..` gives no table.
pub(crate) fn parse_dnb_csv(body: &[u8]) -> Result<Vec<Table>, ParseError> {
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
    let header = lines.next().unwrap_or_default();
    if header != HEADER {
        let message = format!("expected the header '{HEADER}', found {}", quoted(header));
        return Err(ParseError::at(FORMAT, 1, message));
    }
    let mut days: BTreeMap<NaiveDate, Vec<(CurrencyCode, Quote)>> = BTreeMap::new();
    let mut seen = 0;
    for (i, line) in lines.enumerate().filter(|(_, l)| !l.is_empty()) {
        let n = i + 2;
        seen += 1;
        let (date, code, rate) = row(n, line)?;
        let day = days.entry(date).or_default();
        if let Some(rate) = rate {
            if day.iter().any(|(c, _)| *c == code) {
                let message = format!("{code} is quoted twice on {date}");
                return Err(ParseError::at(FORMAT, n, message));
            }
            day.push((code, Quote::priced_in_base(UNITS, rate)));
        }
    }
    if seen == 0 {
        return Err(ParseError::whole(
            FORMAT,
            "expected rates after the header, found none",
        ));
    }
    days.into_iter()
        .filter(|(_, quotes)| !quotes.is_empty())
        .map(|(date, quotes)| {
            Table::new(ID, date, DKK, quotes).map_err(|e| ParseError::whole(FORMAT, e.to_string()))
        })
        .collect()
}

/// One line, `VALUTA;KURTYP;TID;INDHOLD`: the date, the currency and its
/// rate, `None` for `..`.
fn row(n: usize, line: &str) -> Result<(NaiveDate, CurrencyCode, Option<Decimal>), ParseError> {
    let fail = |message: String| ParseError::at(FORMAT, n, message);
    let fields: Vec<&str> = line.split(';').collect();
    let &[code, kind, day, value] = fields.as_slice() else {
        return Err(fail(format!(
            "expected four fields separated by ';', found {}",
            quoted(line)
        )));
    };
    let code = Some(code)
        .filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
        .and_then(|c| c.parse::<CurrencyCode>().ok())
        .ok_or_else(|| {
            fail(format!(
                "expected a currency such as USD, found {}",
                quoted(code)
            ))
        })?;
    if code == DKK {
        return Err(fail("the table quotes its own base DKK".to_owned()));
    }
    if kind != "KBH" {
        return Err(fail(format!(
            "expected the rate type KBH, found {}",
            quoted(kind)
        )));
    }
    let date = NaiveDate::parse_from_str(day, "%YM%mD%d")
        .ok()
        .filter(|_| day.len() == 10)
        .ok_or_else(|| {
            fail(format!(
                "expected a day such as 2025M07D08, found {}",
                quoted(day)
            ))
        })?;
    if value == NO_VALUE {
        return Ok((date, code, None));
    }
    let rate = parse_rate(value).ok_or_else(|| {
        fail(format!(
            "expected a positive rate such as 416.2300 or '..' for {code}, found {}",
            quoted(value)
        ))
    })?;
    Ok((date, code, Some(rate)))
}

/// A positive decimal such as `416.2300`, kept at its scale.
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
    use crate::sources::testing::{date, triple};

    const YEAR_2025: &[u8] = include_bytes!("fixtures/frankfurter_dnvald_kbh_2025-03-03.csv");

    fn code(s: &str) -> CurrencyCode {
        s.parse().unwrap()
    }

    /// (units, value, value per unit) of `c` in `t` as text.
    fn published(t: &Table, c: &str) -> (String, String, String) {
        let q = t.quote(code(c)).unwrap();
        (
            q.units.to_string(),
            q.value.to_string(),
            (q.value / q.units).normalize().to_string(),
        )
    }

    fn text() -> &'static str {
        std::str::from_utf8(YEAR_2025).unwrap()
    }

    /// The error for the fixture with `from` replaced by `to` (once).
    fn error_with(from: &str, to: &str) -> ParseError {
        assert!(text().contains(from), "{from}");
        parse_dnb_csv(text().replacen(from, to, 1).as_bytes()).unwrap_err()
    }

    #[test]
    fn the_recorded_answer_gives_269_days_per_100_units_as_written() {
        let tables = parse_dnb_csv(YEAR_2025).unwrap();
        assert_eq!(tables.len(), 269);
        assert_eq!(tables[0].date(), date(2025, 3, 3));
        let last = tables.last().unwrap();
        assert_eq!((last.source(), last.base()), (ID, DKK));
        assert_eq!(last.date(), date(2026, 3, 31));
        assert_eq!(published(last, "EUR"), triple("100", "747.3000", "7.473"));
        assert_eq!(published(last, "JPY"), triple("100", "4.0749", "0.040749"));
        assert_eq!(published(last, "IDR"), triple("100", "0.0383", "0.000383"));
        assert_eq!(published(last, "AUD"), triple("100", "447.6700", "4.4767"));
        // BGN has no value since Bulgaria took the euro.
        assert_eq!(last.len(), 29);
        assert!(!last.covers(code("BGN")));
        let july = tables
            .iter()
            .find(|t| t.date() == date(2025, 7, 8))
            .unwrap();
        assert_eq!(july.len(), 30);
        assert_eq!(published(july, "AUD"), triple("100", "416.2300", "4.1623"));
    }

    #[test]
    fn bgn_ends_with_2025() {
        let tables = parse_dnb_csv(YEAR_2025).unwrap();
        let with_bgn: Vec<NaiveDate> = tables
            .iter()
            .filter(|t| t.covers(code("BGN")))
            .map(Table::date)
            .collect();
        assert_eq!(with_bgn.last(), Some(&date(2025, 12, 30)));
        let without = tables.iter().filter(|t| !t.covers(code("BGN")));
        assert!(without.clone().all(|t| t.date() >= date(2026, 1, 2)));
        assert_eq!(without.count(), 63);
    }

    #[test]
    fn every_currency_of_the_answer_is_in_the_catalogue() {
        let catalogue = ID.catalogue().unwrap();
        let tables = parse_dnb_csv(YEAR_2025).unwrap();
        for t in &tables {
            assert!(t.quotes().iter().all(|(c, _)| catalogue.contains(c)));
        }
        assert_eq!(tables[0].len(), catalogue.len());
    }

    #[test]
    fn bad_lines_are_refused_with_their_line() {
        let line = "AUD;KBH;2025M07D08;416.2300";
        let cases = [
            ("AUD;KBH;2025M07D08", "four fields"),
            ("AUD;KBH;2025M07D08;416.2300;x", "four fields"),
            ("AUD,KBH,2025M07D08,416.2300", "four fields"),
            ("aud;KBH;2025M07D08;416.2300", "found 'aud'"),
            ("AU1;KBH;2025M07D08;416.2300", "found 'AU1'"),
            ("DKK;KBH;2025M07D08;416.2300", "its own base DKK"),
            ("AUD;KBL;2025M07D08;416.2300", "rate type KBH, found 'KBL'"),
            ("AUD;KBH;2025-07-08;416.2300", "found '2025-07-08'"),
            ("AUD;KBH;2025M02D30;416.2300", "found '2025M02D30'"),
            ("AUD;KBH;2025M07D08;416,2300", "for AUD, found '416,2300'"),
            ("AUD;KBH;2025M07D08;0.0000", "found '0.0000'"),
            ("AUD;KBH;2025M07D08;-416.23", "found '-416.23'"),
            ("AUD;KBH;2025M07D08;", "found ''"),
            ("AUD;KBH;2025M07D08;...", "found '...'"),
            (
                "BGN;KBH;2025M07D08;416.2300",
                "BGN is quoted twice on 2025-07-08",
            ),
        ];
        for (to, expected) in cases {
            let err = error_with(line, to);
            // The real BGN line of that day, line 3, is the second one.
            let at = if to.starts_with("BGN") { 3 } else { 2 };
            assert_eq!(err.line, Some(at), "{to}: {err}");
            assert!(err.message.contains(expected), "{to}: {err}");
        }
    }

    #[test]
    fn empty_truncated_and_foreign_bodies_are_refused() {
        let cases: [(&[u8], &str); 6] = [
            (b"", "expected the header"),
            (b"VALUTA;KURTYP;TID;INDHOLD\r\n", "found none"),
            (
                b"<html><body>Service Unavailable</body></html>\n",
                "found '<html>",
            ),
            (
                b"{\"errorTypeCode\":\"EXTRACT-NOTFOUND\"}\n",
                "expected the header",
            ),
            (
                b"VALUTA;KURTYP;TID;INDHOLD\r\n\xe6\r\n",
                "expected UTF-8 text",
            ),
            (
                b"VALUTA;KURTYP;TID;INDHOLD\r\nAUD;KBH;2025M07D08;416.23",
                "line break at the end",
            ),
        ];
        for (body, expected) in cases {
            let err = parse_dnb_csv(body).unwrap_err();
            assert!(err.message.contains(expected), "{err}");
        }
        let cut = parse_dnb_csv(&YEAR_2025[..YEAR_2025.len() / 2]).unwrap_err();
        assert!(cut.message.contains("line break at the end"), "{cut}");
    }

    #[test]
    fn a_day_without_any_value_gives_no_table_and_lf_parses_the_same() {
        let real = |start: &str| text().lines().find(|l| l.starts_with(start)).unwrap();
        let (bgn, eur) = (real("BGN;KBH;2026M03D31;"), real("EUR;KBH;2026M03D30;"));
        let body = format!("{HEADER}\r\n{bgn}\n{eur}\n");
        let tables = parse_dnb_csv(body.as_bytes()).unwrap();
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].date(), date(2026, 3, 30));
        let lf = text().replace("\r\n", "\n");
        assert_eq!(parse_dnb_csv(lf.as_bytes()), parse_dnb_csv(YEAR_2025));
    }
}
