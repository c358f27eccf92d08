//! Word lists for text from customers: complaint themes (`checklists/themes.toml`) and tone with negation,
//! contrast and intensity (`checklists/tone.toml`), English and Russian, swappable by the user from audit.toml.
//!
//! Texts are read through the one tokenizer (`crate::text`): words and their Snowball stems, clauses, and
//! list entries that are words or phrases, matched on stems or (`=form`) exact forms. A clause's tone is the
//! sum of its tone words, each flipped by a negator a few words before it within the clause; a clause opened
//! by a word of contrast ("but", "но") weighs more than the one before it. A complaint theme is raised by its
//! complaint words ("rude", "нахамил") wherever they are not negated, and by its subjects ("waiter",
//! "официант") in a clause that is not praise.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::config::diag;
use crate::error::Diagnostic;
use crate::i18n::Locale;
use crate::text::{self, Terms, Token};

pub(crate) const DEFAULT_THEMES: &str = include_str!("../../checklists/themes.toml");
pub(crate) const DEFAULT_TONE: &str = include_str!("../../checklists/tone.toml");
/// Learned word weights for texts whose tone no listed word decides (see [`Lean`]).
pub(crate) const DEFAULT_LEAN: &str = include_str!("../../checklists/tone-lean.tsv");
/// How sure the learned lean must be before it calls a text with no tone word praise or complaint
/// (`lean_confidence` in tone.toml).
const DEFAULT_LEAN_CONFIDENCE: f32 = 0.55;

