//! The auditor's visit on a phone: a self-contained HTML form made from the checklist's hand-scored
//! touchpoints (`touchaudit visit`), and its export (a zip of offline.toml and photos/) read back into a
//! client's folder (`touchaudit visit import`), checked as `validate` checks.

use std::io::Read;
use std::path::{Path, PathBuf};

use base64::Engine;
use serde::Serialize;

use crate::config::Audit;
use crate::config::offline::ManualValue;
use crate::error::{Diagnostic, Error, Result};
use crate::report::html::escape;
use crate::t;

/// The longest side of a photo the form keeps, in pixels (downscaled in the page before it is stored).
pub(crate) const MAX_PHOTO_SIDE: u32 = 1600;
/// The largest entry `visit import` takes from an export, in bytes (a downscaled photo is far smaller).
pub(crate) const MAX_IMPORT_ENTRY_BYTES: u64 = 16 * 1024 * 1024;
/// The most entries an export may hold.
pub(crate) const MAX_IMPORT_ENTRIES: usize = 2_000;

const SCRIPT: &str = include_str!("../templates/visit.js");
const CSS: &str = include_str!("../templates/visit.css");

/// What the page's script reads (a JSON block, never executed).
#[derive(Serialize)]
struct PageData<'a> {
    audit: &'a str,
    /// What the form's saved state is kept under in the browser: one audit's, never another client's of the
    /// same name ([`state_key`]).
    key: String,
    progress: String,
    export_name: String,
    max_photo_side: u32,
}

/// The key of one audit's form state in the browser: the business's name, its site and the name of the
/// audit's folder (stable when the form is made again, on another machine too), hashed. Two clients of one
/// name (two branches, two cities) differ by site or folder, so one's entries never show in the other's form.
fn state_key(audit: &Audit, location: Option<&str>) -> String {
    let folder = std::fs::canonicalize(&audit.file)
        .ok()
        .and_then(|f| f.parent().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let site = audit.business.site.as_deref().unwrap_or("");
    // A chain's form for one location keeps its entries apart from the other locations' forms.
    let identity = match location {
        Some(place) => format!("{}\n{site}\n{folder}\n{place}", audit.business.name),
        None => format!("{}\n{site}\n{folder}", audit.business.name),
    };
    let digest = ring::digest::digest(&ring::digest::SHA256, identity.as_bytes());
    digest.as_ref()[..12].iter().map(|b| format!("{b:02x}")).collect()
}

/// The visit form for the audit's hand-scored touchpoints, in the report's language, with the values its
/// offline.toml already has. For a chain, `location` makes it the form of that location: prefilled from its
/// offline file, the location chosen, its entries kept apart from the other locations' forms.
pub fn form_html(audit: &Audit, location: Option<&str>) -> String {
    let tr = audit.business.locale.tr();
    let today = chrono::Local::now().date_naive();
    let place = location.and_then(|name| audit.locations.iter().find(|l| l.name == name));
    let offline = place.map_or(audit.offline.as_ref(), |l| l.offline.as_ref());
    let mut sections = String::new();
    let mut count = 0;
    for area in &audit.checklist.areas {
        let mut cards = String::new();
        for tp in audit.checklist.touchpoints.iter().filter(|t| t.area == area.id) {
            let kind = match tp.rule.hand {
                Some(crate::rules::Hand::Score) => "score",
                Some(crate::rules::Hand::Items) => "items",
                Some(crate::rules::Hand::Figure) => "figure",
                None => continue,
            };
            count += 1;
            cards.push_str(&card_html(tp, kind, offline, (tr, today)));
        }
        if !cards.is_empty() {
            sections.push_str(&format!("<section><h2>{}</h2>{cards}</section>", escape(&area.title)));
        }
    }
    let data = PageData {
        audit: &audit.business.name,
        key: state_key(audit, place.map(|l| l.name.as_str())),
        progress: t!(tr, "visit-progress", done = "{done}", total = "{total}"),
        export_name: format!("visit-{}.zip", slug(&audit.business.name)),
        max_photo_side: MAX_PHOTO_SIDE,
    };
    // `<` written as \u003c: the JSON cannot close its element.
    let json = serde_json::to_string(&data).unwrap_or_default().replace('<', "\\u003c");
    let hash = base64::engine::general_purpose::STANDARD
        .encode(ring::digest::digest(&ring::digest::SHA256, SCRIPT.as_bytes()));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'sha256-{hash}'; style-src 'unsafe-inline'; img-src data: blob:\">\
         <title>{title}</title><style>{CSS}</style></head><body>\
         <header><h1>{title}</h1><p>{business}</p>{location}<p id=\"progress\" aria-live=\"polite\">{start}</p>\
         <p id=\"storage-warning\" class=\"warning\" role=\"alert\" hidden>{full}</p></header>\
         <main>{sections}</main><footer><button id=\"export\" type=\"button\">{export}</button><p class=\"hint\">{hint}</p></footer>\
         <script type=\"application/json\" id=\"visit-data\">{json}</script><script>{SCRIPT}</script></body></html>\n",
        lang = tr.locale().code(),
        title = escape(&t!(tr, "visit-title")),
        business = escape(&audit.business.name),
        start = escape(&t!(tr, "visit-progress", done = 0, total = count)),
        export = escape(&t!(tr, "visit-export")),
        hint = escape(&t!(tr, "visit-hint")),
        location = location_field(audit, place.map(|l| l.name.as_str()), tr),
        full = escape(&t!(tr, "visit-storage-full")),
    )
}

