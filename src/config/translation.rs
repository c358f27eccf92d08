//! A checklist's texts in another language: the titles, `why` and `fix` texts by id.
//!
//! They come from three places, each over the one before:
//! - the checklist's own entries: a `[touchpoint.ru]` table after a `[[touchpoint]]` (so `[level.ru]`,
//!   `[area.ru]`), as the default checklist writes every Russian text beside the English one;
//! - an overlay file beside the checklist (`mine.toml` and `mine.ru.toml`, texts by id), for a checklist one
//!   does not want to edit;
//! - the default checklist, for a touchpoint, area or level copied from it with its English texts unchanged,
//!   so a copy with items dropped and weights changed still reads in Russian without translating anything.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::Files;
use super::checklist::Checklist;
use super::diag;
use crate::error::Diagnostic;
use crate::i18n::Locale;
use crate::spec::{RuleBook, placeholders};

/// Puts `checklist` (read from `file`, or the built-in one) into `locale`: its own overlay beside the file
/// when there is one, then the default's translation for what it copied unchanged. Mistakes in the overlay
/// are `Error::Invalid` (the loader lists them with the rest); a file that cannot be read is `ReadInput`.
pub fn localize(
    checklist: &mut Checklist,
    file: Option<&Path>,
    files: Files,
    locale: Locale,
    rules: &dyn RuleBook,
) -> crate::error::Result<()> {
    if locale == Locale::En {
        return Ok(());
    }
    // Read once for both steps that compare with it.
    let default = Checklist::builtin(rules).ok();
    if let Some(own) = checklist.translations.get(&locale).cloned() {
        let english = checklist.clone();
        apply(checklist, &own);
        if let Some(default) = &default {
            keep_edited_english(checklist, &english, default, locale);
        }
    }
    if let Some(overlay_file) = file.map(|file| overlay_path(file, locale))
        && files.has(&overlay_file)
    {
        let text = files.read(&overlay_file)?;
        let overlay = parse(&overlay_file, &text, checklist).map_err(crate::error::Error::Invalid)?;
        apply(checklist, &overlay);
    }
    if let Some(default) = &default {
        apply_default_from(checklist, default, locale);
    }
    Ok(())
}

/// Where a checklist file's overlay for `locale` sits: `mine.toml` → `mine.ru.toml`.
pub(crate) fn overlay_path(checklist: &Path, locale: Locale) -> PathBuf {
    checklist.with_extension(format!("{}.toml", locale.code()))
}

/// A checklist's texts in one language, by id.
#[derive(Deserialize, Default, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub(crate) struct Overlay {
    #[serde(default)]
    pub(crate) level: BTreeMap<String, Spanned<LevelText>>,
    #[serde(default)]
    pub(crate) area: BTreeMap<String, Spanned<AreaText>>,
    #[serde(default)]
    pub(crate) touchpoint: BTreeMap<String, Spanned<TouchpointText>>,
}

impl Overlay {
    /// Whether it translates nothing.
    pub(crate) fn is_empty(&self) -> bool {
        self.level.is_empty() && self.area.is_empty() && self.touchpoint.is_empty()
    }
}

/// A level's texts in one language.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub(crate) struct LevelText {
    title: String,
    #[serde(default)]
    description: String,
}

/// An area's title in one language.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub(crate) struct AreaText {
    title: String,
}

/// A touchpoint's texts in one language.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub(crate) struct TouchpointText {
    title: String,
    why: String,
    fix: Spanned<String>,
    /// The translated text params of a rule that shows them: `unit` of a measured value, `guidance` for the
    /// auditor in the offline.toml template.
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    guidance: Option<String>,
}

impl TouchpointText {
    fn params(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [("unit", &self.unit), ("guidance", &self.guidance)].into_iter().filter_map(|(n, v)| Some((n, v.as_deref()?)))
    }
}

