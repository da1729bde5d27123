//! Settling finished work: what a response or an error means for the URL,
//! its host and the links it yielded.
//!
//! In: a [`JobResult`]. Out: frontier updates (one atomic batch per page),
//! host politeness updates (robots rules, Crawl-delay, backoff, blocks) and
//! run counters. Never: retry without bound (attempts are counted in the
//! record against `retry.max_attempts`), retry an anti-bot challenge, or
//! queue a link without the frontier's scope, depth and trap checks.

use std::time::{Duration, Instant, SystemTime};

use anyhow::Context as _;
use url::Url;

use super::hosts::Robots;
use super::work::{JobResult, Page, PageOutcome};
use super::Engine;
use crate::config::AttachmentPolicy;
use crate::discover::{Link, LinkKind, Via};
use crate::fetch::retry;
use crate::fetch::robots::RobotsStatus;
use crate::frontier::{Candidate, State, UrlRecord};
use crate::understand::classify::{self, Kind};

impl Engine {
    pub(super) fn settle(&mut self, result: JobResult) -> anyhow::Result<()> {
        match result {
            JobResult::Robots {
                host,
                origin,
                status,
            } => self.settle_robots(&host, origin, status),
            JobResult::Page { host, rec, outcome } => {
                self.hosts.get_mut(&host).in_flight -= 1;
                self.settle_page(&host, *rec, outcome)?;
                self.hosts.schedule(&host, Instant::now());
                Ok(())
            }
        }
    }

    fn settle_robots(
        &mut self,
        host: &str,
        origin: String,
        status: RobotsStatus,
    ) -> anyhow::Result<()> {
        let now = Instant::now();
        let previous_attempts = match self.hosts.get_mut(host).robots.get(&origin) {
            Some(Robots::Fetching { failures }) => *failures,
            _ => 0,
        };
        let state = match status {
            RobotsStatus::Rules(rules) => {
                self.hosts.set_crawl_delay(host, rules.crawl_delay());
                Robots::Rules(std::sync::Arc::new(rules))
            }
            RobotsStatus::AllowAll(reason) => {
                tracing::debug!(%origin, %reason, "robots.txt: everything allowed");
                Robots::AllowAll
            }
            RobotsStatus::Unavailable(reason) => {
                let attempts = previous_attempts + 1;
                if attempts >= self.cfg.robots.unavailable_max_attempts {
                    tracing::warn!(%origin, %reason, attempts, "robots.txt unavailable; host left for the next run");
                    Robots::GaveUp(reason)
                } else {
                    let wait = Duration::from_secs_f64(self.cfg.robots.unavailable_retry_secs);
                    tracing::info!(%origin, %reason, ?wait, "robots.txt unavailable; will ask again");
                    Robots::Unavailable {
                        attempts,
                        retry_at: now + wait,
                    }
                }
            }
        };
        let h = self.hosts.get_mut(host);
        h.in_flight -= 1;
        h.robots.insert(origin, state);
        self.hosts.schedule(host, now);
        Ok(())
    }

    fn settle_page(
        &mut self,
        host: &str,
        mut rec: UrlRecord,
        outcome: PageOutcome,
    ) -> anyhow::Result<()> {
        let seed = rec.seed.clone();
        match outcome {
            PageOutcome::Error(e) => {
                if e.is_retryable() && rec.attempts < self.cfg.retry.max_attempts {
                    let delay = self.backoff(rec.attempts, None);
                    tracing::debug!(url = %rec.url, error = %e, ?delay, "retrying");
                    self.hosts.defer(host, Instant::now() + delay);
                    self.frontier.requeue(&mut rec, &e.to_string())?;
                    return Ok(());
                }
                rec.state = State::Failed;
                rec.reason = Some(e.to_string());
                *self
                    .counter(&seed)
                    .errors
                    .entry(e.kind().to_string())
                    .or_default() += 1;
                self.frontier.finish(&rec, Vec::new())?;
                self.settled(&seed);
            }
            PageOutcome::Response(page) => self.settle_response(host, rec, *page)?,
        }
        Ok(())
    }

