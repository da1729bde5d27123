//! robots.txt: fetch outcome → policy, with RFC 9309 semantics.
//!
//! In: the status and body of a `/robots.txt` fetch (or the fact that it
//! failed), and our product token. Out: a [`RobotsStatus`]; for a parsed file,
//! [`RobotsRules`] answering "may we fetch this URL?" and "what Crawl-delay
//! applies to us?". Pure, no I/O, never panics on any body.
//!
//! Status rules ([`from_fetch`]):
//! - 2xx → the file is parsed ([`RobotsStatus::Rules`]);
//! - more than 5 redirects → treated as 4xx (RFC 9309 §2.3.1.2);
//! - 4xx "unavailable" (404, 401, 403, 410, …) → [`RobotsStatus::AllowAll`]
//!   (§2.3.1.3: the crawler may access any resource);
//! - **429 Too Many Requests is treated as unreachable, not unavailable**:
//!   RFC 9309 lists it under no special case, but it means "slow down", not
//!   "there is no robots.txt"; Google handles 429 like a 5xx. So do we;
//! - 5xx, or no response at all (connect error, timeout, TLS failure) →
//!   [`RobotsStatus::Unavailable`]: §2.3.1.4 says assume complete disallow;
//!   the engine should retry later ([`from_error`]);
//! - an address the SSRF guard refuses ([`from_error`]) →
//!   [`RobotsStatus::AllowAll`]: nothing is ever sent there, and each URL
//!   of the host fails on its own with the refusal;
//! - anything else (1xx, unfollowed 3xx) → AllowAll, as a missing file.
//!
//! Parsing ([`RobotsRules::parse`]): the body is capped at 500 KiB (cut at the
//! last complete line; RFC 9309 §2.5), a UTF-8/UTF-16 BOM is stripped, bytes
//! are decoded lossily as UTF-8. Google's parser (`robotstxt` crate) reads the
//! lines; the group for our product token is selected if one names it,
//! otherwise `*`, exactly as its matcher does, and only that group's rules are
//! kept (re-serialized, so each check matches a few lines instead of
//! re-parsing the whole file). Crawl-delay is read from the selected group
//! only. Patterns longer than 2048 bytes or with more than 10 `*` are dropped,
//! runs of `*` are collapsed, and lines are clipped at 8 KiB. Patterns are
//! matched by [`LinearMatch`], not the crate's own matcher (see there).
use robotstxt::matcher::{RobotsMatchStrategy, RobotsMatcher};
use robotstxt::{parse_robotstxt, RobotsParseHandler};
use std::time::Duration;

/// Largest body parsed (RFC 9309 §2.5 requires at least 500 KiB).
pub const MAX_ROBOTS_BYTES: usize = 500 * 1024;
const MAX_PATTERN_LEN: usize = 2048;
const MAX_PATTERN_STARS: usize = 10;
/// Well below the parser's own 16 664-byte line limit.
const MAX_LINE_BYTES: usize = 8192;
const MAX_CRAWL_DELAY_SECS: f64 = 86_400.0;

/// Outcome of fetching robots.txt; the `String` is a reason for reports.
#[derive(Debug, Clone)]
pub enum RobotsStatus {
    Rules(RobotsRules),
    AllowAll(String),
    Unavailable(String),
}

/// Map a robots.txt fetch to a policy. `status` is `None` when no response
/// was received. `agent_token` is our product token (e.g. `harvester`).
pub fn from_fetch(
    status: Option<u16>,
    body: &[u8],
    redirects_exceeded: bool,
    agent_token: &str,
) -> RobotsStatus {
    if redirects_exceeded {
        return RobotsStatus::AllowAll("robots.txt: more than 5 redirects (treated as 4xx)".into());
    }
    match status {
        None => RobotsStatus::Unavailable("robots.txt unreachable (no response)".into()),
        Some(200..=299) => RobotsStatus::Rules(RobotsRules::parse(body, agent_token)),
        Some(429) => {
            RobotsStatus::Unavailable("robots.txt: HTTP 429 (treated as unreachable)".into())
        }
        Some(s @ 400..=499) => {
            RobotsStatus::AllowAll(format!("robots.txt: HTTP {s} (unavailable: allow all)"))
        }
        Some(s @ 500..=599) => {
            RobotsStatus::Unavailable(format!("robots.txt: HTTP {s} (unreachable)"))
        }
        Some(s) => {
            RobotsStatus::AllowAll(format!("robots.txt: HTTP {s} (no usable file: allow all)"))
        }
    }
}

