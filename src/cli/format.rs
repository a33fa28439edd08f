//! How the command line shows answers to people.

use std::collections::BTreeMap;
use std::io::{self, Write};

use chrono::NaiveDate;
use kurs_rates::{SourceId, SourceStatus, SyncReport};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::currency::Lang;
use crate::{Conversion, Currency, Leg, RatesView};

/// `1234567.5` -> `1,234,567.5`: digits grouped for reading.
pub fn grouped(d: Decimal) -> String {
    let text = d.to_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int, frac) = digits
        .split_once('.')
        .map_or((digits, None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(text.len() + int.len() / 3);
    out.push_str(sign);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

fn weekday_date(d: NaiveDate) -> String {
    d.format("%A %Y-%m-%d").to_string()
}

/// The note shown when the table used is not of the day asked for.
fn date_note(
    source: SourceId,
    requested: Option<NaiveDate>,
    effective: NaiveDate,
) -> Option<String> {
    let requested = requested.filter(|r| *r != effective)?;
    Some(format!(
        "note: the {} published no rates for {}; these are the rates of {}, the latest before it",
        source.publisher(),
        weekday_date(requested),
        weekday_date(effective),
    ))
}

/// Writes a conversion for people: the result, then rate, source and date.
pub fn conversion(c: &Conversion, out: &mut impl Write) -> io::Result<()> {
    let (amount, result) = (grouped(c.amount), grouped(c.result));
    writeln!(out, "{amount} {} = {result} {}", c.from, c.to)?;
    let sources = match &c.legs {
        None => format!("{} · {}", c.source.publisher(), c.date),
        Some(legs) => {
            let each: Vec<String> = legs
                .iter()
                .map(|l| format!("{} {}", l.source.publisher(), l.date))
                .collect();
            let via: Vec<String> = c.path.iter().map(|p| p.to_string()).collect();
            format!(
                "{} (no single source has both; via {})",
                each.join(" + "),
                via.join(" → ")
            )
        }
    };
    writeln!(out, "1 {} = {} {} · {sources}", c.from, c.rate, c.to)?;
    let single = [Leg {
        source: c.source,
        date: c.date,
    }];
    for leg in c.legs.as_deref().unwrap_or(&single) {
        if let Some(note) = date_note(leg.source, c.requested_date, leg.date) {
            writeln!(out, "{note}")?;
        }
    }
    fallback_note(c.fallback.as_ref(), out)
}

/// The line that says an answer is not from the source the policy prefers.
fn fallback_note(fallback: Option<&crate::Fallback>, out: &mut impl Write) -> io::Result<()> {
    match fallback {
        Some(f) => writeln!(
            out,
            "fallback: not from the {} ({}), whose rate would be the official one: {}",
            f.preferred.publisher(),
            f.preferred,
            f.reason
        ),
        None => Ok(()),
    }
}

/// The JSON shape of a rates answer: rates as an object keyed by code.
#[derive(Serialize)]
pub struct RatesJson<'a> {
    base: kurs_rates::CurrencyCode,
    date: NaiveDate,
    requested_date: Option<NaiveDate>,
    source: SourceId,
    rates: BTreeMap<&'a str, Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fallback: Option<&'a crate::Fallback>,
}

/// Converts a [`RatesView`] to its JSON shape.
pub fn rates_json(v: &RatesView) -> RatesJson<'_> {
    RatesJson {
        base: v.base,
        date: v.date,
        requested_date: v.requested_date,
        source: v.source,
        rates: v.rates.iter().map(|(c, r)| (c.as_str(), *r)).collect(),
        fallback: v.fallback.as_ref(),
    }
}

/// Writes a table of rates for people.
pub fn rates(v: &RatesView, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "{} rates of {}, 1 {} =",
        v.source.publisher(),
        v.date,
        v.base
    )?;
    for (code, rate) in &v.rates {
        let name = Currency::get(*code).map_or("", |c| c.name);
        writeln!(out, "  {code}  {:>18}  {name}", grouped(*rate))?;
    }
    if let Some(note) = date_note(v.source, v.requested_date, v.date) {
        writeln!(out, "{note}")?;
    }
    fallback_note(v.fallback.as_ref(), out)
}

