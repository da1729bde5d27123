//! The crawl engine: the async loop that ties seeds, frontier, politeness,
//! fetch and page understanding together.
//!
//! In: a validated config, loaded seeds and an opened store. Out: an
//! updated frontier in the store and a [`summary::RunSummary`]. Never: hold
//! the frontier or host table from more than one task (one coordinator owns
//! them; fetches run as tasks that only report back), make a host wait on
//! another host, or leave the store inconsistent — every settlement is one
//! atomic batch, flushed before the next round of dispatch — or fill the
//! disk: the data dir is measured at the start and every
//! [`DISK_CHECK_EVERY`] responses, and past `store.max_disk_bytes` the run
//! stops as if interrupted (nothing new starts; what is in flight is
//! settled and saved; [`Ending::Interrupted`], the reason in
//! [`summary::RunSummary::stopped`] and logged as an error).

mod hosts;
pub mod progress;
pub mod runs;
mod settle;
pub mod summary;
pub(crate) mod work;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use tokio::task::JoinSet;
use url::Url;

use crate::config::Config;
use crate::corpus::{Corpus, SeedRef};
use crate::fetch::client::Fetcher;
use crate::frontier::{self, Frontier, Limits};
use crate::parse::ReportParser;
use crate::seeds::Seed;
use crate::store::Store;
use hosts::{Hosts, Robots};
use summary::{RunSummary, SiteCounters};
use work::{Job, JobResult};

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Nothing left that this run may fetch.
    Finished,
    /// Stopped by a signal, or because the data dir grew past
    /// `store.max_disk_bytes` (then [`summary::RunSummary::stopped`] says
    /// so); in-flight requests were settled and saved.
    Interrupted,
}

/// What a crawl does besides crawling.
pub struct Options {
    /// Also write every response to WARC files in this directory.
    pub warc: Option<std::path::PathBuf>,
    /// The parser every newly stored report goes through.
    pub parser: Box<dyn ReportParser>,
}

/// Responses settled between two measurements of the data dir.
const DISK_CHECK_EVERY: u32 = 16;

/// Largest WARC file before the writer moves on to the next one.
const WARC_FILE_BYTES: u64 = 1 << 30;

/// What a run did, beside the per-site summary.
#[derive(Debug, Clone)]
pub struct RunReport {
    pub run: runs::RunInfo,
    pub resumed: bool,
    pub revisits: frontier::Revisits,
    /// `data/new/<run-id>.jsonl` and how many records it holds.
    pub new_file: std::path::PathBuf,
    pub new_records: u64,
    pub warc_files: Vec<std::path::PathBuf>,
}

/// The coordinator's state.
struct Engine {
    cfg: Config,
    corpus: Corpus,
    parser: Box<dyn ReportParser>,
    warc: Option<crate::warc::WarcWriter>,
    run: runs::RunInfo,
    /// Seeds by canonical URL, for report records.
    seed_refs: HashMap<String, SeedRef>,
    agent: String,
    store: Store,
    frontier: Frontier,
    hosts: Hosts,
    fetcher: Fetcher,
    tasks: JoinSet<JobResult>,
    /// Which host each running task is for, to release its slot if it panics.
    task_hosts: HashMap<tokio::task::Id, String>,
    in_flight: usize,
    /// Per seed: queued + in flight, for "sites done".
    pending: HashMap<String, i64>,
    counters: HashMap<String, SiteCounters>,
    started: Instant,
    /// Responses settled since the data dir's size was last checked.
    since_disk_check: u32,
    /// Why the run stopped early (the disk bound), for the summary.
    stopped: Option<String>,
}

