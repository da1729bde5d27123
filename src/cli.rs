//! The command line: `harvester crawl --seeds <DIR|FILE> [--config FILE] [--data DIR] [--warc DIR]`,
//! and `export`, `reextract`, `stats` over a data dir.
//!
//! In: arguments. Out: an exit code. This is the edge where errors become
//! messages (anyhow), config overrides are applied, signals are wired and
//! the summary is printed. Never: exit non-zero because some sites failed
//! (that is a normal crawl, reported in the summary); only when the crawl
//! could not run (bad config, data dir in use, no usable seed).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::crawl::{self, Ending};
use crate::seeds;
use crate::store::Store;

#[derive(Debug, Parser)]
#[command(
    name = "harvester",
    version,
    about = "Harvest government information disclosure annual reports (政府信息公开工作年度报告) from county portals"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Crawl the seeds' portals (resumable: run it again to continue).
    Crawl(CrawlArgs),
    /// Write a snapshot of the corpus: one record per unique report.
    Export(ExportArgs),
    /// Read every stored report again from its raw bytes (after an
    /// extraction improvement) and rebuild the corpus, without crawling.
    Reextract(DataArgs),
    /// Reports per seed, site and year; pages and failures by kind.
    Stats(StatsArgs),
    /// Run the report parser again over every stored report (after a
    /// parser improvement), without crawling.
    Parse(DataArgs),
    /// Crawl a synthetic county-portal network on loopback with politeness
    /// off; print pages/s, MB/s, CPU per 1,000 pages, peak RSS, extraction ms.
    Bench(BenchArgs),
}

#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Virtual hosts (county portals) in the network.
    #[arg(long, default_value_t = 20)]
    pub hosts: usize,
    /// Articles per host (30–80 KB each; one in five an annual report).
    #[arg(long, default_value_t = 500)]
    pub pages: usize,
    /// politeness.max_concurrent_total (default 64).
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
    /// politeness.max_concurrent_per_host (default 8).
    #[arg(long, value_name = "N")]
    pub per_host: Option<usize>,
    /// Keep the crawl state in DIR (new or empty) instead of a temporary directory.
    #[arg(long, value_name = "DIR")]
    pub keep_data: Option<PathBuf>,
    /// Memory mode: one site whose list pages link N URLs that stay queued; report peak RSS.
    #[arg(long, value_name = "N")]
    pub frontier: Option<u64>,
    /// Crawl the path-prefixed layout (http://127.0.0.K:PORT/c000K/) that --serve-only prints.
    #[arg(long)]
    pub prefixed: bool,
    /// Articles timed for extraction after the crawl.
    #[arg(long, default_value_t = 200, value_name = "N")]
    pub sample: usize,
    /// JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Only serve the network (for other crawlers) and print its seeds, until Ctrl-C.
    #[arg(long)]
    pub serve_only: bool,
    /// With --serve-only: listen on this port (default: any free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// With --serve-only: write the path-prefixed seed URLs to FILE.
    #[arg(long, value_name = "FILE")]
    pub write_seeds: Option<PathBuf>,
    /// With --serve-only: write a config.toml for `harvester crawl` of the network to FILE.
    #[arg(long, value_name = "FILE")]
    pub write_config: Option<PathBuf>,
    /// Internal: serve as the bench's child process.
    #[arg(long, hide = true)]
    pub child: bool,
}

#[derive(Debug, clap::Args)]
pub struct DataArgs {
    /// Data directory.
    #[arg(long, default_value = "data")]
    pub data: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Data directory.
    #[arg(long, default_value = "data")]
    pub data: PathBuf,
    /// Output file, written atomically (temp file + rename).
    #[arg(long)]
    pub out: PathBuf,
    /// jsonl | jsonl.zst | csv | parquet (default: from the file extension, else jsonl).
    #[arg(long)]
    pub format: Option<String>,
    /// Only reports first fetched on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Instead of one row per report, the parser's table section2, section3
    /// or section4 as a long CSV (one row per report × row × column).
    #[arg(long, value_name = "TABLE")]
    pub table: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// Data directory.
    #[arg(long, default_value = "data")]
    pub data: PathBuf,
    /// JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct CrawlArgs {
    /// A seed file (.txt or .csv) or a directory of them.
    #[arg(long)]
    pub seeds: PathBuf,
    /// Configuration file (defaults apply when the default file is missing).
    #[arg(long, default_value = "config.toml")]
    pub config: PathBuf,
    /// Data directory holding the crawl state.
    #[arg(long, default_value = "data")]
    pub data: PathBuf,
    /// Override politeness.requests_per_second.
    #[arg(long, value_name = "N")]
    pub rps: Option<f64>,
    /// Override http.timeout_secs.
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<f64>,
    /// Override politeness.max_concurrent_total.
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
    /// Override crawl.max_pages_per_site.
    #[arg(long, value_name = "N")]
    pub max_pages: Option<u32>,
    /// Override crawl.max_depth.
    #[arg(long, value_name = "N")]
    pub max_depth: Option<u32>,
    /// Override http.user_agent.
    #[arg(long, value_name = "UA")]
    pub user_agent: Option<String>,
    /// Also write every response to WARC files (`harvester-<run>-<n>.warc.gz`) in DIR.
    #[arg(long, value_name = "DIR")]
    pub warc: Option<PathBuf>,
}

