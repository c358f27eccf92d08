//! The reviews and mentions sections: ratings, platforms, monthly volume, replies, themes, tone.

use super::*;

/// Width and height of the monthly reviews chart, in SVG units.
pub(super) const MONTHS_CHART: (f64, f64) = (480.0, 120.0);

#[derive(Serialize)]
pub(super) struct ReviewsView<'a> {
    headline: String,
    platforms: Vec<PlatformView<'a>>,
    distribution: Vec<StarBar>,
    distribution_alt: String,
    months: Vec<MonthBar>,
    reply_line: String,
    months_alt: String,
    first_month: String,
    last_month: String,
    replies: String,
    negatives_heading: String,
    negatives: Vec<ReviewItem<'a>>,
    themes: Vec<ThemeView<'a>>,
}

#[derive(Serialize)]
pub(super) struct PlatformView<'a> {
    platform: &'a str,
    average: String,
    count: usize,
}

#[derive(Serialize)]
pub(super) struct StarBar {
    stars: usize,
    count: usize,
    /// Bar length, 0-100.
    width: f64,
    y: f64,
    text_y: f64,
}

#[derive(Serialize)]
pub(super) struct MonthBar {
    x: f64,
    y: f64,
    height: f64,
    label: String,
}

#[derive(Serialize)]
pub(super) struct ReviewItem<'a> {
    date: String,
    platform: &'a str,
    stars: String,
    author: Option<&'a str>,
    text: Option<&'a str>,
    full: Option<&'a str>,
    href: Option<&'a str>,
    /// A draft reply in the report's language (checklists/replies.toml), for the consultant.
    draft: Option<String>,
}

#[derive(Serialize)]
pub(super) struct ThemeView<'a> {
    title: &'a str,
    count: usize,
    /// Short quotes of the newest reviews that raise it (untrusted text: escaped by the template).
    quotes: &'a [String],
}

#[derive(Serialize)]
pub(super) struct MentionsView<'a> {
    headline: String,
    tone_bar: Vec<ToneSegment>,
    tone_alt: String,
    negatives: Vec<MentionItem<'a>>,
}

#[derive(Serialize)]
pub(super) struct ToneSegment {
    class: &'static str,
    x: f64,
    width: f64,
}

#[derive(Serialize)]
pub(super) struct MentionItem<'a> {
    date: String,
    title: &'a str,
    /// The whole title when `title` was cut.
    full: Option<&'a str>,
    href: Option<&'a str>,
}

/// A link from reviews or feeds becomes an href only when it is plain http(s); anything else (a
/// `javascript:` URL, say) is shown as text, escaped like the rest.
pub(super) fn safe_href(link: Option<&str>) -> Option<&str> {
    link.filter(|l| {
        let lower = l.trim_start().to_ascii_lowercase();
        lower.starts_with("https://") || lower.starts_with("http://")
    })
}

pub(super) fn reviews_view<'a>(tr: &Tr, r: &'a ReviewSummary, business: &str) -> ReviewsView<'a> {
    let distribution = star_bars(r);
    let (months, reply_line) = month_bars(tr, r);
    let replies = replies_line(tr, r);
    let first_month = r.monthly.first().map_or_else(String::new, |m| tr.month(&m.month));
    let last_month = r.monthly.last().map_or_else(String::new, |m| tr.month(&m.month));
    let mut headline = match r.average {
        Some(average) => {
            t!(tr, "report-reviews-headline", average = average, reviews = r.count, platforms = r.platforms.len())
        }
        None => t!(tr, "report-reviews-no-rating", reviews = r.count, platforms = r.platforms.len()),
    };
    if r.duplicates_removed > 0 {
        headline.push(' ');
        headline.push_str(&t!(tr, "report-reviews-duplicates", count = r.duplicates_removed));
    }
    ReviewsView {
        headline,
        platforms: r
            .platforms
            .iter()
            .map(|p| PlatformView { platform: &p.platform, average: tr.num(p.average), count: p.count })
            .collect(),
        distribution_alt: t!(
            tr,
            "report-distribution-alt",
            counts = distribution
                .iter()
                .map(|b| t!(tr, "report-stars-count", stars = b.stars, count = b.count))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        distribution,
        months_alt: t!(tr, "report-months-alt", first = first_month.as_str(), last = last_month.as_str()),
        months,
        reply_line,
        first_month,
        last_month,
        replies,
        negatives_heading: t!(
            tr,
            "report-negatives-heading",
            stars = r.negative_max_stars,
            days = r.negative_window_days
        ),
        negatives: r
            .unanswered_negative
            .iter()
            .map(|n| review_item(tr, n, (business, r.reply_contact.as_deref())))
            .collect(),
        themes: r.themes.iter().map(|t| ThemeView { title: &t.title, count: t.count, quotes: &t.quotes }).collect(),
    }
}

