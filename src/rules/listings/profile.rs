//! Each listing's profile as its place export states it: claimed, no closed flag left on, categories,
//! description, photos, hours, attributes, questions answered, recent owner posts; and duplicate listings.

use super::{e164, region_of, same_address, street_numbers};
use crate::gather::reviews::profile::{Closure, Profile};
use crate::gather::reviews::{ReviewFacts, SourceReport};
use crate::i18n::Text;
use crate::msg;
use crate::rules::params::{Thresholds, check_share_thresholds};
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Measurement, Outcome, Rule, RuleInput, collected};
use crate::spec::{RuleSpec, SourceKind, number};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "listings_profile",
        source: SourceKind::Reviews,
        doc: "Each listing's profile as its place export states it (Apify Google Maps place items and their CSV, \
              Outscraper place rows, Business Profile location files, 2GIS catalog branches): claimed by the owner, \
              no closed flag, at least `min_categories` categories, a description of `min_description` characters, \
              `min_photos` photos, opening hours, website, phone, `min_attributes` attributes, every customer question \
              answered, an owner post within `max_post_age_days`, no pending edits. A field the export does not carry \
              is not in this export, never a fail. The score is the weighted share of the carried fields that are \
              complete; an unclaimed or closed-flagged listing fails. Two listings of one platform with different ids \
              that share a phone or an address are reported as duplicates.",
        params: &[
            number("min_photos", "10", "photos a listing should have"),
            number("min_description", "250", "characters of description"),
            number("min_categories", "3", "categories (the main one and additional ones)"),
            number("min_attributes", "5", "attributes set (service options, accessibility, payments …)"),
            number("max_post_age_days", "30", "days since the owner's newest post"),
            number("pass", "0.9", "weighted share of complete fields for full marks"),
            number("fail", "0.5", "share that earns nothing"),
        ],
        vars: &["fixes"],
        check: check_share_thresholds,
        hand: None,
        page_check: None,
        rival: None,
    },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

/// What good is for each field (the touchpoint's parameters).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bars {
    photos: f64,
    description: f64,
    categories: f64,
    attributes: f64,
    post_age_days: f64,
}

impl Bars {
    pub(crate) fn from(param: impl Fn(&str) -> f64) -> Self {
        Bars {
            photos: param("min_photos"),
            description: param("min_description"),
            categories: param("min_categories"),
            attributes: param("min_attributes"),
            post_age_days: param("max_post_age_days"),
        }
    }
}

/// How one field of a listing's profile stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldStatus {
    Complete,
    Missing,
    /// Unclaimed, or a closed flag: the listing fails whatever else.
    Critical,
    NotInExport,
}

/// One field of a profile card: its state as a line, and the one-line fix when it is not complete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileField {
    pub field: String,
    pub status: FieldStatus,
    pub weight: f64,
    pub text: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Text>,
}

/// One listing's profile card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileCard {
    /// "Google (google-place.json)".
    pub source: String,
    pub platform: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub fields: Vec<ProfileField>,
    /// The weighted share of the carried fields that are complete.
    pub share: Option<f64>,
}

/// Two listings of one platform with different ids that share a phone or an address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Duplicate {
    pub platform: String,
    pub ids: [String; 2],
    /// The reviews each holds (the count the platform states, else the reviews read); `None` for a listing the
    /// platform names as the other one that is not among the exports (its count is unknown, not zero).
    pub reviews: [Option<usize>; 2],
    /// `phone` or `address`, or `platform` when the platform itself flags it.
    pub shared: String,
}

/// A field that is there or not: complete when `value` is true, each case with its line.
fn yes_no(key: &str, weight: f64, value: Option<bool>, (yes, no): (Text, Text)) -> ProfileField {
    field(key, weight, value, |v| *v, |v| if *v { yes.clone() } else { no.clone() })
}