/// How much a complaint word weighs in a theme's strength, against a subject in a clause that is not praise.
const COMPLAINT_WEIGHT: f32 = 2.0;
const SUBJECT_IN_COMPLAINT_WEIGHT: f32 = 1.5;
const SUBJECT_IN_NEUTRAL_WEIGHT: f32 = 1.0;
/// A complaint that names no theme anywhere counts this much for `unnamed_complaints`.
const UNNAMED_COMPLAINT_WEIGHT: f32 = 1.0;
/// A second theme is answered in the draft when it is at least this strong (one complaint word, or a subject
/// in a complaining clause) and at least this share of the strongest one's strength.
const SECOND_THEME_MIN: f32 = 2.0;
const SECOND_THEME_SHARE: f32 = 0.75;
/// A theme only named, never complained of in words, counts beside one complained of when it is at least this
/// share of that one's strength.
const SUBJECT_BESIDE_COMPLAINT_SHARE: f32 = 0.5;
/// The weight of a clause opened by a word of contrast ("good, but slow": the "but" clause decides).
const CONTRAST_WEIGHT: f32 = 1.5;
/// A negated negative word ("not bad", "неплохо" written apart) is faint praise, weaker than the word.
const NEGATED_NEGATIVE_WEIGHT: f32 = 0.5;
/// An intensifier ("very", "очень") strengthens the tone word after it.
const INTENSIFIED_WEIGHT: f32 = 1.5;
/// The longest quote of a complaint the report shows, in characters.
pub(crate) const QUOTE_CHARS: usize = 100;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemesToml {
    /// The theme of a complaining clause that names no theme ("Горячее тоже не понравилось"): the work or
    /// product itself, in the default lists.
    #[serde(default)]
    unnamed_complaints: Option<Spanned<String>>,
    /// Words that name the business as a whole ("this place", "заведение"): a complaining clause that names it
    /// and no theme says nothing about what went wrong, so it is not filed under `unnamed_complaints`.
    #[serde(default)]
    whole_business: Vec<Spanned<String>>,
    /// Phrases that name things and raise no theme ("waiting room", "зал ожидания").
    #[serde(default)]
    names: Vec<Spanned<String>>,
    themes: BTreeMap<String, ThemeToml>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeToml {
    title: String,
    /// The title in other report languages, by locale code: `titles = { ru = "…" }`.
    #[serde(default)]
    titles: BTreeMap<String, String>,
    /// Words and phrases that are the complaint themselves ("rude", "waited for an hour", "нахамил").
    #[serde(default)]
    complaints: Vec<Spanned<String>>,
    /// What the complaint is about ("waiter", "bill", "официант"): a complaint where its clause is not praise.
    #[serde(default)]
    subjects: Vec<Spanned<String>>,
    /// The hand-scored touchpoints of the visit the theme is about (`staff.politeness` for staff attitude): a
    /// chain's report puts each location's complaints beside them. Ids the checklist lacks are passed over.
    #[serde(default)]
    touchpoints: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ToneToml {
    /// How many words before a tone word a negator still flips it.
    negation_window: usize,
    negators: Vec<Spanned<String>>,
    /// Words a negation reaches across to the tone word after them ("not *the* best", "не *было* вкусно");
    /// any other word ends its reach ("не знают этот замечательный ресторан" does not negate the praise).
    /// Intensifiers and words of excess are crossed too. Empty: every word within the window is crossed.
    #[serde(default)]
    negation_crosses: Vec<Spanned<String>>,
    /// Verbs of opinion right after a negator that pass the negation on to what they govern ("don't *think* I
    /// would go again" negates "go again"): the window is counted from their last word.
    #[serde(default)]
    negation_raisers: Vec<Spanned<String>>,
    /// Phrases that start with a negator but negate nothing ("not only", "не менее", "не могу не").
    #[serde(default)]
    not_negations: Vec<Spanned<String>>,
    /// Words that open a clause of contrast, which then weighs more than the clause before it.
    #[serde(default)]
    contrast: Vec<Spanned<String>>,
    /// Words that strengthen the tone word after them ("very", "очень"); never tone words themselves.
    #[serde(default)]
    intensifiers: Vec<Spanned<String>>,
    /// Words of excess ("too", "слишком"): the word after them is a fault ("too salty").
    #[serde(default)]
    excess: Vec<Spanned<String>>,
    positive: Vec<Spanned<String>>,
    negative: Vec<Spanned<String>>,
    /// Smileys and emoji that carry tone (":)", "👍"); runs of brackets (")))", "(((") count too.
    #[serde(default)]
    positive_marks: Vec<String>,
    #[serde(default)]
    negative_marks: Vec<String>,
    /// How sure the learned lean (`tone-lean.tsv`) must be, as a probability from 0.5 to 1, before it calls a
    /// text that no listed word decides praise or complaint; 1 turns the lean off.
    #[serde(default)]
    lean_confidence: Option<Spanned<f32>>,
}

/// The longest verb of opinion (`negation_raisers`) a negation passes through, in words.
const MAX_RAISER_WORDS: usize = 3;

/// What a smiley or emoji adds to a text's tone: less than a word, enough to decide a text with none.
const MARK_WEIGHT: f32 = 0.5;
/// This many more closing than opening brackets (")))") is a smile; as many more opening ones, a frown.
const BRACKET_RUN: usize = 2;

/// One list of a lexicon file, compiled; an entry with no word in it is an error at its line.
fn compile(file: &Path, source: &str, key: &str, list: &[Spanned<String>]) -> Result<Terms, Diagnostic> {
    let written: Vec<&str> = list.iter().map(|s| s.get_ref().as_str()).collect();
    Terms::new(&written).map_err(|bad| {
        diag::at(file, source, list[bad.index].span(), format!("`{key}`: `{}` has no word to match", bad.entry))
    })
}

/// Complaint themes and tone words, ready to match.
#[derive(Debug, Clone, PartialEq)]
pub struct Lexicon {
    themes: Vec<Theme>,
    /// The index in `themes` of the theme a complaining clause without one is filed under.
    unnamed: Option<usize>,
    whole_business: Terms,
    names: Terms,
    negation_window: usize,
    negators: Terms,
    negation_crosses: Terms,
    negation_raisers: Terms,
    not_negations: Terms,
    contrast: Terms,
    intensifiers: Terms,
    excess: Terms,
    positive: Terms,
    negative: Terms,
    positive_marks: Vec<String>,
    negative_marks: Vec<String>,
    lean: Lean,
    lean_confidence: f32,
    /// The business's name and its leading words ("Best Dental Clinic", "Best Dental"): words a text uses to
    /// name the business are no praise or complaint ("Best" in the name of "Best Dental").
    named: Terms,
}

/// The lean's feature for a text the listed tone words call praise.
pub const LISTED_PRAISE: &str = "@listed praise";
/// The lean's feature for a text the listed tone words call a complaint.
pub const LISTED_COMPLAINT: &str = "@listed complaint";

/// Weights learned from human-labelled reviews (`checklists/tone-lean.tsv`) for the features of a text
/// ([`Lexicon::lean_features`]): their sum leans it towards praise or complaint. A word negated within the
/// negation window counts as its own feature (`!stem`).
#[derive(Debug, Clone, PartialEq, Default)]
struct Lean {
    bias: f32,
    weights: BTreeMap<String, f32>,
}

impl Lean {
    /// Whether the lean weighs the lists' verdict, and so reads every text rather than only those the listed
    /// words leave undecided.
    fn weighs_lists(&self) -> bool {
        self.weights.contains_key(LISTED_PRAISE) || self.weights.contains_key(LISTED_COMPLAINT)
    }

    /// Parses `key<TAB>weight` lines (`#` comments, one `bias` line); errors name the file and line.
    fn parse(file: &Path, source: &str) -> Result<Self, Diagnostic> {
        let mut lean = Lean::default();
        for (index, line) in source.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let at = |message: String| Diagnostic::new(file, Some((index + 1, 1)), message);
            let Some((key, weight)) = line.split_once('\t') else {
                return Err(at(format!("`{line}`: a feature and its weight, separated by a tab, were expected")));
            };
            let weight: f32 = weight
                .trim()
                .parse()
                .ok()
                .filter(|w: &f32| w.is_finite())
                .ok_or_else(|| at(format!("`{}`: the weight of `{key}` is not a number", weight.trim())))?;
            if key == "bias" {
                lean.bias = weight;
            } else {
                lean.weights.insert(key.to_string(), weight);
            }
        }
        Ok(lean)
    }
}

/// The NLTK stop words of English and Russian ("and", "on", "или", "было"): words that carry no tone of their
/// own, though in the labelled reviews they stand more often beside praise or complaint, so the learned lean
/// leaves them out.
static STOP_WORDS: std::sync::LazyLock<std::collections::HashSet<&'static str>> = std::sync::LazyLock::new(|| {
    ["en", "ru"].iter().flat_map(|code| stop_words::lookup(code).unwrap_or(&[]).iter().copied()).collect()
});

/// A complaint theme: its id, titles and word lists.
#[derive(Debug, Clone, PartialEq)]
struct Theme {
    id: String,
    title: String,
    titles: BTreeMap<String, String>,
    complaints: Terms,
    subjects: Terms,
    touchpoints: Vec<String>,
}

/// A text's tone: the sum of its clauses' tone words, with negation, contrast and intensity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// Praise.
    Positive,
    /// Neither praise nor complaint, or both in equal measure.
    Neutral,
    /// Complaint.
    Negative,
}

/// A theme a text raises: how strongly, and where (the index of the first word that raised it).
#[derive(Debug, Clone, PartialEq)]
pub struct Raised<'a> {
    pub id: &'a str,
    pub strength: f32,
    pub at: usize,
}

/// A text read once: its words and each word's scope (clause, cut again at words of contrast).
struct Read {
    tokens: Vec<Token>,
    /// Per word, whether it is part of the business's name (see `Lexicon::naming`): it carries no tone.
    named: Vec<bool>,
    /// Per word, its scope; scopes opened by a word of contrast are marked.
    scope: Vec<usize>,
    contrasted: Vec<bool>,
}

