//! Tests of the data directory: saving, loading, and what survives a crash
//! or a corrupt file.

use std::collections::BTreeMap;
use std::fs::File;
use std::time::SystemTime;

use chrono::NaiveDate;
use tempfile::TempDir;

use super::atomic::TEMP_GRACE;
use super::lock::LOCK_FILE;
use super::*;
use crate::Quote;

fn table(date: &str, usd: &str) -> Arc<Table> {
    let date: NaiveDate = date.parse().unwrap();
    let quotes = vec![
        (
            "USD".parse().unwrap(),
            Quote::priced_in_base(1.into(), usd.parse().unwrap()),
        ),
        (
            "JPY".parse().unwrap(),
            Quote::priced_in_base("100".parse().unwrap(), "52.3400".parse().unwrap()),
        ),
    ];
    Arc::new(Table::new(SourceId::CBR, date, "RUB".parse().unwrap(), quotes).unwrap())
}

fn usd(t: &Table) -> String {
    t.quote("USD".parse().unwrap()).unwrap().value.to_string()
}

fn dates(loaded: &Loaded) -> Vec<String> {
    loaded.tables.iter().map(|t| t.date().to_string()).collect()
}

fn saved(tables: &[Arc<Table>]) -> (TempDir, DataDir) {
    let tmp = TempDir::new().unwrap();
    let data = DataDir::new(tmp.path().join("kurs"));
    data.save_tables(SourceId::CBR, tables).unwrap();
    (tmp, data)
}

fn cbr_file(data: &DataDir, name: &str) -> PathBuf {
    data.root().join("cbr").join(name)
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name != LOCK_FILE)
        .collect();
    names.sort();
    names
}

#[test]
fn saved_tables_load_back_exactly_with_their_scale() {
    let tables = [table("2025-03-01", "76.1000"), table("2025-03-04", "76.1")];
    let (_tmp, data) = saved(&tables);
    let loaded = data.load(SourceId::CBR);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.tables.len(), 2);
    for (got, want) in loaded.tables.iter().zip(&tables) {
        assert_eq!(**got, **want);
        for ((gc, gq), (wc, wq)) in got.quotes().iter().zip(want.quotes()) {
            assert_eq!(gc, wc);
            assert_eq!(gq.units.to_string(), wq.units.to_string());
            assert_eq!(gq.value.to_string(), wq.value.to_string());
        }
    }
    assert_eq!(usd(&loaded.tables[0]), "76.1000");
}

#[test]
fn a_newer_table_of_the_same_date_replaces_it_and_other_dates_are_kept() {
    let (_tmp, data) = saved(&[table("2025-03-01", "76.1"), table("2025-03-04", "77")]);
    data.save_tables(SourceId::CBR, &[table("2025-03-04", "78.5")])
        .unwrap();
    let loaded = data.load(SourceId::CBR);
    assert_eq!(dates(&loaded), ["2025-03-01", "2025-03-04"]);
    assert_eq!(usd(&loaded.tables[0]), "76.1");
    assert_eq!(usd(&loaded.tables[1]), "78.5");
}

#[test]
fn tables_of_two_years_go_to_two_files() {
    let (_tmp, data) = saved(&[table("2026-01-10", "80"), table("2025-12-31", "79")]);
    assert_eq!(names_in(&data.root().join("cbr")), ["2025.bin", "2026.bin"]);
    assert_eq!(
        dates(&data.load(SourceId::CBR)),
        ["2025-12-31", "2026-01-10"]
    );
}

fn assert_one_problem_for_2025(data: &DataDir) {
    let loaded = data.load(SourceId::CBR);
    assert_eq!(dates(&loaded), ["2026-01-10"]);
    assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
    let problem = &loaded.problems[0];
    assert_eq!(problem.path, cbr_file(data, "2025.bin"));
    let shown = problem.to_string();
    assert!(
        shown.contains("2025.bin: ") && shown.ends_with("; skipped"),
        "{shown}"
    );
}

#[test]
fn a_truncated_year_file_is_reported_with_its_path_and_the_other_year_still_loads() {
    let (_tmp, data) = saved(&[table("2025-12-31", "79"), table("2026-01-10", "80")]);
    let path = cbr_file(&data, "2025.bin");
    let bytes = fs::read(&path).unwrap();
    fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    assert_one_problem_for_2025(&data);
}

#[test]
fn a_year_file_of_garbage_is_reported_with_its_path_and_the_other_year_still_loads() {
    let (_tmp, data) = saved(&[table("2025-12-31", "79"), table("2026-01-10", "80")]);
    fs::write(cbr_file(&data, "2025.bin"), b"<html>502 Bad Gateway</html>").unwrap();
    assert_one_problem_for_2025(&data);
}

