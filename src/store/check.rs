//! Telling a damaged database from a good one, before and while opening it.
//!
//! sled 0.34 does not say when its files were damaged: a truncated or
//! deleted log opens as an *empty* database, a log cut short in the middle
//! opens with everything after the cut silently gone, a deleted `blobs/`
//! directory drops every large value, and garbage in the log often makes
//! the open panic ("tried to serialize Uninitialized"). This module adds
//! the evidence sled lacks and turns every one of those into
//! [`StoreError::Damaged`].
//!
//! In: the sled directory (`<data>/harvester.sled`). Out: a verdict
//! (`Ok` or `Damaged` with the reason), a [`Marker`] to keep, and the
//! [`catch_quietly`] wrapper that turns a panic inside sled into an error.
//! Never: modify the database or decide to discard anything (what to do
//! with a damaged database is the user's choice: the error says how).
//!
//! # The evidence
//! - **Generation.** Every time a [`super::Store`] is closed, a counter is
//!   incremented under [`GENERATION_KEY`] in sled, sled is flushed, and only
//!   then the counter is written to `harvester-check.json` in the sled
//!   directory (atomically: temp file + rename). That key is the last write
//!   of the session, so a log that lost its tail lost it; on open, sled's
//!   counter must be at least the file's. A session killed before closing
//!   leaves both at their earlier value.
//! - **Files.** With a check file present, the log `db`, `conf` and `blobs/`
//!   must exist (sled would silently recreate them), and after a clean close
//!   every blob file listed in the check file must still be there.
//! - **Clean flag.** On open the check file is rewritten with `clean: false`
//!   (no blob list): a session killed later legitimately removes blob files.
//! - **A full read.** Garbage inside live data usually passes all of the
//!   above; sled then fails (or panics) only when a read reaches it, in the
//!   middle of a crawl — and its iterators repeat that error forever to a
//!   caller that does not stop at the first one. So every open reads every
//!   tree once, on a helper thread ([`verify`]): an error or a panic, or no
//!   progress for [`STALL`] (a loop on damaged data), is damage. This costs
//!   one read of the database per command (the crawl reads most of it at
//!   start anyway).
//!
//! A sled directory without a check file (made before these checks
//! existed) is opened as before and gets one.

use std::cell::Cell;
use std::panic::{self, UnwindSafe};
use std::path::Path;
use std::sync::Once;

use serde::{Deserialize, Serialize};

use super::StoreError;

/// The check file, inside the sled directory.
pub(super) const MARKER_FILE: &str = "harvester-check.json";

/// sled key of the close counter (in the default tree, beside the frontier's
/// prefixed keys).
pub(super) const GENERATION_KEY: &[u8] = b"m\0store-generation";

/// No progress for this long while reading the database means sled is
/// looping on damaged data.
pub(super) const STALL: std::time::Duration = std::time::Duration::from_secs(30);

/// Read every record of every tree, on a helper thread watched for
/// progress: errors, panics and stalls become [`StoreError::Damaged`]. On
/// a stall the helper is left behind (sled gives no way to stop it); the
/// caller is about to fail anyway.
pub(super) fn verify(db: &sled::Db, db_path: &Path) -> Result<(), StoreError> {
    use std::sync::mpsc::{channel, RecvTimeoutError};
    enum Msg {
        Progress,
        Done(Result<u64, String>),
    }
    let (tx, rx) = channel();
    let scan_db = db.clone();
    std::thread::Builder::new()
        .name("store-verify".into())
        .spawn(move || {
            let ping = tx.clone();
            let result = catch_quietly(std::panic::AssertUnwindSafe(move || {
                let mut n = 0u64;
                for name in scan_db.tree_names() {
                    let tree = scan_db.open_tree(&name).map_err(|e| describe(&e))?;
                    for item in tree.iter() {
                        item.map_err(|e| describe(&e))?;
                        n += 1;
                        if n % 64 == 0 {
                            let _ = ping.send(Msg::Progress);
                        }
                    }
                }
                Ok(n)
            }))
            .unwrap_or_else(|p| Err(format!("sled failed reading it: {}", panic_text(&*p))));
            let _ = tx.send(Msg::Done(result));
        })
        .map_err(|e| StoreError::Io {
            path: db_path.to_owned(),
            source: e,
        })?;
    let mut seen = 0u64;
    loop {
        match rx.recv_timeout(STALL) {
            Ok(Msg::Progress) => seen += 64,
            Ok(Msg::Done(Ok(n))) => {
                tracing::debug!(records = n, "database read through");
                return Ok(());
            }
            Ok(Msg::Done(Err(why))) => return Err(damaged(db_path, why)),
            Err(RecvTimeoutError::Timeout) => {
                return Err(damaged(
                    db_path,
                    format!(
                        "sled made no progress reading it for {} s after {seen} records: \
                         it loops on damaged data (or the disk is failing)",
                        STALL.as_secs()
                    ),
                ))
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(damaged(db_path, "sled failed reading it"))
            }
        }
    }
}

/// What the check file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Marker {
    /// Closes so far (sled's [`GENERATION_KEY`] at the last close).
    pub generation: u64,
    /// The last session closed cleanly (the blob list is current).
    pub clean: bool,
    /// Blob file names after the last clean close.
    #[serde(default)]
    pub blobs: Vec<String>,
}

