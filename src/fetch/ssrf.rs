//! The SSRF guard: harvester must not become a way into networks it was not
//! pointed at (loopback services, the LAN, cloud metadata endpoints).
//!
//! In: an IP address, or a host name with the addresses it resolved to, and
//! the [`Guard`] built from the config and the seeds. Out: the addresses that
//! may be connected to, or a [`Refusal`] naming the address and its class
//! ("127.0.0.1 is a loopback address (SSRF guard)"). Never: refuse a seed's
//! own host (a seed naming such an address, as an IP literal or as a name, is
//! the user's explicit choice, allowed for that host only), or refuse
//! anything when `http.allow_private_addresses` is true.
//!
//! Refused ([`classify`]): IPv4 0.0.0.0/8 (unspecified, "this network"),
//! 10/8, 172.16/12, 192.168/16 (private), 127/8 (loopback), 169.254/16
//! (link-local, cloud metadata at 169.254.169.254), 100.64/10 (shared CGNAT),
//! 224/4 (multicast), 240/4 (reserved) and 255.255.255.255 (broadcast);
//! IPv6 `::` (unspecified), `::1` (loopback), fc00::/7 (unique local),
//! fe80::/10 (link-local), fec0::/10 (old site-local), ff00::/8 (multicast),
//! and every IPv6 form that carries an IPv4 address (IPv4-mapped
//! `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4
//! `2002::/16`) when that IPv4 address is refused.
//!
//! Where it applies (`client.rs`): the resolver filters every name's
//! addresses (a name with only refused addresses fails; refused ones among
//! public ones are dropped), and `Fetcher::fetch_if` checks IP-literal URLs,
//! which never reach a resolver. Redirect targets and discovered links are
//! requests like any other, so they are covered.

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why an address is refused: the address and its class.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{addr} is {class} address (SSRF guard)")]
pub struct Refusal {
    pub addr: IpAddr,
    /// With its article: "a loopback", "a private", "an IPv4-mapped loopback", …
    pub class: String,
}

/// The class of a non-public address (`None`: public, may be fetched).
pub fn classify(ip: IpAddr) -> Option<String> {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4).map(str::to_string),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn classify_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, ..] = ip.octets();
    Some(match (a, b) {
        _ if ip.is_broadcast() => "broadcast",
        (0, _) => "unspecified",
        (127, _) => "loopback",
        (10, _) | (192, 168) => "private",
        (172, 16..=31) => "private",
        (169, 254) => "link-local",
        (100, 64..=127) => "shared (CGNAT)",
        (224..=239, _) => "multicast",
        (240..=255, _) => "reserved",
        _ => return None,
    })
}

fn classify_v6(ip: Ipv6Addr) -> Option<String> {
    let seg = ip.segments();
    let own = if ip.is_unspecified() {
        Some("unspecified")
    } else if ip.is_loopback() {
        Some("loopback")
    } else if seg[0] & 0xfe00 == 0xfc00 {
        Some("unique local")
    } else if seg[0] & 0xffc0 == 0xfe80 {
        Some("link-local")
    } else if seg[0] & 0xffc0 == 0xfec0 {
        Some("site-local")
    } else if seg[0] & 0xff00 == 0xff00 {
        Some("multicast")
    } else {
        None
    };
    if let Some(c) = own {
        return Some(c.to_string());
    }
    let o = ip.octets();
    let tail = Ipv4Addr::new(o[12], o[13], o[14], o[15]);
    let embedded = if let Some(v4) = ip.to_ipv4_mapped() {
        Some(("IPv4-mapped", v4))
    } else if seg[..6] == [0; 6] {
        // IPv4-compatible ::a.b.c.d (`::` and `::1` were handled above).
        Some(("IPv4-compatible", tail))
    } else if seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        Some(("NAT64", tail))
    } else if seg[0] == 0x2002 {
        Some(("6to4", Ipv4Addr::new(o[2], o[3], o[4], o[5])))
    } else {
        None
    };
    let (form, v4) = embedded?;
    classify_v4(v4).map(|c| format!("{form} {c}"))
}

/// `a`/`an` + class, for the message.
fn with_article(class: &str) -> String {
    let vowel = class.starts_with(['a', 'e', 'i', 'o', 'I'])
        || (class.starts_with("un") && !class.starts_with("uni"));
    format!("{} {class}", if vowel { "an" } else { "a" })
}

/// A [`Refusal`] for `ip` if it is not public.
pub fn check(ip: IpAddr) -> Result<(), Refusal> {
    match classify(ip) {
        None => Ok(()),
        Some(class) => Err(Refusal {
            addr: ip,
            class: with_article(&class),
        }),
    }
}

/// What the guard lets through: the config switch and the seeds' hosts.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    /// `http.allow_private_addresses`: everything is allowed.
    pub allow_all: bool,
    /// Seed host names (lower case, no trailing dot).
    names: BTreeSet<String>,
    /// Seed hosts that are IP literals.
    ips: BTreeSet<IpAddr>,
}