/// Parses an overlay and checks it against `checklist`: every id exists and every `fix` uses only the
/// placeholders its rule fills in.
pub(crate) fn parse(file: &Path, text: &str, checklist: &Checklist) -> Result<Overlay, Vec<Diagnostic>> {
    let overlay: Overlay = toml::from_str(text).map_err(|e| vec![diag::from_toml(file, text, &e)])?;
    let places = diag::Places::new(file, text);
    let at = |span: std::ops::Range<usize>, message: String| places.at(span, message);
    let mut problems = Vec::new();
    for (id, level) in &overlay.level {
        if !checklist.levels.iter().any(|l| &l.id == id) {
            let known = checklist.levels.iter().map(|l| l.id.as_str());
            problems.push(at(level.span(), format!("unknown level `{id}`")).with_help(diag::did_you_mean(id, known)));
        }
    }
    for (id, area) in &overlay.area {
        if checklist.area(id).is_none() {
            let known = checklist.areas.iter().map(|a| a.id.as_str());
            problems.push(at(area.span(), format!("unknown area `{id}`")).with_help(diag::did_you_mean(id, known)));
        }
    }
    for (id, text) in &overlay.touchpoint {
        if checklist.touchpoint(id).is_none() {
            let known = checklist.touchpoints.iter().map(|t| t.id.as_str());
            problems
                .push(at(text.span(), format!("unknown touchpoint `{id}`")).with_help(diag::did_you_mean(id, known)));
        }
    }
    problems.extend(check(&overlay, checklist, &at));
    if problems.is_empty() { Ok(overlay) } else { Err(problems) }
}

/// The problems of an overlay's touchpoint texts: a param the touchpoint does not have, a `fix` placeholder
/// its rule does not fill. Ids the checklist does not have are passed over (the caller has placed them).
pub(crate) fn check(
    overlay: &Overlay,
    checklist: &Checklist,
    at: &dyn Fn(std::ops::Range<usize>, String) -> Diagnostic,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (id, text) in &overlay.touchpoint {
        let Some(touchpoint) = checklist.touchpoint(id) else { continue };
        for (name, _) in text.get_ref().params() {
            if !touchpoint.params.has(name) {
                problems.push(at(text.span(), format!("touchpoint `{id}` has no `{name}` to translate")));
            }
        }
        let fix = &text.get_ref().fix;
        let known = || touchpoint.rule.fix_names();
        for name in placeholders(fix.get_ref()) {
            if !known().any(|k| k == name) {
                problems.push(
                    at(fix.span(), format!("touchpoint `{id}`: `fix` uses unknown placeholder `{{{name}}}`"))
                        .with_help(Some(format!(
                            "placeholders here: {}",
                            known().map(|k| format!("{{{k}}}")).collect::<Vec<_>>().join(" ")
                        ))),
                );
            }
        }
    }
    problems
}

/// Puts the overlay's texts into the checklist; items it does not name keep theirs.
pub(crate) fn apply(checklist: &mut Checklist, overlay: &Overlay) {
    for level in &mut checklist.levels {
        if let Some(text) = overlay.level.get(&level.id) {
            level.title.clone_from(&text.get_ref().title);
            level.description.clone_from(&text.get_ref().description);
        }
    }
    for area in &mut checklist.areas {
        if let Some(text) = overlay.area.get(&area.id) {
            area.title.clone_from(&text.get_ref().title);
        }
    }
    for touchpoint in &mut checklist.touchpoints {
        if let Some(text) = overlay.touchpoint.get(&touchpoint.id) {
            let text = text.get_ref();
            touchpoint.title.clone_from(&text.title);
            touchpoint.why.clone_from(&text.why);
            touchpoint.fix.clone_from(text.fix.get_ref());
            for (name, value) in text.params() {
                touchpoint.params.set_text(name, value);
            }
        }
    }
}

