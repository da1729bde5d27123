//! Running the real `harvester` binary against the mock portal, and reading
//! back what it stored.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use harvester::frontier::{Frontier, Limits, State, UrlRecord};
use harvester::store::Store;

use crate::support::{Hit, MockPortal};

/// A scratch directory with a seeds file, a config and a data dir.
pub struct Run {
    pub dir: tempfile::TempDir,
    pub seeds: PathBuf,
    pub config: PathBuf,
    pub data: PathBuf,
}

impl Run {
    /// Seeds on the given mock hosts (`/` of each), config with `extra` appended.
    pub fn new(portal: &MockPortal, hosts: &[&str], extra: &str) -> Run {
        let dir = tempfile::tempdir().unwrap();
        let seeds = dir.path().join("seeds.txt");
        let mut text = String::from("# mock seeds\n");
        for h in hosts {
            text.push_str(&portal.url(h, "/"));
            text.push('\n');
        }
        std::fs::write(&seeds, text).unwrap();
        let config = portal.write_config(dir.path(), extra);
        let data = dir.path().join("data");
        Run {
            seeds,
            config,
            data,
            dir,
        }
    }

    pub fn command(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_harvester"));
        c.arg("crawl")
            .arg("--seeds")
            .arg(&self.seeds)
            .arg("--config")
            .arg(&self.config)
            .arg("--data")
            .arg(&self.data)
            .env("HARVESTER_LOG", "harvester=debug")
            .stdin(Stdio::null());
        c
    }

    /// Run the crawl to its end on a blocking thread (the mock server keeps
    /// serving on the test's runtime meanwhile).
    pub async fn crawl(&self) -> Output {
        let mut cmd = self.command();
        tokio::task::spawn_blocking(move || cmd.output().unwrap())
            .await
            .unwrap()
    }

    /// Every record of the data dir, by URL (+ form).
    pub fn records(&self) -> BTreeMap<String, UrlRecord> {
        records(&self.data)
    }
}

pub fn records(data: &Path) -> BTreeMap<String, UrlRecord> {
    let store = Store::open(data).unwrap();
    let limits = Limits {
        max_depth: 100,
        max_pages_per_site: u32::MAX,
        traps: Default::default(),
    };
    let (f, _) = Frontier::open(&store, limits).unwrap();
    f.records()
        .map(|r| r.unwrap())
        .map(|r| (r.key(), r))
        .collect()
}

pub fn assert_success(out: &Output) {
    assert!(out.status.success(), "harvester failed: {}", show(out));
}

/// A run's outcome for a failure message: status, stdout, stderr's tail.
pub fn show(out: &Output) -> String {
    format!(
        "{:?}\nstdout:\n{}\nstderr (tail):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        tail(&String::from_utf8_lossy(&out.stderr), 60)
    )
}

/// Serve `app` on 127.0.0.1 (a free port) until the returned sender is
/// dropped; for tests that build their own little site.
pub async fn serve(app: axum::Router) -> (u16, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await
            .unwrap();
    });
    (port, tx)
}

pub fn tail(s: &str, lines: usize) -> String {
    let v: Vec<&str> = s.lines().collect();
    v[v.len().saturating_sub(lines)..].join("\n")
}

/// Requests other than robots.txt, as "METHOD host path?query [form]".
pub fn page_requests(hits: &[Hit]) -> Vec<String> {
    hits.iter()
        .filter(|h| h.path_and_query != "/robots.txt")
        .map(|h| {
            if h.form.is_empty() {
                format!("{} {} {}", h.method, h.host, h.path_and_query)
            } else {
                format!("{} {} {} [{}]", h.method, h.host, h.path_and_query, h.form)
            }
        })
        .collect()
}

/// Requests seen more than once.
pub fn repeated(requests: &[String]) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for r in requests {
        *counts.entry(r.as_str()).or_default() += 1;
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(r, n)| (r.to_string(), n))
        .collect()
}

pub fn state_of(records: &BTreeMap<String, UrlRecord>, url: &str) -> Option<State> {
    records.get(url).map(|r| r.state)
}

/// Run `harvester <args…>` to its end on a blocking thread.
pub async fn harvester(args: Vec<std::ffi::OsString>) -> Output {
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_harvester"))
            .args(args)
            .env("HARVESTER_LOG", "harvester=debug")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

/// `harvester export --data <data> --out <out> [extra…]`, asserted to succeed.
pub async fn export(data: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<std::ffi::OsString> = vec![
        "export".into(),
        "--data".into(),
        data.into(),
        "--out".into(),
        out.into(),
    ];
    args.extend(extra.iter().map(|a| a.into()));
    let o = harvester(args).await;
    assert_success(&o);
    o
}

/// The records of a JSON Lines snapshot.
pub fn read_jsonl(path: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: {e}: {l}", path.display())))
        .collect()
}