impl Guard {
    pub fn new(allow_all: bool) -> Guard {
        Guard {
            allow_all,
            ..Guard::default()
        }
    }

    /// Allow `host` (a seed's host: a name, an IPv4 literal or an IPv6
    /// literal with or without brackets) whatever it resolves to.
    pub fn allow_host(&mut self, host: &str) {
        let h = normalize(host);
        match h.parse::<IpAddr>() {
            Ok(ip) => {
                self.ips.insert(ip);
            }
            Err(_) if !h.is_empty() => {
                self.names.insert(h);
            }
            Err(_) => {}
        }
    }

    /// Whether `name` is a seed host.
    pub fn allows_name(&self, name: &str) -> bool {
        self.allow_all || self.names.contains(&normalize(name))
    }

    /// Check an IP-literal URL host.
    pub fn check_literal(&self, ip: IpAddr) -> Result<(), Refusal> {
        if self.allow_all || self.ips.contains(&ip) {
            return Ok(());
        }
        check(ip)
    }

    /// Filter the addresses `name` resolved to: all of them for a seed host,
    /// else the public ones; an error naming the first refused address when
    /// none is left.
    pub fn filter(&self, name: &str, addrs: Vec<IpAddr>) -> Result<Vec<IpAddr>, Refusal> {
        if self.allows_name(name) {
            return Ok(addrs);
        }
        let mut first = None;
        let mut kept = Vec::with_capacity(addrs.len());
        for ip in addrs {
            match check(ip) {
                Ok(()) => kept.push(ip),
                Err(r) => {
                    first.get_or_insert(r);
                }
            }
        }
        match (kept.is_empty(), first) {
            (true, Some(refusal)) => Err(refusal),
            _ => Ok(kept),
        }
    }
}

