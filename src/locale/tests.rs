//! Edge cases; tests/it/locale.rs compares everything with Node's `Intl`.

use chrono::NaiveDate;

use super::*;

#[test]
fn tags_name_our_languages_in_any_case_and_region() {
    for (tag, lang) in [
        ("ru", Lang::Ru),
        ("ru-RU", Lang::Ru),
        ("de-AT", Lang::De),
        ("EN-gb", Lang::En),
        ("kk-Cyrl-KZ", Lang::Kk),
        ("es-419", Lang::Es),
        ("fr-CA-u-nu-latn", Lang::Fr),
        ("UK", Lang::Uk),
    ] {
        assert_eq!(Lang::from_tag(tag), Some(lang), "{tag}");
    }
    for bad in [
        "",
        "ru_RU",
        "en-",
        "-en",
        "e",
        "english",
        "pt-BR",
        "en--GB",
        "ru RU",
        "ru-abcdefghi",
        "*",
        "rü",
    ] {
        assert_eq!(Lang::from_tag(bad), None, "{bad:?}");
    }
}

#[test]
fn accept_language_honours_q_values() {
    let pick = Lang::from_accept_language;
    assert_eq!(pick("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7"), Some(Lang::Ru));
    assert_eq!(pick("pt-BR, en;q=0.5, de-CH;q=0.8"), Some(Lang::De));
    assert_eq!(pick("fr;q=0.1, es"), Some(Lang::Es));
    // Ties keep the header's order.
    assert_eq!(pick("uk;q=0.5, kk;q=0.5"), Some(Lang::Uk));
    // q=0 means "not acceptable".
    assert_eq!(pick("en;q=0, de;q=0.001"), Some(Lang::De));
    assert_eq!(pick("en;q=0.000"), None);
    // An ill-formed q-value drops its range, not the header.
    assert_eq!(pick("en;q=2, ru;q=0.5"), Some(Lang::Ru));
    assert_eq!(pick("en;q=0.1234, ru;q=x, es;q=1.0"), Some(Lang::Es));
    assert_eq!(pick("*"), None);
    assert_eq!(pick("*, fr;q=0.2"), Some(Lang::Fr));
    assert_eq!(pick(""), None);
    assert_eq!(pick("pt, ja"), None);
    assert_eq!(pick(" de-DE ; q=0.7 ,en-GB;Q=0.9"), Some(Lang::En));
}

#[test]
fn visible_fraction_digits_decide_the_plural() {
    assert_eq!(Lang::En.plural("1"), Plural::One);
    assert_eq!(Lang::En.plural("1.00"), Plural::Other);
    assert_eq!(Lang::En.plural("-1"), Plural::One);
    assert_eq!(Lang::Kk.plural("1.00"), Plural::One); // n = 1
    assert_eq!(Lang::Es.plural("1.0"), Plural::One);
    assert_eq!(Lang::Fr.plural("1.99"), Plural::One); // i = 0,1
    assert_eq!(Lang::Fr.plural("1000000"), Plural::Many);
    assert_eq!(Lang::Fr.plural("1000000.00"), Plural::Other);
    assert_eq!(Lang::Es.plural("2000000"), Plural::Many);
    for (n, p) in [
        ("1", Plural::One),
        ("21", Plural::One),
        ("11", Plural::Many),
        ("2", Plural::Few),
        ("24", Plural::Few),
        ("12", Plural::Many),
        ("5", Plural::Many),
        ("0", Plural::Many),
        ("1.5", Plural::Other),
        ("101", Plural::One),
        ("111", Plural::Many),
        ("1000000000000000000000001", Plural::One),
        ("1000000000000000000000011", Plural::Many),
        // ICU's i: the lowest 18 digits as a double, 876543210987654321
        // rounded to …272, so few where exact digits say one.
        ("98765432109876543210987654321", Plural::Few),
    ] {
        assert_eq!(Lang::Ru.plural(n), p, "{n}");
        assert_eq!(Lang::Uk.plural(n), p, "{n}");
    }
    assert_eq!(Lang::Ru.plural("x"), Plural::Other);
    // n is a double, as in ICU: 10^18 + 1 is not 1.
    assert_eq!(Lang::Kk.plural("1000000000000000001"), Plural::Other);
}

