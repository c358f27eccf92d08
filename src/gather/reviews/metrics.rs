//! Review metrics, all relative to the audit date and a window of days before it (README: reviews and mentions). Pure
//! functions over the merged reviews; a review counts on its UTC creation day, and reviews after the audit date
//! are left out of everything.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::Review;
use crate::config::lexicon::Lexicon;
use crate::stats::quantile;

/// Average days in a month, for reviews per month over a window given in days.
pub(crate) const DAYS_PER_MONTH: f64 = 30.4375;

/// A day is in the window when it is not after the audit date and, with a window of `days`, less than
/// `days` days before it. Reviews and mentions share it.
pub(crate) fn in_window(day: NaiveDate, as_of: NaiveDate, days: Option<u32>) -> bool {
    // A window reaching before the calendar's start covers everything up to the audit date.
    day <= as_of
        && days.is_none_or(|d| as_of.checked_sub_days(chrono::Days::new(u64::from(d))).is_none_or(|from| day > from))
}

/// Reviews created up to the audit date, and within `days` before it when a window is given.
pub(crate) fn within(reviews: &[Review], as_of: NaiveDate, days: Option<u32>) -> impl Iterator<Item = &Review> {
    reviews.iter().filter(move |r| in_window(r.created.date_naive(), as_of, days))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlatformRating {
    pub platform: String,
    pub count: usize,
    /// Mean stars, 1-5.
    pub average: f64,
    /// When `count` and `average` are the platform's own figures (an export's `totalScore` and
    /// `reviewsCount`, GBP's `averageRating`): how many of its reviews were read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read: Option<usize>,
}

/// Average rating per platform (sorted by platform name) and overall, weighted by review count.
pub(crate) fn ratings(reviews: &[Review], as_of: NaiveDate) -> (Vec<PlatformRating>, Option<f64>) {
    let mut sums: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
    for review in within(reviews, as_of, None) {
        let entry = sums.entry(&*review.platform).or_default();
        entry.0 += 1;
        entry.1 += review.stars;
    }
    let platforms: Vec<PlatformRating> = sums
        .into_iter()
        .map(|(platform, (count, sum))| PlatformRating {
            platform: platform.to_string(),
            count,
            average: sum / count as f64,
            read: None,
        })
        .collect();
    let overall = overall(&platforms);
    (platforms, overall)
}

/// The mean over platforms, weighted by their review counts.
fn overall(platforms: &[PlatformRating]) -> Option<f64> {
    let count: usize = platforms.iter().map(|p| p.count).sum();
    (count > 0).then(|| platforms.iter().map(|p| p.average * p.count as f64).sum::<f64>() / count as f64)
}

/// Ratings per platform as customers see them: where a source states the platform's own rating and count
/// (and the business did not publish it about itself), those replace the average of the reviews read, which
/// are often only a sample; the number read is kept beside them.
pub(crate) fn platform_ratings(facts: &super::ReviewFacts, as_of: NaiveDate) -> (Vec<PlatformRating>, Option<f64>) {
    let (mut platforms, _) = ratings(&facts.reviews, as_of);
    for source in &facts.sources {
        let Some(aggregate) = source.aggregate.as_ref().filter(|a| !a.self_published) else { continue };
        let Some(count) = aggregate.count.and_then(|c| usize::try_from(c).ok()) else { continue };
        let stated = PlatformRating { platform: source.platform.clone(), count, average: aggregate.stars, read: None };
        match platforms.iter_mut().find(|p| p.platform.eq_ignore_ascii_case(&source.platform)) {
            Some(existing) => *existing = PlatformRating { read: Some(existing.count), ..stated },
            None => platforms.push(PlatformRating { read: Some(0), ..stated }),
        }
    }
    let overall = overall(&platforms);
    (platforms, overall)
}

/// How many reviews gave 1, 2, 3, 4 and 5 stars (normalised ratings rounded to whole stars).
pub(crate) fn distribution(reviews: &[Review], as_of: NaiveDate) -> [usize; 5] {
    let mut counts = [0; 5];
    for review in within(reviews, as_of, None) {
        let star = (review.stars.round() as usize).clamp(1, 5);
        counts[star - 1] += 1;
    }
    counts
}

/// Reviews in the window and reviews per month over it.
pub(crate) fn velocity(reviews: &[Review], as_of: NaiveDate, days: u32) -> (usize, f64) {
    let count = within(reviews, as_of, Some(days)).count();
    (count, count as f64 / (f64::from(days.max(1)) / DAYS_PER_MONTH))
}

/// Days from the newest review to the audit date.
pub(crate) fn recency_days(reviews: &[Review], as_of: NaiveDate) -> Option<i64> {
    within(reviews, as_of, None).map(|r| (as_of - r.created.date_naive()).num_days()).min()
}

/// Reply rate and reply times over the reviews created in a window.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReplyStats {
    pub reviews: usize,
    pub replied: usize,
    /// replied / reviews; 0 when there are no reviews.
    pub rate: f64,
    /// Median and 90th percentile hours from review to reply, over replies with a usable time.
    pub median_hours: Option<f64>,
    pub p90_hours: Option<f64>,
    /// Replies whose time could be measured.
    pub timed: usize,
    /// Replies without a date.
    pub undated: usize,
    /// Replies dated before their review (the review was edited after the reply): not timed.
    pub before_review: usize,
}

