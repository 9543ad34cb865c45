//! `playbook` turns a folder of Markdown notes, each a strategy (upstream)
//! or a tactic (downstream) that names its strategy, into a linked
//! multilingual website.
//!
//! Data flows one way: [`config`] -> [`content`] -> [`model`] -> [`render`]
//! -> [`output`]. Each stage reports problems to [`diagnostics`] and goes on
//! with what is sound, so one run reports every problem.

#![warn(missing_docs)]

pub mod codes;
pub mod config;
pub mod content;
pub mod crash;
pub mod diagnostics;
pub mod ids;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod theme;
pub mod toml_fields;
pub mod translations;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use diagnostics::{Diagnostic, Diagnostics};
use ids::Lang;

/// What `build` and `check` are asked to do.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The playbook folder.
    pub root: PathBuf,
    /// Where to write the site instead of `build-dir`.
    pub out: Option<PathBuf>,
    /// Include notes marked `draft = true`.
    pub drafts: bool,
    /// Treat warnings as errors.
    pub deny_warnings: bool,
}

/// How a run ended, which decides the exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Everything is fine (exit 0).
    Ok,
    /// The content has errors, or warnings under `--deny-warnings` (exit 1).
    ContentErrors,
    /// `book.toml`, the theme, the output path or the disk failed (exit 2).
    ConfigError,
}

/// The result of a run.
#[derive(Debug)]
pub struct Outcome {
    /// How it ended.
    pub status: Status,
    /// Every problem found.
    pub diagnostics: Diagnostics,
    /// What was built, when anything was.
    pub summary: Summary,
}

/// Figures for the summary line.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Note pages per language, in the configured order.
    pub pages_per_language: Vec<(Lang, usize)>,
    /// Files written (pages and copies), for `build`.
    pub files_written: Option<usize>,
    /// Where the site was written.
    pub out: Option<PathBuf>,
    /// Wall time.
    pub elapsed: Duration,
    /// How many notes each language has, when the content was read.
    pub coverage: Vec<model::LanguageCoverage>,
}

/// What a run does with the site.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Nothing: only the checks.
    Check,
    /// Write it to the output folder.
    Write,
    /// Hand it back in memory (for `serve`).
    Memory,
}

/// Runs every check of `build` and writes nothing.
pub fn check(options: &Options) -> Outcome {
    run(options, Mode::Check).0
}

/// Builds the site and, when there are no errors, swaps it into place.
pub fn build(options: &Options) -> Outcome {
    run(options, Mode::Write).0
}

/// Builds the site in memory, writing nothing (for `serve`); the site is
/// `None` when the run failed.
pub fn build_in_memory(options: &Options) -> (Outcome, Option<render::RenderedSite>) {
    run(options, Mode::Memory)
}

fn run(options: &Options, mode: Mode) -> (Outcome, Option<render::RenderedSite>) {
    let start = Instant::now();
    let mut diags = Diagnostics::new();
    let mut summary = Summary::default();
    let mut site = None;
    let status = pipeline(options, mode, &mut diags, &mut summary, &mut site);
    summary.elapsed = start.elapsed();
    let outcome = Outcome {
        status,
        diagnostics: diags,
        summary,
    };
    (outcome, site)
}

fn pipeline(
    options: &Options,
    mode: Mode,
    diags: &mut Diagnostics,
    summary: &mut Summary,
    kept: &mut Option<render::RenderedSite>,
) -> Status {
    let write = mode == Mode::Write;
    let Ok(config) = config::load_config(&options.root, diags) else {
        return Status::ConfigError;
    };
    let out = if write {
        let wanted = options.out.clone().unwrap_or_else(|| config.build_dir());
        match output::check_output_path(&config, &wanted) {
            Ok(out) => Some(out),
            Err(d) => {
                diags.push(*d);
                return Status::ConfigError;
            }
        }
    } else {
        None
    };
    let Ok(theme) = theme::load_theme(&config, diags) else {
        return Status::ConfigError;
    };
    let sources = content::load_sources(&config, diags);
    let playbook = model::build_playbook(&config, sources, options.drafts, diags);
    summary.coverage = playbook.coverage();
    translations::check_stale(&playbook, diags);
    if failed(options, diags) {
        return Status::ContentErrors;
    }
    let site = render::render_site(&config, &playbook, &theme, diags);
    summary.pages_per_language = site.pages_per_language.clone();
    if failed(options, diags) {
        return Status::ContentErrors;
    }
    if mode == Mode::Memory {
        *kept = Some(site);
        return Status::Ok;
    }
    if let Some(out) = out {
        match output::write_site(&site, &out) {
            Ok(count) => {
                summary.files_written = Some(count);
                summary.out = Some(out);
            }
            Err(d) => {
                diags.push(*d);
                return Status::ConfigError;
            }
        }
    }
    Status::Ok
}

/// Reads and checks the playbook without rendering, for commands that
/// report on it (`translations`). `None` when book.toml is unusable.
pub fn load(root: &std::path::Path) -> (Option<model::Playbook>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let Ok(config) = config::load_config(root, &mut diags) else {
        return (None, diags);
    };
    let sources = content::load_sources(&config, &mut diags);
    let playbook = model::build_playbook(&config, sources, false, &mut diags);
    (Some(playbook), diags)
}

/// Whether the run must stop: an error, or a warning under
/// `--deny-warnings` (which then gets an error of its own saying so).
fn failed(options: &Options, diags: &mut Diagnostics) -> bool {
    if diags.has_errors() {
        return true;
    }
    let warnings = diags.warning_count();
    if options.deny_warnings && warnings > 0 {
        diags.push(denied_warnings(warnings));
        return true;
    }
    false
}

fn denied_warnings(count: usize) -> Diagnostic {
    Diagnostic::error(
        "denied-warnings",
        format!(
            "{count} warning{} and `--deny-warnings` is set",
            if count == 1 { "" } else { "s" }
        ),
    )
    .help("fix the warnings above, or run without `--deny-warnings`")
}