#[test]
fn numbers_keep_every_digit() {
    assert_eq!(Lang::En.number("-3081.20"), "-3,081.20");
    assert_eq!(Lang::Ru.number("3081.20"), "3\u{a0}081,20");
    assert_eq!(Lang::De.number("1234567.5"), "1.234.567,5");
    assert_eq!(Lang::Fr.number("1234"), "1\u{202f}234");
    // Spanish groups only from five integer digits.
    assert_eq!(Lang::Es.number("1234.5"), "1234,5");
    assert_eq!(Lang::Es.number("12345"), "12.345");
    assert_eq!(Lang::En.number("007.10"), "7.10");
    assert_eq!(Lang::En.number("-0.00"), "-0.00");
    assert_eq!(Lang::En.number("0"), "0");
    for bad in ["", "-", "1.", ".5", "1e5", "1,5", "--1", "NaN"] {
        assert_eq!(Lang::En.number(bad), bad);
    }
}

#[test]
fn significant_rounds_half_away_from_zero() {
    let sig = |s| Lang::En.significant(s, 6);
    assert_eq!(sig("0.0324548653"), "0.0324549");
    assert_eq!(sig("30.812000"), "30.812");
    assert_eq!(sig("1234567.89"), "1,234,568");
    assert_eq!(sig("999999.5"), "1,000,000");
    assert_eq!(sig("0.09999995"), "0.1");
    assert_eq!(sig("-2.000005"), "-2.00001");
    assert_eq!(sig("-2.000004"), "-2");
    assert_eq!(sig("0.000"), "0");
    assert_eq!(sig("-0.000"), "-0");
    assert_eq!(Lang::Ru.significant("0.7366", 6), "0,7366");
    // At most 21 digits, Intl's limit: the rest of the integer is zeros.
    assert_eq!(
        Lang::En.significant("1234567890123456789012345.6", 6),
        "1,234,567,890,123,456,789,010,000"
    );
}

#[test]
fn percents_are_signed_except_zero() {
    assert_eq!(Lang::En.percent("0.71"), "+0.71%");
    assert_eq!(Lang::Ru.percent("0.71"), "+0,71\u{a0}%");
    assert_eq!(Lang::Uk.percent("-12.5"), "-12,5%");
    assert_eq!(Lang::En.percent("-0.00"), "0.00%");
    assert_eq!(Lang::De.percent("0"), "0\u{a0}%");
    assert_eq!(Lang::En.percent_unsigned("-0.71"), "0.71%");
}

#[test]
fn dates_are_long_with_genitive_months() {
    let d = NaiveDate::from_ymd_opt(2011, 11, 18).unwrap();
    let expect = [
        (Lang::En, "18 November 2011"),
        (Lang::Ru, "18 ноября 2011 г."),
        (Lang::Uk, "18 листопада 2011 р."),
        (Lang::Kk, "2011 ж. 18 қараша"),
        (Lang::De, "18. November 2011"),
        (Lang::Fr, "18 novembre 2011"),
        (Lang::Es, "18 de noviembre de 2011"),
    ];
    for (lang, text) in expect {
        assert_eq!(lang.date(d), text, "{lang}");
    }
    let first = NaiveDate::from_ymd_opt(999, 1, 1).unwrap();
    assert_eq!(Lang::Fr.date(first), "1 janvier 999");
}

#[test]
fn money_names_agree_with_the_number() {
    assert_eq!(Lang::En.money("1", "USD").to_string(), "1 US dollar");
    assert_eq!(Lang::En.money("1.00", "usd").to_string(), "1.00 US dollars");
    assert_eq!(
        Lang::Ru.money("3081.20", "RUB").to_string(),
        "3\u{a0}081,20 российского рубля"
    );
    assert_eq!(Lang::Ru.money("5", "USD").name, "долларов США");
    assert_eq!(Lang::Ru.money("2", "USD").name, "доллара США");
    // No name in CLDR: the code, as Intl writes it.
    assert_eq!(Lang::En.money("2", "XAD").to_string(), "2 XAD");
    let m = Lang::De.money("-1.5", "EUR");
    assert_eq!((m.number.as_str(), m.name.as_str()), ("-1,5", "Euro"));
    assert!(!m.name_first);
}