/// Writes the currency list for people: code, name, minor units, and the
/// sources that quote it in the policy's order, the preferred one first
/// (`--json` gives each source's first and last date). The names are ISO
/// 4217's, or with `lang` CLDR's in that language.
pub fn currencies(
    list: &[crate::CurrencyEntry],
    order: &[SourceId],
    lang: Option<Lang>,
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(
        out,
        "{:<4} {:<32} {:>5}  SOURCES (PREFERRED FIRST)",
        "CODE", "NAME", "MINOR"
    )?;
    for e in list {
        let minor = e.minor_units.map_or("-".to_owned(), |m| m.to_string());
        let name = match lang {
            None => e.name,
            Some(lang) => e.names.get(lang).unwrap_or(e.names.en),
        };
        let name: String = name.chars().take(32).collect();
        let others = order
            .iter()
            .filter(|s| Some(**s) != e.preferred && e.sources.contains_key(s.as_str()));
        let ids: Vec<&str> = e
            .preferred
            .iter()
            .chain(others)
            .map(|s| s.as_str())
            .collect();
        let ids = if ids.is_empty() {
            "-".to_owned()
        } else {
            ids.join(" ")
        };
        writeln!(out, "{:<4} {name:<32} {minor:>5}  {ids}", e.code)?;
    }
    Ok(())
}

/// `1 table`, `7 tables`.
fn tables(n: usize) -> String {
    match n {
        1 => "1 table".to_owned(),
        n => format!("{n} tables"),
    }
}

/// Writes what one sync brought.
pub fn sync_report(r: &SyncReport, out: &mut impl Write) -> io::Result<()> {
    let newest = r.latest.map_or("none".to_owned(), |d| d.to_string());
    match r.dates {
        Some((a, b)) if a == b => writeln!(
            out,
            "{}: {}, {a}, {} currencies; newest held {newest}",
            r.source,
            tables(r.tables),
            r.currencies
        ),
        Some((a, b)) => writeln!(
            out,
            "{}: {}, {a} to {b}, {} currencies in the newest; newest held {newest}",
            r.source,
            tables(r.tables),
            r.currencies
        ),
        None => writeln!(out, "{}: nothing new; newest held {newest}", r.source),
    }
}

/// Writes each source's status for people.
pub fn statuses(list: &[SourceStatus], out: &mut impl Write) -> io::Result<()> {
    for s in list {
        let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
            t.map_or("never".to_owned(), |t| {
                t.format("%Y-%m-%d %H:%M UTC").to_string()
            })
        };
        let span = match (s.first_date, s.latest_date) {
            (Some(a), Some(b)) if a == b => format!("{}, {a}", tables(s.tables)),
            (Some(a), Some(b)) => format!("{}, {a} to {b}", tables(s.tables)),
            _ => "no tables".to_owned(),
        };
        writeln!(
            out,
            "{} ({}){}",
            s.source,
            s.attribution.publisher,
            if s.stale { " — STALE" } else { "" }
        )?;
        writeln!(out, "  holds        {span}")?;
        writeln!(out, "  last success {}", when(s.last_success))?;
        writeln!(out, "  last attempt {}", when(s.last_attempt))?;
        if let Some(e) = &s.last_error {
            // Escaped by the store already; again here, for a status read
            // from anywhere else.
            writeln!(out, "  last error   {}", kurs_rates::printable(e))?;
        }
        if let Some(e) = &s.persist_error {
            writeln!(out, "  not saved    {e}")?;
        }
        let (date, at) = s.next_publication;
        writeln!(
            out,
            "  next table   {date}, expected {}",
            at.format("%Y-%m-%d %H:%M UTC")
        )?;
        writeln!(out, "  from         {}", s.origin)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped_by_thousands() {
        for (n, shown) in [
            ("0.5", "0.5"),
            ("999", "999"),
            ("1000", "1,000"),
            ("-1234567.891", "-1,234,567.891"),
            ("100000", "100,000"),
        ] {
            assert_eq!(grouped(n.parse().unwrap()), shown);
        }
    }
}
