//! One audit run as a CI job or an agency's batch runs it: compared with a baseline or a history folder,
//! gated, and written; and `batch`, many audits on a shared pool of workers with a portfolio index.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::compare::{Baseline, Gates, History};
use crate::config::{Audit, diag};
use crate::error::{Error, Result};
use crate::gather::site::Reach;
use crate::report::{self, AuditResult};

/// How to run one audit besides its own settings.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Overrides each audit file's date.
    pub as_of: Option<NaiveDate>,
    /// Overrides each audit file's `locale`.
    pub locale: Option<crate::i18n::Locale>,
    /// A folder of templates to render the report with instead of the built-in ones.
    pub templates: Option<PathBuf>,
    /// A result to compare with (`--baseline`).
    pub baseline: Option<PathBuf>,
    /// A history folder to compare with and add to (`--history`).
    pub history: Option<PathBuf>,
    /// Compare with a baseline of another business all the same (the comparison then says so).
    pub force: bool,
    /// The CI gates.
    pub gates: Gates,
    /// The rivals gathered so far: a batch shares one, so a rival several clients name is gathered once.
    pub rivals: std::sync::Arc<crate::rivals::RivalCache>,
    /// Earlier runs held in memory (the demo's months), used like a history that is never written.
    pub past: Vec<Baseline>,
}

/// Runs `audit`, compares it, checks the gates, writes the reports into `dir` (and the result into the
/// history). Gates that fail are in the result; the caller decides the exit code.
pub fn execute(audit: &Audit, dir: &Path, options: &Options, reach: &Reach) -> Result<(AuditResult, Vec<PathBuf>)> {
    let gates = &options.gates;
    // Checked before the run, not after a crawl: a missing templates folder would lose the whole run.
    if let Some(dir) = options.templates.as_deref().filter(|d| !d.is_dir()) {
        return Err(Error::ReadInput {
            path: dir.to_path_buf(),
            reason: "the --templates folder does not exist (or is not a folder)".to_string(),
        });
    }
    for id in &gates.fail_on {
        if audit.checklist.touchpoint(id).is_none() {
            let ids = audit.checklist.touchpoints.iter().map(|t| t.id.as_str());
            let hint = diag::did_you_mean(id, ids).map_or(String::new(), |d| format!("; {d}"));
            return Err(Error::Usage(format!("--fail-on: no touchpoint `{id}` in the checklist{hint}")));
        }
    }
    let nothing_to_compare = options.baseline.is_none() && options.history.is_none() && options.past.is_empty();
    if gates.max_drop.is_some() && nothing_to_compare {
        return Err(Error::Usage("--max-drop needs --baseline FILE or --history DIR to compare with".into()));
    }
    if gates.fail_on_drop && nothing_to_compare {
        return Err(Error::Usage("--fail-on-drop needs --baseline FILE or --history DIR to compare with".into()));
    }
    // Read what this run is compared with before the run: a missing or broken baseline stops it early.
    let as_of = options.as_of.or(audit.business.as_of).unwrap_or_else(|| chrono::Local::now().date_naive());
    let history = options.history.as_deref().map(History::read).transpose()?;
    let in_memory = History::in_memory(options.past.clone());
    let history_or_past = history.as_ref().or((!options.past.is_empty()).then_some(&in_memory));
    let baseline = match (&options.baseline, history_or_past) {
        (Some(path), _) => Some(Baseline::read(path)?),
        (None, Some(history)) => history.baseline_for(as_of)?,
        (None, None) => None,
    };
    let earlier = history_or_past.map(|h| h.before(as_of)).unwrap_or_default();
    if let Some(baseline) = &baseline {
        crate::compare::check_business(baseline, &audit.business.name, audit.business.site.as_deref(), options.force)?;
    }

    let (mut result, saved) = crate::run_keeping(audit, Some(as_of), reach, &options.rivals);
    if result.touchpoints.iter().all(|t| !t.status.is_assessed()) {
        return Err(Error::NothingAssessed(nothing_assessed(&result)));
    }
    crate::add_changes(&mut result, baseline.as_ref(), &earlier, gates)?;
    // The reports and the history entry land together or not at all.
    let mut outputs = report::render_reports(&result, dir, &audit.output.formats, options.templates.as_deref())?;
    // The dashboards' tables hold the history's runs and this one, oldest first.
    let runs: Vec<&AuditResult> = earlier.iter().map(|b| &b.result).chain([&result]).collect();
    for (name, content) in report::data::tables(&runs)? {
        outputs.push(report::write::Output { dir, name, content });
    }
    // The live sources' answers, so that `--from-sources` can run the audit again from them.
    let sources_dir = dir.join(crate::gather::live::SAVED_DIR);
    let kept = saved_outputs(&saved, as_of)?;
    for (name, content) in &kept {
        outputs.push(report::write::Output { dir: &sources_dir, name, content: content.clone() });
    }
    let history_name = History::file_for(as_of);
    if let Some(history) = &history {
        outputs.push(report::write::Output {
            dir: &history.dir,
            name: &history_name,
            content: report::to_json(&result)?.into_bytes(),
        });
    }
    let written = report::write::write_set(outputs)?;
    Ok((result, written))
}

