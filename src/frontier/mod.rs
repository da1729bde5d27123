//! The frontier: every URL the crawl has discovered, with its state, in sled.
//!
//! In: seeds and the links each fetched page yields. Out: per-host queues of
//! requests to make, and a record per URL (queued, in flight, done, failed +
//! reason, skipped + reason; depth, seed, where it was found, what the fetch
//! saw). Never: admit a URL twice, admit one outside its seed's scope, or
//! change a page's state and its discovered links in two separate writes — a
//! completion and the links it found land in one atomic sled batch, so a
//! process killed at any moment leaves a consistent frontier behind. On open,
//! URLs left in flight by a killed run go back to their queues.
//!
//! Bounds on what a hostile site can make it store:
//! - **Records per site** ([`Frontier::set_max_records_per_site`], the
//!   config's `crawl.max_frontier_per_site`): every record counts, queued,
//!   done, failed or skipped (out of scope, trap …). Once a seed has that
//!   many, new links found under it are not recorded at all: they are
//!   counted in [`Admitted::unrecorded`] and the site gets one warning per
//!   process. The count is rebuilt from the records on open, so it holds
//!   across runs.
//! - **URL length**: a link longer than `traps.max_url_len` is a trap and
//!   is not recorded either (a record keyed by a megabyte-long URL would
//!   cost a megabyte); it is counted in [`Admitted::traps`].
//!
//! A record that cannot be read back (bytes that are not a [`UrlRecord`]:
//! a damaged or hand-edited store) does not stop the crawl: on open it is
//! moved under `x\0` with a warning naming its key, and its URL counts as
//! unknown (found again, it is recorded afresh). Seeds likewise.
//!
//! Layout of the sled tree (one tree, prefixed keys):
//! - `u\0<request key>` → [`UrlRecord`] (JSON)
//! - `q\0<host>\0<seq u64 BE>` → request key: the per-host FIFO of queued requests
//! - `s\0<seed url>` → [`crate::seeds::Seed`] (JSON)
//! - `x\0<original key>` → the bytes of an unreadable `u\0` or `s\0` record, kept for inspection

pub mod canon;
mod record;
pub mod revisit;
pub mod scope;
pub mod traps;

use std::collections::{BTreeSet, HashMap};

use url::Url;

use crate::discover::LinkKind;
use crate::seeds::Seed;
use crate::store::{Store, StoreError};
pub use record::{request_key, FetchMeta, State, UrlRecord};
pub use revisit::Revisits;
use scope::Scope;
use traps::{TrapGuard, TrapLimits};

const URL_PREFIX: &[u8] = b"u\0";
const QUEUE_PREFIX: &[u8] = b"q\0";
const SEED_PREFIX: &[u8] = b"s\0";
const QUARANTINE_PREFIX: &[u8] = b"x\0";

/// The skip reason of a URL outside its seed's scope.
pub const OUT_OF_SCOPE: &str = "out of scope";

/// A link offered to the frontier by a fetched page (or a seed).
#[derive(Debug, Clone)]
pub struct Candidate {
    pub url: Url,
    /// Form body when the request must be POSTed.
    pub form: Option<String>,
    pub kind: LinkKind,
    /// How it was found ("anchor", "trs-pager", "redirect", …).
    pub via: String,
    /// Anchor text, if any.
    pub text: String,
    /// Pagination and redirects stay at their parent's depth.
    pub same_depth: bool,
    /// Redirect hops that led here (0 for ordinary links).
    pub redirects: u32,
    /// Whether an attachment should be fetched (decided by the caller's policy).
    pub wanted: bool,
}

/// Limits applied when admitting URLs.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_depth: u32,
    pub max_pages_per_site: u32,
    pub traps: TrapLimits,
}

/// What a recovery found on open.
#[derive(Debug, Default, Clone, Copy)]
pub struct Recovered {
    pub records: u64,
    pub queued: u64,
    pub requeued_in_flight: u64,
    /// Unreadable records moved aside under `x\0`.
    pub quarantined: u64,
}

/// What one batch of candidates became.
#[derive(Debug, Default, Clone)]
pub struct Admitted {
    /// Hosts that received newly queued requests (to be scheduled).
    pub hosts: BTreeSet<String>,
    pub queued: u32,
    pub known: u32,
    pub out_of_scope: u32,
    pub traps: u32,
    pub skipped: u32,
    /// New links not recorded because their site is at its record bound.
    pub unrecorded: u32,
}

pub struct Frontier {
    tree: sled::Db,
    limits: Limits,
    guard: TrapGuard,
    /// URLs admitted for fetching, per seed (for `max_pages_per_site`).
    admitted: HashMap<String, u32>,
    /// Records of any state, per seed (for the record bound).
    records: HashMap<String, u64>,
    max_records: u64,
    /// Seeds already warned about reaching the record bound.
    full_warned: BTreeSet<String>,
    scopes: HashMap<String, Scope>,
}

