//! The data directory against odd files and a second writer: a FIFO, a
//! link to `/dev/zero`, an oversize file, a stale temp file, and two
//! processes saving one source at once.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use chrono::{Days, NaiveDate};
use kurs_rates::{DataDir, Loaded, Quote, SourceId, Table, MAX_YEAR_FILE_BYTES};

fn table(date: NaiveDate) -> Arc<Table> {
    let usd = Quote::priced_in_base(1.into(), "76.1000".parse().unwrap());
    let quotes = vec![("USD".parse().unwrap(), usd)];
    Arc::new(Table::new(SourceId::CBR, date, "RUB".parse().unwrap(), quotes).unwrap())
}

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + Days::new(n)
}

/// A data directory holding the tables of 2025-01-01 (in `2025.bin`).
fn saved() -> (tempfile::TempDir, DataDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    data.save_tables(SourceId::CBR, &[table(day(0))]).unwrap();
    let cbr = tmp.path().join("cbr");
    (tmp, data, cbr)
}

/// Loads on another thread, so that a load that hangs fails the test
/// instead of hanging it.
fn load_within_seconds(data: &DataDir, secs: u64) -> Loaded {
    let data = data.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(data.load(SourceId::CBR)));
    rx.recv_timeout(Duration::from_secs(secs))
        .expect("loading the data directory hangs")
}

fn assert_2025_loads_and_problem_names(loaded: &Loaded, path: &Path, what: &str) {
    let dates: Vec<NaiveDate> = loaded.tables.iter().map(|t| t.date()).collect();
    assert_eq!(dates, [day(0)], "the good year still loads");
    assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
    assert_eq!(loaded.problems[0].path, path);
    let shown = loaded.problems[0].to_string();
    assert!(shown.contains(what), "{shown}");
}

#[cfg(unix)]
#[test]
fn a_fifo_as_a_year_file_is_a_problem_not_a_hang() {
    let (_tmp, data, cbr) = saved();
    let fifo = cbr.join("2024.bin");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let loaded = load_within_seconds(&data, 5);
    assert_2025_loads_and_problem_names(&loaded, &fifo, "not a regular file");
}

#[cfg(unix)]
#[test]
fn a_link_to_dev_zero_as_a_year_file_is_a_problem_not_an_endless_read() {
    let (_tmp, data, cbr) = saved();
    let link = cbr.join("2024.bin");
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    let loaded = load_within_seconds(&data, 10);
    assert_2025_loads_and_problem_names(&loaded, &link, "not a regular file");
}

#[test]
fn a_year_file_over_the_size_cap_is_a_problem_and_not_read() {
    let (_tmp, data, cbr) = saved();
    let big = cbr.join("2024.bin");
    let file = fs::File::create(&big).unwrap();
    file.set_len(MAX_YEAR_FILE_BYTES + 1).unwrap();
    let loaded = load_within_seconds(&data, 10);
    assert_2025_loads_and_problem_names(&loaded, &big, "larger than the");
}

#[test]
fn a_stale_temp_file_of_another_process_is_removed_when_the_source_loads() {
    let (_tmp, data, cbr) = saved();
    let temp = cbr.join(".2025.bin.tmp-4194304-7");
    fs::write(&temp, b"KURS half").unwrap();
    let file = fs::File::options().write(true).open(&temp).unwrap();
    file.set_modified(SystemTime::now() - Duration::from_secs(120))
        .unwrap();
    let loaded = data.load(SourceId::CBR);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert!(!temp.exists(), "the temp file of a killed writer is gone");
}

/// Set in a child process: the directory to save into, and which half of
/// the dates it writes.
const CHILD_DIR: &str = "KURS_TEST_WRITER_DIR";
const CHILD_HALF: &str = "KURS_TEST_WRITER_HALF";
const DATES_PER_WRITER: u64 = 60;

/// Not a test on its own: the body of each writer process of
/// [`two_processes_saving_one_source_at_once_lose_no_table`]; it does
/// nothing unless started by it.
#[test]
fn writer_process() {
    let (Ok(dir), Ok(half)) = (std::env::var(CHILD_DIR), std::env::var(CHILD_HALF)) else {
        return;
    };
    let data = DataDir::new(dir);
    let half: u64 = half.parse().unwrap();
    for i in 0..DATES_PER_WRITER {
        let date = day(2 * i + half);
        data.save_tables(SourceId::CBR, &[table(date)]).unwrap();
    }
}

#[test]
fn two_processes_saving_one_source_at_once_lose_no_table() {
    for round in 0..3 {
        let tmp = tempfile::tempdir().unwrap();
        let exe = std::env::current_exe().unwrap();
        let writers: Vec<_> = (0..2)
            .map(|half| {
                std::process::Command::new(&exe)
                    .args(["--exact", "data_dir::writer_process", "--nocapture"])
                    .env(CHILD_DIR, tmp.path())
                    .env(CHILD_HALF, half.to_string())
                    // Kept apart from the parent's output, so that a run's
                    // `test result` lines count only the parent's tests.
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for w in writers {
            let out = w.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let loaded = DataDir::new(tmp.path()).load(SourceId::CBR);
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let held = loaded.tables.len() as u64;
        assert_eq!(held, 2 * DATES_PER_WRITER, "round {round}: tables lost");
    }
}

#[tokio::test(start_paused = true)]
async fn the_upkeep_runs_only_with_a_data_directory_and_stops_when_told() {
    use kurs_rates::{Store, StoreOptions};
    let none = Store::open(StoreOptions::offline()).0.spawn_upkeep();
    assert_eq!(none.running(), 0);

    let (_tmp, data, _cbr) = saved();
    let options = StoreOptions {
        data_dir: Some(data),
        ..StoreOptions::offline()
    };
    let upkeep = Store::open(options).0.spawn_upkeep();
    tokio::time::sleep(kurs_rates::RESCAN_INTERVAL * 3).await;
    assert_eq!(upkeep.running(), 2, "the state writer and the rescan");
    tokio::time::timeout(Duration::from_secs(5), upkeep.stop())
        .await
        .expect("both stop");
}