/// The rating distribution as bars, five stars first.
fn star_bars(r: &ReviewSummary) -> Vec<StarBar> {
    let most = r.distribution.iter().copied().max().unwrap_or(0).max(1) as f64;
    (1..=5)
        .rev()
        .enumerate()
        .map(|(row, stars)| StarBar {
            stars,
            count: r.distribution[stars - 1],
            width: r.distribution[stars - 1] as f64 / most * 100.0,
            y: row as f64 * 14.0,
            text_y: row as f64 * 14.0 + 9.5,
        })
        .collect()
}

/// The reviews per month as bars, and the share answered each month as a line.
fn month_bars(tr: &Tr, r: &ReviewSummary) -> (Vec<MonthBar>, String) {
    let (width, height) = MONTHS_CHART;
    let slot = width / r.monthly.len().max(1) as f64;
    let busiest = r.monthly.iter().map(|m| m.reviews).max().unwrap_or(0).max(1) as f64;
    let months: Vec<MonthBar> = r
        .monthly
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let h = m.reviews as f64 / busiest * (height - 10.0);
            MonthBar {
                x: i as f64 * slot + slot * 0.15,
                y: height - h,
                height: h,
                label: t!(
                    tr,
                    "report-month-bar",
                    month = tr.month(&m.month),
                    reviews = m.reviews,
                    answered = m.replied
                ),
            }
        })
        .collect();
    let reply_line = r
        .monthly
        .iter()
        .enumerate()
        .filter(|(_, m)| m.reviews > 0)
        .map(|(i, m)| {
            let rate = m.replied as f64 / m.reviews as f64;
            format!("{:.1},{:.1}", i as f64 * slot + slot / 2.0, height - rate * (height - 10.0))
        })
        .collect::<Vec<_>>()
        .join(" ");
    (months, reply_line)
}

/// "83 of 115 reviews were answered (72 %)", and the median and 90th percentile reply time when timed.
fn replies_line(tr: &Tr, r: &ReviewSummary) -> String {
    let reply = &r.replies;
    let mut replies = t!(
        tr,
        "report-replies",
        days = r.reply_window_days,
        answered = reply.replied,
        reviews = reply.reviews,
        share = tr.pct(reply.rate)
    );
    if let (Some(median), Some(p90)) = (reply.median_hours, reply.p90_hours) {
        replies.push(' ');
        replies.push_str(&t!(tr, "report-reply-time", median = median.round(), p90 = p90.round()));
    }
    replies
}

/// One unanswered negative review, shortened, with a draft reply.
fn review_item<'a>(
    tr: &Tr,
    n: &'a crate::result::ReviewRef,
    (business, contact): (&str, Option<&str>),
) -> ReviewItem<'a> {
    let (text, full) = n.text.as_deref().map(shorten).unzip();
    ReviewItem {
        date: tr.date(n.date),
        platform: &n.platform,
        stars: format!("{}★", tr.num(n.stars)),
        author: n.author.as_deref().map(|a| shorten(a).0),
        text,
        full: full.flatten(),
        href: safe_href(n.link.as_deref()),
        draft: crate::config::replies::draft(
            tr.locale(),
            &crate::config::replies::DraftFor {
                themes: &n.reply_themes,
                stars: n.stars,
                author: n.author.as_deref(),
                business,
                contact,
            },
        ),
    }
}

/// One 100-unit bar split into segments by count (good, neutral, bad), each with its colour class.
pub(super) fn stacked(parts: [(&'static str, usize); 3]) -> Vec<ToneSegment> {
    let total = parts.iter().map(|(_, n)| n).sum::<usize>().max(1) as f64;
    let mut x = 0.0;
    parts
        .into_iter()
        .map(|(class, n)| {
            let width = n as f64 / total * 100.0;
            let segment = ToneSegment { class, x, width };
            x += width;
            segment
        })
        .collect()
}

pub(super) fn mentions_view<'a>(tr: &Tr, m: &'a MentionSummary) -> MentionsView<'a> {
    let tone_bar = stacked([("pass", m.positive), ("na", m.neutral), ("fail", m.negative)]);
    MentionsView {
        headline: t!(tr, "report-mentions-headline", count = m.count, days = m.window_days),
        tone_alt: t!(tr, "report-tone-alt", positive = m.positive, neutral = m.neutral, negative = m.negative),
        tone_bar,
        negatives: m
            .negatives
            .iter()
            .map(|n| {
                let (title, full) = shorten(&n.title);
                MentionItem { date: tr.date(n.date), title, full, href: safe_href(n.link.as_deref()) }
            })
            .collect(),
    }
}