/// The files of `sources/`: each live source's answers, gzipped, and the index naming them with the date the
/// audit was run for. None when the audit has no live source.
fn saved_outputs(kept: &crate::Kept, as_of: NaiveDate) -> Result<Vec<(String, Vec<u8>)>> {
    let saved = &kept.sources;
    if saved.is_empty() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for (name, site) in &kept.sites {
        let site = site.clone().map_err(|e| Error::Internal(format!("cannot keep the crawl {name}: {e}")))?;
        files.push((name.clone(), site));
    }
    for one in saved {
        let content = one.to_gzip().map_err(|e| Error::Internal(format!("cannot keep {}: {e}", one.source)))?;
        files.push((one.file_name(), content));
    }
    let index = crate::gather::live::Index::of(as_of, saved);
    let json = serde_json::to_vec_pretty(&index).map_err(|e| Error::Internal(format!("sources index: {e}")))?;
    files.push((crate::gather::live::INDEX_FILE.to_string(), json));
    Ok(files)
}

/// What to fill in when nothing was assessed: each source the checklist uses, with why it gave nothing.
fn nothing_assessed(result: &AuditResult) -> Vec<String> {
    let mut lines: Vec<String> = result
        .sources
        .iter()
        .map(|s| {
            let why = s.reason.clone().or_else(|| s.warnings.first().cloned());
            format!("  {}: {}", s.label, why.unwrap_or_else(|| s.summary.join("; ")))
        })
        .collect();
    if let Some(t) =
        result.touchpoints.iter().find(|t| crate::rules::rule(&t.rule).is_some_and(|rule| rule.spec.scored_by_hand()))
    {
        lines.push(format!(
            "  (offline.toml: uncomment and fill in the scores you assessed, e.g. [scores.\"{}\"])",
            t.id
        ));
    }
    lines
}

/// The gate failures of a result, one line each.
pub fn failed_gates(result: &AuditResult) -> Vec<String> {
    result.failed_gates()
}

pub(crate) use crate::report::portfolio::{Portfolio, PortfolioEntry};

/// Audit files from the command line: files as given, folders as their `audit.toml` and `*/audit.toml`,
/// anything else as a glob pattern. Sorted and without repeats.
pub fn expand(args: &[String]) -> Result<Vec<PathBuf>> {
    expand_named(args, "audit.toml")
}