/// The politeness key of a URL: its host name, lowercased.
pub fn host_of(url: &Url) -> String {
    url.host_str().unwrap_or("").to_ascii_lowercase()
}

fn url_key(key: &str) -> Vec<u8> {
    [URL_PREFIX, key.as_bytes()].concat()
}

fn queue_prefix(host: &str) -> Vec<u8> {
    [QUEUE_PREFIX, host.as_bytes(), b"\0"].concat()
}

fn corrupt(key: &[u8], e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        key: String::from_utf8_lossy(key).into_owned(),
        message: e.to_string(),
    }
}

impl Frontier {
    /// Open the frontier in `store`, putting back in their queues the
    /// requests a previous run left in flight.
    pub fn open(store: &Store, limits: Limits) -> Result<(Frontier, Recovered), StoreError> {
        let tree = store.db().clone();
        let mut f = Frontier {
            tree,
            guard: TrapGuard::new(limits.traps.clone()),
            limits,
            admitted: HashMap::new(),
            records: HashMap::new(),
            max_records: u64::MAX,
            full_warned: BTreeSet::new(),
            scopes: HashMap::new(),
        };
        let mut rec = Recovered {
            quarantined: f.quarantine_unreadable()?,
            ..Recovered::default()
        };
        let mut batch = sled::Batch::default();
        for item in f.tree.scan_prefix(URL_PREFIX) {
            let (k, v) = item?;
            let mut r: UrlRecord = serde_json::from_slice(&v).map_err(|e| corrupt(&k, e))?;
            rec.records += 1;
            *f.records.entry(r.seed.clone()).or_default() += 1;
            if let Ok(u) = Url::parse(&r.url) {
                f.guard.observe(&u);
            }
            if r.counts_against_cap() {
                *f.admitted.entry(r.seed.clone()).or_default() += 1;
            }
            match r.state {
                State::InFlight => {
                    r.state = State::Queued;
                    f.push_queue(&mut batch, &r)?;
                    batch.insert(k, r.to_json());
                    rec.requeued_in_flight += 1;
                    rec.queued += 1;
                }
                State::Queued => rec.queued += 1,
                _ => {}
            }
        }
        f.tree.apply_batch(batch)?;
        Ok((f, rec))
    }

    /// Bound the records kept per seed (see the module docs). Unbounded
    /// until called.
    pub fn set_max_records_per_site(&mut self, max: u64) {
        self.max_records = max;
    }

    /// Move every `u\0` and `s\0` value that does not deserialize under
    /// `x\0`, with a warning naming its key. Returns how many were moved.
    fn quarantine_unreadable(&self) -> Result<u64, StoreError> {
        let mut bad = Vec::new();
        for item in self.tree.scan_prefix(URL_PREFIX) {
            let (k, v) = item?;
            if let Err(e) = serde_json::from_slice::<UrlRecord>(&v) {
                bad.push((k, v, e.to_string()));
            }
        }
        for item in self.tree.scan_prefix(SEED_PREFIX) {
            let (k, v) = item?;
            if let Err(e) = serde_json::from_slice::<Seed>(&v) {
                bad.push((k, v, e.to_string()));
            }
        }
        let moved = bad.len() as u64;
        for (k, v, error) in bad {
            tracing::warn!(
                key = %String::from_utf8_lossy(&k).replace('\0', "\\0"),
                %error,
                "unreadable record moved aside (under x\\0); its URL counts as unknown and is recorded afresh if found again"
            );
            let mut batch = sled::Batch::default();
            batch.remove(k.clone());
            batch.insert([QUARANTINE_PREFIX, &k].concat(), v);
            self.tree.apply_batch(batch)?;
        }
        Ok(moved)
    }

    fn push_queue(&self, batch: &mut sled::Batch, r: &UrlRecord) -> Result<(), StoreError> {
        let seq = self.tree.generate_id()?;
        let host = Url::parse(&r.url).map(|u| host_of(&u)).unwrap_or_default();
        let mut key = queue_prefix(&host);
        key.extend_from_slice(&seq.to_be_bytes());
        batch.insert(key, r.key().as_bytes());
        Ok(())
    }

    fn scope_for(&mut self, seed: &str) -> Option<&Scope> {
        if !self.scopes.contains_key(seed) {
            let u = Url::parse(seed).ok()?;
            self.scopes.insert(seed.to_string(), Scope::for_seed(&u));
        }
        self.scopes.get(seed)
    }

