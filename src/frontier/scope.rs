//! Crawl scope: which hosts belong to a seed's site.
//!
//! In: the seed URL. Out: a [`Scope`] answering "may this URL be crawled for
//! this seed?". Pure, no I/O, never panics; it never widens a scope to a
//! public suffix (no `*.gov.cn`), so hijacked mirror domains that copy a
//! portal, and every other site, stay out.
//!
//! Rule: a URL is in scope when it is http(s) and its host is the seed host,
//! the seed's *government domain*, or a sub-domain of that domain. Ports do
//! not matter; host comparison is case-insensitive and ignores a trailing dot.
//!
//! The domain is the seed host with one leading alias label (`www`, `www1`,
//! `www2`…, `m`, `wap`, `big5`) stripped — but only when what remains still has
//! a label of its own under a public suffix:
//! - `www.zjpy.gov.cn` → `zjpy.gov.cn` (so `xxgk.zjpy.gov.cn` is in);
//! - `fy.hangzhou.gov.cn` → itself: a district under a city keeps its own
//!   subtree and does not get the whole city;
//! - `xxgk.zjpy.gov.cn` → itself (only alias labels are stripped);
//! - `www.gov.cn` → itself: `gov.cn` is a public suffix, `www` is the
//!   registered label there, so the scope is `www.gov.cn` and its sub-domains;
//! - a host that is itself a public suffix (`gov.cn`, `com.cn`, `com`), a
//!   single-label host (`localhost`) or an IP address: the exact host only.
//!
//! Public suffixes are a built-in list (no PSL crate): every single label
//! (all TLDs), the generic second levels under `cn` (`gov.cn`, `com.cn`,
//! `org.cn`, `net.cn`, `edu.cn`, `ac.cn`, `mil.cn`), the provincial ones
//! (`zj.cn`, `bj.cn`, …) and a few foreign ones met on Chinese sites
//! (`com.hk`, `gov.hk`, `com.tw`, `gov.mo`, `co.uk`, …).
use url::{Host, Url};

/// Two-label public suffixes (besides every single label, which is a TLD).
const SUFFIXES_2: &[&str] = &[
    "gov.cn", "com.cn", "org.cn", "net.cn", "edu.cn", "ac.cn", "mil.cn", "ah.cn", "bj.cn", "cq.cn",
    "fj.cn", "gd.cn", "gs.cn", "gz.cn", "gx.cn", "ha.cn", "hb.cn", "he.cn", "hi.cn", "hk.cn",
    "hl.cn", "hn.cn", "jl.cn", "js.cn", "jx.cn", "ln.cn", "mo.cn", "nm.cn", "nx.cn", "qh.cn",
    "sc.cn", "sd.cn", "sh.cn", "sn.cn", "sx.cn", "tj.cn", "tw.cn", "xj.cn", "xz.cn", "yn.cn",
    "zj.cn", "com.hk", "gov.hk", "org.hk", "net.hk", "edu.hk", "com.tw", "gov.tw", "org.tw",
    "net.tw", "edu.tw", "com.mo", "gov.mo", "org.mo", "co.uk", "gov.uk", "ac.uk", "org.uk",
    "com.au", "gov.au", "co.jp", "co.kr", "com.sg", "gov.sg",
];

/// Leading labels that are aliases of the main site.
fn is_alias_label(label: &str) -> bool {
    matches!(label, "m" | "wap" | "big5")
        || label
            .strip_prefix("www")
            .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit()))
}

/// Number of labels of the public suffix of `labels` (at least 1).
fn suffix_len(labels: &[&str]) -> usize {
    if labels.len() >= 2 {
        let last2 = format!("{}.{}", labels[labels.len() - 2], labels[labels.len() - 1]);
        if SUFFIXES_2.contains(&last2.as_str()) {
            return 2;
        }
    }
    1
}

fn normalize_host(host: &str) -> String {
    host.trim_end_matches('.').to_ascii_lowercase()
}

