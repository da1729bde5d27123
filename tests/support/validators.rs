//! HTTP validators for the mock hosts: which host sends `ETag` and / or
//! `Last-Modified`, and the `304 Not Modified` decision (RFC 9110 §13.2.2).
//! Applied in `handle()` to every answer: small bodies of known length are
//! buffered (to be counted in [`super::Hit::bytes`] and tagged); streamed
//! ones pass untouched.

use axum::body::{Body, HttpBody};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;

use super::{
    DUP, DUP_BIG5, DUP_LAST_MODIFIED, GBK, PLAIN, PLAIN_LAST_MODIFIED, PLAIN_XXGK, TRS,
    TRS_LAST_MODIFIED,
};

/// Responses with a known length up to this size are buffered (for
/// [`super::Hit::bytes`] and the `ETag`); larger or streamed ones pass
/// untouched.
const BUFFER_LIMIT: u64 = 4 * 1024 * 1024;

/// The validators a host sends on GET 200 answers.
#[derive(Clone, Copy, Default)]
pub(crate) struct Validators {
    pub etag: bool,
    /// Sent unless the page set its own `Last-Modified`.
    pub last_modified: Option<&'static str>,
}

pub(crate) fn validators(host: &str) -> Validators {
    let (etag, last_modified) = match host {
        TRS => (true, Some(TRS_LAST_MODIFIED)),
        PLAIN | PLAIN_XXGK => (false, Some(PLAIN_LAST_MODIFIED)),
        GBK => (true, None),
        DUP | DUP_BIG5 => (true, Some(DUP_LAST_MODIFIED)),
        _ => (false, None),
    };
    Validators {
        etag,
        last_modified,
    }
}

/// The request's conditional headers.
pub(crate) struct Conditions<'a> {
    pub get: bool,
    pub if_none_match: Option<&'a str>,
    pub if_modified_since: Option<&'a str>,
}

/// Buffer a small body of known length (to count it and tag it), add the
/// host's validators to a GET 200 and turn it into a 304 when the request's
/// conditions say the client's copy is current. Returns the response and
/// the body bytes sent (0 when not buffered).
pub(crate) async fn finish(
    response: Response,
    v: Validators,
    c: &Conditions<'_>,
) -> (Response, usize) {
    let small = HttpBody::size_hint(response.body())
        .exact()
        .is_some_and(|n| n <= BUFFER_LIMIT);
    if !small {
        return (response, 0);
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    if c.get && parts.status == StatusCode::OK && (v.etag || v.last_modified.is_some()) {
        let etag = v
            .etag
            .then(|| format!("\"{}\"", &blake3::hash(&bytes).to_hex()[..16]));
        if let Some(tag) = etag.as_deref().and_then(|t| HeaderValue::from_str(t).ok()) {
            parts.headers.insert(header::ETAG, tag);
        }
        if let Some(lm) = v.last_modified {
            if !parts.headers.contains_key(header::LAST_MODIFIED) {
                parts
                    .headers
                    .insert(header::LAST_MODIFIED, HeaderValue::from_static(lm));
            }
        }
        let last_modified = parts
            .headers
            .get(header::LAST_MODIFIED)
            .and_then(|h| h.to_str().ok());
        if not_modified(c, etag.as_deref(), last_modified) {
            let mut r = Response::new(Body::empty());
            *r.status_mut() = StatusCode::NOT_MODIFIED;
            for name in [header::ETAG, header::LAST_MODIFIED] {
                if let Some(value) = parts.headers.get(&name) {
                    r.headers_mut().insert(name, value.clone());
                }
            }
            return (r, 0);
        }
    }
    let len = bytes.len();
    (Response::from_parts(parts, Body::from(bytes)), len)
}

/// RFC 9110 §13.2.2 for GET: `If-None-Match` (weak comparison) decides when
/// present; otherwise `If-Modified-Since` at or after `Last-Modified`.
fn not_modified(c: &Conditions<'_>, etag: Option<&str>, last_modified: Option<&str>) -> bool {
    let weakless = |t: &str| t.trim().trim_start_matches("W/").to_string();
    if let Some(list) = c.if_none_match {
        return list
            .split(',')
            .any(|t| t.trim() == "*" || etag.is_some_and(|e| weakless(t) == weakless(e)));
    }
    let parse = |s: &str| httpdate::parse_http_date(s.trim()).ok();
    match (
        c.if_modified_since.and_then(parse),
        last_modified.and_then(parse),
    ) {
        (Some(since), Some(modified)) => since >= modified,
        _ => false,
    }
}
