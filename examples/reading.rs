//! Measures how touchaudit reads reviews against human-labelled ones: complaint themes (precision, recall and
//! F1 per theme), the share of draft replies that answer a labelled complaint, and tone (accuracy and its
//! confusion matrix against the majority-class baseline). Run by `bench/reading.sh`; reads the SemEval-2016
//! restaurant files from the folder it is given and copies none of their text anywhere.
//!
//! The corpus is split by a hash of the review id (English) or the sentence (Russian): one fifth is held out
//! and never looked at while tuning the word lists; both parts are printed, the held-out one is the figure.
//!
//! Labels as themes: a labelled complaint is a negative opinion. English categories: SERVICE → service,
//! FOOD/DRINKS#QUALITY and #STYLE_OPTIONS → quality, any #PRICES → price, AMBIENCE → ambience, LOCATION →
//! location (RESTAURANT#GENERAL and #MISC name no theme). The Russian file has targets, not categories: a
//! target is service, price or quality by its words (below), anything else names no theme. A predicted theme
//! answers a label when it is the label's theme; `staff`, `waiting` and `communication` all answer a service
//! complaint (the corpus files a slow kitchen and an unanswered phone under SERVICE), `cleanliness` answers
//! ambience. A "complaint review" (the stand-in for a one-star review, which the corpus does not rate) has at
//! least one negative opinion and no more positive than negative ones.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use quick_xml::events::Event;
use touchaudit::cli::config::lexicon::{LISTED_COMPLAINT, LISTED_PRAISE, Lexicon, Tone};

/// One unit of text with its human labels.
struct Labelled {
    id: String,
    text: String,
    /// (label theme or "", polarity) per opinion.
    opinions: Vec<(String, Tone)>,
}

fn polarity(p: &str) -> Tone {
    match p.to_ascii_lowercase().as_str() {
        "positive" => Tone::Positive,
        "negative" => Tone::Negative,
        _ => Tone::Neutral,
    }
}

fn english_label(category: &str) -> &'static str {
    let (entity, attribute) = category.split_once('#').unwrap_or((category, ""));
    match (entity, attribute) {
        (_, "PRICES") => "price",
        ("SERVICE", _) => "service",
        ("FOOD" | "DRINKS", "QUALITY" | "STYLE_OPTIONS") => "quality",
        ("AMBIENCE", _) => "ambience",
        ("LOCATION", _) => "location",
        _ => "",
    }
}

fn russian_label(target: &str) -> &'static str {
    const SERVICE: &[&str] = &[
        "обслуж",
        "официант",
        "персонал",
        "метрдотел",
        "администрат",
        "менеджер",
        "бармен",
        "хостес",
        "сервис",
        "девушк",
        "сотрудник",
        "управляющ",
        "охран",
        "кассир",
        "гардероб",
        "парен",
        "парн",
        "коллектив",
    ];
    const AMBIENCE: &[&str] = &[
        "интерьер",
        "атмосфер",
        "обстановк",
        "музык",
        "шум",
        "стул",
        "кресл",
        "диван",
        "мебел",
        "свет",
        "освещ",
        "помещени",
        "антураж",
        "дизайн",
        "туалет",
        "чистот",
        "температур",
        "кондиционер",
        "вид",
        "зал",
        "стол",
        "радио",
    ];
    const PRICE: &[&str] = &["цен", "стоимост", "счет", "счёт", "чек", "прайс", "расценк"];
    const QUALITY: &[&str] = &[
        "блюд",
        "еда",
        "еду",
        "еды",
        "кухн",
        "вкус",
        "порци",
        "мяс",
        "рыб",
        "салат",
        "суп",
        "десерт",
        "стейк",
        "пицц",
        "суш",
        "ролл",
        "кофе",
        "чай",
        "вин",
        "пив",
        "напит",
        "коктейл",
        "хлеб",
        "соус",
        "гарнир",
        "шашлык",
        "закуск",
        "продукт",
        "картош",
        "картоф",
        "овощ",
        "фрукт",
        "торт",
        "пирож",
        "выпечк",
        "курин",
        "куриц",
        "говяд",
        "свинин",
        "баранин",
        "креветк",
        "мид",
        "устриц",
        "паст",
        "лапш",
        "плов",
        "хинкал",
        "хачапур",
        "пельмен",
        "блин",
        "сыр",
        "морожен",
        "сок",
        "лимонад",
        "водк",
        "коньяк",
        "горяч",
        "холодн",
        "ужин",
        "обед",
        "завтрак",
        "бизнес-ланч",
        "ланч",
        "шеф",
        "повар",
        "меню",
        "кальян",
    ];
    let target = target.to_lowercase();
    let words: Vec<&str> = target.split(|c: char| !c.is_alphanumeric() && c != '-').collect();
    let has = |list: &[&str]| words.iter().any(|w| list.iter().any(|p| w.starts_with(p)));
    if has(SERVICE) {
        "service"
    } else if has(PRICE) {
        "price"
    } else if has(QUALITY) {
        "quality"
    } else if has(AMBIENCE) {
        "ambience"
    } else {
        ""
    }
}

