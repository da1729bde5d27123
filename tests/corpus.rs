//! The corpus end to end: dedup across every duplicate kind, the hand-off
//! file of new reports, exported snapshots in every format, WARC output,
//! `reextract` and `stats` — the real binary against the mock portal.

mod common;
mod support;

use std::collections::{BTreeMap, BTreeSet};

use common::{assert_success, export, harvester, read_jsonl, Run};
use serde_json::Value;
use support::{MockPortal, DUP, TRS};

/// Records of a snapshot by id.
fn by_id(records: &[Value]) -> BTreeMap<String, Value> {
    records
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_string(), r.clone()))
        .collect()
}

fn url_set(r: &Value) -> BTreeSet<String> {
    r["urls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap().to_string())
        .collect()
}

/// Every duplicate group of the mock is exactly one record holding exactly
/// its URLs; nothing else about the DUP portal is a record.
fn assert_groups(portal: &MockPortal, records: &[Value]) {
    let groups = portal.dup_report_groups();
    let mut unmatched: Vec<&Value> = records.iter().collect();
    for g in &groups {
        let want: BTreeSet<String> = g.iter().cloned().collect();
        let pos = unmatched.iter().position(|r| url_set(r).contains(&g[0]));
        let Some(pos) = pos else {
            panic!(
                "no record holds {}\nrecords: {:#?}",
                g[0],
                records.iter().map(url_set).collect::<Vec<_>>()
            );
        };
        let r = unmatched.remove(pos);
        assert_eq!(url_set(r), want, "URLs of the record for {}", g[0]);
        assert_eq!(r["id"], r["content_hash"]);
        assert!(want.contains(r["url"].as_str().unwrap()));
    }
    assert!(
        unmatched.is_empty(),
        "records that are no report of the mock: {:#?}",
        unmatched
            .iter()
            .map(|r| (&r["title"], &r["url"]))
            .collect::<Vec<_>>()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_record_per_report_across_every_duplicate_kind() {
    let portal = MockPortal::start().await;
    let run = Run::new(&portal, &[DUP], "");
    assert_success(&run.crawl().await);
    let out = run.dir.path().join("corpus.jsonl");
    export(&run.data, &out, &[]).await;
    let records = read_jsonl(&out);
    assert_groups(&portal, &records);
    let merged: usize = records.iter().map(|r| url_set(r).len()).sum::<usize>() - records.len();
    eprintln!(
        "DUP portal: {} records, {} URLs merged into them",
        records.len(),
        merged
    );
    // The corrected edition is its own record, flagged against the first.
    let ids = by_id(&records);
    for (first, corrected) in portal.dup_near_pairs() {
        let find = |u: &str| {
            records
                .iter()
                .find(|r| url_set(r).contains(u))
                .unwrap_or_else(|| panic!("no record for {u}"))
        };
        let (a, b) = (find(&first), find(&corrected));
        assert_ne!(a["id"], b["id"]);
        // Whichever was stored second is flagged against the other.
        assert!(
            b["near_duplicate_of"] == a["id"] || a["near_duplicate_of"] == b["id"],
            "{corrected} and {first} not flagged: {} / {}",
            a["near_duplicate_of"],
            b["near_duplicate_of"]
        );
        assert!(a["near_duplicate_of"].is_null() || b["near_duplicate_of"].is_null());
        assert!(ids.contains_key(a["id"].as_str().unwrap()));
    }
    // Fields every record carries (title and text are those of the URL
    // found first, which may be the 繁體 mirror).
    for r in &records {
        assert!(
            r["title"].as_str().is_some_and(
                |t| harvester::understand::normalize::to_simplified(t).contains("年度报告")
            ),
            "{r}"
        );
        assert_eq!(r["organ"], "同文县人民政府", "{}", r["url"]);
        assert!(r["year"].as_i64().is_some(), "{}", r["url"]);
        assert!(
            harvester::understand::normalize::to_simplified(r["text"].as_str().unwrap())
                .contains("行政复议"),
            "{}",
            r["url"]
        );
        assert!(["html", "docx"].contains(&r["source_type"].as_str().unwrap()));
        assert_eq!(r["seed"]["url"], portal.url(DUP, "/"));
        assert!(r["fetched_at"].as_str().unwrap().ends_with('Z'));
        assert!(r.get("parsed").is_some());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_new_reports_of_each_run_are_handed_off_once() {
    let portal = MockPortal::start().await;
    // Articles are due again at once, so the second run revalidates them all.
    let run = Run::new(
        &portal,
        &[DUP, TRS],
        "[recrawl]\narticle_after_days = 0.0\n",
    );
    assert_success(&run.crawl().await);
    let first_hits = portal.hits();
    let new_dir = run.data.join("new");
    let first_files: Vec<_> = std::fs::read_dir(&new_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(first_files.len(), 1, "{first_files:?}");
    let first_new = read_jsonl(&first_files[0]);
    let snapshot = run.dir.path().join("first.jsonl");
    export(&run.data, &snapshot, &[]).await;
    assert_eq!(
        by_id(&first_new),
        by_id(&read_jsonl(&snapshot)),
        "run 1 hands off everything it stored"
    );

    // The portal publishes one new report; everything else is unchanged.
    portal.set_edition(2);
    assert_success(&run.crawl().await);
    let second_hits: Vec<_> = portal.hits()[first_hits.len()..].to_vec();
    let mut files: Vec<_> = std::fs::read_dir(&new_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "{files:?}");
    let second_file = files.iter().find(|f| **f != first_files[0]).unwrap();
    let second_new = read_jsonl(second_file);
    let new_group = portal
        .dup_report_groups()
        .into_iter()
        .find(|g| g.iter().any(|u| u.contains("t20260120_1006")))
        .expect("edition 2 has report E");
    assert_eq!(second_new.len(), 1, "{second_new:#?}");
    assert_eq!(url_set(&second_new[0]), new_group.iter().cloned().collect());

    // Conditional requests: every known page of a host that gives validators
    // was asked for with them, and no unchanged report was downloaded again.
    let report_paths: BTreeSet<String> = portal
        .report_pages(DUP)
        .into_iter()
        .chain(portal.report_pages(TRS))
        .collect();
    let mut downloaded_again = Vec::new();
    let mut conditional = 0;
    for h in second_hits
        .iter()
        .filter(|h| h.path_and_query != "/robots.txt")
    {
        if h.conditional() {
            conditional += 1;
        }
        let is_new = h.path_and_query.contains("t20260120_1006");
        if h.status == 200 && report_paths.contains(&h.path_and_query) && !is_new {
            downloaded_again.push(format!("{} {}", h.host, h.path_and_query));
        }
        if (h.host == DUP || h.host == TRS) && !is_new && h.method == "GET" {
            assert!(
                h.conditional(),
                "unconditional re-fetch of a known page: {} {}",
                h.host,
                h.path_and_query
            );
        }
    }
    assert!(
        downloaded_again.is_empty(),
        "unchanged reports downloaded again: {downloaded_again:?}"
    );
    let bytes = |hits: &[support::Hit]| hits.iter().map(|h| h.bytes).sum::<usize>();
    let pages = |hits: &[support::Hit]| {
        hits.iter()
            .filter(|h| h.path_and_query != "/robots.txt")
            .count()
    };
    let not_modified = second_hits.iter().filter(|h| h.status == 304).count();
    eprintln!(
        "run 1: {} requests, {} body bytes; run 2: {} requests ({} conditional, {} answered 304), {} body bytes",
        pages(&first_hits),
        bytes(&first_hits),
        pages(&second_hits),
        conditional,
        not_modified,
        bytes(&second_hits)
    );
    assert!(not_modified > 0);
    assert!(bytes(&second_hits) * 4 < bytes(&first_hits));

    // The corpus: the first run's records plus E, each once.
    let snapshot = run.dir.path().join("second.jsonl");
    export(&run.data, &snapshot, &[]).await;
    let all = read_jsonl(&snapshot);
    assert_eq!(all.len(), first_new.len() + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_killed_and_resumed_stores_no_record_twice() {
    // Reference corpus: one uninterrupted crawl.
    let reference_portal = MockPortal::start().await;
    let reference = Run::new(&reference_portal, &[DUP, TRS], "");
    assert_success(&reference.crawl().await);
    let ref_out = reference.dir.path().join("ref.jsonl");
    export(&reference.data, &ref_out, &[]).await;
    let expected = read_jsonl(&ref_out);
    let total_hits = reference_portal.hits().len();

    // Killed (SIGKILL) three times at different points, resumed each time.
    let portal = MockPortal::start().await;
    let run = Run::new(&portal, &[DUP, TRS], "");
    for fraction in [4, 2, 1] {
        let mut child = run
            .command()
            .stderr(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let at = portal.hits().len() + total_hits / (2 * fraction) + 1;
        portal.wait_for_hits(at.min(total_hits)).await;
        child.kill().unwrap();
        tokio::task::spawn_blocking(move || child.wait().unwrap())
            .await
            .unwrap();
    }
    assert_success(&run.crawl().await);
    let out = run.dir.path().join("resumed.jsonl");
    export(&run.data, &out, &[]).await;
    let got = read_jsonl(&out);
    // The two portals listen on different ports: compare URLs without them.
    let portless = |u: &str| {
        regex::Regex::new(r":\d+/")
            .unwrap()
            .replace(u, "/")
            .into_owned()
    };
    let strip = |v: &[Value]| -> BTreeMap<String, (BTreeSet<String>, Value)> {
        v.iter()
            .map(|r| {
                let urls = url_set(r).iter().map(|u| portless(u)).collect();
                (
                    r["id"].as_str().unwrap().to_string(),
                    (urls, r["near_duplicate_of"].clone()),
                )
            })
            .collect()
    };
    assert_eq!(strip(&got), strip(&expected));
    // One run, resumed: a single hand-off file holding every record.
    let files: Vec<_> = std::fs::read_dir(run.data.join("new")).unwrap().collect();
    assert_eq!(files.len(), 1);
}

/// Ids of a snapshot, whatever its format.
fn ids_of(path: &std::path::Path) -> BTreeSet<String> {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    if name.ends_with(".jsonl") {
        read_jsonl(path)
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    } else if name.ends_with(".zst") {
        let bytes = zstd::decode_all(std::fs::File::open(path).unwrap()).unwrap();
        String::from_utf8(bytes)
            .unwrap()
            .lines()
            .map(|l| {
                serde_json::from_str::<Value>(l).unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    } else if name.ends_with(".csv") {
        let mut rdr = csv::Reader::from_path(path).unwrap();
        let headers = rdr.headers().unwrap().clone();
        let idx = headers.iter().position(|h| h == "id").unwrap();
        let urls = headers.iter().position(|h| h == "urls").unwrap();
        rdr.records()
            .map(|r| {
                let r = r.unwrap();
                assert!(r[urls].starts_with("http://"));
                r[idx].to_string()
            })
            .collect()
    } else {
        use parquet::file::reader::{FileReader, SerializedFileReader};
        let reader = SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
        reader
            .get_row_iter(None)
            .unwrap()
            .map(|row| {
                let row = row.unwrap();
                let (_, v) = row.get_column_iter().find(|(n, _)| *n == "id").unwrap();
                v.to_string().trim_matches('"').to_string()
            })
            .collect()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_in_every_format_warc_reextract_and_stats() {
    let portal = MockPortal::start().await;
    let run = Run::new(&portal, &[DUP], "");
    let warc_dir = run.dir.path().join("warc");
    let mut cmd = run.command();
    cmd.arg("--warc").arg(&warc_dir);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    assert_success(&out);
    let dir = run.dir.path();

    // Every format holds the same records.
    let reference = dir.join("all.jsonl");
    export(&run.data, &reference, &[]).await;
    let want = ids_of(&reference);
    assert_eq!(want.len(), portal.dup_report_groups().len());
    for name in ["all.jsonl.zst", "all.csv", "all.parquet"] {
        let p = dir.join(name);
        export(&run.data, &p, &[]).await;
        assert_eq!(ids_of(&p), want, "{name}");
    }
    // --format wins over the extension.
    let p = dir.join("forced.out");
    export(&run.data, &p, &["--format", "csv"]).await;
    let mut rdr = csv::Reader::from_path(&p).unwrap();
    assert_eq!(rdr.records().count(), want.len());
    // --since: first fetched today, so a date in the future keeps nothing.
    let future = dir.join("future.jsonl");
    export(&run.data, &future, &["--since", "2999-01-01"]).await;
    assert!(read_jsonl(&future).is_empty());
    let past = dir.join("past.jsonl");
    export(&run.data, &past, &["--since", "2000-01-01"]).await;
    assert_eq!(read_jsonl(&past).len(), want.len());
    // A bad format or date is a clear error, and the old snapshot stays.
    let before = std::fs::read(&reference).unwrap();
    for bad in [["--format", "xml"], ["--since", "yesterday"]] {
        let mut args: Vec<std::ffi::OsString> = vec![
            "export".into(),
            "--data".into(),
            run.data.clone().into(),
            "--out".into(),
            reference.clone().into(),
        ];
        args.extend(bad.iter().map(|a| a.into()));
        let o = harvester(args).await;
        assert_eq!(o.status.code(), Some(1));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(bad[1]), "{err}");
    }
    assert_eq!(std::fs::read(&reference).unwrap(), before);
    assert!(std::fs::read_dir(dir).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .contains(".tmp-")));

    // WARC: one response record per page request the portal answered.
    let page_hits: Vec<_> = portal
        .hits()
        .into_iter()
        .filter(|h| h.path_and_query != "/robots.txt")
        .collect();
    let mut responses = 0;
    let mut uris = BTreeSet::new();
    for f in std::fs::read_dir(&warc_dir).unwrap() {
        let path = f.unwrap().path();
        assert!(path.to_string_lossy().ends_with(".warc.gz"));
        let reader = warc::WarcReader::from_path_gzip(&path).unwrap();
        for rec in reader.iter_records() {
            let rec = rec.unwrap();
            if rec.warc_type() == &warc::RecordType::Response {
                responses += 1;
                uris.insert(rec.header(warc::WarcHeader::TargetURI).unwrap().to_string());
            }
        }
    }
    assert_eq!(responses, page_hits.len());
    assert!(uris.contains(&portal.url(DUP, "/")));

    // reextract gives the same corpus back from the raw bytes alone.
    let o = harvester(vec![
        "reextract".into(),
        "--data".into(),
        run.data.clone().into(),
    ])
    .await;
    assert_success(&o);
    let after = dir.join("after.jsonl");
    export(&run.data, &after, &[]).await;
    let strip = |v: Vec<Value>| -> BTreeMap<String, BTreeSet<String>> {
        v.iter()
            .map(|r| (r["id"].as_str().unwrap().to_string(), url_set(r)))
            .collect()
    };
    assert_eq!(strip(read_jsonl(&after)), strip(read_jsonl(&reference)));

    // stats agree with the snapshot.
    let o = harvester(vec![
        "stats".into(),
        "--data".into(),
        run.data.clone().into(),
        "--json".into(),
    ])
    .await;
    assert_success(&o);
    let stats: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(stats["reports"].as_u64().unwrap() as usize, want.len());
    let per_year: u64 = stats["reports_per_year"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(per_year as usize, want.len());
    assert_eq!(stats["runs"].as_array().unwrap().len(), 1);
    let text = harvester(vec![
        "stats".into(),
        "--data".into(),
        run.data.clone().into(),
    ])
    .await;
    assert_success(&text);
    assert!(String::from_utf8_lossy(&text.stdout).contains("reports per year"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_while_a_crawl_holds_the_data_dir_fails_clearly() {
    let portal = MockPortal::start().await;
    let run = Run::new(&portal, &[DUP], "");
    assert_success(&run.crawl().await);
    let _held = harvester::store::Store::open(&run.data).unwrap();
    let out = run.dir.path().join("x.jsonl");
    let o = harvester(vec![
        "export".into(),
        "--data".into(),
        run.data.clone().into(),
        "--out".into(),
        out.clone().into(),
    ])
    .await;
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("data dir in use") && err.contains("export"),
        "{err}"
    );
    assert!(!out.exists());
    // A directory that holds no data is named.
    let empty = run.dir.path().join("nothing");
    let o = harvester(vec!["stats".into(), "--data".into(), empty.clone().into()]).await;
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no harvester data"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_report_carries_parsed_numbers_and_long_tables_export() {
    let portal = MockPortal::start().await;
    let run = Run::new(&portal, &[DUP], "");
    assert_success(&run.crawl().await);
    let dir = run.dir.path();
    let all = dir.join("all.jsonl");
    export(&run.data, &all, &[]).await;
    let records = read_jsonl(&all);
    for r in &records {
        let p = &r["parsed"];
        assert_eq!(p["format"], "2021", "{}", r["url"]);
        assert_eq!(p["year"], r["year"], "{}", r["url"]);
        assert!(
            p["section3"]["new"]["total"].is_number(),
            "{}: {p}",
            r["url"]
        );
        assert!(
            p["checks"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["ok"] == true),
            "{}: {}",
            r["url"],
            p["checks"]
        );
    }
    // Long tables: one row per report × row × column.
    for (table, per_report) in [("section2", 10), ("section3", 25 * 7), ("section4", 15)] {
        let out = dir.join(format!("{table}.csv"));
        export(&run.data, &out, &["--table", table]).await;
        let mut rdr = csv::Reader::from_path(&out).unwrap();
        assert_eq!(
            rdr.headers().unwrap().iter().collect::<Vec<_>>(),
            ["id", "organ", "year", "url", "row", "column", "value"]
        );
        assert_eq!(rdr.records().count(), records.len() * per_report, "{table}");
    }
    // --table needs CSV.
    let o = harvester(vec![
        "export".into(),
        "--data".into(),
        run.data.clone().into(),
        "--out".into(),
        dir.join("x.parquet").into(),
        "--table".into(),
        "section3".into(),
    ])
    .await;
    assert_eq!(o.status.code(), Some(1));
    // `harvester parse` runs the parser again from the raw bytes: same result.
    let o = harvester(vec![
        "parse".into(),
        "--data".into(),
        run.data.clone().into(),
    ])
    .await;
    assert_success(&o);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains(&format!("parsed {} reports", records.len())),
        "{stdout}"
    );
    assert!(stdout.contains(" 0 changed"), "{stdout}");
}
