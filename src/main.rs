//! The touchaudit command line: parses arguments, calls the library, prints results and maps errors to exit codes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use touchaudit::cli::config::checklist::{self, Checklist};
use touchaudit::cli::config::{self, Files, OutputFormat};
use touchaudit::cli::i18n::Locale;
use touchaudit::cli::report::{self, AuditResult};
use touchaudit::cli::rules::registry::Registry;
use touchaudit::cli::rules::{self, fmt_num, fmt_pct};
use touchaudit::cli::{Error, compare, demo, init};

/// Everything the command line prints to stdout goes through [`say`], so a closed stdout (`touchaudit
/// checklist | head -1`) ends the command quietly with exit 0, as ripgrep does, instead of a panic. Every
/// file a command writes is written before it prints about it, so stopping there loses nothing. Both streams
/// show control characters escaped ([`for_terminal`]).
macro_rules! println {
    () => { say(format_args!("\n")) };
    ($($arg:tt)*) => { say(format_args!("{}\n", format_args!($($arg)*))) };
}

macro_rules! print {
    ($($arg:tt)*) => { say(format_args!($($arg)*)) };
}

macro_rules! eprintln {
    ($($arg:tt)*) => { ::std::eprintln!("{}", for_terminal(&format!($($arg)*))) };
}

fn say(text: std::fmt::Arguments) {
    use std::io::Write;
    let text = text.to_string();
    if let Err(error) = std::io::stdout().lock().write_all(for_terminal(&text).as_bytes()) {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {error}");
        std::process::exit(1);
    }
}

/// Text as the terminal may show it: what touchaudit prints carries names, titles, file names and cells read
/// from input, and a control character there (an escape sequence that moves the cursor, retitles the window
/// or hides text; a bidirectional override) would act on the terminal. They are shown escaped (`\u{1b}`);
/// line breaks and tabs stay.
fn for_terminal(text: &str) -> std::borrow::Cow<'_, str> {
    let acts = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
    };
    if !text.chars().any(acts) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars().map(|c| if acts(c) { c.escape_unicode().to_string() } else { c.to_string() }).collect(),
    )
}

