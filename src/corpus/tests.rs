use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;
use crate::parse::{NoParser, ParseInput};

const BODY: &str = "根据《中华人民共和国政府信息公开条例》规定，现公布某某县人民政府2024年度政府信息公开工作年度报告。\n\
    一、总体情况\n2024年，某某县人民政府认真贯彻落实政务公开工作部署，深化主动公开，规范依申请公开，强化平台建设。\n\
    （一）主动公开。全年主动公开政府信息1234条，其中政策文件56件，政策解读23篇。\n\
    二、主动公开政府信息情况\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n规章 | 0 | 0 | 0\n行政规范性文件 | 3 | 1 | 45\n\
    三、收到和处理政府信息公开申请情况\n本年新收政府信息公开申请数量 | 12 | 3 | 0 | 0 | 0 | 1 | 16\n\
    四、政府信息公开行政复议、行政诉讼情况\n维持 | 1 | 0 | 0 | 0 | 1\n\
    五、存在的主要问题及改进情况\n一是公开内容不够全面；二是解读形式较为单一。下一步将持续改进，提升公开质量。\n\
    六、其他需要报告的事项\n本年度未收取信息处理费。";

fn cap(url: &str, text: &str) -> Capture {
    Capture {
        url: url.into(),
        found_on: None,
        seed: SeedRef {
            url: "http://www.x.gov.cn/".into(),
            name: Some("某某县".into()),
            code: Some("110101".into()),
        },
        title: Some("某某县人民政府2024年政府信息公开工作年度报告".into()),
        organ: Some("某某县人民政府".into()),
        year: Some(2024),
        published: Some("2025-01-20".into()),
        text: text.into(),
        tables: Vec::new(),
        source_type: "html".into(),
        content_type: Some("text/html".into()),
        fetched_at: "2025-02-01T00:00:00Z".into(),
        readable: true,
        raw: format!("<html>{url}{text}</html>").into_bytes(),
    }
}

fn open() -> (tempfile::TempDir, Corpus) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let c = Corpus::open(&store).expect("corpus");
    (dir, c)
}

#[test]
fn one_text_one_record_with_all_its_urls() {
    let (_d, mut c) = open();
    let a = c
        .ingest(&cap("http://x/a.html", BODY), "r1", &NoParser)
        .unwrap();
    let Ingested::New {
        id,
        near_duplicate_of: None,
    } = a
    else {
        panic!("{a:?}")
    };
    // Republished, print view (extra whitespace), 繁體 mirror.
    let traditional = BODY
        .replace("政府信息公开", "政府信息公開")
        .replace("报告", "報告");
    for (u, t) in [
        ("http://x/news/a.html", BODY.to_string()),
        ("http://x/a_print.html", BODY.replace('\n', "\n\n  ")),
        ("http://big5.x/a.html", traditional),
    ] {
        let got = c.ingest(&cap(u, &t), "r1", &NoParser).unwrap();
        assert_eq!(got, Ingested::Merged { id: id.clone() }, "{u}");
    }
    // The same URL again: nothing new.
    let again = c
        .ingest(&cap("http://x/a.html", BODY), "r2", &NoParser)
        .unwrap();
    assert_eq!(again, Ingested::Unchanged { id: id.clone() });
    assert_eq!(c.len(), 1);
    let rec = c.get(&id).unwrap().unwrap();
    assert_eq!(
        rec.urls,
        [
            "http://x/a.html",
            "http://x/news/a.html",
            "http://x/a_print.html",
            "http://big5.x/a.html"
        ]
    );
    assert_eq!(rec.url, "http://x/a.html");
    assert_eq!(rec.sources.len(), 4);
    assert_eq!(rec.first_run, "r1");
    assert_eq!(
        c.id_at("http://big5.x/a.html").unwrap().as_deref(),
        Some(&id[..])
    );
    // Raw bytes come back as they went in.
    let raw = c
        .raw(rec.sources[3].raw.as_deref().unwrap())
        .unwrap()
        .unwrap();
    assert!(String::from_utf8(raw)
        .unwrap()
        .starts_with("<html>http://big5.x/a.html"));
}