/// Lower case, without a trailing dot or IPv6 brackets.
fn normalize(host: &str) -> String {
    host.trim()
        .trim_end_matches('.')
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(s: &str) -> Option<String> {
        classify(s.parse().unwrap())
    }

    #[test]
    fn public_addresses_pass() {
        for a in [
            "1.1.1.1",
            "8.8.8.8",
            "114.114.114.114",
            "202.96.128.86",
            "9.255.255.255",
            "11.0.0.0",
            "100.63.255.255",
            "100.128.0.0",
            "126.255.255.255",
            "128.0.0.0",
            "169.253.255.255",
            "169.255.0.0",
            "172.15.255.255",
            "172.32.0.0",
            "192.167.255.255",
            "192.169.0.0",
            "223.255.255.255",
            "2001:4860:4860::8888",
            "2400:3200::1",
            "64:ff9b::808:808",
            "2002:808:808::1",
            "::ffff:8.8.8.8",
            "fbff:ffff::1",
            "fe00::1",
        ] {
            assert_eq!(class(a), None, "{a}");
        }
    }

    #[test]
    fn ipv4_ranges_and_their_edges() {
        for (a, c) in [
            ("0.0.0.0", "unspecified"),
            ("0.1.2.3", "unspecified"),
            ("127.0.0.1", "loopback"),
            ("127.255.255.254", "loopback"),
            ("10.0.0.0", "private"),
            ("10.255.255.255", "private"),
            ("172.16.0.0", "private"),
            ("172.31.255.255", "private"),
            ("192.168.0.1", "private"),
            ("192.168.255.255", "private"),
            ("169.254.169.254", "link-local"),
            ("169.254.0.0", "link-local"),
            ("100.64.0.0", "shared (CGNAT)"),
            ("100.127.255.255", "shared (CGNAT)"),
            ("224.0.0.1", "multicast"),
            ("239.255.255.255", "multicast"),
            ("240.0.0.1", "reserved"),
            ("255.255.255.254", "reserved"),
            ("255.255.255.255", "broadcast"),
        ] {
            assert_eq!(class(a).as_deref(), Some(c), "{a}");
        }
    }

    #[test]
    fn ipv6_ranges() {
        for (a, c) in [
            ("::", "unspecified"),
            ("::1", "loopback"),
            ("fc00::1", "unique local"),
            ("fd12:3456:789a::1", "unique local"),
            ("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "unique local"),
            ("fe80::1", "link-local"),
            ("febf::1", "link-local"),
            ("fec0::1", "site-local"),
            ("ff02::1", "multicast"),
            ("ff05::1:3", "multicast"),
        ] {
            assert_eq!(class(a).as_deref(), Some(c), "{a}");
        }
    }

    #[test]
    fn ipv6_forms_of_refused_ipv4() {
        for (a, c) in [
            ("::ffff:127.0.0.1", "IPv4-mapped loopback"),
            ("::ffff:7f00:1", "IPv4-mapped loopback"),
            ("::ffff:10.1.2.3", "IPv4-mapped private"),
            ("::ffff:172.16.0.1", "IPv4-mapped private"),
            ("::ffff:192.168.1.1", "IPv4-mapped private"),
            ("::ffff:169.254.169.254", "IPv4-mapped link-local"),
            ("::ffff:100.64.0.1", "IPv4-mapped shared (CGNAT)"),
            ("::ffff:224.0.0.1", "IPv4-mapped multicast"),
            ("::ffff:0.0.0.0", "IPv4-mapped unspecified"),
            ("::ffff:255.255.255.255", "IPv4-mapped broadcast"),
            ("::127.0.0.1", "IPv4-compatible loopback"),
            ("::169.254.169.254", "IPv4-compatible link-local"),
            ("64:ff9b::a9fe:a9fe", "NAT64 link-local"),
            ("64:ff9b::10.0.0.1", "NAT64 private"),
            ("2002:7f00:1::", "6to4 loopback"),
            ("2002:c0a8:101::1", "6to4 private"),
        ] {
            assert_eq!(class(a).as_deref(), Some(c), "{a}");
        }
    }

    #[test]
    fn refusal_names_the_address_and_class() {
        let r = check("127.0.0.1".parse().unwrap()).unwrap_err();
        assert_eq!(
            r.to_string(),
            "127.0.0.1 is a loopback address (SSRF guard)"
        );
        let r = check("169.254.169.254".parse().unwrap()).unwrap_err();
        assert_eq!(
            r.to_string(),
            "169.254.169.254 is a link-local address (SSRF guard)"
        );
        let r = check("::ffff:10.0.0.1".parse().unwrap()).unwrap_err();
        assert_eq!(
            r.to_string(),
            "::ffff:10.0.0.1 is an IPv4-mapped private address (SSRF guard)"
        );
        let r = check("fd00::1".parse().unwrap()).unwrap_err();
        assert_eq!(
            r.to_string(),
            "fd00::1 is a unique local address (SSRF guard)"
        );
        assert!(check("8.8.8.8".parse().unwrap()).is_ok());
    }

    #[test]
    fn url_spellings_of_loopback_are_caught() {
        // The url crate normalizes these hosts to IP addresses (WHATWG), so
        // the literal check sees 127.0.0.1 / ::ffff:7f00:1.
        let g = Guard::new(false);
        for u in [
            "http://127.0.0.1/",
            "http://2130706433/",
            "http://0x7f.0.0.1/",
            "http://0177.0.0.1/",
            "http://127.1/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::1]/",
            "http://0/",
            "http://[fe80::1%25eth0]/",
        ] {
            let Ok(url) = url::Url::parse(u) else {
                continue; // unparsable URLs are never requested
            };
            let ip: IpAddr = match url.host() {
                Some(url::Host::Ipv4(v4)) => v4.into(),
                Some(url::Host::Ipv6(v6)) => v6.into(),
                other => panic!("{u}: host {other:?} is not an IP"),
            };
            assert!(g.check_literal(ip).is_err(), "{u} → {ip}");
        }
    }

    #[test]
    fn seed_hosts_are_allowed_and_only_they() {
        let mut g = Guard::new(false);
        g.allow_host("WWW.Seed.gov.cn.");
        g.allow_host("127.0.0.1");
        g.allow_host("[::1]");
        let lo: IpAddr = "127.0.0.1".parse().unwrap();
        assert!(g.check_literal(lo).is_ok());
        assert!(g.check_literal("::1".parse().unwrap()).is_ok());
        assert!(g.check_literal("127.0.0.2".parse().unwrap()).is_err());
        assert!(g.check_literal("10.0.0.1".parse().unwrap()).is_err());
        assert_eq!(g.filter("www.seed.gov.cn", vec![lo]), Ok(vec![lo]));
        assert_eq!(g.filter("www.seed.gov.cn.", vec![lo]), Ok(vec![lo]));
        let err = g.filter("intranet.seed.gov.cn", vec![lo]).unwrap_err();
        assert_eq!(err.addr, lo);
        // Public addresses pass for any name; refused ones are dropped.
        let public: IpAddr = "202.96.128.86".parse().unwrap();
        assert_eq!(g.filter("other.gov.cn", vec![public]), Ok(vec![public]));
        assert_eq!(g.filter("mixed.gov.cn", vec![lo, public]), Ok(vec![public]));
        // No address at all is not a refusal (the connector reports it).
        assert_eq!(g.filter("empty.gov.cn", Vec::new()), Ok(Vec::new()));
    }

    #[test]
    fn allow_all_allows_everything() {
        let g = Guard::new(true);
        let lo: IpAddr = "127.0.0.1".parse().unwrap();
        assert!(g.check_literal(lo).is_ok());
        assert!(g.check_literal("169.254.169.254".parse().unwrap()).is_ok());
        assert_eq!(g.filter("any.gov.cn", vec![lo]), Ok(vec![lo]));
    }
}
