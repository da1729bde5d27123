//! A damaged data dir (issue 6, item 6): a truncated, overwritten or
//! incomplete `harvester.sled` stops `harvester stats` and `harvester crawl`
//! with exit 1 and a message naming the path and what to do — never a
//! panic, never a silent fresh start; one unreadable URL record does not
//! stop the crawl.
//!
//! In: a data dir made by a real crawl of a tiny in-file loopback site,
//! copied and damaged once per case. Out: exit codes and messages of the
//! real binary. Never: a sleep as synchronisation (every command runs to
//! its end before the next starts).

mod common;
mod support;

use std::path::{Path, PathBuf};

use axum::http::{header, StatusCode, Uri};
use axum::response::IntoResponse;
use harvester::frontier::{Frontier, Limits};
use harvester::store::Store;

use common::{harvester, show};

const HOST: &str = "www.damaged.gov.cn";

/// Serve `/` → `/a.html`, `/b.html`; return the port and a shutdown handle.
async fn site() -> (u16, tokio::sync::oneshot::Sender<()>) {
    let app = axum::Router::new().fallback(|uri: Uri| async move {
        let body = match uri.path() {
            "/" => "<a href=\"/a.html\">甲</a><a href=\"/b.html\">乙</a>",
            "/a.html" | "/b.html" => "<p>正文</p>",
            _ => return StatusCode::NOT_FOUND.into_response(),
        };
        (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            format!("<html><body>{body}</body></html>"),
        )
            .into_response()
    });
    common::serve(app).await
}

struct Scratch {
    dir: tempfile::TempDir,
    seeds: PathBuf,
    config: PathBuf,
}

impl Scratch {
    fn new(port: u16) -> Scratch {
        let dir = tempfile::tempdir().unwrap();
        let seeds = dir.path().join("seeds.txt");
        std::fs::write(&seeds, format!("http://{HOST}:{port}/\n")).unwrap();
        let config = dir.path().join("config.toml");
        std::fs::write(
            &config,
            format!(
                "[politeness]\nrequests_per_second = 1000.0\nburst = 10\n\
                 [http]\ntimeout_secs = 10\nconnect_timeout_secs = 5\nresolve_only = true\n\
                 allow_private_addresses = true\n[http.resolve]\n\"{HOST}\" = \"127.0.0.1\"\n\
                 [retry]\nmax_attempts = 1\n"
            ),
        )
        .unwrap();
        Scratch { dir, seeds, config }
    }

    fn crawl_args(&self, data: &Path) -> Vec<std::ffi::OsString> {
        vec![
            "crawl".into(),
            "--seeds".into(),
            self.seeds.clone().into(),
            "--config".into(),
            self.config.clone().into(),
            "--data".into(),
            data.into(),
        ]
    }
}