#[test]
fn a_file_holding_another_year_or_source_is_reported() {
    let (_tmp, data) = saved(&[table("2025-12-31", "79"), table("2026-01-10", "80")]);
    let bytes_2026 = fs::read(cbr_file(&data, "2026.bin")).unwrap();
    fs::write(cbr_file(&data, "2025.bin"), &bytes_2026).unwrap();
    assert_one_problem_for_2025(&data);
    fs::create_dir_all(data.root().join("ecb")).unwrap();
    fs::write(data.root().join("ecb").join("2026.bin"), &bytes_2026).unwrap();
    let ecb = data.load(SourceId::ECB);
    assert!(ecb.tables.is_empty());
    assert!(ecb.problems[0]
        .message
        .contains("holds cbr tables, not ecb"));
}

#[test]
fn a_half_written_temp_file_leaves_the_previous_state_loadable_and_is_removed_once_old() {
    let (_tmp, data) = saved(&[table("2025-03-01", "76.1")]);
    let good = fs::read(cbr_file(&data, "2025.bin")).unwrap();
    let temp = cbr_file(&data, ".2025.bin.tmp-4194304-7");
    fs::write(&temp, &good[..good.len() / 2]).unwrap();
    // Held open by another writer (the lock taken), it stays while the
    // previous state loads; a year older, it goes even so.
    let writer = lock(&data.root().join("cbr")).unwrap();
    let loaded = data.load(SourceId::CBR);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(dates(&loaded), ["2025-03-01"]);
    assert!(temp.exists());

    let long_ago = SystemTime::now() - 2 * TEMP_GRACE;
    let file = File::options().write(true).open(&temp).unwrap();
    file.set_modified(long_ago).unwrap();
    data.load(SourceId::CBR);
    assert_eq!(names_in(&data.root().join("cbr")), ["2025.bin"]);
    drop(writer);
}

#[test]
fn a_leftover_temp_file_of_this_process_is_removed_when_the_source_loads() {
    let (_tmp, data) = saved(&[table("2025-03-01", "76.1")]);
    let temp = format!(".2025.bin.tmp-{}-999999", std::process::id());
    fs::write(cbr_file(&data, &temp), b"KURS half").unwrap();
    let loaded = data.load(SourceId::CBR);
    assert_eq!(dates(&loaded), ["2025-03-01"]);
    assert_eq!(names_in(&data.root().join("cbr")), ["2025.bin"]);
}

#[test]
fn a_failed_write_names_its_path_and_leaves_stored_files_as_they_were() {
    let (_tmp, data) = saved(&[table("2025-03-01", "76.1")]);
    let good = fs::read(cbr_file(&data, "2025.bin")).unwrap();
    let blocked = cbr_file(&data, "2026.bin");
    fs::create_dir(&blocked).unwrap();

    let err = data
        .save_tables(SourceId::CBR, &[table("2026-01-10", "80")])
        .unwrap_err();
    assert_eq!(err.path, blocked);
    let shown = err.to_string();
    assert!(
        shown.contains("2026.bin: ") && shown.contains("os error"),
        "{shown}"
    );
    assert_eq!(fs::read(cbr_file(&data, "2025.bin")).unwrap(), good);
    assert_eq!(names_in(&data.root().join("cbr")), ["2025.bin", "2026.bin"]);

    fs::remove_dir(&blocked).unwrap();
    data.save_tables(SourceId::CBR, &[table("2026-01-10", "80")])
        .unwrap();
    let loaded = data.load(SourceId::CBR);
    assert_eq!(dates(&loaded), ["2025-03-01", "2026-01-10"]);
}

#[test]
fn a_file_where_the_root_should_be_fails_saving_with_the_source_directory_named() {
    let tmp = TempDir::new().unwrap();
    fs::write(tmp.path().join("kurs"), b"not a directory").unwrap();
    let data = DataDir::new(tmp.path().join("kurs"));
    let err = data
        .save_tables(SourceId::CBR, &[table("2025-03-01", "76.1")])
        .unwrap_err();
    assert_eq!(err.path, tmp.path().join("kurs").join("cbr"));
    let err = data.save_json(SourceId::CBR, "state", &1).unwrap_err();
    assert_eq!(err.path, tmp.path().join("kurs").join("cbr"));
    assert_eq!(
        fs::read(tmp.path().join("kurs")).unwrap(),
        b"not a directory"
    );
}

