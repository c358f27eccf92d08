//! Reading the values review exports write in many ways: ratings (`"FOUR"`, `4`, `4.0`, `"8/10"`, `"4 stars"`)
//! and dates (RFC 3339 with or without offset, plain dates, `dd.mm.yyyy`, `mm/dd/yyyy`, Unix time stamps).

use crate::i18n::Text;
use crate::msg;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// A rating normalised to 1-5 stars, with the value as the source wrote it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rating {
    pub stars: f64,
    pub original: String,
}

impl Rating {
    /// The original text, unless it is just the number of stars (kept only where it says more).
    pub(crate) fn unusual_text(&self) -> Option<Box<str>> {
        (self.original != crate::i18n::fmt_num(self.stars)).then(|| self.original.as_str().into())
    }
}

const WORDS: [(&str, f64); 5] = [("ONE", 1.0), ("TWO", 2.0), ("THREE", 3.0), ("FOUR", 4.0), ("FIVE", 5.0)];

/// Reads a rating on `scale` (5 or 10 unless the value says "x/y"), normalised proportionally to 5 stars
/// (8/10 is 4 stars); below 1 star after normalising counts as 1 (a 1/10 is as bad as it gets).
pub(crate) use crate::config::sources::{MAX_SCALE, MIN_SCALE};

pub(crate) fn rating(raw: &str, scale: f64) -> Result<Rating, Text> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(msg!("in-no-rating"));
    }
    if text.starts_with(|c: char| c.is_ascii_alphabetic()) {
        let upper = text.to_ascii_uppercase();
        let word = upper.strip_prefix("STAR_RATING_").unwrap_or(&upper);
        if let Some((_, stars)) = WORDS.iter().find(|(w, _)| *w == word) {
            return Ok(Rating { stars: *stars, original: text.to_string() });
        }
    }
    let not_a_rating = || msg!("in-not-a-rating", text = text);
    let (value, scale) = match text.split_once('/') {
        Some((value, of)) => (number(value).ok_or_else(not_a_rating)?, number(of).ok_or_else(not_a_rating)?),
        None => {
            let digits = text.trim_end_matches(|c: char| c.is_alphabetic() || c.is_whitespace());
            (number(digits).ok_or_else(not_a_rating)?, scale)
        }
    };
    if !(MIN_SCALE..=MAX_SCALE).contains(&scale) {
        return Err(msg!("in-rating-bad-scale", text = text, scale = crate::config::show_number(scale)));
    }
    if !(0.0..=scale).contains(&value) {
        return Err(msg!("in-rating-outside", text = text, scale = scale));
    }
    let stars = (value / scale * 5.0).clamp(1.0, 5.0);
    Ok(Rating { stars, original: text.to_string() })
}

fn number(text: &str) -> Option<f64> {
    let text = text.trim();
    let value = match text.parse::<f64>() {
        Ok(value) => value,
        Err(_) if text.contains(',') => text.replace(',', ".").parse::<f64>().ok()?,
        Err(_) => return None,
    };
    value.is_finite().then_some(value)
}

/// Date-time formats tried after RFC 3339 and RFC 2822, all read as UTC.
const NAIVE_DATE_TIMES: &[&str] = &[
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
];
const NAIVE_DATES: &[&str] = &["%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y", "%Y/%m/%d"];

/// Reads a time stamp. Offsets are honoured and converted to UTC; a time without an offset, or a bare date
/// (taken as noon, so it stays on its day in any time zone), is read as UTC. Numbers are Unix seconds or
/// milliseconds.
pub(crate) fn datetime(raw: &str) -> Result<DateTime<Utc>, Text> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(msg!("in-no-date"));
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(t) = DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f %z") {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(text) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(seconds) = text.parse::<i64>() {
        // Milliseconds when the number is too large to be seconds of this era.
        let t = if seconds > 100_000_000_000 {
            DateTime::from_timestamp_millis(seconds)
        } else {
            DateTime::from_timestamp(seconds, 0)
        };
        return t.ok_or_else(|| msg!("in-not-a-timestamp", text = text));
    }
    let trimmed = text.trim_end_matches(" UTC").trim_end_matches('Z');
    for format in NAIVE_DATE_TIMES {
        if let Ok(t) = NaiveDateTime::parse_from_str(trimmed, format) {
            return Ok(t.and_utc());
        }
    }
    for format in NAIVE_DATES {
        if let Ok(d) = NaiveDate::parse_from_str(trimmed, format)
            && let Some(noon) = d.and_hms_opt(12, 0, 0)
        {
            return Ok(noon.and_utc());
        }
    }
    Err(msg!("in-not-a-date", text = text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rating(raw: &str, scale: f64) -> Result<Rating, Text> {
        super::rating(raw, scale)
    }

    fn datetime(raw: &str) -> Result<DateTime<Utc>, Text> {
        super::datetime(raw)
    }

    #[test]
    fn a_scale_that_is_no_rating_scale_says_so() {
        for scale in [1e-300, 0.0, -5.0, f64::NAN, 1e300] {
            let error = rating("4", scale).unwrap_err();
            assert!(error.contains("which is no rating scale (1 to 100)"), "{scale}: {error}");
        }
    }

    #[test]
    fn ratings_in_every_shape() {
        for (raw, stars) in
            [("FOUR", 4.0), ("4", 4.0), ("4.0", 4.0), ("8/10", 4.0), (" 5 ", 5.0), ("4,5", 4.5), ("3 stars", 3.0)]
        {
            assert_eq!(rating(raw, 5.0).unwrap().stars, stars, "{raw}");
        }
        assert_eq!(rating("STAR_RATING_TWO", 5.0).unwrap().stars, 2.0);
        assert_eq!(rating("8", 10.0).unwrap().stars, 4.0);
        assert_eq!(rating("1", 10.0).unwrap().stars, 1.0, "clamped to one star");
        assert_eq!(rating("8/10", 5.0).unwrap().original, "8/10");
        assert!(rating("6", 5.0).unwrap_err().contains("outside 0-5"));
        assert!(rating("-1", 5.0).is_err());
        assert!(rating("great", 5.0).is_err());
        assert!(rating("", 5.0).is_err());
        assert!(rating("NaN", 5.0).is_err());
    }

    #[test]
    fn dates_with_zones_are_converted_to_utc() {
        let utc = |s: &str| datetime(s).unwrap().to_rfc3339();
        assert_eq!(utc("2026-10-31T23:30:00-05:00"), "2026-11-01T04:30:00+00:00");
        assert_eq!(utc("2026-10-01T10:00:00.123Z"), "2026-10-01T10:00:00.123+00:00");
        assert_eq!(utc("2026-10-01 10:00:00"), "2026-10-01T10:00:00+00:00");
        assert_eq!(utc("10/23/2025 14:05:12"), "2025-10-23T14:05:12+00:00");
        assert_eq!(utc("23.10.2025"), "2025-10-23T12:00:00+00:00");
        assert_eq!(utc("2025-10-23"), "2025-10-23T12:00:00+00:00");
        assert_eq!(utc("Thu, 23 Oct 2025 14:05:12 +0300"), "2025-10-23T11:05:12+00:00");
        assert_eq!(utc("1761228312"), "2025-10-23T14:05:12+00:00");
        assert_eq!(utc("1761228312000"), "2025-10-23T14:05:12+00:00");
        assert!(datetime("yesterday").unwrap_err().contains("not a date"));
        assert!(datetime("31.02.2025").is_err());
    }
}
