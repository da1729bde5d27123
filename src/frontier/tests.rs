//! Frontier persistence: admission rules, queues, atomic settlement and
//! recovery after a killed run.

use super::*;
use crate::seeds::Seed;

fn seed(url: &str) -> Seed {
    Seed {
        url: Url::parse(url).unwrap(),
        name: Some("测试县".into()),
        code: Some("330326".into()),
        province: None,
        level: None,
        source: "test:1".into(),
    }
}

fn limits() -> Limits {
    Limits {
        max_depth: 3,
        max_pages_per_site: 100,
        traps: TrapLimits::default(),
    }
}

fn link(url: &str) -> Candidate {
    Candidate {
        url: Url::parse(url).unwrap(),
        form: None,
        kind: LinkKind::Page,
        via: "anchor".into(),
        text: String::new(),
        same_depth: false,
        redirects: 0,
        wanted: true,
    }
}

fn take(f: &Frontier, host: &str) -> UrlRecord {
    let (qk, mut r) = f.peek(host).unwrap().expect("queued work");
    f.start(&qk, &mut r).unwrap();
    r
}

#[test]
fn seed_then_links_then_done() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let (mut f, rec) = Frontier::open(&store, limits()).unwrap();
    assert_eq!(rec.records, 0);
    assert!(f.add_seed(&seed("http://www.zjpy.gov.cn")).unwrap());
    assert!(
        !f.add_seed(&seed("http://www.zjpy.gov.cn/")).unwrap(),
        "same seed twice"
    );
    assert_eq!(
        f.hosts_with_work().unwrap().into_iter().collect::<Vec<_>>(),
        vec!["www.zjpy.gov.cn".to_string()]
    );
    let mut r = take(&f, "www.zjpy.gov.cn");
    assert_eq!(r.state, State::InFlight);
    assert_eq!(r.attempts, 1);
    assert!(f.peek("www.zjpy.gov.cn").unwrap().is_none());
    r.state = State::Done;
    let got = f
        .finish(
            &r,
            vec![
                link("http://www.zjpy.gov.cn/a.html"),
                link("http://www.zjpy.gov.cn/a.html#x"),
                link("http://xxgk.zjpy.gov.cn/b.html"),
                link("http://www.evil-mirror.com/a.html"),
                link("http://www.zjpy.gov.cn/"),
            ],
        )
        .unwrap();
    assert_eq!(got.queued, 2);
    assert!(got.hosts.contains("xxgk.zjpy.gov.cn"), "{:?}", got.hosts);
    assert_eq!(got.out_of_scope, 1);
    assert_eq!(got.known, 2, "fragment variant and the seed itself");
    let hosts: Vec<_> = f.hosts_with_work().unwrap().into_iter().collect();
    assert_eq!(hosts, vec!["www.zjpy.gov.cn", "xxgk.zjpy.gov.cn"]);
    let off = f.get("http://www.evil-mirror.com/a.html").unwrap().unwrap();
    assert_eq!(off.state, State::Skipped);
    assert_eq!(off.reason.as_deref(), Some(OUT_OF_SCOPE));
    let a = f.get("http://www.zjpy.gov.cn/a.html").unwrap().unwrap();
    assert_eq!(a.depth, 1);
    assert_eq!(a.found_on.as_deref(), Some("http://www.zjpy.gov.cn/"));
    assert_eq!(a.seed, "http://www.zjpy.gov.cn/");
}

#[test]
fn depth_and_page_caps() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut l = limits();
    l.max_depth = 1;
    l.max_pages_per_site = 3;
    let (mut f, _) = Frontier::open(&store, l).unwrap();
    f.add_seed(&seed("http://www.a.gov.cn/")).unwrap();
    let mut r = take(&f, "www.a.gov.cn");
    r.state = State::Done;
    let links = (0..5)
        .map(|i| link(&format!("http://www.a.gov.cn/{i}.html")))
        .collect();
    let got = f.finish(&r, links).unwrap();
    assert_eq!(got.queued, 2, "seed + 2 = cap of 3");
    assert_eq!(got.skipped, 3);
    let mut child = take(&f, "www.a.gov.cn");
    child.state = State::Done;
    let got = f
        .finish(&child, vec![link("http://www.a.gov.cn/deep.html")])
        .unwrap();
    assert_eq!(got.queued, 0);
    let deep = f.get("http://www.a.gov.cn/deep.html").unwrap().unwrap();
    assert!(deep.reason.unwrap().contains("depth") || deep.depth == 2);
}