impl Lexicon {
    /// The built-in lexicon (`checklists/themes.toml` and `checklists/tone.toml`).
    pub fn builtin() -> Result<Self, Diagnostic> {
        Self::parse(
            Path::new("checklists/themes.toml"),
            DEFAULT_THEMES,
            Path::new("checklists/tone.toml"),
            DEFAULT_TONE,
        )
    }

    /// Parses a themes file and a tone file; the file names are named in errors.
    pub fn parse(themes_file: &Path, themes: &str, tone_file: &Path, tone: &str) -> Result<Self, Diagnostic> {
        let raw_themes: ThemesToml = toml::from_str(themes).map_err(|e| diag::from_toml(themes_file, themes, &e))?;
        let raw_tone: ToneToml = toml::from_str(tone).map_err(|e| diag::from_toml(tone_file, tone, &e))?;
        if raw_tone.positive.is_empty() || raw_tone.negative.is_empty() {
            return Err(Diagnostic::new(tone_file, None, "`positive` and `negative` must each list at least one word"));
        }
        let mut compiled = Vec::new();
        for (id, t) in raw_themes.themes {
            if t.complaints.is_empty() && t.subjects.is_empty() {
                return Err(Diagnostic::new(
                    themes_file,
                    None,
                    format!("theme `{id}` lists no `complaints` and no `subjects`: it could never be found"),
                ));
            }
            compiled.push(Theme {
                complaints: compile(themes_file, themes, &format!("themes.{id}.complaints"), &t.complaints)?,
                subjects: compile(themes_file, themes, &format!("themes.{id}.subjects"), &t.subjects)?,
                id,
                title: t.title,
                titles: t.titles,
                touchpoints: t.touchpoints,
            });
        }
        let unnamed = match &raw_themes.unnamed_complaints {
            None => None,
            Some(id) => Some(compiled.iter().position(|t| t.id == *id.get_ref()).ok_or_else(|| {
                let ids = compiled.iter().map(|t| t.id.as_str());
                diag::at(themes_file, themes, id.span(), format!("`unnamed_complaints`: no theme `{}`", id.get_ref()))
                    .with_help(diag::did_you_mean(id.get_ref(), ids))
            })?),
        };
        let list = |key: &str, l: &[Spanned<String>]| compile(tone_file, tone, key, l);
        Ok(Lexicon {
            names: compile(themes_file, themes, "names", &raw_themes.names)?,
            whole_business: compile(themes_file, themes, "whole_business", &raw_themes.whole_business)?,
            themes: compiled,
            unnamed,
            negation_window: raw_tone.negation_window,
            negators: list("negators", &raw_tone.negators)?,
            negation_crosses: list("negation_crosses", &raw_tone.negation_crosses)?,
            negation_raisers: list("negation_raisers", &raw_tone.negation_raisers)?,
            not_negations: list("not_negations", &raw_tone.not_negations)?,
            contrast: list("contrast", &raw_tone.contrast)?,
            intensifiers: list("intensifiers", &raw_tone.intensifiers)?,
            excess: list("excess", &raw_tone.excess)?,
            positive: list("positive", &raw_tone.positive)?,
            negative: list("negative", &raw_tone.negative)?,
            positive_marks: raw_tone.positive_marks,
            negative_marks: raw_tone.negative_marks,
            lean: Lean::parse(Path::new("checklists/tone-lean.tsv"), DEFAULT_LEAN)?,
            named: Terms::default(),
            lean_confidence: match raw_tone.lean_confidence {
                None => DEFAULT_LEAN_CONFIDENCE,
                Some(c) if (0.5..=1.0).contains(c.get_ref()) => *c.get_ref(),
                Some(c) => {
                    let message = format!("`lean_confidence` = {} is not between 0.5 and 1", c.get_ref());
                    return Err(diag::at(tone_file, tone, c.span(), message));
                }
            },
        })
    }

    /// The lexicon with other learned lean weights (`key<TAB>weight` lines, as `checklists/tone-lean.tsv`)
    /// and confidence: for tuning them (bench/reading.sh).
    pub fn with_lean(mut self, file: &Path, weights: &str, confidence: f32) -> Result<Self, Diagnostic> {
        self.lean = Lean::parse(file, weights)?;
        self.lean_confidence = confidence;
        Ok(self)
    }

    /// The lexicon for one business: the words of its name, where a text names it, are no tone words (a dental
    /// clinic called "Best Smile" is not praised by each mention of its name). The name and each run of its
    /// leading words of two or more are matched, as texts shorten names ("Best Smile" for "Best Smile Dental").
    pub fn naming(mut self, name: &str) -> Self {
        let words: Vec<&str> = name.split_whitespace().collect();
        let phrases: Vec<String> = match words.len() {
            0 => Vec::new(),
            1 => vec![words[0].to_string()],
            n => (2..=n).rev().map(|k| words[..k].join(" ")).collect(),
        };
        // A name with no word in it ("№ 1") names nothing to leave out.
        self.named = Terms::new(&phrases).unwrap_or_default();
        self
    }

    /// The ids of every theme the lexicon knows, in its order.
    pub fn theme_ids(&self) -> impl Iterator<Item = &str> {
        self.themes.iter().map(|t| t.id.as_str())
    }

    fn read(&self, text: &str) -> Read {
        let tokens = text::tokens(text);
        let mut scope = Vec::with_capacity(tokens.len());
        let mut contrasted: Vec<bool> = Vec::new();
        let mut at = 0;
        while at < tokens.len() {
            // A new clause opens a scope; so does a word of contrast inside one ("good but slow").
            let new_clause = at == 0 || tokens[at].clause != tokens[at - 1].clause;
            let contrast = self.contrast.longest_at(&tokens, at);
            if new_clause || contrast.is_some() {
                contrasted.push(contrast.is_some());
            }
            let len = contrast.map_or(1, |h| h.len);
            scope.extend(std::iter::repeat_n(contrasted.len() - 1, len));
            at += len;
        }
        let mut named = vec![false; tokens.len()];
        for hit in self.named.find(&tokens) {
            named[hit.start..hit.start + hit.len].iter_mut().for_each(|n| *n = true);
        }
        Read { tokens, named, scope, contrasted }
    }

