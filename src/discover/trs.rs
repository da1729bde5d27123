//! TRS WCM (拓尔思) list pagers: `createPageHTML(count, current, "index", "html")`.
//!
//! Variants handled: single or double quotes, any extension (`html`,
//! `shtml`, `htm`), extra leading (element id) or trailing arguments, quoted
//! numbers, and identifiers (`countPage`) whose numeric value is assigned in
//! the page's scripts (`var countPage = 10`; the last assignment before the
//! call wins, else the first one after it). A call whose count cannot be
//! known (e.g. the function's own definition) is skipped.
use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use url::Url;

use super::{Collector, Via, MAX_PAGES};

static CALL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bcreatePageHTML\s*\(([^()]*)\)").expect("static regex"));

/// `name = 10`, `var name = "10"` (not `==`).
static ASSIGN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([A-Za-z_$][\w$]*)\s*=\s*["']?\s*(\d+)"#).expect("static regex")
});

static NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9_\-]{1,64}$").expect("static regex"));
static EXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9]{1,8}$").expect("static regex"));

/// At most this many `createPageHTML` calls per page are expanded.
const MAX_CALLS: usize = 16;

#[derive(Debug, PartialEq)]
enum Arg<'a> {
    Num(u64),
    Ident(&'a str),
    Str(&'a str),
    Other,
}

fn parse_num(digits: &str) -> u64 {
    // Absurd counts saturate; they are capped later.
    digits.parse().unwrap_or(u64::MAX)
}

fn parse_arg(raw: &str) -> Arg<'_> {
    let t = raw.trim();
    let quoted = t.len() >= 2
        && ((t.starts_with('"') && t.ends_with('"')) || (t.starts_with('\'') && t.ends_with('\'')));
    if quoted {
        let inner = t[1..t.len() - 1].trim();
        if !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()) {
            return Arg::Num(parse_num(inner));
        }
        return Arg::Str(inner);
    }
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return Arg::Num(parse_num(t));
    }
    let ident = t.chars().enumerate().all(|(i, c)| {
        c == '_' || c == '$' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit())
    });
    if !t.is_empty() && ident {
        Arg::Ident(t)
    } else {
        Arg::Other
    }
}

/// Numeric assignments in the scripts: name → [(position, value)].
fn assignments(scripts: &str) -> HashMap<&str, Vec<(usize, u64)>> {
    let mut map: HashMap<&str, Vec<(usize, u64)>> = HashMap::new();
    for c in ASSIGN.captures_iter(scripts) {
        if let (Some(name), Some(val)) = (c.get(1), c.get(2)) {
            map.entry(name.as_str())
                .or_default()
                .push((name.start(), parse_num(val.as_str())));
        }
    }
    map
}

fn value(arg: &Arg<'_>, at: usize, vars: &HashMap<&str, Vec<(usize, u64)>>) -> Option<u64> {
    match arg {
        Arg::Num(n) => Some(*n),
        Arg::Ident(name) => {
            let list = vars.get(name)?;
            list.iter()
                .rev()
                .find(|(pos, _)| *pos < at)
                .or_else(|| list.first())
                .map(|(_, v)| *v)
        }
        _ => None,
    }
}

/// (page count, file name, extension) of one call's argument list.
fn call_params<'a>(
    args: &'a str,
    at: usize,
    vars: &HashMap<&str, Vec<(usize, u64)>>,
) -> Option<(u64, &'a str, &'a str)> {
    let args: Vec<Arg<'a>> = args.split(',').map(parse_arg).collect();
    args.windows(4).find_map(|w| {
        let (Arg::Str(name), Arg::Str(ext)) = (&w[2], &w[3]) else {
            return None;
        };
        if !matches!(w[0], Arg::Num(_) | Arg::Ident(_))
            || !matches!(w[1], Arg::Num(_) | Arg::Ident(_))
        {
            return None;
        }
        if !NAME.is_match(name) || !EXT.is_match(ext) {
            return None;
        }
        Some((value(&w[0], at, vars)?, *name, *ext))
    })
}

