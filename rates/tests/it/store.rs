//! The store against a local stub of the three banks, over real HTTP:
//! syncing, conditional GET, fault injection, single-flight, restart, and
//! the Bank of Russia's date semantics.

use kurs_stub_bank as upstream;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use kurs_rates::{
    DataDir, FetchConfig, HttpTransport, Offline, SourceId, Store, StoreOptions, SyncError,
    SyncMode,
};
use upstream::{Fault, Upstream};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A store whose three sources point at `up`, persisting into `dir`.
fn store(up: &Upstream, dir: &Path) -> Store {
    let config = FetchConfig {
        connect_timeout: Duration::from_secs(1),
        timeout: Duration::from_millis(800),
        retries: 1,
        backoff: Duration::from_millis(10),
        ..FetchConfig::default()
    };
    let origins: HashMap<SourceId, String> = SourceId::all()
        .iter()
        .map(|s| (*s, up.url.clone()))
        .collect();
    let options = StoreOptions {
        data_dir: Some(DataDir::new(dir)),
        transport: Arc::new(HttpTransport::new(config).unwrap()),
        origins,
        ..StoreOptions::offline()
    };
    let (store, problems) = Store::open(options);
    assert!(problems.is_empty(), "{problems:?}");
    store
}

fn latest(store: &Store, source: SourceId) -> Option<NaiveDate> {
    store.history(source)?.latest().map(|t| t.date())
}

/// The USD quote of the newest ECB table, as published text.
fn newest_usd(store: &Store) -> String {
    let h = store.history(SourceId::ECB).unwrap();
    let q = h.latest().unwrap().quote("USD".parse().unwrap()).unwrap();
    q.units.to_string()
}

#[tokio::test]
async fn a_sync_brings_tables_after_the_bundled_history_and_persists_them() {
    let up = Upstream::start_with_fixtures().await;
    let dir = tempfile::tempdir().unwrap();
    let store = store(&up, dir.path());
    assert_eq!(
        latest(&store, SourceId::ECB),
        Some(day("2026-10-30")),
        "bundled"
    );

    let report = store.sync(SourceId::ECB, SyncMode::CatchUp).await.unwrap();
    assert_eq!(report.latest, Some(day("2026-11-02")));
    assert_eq!(report.currencies, 29);
    assert_eq!(
        up.hits(upstream::ECB_90D_PATH),
        1,
        "a month-long gap is filled from the 90-day file"
    );
    assert_eq!(up.hits(upstream::ECB_DAILY_PATH), 1);
    let status = store.status(SourceId::ECB).unwrap();
    assert!(status.last_success.is_some() && status.last_error.is_none());
    let ua = up.requests()[0]
        .header("user-agent")
        .unwrap_or_default()
        .to_owned();
    assert!(ua.starts_with("kurs/"), "{ua}");
    assert!(dir.path().join("ecb/2026.bin").exists());

    let cbr = store.sync(SourceId::CBR, SyncMode::CatchUp).await.unwrap();
    assert_eq!(cbr.latest, Some(day("2025-12-31")));
    let nbp = store.sync(SourceId::NBP, SyncMode::CatchUp).await.unwrap();
    assert_eq!(nbp.latest, Some(day("2026-11-02")));
}

#[tokio::test]
async fn an_unchanged_upstream_answers_304_to_the_conditional_get() {
    let up = Upstream::start_with_fixtures().await;
    let dir = tempfile::tempdir().unwrap();
    let store = store(&up, dir.path());
    store.sync(SourceId::ECB, SyncMode::CatchUp).await.unwrap();
    let again = store.sync(SourceId::ECB, SyncMode::CatchUp).await.unwrap();
    assert_eq!(again.tables, 0, "nothing new");
    let daily: Vec<_> = up
        .requests()
        .into_iter()
        .filter(|r| r.path_and_query == upstream::ECB_DAILY_PATH)
        .collect();
    assert_eq!(daily.len(), 2);
    assert!(daily[1].header("if-none-match").is_some());
    assert_eq!(daily[1].status, 304);
    assert_eq!(store.status(SourceId::ECB).unwrap().fetches.not_modified, 2);
}

