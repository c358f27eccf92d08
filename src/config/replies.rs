//! Draft replies to unanswered negative reviews (`checklists/replies.toml`), chosen by the review's complaint
//! themes and the report's language, for the consultant to edit and post.

use serde::Deserialize;

use crate::i18n::Locale;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RepliesToml {
    reply: Vec<Reply>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Reply {
    locale: String,
    themes: Vec<String>,
    text: String,
}

fn builtin() -> &'static [Reply] {
    static REPLIES: std::sync::OnceLock<Vec<Reply>> = std::sync::OnceLock::new();
    REPLIES.get_or_init(|| {
        // Shipped in the binary and parsed by a test.
        toml::from_str::<RepliesToml>(include_str!("../../checklists/replies.toml"))
            .map(|r| r.reply)
            .unwrap_or_default()
    })
}

/// A draft reply in `locale` for a review raising `themes`, greeting `author` by name when known.
pub fn draft(locale: Locale, themes: &[String], author: Option<&str>) -> Option<String> {
    let mine: Vec<&Reply> = builtin().iter().filter(|r| r.locale == locale.code()).collect();
    let reply = mine
        .iter()
        .find(|r| r.themes.iter().any(|t| themes.contains(t)))
        .or_else(|| mine.iter().find(|r| r.themes.is_empty()))?;
    let author = author.map(str::trim).filter(|a| !a.is_empty());
    let greeting = match (locale, author) {
        (Locale::En, Some(name)) => format!("Dear {name},"),
        (Locale::En, None) => "Hello,".to_string(),
        (Locale::Ru, Some(name)) => format!("{name}, здравствуйте!"),
        (Locale::Ru, None) => "Здравствуйте!".to_string(),
    };
    Some(reply.text.replace("{greeting}", &greeting))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_has_a_fallback_draft_and_themes_pick_theirs() {
        assert!(!builtin().is_empty(), "checklists/replies.toml parses");
        for locale in Locale::ALL {
            assert!(draft(locale, &[], None).is_some(), "{locale}");
        }
        let waiting = draft(Locale::En, &["waiting".into()], Some("Ann")).unwrap();
        assert!(waiting.starts_with("Dear Ann,") && waiting.contains("wait"), "{waiting}");
        let price = draft(Locale::Ru, &["price".into()], None).unwrap();
        assert!(price.starts_with("Здравствуйте! Спасибо за отзыв о счёте"), "{price}");
    }
}