/// The themes touchaudit may answer a label with.
fn answers(theme: &str, label: &str) -> bool {
    match label {
        "service" => matches!(theme, "staff" | "waiting" | "communication"),
        "ambience" => matches!(theme, "cleanliness" | "comfort"),
        _ => theme == label,
    }
}

/// The label a predicted theme is measured against (for precision per theme).
fn label_of(theme: &str) -> &str {
    match theme {
        "staff" | "waiting" | "communication" => "service",
        "cleanliness" | "comfort" => "ambience",
        other => other,
    }
}

fn held_out(id: &str) -> bool {
    fnv(id).is_multiple_of(5)
}

/// FNV-1a: stable across runs and platforms.
fn fnv(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

/// English: reviews (whole texts) and sentences, each with its opinions.
fn read_english(path: &Path) -> (Vec<Labelled>, Vec<Labelled>) {
    let xml = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut reviews, mut sentences) = (Vec::new(), Vec::new());
    let mut review: Option<Labelled> = None;
    let mut sentence: Option<Labelled> = None;
    let mut in_text = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let attr = |name: &str| {
                    e.try_get_attribute(name)
                        .ok()
                        .flatten()
                        .and_then(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned())
                        })
                        .unwrap_or_default()
                };
                match e.local_name().as_ref() {
                    "Review" => review = Some(Labelled { id: attr("rid"), text: String::new(), opinions: Vec::new() }),
                    "sentence" => {
                        sentence = Some(Labelled { id: attr("id"), text: String::new(), opinions: Vec::new() })
                    }
                    "text" => in_text = true,
                    "Opinion" => {
                        let opinion = (english_label(&attr("category")).to_string(), polarity(&attr("polarity")));
                        if let Some(s) = sentence.as_mut() {
                            s.opinions.push(opinion.clone());
                        }
                        if let Some(r) = review.as_mut() {
                            r.opinions.push(opinion);
                        }
                    }
                    _ => {}
                }
            }
            Ok(Event::Text(t)) if in_text => {
                if let Some(s) = sentence.as_mut() {
                    s.text.push_str(&t.xml10_content());
                }
            }
            Ok(Event::GeneralRef(r)) if in_text => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => quick_xml::escape::resolve_predefined_entity(&r.xml10_content()).unwrap_or("").to_string(),
                };
                if let Some(s) = sentence.as_mut() {
                    s.text.push_str(&resolved);
                }
            }
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "text" => in_text = false,
                "sentence" => {
                    if let (Some(s), Some(r)) = (sentence.take(), review.as_mut()) {
                        if !r.text.is_empty() {
                            r.text.push(' ');
                        }
                        r.text.push_str(&s.text);
                        let review_id = r.id.clone();
                        sentences.push(Labelled { id: review_id, ..s });
                    }
                }
                "Review" => reviews.extend(review.take()),
                _ => {}
            },
            Ok(Event::Eof) => break,
            Err(e) => panic!("{}: {e}", path.display()),
            _ => {}
        }
    }
    (reviews, sentences)
}

