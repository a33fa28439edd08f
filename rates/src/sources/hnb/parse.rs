//! Parser for the Croatian National Bank's JSON exchange-rate lists.
//!
//! The HNB's API answers a JSON array with one object per currency and
//! list. Two formats, one per currency of Croatia:
//!
//! * `tecajn/v2` (the kuna, until the list applied on 2022-12-31): `datum`
//!   is the date the list applies, `jedinica` (a JSON number, 1 or 100)
//!   units of `valuta` cost `srednji_tecaj` kuna, the middle rate:
//!   `Quote::priced_in_base(jedinica, srednji_tecaj)`, base `HRK`.
//! * `tecajn-eur/v3` (the euro, from 2023): `datum_primjene` is the date
//!   the list applies, and `srednji_tecaj` is how many units of `valuta`
//!   one euro buys (the ECB's way round, and the ECB's reference rate of
//!   the working day before): `Quote::per_base`, base `EUR`.
//!
//! The rates are strings with a comma as the decimal separator, read
//! exactly. Each list becomes one [`Table`] with its own base, so kuna and
//! euro tables never mix: a body that mixes the two formats is refused.
//! Codes are taken as written (three upper-case letters), as the Bank of
//! Russia's parser does; a table never quotes its own base (the EUR row
//! of a kuna list is kept, it is a currency like any other there).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::ID;
use crate::sources::text::positive_decimal;
use crate::{CurrencyCode, ParseError, Quote, Table};

const FORMAT: &str = "HNB JSON";
const HRK: CurrencyCode = CurrencyCode::new_static("HRK");
const EUR: CurrencyCode = CurrencyCode::new_static("EUR");

/// One row as published; the buying and selling rates, the country and the
/// numeric code are not read.
#[derive(Deserialize)]
struct Row {
    /// The date a kuna list applies (`tecajn/v2`).
    datum: Option<String>,
    /// The date a euro list applies (`tecajn-eur/v3`).
    datum_primjene: Option<String>,
    /// How many units the kuna rate is for (`tecajn/v2` only).
    jedinica: Option<u32>,
    valuta: String,
    srednji_tecaj: String,
}

/// Parses a body of `tecajn/v2` or `tecajn-eur/v3` into one table per
/// list, oldest first. All or nothing: malformed JSON, an empty array, a
/// bad rate or a mix of the two formats is an error.
pub(crate) fn parse_hnb_json(body: &[u8]) -> Result<Vec<Table>, ParseError> {
    let rows: Vec<Row> = serde_json::from_slice(body).map_err(|e| json_error(body, &e))?;
    if rows.is_empty() {
        return Err(ParseError::whole(
            FORMAT,
            "empty answer: expected at least one rate, found an empty array",
        ));
    }
    let base = base_of(&rows[0]);
    let mut lists: BTreeMap<NaiveDate, Vec<(CurrencyCode, Quote)>> = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        let n = i + 1;
        if base_of(row) != base {
            let message = format!(
                "row {n} mixes the kuna list (datum, jedinica) and the euro list (datum_primjene)"
            );
            return Err(ParseError::whole(FORMAT, message));
        }
        let (date, quote) = read(row, base)
            .map_err(|message| ParseError::whole(FORMAT, format!("row {n}: {message}")))?;
        lists.entry(date).or_default().push(quote);
    }
    lists
        .into_iter()
        .map(|(date, quotes)| {
            Table::new(ID, date, base, quotes).map_err(|e| ParseError::whole(FORMAT, e.to_string()))
        })
        .collect()
}

/// The base a row's format implies: the euro list's rows have
/// `datum_primjene`, the kuna list's `datum` and `jedinica`.
fn base_of(row: &Row) -> CurrencyCode {
    if row.datum_primjene.is_some() {
        EUR
    } else {
        HRK
    }
}

