//! Criterion benches for the per-page hot paths of a crawl (issue 7, item 2).
//!
//! Inputs are the page fixtures of `tests/fixtures/understand/` (compiled
//! in), plus two pages built from them at setup: a Hanweb column page (the
//! Hanweb fixture's chrome around a `<datastore>` of records and a `jpage`
//! pager), and copies of a GBK and a UTF-8 page with their charset
//! declaration defaced (for the sniffing paths). Every input is checked at
//! setup to take the code path its bench name claims.
//!
//! Groups (text paths report bytes/s of their input, the frontier URLs/s):
//! - `decode`: `fetch::charset::decode` — UTF-8 with a header, GBK declared
//!   only in `<meta>`, GBK declared only in the header, and no declaration
//!   at all (UTF-8 validated; GBK guessed by chardetng).
//! - `discover`: `discover::discover` — a TRS list page with a
//!   `createPageHTML` pager, the Hanweb datastore column page, two articles.
//! - `extract`, `classify`: `understand::html::extract` and
//!   `understand::classify::classify` separately, on pages other than the
//!   padded TRS report that `benches/understand.rs` measures end to end
//!   (`understand` + `classify`); classify is also run on that TRS report
//!   (unpadded) so the two halves of that bench can be told apart.
//! - `normalize`, `fingerprint`: `understand::normalize::normalize` and
//!   `corpus::fingerprint::fingerprint` (normalize + BLAKE3 + simhash) on a
//!   60 KB report body (the bodies of distinct report fixtures, concatenated),
//!   on a Traditional-script body (OpenCC path), plus BLAKE3 and simhash
//!   alone on the normalized text to split the cost.
//! - `frontier`: a sled `Store` in a tempdir: `finish` with 1,000 new
//!   candidate links (insert), with 1,000 already-known links (the seen-set
//!   path most chrome links take), and `peek` + `start` (pop), per URL.
//!
//! Run: `cargo bench --bench hot_paths` (a few minutes on 2 cores).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use harvester::corpus::fingerprint::{fingerprint, hashed_text, simhash};
use harvester::discover::{discover, Via};
use harvester::fetch::charset::{decode, CharsetSource};
use harvester::frontier::traps::TrapLimits;
use harvester::frontier::{Candidate, Frontier, Limits, State, UrlRecord};
use harvester::seeds::Seed;
use harvester::store::Store;
use harvester::understand::classify::classify;
use harvester::understand::html::extract;
use harvester::understand::normalize::normalize;
use harvester::understand::Document;
use url::Url;

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!("../tests/fixtures/understand/", $name, ".html")).as_slice()
    };
}

/// A fixture page with the URL and Content-Type it was fetched with.
struct Page {
    name: &'static str,
    url: &'static str,
    content_type: Option<&'static str>,
    bytes: &'static [u8],
}

const UTF8: Option<&str> = Some("text/html; charset=utf-8");