    /// Whether a negator stands within the window before `at`, in the same scope, and reaches it: every word
    /// between them is one a negation crosses ("not the best"), and the negator does not start a phrase that
    /// negates nothing ("not only", "не менее").
    fn negated(&self, read: &Read, at: usize) -> bool {
        let from = at.saturating_sub(self.negation_window + MAX_RAISER_WORDS);
        (from..at).any(|k| {
            read.scope[k] == read.scope[at]
                && self.negators.longest_at(&read.tokens, k).is_some_and(|h| {
                    let (reach_from, end) = self.negation_reach(read, k, h.len);
                    reach_from + self.negation_window >= at
                        && end <= at
                        && (end..at).all(|between| self.negation_crosses_at(read, between))
                })
                && self.not_negations.longest_at(&read.tokens, k).is_none()
        })
    }

    /// Where the window of a negator of `len` words at `k` is counted from, and the first word after it and its
    /// verb of opinion, if one follows ("don't think": the window counts from "think").
    fn negation_reach(&self, read: &Read, k: usize, len: usize) -> (usize, usize) {
        match self.negation_raisers.longest_at(&read.tokens, k + len) {
            Some(r) if r.len <= MAX_RAISER_WORDS => (k + len + r.len - 1, k + len + r.len),
            _ => (k, k + len),
        }
    }

    /// Whether a negation reaches across word `at` (see `negation_crosses`).
    fn negation_crosses_at(&self, read: &Read, at: usize) -> bool {
        self.negation_crosses.is_empty()
            || [&self.negation_crosses, &self.intensifiers, &self.excess]
                .iter()
                .any(|terms| terms.longest_at(&read.tokens, at).is_some())
    }

    /// Each scope's tone score, in order.
    fn scope_scores(&self, read: &Read) -> Vec<f32> {
        let mut scores = vec![0.0f32; read.contrasted.len()];
        let mut at = 0;
        while at < read.tokens.len() {
            if read.named[at] {
                at += 1;
                continue;
            }
            let scope = read.scope[at];
            let intensified = at > 0
                && read.scope[at - 1] == scope
                && self.intensifiers.longest_at(&read.tokens, at - 1).is_some_and(|h| h.start + h.len == at);
            let weight = if intensified { INTENSIFIED_WEIGHT } else { 1.0 };
            // "too" says excess only before the word it measures, in the same clause: "good too." and "fast,
            // too" mean "also".
            if let Some(hit) = self.excess.longest_at(&read.tokens, at)
                && read.scope.get(at + hit.len) == Some(&scope)
                && read.tokens.get(at + hit.len).is_some_and(|next| read.tokens[at + hit.len - 1].clause == next.clause)
                && self.positive.longest_at(&read.tokens, at + hit.len).is_none()
            {
                // "too salty", "слишком долго": a fault whatever the word after (counted once when that word is
                // a fault already); "too good to miss" stays praise.
                scores[scope] -= 1.0;
                at += hit.len;
                if let Some(next) = self.negative.longest_at(&read.tokens, at)
                    && read.scope[at] == scope
                {
                    at += next.len;
                }
                continue;
            }
            // Tone phrases take precedence over their words: "mediocre at best", "ничего особенного".
            // A phrase that negates nothing ("не могу не") is no complaint either, though it opens like one ("не мог").
            let negative = self.negative.longest_at(&read.tokens, at).filter(|n| {
                self.not_negations.longest_at(&read.tokens, at).is_none_or(|not_negation| n.len > not_negation.len)
            });
            let positive = self.positive.longest_at(&read.tokens, at);
            let (polarity, len) = match (negative, positive) {
                (Some(n), Some(p)) if p.len > n.len => (1.0, p.len),
                (Some(n), _) => (-1.0, n.len),
                (None, Some(p)) => (1.0, p.len),
                (None, None) => {
                    at += 1;
                    continue;
                }
            };
            let value = match (self.negated(read, at), polarity > 0.0) {
                (false, _) => polarity * weight,
                (true, true) => -weight,
                (true, false) => NEGATED_NEGATIVE_WEIGHT,
            };
            scores[scope] += value;
            at += len;
        }
        for (score, contrasted) in scores.iter_mut().zip(&read.contrasted) {
            if *contrasted {
                *score *= CONTRAST_WEIGHT;
            }
        }
        scores
    }

    /// The text's tone score: above 0 praise, below 0 complaint.
    pub fn tone_score(&self, text: &str) -> f32 {
        self.score_of(&self.read(text), text)
    }

    /// The tone score of a text read once: its scopes' scores and its smileys.
    fn score_of(&self, read: &Read, text: &str) -> f32 {
        self.scope_scores(read).iter().sum::<f32>() + self.marks(text)
    }

    /// The tone of a text's smileys and emoji: +MARK_WEIGHT, -MARK_WEIGHT or 0.
    fn marks(&self, text: &str) -> f32 {
        let closing = text.chars().filter(|c| *c == ')').count();
        let opening = text.chars().filter(|c| *c == '(').count();
        let smiles = self.positive_marks.iter().any(|m| text.contains(m.as_str())) || closing >= opening + BRACKET_RUN;
        let frowns = self.negative_marks.iter().any(|m| text.contains(m.as_str())) || opening >= closing + BRACKET_RUN;
        match (smiles, frowns) {
            (true, false) => MARK_WEIGHT,
            (false, true) => -MARK_WEIGHT,
            _ => 0.0,
        }
    }

