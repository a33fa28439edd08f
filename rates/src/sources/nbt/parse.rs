//! Parser for the National Bank of Tajikistan's XML export,
//! `/en/kurs/export_xml.php?date=YYYY-MM-DD&export=xmlout`.
//!
//! ```text
//! <?xml version="1.0" encoding="utf-8" ?>
//! <ValCurs Date="2026-05-18" name="Foreign Currency Market">
//! <Valute ID="840">
//!    <CharCode>USD</CharCode>
//!    <Nominal>1</Nominal>
//!    <Name>US Dollar</Name>
//!    <Value>9.3450</Value>
//! </Valute>
//! ...
//! ```
//!
//! Each `<Valute>` says that `Nominal` units of `CharCode` cost `Value`
//! somoni (a point for the decimal separator), on the root's `Date`. The
//! Bank of Russia's layout, with an ISO date and a decimal point. The
//! numeric `ID` and the English `Name` are not read.

use chrono::NaiveDate;
use quick_xml::events::BytesStart;

use super::ID;
use crate::sources::text::{excerpt, positive_decimal, upper_code, xml_error, FlatXml};
use crate::{CurrencyCode, ParseError, Quote, Table};

const FORMAT: &str = "NBT XML";
const TJS: CurrencyCode = CurrencyCode::new_static("TJS");

/// The fields of one `<Valute>` as published.
#[derive(Default)]
struct Raw {
    code: Option<String>,
    nominal: Option<String>,
    value: Option<String>,
}

/// Parses a body of the NBT's XML export (UTF-8, as it declares) into its
/// one table.
///
/// All or nothing: every `<Valute>` must carry a `CharCode` of three
/// upper-case letters (not checked against ISO 4217, as for the Bank of
/// Russia), a whole positive `Nominal` and a positive `Value`; the root
/// `<ValCurs>` must carry its `Date` (`YYYY-MM-DD`), and the document must
/// be complete.
pub fn parse_nbt_xml(body: &[u8]) -> Result<Table, ParseError> {
    let text = std::str::from_utf8(body)
        .map_err(|_| ParseError::whole(FORMAT, "expected UTF-8 text, found other bytes"))?;
    let (date, raws) = read(text)?;
    if raws.is_empty() {
        let message = "empty table: <ValCurs> holds no <Valute>";
        return Err(ParseError::whole(FORMAT, message));
    }
    let quotes = raws.iter().map(to_quote).collect::<Result<Vec<_>, _>>()?;
    Table::new(ID, date, TJS, quotes).map_err(|e| ParseError::whole(FORMAT, e.to_string()))
}

/// The document's shape.
const SHAPE: FlatXml = FlatXml {
    format: FORMAT,
    bank: "NBT",
    root: "ValCurs",
    record: "Valute",
    fields: &["CharCode", "Nominal", "Value"],
};

/// The root's date and the currencies, checking that the document is well
/// formed and complete.
fn read(text: &str) -> Result<(NaiveDate, Vec<Raw>), ParseError> {
    let (date, records) = SHAPE.read(text, root_date, |_| Ok(()))?;
    let raws = records
        .into_iter()
        .map(|record| {
            let mut fields = record.fields.into_iter();
            Raw {
                code: fields.next().flatten(),
                nominal: fields.next().flatten(),
                value: fields.next().flatten(),
            }
        })
        .collect();
    Ok((date, raws))
}

/// The `Date` of `<ValCurs>`.
fn root_date(e: &BytesStart) -> Result<NaiveDate, ParseError> {
    let found = e
        .try_get_attribute("Date")
        .map_err(|e| xml_error(FORMAT, e))?;
    let text = found.map(|a| String::from_utf8_lossy(&a.value).trim().to_owned());
    let date = text
        .as_deref()
        .filter(|t| t.len() == 10)
        .and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok());
    date.ok_or_else(|| {
        let message = format!(
            "expected a Date such as 2026-05-18 on <ValCurs>, found {}",
            quoted(text.as_deref())
        );
        ParseError::whole(FORMAT, message)
    })
}