pub(super) fn damaged(db_path: &Path, reason: impl Into<String>) -> StoreError {
    StoreError::Damaged {
        path: db_path.to_owned(),
        reason: reason.into(),
    }
}

/// Read the check file: `None` when there is none.
pub(super) fn read_marker(db_path: &Path) -> Result<Option<Marker>, StoreError> {
    let path = db_path.join(MARKER_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(damaged(db_path, format!("{MARKER_FILE} unreadable: {e}"))),
    };
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| damaged(db_path, format!("{MARKER_FILE} is not a check file: {e}")))
}

/// Write the check file atomically (temp file, fsync, rename).
pub(super) fn write_marker(db_path: &Path, marker: &Marker) -> std::io::Result<()> {
    use std::io::Write as _;
    let path = db_path.join(MARKER_FILE);
    let tmp = db_path.join(format!("{MARKER_FILE}.tmp"));
    let json = serde_json::to_vec_pretty(marker).map_err(std::io::Error::other)?;
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(&json)?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, &path)
}

/// Blob file names, sorted.
pub(super) fn blob_names(db_path: &Path) -> std::io::Result<Vec<String>> {
    let mut names = Vec::new();
    for e in std::fs::read_dir(db_path.join("blobs"))? {
        names.push(e?.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    Ok(names)
}

/// The checks that need no open database: the files sled would silently
/// recreate must be there.
pub(super) fn preflight(db_path: &Path, marker: Option<&Marker>) -> Result<(), StoreError> {
    let exists = |name: &str| db_path.join(name).exists();
    match marker {
        None => {
            // No check file: only an obviously incomplete directory is refused.
            if exists("db") && !exists("conf") {
                return Err(damaged(db_path, "its conf file is missing"));
            }
            Ok(())
        }
        Some(m) => {
            for (name, what) in [
                ("db", "its log file db is missing"),
                ("conf", "its conf file is missing"),
                ("blobs", "its blobs directory is missing"),
            ] {
                if !exists(name) {
                    return Err(damaged(db_path, what));
                }
            }
            if m.clean {
                let present = blob_names(db_path).map_err(|e| {
                    damaged(db_path, format!("its blobs directory is unreadable: {e}"))
                })?;
                if let Some(lost) = m.blobs.iter().find(|b| present.binary_search(b).is_err()) {
                    return Err(damaged(
                        db_path,
                        format!("blob file blobs/{lost} is missing"),
                    ));
                }
            }
            Ok(())
        }
    }
}

/// The close counter stored in sled (0 when absent); a read error is damage.
pub(super) fn generation(db: &sled::Db, db_path: &Path) -> Result<u64, StoreError> {
    let v = db
        .get(GENERATION_KEY)
        .map_err(|e| damaged(db_path, describe(&e)))?;
    Ok(v.map_or(0, |v| {
        u64::from_be_bytes(v.as_ref().try_into().unwrap_or([0; 8]))
    }))
}

/// What an error from sled's open means for the user.
pub(super) fn open_failure(db_path: &Path, e: sled::Error) -> StoreError {
    match e {
        sled::Error::Corruption { .. }
        | sled::Error::Unsupported(_)
        | sled::Error::ReportableBug(_) => damaged(db_path, describe(&e)),
        sled::Error::Io(ref io)
            if matches!(
                io.kind(),
                std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof
            ) =>
        {
            damaged(db_path, describe(&e))
        }
        other => StoreError::Open {
            path: db_path.to_owned(),
            source: other,
        },
    }
}

/// A sled error in words (sled's own Display adds `backtrace ()`).
pub(super) fn describe(e: &sled::Error) -> String {
    match e {
        sled::Error::Corruption { at: Some(at), .. } => {
            format!("sled read corrupted data at {at:?}")
        }
        sled::Error::Corruption { at: None, .. } => "sled read corrupted data".into(),
        sled::Error::Unsupported(why) | sled::Error::ReportableBug(why) => why.clone(),
        other => format!("sled failed reading it: {other}"),
    }
}

thread_local! {
    /// Set while this thread runs a closure under [`catch_quietly`].
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

static INSTALL: Once = Once::new();

/// [`panic::catch_unwind`], with this thread's panics kept off the panic
/// hook while `f` runs (logged at debug level instead): a panic inside sled
/// on a damaged file is reported as [`StoreError::Damaged`], and must not
/// print `thread … panicked` as if harvester had crashed. The filtering
/// hook is installed once, in front of whatever hook was there; other
/// threads' panics, and this thread's outside `f`, pass through unchanged.
pub(super) fn catch_quietly<R>(f: impl FnOnce() -> R + UnwindSafe) -> std::thread::Result<R> {
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if QUIET.try_with(Cell::get).unwrap_or(false) {
                tracing::debug!(location = ?info.location(), "panic inside sled caught: {}", panic_text(info.payload()));
            } else {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let out = panic::catch_unwind(f);
    QUIET.with(|q| q.set(was));
    out
}

/// The message of a panic payload.
pub(super) fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}