/// A chain's form asks which location the visit was to (required before the export).
fn location_field(audit: &Audit, chosen: Option<&str>, tr: &crate::i18n::Tr) -> String {
    if audit.locations.is_empty() {
        return String::new();
    }
    let options: String = audit
        .locations
        .iter()
        .map(|l| {
            let selected = if chosen == Some(l.name.as_str()) { " selected" } else { "" };
            format!("<option{selected}>{}</option>", escape(&l.name))
        })
        .collect();
    format!(
        "<p><label for=\"location\">{}</label> <select id=\"location\" required><option value=\"\">—</option>{options}</select></p>",
        escape(&t!(tr, "visit-location"))
    )
}

/// One touchpoint's card: its title and guidance, the score (or figure) field or the item checkboxes, filled
/// from offline.toml where it has them, the note, not applicable, the date and photos.
fn card_html(
    tp: &crate::config::checklist::Touchpoint,
    kind: &str,
    offline: Option<&crate::config::offline::Offline>,
    (tr, today): (&crate::i18n::Tr, chrono::NaiveDate),
) -> String {
    let entry = offline.and_then(|o| o.scores.get(&tp.id));
    let id = escape(&tp.id);
    let guidance = tp.params.has("guidance").then(|| tp.params.text("guidance")).filter(|g| !g.is_empty());
    let mut body = String::new();
    match kind {
        "score" | "figure" => {
            let (min, max) = if kind == "score" {
                (tp.params.num("min"), tp.params.num("max"))
            } else {
                (0.0, if tp.params.text("unit") == "share" { 1.0 } else { 100.0 })
            };
            let value = match (kind, entry.map(|e| &e.value)) {
                ("score", Some(ManualValue::Score(v))) => Some(*v),
                ("figure", _) => offline.and_then(|o| o.figures.get(tp.params.text("key")).copied()),
                _ => None,
            };
            let step = if kind == "score" { "1" } else { "any" };
            body.push_str(&format!(
                "<label class=\"score\">{} <input data-field=\"score\" type=\"number\" inputmode=\"decimal\" min=\"{min}\" max=\"{max}\" step=\"{step}\"{}> <output>{}</output></label>",
                escape(&t!(tr, "visit-score", min = min, max = max)),
                value.map_or_else(String::new, |v| format!(" value=\"{v}\"")),
                value.map_or_else(String::new, |v| v.to_string())
            ));
        }
        _ => {
            let done = match entry.map(|e| &e.value) {
                Some(ManualValue::Items(items)) => items.clone(),
                _ => Default::default(),
            };
            body.push_str("<ul class=\"items\">");
            for item in tp.params.list("items") {
                let checked = done.get(item).copied().unwrap_or(false);
                let touched = if done.contains_key(item) { " data-touched=\"1\"" } else { "" };
                body.push_str(&format!(
                    "<li><label><input type=\"checkbox\" data-item=\"{}\"{}{touched}> {}</label></li>",
                    escape(item),
                    if checked { " checked" } else { "" },
                    escape(&item.replace('_', " "))
                ));
            }
            body.push_str("</ul>");
        }
    }
    let note = entry.and_then(|e| e.note.as_deref()).unwrap_or("");
    let date = entry.and_then(|e| e.assessed).unwrap_or(today);
    let na = matches!(entry.map(|e| &e.value), Some(ManualValue::NotApplicable));
    let key = if kind == "figure" { format!(" data-key=\"{}\"", escape(tp.params.text("key"))) } else { String::new() };
    format!(
        "<article class=\"card\" data-touchpoint=\"{id}\" data-kind=\"{kind}\"{key}><h3>{title}</h3>{guidance}{body}\
         <label class=\"block\">{note_label}<textarea data-field=\"note\" rows=\"3\">{note}</textarea></label>\
         <div class=\"row\"><label><input type=\"checkbox\" data-field=\"na\"{na}> {na_label}</label>\
         <label>{date_label} <input type=\"date\" data-field=\"date\" value=\"{date}\"></label></div>\
         <label class=\"photo\">{photo_label}<input type=\"file\" accept=\"image/*\" capture=\"environment\" multiple data-field=\"photo\"></label>\
         <div class=\"thumbs\"></div></article>",
        title = escape(&tp.title),
        guidance = guidance.map_or_else(String::new, |g| format!("<p class=\"guidance\">{}</p>", escape(g))),
        note_label = escape(&t!(tr, "visit-note")),
        note = escape(note),
        na = if na { " checked" } else { "" },
        na_label = escape(&t!(tr, "visit-na")),
        date_label = escape(&t!(tr, "visit-date")),
        photo_label = escape(&t!(tr, "visit-photo")),
    )
}

