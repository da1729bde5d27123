//! Per-host politeness and scheduling: who may be asked next, and when.
//!
//! In: host names with work, and what their requests did. Out: the next
//! host that may receive a request, or the instant one will be. Never: let a
//! host exceed its rate (a governor limiter keyed by host, burst from the
//! config), its robots.txt Crawl-delay (kept per host on top of the
//! limiter), or its concurrency cap; never make one host wait for another —
//! hosts sit in a heap ordered by their ready time, so a slow or dead host
//! only ever occupies its own slots.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::Politeness;
use crate::fetch::robots::RobotsRules;

/// What we know of one origin's robots.txt in this run.
#[derive(Debug, Clone)]
pub enum Robots {
    /// Not asked yet.
    Unknown,
    /// A request for it is in flight; `failures` earlier tries were unavailable.
    Fetching { failures: u32 },
    /// Rules to apply.
    Rules(Arc<RobotsRules>),
    /// 4xx (or too many redirects): everything allowed.
    AllowAll,
    /// 5xx or unreachable: nothing may be fetched until `retry_at`.
    Unavailable { attempts: u32, retry_at: Instant },
    /// Unavailable too often: the host waits for the next run.
    GaveUp(String),
}

/// One host's state in this run.
#[derive(Debug)]
pub struct Host {
    pub in_flight: usize,
    /// Nothing is sent before this (backoff, Retry-After, Crawl-delay).
    pub not_before: Option<Instant>,
    pub crawl_delay: Option<Duration>,
    pub last_start: Option<Instant>,
    /// robots.txt per origin (scheme + host + port).
    pub robots: HashMap<String, Robots>,
    /// Set when the host answered with an anti-bot challenge.
    pub blocked: Option<String>,
    /// In the ready heap already.
    scheduled: bool,
}

impl Host {
    fn new() -> Host {
        Host {
            in_flight: 0,
            not_before: None,
            crawl_delay: None,
            last_start: None,
            robots: HashMap::new(),
            blocked: None,
            scheduled: false,
        }
    }
}

/// All hosts of the crawl and the heap of their ready times.
pub struct Hosts {
    map: HashMap<String, Host>,
    heap: BinaryHeap<Reverse<(Instant, u64, String)>>,
    seq: u64,
    limiter: DefaultKeyedRateLimiter<String>,
    clock: DefaultClock,
    pub per_host_cap: usize,
    max_crawl_delay: Duration,
}

