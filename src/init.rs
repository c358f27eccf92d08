//! `touchaudit init`: an audit.toml and an offline.toml template listing every manual touchpoint with its
//! scale and guidance, for a consultant to fill in.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::config::checklist::Checklist;
use crate::error::{Error, Result};
use crate::i18n::{Locale, Tr};
use crate::t;

pub(crate) const AUDIT_TEMPLATE: &str = r#"# touchaudit audit file. Paths are relative to this file.
# Every field but business.name has a default; `touchaudit validate audit.toml` checks it all.

checklist = "default"        # or a path to your own copy of the checklist
offline = "offline.toml"     # the auditor's scores and the client's figures

# A customer survey (NPS, CSAT, CES); column names are configurable.
# [survey]
# file = "survey.csv"
# nps = "nps"                # 0-10 "would you recommend us?"
# nps_reason = "nps_reason"  # the "why this score?" answer
# csat = "csat"              # 1-5 satisfaction
# ces = "ces"                # 1-7 "how easy was it?"

[business]
name = "Your business"
# site = "https://www.example.com/"
locale = "en"
# as_of = 2026-11-01         # the audit date; windows like "last 90 days" count from it

# Review platforms: any number of sources, each a file or a `url` (fetched politely).
# format: {formats}
# [[reviews]]
# file = "reviews/google.json"
# format = "gbp"
#
# [[reviews]]
# platform = "Yelp"
# file = "reviews/yelp.csv"
# format = "csv"
# scale = 5                  # or 10
# columns = { rating = "Stars", date = "Date", text = "Review", reply = "Owner reply", reply_date = "Reply date" }
#
# [[reviews]]
# file = "yandex-reviews.html"   # a Yandex Maps reviews tab saved from the browser
# format = "html"
# rules = "yandex-maps"      # a built-in selector rule file, or a path to your own .toml

# Live sources: read from the platform's API at every run (a monthly CI job needs no export). The
# credentials come from the environment only (or NAME_FILE naming a file); the answers are kept in
# report/sources/, and `touchaudit run audit.toml --from-sources report` runs the audit again from them.
# `touchaudit validate --online audit.toml` checks the credentials.
# [[reviews]]
# source = "apify"           # APIFY_TOKEN
# task = "janedoe~google-maps-reviews"   # the newest successful run of a saved task (or actor = "…", dataset = "…")
#
# [[reviews]]
# source = "gbp"             # GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, GBP_REFRESH_TOKEN (OAuth, business.manage)
# location = "accounts/123/locations/456"
#
# [[reviews]]
# source = "outscraper"      # OUTSCRAPER_API_KEY
# query = "Your business, City"   # or the Google place id
# max_items = 2000           # reviews read at most (default 20000)
#
# [[reviews]]
# source = "2gis"            # DGIS_API_KEY
# branch = "70000001012345678"   # the number in the branch's 2GIS link

# Mentions: RSS or Atom feeds (news alerts, forum or social feeds), files or URLs.
# [[mentions]]
# feed = "mentions.atom"

# [reputation]
# platforms = ["Google", "Yelp"]   # where the business should be present
# themes = "my-themes.toml"        # complaint themes (default: checklists/themes.toml)
# tone = "my-tone.toml"            # tone words with negation (default: checklists/tone.toml)

# Brand search results (SERM): the first results page for the business's name, saved as CSV with
# position, title, url and snippet columns (search engines forbid automated queries).
# [serm]
# file = "serp.csv"
# own = ["https://instagram.com/your-business"]   # profiles that count as the business's own results

[output]
dir = "report"
formats = ["html", "json", "md"]
"#;

/// The audit.toml template in Russian: the same keys and values, the comments in the report's language.
pub(crate) const AUDIT_TEMPLATE_RU: &str = r#"# Файл аудита touchaudit. Пути указываются относительно этого файла.
# Обязательно только business.name; `touchaudit validate audit.toml` проверит всё остальное.

checklist = "default"        # или путь к вашей копии чек-листа
offline = "offline.toml"     # оценки аудитора и цифры клиента

# Опрос клиентов (NPS, CSAT, CES); названия столбцов можно задать.
# [survey]
# file = "survey.csv"
# nps = "nps"                # 0-10 «порекомендуете ли вы нас?»
# nps_reason = "nps_reason"  # ответ на «почему такая оценка?»
# csat = "csat"              # удовлетворённость 1-5
# ces = "ces"                # 1-7 «насколько легко было?»

[business]
name = "Ваша компания"
# site = "https://www.example.ru/"
locale = "en"
# as_of = 2026-11-01         # дата аудита (ГГГГ-ММ-ДД, без кавычек); окна «за 90 дней» считаются от неё