/// The date and quote of one row of a list based on `base`.
fn read(row: &Row, base: CurrencyCode) -> Result<(NaiveDate, (CurrencyCode, Quote)), String> {
    let date_text = match base {
        EUR => row.datum_primjene.as_deref(),
        _ => row.datum.as_deref(),
    };
    let date_text = date_text.unwrap_or_default();
    let date = parse_date(date_text).ok_or_else(|| {
        format!(
            "expected a date such as 2023-01-02, found '{}'",
            excerpt(date_text)
        )
    })?;
    let three_letters = row.valuta.len() == 3 && row.valuta.bytes().all(|b| b.is_ascii_uppercase());
    let code: CurrencyCode = three_letters
        .then(|| row.valuta.parse().ok())
        .flatten()
        .ok_or_else(|| {
            format!(
                "expected a currency such as USD in valuta, found '{}'",
                excerpt(&row.valuta)
            )
        })?;
    let rate = parse_rate(&row.srednji_tecaj).ok_or_else(|| {
        format!(
            "expected a positive middle rate such as 1,066600 for {code}, found '{}'",
            excerpt(&row.srednji_tecaj)
        )
    })?;
    let quote = match base {
        EUR => Quote::per_base(rate),
        _ => {
            let units = row
                .jedinica
                .filter(|u| *u > 0)
                .ok_or_else(|| format!("expected a positive jedinica (units) for {code}"))?;
            Quote::priced_in_base(Decimal::from(units), rate)
        }
    };
    Ok((date, (code, quote)))
}

/// Reports malformed JSON with serde_json's words and position.
fn json_error(body: &[u8], e: &serde_json::Error) -> ParseError {
    let start = String::from_utf8_lossy(&body[..body.len().min(60)])
        .trim_start()
        .to_owned();
    if !start.starts_with('[') {
        let message = format!(
            "expected a JSON array of rates, found '{}'",
            excerpt(&start)
        );
        return ParseError::at(FORMAT, 1, message);
    }
    let text = e.to_string();
    let what = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(what, _)| what);
    let message = format!(
        "expected well-formed JSON rows: {what} (column {})",
        e.column()
    );
    ParseError::at(FORMAT, e.line().max(1), message)
}

/// `yyyy-mm-dd`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    (text.len() == 10).then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())?
}

/// A positive amount with a comma, e.g. `7,534500`, kept at its scale.
fn parse_rate(text: &str) -> Option<Decimal> {
    positive_decimal(text, ',', 12)
}

