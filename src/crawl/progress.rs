//! Progress while a crawl runs: a live bar on a terminal, plain periodic
//! log lines under cron.
//!
//! In: snapshots of the run's counters. Out: a progress display (through
//! `tracing-indicatif`, so log lines never tear it) or an `info` line every
//! `progress.log_interval_secs`. Never: print to stdout (that is the
//! summary's), or log more often than the interval when not on a terminal.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use tracing_indicatif::span_ext::IndicatifSpanExt;

/// The numbers shown.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub sites_done: u64,
    pub sites_total: u64,
    pub pages: u64,
    pub reports: u64,
    pub errors: u64,
    pub in_flight: u64,
}

impl std::fmt::Display for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "sites {}/{} · pages {} · reports {} · errors {} · in flight {}",
            self.sites_done,
            self.sites_total,
            self.pages,
            self.reports,
            self.errors,
            self.in_flight
        )
    }
}

pub struct Progress {
    span: Option<tracing::Span>,
    interval: Duration,
    last_log: Instant,
    last: Snapshot,
}

impl Progress {
    pub fn new(sites_total: u64, interval: Duration) -> Progress {
        let span = std::io::stderr().is_terminal().then(|| {
            let span = tracing::info_span!("crawl");
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} sites · {msg}",
            ) {
                span.pb_set_style(&style);
            }
            span.pb_set_length(sites_total);
            span.pb_start();
            span
        });
        Progress {
            span,
            interval,
            last_log: Instant::now(),
            last: Snapshot::default(),
        }
    }

    pub fn update(&mut self, s: &Snapshot) {
        if *s == self.last {
            return;
        }
        self.last = s.clone();
        match &self.span {
            Some(span) => {
                span.pb_set_position(s.sites_done);
                span.pb_set_message(&format!(
                    "pages {} · reports {} · errors {}",
                    s.pages, s.reports, s.errors
                ));
            }
            None => {
                if self.last_log.elapsed() >= self.interval {
                    self.last_log = Instant::now();
                    tracing::info!(progress = %s, "crawling");
                }
            }
        }
    }

    pub fn finish(&mut self, s: &Snapshot) {
        self.span = None;
        tracing::info!(progress = %s, "crawl finished");
    }
}
