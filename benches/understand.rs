//! Page-understanding speed on a typical report page.
//!
//! The input is the largest UTF-8 TRS report in `tests/fixtures/understand/`
//! (a full 2021-format report with its three tables and the portal's chrome).
//! Real county report pages are about 60 KB, most of it navigation; when the
//! fixture is smaller, more of the same kind of chrome — a mega-menu, a
//! sidebar of column trees and recent items, the footer's government-site
//! link farm — is added around the article (never more body), so the
//! extractor does the work it does on a real page.
//!
//! Benches: `understand` + `classify` on that page (throughput in bytes of
//! HTML), and `normalize` on the extracted body (bytes of body text).

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use harvester::understand::classify::classify;
use harvester::understand::normalize::normalize;
use harvester::understand::understand;

const TARGET_LEN: usize = 60 * 1024;

struct Input {
    name: String,
    url: url::Url,
    content_type: String,
    html: String,
}

/// The largest UTF-8 `trs-*` annual-report fixture.
fn largest_trs_report() -> Input {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/understand");
    let mut best: Option<Input> = None;
    for entry in std::fs::read_dir(&dir).expect("fixture dir") {
        let path = entry.expect("dir entry").path();
        let Some(file) = path.file_name().and_then(|f| f.to_str()) else {
            continue;
        };
        let Some(name) = file.strip_suffix(".gold.json") else {
            continue;
        };
        if !name.starts_with("trs-") {
            continue;
        }
        let gold: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("gold"))
                .expect("gold json");
        let ct = gold["content_type"].as_str().unwrap_or("").to_string();
        if gold["kind"] != "annual_report" || !ct.to_ascii_lowercase().contains("utf-8") {
            continue;
        }
        let Ok(html) =
            String::from_utf8(std::fs::read(dir.join(format!("{name}.html"))).expect("page"))
        else {
            continue;
        };
        if best.as_ref().is_none_or(|b| html.len() > b.html.len()) {
            let url = url::Url::parse(gold["url"].as_str().expect("url")).expect("url parses");
            best = Some(Input {
                name: name.to_string(),
                url,
                content_type: ct,
                html,
            });
        }
    }
    best.expect("no UTF-8 TRS report fixture in tests/fixtures/understand")
}

const COLUMNS: &[&str] = &[
    "机构概况",
    "领导信息",
    "政策文件",
    "政策解读",
    "规划计划",
    "财政预决算",
    "人事信息",
    "统计信息",
    "重大项目",
    "公共资源交易",
    "应急管理",
    "环境保护",
    "食品药品",
    "教育信息",
    "医疗卫生",
    "社会救助",
    "就业创业",
    "乡村振兴",
    "安全生产",
    "建议提案办理",
];

const TOWNS: &[&str] = &[
    "昆阳镇",
    "鳌江镇",
    "万全镇",
    "水头镇",
    "萧江镇",
    "腾蛟镇",
    "山门镇",
    "顺溪镇",
    "南雁镇",
    "怀溪镇",
    "凤卧镇",
    "麻步镇",
];

const SITES: &[&str] = &[
    "中国政府网",
    "浙江省人民政府",
    "温州市人民政府",
    "鹿城区人民政府",
    "龙湾区人民政府",
    "瓯海区人民政府",
    "洞头区人民政府",
    "瑞安市人民政府",
    "乐清市人民政府",
    "龙港市人民政府",
    "永嘉县人民政府",
    "平阳县人民政府",
    "苍南县人民政府",
    "文成县人民政府",
    "泰顺县人民政府",
];

/// One block of chrome of the kind real portals carry: part of a mega-menu,
/// a sidebar of recent items, or the footer's link farm (about 1 KB each).
fn chrome_block(k: usize) -> String {
    let mut s = String::new();
    let round = k / 12;
    match k % 12 {
        0..=9 => {
            let part = k % 12;
            s.push_str("<div class=\"nav-sub\"><div class=\"w1200\">\n");
            for (i, col) in COLUMNS.iter().enumerate().skip(part * 2).take(2) {
                let _ = write!(
                    s,
                    "<dl class=\"sub-item\"><dt><a href=\"/zwgk/col{round}{i}/index.html\" target=\"_blank\">{col}</a></dt>"
                );
                for (j, town) in TOWNS.iter().enumerate().take(4) {
                    let _ = write!(
                        s,
                        "<dd><a href=\"/zwgk/col{round}{i}/{j}/index.html\">{town}{col}</a></dd>"
                    );
                }
                s.push_str("</dl>\n");
            }
            s.push_str("</div></div>\n");
        }
        10 => {
            s.push_str("<div class=\"side-box\"><div class=\"side-tit\">最新信息</div><ul class=\"side-list\">\n");
            for (i, town) in TOWNS.iter().enumerate().skip(round % 2 * 6).take(6) {
                let day = (i + round) % 28 + 1;
                let _ = writeln!(
                    s,
                    "<li><span class=\"date\">2025-01-{day:02}</span><a href=\"./202501/t202501{day:02}_45{round}{i:03}.html\" \
                     title=\"{town}召开2025年第一季度安全生产工作会议\">{town}召开2025年第一季度安全生产工作会议</a></li>"
                );
            }
            s.push_str("</ul></div>\n");
        }
        _ => {
            s.push_str("<div class=\"foot-sites\"><select onchange=\"window.open(this.value)\"><option>政府网站</option>");
            for (i, site) in SITES.iter().enumerate() {
                let _ = write!(
                    s,
                    "<option value=\"http://www{round}{i}.example.gov.cn/\">{site}</option>"
                );
            }
            s.push_str("</select></div>\n");
        }
    }
    s
}

/// The fixture page, grown to at least [`TARGET_LEN`] bytes by inserting
/// chrome blocks before the footer.
fn page_of_typical_size(input: &Input) -> String {
    if input.html.len() >= TARGET_LEN {
        return input.html.clone();
    }
    let at = input
        .html
        .find("<div class=\"footer\"")
        .or_else(|| input.html.rfind("</body>"))
        .unwrap_or(input.html.len());
    let mut extra = String::new();
    let mut k = 0;
    while input.html.len() + extra.len() < TARGET_LEN {
        extra.push_str(&chrome_block(k));
        k += 1;
    }
    let mut page = String::with_capacity(input.html.len() + extra.len());
    page.push_str(&input.html[..at]);
    page.push_str(&extra);
    page.push_str(&input.html[at..]);
    page
}

fn bench(c: &mut Criterion) {
    let input = largest_trs_report();
    let page = page_of_typical_size(&input);
    let bytes = page.as_bytes();

    // The padded page must still read as the same report.
    let doc = understand(bytes, Some(&input.content_type), &input.url);
    let class = classify(&doc, &input.url, None);
    eprintln!(
        "bench input: {} ({} bytes as a fixture, {} bytes as benched); body {} bytes; kind {}",
        input.name,
        input.html.len(),
        bytes.len(),
        doc.body.len(),
        class.kind.as_str()
    );

    let mut g = c.benchmark_group("understand");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("understand+classify/60KB TRS report page", |b| {
        b.iter(|| {
            let doc = understand(black_box(bytes), Some(&input.content_type), &input.url);
            let class = classify(&doc, &input.url, None);
            black_box((doc, class))
        })
    });
    g.finish();

    let body = doc.body;
    let mut g = c.benchmark_group("normalize");
    g.throughput(Throughput::Bytes(body.len().max(1) as u64));
    g.bench_function("normalize/report body", |b| {
        b.iter(|| black_box(normalize(black_box(&body))))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
