//! Crash consistency: a crawl killed with SIGKILL at 20 moments and resumed
//! each time ends with the same corpus as an uninterrupted crawl.
//!
//! The kill moments are drawn from a fixed seed (the same every run): after
//! a drawn number of requests, plus a drawn pause of 0–40 ms so that kills
//! land in every phase (fetching, reading, writing the settle batch,
//! flushing). The pause only spreads the kills; nothing waits on it.

mod common;
mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use common::{assert_success, export, read_jsonl, Run};
use rand::{Rng, SeedableRng};
use serde_json::Value;
use support::{MockPortal, DUP, HANWEB, TRS};

const HOSTS: &[&str] = &[DUP, TRS, HANWEB];
const KILLS: usize = 20;

/// Records by id: URLs without the port (the two portals listen on
/// different ports) and the near-duplicate flag.
fn corpus(path: &std::path::Path) -> BTreeMap<String, (BTreeSet<String>, Value)> {
    let port = regex::Regex::new(r":\d+/").unwrap();
    read_jsonl(path)
        .iter()
        .map(|r| {
            let urls = r["urls"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| port.replace(u.as_str().unwrap(), "/").into_owned())
                .collect();
            (
                r["id"].as_str().unwrap().to_string(),
                (urls, r["near_duplicate_of"].clone()),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_kills_leave_the_same_corpus() {
    let reference_portal = MockPortal::start().await;
    let reference = Run::new(&reference_portal, HOSTS, "");
    assert_success(&reference.crawl().await);
    let ref_out = reference.dir.path().join("reference.jsonl");
    export(&reference.data, &ref_out, &[]).await;
    let expected = corpus(&ref_out);
    let total = reference_portal.hits().len();
    assert!(expected.len() >= 10, "reference corpus too small");

    let portal = MockPortal::start().await;
    let run = Run::new(&portal, HOSTS, "");
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x6861_7276);
    let mut kills = 0;
    let mut finished_early = 0;
    while kills < KILLS {
        let mut child = tokio::process::Command::from(run.command())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let target = portal.hits().len() + 1 + rng.random_range(0..total / 8);
        let pause = Duration::from_millis(rng.random_range(0..40));
        tokio::select! {
            _ = portal.wait_for_hits(target) => {
                tokio::time::sleep(pause).await;
                let _ = child.start_kill(); // SIGKILL
                let _ = child.wait().await;
                kills += 1;
            }
            status = child.wait() => {
                // The crawl finished before the drawn moment: start over on
                // a fresh data dir is not needed — a finished run is the
                // state we compare. Count it and keep killing later runs
                // (they revisit list pages).
                assert!(status.unwrap().success());
                finished_early += 1;
                kills += 1;
            }
        }
    }
    // The last resume, to its end.
    assert_success(&run.crawl().await);
    let out = run.dir.path().join("resumed.jsonl");
    export(&run.data, &out, &[]).await;
    eprintln!(
        "{KILLS} kills ({finished_early} runs ended before their kill moment), {} requests in all vs {total} uninterrupted",
        portal.hits().len()
    );
    assert_eq!(corpus(&out), expected);
    // Nothing left in flight or queued.
    let records = run.records();
    let left: Vec<_> = records
        .values()
        .filter(|r| {
            matches!(
                r.state,
                harvester::frontier::State::Queued | harvester::frontier::State::InFlight
            )
        })
        .map(|r| r.url.clone())
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
