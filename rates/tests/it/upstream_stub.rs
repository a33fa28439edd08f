//! Self-test of the upstream stub of `tests/support/src/lib.rs`: the banks'
//! paths, the CBR `date_req` and CNB `date` rules, conditional GET, hit
//! counting, faults.

use kurs_stub_bank as upstream;

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use kurs_rates::{parse_cbr_xml, parse_cnb_txt, parse_ecb_xml, parse_nbp_tables_json, Table};
use upstream::*;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

/// GET `path_and_query`: (status, body).
async fn get(up: &Upstream, path_and_query: &str) -> (u16, Vec<u8>) {
    let r = client().get(up.at(path_and_query)).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.bytes().await.unwrap().to_vec())
}

fn ecb(body: &[u8]) -> Vec<Table> {
    parse_ecb_xml(std::str::from_utf8(body).unwrap()).unwrap()
}

fn units(t: &Table, code: &str) -> String {
    t.quote(code.parse().unwrap()).unwrap().units.to_string()
}

#[tokio::test]
async fn cbr_date_req_gives_the_newest_table_on_or_before_the_date() {
    let up = Upstream::start_with_fixtures().await;
    let table = |q: &str| {
        let path = format!("{CBR_DAILY_PATH}?date_req={q}");
        let up = &up;
        async move {
            let (status, body) = get(up, &path).await;
            assert_eq!(status, 200, "{path}");
            body
        }
    };
    // Sunday and Monday after Saturday 13.12.2025: that Saturday's table.
    assert_eq!(table("14/12/2025").await, CBR_ENG_2025_12_13);
    assert_eq!(table("15/12/2025").await, CBR_ENG_2025_12_13);
    assert_eq!(table("13/12/2025").await, CBR_ENG_2025_12_13);
    // Over the New Year holidays: the derived 31.12.2025 table.
    let holiday = table("05/01/2026").await;
    assert_eq!(holiday, cbr_redated(CBR_ENG_2025_12_13, day("2025-12-31")));
    let t = parse_cbr_xml(&holiday).unwrap();
    assert_eq!(t.date(), day("2025-12-31"));
    assert_eq!(t, {
        let real = parse_cbr_xml(CBR_ENG_2025_12_13).unwrap();
        Table::new(
            real.source(),
            day("2025-12-31"),
            real.base(),
            real.quotes().to_vec(),
        )
        .unwrap()
    });
    assert_eq!(table("23/08/2016").await, CBR_2016_08_23);
    assert_eq!(table("10/12/2016").await, CBR_2016_12_09);
    assert_eq!(table("01/06/2020").await, CBR_2016_12_09);
    // Before every table, malformed: the bank's error body, still 200.
    for bad in ["22/08/2016", "2025-12-14", "31/02/2025", "garbage", ""] {
        assert_eq!(table(bad).await, CBR_ERROR, "{bad}");
    }
    // Latest, and the date sent percent-encoded as reqwest's query() does.
    assert_eq!(get(&up, CBR_DAILY_PATH).await.1, holiday);
    let r = client()
        .get(up.at(CBR_DAILY_PATH))
        .query(&[("date_req", "14/12/2025")])
        .send()
        .await
        .unwrap();
    assert!(r.url().as_str().contains("14%2F12%2F2025"), "{}", r.url());
    assert_eq!(
        r.headers()["content-type"],
        "application/xml; charset=windows-1251"
    );
    assert_eq!(r.bytes().await.unwrap(), CBR_ENG_2025_12_13);
    assert_eq!(up.hits(&format!("{CBR_DAILY_PATH}?date_req=14/12/2025")), 2);
    // Every default table parses.
    for body in default_cbr_tables() {
        parse_cbr_xml(&body).unwrap();
    }
}

