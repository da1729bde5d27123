//! One seed URL, checked: the reasons a line of a seed file is refused.
//!
//! In: the raw text of a URL field. Out: a parsed [`Url`] or a reason that
//! names the offending value. Never: repair a URL by guessing (a stray `;`
//! is reported, not stripped); only a missing scheme is filled in (`http://`).

use url::Url;

/// Characters that end a URL only by mistake (copied punctuation).
const STRAY_TAIL: &[char] = &[';', ',', '。', '，', '；', '、', '"', '\'', '“', '”'];

/// Parse and check one seed URL; `Err` carries the reason, naming the value.
pub(super) fn parse_seed_url(raw: &str) -> Result<Url, String> {
    if raw.is_empty() {
        return Err("empty url".into());
    }
    if let Some(c) = raw.chars().find(|c| c.is_whitespace()) {
        let what = if c == '\u{3000}' {
            "a full-width space"
        } else {
            "whitespace"
        };
        return Err(format!("url {raw:?} contains {what}"));
    }
    if let Some(c) = raw.chars().last().filter(|c| STRAY_TAIL.contains(c)) {
        return Err(format!("url {raw:?} ends with a stray {c:?}"));
    }
    let with_scheme = match scheme_of(raw) {
        Some(scheme) => {
            let lower = scheme.to_ascii_lowercase();
            if lower != "http" && lower != "https" {
                return Err(format!(
                    "url {raw:?} has unsupported scheme {scheme:?} (only http and https)"
                ));
            }
            if !raw[scheme.len() + 1..].starts_with("//") {
                return Err(format!("url {raw:?} lacks \"//\" after \"{scheme}:\""));
            }
            raw.to_string()
        }
        None if raw.starts_with("//") => format!("http:{raw}"),
        None => format!("http://{raw}"),
    };
    let mut url = Url::parse(&with_scheme).map_err(|e| format!("invalid url {raw:?}: {e}"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!("url {raw:?} carries a user name or password"));
    }
    match url.host() {
        None => return Err(format!("url {raw:?} has no host")),
        Some(url::Host::Ipv4(_)) | Some(url::Host::Ipv6(_)) => {}
        Some(url::Host::Domain(host)) => check_domain(raw, host)?,
    }
    url.set_fragment(None);
    Ok(url)
}

/// The scheme of `raw` if it starts with one. `www.x.gov.cn:8080/a` has none
/// (a dotted name before the colon, or digits after it, is a host and port).
fn scheme_of(raw: &str) -> Option<&str> {
    let colon = raw.find(':')?;
    let (scheme, rest) = (&raw[..colon], &raw[colon + 1..]);
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-'));
    let port_follows = rest.starts_with(|c: char| c.is_ascii_digit());
    (valid && !port_follows).then_some(scheme)
}

fn check_domain(raw: &str, host: &str) -> Result<(), String> {
    if let Some(c) = host
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
    {
        let tail = if host.ends_with(c) { "trailing " } else { "" };
        return Err(format!(
            "host {host:?} of url {raw:?} contains {tail}{c:?}, not allowed in a host name"
        ));
    }
    if !host.contains('.') {
        return Err(format!("host {host:?} of url {raw:?} has no dot"));
    }
    if host.ends_with('.') || host.starts_with('.') || host.contains("..") {
        return Err(format!("host {host:?} of url {raw:?} has an empty label"));
    }
    let tld = host.rsplit('.').next().unwrap_or_default();
    let alphabetic = tld.len() > 1 && tld.chars().all(|c| c.is_ascii_alphabetic());
    if !alphabetic && !tld.starts_with("xn--") {
        return Err(format!(
            "host {host:?} of url {raw:?} has an invalid top-level label {tld:?}"
        ));
    }
    Ok(())
}