const TRS_LIST: Page = Page {
    name: "list-trs-xxgknb",
    url: "http://www.pingyang.gov.cn/zwgk/xxgknb/xzjd/index.html",
    content_type: UTF8,
    bytes: fixture!("list-trs-xxgknb"),
};
const TRS_REPORT: Page = Page {
    name: "trs-report-a",
    url: "http://www.pingyang.gov.cn/zwgk/xxgknb/xzjd/202501/t20250115_4521873.html",
    content_type: UTF8,
    bytes: fixture!("trs-report-a"),
};
const HANWEB_REPORT: Page = Page {
    name: "hanweb-report-hengshan-2023",
    url: "http://www.longyou.gov.cn/art/2024/1/23/art_1229114055_88348.html",
    content_type: UTF8,
    bytes: fixture!("hanweb-report-hengshan-2023"),
};
const WORD_PASTE_REPORT: Page = Page {
    name: "word-paste-report-wating-2024",
    url: "http://www.neixiang.gov.cn/zwgk/zfxxgknb/xzxxgknb/2025/01-16/1523889.html",
    content_type: UTF8,
    bytes: fixture!("word-paste-report-wating-2024"),
};
/// GBK, `text/html` without a charset: declared only in `<meta>`.
const GBK_META_REPORT: Page = Page {
    name: "oldtable-gbk-report-xizhen-2022",
    url: "http://www.sxjiaxian.gov.cn/zwgk/zfxxgkzl/xtjdbnb/ct/49959.htm",
    content_type: Some("text/html"),
    bytes: fixture!("oldtable-gbk-report-xizhen-2022"),
};
/// GBK with `charset=gb2312` in the header.
const GBK_HEADER_REPORT: Page = Page {
    name: "powereasy-gbk-report-fuli-2022",
    url: "http://www.yqq.gov.cn/Item/20874.aspx",
    content_type: Some("text/html; charset=gb2312"),
    bytes: fixture!("powereasy-gbk-report-fuli-2022"),
};
/// Traditional script with pinyin annotations (the OpenCC path of normalize).
const FANTI_REPORT: Page = Page {
    name: "fanti-pinyin-report-liangshan-2022",
    url: "http://www.yxx.gov.cn/fanti/zwgk/zfxxgknb/xzjd/202301/t20230113_1183342.html",
    content_type: UTF8,
    bytes: fixture!("fanti-pinyin-report-liangshan-2022"),
};
/// Report pages whose bodies make up the 60 KB body.
const BODY_SOURCES: &[Page] = &[
    WORD_PASTE_REPORT,
    TRS_REPORT,
    HANWEB_REPORT,
    Page {
        name: "trs-ueditor-report-qianjiang-2024",
        url: "http://www.qianjiang.gov.cn/zwgk_258/zfxxgknb/202501/t20250122_14123857.shtml",
        content_type: UTF8,
        bytes: fixture!("trs-ueditor-report-qianjiang-2024"),
    },
    Page {
        name: "gkmlpt-report-heshui-2024",
        url: "http://www.heping.gov.cn/hyhphsz/gkmlpt/content/0/638/post_638777.html",
        content_type: UTF8,
        bytes: fixture!("gkmlpt-report-heshui-2024"),
    },
    Page {
        name: "trs-report-2019-hanyang",
        url: "http://www.hanyang.gov.cn/bmxxgk/zfgzjg/qrmzfbgs/zfxxgkndbg/202001/t20200120_1187455.shtml",
        content_type: UTF8,
        bytes: fixture!("trs-report-2019-hanyang"),
    },
];

const BODY_TARGET: usize = 60 * 1024;

impl Page {
    fn url(&self) -> Url {
        Url::parse(self.url).expect("fixture url")
    }

    fn text(&self) -> String {
        decode(self.bytes, self.content_type).text
    }

    fn doc(&self) -> Document {
        extract(&self.text(), &self.url())
    }
}

/// `bytes` with every `charset` spelled `charsex` (same length), so neither
/// the prescan nor a header finds a declaration.
fn deface_charset(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let mut i = 0;
    while let Some(p) = out[i..]
        .windows(7)
        .position(|w| w.eq_ignore_ascii_case(b"charset"))
    {
        out[i + p + 6] = b'x';
        i += p + 7;
    }
    out
}

