//! The `kurs` binary, run for real, for every success and error case of the
//! command line.

use std::process::{Command, Output};

/// Runs kurs offline on an empty data directory: the bundled ECB history
/// only.
fn kurs(args: &[&str]) -> Output {
    let data = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_kurs"))
        .args(args)
        .env("KURS_DATA_DIR", data.path())
        .env("KURS_OFFLINE", "1")
        .output()
        .expect("the kurs binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    let o = kurs(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("one JSON object")
}

/// Runs a command that must fail: exit 2, nothing on stdout, one line on
/// stderr that contains `needle`.
fn refused(args: &[&str], needle: &str) -> String {
    let o = kurs(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    assert!(o.stdout.is_empty(), "{args:?} printed {}", stdout(&o));
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    assert!(err.contains(needle), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn usd_to_rub_on_2011_11_18_is_3081_20_in_json() {
    let v = json(&[
        "convert",
        "100",
        "USD",
        "RUB",
        "--date",
        "2011-11-18",
        "--source",
        "ecb",
        "--json",
    ]);
    assert_eq!(v["result"], "3081.20");
    assert_eq!(v["from"], "USD");
    assert_eq!(v["to"], "RUB");
    assert_eq!(v["amount"], "100");
    assert_eq!(v["rate"], "30.81202121");
    assert_eq!(v["date"], "2011-11-18");
    assert_eq!(v["requested_date"], "2011-11-18");
    assert_eq!(v["source"], "ecb");
    assert_eq!(v["path"], serde_json::json!(["USD", "EUR", "RUB"]));
    let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys.len(), 9, "{keys:?}");
}

#[test]
fn a_saturday_uses_fridays_table_and_says_which_was_asked() {
    let v = json(&[
        "convert",
        "100",
        "USD",
        "RUB",
        "--date",
        "2011-11-19",
        "--json",
    ]);
    assert_eq!(v["result"], "3081.20");
    assert_eq!(v["date"], "2011-11-18");
    assert_eq!(v["requested_date"], "2011-11-19");
}

#[test]
fn a_saturday_is_explained_in_words_to_people() {
    let o = kurs(&["100", "usd", "rub", "--date", "2011-11-19"]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.starts_with("100 USD = 3,081.20 RUB\n"), "{text}");
    assert!(
        text.contains("1 USD = 30.81202121 RUB · ECB · 2011-11-18"),
        "{text}"
    );
    assert!(
        text.contains("no rates for Saturday 2011-11-19; these are the rates of Friday 2011-11-18"),
        "{text}"
    );
}

#[test]
fn ten_euros_in_dollars_on_2013_03_21_is_12_91() {
    let o = kurs(&["convert", "10", "EUR", "USD", "--date", "2013-03-21"]);
    assert!(o.status.success());
    assert!(
        stdout(&o).starts_with("10 EUR = 12.91 USD\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn the_shorthand_and_lower_case_codes_work() {
    let v = json(&["100", "usd", "rub", "--date", "2011-11-18", "--json"]);
    assert_eq!(v["result"], "3081.20");
}

#[test]
fn without_a_date_the_latest_table_is_used_and_requested_date_is_null() {
    let v = json(&["convert", "1", "EUR", "USD", "--json"]);
    assert_eq!(v["requested_date"], serde_json::Value::Null);
    assert_eq!(v["date"], "2026-10-30");
    assert_eq!(v["result"], "1.12");
}

#[test]
fn results_use_the_targets_minor_units() {
    let jpy = json(&["1", "EUR", "JPY", "--date", "2026-10-30", "--json"]);
    assert_eq!(jpy["result"], "176");
    let none = json(&[
        "100",
        "USD",
        "RUB",
        "--date",
        "2011-11-18",
        "--round",
        "none",
        "--json",
    ]);
    assert!(
        none["result"]
            .as_str()
            .unwrap()
            .starts_with("3081.20212139"),
        "{none}"
    );
}

#[test]
fn rounding_modes_are_selectable() {
    let up = json(&[
        "100",
        "USD",
        "RUB",
        "--date",
        "2011-11-18",
        "--round",
        "up",
        "--json",
    ]);
    assert_eq!(up["result"], "3081.21");
    let down = json(&[
        "100",
        "USD",
        "RUB",
        "--date",
        "2011-11-18",
        "--round",
        "down",
        "--json",
    ]);
    assert_eq!(down["result"], "3081.20");
    refused(
        &["1", "EUR", "USD", "--round", "bankers"],
        "expected one of half_even",
    );
}

#[test]
fn negative_amounts_keep_their_sign_and_zero_is_zero() {
    let refund = json(&[
        "convert",
        "-100",
        "USD",
        "RUB",
        "--date",
        "2011-11-18",
        "--json",
    ]);
    assert_eq!(refund["result"], "-3081.20");
    let zero = json(&["0", "USD", "RUB", "--date", "2011-11-18", "--json"]);
    assert_eq!(zero["result"], "0.00");
}

#[test]
fn a_currency_converts_to_itself_rounded_like_any_other_conversion() {
    let v = json(&["1.005", "USD", "usd", "--json"]);
    assert_eq!(v["result"], "1.00", "half-even to the cent");
    assert_eq!(v["rate"], "1");
    assert_eq!(v["path"], serde_json::json!(["USD"]));
    assert_eq!(v["source"], "ecb");
    let yen = json(&["1.5", "JPY", "JPY", "--json"]);
    assert_eq!(yen["result"], "2", "JPY has no minor units");
    let up = json(&["1.001", "USD", "USD", "--round", "up", "--json"]);
    assert_eq!(up["result"], "1.01");
    let exact = json(&["1.001", "USD", "USD", "--round", "none", "--json"]);
    assert_eq!(exact["result"], "1.001");
}

#[test]
fn a_same_currency_answer_names_a_source_that_published_the_currency_that_day() {
    let v = json(&["1", "ISK", "ISK", "--date", "2020-11-18", "--json"]);
    assert_eq!(v["source"], "ecb");
    assert_eq!(v["date"], "2020-11-18");
    // The ECB quoted no ISK from 2008-12-10 to 2018-01-31.
    refused(
        &["1", "ISK", "ISK", "--date", "2011-11-18"],
        "published no ISK after 2008-12-09",
    );
    // The ECB stopped RUB after 2022-03-01 and nothing else is held offline.
    refused(&["1", "RUB", "RUB", "--date", "2025-12-15"], "RUB");
}

#[test]
fn offline_a_rouble_pair_says_it_is_not_the_official_rate_and_how_to_get_it() {
    let out = kurs(&["100", "USD", "RUB", "--date", "2011-11-18"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("3,081.20") || text.contains("3081.20"),
        "{text}"
    );
    assert!(
        text.contains("fallback: not from the Bank of Russia (cbr)"),
        "{text}"
    );
    let err = refused(&["100", "USD", "RUB"], "kurs sync --source cbr");
    assert!(
        err.contains("2022-03-01"),
        "names what the bundled history answers: {err}"
    );
}

#[test]
fn retired_currencies_convert_with_their_own_minor_units() {
    // The ECB quoted the old Turkish lira (TRL, no minor units) until 2004-12-31.
    let v = json(&["1", "EUR", "TRL", "--date", "2004-06-01", "--json"]);
    let result = v["result"].as_str().unwrap();
    assert!(!result.contains('.') && result.len() >= 7, "{v}");
    let sit = json(&["1000", "SIT", "EUR", "--date", "2006-06-01", "--json"]);
    assert_eq!(
        sit["result"]
            .as_str()
            .unwrap()
            .split('.')
            .nth(1)
            .unwrap()
            .len(),
        2,
        "{sit}"
    );
}

#[test]
fn rates_prints_a_table_and_json() {
    let o = kurs(&["rates", "--date", "2011-11-18", "--symbols", "usd,RUB"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("ECB rates of 2011-11-18, 1 EUR ="), "{text}");
    assert!(text.contains("USD") && text.contains("1.3576"), "{text}");
    let v = json(&[
        "rates",
        "--date",
        "2011-11-19",
        "--base",
        "usd",
        "--symbols",
        "RUB,EUR",
        "--json",
    ]);
    assert_eq!(v["base"], "USD");
    assert_eq!(v["date"], "2011-11-18");
    assert_eq!(v["requested_date"], "2011-11-19");
    assert_eq!(v["rates"]["RUB"], "30.81202121");
    assert_eq!(v["rates"]["EUR"], "0.7365939894");
}

#[test]
fn rates_without_symbols_lists_the_whole_table() {
    let v = json(&["rates", "--json"]);
    let rates = v["rates"].as_object().unwrap();
    assert_eq!(rates.len(), 29, "{rates:?}");
    assert_eq!(rates["USD"], "1.1172");
}

#[test]
fn currencies_lists_names_minor_units_and_coverage() {
    let v = json(&["currencies", "--json"]);
    let list = v.as_array().unwrap();
    let find = |code: &str| list.iter().find(|c| c["code"] == code).unwrap().clone();
    let rub = find("RUB");
    assert_eq!(rub["minor_units"], 2);
    assert_eq!(rub["sources"]["ecb"]["first"], "2005-04-01");
    assert_eq!(rub["sources"]["ecb"]["last"], "2022-03-01");
    assert_eq!(find("JPY")["minor_units"], 0);
    assert_eq!(find("TRL")["retired"], true);
    assert_eq!(rub["preferred"], "ecb", "the only source offline: {rub}");
    let text = stdout(&kurs(&["currencies"]));
    assert!(text.contains("US Dollar"), "{text}");
    // One column of source ids, the preferred first, not one per source.
    let header = text.lines().next().unwrap();
    assert!(
        header.ends_with("MINOR  SOURCES (PREFERRED FIRST)"),
        "{header}"
    );
    let rub = text.lines().find(|l| l.starts_with("RUB ")).unwrap();
    assert!(rub.ends_with("    2  ecb"), "{rub}");
}

#[test]
fn currencies_name_in_the_widget_languages_from_cldr() {
    let v = json(&["currencies", "--all", "--json"]);
    let list = v.as_array().unwrap();
    let find = |code: &str| list.iter().find(|c| c["code"] == code).unwrap().clone();
    assert_eq!(find("RUB")["name"], "Russian Ruble");
    assert_eq!(find("RUB")["names"]["en"], "Russian Ruble");
    assert_eq!(find("RUB")["names"]["ru"], "российский рубль");
    assert_eq!(find("RUB")["names"]["de"], "Russischer Rubel");
    assert_eq!(find("XSU")["names"]["ru"], serde_json::Value::Null);

    let iso = stdout(&kurs(&["currencies", "--all"]));
    let line = |text: &str, code: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{code} ")))
            .unwrap_or_else(|| panic!("no {code} in {text}"))
            .to_owned()
    };
    assert!(line(&iso, "BYR").contains("Belarusian Ruble "), "{iso}");
    let ru = stdout(&kurs(&["currencies", "--all", "--lang", "ru"]));
    assert!(line(&ru, "RUB").contains("российский рубль"), "{ru}");
    assert!(
        line(&ru, "BYR").contains("Белорусский рубль (2000–2016)"),
        "{ru}"
    );
    // No Russian name in CLDR: the English one.
    assert!(line(&ru, "XSU").contains("Sucre"), "{ru}");
    let en = stdout(&kurs(&["currencies", "--all", "--lang", "en-GB"]));
    assert!(
        line(&en, "RUR").contains("Russian Ruble (1991–1998)"),
        "{en}"
    );

    let kk = stdout(&kurs(&["currencies", "--all", "--lang", "kk-KZ"]));
    assert!(line(&kk, "RUB").contains("Ресей рублі"), "{kk}");
    // No Kazakh name in CLDR for the old Russian ruble: the English one.
    assert!(
        line(&kk, "RUR").contains("Russian Ruble (1991–1998)"),
        "{kk}"
    );

    let o = kurs(&["currencies", "--lang", "pt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(
        stderr(&o).contains("expected en, ru, uk, kk, de, fr or es"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn bad_amounts_are_refused_with_what_is_accepted() {
    for bad in ["1,5", "abc", "", "1e400", "NaN"] {
        let err = refused(&["convert", bad, "USD", "RUB"], "plain decimal");
        assert!(err.contains(&format!("'{bad}'")), "{err}");
    }
}

#[test]
fn unknown_currencies_say_how_to_list_valid_ones() {
    refused(&["100", "USX", "RUB"], "kurs currencies");
    refused(&["100", "USD", "R1B"], "three letters");
}

#[test]
fn malformed_dates_are_refused() {
    for bad in ["2011-13-01", "18.11.2011", "yesterday"] {
        refused(&["100", "USD", "RUB", "--date", bad], "YYYY-MM-DD");
    }
}

#[test]
fn a_date_before_the_first_table_names_the_first_date() {
    refused(
        &["100", "USD", "EUR", "--date", "1998-12-31"],
        "first ECB table (1999-01-04)",
    );
}

#[test]
fn a_future_date_is_refused() {
    refused(
        &["100", "USD", "EUR", "--date", "2999-01-01"],
        "in the future",
    );
}

#[test]
fn a_currency_the_source_stopped_publishing_is_explained() {
    refused(
        &[
            "100",
            "USD",
            "RUB",
            "--date",
            "2023-01-10",
            "--source",
            "ecb",
        ],
        "the ECB published no RUB after 2022-03-01",
    );
    // Without a source, every source is asked, and each says why it cannot.
    let err = refused(
        &["100", "USD", "RUB", "--date", "2023-01-10"],
        "no source publishes both USD and RUB",
    );
    assert!(
        err.contains("Bank of Russia table in force on 2023-01-10 is not stored"),
        "{err}"
    );
    refused(
        &[
            "100",
            "ISK",
            "EUR",
            "--date",
            "2012-06-01",
            "--source",
            "ecb",
        ],
        "published no ISK after 2008-12-09 until 2018-02-01",
    );
    refused(
        &["1", "BGN", "EUR", "--date", "2026-02-02"],
        "published no BGN after 2025-12-31",
    );
}

#[test]
fn an_unknown_source_lists_the_known_ones() {
    refused(
        &["100", "USD", "EUR", "--source", "fed"],
        "expected one of ecb, cbr, nbp",
    );
}

#[test]
fn an_overflow_is_an_error_not_a_panic() {
    refused(
        &["1000000000000000000000000000", "JPY", "IDR"],
        "28 significant digits",
    );
}

#[test]
fn a_date_in_the_future_is_one_complaint_with_one_newest_date() {
    let err = refused(
        &["100", "usd", "eur", "--date", "2030-01-01"],
        "in the future",
    );
    assert_eq!(err.matches("in the future").count(), 1, "{err}");
    assert_eq!(err.matches("or earlier").count(), 1, "{err}");
}

#[test]
fn an_unknown_currency_points_to_the_currencies_command() {
    let err = refused(&["100", "QQQ", "USD"], "unknown currency 'QQQ'");
    assert!(err.contains("; `kurs currencies` lists them"), "{err}");
    assert!(!err.contains("/v1/"), "{err}");
}

#[test]
fn an_offline_fetch_is_worded_with_the_flags_that_made_it_offline() {
    let out = kurs(&["100", "USD", "RUB", "--date", "2011-11-18", "--offline"]);
    let text = stdout(&out);
    assert!(
        text.contains("kurs is offline (--offline or KURS_OFFLINE=1)"),
        "{text}"
    );
}

/// Asked offline, nothing reaches a bank, so there is nothing to record: the
/// data directory stays as it was (writing a state file there cost two
/// fsyncs, ~7 ms of a ~10 ms answer on a busy disk).
#[test]
fn an_offline_conversion_writes_nothing_to_the_data_directory() {
    let data = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kurs"))
        .args(["100", "USD", "RUB", "--date", "2011-11-18", "--offline"])
        .env("KURS_DATA_DIR", data.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("kurs is offline"), "{}", stdout(&out));
    let written: Vec<_> = walk(data.path());
    assert!(written.is_empty(), "{written:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}