/// Audit how a business treats its customers at every touchpoint, and score its loyalty readiness.
#[derive(Parser)]
#[command(name = "touchaudit", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run an audit and write report.html, result.json and summary.md.
    Run {
        /// The audit file (audit.toml).
        audit: PathBuf,
        #[command(flatten)]
        output: OutputArgs,
        /// Read the live review sources from the answers an earlier run saved (its output folder, or the
        /// `sources` folder in it) instead of their APIs: the same figures, offline. The audit date is that
        /// run's unless --as-of is given.
        #[arg(long, value_name = "DIR")]
        from_sources: Option<PathBuf>,
    },
    /// Check an audit file and everything it names, without running anything.
    Validate {
        /// The audit file (audit.toml).
        audit: PathBuf,
        /// Also check each live review source's credentials and that its API answers (one small request each).
        #[arg(long)]
        online: bool,
    },
    /// List a checklist's touchpoints, or explain one touchpoint or rule.
    Checklist {
        /// A checklist TOML file; the built-in default when not given.
        #[arg(long, value_name = "FILE")]
        checklist: Option<PathBuf>,
        /// A touchpoint id or a rule name to explain.
        #[arg(long, value_name = "ID")]
        explain: Option<String>,
        /// Show the checklist's texts in this language (en, ru), as a report in it would.
        #[arg(long, value_name = "LANG", value_parser = parse_locale, default_value = "en")]
        locale: Locale,
    },
    /// Write an audit.toml and an offline.toml template to fill in.
    Init {
        /// Where to write them.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The report language (en, ru): set in audit.toml, and the language of the offline.toml template.
        #[arg(long, value_name = "LANG", value_parser = parse_locale, default_value = "en")]
        locale: Locale,
        /// A chain of N locations: N [[location]] skeletons and an offline.toml for each in locations/.
        #[arg(long, value_name = "N", default_value_t = 0)]
        locations: usize,
    },
    /// Re-render the HTML and Markdown reports from a result.json.
    Report {
        /// A result.json written by touchaudit.
        result: PathBuf,
        /// Output directory; the result's own directory when not given.
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// A folder of templates overriding the built-in ones (report.hbs, touchpoint.hbs, portfolio.hbs, report.css).
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Also print report.pdf (A4) with headless Chromium.
        #[arg(long)]
        pdf: bool,
        /// With --pdf: leave the evidence lists out of the printed report (a short read for the client).
        #[arg(long, requires = "pdf")]
        no_evidence: bool,
        /// Render the report in this language (en, ru) whatever language the result was written in.
        #[arg(long, value_name = "CODE", value_parser = parse_locale)]
        locale: Option<Locale>,
        /// Who the report is for (client or consultant), instead of the audience the result was written for.
        #[arg(long, value_enum)]
        audience: Option<touchaudit::cli::config::agency::Audience>,
    },
    /// Crawl a website alone and print a summary; --json writes every page record and broken link.
    Crawl {
        /// The start URL.
        url: String,
        /// The same settings as `[crawl]` in audit.toml.
        #[command(flatten)]
        settings: config::CrawlSettings,
        /// Write the crawl's facts (pages_crawled, pages, broken_links ...) as JSON.
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
    },
    /// Run the bundled example audit (no setup, no network) and write its report.
    Demo {
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Run many audits on a shared pool of workers; write each report and a portfolio (index.html, portfolio.json).
    Batch {
        /// Audit files, folders (their audit.toml and */audit.toml) or glob patterns.
        #[arg(required = true)]
        audits: Vec<String>,
        /// Where the portfolio and every client's report (in a folder of its own) go.
        #[arg(short, long, value_name = "DIR", default_value = "portfolio")]
        output: PathBuf,
        /// Audits run at once; audits of the same host run one after another.
        #[arg(long, value_name = "N", default_value_t = 2)]
        jobs: usize,
        /// The audit date for every audit, YYYY-MM-DD.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// The report language for every audit (en, ru), instead of each audit file's `locale`.
        #[arg(long, value_name = "LANG", value_parser = parse_locale)]
        locale: Option<Locale>,
        /// A folder of templates overriding the built-in ones (report.hbs, touchpoint.hbs, portfolio.hbs, report.css).
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// A history folder: each client keeps its runs in a subfolder and is compared with its last run.
        #[arg(long, value_name = "DIR")]
        history: Option<PathBuf>,
        /// The gates, checked for every client (--max-drop needs --history).
        #[command(flatten)]
        gates: GateArgs,
    },
    /// Gather results written elsewhere (one job per audit) into one portfolio (index.html, portfolio.json).
    Portfolio {
        /// result.json files, folders (their result.json and */result.json) or glob patterns.
        #[arg(required = true)]
        results: Vec<String>,
        /// Where the portfolio goes.
        #[arg(short, long, value_name = "DIR", default_value = ".")]
        output: PathBuf,
        /// A folder of templates overriding the built-in ones (portfolio.hbs, report.css).
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
    },
    /// Write the visit form (one HTML file for a phone, offline) for the audit's hand-scored touchpoints, or
    /// import its export: `touchaudit visit AUDIT.toml -o visit.html`, `touchaudit visit import EXPORT.zip
    /// --into CLIENT_DIR`.
    #[command(args_conflicts_with_subcommands = true)]
    Visit {
        #[command(subcommand)]
        action: Option<VisitAction>,
        /// The audit file whose checklist (and offline.toml) the form is made from.
        audit: Option<PathBuf>,
        /// Where the form goes.
        #[arg(short, long, value_name = "FILE", default_value = "visit.html")]
        output: PathBuf,
        /// The form's language (en, ru), instead of `locale` in the audit file.
        #[arg(long, value_name = "LANG", value_parser = parse_locale)]
        locale: Option<Locale>,
        /// A chain's location the visit is to: the form is prefilled from its offline file.
        #[arg(long, value_name = "NAME")]
        location: Option<String>,
    },
    /// Write the built-in report templates and stylesheet into DIR, to start a branded set from
    /// (`--templates DIR` then uses them; an `extra.css` there adds to the stylesheet).
    Templates {
        #[command(subcommand)]
        action: TemplatesAction,
    },
    /// Say what changed between two results (Markdown, fit for a terminal, a CI page or a pull request).
    Diff {
        /// The earlier result.json.
        old: PathBuf,
        /// The later result.json.
        new: PathBuf,
        /// Compare even when the two results are for different businesses (name and site both differ).
        #[arg(long)]
        force: bool,
        /// Print the changes as JSON (result.json's `changes`: `measures` with each verdict, `score_change`)
        /// instead of Markdown.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
enum VisitAction {
    /// Read a visit export (offline.toml and photos/) into a client's folder, checked like `validate`.
    Import {
        /// The zip the form exported.
        export: PathBuf,
        /// The client's folder, with its audit.toml.
        #[arg(long, value_name = "DIR")]
        into: PathBuf,
        /// Update an existing offline.toml: the visit's entries replace theirs, the others stay.
        #[arg(long)]
        merge: bool,
    },
}

#[derive(Subcommand, Debug)]
enum TemplatesAction {
    /// Write report.hbs, touchpoint.hbs, fix.hbs, portfolio.hbs and report.css into DIR.
    Export { dir: PathBuf },
}

#[derive(Args)]
struct OutputArgs {
    /// Output directory (default: [output] dir of the audit file; ./touchaudit-demo for the demo).
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// The audit date, YYYY-MM-DD (default: as_of in the audit file, else today).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// The report language (en, ru), instead of `locale` in the audit file.
    #[arg(long, value_name = "LANG", value_parser = parse_locale)]
    locale: Option<Locale>,
    /// A folder of templates overriding the built-in ones (report.hbs, touchpoint.hbs, portfolio.hbs, report.css).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Who the report is for: the client (plain words, the default) or the consultant (setup hints, ids,
    /// sources), instead of `[output] audience` in the audit file.
    #[arg(long, value_enum)]
    audience: Option<touchaudit::cli::config::agency::Audience>,
    /// A result.json of an earlier run to compare with: deltas go into the result and the reports.
    #[arg(long, value_name = "FILE", conflicts_with = "history")]
    baseline: Option<PathBuf>,
    /// A folder keeping every run's result as YYYY-MM-DD.json: this run is compared with the newest earlier
    /// one, the trend shows the last runs, and this run's result is added.
    #[arg(long, value_name = "DIR")]
    history: Option<PathBuf>,
    #[command(flatten)]
    gates: GateArgs,
    /// Compare with a baseline even when it is for another business (name and site both differ).
    #[arg(long)]
    force: bool,
}

/// The gates, the same for one run and for every client of a batch; the outputs are written all the same.
#[derive(Args)]
struct GateArgs {
    /// Exit with 3 when the score is below SCORE.
    #[arg(long, value_name = "SCORE")]
    fail_under: Option<f64>,
    /// Exit with 3 when the score dropped by more than POINTS since the baseline (or the history's last run).
    #[arg(long, value_name = "POINTS")]
    max_drop: Option<f64>,
    /// Exit with 3 when any of these touchpoints fails (comma-separated ids).
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    fail_on: Vec<String>,
    /// Exit with 3 unless the business ranks in the top N by outside-in score among its [[competitor]]s.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(usize))]
    fail_on_rank: Option<usize>,
    /// Exit with 3 when something got worse for real since the baseline: the score (beyond what changes
    /// within noise moved) or a measure on a sample (NPS, reply rate ...) by a significant change; a change
    /// within the noise of its samples passes.
    #[arg(long)]
    fail_on_drop: bool,
}

impl GateArgs {
    fn gates(&self) -> compare::Gates {
        compare::Gates {
            fail_under: self.fail_under,
            max_drop: self.max_drop,
            fail_on: gate_ids(&self.fail_on),
            fail_on_rank: self.fail_on_rank,
            fail_on_drop: self.fail_on_drop,
        }
    }
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| format!("`{text}` is not a date like 2026-11-01"))
}

fn parse_locale(text: &str) -> Result<Locale, String> {
    Locale::parse(text)
        .ok_or_else(|| format!("`{text}` is not an available locale: {}", Locale::ALL.map(Locale::code).join(", ")))
}

/// Ctrl-C, SIGTERM and SIGHUP stop the run with a word on what was left, and exit 128 + the signal; outputs
/// are swapped in atomically (see `report::write`), so stopping at any instant is safe. A file-size limit
/// (SIGXFSZ) makes the write fail with an error instead of killing the process.
fn on_signals() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        // SAFETY: ignoring a signal installs no handler code; writes past the limit then fail with EFBIG.
        unsafe {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        }
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else { return };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let name = match signal {
                    SIGINT => "Ctrl-C",
                    SIGTERM => "SIGTERM",
                    _ => "SIGHUP",
                };
                let left = match report::write::phase() {
                    report::write::Phase::Working => "nothing was written: every output folder is as it was",
                    report::write::Phase::Written => {
                        "every output folder holds either its previous complete set or this run's, never a mix"
                    }
                };
                // A browser printing the PDF stops with the run, and its half-printed file goes.
                report::pdf::stop_printing();
                // So does a browser a crawl is rendering with, and its profile folder goes.
                touchaudit::cli::gather::site::stop_browsers();
                eprintln!("\ntouchaudit: stopped by {name}; {left}.");
                std::process::exit(128 + signal);
            }
        });
    }
}

