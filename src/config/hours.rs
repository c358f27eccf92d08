//! Opening hours as people write them: day names or ranges ("Mon-Sat", "пн–пт", "daily", "24/7") next to time
//! ranges ("7am-6pm", "9:00–18:00", "с 9 до 18"). The words come from `[hours]` in checklists/keywords.toml
//! (an audit can extend them); only the shape of a time is in code.

use regex::Regex;

/// How far apart (in characters of visible text) a day word and a time range may stand and still read as one
/// statement of hours ("Mon–Fri: 9:00–18:00", "9am to 5pm, Monday to Friday").
pub(crate) const MAX_GAP_CHARS: usize = 40;

/// The word lists of `[hours]`.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoursWords {
    /// Day names and their abbreviations ("mon", "monday", "пн", "понедельник").
    #[serde(default)]
    pub days: Vec<String>,
    /// Phrases for every day ("daily", "every day", "ежедневно", "без выходных").
    #[serde(default)]
    pub every_day: Vec<String>,
    /// Phrases that state hours on their own ("24/7", "open 24 hours", "круглосуточно").
    #[serde(default)]
    pub always_open: Vec<String>,
    /// Words that open a time range ("from", "с").
    #[serde(default)]
    pub from: Vec<String>,
    /// Words that join the two ends of a range ("to", "until", "till", "до", "по").
    #[serde(default)]
    pub to: Vec<String>,
}

/// A compiled detector.
#[derive(Debug, Clone)]
pub struct HoursDetector {
    days: Option<Regex>,
    times: Regex,
    always: Option<Regex>,
}

fn alternatives(words: &[String]) -> String {
    let mut words: Vec<&String> = words.iter().filter(|w| !w.trim().is_empty()).collect();
    // Longest first, so "monday" wins over "mon".
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    words.iter().map(|w| regex::escape(&w.to_lowercase())).collect::<Vec<_>>().join("|")
}

impl HoursDetector {
    pub fn new(words: &HoursWords) -> Result<Self, String> {
        let dash = r"\s*(?:[-–—‑]|\.\.)\s*";
        let joiner = if words.to.is_empty() {
            format!("(?:{dash})")
        } else {
            format!(r"(?:{dash}|\s+(?:{})\s+)", alternatives(&words.to))
        };
        let day = alternatives(&words.days);
        let every = alternatives(&words.every_day);
        let days = match (day.is_empty(), every.is_empty()) {
            (true, true) => None,
            _ => {
                let mut parts = Vec::new();
                if !day.is_empty() {
                    parts.push(format!(r"\b(?:{day})\b\.?(?:{joiner}(?:{day})\b\.?)?"));
                }
                if !every.is_empty() {
                    parts.push(format!(r"\b(?:{every})\b"));
                }
                Some(Regex::new(&parts.join("|")).map_err(|e| e.to_string())?)
            }
        };
        let time = r"(?:[01]?\d|2[0-4])(?:[:.][0-5]\d)?\s*(?:a\.?m\.?|p\.?m\.?)?";
        let from = if words.from.is_empty() {
            String::new()
        } else {
            format!(r"|\b(?:{})\s+{time}\s+(?:{})\s+{time}", alternatives(&words.from), alternatives(&words.to))
        };
        // A range needs a colon, am/pm or a "from" word somewhere, so "2019-2024" or "1-2 stars" is no time.
        let clock = r"(?:[01]?\d|2[0-4])(?:[:.][0-5]\d\s*(?:a\.?m\.?|p\.?m\.?)?|\s*(?:a\.?m\.?|p\.?m\.?))";
        let times = Regex::new(&format!(
            r"(?:\b{clock}{joiner}{time}\b|\b{time}{joiner}{clock}(?:\b|\s|$)|\b(?:[01]?\d|2[0-4]){dash}(?:[01]?\d|2[0-4])\s*(?:h|ч|hrs)\b{from})"
        ))
        .map_err(|e| e.to_string())?;
        let always = alternatives(&words.always_open);
        let always = (!always.is_empty()).then(|| Regex::new(&always)).transpose().map_err(|e| e.to_string())?;
        Ok(HoursDetector { days, times, always })
    }

    /// Whether `lowercase_text` states opening hours: a day word or range within [`MAX_GAP_CHARS`] of a time
    /// range (either way round), or an always-open phrase.
    pub fn states_hours(&self, lowercase_text: &str) -> bool {
        if self.always.as_ref().is_some_and(|a| a.is_match(lowercase_text)) {
            return true;
        }
        let Some(days) = &self.days else { return false };
        // Time ranges are rarer than day words ("we" is one): look for them first.
        let times: Vec<(usize, usize)> = self.times.find_iter(lowercase_text).map(|m| (m.start(), m.end())).collect();
        if times.is_empty() {
            return false;
        }
        let day_spans: Vec<(usize, usize)> = days.find_iter(lowercase_text).map(|m| (m.start(), m.end())).collect();
        times.into_iter().any(|(time_start, time_end)| {
            day_spans.iter().any(|&(start, end)| {
                let gap = if end <= time_start {
                    lowercase_text[end..time_start].chars().count()
                } else if time_end <= start {
                    lowercase_text[time_end..start].chars().count()
                } else {
                    0
                };
                gap <= MAX_GAP_CHARS
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detector() -> HoursDetector {
        let keywords = super::super::keywords::Keywords::builtin().unwrap();
        keywords.hours.clone()
    }

    #[test]
    fn reads_hours_as_people_write_them() {
        let d = detector();
        for text in [
            "Open Mon-Sat 7am-6pm, Sun 8am-2pm",
            "Mo–Fr 9:00–18:00",
            "Monday to Friday: 9 a.m. to 5 p.m.",
            "9am - 5pm, Monday - Friday",
            "We are open daily from 8 to 20",
            "Часы работы: пн–пт с 9:00 до 18:00",
            "пн-сб 10.00-19.00, вс выходной",
            "Ежедневно с 9 до 21",
            "Работаем круглосуточно",
            "Open 24/7",
            "Tue–Sun 11:00-22:00",
        ] {
            assert!(d.states_hours(&text.to_lowercase()), "{text}");
        }
    }

    #[test]
    fn dates_prices_and_ratings_are_not_hours() {
        let d = detector();
        for text in [
            "Founded in 2019-2024 by Anna",
            "Call us on Monday about your 1-2 star review",
            "Prices from 10 to 20 dollars",
            "Our team: Monica, Suzanne",
            "Posted 12.10.2026",
        ] {
            assert!(!d.states_hours(&text.to_lowercase()), "{text}");
        }
    }
}