/// Each fault leaves the good data as it was, is recorded in the status,
/// and the next good answer recovers.
async fn fault_is_survived(path: &str, source: SourceId, fault: Fault, expect: &str) {
    let up = Upstream::start_with_fixtures().await;
    let dir = tempfile::tempdir().unwrap();
    let store = store(&up, dir.path());
    store.sync(source, SyncMode::CatchUp).await.unwrap();
    let before = store.history(source).unwrap();

    up.fail(path, fault);
    let err = store.sync(source, SyncMode::CatchUp).await.unwrap_err();
    assert!(err.to_string().contains(expect), "{err}");
    let after = store.history(source).unwrap();
    assert_eq!(after.tables(), before.tables(), "good data unchanged");
    let status = store.status(source).unwrap();
    assert_eq!(status.last_error, Some(err.public()), "{status:?}");
    let reopened = Store::open(StoreOptions {
        data_dir: Some(DataDir::new(dir.path())),
        ..StoreOptions::offline()
    });
    assert!(
        reopened.1.is_empty(),
        "nothing corrupt was persisted: {:?}",
        reopened.1
    );
    assert_eq!(
        reopened.0.history(source).unwrap().tables(),
        before.tables()
    );

    up.heal(path);
    if source == SourceId::ECB {
        let next = upstream::ecb_day_from_daily_csv(day("2026-11-03"));
        up.set_ecb_daily(upstream::ecb_xml(&[next]));
    }
    store.sync(source, SyncMode::CatchUp).await.unwrap();
    assert!(
        store.status(source).unwrap().last_error.is_none(),
        "recovered"
    );
    if source == SourceId::ECB {
        assert_eq!(latest(&store, source), Some(day("2026-11-03")));
        assert_eq!(newest_usd(&store), "1.1172");
    }
}

const DAILY: &str = upstream::ECB_DAILY_PATH;

#[tokio::test]
async fn an_upstream_that_hangs_past_the_timeout_is_survived() {
    fault_is_survived(
        DAILY,
        SourceId::ECB,
        Fault::Hang(Duration::from_secs(3)),
        "did not answer within",
    )
    .await;
}

#[tokio::test]
async fn an_http_500_is_survived() {
    fault_is_survived(DAILY, SourceId::ECB, Fault::Status(500), "HTTP 500").await;
}

#[tokio::test]
async fn an_http_404_is_survived() {
    fault_is_survived(DAILY, SourceId::ECB, Fault::Status(404), "HTTP 404").await;
}

#[tokio::test]
async fn a_truncated_body_is_survived() {
    fault_is_survived(DAILY, SourceId::ECB, Fault::Truncated, "ECB XML").await;
}

#[tokio::test]
async fn garbage_instead_of_xml_is_survived() {
    fault_is_survived(DAILY, SourceId::ECB, Fault::Garbage, "ECB XML").await;
}

#[tokio::test]
async fn a_body_in_the_wrong_encoding_is_survived() {
    let path = upstream::CBR_DAILY_PATH;
    fault_is_survived(
        path,
        SourceId::CBR,
        Fault::WrongEncoding,
        "Bank of Russia XML",
    )
    .await;
}

#[tokio::test]
async fn the_bank_of_russias_error_in_parameters_is_survived() {
    let path = upstream::CBR_DAILY_PATH;
    fault_is_survived(path, SourceId::CBR, Fault::CbrError, "Error in parameters").await;
}

#[tokio::test]
async fn an_empty_table_is_survived() {
    let empty =
        b"<ValCurs Date=\"01.01.2026\" name=\"Foreign Currency Market\">\n</ValCurs>\n".to_vec();
    fault_is_survived(
        upstream::CBR_DAILY_PATH,
        SourceId::CBR,
        Fault::Body(empty),
        "empty",
    )
    .await;
}