    /// The tone of a text by the listed words alone (no learned lean): for what pages say of the business
    /// (search results' titles and snippets), where a directory line ("Dentist · Open until 8 pm") is no
    /// customer's opinion.
    pub fn listed_tone(&self, text: &str) -> Tone {
        sign(self.tone_score(text)).unwrap_or(Tone::Neutral)
    }

    /// The tone of a review or mention. With a lean that weighs the lists' verdict ([`LISTED_PRAISE`],
    /// [`LISTED_COMPLAINT`], as the bundled one does): the lean over every text, praise or complaint when it
    /// is at least `lean_confidence` sure, else neutral; the lists' verdict is one of its features, so a
    /// listed word decides unless the text's other words and word pairs say otherwise with more weight in the
    /// labelled reviews ("can't wait for my next visit"). With a lean of words alone: the sign of the tone
    /// words' score, and the lean only where they do not decide. `lean_confidence` = 1 turns the lean off.
    pub fn tone(&self, text: &str) -> Tone {
        let read = self.read(text);
        let listed = sign(self.score_of(&read, text));
        if self.lean_confidence >= 1.0 {
            return listed.unwrap_or(Tone::Neutral);
        }
        if !self.lean.weighs_lists()
            && let Some(tone) = listed
        {
            return tone;
        }
        match self.lean_of(&read, listed) {
            p if p >= self.lean_confidence => Tone::Positive,
            p if 1.0 - p >= self.lean_confidence => Tone::Negative,
            _ => Tone::Neutral,
        }
    }

    /// The learned lean's probability that a text is praise rather than complaint.
    fn lean_of(&self, read: &Read, listed: Option<Tone>) -> f32 {
        let sum: f32 =
            self.lean_features_of(read, listed).iter().filter_map(|f| self.lean.weights.get(f.as_str())).sum::<f32>();
        1.0 / (1.0 + (-(sum + self.lean.bias)).exp())
    }

    /// The features the learned lean weighs in a text: each word's stem once, as `!stem` when a negator
    /// stands within the negation window before it in its clause, leaving out the words the lists name as
    /// negators, intensifiers or words of excess, stop words ([`STOP_WORDS`]) and numbers; each pair of
    /// neighbouring words as written (`"go again"`, `"not as"`: the pairs keep what the stems leave out); and
    /// the lists' verdict ([`LISTED_PRAISE`] or [`LISTED_COMPLAINT`]) when they give one. Words of the
    /// business's name are left out. The tuning bench learns the weights from these.
    pub fn lean_features(&self, text: &str) -> Vec<String> {
        let read = self.read(text);
        let listed = sign(self.score_of(&read, text));
        self.lean_features_of(&read, listed)
    }

    fn lean_features_of(&self, read: &Read, listed: Option<Tone>) -> Vec<String> {
        let mut features = std::collections::BTreeSet::new();
        let mut negated_until = 0usize;
        for (at, token) in read.tokens.iter().enumerate() {
            if at > 0 && !read.named[at] && !read.named[at - 1] {
                features.insert(format!("{} {}", read.tokens[at - 1].form, token.form));
            }
            if at > 0 && read.tokens[at - 1].clause != token.clause {
                negated_until = 0;
            }
            if let Some(hit) = self.negators.longest_at(&read.tokens, at) {
                let (_, end) = self.negation_reach(read, at, hit.len);
                negated_until = end + self.negation_window;
                continue;
            }
            // Words the lists say carry no tone of their own ("the", "довольно" as "fairly") weigh nothing.
            let function_word =
                [&self.intensifiers, &self.excess].iter().any(|terms| terms.longest_at(&read.tokens, at).is_some());
            // Numbers are no words of praise or complaint, whatever they stood beside in the labelled reviews.
            let stop_word = STOP_WORDS.contains(token.form.as_str());
            if function_word || stop_word || token.form.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            if read.named[at] {
                continue;
            }
            let negated = at < negated_until;
            features.insert(if negated { format!("!{}", token.stem) } else { token.stem.clone() });
        }
        match listed {
            Some(Tone::Positive) => features.insert(LISTED_PRAISE.to_string()),
            Some(Tone::Negative) => features.insert(LISTED_COMPLAINT.to_string()),
            _ => false,
        };
        features.into_iter().collect()
    }