fn stats_args(data: &Path) -> Vec<std::ffi::OsString> {
    vec!["stats".into(), "--data".into(), data.into()]
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

fn blob_files(data: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(data.join("harvester.sled/blobs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

/// A data dir from a real crawl, plus enough data for a log of several
/// segments (20,000 small records, some rewritten) and a value large enough
/// for sled to keep as a blob file; then a `stats` run, so that every
/// handle is closed.
async fn pristine(s: &Scratch) -> PathBuf {
    let data = s.dir.path().join("pristine");
    let out = harvester(s.crawl_args(&data)).await;
    assert!(out.status.success(), "{}", show(&out));
    {
        let store = Store::open(&data).unwrap();
        let bulk = store.db().open_tree("test.bulk").unwrap();
        for i in 0..20_000u32 {
            bulk.insert(format!("k{i}"), format!("{i:0>200}").as_bytes())
                .unwrap();
        }
        bulk.insert(b"big", vec![7u8; 2 << 20]).unwrap();
    }
    {
        let store = Store::open(&data).unwrap();
        let bulk = store.db().open_tree("test.bulk").unwrap();
        for i in 0..5_000u32 {
            bulk.insert(format!("k{i}"), b"rewritten".as_slice())
                .unwrap();
        }
    }
    let out = harvester(stats_args(&data)).await;
    assert!(out.status.success(), "{}", show(&out));
    assert!(
        !blob_files(&data).is_empty(),
        "the big value is a blob file"
    );
    data
}

fn truncate(path: &Path, len: impl FnOnce(u64) -> u64) {
    let f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    let now = f.metadata().unwrap().len();
    f.set_len(len(now)).unwrap();
}

/// Overwrite `len` bytes at `at` with a garbage pattern.
fn garble(path: &Path, at: usize, len: usize) {
    let mut bytes = std::fs::read(path).unwrap();
    let end = (at + len).min(bytes.len());
    for (i, b) in bytes[at..end].iter_mut().enumerate() {
        *b = (i * 7919 % 251) as u8 ^ 0x5a;
    }
    std::fs::write(path, bytes).unwrap();
}

/// Overwrite the middle half of the file with garbage.
fn garble_middle(path: &Path) {
    let n = std::fs::metadata(path).unwrap().len() as usize;
    garble(path, n / 4, n / 2);
}

fn snapshots(data: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(data.join("harvester.sled"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("snap."))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn damaged_sled_dirs_give_a_clear_error_not_a_panic() {
    let (port, _server) = site().await;
    let s = Scratch::new(port);
    let pristine = pristine(&s).await;

    type Damage = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Damage)> = vec![
        (
            "db truncated to half",
            Box::new(|d| truncate(&d.join("harvester.sled/db"), |n| n / 2)),
        ),
        (
            "db truncated to nothing",
            Box::new(|d| truncate(&d.join("harvester.sled/db"), |_| 0)),
        ),
        (
            "garbage in the middle of db",
            Box::new(|d| garble_middle(&d.join("harvester.sled/db"))),
        ),
        (
            "db truncated to nothing, snapshots deleted",
            Box::new(|d| {
                truncate(&d.join("harvester.sled/db"), |_| 0);
                for snap in snapshots(d) {
                    std::fs::remove_file(snap).unwrap();
                }
            }),
        ),
        (
            "garbage at the start of db",
            Box::new(|d| garble(&d.join("harvester.sled/db"), 0, 4096)),
        ),
        (
            "one record's bytes garbled",
            Box::new(|d| {
                let db = d.join("harvester.sled/db");
                let bytes = std::fs::read(&db).unwrap();
                let needle = format!("{:0>200}", 19_999);
                let at: Vec<usize> = (0..bytes.len() - needle.len())
                    .filter(|&i| bytes[i..].starts_with(needle.as_bytes()))
                    .collect();
                assert!(!at.is_empty(), "the record is in the log");
                for i in at {
                    garble(&db, i + 100, 16);
                }
            }),
        ),
        (
            "db deleted",
            Box::new(|d| std::fs::remove_file(d.join("harvester.sled/db")).unwrap()),
        ),
        (
            "conf deleted",
            Box::new(|d| std::fs::remove_file(d.join("harvester.sled/conf")).unwrap()),
        ),
        (
            "blobs deleted",
            Box::new(|d| std::fs::remove_dir_all(d.join("harvester.sled/blobs")).unwrap()),
        ),
        (
            "a blob file deleted",
            Box::new(|d| std::fs::remove_file(&blob_files(d)[0]).unwrap()),
        ),
    ];
    for (i, (name, damage)) in cases.iter().enumerate() {
        let data = s.dir.path().join(format!("case{i}"));
        copy_dir(&pristine, &data);
        damage(&data);
        let db = data.join("harvester.sled").display().to_string();
        for (command, args) in [("stats", stats_args(&data)), ("crawl", s.crawl_args(&data))] {
            let out = harvester(args).await;
            let err = String::from_utf8_lossy(&out.stderr);
            let ctx = format!("{name}, harvester {command}: {}", show(&out));
            assert_eq!(out.status.code(), Some(1), "{ctx}");
            assert!(
                err.contains(&format!("{db}: database is damaged (")),
                "{ctx}"
            );
            assert!(
                err.contains("move it aside") && err.contains("restore a backup"),
                "{ctx}"
            );
            assert!(!err.contains("panicked"), "{ctx}");
            eprintln!(
                "CASE {name} {command}: {}",
                err.lines().last().unwrap_or("")
            );
        }
    }

    // The undamaged copy still opens (the checks do not cry wolf).
    let out = harvester(stats_args(&pristine)).await;
    assert!(out.status.success(), "{}", show(&out));
}

/// A record that is not JSON under a `u\0` key: the crawl moves it aside
/// with a warning naming the key, goes on, and records the URL afresh when
/// its page links to it again.
#[tokio::test(flavor = "multi_thread")]
async fn an_unreadable_record_is_moved_aside_and_the_crawl_goes_on() {
    let (port, _server) = site().await;
    let s = Scratch::new(port);
    let data = s.dir.path().join("data");
    let out = harvester(s.crawl_args(&data)).await;
    assert!(out.status.success(), "{}", show(&out));
    let url = format!("http://{HOST}:{port}/a.html");
    {
        let store = Store::open(&data).unwrap();
        let key = format!("u\0{url}");
        assert!(store.db().get(&key).unwrap().is_some());
        store.db().insert(key, b"{garbage".as_slice()).unwrap();
    }
    let out = harvester(s.crawl_args(&data)).await;
    assert!(out.status.success(), "{}", show(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unreadable record moved aside") && err.contains(&format!("u\\0{url}")),
        "{}",
        show(&out)
    );
    let store = Store::open(&data).unwrap();
    let kept = store.db().get(format!("x\0u\0{url}")).unwrap();
    assert_eq!(kept.as_deref(), Some(b"{garbage".as_slice()));
    let limits = Limits {
        max_depth: 10,
        max_pages_per_site: u32::MAX,
        traps: Default::default(),
    };
    let (f, rec) = Frontier::open(&store, limits).unwrap();
    assert_eq!(rec.quarantined, 0, "moved once, not again");
    let again = f.get(&url).unwrap().expect("recorded afresh");
    assert_eq!(again.url, url);
}