#[test]
fn a_recent_temp_file_of_another_process_found_under_the_lock_is_removed() {
    // Temp files are written under the source's lock: one found while
    // holding it belongs to a writer that died (kill -9 during a sync).
    let (_tmp, data) = saved(&[table("2025-03-01", "76.1")]);
    fs::write(cbr_file(&data, ".2025.bin.tmp-4194304-7"), b"KURS").unwrap();
    data.save_tables(SourceId::CBR, &[table("2025-03-04", "77")])
        .unwrap();
    assert_eq!(names_in(&data.root().join("cbr")), ["2025.bin"]);
    fs::write(cbr_file(&data, ".state.json.tmp-4194304-8"), b"{").unwrap();
    data.save_json(SourceId::CBR, "state", &1).unwrap();
    assert_eq!(
        names_in(&data.root().join("cbr")),
        ["2025.bin", "state.json"]
    );
    fs::write(cbr_file(&data, ".2025.bin.tmp-4194304-9"), b"KURS").unwrap();
    data.load(SourceId::CBR);
    assert_eq!(
        names_in(&data.root().join("cbr")),
        ["2025.bin", "state.json"]
    );
}

#[test]
fn a_recent_temp_file_of_another_process_is_left_alone_while_it_holds_the_lock() {
    let (_tmp, data) = saved(&[table("2025-03-01", "76.1")]);
    let dir = data.root().join("cbr");
    let writer = lock(&dir).unwrap();
    fs::write(cbr_file(&data, ".2025.bin.tmp-4194304-7"), b"KURS").unwrap();
    data.load(SourceId::CBR);
    assert_eq!(names_in(&dir), [".2025.bin.tmp-4194304-7", "2025.bin"]);
    drop(writer);
}

#[test]
fn a_corrupt_year_file_is_set_aside_not_overwritten_when_saving() {
    let (_tmp, data) = saved(&[table("2025-03-01", "76.1")]);
    fs::write(cbr_file(&data, "2025.bin"), b"garbage").unwrap();
    data.save_tables(SourceId::CBR, &[table("2025-03-04", "77")])
        .unwrap();
    let names = names_in(&data.root().join("cbr"));
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names[1].starts_with("2025.bin.corrupt-"), "{names:?}");
    let aside = fs::read(data.root().join("cbr").join(&names[1])).unwrap();
    assert_eq!(aside, b"garbage");
    let loaded = data.load(SourceId::CBR);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(dates(&loaded), ["2025-03-04"]);
}

#[test]
fn a_source_never_saved_loads_empty_without_problems() {
    let tmp = TempDir::new().unwrap();
    let loaded = DataDir::new(tmp.path().join("nowhere")).load(SourceId::NBP);
    assert!(loaded.tables.is_empty() && loaded.problems.is_empty());
}

#[test]
fn a_source_path_that_cannot_be_listed_is_one_problem() {
    let tmp = TempDir::new().unwrap();
    fs::write(tmp.path().join("cbr"), b"not a directory").unwrap();
    let loaded = DataDir::new(tmp.path()).load(SourceId::CBR);
    assert!(loaded.tables.is_empty());
    assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
    assert_eq!(loaded.problems[0].path, tmp.path().join("cbr"));
}

#[cfg(unix)]
#[test]
fn an_unreadable_root_is_one_problem() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, data) = saved(&[table("2025-03-01", "76.1")]);
    let locked = fs::Permissions::from_mode(0o000);
    fs::set_permissions(data.root(), locked).unwrap();
    let readable = fs::read_dir(data.root().join("cbr")).is_ok(); // root ignores modes
    let loaded = data.load(SourceId::CBR);
    fs::set_permissions(data.root(), fs::Permissions::from_mode(0o755)).unwrap();
    drop(tmp);
    if !readable {
        assert!(loaded.tables.is_empty());
        assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
    }
}

#[test]
fn json_documents_round_trip_and_absent_is_none_and_corrupt_is_an_error_naming_the_file() {
    let tmp = TempDir::new().unwrap();
    let data = DataDir::new(tmp.path());
    let absent: Option<BTreeMap<String, String>> =
        data.load_json(SourceId::ECB, "validators").unwrap();
    assert!(absent.is_none());

    let value = BTreeMap::from([("etag".to_string(), "\"abc\"".to_string())]);
    data.save_json(SourceId::ECB, "validators", &value).unwrap();
    let back: Option<BTreeMap<String, String>> =
        data.load_json(SourceId::ECB, "validators").unwrap();
    assert_eq!(back, Some(value));

    let path = tmp.path().join("ecb").join("validators.json");
    fs::write(&path, b"{\"etag\": ").unwrap();
    let err = data
        .load_json::<BTreeMap<String, String>>(SourceId::ECB, "validators")
        .unwrap_err();
    assert_eq!(err.path, path);
    assert!(data.save_json(SourceId::ECB, "../escape", &1).is_err());
}
