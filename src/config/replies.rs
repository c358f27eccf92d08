//! Draft replies to unanswered negative reviews (`checklists/replies.toml`), chosen by the review's strongest
//! complaint themes, its star band and the report's language, for the consultant to edit and post.

use serde::Deserialize;

use crate::i18n::Locale;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RepliesToml {
    closing: Vec<Closing>,
    reply: Vec<Reply>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Closing {
    locale: String,
    with_contact: String,
    without_contact: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Reply {
    locale: String,
    /// The complaint theme it answers; none for the general draft.
    #[serde(default)]
    theme: Option<String>,
    /// The star bands it is for (stars rounded down); empty for every band.
    #[serde(default)]
    stars: Vec<u8>,
    text: String,
    /// One sentence for when this theme is the second complaint of a review.
    #[serde(default)]
    also: Option<String>,
}

fn builtin() -> &'static RepliesToml {
    static REPLIES: std::sync::OnceLock<RepliesToml> = std::sync::OnceLock::new();
    REPLIES.get_or_init(|| {
        // Shipped in the binary and parsed by a test.
        toml::from_str::<RepliesToml>(include_str!("../../checklists/replies.toml"))
            .unwrap_or(RepliesToml { closing: Vec::new(), reply: Vec::new() })
    })
}

/// What a draft is written for.
pub(crate) struct DraftFor<'a> {
    /// The themes to answer, strongest first (the lexicon's `reply_themes`: one, or two when both are strong).
    pub themes: &'a [String],
    pub stars: f64,
    pub author: Option<&'a str>,
    pub business: &'a str,
    /// How to reach a person (a phone), when known.
    pub contact: Option<&'a str>,
}

/// A draft reply in `locale`: the greeting, the answer to the strongest complaint for the star band, a
/// sentence for the second one, and the closing with the business and its contact.
pub(crate) fn draft(locale: Locale, review: &DraftFor) -> Option<String> {
    let replies = builtin();
    let band = review.stars.floor().clamp(0.0, 5.0) as u8;
    let find = |theme: Option<&str>| {
        replies.reply.iter().find(|r| {
            r.locale == locale.code() && r.theme.as_deref() == theme && (r.stars.is_empty() || r.stars.contains(&band))
        })
    };
    let first = review.themes.first().and_then(|t| find(Some(t)));
    let body = first.or_else(|| find(None))?;
    let also = match (first, review.themes.get(1)) {
        (Some(_), Some(second)) => find(Some(second)).and_then(|r| r.also.as_deref()),
        _ => None,
    };
    let closing = replies.closing.iter().find(|c| c.locale == locale.code())?;
    let closing = match review.contact.map(str::trim).filter(|c| !c.is_empty()) {
        Some(contact) => closing.with_contact.replace("{contact}", contact),
        None => closing.without_contact.clone(),
    };
    let closing = closing.replace("{business}", review.business.trim());
    let author = review.author.map(str::trim).filter(|a| !a.is_empty());
    let greeting = match (locale, author) {
        (Locale::En, Some(name)) => format!("Dear {name},"),
        (Locale::En, None) => "Hello,".to_string(),
        (Locale::Ru, Some(name)) => format!("{name}, здравствуйте!"),
        (Locale::Ru, None) => "Здравствуйте!".to_string(),
    };
    let mut out = format!("{greeting} {}", body.text);
    if let Some(also) = also {
        out.push(' ');
        out.push_str(also);
    }
    out.push(' ');
    out.push_str(&closing);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::lexicon::Lexicon;

    fn for_themes<'a>(themes: &'a [String], stars: f64) -> DraftFor<'a> {
        DraftFor { themes, stars, author: Some("Ann"), business: "Corner Garage", contact: Some("+1 555-0100") }
    }

    #[test]
    fn replies_parse_and_every_theme_has_a_draft_per_language_and_band() {
        let replies = builtin();
        assert!(!replies.reply.is_empty() && !replies.closing.is_empty(), "checklists/replies.toml parses");
        let lexicon = Lexicon::builtin().unwrap();
        for locale in Locale::ALL {
            assert!(replies.closing.iter().any(|c| c.locale == locale.code()), "{locale}: no closing");
            for band in 1..=3u8 {
                let general = replies.reply.iter().any(|r| {
                    r.locale == locale.code() && r.theme.is_none() && (r.stars.is_empty() || r.stars.contains(&band))
                });
                assert!(general, "{locale}: no general draft for {band} stars");
                for theme in lexicon.theme_ids() {
                    let found = replies.reply.iter().find(|r| {
                        r.locale == locale.code()
                            && r.theme.as_deref() == Some(theme)
                            && (r.stars.is_empty() || r.stars.contains(&band))
                    });
                    let found = found.unwrap_or_else(|| panic!("{locale}: no draft for {theme} at {band} stars"));
                    assert!(found.also.is_some(), "{locale}: {theme} has no `also` sentence");
                }
            }
        }
        // Every theme a draft names is a theme of the lexicon.
        let ids: Vec<&str> = lexicon.theme_ids().collect();
        for r in &replies.reply {
            assert!(r.theme.as_deref().is_none_or(|t| ids.contains(&t)), "unknown theme {:?}", r.theme);
        }
    }

    #[test]
    fn a_draft_answers_the_strongest_complaint_names_the_business_and_a_way_to_reach_a_person() {
        let lexicon = Lexicon::builtin().unwrap();
        let themes = |text: &str| -> Vec<String> { lexicon.reply_themes(text).into_iter().map(String::from).collect() };
        let calls = themes("Nobody answers the phone, I called five times.");
        assert_eq!(calls, ["communication"]);
        let text = draft(Locale::En, &for_themes(&calls, 1.0)).unwrap();
        assert!(text.starts_with("Dear Ann, we are sorry we were so hard to reach"), "{text}");
        assert!(text.contains("+1 555-0100") && text.ends_with("Corner Garage"), "{text}");
        assert!(!text.contains("spoken to") && !text.contains("treated"), "not another theme's apology: {text}");
        // Two strong complaints: the second gets its sentence.
        let both = themes("The receptionist was rude. We waited an hour past our appointment.");
        assert_eq!(both.len(), 2, "{both:?}");
        let text = draft(Locale::En, &for_themes(&both, 2.0)).unwrap();
        assert!(text.contains("also"), "{text}");
        // No theme: the general draft, which names no complaint.
        let none = draft(Locale::Ru, &DraftFor { contact: None, author: None, ..for_themes(&[], 1.0) }).unwrap();
        assert!(none.starts_with("Здравствуйте! Спасибо, что нашли время"), "{none}");
        assert!(none.contains("управляющим напрямую") && none.ends_with("Corner Garage"), "{none}");
    }

    #[test]
    fn the_car_service_complaint_is_about_the_staff_in_both_languages() {
        let lexicon = Lexicon::builtin().unwrap();
        let review = "Мастер нахамил, машину держали три дня. Больше не приеду.";
        let themes: Vec<String> = lexicon.reply_themes(review).into_iter().map(String::from).collect();
        assert_eq!(themes.first().map(String::as_str), Some("staff"), "{themes:?}");
        assert!(!lexicon.themes_in(review).contains(&"quality"), "{:?}", lexicon.themes_in(review));
        for locale in Locale::ALL {
            let text = draft(locale, &for_themes(&themes, 1.0)).unwrap();
            let staff = if locale == Locale::Ru { "отношение" } else { "treated" };
            assert!(text.contains(staff), "{locale}: {text}");
        }
    }
}
