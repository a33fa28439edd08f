//! The names of the data directory: where it is by default, which names
//! are year files and temp files, and which year each table goes to.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::Datelike;

use crate::Table;

pub(super) fn default_root_from(
    xdg_data_home: Option<OsString>,
    home: Option<OsString>,
) -> Option<PathBuf> {
    let absolute = |v: Option<OsString>| v.map(PathBuf::from).filter(|p| p.is_absolute());
    match absolute(xdg_data_home) {
        Some(data) => Some(data.join("kurs")),
        None => absolute(home).map(|h| h.join(".local").join("share").join("kurs")),
    }
}

pub(super) fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() || name.starts_with('.') || name.contains(['/', '\\']) {
        return Err(format!("{name:?} is not a plain file name"));
    }
    Ok(())
}

pub(super) fn year_file(year: i32) -> String {
    format!("{year:04}.bin")
}

/// The year of a `NNNN.bin` name; `None` for any other name.
pub(super) fn parse_year_file(name: &str) -> Option<i32> {
    let stem = name.strip_suffix(".bin")?;
    let digits = stem.len() == 4 && stem.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| stem.parse().ok()).flatten()
}

/// The year files of `dir`, oldest year first.
pub(super) fn year_files(dir: &Path) -> io::Result<Vec<(i32, PathBuf)>> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if let Some(year) = entry.file_name().to_str().and_then(parse_year_file) {
            files.push((year, entry.path()));
        }
    }
    files.sort();
    Ok(files)
}

pub(super) fn by_year(tables: &[Arc<Table>]) -> io::Result<BTreeMap<i32, Vec<Arc<Table>>>> {
    let mut years: BTreeMap<i32, Vec<Arc<Table>>> = BTreeMap::new();
    for t in tables {
        let year = t.date().year();
        if !(0..=9999).contains(&year) {
            let msg = format!("cannot store a table dated {}", t.date());
            return Err(io::Error::new(io::ErrorKind::InvalidInput, msg));
        }
        years.entry(year).or_default().push(Arc::clone(t));
    }
    Ok(years)
}

/// The process id in a temp file name `.<name>.tmp-<pid>-<n>`.
pub(super) fn temp_pid(name: &str) -> Option<u32> {
    let (_, rest) = name.strip_prefix('.')?.rsplit_once(".tmp-")?;
    rest.split_once('-')?.0.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_root_prefers_an_absolute_xdg_data_home_then_home() {
        let os = |s: &str| Some(OsString::from(s));
        let root = default_root_from(os("/xdg"), os("/home/u"));
        assert_eq!(root, Some(PathBuf::from("/xdg/kurs")));
        let root = default_root_from(os("relative"), os("/home/u"));
        assert_eq!(root, Some(PathBuf::from("/home/u/.local/share/kurs")));
        let root = default_root_from(None, os("/home/u"));
        assert_eq!(root, Some(PathBuf::from("/home/u/.local/share/kurs")));
        assert_eq!(default_root_from(os(""), None), None);
    }

    #[test]
    fn only_four_digit_bin_names_are_year_files() {
        assert_eq!(parse_year_file("2025.bin"), Some(2025));
        for name in [
            ".2025.bin.tmp-1-0",
            "2025.bin.corrupt-1",
            "25.bin",
            "abcd.bin",
        ] {
            assert_eq!(parse_year_file(name), None, "{name}");
        }
        assert_eq!(temp_pid(".2025.bin.tmp-42-3"), Some(42));
        assert_eq!(temp_pid("2025.bin"), None);
    }
}