/// The allocator: see the note in Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e` of the bundled v3 `mimalloc.h`; the sys
/// crate names no constant for it). Its default (1,000 ms in the bundled v3's `options.c`) keeps freed memory a
/// while for reuse, which on a crawl that frees a parsed page as the next one arrives held a fifth more memory.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
/// Freed memory goes back to the system at once: the same speed, and a 20,000-page crawl's peak memory under
/// its budget (bench/results/crawl-20000.md).
const PURGE_DELAY_MS: std::ffi::c_long = 0;

/// mimalloc's `mi_option_allow_thp` (its place in `mi_option_e` of the bundled v3 `mimalloc.h`).
const MI_OPTION_ALLOW_THP: libmimalloc_sys::mi_option_t = 43;

/// No transparent huge pages for this process. With them, memory the allocator gives back at once (see
/// [`PURGE_DELAY_MS`]) came back as whole 2 MiB pages the kernel zeroes on the next touch: a tenth of a
/// 20,000-page crawl's CPU went to zeroing them, and its peak memory was 128 MiB against 91 MiB without
/// (bench/results/crawl-20000.md). A process started from here (the browser) inherits the setting.
fn without_huge_pages() {
    // SAFETY: sets an option of the allocator in use (its arenas allocated from now on are not advised to
    // the kernel as huge-page memory) and a flag of this process; neither touches memory.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_ALLOW_THP, 0) };
    // The memory reserved before `main` was advised already: the process flag covers it too.
    #[cfg(target_os = "linux")]
    // SAFETY: prctl(2) with an option that takes plain integers.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0)
    };
}

fn main() -> ExitCode {
    // SAFETY: sets an option of the allocator in use; mimalloc reads its options at each use.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    without_huge_pages();
    on_signals();
    let cli = Cli::parse();
    match dispatch(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error::BelowBar(failed)) => {
            for line in &failed {
                eprintln!("{line}");
            }
            ExitCode::from(3)
        }
        Err(error) => {
            let text = error.to_string();
            let mut lines = text.lines();
            if let Some(first) = lines.next() {
                eprintln!("error: {first}");
            }
            for line in lines {
                eprintln!("error: {line}");
            }
            ExitCode::from(error.exit_code())
        }
    }
}