/// Map a robots.txt fetch that got no response. RFC 9309 "unreachable"
/// (the engine asks again later), except when the SSRF guard refused the
/// address: nothing will ever be requested from that host, so there is
/// nothing to protect and nothing to wait for; every URL of the host is
/// then refused, and recorded, on its own.
pub fn from_error(e: &crate::fetch::client::FetchError) -> RobotsStatus {
    match e {
        crate::fetch::client::FetchError::Refused(_) => {
            RobotsStatus::AllowAll(format!("robots.txt not requested: {e}"))
        }
        _ => RobotsStatus::Unavailable(format!("robots.txt unreachable: {e}")),
    }
}

/// The rules of one robots.txt that apply to our agent.
#[derive(Debug, Clone)]
pub struct RobotsRules {
    /// Product token matched against `User-agent` lines (`[A-Za-z_-]` prefix).
    agent: String,
    /// The selected group re-serialized for the matcher (empty: no group applies).
    group: String,
    crawl_delay: Option<Duration>,
}

impl RobotsRules {
    /// Parse a robots.txt body for `agent_token` (e.g. `harvester`; anything
    /// after the leading `[A-Za-z_-]` characters is ignored, like `/1.0`).
    pub fn parse(body: &[u8], agent_token: &str) -> Self {
        let agent_len = agent_token
            .find(|c: char| !(c.is_ascii_alphabetic() || c == '-' || c == '_'))
            .unwrap_or(agent_token.len());
        let agent = agent_token[..agent_len].to_string();
        let text = clip_long_lines(&decode_body(body));
        let mut h = GroupCollector {
            agent: agent.clone(),
            ..GroupCollector::default()
        };
        parse_robotstxt(&text, &mut h);
        let (ua, rules, delay) = if h.ever_specific {
            (agent.as_str(), h.specific, h.specific_delay)
        } else if h.ever_global {
            ("*", h.global, h.global_delay)
        } else {
            ("", Vec::new(), None)
        };
        let mut group = String::new();
        if !ua.is_empty() {
            group = format!("user-agent: {ua}\n");
            for (allow, pattern) in rules {
                group.push_str(if allow { "allow: " } else { "disallow: " });
                group.push_str(&pattern);
                group.push('\n');
            }
        }
        RobotsRules {
            agent,
            group,
            crawl_delay: delay,
        }
    }

    /// May `url` be fetched? `/robots.txt` itself is always allowed.
    pub fn allowed(&self, url: &url::Url) -> bool {
        if url.path() == "/robots.txt" || self.group.is_empty() {
            return true;
        }
        let mut target = url.path().to_string();
        if let Some(q) = url.query() {
            target.push('?');
            target.push_str(q);
        }
        RobotsMatcher::<LinearMatch>::default().one_agent_allowed_by_robots(
            &self.group,
            &self.agent,
            &target,
        )
    }

    /// Crawl-delay of the selected group (fractional seconds allowed; values
    /// above one day, negative or unparsable ones are ignored).
    pub fn crawl_delay(&self) -> Option<Duration> {
        self.crawl_delay
    }
}

/// Strip a BOM, decode (UTF-16 if the BOM says so, else lossy UTF-8), cap.
fn decode_body(body: &[u8]) -> String {
    match encoding_rs::Encoding::for_bom(body) {
        Some((enc, n)) if enc != encoding_rs::UTF_8 => {
            let raw = &body[n..body.len().min(n + 2 * MAX_ROBOTS_BYTES)];
            let text = enc.decode_without_bom_handling(raw).0;
            String::from_utf8_lossy(cap_lines(text.as_bytes())).into_owned()
        }
        Some((_, n)) => String::from_utf8_lossy(cap_lines(&body[n..])).into_owned(),
        None => String::from_utf8_lossy(cap_lines(body)).into_owned(),
    }
}