/// A field's name, as a line says it is not in the export.
fn field_name(key: &str) -> Text {
    match key {
        "claimed" => msg!("profile-claimed"),
        "open" => msg!("profile-open"),
        "categories" => msg!("profile-categories"),
        "description" => msg!("profile-description"),
        "photos" => msg!("profile-photos"),
        "hours" => msg!("profile-hours"),
        "website" => msg!("profile-website"),
        "phone" => msg!("profile-phone"),
        "attributes" => msg!("profile-attributes"),
        "questions" => msg!("profile-questions"),
        "posts" => msg!("profile-posts"),
        "special_hours" => msg!("profile-special-hours"),
        "pending_edits" => msg!("profile-pending-edits"),
        _ => msg!("profile-booking"),
    }
}

/// A field's one-line fix.
fn field_fix(key: &str) -> Text {
    match key {
        "claimed" => msg!("profile-claimed-fix"),
        "open" => msg!("profile-open-fix"),
        "categories" => msg!("profile-categories-fix"),
        "description" => msg!("profile-description-fix"),
        "photos" => msg!("profile-photos-fix"),
        "hours" => msg!("profile-hours-fix"),
        "website" => msg!("profile-website-fix"),
        "phone" => msg!("profile-phone-fix"),
        "attributes" => msg!("profile-attributes-fix"),
        "questions" => msg!("profile-questions-fix"),
        "posts" => msg!("profile-posts-fix"),
        "special_hours" => msg!("profile-special-hours-fix"),
        "pending_edits" => msg!("profile-pending-edits-fix"),
        _ => msg!("profile-booking-fix"),
    }
}

/// One field's line: complete or missing by `good`, not in this export when the export does not carry it.
fn field<T>(
    key: &str,
    weight: f64,
    value: Option<T>,
    good: impl Fn(&T) -> bool,
    text: impl Fn(&T) -> Text,
) -> ProfileField {
    let (status, text) = match &value {
        None => (FieldStatus::NotInExport, field_name(key)),
        Some(v) if good(v) => (FieldStatus::Complete, text(v)),
        Some(v) => (FieldStatus::Missing, text(v)),
    };
    let fix = (status == FieldStatus::Missing).then(|| field_fix(key));
    ProfileField { field: key.to_string(), status, weight, text, fix }
}

/// A profile's fields, judged by `bars` on `as_of`.
pub(crate) fn fields(p: &Profile, bars: Bars, as_of: NaiveDate) -> Vec<ProfileField> {
    let n = |v: f64| Text::from(v);
    let mut out = vec![
        yes_no("claimed", 3.0, p.claimed, (msg!("profile-claimed-yes"), msg!("profile-claimed-no"))),
        field(
            "open",
            3.0,
            p.closed,
            |c| *c == Closure::Open,
            |c| match c {
                Closure::Open => msg!("profile-open-yes"),
                Closure::Temporarily => msg!("profile-open-temporarily"),
                Closure::Permanently => msg!("profile-open-permanently"),
            },
        ),
        field(
            "categories",
            2.0,
            p.categories.as_ref(),
            |c| c.len() as f64 >= bars.categories,
            |c| msg!("profile-categories-text", count = c.len(), names = c.join(", "), min = n(bars.categories)),
        ),
        field(
            "description",
            2.0,
            p.description_chars,
            |d| *d as f64 >= bars.description,
            |d| msg!("profile-description-text", chars = *d, min = n(bars.description)),
        ),
        field(
            "photos",
            2.0,
            p.photos,
            |c| *c as f64 >= bars.photos,
            |c| msg!("profile-photos-text", count = *c, min = n(bars.photos)),
        ),
        yes_no("hours", 2.0, p.hours, (msg!("profile-hours-yes"), msg!("profile-hours-no"))),
    ];
    out.extend(contact_fields(p, bars, as_of));
    out.extend(platform_fields(p));
    for f in
        out.iter_mut().filter(|f| f.status == FieldStatus::Missing && matches!(f.field.as_str(), "claimed" | "open"))
    {
        f.status = FieldStatus::Critical;
    }
    out
}

