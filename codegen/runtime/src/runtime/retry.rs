//! When a failed attempt is tried again and how long the client waits first: the retry
//! policy, its backoff and the server's `Retry-After` hints.

use super::client::OperationMeta;
use super::response::header_str;
use reqwest::header::HeaderMap;
use std::time::Duration;

/// Retry policy with exponential backoff and full jitter.
///
/// `max_attempts` counts every attempt, including the first. Between attempts
/// the client sleeps a random time between zero and
/// `min(max_backoff, initial_backoff * 2^n)`, unless the server sent a
/// `Retry-After` or `X-RateLimit-Retry-After` hint, in which case it sleeps
/// exactly the hinted time. No retry starts once `max_elapsed` has passed, and
/// a wait that would end after it stops the retries instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total number of attempts, including the first one.
    pub max_attempts: u32,
    /// The upper bound of the first backoff.
    pub initial_backoff: Duration,
    /// The largest backoff between two attempts when the server gave no hint.
    pub max_backoff: Duration,
    /// The time budget for all attempts and waits together.
    pub max_elapsed: Duration,
}

impl RetryPolicy {
    /// A policy that makes a single attempt.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The random backoff before retry number `retry` (starting at 0).
    fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32 << retry.min(30);
        let cap = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        let cap_nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=cap_nanos))
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_elapsed: Duration::from_secs(30),
        }
    }
}

/// When retries apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryMode {
    /// The policy applies only to operations marked idempotent (the default).
    IdempotentOnly(RetryPolicy),
    /// The policy applies to every operation.
    Always(RetryPolicy),
    /// Every request is sent once.
    Never,
}

impl RetryMode {
    /// The policy that applies to the given operation, if any.
    pub fn policy_for(&self, op: &OperationMeta) -> Option<RetryPolicy> {
        match self {
            RetryMode::IdempotentOnly(p) if op.idempotent => Some(*p),
            RetryMode::Always(p) => Some(*p),
            _ => None,
        }
    }
}

impl Default for RetryMode {
    fn default() -> Self {
        RetryMode::IdempotentOnly(RetryPolicy::default())
    }
}

/// The wait before the next attempt, or `None` when the budget is exhausted.
pub(super) fn next_wait(
    policy: &RetryPolicy,
    attempt: u32,
    started: tokio::time::Instant,
    hint: Option<Duration>,
) -> Option<Duration> {
    let remaining = policy.max_elapsed.checked_sub(started.elapsed())?;
    let wait = hint.unwrap_or_else(|| policy.backoff(attempt.saturating_sub(1)));
    (wait <= remaining).then_some(wait)
}

/// Parses delta seconds, an HTTP date or (when `allow_rfc3339`) an RFC 3339
/// time into a wait. Large integers in the rate-limit header are Unix times.
fn parse_wait(value: &str, allow_rfc3339: bool) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        if allow_rfc3339 && seconds >= 1_000_000_000 {
            let now = u64::try_from(chrono::Utc::now().timestamp()).unwrap_or(0);
            return Some(Duration::from_secs(seconds.saturating_sub(now)));
        }
        return Some(Duration::from_secs(seconds));
    }
    if let Ok(seconds) = value.parse::<f64>() {
        return Duration::try_from_secs_f64(seconds).ok();
    }
    let at = chrono::DateTime::parse_from_rfc2822(value)
        .ok()
        .or_else(|| {
            if allow_rfc3339 {
                chrono::DateTime::parse_from_rfc3339(value).ok()
            } else {
                None
            }
        })
        .map(|t| t.with_timezone(&chrono::Utc))
        .or_else(|| {
            chrono::NaiveDateTime::parse_from_str(value, "%a %b %e %H:%M:%S %Y")
                .ok()
                .map(|t| t.and_utc())
        })?;
    Some((at - chrono::Utc::now()).to_std().unwrap_or(Duration::ZERO))
}