fn dispatch(command: Command) -> touchaudit::cli::Result<()> {
    match command {
        Command::Run { audit, output, from_sources } => run_command(&audit, output, from_sources),
        Command::Demo { output } => demo_command(&output),
        Command::Validate { audit, online } => validate(&audit, online),
        Command::Batch { audits, output, jobs, as_of, locale, templates, history, gates } => {
            batch(&audits, &output, jobs, (as_of, locale), (templates, history, gates))
        }
        Command::Portfolio { results, output, templates } => {
            let files = touchaudit::cli::repeat::expand_named(&results, report::JSON_FILE)?;
            let portfolio = touchaudit::cli::repeat::portfolio_of(&files, &output);
            print_written(&touchaudit::cli::repeat::write_portfolio(&portfolio, &output, templates.as_deref())?);
            let unreadable: Vec<String> = portfolio
                .clients
                .iter()
                .filter_map(|c| c.error.as_ref().map(|e| format!("{}: {e}", c.audit)))
                .collect();
            if unreadable.is_empty() { Ok(()) } else { Err(Error::Usage(unreadable.join("\n"))) }
        }
        Command::Visit { action: Some(VisitAction::Import { export, into, merge }), .. } => {
            let imported = touchaudit::cli::visit::import(&export, &into, merge)?;
            print_written(&imported.written);
            Ok(())
        }
        Command::Visit { action: None, audit, output, locale, location } => {
            visit_form(audit, &output, locale, location.as_deref())
        }
        Command::Templates { action: TemplatesAction::Export { dir } } => {
            let files: Vec<(String, Vec<u8>)> =
                report::html::builtin_files().into_iter().map(|(n, t)| (n, t.as_bytes().to_vec())).collect();
            let named: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
            let written = report::write::write_all(&dir, &named)?;
            for path in written {
                println!("wrote {}", path.display());
            }
            Ok(())
        }
        Command::Diff { old, new, force, json } => {
            let old = compare::Baseline::read(&old)?;
            let new = compare::Baseline::read(&new)?;
            compare::check_business(&old, &new.result.business.name, new.result.business.site.as_deref(), force)?;
            let changes = compare::compare(&old, &new.result, &[]);
            if json {
                let text = serde_json::to_string_pretty(&changes)
                    .map_err(|e| Error::Internal(format!("cannot write the changes as JSON: {e}")))?;
                println!("{text}");
            } else {
                print!("{}", report::markdown::changes_md(&changes, new.result.business.locale.tr()));
            }
            Ok(())
        }
        Command::Crawl { url, settings, json } => {
            config::check_crawl(&settings).map_err(|e| Error::Usage(format!("crawl: {e}")))?;
            crawl(&url, &settings, json.as_deref())
        }
        Command::Checklist { checklist, explain, locale } => {
            show_checklist(checklist.as_deref(), explain.as_deref(), locale)
        }
        Command::Init { dir, locale, locations } => {
            for path in init::init(&dir, locale, locations)? {
                println!("wrote {}", path.display());
            }
            println!(
                "Next: fill in offline.toml, then `touchaudit validate audit.toml` and `touchaudit run audit.toml`."
            );
            Ok(())
        }
        Command::Report { result, output, templates, pdf, no_evidence, locale, audience } => {
            report_command(&result, output, templates, (pdf, no_evidence), (locale, audience))
        }
    }
}

/// `touchaudit run`: the audit, its live sources read from their APIs or from `--from-sources`.
fn run_command(audit: &Path, mut output: OutputArgs, from_sources: Option<PathBuf>) -> touchaudit::cli::Result<()> {
    let mut loaded = touchaudit::cli::load(audit, Files::Disk, output.locale)?;
    loaded.output.audience = output.audience.unwrap_or(loaded.output.audience);
    let dir = output.output.clone().unwrap_or_else(|| loaded.output.dir.clone());
    let replay = match from_sources {
        Some(saved) => {
            let (saved, index) = touchaudit::cli::gather::live::Index::read(&saved)
                .map_err(|reason| Error::ReadInput { path: saved.clone(), reason })?;
            output.as_of = output.as_of.or(Some(index.as_of));
            // The folder is read before the output (which may be the same folder) is replaced.
            Some(saved)
        }
        None => None,
    };
    let spinner = Spinner::start();
    let reach = touchaudit::cli::gather::site::Reach { progress: spinner.progress(), replay, ..Default::default() };
    run_and_write(&loaded, &dir, &output, (&reach, spinner), Vec::new())
}

/// `touchaudit demo`: the bundled example with a year of monthly runs, served on 127.0.0.1, and its chain.
fn demo_command(output: &OutputArgs) -> touchaudit::cli::Result<()> {
    let mut loaded = touchaudit::cli::load(demo::audit_path(), demo::FILES, output.locale)?;
    loaded.output.audience = output.audience.unwrap_or(loaded.output.audience);
    let dir = output.output.clone().unwrap_or_else(|| PathBuf::from(demo::OUTPUT_DIR));
    let server = demo::DemoServer::start()
        .map_err(|e| Error::Internal(format!("cannot start the demo site's server on 127.0.0.1: {e}")))?;
    let spinner = Spinner::start();
    let reach = touchaudit::cli::gather::site::Reach {
        proxy: Some(server.proxy()),
        progress: spinner.progress(),
        stated_timing: true,
        replay: None,
    };
    // The example comes with a year of monthly runs (what the audit would have found on each first
    // of the month from the same data), so the report shows its trends and what changed.
    let past = if output.history.is_none() && output.baseline.is_none() {
        let as_of = output.as_of.or(loaded.business.as_of).unwrap_or_else(|| chrono::Local::now().date_naive());
        let dates: Vec<NaiveDate> =
            (1..=demo::PAST_MONTHS).rev().filter_map(|k| as_of.checked_sub_months(chrono::Months::new(k))).collect();
        touchaudit::cli::results_at(&loaded, &dates, &reach)
            .into_iter()
            .map(|result| compare::Baseline {
                file: PathBuf::from(format!("demo history/{}", compare::History::file_for(result.as_of))),
                result,
            })
            .collect()
    } else {
        Vec::new()
    };
    run_and_write(&loaded, &dir, output, (&reach, spinner), past)?;
    demo_chain(&dir, output)
}