    fn settle_response(
        &mut self,
        host: &str,
        mut rec: UrlRecord,
        page: Page,
    ) -> anyhow::Result<()> {
        let seed = rec.seed.clone();
        let status = page.meta.status;
        self.archive(&rec, &page)?;
        self.counter(&seed).bytes += page.exchange.body.len() as u64;
        let earlier = rec.fetch.take();
        rec.fetch = Some(match (status, earlier) {
            (304, Some(mut kept)) => {
                // Unchanged since the last full response: keep what it said.
                self.counter(&seed).not_modified += 1;
                kept.fetched_at = page.meta.fetched_at.clone();
                kept.revalidated = true;
                kept.etag = page.meta.etag.clone().or(kept.etag);
                kept.last_modified = page.meta.last_modified.clone().or(kept.last_modified);
                kept
            }
            _ => page.meta.clone(),
        });
        if let Some(ch) = &page.challenge {
            let reason = format!(
                "anti-bot challenge ({}, HTTP {status}): {}",
                ch.vendor, ch.detail
            );
            tracing::warn!(url = %rec.url, %reason, "host blocked for this run");
            self.hosts.get_mut(host).blocked = Some(reason.clone());
            self.counter(&seed).blocked = Some(reason.clone());
            rec.state = State::Failed;
            rec.reason = Some(reason);
            self.frontier.finish(&rec, Vec::new())?;
            self.settled(&seed);
            return Ok(());
        }
        if retry::is_retryable_status(status) && rec.attempts < self.cfg.retry.max_attempts {
            let ra = page
                .retry_after
                .as_deref()
                .and_then(|v| retry::parse_retry_after(v, SystemTime::now()));
            let delay = self.backoff(rec.attempts, ra);
            tracing::debug!(url = %rec.url, status, ?delay, "server asked to retry");
            self.hosts.defer(host, Instant::now() + delay);
            self.frontier.requeue(&mut rec, &format!("HTTP {status}"))?;
            return Ok(());
        }
        let mut links = Vec::new();
        if (300..400).contains(&status) && status != 304 {
            match page.meta.redirect_to.as_deref().map(Url::parse) {
                Some(Ok(target)) if rec.redirects < self.cfg.http.max_redirects => {
                    rec.state = State::Done;
                    links.push(Candidate {
                        url: target,
                        form: None,
                        kind: if rec.document {
                            LinkKind::Document
                        } else {
                            LinkKind::Page
                        },
                        via: "redirect".into(),
                        text: rec.anchor.clone(),
                        same_depth: true,
                        redirects: rec.redirects + 1,
                        wanted: true,
                    });
                }
                Some(Ok(_)) => {
                    rec.state = State::Failed;
                    rec.reason = Some(format!(
                        "more than {} redirects",
                        self.cfg.http.max_redirects
                    ));
                }
                _ => {
                    rec.state = State::Failed;
                    rec.reason = Some(format!("HTTP {status} without a usable Location"));
                }
            }
        } else if (200..300).contains(&status) || status == 304 {
            rec.state = State::Done;
            self.counter(&seed).fetched += 1;
            if page.links_dropped > 0 {
                self.counter(&seed).links_capped += 1;
            }
            if page.kind == Some(Kind::AnnualReport) {
                self.counter(&seed).reports += 1;
            }
            let on_report = page.kind == Some(Kind::AnnualReport);
            if let Some(doc) = &page.report {
                self.store_report(&rec, &page, doc)?;
            }
            links = page
                .links
                .into_iter()
                .map(|l| self.candidate(l, &rec, on_report))
                .collect();
        } else {
            rec.state = State::Failed;
            rec.reason = Some(format!("HTTP {status}"));
            let kind = format!("http_{status}");
            *self.counter(&seed).errors.entry(kind).or_default() += 1;
        }
        if rec.state == State::Failed && (300..400).contains(&status) {
            *self
                .counter(&seed)
                .errors
                .entry("redirect".into())
                .or_default() += 1;
        }
        let admitted = self.frontier.finish(&rec, links)?;
        tracing::debug!(
            url = %rec.url,
            status,
            state = rec.state.as_str(),
            queued = admitted.queued,
            known = admitted.known,
            skipped = admitted.skipped,
            "settled"
        );
        let c = self.counter(&seed);
        c.out_of_scope += u64::from(admitted.out_of_scope);
        c.traps += u64::from(admitted.traps);
        c.unrecorded += u64::from(admitted.unrecorded);
        self.admitted(&seed, admitted.queued);
        self.settled(&seed);
        let now = Instant::now();
        for h in &admitted.hosts {
            self.hosts.schedule(h, now);
        }
        Ok(())
    }

