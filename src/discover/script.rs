//! Redirects written in inline scripts and in `<meta http-equiv=refresh>`.
use std::sync::LazyLock;

use regex::Regex;
use url::Url;

use super::{Collector, Via};

/// `location = '…'`, `location.href="…"`, with any `window.`/`top.`/`self.`/
/// `parent.`/`document.` prefix (the prefix does not matter to the match).
static ASSIGN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\blocation(?:\s*\.\s*href)?\s*=\s*(?:"([^"\\\r\n]*)"|'([^'\\\r\n]*)')"#)
        .expect("static regex")
});

/// `location.replace("…")`, `location.assign('…')` with one literal argument.
static CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"\blocation\s*\.\s*(?:replace|assign)\s*\(\s*(?:"([^"\\\r\n]*)"|'([^'\\\r\n]*)')\s*\)"#,
    )
    .expect("static regex")
});

/// Add the script redirects found in `scripts` (inline script text).
pub(super) fn redirects(scripts: &str, base: &Url, out: &mut Collector) {
    // Collect both patterns, then emit in source order.
    let mut found: Vec<(usize, &str)> = Vec::new();
    for caps in ASSIGN.captures_iter(scripts) {
        let whole = caps.get(0).map_or(0..0, |m| m.range());
        // `location.href = "/search?q=" + q` builds a URL we cannot know.
        if scripts[whole.end..].trim_start().starts_with('+') {
            continue;
        }
        if let Some(lit) = caps.get(1).or(caps.get(2)) {
            found.push((whole.start, lit.as_str()));
        }
    }
    for caps in CALL.captures_iter(scripts) {
        if let (Some(whole), Some(lit)) = (caps.get(0), caps.get(1).or(caps.get(2))) {
            found.push((whole.start(), lit.as_str()));
        }
    }
    found.sort_by_key(|(pos, _)| *pos);
    for (_, href) in found {
        out.href(base, href, Via::Script, String::new());
    }
}

/// The URL in a refresh `content` value (`0; url=/a.html`, `5;URL='x'`,
/// `0,url = "x"`, `0; /a.html`); `None` for a plain reload or garbage.
pub(super) fn refresh_target(content: &str) -> Option<&str> {
    let s = content.trim();
    let after_num = s.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let had_num = after_num.len() != s.len();
    let s = after_num.trim_start();
    let (s, had_sep) = match s.strip_prefix([';', ',']) {
        Some(rest) => (rest.trim_start(), true),
        None => (s, false),
    };
    let mut had_url = false;
    let mut s = s;
    if s.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("url")) {
        if let Some(rest) = s[3..].trim_start().strip_prefix('=') {
            s = rest.trim_start();
            had_url = true;
        }
    }
    // A URL needs `url=`, or a delay followed by a separator.
    if !(had_url || (had_num && had_sep)) {
        return None;
    }
    let target = match s.chars().next() {
        Some(q @ ('\'' | '"')) => {
            let inner = &s[1..];
            inner.split(q).next().unwrap_or(inner)
        }
        _ => s,
    }
    .trim();
    (!target.is_empty()).then_some(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(scripts: &str) -> Vec<String> {
        let mut out = Collector::default();
        let base = Url::parse("http://x.gov.cn/a/b/index.html").unwrap();
        redirects(scripts, &base, &mut out);
        assert!(out.links.iter().all(|l| l.via == Via::Script));
        out.links.into_iter().map(|l| l.url.to_string()).collect()
    }

    #[test]
    fn script_redirect_forms() {
        assert_eq!(
            run(r#"location.href = './zwgk/index.html';"#),
            ["http://x.gov.cn/a/b/zwgk/index.html"]
        );
        assert_eq!(
            run(r#"window.location = "/xxgk/";"#),
            ["http://x.gov.cn/xxgk/"]
        );
        assert_eq!(
            run(r#"window.location.href="http://www.y.gov.cn/";"#),
            ["http://www.y.gov.cn/"]
        );
        assert_eq!(
            run(r#"location.replace("../c.html")"#),
            ["http://x.gov.cn/a/c.html"]
        );
        assert_eq!(
            run("top.location='/top.html'"),
            ["http://x.gov.cn/top.html"]
        );
        assert_eq!(
            run("self.location . href\n =\n'/s.html'; document.location.assign('/d.html');"),
            ["http://x.gov.cn/s.html", "http://x.gov.cn/d.html"]
        );
    }

    #[test]
    fn script_non_redirects_are_ignored() {
        assert!(run(r#"location.href = "/search.jsp?q=" + q;"#).is_empty());
        assert!(run(r#"if (location.href == "/a.html") {}"#).is_empty());
        assert!(run(r#"var s = location.href.replace("a", "b");"#).is_empty());
        assert!(run(r#"onchange="location.replace(this.value)""#).is_empty());
        assert!(run(r#"mylocation = "/x.html"; document.write("<a href='/y.html'>")"#).is_empty());
        assert!(run(r#"location.href = "javascript:void(0)"; location.href='#';"#).is_empty());
    }

    #[test]
    fn script_redirects_keep_source_order() {
        assert_eq!(
            run("location.replace('/1.html'); location.href='/2.html';"),
            ["http://x.gov.cn/1.html", "http://x.gov.cn/2.html"]
        );
    }

    #[test]
    fn refresh_content_variants() {
        assert_eq!(refresh_target("0; url=http://x/a"), Some("http://x/a"));
        assert_eq!(refresh_target("0;URL='/b.html'"), Some("/b.html"));
        assert_eq!(refresh_target(" 5 ; Url = \"c.html\" "), Some("c.html"));
        assert_eq!(refresh_target("0,url=d.html"), Some("d.html"));
        assert_eq!(refresh_target("0.5; /e.html"), Some("/e.html"));
        assert_eq!(refresh_target("url=f.html"), Some("f.html"));
        assert_eq!(refresh_target("0;url='g.html"), Some("g.html"));
        assert_eq!(refresh_target("30"), None);
        assert_eq!(refresh_target("0; url="), None);
        assert_eq!(refresh_target("text/html; charset=gbk"), None);
        assert_eq!(refresh_target(""), None);
        assert_eq!(refresh_target("0;ur"), Some("ur"));
        assert_eq!(refresh_target("0;网址"), Some("网址"));
    }
}
