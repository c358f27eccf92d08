//! A checklist's texts in another language: an overlay file with the titles, `why` and `fix` texts by id.
//!
//! The default checklist ships `checklists/default.ru.toml`. A checklist of one's own may sit beside its
//! overlay (`mine.toml` and `mine.ru.toml`); a touchpoint, area or level it copied unchanged from the default
//! checklist takes the default's translation, so a copy with items dropped and weights changed still reads in
//! Russian without translating anything.

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

/// The default checklist's overlays, by locale (English is the checklist itself).
pub fn default_overlay(locale: Locale) -> Option<(&'static str, &'static str)> {
    match locale {
        Locale::En => None,
        Locale::Ru => Some(("checklists/default.ru.toml", include_str!("../../checklists/default.ru.toml"))),
    }
}

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
    if let Some(overlay_file) = file.map(|file| overlay_path(file, locale))
        && files.has(&overlay_file)
    {
        let text = files.read(&overlay_file)?;
        let overlay = parse(&overlay_file, &text, checklist).map_err(crate::error::Error::Invalid)?;
        apply(checklist, &overlay);
    }
    apply_default(checklist, locale, rules);
    Ok(())
}

/// Where a checklist file's overlay for `locale` sits: `mine.toml` → `mine.ru.toml`.
pub fn overlay_path(checklist: &Path, locale: Locale) -> PathBuf {
    checklist.with_extension(format!("{}.toml", locale.code()))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Overlay {
    #[serde(default)]
    level: BTreeMap<String, Spanned<LevelText>>,
    #[serde(default)]
    area: BTreeMap<String, Spanned<AreaText>>,
    #[serde(default)]
    touchpoint: BTreeMap<String, Spanned<TouchpointText>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelText {
    title: String,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AreaText {
    title: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TouchpointText {
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
pub fn parse(file: &Path, text: &str, checklist: &Checklist) -> Result<Overlay, Vec<Diagnostic>> {
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
        let Some(touchpoint) = checklist.touchpoint(id) else {
            let known = checklist.touchpoints.iter().map(|t| t.id.as_str());
            problems
                .push(at(text.span(), format!("unknown touchpoint `{id}`")).with_help(diag::did_you_mean(id, known)));
            continue;
        };
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
    if problems.is_empty() { Ok(overlay) } else { Err(problems) }
}

/// Puts the overlay's texts into the checklist; items it does not name keep theirs.
pub fn apply(checklist: &mut Checklist, overlay: &Overlay) {
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

/// Translates what `checklist` copied unchanged from the default checklist with the default's overlay.
pub fn apply_default(checklist: &mut Checklist, locale: Locale, rules: &dyn RuleBook) {
    let (Some((file, text)), Ok(default)) = (default_overlay(locale), Checklist::builtin(rules)) else { return };
    let Ok(overlay) = parse(Path::new(file), text, &default) else { return };
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
    fn default_overlays_translate_every_text() {
        let default = Checklist::builtin(&crate::rules::registry::Registry).unwrap();
        for locale in Locale::ALL {
            let Some((file, text)) = default_overlay(locale) else { continue };
            let overlay = parse(Path::new(file), text, &default).unwrap_or_else(|e| panic!("{e:?}"));
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