/// At most `MAX_ROBOTS_BYTES`, cut after the last complete line.
fn cap_lines(b: &[u8]) -> &[u8] {
    if b.len() <= MAX_ROBOTS_BYTES {
        return b;
    }
    let head = &b[..MAX_ROBOTS_BYTES];
    match head.iter().rposition(|&c| c == b'\n' || c == b'\r') {
        Some(p) => &head[..p],
        None => &[],
    }
}

/// Truncate lines longer than `MAX_LINE_BYTES` at a char boundary. The
/// parser skips the tail of over-long lines itself, but counts the skipped
/// characters as bytes and can then slice inside a multi-byte character.
fn clip_long_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in text.split_inclusive(['\n', '\r']) {
        let (line, eol) = match piece.char_indices().last() {
            Some((i, '\n' | '\r')) => (&piece[..i], &piece[i..]),
            _ => (piece, ""),
        };
        let mut cut = line.len().min(MAX_LINE_BYTES);
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&line[..cut]);
        out.push_str(eol);
    }
    out
}

fn parse_delay(v: &str) -> Option<Duration> {
    let secs: f64 = v.trim().parse().ok()?;
    (secs.is_finite() && (0.0..=MAX_CRAWL_DELAY_SECS).contains(&secs))
        .then(|| Duration::from_secs_f64(secs))
}

/// Clean a pattern for the matcher: collapse `**`, drop pathological ones.
fn sane_pattern(p: &str) -> Option<String> {
    let mut out = String::with_capacity(p.len());
    for c in p.chars() {
        if !(c == '*' && out.ends_with('*')) {
            out.push(c);
        }
    }
    let stars = out.bytes().filter(|&b| b == b'*').count();
    (out.len() <= MAX_PATTERN_LEN && stars <= MAX_PATTERN_STARS).then_some(out)
}

/// Google's longest-match strategy (priority = pattern length) with a
/// linear-time pattern match. `robotstxt` 0.3's own `matches` grows a `Vec`
/// by `insert` where Google's C++ assigns, which makes it cubic (one
/// 121-byte pattern against a 1000-byte path took 0.7 s; the fuzzer found
/// a 163-byte robots.txt that took 14 s) and wrong on some paths
/// (`/*/b$` did not match `/a/a/b`).
#[derive(Default)]
struct LinearMatch;

impl RobotsMatchStrategy for LinearMatch {
    fn match_allow(&self, path: &str, pattern: &str) -> i32 {
        priority(path, pattern)
    }

    fn match_disallow(&self, path: &str, pattern: &str) -> i32 {
        priority(path, pattern)
    }
}

fn priority(path: &str, pattern: &str) -> i32 {
    if wildcard_match(path, pattern) {
        i32::try_from(pattern.len()).unwrap_or(i32::MAX)
    } else {
        -1
    }
}

/// `pattern` matches a prefix of `path`: `*` is any run of characters, `$`
/// at the very end anchors at the end of `path` (elsewhere it is literal).
/// Middle pieces are found leftmost-first, which is optimal for `*`.
fn wildcard_match(path: &str, pattern: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let mut pieces = pattern.split('*');
    let Some(mut rest) = path.strip_prefix(pieces.next().unwrap_or("")) else {
        return false;
    };
    let Some(last) = pieces.next_back() else {
        return !anchored || rest.is_empty();
    };
    for piece in pieces {
        match rest.find(piece) {
            Some(i) => rest = &rest[i + piece.len()..],
            None => return false,
        }
    }
    if anchored {
        rest.ends_with(last)
    } else {
        rest.contains(last)
    }
}

