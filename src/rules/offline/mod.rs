//! The offline area: what the auditor scores by hand in offline.toml, one rule per file (`manual`, a score on
//! a scale; `manual_items`, a checklist of items), and the entry both read.

use crate::config::offline::{ManualEntry, ManualValue};
use crate::i18n::Text;
use crate::msg;
use crate::rules::{EvidenceItem, EvidenceKind, Outcome, RuleInput, collected};

// Each other file of this folder is one rule: build.rs declares its module here and lists it in `RULES`.
include!(concat!(env!("OUT_DIR"), "/rules_offline.rs"));

/// The auditor's entry for this touchpoint, or why there is none.
pub(super) fn entry<'a>(input: &'a RuleInput) -> Result<(&'a ManualEntry, &'a str), Outcome> {
    let offline = collected(&input.evidence.offline)?;
    let id = input.touchpoint.id.as_str();
    let file = offline.file.as_str();
    let entry =
        offline.scores.get(id).ok_or_else(|| Outcome::NotAssessed(msg!("man-no-score", id = id, file = file)))?;
    if let ManualValue::NotApplicable = entry.value {
        let reason = entry.note.clone().map_or_else(|| msg!("man-marked-na", file = file), Text::Given);
        return Err(Outcome::NotApplicable(reason));
    }
    Ok((entry, &offline.file))
}

/// The note, attached files and date the auditor gave, as evidence.
pub(super) fn entry_evidence(entry: &ManualEntry, file: &str) -> Vec<EvidenceItem> {
    let mut evidence = Vec::new();
    if let Some(note) = &entry.note {
        evidence.push(EvidenceItem::new(EvidenceKind::Note, note.clone()).sourced_from(file));
    }
    for attached in &entry.evidence {
        evidence.push(EvidenceItem::new(EvidenceKind::File, attached.clone()));
    }
    if let Some(date) = entry.assessed {
        evidence.push(EvidenceItem::new(EvidenceKind::Figure, msg!("man-assessed-on", date = Text::date(date))));
    }
    evidence
}
