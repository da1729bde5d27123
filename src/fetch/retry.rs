//! Retry policy: which answers deserve another try, and when.
//!
//! In: a status, a `Retry-After` header, an attempt number. Out: a delay.
//! Never: retry without bound (the caller counts attempts against
//! `retry.max_attempts`), or wait longer than `retry.max_delay_secs`,
//! whatever a server's Retry-After asks.

use std::time::{Duration, SystemTime};

/// 429 and 5xx may pass; everything else is an answer.
pub fn is_retryable_status(status: u16) -> bool {
    status == 429 || (500..=599).contains(&status) && status != 501
}

/// Parse `Retry-After`: delta-seconds or an HTTP date (relative to `now`).
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = v.parse::<f64>() {
        if secs.is_finite() && secs >= 0.0 {
            return Some(Duration::from_secs_f64(secs.min(1e9)));
        }
    }
    let when = httpdate::parse_http_date(v).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Exponential backoff for attempt `attempt` (1 = the first retry):
/// `base * 2^(attempt-1)`, scaled by `jitter` in [0.5, 1.5), capped at `max`.
pub fn backoff(attempt: u32, base: Duration, max: Duration, jitter: f64) -> Duration {
    let exp = 2f64.powi(attempt.saturating_sub(1).min(30) as i32);
    let j = jitter.clamp(0.5, 1.5);
    let secs = (base.as_secs_f64() * exp * j).min(max.as_secs_f64());
    Duration::from_secs_f64(secs.max(0.0))
}

/// The wait before the next try: the server's Retry-After when it gave one
/// (never less than the backoff), else the backoff; capped at `max`.
pub fn next_delay(
    attempt: u32,
    retry_after: Option<Duration>,
    base: Duration,
    max: Duration,
    jitter: f64,
) -> Duration {
    let b = backoff(attempt, base, max, jitter);
    match retry_after {
        Some(ra) => ra.max(b).min(max),
        None => b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        for s in [429, 500, 502, 503, 504, 599] {
            assert!(is_retryable_status(s), "{s}");
        }
        for s in [200, 301, 304, 400, 403, 404, 410, 412, 501] {
            assert!(!is_retryable_status(s), "{s}");
        }
    }

    #[test]
    fn retry_after_forms() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 3 ", now), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
    }

    #[test]
    fn backoff_grows_and_caps() {
        let base = Duration::from_secs(2);
        let max = Duration::from_secs(60);
        assert_eq!(backoff(1, base, max, 1.0), Duration::from_secs(2));
        assert_eq!(backoff(2, base, max, 1.0), Duration::from_secs(4));
        assert_eq!(backoff(3, base, max, 1.0), Duration::from_secs(8));
        assert_eq!(backoff(3, base, max, 0.5), Duration::from_secs(4));
        assert_eq!(backoff(20, base, max, 1.4), max);
        assert_eq!(backoff(u32::MAX, base, max, 1.0), max);
    }

    #[test]
    fn retry_after_is_honoured_but_capped() {
        let base = Duration::from_secs(1);
        let max = Duration::from_secs(300);
        assert_eq!(
            next_delay(1, Some(Duration::from_secs(30)), base, max, 1.0),
            Duration::from_secs(30)
        );
        assert_eq!(
            next_delay(1, Some(Duration::from_secs(86_400)), base, max, 1.0),
            max
        );
        assert_eq!(
            next_delay(3, Some(Duration::ZERO), base, max, 1.0),
            Duration::from_secs(4)
        );
    }
}