/// Mirrors the group selection of `robotstxt`'s matcher, collecting rules
/// and Crawl-delay for our agent and for `*`.
#[derive(Default)]
struct GroupCollector {
    agent: String,
    seen_global: bool,
    seen_specific: bool,
    seen_separator: bool,
    ever_specific: bool,
    ever_global: bool,
    specific: Vec<(bool, String)>,
    global: Vec<(bool, String)>,
    specific_delay: Option<Duration>,
    global_delay: Option<Duration>,
}

impl GroupCollector {
    fn rule(&mut self, allow: bool, value: &str) {
        if !(self.seen_global || self.seen_specific) {
            return;
        }
        self.seen_separator = true;
        let Some(p) = sane_pattern(value) else { return };
        if self.seen_specific {
            self.specific.push((allow, p));
        } else {
            self.global.push((allow, p));
        }
    }
}

impl RobotsParseHandler for GroupCollector {
    fn handle_robots_start(&mut self) {}
    fn handle_robots_end(&mut self) {}

    fn handle_user_agent(&mut self, _line: u32, user_agent: &str) {
        if self.seen_separator {
            self.seen_specific = false;
            self.seen_global = false;
            self.seen_separator = false;
        }
        if user_agent.starts_with('*')
            && (user_agent.len() == 1 || user_agent[1..].starts_with(char::is_whitespace))
        {
            self.seen_global = true;
            self.ever_global = true;
        } else {
            let end = user_agent
                .find(|c: char| !(c.is_ascii_alphabetic() || c == '-' || c == '_'))
                .unwrap_or(user_agent.len());
            if !self.agent.is_empty() && user_agent[..end].eq_ignore_ascii_case(&self.agent) {
                self.seen_specific = true;
                self.ever_specific = true;
            }
        }
    }

    fn handle_allow(&mut self, _line: u32, value: &str) {
        self.rule(true, value);
    }

    fn handle_disallow(&mut self, _line: u32, value: &str) {
        self.rule(false, value);
    }

    fn handle_sitemap(&mut self, _line: u32, _value: &str) {
        self.seen_separator = true;
    }