#[tokio::test]
async fn the_default_ecb_files_parse_and_the_xml_layout_is_the_ecbs() {
    let up = Upstream::start_with_fixtures().await;
    let (status, daily) = get(&up, ECB_DAILY_PATH).await;
    assert_eq!(status, 200);
    let daily = ecb(&daily);
    assert_eq!(daily.len(), 1);
    assert_eq!(daily[0].date(), day("2026-11-02"));
    assert_eq!(daily[0].len(), 29);
    assert_eq!(units(&daily[0], "USD"), "1.1172");
    assert_eq!(units(&daily[0], "ISK"), "136.00");

    let ninety = ecb(&get(&up, ECB_90D_PATH).await.1);
    assert_eq!(ninety.len(), 64);
    assert_eq!(ninety[0].date(), day("2026-11-02"));
    assert_eq!(ninety[1].date(), day("2026-10-30"));
    assert_eq!(units(&ninety[2], "USD"), "1.113");
    assert_eq!(ninety.last().unwrap().date(), day("2026-08-05"));

    let hist = ecb(&get(&up, ECB_HIST_PATH).await.1);
    assert_eq!(hist.len(), 64 + 6);
    assert_eq!(hist.last().unwrap().date(), day("1999-01-04"));
    assert!(hist.windows(2).all(|w| w[0].date() > w[1].date()));

    // The renderer reproduces a real ECB daily file byte for byte.
    let real = ECB_DAILY_XML_2015_01_07;
    let rates = real
        .split("<Cube currency='")
        .skip(1)
        .map(|s| {
            let (code, rest) = s.split_once("' rate='").unwrap();
            (code.to_owned(), rest.split_once('\'').unwrap().0.to_owned())
        })
        .collect();
    let rendered = ecb_xml(&[(day("2015-01-07"), rates)]);
    assert_eq!(String::from_utf8(rendered).unwrap(), real);

    // A tenfold jump keeps the published scale.
    let jump = scale_ecb_rates(&ecb_day_from_daily_csv(day("2026-11-03")), 10);
    let t = &ecb(&ecb_xml(&[jump]))[0];
    assert_eq!(units(t, "USD"), "11.1720");
    assert_eq!(units(t, "IDR"), "202751.70");
    let tenth = scale_ecb_rates(&ecb_day_from_daily_csv(day("2026-11-03")), "0.1");
    assert_eq!(tenth.1[0], ("USD".into(), "0.11172".into()));

    up.set_ecb_daily(b"<new/>".to_vec());
    assert_eq!(get(&up, ECB_DAILY_PATH).await.1, b"<new/>");
    up.remove_ecb(ECB_DAILY_PATH);
    assert_eq!(get(&up, ECB_DAILY_PATH).await.0, 404);
}

