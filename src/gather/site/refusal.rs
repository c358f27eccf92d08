//! A response that is not the site's answer but its protection refusing the crawler: a CDN's or WAF's bot
//! challenge ("Just a moment…"), a block page, or a rate limit. Every visitor with a browser sees the page,
//! so such a response is "blocked", never a broken link, and a blocked start page leaves the site's
//! touchpoints not assessed instead of failed. Recognised by what the services publish and send: their
//! headers (`cf-mitigated: challenge`, `x-amzn-waf-action`, `x-datadome`, `x-sucuri-id`, `x-iinfo`), their
//! `Server` names and the first bytes of their challenge pages; a site's own 403 or 503 page is not one.

use reqwest::header::HeaderMap;

/// Bytes of a refused page's body searched for a challenge's marks.
pub(crate) const BODY_BYTES_READ: usize = 16 * 1024;
/// The longest `Retry-After` a 429 or 503 is waited for, in seconds; a longer one is taken as the answer.
pub(crate) const MAX_RETRY_AFTER_S: u64 = 30;
/// How many times one request is sent again after a 429 or 503 with `Retry-After`.
pub(crate) const MAX_RETRIES: u32 = 2;

/// A protection service: marks in its headers, `Server` names and challenge pages (lower case).
struct Service {
    name: &'static str,
    headers: &'static [&'static str],
    servers: &'static [&'static str],
    body: &'static [&'static str],
}

const SERVICES: &[Service] = &[
    Service {
        name: "Cloudflare",
        headers: &[],
        servers: &["cloudflare"],
        // Not `challenge-platform` or `__CF$cv$params`: Cloudflare's detection beacon puts them in every page it
        // serves, a site's own 403 and 503 pages too (peers who matched them flagged real pages).
        body: &[
            "_cf_chl_opt",
            "<title>just a moment...</title>",
            "cf-browser-verification",
            "cf-im-under-attack",
            "attention required! | cloudflare",
            "cf-error-details",
        ],
    },
    Service { name: "AWS WAF", headers: &["x-amzn-waf-action"], servers: &[], body: &["awswafintegration"] },
    Service { name: "DDoS-Guard", headers: &[], servers: &["ddos-guard"], body: &["ddos-guard"] },
    Service { name: "Qrator", headers: &[], servers: &["qrator"], body: &["qrator"] },
    Service {
        name: "Imperva",
        headers: &["x-iinfo"],
        servers: &[],
        body: &["incapsula incident id", "_incapsula_resource"],
    },
    Service {
        name: "Sucuri",
        headers: &["x-sucuri-id", "x-sucuri-block"],
        servers: &["sucuri"],
        body: &["sucuri website firewall"],
    },
    Service { name: "DataDome", headers: &["x-datadome"], servers: &["datadome"], body: &["captcha-delivery.com"] },
    Service {
        name: "Akamai",
        headers: &[],
        servers: &["akamaighost"],
        body: &["reference&#32;&#35;", "access denied"],
    },
    Service { name: "HUMAN", headers: &[], servers: &[], body: &["px-captcha", "_pxcaptcha"] },
    Service { name: "Variti", headers: &["x-variti-ccr"], servers: &["variti"], body: &["variti"] },
];

/// Who refused the crawler, if the response is a refusal: Cloudflare's `cf-mitigated: challenge` whatever the
/// status; otherwise a 401, 403, 405 or 503 that carries a service's header or comes from its server with
/// its challenge page; or a 429 (a rate limit, whoever sent it). `body` is the start of the body, if read.
pub(crate) fn refused_by(status: u16, headers: &HeaderMap, body: &[u8]) -> Option<&'static str> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    // Cloudflare marks every challenge response so (its documented way to detect one), and names the
    // challenge's own headers `cf-chl-…`.
    if header("cf-mitigated").is_some_and(|v| v.trim().eq_ignore_ascii_case("challenge"))
        || headers.keys().any(|name| name.as_str().starts_with("cf-chl"))
    {
        return Some("Cloudflare");
    }
    if header("x-amzn-waf-action").is_some_and(|v| matches!(v.trim(), "challenge" | "captcha" | "block")) {
        return Some("AWS WAF");
    }
    if status == 429 {
        return Some("rate limit (429)");
    }
    if !matches!(status, 401 | 403 | 405 | 503) {
        return None;
    }
    let server = header("server").unwrap_or("").to_ascii_lowercase();
    let head = String::from_utf8_lossy(&body[..body.len().min(BODY_BYTES_READ)]).to_lowercase();
    SERVICES
        .iter()
        .find(|s| {
            let by_header = s.headers.iter().any(|h| headers.contains_key(*h));
            let by_server = s.servers.iter().any(|n| server.contains(n));
            let by_page = s.body.iter().any(|mark| head.contains(mark));
            // A service's header marks its answer; its server name alone could be a site's own error page
            // sent through it, so the page must show the challenge too.
            by_header || (by_server && by_page) || (by_page && s.servers.is_empty())
        })
        .map(|s| s.name)
}