    /// The themes a complaint raises, strongest first (ties: the one raised first in the text).
    pub fn raised(&self, text: &str) -> Vec<Raised<'_>> {
        let read = self.read(text);
        let scores = self.scope_scores(&read);
        // Words inside a name ("waiting room") raise nothing.
        let mut named_thing = vec![false; read.tokens.len()];
        for hit in self.names.find(&read.tokens) {
            named_thing[hit.start..hit.start + hit.len].iter_mut().for_each(|n| *n = true);
        }
        let mut found: Vec<(usize, f32, usize, bool)> = Vec::new();
        for (index, theme) in self.themes.iter().enumerate() {
            let complaints: Vec<usize> = theme
                .complaints
                .find(&read.tokens)
                .into_iter()
                .filter(|hit| !named_thing[hit.start] && !self.negated(&read, hit.start))
                .map(|hit| hit.start)
                .collect();
            let mut strength = COMPLAINT_WEIGHT * complaints.len() as f32;
            let mut first: Option<usize> = complaints.first().copied();
            for hit in theme.subjects.find(&read.tokens) {
                if named_thing[hit.start] {
                    continue;
                }
                let score = scores[read.scope[hit.start]];
                let weight = if score < 0.0 {
                    SUBJECT_IN_COMPLAINT_WEIGHT
                } else if score == 0.0 {
                    SUBJECT_IN_NEUTRAL_WEIGHT
                } else {
                    continue;
                };
                strength += weight;
                first = Some(first.map_or(hit.start, |f| f.min(hit.start)));
            }
            if let Some(at) = first {
                found.push((index, strength, at, !complaints.is_empty()));
            }
        }
        // A theme only named ("we went to the kitchen for our food ourselves") beside a stronger one the customer
        // complains of in words ("the waiter vanished") is where that complaint happened, not a second complaint.
        let strongest_complained = found.iter().filter(|f| f.3).map(|f| f.1).fold(0.0f32, f32::max);
        found.retain(|f| f.3 || f.1 >= strongest_complained * SUBJECT_BESIDE_COMPLAINT_SHARE);
        if let Some(unnamed) = self.unnamed
            && found.is_empty()
            && let Some(scope) = scores.iter().position(|score| *score < 0.0)
            && !self.whole_business.find(&read.tokens).iter().any(|hit| scores[read.scope[hit.start]] < 0.0)
        {
            // A complaint that names no theme at all is about the work or product itself.
            let at = read.scope.iter().position(|s| *s == scope).unwrap_or(0);
            found.push((unnamed, UNNAMED_COMPLAINT_WEIGHT, at, false));
        }
        found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
        found
            .into_iter()
            .map(|(index, strength, at, _)| Raised { id: self.themes[index].id.as_str(), strength, at })
            .collect()
    }

    /// The ids of the themes a complaint raises, strongest first.
    pub fn themes_in(&self, text: &str) -> Vec<&str> {
        self.raised(text).into_iter().map(|r| r.id).collect()
    }

    /// The themes a draft reply answers: the strongest, and the second when it is strong too.
    pub fn reply_themes(&self, text: &str) -> Vec<&str> {
        answered(&self.raised(text))
    }

    /// A short quote of the sentence around word `at` of `text` (a [`Raised::at`]), for the report.
    pub fn quote_at(&self, text: &str, at: usize) -> String {
        text::quote(text, &text::tokens(text), at, QUOTE_CHARS)
    }

    /// Each theme's id and the hand-scored touchpoints it is about (`touchpoints` in themes.toml).
    pub fn theme_touchpoints(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.themes.iter().filter(|t| !t.touchpoints.is_empty()).map(|t| (t.id.as_str(), t.touchpoints.as_slice()))
    }

    /// A theme's title in the report's language (its `title` when the lexicon has none for it).
    pub fn theme_title<'a>(&'a self, id: &'a str, locale: Locale) -> &'a str {
        match self.themes.iter().find(|theme| theme.id == id) {
            Some(theme) => theme.titles.get(locale.code()).unwrap_or(&theme.title),
            None => id,
        }
    }
}

/// The tone a score says: praise above 0, complaint below; `None` when the words do not decide.
fn sign(score: f32) -> Option<Tone> {
    if score > 0.0 {
        Some(Tone::Positive)
    } else if score < 0.0 {
        Some(Tone::Negative)
    } else {
        None
    }
}

