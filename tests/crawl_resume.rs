//! Surviving SIGKILL, refusing a shared data dir, and clear messages for
//! bad seeds and configs.

mod common;
mod support;

use std::collections::BTreeSet;

use common::{assert_success, page_requests, repeated, Run};
use harvester::frontier::State;
use support::MockPortal;

const HOSTS: &[&str] = &[
    "www.trs-county.gov.cn",
    "www.hanweb-county.gov.cn",
    "www.gbk-county.gov.cn",
    "www.fast-county.gov.cn",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_after_sigkill_fetches_the_same_set() {
    // The reference: one uninterrupted crawl.
    let reference_portal = MockPortal::start().await;
    let reference = Run::new(&reference_portal, HOSTS, "");
    assert_success(&reference.crawl().await);
    let expected: BTreeSet<String> = page_requests(&reference_portal.hits())
        .into_iter()
        .collect();
    assert!(
        expected.len() > 40,
        "reference crawl too small: {}",
        expected.len()
    );

    // The same crawl, killed with SIGKILL after a third of its requests.
    let portal = MockPortal::start().await;
    let run = Run::new(&portal, HOSTS, "");
    let mut child = run
        .command()
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let kill_at = expected.len() / 3;
    portal.wait_for_hits(kill_at).await;
    child.kill().unwrap(); // SIGKILL
    let status = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    assert!(!status.success());
    let before_kill = portal.hits().len();
    assert!(
        before_kill < expected.len(),
        "the kill came too late to test anything"
    );

    // Run the same command again: it finishes the crawl.
    let out = run.crawl().await;
    assert_success(&out);
    let all = page_requests(&portal.hits());
    let got: BTreeSet<String> = all.iter().cloned().collect();
    let missing: Vec<_> = expected.difference(&got).collect();
    let extra: Vec<_> = got.difference(&expected).collect();
    assert!(
        missing.is_empty(),
        "never fetched after resume: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "fetched only in the resumed crawl: {extra:?}"
    );
    // Requests repeated across the kill: only those in flight (or not yet
    // flushed) when it landed, never a whole re-crawl.
    let again = repeated(&all);
    let repeats: usize = again.iter().map(|(_, n)| n - 1).sum();
    eprintln!(
        "resume after SIGKILL at request {before_kill}: {} unique requests (reference {}), {repeats} repeated: {again:?}",
        got.len(),
        expected.len()
    );
    assert!(repeats <= 8, "too many repeats after resume: {again:?}");
    let records = run.records();
    assert!(records
        .values()
        .all(|r| !matches!(r.state, State::Queued | State::InFlight)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn second_run_rereads_list_pages_only() {
    let portal = MockPortal::start().await;
    let host = support::DUP;
    let run = Run::new(&portal, &[host], "");
    assert_success(&run.crawl().await);
    let first = portal.hits().len();
    // Default recrawl policy: list pages every run, articles after 30 days.
    assert_success(&run.crawl().await);
    let pages_after = page_requests(&portal.hits()[first..]);
    assert!(
        pages_after.contains(&format!("GET {host} /")),
        "{pages_after:?}"
    );
    let bytes = |hits: &[support::Hit]| hits.iter().map(|h| h.bytes).sum::<usize>();
    let hits = portal.hits();
    eprintln!(
        "default policy: run 1 {} requests, {} body bytes; run 2 {} requests ({} answered 304), {} body bytes",
        page_requests(&hits[..first]).len(),
        bytes(&hits[..first]),
        pages_after.len(),
        hits[first..].iter().filter(|h| h.status == 304).count(),
        bytes(&hits[first..])
    );
    let records = run.records();
    let reports = portal.report_pages(host);
    for h in portal.hits()[first..]
        .iter()
        .filter(|h| h.path_and_query != "/robots.txt")
    {
        assert!(
            !reports.contains(&h.path_and_query),
            "report fetched again: {}",
            h.path_and_query
        );
        let rec = &records[&portal.url(&h.host, &h.path_and_query)];
        assert!(
            harvester::frontier::revisit::is_listing(rec),
            "{}: {rec:?}",
            h.path_and_query
        );
    }
    // Nothing due: a third run with list pages due weekly fetches nothing.
    let weekly = Run::new(&portal, &[host], "[recrawl]\nlisting_after_days = 7.0\n");
    std::fs::copy(&weekly.config, &run.config).unwrap();
    let before = portal.hits().len();
    assert_success(&run.crawl().await);
    assert!(page_requests(&portal.hits()[before..]).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn data_dir_in_use_is_a_clear_error() {
    let portal = MockPortal::start().await;
    let run = Run::new(&portal, &["www.fast-county.gov.cn"], "");
    let _held = harvester::store::Store::open(&run.data).unwrap();
    let out = run.crawl().await;
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("data dir in use"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(portal.hits().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_seed_lines_are_reported_and_the_rest_crawled() {
    let portal = MockPortal::start().await;
    let run = Run::new(&portal, &["www.fast-county.gov.cn"], "");
    let csv = run.dir.path().join("more.csv");
    std::fs::write(
        &csv,
        format!(
            "code,name,url\n330326,平阳县,{}\n1,坏,ftp://x.gov.cn/\n",
            portal.url("www.gbk-county.gov.cn", "/")
        ),
    )
    .unwrap();
    let dir_seeds = run.dir.path().join("seeds");
    std::fs::create_dir(&dir_seeds).unwrap();
    std::fs::rename(&run.seeds, dir_seeds.join("a.txt")).unwrap();
    std::fs::rename(&csv, dir_seeds.join("b.csv")).unwrap();
    let cmd = run.command();
    let args: Vec<_> = cmd.get_args().map(|a| a.to_owned()).collect();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_harvester"));
    for a in &args {
        if a == run.seeds.as_os_str() {
            cmd.arg(&dir_seeds);
        } else {
            cmd.arg(a);
        }
    }
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    assert_success(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("b.csv:3"), "{stderr}");
    assert!(!portal.hits_for("www.gbk-county.gov.cn").is_empty());
    assert!(!portal.hits_for("www.fast-county.gov.cn").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_usable_seed_and_bad_config_fail_with_file_and_line() {
    let portal = MockPortal::start().await;
    let run = Run::new(&portal, &[], "");
    std::fs::write(&run.seeds, "# nothing\nnot a url\n").unwrap();
    let out = run.crawl().await;
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no usable seed"), "{stderr}");
    assert!(stderr.contains("seeds.txt:2"), "{stderr}");

    let run = Run::new(
        &portal,
        &["www.fast-county.gov.cn"],
        "[crawl]\nmax_dept = 3\n",
    );
    let out = run.crawl().await;
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("config.toml:"), "{stderr}");
    assert!(stderr.contains("max_dept"), "{stderr}");
    assert!(
        portal.hits().is_empty(),
        "nothing fetched with a bad config"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_saves_state_and_exits_130() {
    let portal = MockPortal::start().await;
    let run = Run::new(&portal, HOSTS, "");
    let child = run
        .command()
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    portal.wait_for_hits(10).await;
    let pid = child.id().to_string();
    let term = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(term.success());
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records = run.records();
    assert!(
        records.values().all(|r| r.state != State::InFlight),
        "a graceful stop settles what was in flight"
    );
    assert!(
        records.values().any(|r| r.state == State::Queued),
        "work left for the next run"
    );
    // The next run finishes the job.
    assert_success(&run.crawl().await);
    let records = run.records();
    assert!(records
        .values()
        .all(|r| !matches!(r.state, State::Queued | State::InFlight)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_override_is_named_as_a_flag() {
    let portal = MockPortal::start().await;
    let run = Run::new(&portal, &["www.fast-county.gov.cn"], "");
    let mut cmd = run.command();
    cmd.args(["--rps", "0"]);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("command-line override"), "{stderr}");
    assert!(stderr.contains("requests_per_second"), "{stderr}");
    assert!(portal.hits().is_empty());
}