#[test]
fn table_names_are_cased_as_in_sentences() {
    assert_eq!(Lang::En.currency_name("USD"), Some("US dollar"));
    assert_eq!(Lang::En.currency_name("eur"), Some("euro"));
    assert_eq!(Lang::Ru.currency_name("USD"), Some("доллар США"));
    assert_eq!(Lang::De.currency_name("USD"), Some("US-Dollar"));
    assert_eq!(Lang::Kk.currency_name("EUR"), Some("еуро"));
    assert_eq!(Lang::En.currency_name("XAD"), None);
    assert_eq!(Lang::En.currency_name("QQQ"), None);
}

#[test]
fn days_take_their_plural() {
    assert_eq!(Lang::En.days(1), "1 day");
    assert_eq!(Lang::En.days(30), "30 days");
    assert_eq!(Lang::Ru.days(30), "30 дней");
    assert_eq!(Lang::Ru.days(21), "21 день");
    assert_eq!(Lang::Ru.days(22), "22 дня");
}

#[test]
fn every_language_has_its_code_and_order() {
    for (i, lang) in Lang::ALL.into_iter().enumerate() {
        assert_eq!(lang.index(), i);
        assert_eq!(Lang::from_tag(lang.code()), Some(lang));
        assert_eq!(
            serde_json::to_value(lang).unwrap(),
            serde_json::json!(lang.code())
        );
    }
    assert_eq!(CLDR_VERSION, "48.2.0");
}

#[test]
fn words_serialise_with_every_field() {
    let json = serde_json::to_value(Lang::Ru.words()).unwrap();
    assert_eq!(json["convert"], "Пересчитать");
    assert_eq!(json["days"]["many"], "{count} дней");
    for lang in Lang::ALL {
        let words = serde_json::to_value(lang.words()).unwrap();
        for (key, value) in words.as_object().unwrap() {
            if let Some(text) = value.as_str() {
                assert!(!text.is_empty(), "{lang} {key}");
            }
        }
    }
}

#[test]
fn every_language_has_its_own_words_and_placeholders() {
    for lang in Lang::ALL {
        let w = lang.words();
        if lang != Lang::En {
            assert_ne!(w.title, Lang::En.words().title, "{lang}");
            assert_ne!(w.convert, Lang::En.words().convert, "{lang}");
        }
        for (template, names) in [
            (w.shown, &["{requested}", "{effective}"][..]),
            (w.trend_up, &["{percent}", "{days}"]),
            (w.trend_down, &["{percent}", "{days}"]),
            (w.trend_same, &["{days}"]),
            (w.notice_fallback, &["{publisher}", "{base}", "{source}"]),
        ] {
            for name in names {
                assert!(template.contains(name), "{lang}: {template} lacks {name}");
            }
            assert_eq!(
                template.matches('{').count(),
                names.len(),
                "{lang}: {template}"
            );
        }
        for form in [w.days.one, w.days.few, w.days.many, w.days.other] {
            assert!(form.contains("{count}"), "{lang}: {form}");
        }
        // A sentence ends with its full stop (the Russian and Ukrainian
        // dates end in "г." / "р.").
        let shown = w.shown.replace(
            "{effective}",
            &lang.date(NaiveDate::from_ymd_opt(2011, 11, 18).unwrap()),
        );
        assert!(
            shown.ends_with('.') && !shown.ends_with(".."),
            "{lang}: {shown}"
        );
    }
    assert_eq!(Lang::Uk.days(3), "3 дні");
    assert_eq!(Lang::Kk.days(30), "30 күн");
    assert_eq!(Lang::De.days(30), "30 Tagen");
    assert_eq!(Lang::Fr.days(1), "1 jour");
    assert_eq!(Lang::Es.days(30), "30 días");
}

#[test]
fn every_registry_currency_has_an_entry() {
    use crate::currency::Currency;
    let table = &cldr::CURRENCIES;
    assert_eq!(table.len(), Currency::all().count());
    assert!(
        table.windows(2).all(|w| w[0].0 < w[1].0),
        "not strictly sorted"
    );
    for c in Currency::all() {
        assert!(
            table.iter().any(|(code, _)| *code == c.code.as_str()),
            "{} has no entry: run scripts/gen-currency-names",
            c.code
        );
    }
}

