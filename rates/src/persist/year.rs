//! Year files: reading one back with every check, and merging new tables
//! into one.

use std::fs::{self, File};
use std::io;
use std::path::Path;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::Datelike;

use super::atomic::write_atomic;
use super::paths::year_file;
use super::PersistError;
use crate::{decode_snapshot, encode_snapshot, History, SourceId, Table};

/// The largest year file read: 4 MiB. The largest real one, a year of the
/// ECB (about 32 currencies on 255 days), is about 40 kB, and the whole
/// bundled 1999-2026 history is 0.9 MB; anything larger is not a year file
/// kurs wrote, and is reported instead of read (a link to `/dev/zero` would
/// otherwise be read until memory runs out).
pub const MAX_YEAR_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Why a stored year file could not be used.
pub(super) enum ReadError {
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

/// The bytes of a year file: `Ok(None)` when there is none. Only a regular
/// file of at most [`MAX_YEAR_FILE_BYTES`] is read: it is opened without
/// blocking (a FIFO would otherwise wait for a writer forever), then its
/// metadata is checked, and the read itself stops past the cap.
pub(super) fn read_regular(path: &Path) -> Result<Option<Vec<u8>>, ReadError> {
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
pub(super) fn read_year(
    path: &Path,
    source: SourceId,
    year: i32,
) -> Result<Option<History>, ReadError> {
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
pub(super) fn save_year(
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
pub(super) fn set_aside(dir: &Path, name: &str, why: &str) -> io::Result<()> {
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