#[test]
fn pagination_keeps_depth() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut l = limits();
    l.max_depth = 1;
    let (mut f, _) = Frontier::open(&store, l).unwrap();
    f.add_seed(&seed("http://www.a.gov.cn/")).unwrap();
    let mut r = take(&f, "www.a.gov.cn");
    r.state = State::Done;
    f.finish(&r, vec![link("http://www.a.gov.cn/list.html")])
        .unwrap();
    let mut list = take(&f, "www.a.gov.cn");
    list.state = State::Done;
    let mut next = link("http://www.a.gov.cn/list_2.html");
    next.same_depth = true;
    let got = f.finish(&list, vec![next]).unwrap();
    assert_eq!(got.queued, 1);
    assert_eq!(
        f.get("http://www.a.gov.cn/list_2.html")
            .unwrap()
            .unwrap()
            .depth,
        1
    );
}

#[test]
fn in_flight_is_requeued_after_a_kill_and_done_stays_done() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        let (mut f, _) = Frontier::open(&store, limits()).unwrap();
        f.add_seed(&seed("http://www.a.gov.cn/")).unwrap();
        let mut r = take(&f, "www.a.gov.cn");
        r.state = State::Done;
        f.finish(
            &r,
            vec![
                link("http://www.a.gov.cn/1.html"),
                link("http://www.a.gov.cn/2.html"),
            ],
        )
        .unwrap();
        let _in_flight = take(&f, "www.a.gov.cn"); // never settled: the process "dies"
        store.db().flush().unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    let (f, rec) = Frontier::open(&store, limits()).unwrap();
    assert_eq!(rec.records, 3);
    assert_eq!(rec.requeued_in_flight, 1);
    assert_eq!(rec.queued, 2);
    let mut urls = Vec::new();
    while let Some(r) = f.peek("www.a.gov.cn").unwrap() {
        let mut rec = r.1;
        f.start(&r.0, &mut rec).unwrap();
        urls.push(rec.url.clone());
    }
    urls.sort();
    assert_eq!(
        urls,
        vec!["http://www.a.gov.cn/1.html", "http://www.a.gov.cn/2.html"]
    );
    assert_eq!(
        f.get("http://www.a.gov.cn/").unwrap().unwrap().state,
        State::Done
    );
}

#[test]
fn requeue_counts_attempts_and_skip_settles() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let (mut f, _) = Frontier::open(&store, limits()).unwrap();
    f.add_seed(&seed("http://www.a.gov.cn/")).unwrap();
    let mut r = take(&f, "www.a.gov.cn");
    f.requeue(&mut r, "HTTP 503").unwrap();
    let r2 = take(&f, "www.a.gov.cn");
    assert_eq!(r2.attempts, 2);
    assert_eq!(r2.reason.as_deref(), Some("HTTP 503"));
    let mut done = r2;
    done.state = State::Done;
    f.finish(&done, vec![link("http://www.a.gov.cn/private/x.html")])
        .unwrap();
    let (qk, mut p) = f.peek("www.a.gov.cn").unwrap().unwrap();
    f.skip_queued(&qk, &mut p, "disallowed by robots.txt")
        .unwrap();
    assert!(f.peek("www.a.gov.cn").unwrap().is_none());
    assert_eq!(
        f.get("http://www.a.gov.cn/private/x.html")
            .unwrap()
            .unwrap()
            .state,
        State::Skipped
    );
    assert_eq!(f.pending_by_seed().unwrap().values().sum::<i64>(), 0);
}

#[test]
fn post_requests_are_distinct_by_form() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let (mut f, _) = Frontier::open(&store, limits()).unwrap();
    f.add_seed(&seed("http://www.a.gov.cn/")).unwrap();
    let mut r = take(&f, "www.a.gov.cn");
    r.state = State::Done;
    let mut a = link(
        "http://www.a.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=15&perpage=15",
    );
    a.form = Some("col=1&columnid=1".into());
    let mut b = a.clone();
    b.form = Some("col=1&columnid=2".into());
    let got = f.finish(&r, vec![a.clone(), b, a]).unwrap();
    assert_eq!(got.queued, 2);
    assert_eq!(got.known, 1);
}