/// The demo's chain example (three branches of the practice) into the `chain` folder of the demo's output:
/// its league table, its systemic and local problems, its reviews beside its visits.
fn demo_chain(dir: &Path, output: &OutputArgs) -> touchaudit::cli::Result<()> {
    let mut chain = touchaudit::cli::load(demo::chain_audit_path(), demo::CHAIN_FILES, output.locale)?;
    chain.output.audience = output.audience.unwrap_or(chain.output.audience);
    let options = touchaudit::cli::repeat::Options {
        as_of: output.as_of,
        locale: output.locale,
        templates: output.templates.clone(),
        ..Default::default()
    };
    let reach = touchaudit::cli::gather::site::Reach::default();
    let (result, written) =
        touchaudit::cli::repeat::execute(&chain, &dir.join(demo::CHAIN_OUTPUT_DIR), &options, &reach)?;
    println!(
        "chain example: {} locations, {} problem(s) of the whole chain, {} local",
        result.locations.len(),
        result.chain.as_ref().map_or(0, |c| c.systemic.len()),
        result.chain.as_ref().map_or(0, |c| c.local.len())
    );
    print_written(&written[..1.min(written.len())]);
    Ok(())
}

/// `touchaudit batch`: every audit on a shared pool, each client's report, the portfolio, one line per client.
fn batch(
    audits: &[String],
    output: &Path,
    jobs: usize,
    (as_of, locale): (Option<NaiveDate>, Option<Locale>),
    (templates, history, gates): (Option<PathBuf>, Option<PathBuf>, GateArgs),
) -> touchaudit::cli::Result<()> {
    if (gates.max_drop.is_some() || gates.fail_on_drop) && history.is_none() {
        return Err(Error::Usage("--max-drop needs --history DIR to compare each client with".into()));
    }
    let files = touchaudit::cli::repeat::expand(audits)?;
    let options = touchaudit::cli::repeat::Options {
        as_of,
        locale,
        templates,
        baseline: None,
        history,
        force: false,
        gates: gates.gates(),
        rivals: Default::default(),
        past: Vec::new(),
    };
    let portfolio = touchaudit::cli::repeat::batch(&files, output, jobs, &options);
    let written = touchaudit::cli::repeat::write_portfolio(&portfolio, output, options.templates.as_deref())?;
    for client in &portfolio.clients {
        match (&client.error, client.score) {
            (Some(error), _) => println!("{}: could not run: {error}", client.audit),
            (None, score) => println!(
                "{}: {} / 100, coverage {}{}{}",
                client.name,
                score.map_or_else(|| "n/a".to_string(), fmt_num),
                client.coverage.map_or_else(|| "n/a".to_string(), fmt_pct),
                if client.provisional { " (provisional)" } else { "" },
                client.delta.map_or(String::new(), |d| format!(" ({d:+} since the last run)"))
            ),
        }
        print_warnings(&format!("{}: ", client.name), &client.warnings);
    }
    print_written(&written);
    let failed_runs = portfolio.clients.iter().filter(|c| c.error.is_some()).count();
    let gates: Vec<String> =
        portfolio.clients.iter().flat_map(|c| c.gates_failed.iter().map(move |g| format!("{}: {g}", c.name))).collect();
    if failed_runs > 0 {
        return Err(Error::Usage(format!("{failed_runs} of {} audits could not run (see above)", files.len())));
    }
    if gates.is_empty() { Ok(()) } else { Err(Error::BelowBar(gates)) }
}

/// `touchaudit visit AUDIT -o visit.html`: the visit form for a phone, one self-contained file.
fn visit_form(
    audit: Option<PathBuf>,
    output: &Path,
    locale: Option<Locale>,
    location: Option<&str>,
) -> touchaudit::cli::Result<()> {
    let audit = audit.ok_or_else(|| Error::Usage("visit: name the audit file (touchaudit visit AUDIT.toml)".into()))?;
    let loaded = touchaudit::cli::load(&audit, Files::Disk, locale)?;
    if let Some(name) = location
        && !loaded.locations.iter().any(|l| l.name == name)
    {
        let names = loaded.locations.iter().map(|l| l.name.as_str());
        let hint = touchaudit::cli::config::diag::did_you_mean(name, names).map_or(String::new(), |d| format!("; {d}"));
        return Err(Error::Usage(format!("visit --location: no [[location]] `{name}` in {}{hint}", audit.display())));
    }
    let html = touchaudit::cli::visit::form_html(&loaded, location);
    let dir = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = output
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::Usage(format!("{} is not a file name", output.display())))?;
    print_written(&report::write::write_all(dir, &[(name, html.into_bytes())])?);
    Ok(())
}