/// Run a crawl to its end (or until interrupted) over `seeds`.
pub async fn run(
    cfg: Config,
    seeds: Vec<Seed>,
    store: Store,
    opts: Options,
    interrupt: impl std::future::Future<Output = ()>,
) -> anyhow::Result<(RunSummary, Ending, RunReport)> {
    let limits = Limits {
        max_depth: cfg.crawl.max_depth,
        max_pages_per_site: cfg.crawl.max_pages_per_site,
        traps: cfg.traps.clone(),
    };
    let (mut frontier, recovered) =
        Frontier::open(&store, limits).context("opening the frontier")?;
    frontier.set_max_records_per_site(cfg.crawl.max_frontier_per_site);
    if recovered.quarantined > 0 {
        tracing::warn!(
            records = recovered.quarantined,
            "unreadable records were moved aside (see the warnings above); the crawl goes on without them"
        );
    }
    if recovered.requeued_in_flight > 0 {
        tracing::info!(
            requeued = recovered.requeued_in_flight,
            "requests left in flight by an earlier run are queued again"
        );
    }
    tracing::info!(
        known = recovered.records,
        queued = recovered.queued,
        "frontier opened"
    );
    let mut new_seeds = 0;
    for seed in &seeds {
        if frontier.add_seed(seed)? {
            new_seeds += 1;
        }
    }
    let (run, resumed) = runs::begin(&store, time::OffsetDateTime::now_utc())?;
    let revisits = frontier.schedule_revisits(run.started(), &cfg.recrawl)?;
    store.flush().await?;
    tracing::info!(seeds = seeds.len(), new = new_seeds, "seeds registered");
    tracing::info!(
        run = %run.id,
        resumed,
        listings = revisits.listings,
        articles = revisits.articles,
        "known pages queued again for this run"
    );
    let corpus = Corpus::open(&store).context("opening the corpus")?;
    let warc = match &opts.warc {
        Some(dir) => Some(
            crate::warc::WarcWriter::create(dir, &run.id, WARC_FILE_BYTES)
                .context("opening the WARC output")?,
        ),
        None => None,
    };

    let fetcher = Fetcher::with_allowed_hosts(
        &cfg,
        frontier
            .seeds()?
            .iter()
            .filter_map(|s| s.url.host_str().map(str::to_owned)),
    )
    .context("building the HTTP client")?;
    let agent = cfg.agent_token();
    let pending = frontier.pending_by_seed()?;
    let mut engine = Engine {
        corpus,
        parser: opts.parser,
        warc,
        run,
        seed_refs: HashMap::new(),
        hosts: Hosts::new(&cfg.politeness),
        agent,
        cfg,
        store,
        frontier,
        fetcher,
        tasks: JoinSet::new(),
        task_hosts: HashMap::new(),
        in_flight: 0,
        pending,
        counters: HashMap::new(),
        started: Instant::now(),
        since_disk_check: 0,
        stopped: None,
    };
    for seed in engine.frontier.seeds()? {
        engine.counters.entry(seed_key(&seed)).or_default();
        engine.seed_refs.insert(
            seed_key(&seed),
            SeedRef {
                url: seed.url.to_string(),
                name: seed.name.clone(),
                code: seed.code.clone(),
            },
        );
    }
    let ending = engine.run_loop(interrupt).await?;
    let warc_files = match engine.warc.take() {
        Some(w) => w.finish().context("closing the WARC output")?,
        None => Vec::new(),
    };
    engine.store.flush().await?;
    // The hand-off file before the run is marked finished: if it cannot be
    // written, the run stays open and the next invocation writes it.
    let (new_file, new_records) = write_new_reports(&engine.store, &engine.corpus, &engine.run.id)?;
    if ending == Ending::Finished {
        let now = time::OffsetDateTime::now_utc();
        runs::finish(&engine.store, &mut engine.run, now)?;
        engine.store.flush().await?;
    }
    let mut summary = summary::build(&engine.frontier, &engine.counters, engine.started.elapsed())?;
    summary.stopped = engine.stopped.clone();
    let report = RunReport {
        run: engine.run.clone(),
        resumed,
        revisits,
        new_file,
        new_records,
        warc_files,
    };
    Ok((summary, ending, report))
}