/// Checks one currency.
fn to_quote(raw: &Raw) -> Result<(CurrencyCode, Quote), ParseError> {
    let text = raw.code.as_deref().map(str::trim);
    let code = text.and_then(upper_code).ok_or_else(|| {
        let message = format!(
            "expected a <CharCode> such as USD in <Valute>, found {}",
            quoted(text)
        );
        ParseError::whole(FORMAT, message)
    })?;
    let fail = |element: &str, example: &str, found: Option<&str>| {
        let message = format!(
            "expected a {element} such as {example} for {code}, found {}",
            quoted(found)
        );
        ParseError::whole(FORMAT, message)
    };
    let nominal = raw.nominal.as_deref().map(str::trim);
    let whole = nominal.filter(|n| n.bytes().all(|b| b.is_ascii_digit()));
    let units = whole.and_then(|n| positive_decimal(n, '.', 9));
    let units = units.ok_or_else(|| fail("whole <Nominal>", "100", nominal))?;
    let value = raw.value.as_deref().map(str::trim);
    let price = value.and_then(|v| positive_decimal(v, '.', 12));
    let price = price.ok_or_else(|| fail("positive <Value>", "9.3450", value))?;
    Ok((code, Quote::priced_in_base(units, price)))
}

/// `text` in quotes for "found ..." in a message, or `none`.
fn quoted(text: Option<&str>) -> String {
    text.map_or("none".to_owned(), |t| format!("'{}'", excerpt(t)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing::{date, published, triple};
    use rust_decimal::Decimal;

    const MAY_18: &[u8] = include_bytes!("fixtures/frankfurter_export_2026-05-18.xml");
    const MAY_19: &[u8] = include_bytes!("fixtures/frankfurter_export_2026-05-19.xml");
    const MAY_20: &[u8] = include_bytes!("fixtures/frankfurter_export_2026-05-20.xml");

    /// The error for `MAY_18` with `from` replaced by `to`.
    fn error_with(from: &str, to: &str) -> String {
        let text = std::str::from_utf8(MAY_18).unwrap();
        assert!(text.contains(from), "{from}");
        parse_nbt_xml(text.replacen(from, to, 1).as_bytes())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn the_export_gives_thirty_six_rates_dated_by_its_root() {
        let t = parse_nbt_xml(MAY_18).unwrap();
        assert_eq!(
            (t.source(), t.base(), t.date()),
            (ID, TJS, date(2026, 5, 18))
        );
        assert_eq!(t.len(), 36);
        assert_eq!(published(&t, "USD"), triple("1", "9.3450", "9.345"));
        assert_eq!(published(&t, "EUR"), triple("1", "10.8757", "10.8757"));
        assert_eq!(published(&t, "RUB"), triple("1", "0.1277", "0.1277"));
        assert_eq!(published(&t, "KWD"), triple("1", "30.4993", "30.4993"));
        let t = parse_nbt_xml(MAY_20).unwrap();
        assert_eq!((t.date(), t.len()), (date(2026, 5, 20), 36));
        assert_eq!(published(&t, "USD"), triple("1", "9.3288", "9.3288"));
        assert_eq!(published(&t, "EUR"), triple("1", "10.8429", "10.8429"));
    }

    #[test]
    fn rates_per_ten_hundred_and_thousand_units_keep_their_nominal() {
        let t = parse_nbt_xml(MAY_18).unwrap();
        assert_eq!(published(&t, "KGS"), triple("10", "1.0686", "0.10686"));
        assert_eq!(published(&t, "JPY"), triple("10", "0.5894", "0.05894"));
        assert_eq!(published(&t, "UZS"), triple("100", "0.0780", "0.00078"));
        assert_eq!(published(&t, "AMD"), triple("100", "2.5340", "0.02534"));
        assert_eq!(published(&t, "KRW"), triple("100", "0.6224", "0.006224"));
        assert_eq!(published(&t, "IRR"), triple("1000", "0.0071", "0.0000071"));
        let not_one = t.quotes().iter().filter(|(_, q)| q.units != Decimal::ONE);
        assert_eq!(not_one.count(), 11);
    }

    #[test]
    fn consecutive_days_carry_their_own_dates() {
        let dates = [MAY_18, MAY_19, MAY_20].map(|b| parse_nbt_xml(b).unwrap().date());
        assert_eq!(
            dates,
            [date(2026, 5, 18), date(2026, 5, 19), date(2026, 5, 20)]
        );
    }

    #[test]
    fn every_code_of_the_export_is_in_the_catalogue() {
        let catalogue = ID.catalogue().unwrap();
        for (code, _) in parse_nbt_xml(MAY_18).unwrap().quotes() {
            assert!(catalogue.contains(code), "{code}");
        }
    }

    #[test]
    fn bad_currencies_and_dates_are_refused() {
        let cases = [
            (
                "<CharCode>USD</CharCode>",
                "<CharCode>usd</CharCode>",
                "expected a <CharCode> such as USD in <Valute>, found 'usd'",
            ),
            (
                "<CharCode>USD</CharCode>",
                "<Code>USD</Code>",
                "<CharCode> such as USD in <Valute>, found none",
            ),
            (
                "<Nominal>100</Nominal>",
                "<Nominal>0</Nominal>",
                "whole <Nominal> such as 100 for UZS, found '0'",
            ),
            (
                "<Nominal>100</Nominal>",
                "<Nominal>1.5</Nominal>",
                "for UZS, found '1.5'",
            ),
            (
                "<Value>9.3450</Value>",
                "<Rate>9.3450</Rate>",
                "positive <Value> such as 9.3450 for USD, found none",
            ),
            ("9.3450", "9,3450", "for USD, found '9,3450'"),
            ("9.3450", "-9.3450", "found '-9.3450'"),
            ("9.3450", "0.0000", "found '0.0000'"),
            ("9.3450", "9&amp;34", "found '9&amp;34'"),
            ("<CharCode>EUR", "<CharCode>USD", "USD is quoted twice"),
            ("<CharCode>EUR", "<CharCode>TJS", "quotes its own base TJS"),
            (
                "Date=\"2026-05-18\"",
                "Date=\"18.05.2026\"",
                "expected a Date such as 2026-05-18 on <ValCurs>, found '18.05.2026'",
            ),
            (
                "Date=\"2026-05-18\"",
                "Date=\"2026-02-30\"",
                "found '2026-02-30'",
            ),
            (
                "Date=\"2026-05-18\"",
                "Day=\"2026-05-18\"",
                "on <ValCurs>, found none",
            ),
        ];
        for (from, to, expected) in cases {
            let err = error_with(from, to);
            assert!(err.contains(expected), "{to}: {err}");
        }
    }

    #[test]
    fn empty_truncated_and_foreign_bodies_are_refused() {
        let cases: [(&[u8], &str); 6] = [
            (b"", "found no element"),
            (b"<ValCurs Date=\"2026-05-18\"></ValCurs>", "empty table"),
            (
                b"<html><body>502 Bad Gateway</body></html>",
                "expected <ValCurs>, found <html>",
            ),
            (
                b"<ValCurs Date=\"2026-05-18\"><Valute ID=\"840\"/></ValCurs>",
                "found <Valute/>",
            ),
            (
                b"<ValCurs Date=\"2026-05-18\">\xff</ValCurs>",
                "expected UTF-8",
            ),
            (b"{\"USD\": 9.345}", "found no element"),
        ];
        for (body, expected) in cases {
            let err = parse_nbt_xml(body).unwrap_err().to_string();
            assert!(err.contains(expected), "{err}");
        }
        for cut in [MAY_18.len() - 2, MAY_18.len() / 2, 60, 10] {
            let err = parse_nbt_xml(&MAY_18[..cut]).unwrap_err().to_string();
            assert!(err.contains("expected"), "{cut}: {err}");
        }
        let cut = &MAY_18[..MAY_18.len() - "</ValCurs>\n".len()];
        let err = parse_nbt_xml(cut).unwrap_err().to_string();
        assert!(
            err.contains("expected </ValCurs>, found the end of the body"),
            "{err}"
        );
    }
}