fn slug(name: &str) -> String {
    let s: String = name.chars().map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let s = s.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
    if s.is_empty() { "audit".to_string() } else { s }
}

/// What an import wrote.
#[derive(Debug)]
pub struct Imported {
    pub written: Vec<PathBuf>,
}

/// The number of entries a zip's end-of-central-directory record declares (None for zip64 or when there is
/// no such record: the zip reader then says what is wrong).
fn declared_entries(file: &mut std::fs::File) -> Option<usize> {
    use std::io::{Read, Seek, SeekFrom};
    const EOCD: [u8; 4] = [b'P', b'K', 5, 6];
    // The record is 22 bytes, followed by a comment of at most 65,535 bytes.
    let len = file.seek(SeekFrom::End(0)).ok()?;
    let tail = len.min(22 + 65_535);
    file.seek(SeekFrom::Start(len - tail)).ok()?;
    let mut bytes = Vec::new();
    file.take(tail).read_to_end(&mut bytes).ok()?;
    file.seek(SeekFrom::Start(0)).ok()?;
    let at = (0..bytes.len().saturating_sub(21)).rev().find(|&i| bytes[i..i + 4] == EOCD)?;
    let total = u16::from_le_bytes([bytes[at + 10], bytes[at + 11]]);
    (total != u16::MAX).then_some(usize::from(total))
}

/// What a visit export holds: its offline.toml, the location it names (a chain's), its photos.
struct Export {
    offline: Option<String>,
    location: Option<String>,
    photos: Vec<(String, Vec<u8>)>,
}