# Площадки отзывов: сколько угодно источников, каждый файл или `url` (загружается бережно).
# format: {formats}
# [[reviews]]
# file = "reviews/yandex.json"
# format = "yandex"
#
# [[reviews]]
# file = "reviews/2gis.json"
# format = "2gis"
#
# [[reviews]]
# platform = "Отзовик"
# file = "reviews/otzovik.csv"
# format = "csv"
# scale = 5                  # или 10
# columns = { rating = "Оценка", date = "Дата", text = "Отзыв", reply = "Ответ", reply_date = "Дата ответа" }
#
# [[reviews]]
# file = "yandex-reviews.html"   # вкладка отзывов Яндекс Карт, сохранённая из браузера
# format = "html"
# rules = "yandex-maps"      # встроенный файл селекторов или путь к своему .toml

# Живые источники: читаются из API площадки при каждом запуске (ежемесячной задаче CI не нужна выгрузка).
# Ключи берутся только из переменных окружения (или NAME_FILE с путём к файлу); ответы сохраняются в
# report/sources/, и `touchaudit run audit.toml --from-sources report` повторяет аудит по ним.
# `touchaudit validate --online audit.toml` проверяет ключи.
# [[reviews]]
# source = "2gis"            # DGIS_API_KEY
# branch = "70000001012345678"   # номер из ссылки на филиал в 2ГИС
#
# [[reviews]]
# source = "apify"           # APIFY_TOKEN
# task = "janedoe~google-maps-reviews"   # последний успешный запуск сохранённой задачи (или actor = "…", dataset = "…")
#
# [[reviews]]
# source = "gbp"             # GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, GBP_REFRESH_TOKEN (OAuth, business.manage)
# location = "accounts/123/locations/456"
#
# [[reviews]]
# source = "outscraper"      # OUTSCRAPER_API_KEY
# query = "Ваша компания, Город"   # или id места в Google
# max_items = 2000           # не больше стольких отзывов (по умолчанию 20000)

# Упоминания: ленты RSS или Atom (новости, форумы, соцсети), файлы или URL.
# [[mentions]]
# feed = "mentions.atom"

# [reputation]
# platforms = ["Яндекс Карты", "2ГИС"]   # где компания должна присутствовать
# themes = "my-themes.toml"        # темы жалоб (по умолчанию checklists/themes.toml)
# tone = "my-tone.toml"            # слова тональности (по умолчанию checklists/tone.toml)

# Выдача по названию (SERM): первая страница результатов поиска, сохранённая как CSV со столбцами
# position, title, url и snippet (поисковики запрещают автоматические запросы).
# [serm]
# file = "serp.csv"
# own = ["https://vk.com/your-business"]   # профили, которые считаются собственными результатами компании

[output]
dir = "report"
formats = ["html", "json", "md"]
"#;

/// The audit.toml template in `locale`'s language, listing every review format the tool reads.
pub(crate) fn audit_template(locale: Locale) -> String {
    use crate::config::sources::Format;
    let formats: Vec<String> = Format::all()
        .map(|format| {
            let (en, ru) = format.reads();
            format!("{} ({})", format.name(), if locale == Locale::Ru { ru } else { en })
        })
        .collect();
    let template = match locale {
        Locale::Ru => AUDIT_TEMPLATE_RU,
        Locale::En => AUDIT_TEMPLATE,
    };
    template.replacen("{formats}", &formats.join(", "), 1).replace("locale = \"en\"", &format!("locale = \"{locale}\""))
}

