//! The data directory: fetched tables kept across restarts.
//!
//! # Layout
//!
//! ```text
//! <root>/<source id>/<year>.bin    the source's tables of one calendar year,
//!                                  in the snapshot format (encode_snapshot)
//! <root>/<source id>/<name>.json   small documents: validators, spans, status
//! ```
//!
//! One file per year keeps each write small (a new table rewrites only its
//! year) and loading fast and exact: the snapshot decoder, no text parsing.
//!
//! # Durability
//!
//! Every file is replaced atomically: written to a temp file in the same
//! directory (`.<name>.tmp-<pid>-<n>`), synced, renamed over the target,
//! and the directory synced. A crash at any point leaves either the old or
//! the new file. Loading reads only `NNNN.bin` names, so a half-written temp
//! file is ignored. Every temp file is written under the source's lock
//! (below), so one found while holding the lock is a dead writer's and is
//! removed; loading without the lock removes only this process's and those
//! older than a minute.
//! Two kurs processes may share one data directory (a server and `kurs
//! sync`): every read-merge-write of a source's files holds an advisory
//! lock on `<root>/<source id>/.lock`, so neither overwrites the other's
//! tables; a server picks up what another process wrote by rescanning the
//! year files ([`crate::RESCAN_INTERVAL`]). Only regular files of at most
//! [`MAX_YEAR_FILE_BYTES`] are read, opened without blocking.
//!
//! A file that no longer decodes is renamed to `<year>.bin.corrupt-<unix
//! secs>` before its year is written again, so nothing stored is silently
//! destroyed. A failed write leaves every stored file as it was and names
//! the path it could not write ([`PersistError`]).

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::Datelike;

use crate::{decode_snapshot, encode_snapshot, History, SourceId, Table};

/// Numbers temp files so that two writes of one process never share one.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Serializes the saves of this process: a save reads, merges and rewrites
/// a year file, and removes leftover temp files, so two at once could lose
/// tables or remove each other's temp file.
static SAVE_LOCK: Mutex<()> = Mutex::new(());

/// A temp file of another process younger than this may still be in use.
const TEMP_GRACE: Duration = Duration::from_secs(60);

/// The largest year file read: 4 MiB. The largest real one, a year of the
/// ECB (about 32 currencies on 255 days), is about 40 kB, and the whole
/// bundled 1999-2026 history is 0.9 MB; anything larger is not a year file
/// kurs wrote, and is reported instead of read (a link to `/dev/zero` would
/// otherwise be read until memory runs out).
pub const MAX_YEAR_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The advisory lock file of a source directory. Every read-merge-write of
/// the source's files holds an exclusive lock on it, so that two kurs
/// processes (a server and `kurs sync`) never overwrite each other's tables.
const LOCK_FILE: &str = ".lock";

/// The directory where fetched tables persist across restarts.
///
/// It holds one directory per source, and in it one file per calendar year
/// (see the module documentation). Saving merges with what is stored;
/// loading reports each unreadable file and carries on with the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

/// What [`DataDir::load`] found for one source.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// Every table read, oldest first.
    pub tables: Vec<Arc<Table>>,
    /// Every file that could not be read; each was skipped.
    pub problems: Vec<LoadProblem>,
}

/// A file of the data directory that could not be read, and why.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}: {message}; skipped", .path.display())]
pub struct LoadProblem {
    /// The file (or directory) that could not be read.
    pub path: PathBuf,
    /// What was wrong with it.
    pub message: String,
}

impl LoadProblem {
    fn new(path: impl Into<PathBuf>, message: impl ToString) -> Self {
        Self {
            path: path.into(),
            message: message.to_string(),
        }
    }
}

/// A write to the data directory that failed: which path, and the OS error.
///
/// Nothing stored is lost by a failed write (every file is replaced
/// atomically); the tables not written are still served from memory.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[error("cannot write {}: {message}; check that the data directory is a writable directory", .path.display())]
pub struct PersistError {
    /// The file or directory that could not be written (or read to merge).
    pub path: PathBuf,
    /// What went wrong, usually the OS error.
    pub message: String,
}

impl PersistError {
    pub(crate) fn new(path: impl Into<PathBuf>, message: impl ToString) -> Self {
        Self {
            path: path.into(),
            message: message.to_string(),
        }
    }

    /// Wraps an error of `path`, for `map_err`.
    fn at(path: &Path) -> impl FnOnce(io::Error) -> Self + '_ {
        move |e| Self::new(path, e)
    }
}

/// Why a stored year file could not be used.
enum ReadError {
    /// The file could not be read at all (permission, I/O).
    Io(io::Error),
    /// The file was read but does not hold what its name says.
    Corrupt(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::Corrupt(why) => f.write_str(why),
        }
    }
}

