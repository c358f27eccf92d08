//! Opening hours as weekly intervals, read from the forms sources state them in: schema.org `openingHours`
//! ("Mo-Fr 08:00-19:00, Sa 09:00-14:00", also what `[business] hours` takes), schema.org
//! `openingHoursSpecification`, Google's day rows as scrapers export them ("Monday": "8 AM to 7 PM",
//! "Closed", "Open 24 hours"), the Business Profile `regularHours.periods` and 2GIS `schedule`. Two sources
//! agree when their intervals are the same, however they wrote them.

use std::fmt;

use serde_json::Value;

/// Minutes in a day; a closing time of 24:00 is 1440.
const DAY: u16 = 24 * 60;

/// schema.org's two-letter day codes, Monday first (also how [`WeeklyHours`] prints).
const CODES: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

/// The open intervals of each day of the week, Monday first, in minutes from midnight, sorted and merged;
/// a day without intervals is closed. An interval past midnight ends after 1440 on the day it opens.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct WeeklyHours([Vec<(u16, u16)>; 7]);

impl WeeklyHours {
    pub(crate) fn is_empty(&self) -> bool {
        self.0.iter().all(Vec::is_empty)
    }

    fn add(&mut self, day: usize, open: u16, close: u16) {
        let close = if close <= open { close + DAY } else { close };
        self.0[day].push((open, close));
    }

    fn normalised(mut self) -> Self {
        for day in &mut self.0 {
            day.sort_unstable();
            let mut merged: Vec<(u16, u16)> = Vec::with_capacity(day.len());
            for &(open, close) in day.iter() {
                match merged.last_mut() {
                    Some(last) if open <= last.1 => last.1 = last.1.max(close),
                    _ => merged.push((open, close)),
                }
            }
            *day = merged;
        }
        self
    }

    /// schema.org `openingHours` text: groups of days ("Mo-Fr", "Mo,We", "Sa") each followed by one or more
    /// time ranges ("08:00-19:00"); groups separated by commas, semicolons or spaces. A group of days with
    /// no time is open all day ("Mo-Su"). `Err` names what could not be read.
    pub(crate) fn parse_schema_org(text: &str) -> Result<Self, String> {
        let mut hours = WeeklyHours::default();
        let mut days: Vec<usize> = Vec::new();
        let mut timed = false;
        // "09:00 – 18:00" and "Mo - Fr" are one token each, as "09:00-18:00" and "Mo-Fr".
        let text = text.replace(['–', '—'], "-");
        let text = text.split('-').map(str::trim).collect::<Vec<_>>().join("-");
        let tokens = text.split(|c: char| c.is_whitespace() || c == ',' || c == ';').filter(|t| !t.is_empty());
        for token in tokens {
            if let Some((open, close)) = time_range(token) {
                if days.is_empty() {
                    return Err(format!("`{token}` has no days before it (write \"Mo-Fr {token}\")"));
                }
                for &d in &days {
                    hours.add(d, open, close);
                }
                timed = true;
            } else if let Some(group) = day_group(token) {
                // Days in a row belong together ("Mo,We 09:00-17:00"); days after a time start a new group.
                if timed {
                    days.clear();
                    timed = false;
                }
                days.extend(group);
            } else {
                return Err(format!("`{token}` is neither days like \"Mo-Fr\" nor a time range like \"09:00-18:00\""));
            }
        }
        if !timed {
            // Days with no time after them are open all day ("Mo-Su").
            for &d in &days {
                hours.add(d, 0, DAY);
            }
        }
        if hours.is_empty() {
            return Err("no days and times in it (write it like \"Mo-Fr 09:00-18:00, Sa 10:00-14:00\")".into());
        }
        Ok(hours.normalised())
    }