/// Russian: three lines per target (the sentence with `$T$`, the target, its polarity), grouped by sentence.
fn read_russian(path: &Path) -> Vec<Labelled> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let lines: Vec<&str> = text.lines().collect();
    let mut sentences: Vec<Labelled> = Vec::new();
    for triple in lines.chunks(3) {
        let [masked, target, pol] = triple else { continue };
        let sentence = masked.replacen("$T$", target, 1);
        let opinion = (russian_label(target).to_string(), polarity(pol.trim()));
        match sentences.last_mut() {
            Some(last) if last.text == sentence => last.opinions.push(opinion),
            _ => sentences.push(Labelled { id: sentence.clone(), text: sentence, opinions: vec![opinion] }),
        }
    }
    sentences
}

fn majority(opinions: &[(String, Tone)]) -> Option<Tone> {
    let count = |t: Tone| opinions.iter().filter(|(_, p)| *p == t).count();
    let (pos, neg, neu) = (count(Tone::Positive), count(Tone::Negative), count(Tone::Neutral));
    if pos > neg && pos >= neu {
        Some(Tone::Positive)
    } else if neg > pos && neg >= neu {
        Some(Tone::Negative)
    } else if neu > pos && neu > neg {
        Some(Tone::Neutral)
    } else {
        None
    }
}

fn complaint(unit: &Labelled) -> bool {
    let neg = unit.opinions.iter().filter(|(_, p)| *p == Tone::Negative).count();
    let pos = unit.opinions.iter().filter(|(_, p)| *p == Tone::Positive).count();
    neg > 0 && pos <= neg
}

fn labels(unit: &Labelled) -> BTreeSet<&str> {
    unit.opinions.iter().filter(|(l, p)| *p == Tone::Negative && !l.is_empty()).map(|(l, _)| l.as_str()).collect()
}

const THEMES: &[&str] =
    &["staff", "waiting", "communication", "quality", "price", "cleanliness", "comfort", "location"];

fn themes_table(lexicon: &Lexicon, units: &[&Labelled]) {
    let complaints: Vec<&&Labelled> = units.iter().filter(|u| complaint(u)).collect();
    println!("{} complaint units; themes against labelled complaints:\n", complaints.len());
    println!("| theme | predicted | right | labelled | precision | recall | F1 |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for theme in THEMES {
        let label = label_of(theme);
        let (mut predicted, mut right, mut labelled, mut found) = (0, 0, 0, 0);
        for unit in &complaints {
            let has_label = labels(unit).contains(label);
            let predicts = lexicon.themes_in(&unit.text).contains(theme);
            predicted += usize::from(predicts);
            right += usize::from(predicts && has_label);
            labelled += usize::from(has_label);
            let any_of_group = lexicon.themes_in(&unit.text).iter().any(|t| label_of(t) == label);
            found += usize::from(has_label && any_of_group);
        }
        let precision = right as f64 / predicted.max(1) as f64;
        // Recall is over the label: any theme that answers it finds it (staff, waiting and calls share service).
        let recall = found as f64 / labelled.max(1) as f64;
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        println!("| {theme} | {predicted} | {right} | {labelled} | {precision:.2} | {recall:.2} | {f1:.2} |");
    }
    let with_labels: Vec<&&&Labelled> = complaints.iter().filter(|u| !labels(u).is_empty()).collect();
    let answered = with_labels
        .iter()
        .filter(|u| {
            let replies = lexicon.reply_themes(&u.text);
            replies.first().is_some_and(|t| labels(u).iter().any(|l| answers(t, l)))
        })
        .count();
    let general = with_labels.iter().filter(|u| lexicon.reply_themes(&u.text).is_empty()).count();
    let wrong: usize = with_labels
        .iter()
        .filter(|u| lexicon.reply_themes(&u.text).iter().any(|t| !labels(u).iter().any(|l| answers(t, l))))
        .count();
    println!(
        "\nDraft replies: {answered} of {} complaint units with a labelled theme get a draft answering one of \
         them ({:.0} %); {general} get the general draft; {wrong} drafts name a theme the customer did not \
         raise ({:.0} %).\n",
        with_labels.len(),
        100.0 * answered as f64 / with_labels.len().max(1) as f64,
        100.0 * wrong as f64 / with_labels.len().max(1) as f64
    );
}