/// A Hanweb jcms column page: the Hanweb fixture's head, header, nav and
/// footer around a column tree, a `<datastore>` holding the first 15 of 312
/// records, and the `jpage` call that pages through the rest (21 proxy
/// requests).
fn hanweb_column_page() -> String {
    let page = std::str::from_utf8(HANWEB_REPORT.bytes).expect("utf-8 fixture");
    let body_start = page
        .find("<table width=\"1200\" border=\"0\" align=\"center\" cellpadding=\"0\" cellspacing=\"0\">\n<tr><td class=\"dqwz\">")
        .expect("hanweb breadcrumb");
    let footer = page.find("<div id=\"footer\">").expect("hanweb footer");
    let head = page[..body_start]
        .replace(
            "龙游县人民政府 龙游县横山镇人民政府2023年政府信息公开工作年度报告",
            "龙游县人民政府 政府信息公开年报",
        )
        .replace(
            "<meta name=\"ArticleTitle\"",
            "<meta name=\"x-ArticleTitle\"",
        );
    const TOWNS: &[&str] = &[
        "龙洲街道",
        "东华街道",
        "詹家镇",
        "湖镇镇",
        "横山镇",
        "塔石镇",
        "小南海镇",
        "溪口镇",
        "模环乡",
        "石佛乡",
        "罗家乡",
        "庙下乡",
        "大街乡",
        "沐尘畲族乡",
        "社阳乡",
    ];
    let nextgroup = "/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=3185&path=/&columnid=1229114055&unitid=7204781&webname=%25E9%25BE%2599%25E6%25B8%25B8%25E5%258E%25BF%25E4%25BA%25BA%25E6%25B0%2591%25E6%2594%25BF%25E5%25BA%259C&permissiontype=0";
    let mut s = head;
    s.push_str("<table width=\"1200\" border=\"0\" align=\"center\" cellpadding=\"0\" cellspacing=\"0\">\n<tr><td class=\"dqwz\">您的位置：<a href=\"/\">首页</a> &gt;&gt; <a href=\"/col/col1229114042/index.html\">政府信息公开</a> &gt;&gt; <a href=\"/col/col1229114055/index.html\">政府信息公开年报</a></td></tr>\n</table>\n");
    s.push_str("<div class=\"main\"><div class=\"left\"><div class=\"lm-tit\">政府信息公开</div><ul class=\"lm-tree\">\n");
    for (i, col) in [
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "政府信息公开目录",
        "依申请公开",
        "政策解读",
        "财政预决算",
        "重点领域信息公开",
        "建议提案办理",
    ]
    .iter()
    .enumerate()
    {
        s.push_str(&format!(
            "<li><a href=\"/col/col12291140{:02}/index.html\" target=\"_blank\">{col}</a></li>\n",
            40 + i
        ));
    }
    s.push_str("</ul></div>\n<div class=\"right\"><div class=\"lm-name\">政府信息公开年报</div>\n");
    s.push_str("<div id=\"7204781\"><script type=\"text/xml\"><datastore>\n");
    s.push_str(&format!(
        "<nextgroup><![CDATA[<a href=\"{nextgroup}\"></a>]]></nextgroup>\n<recordset>\n"
    ));
    for (k, town) in TOWNS.iter().enumerate() {
        let day = 25 - k / 2;
        let id = 89_950 - k * 7;
        s.push_str(&format!(
            "<record><![CDATA[\n<li class=\"clearfix\"><a target=\"_blank\" href=\"/art/2025/1/{day}/art_1229114055_{id}.html\" title=\"龙游县{town}人民政府2024年政府信息公开工作年度报告\">龙游县{town}人民政府2024年政府信息公开工作...</a><b>2025-01-{day:02}</b></li>]]></record>\n"
        ));
    }
    s.push_str("</recordset></datastore></script></div>\n");
    s.push_str("<script type=\"text/javascript\">$(document).ready(function(){ $('#7204781').jpage({ dataStore: dataStore, perPage: 15, totalRecord: 312, groupSize: 3, barPosition: 'bottom', proxyUrl: '/module/web/jpage/dataproxy.jsp', pageBarTheme: 'tsb', themeName: 'default' }); });</script>\n");
    s.push_str("</div></div>\n");
    s.push_str(&page[footer..]);
    s
}

fn with_throughput_bytes(c: &mut Criterion, group: &str, cases: &[(&str, usize, &dyn Fn())]) {
    let mut g = c.benchmark_group(group);
    for (name, len, f) in cases {
        g.throughput(Throughput::Bytes(*len as u64));
        g.bench_function(*name, |b| b.iter(f));
    }
    g.finish();
}