    /// Write the exchange to the WARC output, if there is one. A write
    /// failure stops the run: the page stays in flight and is fetched again
    /// next run, so the archive misses nothing.
    fn archive(&mut self, rec: &UrlRecord, page: &Page) -> anyhow::Result<()> {
        let Some(w) = self.warc.as_mut() else {
            return Ok(());
        };
        let ex = &page.exchange;
        w.write_exchange(&crate::warc::Exchange {
            url: &rec.url,
            method: ex.method,
            request_headers: &ex.request_headers,
            request_body: rec.form.as_deref().map(str::as_bytes),
            status: page.meta.status,
            response_headers: &ex.response_headers,
            body: &ex.body,
            fetched_at: ex.at.unwrap_or_else(SystemTime::now),
            peer_ip: ex.remote,
        })
        .with_context(|| format!("writing {} to the WARC output", rec.url))?;
        Ok(())
    }

    /// Hand a report page or attachment to the corpus.
    fn store_report(
        &mut self,
        rec: &UrlRecord,
        page: &Page,
        doc: &crate::understand::Document,
    ) -> anyhow::Result<()> {
        let seed =
            self.seed_refs
                .get(&rec.seed)
                .cloned()
                .unwrap_or_else(|| crate::corpus::SeedRef {
                    url: rec.seed.clone(),
                    ..Default::default()
                });
        let cap = crate::corpus::Capture {
            url: rec.url.clone(),
            found_on: rec.found_on.clone(),
            seed,
            title: page.meta.title.clone(),
            organ: page.meta.organ.clone(),
            year: page.meta.year,
            published: page.meta.published.clone(),
            text: doc.body.clone(),
            tables: doc.tables.clone(),
            source_type: page.meta.source_type.clone().unwrap_or_default(),
            content_type: page.meta.content_type.clone(),
            fetched_at: page.meta.fetched_at.clone(),
            readable: doc.readability == crate::understand::Readability::Ok,
            raw: page.exchange.body.clone(),
        };
        let got = self
            .corpus
            .ingest(&cap, &self.run.id, self.parser.as_ref())
            .with_context(|| format!("storing the report at {}", rec.url))?;
        tracing::debug!(url = %rec.url, outcome = ?got, "report stored");
        let c = self.counter(&rec.seed);
        match got {
            crate::corpus::Ingested::New { .. } => c.reports_new += 1,
            crate::corpus::Ingested::Merged { .. } => c.reports_merged += 1,
            _ => {}
        }
        Ok(())
    }

    /// A discovered link, as the frontier sees it.
    fn candidate(&self, l: Link, parent: &UrlRecord, on_report: bool) -> Candidate {
        let wanted = l.kind == LinkKind::Page
            || match self.cfg.crawl.attachments {
                AttachmentPolicy::All => true,
                AttachmentPolicy::None => false,
                AttachmentPolicy::Reports => {
                    on_report
                        || classify::is_report_title(&l.text)
                        || classify::is_report_column(&l.url)
                        || Url::parse(&parent.url).is_ok_and(|p| classify::is_report_column(&p))
                }
            };
        let same_depth = matches!(
            l.via,
            Via::TrsPager | Via::HanwebProxy | Via::Pager | Via::MetaRefresh | Via::Script
        );
        // Hanweb proxy follow-ups found in a proxy answer carry no form:
        // they inherit the form body of the answer they were found in.
        let form = match (&l.form, l.via) {
            (None, Via::HanwebProxy)
                if parent_path(&parent.url) == Some(l.url.path().to_string()) =>
            {
                parent.form.clone()
            }
            _ => l.form.clone(),
        };
        Candidate {
            via: format!("{:?}", l.via).to_ascii_lowercase(),
            text: l.text,
            kind: l.kind,
            url: l.url,
            form,
            same_depth,
            redirects: 0,
            wanted,
        }
    }

    fn backoff(&self, attempts: u32, retry_after: Option<Duration>) -> Duration {
        retry::next_delay(
            attempts,
            retry_after,
            Duration::from_secs_f64(self.cfg.retry.base_delay_secs),
            Duration::from_secs_f64(self.cfg.retry.max_delay_secs),
            rand::random_range(0.5..1.5),
        )
    }
}

fn parent_path(url: &str) -> Option<String> {
    Url::parse(url).ok().map(|u| u.path().to_string())
}
