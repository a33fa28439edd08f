//! Parser for the National Bank of Moldova's official rates as XML,
//! `/en/official_exchange_rates?date=dd.mm.yyyy&get_xml=1`.
//!
//! ```text
//! <?xml version="1.0" encoding="UTF-8"?>
//! <ValCurs Date="06.04.2026" name="Official exchange rate">
//!   <Valute ID="47">
//!     <NumCode>978</NumCode>
//!     <CharCode>EUR</CharCode>
//!     <Nominal>1</Nominal>
//!     <Name>Euro</Name>
//!     <Value>20.2754</Value>
//!   </Valute>
//!   ...
//! ```
//!
//! Each `<Valute>` says that `Nominal` units of `CharCode` cost `Value`
//! lei (with a point), from the root's `Date`: 10 Albanian leks, 100 yen
//! and 100 Uzbek sums among others. The other children (`NumCode`, `Name`)
//! are not read. The bank's precious-metal prices
//! (`official_metal_rates`, a `<MetalPrice>` of lei per gram, not per
//! troy ounce as XAU and XAG mean elsewhere) are not this format and are
//! refused.

use chrono::NaiveDate;
use quick_xml::events::BytesStart;
use rust_decimal::Decimal;

use super::ID;
use crate::sources::text::{
    decode_declared_xml, excerpt, positive_decimal, upper_code, xml_error, FlatXml,
};
use crate::{CurrencyCode, ParseError, Quote, Table};

const FORMAT: &str = "NBM XML";
const MDL: CurrencyCode = CurrencyCode::new_static("MDL");

/// The fields of one `<Valute>` as published.
#[derive(Default)]
struct Raw {
    code: Option<String>,
    nominal: Option<String>,
    value: Option<String>,
}

/// Parses a body of `official_exchange_rates?...&get_xml=1` (raw bytes,
/// in the encoding its declaration names) into its one table.
///
/// All or nothing: every `<Valute>` must carry a `CharCode` of three
/// upper-case letters (not checked against ISO 4217, as for the Bank of
/// Russia), a whole positive `Nominal` and a positive `Value`; the root
/// `<ValCurs>` must carry its `Date` (`dd.mm.yyyy`) and hold at least one
/// `<Valute>`, and the document must be complete.
pub(crate) fn parse_nbm_xml(body: &[u8]) -> Result<Table, ParseError> {
    let text = decode_declared_xml(body, FORMAT)?;
    let (date, raws) = read(&text)?;
    if raws.is_empty() {
        let message = "empty table: <ValCurs> holds no <Valute>";
        return Err(ParseError::whole(FORMAT, message));
    }
    let quotes = raws.iter().map(to_quote).collect::<Result<Vec<_>, _>>()?;
    Table::new(ID, date, MDL, quotes).map_err(|e| ParseError::whole(FORMAT, e.to_string()))
}

/// The document's shape.
const SHAPE: FlatXml = FlatXml {
    format: FORMAT,
    bank: "NBM",
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
    let Some(attribute) = found else {
        let message = "expected the attribute Date on <ValCurs>, found none";
        return Err(ParseError::whole(FORMAT, message));
    };
    let text = String::from_utf8_lossy(&attribute.value).into_owned();
    let date = (text.len() == 10).then(|| NaiveDate::parse_from_str(&text, "%d.%m.%Y").ok());
    date.flatten().ok_or_else(|| {
        let found = excerpt(&text);
        let message = format!("expected a Date such as 06.04.2026 on <ValCurs>, found '{found}'");
        ParseError::whole(FORMAT, message)
    })
}