    /// schema.org `openingHours` (text or a list of texts) or `openingHoursSpecification` (one object or a
    /// list: `dayOfWeek` as "Monday" or "https://schema.org/Monday", or a list; `opens`, `closes`).
    pub(crate) fn from_structured(opening_hours: Option<&Value>, specification: Option<&Value>) -> Option<Self> {
        if let Some(spec) = specification {
            let mut hours = WeeklyHours::default();
            for item in one_or_many(spec) {
                let days: Vec<usize> =
                    one_or_many(item.get("dayOfWeek")?).iter().filter_map(|d| day_name(d.as_str()?)).collect();
                let time = |key: &str| clock(item.get(key)?.as_str()?);
                let (Some(open), Some(close)) = (time("opens"), time("closes")) else { continue };
                for d in days {
                    hours.add(d, open, close);
                }
            }
            if !hours.is_empty() {
                return Some(hours.normalised());
            }
        }
        let text = match opening_hours? {
            Value::String(s) => s.clone(),
            Value::Array(items) => items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "),
            _ => return None,
        };
        Self::parse_schema_org(&text).ok()
    }

    /// Google's hours as scrapers export them: one row per day (Apify's `openingHours`: `[{"day":
    /// "Monday", "hours": "8 AM to 7 PM"}]`; Outscraper's `working_hours`: `{"Monday": "8AM-7PM"}`).
    /// "Closed", "Open 24 hours", several ranges ("9 AM to 12 PM, 1 to 5 PM"), 24-hour clocks too.
    pub(crate) fn from_google_days(value: &Value) -> Option<Self> {
        let rows: Vec<(String, String)> = match value {
            Value::Array(items) => items
                .iter()
                .filter_map(|i| Some((i.get("day")?.as_str()?.to_string(), text_of(i.get("hours")?)?)))
                .collect(),
            Value::Object(map) => map.iter().filter_map(|(day, h)| Some((day.clone(), text_of(h)?))).collect(),
            _ => return None,
        };
        let mut hours = WeeklyHours::default();
        let mut read = 0;
        for (day, text) in rows {
            // "Monday (Labor Day)": the day's first word; "9 AM to 6 PM (Hours might differ)": the hours
            // without the note.
            let day = day.split(|c: char| !c.is_alphabetic()).find(|w| !w.is_empty()).unwrap_or("");
            let Some(d) = day_name(day) else { continue };
            let text = without_notes(&text);
            let lower = text.to_lowercase();
            if says_closed(&lower) {
                read += 1;
            } else if says_all_day(&lower) {
                hours.add(d, 0, DAY);
                read += 1;
            } else {
                let ranges = twelve_hour_ranges(&text)?;
                for (open, close) in ranges {
                    hours.add(d, open, close);
                }
                read += 1;
            }
        }
        (read > 0).then(|| hours.normalised())
    }

    /// The Business Profile's `regularHours.periods`: `openDay`, `openTime {hours, minutes}`, `closeDay`,
    /// `closeTime` (a missing field is 0; `closeTime.hours` 24 is midnight).
    pub(crate) fn from_gbp_periods(periods: &Value) -> Option<Self> {
        const DAYS: [&str; 7] = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];
        let mut hours = WeeklyHours::default();
        for period in periods.as_array()? {
            let day = DAYS.iter().position(|d| Some(*d) == period.get("openDay").and_then(Value::as_str))?;
            let time = |key: &str| {
                let t = period.get(key)?;
                let part = |k: &str| t.get(k).and_then(Value::as_u64).unwrap_or(0);
                u16::try_from(part("hours") * 60 + part("minutes")).ok().filter(|m| *m <= DAY)
            };
            hours.add(day, time("openTime")?, time("closeTime")?);
        }
        (!hours.is_empty()).then(|| hours.normalised())
    }

    /// 2GIS `schedule`: `{"Mon": {"working_hours": [{"from": "09:00", "to": "21:00"}]}, …}`, or
    /// `"is_24x7": true`.
    pub(crate) fn from_2gis_schedule(schedule: &Value) -> Option<Self> {
        const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        let mut hours = WeeklyHours::default();
        if schedule.get("is_24x7").and_then(Value::as_bool) == Some(true) {
            for d in 0..7 {
                hours.add(d, 0, DAY);
            }
            return Some(hours);
        }
        for (d, key) in DAYS.iter().enumerate() {
            for range in
                schedule.pointer(&format!("/{key}/working_hours")).and_then(Value::as_array).into_iter().flatten()
            {
                let time = |k: &str| clock(range.get(k)?.as_str()?);
                if let (Some(open), Some(close)) = (time("from"), time("to")) {
                    hours.add(d, open, close);
                }
            }
        }
        (!hours.is_empty()).then(|| hours.normalised())
    }
}

