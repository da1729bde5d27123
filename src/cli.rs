//! The command line: `harvester crawl --seeds <DIR|FILE> [--config FILE] [--data DIR]`.
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
}

/// Exit code when the crawl was interrupted by a signal (state saved).
const EXIT_INTERRUPTED: u8 = 130;

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Crawl(args) => crawl_command(args).await,
    }
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
    let (summary, ending) = crawl::run(cfg, set.seeds, store.clone(), interrupt).await?;
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