/// Checks one currency.
fn to_quote(raw: &Raw) -> Result<(CurrencyCode, Quote), ParseError> {
    let found = |text: &Option<String>| match text {
        Some(text) => format!("'{}'", excerpt(text)),
        None => "none".to_owned(),
    };
    let code = raw.code.as_deref().map(str::trim).and_then(upper_code);
    let code = code.ok_or_else(|| {
        let message = format!(
            "expected a <CharCode> such as USD in <Valute>, found {}",
            found(&raw.code)
        );
        ParseError::whole(FORMAT, message)
    })?;
    let fail = |element: &str, example: &str, text: &Option<String>| {
        let message = format!(
            "expected a {element} such as {example} for {code}, found {}",
            found(text)
        );
        ParseError::whole(FORMAT, message)
    };
    let nominal = raw.nominal.as_deref().map(str::trim).and_then(whole);
    let nominal = nominal.ok_or_else(|| fail("whole <Nominal>", "100", &raw.nominal))?;
    let value = raw.value.as_deref().map(str::trim);
    let value = value.and_then(|v| positive_decimal(v, '.', 12));
    let value = value.ok_or_else(|| fail("positive <Value>", "20.2754", &raw.value))?;
    Ok((code, Quote::priced_in_base(nominal, value)))
}