fn tone_table(lexicon: &Lexicon, units: &[&Labelled], what: &str) {
    let tones = [Tone::Positive, Tone::Neutral, Tone::Negative];
    let mut matrix = [[0usize; 3]; 3];
    for unit in units {
        let Some(truth) = majority(&unit.opinions) else { continue };
        let guess = lexicon.tone(&unit.text);
        let row = tones.iter().position(|t| *t == truth).unwrap_or(1);
        let col = tones.iter().position(|t| *t == guess).unwrap_or(1);
        matrix[row][col] += 1;
    }
    let total: usize = matrix.iter().flatten().sum();
    let right: usize = (0..3).map(|i| matrix[i][i]).sum();
    let rows: Vec<usize> = matrix.iter().map(|r| r.iter().sum()).collect();
    let majority_class = rows.iter().copied().max().unwrap_or(0);
    println!(
        "Tone of {total} {what}: accuracy {:.1} % against {:.1} % for always-{} (the majority class).\n",
        100.0 * right as f64 / total.max(1) as f64,
        100.0 * majority_class as f64 / total.max(1) as f64,
        ["positive", "neutral", "negative"][rows.iter().position(|r| *r == majority_class).unwrap_or(0)]
    );
    println!("| labelled \\ read | positive | neutral | negative |\n|---|---:|---:|---:|");
    for (i, name) in ["positive", "neutral", "negative"].iter().enumerate() {
        println!("| {name} | {} | {} | {} |", matrix[i][0], matrix[i][1], matrix[i][2]);
    }
    println!();
}

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "../shared/absa16".into()));
    let part = std::env::args().nth(2).unwrap_or_else(|| "held-out".into());
    let keep = |id: &str| match part.as_str() {
        "train" => !held_out(id),
        "all" => true,
        _ => held_out(id),
    };
    let lexicon = Lexicon::builtin().expect("the built-in lexicon parses");
    if std::env::args().nth(3).as_deref() == Some("misread") {
        // Tuning aid: the misread units themselves (to the terminal only; never stored).
        let (reviews, sentences) = read_english(&dir.join("ABSA16_Restaurants_Train_SB1_v2.xml"));
        let russian = read_russian(&dir.join("restaurants_train_russian.xml.dat"));
        let which = std::env::args().nth(4).unwrap_or_default();
        let units: Vec<&Labelled> = match which.as_str() {
            "en-reviews" => reviews.iter().collect(),
            "en" => sentences.iter().collect(),
            _ => russian.iter().collect(),
        };
        if let Some(theme) = std::env::args().nth(5).as_deref().and_then(|a| a.strip_prefix("false-")) {
            // Tuning aid: units where `theme` is read but its label is not there.
            for unit in units.iter().filter(|u| keep(&u.id) && complaint(u)) {
                if lexicon.themes_in(&unit.text).contains(&theme) && !labels(unit).contains(label_of(theme)) {
                    println!("{:?}: {}", labels(unit), unit.text);
                }
            }
            return;
        }
        if std::env::args().nth(5).as_deref() == Some("drafts") {
            for unit in units.iter().filter(|u| keep(&u.id) && complaint(u) && !labels(u).is_empty()) {
                let replies = lexicon.reply_themes(&unit.text);
                if !replies.first().is_some_and(|t| labels(unit).iter().any(|l| answers(t, l))) {
                    println!("{:?} for {:?}: {}", replies, labels(unit), unit.text);
                }
            }
            return;
        }
        for unit in units.iter().filter(|u| keep(&u.id)).take(4000) {
            if let Some(truth) = majority(&unit.opinions)
                && truth != lexicon.tone(&unit.text)
            {
                println!(
                    "{truth:?} read {:?} ({:.1}): {}",
                    lexicon.tone(&unit.text),
                    lexicon.tone_score(&unit.text),
                    unit.text
                );
            }
        }
        return;
    }
    if std::env::args().nth(3).as_deref() == Some("scores") {
        // Tuning aid: per labelled sentence, its part, label and tone score (to the terminal only; never stored).
        let (_, sentences) = read_english(&dir.join("ABSA16_Restaurants_Train_SB1_v2.xml"));
        let russian = read_russian(&dir.join("restaurants_train_russian.xml.dat"));
        for (lang, units) in [("en", &sentences), ("ru", &russian)] {
            for unit in units {
                let truth = match majority(&unit.opinions) {
                    Some(truth) => format!("{truth:?}"),
                    None if unit.opinions.is_empty() => "Empty".to_string(),
                    None => continue,
                };
                let part = if held_out(&unit.id) { "held" } else { "train" };
                let score = lexicon.tone_score(&unit.text);
                let read = lexicon.tone(&unit.text);
                println!("{lang}\t{part}\t{truth}\t{score}\t{read:?}\t{}", unit.text.replace(['\t', '\n'], " "));
            }
        }
        return;
    }
    if std::env::args().nth(1).as_deref() == Some("binary") {
        // Another labelled set, `text<TAB>0|1` lines (1 praise, 0 complaint): tone with and without the lean.
        let path = std::env::args().nth(2).unwrap_or_default();
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        let rows: Vec<(&str, Tone)> = text
            .lines()
            .filter_map(|l| {
                let (text, label) = l.rsplit_once('\t')?;
                Some((text, if label.trim() == "1" { Tone::Positive } else { Tone::Negative }))
            })
            .collect();
        let lists = lexicon.clone().with_lean(Path::new("none"), "bias\t0\n", 1.0).unwrap();
        for (name, lex) in [("lists alone", &lists), ("lists and the lean", &lexicon)] {
            let reads: Vec<Tone> = rows.iter().map(|(t, _)| lex.tone(t)).collect();
            let right = rows.iter().zip(&reads).filter(|((_, truth), read)| truth == *read).count();
            let neutral = reads.iter().filter(|r| **r == Tone::Neutral).count();
            let praise = rows.iter().filter(|(_, t)| *t == Tone::Positive).count();
            println!(
                "{name}: {} sentences, accuracy {:.1} % (always-praise {:.1} %), read neutral {neutral}",
                rows.len(),
                100.0 * right as f64 / rows.len().max(1) as f64,
                100.0 * praise as f64 / rows.len().max(1) as f64
            );
        }
        return;
    }
    if std::env::args().nth(3).as_deref() == Some("learn") {
        // The learned lean (checklists/tone-lean.tsv), from the training split only: see `learn`.
        let (_, sentences) = read_english(&dir.join("ABSA16_Restaurants_Train_SB1_v2.xml"));
        let russian = read_russian(&dir.join("restaurants_train_russian.xml.dat"));
        let units: Vec<&Labelled> = sentences.iter().chain(&russian).filter(|u| !held_out(&u.id)).collect();
        print!("{}", learn(&lexicon, &units, LEAN_L2, LEAN_KEEP_ABOVE));
        return;
    }
    if std::env::args().nth(3).as_deref() == Some("learn-cv") {
        // Choosing the lean's settings by 5-fold cross-validation within the training split.
        let (_, sentences) = read_english(&dir.join("ABSA16_Restaurants_Train_SB1_v2.xml"));
        let russian = read_russian(&dir.join("restaurants_train_russian.xml.dat"));
        let units: Vec<&Labelled> = sentences.iter().chain(&russian).filter(|u| !held_out(&u.id)).collect();
        cross_validate(&lexicon, &units);
        return;
    }
    if std::env::args().nth(3).as_deref() == Some("misses") {
        let (_, sentences) = read_english(&dir.join("ABSA16_Restaurants_Train_SB1_v2.xml"));
        misses(&lexicon, &sentences.iter().filter(|s| keep(&s.id)).collect::<Vec<_>>());
        let russian = read_russian(&dir.join("restaurants_train_russian.xml.dat"));
        misses(&lexicon, &russian.iter().filter(|s| keep(&s.id)).collect::<Vec<_>>());
        return;
    }
    let (reviews, sentences) = read_english(&dir.join("ABSA16_Restaurants_Train_SB1_v2.xml"));
    let reviews: Vec<&Labelled> = reviews.iter().filter(|r| keep(&r.id)).collect();
    let sentences: Vec<&Labelled> = sentences.iter().filter(|s| keep(&s.id)).collect();
    println!("## English ({part}: {} reviews, {} sentences)\n", reviews.len(), sentences.len());
    println!("### Complaint themes, per review\n");
    themes_table(&lexicon, &reviews);
    println!("### Tone\n");
    tone_table(&lexicon, &reviews, "reviews");
    tone_table(&lexicon, &sentences, "sentences");
    let russian = read_russian(&dir.join("restaurants_train_russian.xml.dat"));
    let russian: Vec<&Labelled> = russian.iter().filter(|s| keep(&s.id)).collect();
    println!("## Russian ({part}: {} sentences)\n", russian.len());
    println!("### Complaint themes, per sentence\n");
    themes_table(&lexicon, &russian);
    println!("### Tone\n");
    tone_table(&lexicon, &russian, "sentences");
    let by_label: BTreeMap<&str, usize> = russian.iter().flat_map(|u| labels(u)).fold(BTreeMap::new(), |mut m, l| {
        *m.entry(l).or_default() += 1;
        m
    });
    println!("Russian labelled complaints by theme: {by_label:?}");
}