impl DataDir {
    /// A data directory at `root` (created on the first save).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The default root: `$XDG_DATA_HOME/kurs` when `XDG_DATA_HOME` is set
    /// and absolute, else `$HOME/.local/share/kurs` when `HOME` is set and
    /// absolute; `None` if neither is known.
    ///
    /// The library reads no environment: `kurs` passes the two values
    /// (and handles `$KURS_DATA_DIR` itself).
    pub fn default_root(
        xdg_data_home: Option<OsString>,
        home: Option<OsString>,
    ) -> Option<PathBuf> {
        default_root_from(xdg_data_home, home)
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn source_dir(&self, source: SourceId) -> PathBuf {
        self.root.join(source.as_str())
    }

    /// Stores `tables` (all of `source`), merged with what is already
    /// stored: a table replaces a stored one of the same date, and stored
    /// tables of other dates are kept. Each year file is replaced
    /// atomically; a stored file that no longer decodes is renamed aside
    /// (`<year>.bin.corrupt-<unix secs>`) and its year holds `tables` alone.
    ///
    /// A failed write names the path it could not write; files already
    /// stored are left as they were.
    ///
    /// # Panics
    /// Debug builds assert that every table belongs to `source`.
    pub fn save_tables(&self, source: SourceId, tables: &[Arc<Table>]) -> Result<(), PersistError> {
        debug_assert!(
            tables.iter().all(|t| t.source() == source),
            "save_tables({source}) was given another source's table"
        );
        if tables.is_empty() {
            return Ok(());
        }
        let _guard = SAVE_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
        let dir = self.source_dir(source);
        fs::create_dir_all(&dir).map_err(PersistError::at(&dir))?;
        let _lock = lock(&dir)?;
        remove_temps(&dir, Held::Lock);
        for (year, new) in by_year(tables).map_err(PersistError::at(&dir))? {
            save_year(&dir, source, year, new)?;
        }
        Ok(())
    }

    /// Everything stored for `source`, oldest first, plus every file that
    /// could not be read (each skipped). A source never saved loads empty,
    /// with no problem.
    ///
    /// Temp files left by a crash are removed here (see the module
    /// documentation).
    pub fn load(&self, source: SourceId) -> Loaded {
        let dir = self.source_dir(source);
        {
            let _guard = SAVE_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
            // The lock if it is free (not on a read-only directory).
            match try_lock(&dir) {
                Some(_lock) => remove_temps(&dir, Held::Lock),
                None => remove_temps(&dir, Held::Nothing),
            }
        }
        let mut loaded = Loaded::default();
        let files = match year_files(&dir) {
            Ok(files) => files,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return loaded,
            Err(e) => {
                loaded.problems.push(LoadProblem::new(dir, e));
                return loaded;
            }
        };
        for (year, path) in files {
            match read_year(&path, source, year) {
                Ok(Some(history)) => loaded.tables.extend_from_slice(history.tables()),
                Ok(None) => {} // removed since it was listed
                Err(e) => loaded.problems.push(LoadProblem::new(path, e)),
            }
        }
        loaded
    }

    /// The year files of `source` with their [`FileStamp`]s, oldest year
    /// first; none if the source directory cannot be listed.
    pub fn stamps(&self, source: SourceId) -> Vec<(i32, FileStamp)> {
        let files = year_files(&self.source_dir(source)).unwrap_or_default();
        let stamp = |(year, path): (i32, PathBuf)| Some((year, FileStamp::of(&path)?));
        files.into_iter().filter_map(stamp).collect()
    }

    /// The tables of one year file of `source` (none if it is absent), or
    /// the problem that kept it from being read.
    pub fn load_year(&self, source: SourceId, year: i32) -> Result<Vec<Arc<Table>>, LoadProblem> {
        let path = self.source_dir(source).join(year_file(year));
        match read_year(&path, source, year) {
            Ok(Some(history)) => Ok(history.tables().to_vec()),
            Ok(None) => Ok(Vec::new()),
            Err(e) => Err(LoadProblem::new(path, e)),
        }
    }

    /// Stores a small JSON document `<root>/<source>/<name>.json`
    /// atomically (fetch validators, known date spans, status).
    ///
    /// `name` must be a plain file name: not empty, no path separator, no
    /// leading dot.
    pub fn save_json<T: serde::Serialize>(
        &self,
        source: SourceId,
        name: &str,
        value: &T,
    ) -> Result<(), PersistError> {
        let dir = self.source_dir(source);
        let file = format!("{name}.json");
        let path = dir.join(&file);
        check_name(name).map_err(|e| PersistError::new(&path, e))?;
        let bytes = serde_json::to_vec_pretty(value).map_err(|e| PersistError::new(&path, e))?;
        let _guard = SAVE_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
        fs::create_dir_all(&dir).map_err(PersistError::at(&dir))?;
        let _lock = lock(&dir)?;
        remove_temps(&dir, Held::Lock);
        write_atomic(&dir, &file, &bytes)
    }

    /// Reads back a document stored by [`DataDir::save_json`]: `Ok(None)`
    /// if it is absent; an unreadable or corrupt file is an error naming it
    /// (the caller reports it and carries on without).
    pub fn load_json<T: serde::de::DeserializeOwned>(
        &self,
        source: SourceId,
        name: &str,
    ) -> Result<Option<T>, LoadProblem> {
        let path = self.source_dir(source).join(format!("{name}.json"));
        check_name(name).map_err(|e| LoadProblem::new(&path, e))?;
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(LoadProblem::new(path, e)),
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| LoadProblem::new(path, e))
    }
}

