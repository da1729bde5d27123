//! Page understanding, scored against the evaluation set in
//! `tests/fixtures/understand/` (see its README for the gold convention).
//!
//! Every `NAME.html` goes through `understand` (with its served
//! Content-Type and URL) and `classify`; the results are compared with
//! `NAME.gold.json`:
//!
//! - body: character-bigram F1 against the gold body (whitespace and `|`
//!   removed) — mean ≥ 0.97 and every page ≥ 0.93;
//! - chrome: no body may hold a site-chrome phrase (more often than its gold);
//! - classification: kind exact on every page; year and organ on reports,
//!   title and published on every page, each ≥ 90 % exact;
//! - duplicates: the 繁體 mirror, print view and republished copy of a report
//!   `normalize` to the same string as the original.
//!
//! Run `cargo test --test understand_eval -- --nocapture` to see the tables;
//! the `summary` test prints the block quoted in reports.

mod eval;

use std::collections::BTreeMap;

use eval::{bigram_f1, chrome_leaks, diff_hint, opt, pages, pct, Page, CHROME};
use harvester::understand::normalize::normalize;

const MEAN_F1_MIN: f64 = 0.97;
const PAGE_F1_MIN: f64 = 0.93;
const META_ACCURACY_MIN: f64 = 0.9;
const MIN_PAGES: usize = 32;
/// Suffixes naming a duplicate of the fixture named by the rest of the name.
const DUPLICATE_SUFFIXES: &[&str] = &["-big5", "-print", "-republished"];

fn panics(pages: &[Page]) -> String {
    let mut s = String::new();
    for p in pages.iter().filter(|p| p.panic.is_some()) {
        s.push_str(&format!(
            "  PANIC in understand/classify on {}: {}\n",
            p.name,
            opt(&p.panic)
        ));
    }
    s
}

// ------------------------------------------------------------------ body F1

struct BodyScore {
    report: String,
    mean: f64,
    worst: (f64, String),
    pass: bool,
}

fn body_score() -> BodyScore {
    let pages = pages();
    let mut rows: Vec<(&Page, eval::F1)> = pages
        .iter()
        .map(|p| (p, bigram_f1(p.body(), &p.gold.body)))
        .collect();
    rows.sort_by(|a, b| a.1.f1.total_cmp(&b.1.f1).then(a.0.name.cmp(&b.0.name)));
    let mean = rows.iter().map(|r| r.1.f1).sum::<f64>() / rows.len().max(1) as f64;
    let mut report = String::new();
    report.push_str(&format!(
        "body bigram F1, worst first (need mean >= {MEAN_F1_MIN}, every page >= {PAGE_F1_MIN}):\n"
    ));
    report.push_str("     F1   prec  recall  gold-kind      page\n");
    for (p, s) in &rows {
        let flag = if s.f1 < PAGE_F1_MIN {
            "  <-- below"
        } else {
            ""
        };
        report.push_str(&format!(
            "  {:.3}  {:.3}  {:.3}   {:13}  {}{}\n",
            s.f1, s.precision, s.recall, p.gold.kind, p.name, flag
        ));
    }
    report.push_str(&format!("  mean {mean:.4} over {} pages\n", rows.len()));
    report.push_str(&panics(pages));
    let below: Vec<_> = rows.iter().filter(|r| r.1.f1 < PAGE_F1_MIN).collect();
    for (p, s) in rows.iter().take(if below.len() > 1 { 2 } else { 1 }) {
        report.push_str(&format!("  diff hint for {} (F1 {:.3}):\n", p.name, s.f1));
        report.push_str(&diff_hint(p.body(), &p.gold.body));
    }
    let worst = rows
        .first()
        .map(|r| (r.1.f1, r.0.name.clone()))
        .unwrap_or((1.0, String::new()));
    BodyScore {
        report,
        mean,
        pass: mean >= MEAN_F1_MIN && below.is_empty() && !rows.is_empty(),
        worst,
    }
}

#[test]
fn body_f1() {
    let s = body_score();
    eprintln!("{}", s.report);
    assert!(
        s.pass,
        "body extraction below target: mean F1 {:.4} (need {MEAN_F1_MIN}), worst {:.3} on {} (need {PAGE_F1_MIN}); \
         see the table above",
        s.mean, s.worst.0, s.worst.1
    );
}

// ------------------------------------------------------------------ chrome