    fn handle_unknown_action(&mut self, _line: u32, action: &str, value: &str) {
        let in_group = self.seen_global || self.seen_specific;
        self.seen_separator = true;
        let action = action.trim();
        if !in_group
            || !(action.eq_ignore_ascii_case("crawl-delay")
                || action.eq_ignore_ascii_case("crawldelay"))
        {
            return;
        }
        let Some(d) = parse_delay(value) else { return };
        let slot = if self.seen_specific {
            &mut self.specific_delay
        } else {
            &mut self.global_delay
        };
        slot.get_or_insert(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use url::Url;

    /// Parse for `harvester`; lines are trimmed so bodies can be indented.
    fn rules(body: &str) -> RobotsRules {
        let body: String = body.lines().map(|l| format!("{}\n", l.trim())).collect();
        RobotsRules::parse(body.as_bytes(), "harvester")
    }

    fn ok(r: &RobotsRules, path: &str) -> bool {
        r.allowed(&Url::parse(&format!("http://x.gov.cn{path}")).unwrap())
    }

    fn kind(s: Option<u16>, redirects_exceeded: bool) -> String {
        match from_fetch(
            s,
            b"User-agent: *\nDisallow: /",
            redirects_exceeded,
            "harvester",
        ) {
            RobotsStatus::Rules(r) => format!("rules(/a allowed: {})", ok(&r, "/a")),
            RobotsStatus::AllowAll(why) => format!("allow: {why}"),
            RobotsStatus::Unavailable(why) => format!("unavailable: {why}"),
        }
    }

    #[test]
    fn refused_is_allow_all_other_errors_unavailable() {
        use crate::fetch::client::FetchError;
        let refused = FetchError::Refused("127.0.0.1 is a loopback address (SSRF guard)".into());
        match from_error(&refused) {
            RobotsStatus::AllowAll(r) => assert!(r.contains("SSRF guard"), "{r}"),
            other => panic!("{other:?}"),
        }
        for e in [FetchError::Timeout, FetchError::Connect("reset".into())] {
            assert!(
                matches!(from_error(&e), RobotsStatus::Unavailable(_)),
                "{e}"
            );
        }
    }

    #[test]
    fn status_rules() {
        assert_eq!(kind(Some(200), false), "rules(/a allowed: false)");
        assert_eq!(kind(Some(204), false), "rules(/a allowed: false)");
        for s in [400, 401, 403, 404, 410, 451] {
            assert!(kind(Some(s), false).starts_with("allow: "), "{s}");
        }
        for s in [429, 500, 502, 503, 599] {
            assert!(kind(Some(s), false).starts_with("unavailable: "), "{s}");
        }
        assert_eq!(
            kind(Some(404), false),
            "allow: robots.txt: HTTP 404 (unavailable: allow all)"
        );
        assert_eq!(
            kind(Some(503), false),
            "unavailable: robots.txt: HTTP 503 (unreachable)"
        );
        assert_eq!(
            kind(None, false),
            "unavailable: robots.txt unreachable (no response)"
        );
        let too_many = "allow: robots.txt: more than 5 redirects (treated as 4xx)";
        assert_eq!(kind(Some(200), true), too_many);
        assert_eq!(kind(None, true), too_many);
        assert!(kind(Some(301), false).starts_with("allow: "));
    }

    #[test]
    fn disallow_all() {
        let r = rules("User-agent: *\nDisallow: /");
        assert!(!ok(&r, "/"));
        assert!(!ok(&r, "/zwgk/index.html?a=1"));
        assert!(ok(&r, "/robots.txt"));
        assert_eq!(r.crawl_delay(), None);
    }

    #[test]
    fn allow_disallow_precedence() {
        let r = rules(
            "User-agent: *
             Disallow: /zwgk/
             Allow: /zwgk/xxgknb/
             Disallow: /*.pdf$
             Allow: /zwgk/a
             Disallow: /zwgk/a
             Disallow: /search?
             Disallow: /*?keyword=",
        );
        assert!(!ok(&r, "/zwgk/index.html"));
        assert!(ok(&r, "/zwgk/xxgknb/2024.html"));
        assert!(!ok(&r, "/files/report.pdf"));
        assert!(ok(&r, "/files/report.pdf?v=1"));
        assert!(ok(&r, "/zwgk/a")); // equal length: allow wins
        assert!(ok(&r, "/other"));
        assert!(!ok(&r, "/search?q=1"));
        assert!(ok(&r, "/search"));
        assert!(!ok(&r, "/list.jsp?keyword=a"));
    }

    const TWO_GROUPS: &str = "User-agent: *
        Disallow: /
        Crawl-delay: 10

        User-agent: Harvester
        Disallow: /private/
        Crawl-delay: 0.5";

    #[test]
    fn our_group_beats_star() {
        let r = rules(TWO_GROUPS);
        assert!(ok(&r, "/zwgk/"));
        assert!(!ok(&r, "/private/a"));
        assert_eq!(r.crawl_delay(), Some(Duration::from_millis(500)));
        // Another bot's group does not apply; the star group does.
        let r = rules(&TWO_GROUPS.replace("Harvester", "Baiduspider"));
        assert!(!ok(&r, "/zwgk/"));
        assert_eq!(r.crawl_delay(), Some(Duration::from_secs(10)));
    }

    #[test]
    fn empty_own_group_allows_everything() {
        let r = rules("User-agent: *\nDisallow: /\n\nUser-agent: harvester\nCrawl-delay: 3");
        assert!(ok(&r, "/a"));
        assert_eq!(r.crawl_delay(), Some(Duration::from_secs(3)));
        let r = rules("User-agent: harvester\nDisallow:\n\nUser-agent: *\nDisallow: /");
        assert!(ok(&r, "/a"));
    }

    #[test]
    fn grouped_agents_and_crawl_delay_in_right_group() {
        let r = rules(
            "User-agent: Googlebot
             User-agent: harvester
             Disallow: /tmp/

             User-agent: *
             Crawl-delay: 7
             Disallow: /",
        );
        assert!(!ok(&r, "/tmp/1"));
        assert!(ok(&r, "/zwgk/"));
        assert_eq!(r.crawl_delay(), None);
        let delay = |body: &str| rules(body).crawl_delay();
        assert_eq!(delay("User-agent: *\nCrawl-delay: 86401"), None);
        assert_eq!(
            delay("User-agent: *\nCrawl-delay: 86400"),
            Some(Duration::from_secs(86400))
        );
        assert_eq!(
            delay("User-agent: *\nCrawl-delay: -1\nCrawl-delay: 2"),
            Some(Duration::from_secs(2))
        );
        assert_eq!(delay("Crawl-delay: 5\nUser-agent: *\nDisallow: /x"), None);
        assert_eq!(
            delay("User-agent: *\nCrawl-delay: NaN\nCrawl-delay: abc"),
            None
        );
    }

    #[test]
    fn no_groups_or_garbage_allow_everything() {
        let bodies = [
            "",
            "<html>404 页面不存在</html>",
            "Disallow: /",
            "\u{0}\u{fffd}",
            "::\n#\n:",
        ];
        for body in bodies {
            assert!(ok(&rules(body), "/a"), "{body:?}");
        }
        let r = RobotsRules::parse(&[0xFF, 0xFE, 0x00, 0xD8, 0x80, 0x0A], "harvester");
        assert!(ok(&r, "/a"));
    }

    #[test]
    fn bom_and_crlf() {
        let body = b"\xEF\xBB\xBFUser-agent: *\r\nDisallow: /private\r\n";
        let r = RobotsRules::parse(body, "harvester");
        assert!(!ok(&r, "/private/x"));
        assert!(ok(&r, "/public"));
        let utf16 = "User-agent: *\nDisallow: /p\n".encode_utf16();
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(utf16.flat_map(u16::to_le_bytes))
            .collect();
        assert!(!ok(&RobotsRules::parse(&le, "harvester"), "/p"));
    }

    #[test]
    fn non_ascii_patterns_match_percent_encoded_urls() {
        let r = rules("User-agent: *\nDisallow: /年报/");
        assert!(!ok(&r, "/年报/a.html"));
        assert!(ok(&r, "/年度/a.html"));
    }

    #[test]
    fn cap_at_500_kib() {
        let mut body = String::from("User-agent: *\n");
        while body.len() < MAX_ROBOTS_BYTES - 20 {
            body.push_str("Disallow: /a\n");
        }
        body.push_str("Disallow: /late-rule-beyond-the-cap\n");
        let r = rules(&body);
        assert!(!ok(&r, "/a"));
        assert!(ok(&r, "/late-rule-beyond-the-cap"));
        assert!(cap_lines(&vec![b'a'; MAX_ROBOTS_BYTES + 1]).is_empty());
    }

    #[test]
    fn pathological_input_does_not_hang_or_panic() {
        // The parser itself panics on this line (multi-byte chars past 16 KB).
        let long = format!("/{}é{}", "x".repeat(20000), "é".repeat(3000));
        let r = rules(&format!("User-agent: *\nDisallow: {long}\nDisallow: /b"));
        assert!(!ok(&r, "/b"));
        let stars = "*a".repeat(500);
        let r = rules(&format!(
            "User-agent: *\nDisallow: /{stars}\nDisallow: /*****c"
        ));
        assert!(ok(&r, &format!("/{}", "a".repeat(1000))));
        assert!(!ok(&r, "/abc"));
        assert_eq!(sane_pattern("/a**b***"), Some("/a*b*".into()));
        let _ =
            rules("User-agent: *\u{3000}\nUser-agent:\nDisallow: %\nAllow: %zz\nDisallow: /%e5");
    }

    #[test]
    fn token_normalised() {
        let body = b"User-agent: harvester\nDisallow: /\n";
        let r = RobotsRules::parse(body, "harvester/0.1 (+https://example.org)");
        assert!(!ok(&r, "/a"));
        assert!(ok(&RobotsRules::parse(body, ""), "/a"));
    }
}