/// The hosts one seed may crawl.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// Seed host, lowercased, without trailing dot (`[…]` for IPv6).
    host: String,
    /// Government domain; equal to `host` when `exact`.
    domain: String,
    /// IP address, single label or public suffix: only `host` itself.
    exact: bool,
}

impl Scope {
    /// The scope of `seed`. A seed without a host yields a scope that
    /// contains nothing.
    pub fn for_seed(seed: &Url) -> Scope {
        let host = seed.host_str().map(normalize_host).unwrap_or_default();
        let is_ip = matches!(seed.host(), Some(Host::Ipv4(_)) | Some(Host::Ipv6(_)));
        let labels: Vec<&str> = host.split('.').collect();
        if is_ip || host.is_empty() || labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
            return Scope {
                domain: host.clone(),
                host,
                exact: true,
            };
        }
        let sfx = suffix_len(&labels);
        if labels.len() <= sfx {
            // The seed host is itself a public suffix.
            return Scope {
                domain: host.clone(),
                host,
                exact: true,
            };
        }
        let domain = if is_alias_label(labels[0]) && labels.len() - 1 > sfx {
            labels[1..].join(".")
        } else {
            host.clone()
        };
        Scope {
            host,
            domain,
            exact: false,
        }
    }

    /// Is `url` (http or https only) inside this scope?
    pub fn contains(&self, url: &Url) -> bool {
        if !matches!(url.scheme(), "http" | "https") || self.host.is_empty() {
            return false;
        }
        let Some(h) = url.host_str() else {
            return false;
        };
        let h = normalize_host(h);
        if h == self.host {
            return true;
        }
        if self.exact {
            return false;
        }
        h == self.domain
            || (h.len() > self.domain.len()
                && h.ends_with(self.domain.as_str())
                && h.as_bytes()[h.len() - self.domain.len() - 1] == b'.')
    }

    /// The government domain, e.g. `zjpy.gov.cn` (the exact host for IP
    /// addresses, single labels and public suffixes).
    pub fn domain(&self) -> &str {
        &self.domain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(s: &str) -> Scope {
        Scope::for_seed(&Url::parse(s).unwrap())
    }

    fn has(sc: &Scope, u: &str) -> bool {
        sc.contains(&Url::parse(u).unwrap())
    }

    #[test]
    fn domains() {
        let cases = [
            ("http://www.zjpy.gov.cn/", "zjpy.gov.cn"),
            ("http://zjpy.gov.cn/", "zjpy.gov.cn"),
            ("https://WWW1.ZJPY.GOV.CN:8443/x", "zjpy.gov.cn"),
            ("http://m.zjpy.gov.cn/", "zjpy.gov.cn"),
            ("http://big5.zjpy.gov.cn/", "zjpy.gov.cn"),
            ("http://wap.zjpy.gov.cn/", "zjpy.gov.cn"),
            ("http://fy.hangzhou.gov.cn/", "fy.hangzhou.gov.cn"),
            ("http://www.fy.hangzhou.gov.cn/", "fy.hangzhou.gov.cn"),
            ("http://xxgk.zjpy.gov.cn/", "xxgk.zjpy.gov.cn"),
            ("http://www.gov.cn/", "www.gov.cn"),
            ("http://gov.cn/", "gov.cn"),
            ("http://www.com.cn/", "www.com.cn"),
            ("http://www.example.com/", "example.com"),
            ("http://www.com/", "www.com"),
            ("http://www.zj.cn/", "www.zj.cn"),
            ("http://www.pinghu.zj.cn/", "pinghu.zj.cn"),
            ("http://www.zjpy.gov.cn./", "zjpy.gov.cn"),
            ("http://wwwx.zjpy.gov.cn/", "wwwx.zjpy.gov.cn"),
            ("http://localhost:8080/", "localhost"),
            ("http://10.1.2.3/", "10.1.2.3"),
            ("http://[::1]/", "[::1]"),
        ];
        for (seed, dom) in cases {
            assert_eq!(scope(seed).domain(), dom, "{seed}");
        }
    }

    #[test]
    fn subdomain_boundaries() {
        let sc = scope("http://www.zjpy.gov.cn/");
        assert!(has(&sc, "http://www.zjpy.gov.cn/a"));
        assert!(has(&sc, "https://www.zjpy.gov.cn:8443/a"));
        assert!(has(&sc, "http://zjpy.gov.cn/"));
        assert!(has(&sc, "http://xxgk.zjpy.gov.cn/col/col1/index.html"));
        assert!(has(&sc, "http://a.b.zjpy.gov.cn/"));
        assert!(has(&sc, "http://ZJPY.GOV.CN/"));
        assert!(has(&sc, "http://xxgk.zjpy.gov.cn./"));
        assert!(!has(&sc, "http://evilzjpy.gov.cn/"));
        assert!(!has(&sc, "http://zjpy.gov.cn.evil.com/"));
        assert!(!has(&sc, "http://www.zjpy.gov.cn.evil.com/"));
        assert!(!has(&sc, "http://gov.cn/"));
        assert!(!has(&sc, "http://www.hangzhou.gov.cn/"));
        assert!(!has(&sc, "http://zjpy-gov.cn/"));
        assert!(!has(&sc, "ftp://www.zjpy.gov.cn/"));
        assert!(!has(&sc, "mailto:a@zjpy.gov.cn"));
    }

    #[test]
    fn district_does_not_get_the_city() {
        let sc = scope("http://fy.hangzhou.gov.cn/");
        assert!(has(&sc, "http://www.fy.hangzhou.gov.cn/"));
        assert!(has(&sc, "http://fy.hangzhou.gov.cn/"));
        assert!(!has(&sc, "http://www.hangzhou.gov.cn/"));
        assert!(!has(&sc, "http://hangzhou.gov.cn/"));
        assert!(!has(&sc, "http://xh.hangzhou.gov.cn/"));
    }

    #[test]
    fn public_suffix_seed_is_exact() {
        let sc = scope("http://gov.cn/");
        assert!(has(&sc, "http://gov.cn/x"));
        assert!(!has(&sc, "http://www.zjpy.gov.cn/"));
        let sc = scope("http://www.gov.cn/");
        assert!(has(&sc, "http://sousuo.www.gov.cn/"));
        assert!(!has(&sc, "http://zjpy.gov.cn/"));
        assert!(!has(&sc, "http://gov.cn/"));
    }

    #[test]
    fn ip_and_single_label_are_exact() {
        let sc = scope("http://10.1.2.3:8080/");
        assert!(has(&sc, "http://10.1.2.3/x"));
        assert!(!has(&sc, "http://10.1.2.4/"));
        assert!(!has(&sc, "http://10.1.2.3.nip.io/"));
        let sc = scope("http://localhost/");
        assert!(has(&sc, "https://localhost:1/"));
        assert!(!has(&sc, "http://a.localhost/"));
        let sc = scope("http://[::1]/");
        assert!(has(&sc, "http://[::1]:81/"));
        assert!(!has(&sc, "http://[::2]/"));
    }

    #[test]
    fn seed_without_host_contains_nothing() {
        let sc = scope("mailto:a@b.cn");
        assert_eq!(sc.domain(), "");
        assert!(!has(&sc, "http://b.cn/"));
        assert!(!has(&sc, "http://a/"));
    }

    #[test]
    fn scope_equality() {
        assert_eq!(
            scope("http://www.zjpy.gov.cn/"),
            scope("http://WWW.zjpy.gov.cn:80/x")
        );
        assert_ne!(
            scope("http://www.zjpy.gov.cn/"),
            scope("http://zjpy.gov.cn/")
        );
    }
}