/// A positive whole number such as `1`, `10` or `100`.
fn whole(text: &str) -> Option<Decimal> {
    let digits = !text.is_empty() && text.len() <= 9 && text.bytes().all(|b| b.is_ascii_digit());
    let nominal = digits.then(|| Decimal::from_str_exact(text).ok())??;
    (nominal > Decimal::ZERO).then_some(nominal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing::{date, published, triple};

    const APRIL_6: &[u8] =
        include_bytes!("fixtures/frankfurter_official_exchange_rates_2026-04-06.xml");
    const APRIL_7: &[u8] =
        include_bytes!("fixtures/frankfurter_official_exchange_rates_2026-04-07.xml");
    const APRIL_8: &[u8] =
        include_bytes!("fixtures/frankfurter_official_exchange_rates_2026-04-08.xml");
    const METALS: &[u8] =
        include_bytes!("fixtures/frankfurter_official_metal_rates_2026-04-06.xml");

    /// The error for `APRIL_6` with `from` replaced by `to`.
    fn error_with(from: &str, to: &str) -> String {
        let text = std::str::from_utf8(APRIL_6).unwrap();
        assert!(text.contains(from), "{from}");
        parse_nbm_xml(text.replacen(from, to, 1).as_bytes())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn each_file_gives_forty_rates_dated_by_its_root() {
        for (body, day) in [(APRIL_6, 6), (APRIL_7, 7), (APRIL_8, 8)] {
            let t = parse_nbm_xml(body).unwrap();
            assert_eq!(
                (t.source(), t.base(), t.date(), t.len()),
                (ID, MDL, date(2026, 4, day), 40)
            );
        }
        let t = parse_nbm_xml(APRIL_6).unwrap();
        assert_eq!(published(&t, "EUR"), triple("1", "20.2754", "20.2754"));
        assert_eq!(published(&t, "USD"), triple("1", "17.6124", "17.6124"));
        assert_eq!(published(&t, "BYN"), triple("1", "5.9820", "5.982"));
        assert_eq!(published(&t, "XDR"), triple("1", "23.9652", "23.9652"));
        let t = parse_nbm_xml(APRIL_8).unwrap();
        assert_eq!(published(&t, "USD"), triple("1", "17.4597", "17.4597"));
    }

    #[test]
    fn rates_per_ten_and_per_hundred_units_become_exact_rates_per_unit() {
        let t = parse_nbm_xml(APRIL_6).unwrap();
        assert_eq!(published(&t, "JPY"), triple("100", "11.0318", "0.110318"));
        assert_eq!(published(&t, "HUF"), triple("100", "5.2807", "0.052807"));
        assert_eq!(published(&t, "UZS"), triple("100", "0.1442", "0.001442"));
        assert_eq!(published(&t, "ALL"), triple("10", "2.1172", "0.21172"));
        assert_eq!(published(&t, "AMD"), triple("10", "0.4654", "0.04654"));
        assert_eq!(published(&t, "KZT"), triple("10", "0.3739", "0.03739"));
        let t = parse_nbm_xml(APRIL_8).unwrap();
        assert_eq!(published(&t, "JPY"), triple("100", "10.9277", "0.109277"));
        assert_eq!(published(&t, "RSD"), triple("100", "17.1812", "0.171812"));
        let per = |units: u32| {
            let units = Decimal::from(units);
            t.quotes().iter().filter(|(_, q)| q.units == units).count()
        };
        assert_eq!((per(1), per(10), per(100)), (28, 7, 5));
    }

    #[test]
    fn every_code_of_the_files_is_in_the_catalogue() {
        let catalogue = ID.catalogue().unwrap();
        for body in [APRIL_6, APRIL_7, APRIL_8] {
            let t = parse_nbm_xml(body).unwrap();
            let codes: Vec<CurrencyCode> = t.quotes().iter().map(|(c, _)| *c).collect();
            assert_eq!(codes, catalogue);
        }
    }

    #[test]
    fn bad_currencies_and_dates_are_refused() {
        let cases = [
            (
                "<CharCode>EUR</CharCode>",
                "<CharCode>eur</CharCode>",
                "expected a <CharCode> such as USD in <Valute>, found 'eur'",
            ),
            (
                "<CharCode>EUR</CharCode>",
                "<Code>EUR</Code>",
                "expected a <CharCode> such as USD in <Valute>, found none",
            ),
            (
                "<Nominal>1</Nominal>\n    <Name>Euro</Name>",
                "<Nominal>0</Nominal>\n    <Name>Euro</Name>",
                "whole <Nominal> such as 100 for EUR, found '0'",
            ),
            (
                "<Nominal>1</Nominal>\n    <Name>Euro</Name>",
                "<Nominal>1.5</Nominal>\n    <Name>Euro</Name>",
                "found '1.5'",
            ),
            (
                "<Nominal>1</Nominal>\n    <Name>Euro</Name>",
                "<Name>Euro</Name>",
                "whole <Nominal> such as 100 for EUR, found none",
            ),
            (
                "20.2754",
                "20,2754",
                "positive <Value> such as 20.2754 for EUR, found '20,2754'",
            ),
            ("20.2754", "-20.2754", "found '-20.2754'"),
            ("20.2754", "0.0000", "found '0.0000'"),
            ("20.2754", "20&amp;27", "found '20&amp;27'"),
            (
                "<CharCode>EUR</CharCode>",
                "<CharCode>USD</CharCode>",
                "USD is quoted twice",
            ),
            (
                "<CharCode>EUR</CharCode>",
                "<CharCode>MDL</CharCode>",
                "quotes its own base MDL",
            ),
            (
                "Date=\"06.04.2026\"",
                "Date=\"2026-04-06\"",
                "expected a Date such as 06.04.2026 on <ValCurs>, found '2026-04-06'",
            ),
            (
                "Date=\"06.04.2026\"",
                "Date=\"31.04.2026\"",
                "found '31.04.2026'",
            ),
            (
                "Date=\"06.04.2026\"",
                "Data=\"06.04.2026\"",
                "expected the attribute Date on <ValCurs>, found none",
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
            (
                b"<ValCurs Date=\"06.04.2026\" name=\"Official exchange rate\"></ValCurs>",
                "empty table",
            ),
            (
                b"<ValCurs Date=\"06.04.2026\"/>",
                "expected <ValCurs> of <Valute>s, found <ValCurs/>",
            ),
            (
                b"<html><body>502 Bad Gateway</body></html>",
                "expected <ValCurs>, found <html>",
            ),
            (METALS, "expected <ValCurs>, found <MetalPrice>"),
            (
                b"<ValCurs Date=\"06.04.2026\"><Valute/></ValCurs>",
                "found <Valute/>",
            ),
        ];
        for (body, expected) in cases {
            let err = parse_nbm_xml(body).unwrap_err().to_string();
            assert!(err.contains(expected), "{err}");
        }
        for cut in [APRIL_6.len() - 2, APRIL_6.len() / 2, 60] {
            let err = parse_nbm_xml(&APRIL_6[..cut]).unwrap_err().to_string();
            assert!(err.contains("expected"), "{cut}: {err}");
        }
        let cut = &APRIL_6[..APRIL_6.len() - "</ValCurs>\n".len()];
        let err = parse_nbm_xml(cut).unwrap_err().to_string();
        assert!(
            err.contains("expected </ValCurs>, found the end of the body"),
            "{err}"
        );
        let err = parse_nbm_xml(b"<ValCurs Date=\"06.04.2026\">\xff</ValCurs>").unwrap_err();
        assert!(err.message.contains("UTF-8"), "{err}");
    }
}