/// `touchaudit report result.json`: the reports of a past result, in another language or for another audience.
fn report_command(
    result: &Path,
    output: Option<PathBuf>,
    templates: Option<PathBuf>,
    (pdf, no_evidence): (bool, bool),
    (locale, audience): (Option<Locale>, Option<touchaudit::cli::config::agency::Audience>),
) -> touchaudit::cli::Result<()> {
    let mut loaded = report::read_result(result)?;
    if let Some(audience) = audience {
        loaded.presentation.audience = audience;
    }
    if let Some(locale) = locale.filter(|l| *l != loaded.business.locale) {
        if loaded.schema_version < 3 {
            eprintln!(
                "warning: {} has schema_version {}, which keeps no messages: the report's own texts \
                 are in {locale}, the findings stay in {}",
                result.display(),
                loaded.schema_version,
                loaded.business.locale
            );
        }
        loaded.localize(locale);
    }
    let dir = output.unwrap_or_else(|| result.parent().map(Path::to_path_buf).unwrap_or_default());
    let mut written =
        report::write_reports(&loaded, &dir, &[OutputFormat::Html, OutputFormat::Md], templates.as_deref())?;
    if pdf && no_evidence {
        written.push(report::pdf::print_without_evidence(&dir.join(report::HTML_FILE), &dir)?);
    } else if pdf {
        written.push(report::pdf::print(&dir.join(report::HTML_FILE), &dir)?);
    }
    print_written(&written);
    Ok(())
}

/// The `--fail-on` ids as given, trimmed, empty ones dropped.
fn gate_ids(ids: &[String]) -> Vec<String> {
    ids.iter().map(|id| id.trim().to_string()).filter(|id| !id.is_empty()).collect()
}

fn run_and_write(
    audit: &config::Audit,
    dir: &Path,
    output: &OutputArgs,
    (reach, spinner): (&touchaudit::cli::gather::site::Reach, Spinner),
    past: Vec<compare::Baseline>,
) -> touchaudit::cli::Result<()> {
    let options = touchaudit::cli::repeat::Options {
        as_of: output.as_of,
        locale: output.locale,
        templates: output.templates.clone(),
        baseline: output.baseline.clone(),
        history: output.history.clone(),
        force: output.force,
        gates: output.gates.gates(),
        rivals: Default::default(),
        past,
    };
    let outcome = touchaudit::cli::repeat::execute(audit, dir, &options, reach);
    drop(spinner);
    let (result, written) = outcome?;
    print_summary(&result);
    if let Some(changes) = &result.changes {
        println!(
            "since {}: score {} points; {} newly failing, {} fixed, {} still failing",
            changes.baseline.as_of.as_deref().unwrap_or("the baseline"),
            changes.score_delta.map_or_else(|| "n/a".to_string(), |d| format!("{d:+}")),
            changes.newly_failing.len(),
            changes.fixed.len(),
            changes.still_failing.len()
        );
    } else if options.history.is_some() {
        println!("no earlier run in the history: this run starts it");
    }
    print_written(&written);
    let failed = touchaudit::cli::repeat::failed_gates(&result);
    if failed.is_empty() { Ok(()) } else { Err(Error::BelowBar(failed)) }
}

fn crawl(url: &str, settings: &config::CrawlSettings, json: Option<&Path>) -> touchaudit::cli::Result<()> {
    use touchaudit::cli::gather::site;
    let keywords = touchaudit::cli::config::keywords::Keywords::builtin().map_err(Error::single)?;
    let extract = site::ExtractConfig { keywords, custom: Vec::new() };
    let spinner = Spinner::start();
    let reach = site::Reach { progress: spinner.progress(), ..Default::default() };
    // A URL that is not one is the user's mistake (exit 2); anything failing after that is touchaudit's (1).
    match url::Url::parse(url.trim()) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.host_str().is_some() => {}
        _ => return Err(Error::Usage(format!("crawl: `{url}` is not an http(s) URL"))),
    }
    let facts = site::crawl_blocking(url, settings, extract, &reach).map_err(|e| Error::Internal(e.en()));
    drop(spinner);
    let mut facts = facts?;
    // The JSON first: printing may stop early when stdout is closed, and nothing is lost then.
    if let Some(path) = json {
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| Error::Usage(format!("{} is not a file name", path.display())))?;
        report::write::write_streamed(dir, name, |out| {
            facts.write_json(&mut *out)?;
            out.write_all(b"\n")
        })?;
    }
    let seconds = facts.duration_ms as f64 / 1000.0;
    println!(
        "{}: {} pages read ({} URLs fetched, {} resources checked) in {} s, {} pages/s",
        facts.start_url,
        facts.pages_crawled,
        facts.pages.len(),
        facts.resources.len(),
        fmt_num(seconds),
        fmt_num((facts.pages_crawled as f64 / seconds.max(0.001)).round())
    );
    println!("broken links: {}", facts.broken_links.len());
    for broken in facts.broken_links.iter().take(10) {
        println!("  {} ({}) on {}", broken.to, broken.why().en(), broken.from);
    }
    for note in &facts.notes {
        println!("note: {}", note.text().en());
    }
    for v in &facts.vitals {
        println!(
            "speed (browser, mobile): LCP {} s, TBT {} ms, CLS {} on {} (median of {} loads)",
            fmt_num(v.lcp_ms / 1000.0),
            fmt_num(v.tbt_ms),
            fmt_num(v.cls),
            v.url,
            v.loads
        );
    }
    if let Some(error) = &facts.robots.error {
        println!("note: robots.txt: {}", error.en());
    }
    if let Some(path) = json {
        println!("wrote {}", path.display());
    }
    // The process ends next and gives the memory back whole: freeing a 20,000-page crawl's records one by one
    // took 35 ms, 3 % of its run.
    std::mem::forget(facts);
    Ok(())
}