/// The offline.toml template for a checklist: every manual touchpoint and figure, commented out, explained
/// in `tr`'s language. Values stay TOML (a decimal point, whatever the language).
pub(crate) fn offline_template(checklist: &Checklist, tr: &Tr) -> String {
    let fmt_num = crate::rules::fmt_num;
    let mut out = String::new();
    for line in t!(tr, "init-offline-intro").lines() {
        let _ = writeln!(out, "# {line}");
    }
    for area in &checklist.areas {
        let manual: Vec<_> =
            checklist.touchpoints.iter().filter(|t| t.area == area.id && t.rule.scored_by_hand()).collect();
        if manual.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n# ===== {} =====", area.title);
        for t in manual {
            let p = &t.params;
            let kind = if t.critical { t!(tr, "report-critical") } else { t!(tr, "init-weight", weight = t.weight) };
            let _ = writeln!(out, "\n# {} ({kind})", t.title);
            if t.rule.hand == Some(crate::rules::Hand::Score) {
                let unit = p.text("unit");
                let scale = format!("{}..{}", fmt_num(p.num("min")), fmt_num(p.num("max")));
                let scale = if unit.is_empty() { scale } else { format!("{scale} {unit}") };
                // Written as TOML takes them (4.5, not 4,5), since the consultant types them in.
                let (pass, fail) = (fmt_num(p.num("pass")), fmt_num(p.num("fail")));
                let _ = writeln!(out, "# {}", t!(tr, "init-scale", scale = scale, pass = pass, fail = fail));
            } else {
                let _ = writeln!(out, "# {}", t!(tr, "init-items", share = p.num("pass") * 100.0));
            }
            for line in p.text("guidance").lines().filter(|l| !l.trim().is_empty()) {
                let _ = writeln!(out, "# {}", line.trim());
            }
            let _ = writeln!(out, "# [scores.\"{}\"]", t.id);
            if t.rule.hand == Some(crate::rules::Hand::Score) {
                let _ = writeln!(out, "# score = {}", fmt_num(p.num("pass")));
            } else {
                let items: Vec<String> = p.list("items").iter().map(|i| format!("{i} = true")).collect();
                let _ = writeln!(out, "# items = {{ {} }}", items.join(", "));
            }
            let _ = writeln!(out, "# note = \"\"");
        }
    }
    let figures = checklist.figure_keys();
    if !figures.is_empty() {
        let _ = writeln!(out, "\n# ===== {} =====", t!(tr, "init-figures"));
        let _ = writeln!(out, "# {}\n# [figures]", t!(tr, "init-shares"));
        for t in checklist.touchpoints.iter().filter(|t| t.rule.hand == Some(crate::spec::Hand::Figure)) {
            let _ = writeln!(out, "# {} = {}    # {}", t.params.text("key"), fmt_num(t.params.num("pass")), t.title);
        }
    }
    out
}

/// Writes audit.toml and offline.toml into `dir` for a report in `locale`, refusing to overwrite either.
pub fn init(dir: &Path, locale: Locale, locations: usize) -> Result<Vec<PathBuf>> {
    let max = crate::config::locations::MAX_LOCATIONS;
    if locations > max {
        return Err(Error::Usage(format!("--locations {locations}: at most {max} (MAX_LOCATIONS)")));
    }
    let mut checklist = Checklist::builtin(&crate::rules::registry::Registry).map_err(Error::Invalid)?;
    crate::config::translation::apply_default(&mut checklist, locale, &crate::rules::registry::Registry);
    let mut audit = audit_template(locale);
    let offline = offline_template(&checklist, locale.tr());
    let mut located = Vec::new();
    if locations > 0 {
        audit.push_str(&locations_template(locations, locale));
        for n in 1..=locations {
            located.push((format!("location-{n:02}.toml"), offline.clone()));
        }
    }
    let files = [("audit.toml".to_string(), audit), ("offline.toml".to_string(), offline)];
    let sub = dir.join(LOCATIONS_DIR);
    for path in files.iter().map(|(n, _)| dir.join(n)).chain(located.iter().map(|(n, _)| sub.join(n))) {
        if path.exists() {
            return Err(Error::Usage(format!(
                "{} exists already; touchaudit init does not overwrite files",
                path.display()
            )));
        }
    }
    let mut outputs: Vec<crate::report::write::Output> = files
        .iter()
        .map(|(name, text)| crate::report::write::Output { dir, name, content: text.clone().into_bytes() })
        .collect();
    outputs.extend(located.iter().map(|(name, text)| crate::report::write::Output {
        dir: &sub,
        name,
        content: text.clone().into_bytes(),
    }));
    crate::report::write::write_set(outputs)
}

/// The folder `init --locations` writes each location's offline.toml into.
const LOCATIONS_DIR: &str = "locations";

/// `[[location]]` skeletons for `init --locations N`: name, contacts, the location's offline file and its
/// review sources, and the survey column that marks its answers.
fn locations_template(count: usize, locale: Locale) -> String {
    let ru = locale == Locale::Ru;
    let mut out = String::from(if ru {
        "\n# Сеть: у каждой точки свои контакты (для NAP), отзывы и карточки, визит (offline.toml) и ответы опроса.\n\
         # Сайт, поиск и бренд общие для сети. Столбец опроса с названием точки: [survey] location = \"store\".\n"
    } else {
        "\n# A chain: each location has its own contacts (for NAP), reviews and listings, visit (offline.toml) and\n\
         # survey answers; the site, search and brand are the chain's. The survey column naming each answer's\n\
         # location: [survey] location = \"store\".\n"
    });
    for n in 1..=count {
        let name = if ru { format!("Точка {n}") } else { format!("Location {n}") };
        out.push_str(&format!(
            "\n[[location]]\nname = \"{name}\"\n# address = \"\"\n# phone = \"\"\n# hours = \"Mo-Fr 09:00-18:00\"\n\
             offline = \"{LOCATIONS_DIR}/location-{n:02}.toml\"\n# survey = \"{name}\"   # its value in the survey's location column\n\
             # [[location.reviews]]\n# format = \"gbp\"\n# file = \"reviews/location-{n:02}.json\"\n"
        ));
    }
    out
}