/// Exit code when the crawl was interrupted by a signal (state saved).
const EXIT_INTERRUPTED: u8 = 130;

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Crawl(args) => crawl_command(args).await,
        Command::Export(args) => export_command(&args),
        Command::Reextract(args) => reextract_command(&args),
        Command::Stats(args) => stats_command(&args),
        Command::Parse(args) => parse_command(&args),
        Command::Bench(args) => bench_command(&args).await,
    }
}

/// Open a data dir for a command that is not a crawl. sled lets one
/// process at a time open it, so these commands fail, clearly, while a
/// crawl holds it.
fn open_existing(data: &std::path::Path, command: &str) -> anyhow::Result<Store> {
    if !data.join("harvester.sled").exists() {
        anyhow::bail!(
            "{}: no harvester data here (run `harvester crawl --data {}` first)",
            data.display(),
            data.display()
        );
    }
    match Store::open(data) {
        Ok(store) => Ok(store),
        Err(e @ crate::store::StoreError::InUse(_)) => Err(anyhow::Error::new(e).context(format!(
            "`harvester {command}` needs the data dir to itself: run it when the crawl has ended, or on a copy of the data dir"
        ))),
        Err(e) => Err(e.into()),
    }
}

fn export_command(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let format = crate::export::Format::choose(args.format.as_deref(), &args.out)?;
    let since = match &args.since {
        Some(d) => Some(
            time::Date::parse(d, time::macros::format_description!("[year]-[month]-[day]"))
                .map_err(|e| anyhow::anyhow!("--since {d:?}: not a date YYYY-MM-DD ({e})"))?,
        ),
        None => None,
    };
    let store = open_existing(&args.data, "export")?;
    let corpus = crate::corpus::Corpus::open(&store)?;
    let records = corpus.records().filter_map(|r| match r {
        Ok(r) => {
            let keep = since.is_none_or(|d| {
                crate::crawl::runs::parse_time(&r.fetched_at).is_some_and(|t| t.date() >= d)
            });
            keep.then(|| Ok(crate::corpus::ExportRecord::from(&r)))
        }
        Err(e) => Some(Err(e)),
    });
    let written = match &args.table {
        None => crate::export::write_snapshot(records, &args.out, format)?,
        Some(t) => {
            let table = crate::export::long::Table::parse(t).ok_or_else(|| {
                anyhow::anyhow!("--table {t:?}: expected section2, section3 or section4")
            })?;
            if format != crate::export::Format::Csv {
                anyhow::bail!("--table writes CSV; give an --out ending in .csv or --format csv");
            }
            crate::export::write_long_table(records, &args.out, table)?
        }
    };
    tracing::info!(
        records = written.records,
        bytes = written.bytes,
        format = format.as_str(),
        "snapshot written"
    );
    println!(
        "{}: {} reports, {} bytes ({})",
        written.path.display(),
        written.records,
        written.bytes,
        format.as_str()
    );
    Ok(ExitCode::SUCCESS)
}

fn reextract_command(args: &DataArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(&args.data, "reextract")?;
    let limits = crate::frontier::Limits {
        max_depth: u32::MAX,
        max_pages_per_site: u32::MAX,
        traps: Default::default(),
    };
    let (frontier, _) = crate::frontier::Frontier::open(&store, limits)?;
    let mut corpus = crate::corpus::Corpus::open(&store)?;
    let parser = crate::parse::default_parser();
    let t = crate::corpus::reextract(&mut corpus, &frontier, parser.as_ref())?;
    store.db().flush()?;
    println!(
        "reextracted {} sources: {} records before, {} after ({} with a new id); {} no longer classified as reports; {} records kept as they were (raw bytes missing)",
        t.sources, t.records_before, t.records_after, t.new_ids, t.no_longer_reports, t.missing_raw
    );
    Ok(ExitCode::SUCCESS)
}