/// The fields that show the listing is looked after: website, phone, attributes, questions, posts.
fn contact_fields(p: &Profile, bars: Bars, as_of: NaiveDate) -> Vec<ProfileField> {
    let n = |v: f64| Text::from(v);
    vec![
        yes_no("website", 1.0, p.website, (msg!("profile-website-yes"), msg!("profile-website-no"))),
        yes_no("phone", 1.0, p.phone, (msg!("profile-phone-yes"), msg!("profile-phone-no"))),
        field(
            "attributes",
            1.0,
            p.attributes,
            |a| *a as f64 >= bars.attributes,
            |a| msg!("profile-attributes-text", count = *a, min = n(bars.attributes)),
        ),
        field(
            "questions",
            1.0,
            p.questions,
            |q| q.unanswered == 0,
            |q| msg!("profile-questions-text", asked = q.asked, unanswered = q.unanswered),
        ),
        field(
            "posts",
            1.0,
            p.posts.map(|posts| {
                let age = posts.latest.map(|d| (as_of - d).num_days()).or(posts.latest_days_ago.map(i64::from));
                (posts.count, age)
            }),
            |(_, age)| age.is_some_and(|a| a as f64 <= bars.post_age_days),
            |(count, age)| match age {
                Some(days) => msg!("profile-posts-text", count = *count, days = *days),
                None => msg!("profile-posts-none"),
            },
        ),
    ]
}

/// The fields only some platforms' exports carry: special hours, pending edits, a booking link (shown, not
/// scored: not every business takes bookings).
fn platform_fields(p: &Profile) -> Vec<ProfileField> {
    let special = (msg!("profile-special-hours-yes"), msg!("profile-special-hours-no"));
    // Good when there are none: the line says so, or that edits wait.
    let edits = (msg!("profile-pending-edits-no"), msg!("profile-pending-edits-yes"));
    let booking = (msg!("profile-booking-yes"), msg!("profile-booking-no"));
    [
        ("special_hours", 1.0, p.special_hours, special),
        ("pending_edits", 1.0, p.pending_edits.map(|pending| !pending), edits),
        ("booking", 0.0, p.booking, booking),
    ]
    .into_iter()
    .filter(|(_, _, value, _)| value.is_some())
    .map(|(key, weight, value, texts)| yes_no(key, weight, value, texts))
    .collect()
}

/// The weighted share of carried fields that are complete.
fn share(fields: &[ProfileField]) -> Option<f64> {
    let carried: f64 = fields.iter().filter(|f| f.status != FieldStatus::NotInExport).map(|f| f.weight).sum();
    let complete: f64 = fields.iter().filter(|f| f.status == FieldStatus::Complete).map(|f| f.weight).sum();
    (carried > 0.0).then(|| complete / carried)
}

/// A card for each listing whose export states its profile (one per platform and id).
pub(crate) fn cards(facts: &ReviewFacts, bars: Bars, as_of: NaiveDate) -> Vec<ProfileCard> {
    let with_profile: Vec<(&SourceReport, &Profile)> =
        facts.sources.iter().filter_map(|s| Some((s, s.profile.as_ref()?))).collect();
    let mut cards: Vec<ProfileCard> = Vec::new();
    for (source, profile) in &with_profile {
        let seen = cards.iter().any(|c| c.platform == source.platform && c.id.is_some() && c.id == profile.id);
        if seen {
            continue;
        }
        let shared = with_profile.iter().filter(|(s, _)| s.platform == source.platform).count() > 1;
        let label = if shared { format!("{} ({})", source.platform, source.location) } else { source.platform.clone() };
        let fields = fields(profile, bars, as_of);
        cards.push(ProfileCard {
            source: label,
            platform: source.platform.clone(),
            id: profile.id.clone(),
            share: share(&fields),
            fields,
        });
    }
    cards
}