#[test]
fn records_per_site_are_bounded_skipped_ones_included_across_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    {
        let (mut f, _) = Frontier::open(&store, limits()).unwrap();
        f.set_max_records_per_site(10);
        f.add_seed(&seed("http://www.a.gov.cn/")).unwrap();
        let mut r = take(&f, "www.a.gov.cn");
        r.state = State::Done;
        // Out-of-scope links are records too: 1 seed + 9 more fill the bound.
        let links = (0..30)
            .map(|i| link(&format!("http://elsewhere{i}.com/")))
            .collect();
        let got = f.finish(&r, links).unwrap();
        assert_eq!((got.out_of_scope, got.unrecorded), (9, 21));
        assert_eq!(f.records().count(), 10);
        // Known links are no new records: not counted as unrecorded.
        let got = f.finish(&r, vec![link("http://elsewhere0.com/")]).unwrap();
        assert_eq!((got.known, got.unrecorded), (1, 0));
    }
    let (mut f, rec) = Frontier::open(&store, limits()).unwrap();
    assert_eq!(rec.records, 10);
    f.set_max_records_per_site(10);
    let r = f.get("http://www.a.gov.cn/").unwrap().unwrap();
    let got = f
        .finish(&r, vec![link("http://www.a.gov.cn/new.html")])
        .unwrap();
    assert_eq!(
        (got.queued, got.unrecorded),
        (0, 1),
        "count survives reopen"
    );
    assert_eq!(f.records().count(), 10);
    // Another seed has its own bound.
    f.add_seed(&seed("http://www.b.gov.cn/")).unwrap();
    let mut b = take(&f, "www.b.gov.cn");
    b.state = State::Done;
    let got = f
        .finish(&b, vec![link("http://www.b.gov.cn/1.html")])
        .unwrap();
    assert_eq!(got.queued, 1);
}

#[test]
fn over_long_links_are_not_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let (mut f, _) = Frontier::open(&store, limits()).unwrap();
    f.add_seed(&seed("http://www.a.gov.cn/")).unwrap();
    let mut r = take(&f, "www.a.gov.cn");
    r.state = State::Done;
    let long = format!("http://www.a.gov.cn/{}.html", "a".repeat(1_000_000));
    let got = f
        .finish(&r, vec![link(&long), link("http://www.a.gov.cn/ok.html")])
        .unwrap();
    assert_eq!((got.queued, got.traps, got.skipped), (1, 1, 1));
    assert_eq!(f.records().count(), 2);
}

#[test]
fn unreadable_record_is_moved_aside_and_recorded_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    {
        let (mut f, _) = Frontier::open(&store, limits()).unwrap();
        f.add_seed(&seed("http://www.a.gov.cn/")).unwrap();
        let mut r = take(&f, "www.a.gov.cn");
        r.state = State::Done;
        f.finish(&r, vec![link("http://www.a.gov.cn/a.html")])
            .unwrap();
    }
    let bad_key = b"u\0http://www.a.gov.cn/a.html";
    store.db().insert(bad_key, b"{not json".as_slice()).unwrap();
    store
        .db()
        .insert(b"s\0http://www.b.gov.cn/", b"\xff\xfe".as_slice())
        .unwrap();
    let (mut f, rec) = Frontier::open(&store, limits()).unwrap();
    assert_eq!(rec.quarantined, 2);
    assert_eq!(rec.records, 1);
    assert!(f.records().all(|r| r.is_ok()));
    assert_eq!(f.seeds().unwrap().len(), 1);
    assert!(f.get("http://www.a.gov.cn/a.html").unwrap().is_none());
    let kept = store
        .db()
        .get([b"x\0".as_slice(), bad_key].concat())
        .unwrap();
    assert_eq!(kept.unwrap().as_ref(), b"{not json");
    // The queue entry of the moved record is dropped, not an error.
    assert!(f.peek("www.a.gov.cn").unwrap().is_none());
    let seed_rec = f.get("http://www.a.gov.cn/").unwrap().unwrap();
    let got = f
        .finish(&seed_rec, vec![link("http://www.a.gov.cn/a.html")])
        .unwrap();
    assert_eq!(got.queued, 1, "found again, recorded afresh");
}
