//! The advisory lock of a source directory, shared with other kurs
//! processes.

use std::fs::File;
use std::path::Path;

use super::PersistError;

/// The advisory lock file of a source directory. Every read-merge-write of
/// the source's files holds an exclusive lock on it, so that two kurs
/// processes (a server and `kurs sync`) never overwrite each other's tables.
pub(super) const LOCK_FILE: &str = ".lock";

/// Takes the exclusive advisory lock of a source directory (see
/// [`LOCK_FILE`]); it is released when the returned file is dropped.
///
/// The lock is `fs4`'s (`flock` on Unix, `LockFileEx` on Windows), the
/// same call as `std`'s `File::lock`, which needs Rust 1.89 (kurs builds
/// with 1.85). An `flock` belongs to the open file, so it also excludes
/// another open of the same file within this process.
/// The lock of [`lock`] if it is free now and the lock file can be opened
/// (not on a read-only directory); `None` otherwise, at once.
pub(super) fn try_lock(dir: &Path) -> Option<File> {
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LOCK_FILE))
        .ok()?;
    fs4::FileExt::try_lock(&file).ok()?;
    Some(file)
}

pub(super) fn lock(dir: &Path) -> Result<File, PersistError> {
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