/// Tuning aid (`reading DIR train misses`): the stems most frequent in labelled sentences read as neutral.
fn misses(lexicon: &Lexicon, units: &[&Labelled]) {
    for truth in [Tone::Positive, Tone::Negative] {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for unit in units.iter().filter(|u| majority(&u.opinions) == Some(truth)) {
            if lexicon.tone(&unit.text) == Tone::Neutral {
                let stems: BTreeSet<String> =
                    touchaudit::cli::text::tokens(&unit.text).into_iter().map(|t| t.form).collect();
                for s in stems {
                    *counts.entry(s).or_default() += 1;
                }
            }
        }
        let mut top: Vec<(String, usize)> = counts.into_iter().collect();
        top.sort_by_key(|entry| std::cmp::Reverse(entry.1));
        let list: Vec<String> = top.iter().take(250).map(|(s, n)| format!("{s}:{n}")).collect();
        println!("{truth:?} read neutral: {}\n", list.join(" "));
    }
}

/// L2-regularised logistic regression, praise against complaint, over [`Lexicon::lean_features`] of the
/// labelled sentences (classes weighed to balance), fitted by full-batch AdaGrad; prints the weights that
/// matter as `checklists/tone-lean.tsv` holds them. Only stems, pairs of neighbouring words and weights are
/// printed, never a sentence.
fn learn(lexicon: &Lexicon, units: &[&Labelled], l2: f64, keep_above: f64) -> String {
    use std::fmt::Write as _;
    const ROUNDS: usize = 3000;
    const STEP: f64 = 0.5;
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut samples: Vec<(Vec<usize>, f64)> = Vec::new();
    for unit in units {
        let y = match majority(&unit.opinions) {
            Some(Tone::Positive) => 1.0,
            Some(Tone::Negative) => 0.0,
            _ => continue,
        };
        let features = lexicon.lean_features(&unit.text);
        let ids = features
            .into_iter()
            .map(|f| {
                let next = index.len();
                *index.entry(f).or_insert(next)
            })
            .collect();
        samples.push((ids, y));
    }
    let positives = samples.iter().filter(|s| s.1 > 0.5).count() as f64;
    let negatives = samples.len() as f64 - positives;
    let class_weight = |y: f64| samples.len() as f64 / 2.0 / if y > 0.5 { positives } else { negatives };
    let (mut w, mut bias) = (vec![0.0f64; index.len()], 0.0f64);
    let (mut g2, mut b2) = (vec![1e-8f64; index.len()], 1e-8f64);
    for _ in 0..ROUNDS {
        let mut grad: Vec<f64> = w.iter().map(|wi| l2 * wi).collect();
        let mut grad_bias = 0.0;
        for (ids, y) in &samples {
            let z = bias + ids.iter().map(|i| w[*i]).sum::<f64>();
            let p = 1.0 / (1.0 + (-z).exp());
            let d = class_weight(*y) * (p - y);
            ids.iter().for_each(|i| grad[*i] += d);
            grad_bias += d;
        }
        for (i, g) in grad.iter().enumerate() {
            g2[i] += g * g;
            w[i] -= STEP * g / g2[i].sqrt();
        }
        if FIT_BIAS {
            b2 += grad_bias * grad_bias;
            bias -= STEP * grad_bias / b2.sqrt();
        }
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Learned weights for the tone of customer texts (`lean_confidence` in tone.toml): the lists' verdict,"
    );
    let _ = writeln!(
        out,
        "# word stems and pairs of neighbouring words, summed, lean a text towards praise (+) or complaint (-)."
    );
    let _ = writeln!(
        out,
        "# Made by `bench/reading.sh learn` from the training part of SemEval-2016 Task 5 restaurant reviews"
    );
    let _ = writeln!(
        out,
        "# (English and Russian; the held-out fifth is not used): L2 logistic regression ({l2}), praise against"
    );
    let _ = writeln!(
        out,
        "# complaint, {} sentences. `feature<TAB>weight`: `stem`, `!stem` (negated), `word word` (a pair),",
        samples.len()
    );
    let _ = writeln!(
        out,
        "# `{LISTED_PRAISE}` / `{LISTED_COMPLAINT}` (tone.toml's words call it so; without these two lines the"
    );
    let _ = writeln!(out, "# lists decide first and the lean reads only what they leave undecided). Editable.");
    let _ = writeln!(out, "bias\t{bias:.3}");
    for (feature, i) in &index {
        if w[*i].abs() >= keep_above {
            let _ = writeln!(out, "{feature}\t{:.3}", w[*i]);
        }
    }
    out
}