#[test]
fn trend_labels_say_the_direction_in_words() {
    assert_eq!(Lang::En.trend_label("0.71", 30), "up 0.71% in 30 days");
    assert_eq!(Lang::En.trend_label("-0.16", 1), "down 0.16% in 1 day");
    assert_eq!(Lang::En.trend_label("0.00", 30), "unchanged in 30 days");
    assert_eq!(Lang::En.trend_label("-0.00", 30), "unchanged in 30 days");
    assert_eq!(
        Lang::Ru.trend_label("0.71", 30),
        "рост на 0,71\u{a0}% за 30 дней"
    );
    assert_eq!(
        Lang::Uk.trend_label("-2.5", 22),
        "зниження на 2,5% за 22 дні"
    );
    assert_eq!(Lang::Kk.trend_label("1", 30), "30 күн ішінде 1% өсті");
    assert_eq!(
        Lang::Fr.trend_label("0.5", 30),
        "en hausse de 0,5\u{a0}% sur 30 jours"
    );
    assert_eq!(
        Lang::Es.trend_label("-0.5", 30),
        "baja un 0,5\u{a0}% en 30 días"
    );
}

#[test]
fn fill_replaces_named_placeholders_only() {
    assert_eq!(
        fill("{a} and {b}", &[("a", "1"), ("b", "{a}")]),
        "1 and {a}"
    );
    assert_eq!(fill("{a} {missing} {", &[("a", "x")]), "x {missing} {");
    assert_eq!(fill("", &[]), "");
    assert_eq!(fill("{}", &[("", "empty")]), "empty");
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Any text at all: no panic, and text that is not a decimal comes
        /// back as it is.
        #[test]
        fn any_text_is_handled(s in "\\PC{0,40}", code in "\\PC{0,5}") {
            for lang in Lang::ALL {
                let n = lang.number(&s);
                if number::Decimal::parse(&s).is_none() {
                    prop_assert_eq!(n, s.clone());
                }
                lang.significant(&s, 6);
                lang.percent(&s);
                lang.plural(&s);
                lang.money(&s, &code);
                lang.currency_name(&code);
                lang.trend_label(&s, 30);
            }
            Lang::from_tag(&s);
            Lang::from_accept_language(&s);
            fill(&s, &[("a", "b")]);
        }

        /// A decimal's digits all survive: the text without its group
        /// separators, with "." for the decimal separator, is the input
        /// (leading zeros aside).
        #[test]
        fn every_digit_survives(neg in any::<bool>(), int in "[0-9]{1,30}", frac in "([0-9]{1,20})?") {
            let input = format!("{}{int}{}{frac}", if neg { "-" } else { "" }, if frac.is_empty() { "" } else { "." });
            let d = number::Decimal::parse(&input).unwrap();
            let expected = format!("{}{}{}{frac}", if neg { "-" } else { "" }, d.int, if frac.is_empty() { "" } else { "." });
            for lang in Lang::ALL {
                let data = lang.data();
                let back = lang.number(&input).replace(data.group, "").replace(data.decimal, ".");
                prop_assert_eq!(&back, &expected, "{}", lang);
            }
        }
    }
}

#[test]
fn publishers_are_named_in_the_reader_s_language_or_not_at_all() {
    assert_eq!(
        Lang::Ru.publisher("ecb"),
        Some("Европейский центральный банк")
    );
    assert_eq!(Lang::Ru.publisher("cbr"), Some("Банк России"));
    assert_eq!(Lang::Es.publisher("NBP"), Some("Banco Nacional de Polonia"));
    assert_eq!(Lang::Kk.publisher("nbk"), Some("Қазақстан Ұлттық Банкі"));
    assert_eq!(Lang::En.publisher("ecb"), None);
    assert_eq!(Lang::De.publisher("boe"), None);
    // Every bank listed is a source kurs has.
    for (id, _) in publishers::PUBLISHERS {
        assert!(
            kurs_rates::SourceId::all()
                .iter()
                .any(|s| s.as_str() == *id),
            "{id} is not a source"
        );
    }
}
