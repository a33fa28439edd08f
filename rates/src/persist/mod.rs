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

mod atomic;
mod lock;
mod paths;
#[cfg(test)]
mod tests;
mod year;

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use crate::{SourceId, Table};
use atomic::{remove_temps, write_atomic, Held};
use lock::{lock, try_lock};
use paths::{by_year, check_name, default_root_from, year_file, year_files};
use year::{read_year, save_year};

pub use year::MAX_YEAR_FILE_BYTES;

/// Serializes the saves of this process: a save reads, merges and rewrites
/// a year file, and removes leftover temp files, so two at once could lose
/// tables or remove each other's temp file.
static SAVE_LOCK: Mutex<()> = Mutex::new(());

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
    pub(super) fn at(path: &Path) -> impl FnOnce(io::Error) -> Self + '_ {
        move |e| Self::new(path, e)
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