#[tokio::test]
async fn a_table_dated_in_the_future_is_survived() {
    let future = upstream::ecb_xml(&[upstream::ecb_day_from_daily_csv(day("2031-01-02"))]);
    fault_is_survived(DAILY, SourceId::ECB, Fault::Body(future), "in the future").await;
}

#[tokio::test]
async fn a_table_whose_quotes_jump_tenfold_is_survived() {
    let next = upstream::ecb_day_from_daily_csv(day("2026-11-03"));
    let jumped = upstream::ecb_xml(&[upstream::scale_ecb_rates(&next, 10)]);
    fault_is_survived(DAILY, SourceId::ECB, Fault::Body(jumped), "suspicious").await;
}

/// `len` zero bytes, gzipped as one member, written 64 KiB at a time.
fn gzipped_zeros(len: usize) -> Vec<u8> {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let zeros = [0u8; 64 * 1024];
    for _ in 0..len / zeros.len() {
        gz.write_all(&zeros).unwrap();
    }
    gz.finish().unwrap()
}

#[tokio::test]
async fn a_gzip_bomb_stops_at_the_decompressed_limit_and_is_survived() {
    let bomb = gzipped_zeros(50 << 20);
    assert!(bomb.len() < 1 << 20, "{}", bomb.len());
    let limit = "4 MiB (4194304 bytes) allowed decompressed";
    fault_is_survived(DAILY, SourceId::ECB, Fault::Gzipped(bomb), limit).await;
}

#[tokio::test]
async fn the_full_history_may_inflate_past_the_daily_limit_but_not_past_its_own() {
    let up = Upstream::start_with_fixtures().await;
    let dir = tempfile::tempdir().unwrap();
    let store = store(&up, dir.path());
    let hist = upstream::ECB_HIST_PATH;
    up.fail(hist, Fault::Gzipped(gzipped_zeros(8 << 20)));
    let err = store.sync(SourceId::ECB, SyncMode::Full).await.unwrap_err();
    assert!(err.to_string().contains("ECB XML"), "read whole: {err}");

    up.fail(hist, Fault::Gzipped(gzipped_zeros(65 << 20)));
    let err = store.sync(SourceId::ECB, SyncMode::Full).await.unwrap_err();
    let limit = "64 MiB (67108864 bytes) allowed decompressed";
    assert!(err.to_string().contains(limit), "{err}");
}

#[tokio::test]
async fn a_huge_streamed_body_stops_at_the_wire_limit_and_is_survived() {
    let limit = "4 MiB (4194304 bytes) allowed on the wire";
    fault_is_survived(DAILY, SourceId::ECB, Fault::Streamed(200 << 20), limit).await;
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_by_its_content_length() {
    let big = vec![b' '; (4 << 20) + 1];
    let limit = "4 MiB (4194304 bytes) allowed on the wire";
    fault_is_survived(DAILY, SourceId::ECB, Fault::Body(big), limit).await;
}

#[tokio::test]
async fn a_gzipped_answer_is_inflated() {
    use std::io::Write;
    let up = Upstream::start_with_fixtures().await;
    let dir = tempfile::tempdir().unwrap();
    let store = store(&up, dir.path());
    let next = upstream::ecb_xml(&[upstream::ecb_day_from_daily_csv(day("2026-11-03"))]);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&next).unwrap();
    up.fail(DAILY, Fault::Gzipped(gz.finish().unwrap()));
    store.sync(SourceId::ECB, SyncMode::CatchUp).await.unwrap();
    assert_eq!(latest(&store, SourceId::ECB), Some(day("2026-11-03")));
    let asked = up.requests().last().unwrap().clone();
    assert_eq!(asked.header("accept-encoding"), Some("gzip"));
}

