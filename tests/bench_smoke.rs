//! `harvester bench` runs end to end on a tiny network and counts what it
//! must: every page of every host fetched once, every report recognised.
//! No timing is asserted (figures are the bench's output, not a test's).

use std::process::Command;

fn bench(args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_harvester"))
        .arg("bench")
        .args(args)
        .arg("--json")
        .env("HARVESTER_LOG", "warn")
        .output()
        .expect("run harvester bench");
    assert!(
        out.status.success(),
        "bench failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "bench --json printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

#[test]
fn two_hosts_twenty_pages_are_all_fetched() {
    let r = bench(&["--hosts", "2", "--pages", "20", "--sample", "10"]);
    let c = &r["crawl"];
    // Per host: home, 网站地图, one list page per column, 20 articles.
    assert_eq!(c["expected_pages"], 2 * (2 + 1 + 1 + 20));
    assert_eq!(c["pages"], c["expected_pages"], "{r:#}");
    // One article in five is a report.
    assert_eq!(c["expected_reports"], 2 * 4);
    assert_eq!(c["reports"], c["expected_reports"], "{r:#}");
    assert_eq!(c["errors"], 0, "{r:#}");
    assert_eq!(c["queued"], 0, "{r:#}");
    assert!(c["body_bytes"].as_u64().unwrap() > 48 * 20 * 1024, "{r:#}");
    let e = &r["extraction"];
    assert_eq!(e["sample"], 10);
    assert_eq!(e["misclassified"], 0, "{r:#}");
}

#[test]
fn path_prefixed_layout_fetches_the_same_pages() {
    let r = bench(&[
        "--hosts",
        "2",
        "--pages",
        "20",
        "--sample",
        "0",
        "--prefixed",
    ]);
    assert_eq!(r["layout"], "path-prefixed");
    assert_eq!(r["crawl"]["pages"], 48, "{r:#}");
    assert_eq!(r["crawl"]["reports"], 8, "{r:#}");
}

#[test]
fn frontier_mode_leaves_exactly_n_urls_queued() {
    let r = bench(&["--frontier", "2500"]);
    let c = &r["crawl"];
    assert_eq!(c["queued"], 2500, "{r:#}");
    // Home and three list pages; the articles are never fetched.
    assert_eq!(c["pages"], 4, "{r:#}");
    assert_eq!(r["frontier"]["list_pages"], 3);
}