/// Files named `name` from the command line: files as given, folders as their `name` and `*/name`, anything
/// else as a glob pattern. Sorted and without repeats.
pub fn expand_named(args: &[String], name: &str) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for arg in args {
        let path = Path::new(arg);
        if path.is_dir() {
            let before = files.len();
            for pattern in [name.to_string(), format!("*/{name}")] {
                let pattern = path.join(pattern).to_string_lossy().into_owned();
                files.extend(glob::glob(&pattern).into_iter().flatten().flatten());
            }
            if files.len() == before {
                return Err(Error::Usage(format!("{arg}: no {name} in this folder or its subfolders")));
            }
        } else if path.exists() {
            files.push(path.to_path_buf());
        } else {
            let matches = glob::glob(arg).map_err(|e| Error::Usage(format!("`{arg}` is not a glob pattern: {e}")))?;
            let before = files.len();
            files.extend(matches.flatten());
            if files.len() == before {
                return Err(Error::Usage(format!("{arg}: no such file, and no file matches it as a pattern")));
            }
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// A folder name for a client's report: its folder's name for `client/audit.toml`, else the file's stem.
fn slug(path: &Path, taken: &mut Vec<String>) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name = if stem == "audit" {
        path.parent().and_then(Path::file_name).map(|s| s.to_string_lossy().into_owned()).unwrap_or(stem)
    } else {
        stem
    };
    let base: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .to_string();
    let base = if base.is_empty() { "audit".to_string() } else { base };
    let mut candidate = base.clone();
    let mut n = 1;
    while taken.contains(&candidate) {
        n += 1;
        candidate = format!("{base}-{n}");
    }
    taken.push(candidate.clone());
    candidate
}

/// The host an audit crawls ("www." aside): audits of one host run one after another, never at once, so
/// the per-host politeness of one audit holds across the batch.
fn host_key(audit: &Audit) -> Option<String> {
    let site = audit.business.site.as_deref()?;
    let host = url::Url::parse(site).ok()?.host_str()?.to_ascii_lowercase();
    Some(host.trim_start_matches("www.").to_string())
}

/// Workers per core at most: audits mostly wait on the network, so a few per core keep the machine busy.
pub(crate) const MAX_JOBS_PER_CORE: usize = 4;

/// The worker threads for `jobs` asked and `groups` of audits: never more than there is work for, nor more
/// than [`MAX_JOBS_PER_CORE`] per core (`--jobs 1000000000` must not spawn a billion threads).
fn workers(jobs: usize, groups: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    jobs.clamp(1, (cores * MAX_JOBS_PER_CORE).max(1)).min(groups.max(1))
}

/// Runs every audit on `jobs` workers, writes each client's report into `out/<client>/`, and returns the
/// portfolio (sorted). An audit that cannot be loaded or written is listed with its error; the rest go on.
pub fn batch(files: &[PathBuf], out: &Path, jobs: usize, options: &Options) -> Portfolio {
    use std::collections::{BTreeMap, VecDeque};
    use std::sync::Mutex;

    let mut taken = Vec::new();
    let mut entries: Vec<PortfolioEntry> = Vec::with_capacity(files.len());
    // Work groups: the audits of one host together, in file order.
    let mut groups: BTreeMap<String, Vec<(usize, Audit, String)>> = BTreeMap::new();
    for (i, file) in files.iter().enumerate() {
        let slug = slug(file, &mut taken);
        let mut entry = PortfolioEntry::without_result(slug.clone(), file.display().to_string());
        match crate::load(file, crate::config::Files::Disk, options.locale) {
            Ok(audit) => {
                entry.name = audit.business.name.clone();
                let key = host_key(&audit).unwrap_or_else(|| format!("\u{0}{i}"));
                groups.entry(key).or_default().push((i, audit, slug));
            }
            Err(e) => entry.error = Some(e.to_string().replace('\n', "; ")),
        }
        entries.push(entry);
    }
    let workers = workers(jobs, groups.len());
    let queue = Mutex::new(groups.into_values().collect::<VecDeque<_>>());
    let done = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let Some(group) = queue.lock().unwrap_or_else(|e| e.into_inner()).pop_front() else { break };
                    for (i, audit, slug) in group {
                        let client_options =
                            Options { history: options.history.as_ref().map(|h| h.join(&slug)), ..options.clone() };
                        let outcome = execute(&audit, &out.join(&slug), &client_options, &Reach::default());
                        done.lock().unwrap_or_else(|e| e.into_inner()).push((i, slug, outcome));
                    }
                }
            });
        }
    });
    for (i, slug, outcome) in done.into_inner().unwrap_or_else(|e| e.into_inner()) {
        match outcome {
            Ok((result, _)) => {
                let audit = entries[i].audit.clone();
                entries[i] = PortfolioEntry::from_result(&result, audit, format!("{slug}/{}", report::HTML_FILE));
            }
            Err(e) => entries[i].error = Some(e.to_string().replace('\n', "; ")),
        }
    }
    Portfolio::new(entries)
}