#[tokio::test]
async fn a_redirect_to_another_host_is_refused_and_names_it() {
    let elsewhere = Upstream::start_with_fixtures().await;
    let to = elsewhere.at(DAILY);
    let port = to.rsplit(':').next().unwrap().split('/').next().unwrap();
    let expect = format!("redirected to another host, http://127.0.0.1:{port}");
    fault_is_survived(DAILY, SourceId::ECB, Fault::Redirect(to), &expect).await;
    assert_eq!(elsewhere.total_hits(), 0, "never asked");
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed_a_few_times_at_most() {
    let up = Upstream::start_with_fixtures().await;
    let dir = tempfile::tempdir().unwrap();
    let store = store(&up, dir.path());
    let next = upstream::ecb_xml(&[upstream::ecb_day_from_daily_csv(day("2026-11-03"))]);
    up.set_ecb_90d(next);
    up.fail(DAILY, Fault::Redirect(upstream::ECB_90D_PATH.to_owned()));
    store.sync(SourceId::ECB, SyncMode::CatchUp).await.unwrap();
    assert_eq!(latest(&store, SourceId::ECB), Some(day("2026-11-03")));

    up.fail(DAILY, Fault::Redirect(DAILY.to_owned()));
    let err = store
        .sync(SourceId::ECB, SyncMode::CatchUp)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("more than 5 redirects"), "{err}");
}

#[tokio::test]
async fn escape_sequences_from_an_upstream_never_reach_the_status() {
    let body = b"\x1b[2J\x1b]0;owned\x07<ValCurs/>".to_vec();
    let up = Upstream::start_with_fixtures().await;
    let dir = tempfile::tempdir().unwrap();
    let store = store(&up, dir.path());
    for (path, source) in [
        (DAILY, SourceId::ECB),
        (upstream::CBR_DAILY_PATH, SourceId::CBR),
        (upstream::NBP_TABLES_A_PATH, SourceId::NBP),
    ] {
        up.fail(path, Fault::Body(body.clone()));
        let err = store.sync(source, SyncMode::CatchUp).await.unwrap_err();
        let status = store.status(source).unwrap();
        let shown = status.last_error.unwrap();
        for text in [&shown, &err.to_string()] {
            assert!(!text.contains(['\x1b', '\x07']), "{source}: {text:?}");
        }
    }
}

/// An upstream's words stay out of the public status: the error there says
/// which file did not parse and where, and the whole error (with its
/// excerpt) is what the sync returns, for the log and `kurs sync`.
#[tokio::test]
async fn no_text_of_an_upstream_answer_reaches_the_public_status() {
    let up = Upstream::start_with_fixtures().await;
    let dir = tempfile::tempdir().unwrap();
    let store = store(&up, dir.path());
    let cbr_rejection =
        b"<?xml version=\"1.0\" encoding=\"windows-1251\"?><ValCurs>Visit evil.example now</ValCurs>"
            .to_vec();
    for (path, source, body) in [
        (
            DAILY,
            SourceId::ECB,
            b"<Envelope><Cube><Cube time='evil.example'></Cube></Cube></Envelope>".to_vec(),
        ),
        (upstream::CBR_DAILY_PATH, SourceId::CBR, cbr_rejection),
        (
            upstream::NBP_TABLES_A_PATH,
            SourceId::NBP,
            b"Visit evil.example now".to_vec(),
        ),
    ] {
        up.fail(path, Fault::Body(body));
        let err = store.sync(source, SyncMode::CatchUp).await.unwrap_err();
        assert!(err.to_string().contains("evil.example"), "{source}: {err}");
        let shown = store.status(source).unwrap().last_error.unwrap();
        assert!(!shown.contains("evil"), "{source}: {shown}");
        assert!(shown.contains("is not valid"), "{source}: {shown}");
    }
    // A redirect to another host: its location is not shown either.
    up.fail(DAILY, Fault::Redirect("http://evil.example/x".into()));
    let err = store
        .sync(SourceId::ECB, SyncMode::CatchUp)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("evil.example"), "{err}");
    let shown = store.status(SourceId::ECB).unwrap().last_error.unwrap();
    assert!(
        !shown.contains("evil") && shown.contains("redirected"),
        "{shown}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_concurrent_requests_for_one_unseen_date_cause_one_upstream_request() {
    let up = Upstream::start_with_fixtures().await;
    let dir = tempfile::tempdir().unwrap();
    let store = store(&up, dir.path());
    let sunday = day("2025-12-14");
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..500 {
        let store = store.clone();
        tasks.spawn(async move { store.ensure_date(SourceId::CBR, sunday).await });
    }
    while let Some(outcome) = tasks.join_next().await {
        outcome.unwrap().unwrap();
    }
    assert_eq!(up.hits("/scripts/XML_daily.asp?date_req=14/12/2025"), 1);
    assert_eq!(up.total_hits(), 1);
}