/// A copy of the default checklist carries the default's translations in its entries. Where the copy's
/// English text differs from the default's and its translation is still the default's, that translation is
/// of a text no longer there: the copy's own English text stays (`english` is the copy before translating).
fn keep_edited_english(checklist: &mut Checklist, english: &Checklist, default: &Checklist, locale: Locale) {
    let Some(overlay) = default.translations.get(&locale) else { return };
    // `now` is the translated text; it goes back to `own` when `own` was edited and `now` is the default's.
    let keep = |now: &mut String, own: &str, original: &str, translated: &str| {
        if own != original && now == translated {
            *now = own.to_string();
        }
    };
    for level in &mut checklist.levels {
        let (Some(own), Some(original), Some(text)) = (
            english.levels.iter().find(|l| l.id == level.id),
            default.levels.iter().find(|l| l.id == level.id),
            overlay.level.get(&level.id),
        ) else {
            continue;
        };
        keep(&mut level.title, &own.title, &original.title, &text.get_ref().title);
        keep(&mut level.description, &own.description, &original.description, &text.get_ref().description);
    }
    for area in &mut checklist.areas {
        if let (Some(own), Some(original), Some(text)) =
            (english.area(&area.id), default.area(&area.id), overlay.area.get(&area.id))
        {
            keep(&mut area.title, &own.title, &original.title, &text.get_ref().title);
        }
    }
    for touchpoint in &mut checklist.touchpoints {
        let (Some(own), Some(original), Some(text)) = (
            english.touchpoint(&touchpoint.id),
            default.touchpoint(&touchpoint.id),
            overlay.touchpoint.get(&touchpoint.id),
        ) else {
            continue;
        };
        let text = text.get_ref();
        keep(&mut touchpoint.title, &own.title, &original.title, &text.title);
        keep(&mut touchpoint.why, &own.why, &original.why, &text.why);
        keep(&mut touchpoint.fix, &own.fix, &original.fix, text.fix.get_ref());
        for (name, translated) in text.params() {
            let mut now = touchpoint.params.text(name).to_string();
            keep(&mut now, own.params.text(name), original.params.text(name), translated);
            touchpoint.params.set_text(name, &now);
        }
    }
}

/// Translates what `checklist` copied unchanged from the default checklist with the default's overlay.
pub(crate) fn apply_default(checklist: &mut Checklist, locale: Locale, rules: &dyn RuleBook) {
    if let Ok(default) = Checklist::builtin(rules) {
        apply_default_from(checklist, &default, locale);
    }
}

