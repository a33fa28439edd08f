//! Replacing a file atomically, and removing the temp files a crash left.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use super::paths::temp_pid;
use super::PersistError;

/// Numbers temp files so that two writes of one process never share one.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A temp file of another process younger than this may still be in use.
pub(super) const TEMP_GRACE: Duration = Duration::from_secs(60);

/// Replaces `dir/name` with `bytes`: temp file, sync, rename, sync the dir.
/// Until the rename, `dir/name` is untouched; a failure removes the temp
/// file and names `dir/name`.
pub(super) fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), PersistError> {
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

pub(super) fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = File::create_new(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Makes a rename durable. Where directories cannot be opened or synced
/// (Windows), the rename is all there is.
pub(super) fn sync_dir(dir: &Path) -> io::Result<()> {
    match File::open(dir).and_then(|d| d.sync_all()) {
        Err(_) if cfg!(not(unix)) => Ok(()),
        result => result,
    }
}

/// What [`remove_temps`] may assume.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Held {
    /// The source's advisory lock: no other process is writing a temp file
    /// there, so every one found is a dead writer's.
    Lock,
    /// Only this process's save lock.
    Nothing,
}

/// Removes temp files left by a crash: with the source's lock held, all of
/// them; without, this process's (saves are serialized, so none is in use)
/// and any older than [`TEMP_GRACE`].
pub(super) fn remove_temps(dir: &Path, held: Held) {
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