/// The lean's L2 weight and the smallest weight kept in the file, as chosen by `learn-cv`.
const LEAN_L2: f64 = 0.1;
const LEAN_KEEP_ABOVE: f64 = 0.1;
const FIT_BIAS: bool = false;

/// The cross-validation fold of a unit: by its review (an English sentence's id is `review:sentence`), so that
/// no review lends words to the fold it is judged in.
fn fold(id: &str) -> u64 {
    (fnv(id.split(':').next().unwrap_or(id)) / 5) % 5
}

/// Per setting, the mean over five folds of the training split: English and Russian sentence tone accuracy,
/// and the share of English sentences with no labelled opinion read neutral.
fn cross_validate(lexicon: &Lexicon, units: &[&Labelled]) {
    println!("| L2 | keep | confidence | en tone | ru tone | en no-opinion read neutral |\n|---|---|---|---|---|---|");
    for l2 in [0.03, 0.1, 0.3] {
        for keep in [0.02, 0.1] {
            let models: Vec<String> = (0..5)
                .map(|k| {
                    let train: Vec<&Labelled> = units.iter().copied().filter(|u| fold(&u.id) != k).collect();
                    learn(lexicon, &train, l2, keep)
                })
                .collect();
            for confidence in [0.5f32, 0.55, 0.6, 0.65] {
                let (mut en, mut ru, mut empty) = ((0, 0), (0, 0), (0, 0));
                for (k, model) in models.iter().enumerate() {
                    let lex = lexicon.clone().with_lean(Path::new("cv.tsv"), model, confidence).unwrap();
                    for unit in units.iter().filter(|u| fold(&u.id) == k as u64) {
                        let russian =
                            unit.text.chars().any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c)));
                        let read = lex.tone(&unit.text);
                        match majority(&unit.opinions) {
                            Some(truth) => {
                                let cell = if russian { &mut ru } else { &mut en };
                                cell.0 += usize::from(read == truth);
                                cell.1 += 1;
                            }
                            None if unit.opinions.is_empty() => {
                                empty.0 += usize::from(read == Tone::Neutral);
                                empty.1 += 1;
                            }
                            None => {}
                        }
                    }
                }
                let pct = |(a, b): (usize, usize)| 100.0 * a as f64 / b.max(1) as f64;
                println!("| {l2} | {keep} | {confidence} | {:.1} | {:.1} | {:.1} |", pct(en), pct(ru), pct(empty));
            }
        }
    }
}