/// [`apply_default`] with the default checklist at hand.
fn apply_default_from(checklist: &mut Checklist, default: &Checklist, locale: Locale) {
    let Some(overlay) = default.translations.get(&locale) else { return };
    for level in &mut checklist.levels {
        if let (Some(text), Some(original)) =
            (overlay.level.get(&level.id), default.levels.iter().find(|l| l.id == level.id))
            && level.title == original.title
            && level.description == original.description
        {
            level.title.clone_from(&text.get_ref().title);
            level.description.clone_from(&text.get_ref().description);
        }
    }
    for area in &mut checklist.areas {
        if let (Some(text), Some(original)) = (overlay.area.get(&area.id), default.area(&area.id))
            && area.title == original.title
        {
            area.title.clone_from(&text.get_ref().title);
        }
    }
    for touchpoint in &mut checklist.touchpoints {
        let (Some(text), Some(original)) = (overlay.touchpoint.get(&touchpoint.id), default.touchpoint(&touchpoint.id))
        else {
            continue;
        };
        let text = text.get_ref();
        if touchpoint.title == original.title {
            touchpoint.title.clone_from(&text.title);
        }
        if touchpoint.why == original.why {
            touchpoint.why.clone_from(&text.why);
        }
        if touchpoint.fix == original.fix {
            touchpoint.fix.clone_from(text.fix.get_ref());
        }
        for (name, value) in text.params() {
            if touchpoint.params.text(name) == original.params.text(name) {
                touchpoint.params.set_text(name, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_checklist_translates_every_text() {
        let default = Checklist::builtin(&crate::rules::registry::Registry).unwrap();
        let file = "checklists/default.toml";
        for locale in Locale::ALL.into_iter().filter(|l| *l != Locale::En) {
            let overlay = &default.translations[&locale];
            for level in &default.levels {
                let t = overlay.level.get(&level.id).unwrap_or_else(|| panic!("{file}: level `{}` missing", level.id));
                assert!(!t.get_ref().title.is_empty() && !t.get_ref().description.is_empty(), "{file}: {}", level.id);
            }
            for area in &default.areas {
                assert!(overlay.area.contains_key(&area.id), "{file}: area `{}` missing", area.id);
            }
            for tp in &default.touchpoints {
                let t =
                    overlay.touchpoint.get(&tp.id).unwrap_or_else(|| panic!("{file}: touchpoint `{}` missing", tp.id));
                let t = t.get_ref();
                assert!(!t.title.is_empty() && !t.why.is_empty() && !t.fix.get_ref().is_empty(), "{file}: {}", tp.id);
                let (mut ours, mut theirs) = (placeholders(&tp.fix), placeholders(t.fix.get_ref()));
                ours.sort_unstable();
                theirs.sort_unstable();
                ours.dedup();
                theirs.dedup();
                assert_eq!(ours, theirs, "{file}: `{}` fix placeholders", tp.id);
            }
        }
    }

    #[test]
    fn a_copy_of_the_default_keeps_its_translation_and_own_texts_stay() {
        let mut copy = Checklist::builtin(&crate::rules::registry::Registry).unwrap();
        copy.touchpoints.retain(|t| t.id != "website.https");
        copy.touchpoints[0].title = "Our own title".to_string();
        apply_default(&mut copy, Locale::Ru, &crate::rules::registry::Registry);
        assert_eq!(copy.touchpoints[0].title, "Our own title");
        assert_ne!(
            copy.touchpoints[0].why,
            Checklist::builtin(&crate::rules::registry::Registry).unwrap().touchpoints[0].why
        );
        assert!(copy.areas.iter().all(|a| !a.title.is_ascii()), "{:?}", copy.areas);
    }

    #[test]
    fn a_checklists_own_entries_translate_it_and_their_mistakes_are_placed() {
        use crate::config::checklist::{DEFAULT_CHECKLIST, parse as parse_checklist};
        let rules = &crate::rules::registry::Registry;
        let file = Path::new("mine.toml");
        let https = DEFAULT_CHECKLIST.find("id = \"website.https\"").unwrap();
        let (head, tail) = DEFAULT_CHECKLIST.split_at(https);
        let own = tail.replacen("title = \"Pages are served over HTTPS\"", "title = \"Our HTTPS\"", 1).replacen(
            "title = \"Страницы открываются по HTTPS\"",
            "title = \"Наш HTTPS\"",
            1,
        );
        let mut mine = parse_checklist(file, &format!("{head}{own}"), "mine.toml", rules).unwrap();
        localize(&mut mine, None, Files::Disk, Locale::Ru, rules).unwrap();
        let https = mine.touchpoint("website.https").unwrap();
        assert_eq!(https.title, "Наш HTTPS");
        assert!(https.why.starts_with("Браузеры"), "{}", https.why);
        // In English the entry reads as written.
        let mine = parse_checklist(file, &format!("{head}{own}"), "mine.toml", rules).unwrap();
        assert_eq!(mine.touchpoint("website.https").unwrap().title, "Our HTTPS");
        // A placeholder the rule does not fill, in the Russian text, is placed at its line.
        let bad = tail.replacen("(без HTTPS ещё страниц: {failing})", "({nope})", 1);
        let problems = parse_checklist(file, &format!("{head}{bad}"), "mine.toml", rules).err().unwrap();
        let line = head.lines().count() + tail.lines().position(|l| l.contains("без HTTPS ещё")).unwrap() + 1;
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].position.map(|p| p.0), Some(line), "{problems:?}");
        assert!(problems[0].message.contains("{nope}"), "{problems:?}");
        // Keys a translation does not have are errors, as anywhere in the checklist.
        let typo = tail.replacen("[touchpoint.ru]\ntitle", "[touchpoint.ru]\ntitel", 1);
        assert!(parse_checklist(file, &format!("{head}{typo}"), "mine.toml", rules).is_err());
    }

    #[test]
    fn overlay_mistakes_name_the_place() {
        let default = Checklist::builtin(&crate::rules::registry::Registry).unwrap();
        let text = "[touchpoint.\"website.httpz\"]\ntitle = \"x\"\nwhy = \"y\"\nfix = \"z\"\n";
        let problems = parse(Path::new("mine.ru.toml"), text, &default).err().unwrap();
        let shown = format!("{problems:?}");
        assert!(shown.contains("unknown touchpoint `website.httpz`") && shown.contains("website.https"), "{shown}");
        let text = "[touchpoint.\"website.https\"]\ntitle = \"x\"\nwhy = \"y\"\nfix = \"{nope}\"\n";
        let shown = format!("{:?}", parse(Path::new("mine.ru.toml"), text, &default).err().unwrap());
        assert!(shown.contains("{nope}"), "{shown}");
    }
}