/// Reads a visit export's entries, each checked and within its limits.
fn read_export(zip_path: &Path) -> Result<Export> {
    let bad = |reason: String| Error::single(Diagnostic::new(zip_path, None, reason));
    // Looked at before opening: opening a FIFO would block until someone writes to it.
    let unreadable = |reason: String| Error::ReadInput { path: zip_path.into(), reason };
    let metadata = std::fs::metadata(zip_path).map_err(|e| unreadable(e.to_string()))?;
    if !metadata.is_file() {
        return Err(unreadable("not a regular file (a folder, device or pipe cannot be imported)".to_string()));
    }
    let mut file = std::fs::File::open(zip_path).map_err(|e| unreadable(e.to_string()))?;
    let declared = declared_entries(&mut file);
    let mut archive = zip::ZipArchive::new(file).map_err(|e| bad(format!("not a zip archive: {e}")))?;
    // The zip reader keeps one entry per name: a directory that lists more entries than it kept names one
    // twice (two offline.toml, say), and which one holds the visit cannot be told.
    if declared.is_some_and(|n| n != archive.len()) {
        return Err(bad(format!(
            "the export lists {} entries with {} distinct names: an entry (offline.toml or a photo) is in it twice",
            declared.unwrap_or(0),
            archive.len()
        )));
    }
    if archive.len() > MAX_IMPORT_ENTRIES {
        return Err(bad(format!(
            "{} entries; at most {MAX_IMPORT_ENTRIES} are read (MAX_IMPORT_ENTRIES)",
            archive.len()
        )));
    }
    let mut offline_text = None;
    let mut location: Option<String> = None;
    let mut photos: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| bad(format!("entry {}: {e}", i + 1)))?;
        let name = entry.name().to_string();
        if entry.is_dir() {
            continue;
        }
        let bytes = read_entry(&mut entry, &name).map_err(bad)?;
        if name == "offline.toml" {
            offline_text = Some(String::from_utf8(bytes).map_err(|_| bad("offline.toml is not UTF-8".to_string()))?);
        } else if name == LOCATION_ENTRY {
            let text = String::from_utf8(bytes).map_err(|_| bad("location.txt is not UTF-8".to_string()))?;
            location = Some(text.trim().to_string());
        } else {
            photos.push((name, bytes));
        }
    }
    Ok(Export { offline: offline_text, location, photos })
}

/// One entry's bytes, when it is something a visit export holds and within [`MAX_IMPORT_ENTRY_BYTES`].
fn read_entry(entry: &mut zip::read::ZipFile<'_, std::fs::File>, name: &str) -> std::result::Result<Vec<u8>, String> {
    let bad = |reason: String| reason;
    let safe =
        entry.enclosed_name().is_some_and(|p| p.components().all(|c| matches!(c, std::path::Component::Normal(_))));
    let allowed = name == "offline.toml"
        || name == LOCATION_ENTRY
        || name.strip_prefix("photos/").is_some_and(|rest| {
            !rest.contains('/')
                && [".jpg", ".jpeg", ".png", ".webp"].iter().any(|ext| rest.to_ascii_lowercase().ends_with(ext))
        });
    if !safe || !allowed {
        return Err(bad(format!(
            "`{name}` is not something a visit export holds (offline.toml, location.txt and photos/*.jpg|png|webp only)"
        )));
    }
    if entry.size() > MAX_IMPORT_ENTRY_BYTES {
        return Err(bad(format!(
            "`{name}` is {} bytes; an entry may have at most {MAX_IMPORT_ENTRY_BYTES} (MAX_IMPORT_ENTRY_BYTES)",
            entry.size()
        )));
    }
    let mut bytes = Vec::new();
    // The stated size can lie: read one byte past the cap at most.
    (&mut *entry).take(MAX_IMPORT_ENTRY_BYTES + 1).read_to_end(&mut bytes).map_err(|e| format!("`{name}`: {e}"))?;
    if bytes.len() as u64 > MAX_IMPORT_ENTRY_BYTES {
        return Err(bad(format!("`{name}` is larger than {MAX_IMPORT_ENTRY_BYTES} bytes (MAX_IMPORT_ENTRY_BYTES)")));
    }
    Ok(bytes)
}