/// The server's retry hint from `Retry-After` or `X-RateLimit-Retry-After`.
pub(super) fn retry_hint(headers: &HeaderMap) -> Option<Duration> {
    header_str(headers, "retry-after")
        .and_then(|v| parse_wait(v, false))
        .or_else(|| {
            header_str(headers, "x-ratelimit-retry-after").and_then(|v| parse_wait(v, true))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 5,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(250),
            max_elapsed: Duration::from_secs(10),
        }
    }

    #[test]
    fn backoff_is_jittered_below_a_doubling_capped_bound() {
        let p = policy();
        for _ in 0..200 {
            assert!(p.backoff(0) <= Duration::from_millis(100));
            assert!(p.backoff(1) <= Duration::from_millis(200));
            assert!(p.backoff(2) <= Duration::from_millis(250));
            // Shifts past the width of the factor must neither panic nor overflow.
            assert!(p.backoff(u32::MAX) <= Duration::from_millis(250));
        }
        let waits: Vec<Duration> = (0..50).map(|_| p.backoff(3)).collect();
        assert!(
            waits.iter().any(|w| *w != waits[0]),
            "the backoff is random: {waits:?}"
        );
        let huge = RetryPolicy {
            initial_backoff: Duration::MAX,
            max_backoff: Duration::MAX,
            ..p
        };
        let _ = huge.backoff(40);
    }

    #[test]
    fn retries_apply_to_idempotent_operations_by_default() {
        let get = OperationMeta {
            operation_id: "get",
            method: "GET",
            path: "/",
            idempotent: true,
            security: &[],
        };
        let post = OperationMeta {
            idempotent: false,
            method: "POST",
            ..get
        };
        let mode = RetryMode::default();
        assert_eq!(mode.policy_for(&get), Some(RetryPolicy::default()));
        assert_eq!(mode.policy_for(&post), None);
        assert_eq!(
            RetryMode::Always(policy()).policy_for(&post),
            Some(policy())
        );
        assert_eq!(RetryMode::Never.policy_for(&get), None);
        assert_eq!(RetryPolicy::none().max_attempts, 1);
    }

    #[test]
    fn waits_take_the_hint_and_stay_within_the_budget() {
        let p = policy();
        let now = tokio::time::Instant::now();
        let hint = Some(Duration::from_secs(3));
        assert_eq!(next_wait(&p, 1, now, hint), hint);
        assert!(next_wait(&p, 1, now, None).is_some_and(|w| w <= p.initial_backoff));
        // A hint beyond the remaining budget ends the retries instead of sleeping past it.
        assert_eq!(next_wait(&p, 1, now, Some(Duration::from_secs(11))), None);
        let spent = RetryPolicy {
            max_elapsed: Duration::ZERO,
            ..p
        };
        let earlier = now.checked_sub(Duration::from_millis(5)).unwrap_or(now);
        assert_eq!(next_wait(&spent, 1, earlier, None), None);
    }

    #[test]
    fn retry_after_is_delta_seconds_or_an_http_date() {
        assert_eq!(parse_wait("120", false), Some(Duration::from_secs(120)));
        assert_eq!(parse_wait(" 7 ", false), Some(Duration::from_secs(7)));
        assert_eq!(parse_wait("1.5", false), Some(Duration::from_millis(1500)));
        assert_eq!(parse_wait("-1", false), None);
        assert_eq!(parse_wait("soon", false), None);
        // Dates in the past mean "now".
        assert_eq!(
            parse_wait("Wed, 21 Oct 2015 07:28:00 GMT", false),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_wait("Wed Oct 21 07:28:00 2015", false),
            Some(Duration::ZERO)
        );
        let later = chrono::Utc::now() + chrono::Duration::seconds(100);
        let wait = parse_wait(&later.to_rfc2822(), false).expect("an HTTP date");
        assert!(
            wait > Duration::from_secs(95) && wait <= Duration::from_secs(100),
            "{wait:?}"
        );
        // RFC 3339 times are read only from the rate limit header.
        assert_eq!(parse_wait(&later.to_rfc3339(), false), None);
        assert!(parse_wait(&later.to_rfc3339(), true).is_some());
    }

    #[test]
    fn rate_limit_hints_may_be_unix_times() {
        let at = chrono::Utc::now().timestamp() + 60;
        let wait = parse_wait(&at.to_string(), true).expect("a Unix time");
        assert!(
            wait > Duration::from_secs(55) && wait <= Duration::from_secs(60),
            "{wait:?}"
        );
        // In `Retry-After` the same number is a (long) delay in seconds.
        assert_eq!(
            parse_wait(&at.to_string(), false),
            u64::try_from(at).ok().map(Duration::from_secs)
        );
    }

    #[test]
    fn retry_after_comes_before_the_rate_limit_header() {
        let mut headers = HeaderMap::new();
        assert_eq!(retry_hint(&headers), None);
        headers.insert("x-ratelimit-retry-after", HeaderValue::from_static("4"));
        assert_eq!(retry_hint(&headers), Some(Duration::from_secs(4)));
        headers.insert("retry-after", HeaderValue::from_static("2"));
        assert_eq!(retry_hint(&headers), Some(Duration::from_secs(2)));
        headers.insert("retry-after", HeaderValue::from_static("garbage"));
        assert_eq!(retry_hint(&headers), Some(Duration::from_secs(4)));
    }
}