#[tokio::test]
async fn validators_give_304_and_change_with_the_body() {
    let up = Upstream::start_with_fixtures().await;
    let r = client().get(up.at(ECB_DAILY_PATH)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let etag = r.headers()["etag"].to_str().unwrap().to_owned();
    let modified = r.headers()["last-modified"].to_str().unwrap().to_owned();
    assert_eq!(modified, "Mon, 02 Nov 2026 15:00:00 GMT");
    assert_eq!(etag, etag_of(&r.bytes().await.unwrap()));
    assert!(etag.starts_with('"') && etag.ends_with('"'));

    let conditional = |name: &'static str, value: String| {
        let up = &up;
        async move {
            let r = client()
                .get(up.at(ECB_DAILY_PATH))
                .header(name, value)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            (status, r.bytes().await.unwrap().len())
        }
    };
    assert_eq!(conditional("if-none-match", etag.clone()).await, (304, 0));
    assert_eq!(
        conditional("if-none-match", format!("W/{etag}")).await,
        (304, 0)
    );
    assert_eq!(
        conditional("if-none-match", "\"other\"".into()).await.0,
        200
    );
    assert_eq!(
        conditional("if-modified-since", modified.clone()).await,
        (304, 0)
    );
    let earlier = "Mon, 02 Nov 2026 14:59:59 GMT".to_owned();
    assert_eq!(conditional("if-modified-since", earlier).await.0, 200);

    // New content: the old ETag no longer matches; a later Last-Modified
    // defeats the old If-Modified-Since.
    up.set_ecb_daily(ecb_xml(&[ecb_day_from_daily_csv(day("2026-11-03"))]));
    assert_eq!(conditional("if-none-match", etag).await.0, 200);
    up.set_last_modified(
        chrono::DateTime::parse_from_rfc3339("2026-11-03T15:00:00Z")
            .unwrap()
            .into(),
    );
    assert_eq!(up.last_modified(), "Tue, 03 Nov 2026 15:00:00 GMT");
    assert_eq!(conditional("if-modified-since", modified).await.0, 200);

    // The CBR error body is a 200 too, with validators.
    let r = client()
        .get(up.at(&format!("{CBR_DAILY_PATH}?date_req=01/01/2000")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["etag"].to_str().unwrap(), etag_of(CBR_ERROR));
}

#[tokio::test]
async fn hits_are_counted_by_prefix_and_reset() {
    let up = Upstream::start_with_fixtures().await;
    get(&up, ECB_DAILY_PATH).await;
    get(&up, ECB_90D_PATH).await;
    get(&up, &format!("{CBR_DAILY_PATH}?date_req=14/12/2025")).await;
    get(&up, &format!("{NBP_TABLES_A_PATH}/?format=json")).await;
    get(&up, "/nowhere").await;
    assert_eq!(up.total_hits(), 5);
    assert_eq!(up.hits("/stats/eurofxref/"), 2);
    assert_eq!(up.hits(ECB_DAILY_PATH), 1);
    assert_eq!(up.hits("/scripts/XML_daily.asp?date_req=14/12"), 1);
    assert_eq!(up.hits("/scripts/XML_daily.asp?date_req=14%2F12"), 1);
    assert_eq!(up.hits("/api/"), 1);
    let seen = up.requests();
    assert_eq!(seen[4].path_and_query, "/nowhere");
    assert_eq!(seen[4].status, 404);
    assert_eq!(seen[0].method, "GET");
    assert!(seen[0].header("Host").is_some());
    up.reset_hits();
    assert_eq!((up.total_hits(), up.hits("/")), (0, 0));
}

#[tokio::test]
async fn faults_persist_until_healed() {
    let up = Upstream::start_with_fixtures().await;
    let latest = get(&up, CBR_DAILY_PATH).await.1;

    up.fail("/scripts/", Fault::Status(500));
    for _ in 0..2 {
        let (status, body) = get(&up, CBR_DAILY_PATH).await;
        assert_eq!(
            (status, body.as_slice()),
            (500, &b"500 Internal Server Error"[..])
        );
    }
    // The longest matching prefix wins; healing it uncovers the shorter one.
    up.fail(CBR_DAILY_PATH, Fault::Truncated);
    let (status, body) = get(&up, CBR_DAILY_PATH).await;
    assert_eq!((status, body.len()), (200, latest.len() / 2));
    assert!(parse_cbr_xml(&body).is_err());
    up.heal(CBR_DAILY_PATH);
    assert_eq!(get(&up, CBR_DAILY_PATH).await.0, 500);
    up.heal("/scripts/");
    assert_eq!(get(&up, CBR_DAILY_PATH).await, (200, latest.clone()));

    up.fail(CBR_DAILY_PATH, Fault::WrongEncoding);
    for q in ["", "?date_req=23/08/2016"] {
        let (status, body) = get(&up, &format!("{CBR_DAILY_PATH}{q}")).await;
        assert_eq!(status, 200);
        let err = parse_cbr_xml(&body).unwrap_err();
        assert!(err.to_string().contains("UTF-8"), "{q}: {err}");
    }
    up.fail(CBR_DAILY_PATH, Fault::CbrError);
    assert_eq!(get(&up, CBR_DAILY_PATH).await.1, CBR_ERROR);
    up.fail(CBR_DAILY_PATH, Fault::Garbage);
    let body = get(&up, CBR_DAILY_PATH).await.1;
    assert!(String::from_utf8(body).unwrap().contains("502 Bad Gateway"));
    up.fail(CBR_DAILY_PATH, Fault::Body(b"<ValCurs/>".to_vec()));
    assert_eq!(get(&up, CBR_DAILY_PATH).await.1, b"<ValCurs/>");
    up.heal_all();
    assert_eq!(get(&up, CBR_DAILY_PATH).await.1, latest);

    // WrongEncoding elsewhere: NBP and ECB bodies become invalid UTF-8.
    up.fail("/", Fault::WrongEncoding);
    for path in [ECB_DAILY_PATH, &format!("{NBP_TABLES_A_PATH}/")] {
        let (status, body) = get(&up, path).await;
        assert_eq!(status, 200);
        assert!(std::str::from_utf8(&body).is_err(), "{path}");
    }
    up.heal("/");

    // A hang delays the normal answer; a client timeout sees it as one.
    up.fail(ECB_DAILY_PATH, Fault::Hang(Duration::from_millis(300)));
    let started = Instant::now();
    let (status, body) = get(&up, ECB_DAILY_PATH).await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!((status, body), (200, default_ecb_daily()));
    let timed_out = client()
        .get(up.at(ECB_DAILY_PATH))
        .timeout(Duration::from_millis(50))
        .send()
        .await;
    assert!(timed_out.unwrap_err().is_timeout());
    up.heal(ECB_DAILY_PATH);
    assert_eq!(get(&up, ECB_DAILY_PATH).await.0, 200);
}

#[tokio::test]
async fn nbp_serves_tables_by_date_and_range_and_404_without_one() {
    let up = Upstream::start_with_fixtures().await;
    let nbp = |body: Vec<u8>| parse_nbp_tables_json(&String::from_utf8(body).unwrap()).unwrap();

    // A Saturday: no table.
    for path in [
        "/api/exchangerates/tables/A/2020-12-05/?format=json",
        "/api/exchangerates/tables/A/2020-12-05",
        "/api/exchangerates/tables/A/2020-12-01/2020-12-06/?format=json",
    ] {
        let r = client().get(up.at(path)).send().await.unwrap();
        assert_eq!(r.status(), 404, "{path}");
        assert_eq!(r.text().await.unwrap(), NBP_NOT_FOUND);
    }

    let (status, body) = get(&up, "/api/exchangerates/tables/A/2020-12-07/?format=json").await;
    assert_eq!(status, 200);
    let tables = nbp(body);
    assert_eq!(tables.len(), 1);
    assert_eq!(units(&tables[0], "USD"), "1");
    assert_eq!(tables[0].date(), day("2020-12-07"));

    let range = nbp(get(
        &up,
        "/api/exchangerates/tables/A/2020-12-01/2020-12-10?format=json",
    )
    .await
    .1);
    let dates: Vec<_> = range.iter().map(Table::date).collect();
    assert_eq!(dates, [day("2020-12-07"), day("2020-12-08")]);

    for latest in [
        "/api/exchangerates/tables/A/?format=json",
        "/api/exchangerates/tables/A?format=json",
        "/api/exchangerates/tables/a/",
    ] {
        let r = client().get(up.at(latest)).send().await.unwrap();
        assert_eq!(
            r.headers()["content-type"],
            "application/json; charset=utf-8"
        );
        let tables = nbp(r.bytes().await.unwrap().to_vec());
        assert_eq!(tables.len(), 1, "{latest}");
        assert_eq!(tables[0].date(), day("2026-11-02"));
    }
    let last = nbp(get(&up, "/api/exchangerates/tables/A/last/2/").await.1);
    assert_eq!(last[1].date(), day("2026-11-02"));
    assert_eq!(last[0].date(), day("2026-10-30"));

    // More than 93 days in one range: refused, as by the NBP.
    let (status, body) = get(&up, "/api/exchangerates/tables/A/2020-01-01/2020-12-31/").await;
    assert_eq!(status, 400);
    assert!(String::from_utf8(body).unwrap().contains("93"));

    // Tables can be added at runtime, as an object or an array.
    let dates = up.add_nbp_table(nbp_redated(
        NBP_TABLE_A_2020_12_07,
        day("2020-12-04"),
        "237/A/NBP/2020",
    ));
    assert_eq!(dates, [day("2020-12-04")]);
    let t = nbp(get(&up, "/api/exchangerates/tables/A/2020-12-04/").await.1);
    assert_eq!(t[0].date(), day("2020-12-04"));
    up.remove_nbp_table(day("2020-12-04"));
    assert_eq!(
        get(&up, "/api/exchangerates/tables/A/2020-12-04/").await.0,
        404
    );
}

#[tokio::test]
async fn an_empty_stub_serves_nothing_and_dropping_it_stops_it() {
    let up = Upstream::start().await;
    assert_eq!(get(&up, ECB_DAILY_PATH).await.0, 404);
    assert_eq!(get(&up, CBR_DAILY_PATH).await.1, CBR_ERROR);
    assert_eq!(get(&up, NBP_TABLES_A_PATH).await.0, 404);
    assert_eq!(get(&up, CNB_DAILY_PATH).await.0, 404);
    let date = up.add_cbr_table(cbr_redated(CBR_2016_12_09, day("2026-11-03")));
    assert_eq!(date, day("2026-11-03"));
    let t = parse_cbr_xml(&get(&up, CBR_DAILY_PATH).await.1).unwrap();
    assert_eq!(t.date(), day("2026-11-03"));

    let url = up.at(ECB_DAILY_PATH);
    drop(up);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(client().get(url).send().await.is_err());
}

#[tokio::test]
async fn cnb_date_gives_the_newest_fixing_on_or_before_the_date_under_its_own_date() {
    let up = Upstream::start_with_fixtures().await;
    assert_eq!(
        up.cnb_dates(),
        [day("2000-04-21"), day("2016-04-05"), day("2026-11-02")]
    );
    let cnb = |q: String| {
        let up = &up;
        async move {
            let r = client().get(up.at(&q)).send().await.unwrap();
            let status = r.status().as_u16();
            let kind = r.headers()["content-type"].to_str().unwrap().to_owned();
            (status, kind, r.bytes().await.unwrap().to_vec())
        }
    };
    let at = |date: &str| format!("{CNB_DAILY_PATH}?date={date}");
    // The day itself, and the Saturday and Sunday after: Tuesday's file.
    for date in ["05.04.2016", "09.04.2016", "10.04.2016"] {
        let (status, kind, body) = cnb(at(date)).await;
        assert_eq!(
            (status, kind.as_str()),
            (200, "text/plain;charset=UTF-8"),
            "{date}"
        );
        assert_eq!(body, CNB_2016_04_05, "{date}");
        assert_eq!(parse_cnb_txt(&body).unwrap().date(), day("2016-04-05"));
    }
    // Without a date: the newest, the 2016 rates under the 02.11.2026 header.
    let (_, _, latest) = cnb(CNB_DAILY_PATH.to_owned()).await;
    assert!(latest.starts_with(b"02.11.2026 #210\n"));
    let t = parse_cnb_txt(&latest).unwrap();
    let real = parse_cnb_txt(CNB_2016_04_05).unwrap();
    assert_eq!((t.date(), t.quotes()), (day("2026-11-02"), real.quotes()));
    // Before every fixing, or a date not written DD.MM.YYYY: the stub's errors.
    assert_eq!(cnb(at("01.01.1999")).await.0, 404);
    for bad in ["2016-04-05", "5.4.2016", "31.02.2016", ""] {
        assert_eq!(cnb(at(bad)).await.0, 400, "{bad}");
    }
    // Faults reach the CNB path too, and its parser refuses them.
    up.fail(CNB_DAILY_PATH, Fault::WrongEncoding);
    let (_, _, body) = cnb(at("05.04.2016")).await;
    assert!(std::str::from_utf8(&body).is_err());
    assert!(parse_cnb_txt(&body).unwrap_err().message.contains("UTF-8"));
    up.fail(CNB_DAILY_PATH, Fault::Garbage);
    assert!(parse_cnb_txt(&cnb(at("05.04.2016")).await.2).is_err());
    up.heal_all();
    up.remove_cnb_table(day("2026-11-02"));
    assert_eq!(cnb(CNB_DAILY_PATH.to_owned()).await.2, CNB_2016_04_05);
    up.clear_cnb_tables();
    assert_eq!(cnb(CNB_DAILY_PATH.to_owned()).await.0, 404);
}
