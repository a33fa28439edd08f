//! `kurs::locale` writes numbers, percents, money, dates and plural
//! categories byte for byte as the browser's `Intl` does: every language,
//! ~2,000 decimals (random mantissas and scales, negatives, zero, one, the
//! plural edges, huge ones), percent figures and dates of every month, all
//! formatted by ONE `node` process (its `Intl`: ICU 78 with CLDR 48 in
//! Node 20.20) and compared with the Rust functions.
//!
//! No case is skipped; where Node's ICU and CLDR 48's JSON disagree the
//! Rust side follows what the browser does, with a comment at the place.

use std::io::Write;
use std::process::{Command, Stdio};

use chrono::NaiveDate;
use kurs::currency::Currency;
use kurs::locale::Lang;
use serde_json::{json, Value};

/// Formats the inputs with `Intl`, per language: numbers with all their
/// decimals, rates with maximumSignificantDigits as the widget script does,
/// money with the currency's name, percents, plural categories, dates.
const NODE: &str = r#"
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const made = new Map();
const get = (kind, loc, opts) => {
  const key = kind + loc + JSON.stringify(opts);
  if (!made.has(key)) made.set(key, new Intl[kind](loc, opts));
  return made.get(key);
};
const fd = (s) => (s.split('.')[1] || '').length;
const exact = (s, opts) => ({ ...opts, minimumFractionDigits: fd(s), maximumFractionDigits: fd(s) });
const out = { versions: process.versions };
for (const lang of input.langs) {
  const nf = (s, opts) => get('NumberFormat', lang, exact(s, opts)).format(s);
  const sig = (s) => get('NumberFormat', lang, {
    maximumSignificantDigits: Math.min(21, Math.max(6, s.replace(/^-|\..*/g, '').length)),
  }).format(s);
  const pct = (s, signDisplay) => nf(s, { style: 'unit', unit: 'percent', signDisplay });
  const date = (iso) => get('DateTimeFormat', lang === 'en' ? 'en-GB' : lang,
    { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(iso + 'T00:00:00Z'));
  out[lang] = {
    number: input.decimals.map((s) => nf(s)),
    significant: input.decimals.map(sig),
    money: input.money.map(([s, code]) => nf(s, { style: 'currency', currency: code, currencyDisplay: 'name' })),
    percent: input.percents.map((s) => pct(s, 'exceptZero')),
    unsigned: input.percents.map((s) => pct(s, 'never')),
    plural: input.plurals.map((s) => get('PluralRules', lang, exact(s)).select(Number(s))),
    date: input.dates.map(date),
    display: input.codes.map((c) => get('DisplayNames', lang, { type: 'currency' }).of(c)),
  };
}
process.stdout.write(JSON.stringify(out));
"#;

/// Decimals that matter: zero, one (with and without visible decimals),
/// the Slavic plural edges, halves, the grouping thresholds, huge ones.
const FIXED: &[&str] = &[
    "0",
    "1",
    "1.00",
    "1.0",
    "2",
    "5",
    "11",
    "12",
    "14",
    "21",
    "22",
    "25",
    "101",
    "111",
    "0.5",
    "-0.5",
    "-0",
    "-0.00",
    "0.000001",
    "999",
    "1000",
    "9999",
    "10000",
    "999999.5",
    "999999.4999",
    "0.0000009999995",
    "1000000",
    "2000000",
    "1000000.00",
    "3081.20",
    "-3081.20",
    "0.0324548653",
    "30.812",
    "123456789012345678901234567890.123456789",
    "-98765432109876543210987654321",
    "79228162514264337593543950335",
    // Node 20's Intl takes at most 20 fraction digits (a RangeError
    // beyond: the widget script cannot show more either).
    "0.00000000000000000001",
    "-12345678901234567890.12345678901234567890",
];

/// A random decimal string: up to 30 digits, up to 14 decimals, a third of
/// them negative, some with leading zeros after the point.
fn random_decimal(rng: &mut fastrand::Rng) -> String {
    let len = rng.usize(1..=30);
    let mut digits: String = (0..len).map(|_| rng.digit(10)).collect();
    if rng.u8(..4) == 0 {
        // Round mantissas: 5, 50, 500, 1000, …
        digits = format!("{}{}", rng.digit(10), "0".repeat(len - 1));
    }
    let scale = rng.usize(0..=14);
    let text = if scale == 0 {
        digits
    } else if scale < len {
        format!("{}.{}", &digits[..len - scale], &digits[len - scale..])
    } else {
        format!("0.{}{digits}", "0".repeat(scale - len))
    };
    let text = match text.trim_start_matches('0') {
        t if t.is_empty() || t.starts_with('.') => format!("0{t}"),
        t => t.to_owned(),
    };
    if rng.u8(..3) == 0 {
        format!("-{text}")
    } else {
        text
    }
}

/// Currencies for the money cases: names with all plural forms, none in
/// some languages (ATS in kk, XAD anywhere: Intl writes the code), retired.
const CODES: &[&str] = &[
    "USD", "EUR", "RUB", "UAH", "KZT", "GBP", "JPY", "CHF", "PLN", "CZK", "XAU", "XAD", "BYR",
    "ATS", "RUR", "CNY",
];

struct Inputs {
    decimals: Vec<String>,
    money: Vec<(String, &'static str)>,
    percents: Vec<String>,
    plurals: Vec<String>,
    dates: Vec<NaiveDate>,
}

fn inputs() -> Inputs {
    let mut rng = fastrand::Rng::with_seed(14);
    let mut decimals: Vec<String> = FIXED.iter().map(|s| s.to_string()).collect();
    while decimals.len() < 2000 {
        decimals.push(random_decimal(&mut rng));
    }
    let mut money: Vec<(String, &'static str)> = decimals
        .iter()
        .enumerate()
        .map(|(i, d)| (d.clone(), CODES[i % CODES.len()]))
        .collect();
    // Every code of the registry, in each plural category's numbers.
    for c in Currency::all() {
        for amount in ["1", "2", "5", "1.5", "21", "1000000"] {
            money.push((amount.to_owned(), c.code.as_str()));
        }
    }
    let mut percents: Vec<String> = ["0", "0.00", "-0.00", "0.71", "-0.16", "100", "-12345.5"]
        .map(String::from)
        .to_vec();
    percents.extend((0..300).map(|_| {
        let cents = rng.i64(-1_000_000..=1_000_000);
        let scale = rng.u32(0..=4);
        rust_decimal::Decimal::new(cents, scale).to_string()
    }));
    // PluralRules.select takes a Number: only decimals a double holds
    // exactly in its digits (at most 15 significant) are asked.
    let plurals = decimals
        .iter()
        .filter(|d| d.trim_start_matches(['-', '0', '.']).replace('.', "").len() <= 15)
        .cloned()
        .chain((0..=40).map(|n| n.to_string()))
        .collect();
    let mut dates = Vec::new();
    for year in [1999, 2000, 2011, 2024, 2026] {
        for month in 1..=12 {
            for day in [1, 9, 10, 28] {
                dates.extend(NaiveDate::from_ymd_opt(year, month, day));
            }
        }
    }
    Inputs {
        decimals,
        money,
        percents,
        plurals,
        dates,
    }
}

/// Runs `node -e NODE` once with the inputs as JSON on stdin.
fn intl(inputs: &Inputs) -> Value {
    let body = json!({
        "langs": Lang::ALL.map(Lang::code),
        "decimals": inputs.decimals,
        "money": inputs.money,
        "percents": inputs.percents,
        "plurals": inputs.plurals,
        "dates": inputs.dates.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        "codes": Currency::all().map(|c| c.code.as_str()).collect::<Vec<_>>(),
    });
    let mut child = Command::new("node")
        .args(["-e", NODE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs (scripts/test installs nodejs)");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(body.to_string().as_bytes()).unwrap();
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "node failed: {output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Asserts each Rust text equals Node's, naming every mismatch (up to 20).
fn compare(lang: Lang, what: &str, inputs: &[String], ours: &[String], node: &Value) {
    let theirs = node[lang.code()][what].as_array().unwrap();
    assert_eq!(theirs.len(), ours.len(), "{lang} {what}");
    let wrong: Vec<String> = inputs
        .iter()
        .zip(ours)
        .zip(theirs)
        .filter(|((_, a), b)| b.as_str() != Some(a.as_str()))
        .map(|((i, a), b)| format!("{i}: kurs {a:?}, Intl {b}"))
        .collect();
    assert!(
        wrong.is_empty(),
        "{lang} {what}: {} of {} differ:\n{}",
        wrong.len(),
        ours.len(),
        wrong[..wrong.len().min(20)].join("\n")
    );
}

#[test]
fn every_language_formats_as_intl_does() {
    let inputs = inputs();
    let node = intl(&inputs);
    // The data are CLDR 48's: an older ICU (Debian bookworm's nodejs 18
    // has ICU 72, CLDR 42) names and formats some things otherwise. Say so
    // rather than list a thousand differences.
    let versions = &node["versions"];
    assert!(
        versions["cldr"]
            .as_str()
            .is_some_and(|v| v.starts_with("48.")),
        "this test needs a Node.js whose ICU has CLDR 48 (Node 20.20+ or 22 with its own \
         ICU 78, e.g. NodeSource's), not {versions}"
    );
    let money_inputs: Vec<String> = inputs
        .money
        .iter()
        .map(|(d, c)| format!("{d} {c}"))
        .collect();
    let date_inputs: Vec<String> = inputs.dates.iter().map(|d| d.to_string()).collect();
    for lang in Lang::ALL {
        let each = |f: &dyn Fn(&str) -> String, of: &[String]| -> Vec<String> {
            of.iter().map(|s| f(s)).collect()
        };
        let ds = &inputs.decimals;
        compare(lang, "number", ds, &each(&|s| lang.number(s), ds), &node);
        compare(
            lang,
            "significant",
            ds,
            &each(&|s| lang.significant(s, 6), ds),
            &node,
        );
        let money: Vec<String> = inputs
            .money
            .iter()
            .map(|(d, c)| lang.money(d, c).to_string())
            .collect();
        compare(lang, "money", &money_inputs, &money, &node);
        let ps = &inputs.percents;
        compare(lang, "percent", ps, &each(&|s| lang.percent(s), ps), &node);
        compare(
            lang,
            "unsigned",
            ps,
            &each(&|s| lang.percent_unsigned(s), ps),
            &node,
        );
        let pl = &inputs.plurals;
        compare(
            lang,
            "plural",
            pl,
            &each(&|s| lang.plural(s).as_str().into(), pl),
            &node,
        );
        let dates: Vec<String> = inputs.dates.iter().map(|d| lang.date(*d)).collect();
        compare(lang, "date", &date_inputs, &dates, &node);
        // Currency::name_in is CLDR's displayName, as Intl.DisplayNames;
        // where CLDR has none, Intl says the code (kurs: ISO 4217's
        // English name, or no name in another language).
        let codes: Vec<String> = Currency::all().map(|c| c.code.to_string()).collect();
        let display: Vec<String> = Currency::all()
            .map(|c| match c.name_in(lang) {
                Some(name) if !(lang == Lang::En && c.code.as_str() == "XAD") => name.to_owned(),
                _ => c.code.to_string(),
            })
            .collect();
        compare(lang, "display", &codes, &display, &node);
    }
}

#[test]
fn the_inputs_cover_the_edges() {
    let inputs = inputs();
    assert_eq!(inputs.decimals.len(), 2000);
    let negative = inputs
        .decimals
        .iter()
        .filter(|d| d.starts_with('-'))
        .count();
    assert!(negative > 500, "{negative} negatives");
    assert!(inputs.decimals.iter().any(|d| d.len() > 25));
    assert_eq!(inputs.dates.len(), 5 * 12 * 4);
    assert!(inputs.plurals.len() > 1000);
}