/// Reads a visit export into `into` (the client's folder, with its audit.toml): only `offline.toml`,
/// `location.txt` (a chain's visit: the offline file of that `[[location]]` is the one filled) and images under
/// `photos/`, each within [`MAX_IMPORT_ENTRY_BYTES`]; offline.toml checked against the audit's checklist; an
/// existing offline.toml replaced only with `merge` (then the export's entries win, the others stay).
pub fn import(zip_path: &Path, into: &Path, merge: bool) -> Result<Imported> {
    let bad = |reason: String| Error::single(Diagnostic::new(zip_path, None, reason));
    let Export { offline: offline_text, location, photos } = read_export(zip_path)?;
    let text = offline_text.ok_or_else(|| bad("the export has no offline.toml".to_string()))?;
    let audit_file = into.join("audit.toml");
    let offline_name = match &location {
        // A chain's visit goes into its location's offline file.
        Some(place) => location_offline(&audit_file, place).map_err(bad)?,
        None => offline_name(&audit_file).unwrap_or_else(|| "offline.toml".to_string()),
    };
    let target = into.join(&offline_name);
    let original = std::fs::read_to_string(&target).ok();
    let text = match (&original, merge) {
        (Some(_), false) => {
            return Err(Error::Usage(format!(
                "{} exists; pass --merge to update it with the visit (entries the form did not touch stay)",
                target.display()
            )));
        }
        (Some(existing), true) => {
            merge_offline(existing, &text).map_err(|e| bad(format!("cannot merge offline.toml: {e}")))?
        }
        (None, _) => text,
    };
    // The audit is loaded with the new offline.toml in place, so it is checked exactly as `validate` checks it;
    // on any problem the folder is left as it was.
    let restore = || match &original {
        Some(existing) => std::fs::write(&target, existing),
        None => std::fs::remove_file(&target),
    };
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::ReadInput { path: target.clone(), reason: e.to_string() })?;
    }
    std::fs::write(&target, &text).map_err(|e| Error::ReadInput { path: target.clone(), reason: e.to_string() })?;
    if let Err(e) = crate::load(&audit_file, crate::config::Files::Disk, None) {
        let _ = restore();
        return Err(e);
    }
    let named: Vec<(&str, Vec<u8>)> = photos.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let mut written = match crate::report::write::write_all(into, &named) {
        Ok(written) => written,
        Err(e) => {
            let _ = restore();
            return Err(e);
        }
    };
    written.push(target);
    Ok(Imported { written })
}

/// The zip entry naming the location a chain's visit was to.
const LOCATION_ENTRY: &str = "location.txt";

/// The offline file of the `[[location]]` named `place` in the audit file (read without loading the rest).
fn location_offline(audit_file: &Path, place: &str) -> std::result::Result<String, String> {
    let text = std::fs::read_to_string(audit_file).map_err(|e| format!("{}: {e}", audit_file.display()))?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| format!("{}: {e}", audit_file.display()))?;
    let locations = table.get("location").and_then(toml::Value::as_array).cloned().unwrap_or_default();
    let found =
        locations.iter().find(|l| l.get("name").and_then(toml::Value::as_str).is_some_and(|n| n.trim() == place));
    match found {
        Some(l) => l.get("offline").and_then(toml::Value::as_str).map(str::to_string).ok_or_else(|| {
            format!("the visit is to `{place}`, whose [[location]] names no `offline` file: add one to audit.toml")
        }),
        None => Err(format!("the visit is to `{place}`, which is no [[location]] of {}", audit_file.display())),
    }
}

/// The offline file the audit names (`offline = "…"` at its top), read without loading the rest.
fn offline_name(audit_file: &Path) -> Option<String> {
    let text = std::fs::read_to_string(audit_file).ok()?;
    let table: toml::Table = toml::from_str(&text).ok()?;
    table.get("offline")?.as_str().map(str::to_string)
}

/// The existing offline.toml with the export's `[scores.*]` entries and `[figures]` put over it.
fn merge_offline(existing: &str, export: &str) -> std::result::Result<String, String> {
    let mut base: toml::Table = toml::from_str(existing).map_err(|e| e.to_string())?;
    let new: toml::Table = toml::from_str(export).map_err(|e| e.to_string())?;
    for section in ["scores", "figures"] {
        if let Some(toml::Value::Table(entries)) = new.get(section) {
            let target = base.entry(section).or_insert_with(|| toml::Value::Table(toml::Table::new()));
            if let toml::Value::Table(target) = target {
                for (k, v) in entries {
                    target.insert(k.clone(), v.clone());
                }
            }
        }
    }
    toml::to_string(&base).map_err(|e| e.to_string())
}