#[test]
fn a_page_without_text_hands_its_url_to_its_attachment() {
    let (_d, mut c) = open();
    let page = cap("http://x/p.html", "详见附件。");
    assert_eq!(c.ingest(&page, "r1", &NoParser).unwrap(), Ingested::Thin);
    assert!(c.is_empty());
    let mut doc = cap("http://x/P0201.docx", BODY);
    doc.found_on = Some("http://x/p.html".into());
    doc.source_type = "docx".into();
    let got = c.ingest(&doc, "r1", &NoParser).unwrap();
    let rec = c.get(got.id().unwrap()).unwrap().unwrap();
    assert_eq!(rec.urls, ["http://x/P0201.docx", "http://x/p.html"]);
    assert_eq!(rec.source_type, "docx");
}

#[test]
fn an_attachment_that_is_its_page_in_another_format_joins_the_page() {
    let (_d, mut c) = open();
    let page = c
        .ingest(&cap("http://x/p.html", BODY), "r1", &NoParser)
        .unwrap();
    // The DOCX carries a header line the page does not show.
    let mut doc = cap(
        "http://x/P0201.docx",
        &format!("某某县人民政府办公室\n{BODY}"),
    );
    doc.found_on = Some("http://x/p.html".into());
    doc.source_type = "docx".into();
    let got = c.ingest(&doc, "r1", &NoParser).unwrap();
    assert_eq!(
        got,
        Ingested::Merged {
            id: page.id().unwrap().into()
        }
    );
    // The same DOCX found elsewhere, not on its page, is a near-duplicate.
    let (_d2, mut c2) = open();
    c2.ingest(&cap("http://x/p.html", BODY), "r1", &NoParser)
        .unwrap();
    doc.found_on = Some("http://x/other.html".into());
    doc.published = Some("2025-02-01".into());
    let got = c2.ingest(&doc, "r1", &NoParser).unwrap();
    assert!(
        matches!(&got, Ingested::New { near_duplicate_of: Some(n), .. } if n == page.id().unwrap()),
        "{got:?}"
    );
}

#[test]
fn an_unreadable_attachment_of_a_report_page_joins_it() {
    let (_d, mut c) = open();
    let page = c
        .ingest(&cap("http://x/p.html", BODY), "r1", &NoParser)
        .unwrap();
    let mut scan = cap("http://x/P0201.pdf", "");
    scan.readable = false;
    scan.source_type = "pdf".into();
    scan.raw = b"%PDF-1.4 image only".to_vec();
    scan.found_on = Some("http://x/p.html".into());
    let got = c.ingest(&scan, "r1", &NoParser).unwrap();
    assert_eq!(
        got,
        Ingested::Merged {
            id: page.id().unwrap().into()
        }
    );
    let rec = c.get(page.id().unwrap()).unwrap().unwrap();
    assert_eq!(rec.sources.len(), 2);
    assert_eq!(rec.sources[1].source_type, "pdf");
}

#[test]
fn near_duplicates_are_flagged_not_merged() {
    let (_d, mut c) = open();
    let first = c
        .ingest(&cap("http://x/a.html", BODY), "r1", &NoParser)
        .unwrap();
    let corrected = BODY.replace("1234条", "1243条");
    let mut later = cap("http://x/b.html", &corrected);
    later.published = Some("2025-03-01".into());
    let got = c.ingest(&later, "r1", &NoParser).unwrap();
    let Ingested::New {
        id,
        near_duplicate_of,
    } = got
    else {
        panic!("{got:?}")
    };
    assert_eq!(near_duplicate_of.as_deref(), first.id());
    assert_eq!(c.len(), 2);
    let rec = c.get(&id).unwrap().unwrap();
    assert!(rec.near_distance.unwrap() <= NEAR_BITS);
    // Another year, or another organ, is never a near-duplicate.
    let mut other_year = cap("http://x/c.html", &BODY.replace("1234条", "1324条"));
    other_year.year = Some(2023);
    let got = c.ingest(&other_year, "r1", &NoParser).unwrap();
    assert!(
        matches!(
            got,
            Ingested::New {
                near_duplicate_of: None,
                ..
            }
        ),
        "{got:?}"
    );
    let mut other_organ = cap("http://x/d.html", &BODY.replace("1234条", "1342条"));
    other_organ.organ = Some("某某镇人民政府".into());
    let got = c.ingest(&other_organ, "r1", &NoParser).unwrap();
    assert!(
        matches!(
            got,
            Ingested::New {
                near_duplicate_of: None,
                ..
            }
        ),
        "{got:?}"
    );
}