/// Add every page of every TRS pager call found in `scripts`.
pub(super) fn pages(scripts: &str, base: &Url, out: &mut Collector) {
    if !scripts.contains("createPageHTML") {
        return;
    }
    let vars = assignments(scripts);
    for c in CALL.captures_iter(scripts).take(MAX_CALLS) {
        let (Some(whole), Some(args)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let Some((count, name, ext)) = call_params(args.as_str(), whole.start(), &vars) else {
            continue;
        };
        if count > MAX_PAGES {
            tracing::debug!(count, cap = MAX_PAGES, %base, "TRS page count capped");
        }
        for n in 0..count.min(MAX_PAGES) {
            let href = if n == 0 {
                format!("{name}.{ext}")
            } else {
                format!("{name}_{n}.{ext}")
            };
            out.href(base, &href, Via::TrsPager, String::new());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::LinkKind;
    use super::*;

    fn run(scripts: &str, base: &str) -> Vec<String> {
        let mut out = Collector::default();
        pages(scripts, &Url::parse(base).unwrap(), &mut out);
        assert!(out
            .links
            .iter()
            .all(|l| l.via == Via::TrsPager && l.kind == LinkKind::Page && l.form.is_none()));
        out.links.into_iter().map(|l| l.url.to_string()).collect()
    }

    const B: &str = "http://www.x.gov.cn/zwgk/zhxx/index.html";

    fn expect(dir: &str, n: usize, ext: &str) -> Vec<String> {
        (0..n)
            .map(|i| match i {
                0 => format!("{dir}index.{ext}"),
                _ => format!("{dir}index_{i}.{ext}"),
            })
            .collect()
    }

    #[test]
    fn double_quotes() {
        assert_eq!(
            run(r#"createPageHTML(3, 0, "index", "html");"#, B),
            [
                "http://www.x.gov.cn/zwgk/zhxx/index.html",
                "http://www.x.gov.cn/zwgk/zhxx/index_1.html",
                "http://www.x.gov.cn/zwgk/zhxx/index_2.html"
            ]
        );
    }

    #[test]
    fn real_shape_21_pages() {
        let got = run(r#"createPageHTML(21, 0, "index", "html");"#, B);
        assert_eq!(got, expect("http://www.x.gov.cn/zwgk/zhxx/", 21, "html"));
        assert_eq!(got[20], "http://www.x.gov.cn/zwgk/zhxx/index_20.html");
    }

    #[test]
    fn single_quotes_and_shtml_from_a_later_page() {
        assert_eq!(
            run(
                "createPageHTML(2,1,'index','shtml')",
                "http://x.gov.cn/a/index_1.shtml"
            ),
            [
                "http://x.gov.cn/a/index.shtml",
                "http://x.gov.cn/a/index_1.shtml"
            ]
        );
    }

    #[test]
    fn leading_element_id() {
        assert_eq!(
            run("createPageHTML('page_div', 10, 0, 'index', 'html');", B),
            expect("http://www.x.gov.cn/zwgk/zhxx/", 10, "html")
        );
    }

    #[test]
    fn variables_set_before_the_call() {
        let s = "var currentPage = 0;//当前页\nvar countPage = 4//共多少页\n\
                 createPageHTML(countPage, currentPage, \"index\", \"html\");";
        assert_eq!(
            run(s, B),
            expect("http://www.x.gov.cn/zwgk/zhxx/", 4, "html")
        );
    }

    #[test]
    fn variable_last_assignment_before_call_wins() {
        let s = "var countPage = 9; countPage = 2; createPageHTML(countPage, 0, 'list', 'htm'); countPage = 7;";
        assert_eq!(
            run(s, "http://x.gov.cn/c/"),
            ["http://x.gov.cn/c/list.htm", "http://x.gov.cn/c/list_1.htm"]
        );
    }

    #[test]
    fn quoted_numbers_and_trailing_args() {
        assert_eq!(
            run(
                r#"createPageHTML("page_div", "2", "0", "index", "html", 23);"#,
                B
            ),
            expect("http://www.x.gov.cn/zwgk/zhxx/", 2, "html")
        );
    }

    #[test]
    fn function_definition_and_unknown_counts_are_skipped() {
        let s = "function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) {\
                 if (_nPageCount == null || _nPageCount<=0) return; }\
                 createPageHTML(total, 0, 'index', 'html'); createPageHTML(getCount(), 0, 'index', 'html');";
        assert!(run(s, B).is_empty());
    }

    #[test]
    fn zero_one_and_bad_names() {
        assert!(run(r#"createPageHTML(0, 0, "index", "html")"#, B).is_empty());
        assert_eq!(
            run(r#"createPageHTML(1, 0, "index", "html")"#, B),
            ["http://www.x.gov.cn/zwgk/zhxx/index.html"]
        );
        assert!(run(r#"createPageHTML(3, 0, "../../evil", "html")"#, B).is_empty());
        assert!(run(r#"createPageHTML(3, 0, "index", "")"#, B).is_empty());
    }

    #[test]
    fn absurd_counts_are_capped() {
        let got = run(
            r#"createPageHTML(99999999999999999999999999999, 0, "index", "html")"#,
            B,
        );
        assert_eq!(got.len(), MAX_PAGES as usize);
        assert_eq!(got[1999], "http://www.x.gov.cn/zwgk/zhxx/index_1999.html");
        assert_eq!(
            run(
                "var countPage = 5000; createPageHTML(countPage,0,'index','html')",
                B
            )
            .len(),
            2000
        );
    }

    #[test]
    fn resolves_against_directory_of_directory_url() {
        assert_eq!(
            run(
                "createPageHTML(2, 0, 'index', 'html')",
                "http://x.gov.cn/xxgk/nb/"
            ),
            [
                "http://x.gov.cn/xxgk/nb/index.html",
                "http://x.gov.cn/xxgk/nb/index_1.html"
            ]
        );
    }

    #[test]
    fn parse_arg_kinds() {
        assert_eq!(parse_arg(" 12 "), Arg::Num(12));
        assert_eq!(parse_arg("'7'"), Arg::Num(7));
        assert_eq!(parse_arg("countPage"), Arg::Ident("countPage"));
        assert_eq!(parse_arg("\"index\""), Arg::Str("index"));
        assert_eq!(parse_arg("a+1"), Arg::Other);
        assert_eq!(parse_arg("'"), Arg::Other);
        assert_eq!(parse_arg("1abc"), Arg::Other);
    }
}