#[tokio::test]
async fn cbr_sunday_and_monday_resolve_to_saturdays_table_and_january_holidays_to_the_last_working_day(
) {
    let up = Upstream::start_with_fixtures().await;
    let dir = tempfile::tempdir().unwrap();
    let store = store(&up, dir.path());
    for (asked, table) in [
        ("2025-12-14", "2025-12-13"),
        ("2025-12-15", "2025-12-13"),
        ("2026-01-05", "2025-12-31"),
    ] {
        store.ensure_date(SourceId::CBR, day(asked)).await.unwrap();
        let h = store.history(SourceId::CBR).unwrap();
        assert_eq!(
            h.as_of(day(asked)).unwrap().date(),
            day(table),
            "asked {asked}"
        );
    }
    // A date between two held tables that was never asked is not guessed.
    let h = store.history(SourceId::CBR).unwrap();
    assert!(h.as_of(day("2025-12-20")).is_err());
}

#[tokio::test]
async fn after_a_restart_offline_the_answers_are_the_same() {
    let up = Upstream::start_with_fixtures().await;
    let dir = tempfile::tempdir().unwrap();
    let online = store(&up, dir.path());
    for &s in SourceId::all() {
        online.sync(s, SyncMode::CatchUp).await.unwrap();
    }
    online
        .ensure_date(SourceId::CBR, day("2025-12-14"))
        .await
        .unwrap();
    drop(up);
    let before: Vec<_> = SourceId::all()
        .iter()
        .map(|&s| online.history(s).unwrap())
        .collect();
    // The state of a by-date fetch is written in the background, and at
    // the latest when the store closes: a restart follows a close.
    drop(online);

    let options = StoreOptions {
        data_dir: Some(DataDir::new(dir.path())),
        transport: Arc::new(Offline),
        ..StoreOptions::offline()
    };
    let (offline, problems) = Store::open(options);
    assert!(problems.is_empty(), "{problems:?}");
    for (s, a) in SourceId::all().iter().copied().zip(before) {
        let b = offline.history(s).unwrap();
        assert_eq!(a.tables(), b.tables(), "{s}");
        assert_eq!(a.known(), b.known(), "{s}");
    }
    let cbr = offline.history(SourceId::CBR).unwrap();
    assert_eq!(
        cbr.as_of(day("2025-12-14")).unwrap().date(),
        day("2025-12-13")
    );
    let status = offline.status(SourceId::ECB).unwrap();
    assert!(status.last_success.is_some(), "the status persists too");
    let err = offline
        .sync(SourceId::ECB, SyncMode::CatchUp)
        .await
        .unwrap_err();
    assert!(matches!(err, SyncError::Fetch(_)), "{err}");
}

