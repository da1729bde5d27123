//! Runs: which crawl a data dir is in.
//!
//! In: the store and the clock. Out: the current [`RunInfo`] — a new run
//! when the last one finished, the same run again when the last one was
//! interrupted or killed (so a resumed crawl keeps its run id, its
//! `data/new/<run-id>.jsonl` and its idea of what is due for a revisit).
//! Never: give two runs of one data dir the same id.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::store::{Store, StoreError};

const CURRENT: &[u8] = b"run";

/// One crawl run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunInfo {
    /// `YYYYMMDDTHHMMSSZ` of its start (with `-2`, `-3`… if that is taken).
    pub id: String,
    /// RFC 3339.
    pub started_at: String,
    pub finished: bool,
    #[serde(default)]
    pub finished_at: Option<String>,
}

impl RunInfo {
    pub fn started(&self) -> OffsetDateTime {
        parse_time(&self.started_at).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }
}

pub fn parse_time(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        key: "meta/run".into(),
        message: e.to_string(),
    }
}

/// The run to crawl in now: the unfinished one, or a new one. The bool
/// says whether it is resumed.
pub fn begin(store: &Store, now: OffsetDateTime) -> Result<(RunInfo, bool), StoreError> {
    let meta = store.db().open_tree("meta")?;
    let runs = store.db().open_tree("runs")?;
    if let Some(v) = meta.get(CURRENT)? {
        let last: RunInfo = serde_json::from_slice(&v).map_err(corrupt)?;
        if !last.finished {
            return Ok((last, true));
        }
    }
    let base = format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    );
    let mut id = base.clone();
    let mut n = 1;
    while runs.contains_key(id.as_bytes())? {
        n += 1;
        id = format!("{base}-{n}");
    }
    let run = RunInfo {
        id,
        started_at: rfc3339(now),
        finished: false,
        finished_at: None,
    };
    save(store, &run)?;
    Ok((run, false))
}

/// Mark `run` finished: the next crawl starts a new run.
pub fn finish(store: &Store, run: &mut RunInfo, now: OffsetDateTime) -> Result<(), StoreError> {
    run.finished = true;
    run.finished_at = Some(rfc3339(now));
    save(store, run)
}

fn save(store: &Store, run: &RunInfo) -> Result<(), StoreError> {
    let json = serde_json::to_vec(run).map_err(corrupt)?;
    store
        .db()
        .open_tree("meta")?
        .insert(CURRENT, json.clone())?;
    store
        .db()
        .open_tree("runs")?
        .insert(run.id.as_bytes(), json)?;
    Ok(())
}

/// Every run of the data dir, oldest first.
pub fn all(store: &Store) -> Result<Vec<RunInfo>, StoreError> {
    let runs = store.db().open_tree("runs")?;
    let mut out: Vec<RunInfo> = Vec::new();
    for item in runs.iter() {
        let (_, v) = item?;
        out.push(serde_json::from_slice(&v).map_err(corrupt)?);
    }
    out.sort_by(|a, b| a.started_at.cmp(&b.started_at).then(a.id.cmp(&b.id)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unfinished_run_is_resumed_a_finished_one_is_followed_by_a_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let t = time::macros::datetime!(2026-11-21 07:30:05.5 UTC);
        let (mut first, resumed) = begin(&store, t).unwrap();
        assert!(!resumed);
        assert_eq!(first.id, "20261121T073005Z");
        let (again, resumed) = begin(&store, t + time::Duration::hours(1)).unwrap();
        assert!(resumed);
        assert_eq!(again, first);
        finish(&store, &mut first, t).unwrap();
        // Same second: a distinct id.
        let (second, resumed) = begin(&store, t).unwrap();
        assert!(!resumed);
        assert_eq!(second.id, "20261121T073005Z-2");
        assert_eq!(all(&store).unwrap().len(), 2);
    }
}