/// Write `data/new/<run-id>.jsonl`: every record this run stored first
/// (rewritten whole, atomically, at the end of each invocation of the run,
/// so a resumed run's file holds what all its invocations found).
fn write_new_reports(
    store: &Store,
    corpus: &Corpus,
    run_id: &str,
) -> anyhow::Result<(std::path::PathBuf, u64)> {
    let dir = store.dir().join("new");
    std::fs::create_dir_all(&dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let path = dir.join(format!("{run_id}.jsonl"));
    let records = corpus.records().filter_map(|r| match r {
        Ok(r) if r.first_run == run_id => Some(Ok(crate::corpus::ExportRecord::from(&r))),
        Ok(_) => None,
        Err(e) => Some(Err(e)),
    });
    let written = crate::export::write_snapshot(records, &path, crate::export::Format::Jsonl)?;
    Ok((path, written.records))
}

/// The key seeds are filed under in the frontier: the canonical seed URL.
pub fn seed_key(seed: &Seed) -> String {
    frontier::canon::canonicalize(&seed.url).to_string()
}

impl Engine {
    async fn run_loop(
        &mut self,
        interrupt: impl std::future::Future<Output = ()>,
    ) -> anyhow::Result<Ending> {
        let now = Instant::now();
        for host in self.frontier.hosts_with_work()? {
            self.hosts.schedule(&host, now);
        }
        let mut progress = progress::Progress::new(
            self.counters.len() as u64,
            Duration::from_secs_f64(self.cfg.progress.log_interval_secs),
        );
        tokio::pin!(interrupt);
        // A stop for the disk bound is an interrupt: nothing new starts,
        // what is in flight is settled and saved.
        let mut interrupted = self.disk_over();
        loop {
            if !interrupted {
                self.dispatch()?;
            }
            if self.in_flight == 0 && (interrupted || self.hosts.is_idle()) {
                break;
            }
            let wake = if interrupted {
                None
            } else {
                self.hosts.next_wake()
            };
            let sleep = tokio::time::sleep_until(
                wake.map(tokio::time::Instant::from_std)
                    .unwrap_or_else(|| tokio::time::Instant::now() + Duration::from_secs(3600)),
            );
            tokio::select! {
                Some(joined) = self.tasks.join_next_with_id(), if self.in_flight > 0 => {
                    let mut results = vec![joined];
                    // Settle everything that is ready, then flush once.
                    while let Some(more) = self.tasks.try_join_next_with_id() {
                        results.push(more);
                    }
                    self.since_disk_check += results.len() as u32;
                    for r in results {
                        self.in_flight -= 1;
                        match r {
                            Ok((id, result)) => {
                                self.task_hosts.remove(&id);
                                self.settle(result)?;
                            }
                            Err(e) => self.task_failed(e),
                        }
                    }
                    self.store.flush().await?;
                    if self.since_disk_check >= DISK_CHECK_EVERY && !interrupted {
                        interrupted = self.disk_over();
                    }
                }
                _ = sleep, if !interrupted => {}
                _ = &mut interrupt, if !interrupted => {
                    tracing::warn!(in_flight = self.in_flight, "interrupted: finishing requests in flight, then saving");
                    interrupted = true;
                }
            }
            progress.update(&self.snapshot());
        }
        progress.finish(&self.snapshot());
        Ok(if interrupted {
            Ending::Interrupted
        } else {
            Ending::Finished
        })
    }

    fn snapshot(&self) -> progress::Snapshot {
        let mut s = progress::Snapshot {
            sites_total: self.counters.len() as u64,
            ..Default::default()
        };
        for (seed, c) in &self.counters {
            if self.pending.get(seed).copied().unwrap_or(0) <= 0 {
                s.sites_done += 1;
            }
            s.pages += c.fetched;
            s.reports += c.reports;
            s.errors += c.errors.values().sum::<u64>();
        }
        s.in_flight = self.in_flight as u64;
        s
    }

    /// Start every request that politeness allows now.
    fn dispatch(&mut self) -> anyhow::Result<()> {
        let cap = self.cfg.politeness.max_concurrent_total;
        let now = Instant::now();
        while self.in_flight < cap {
            let Some(host) = self.hosts.pop_ready(now) else {
                break;
            };
            self.dispatch_host(&host, now)?;
        }
        Ok(())
    }

    fn dispatch_host(&mut self, host: &str, now: Instant) -> anyhow::Result<()> {
        let h = self.hosts.get_mut(host);
        if h.blocked.is_some() || h.in_flight >= self.hosts.per_host_cap {
            // Blocked hosts wait for the next run; busy ones are
            // rescheduled when one of their requests settles.
            return Ok(());
        }
        loop {
            let Some((qkey, mut rec)) = self.frontier.peek(host)? else {
                return Ok(());
            };
            let Some(url) = rec.parsed_url() else {
                rec.state = frontier::State::Failed;
                rec.reason = Some("unparsable URL".into());
                self.frontier
                    .skip_queued(&qkey, &mut rec, "unparsable URL")?;
                self.settled(&rec.seed);
                continue;
            };
            let origin = url.origin().ascii_serialization();
            let robots = self
                .hosts
                .get_mut(host)
                .robots
                .get(&origin)
                .cloned()
                .unwrap_or(Robots::Unknown);
            let failures = match robots {
                Robots::Unknown => Some(0),
                Robots::Unavailable {
                    attempts, retry_at, ..
                } => {
                    if now < retry_at {
                        self.hosts.schedule(host, retry_at);
                        return Ok(());
                    }
                    Some(attempts)
                }
                _ => None,
            };
            if let Some(failures) = failures {
                // Ask for robots.txt first (it counts against the host's rate).
                if let Err(at) = self.hosts.try_acquire(host, now) {
                    self.hosts.schedule(host, at);
                    return Ok(());
                }
                self.hosts
                    .get_mut(host)
                    .robots
                    .insert(origin.clone(), Robots::Fetching { failures });
                self.spawn(Job::Robots {
                    host: host.to_string(),
                    origin,
                });
                return Ok(());
            }
            match robots {
                Robots::Unknown | Robots::Unavailable { .. } | Robots::Fetching { .. } => {
                    return Ok(())
                }
                Robots::GaveUp(reason) => {
                    // Left queued for the next run; said in the summary.
                    self.counter(&rec.seed).robots_unavailable = Some(reason);
                    return Ok(());
                }
                Robots::Rules(rules) if !rules.allowed(&url) => {
                    self.frontier
                        .skip_queued(&qkey, &mut rec, "disallowed by robots.txt")?;
                    self.counter(&rec.seed).robots_disallowed += 1;
                    self.settled(&rec.seed);
                    continue;
                }
                Robots::Rules(_) | Robots::AllowAll => {}
            }
            if let Err(at) = self.hosts.try_acquire(host, now) {
                self.hosts.schedule(host, at);
                return Ok(());
            }
            self.frontier.start(&qkey, &mut rec)?;
            self.spawn(Job::Page {
                host: host.to_string(),
                rec: Box::new(rec),
            });
            if self.hosts.get_mut(host).in_flight < self.hosts.per_host_cap {
                self.hosts.schedule(host, now);
            }
            return Ok(());
        }
    }

    fn spawn(&mut self, job: Job) {
        let host = match &job {
            Job::Page { host, .. } | Job::Robots { host, .. } => host.clone(),
        };
        self.hosts.get_mut(&host).in_flight += 1;
        self.in_flight += 1;
        let handle = self.tasks.spawn(work::run(
            job,
            self.fetcher.clone(),
            self.agent.clone(),
            self.cfg.crawl.max_links_per_page,
        ));
        self.task_hosts.insert(handle.id(), host);
    }

    /// A task died (a bug, not a network fault). Its URL stays "in flight"
    /// in the store, so the next run retries it; this run frees its slot
    /// and stops asking that host.
    fn task_failed(&mut self, e: tokio::task::JoinError) {
        let host = self.task_hosts.remove(&e.id());
        tracing::error!(host = host.as_deref().unwrap_or("?"), error = %e, "a crawl task failed; its URL is retried next run");
        if let Some(host) = host {
            let h = self.hosts.get_mut(&host);
            h.in_flight = h.in_flight.saturating_sub(1);
            h.blocked = Some(format!("internal error: {e}"));
        }
    }

    /// Whether the data dir holds more than `store.max_disk_bytes` (said
    /// once, as an error naming the dir and the bound). A dir that cannot
    /// be measured is a warning, not a stop.
    fn disk_over(&mut self) -> bool {
        self.since_disk_check = 0;
        let limit = self.cfg.store.max_disk_bytes;
        let used = match self.store.disk_usage() {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!("cannot measure the data dir: {e}");
                return false;
            }
        };
        if used <= limit {
            return false;
        }
        let why = format!(
            "{}: the data dir holds {} ({used} bytes), over store.max_disk_bytes = {} ({limit} bytes); \
             the crawl stopped and saved its state: free space or raise the bound, then run again to continue",
            self.store.dir().display(),
            human_bytes(used),
            human_bytes(limit),
        );
        tracing::error!("{why}");
        self.stopped = Some(why);
        true
    }

    fn counter(&mut self, seed: &str) -> &mut SiteCounters {
        self.counters.entry(seed.to_string()).or_default()
    }

    /// A request of `seed` left the queue for good.
    fn settled(&mut self, seed: &str) {
        *self.pending.entry(seed.to_string()).or_default() -= 1;
    }

    fn admitted(&mut self, seed: &str, n: u32) {
        *self.pending.entry(seed.to_string()).or_default() += i64::from(n);
    }
}

/// `1.5 GiB`, `300 KiB`, `12 B`.
fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

/// The origin of a URL string, for robots.txt.
pub fn origin_of(url: &str) -> Option<String> {
    Url::parse(url)
        .ok()
        .map(|u| u.origin().ascii_serialization())
}