/// schema.org's syntax, days with the same hours grouped: "Mo-Fr 08:00-19:00, Sa 09:00-14:00" (closed days
/// left out). Reads back with [`WeeklyHours::parse_schema_org`].
impl fmt::Display for WeeklyHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut groups: Vec<String> = Vec::new();
        let mut d = 0;
        while d < 7 {
            if self.0[d].is_empty() {
                d += 1;
                continue;
            }
            let mut end = d;
            while end + 1 < 7 && self.0[end + 1] == self.0[d] {
                end += 1;
            }
            let days = if end == d { CODES[d].to_string() } else { format!("{}-{}", CODES[d], CODES[end]) };
            let times: Vec<String> = self.0[d]
                .iter()
                .map(|&(o, c)| format!("{}-{}", hh_mm(o), hh_mm(if c > DAY { c - DAY } else { c })))
                .collect();
            groups.push(format!("{days} {}", times.join(" ")));
            d = end + 1;
        }
        write!(f, "{}", groups.join(", "))
    }
}

fn hh_mm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn one_or_many(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    }
}

fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => Some(items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", ")),
        _ => None,
    }
}

/// "Monday", "monday", "Mon", "Mo", "https://schema.org/Monday", and the Russian names a scraper run in
/// Russian writes ("понедельник", "пн"): the day's index, Monday 0.
fn day_name(name: &str) -> Option<usize> {
    let name = name.rsplit('/').next().unwrap_or(name).trim().to_lowercase();
    const NAMES: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    const RU: [(&str, &str); 7] = [
        ("понедельник", "пн"),
        ("вторник", "вт"),
        ("среда", "ср"),
        ("четверг", "чт"),
        ("пятница", "пт"),
        ("суббота", "сб"),
        ("воскресенье", "вс"),
    ];
    NAMES
        .iter()
        .position(|n| name.len() >= 2 && n.starts_with(&name))
        .or_else(|| RU.iter().position(|(full, short)| name == *full || name == *short))
}