/// What tells one version of a file from another without reading it:
/// its modification time, size and (on Unix) inode. Every write replaces a
/// year file by renaming a new one over it, so a new inode alone tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    modified: Option<SystemTime>,
    len: u64,
    inode: u64,
}

impl FileStamp {
    /// The stamp of the file at `path`, following links; `None` if it
    /// cannot be read.
    pub fn of(path: &Path) -> Option<Self> {
        let meta = fs::metadata(path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Self {
            modified: meta.modified().ok(),
            len: meta.len(),
            inode,
        })
    }
}

fn default_root_from(xdg_data_home: Option<OsString>, home: Option<OsString>) -> Option<PathBuf> {
    let absolute = |v: Option<OsString>| v.map(PathBuf::from).filter(|p| p.is_absolute());
    match absolute(xdg_data_home) {
        Some(data) => Some(data.join("kurs")),
        None => absolute(home).map(|h| h.join(".local").join("share").join("kurs")),
    }
}

fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() || name.starts_with('.') || name.contains(['/', '\\']) {
        return Err(format!("{name:?} is not a plain file name"));
    }
    Ok(())
}

fn year_file(year: i32) -> String {
    format!("{year:04}.bin")
}

/// The year of a `NNNN.bin` name; `None` for any other name.
fn parse_year_file(name: &str) -> Option<i32> {
    let stem = name.strip_suffix(".bin")?;
    let digits = stem.len() == 4 && stem.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| stem.parse().ok()).flatten()
}

/// The year files of `dir`, oldest year first.
fn year_files(dir: &Path) -> io::Result<Vec<(i32, PathBuf)>> {
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

fn by_year(tables: &[Arc<Table>]) -> io::Result<BTreeMap<i32, Vec<Arc<Table>>>> {
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

/// Takes the exclusive advisory lock of a source directory (see
/// [`LOCK_FILE`]); it is released when the returned file is dropped.
///
/// The lock is `fs4`'s (`flock` on Unix, `LockFileEx` on Windows), the
/// same call as `std`'s `File::lock`, which needs Rust 1.89 (kurs builds
/// with 1.85). An `flock` belongs to the open file, so it also excludes
/// another open of the same file within this process.
/// The lock of [`lock`] if it is free now and the lock file can be opened
/// (not on a read-only directory); `None` otherwise, at once.
fn try_lock(dir: &Path) -> Option<File> {
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LOCK_FILE))
        .ok()?;
    fs4::FileExt::try_lock(&file).ok()?;
    Some(file)
}

fn lock(dir: &Path) -> Result<File, PersistError> {
    let path = dir.join(LOCK_FILE);
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(PersistError::at(&path))?;
    fs4::FileExt::lock(&file).map_err(PersistError::at(&path))?;
    Ok(file)
}

/// The bytes of a year file: `Ok(None)` when there is none. Only a regular
/// file of at most [`MAX_YEAR_FILE_BYTES`] is read: it is opened without
/// blocking (a FIFO would otherwise wait for a writer forever), then its
/// metadata is checked, and the read itself stops past the cap.
fn read_regular(path: &Path) -> Result<Option<Vec<u8>>, ReadError> {
    let mut options = File::options();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = match options.open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(ReadError::Io(e)),
    };
    let meta = file.metadata().map_err(ReadError::Io)?;
    if meta.is_dir() {
        // Not set aside when saving: a directory is the operator's.
        #[cfg(unix)]
        let e = io::Error::from_raw_os_error(libc::EISDIR);
        #[cfg(not(unix))]
        let e = io::Error::new(io::ErrorKind::IsADirectory, "is a directory");
        return Err(ReadError::Io(e));
    }
    if !meta.is_file() {
        return Err(ReadError::Corrupt(
            "not a regular file (a FIFO or a device); kurs reads only the files it wrote"
                .to_owned(),
        ));
    }
    let too_large = || {
        ReadError::Corrupt(format!(
            "larger than the {MAX_YEAR_FILE_BYTES} bytes a year file may hold"
        ))
    };
    if meta.len() > MAX_YEAR_FILE_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    io::Read::read_to_end(
        &mut io::Read::take(file, MAX_YEAR_FILE_BYTES + 1),
        &mut bytes,
    )
    .map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_YEAR_FILE_BYTES {
        return Err(too_large());
    }
    Ok(Some(bytes))
}