pub(crate) fn replies(reviews: &[Review], as_of: NaiveDate, days: u32) -> ReplyStats {
    replies_with_hours(reviews, as_of, days).0
}

/// [`replies`] with the hours from review to reply of the timed replies, sorted.
pub(crate) fn replies_with_hours(reviews: &[Review], as_of: NaiveDate, days: u32) -> (ReplyStats, Vec<f64>) {
    let mut stats = ReplyStats {
        reviews: 0,
        replied: 0,
        rate: 0.0,
        median_hours: None,
        p90_hours: None,
        timed: 0,
        undated: 0,
        before_review: 0,
    };
    let mut hours = Vec::new();
    for review in within(reviews, as_of, Some(days)) {
        stats.reviews += 1;
        if !review.replied_by(as_of) {
            continue;
        }
        stats.replied += 1;
        match review.reply_at {
            None => stats.undated += 1,
            Some(at) if at < review.created => stats.before_review += 1,
            Some(at) => hours.push((at - review.created).num_seconds() as f64 / 3600.0),
        }
    }
    if stats.reviews > 0 {
        stats.rate = stats.replied as f64 / stats.reviews as f64;
    }
    hours.sort_by(f64::total_cmp);
    stats.timed = hours.len();
    stats.median_hours = quantile(&hours, 0.5);
    stats.p90_hours = quantile(&hours, 0.9);
    (stats, hours)
}

/// Negative reviews (at most `max_stars`) without a reply created in the window, newest first.
pub(crate) fn unanswered_negative(reviews: &[Review], as_of: NaiveDate, days: u32, max_stars: f64) -> Vec<&Review> {
    let mut found: Vec<&Review> =
        within(reviews, as_of, Some(days)).filter(|r| r.stars <= max_stars && !r.replied_by(as_of)).collect();
    found.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| a.source.cmp(&b.source)));
    found
}

/// Owner replies up to the audit date, and how many of them repeat another reply word for word (case and
/// spacing aside); the repeated texts with their counts, most repeated first.
pub(crate) fn canned(reviews: &[Review], as_of: NaiveDate) -> (usize, usize, Vec<(String, usize)>) {
    let mut texts: HashMap<String, usize> = HashMap::new();
    let mut total = 0;
    // One buffer for every reply's normal form (words joined by one space, lower case); a text seen before
    // is counted without allocating.
    let mut normal = String::new();
    for review in within(reviews, as_of, None) {
        if let Some(reply) = review.reply.as_deref().filter(|_| review.replied_by(as_of)) {
            total += 1;
            normal.clear();
            for word in reply.split_whitespace() {
                if !normal.is_empty() {
                    normal.push(' ');
                }
                normal.extend(word.chars().flat_map(char::to_lowercase));
            }
            match texts.get_mut(normal.as_str()) {
                Some(count) => *count += 1,
                None => {
                    texts.insert(normal.clone(), 1);
                }
            }
        }
    }
    let mut repeated: Vec<(String, usize)> = texts.into_iter().filter(|(_, n)| *n > 1).collect();
    repeated.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    (total, repeated.iter().map(|(_, n)| n).sum(), repeated)
}

/// One calendar month of reviews.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Month {
    /// "2026-10".
    pub month: String,
    pub reviews: usize,
    pub replied: usize,
}

/// The last `months` calendar months up to the audit date's month, oldest first, empty months included.
pub(crate) fn monthly(reviews: &[Review], as_of: NaiveDate, months: u32) -> Vec<Month> {
    let index = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
    let last = index(as_of);
    let first = last - months as i32 + 1;
    let mut out: Vec<Month> = (first..=last)
        .map(|i| Month {
            month: format!("{:04}-{:02}", i.div_euclid(12), i.rem_euclid(12) + 1),
            reviews: 0,
            replied: 0,
        })
        .collect();
    for review in within(reviews, as_of, None) {
        let i = index(review.created.date_naive());
        if i >= first {
            let month = &mut out[(i - first) as usize];
            month.reviews += 1;
            month.replied += usize::from(review.replied_by(as_of));
        }
    }
    out
}