/// Listings of one platform with different ids that share a phone or an address, and those the platform flags.
pub(crate) fn duplicates(facts: &ReviewFacts, site: Option<&str>) -> Vec<Duplicate> {
    let listed: Vec<(&SourceReport, &str)> = facts
        .sources
        .iter()
        .filter(|s| s.listing.is_some())
        .filter_map(|s| Some((s, s.profile.as_ref()?.id.as_deref()?)))
        .collect();
    let region = region_of(listed.iter().filter_map(|(s, _)| s.listing.as_ref()?.phone.as_deref()), site);
    let held = |s: &SourceReport| s.aggregate.as_ref().and_then(|a| a.count).map_or(s.reviews, |c| c as usize);
    let mut out: Vec<Duplicate> = Vec::new();
    for (i, (a, id_a)) in listed.iter().enumerate() {
        for (b, id_b) in &listed[i + 1..] {
            if a.platform != b.platform || id_a == id_b {
                continue;
            }
            let (Some(la), Some(lb)) = (a.listing.as_ref(), b.listing.as_ref()) else { continue };
            let phone = matches!((la.phone.as_deref(), lb.phone.as_deref()), (Some(x), Some(y))
                if e164(x, region).is_some() && e164(x, region) == e164(y, region));
            let address =
                // A street address on both: a town alone ("Durham") is shared by every listing in it.
                matches!((la.address.as_deref(), lb.address.as_deref()), (Some(x), Some(y))
                    if !street_numbers(x).is_empty() && !street_numbers(y).is_empty() && same_address(x, y));
            if phone || address {
                out.push(Duplicate {
                    platform: a.platform.clone(),
                    ids: [id_a.to_string(), id_b.to_string()],
                    reviews: [Some(held(a)), Some(held(b))],
                    shared: if phone { "phone" } else { "address" }.to_string(),
                });
            }
        }
    }
    for s in &facts.sources {
        if let Some(profile) = &s.profile
            && let (Some(id), Some(of)) = (&profile.id, &profile.duplicate_of)
            && !out.iter().any(|d| d.ids.contains(id) && d.ids.contains(of))
        {
            out.push(Duplicate {
                platform: s.platform.clone(),
                ids: [id.clone(), of.clone()],
                // The other listing's reviews when one of the exports is it, else none known.
                reviews: [
                    Some(held(s)),
                    facts.sources.iter().find(|o| o.profile.as_ref().and_then(|p| p.id.as_ref()) == Some(of)).map(held),
                ],
                shared: "platform".to_string(),
            });
        }
    }
    out
}

/// A duplicate listing's reviews as the report says them: "12 reviews", or "not in the exports" when unknown.
pub(crate) fn held_text(reviews: Option<usize>) -> Text {
    match reviews {
        Some(count) => msg!("profile-reviews-held", count = count),
        None => msg!("profile-reviews-not-exported"),
    }
}

