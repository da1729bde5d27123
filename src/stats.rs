//! `harvester stats`: what a data dir holds.
//!
//! In: an opened store (frontier and corpus). Out: [`Stats`] — reports per
//! seed, per site and per year; pages by state and kind; failures and skips
//! by reason; the runs so far — as a text table or JSON. Never: write to the
//! store.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::corpus::Corpus;
use crate::frontier::State;
use crate::store::{Store, StoreError};

#[derive(Debug, Default, Serialize)]
pub struct Stats {
    /// Unique reports (corpus records).
    pub reports: u64,
    /// URLs those reports were found at.
    pub report_urls: u64,
    /// Records flagged as near-duplicates of another.
    pub near_duplicates: u64,
    /// Per seed URL: name and report count.
    pub reports_per_seed: BTreeMap<String, SeedCount>,
    /// Per host of the report's first URL.
    pub reports_per_site: BTreeMap<String, u64>,
    /// Per year reported on ("unknown" when the report does not say).
    pub reports_per_year: BTreeMap<String, u64>,
    /// Frontier URLs by state.
    pub pages_by_state: BTreeMap<String, u64>,
    /// Fetched URLs by kind (annual_report, listing, other; "redirect").
    pub pages_by_kind: BTreeMap<String, u64>,
    /// Failed URLs by reason kind.
    pub failures: BTreeMap<String, u64>,
    /// Skipped URLs by reason kind.
    pub skips: BTreeMap<String, u64>,
    pub runs: Vec<crate::crawl::runs::RunInfo>,
}

#[derive(Debug, Default, Serialize)]
pub struct SeedCount {
    pub name: Option<String>,
    pub reports: u64,
}

/// The kind of a failure or skip reason: its text before any detail
/// (`HTTP 404`, `trap`, `beyond max depth`, `anti-bot challenge`).
pub fn reason_kind(reason: &str) -> String {
    let cut = reason
        .find([':', '(', '（'])
        .map_or(reason, |i| &reason[..i])
        .trim();
    // "beyond max depth 8", "site reached max pages (20000)": drop numbers
    // that are limits, keep HTTP status codes.
    if cut.starts_with("HTTP ") {
        return cut.to_string();
    }
    cut.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ')
        .to_string()
}

/// Count everything in `store`.
pub fn collect(store: &Store) -> Result<Stats, StoreError> {
    let mut s = Stats::default();
    let corpus = Corpus::open(store)?;
    for r in corpus.records() {
        let r = r?;
        s.reports += 1;
        s.report_urls += r.urls.len() as u64;
        if r.near_duplicate_of.is_some() {
            s.near_duplicates += 1;
        }
        let seed = s.reports_per_seed.entry(r.seed.url.clone()).or_default();
        seed.name = r.seed.name.clone();
        seed.reports += 1;
        let site = url::Url::parse(&r.url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default();
        *s.reports_per_site.entry(site).or_default() += 1;
        let year = r.year.map_or("unknown".to_string(), |y| y.to_string());
        *s.reports_per_year.entry(year).or_default() += 1;
    }
    let tree = store.db();
    for item in tree.scan_prefix(b"u\0") {
        let (k, v) = item?;
        let r: crate::frontier::UrlRecord =
            serde_json::from_slice(&v).map_err(|e| StoreError::Corrupt {
                key: String::from_utf8_lossy(&k).into_owned(),
                message: e.to_string(),
            })?;
        *s.pages_by_state
            .entry(r.state.as_str().to_string())
            .or_default() += 1;
        match r.state {
            State::Done => {
                let kind = match &r.fetch {
                    Some(f) if f.redirect_to.is_some() => "redirect".to_string(),
                    Some(f) => f.page_kind.clone().unwrap_or_else(|| "unread".into()),
                    None => "unread".into(),
                };
                *s.pages_by_kind.entry(kind).or_default() += 1;
            }
            State::Failed => {
                let why = reason_kind(r.reason.as_deref().unwrap_or("unknown"));
                *s.failures.entry(why).or_default() += 1;
            }
            State::Skipped => {
                let why = reason_kind(r.reason.as_deref().unwrap_or("unknown"));
                *s.skips.entry(why).or_default() += 1;
            }
            State::Queued | State::InFlight => {}
        }
    }
    s.runs = crate::crawl::runs::all(store)?;
    Ok(s)
}

impl std::fmt::Display for Stats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "reports: {} unique, at {} URLs, {} flagged as near-duplicates",
            self.reports, self.report_urls, self.near_duplicates
        )?;
        writeln!(f, "\nreports per seed:")?;
        for (seed, c) in &self.reports_per_seed {
            let name = c.name.as_deref().unwrap_or("");
            writeln!(f, "  {:>6}  {name} {seed}", c.reports)?;
        }
        let table = |f: &mut std::fmt::Formatter<'_>,
                     title: &str,
                     m: &BTreeMap<String, u64>|
         -> std::fmt::Result {
            writeln!(f, "\n{title}:")?;
            if m.is_empty() {
                writeln!(f, "  (none)")?;
            }
            for (k, v) in m {
                writeln!(f, "  {v:>6}  {k}")?;
            }
            Ok(())
        };
        table(f, "reports per site", &self.reports_per_site)?;
        table(f, "reports per year", &self.reports_per_year)?;
        table(f, "URLs by state", &self.pages_by_state)?;
        table(f, "fetched pages by kind", &self.pages_by_kind)?;
        table(f, "failures by reason", &self.failures)?;
        table(f, "skipped by reason", &self.skips)?;
        writeln!(f, "\nruns:")?;
        for r in &self.runs {
            let state = if r.finished { "finished" } else { "unfinished" };
            writeln!(f, "  {}  started {}  {state}", r.id, r.started_at)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::reason_kind;

    #[test]
    fn reasons_group_by_their_kind() {
        assert_eq!(reason_kind("HTTP 404"), "HTTP 404");
        assert_eq!(reason_kind("trap: calendar"), "trap");
        assert_eq!(reason_kind("beyond max depth 8"), "beyond max depth");
        assert_eq!(
            reason_kind("site reached max pages (20000)"),
            "site reached max pages"
        );
        assert_eq!(
            reason_kind("anti-bot challenge (wzws, HTTP 200): 请开启JavaScript"),
            "anti-bot challenge"
        );
        assert_eq!(reason_kind("out of scope"), "out of scope");
    }
}