/// The crawl's spinner on an interactive terminal; nothing in CI or when stderr is redirected. The library
/// reports progress through [`touchaudit::cli::gather::site::Progress`]; drawing it is the command line's job.
struct Spinner(Option<indicatif::ProgressBar>);

impl Spinner {
    fn start() -> Self {
        use std::io::IsTerminal;
        if std::env::var_os("CI").is_some() || !std::io::stderr().is_terminal() {
            return Spinner(None);
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Spinner(Some(bar))
    }

    fn progress(&self) -> Option<touchaudit::cli::gather::site::Progress> {
        let bar = self.0.clone()?;
        Some(std::sync::Arc::new(move |done, queued| bar.set_message(format!("{done} fetched, {queued} queued"))))
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// One warning line on stderr for every source that gave nothing, so a run that quietly lost its site or a
/// review export does not read as a clean one.
fn print_warnings<'a>(prefix: &str, warnings: impl IntoIterator<Item = &'a String>) {
    for warning in warnings {
        eprintln!("warning: {prefix}{warning}");
    }
}

fn print_summary(r: &AuditResult) {
    print_warnings("", &r.warnings_en());
    let level = r.score.level.as_ref().map_or("no level", |l| l.title.as_str());
    let provisional = if r.score.provisional { "provisional: " } else { "" };
    println!(
        "{}: loyalty readiness {} / 100, level {provisional}{level}, coverage {}{}",
        r.business.name,
        // The command line's number format, whatever the report's language.
        r.score.value.map_or_else(|| "n/a".to_string(), fmt_num),
        fmt_pct(r.score.coverage),
        if r.score.provisional { " (too little assessed for a final score)" } else { "" }
    );
    if !r.score.capped_by.is_empty() {
        println!("level capped by failed critical touchpoints: {}", r.score.capped_by.join(", "));
    }
    let count = |s: rules::Status| r.touchpoints.iter().filter(|t| t.status == s).count();
    println!(
        "touchpoints: {} pass, {} warn, {} fail, {} not assessed, {} not applicable",
        count(rules::Status::Pass),
        count(rules::Status::Warn),
        count(rules::Status::Fail),
        count(rules::Status::NotAssessed),
        count(rules::Status::NotApplicable)
    );
    for (i, fix) in r.fix_first.iter().take(3).enumerate() {
        println!("fix {}: {} (+{} pts)", i + 1, fix.title, fmt_num(fix.gain));
    }
}

fn print_written(paths: &[PathBuf]) {
    for path in paths {
        println!("wrote {}", path.display());
    }
}

fn validate(path: &Path, online: bool) -> touchaudit::cli::Result<()> {
    let audit = touchaudit::cli::load(path, Files::Disk, None)?;
    // A review export or feed that yields nothing usable would be silently empty in the report: refuse it.
    let mut empty_sources = validate_reputation(&audit);
    if online {
        for (name, outcome) in touchaudit::cli::gather::live::check_sources(&audit) {
            match outcome {
                Ok(said) => println!("{name}: {said}"),
                Err(why) => empty_sources.push(touchaudit::cli::Diagnostic::new(&name, None, why)),
            }
        }
    }
    if !empty_sources.is_empty() {
        return Err(Error::Invalid(empty_sources));
    }
    let c = &audit.checklist;
    println!("{} is valid", path.display());
    println!(
        "checklist: {} {} ({}), {} touchpoints in {} areas",
        c.name,
        c.version,
        c.origin,
        c.touchpoints.len(),
        c.areas.len()
    );
    if !audit.locations.is_empty() {
        let names: Vec<&str> = audit.locations.iter().map(|l| l.name.as_str()).collect();
        println!("{} locations: {}", names.len(), names.join(", "));
    }
    if let Some(offline) = &audit.offline {
        println!("{}: {} scores, {} figures", offline.file, offline.scores.len(), offline.figures.len());
        let unscored: Vec<&str> = c
            .touchpoints
            .iter()
            .filter(|t| t.rule.scored_by_hand() && !offline.scores.contains_key(&t.id))
            .map(|t| t.id.as_str())
            .collect();
        if !unscored.is_empty() {
            println!("note: not scored by hand, so not assessed: {}", unscored.join(", "));
        }
    }
    if let Some(survey) = &audit.survey {
        println!(
            "{}: {} rows, {} answers, {} invalid cells",
            survey.file,
            survey.rows,
            survey.answer_count(),
            survey.invalid.len()
        );
        for cell in survey.invalid.iter().take(5) {
            println!("note: {}: {}", survey.file, cell.text().en());
        }
    }
    Ok(())
}

/// Prints what each review export and feed file gave (URLs wait for the run: validate stays off the network)
/// and returns the ones that gave no usable record at all, which make the audit invalid.
fn validate_reputation(audit: &touchaudit::cli::config::Audit) -> Vec<touchaudit::cli::Diagnostic> {
    use touchaudit::cli::gather::SourceCheck;
    let mut empty = Vec::new();
    for check in touchaudit::cli::gather::check_file_sources(audit) {
        match check {
            SourceCheck::Read { name, what, count, notes } => {
                println!("{name}: {count} {what}");
                for note in notes {
                    println!("note: {note}");
                }
            }
            SourceCheck::Remote { name } => {
                println!("{name}: fetched when the audit runs (`validate --online` checks its credentials)")
            }
            SourceCheck::Empty(problem) => empty.push(problem),
        }
    }
    empty
}

fn show_checklist(file: Option<&Path>, explain: Option<&str>, locale: Locale) -> touchaudit::cli::Result<()> {
    let mut checklist = match file {
        None => Checklist::builtin(&Registry).map_err(Error::Invalid)?,
        Some(path) => {
            let text = Files::Disk.read(path)?;
            checklist::parse(path, &text, &path.display().to_string(), &Registry).map_err(Error::Invalid)?
        }
    };
    config::translation::localize(&mut checklist, file, Files::Disk, locale, &Registry)?;
    match explain {
        None => {
            println!(
                "{} {} ({}): {} touchpoints",
                checklist.name,
                checklist.version,
                checklist.origin,
                checklist.touchpoints.len()
            );
            for area in &checklist.areas {
                println!("\n{} [{}], weight {}", area.title, area.id, fmt_num(area.weight));
                for t in checklist.touchpoints.iter().filter(|t| t.area == area.id) {
                    println!(
                        "  {:<32} {:<28} w{:<4} {}{}",
                        t.id,
                        t.rule.name,
                        fmt_num(t.weight),
                        t.title,
                        if t.critical { " (critical)" } else { "" }
                    );
                }
            }
            Ok(())
        }
        Some(id) => {
            if let Some(t) = checklist.touchpoint(id) {
                println!("{} ({})", t.title, t.id);
                println!(
                    "area: {}, weight {}, {}",
                    t.area,
                    fmt_num(t.weight),
                    if t.critical { "critical" } else { "not critical" }
                );
                println!("why: {}", t.why);
                println!("fix: {}", t.fix);
                println!("params:");
                for (name, value) in t.params.as_vars() {
                    println!("  {name} = {}", value.en());
                }
                println!();
                print_rule(t.rule);
                return Ok(());
            }
            if let Some(rule) = rules::rule(id) {
                print_rule(&rule.spec);
                return Ok(());
            }
            let names =
                checklist.touchpoints.iter().map(|t| t.id.as_str()).chain(rules::registry::all().map(|r| r.spec.name));
            let help = config::diag::did_you_mean(id, names).map(|h| format!("; {h}")).unwrap_or_default();
            Err(Error::Usage(format!("no touchpoint or rule `{id}` in {}{help}", checklist.origin)))
        }
    }
}

fn print_rule(rule: &touchaudit::cli::spec::RuleSpec) {
    println!("rule `{}` (evidence: {})", rule.name, rule.source.label().en());
    println!("{}", rule.doc);
    if !rule.params.is_empty() {
        println!("params:");
        for p in rule.params {
            let default = p.default.map_or_else(|| "required".to_string(), |d| format!("default {d}"));
            println!("  {:<12} {} ({}): {}", p.name, p.kind.name(), default, p.doc);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option index set in `main` is mimalloc's purge delay: the one whose default is 1,000 ms after the one
    /// whose default is 1 (`options.c` of the bundled v3), and the allocator in use takes the value set.
    #[test]
    fn the_allocator_option_set_is_the_purge_delay() {
        // SAFETY: reads and sets an option of the allocator in use.
        unsafe {
            assert_eq!(libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY), 1000);
            assert_eq!(
                libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY - 1),
                1,
                "the deprecated eager-commit delay"
            );
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS);
            assert_eq!(libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY), PURGE_DELAY_MS);
        }
    }

    /// The other option index set in `main` is mimalloc's allow-THP: default 1 (`options.c` of the bundled v3,
    /// not Android), between the cross-thread reclaim limit (32) and the minimal purge size (0); and the process
    /// flag that `main` sets is read back from the kernel.
    #[test]
    fn huge_pages_are_turned_off_in_the_allocator_and_the_process() {
        // SAFETY: reads and sets options of the allocator in use.
        unsafe {
            assert_eq!(libmimalloc_sys::mi_option_get(MI_OPTION_ALLOW_THP), 1);
            assert_eq!(libmimalloc_sys::mi_option_get(MI_OPTION_ALLOW_THP - 1), 32, "cross-thread reclaim");
            assert_eq!(libmimalloc_sys::mi_option_get(MI_OPTION_ALLOW_THP + 1), 0, "minimal purge size");
        }
        without_huge_pages();
        // SAFETY: reads an option of the allocator in use.
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_ALLOW_THP) }, 0);
        #[cfg(target_os = "linux")]
        // SAFETY: prctl(2) with an option that takes plain integers.
        assert_eq!(unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) }, 1);
    }
}