/// Of the themes a text raises (strongest first), those its draft reply answers: the strongest, and the
/// second when it is strong too.
pub(crate) fn answered<'a>(raised: &[Raised<'a>]) -> Vec<&'a str> {
    let mut out: Vec<&str> = raised.first().map(|r| r.id).into_iter().collect();
    if let (Some(first), Some(second)) = (raised.first(), raised.get(1))
        && second.strength >= SECOND_THEME_MIN
        && second.strength >= first.strength * SECOND_THEME_SHARE
    {
        out.push(second.id);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_learned_lean_decides_only_what_no_listed_word_does_and_only_when_sure() {
        let mut lexicon = Lexicon::builtin().unwrap();
        lexicon.lean =
            Lean::parse(Path::new("lean.tsv"), "# test\nbias\t0\nhat\t2.0\n!hat\t-3.0\nchef\t0.1\n").unwrap();
        assert_eq!(lexicon.tone("Hats off to the chef."), Tone::Positive, "sigmoid(2.1) > 0.6");
        assert_eq!(lexicon.tone("No hats here."), Tone::Negative, "a negated feature is its own");
        assert_eq!(lexicon.tone("The chef came out."), Tone::Neutral, "sigmoid(0.1) is not sure enough");
        // A listed word decides before any lean: "rude" is a complaint whatever the hats weigh.
        assert_eq!(lexicon.tone("The hats were rude."), Tone::Negative);
        lexicon.lean_confidence = 1.0;
        assert_eq!(lexicon.tone("Hats off to the chef."), Tone::Neutral, "lean_confidence = 1 turns it off");
    }

    #[test]
    fn a_lean_that_weighs_the_lists_verdict_reads_every_text_and_word_pairs_can_overrule_it() {
        let mut lexicon = Lexicon::builtin().unwrap();
        let weights = "bias\t0\n@listed praise\t2\n@listed complaint\t-2\nsmall wait\t4.5\n";
        lexicon.lean = Lean::parse(Path::new("lean.tsv"), weights).unwrap();
        assert!(lexicon.lean.weighs_lists());
        // "wait" is a listed complaint word; the pair "small wait" weighs more in this lean.
        assert_eq!(lexicon.listed_tone("Only a small wait for a table"), Tone::Negative);
        assert_eq!(lexicon.tone("Only a small wait for a table"), Tone::Positive, "-2 + 4.5");
        assert_eq!(lexicon.tone("We had to wait an hour"), Tone::Negative, "the lists' verdict alone: -2");
        assert_eq!(lexicon.tone("The room has two doors"), Tone::Neutral, "no feature weighs: p = 0.5");
        let features = lexicon.lean_features("A small wait, rude staff");
        assert!(features.iter().any(|f| f == "small wait") && features.iter().any(|f| f == LISTED_COMPLAINT));
        lexicon.lean_confidence = 1.0;
        assert_eq!(lexicon.tone("Only a small wait for a table"), Tone::Negative, "the lists alone");
    }

    #[test]
    fn the_bundled_lean_reads_what_the_lists_alone_misread() {
        let lexicon = Lexicon::builtin().unwrap();
        assert!(lexicon.lean.weighs_lists(), "the bundled lean weighs the lists' verdict");
        // Texts no listed word decides, read by the lean as a person reads them.
        for (text, tone) in
            [("Hats off to the chef.", Tone::Positive), ("It took 40 minutes to get our food.", Tone::Negative)]
        {
            assert_eq!(lexicon.listed_tone(text), Tone::Neutral, "{text}");
            assert_eq!(lexicon.tone(text), tone, "{text}");
        }
        for (text, tone) in
            [("We will definitely be back.", Tone::Positive), ("Не советую это заведение.", Tone::Negative)]
        {
            assert_eq!(lexicon.tone(text), tone, "{text}");
        }
    }

    #[test]
    fn the_business_name_is_no_praise_or_complaint() {
        let plain = Lexicon::builtin().unwrap();
        assert_eq!(plain.listed_tone("Best Dental Clinic opens on Main Street"), Tone::Positive, "unnamed: praise");
        let named = Lexicon::builtin().unwrap().naming("Best Dental Clinic");
        assert_eq!(named.listed_tone("Best Dental Clinic opens on Main Street"), Tone::Neutral);
        // A shortened name is the name too; the same word elsewhere is still praise.
        assert_eq!(named.listed_tone("Best Dental opens on Sunday"), Tone::Neutral);
        assert_eq!(named.listed_tone("Best Dental is the best in town"), Tone::Positive);
        assert_eq!(named.listed_tone("Rude staff at Best Dental"), Tone::Negative);
        let russian = Lexicon::builtin().unwrap().naming("Отличная стоматология");
        assert_eq!(russian.listed_tone("Отличная стоматология открыла филиал"), Tone::Neutral);
    }

    #[test]
    fn a_bad_lean_line_or_confidence_is_named_with_its_file_and_line() {
        let bad = Lean::parse(Path::new("lean.tsv"), "bias\t0\ngood 1.0\n").unwrap_err().to_string();
        assert!(bad.contains("lean.tsv:2") && bad.contains("separated by a tab"), "{bad}");
        let bad = Lean::parse(Path::new("lean.tsv"), "good\tmuch\n").unwrap_err().to_string();
        assert!(bad.contains("lean.tsv:1") && bad.contains("not a number"), "{bad}");
        let tone = DEFAULT_TONE.replacen("lean_confidence = 0.55", "lean_confidence = 0.3", 1);
        let themes = Path::new("themes.toml");
        let bad = Lexicon::parse(themes, DEFAULT_THEMES, Path::new("tone.toml"), &tone).unwrap_err().to_string();
        assert!(bad.contains("tone.toml:") && bad.contains("not between 0.5 and 1"), "{bad}");
    }

    #[test]
    fn tone_with_negation_contrast_and_phrases_in_english_and_russian() {
        // The lists alone (the learned lean, tested apart, would call the clinic's news praise).
        let lexicon = Lexicon { lean_confidence: 1.0, ..Lexicon::builtin().unwrap() };
        let cases = [
            ("Great service, friendly staff", Tone::Positive),
            ("The staff was not friendly and the wait was terrible", Tone::Negative),
            ("Not bad at all", Tone::Positive),
            // "too" at the end of a clause is "also", not excess.
            ("The food was good too.", Tone::Positive),
            ("Delivery is fast, too.", Tone::Positive),
            ("The soup was too salty.", Tone::Negative),
            ("Will never be back.", Tone::Negative),
            ("We will be back!", Tone::Positive),
            ("The clinic opens a new branch", Tone::Neutral),
            ("Ужасный сервис, грубый администратор", Tone::Negative),
            ("Врач не грубый, всё отлично", Tone::Positive),
            ("I don’t recommend them", Tone::Negative),
            // Words the substring lists missed or misread.
            ("The pasta was delicious", Tone::Positive),
            ("Очень вкусно, всё понравилось", Tone::Positive),
            ("Довольно шумно и тесно", Tone::Negative),
            ("The food was mediocre at best", Tone::Negative),
            ("You shouldn't be disappointed", Tone::Positive),
            ("Judging from previous posts this used to be a good place, but not any longer.", Tone::Negative),
            ("Кухня — ничего особенного", Tone::Negative),
            ("Нам не понравилось", Tone::Negative),
            ("Too salty and too expensive", Tone::Negative),
            ("Good food, but the service was painfully slow", Tone::Negative),
            // A negation reaches its word across "the"/"было"/intensifiers, not across other words.
            ("It was not the best meal", Tone::Negative),
            ("Суп был не очень вкусный", Tone::Negative),
            ("Многие не знают этот замечательный ресторан", Tone::Positive),
            // Phrases that start with a negator and negate nothing.
            ("Вскоре появился не менее дружелюбный официант", Tone::Positive),
            ("Not only friendly but fast", Tone::Positive),
            ("Официанты не заставляли себя долго ждать", Tone::Positive),
            // "сыр" is cheese, "холодные закуски" a kind of dish: neither is a fault.
            ("Заказали сырную тарелку и холодные закуски", Tone::Neutral),
            // Intent to come back or recommend is praise; a negated recommendation is not.
            ("Будем советовать ваш ресторан друзьям", Tone::Positive),
            ("Ради пиццы приду еще", Tone::Positive),
            ("Никому не посоветую", Tone::Negative),
            ("Обслуга на минусе", Tone::Negative),
            // A verb of opinion passes the negation on: the window counts from it, and across "I would".
            ("I don't think I would go again.", Tone::Negative),
            ("I don't think I would recommend it", Tone::Negative),
            ("Not sure I would come back", Tone::Negative),
            ("Не думаю что вернусь сюда снова", Tone::Negative),
            // Without one, a negator three words off does not reach it.
            ("Don't ask, we will come back", Tone::Positive),
        ];
        for (text, tone) in cases {
            assert_eq!(lexicon.tone(text), tone, "{text}: {}", lexicon.tone_score(text));
        }
    }

    #[test]
    fn themes_are_words_not_substrings_strongest_first() {
        let lexicon = Lexicon::builtin().unwrap();
        assert_eq!(lexicon.themes_in("Rude receptionist and we waited an hour"), ["waiting", "staff"]);
        assert_eq!(lexicon.themes_in("Очень дорого, грязно"), ["price", "cleanliness"]);
        // "wait" is not in "waiter", "боль" is not in "больше", "хам" is in "нахамил" only as a word.
        assert_eq!(lexicon.themes_in("The waitress was not attentive"), ["staff"]);
        assert_eq!(lexicon.themes_in("Мастер нахамил. Больше не приеду"), ["staff"]);
        assert_eq!(lexicon.themes_in("Nobody answers the phone"), ["communication"]);
        assert_eq!(lexicon.themes_in("The food was lousy"), ["quality"]);
        // A subject in praise is no complaint: the waiter was lovely, the food was the problem.
        assert_eq!(lexicon.themes_in("The waiter was lovely but the food was cold"), ["quality"]);
        // "not rude" is no complaint about rudeness.
        assert!(!lexicon.themes_in("The staff were not rude at all, just slow").contains(&"staff"));
    }

    #[test]
    fn a_draft_answers_two_themes_only_when_both_are_strong() {
        let lexicon = Lexicon::builtin().unwrap();
        assert_eq!(lexicon.reply_themes("Rude receptionist. We waited an hour."), ["waiting", "staff"]);
        assert_eq!(lexicon.reply_themes("Rude, rude, rude receptionist; the bill was a bit odd"), ["staff"]);
        assert!(lexicon.reply_themes("We came on Tuesday.").is_empty());
    }

    #[test]
    fn a_complaint_that_names_no_theme_is_about_the_work_itself() {
        let lexicon = Lexicon::builtin().unwrap();
        assert_eq!(lexicon.themes_in("Горячее тоже не понравилось"), ["quality"]);
        // ... unless it names the business as a whole, which says nothing about what went wrong.
        assert!(lexicon.themes_in("I would not recommend this place to anyone").is_empty());
        assert!(lexicon.themes_in("В общем, в это заведение мы больше не пойдем").is_empty());
    }

    #[test]
    fn the_room_itself_is_comfort_not_the_food() {
        let lexicon = Lexicon::builtin().unwrap();
        assert_eq!(lexicon.themes_in("Музыка слишком громкая, и очень душно"), ["comfort"]);
        assert_eq!(lexicon.themes_in("Way too noisy and cramped"), ["comfort"]);
    }

    #[test]
    fn a_place_only_named_beside_a_complaint_is_not_a_second_complaint() {
        let lexicon = Lexicon::builtin().unwrap();
        // The rudeness is the complaint; the food is only where it happened.
        assert_eq!(lexicon.themes_in("Официантка нахамила, когда мы спросили про еду"), ["staff"]);
        // Two complaints in words stay two.
        assert_eq!(lexicon.themes_in("Официантка нахамила, еда была пересолена"), ["staff", "quality"]);
    }

    #[test]
    fn praise_in_short_forms_set_phrases_and_double_negatives() {
        let lexicon = Lexicon::builtin().unwrap();
        for praise in [
            "Официант был внимателен и любезен",
            "Претензий нет",
            "Никаких нареканий к кухне",
            "Не могу не отметить десерт",
            "Суп пришёлся по вкусу",
            "Вид из окна как всегда прекрасен",
            "Остались довольными",
            "Обслуживание на очень высоком уровне",
        ] {
            assert_eq!(lexicon.tone(praise), Tone::Positive, "{praise}");
        }
        for complaint in ["Блюда приносят холодными", "Официанты медлительные", "Мяса маловато"]
        {
            assert_eq!(lexicon.tone(complaint), Tone::Negative, "{complaint}");
        }
        // "довольно" (fairly) is still no praise ("fairly ordinary" leans to a complaint in reviews).
        assert_ne!(lexicon.tone("Довольно обычный зал"), Tone::Positive);
        assert_eq!(lexicon.listed_tone("Довольно обычный зал"), Tone::Neutral);
    }

    #[test]
    fn names_raise_no_theme() {
        let lexicon = Lexicon::builtin().unwrap();
        assert_eq!(lexicon.themes_in("Dirty waiting room"), ["cleanliness"]);
        assert_eq!(lexicon.themes_in("В зале ожидания грязно"), ["cleanliness"]);
    }

    #[test]
    fn a_broken_lexicon_names_file_and_line() {
        let err = Lexicon::parse(Path::new("t.toml"), "[themes.x]\ntitle = 1\n", Path::new("u.toml"), DEFAULT_TONE)
            .unwrap_err();
        assert_eq!((err.file.to_str(), err.position.map(|p| p.0)), (Some("t.toml"), Some(2)));
        let themes = "[themes.x]\ntitle = \"X\"\ncomplaints = [\"ok\",\n  \" -- \"]\n";
        let err = Lexicon::parse(Path::new("t.toml"), themes, Path::new("u.toml"), DEFAULT_TONE).unwrap_err();
        assert_eq!(err.position.map(|p| p.0), Some(4), "{err:?}");
        assert!(err.message.contains("has no word"), "{}", err.message);
        let unknown = "unnamed_complaints = \"qualty\"\n[themes.quality]\ntitle = \"Q\"\nsubjects = [\"food\"]\n";
        let err = Lexicon::parse(Path::new("t.toml"), unknown, Path::new("u.toml"), DEFAULT_TONE).unwrap_err();
        assert_eq!(err.position.map(|p| p.0), Some(1));
        assert!(err.help.as_deref().is_some_and(|h| h.contains("quality")), "{err:?}");
        let empty = "[themes.x]\ntitle = \"X\"\n";
        assert!(Lexicon::parse(Path::new("t.toml"), empty, Path::new("u.toml"), DEFAULT_TONE).is_err());
    }
}
