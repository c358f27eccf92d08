//! The reputation area: reviews and mentions, one rule per file (rating, volume, recency, replies,
//! unanswered negatives, canned replies, presence on the expected platforms, mention tone and volume), and
//! what they share. Windows count back from the audit date.

use crate::gather::reviews::{Review, ReviewFacts};
use crate::i18n::Text;
use crate::msg;
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Outcome, RuleInput, collected};
use crate::spec::{ParamSpec, Params, number};

// Each other file of this folder is one rule: build.rs declares its module here and lists it in `RULES`.
include!(concat!(env!("OUT_DIR"), "/rules_reputation.rs"));

/// Characters of a review or mention quoted in evidence at most.
const EXCERPT_CHARS: usize = 160;

/// The `window_days` param of a windowed rule, with its default.
pub(super) const fn window_days(default: &'static str) -> ParamSpec {
    number("window_days", default, "the window, in days before the audit date")
}

pub(super) fn window(params: &Params) -> u32 {
    params.num("window_days").max(1.0) as u32
}

pub(super) fn reviews<'a>(input: &'a RuleInput) -> Result<&'a ReviewFacts, Outcome> {
    collected(&input.evidence.reviews)
}

pub(super) fn excerpt(text: Option<&str>) -> Text {
    let text = text.unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > EXCERPT_CHARS {
        format!("“{}…”", text.chars().take(EXCERPT_CHARS).collect::<String>()).into()
    } else if text.is_empty() {
        msg!("rev-no-text")
    } else {
        format!("“{text}”").into()
    }
}

/// A review as one evidence line: date, platform, stars, excerpt, with its link (or where it was read).
pub(super) fn review_line(review: &Review) -> EvidenceItem {
    EvidenceItem::new(
        EvidenceKind::Review,
        Text::join(
            [
                Text::date(review.created.date_naive()),
                Text::given(&*review.platform),
                Text::unit(review.stars, "★"),
                excerpt(review.text.as_deref()),
            ],
            " · ",
        ),
    )
    .sourced_from(review.link.as_deref().map_or_else(|| review.place(), str::to_string))
}

pub(super) fn figure(text: Text) -> EvidenceItem {
    EvidenceItem::new(EvidenceKind::Figure, text)
}

/// Below this share of a platform's stated reviews, a metric over the reviews read is marked as from a sample.
pub(super) const SAMPLE_BELOW_SHARE: f64 = 0.5;

/// For each platform that states more reviews than the exports hold (Yandex shows the newest 600, scrapers
/// stop early): "from N of M reviews", marked as a sample under [`SAMPLE_BELOW_SHARE`] of them. A metric over
/// the reviews read adds these beside its figure.
pub(super) fn coverage(input: &RuleInput, facts: &ReviewFacts) -> Vec<EvidenceItem> {
    let (platforms, _) = crate::gather::reviews::metrics::platform_ratings(facts, input.as_of);
    platforms
        .iter()
        .filter_map(|p| Some((p, p.read.filter(|read| *read < p.count)?)))
        .map(|(p, read)| {
            let args = (Text::given(&*p.platform), read, p.count);
            if (read as f64) < p.count as f64 * SAMPLE_BELOW_SHARE {
                EvidenceItem::new(
                    EvidenceKind::Problem,
                    msg!("rev-coverage-sample", platform = args.0, read = args.1, total = args.2),
                )
            } else {
                figure(msg!("rev-coverage", platform = args.0, read = args.1, total = args.2))
            }
        })
        .collect()
}

/// Not assessed: nothing of `what` (review, reply, dated-reply, mention) in the window before the audit date.
pub(super) fn none_before(input: &RuleInput, days: Option<u32>, what: &str) -> Evaluated {
    let date = Text::date(input.as_of);
    Err(Outcome::NotAssessed(match days {
        Some(days) => msg!("rev-none-in-window", what = what, days = days, date = date),
        None => msg!("rev-none-up-to", what = what, date = date),
    }))
}