fn chrome_score() -> (String, usize, usize) {
    let pages = pages();
    let mut report = String::new();
    let (mut leaking_pages, mut leaks) = (0, 0);
    for p in pages {
        let found = chrome_leaks(p.body(), &p.gold.body);
        if found.is_empty() {
            continue;
        }
        leaking_pages += 1;
        leaks += found.len();
        let list: Vec<String> = found
            .iter()
            .map(|(ph, at)| format!("{ph} (…{at}…)"))
            .collect();
        report.push_str(&format!("  {} leaks: {}\n", p.name, list.join("; ")));
    }
    let head = format!(
        "chrome phrases in extracted bodies ({} phrases checked): {leaks} leak(s) on {leaking_pages} page(s)\n",
        CHROME.len()
    );
    (head + &report, leaking_pages, leaks)
}

#[test]
fn no_chrome_in_bodies() {
    let (report, pages_leaking, leaks) = chrome_score();
    eprintln!("{report}");
    assert_eq!(
        leaks, 0,
        "{leaks} chrome phrase(s) leaked into {pages_leaking} body/bodies; see the list above"
    );
}

// ------------------------------------------------------------------ classification

struct ClassScore {
    report: String,
    kind_ok: usize,
    pages: usize,
    precision: f64,
    recall: f64,
    year: (usize, usize),
    organ: (usize, usize),
    title: (usize, usize),
    published: (usize, usize),
}

fn class_score() -> ClassScore {
    let pages = pages();
    let mut report = String::new();
    let mut confusion: BTreeMap<(String, &'static str), usize> = BTreeMap::new();
    let mut wrong_kind = Vec::new();
    let (mut tp, mut fp, mut fneg) = (0usize, 0usize, 0usize);
    for p in pages {
        let got = p.kind();
        *confusion.entry((p.gold.kind.clone(), got)).or_insert(0) += 1;
        if got != p.gold.kind {
            let reasons = p
                .class
                .as_ref()
                .map(|c| c.reasons.join("; "))
                .unwrap_or_default();
            wrong_kind.push(format!(
                "  {}: got {got}, want {} [{reasons}]",
                p.name, p.gold.kind
            ));
        }
        let (g, w) = (got == "annual_report", p.is_report());
        match (g, w) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fneg += 1,
            _ => {}
        }
    }
    let kind_ok = pages.len() - wrong_kind.len();
    let precision = pct(tp, tp + fp);
    let recall = pct(tp, tp + fneg);
    report.push_str(&format!(
        "kind: {kind_ok}/{} exact\n  confusion (gold -> got):\n",
        pages.len()
    ));
    for ((want, got), n) in &confusion {
        report.push_str(&format!("    {want:13} -> {got:13} {n}\n"));
    }
    report.push_str(&format!(
        "  annual_report precision {precision:.3} ({tp}/{}), recall {recall:.3} ({tp}/{})\n",
        tp + fp,
        tp + fneg
    ));
    for w in &wrong_kind {
        report.push_str(w);
        report.push('\n');
    }

    let mut field = |label: &str, items: Vec<(&Page, String, String)>| -> (usize, usize) {
        let ok = items.iter().filter(|(_, g, w)| g == w).count();
        let n = items.len();
        report.push_str(&format!(
            "{label}: {ok}/{n} exact ({:.1}%)\n",
            100.0 * pct(ok, n)
        ));
        for (p, g, w) in items.iter().filter(|(_, g, w)| g != w) {
            report.push_str(&format!("  {}: got {g}, want {w}\n", p.name));
        }
        (ok, n)
    };
    let reports: Vec<&Page> = pages.iter().filter(|p| p.is_report()).collect();
    let year = field(
        "year (reports)",
        reports
            .iter()
            .map(|p| {
                (
                    *p,
                    opt(&p.class.as_ref().and_then(|c| c.year)),
                    opt(&p.gold.year),
                )
            })
            .collect(),
    );
    let organ = field(
        "organ (reports)",
        reports
            .iter()
            .map(|p| {
                // scored on the classifier's organ; the document's is shown as a hint
                let got = p.class.as_ref().and_then(|c| c.organ.clone());
                let mut g = opt(&got);
                let doc_organ = p.doc.as_ref().and_then(|d| d.organ.clone());
                if got != p.gold.organ && doc_organ.is_some() {
                    g.push_str(&format!(" (document organ {})", opt(&doc_organ)));
                }
                (*p, g, opt(&p.gold.organ))
            })
            .collect(),
    );
    let title = field(
        "title",
        pages
            .iter()
            .map(|p| {
                let got = p
                    .doc
                    .as_ref()
                    .and_then(|d| d.title.as_deref().map(|t| t.trim().to_string()));
                (p, opt(&got), opt(&p.gold.title))
            })
            .collect(),
    );
    let published = field(
        "published",
        pages
            .iter()
            .map(|p| {
                (
                    p,
                    opt(&p.doc.as_ref().and_then(|d| d.published.clone())),
                    opt(&p.gold.published),
                )
            })
            .collect(),
    );
    report.push_str(&panics(pages));
    ClassScore {
        report,
        kind_ok,
        pages: pages.len(),
        precision,
        recall,
        year,
        organ,
        title,
        published,
    }
}

