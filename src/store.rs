//! The data directory: one sled database, opened by one process at a time.
//!
//! In: a directory path. Out: a [`Store`] whose [`sled::Db`] the frontier
//! (and later stages) keep their state in. Never: open a directory a second
//! process is using (sled locks it; the lock error becomes
//! [`StoreError::InUse`], not a panic), or lose a write the caller was told
//! is durable ([`Store::flush`] returns only once sled has synced).

use std::path::{Path, PathBuf};

/// Why the data directory could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}: data dir in use by another harvester process (only one crawl per data dir)")]
    InUse(PathBuf),
    #[error("{path}: cannot create data dir: {source}")]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: cannot open database: {source}")]
    Open { path: PathBuf, source: sled::Error },
    #[error("database error: {0}")]
    Db(#[from] sled::Error),
    #[error("corrupt record under key {key:?}: {message}")]
    Corrupt { key: String, message: String },
}

/// How long a lock conflict is retried before the data dir counts as in use.
pub const LOCK_WAIT: std::time::Duration = std::time::Duration::from_millis(1500);

/// The opened data directory.
#[derive(Clone)]
pub struct Store {
    db: sled::Db,
    dir: PathBuf,
}

impl Store {
    /// Open (creating if needed) the data directory `dir`.
    ///
    /// sled 0.34 releases its file lock from a background flusher thread a
    /// moment *after* the last handle is dropped (or its process exits), so
    /// a lock conflict is retried for [`LOCK_WAIT`] before it is reported as
    /// "in use": back-to-back runs must not fail on that moment.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Create {
            path: dir.to_owned(),
            source,
        })?;
        let db_path = dir.join("harvester.sled");
        let deadline = std::time::Instant::now() + LOCK_WAIT;
        let mut pause = std::time::Duration::from_millis(10);
        loop {
            let opened = sled::Config::new()
                .path(&db_path)
                .mode(sled::Mode::LowSpace)
                .open();
            match opened {
                Ok(db) => {
                    return Ok(Store {
                        db,
                        dir: dir.to_owned(),
                    })
                }
                Err(sled::Error::Io(io)) if is_lock_error(&io) => {
                    if std::time::Instant::now() >= deadline {
                        return Err(StoreError::InUse(dir.to_owned()));
                    }
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(std::time::Duration::from_millis(200));
                }
                Err(source) => {
                    return Err(StoreError::Open {
                        path: db_path,
                        source,
                    })
                }
            }
        }
    }

    pub fn db(&self) -> &sled::Db {
        &self.db
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Make every write so far durable.
    pub async fn flush(&self) -> Result<(), StoreError> {
        self.db.flush_async().await?;
        Ok(())
    }
}

fn is_lock_error(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::WouldBlock
        || e.raw_os_error() == Some(11) // EAGAIN / EWOULDBLOCK on Linux
        || e.to_string().contains("lock")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_open_is_in_use_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let first = Store::open(dir.path()).unwrap();
        let second = Store::open(dir.path());
        match second {
            Err(StoreError::InUse(p)) => assert_eq!(p, dir.path()),
            Err(e) => panic!("expected InUse, got {e}"),
            Ok(_) => panic!("second open succeeded"),
        }
        assert!(Store::open(dir.path())
            .err()
            .unwrap()
            .to_string()
            .contains("data dir in use"),);
        drop(first);
    }

    #[test]
    fn reopen_after_drop() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = Store::open(dir.path()).unwrap();
            s.db().insert(b"k", b"v".as_slice()).unwrap();
            s.db().flush().unwrap();
        }
        let s = Store::open(dir.path()).unwrap();
        assert_eq!(s.db().get(b"k").unwrap().unwrap().as_ref(), b"v");
    }
}