/// A portfolio of results written elsewhere (one machine per audit, say): each `result.json` with the
/// report.html beside it. `out` is where the portfolio goes, so report links are made relative to it.
pub fn portfolio_of(results: &[PathBuf], out: &Path) -> Portfolio {
    let entries = results
        .iter()
        .map(|path| {
            let html = path.with_file_name(report::HTML_FILE);
            let link = pathdiff(&html, out);
            match report::read_result(path) {
                Ok(result) => PortfolioEntry::from_result(&result, path.display().to_string(), link),
                Err(e) => PortfolioEntry {
                    error: Some(e.to_string().replace('\n', "; ")),
                    ..PortfolioEntry::without_result(path.display().to_string(), path.display().to_string())
                },
            }
        })
        .collect();
    Portfolio::new(entries)
}

/// `target` relative to the folder `base` when it lies inside it, else as given (absolute when it can be).
fn pathdiff(target: &Path, base: &Path) -> String {
    let absolute = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (target, base) = (absolute(target), absolute(base));
    target.strip_prefix(&base).unwrap_or(&target).to_string_lossy().replace('\\', "/")
}

/// Writes portfolio.json and index.html into `out` atomically.
pub fn write_portfolio(portfolio: &Portfolio, out: &Path, templates: Option<&Path>) -> Result<Vec<PathBuf>> {
    let mut json = serde_json::to_string_pretty(portfolio)
        .map_err(|e| crate::error::Error::Internal(format!("cannot write the portfolio as JSON: {e}")))?;
    json.push('\n');
    let html = report::html::Renderer::new(templates)?.render_portfolio(portfolio)?;
    // Every client's dashboard tables in one, from the folders their reports are in.
    let folders: Vec<PathBuf> =
        portfolio.clients.iter().filter_map(|c| Some(out.join(c.report.as_deref()?).parent()?.to_path_buf())).collect();
    let mut files = vec![("portfolio.json", json.into_bytes()), ("index.html", html.into_bytes())];
    files.extend(report::data::merged(&folders)?);
    report::write::write_all(out, &files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_folder_names_are_readable_and_unique() {
        let mut taken = Vec::new();
        assert_eq!(slug(Path::new("clients/Bright Smile/audit.toml"), &mut taken), "bright-smile");
        assert_eq!(slug(Path::new("other/Bright Smile/audit.toml"), &mut taken), "bright-smile-2");
        assert_eq!(slug(Path::new("x/bakery.toml"), &mut taken), "bakery");
    }

    #[test]
    fn workers_are_clamped_to_the_work_and_the_machine() {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        assert_eq!(workers(1_000_000_000, 3), 3.min(cores * MAX_JOBS_PER_CORE));
        assert!(workers(1_000_000_000, 1_000_000) <= cores * MAX_JOBS_PER_CORE);
        assert_eq!(workers(0, 5), 1);
        assert_eq!(workers(4, 0), 1);
    }
}