#[test]
fn the_later_edition_is_flagged_whatever_the_crawl_order() {
    let (_d, mut c) = open();
    let mut corrected = cap("http://x/b.html", &BODY.replace("1234条", "1243条"));
    corrected.published = Some("2025-03-01".into());
    // The correction is crawled first.
    let b = c.ingest(&corrected, "r1", &NoParser).unwrap();
    let a = c
        .ingest(&cap("http://x/a.html", BODY), "r1", &NoParser)
        .unwrap();
    assert!(
        matches!(
            a,
            Ingested::New {
                near_duplicate_of: None,
                ..
            }
        ),
        "{a:?}"
    );
    let b = c.get(b.id().unwrap()).unwrap().unwrap();
    assert_eq!(b.near_duplicate_of.as_deref(), a.id());
}

#[test]
fn the_near_index_survives_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        let mut c = Corpus::open(&store).unwrap();
        c.ingest(&cap("http://x/a.html", BODY), "r1", &NoParser)
            .unwrap();
        drop(c);
        drop(store);
    }
    let store = Store::open(dir.path()).unwrap();
    let mut c = Corpus::open(&store).unwrap();
    let got = c
        .ingest(
            &cap("http://x/b.html", &BODY.replace("56件", "65件")),
            "r2",
            &NoParser,
        )
        .unwrap();
    assert!(
        matches!(
            got,
            Ingested::New {
                near_duplicate_of: Some(_),
                ..
            }
        ),
        "{got:?}"
    );
}

#[test]
fn unreadable_documents_are_kept_by_their_bytes() {
    let (_d, mut c) = open();
    let mut scan = cap("http://x/scan.pdf", "");
    scan.readable = false;
    scan.source_type = "pdf".into();
    scan.raw = b"%PDF-1.4 image only".to_vec();
    let got = c.ingest(&scan, "r1", &NoParser).unwrap();
    let id = got.id().unwrap().to_string();
    assert_eq!(id, fingerprint::raw_key(b"%PDF-1.4 image only"));
    let mut other = scan.clone();
    other.url = "http://x/scan2.pdf".into();
    other.raw = b"%PDF-1.4 another scan".to_vec();
    let got = c.ingest(&other, "r1", &NoParser).unwrap();
    assert!(matches!(
        got,
        Ingested::New {
            near_duplicate_of: None,
            ..
        }
    ));
    assert_eq!(c.len(), 2);
}

struct Counting(AtomicUsize);

impl ReportParser for Counting {
    fn name(&self) -> &'static str {
        "counting"
    }
    fn parse(&self, input: &ParseInput<'_>) -> Option<serde_json::Value> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Some(serde_json::json!({ "lines": input.text.lines().count(), "year": input.year }))
    }
}

#[test]
fn the_parser_sees_each_new_record_once() {
    let (_d, mut c) = open();
    let p = Counting(AtomicUsize::new(0));
    let a = c.ingest(&cap("http://x/a.html", BODY), "r1", &p).unwrap();
    c.ingest(&cap("http://x/b.html", BODY), "r1", &p).unwrap();
    c.ingest(&cap("http://x/a.html", BODY), "r1", &p).unwrap();
    assert_eq!(p.0.load(Ordering::SeqCst), 1);
    let rec = c.get(a.id().unwrap()).unwrap().unwrap();
    assert_eq!(
        rec.parsed,
        Some(serde_json::json!({ "lines": BODY.lines().count(), "year": 2024 }))
    );
}
