//! The library's public surface, on purpose: what the command line (`src/main.rs`), the examples and the
//! integration tests name. Every other item of the crate is `pub(crate)`; `#![warn(unreachable_pub)]` in
//! `lib.rs` keeps it so (an item made `pub` that nothing here reaches is a warning, so an error in CI).
//!
//! The modules below mirror where each item lives in the crate, so a name reads the same here and there.

pub use crate::error::{Diagnostic, Error, Result};
pub use crate::{load, results_at};

/// The input stage: the audit file, the checklist and the words the readers look for.
pub mod config {
    pub use crate::config::{Audit, CrawlSettings, Files, OutputFormat, RenderMode, check_crawl};

    /// Who a report is written for.
    pub mod agency {
        pub use crate::config::agency::Audience;
    }
    /// The checklist file.
    pub mod checklist {
        pub use crate::config::checklist::{Checklist, parse};
    }
    /// A checklist's texts in another language.
    pub mod translation {
        pub use crate::config::translation::localize;
    }
    /// Hints in error messages.
    pub mod diag {
        pub use crate::config::diag::did_you_mean;
    }
    /// The site keywords (`touchaudit crawl` reads with the built-in ones).
    pub mod keywords {
        pub use crate::config::keywords::Keywords;
    }
    /// Complaint themes and tone (`examples/reading.rs` measures them on labelled reviews).
    pub mod lexicon {
        pub use crate::config::lexicon::{LISTED_COMPLAINT, LISTED_PRAISE, Lexicon, Tone};
    }
}

/// The languages of reports and messages.
pub mod i18n {
    pub use crate::i18n::Locale;
}

/// Words as the review readers see them.
pub mod text {
    pub use crate::text::{Token, tokens};
}

/// A rule's declaration.
pub mod spec {
    pub use crate::spec::RuleSpec;
}

/// The built-in rules and the numbers they print.
pub mod rules {
    pub use crate::rules::registry::rule;
    pub use crate::rules::{Status, fmt_num, fmt_pct};

    /// Every built-in rule.
    pub mod registry {
        pub use crate::rules::registry::{Registry, all};
    }
}

/// Gathering evidence: the crawl and the review files.
pub mod gather {
    pub use crate::gather::{SourceCheck, check_file_sources};

    /// Review sources read live from the platforms' APIs.
    pub mod live {
        pub use crate::gather::live::{Index, check_sources};
    }
    /// The site crawl.
    pub mod site {
        pub use crate::gather::site::browser::stop_browsers;
        pub use crate::gather::site::extract::ExtractConfig;
        pub use crate::gather::site::{Progress, Reach, crawl_blocking};
    }
}

/// The result and the files written from it.
pub mod report {
    pub use crate::report::{HTML_FILE, JSON_FILE, write_reports};
    pub use crate::result::{AuditResult, read_result};

    /// The report's CSV tables.
    pub mod data {
        pub use crate::report::data::TOUCHPOINT_COLUMNS;
    }
    /// Writing outputs all-or-nothing.
    pub mod write {
        pub use crate::report::write::{Phase, phase, write_all, write_streamed};
    }
    /// The PDF, printed by headless Chromium.
    pub mod pdf {
        pub use crate::report::pdf::{print, print_without_evidence, stop_printing};
    }
    /// The HTML report's templates.
    pub mod html {
        pub use crate::report::html::builtin_files;
    }
    /// The Markdown report.
    pub mod markdown {
        pub use crate::report::markdown::changes_md;
    }
}

/// What changed since an earlier result.
pub mod compare {
    pub use crate::compare::{Baseline, Gates, History, check_business, compare};
}

/// The bundled example.
pub mod demo {
    pub use crate::demo::{
        CHAIN_FILES, CHAIN_OUTPUT_DIR, DemoServer, FILES, OUTPUT_DIR, PAST_MONTHS, audit_path, chain_audit_path,
    };
}

/// `touchaudit init`.
pub mod init {
    pub use crate::init::init;
}

/// Batch and monthly runs.
pub mod repeat {
    pub use crate::repeat::{
        Options, batch, execute, expand, expand_named, failed_gates, portfolio_of, write_portfolio,
    };
}

/// The visit form.
pub mod visit {
    pub use crate::visit::{form_html, import};
}