/// A complaint theme and the negative reviews that raise it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    pub id: String,
    /// In the result's language.
    pub title: String,
    pub count: usize,
    /// The title in every report language, by locale code (the lexicon's own title where it has no other).
    #[serde(default)]
    pub titles: BTreeMap<String, String>,
    /// Up to [`QUOTES_PER_THEME`] short quotes of the newest reviews that raise it, as the reviewers wrote them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<String>,
}

/// How many quotes the report shows per complaint theme.
pub(crate) const QUOTES_PER_THEME: usize = 2;

/// Complaint themes of the negative reviews in the window, most frequent first; a review counts once per
/// theme, and the newest reviews give the quotes.
pub(crate) fn themes(
    reviews: &[Review],
    as_of: NaiveDate,
    (days, max_stars): (u32, f64),
    lexicon: &Lexicon,
) -> Vec<Theme> {
    // Per theme: how many reviews raise it, and where (the review's date, its text, the word that raised it);
    // only the quotes kept are cut, at the end.
    type Places<'r> = Vec<(chrono::DateTime<chrono::Utc>, &'r str, usize)>;
    let mut found: BTreeMap<&str, (usize, Places<'_>)> = BTreeMap::new();
    for review in within(reviews, as_of, Some(days)).filter(|r| r.stars <= max_stars) {
        let Some(text) = review.text.as_deref() else { continue };
        for raised in lexicon.raised(text) {
            let (count, places) = found.entry(raised.id).or_default();
            *count += 1;
            places.push((review.created, text, raised.at));
        }
    }
    let mut themes: Vec<(Theme, Places<'_>)> = found
        .into_iter()
        .map(|(id, (count, mut places))| {
            let titles: BTreeMap<String, String> = crate::i18n::Locale::ALL
                .iter()
                .map(|l| (l.code().to_string(), lexicon.theme_title(id, *l).to_string()))
                .collect();
            let title = titles.get(crate::i18n::Locale::En.code()).cloned().unwrap_or_default();
            places.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
            (Theme { id: id.to_string(), title, count, titles, quotes: Vec::new() }, places)
        })
        .collect();
    themes.sort_by(|a, b| b.0.count.cmp(&a.0.count).then_with(|| a.0.id.cmp(&b.0.id)));
    // Quotes, most frequent theme first: a review already quoted under another theme is quoted again only
    // when this theme has no other.
    let mut shown: Vec<&str> = Vec::new();
    for (theme, places) in &mut themes {
        let (fresh, seen): (Vec<_>, Vec<_>) = places.iter().partition(|p| !shown.contains(&p.1));
        for (_, text, at) in fresh.into_iter().chain(seen) {
            if theme.quotes.len() == QUOTES_PER_THEME {
                break;
            }
            let quote = lexicon.quote_at(text, at);
            if !quote.is_empty() && !theme.quotes.contains(&quote) {
                theme.quotes.push(quote);
                shown.push(text);
            }
        }
    }
    themes.into_iter().map(|(theme, _)| theme).collect()
}

#[cfg(test)]
mod tests {
    use super::super::tests::review;
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn replied(mut r: Review, reply_at: Option<&str>) -> Review {
        r.reply = Some("Thank you for your feedback".into());
        r.reply_at = reply_at.map(|t| super::super::parse::datetime(t).unwrap());
        r
    }

    /// Ten reviews worked out by hand; as_of 2026-11-01.
    fn fixture() -> Vec<Review> {
        vec![
            // replied after 2 h
            replied(review("Google", "a", "2026-10-30T10:00:00Z", 5.0, "great"), Some("2026-10-30T12:00:00Z")),
            // 23:50 in Moscow is 20:50 UTC; replied 00:10 Moscow next day = 20 minutes later, not a day
            replied(review("Google", "b", "2026-10-20T23:50:00+03:00", 4.0, "good"), Some("2026-10-21T00:10:00+03:00")),
            // replied after 10 h
            replied(
                review("Yelp", "c", "2026-10-10T08:00:00Z", 2.0, "rude staff and long wait"),
                Some("2026-10-10T18:00:00Z"),
            ),
            // edited review: the reply predates it
            replied(review("Yelp", "d", "2026-09-15T08:00:00Z", 3.0, "ok"), Some("2026-09-01T08:00:00Z")),
            // reply without a date
            replied(review("Google", "e", "2026-09-10T08:00:00Z", 5.0, "fine"), None),
            review("Google", "f", "2026-10-25T08:00:00Z", 1.0, "Rude receptionist, never again"),
            review("Google", "g", "2026-08-01T08:00:00Z", 2.0, "too expensive"),
            review("Yelp", "h", "2026-05-01T08:00:00Z", 1.0, "dirty"),
            // after the audit date: ignored everywhere
            review("Google", "i", "2026-11-01T23:30:00-05:00", 1.0, "late"),
            // 400 days old: outside 365-day windows, inside the all-time rating
            review("Google", "j", "2025-09-27T08:00:00Z", 5.0, ""),
        ]
    }

    #[test]
    fn ratings_per_platform_and_weighted_overall() {
        let (platforms, overall) = ratings(&fixture(), d("2026-11-01"));
        // Google: 5, 4, 5, 1, 2, 5 = 22 / 6; Yelp: 2, 3, 1 = 6 / 3.
        assert_eq!(platforms[0].platform, "Google");
        assert_eq!((platforms[0].count, platforms[1].count), (6, 3));
        assert!((platforms[0].average - 22.0 / 6.0).abs() < 1e-9);
        assert_eq!(platforms[1].average, 2.0);
        assert!((overall.unwrap() - 28.0 / 9.0).abs() < 1e-9);
        assert_eq!(distribution(&fixture(), d("2026-11-01")), [2, 2, 1, 1, 3]);
    }

    #[test]
    fn reply_rate_and_times_with_edited_undated_and_cross_midnight_replies() {
        let stats = replies(&fixture(), d("2026-11-01"), 365);
        // In the window: a..h = 8 reviews; replied: a, b, c, d, e = 5.
        assert_eq!((stats.reviews, stats.replied), (8, 5));
        assert_eq!(stats.rate, 5.0 / 8.0);
        assert_eq!((stats.timed, stats.undated, stats.before_review), (3, 1, 1));
        // Times: 1/3 h, 2 h, 10 h → median 2, p90 = 2 + 0.8 × 8 = 8.4.
        assert_eq!(stats.median_hours, Some(2.0));
        assert!((stats.p90_hours.unwrap() - 8.4).abs() < 1e-9);
        let empty = replies(&[], d("2026-11-01"), 365);
        assert_eq!((empty.rate, empty.median_hours), (0.0, None));
    }

    #[test]
    fn unanswered_negatives_volume_recency_and_canned_replies() {
        let reviews = fixture();
        let as_of = d("2026-11-01");
        let negatives: Vec<&str> =
            unanswered_negative(&reviews, as_of, 90, 2.0).iter().map(|r| r.author.as_deref().unwrap()).collect();
        // f (Oct 25) and g (Aug 1, 92 days before) → only f within 90 days; c was answered; i is after as_of.
        assert_eq!(negatives, ["f"]);
        assert_eq!(unanswered_negative(&reviews, as_of, 365, 2.0).len(), 3);
        let (count, per_month) = velocity(&reviews, as_of, 365);
        assert_eq!(count, 8);
        assert!((per_month - 8.0 / (365.0 / DAYS_PER_MONTH)).abs() < 1e-9);
        assert_eq!(recency_days(&reviews, as_of), Some(2));
        let (total, repeated, texts) = canned(&reviews, as_of);
        assert_eq!((total, repeated), (5, 5));
        assert_eq!(texts[0].0, "thank you for your feedback");
        assert_eq!(recency_days(&[], as_of), None);
    }

    #[test]
    fn months_include_empty_ones_and_count_replies() {
        let months = monthly(&fixture(), d("2026-11-01"), 3);
        let summary: Vec<(&str, usize, usize)> =
            months.iter().map(|m| (m.month.as_str(), m.reviews, m.replied)).collect();
        assert_eq!(summary, [("2026-09", 2, 2), ("2026-10", 4, 3), ("2026-11", 0, 0)]);
        assert_eq!(monthly(&[], d("2026-01-15"), 2)[0].month, "2025-12");
    }

    #[test]
    fn replies_written_after_the_audit_date_are_not_seen() {
        let late =
            replied(review("Google", "z", "2026-10-30T10:00:00Z", 1.0, "bad"), Some("2026-11-02T00:30:00+02:00"));
        let as_of = d("2026-11-01");
        // 2026-11-02 00:30 at +02:00 is still 1 November in UTC: seen.
        assert_eq!(replies(std::slice::from_ref(&late), as_of, 30).replied, 1);
        let later = replied(review("Google", "z", "2026-10-30T10:00:00Z", 1.0, "bad"), Some("2026-11-02T10:00:00Z"));
        assert_eq!(replies(std::slice::from_ref(&later), as_of, 30).replied, 0);
        assert_eq!(unanswered_negative(std::slice::from_ref(&later), as_of, 30, 2.0).len(), 1);
    }

    #[test]
    fn quantiles_interpolate() {
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(quantile(&[3.0], 0.9), Some(3.0));
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), Some(2.5));
    }
}