fn bench_decode(c: &mut Criterion) {
    let gbk_bare = deface_charset(GBK_META_REPORT.bytes);
    let utf8_bare = deface_charset(TRS_REPORT.bytes);
    // (name, body, Content-Type, expected source, expected encoding)
    type Case<'a> = (&'a str, &'a [u8], Option<&'a str>, CharsetSource, &'a str);
    let cases: [Case; 5] = [
        (
            "utf-8, header/trs-report-a",
            TRS_REPORT.bytes,
            TRS_REPORT.content_type,
            CharsetSource::Header,
            "UTF-8",
        ),
        (
            "gbk, meta only/oldtable-xizhen",
            GBK_META_REPORT.bytes,
            GBK_META_REPORT.content_type,
            CharsetSource::Meta,
            "gb18030",
        ),
        (
            "gbk, header/powereasy-fuli",
            GBK_HEADER_REPORT.bytes,
            GBK_HEADER_REPORT.content_type,
            CharsetSource::Header,
            "gb18030",
        ),
        (
            "utf-8, undeclared (validated)/trs-report-a",
            &utf8_bare,
            None,
            CharsetSource::Sniffed,
            "UTF-8",
        ),
        (
            "gbk, undeclared (chardetng)/oldtable-xizhen",
            &gbk_bare,
            None,
            CharsetSource::Sniffed,
            "gb18030",
        ),
    ];
    let mut g = c.benchmark_group("decode");
    for (name, bytes, ct, source, enc) in cases {
        let d = decode(bytes, ct);
        assert_eq!(d.source, source, "{name}: decoded via {:?}", d.source);
        assert_eq!(d.encoding.name(), enc, "{name}");
        assert!(!d.had_errors, "{name}: decoding errors");
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(name, |b| b.iter(|| decode(black_box(bytes), ct)));
    }
    g.finish();
}

fn bench_discover(c: &mut Criterion) {
    let hanweb_column = hanweb_column_page();
    let hanweb_column_url =
        Url::parse("http://www.longyou.gov.cn/col/col1229114055/index.html").expect("url");
    let trs_list = TRS_LIST.text();
    let trs_report = TRS_REPORT.text();
    let hanweb_report = HANWEB_REPORT.text();
    let (trs_list_url, trs_report_url, hanweb_report_url) =
        (TRS_LIST.url(), TRS_REPORT.url(), HANWEB_REPORT.url());
    let cases: [(&str, &str, &Url, Option<Via>); 4] = [
        (
            "trs list (createPageHTML)/list-trs-xxgknb",
            &trs_list,
            &trs_list_url,
            Some(Via::TrsPager),
        ),
        (
            "hanweb column (datastore + jpage)/synthetic",
            &hanweb_column,
            &hanweb_column_url,
            Some(Via::HanwebProxy),
        ),
        (
            "trs article/trs-report-a",
            &trs_report,
            &trs_report_url,
            None,
        ),
        (
            "hanweb article/hanweb-report-hengshan",
            &hanweb_report,
            &hanweb_report_url,
            None,
        ),
    ];
    let mut g = c.benchmark_group("discover");
    for (name, body, url, via) in cases {
        let d = discover(body, url);
        if let Some(via) = via {
            assert!(
                d.links.iter().any(|l| l.via == via),
                "{name}: no {via:?} link"
            );
        }
        if via == Some(Via::HanwebProxy) {
            let records = d
                .links
                .iter()
                .filter(|l| l.via == Via::HanwebRecord)
                .count();
            let proxies = d.links.iter().filter(|l| l.via == Via::HanwebProxy).count();
            assert_eq!((records, proxies), (15, 21), "{name}");
        }
        eprintln!(
            "discover input {name}: {} bytes, {} links",
            body.len(),
            d.links.len()
        );
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_function(name, |b| b.iter(|| discover(black_box(body), url)));
    }
    g.finish();
}