/// A few words of `text` (errors are shown publicly).
fn excerpt(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::testing::date;

    const EURO_2023: &[u8] =
        include_bytes!("fixtures/frankfurter_tecajn-eur_v3_2023-01-02_2023-01-06.json");
    const KUNA_2022: &[u8] =
        include_bytes!("fixtures/frankfurter_tecajn_v2_2022-12-28_2022-12-31.json");

    /// (units, value) of `code` as text.
    fn published(t: &Table, code: &str) -> (String, String) {
        let q = t.quote(code.parse().unwrap()).unwrap();
        (q.units.to_string(), q.value.to_string())
    }

    fn pair(units: &str, value: &str) -> (String, String) {
        (units.into(), value.into())
    }

    fn error_with(body: &[u8], from: &str, to: &str) -> ParseError {
        let text = std::str::from_utf8(body).unwrap();
        assert!(text.contains(from), "{from}");
        parse_hnb_json(text.replacen(from, to, 1).as_bytes()).unwrap_err()
    }

    #[test]
    fn the_last_kuna_list_prices_15_currencies_in_kuna_per_unit_or_hundred() {
        let tables = parse_hnb_json(KUNA_2022).unwrap();
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(
            (t.source(), t.date(), t.base(), t.len()),
            (ID, date(2022, 12, 31), HRK, 15)
        );
        // The conversion rate fixed for the euro: 7.53450 kuna.
        assert_eq!(published(t, "EUR"), pair("1", "7.534500"));
        assert_eq!(published(t, "USD"), pair("1", "7.064035"));
        assert_eq!(published(t, "HUF"), pair("100", "1.879537"));
        assert_eq!(published(t, "JPY"), pair("100", "5.356533"));
        // The SDR has a middle rate only (buying and selling are 0,000000).
        assert_eq!(published(t, "XDR"), pair("1", "9.441364"));
        let per_100: Vec<&str> = t
            .quotes()
            .iter()
            .filter(|(_, q)| q.units != Decimal::ONE)
            .map(|(c, _)| c.as_str())
            .collect();
        assert_eq!(per_100, ["HUF", "JPY"]);
    }

    #[test]
    fn the_first_euro_lists_give_units_per_euro_for_13_currencies() {
        let tables = parse_hnb_json(EURO_2023).unwrap();
        let dates: Vec<NaiveDate> = tables.iter().map(Table::date).collect();
        assert_eq!(dates, [2, 3, 4, 5, 6].map(|d| date(2023, 1, d)));
        for t in &tables {
            assert_eq!((t.base(), t.len()), (EUR, 13));
            assert!(!t.covers(HRK));
        }
        // The ECB's reference rates of the working day before each list.
        assert_eq!(published(&tables[0], "USD"), pair("1.066600", "1"));
        assert_eq!(published(&tables[0], "AUD"), pair("1.569300", "1"));
        assert_eq!(published(&tables[1], "JPY"), pair("139.620000", "1"));
        assert_eq!(published(&tables[4], "PLN"), pair("4.670000", "1"));
        assert_eq!(published(&tables[4], "USD"), pair("1.060100", "1"));
    }

    #[test]
    fn every_currency_of_the_fixtures_is_in_the_catalogue() {
        let catalogue = ID.catalogue().unwrap();
        for body in [EURO_2023, KUNA_2022] {
            for t in parse_hnb_json(body).unwrap() {
                for (code, _) in t.quotes() {
                    assert!(
                        ID.may_publish(*code) && (catalogue.contains(code) || *code == ID.base()),
                        "{code}"
                    );
                }
            }
        }
    }

    #[test]
    fn bad_rows_are_refused_naming_the_row() {
        let cases = [
            (
                EURO_2023,
                "\"srednji_tecaj\":\"1,569300\"",
                "\"srednji_tecaj\":\"1.569300\"",
                "row 1: expected a positive middle rate such as 1,066600 for AUD, found '1.569300'",
            ),
            (
                EURO_2023,
                "\"srednji_tecaj\":\"1,569300\"",
                "\"srednji_tecaj\":\"0,000000\"",
                "found '0,000000'",
            ),
            (
                EURO_2023,
                "\"srednji_tecaj\":\"1,569300\"",
                "\"srednji_tecaj\":\"\"",
                "found ''",
            ),
            (
                EURO_2023,
                "\"valuta\":\"AUD\"",
                "\"valuta\":\"aud\"",
                "found 'aud'",
            ),
            (
                EURO_2023,
                "\"valuta\":\"AUD\"",
                "\"valuta\":\"EUR\"",
                "its own base EUR",
            ),
            (
                EURO_2023,
                "\"datum_primjene\":\"2023-01-02\"",
                "\"datum_primjene\":\"02.01.2023\"",
                "found '02.01.2023'",
            ),
            (
                KUNA_2022,
                "\"jedinica\":1,",
                "\"jedinica\":0,",
                "row 1: expected a positive jedinica",
            ),
            (
                KUNA_2022,
                "\"jedinica\":1,",
                "",
                "row 1: expected a positive jedinica",
            ),
            (
                KUNA_2022,
                "\"valuta\":\"CAD\"",
                "\"valuta\":\"AUD\"",
                "AUD is quoted twice",
            ),
            (
                KUNA_2022,
                "\"datum\":\"2022-12-31\",\"drzava\":\"Kanada\"",
                "\"datum_primjene\":\"2022-12-31\",\"drzava\":\"Kanada\"",
                "row 2 mixes",
            ),
        ];
        for (body, from, to, expected) in cases {
            let err = error_with(body, from, to);
            assert!(err.message.contains(expected), "{to}: {err}");
        }
    }

    #[test]
    fn empty_truncated_and_foreign_bodies_are_refused() {
        let cases: [(&[u8], &str); 5] = [
            (b"[]", "empty answer"),
            (b"", "expected a JSON array of rates, found ''"),
            (
                b"<html><body>502 Bad Gateway</body></html>",
                "found '<html>",
            ),
            (b"{\"error\":\"not found\"}", "expected a JSON array"),
            (
                &KUNA_2022[..KUNA_2022.len() - 2],
                "expected well-formed JSON rows",
            ),
        ];
        for (body, expected) in cases {
            let err = parse_hnb_json(body).unwrap_err();
            assert!(err.message.contains(expected), "{expected}: {err}");
        }
        let half = parse_hnb_json(&EURO_2023[..EURO_2023.len() / 2]).unwrap_err();
        assert!(half.message.contains("well-formed JSON"), "{half}");
    }
}