fn eval(input: &RuleInput) -> Evaluated {
    let facts = collected(&input.evidence.reviews)?;
    let params = input.params();
    let cards = cards(facts, Bars::from(|name| params.num(name)), input.as_of);
    if cards.is_empty() {
        return Err(Outcome::NotAssessed(msg!("profile-no-export")));
    }
    let carried: Vec<&ProfileField> =
        cards.iter().flat_map(|c| &c.fields).filter(|f| f.status != FieldStatus::NotInExport).collect();
    let total: f64 = carried.iter().map(|f| f.weight).sum();
    if total <= 0.0 {
        return Err(Outcome::NotAssessed(msg!("profile-nothing-carried")));
    }
    let value = carried.iter().filter(|f| f.status == FieldStatus::Complete).map(|f| f.weight).sum::<f64>() / total;
    let mut evidence = Vec::new();
    let mut fixes = Vec::new();
    for card in &cards {
        let complete: Vec<Text> =
            card.fields.iter().filter(|f| f.status == FieldStatus::Complete).map(|f| f.text.clone()).collect();
        if !complete.is_empty() {
            let line = msg!("profile-complete", source = card.source.as_str(), fields = Text::join(complete, "; "));
            evidence.push(EvidenceItem::new(EvidenceKind::Figure, line));
        }
        // One line per listing for what is missing (its card lists each with its fix).
        let missing: Vec<&ProfileField> =
            card.fields.iter().filter(|f| matches!(f.status, FieldStatus::Missing | FieldStatus::Critical)).collect();
        if !missing.is_empty() {
            let states = Text::join(missing.iter().map(|f| f.text.clone()), "; ");
            evidence.push(EvidenceItem::new(
                EvidenceKind::Problem,
                msg!("profile-missing", source = card.source.as_str(), state = states),
            ));
        }
        for f in missing.iter().filter(|f| f.weight > 0.0) {
            let fix = f.fix.clone().unwrap_or_else(|| Text::given(""));
            fixes.push((f.status == FieldStatus::Critical, f.weight, fix));
        }
        let absent: Vec<Text> =
            card.fields.iter().filter(|f| f.status == FieldStatus::NotInExport).map(|f| field_name(&f.field)).collect();
        if !absent.is_empty() {
            let line = msg!("profile-absent", source = card.source.as_str(), fields = Text::join(absent, ", "));
            evidence.push(EvidenceItem::new(EvidenceKind::Figure, line));
        }
    }
    let duplicates = duplicates(facts, input.evidence.business.website.as_deref());
    for d in &duplicates {
        let line = msg!(
            "profile-duplicate",
            platform = d.platform.as_str(),
            first = d.ids[0].as_str(),
            first_reviews = held_text(d.reviews[0]),
            second = d.ids[1].as_str(),
            second_reviews = held_text(d.reviews[1]),
            shared = match d.shared.as_str() {
                "phone" => msg!("profile-shared-phone"),
                "address" => msg!("profile-shared-address"),
                _ => msg!("profile-shared-platform"),
            }
        );
        evidence.push(EvidenceItem::new(EvidenceKind::Problem, line));
        fixes.push((false, 2.0, msg!("profile-duplicate-fix")));
    }
    // The most urgent first: critical, then by weight.
    fixes.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)));
    let critical = cards.iter().flat_map(|c| &c.fields).any(|f| f.status == FieldStatus::Critical);
    let mut m = Measurement::thresholded(value, params, Text::pct);
    m.text = msg!("profile-text", share = Text::pct(value), listings = cards.len());
    let thresholds = Thresholds::from_params(params);
    if critical {
        m.judged = thresholds.fail;
    } else if !duplicates.is_empty() {
        let between = (thresholds.pass + thresholds.fail) / 2.0;
        m.judged = m.judged.min(between);
    }
    let fixes = Text::join(fixes.into_iter().take(3).map(|(_, _, fix)| fix), "; ");
    Ok(m.with_evidence(evidence).var("fixes", fixes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    fn place(id: &str, phone: &str, profile: Profile) -> SourceReport {
        SourceReport {
            platform: "Google".into(),
            format: crate::config::sources::Format::Apify,
            location: format!("{id}.json"),
            reviews: 0,
            problems: vec![],
            problem_count: 0,
            error: None,
            aggregate: Some(crate::gather::reviews::Aggregate { stars: 4.5, count: Some(40), self_published: false }),
            also_search: Vec::new(),
            seed_rivals: 0,
            listing: Some(crate::gather::Nap { phone: Some(phone.into()), ..Default::default() }),
            profile: Some(Profile { id: Some(id.into()), ..profile }),
        }
    }

    fn complete() -> Profile {
        Profile {
            claimed: Some(true),
            closed: Some(Closure::Open),
            categories: Some(vec!["Dentist".into(), "Dental clinic".into(), "Orthodontist".into()]),
            description_chars: Some(400),
            photos: Some(40),
            hours: Some(true),
            website: Some(true),
            phone: Some(true),
            ..Profile::default()
        }
    }

    pub(super) fn fixtures() -> Fixtures {
        let with = |profile: Profile| {
            let mut facts = reviews(60, |i, days| review("Google", days, 5.0, Some(2), i));
            facts.sources.push(place("ChIJ1", "+1 718-356-5168", profile));
            with_reviews(facts)
        };
        Fixtures::new(with(complete()), with(Profile { claimed: Some(false), ..complete() }))
    }

    #[test]
    fn fields_the_export_does_not_carry_are_not_a_fail() {
        let t = touchpoint("listings_profile", &[]);
        let mut facts = reviews(10, |i, days| review("Google", days, 5.0, Some(2), i));
        facts.sources.push(place("ChIJ1", "+1 718-356-5168", Profile { photos: Some(30), ..Profile::default() }));
        let finding = finding_of(&t, &with_reviews(facts));
        assert_eq!(finding.status, crate::rules::Status::Pass, "{:?}", finding.evidence);
        let absent = finding.evidence.iter().map(|e| e.text.en()).find(|t| t.contains("not in this export"));
        assert!(absent.is_some_and(|t| t.contains("claim status") && !t.contains("photos")), "{:?}", finding.evidence);
    }

    #[test]
    fn a_closed_flag_fails_and_an_old_post_is_missing() {
        let t = touchpoint("listings_profile", &[]);
        let old = crate::gather::reviews::profile::Posts { count: 2, latest: None, latest_days_ago: Some(120) };
        let profile = Profile { closed: Some(Closure::Temporarily), posts: Some(old), ..complete() };
        let mut facts = reviews(10, |i, days| review("Google", days, 5.0, Some(2), i));
        facts.sources.push(place("ChIJ1", "+1 718-356-5168", profile));
        let finding = finding_of(&t, &with_reviews(facts));
        assert_eq!(finding.status, crate::rules::Status::Fail);
        let text: Vec<String> = finding.evidence.iter().map(|e| e.text.en()).collect();
        assert!(text.iter().any(|t| t.contains("temporarily closed")), "{text:?}");
        assert!(text.iter().any(|t| t.contains("120 days ago")), "{text:?}");
    }

    #[test]
    fn two_listings_with_one_phone_and_different_ids_are_duplicates() {
        let mut facts = reviews(10, |i, days| review("Google", days, 5.0, Some(2), i));
        facts.sources.push(place("ChIJ1", "+1 718-356-5168", complete()));
        facts.sources.push(place("ChIJ2", "(718) 356-5168", complete()));
        let found = duplicates(&facts, None);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].ids, ["ChIJ1".to_string(), "ChIJ2".to_string()]);
        assert_eq!(found[0].reviews, [Some(40), Some(40)]);
        let t = touchpoint("listings_profile", &[]);
        let finding = finding_of(&t, &with_reviews(facts));
        assert_ne!(finding.status, crate::rules::Status::Pass);
        assert!(finding.evidence.iter().any(|e| e.text.en().contains("ChIJ2 (40 reviews)")), "{:?}", finding.evidence);
    }

    #[test]
    fn listings_at_one_street_address_are_duplicates_and_a_town_alone_is_not() {
        let at = |id: &str, phone: &str, address: &str| {
            let mut listing = place(id, phone, complete());
            listing.listing.as_mut().unwrap().address = Some(address.into());
            listing
        };
        let mut facts = reviews(10, |i, days| review("Google", days, 5.0, Some(2), i));
        facts.sources.push(at("locations/111", "+44 191 555 0142", "14 Mill Road, Durham DH1 3AB"));
        facts.sources.push(at("locations/222", "+44 191 555 0199", "Durham"));
        assert!(duplicates(&facts, None).is_empty(), "a town is no street address");
        facts.sources.push(at("locations/333", "+44 191 555 0177", "14 Mill Rd, Durham"));
        let found = duplicates(&facts, None);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].ids, ["locations/111".to_string(), "locations/333".to_string()]);
        assert_eq!(found[0].shared, "address");
    }

    #[test]
    fn a_flagged_duplicate_outside_the_exports_has_unknown_reviews_not_zero() {
        let mut facts = reviews(10, |i, days| review("Google", days, 5.0, Some(2), i));
        let profile = Profile { duplicate_of: Some("locations/99".into()), ..complete() };
        facts.sources.push(place("locations/1", "+1 718-356-5168", profile));
        let found = duplicates(&facts, None);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].reviews[1], None);
        let t = touchpoint("listings_profile", &[]);
        let text: Vec<String> = finding_of(&t, &with_reviews(facts)).evidence.iter().map(|e| e.text.en()).collect();
        assert!(text.iter().any(|t| t.contains("locations/99 (not in the exports, reviews unknown)")), "{text:?}");
        assert!(!text.iter().any(|t| t.contains("(0 reviews)")), "{text:?}");
    }
}