impl Hosts {
    pub fn new(p: &Politeness) -> Hosts {
        let period = Duration::from_secs_f64(1.0 / p.requests_per_second);
        let quota = Quota::with_period(period)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MAX))
            .allow_burst(NonZeroU32::new(p.burst).unwrap_or(NonZeroU32::MIN));
        Hosts {
            map: HashMap::new(),
            heap: BinaryHeap::new(),
            seq: 0,
            limiter: RateLimiter::keyed(quota),
            clock: DefaultClock::default(),
            per_host_cap: p.max_concurrent_per_host,
            max_crawl_delay: Duration::from_secs_f64(p.max_crawl_delay_secs),
        }
    }

    pub fn get_mut(&mut self, host: &str) -> &mut Host {
        self.map.entry(host.to_string()).or_insert_with(Host::new)
    }

    #[cfg(test)]
    fn get(&self, host: &str) -> Option<&Host> {
        self.map.get(host)
    }

    /// Put `host` in the ready heap at `at` (no-op if it is already there).
    pub fn schedule(&mut self, host: &str, at: Instant) {
        let h = self.get_mut(host);
        if h.scheduled {
            return;
        }
        h.scheduled = true;
        self.seq += 1;
        self.heap.push(Reverse((at, self.seq, host.to_string())));
    }

    /// The next host whose time has come, taken off the heap.
    pub fn pop_ready(&mut self, now: Instant) -> Option<String> {
        let Reverse((at, _, _)) = self.heap.peek()?;
        if *at > now {
            return None;
        }
        let Reverse((_, _, host)) = self.heap.pop()?;
        if let Some(h) = self.map.get_mut(&host) {
            h.scheduled = false;
        }
        Some(host)
    }

    /// When the earliest scheduled host becomes ready.
    pub fn next_wake(&self) -> Option<Instant> {
        self.heap.peek().map(|Reverse((at, _, _))| *at)
    }

    pub fn is_idle(&self) -> bool {
        self.heap.is_empty()
    }

    /// Record a robots.txt Crawl-delay for `host` (capped by the config).
    pub fn set_crawl_delay(&mut self, host: &str, delay: Option<Duration>) {
        let cap = self.max_crawl_delay;
        let h = self.get_mut(host);
        h.crawl_delay = delay.map(|d| {
            if d > cap {
                tracing::warn!(host, asked = ?d, honoured = ?cap, "robots.txt Crawl-delay capped by politeness.max_crawl_delay_secs");
            }
            d.min(cap)
        });
    }

    /// May `host` receive a request now? Ok consumes one rate-limiter cell
    /// and marks the start; Err gives the instant to try again.
    pub fn try_acquire(&mut self, host: &str, now: Instant) -> Result<(), Instant> {
        let h = self.get_mut(host);
        if let Some(nb) = h.not_before.filter(|nb| now < *nb) {
            return Err(nb);
        }
        if let (Some(last), Some(d)) = (h.last_start, h.crawl_delay) {
            if now < last + d {
                return Err(last + d);
            }
        }
        let key = host.to_string();
        match self.limiter.check_key(&key) {
            Ok(()) => {
                self.get_mut(host).last_start = Some(now);
                Ok(())
            }
            Err(not_until) => Err(now + not_until.wait_time_from(self.clock.now())),
        }
    }

    /// Push `host`'s next request back to at least `until`.
    pub fn defer(&mut self, host: &str, until: Instant) {
        let h = self.get_mut(host);
        if h.not_before.is_none_or(|nb| until > nb) {
            h.not_before = Some(until);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn politeness(rps: f64) -> Politeness {
        Politeness {
            requests_per_second: rps,
            ..Politeness::default()
        }
    }

    #[test]
    fn heap_orders_by_ready_time_and_dedups() {
        let mut hosts = Hosts::new(&politeness(1.0));
        let now = Instant::now();
        hosts.schedule("b", now + Duration::from_secs(2));
        hosts.schedule("a", now + Duration::from_secs(1));
        hosts.schedule("a", now);
        assert_eq!(hosts.pop_ready(now), None);
        let later = now + Duration::from_secs(3);
        assert_eq!(hosts.pop_ready(later).as_deref(), Some("a"));
        assert_eq!(hosts.pop_ready(later).as_deref(), Some("b"));
        assert!(hosts.is_idle());
    }

    #[test]
    fn rate_is_per_host() {
        let mut hosts = Hosts::new(&politeness(1.0));
        let now = Instant::now();
        assert!(hosts.try_acquire("a", now).is_ok());
        let wait = hosts.try_acquire("a", now).unwrap_err();
        assert!(wait > now && wait <= now + Duration::from_millis(1100));
        // Another host is not held back by the first.
        assert!(hosts.try_acquire("b", now).is_ok());
    }

    #[test]
    fn crawl_delay_and_defer_hold_a_host() {
        let mut hosts = Hosts::new(&politeness(1000.0));
        let now = Instant::now();
        hosts.set_crawl_delay("a", Some(Duration::from_secs(5)));
        assert!(hosts.try_acquire("a", now).is_ok());
        assert_eq!(
            hosts.try_acquire("a", now + Duration::from_secs(1)),
            Err(now + Duration::from_secs(5))
        );
        hosts.defer("b", now + Duration::from_secs(9));
        assert_eq!(
            hosts.try_acquire("b", now),
            Err(now + Duration::from_secs(9))
        );
    }

    #[test]
    fn crawl_delay_is_capped() {
        let mut hosts = Hosts::new(&Politeness {
            max_crawl_delay_secs: 10.0,
            ..Politeness::default()
        });
        hosts.set_crawl_delay("a", Some(Duration::from_secs(3600)));
        assert_eq!(
            hosts.get("a").unwrap().crawl_delay,
            Some(Duration::from_secs(10))
        );
    }
}