#[test]
fn classification() {
    let s = class_score();
    eprintln!("{}", s.report);
    let mut failures = Vec::new();
    if s.kind_ok != s.pages {
        failures.push(format!(
            "kind wrong on {} of {} pages",
            s.pages - s.kind_ok,
            s.pages
        ));
    }
    for (label, (ok, n)) in [
        ("year", s.year),
        ("organ", s.organ),
        ("title", s.title),
        ("published", s.published),
    ] {
        if pct(ok, n) < META_ACCURACY_MIN {
            failures.push(format!(
                "{label} accuracy {:.1}% < {:.0}%",
                100.0 * pct(ok, n),
                100.0 * META_ACCURACY_MIN
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "classification: {}; see the report above",
        failures.join(", ")
    );
}

// ------------------------------------------------------------------ duplicates

/// (original, duplicate) fixture pairs, by name: `X` and `X-big5` etc.
fn duplicate_pairs() -> Vec<(&'static Page, &'static Page)> {
    let pages = pages();
    let mut out = Vec::new();
    for d in pages {
        for suf in DUPLICATE_SUFFIXES {
            if let Some(base) = d.name.strip_suffix(suf) {
                if let Some(o) = pages.iter().find(|p| p.name == base) {
                    out.push((o, d));
                }
            }
        }
    }
    out
}

fn first_difference(a: &str, b: &str) -> String {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let i = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let cut = |s: &[char]| -> String {
        s[i.saturating_sub(10)..(i + 30).min(s.len())]
            .iter()
            .collect()
    };
    format!(
        "lengths {} vs {}, first difference at char {i}: «{}» vs «{}»",
        a.len(),
        b.len(),
        cut(&a),
        cut(&b)
    )
}

fn duplicate_score() -> (String, usize, usize) {
    let pairs = duplicate_pairs();
    let mut report = format!("duplicates: {} pair(s) must normalize alike\n", pairs.len());
    let mut ok = 0;
    for (o, d) in &pairs {
        // 1. normalize itself, on the gold texts
        let (go, gd) = (normalize(&o.gold.body), normalize(&d.gold.body));
        // 2. the whole pipeline, on the extracted texts
        let (eo, ed) = (normalize(o.body()), normalize(d.body()));
        let gold_alike = go == gd;
        let extracted_alike = !eo.is_empty() && eo == ed;
        if gold_alike && extracted_alike {
            ok += 1;
            report.push_str(&format!("  ok   {} == {}\n", d.name, o.name));
            continue;
        }
        report.push_str(&format!("  FAIL {} vs {}:\n", d.name, o.name));
        if !gold_alike {
            report.push_str(&format!(
                "       normalize(gold bodies) differ: {}\n",
                first_difference(&gd, &go)
            ));
        }
        if eo.is_empty() {
            report.push_str("       normalize(extracted body of the original) is empty\n");
        } else if eo != ed {
            report.push_str(&format!(
                "       normalize(extracted bodies) differ: {}\n",
                first_difference(&ed, &eo)
            ));
        }
    }
    (report, ok, pairs.len())
}

#[test]
fn duplicates_normalize_alike() {
    let (report, ok, n) = duplicate_score();
    eprintln!("{report}");
    assert!(n >= 3, "expected the 繁體 mirror, print view and republished copy of trs-report-a, found {n} pair(s)");
    assert_eq!(
        ok,
        n,
        "{} of {n} duplicate(s) do not normalize like their original; see above",
        n - ok
    );
}

// ------------------------------------------------------------------ the set itself

#[test]
fn fixture_set_is_well_formed() {
    let fixtures = eval::load_fixtures();
    assert!(
        fixtures.len() >= MIN_PAGES,
        "{} fixtures, want at least {MIN_PAGES}",
        fixtures.len()
    );
    let date = regex::Regex::new(r"^\d{4}-\d{2}-\d{2}$").unwrap();
    for kind in ["annual_report", "listing", "other"] {
        assert!(
            fixtures.iter().any(|f| f.1.kind == kind),
            "no fixture of kind {kind}"
        );
    }
    for (name, g, bytes) in &fixtures {
        assert!(
            ["annual_report", "listing", "other"].contains(&g.kind.as_str()),
            "{name}: kind {}",
            g.kind
        );
        assert!(url::Url::parse(&g.url).is_ok(), "{name}: url {}", g.url);
        assert!(
            !bytes.is_empty() && !g.body.trim().is_empty(),
            "{name}: empty page or gold body"
        );
        if let Some(d) = &g.published {
            assert!(date.is_match(d), "{name}: published {d} is not YYYY-MM-DD");
        }
        if g.kind == "annual_report" {
            assert!(
                g.year.is_some() && g.organ.is_some(),
                "{name}: a report's gold needs year and organ"
            );
        }
        if g.kind == "listing" {
            assert!(
                g.organ.is_none() && g.published.is_none(),
                "{name}: listings have no organ/published"
            );
        }
        assert!(
            !g.body.lines().any(|l| l.trim().is_empty()),
            "{name}: gold body has empty lines"
        );
    }
    let names: Vec<&str> = fixtures.iter().map(|f| f.0.as_str()).collect();
    for n in [
        "trs-report-a",
        "trs-report-a-big5",
        "trs-report-a-print",
        "trs-report-a-republished",
    ] {
        assert!(names.contains(&n), "missing fixture {n}");
    }
}

// ------------------------------------------------------------------ summary

/// Prints the summary block (the gates are the tests above).
#[test]
fn summary() {
    let pages = pages();
    let body = body_score();
    let (_, leaking_pages, leaks) = chrome_score();
    let c = class_score();
    let (_, dup_ok, dup_n) = duplicate_score();
    let mark = |ok: bool| if ok { "ok" } else { "FAIL" };
    let acc = |(ok, n): (usize, usize)| format!("{:5.1}% ({ok}/{n})", 100.0 * pct(ok, n));
    let meta_ok = |x: (usize, usize)| pct(x.0, x.1) >= META_ACCURACY_MIN;
    let reports = pages.iter().filter(|p| p.is_report()).count();
    let listings = pages.iter().filter(|p| p.gold.kind == "listing").count();
    let bytes: usize = pages.iter().map(|p| p.bytes_len).sum();
    let n_panics = pages.iter().filter(|p| p.panic.is_some()).count();
    eprintln!(
        "\n==================== understand eval summary ====================\n\
         pages            {} ({reports} annual reports, {listings} listings, {} other; {} KB of HTML){}\n\
         body F1          mean {:.4}  worst {:.3} ({})           [{}: mean >= {MEAN_F1_MIN}, each >= {PAGE_F1_MIN}]\n\
         chrome leaks     {leaks} phrase(s) on {leaking_pages} page(s)                       [{}]\n\
         kind             {}/{} exact; annual_report precision {:.3} recall {:.3}   [{}]\n\
         year  (reports)  {}                                 [{}: >= 90%]\n\
         organ (reports)  {}                                 [{}: >= 90%]\n\
         title            {}                                 [{}: >= 90%]\n\
         published        {}                                 [{}: >= 90%]\n\
         duplicates       {dup_ok}/{dup_n} normalize like their original                [{}]\n\
         =================================================================",
        pages.len(),
        pages.len() - reports - listings,
        bytes / 1024,
        if n_panics > 0 { format!("; {n_panics} PANICKED") } else { String::new() },
        body.mean,
        body.worst.0,
        body.worst.1,
        mark(body.pass),
        mark(leaks == 0),
        c.kind_ok,
        c.pages,
        c.precision,
        c.recall,
        mark(c.kind_ok == c.pages),
        acc(c.year),
        mark(meta_ok(c.year)),
        acc(c.organ),
        mark(meta_ok(c.organ)),
        acc(c.title),
        mark(meta_ok(c.title)),
        acc(c.published),
        mark(meta_ok(c.published)),
        mark(dup_n >= 3 && dup_ok == dup_n),
    );
}