#[tokio::test]
async fn a_corrupt_file_in_the_data_directory_is_reported_and_skipped() {
    let up = Upstream::start_with_fixtures().await;
    let dir = tempfile::tempdir().unwrap();
    let online = store(&up, dir.path());
    online.sync(SourceId::ECB, SyncMode::CatchUp).await.unwrap();
    online.sync(SourceId::CBR, SyncMode::CatchUp).await.unwrap();
    let bad = dir.path().join("ecb/2026.bin");
    let bytes = std::fs::read(&bad).unwrap();
    std::fs::write(&bad, &bytes[..bytes.len() / 2]).unwrap();

    let (store, problems) = Store::open(StoreOptions {
        data_dir: Some(DataDir::new(dir.path())),
        ..StoreOptions::offline()
    });
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].to_string().contains("ecb/2026.bin"),
        "{}",
        problems[0]
    );
    assert_eq!(
        latest(&store, SourceId::ECB),
        Some(day("2026-10-30")),
        "the bundled floor"
    );
    assert_eq!(
        latest(&store, SourceId::CBR),
        Some(day("2025-12-31")),
        "other files still load"
    );
}

/// Syncs the ECB with a fault in the data directory that even root cannot
/// write through (`break_it`), then without it (`fix_it`): the first sync
/// applies in memory and reports the path that could not be written; the
/// second clears the error and saves what was held in memory only.
async fn a_persist_fault_is_reported_then_recovered(
    break_it: impl FnOnce(&Path) -> std::path::PathBuf,
    fix_it: impl FnOnce(&Path),
) {
    let up = Upstream::start_with_fixtures().await;
    let dir = tempfile::tempdir().unwrap();
    let store = store(&up, dir.path());
    let bad = break_it(dir.path());

    let report = store.sync(SourceId::ECB, SyncMode::CatchUp).await.unwrap();
    assert_eq!(report.latest, Some(day("2026-11-02")), "applied in memory");
    let error = report
        .persist_error
        .expect("the sync reports the failed write");
    assert_eq!(error.path, bad, "{error}");
    let status = store.status(SourceId::ECB).unwrap();
    let shown = status.persist_error.expect("the status shows it");
    assert!(shown.contains(&bad.display().to_string()), "{shown}");
    assert!(shown.contains("os error"), "{shown}");

    fix_it(dir.path());
    let report = store.sync(SourceId::ECB, SyncMode::CatchUp).await.unwrap();
    assert_eq!(report.persist_error, None);
    assert_eq!(store.status(SourceId::ECB).unwrap().persist_error, None);
    let (reopened, problems) = Store::open(StoreOptions {
        data_dir: Some(DataDir::new(dir.path())),
        ..StoreOptions::offline()
    });
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        latest(&reopened, SourceId::ECB),
        Some(day("2026-11-02")),
        "the tables held only in memory were saved once writing worked again"
    );
}

#[tokio::test]
async fn a_file_where_the_source_directory_should_be_fails_the_write_not_the_data() {
    a_persist_fault_is_reported_then_recovered(
        |root| {
            let bad = root.join("ecb");
            std::fs::write(&bad, b"not a directory").unwrap();
            bad
        },
        |root| std::fs::remove_file(root.join("ecb")).unwrap(),
    )
    .await;
}

#[tokio::test]
async fn a_directory_where_a_year_file_should_be_fails_the_write_not_the_data() {
    a_persist_fault_is_reported_then_recovered(
        |root| {
            let bad = root.join("ecb").join("2026.bin");
            std::fs::create_dir_all(&bad).unwrap();
            bad
        },
        |root| std::fs::remove_dir(root.join("ecb").join("2026.bin")).unwrap(),
    )
    .await;
}

#[cfg(unix)]
#[tokio::test]
async fn a_symlink_loop_where_a_year_file_should_be_fails_the_write_not_the_data() {
    a_persist_fault_is_reported_then_recovered(
        |root| {
            std::fs::create_dir_all(root.join("ecb")).unwrap();
            let bad = root.join("ecb").join("2026.bin");
            std::os::unix::fs::symlink(&bad, &bad).unwrap();
            bad
        },
        |root| std::fs::remove_file(root.join("ecb").join("2026.bin")).unwrap(),
    )
    .await;
}