    /// Record a seed and queue its URL unless it is already known.
    pub fn add_seed(&mut self, seed: &Seed) -> Result<bool, StoreError> {
        let seed_url = canon::canonicalize(&seed.url);
        let skey = [SEED_PREFIX, seed_url.as_str().as_bytes()].concat();
        let json = serde_json::to_vec(seed).map_err(|e| corrupt(&skey, e))?;
        self.tree.insert(skey, json)?;
        let key = request_key(seed_url.as_str(), None);
        if self.tree.contains_key(url_key(&key))? {
            return Ok(false);
        }
        let r = UrlRecord::new(
            &seed_url,
            None,
            LinkKind::Page,
            0,
            seed_url.as_str(),
            None,
            "seed",
            "",
        );
        let mut batch = sled::Batch::default();
        self.push_queue(&mut batch, &r)?;
        batch.insert(url_key(&key), r.to_json());
        self.tree.apply_batch(batch)?;
        *self.admitted.entry(r.seed.clone()).or_default() += 1;
        *self.records.entry(r.seed.clone()).or_default() += 1;
        Ok(true)
    }

    /// All seeds ever registered, keyed by canonical seed URL.
    pub fn seeds(&self) -> Result<Vec<Seed>, StoreError> {
        let mut out = Vec::new();
        for item in self.tree.scan_prefix(SEED_PREFIX) {
            let (k, v) = item?;
            out.push(serde_json::from_slice(&v).map_err(|e| corrupt(&k, e))?);
        }
        Ok(out)
    }

    /// Hosts with at least one queued request.
    pub fn hosts_with_work(&self) -> Result<BTreeSet<String>, StoreError> {
        let mut hosts = BTreeSet::new();
        let mut from = QUEUE_PREFIX.to_vec();
        loop {
            let next = self.tree.range(from.clone()..).next().transpose()?;
            let Some((k, _)) = next else { break };
            if !k.starts_with(QUEUE_PREFIX) {
                break;
            }
            let rest = &k[QUEUE_PREFIX.len()..];
            let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
            let host = String::from_utf8_lossy(&rest[..end]).into_owned();
            // Skip past every entry of this host.
            from = [QUEUE_PREFIX, host.as_bytes(), b"\x01"].concat();
            hosts.insert(host);
        }
        Ok(hosts)
    }

    /// The next queued request for `host`, without taking it.
    pub fn peek(&self, host: &str) -> Result<Option<(sled::IVec, UrlRecord)>, StoreError> {
        for item in self.tree.scan_prefix(queue_prefix(host)) {
            let (qk, key) = item?;
            match self.tree.get(url_key(&String::from_utf8_lossy(&key)))? {
                Some(v) => {
                    let r: UrlRecord = serde_json::from_slice(&v).map_err(|e| corrupt(&qk, e))?;
                    if r.state == State::Queued {
                        return Ok(Some((qk, r)));
                    }
                    // A stale queue entry (state moved on): drop it.
                    self.tree.remove(&qk)?;
                }
                None => {
                    self.tree.remove(&qk)?;
                }
            }
        }
        Ok(None)
    }

    /// Take a peeked request: off the queue, marked in flight.
    pub fn start(&self, queue_key: &[u8], r: &mut UrlRecord) -> Result<(), StoreError> {
        r.state = State::InFlight;
        r.attempts += 1;
        let mut batch = sled::Batch::default();
        batch.remove(queue_key);
        batch.insert(url_key(&r.key()), r.to_json());
        self.tree.apply_batch(batch)?;
        Ok(())
    }

    /// Settle a queued request without fetching it (robots.txt disallows it).
    pub fn skip_queued(
        &self,
        queue_key: &[u8],
        r: &mut UrlRecord,
        reason: &str,
    ) -> Result<(), StoreError> {
        r.state = State::Skipped;
        r.reason = Some(reason.to_string());
        let mut batch = sled::Batch::default();
        batch.remove(queue_key);
        batch.insert(url_key(&r.key()), r.to_json());
        self.tree.apply_batch(batch)?;
        Ok(())
    }

    /// Put an in-flight request back at the end of its host's queue (a retry).
    pub fn requeue(&self, r: &mut UrlRecord, reason: &str) -> Result<(), StoreError> {
        r.state = State::Queued;
        r.reason = Some(reason.to_string());
        let mut batch = sled::Batch::default();
        self.push_queue(&mut batch, r)?;
        batch.insert(url_key(&r.key()), r.to_json());
        self.tree.apply_batch(batch)?;
        Ok(())
    }