/// Reads and checks one year file; `Ok(None)` when there is none.
fn read_year(path: &Path, source: SourceId, year: i32) -> Result<Option<History>, ReadError> {
    let Some(bytes) = read_regular(path)? else {
        return Ok(None);
    };
    let history = decode_snapshot(&bytes).map_err(|e| ReadError::Corrupt(e.to_string()))?;
    if history.source() != source {
        let other = history.source();
        return Err(ReadError::Corrupt(format!(
            "holds {other} tables, not {source}"
        )));
    }
    if let Some(t) = history.tables().iter().find(|t| t.date().year() != year) {
        let msg = format!("holds a table dated {}, not of {year}", t.date());
        return Err(ReadError::Corrupt(msg));
    }
    Ok(Some(history))
}

/// Merges `new` into the stored file of `year` and writes it back.
fn save_year(
    dir: &Path,
    source: SourceId,
    year: i32,
    new: Vec<Arc<Table>>,
) -> Result<(), PersistError> {
    let name = year_file(year);
    let path = dir.join(&name);
    let stored = match read_year(&path, source, year) {
        Ok(stored) => stored,
        Err(ReadError::Io(e)) => return Err(PersistError::new(path, e)),
        Err(ReadError::Corrupt(why)) => {
            set_aside(dir, &name, &why).map_err(PersistError::at(&path))?;
            None
        }
    };
    let stored = stored.unwrap_or_else(|| History::new(source, std::iter::empty()));
    let merged = stored.merged(new);
    let base = merged.first().map(Table::base);
    if merged.tables().iter().any(|t| Some(t.base()) != base) {
        let msg = format!("{source} tables of {year} do not share one base currency");
        return Err(PersistError::new(path, msg));
    }
    let bytes = encode_snapshot(&merged).map_err(|e| PersistError::new(&path, e))?;
    write_atomic(dir, &name, &bytes)
}

/// Renames a corrupt file out of the way, never over an earlier one.
fn set_aside(dir: &Path, name: &str, why: &str) -> io::Result<()> {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut aside = dir.join(format!("{name}.corrupt-{secs}"));
    for n in 1.. {
        if !aside.try_exists()? {
            break;
        }
        aside = dir.join(format!("{name}.corrupt-{secs}-{n}"));
    }
    let path = dir.join(name);
    fs::rename(&path, &aside)?;
    tracing::warn!(
        path = %path.display(),
        moved_to = %aside.display(),
        "stored rates file is corrupt ({why}); set aside and rewritten with the new tables"
    );
    Ok(())
}

/// Replaces `dir/name` with `bytes`: temp file, sync, rename, sync the dir.
/// Until the rename, `dir/name` is untouched; a failure removes the temp
/// file and names `dir/name`.
fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), PersistError> {
    let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let temp = dir.join(format!(".{name}.tmp-{}-{n}", std::process::id()));
    let target = dir.join(name);
    let written = write_synced(&temp, bytes).and_then(|()| fs::rename(&temp, &target));
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written.map_err(PersistError::at(&target))?;
    sync_dir(dir).map_err(PersistError::at(dir))
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = File::create_new(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Makes a rename durable. Where directories cannot be opened or synced
/// (Windows), the rename is all there is.
fn sync_dir(dir: &Path) -> io::Result<()> {
    match File::open(dir).and_then(|d| d.sync_all()) {
        Err(_) if cfg!(not(unix)) => Ok(()),
        result => result,
    }
}

/// The process id in a temp file name `.<name>.tmp-<pid>-<n>`.
fn temp_pid(name: &str) -> Option<u32> {
    let (_, rest) = name.strip_prefix('.')?.rsplit_once(".tmp-")?;
    rest.split_once('-')?.0.parse().ok()
}

/// What [`remove_temps`] may assume.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Held {
    /// The source's advisory lock: no other process is writing a temp file
    /// there, so every one found is a dead writer's.
    Lock,
    /// Only this process's save lock.
    Nothing,
}

/// Removes temp files left by a crash: with the source's lock held, all of
/// them; without, this process's (saves are serialized, so none is in use)
/// and any older than [`TEMP_GRACE`].
fn remove_temps(dir: &Path, held: Held) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(temp_pid) else {
            continue;
        };
        let age = entry.metadata().and_then(|m| m.modified()).ok();
        let age = age.and_then(|t| t.elapsed().ok()).unwrap_or_default();
        if held == Held::Lock || pid == std::process::id() || age > TEMP_GRACE {
            tracing::debug!(path = %entry.path().display(), "removing a leftover temp file");
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Quote;
    use chrono::NaiveDate;
    use tempfile::TempDir;

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