fn bench_extract_classify(c: &mut Criterion) {
    let pages = [
        (
            "hanweb report/hanweb-report-hengshan",
            &HANWEB_REPORT,
            "annual_report",
        ),
        (
            "gbk report/oldtable-xizhen",
            &GBK_META_REPORT,
            "annual_report",
        ),
        (
            "110KB word-paste report/wating",
            &WORD_PASTE_REPORT,
            "annual_report",
        ),
        ("trs list/list-trs-xxgknb", &TRS_LIST, "listing"),
    ];
    let inputs: Vec<(&str, String, Url, &str)> = pages
        .iter()
        .map(|(name, p, kind)| (*name, p.text(), p.url(), *kind))
        .collect();

    let mut g = c.benchmark_group("extract");
    for (name, text, url, _) in &inputs {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(*name, |b| b.iter(|| extract(black_box(text), url)));
    }
    g.finish();

    // classify on ready documents; also the TRS report benched end to end
    // (padded) in benches/understand.rs, to split that bench's cost.
    let mut docs: Vec<(String, Document, Url, usize)> = inputs
        .iter()
        .map(|(name, text, url, kind)| {
            let doc = extract(text, url);
            let got = classify(&doc, url, None).kind.as_str();
            assert_eq!(got, *kind, "{name}");
            (name.to_string(), doc, url.clone(), text.len())
        })
        .collect();
    let trs = TRS_REPORT.doc();
    assert_eq!(
        classify(&trs, &TRS_REPORT.url(), None).kind.as_str(),
        "annual_report"
    );
    docs.push((
        "trs report/trs-report-a".to_string(),
        trs,
        TRS_REPORT.url(),
        TRS_REPORT.bytes.len(),
    ));
    let mut g = c.benchmark_group("classify");
    for (name, doc, url, page_len) in &docs {
        // Bytes of the page the document came from, comparable with extract.
        g.throughput(Throughput::Bytes(*page_len as u64));
        g.bench_function(name.as_str(), |b| {
            b.iter(|| classify(black_box(doc), url, None))
        });
    }
    g.finish();
}

/// The bodies of distinct report fixtures, concatenated up to 60 KB: a long
/// report's body (tables as ` | ` rows).
fn report_body_60k() -> String {
    let mut body = String::new();
    for p in BODY_SOURCES.iter().cycle() {
        if body.len() >= BODY_TARGET {
            break;
        }
        let doc = p.doc();
        eprintln!("body source {}: {} bytes", p.name, doc.body.len());
        body.push_str(&doc.body);
        body.push('\n');
    }
    // Cut at the last line break within the target.
    if let Some(i) = body.as_bytes()[..BODY_TARGET.min(body.len())]
        .iter()
        .rposition(|&b| b == b'\n')
    {
        body.truncate(i + 1);
    }
    body
}

fn bench_normalize_fingerprint(c: &mut Criterion) {
    let body = report_body_60k();
    let fanti = FANTI_REPORT.doc();
    let one = TRS_REPORT.doc();
    let title = Some("龙游县横山镇人民政府2023年政府信息公开工作年度报告");
    let normalized = hashed_text(&body, title);
    eprintln!(
        "normalize input: {} bytes of body, {} bytes normalized; fanti body {} bytes",
        body.len(),
        normalized.len(),
        fanti.body.len()
    );

    let cases: [(&str, usize, &dyn Fn()); 2] = [
        ("60KB report body", body.len(), &|| {
            black_box(normalize(black_box(&body)));
        }),
        (
            "traditional report body/fanti-liangshan",
            fanti.body.len(),
            &|| {
                black_box(normalize(black_box(&fanti.body)));
            },
        ),
    ];
    with_throughput_bytes(c, "normalize", &cases);

    let cases: [(&str, usize, &dyn Fn()); 4] = [
        (
            "fingerprint (normalize+blake3+simhash)/60KB body",
            body.len(),
            &|| {
                black_box(fingerprint(black_box(&body), title));
            },
        ),
        (
            "fingerprint (normalize+blake3+simhash)/trs-report-a body",
            one.body.len(),
            &|| {
                black_box(fingerprint(black_box(&one.body), one.title.as_deref()));
            },
        ),
        (
            "blake3 only/normalized 60KB body",
            normalized.len(),
            &|| {
                black_box(blake3::hash(black_box(normalized.as_bytes())));
            },
        ),
        (
            "simhash only/normalized 60KB body",
            normalized.len(),
            &|| {
                black_box(simhash(black_box(&normalized)));
            },
        ),
    ];
    with_throughput_bytes(c, "fingerprint", &cases);
}

const LINKS_PER_PAGE: u64 = 1000;
const HOST: &str = "www.pingyang.gov.cn";