    /// Settle an in-flight request (`r.state` already Done, Failed or
    /// Skipped) and admit the links it yielded, in one atomic batch.
    pub fn finish(&mut self, r: &UrlRecord, links: Vec<Candidate>) -> Result<Admitted, StoreError> {
        let mut batch = sled::Batch::default();
        let mut stats = Admitted::default();
        let mut seen_here = std::collections::HashSet::new();
        let parent_url = Url::parse(&r.url).ok();
        for c in links {
            let url = canon::canonicalize(&c.url);
            if url.as_str().len() > self.limits.traps.max_url_len {
                stats.traps += 1;
                stats.skipped += 1;
                continue;
            }
            let key = request_key(url.as_str(), c.form.as_deref());
            if !seen_here.insert(key.clone()) || self.tree.contains_key(url_key(&key))? {
                stats.known += 1;
                continue;
            }
            if !self.may_record(&r.seed) {
                stats.unrecorded += 1;
                continue;
            }
            *self.records.entry(r.seed.clone()).or_default() += 1;
            let depth = if c.same_depth { r.depth } else { r.depth + 1 };
            let mut child = UrlRecord::new(
                &url,
                c.form.clone(),
                c.kind,
                depth,
                &r.seed,
                Some(&r.url),
                &c.via,
                &c.text,
            );
            child.redirects = c.redirects;
            match self.admission(&child, &url, parent_url.as_ref(), r.date_chain, c.wanted) {
                Ok(chain) => {
                    child.date_chain = chain;
                    self.push_queue(&mut batch, &child)?;
                    *self.admitted.entry(child.seed.clone()).or_default() += 1;
                    stats.queued += 1;
                    stats.hosts.insert(host_of(&url));
                }
                Err(reason) => {
                    if reason == OUT_OF_SCOPE {
                        stats.out_of_scope += 1;
                    } else if reason.starts_with("trap") {
                        stats.traps += 1;
                    }
                    child.state = State::Skipped;
                    child.reason = Some(reason);
                    stats.skipped += 1;
                }
            }
            batch.insert(url_key(&key), child.to_json());
        }
        batch.insert(url_key(&r.key()), r.to_json());
        self.tree.apply_batch(batch)?;
        Ok(stats)
    }

    /// Whether `seed` is below its record bound (warns once when it is not).
    fn may_record(&mut self, seed: &str) -> bool {
        let n = self.records.get(seed).copied().unwrap_or(0);
        if n < self.max_records {
            return true;
        }
        if self.full_warned.insert(seed.to_string()) {
            tracing::warn!(
                seed,
                records = n,
                "site reached crawl.max_frontier_per_site: new links found on its pages are not recorded"
            );
        }
        false
    }

    /// Whether `child` may be fetched: Ok(calendar chain length) or the skip reason.
    fn admission(
        &mut self,
        child: &UrlRecord,
        url: &Url,
        parent: Option<&Url>,
        parent_chain: u32,
        wanted: bool,
    ) -> Result<u32, String> {
        let in_scope = self
            .scope_for(&child.seed)
            .map(|s| s.contains(url))
            .unwrap_or(false);
        if !in_scope {
            return Err(OUT_OF_SCOPE.into());
        }
        if !wanted {
            return Err("attachment not wanted by crawl.attachments".into());
        }
        if child.depth > self.limits.max_depth {
            return Err(format!("beyond max depth {}", self.limits.max_depth));
        }
        let admitted = self.admitted.get(&child.seed).copied().unwrap_or(0);
        if admitted >= self.limits.max_pages_per_site {
            return Err(format!(
                "site reached max pages ({})",
                self.limits.max_pages_per_site
            ));
        }
        self.guard
            .check(url, parent.map(|p| (p, parent_chain)))
            .map_err(|t| format!("trap: {}", t.as_str()))
    }

    /// Per seed, how many requests are queued or in flight.
    pub fn pending_by_seed(&self) -> Result<HashMap<String, i64>, StoreError> {
        let mut out: HashMap<String, i64> = HashMap::new();
        for r in self.records() {
            let r = r?;
            if matches!(r.state, State::Queued | State::InFlight) {
                *out.entry(r.seed).or_default() += 1;
            }
        }
        Ok(out)
    }

    /// Every record, for summaries.
    pub fn records(&self) -> impl Iterator<Item = Result<UrlRecord, StoreError>> + '_ {
        self.tree.scan_prefix(URL_PREFIX).map(|item| {
            let (k, v) = item?;
            serde_json::from_slice(&v).map_err(|e| corrupt(&k, e))
        })
    }

    /// One record by request key.
    pub fn get(&self, key: &str) -> Result<Option<UrlRecord>, StoreError> {
        match self.tree.get(url_key(key))? {
            Some(v) => Ok(Some(
                serde_json::from_slice(&v).map_err(|e| corrupt(key.as_bytes(), e))?,
            )),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests;
