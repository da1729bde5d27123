//! The end-of-run report: per site, what this run did and what is left.
//!
//! In: the run's counters and the frontier. Out: a [`RunSummary`] that
//! renders as a table (stdout) and serializes as JSON (kept in the data
//! dir for cron users). Never: count from logs — the frontier's records
//! are the truth for what remains queued, failed or skipped.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use serde::Serialize;

use crate::frontier::{Frontier, State};
use crate::store::StoreError;

/// What one site's requests did in this run.
#[derive(Debug, Default, Clone, Serialize)]
pub struct SiteCounters {
    /// Pages and documents fetched with a 2xx (or 304).
    pub fetched: u64,
    /// Of those, pages classified as annual reports.
    pub reports: u64,
    /// Conditional requests answered 304 Not Modified (no body downloaded).
    pub not_modified: u64,
    /// Response body bytes received (after content decoding).
    pub bytes: u64,
    /// Reports stored as new corpus records.
    pub reports_new: u64,
    /// Reports whose URL joined an existing record (same text elsewhere).
    pub reports_merged: u64,
    pub robots_disallowed: u64,
    pub out_of_scope: u64,
    pub traps: u64,
    /// Pages that had more links than `crawl.max_links_per_page`.
    pub links_capped: u64,
    /// New links not recorded: the site is at `crawl.max_frontier_per_site`.
    pub unrecorded: u64,
    /// Failures by kind: timeout, connect, too_large, http_404, redirect, …
    pub errors: BTreeMap<String, u64>,
    /// Anti-bot challenge that stopped the site, if any.
    pub blocked: Option<String>,
    /// robots.txt unavailable (5xx / unreachable) for the whole run.
    pub robots_unavailable: Option<String>,
}

/// One site (seed) in the summary.
#[derive(Debug, Clone, Serialize)]
pub struct SiteSummary {
    pub seed: String,
    pub name: Option<String>,
    pub code: Option<String>,
    pub run: SiteCounters,
    /// Over the whole data dir (all runs).
    pub total_done: u64,
    pub total_reports: u64,
    pub total_failed: u64,
    pub total_skipped: u64,
    /// Still queued for a later run.
    pub queued: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct RunSummary {
    pub elapsed_secs: f64,
    pub sites: Vec<SiteSummary>,
    /// Why the crawl stopped before its end other than by a signal (the
    /// data dir over `store.max_disk_bytes`).
    pub stopped: Option<String>,
}

pub fn build(
    frontier: &Frontier,
    counters: &HashMap<String, SiteCounters>,
    elapsed: Duration,
) -> Result<RunSummary, StoreError> {
    let mut sites: BTreeMap<String, SiteSummary> = BTreeMap::new();
    for seed in frontier.seeds()? {
        let key = super::seed_key(&seed);
        sites.insert(
            key.clone(),
            SiteSummary {
                seed: key.clone(),
                name: seed.name.clone(),
                code: seed.code.clone(),
                run: counters.get(&key).cloned().unwrap_or_default(),
                total_done: 0,
                total_reports: 0,
                total_failed: 0,
                total_skipped: 0,
                queued: 0,
            },
        );
    }
    for r in frontier.records() {
        let r = r?;
        let Some(s) = sites.get_mut(&r.seed) else {
            continue;
        };
        match r.state {
            State::Done => {
                s.total_done += 1;
                if r.is_report() {
                    s.total_reports += 1;
                }
            }
            State::Failed => s.total_failed += 1,
            State::Skipped => s.total_skipped += 1,
            State::Queued | State::InFlight => s.queued += 1,
        }
    }
    Ok(RunSummary {
        elapsed_secs: elapsed.as_secs_f64(),
        sites: sites.into_values().collect(),
        stopped: None,
    })
}

impl std::fmt::Display for RunSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{:<40} {:>7} {:>5} {:>9} {:>7} {:>5} {:>7} {:>6} {:>6} {:>6} {:>7}  notes",
            "site",
            "fetched",
            "304",
            "MB",
            "reports",
            "new",
            "robots",
            "scope",
            "traps",
            "errors",
            "queued"
        )?;
        for s in &self.sites {
            let label = match &s.name {
                Some(n) => format!("{n} {}", s.seed),
                None => s.seed.clone(),
            };
            let errors: u64 = s.run.errors.values().sum();
            let mut notes: Vec<String> = s
                .run
                .errors
                .iter()
                .map(|(k, v)| format!("{k}×{v}"))
                .collect();
            if let Some(b) = &s.run.blocked {
                notes.insert(0, format!("BLOCKED: {b}"));
            }
            if let Some(r) = &s.run.robots_unavailable {
                notes.insert(0, format!("robots.txt unavailable: {r}"));
            }
            if s.run.links_capped > 0 {
                notes.push(format!(
                    "{} pages over crawl.max_links_per_page",
                    s.run.links_capped
                ));
            }
            if s.run.unrecorded > 0 {
                notes.push(format!(
                    "FRONTIER FULL (crawl.max_frontier_per_site): {} new links not recorded",
                    s.run.unrecorded
                ));
            }
            writeln!(
                f,
                "{:<40} {:>7} {:>5} {:>9.3} {:>7} {:>5} {:>7} {:>6} {:>6} {:>6} {:>7}  {}",
                label,
                s.run.fetched,
                s.run.not_modified,
                s.run.bytes as f64 / 1_048_576.0,
                s.run.reports,
                s.run.reports_new,
                s.run.robots_disallowed,
                s.run.out_of_scope,
                s.run.traps,
                errors,
                s.queued,
                notes.join(", ")
            )?;
        }
        let fetched: u64 = self.sites.iter().map(|s| s.run.fetched).sum();
        let reports: u64 = self.sites.iter().map(|s| s.run.reports).sum();
        writeln!(
            f,
            "{} sites, {fetched} fetched, {reports} report pages, in {:.1} s",
            self.sites.len(),
            self.elapsed_secs
        )?;
        if let Some(why) = &self.stopped {
            writeln!(f, "STOPPED: {why}")?;
        }
        Ok(())
    }
}