/// How long a 429 or 503 asks to wait (`Retry-After`: seconds, or an HTTP date), when it is within
/// [`MAX_RETRY_AFTER_S`]; `now` is the current time (the date form is relative to it).
pub(crate) fn retry_after(status: u16, headers: &HeaderMap, now: chrono::DateTime<chrono::Utc>) -> Option<u64> {
    if !matches!(status, 429 | 503) {
        return None;
    }
    asked_wait(headers, now).filter(|seconds| *seconds <= MAX_RETRY_AFTER_S)
}

/// The wait a `Retry-After` header asks for, in seconds, however long (seconds, or an HTTP date relative to
/// `now`).
pub(crate) fn asked_wait(headers: &HeaderMap, now: chrono::DateTime<chrono::Utc>) -> Option<u64> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    match value.parse::<u64>() {
        Ok(seconds) => Some(seconds),
        Err(_) => {
            let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
            u64::try_from((at.with_timezone(&chrono::Utc) - now).num_seconds().max(0)).ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn challenges_and_block_pages_are_refusals_and_a_sites_own_errors_are_not() {
        let challenge = b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>\
            <script src=\"/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1\"></script></body></html>";
        let cf = headers(&[("server", "cloudflare"), ("cf-ray", "8f1c2a3b4c5d6e7f-AMS")]);
        assert_eq!(refused_by(403, &cf, challenge), Some("Cloudflare"));
        assert_eq!(refused_by(503, &cf, challenge), Some("Cloudflare"));
        assert_eq!(refused_by(200, &headers(&[("cf-mitigated", "challenge")]), b""), Some("Cloudflare"));
        // The site's own 403 page, served through Cloudflare, is the site's answer, beacon and all.
        assert_eq!(refused_by(403, &cf, b"<h1>Members only</h1>"), None);
        let beacon = b"<h1>Down for maintenance</h1><script>(function(){window.__CF$cv$params={r:'8f1c'};\
            a.src='/cdn-cgi/challenge-platform/scripts/jsd/main.js';})();</script>";
        assert_eq!(refused_by(503, &cf, beacon), None);
        assert_eq!(refused_by(403, &headers(&[("cf-chl-out", "AAAA1111")]), b""), Some("Cloudflare"));
        assert_eq!(refused_by(404, &cf, challenge), None);
        assert_eq!(refused_by(202, &headers(&[("x-amzn-waf-action", "challenge")]), b""), Some("AWS WAF"));
        assert_eq!(refused_by(403, &headers(&[("server", "ddos-guard")]), b"DDoS-Guard"), Some("DDoS-Guard"));
        assert_eq!(refused_by(403, &headers(&[("x-iinfo", "10-2-3")]), b""), Some("Imperva"));
        assert_eq!(refused_by(403, &headers(&[("x-datadome", "protected")]), b""), Some("DataDome"));
        assert_eq!(refused_by(429, &HeaderMap::new(), b""), Some("rate limit (429)"));
        assert_eq!(refused_by(403, &HeaderMap::new(), b"<h1>Forbidden</h1>"), None);
        assert_eq!(refused_by(503, &headers(&[("server", "nginx")]), b"Maintenance"), None);
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date_within_the_bound() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-06T10:00:00Z").unwrap().with_timezone(&chrono::Utc);
        assert_eq!(retry_after(429, &headers(&[("retry-after", "3")]), now), Some(3));
        assert_eq!(retry_after(503, &headers(&[("retry-after", "Sun, 06 Dec 2026 10:00:05 GMT")]), now), Some(5));
        assert_eq!(retry_after(429, &headers(&[("retry-after", "3600")]), now), None, "beyond the bound");
        assert_eq!(retry_after(200, &headers(&[("retry-after", "3")]), now), None);
        assert_eq!(retry_after(429, &HeaderMap::new(), now), None);
    }
}