fn parse_command(args: &DataArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(&args.data, "parse")?;
    let limits = crate::frontier::Limits {
        max_depth: u32::MAX,
        max_pages_per_site: u32::MAX,
        traps: Default::default(),
    };
    let (frontier, _) = crate::frontier::Frontier::open(&store, limits)?;
    let corpus = crate::corpus::Corpus::open(&store)?;
    let parser = crate::parse::default_parser();
    let t = crate::corpus::reparse(&corpus, &frontier, parser.as_ref())?;
    store.db().flush()?;
    println!(
        "parsed {} reports with {}: {} gave a result, {} changed ({} read from stored text, no raw bytes)",
        t.records,
        parser.name(),
        t.parsed,
        t.changed,
        t.from_text
    );
    Ok(ExitCode::SUCCESS)
}

async fn bench_command(args: &BenchArgs) -> anyhow::Result<ExitCode> {
    if args.child {
        crate::bench::serve_child(args.hosts, args.pages, args.frontier, args.prefixed)?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.serve_only {
        let opts = crate::bench::ServeOptions {
            hosts: args.hosts,
            pages: args.pages,
            frontier: args.frontier,
            port: args.port,
            concurrency: args.concurrency,
            per_host: args.per_host,
            write_seeds: args.write_seeds.clone(),
            write_config: args.write_config.clone(),
        };
        crate::bench::serve_only(&opts).await?;
        return Ok(ExitCode::SUCCESS);
    }
    let opts = crate::bench::Options {
        hosts: args.hosts,
        pages: args.pages,
        concurrency: args.concurrency,
        per_host: args.per_host,
        keep_data: args.keep_data.clone(),
        frontier: args.frontier,
        prefixed: args.prefixed,
        sample: args.sample,
    };
    let report = crate::bench::run(&opts).await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}

fn stats_command(args: &StatsArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(&args.data, "stats")?;
    let stats = crate::stats::collect(&store)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&stats)?);
    } else {
        print!("{stats}");
    }
    Ok(ExitCode::SUCCESS)
}

fn load_config(args: &CrawlArgs) -> anyhow::Result<Config> {
    let explicit = args.config != std::path::Path::new("config.toml");
    let mut cfg = if explicit {
        Config::load(&args.config)?
    } else {
        Config::load_or_default(&args.config)?
    };
    if let Some(v) = args.rps {
        cfg.politeness.requests_per_second = v;
    }
    if let Some(v) = args.timeout {
        cfg.http.timeout_secs = v;
    }
    if let Some(v) = args.concurrency {
        cfg.politeness.max_concurrent_total = v;
    }
    if let Some(v) = args.max_pages {
        cfg.crawl.max_pages_per_site = v;
    }
    if let Some(v) = args.max_depth {
        cfg.crawl.max_depth = v;
    }
    if let Some(v) = &args.user_agent {
        cfg.http.user_agent = v.clone();
    }
    // The file was validated on load; anything wrong now came from a flag.
    cfg.validate(std::path::Path::new("command-line override"))?;
    Ok(cfg)
}

async fn crawl_command(args: CrawlArgs) -> anyhow::Result<ExitCode> {
    let cfg = load_config(&args)?;
    let set = seeds::load(&args.seeds)?;
    for p in &set.problems {
        tracing::warn!("seed skipped: {p}");
    }
    if set.seeds.is_empty() {
        anyhow::bail!(
            "{}: no usable seed ({} problem(s) reported above)",
            args.seeds.display(),
            set.problems.len()
        );
    }
    tracing::info!(
        seeds = set.seeds.len(),
        problems = set.problems.len(),
        files = set.files.len(),
        "seeds loaded"
    );
    let store = Store::open(&args.data)?;
    let interrupt = async {
        shutdown_signal().await;
    };
    let opts = crawl::Options {
        warc: args.warc.clone(),
        parser: crate::parse::default_parser(),
    };
    let (summary, ending, report) =
        crawl::run(cfg, set.seeds, store.clone(), opts, interrupt).await?;
    tracing::info!(
        run = %report.run.id,
        new_reports = report.new_records,
        file = %report.new_file.display(),
        "new reports of this run written"
    );
    // The crawl ran to its end: failing to keep the summary file is worth a
    // warning, not a failed run (the state in sled is already saved).
    if let Err(e) = write_summary_file(&store, &summary) {
        tracing::warn!("{e:#}");
    }
    print!("{summary}");
    Ok(match ending {
        Ending::Finished => ExitCode::SUCCESS,
        Ending::Interrupted => ExitCode::from(EXIT_INTERRUPTED),
    })
}

/// Keep the run's summary as `<data>/last-run.json` for cron users.
fn write_summary_file(store: &Store, summary: &crawl::summary::RunSummary) -> anyhow::Result<()> {
    let path = store.dir().join("last-run.json");
    let tmp = store.dir().join("last-run.json.tmp");
    let json = serde_json::to_vec_pretty(summary)?;
    std::fs::write(&tmp, json).with_context(|| format!("{}: cannot write", tmp.display()))?;
    std::fs::rename(&tmp, &path).with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