/// The text without its bracketed notes ("9 AM to 6 PM (Hours might differ)" is "9 AM to 6 PM").
fn without_notes(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// A day row that says the place is closed ("Closed", "Закрыто", "Выходной").
fn says_closed(lower: &str) -> bool {
    ["closed", "закрыто", "выходной"].iter().any(|w| lower.contains(w))
}

/// A day row that says the place never closes ("Open 24 hours", "24/7", "Круглосуточно").
fn says_all_day(lower: &str) -> bool {
    ["24 hours", "24/7", "круглосуточно"].iter().any(|w| lower.contains(w))
}

/// "Mo-Fr", "Mo,We", "Sa", "Su-Mo" (wrapping): the days.
fn day_group(token: &str) -> Option<Vec<usize>> {
    let code = |c: &str| CODES.iter().position(|d| d.eq_ignore_ascii_case(c.trim()));
    let mut out = Vec::new();
    for part in token.split(',').filter(|p| !p.is_empty()) {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (code(a)?, code(b)?);
                let mut d = a;
                loop {
                    out.push(d);
                    if d == b {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            }
            None => out.push(code(part)?),
        }
    }
    (!out.is_empty()).then_some(out)
}

/// "08:00", "8:00", "08:00:00", "24:00": minutes from midnight.
fn clock(text: &str) -> Option<u16> {
    let mut parts = text.trim().split(':');
    let hours: u16 = parts.next()?.parse().ok()?;
    let minutes: u16 = parts.next().map_or(Some(0), |m| m.parse().ok())?;
    (hours <= 24 && minutes < 60 && hours * 60 + minutes <= DAY).then_some(hours * 60 + minutes)
}

/// "08:00-19:00" (also with an en dash): the range.
fn time_range(token: &str) -> Option<(u16, u16)> {
    let (a, b) = token.split_once(['-', '–'])?;
    if !a.contains(':') || !b.contains(':') {
        return None;
    }
    Some((clock(a)?, clock(b)?))
}

/// Google's ranges: "8 AM to 7 PM", "8 AM–7 PM", "8:30AM-12PM, 1-5PM", "12 to 9:30 PM", "08:00–19:00".
/// The opening time without AM/PM takes the closing time's, unless that would put it after the close.
fn twelve_hour_ranges(text: &str) -> Option<Vec<(u16, u16)>> {
    let text = text.replace(['\u{202f}', '\u{a0}'], " ").replace(['–', '—'], "-").replace(" to ", "-");
    let mut out = Vec::new();
    for range in text.split([',', ';']).map(str::trim).filter(|r| !r.is_empty()) {
        let (a, b) = range.split_once('-')?;
        let (close, close_meridiem) = twelve_hour(b, None)?;
        let open = match twelve_hour(a, close_meridiem) {
            Some((open, _)) if open <= close || close_meridiem.is_none() => open,
            _ => twelve_hour(a, Some(false))?.0,
        };
        out.push((open, close));
    }
    (!out.is_empty()).then_some(out)
}

/// "8 AM", "8:30PM", "12 PM", "19:00", "7" (with `inherit`: true for PM): minutes, and whether it said PM.
fn twelve_hour(text: &str, inherit: Option<bool>) -> Option<(u16, Option<bool>)> {
    let t = text.trim().to_lowercase().replace('.', "");
    let (number, meridiem) = if let Some(n) = t.strip_suffix("am") {
        (n.trim(), Some(false))
    } else if let Some(n) = t.strip_suffix("pm") {
        (n.trim(), Some(true))
    } else {
        (t.as_str(), inherit)
    };
    let minutes = clock(number)?;
    let minutes = match meridiem {
        Some(pm) if minutes < 13 * 60 => {
            let (h, m) = (minutes / 60 % 12, minutes % 60);
            (h + if pm { 12 } else { 0 }) * 60 + m
        }
        _ => minutes,
    };
    Some((minutes, meridiem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_the_same_week_reads_the_same() {
        let schema = WeeklyHours::parse_schema_org("Mo-Fr 08:00-19:00, Sa 09:00-14:00").unwrap();
        assert_eq!(schema.to_string(), "Mo-Fr 08:00-19:00, Sa 09:00-14:00");
        let google: Value = serde_json::from_str(
            r#"[{"day":"Monday","hours":"8 AM to 7 PM"},{"day":"Tuesday","hours":"8 AM–7 PM"},
                {"day":"Wednesday","hours":"8\u202fAM–7\u202fPM"},{"day":"Thursday","hours":"8 AM to 7 PM"},
                {"day":"Friday","hours":"8 to 7 PM"},{"day":"Saturday","hours":"9 AM to 2 PM"},
                {"day":"Sunday","hours":"Closed"}]"#,
        )
        .unwrap();
        assert_eq!(WeeklyHours::from_google_days(&google), Some(schema.clone()));
        let spec: Value = serde_json::from_str(
            r#"[{"@type":"OpeningHoursSpecification","dayOfWeek":["https://schema.org/Monday","Tuesday",
                "Wednesday","Thursday","Friday"],"opens":"08:00:00","closes":"19:00:00"},
                {"dayOfWeek":"Saturday","opens":"09:00","closes":"14:00"}]"#,
        )
        .unwrap();
        assert_eq!(WeeklyHours::from_structured(None, Some(&spec)), Some(schema.clone()));
        let periods: Value = serde_json::from_str(
            r#"[{"openDay":"MONDAY","openTime":{"hours":8},"closeDay":"MONDAY","closeTime":{"hours":19}},
                {"openDay":"TUESDAY","openTime":{"hours":8},"closeDay":"TUESDAY","closeTime":{"hours":19}},
                {"openDay":"WEDNESDAY","openTime":{"hours":8},"closeDay":"WEDNESDAY","closeTime":{"hours":19}},
                {"openDay":"THURSDAY","openTime":{"hours":8},"closeDay":"THURSDAY","closeTime":{"hours":19}},
                {"openDay":"FRIDAY","openTime":{"hours":8},"closeDay":"FRIDAY","closeTime":{"hours":19}},
                {"openDay":"SATURDAY","openTime":{"hours":9},"closeDay":"SATURDAY","closeTime":{"hours":14}}]"#,
        )
        .unwrap();
        assert_eq!(WeeklyHours::from_gbp_periods(&periods), Some(schema.clone()));
        let gis: Value = serde_json::from_str(
            r#"{"Mon":{"working_hours":[{"from":"08:00","to":"19:00"}]},"Tue":{"working_hours":[{"from":"08:00","to":"19:00"}]},
                "Wed":{"working_hours":[{"from":"08:00","to":"19:00"}]},"Thu":{"working_hours":[{"from":"08:00","to":"19:00"}]},
                "Fri":{"working_hours":[{"from":"08:00","to":"19:00"}]},"Sat":{"working_hours":[{"from":"09:00","to":"14:00"}]}}"#,
        )
        .unwrap();
        assert_eq!(WeeklyHours::from_2gis_schedule(&gis), Some(schema));
    }

    #[test]
    fn lunch_breaks_midnight_and_all_day() {
        let google: Value =
            serde_json::from_str(r#"[{"day":"Monday","hours":"9 AM to 12 PM, 1 to 5 PM"},{"day":"Friday","hours":"6 PM to 2 AM"},{"day":"Sunday","hours":"Open 24 hours"}]"#)
                .unwrap();
        let week = WeeklyHours::from_google_days(&google).unwrap();
        assert_eq!(week.to_string(), "Mo 09:00-12:00 13:00-17:00, Fr 18:00-02:00, Su 00:00-24:00");
        assert_eq!(
            WeeklyHours::parse_schema_org("Mo 09:00-12:00 13:00-17:00").unwrap().0[0],
            [(540, 720), (780, 1020)]
        );
        assert_eq!(WeeklyHours::parse_schema_org("Mo-Su").unwrap().to_string(), "Mo-Su 00:00-24:00");
        assert_eq!(
            WeeklyHours::parse_schema_org("mo – fr 9:00 - 18:00; sa 10:00–14:00").unwrap().to_string(),
            "Mo-Fr 09:00-18:00, Sa 10:00-14:00"
        );
        assert_ne!(
            WeeklyHours::parse_schema_org("Mo-Fr 09:00-18:00").unwrap(),
            WeeklyHours::parse_schema_org("Mo-Fr 09:00-19:00").unwrap()
        );
    }

    #[test]
    fn a_scraper_run_in_russian_reads_the_same() {
        let google: Value = serde_json::from_str(
            r#"[{"day":"понедельник","hours":"08:00–19:00"},{"day":"вторник","hours":"08:00–19:00"},
                {"day":"среда","hours":"08:00–19:00"},{"day":"четверг","hours":"08:00–19:00"},
                {"day":"пятница","hours":"08:00–19:00"},{"day":"суббота","hours":"09:00–14:00"},
                {"day":"воскресенье","hours":"Закрыто"}]"#,
        )
        .unwrap();
        let week = WeeklyHours::from_google_days(&google).unwrap();
        assert_eq!(week.to_string(), "Mo-Fr 08:00-19:00, Sa 09:00-14:00");
        let noted: Value = serde_json::from_str(
            r#"[{"day":"Monday (Labor Day)","hours":"9 AM to 6 PM (Hours might differ)"},{"day":"Tuesday","hours":"9 AM–6 PM"}]"#,
        )
        .unwrap();
        assert_eq!(WeeklyHours::from_google_days(&noted).unwrap().to_string(), "Mo-Tu 09:00-18:00");
        let always: Value = serde_json::from_str(r#"{"Пн":"Круглосуточно"}"#).unwrap();
        assert_eq!(WeeklyHours::from_google_days(&always).unwrap().to_string(), "Mo 00:00-24:00");
    }

    #[test]
    fn unreadable_hours_say_why() {
        assert!(WeeklyHours::parse_schema_org("09:00-18:00").unwrap_err().contains("no days"));
        assert!(WeeklyHours::parse_schema_org("weekdays 9-6").unwrap_err().contains("`weekdays`"));
        assert!(WeeklyHours::parse_schema_org("").is_err());
    }
}