/// Link `n` of a TRS portal: articles under dated directories of a few
/// columns, with realistic anchor text.
fn candidate(n: u64) -> Candidate {
    const COLUMNS: &[&str] = &[
        "zwgk/xxgknb/xzjd",
        "zwgk/xxgknb/bmxxgknb",
        "zwgk/tzgg",
        "xwzx/zwyw",
        "xwzx/bmdt",
        "zwgk/zcwj/xzgfxwj",
    ];
    let col = COLUMNS[(n % COLUMNS.len() as u64) as usize];
    let month = n / 7 % 12 + 1;
    let day = n % 28 + 1;
    let url = format!(
        "http://{HOST}/{col}/2024{month:02}/t2024{month:02}{day:02}_{}.html",
        4_000_000 + n
    );
    Candidate {
        url: Url::parse(&url).expect("candidate url"),
        form: None,
        kind: harvester::discover::LinkKind::Page,
        via: "anchor".into(),
        text: format!("平阳县昆阳镇2024年第{n}号政府信息公开事项"),
        same_depth: false,
        redirects: 0,
        wanted: true,
    }
}

fn batch(from: u64) -> Vec<Candidate> {
    (from..from + LINKS_PER_PAGE).map(candidate).collect()
}

fn bench_frontier(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let limits = Limits {
        max_depth: u32::MAX,
        max_pages_per_site: u32::MAX,
        traps: TrapLimits::default(),
    };
    let (mut f, _) = Frontier::open(&store, limits).expect("frontier");
    let seed = Seed {
        url: Url::parse(&format!("http://{HOST}/")).expect("seed url"),
        name: Some("平阳县".into()),
        code: Some("330326".into()),
        province: Some("浙江省".into()),
        level: Some("county".into()),
        source: "bench:1".into(),
    };
    assert!(f.add_seed(&seed).expect("add_seed"));
    let (qk, mut parent) = f.peek(HOST).expect("peek").expect("seed queued");
    f.start(&qk, &mut parent).expect("start");
    parent.state = State::Done;

    let mut next = 0u64;
    let mut queued = 0u64;
    let first = f.finish(&parent, batch(next)).expect("finish");
    assert_eq!(u64::from(first.queued), LINKS_PER_PAGE, "{first:?}");
    let known = batch(next);
    next += LINKS_PER_PAGE;
    queued += LINKS_PER_PAGE;

    let mut g = c.benchmark_group("frontier");
    g.sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));

    g.throughput(Throughput::Elements(LINKS_PER_PAGE));
    g.bench_function("insert: finish + 1000 new links", |b| {
        b.iter_batched(
            || {
                let links = batch(next);
                next += LINKS_PER_PAGE;
                links
            },
            |links| {
                let a = f.finish(&parent, links).expect("finish");
                debug_assert_eq!(u64::from(a.queued), LINKS_PER_PAGE);
                queued += u64::from(a.queued);
                a
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("finish + 1000 known links", |b| {
        b.iter_batched(
            || known.clone(),
            |links| {
                let a = f.finish(&parent, links).expect("finish");
                debug_assert_eq!(u64::from(a.known), LINKS_PER_PAGE);
                a
            },
            BatchSize::PerIteration,
        )
    });

    g.throughput(Throughput::Elements(1));
    g.bench_function("pop: peek + start", |b| {
        b.iter_custom(|iters| {
            // Refill (untimed) so the queue never runs dry.
            while queued < iters {
                let a = f.finish(&parent, batch(next)).expect("finish");
                next += LINKS_PER_PAGE;
                queued += u64::from(a.queued);
            }
            let t = Instant::now();
            for _ in 0..iters {
                let (qk, mut r): (_, UrlRecord) = f.peek(HOST).expect("peek").expect("queued work");
                f.start(&qk, &mut r).expect("start");
                black_box(&r);
            }
            queued -= iters;
            t.elapsed()
        })
    });
    g.finish();
    eprintln!(
        "frontier at the end: {next} URLs admitted, {queued} still queued, {} bytes on disk",
        store.db().size_on_disk().unwrap_or(0)
    );
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_decode, bench_discover, bench_extract_classify,
        bench_normalize_fingerprint, bench_frontier
}
criterion_main!(benches);
