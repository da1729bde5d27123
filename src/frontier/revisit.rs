//! Revisits: which known URLs a new run fetches again.
//!
//! In: the frontier's records, the run's start time and the recrawl policy.
//! Out: due records put back in their host queues (their validators kept,
//! so the fetch is conditional). Never: requeue a URL twice in one run (a
//! record fetched after the run started is not due, so a resumed run does
//! not start over), or revisit what was skipped (out of scope, traps,
//! robots.txt) — those reasons do not expire.

use time::{Duration, OffsetDateTime};

use super::{Frontier, State, UrlRecord, URL_PREFIX};
use crate::config::Recrawl;
use crate::store::StoreError;

/// How a link was found, for links that are pagination.
const PAGER_VIAS: [&str; 3] = ["trspager", "hanwebproxy", "pager"];

/// What a revisit pass queued.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Revisits {
    pub listings: u64,
    pub articles: u64,
}

/// A page that lists other pages: re-read each run to find new reports.
pub fn is_listing(r: &UrlRecord) -> bool {
    r.depth == 0
        || PAGER_VIAS.contains(&r.via.as_str())
        || r.fetch
            .as_ref()
            .and_then(|f| f.page_kind.as_deref())
            .is_some_and(|k| k == "listing")
}

/// Whether `r` should be fetched again in a run that started at `run_started`.
pub fn due(r: &UrlRecord, run_started: OffsetDateTime, policy: &Recrawl) -> bool {
    if !matches!(r.state, State::Done | State::Failed) {
        return false;
    }
    let Some(last) = r
        .fetch
        .as_ref()
        .and_then(|f| crate::crawl::runs::parse_time(&f.fetched_at))
    else {
        // Failed before any response: try again next run.
        return true;
    };
    let days = if is_listing(r) && r.state == State::Done {
        policy.listing_after_days
    } else {
        policy.article_after_days
    };
    last < run_started && run_started - last >= Duration::seconds_f64(days * 86_400.0)
}

impl Frontier {
    /// Queue every due record again (see [`due`]).
    pub fn schedule_revisits(
        &mut self,
        run_started: OffsetDateTime,
        policy: &Recrawl,
    ) -> Result<Revisits, StoreError> {
        let mut out = Revisits::default();
        let mut batch = sled::Batch::default();
        let mut in_batch = 0;
        for item in self.tree.scan_prefix(URL_PREFIX) {
            let (k, v) = item?;
            let mut r: UrlRecord = serde_json::from_slice(&v).map_err(|e| super::corrupt(&k, e))?;
            if !due(&r, run_started, policy) {
                continue;
            }
            if is_listing(&r) {
                out.listings += 1;
            } else {
                out.articles += 1;
            }
            r.state = State::Queued;
            r.attempts = 0;
            r.reason = None;
            self.push_queue(&mut batch, &r)?;
            batch.insert(k, r.to_json());
            in_batch += 1;
            if in_batch == 10_000 {
                self.tree.apply_batch(std::mem::take(&mut batch))?;
                in_batch = 0;
            }
        }
        self.tree.apply_batch(batch)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::LinkKind;
    use crate::frontier::FetchMeta;

    fn rec(depth: u32, via: &str, kind: &str, state: State, fetched_at: &str) -> UrlRecord {
        let u = url::Url::parse("http://x.gov.cn/a.html").unwrap();
        let mut r = UrlRecord::new(
            &u,
            None,
            LinkKind::Page,
            depth,
            "http://x.gov.cn/",
            None,
            via,
            "",
        );
        r.state = state;
        r.fetch = Some(FetchMeta {
            status: 200,
            fetched_at: fetched_at.into(),
            page_kind: Some(kind.into()),
            ..FetchMeta::default()
        });
        r
    }

    #[test]
    fn listings_every_run_articles_after_their_days() {
        let run = time::macros::datetime!(2026-02-01 00:00 UTC);
        let p = Recrawl::default();
        let yesterday = "2026-01-31T00:00:00Z";
        let long_ago = "2025-12-01T00:00:00Z";
        assert!(due(
            &rec(0, "seed", "other", State::Done, yesterday),
            run,
            &p
        ));
        assert!(due(
            &rec(2, "anchor", "listing", State::Done, yesterday),
            run,
            &p
        ));
        assert!(due(
            &rec(2, "trspager", "other", State::Done, yesterday),
            run,
            &p
        ));
        assert!(!due(
            &rec(2, "anchor", "annual_report", State::Done, yesterday),
            run,
            &p
        ));
        assert!(due(
            &rec(2, "anchor", "annual_report", State::Done, long_ago),
            run,
            &p
        ));
        // Fetched during this run (a resumed run): not due.
        assert!(!due(
            &rec(0, "seed", "listing", State::Done, "2026-02-01T00:00:01Z"),
            run,
            &p
        ));
        // Skipped and queued records are never revisited.
        assert!(!due(
            &rec(0, "seed", "listing", State::Skipped, long_ago),
            run,
            &p
        ));
        assert!(!due(
            &rec(0, "seed", "listing", State::Queued, long_ago),
            run,
            &p
        ));
        // A failed listing waits like an article.
        assert!(!due(
            &rec(0, "seed", "listing", State::Failed, yesterday),
            run,
            &p
        ));
        let every_week = Recrawl {
            listing_after_days: 7.0,
            article_after_days: 30.0,
        };
        assert!(!due(
            &rec(0, "seed", "listing", State::Done, yesterday),
            run,
            &every_week
        ));
    }
}
