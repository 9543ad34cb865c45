//! `playbook` turns a folder of Markdown notes, each a strategy (upstream)
//! or a tactic (downstream) that names its strategy, into a linked
//! multilingual website.
//!
//! Data flows one way: [`config`] -> [`content`] -> [`model`] -> [`render`]
//! -> [`output`]. Each stage reports problems to [`diagnostics`] and goes on
//! with what is sound, so one run reports every problem.

#![warn(missing_docs)]

pub mod annotate;
pub mod codes;
pub mod colour;
pub mod config;
pub mod content;
pub mod crash;
pub mod diagnostics;
pub mod front_matter;
pub mod history;
pub mod ids;
pub mod images;
pub mod markdown;
pub mod model;
pub mod output;
pub mod progress;
pub mod render;
pub mod report;
pub mod routes;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod theme;
pub mod toml_fields;
pub mod translations;
pub mod walk;
pub mod watch;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
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
    /// The published address, instead of `site-url` (already checked by
    /// [`config::site_url`]).
    pub site_url: Option<String>,
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
}

/// Runs every check of `build` and writes nothing.
pub fn check(options: &Options) -> Outcome {
    run(options, Mode::Check)
}

/// Builds the site and, when there are no errors, swaps it into place.
pub fn build(options: &Options) -> Outcome {
    run(options, Mode::Write)
}

fn run(options: &Options, mode: Mode) -> Outcome {
    timed(|diags, summary| pipeline(options, mode, diags, summary))
}

/// Runs a pipeline and wraps up what it found, with its wall time.
fn timed(pipeline: impl FnOnce(&mut Diagnostics, &mut Summary) -> Status) -> Outcome {
    let start = Instant::now();
    let mut diags = Diagnostics::new();
    let mut summary = Summary::default();
    let status = pipeline(&mut diags, &mut summary);
    summary.elapsed = start.elapsed();
    Outcome {
        status,
        diagnostics: diags,
        summary,
    }
}

/// `book.toml` with what the command line overrides.
fn configured(
    options: &Options,
    diags: &mut Diagnostics,
) -> Result<config::Config, config::ConfigError> {
    let mut config = config::load_config(&options.root, diags)?;
    if let Some(url) = &options.site_url {
        config.build.site_url = Some(url.clone());
    }
    Ok(config)
}

fn pipeline(
    options: &Options,
    mode: Mode,
    diags: &mut Diagnostics,
    summary: &mut Summary,
) -> Status {
    let write = mode == Mode::Write;
    let Ok(config) = configured(options, diags) else {
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
    let Some(Checked { playbook, .. }) =
        checked_playbook(options, &config, sources, None, diags, summary)
    else {
        return Status::ContentErrors;
    };
    // Pages go to disk as they are rendered: a large site is never held
    // in memory whole. A build that fails drops the staging folder.
    let staging = match out.as_deref().map(output::Staging::new).transpose() {
        Ok(staging) => staging,
        Err(d) => {
            diags.push(*d);
            return Status::ConfigError;
        }
    };
    let sink: &dyn render::Sink = match &staging {
        Some(staging) => staging,
        None => &render::Discard,
    };
    let site = render::render_site_to(&config, &playbook, &theme, sink, diags);
    if failed(options, diags) {
        return Status::ContentErrors;
    }
    if let Some(staging) = staging {
        match staging.finish(&site) {
            Ok(count) => {
                summary.files_written = Some(count);
                summary.out = out;
            }
            Err(d) => {
                diags.push(*d);
                return Status::ConfigError;
            }
        }
    }
    // Freeing a large playbook and site takes a while (a third of a second
    // at 30,000 pages); the run is done and need not wait for it.
    std::thread::spawn(move || drop((playbook, site)));
    Status::Ok
}

/// What `serve` keeps from one build to the next, so that saving a note
/// re-reads that file only, makes again only the notes whose files changed,
/// checks again only what they can affect, and re-renders only the pages
/// that show them.
#[derive(Default)]
pub struct Session {
    reads: content::ReadCache,
    last: Option<LastBuild>,
    /// Changes whose listing pages were not rendered because another save
    /// came first: the next rebuild renders them with its own.
    pending: Option<model::Changes>,
}

/// The last good build.
struct LastBuild {
    checked: Checked,
    /// Everything but the notes that the site is made from (book.toml, the
    /// theme, templates, static files, assets): any change means a full
    /// render.
    others: Vec<(PathBuf, Option<content::Stamp>)>,
}

/// What a rebuild changes in the served site.
#[derive(Debug)]
pub enum SiteUpdate {
    /// A whole new site.
    Full(render::RenderedSite),
    /// These pages changed; every other file is as the last build made it.
    Pages(Vec<render::RenderedPage>),
}

impl Session {
    /// Builds in memory, writing nothing, and hands each finished part of
    /// the site to `publish`: the whole site, or after an edit that keeps
    /// the site's shape first the edited notes' pages (what the author is
    /// looking at) and then the pages that show them. Nothing is published
    /// when the build fails; the last good site stays as it is.
    ///
    /// `changed`, when given, lists every source file that changed since the
    /// last call, relative to the root (from the file watcher), so that the
    /// folders need not be walked again.
    ///
    /// When `stop` is set while the pages that list an edit are rendered
    /// (another save came), they are left for the next rebuild, which then
    /// starts at once: the author's own page never waits for listings.
    pub fn rebuild(
        &mut self,
        options: &Options,
        changed: Option<&[String]>,
        stop: &AtomicBool,
        publish: &mut dyn FnMut(SiteUpdate),
    ) -> Outcome {
        timed(|diags, summary| self.pipeline(options, changed, stop, diags, summary, publish))
    }

    fn pipeline(
        &mut self,
        options: &Options,
        changed: Option<&[String]>,
        stop: &AtomicBool,
        diags: &mut Diagnostics,
        summary: &mut Summary,
        publish: &mut dyn FnMut(SiteUpdate),
    ) -> Status {
        let Ok(config) = configured(options, diags) else {
            return Status::ConfigError;
        };
        let Ok(theme) = theme::load_theme(&config, diags) else {
            return Status::ConfigError;
        };
        let sources = content::load_sources_cached(&config, diags, Some(&self.reads), changed);
        let previous = self.last.take();
        let last = previous.as_ref().map(|last| &last.checked);
        let Some(checked) = checked_playbook(options, &config, sources, Some(last), diags, summary)
        else {
            self.last = previous;
            return Status::ContentErrors;
        };
        let playbook = &checked.playbook;
        let others = other_stamps(&config, playbook);
        let changes = previous
            .as_ref()
            .filter(|last| last.others == others)
            .and_then(|last| model::changes(&last.checked.playbook, playbook));
        match changes {
            Some(mut changes) => {
                if let Some(pending) = self.pending.take() {
                    changes.merge(pending);
                }
                let edited = render::render_edited(&config, playbook, &theme, &changes, diags);
                if failed(options, diags) {
                    self.last = previous;
                    self.pending = Some(changes);
                    return Status::ContentErrors;
                }
                publish(SiteUpdate::Pages(edited));
                let listings =
                    render::render_listings(&config, playbook, &theme, &changes, stop, diags);
                match listings {
                    None => self.pending = Some(changes),
                    Some(_) if failed(options, diags) => {
                        // The edited pages are out; the last good model
                        // stays, so the next rebuild renders them again.
                        self.last = previous;
                        self.pending = Some(changes);
                        return Status::ContentErrors;
                    }
                    Some(pages) => publish(SiteUpdate::Pages(pages)),
                }
            }
            None => {
                let site = render::render_site(&config, playbook, &theme, diags);
                if failed(options, diags) {
                    self.last = previous;
                    return Status::ContentErrors;
                }
                self.pending = None;
                publish(SiteUpdate::Full(site));
            }
        }
        self.last = Some(LastBuild { checked, others });
        // Freeing a large playbook takes a while; the new site need not wait.
        std::thread::spawn(move || drop(previous));
        Status::Ok
    }
}

/// A checked playbook and what its checks reported, which `serve`'s next
/// rebuild reuses (a batch build keeps no memo).
struct Checked {
    playbook: model::Playbook,
    memo: model::Memo,
    stale: model::PerNote,
}

/// The model and every check on it, which every run shares; `None` when the
/// run must stop. `serve` passes `Some` with its last good build, if any,
/// whose work is reused where the sources are the same.
fn checked_playbook(
    options: &Options,
    config: &config::Config,
    sources: content::Sources,
    previous: Option<Option<&Checked>>,
    diags: &mut Diagnostics,
    summary: &mut Summary,
) -> Option<Checked> {
    let last = previous.flatten();
    let reuse = model::Reuse {
        previous: last.map(|c| (&c.playbook, &c.memo)),
        remember: previous.is_some(),
    };
    let (playbook, memo) =
        model::build_playbook_with(config, sources, options.drafts, diags, reuse);
    summary.coverage = playbook.coverage();
    let stale = translations::check_stale(&playbook, last.map(|c| (&c.playbook, &c.stale)), diags);
    diags.fill_sources(playbook.notes.values().flat_map(|note| {
        note.versions
            .values()
            .map(|v| (v.source.file.as_str(), &v.source.text))
    }));
    if failed(options, diags) {
        return None;
    }
    // A language's note pages are its versions, counted for coverage.
    summary.pages_per_language = summary
        .coverage
        .iter()
        .map(|c| (c.lang, c.present))
        .collect();
    Some(Checked {
        playbook,
        memo,
        stale,
    })
}

/// The stamps of every source file that is not a note or an intro.
fn other_stamps(
    config: &config::Config,
    playbook: &model::Playbook,
) -> Vec<(PathBuf, Option<content::Stamp>)> {
    let root = &config.root;
    let mut paths = vec![root.join("book.toml")];
    for folder in ["themes", "templates", content::STATIC_DIR] {
        let dir = root.join(folder);
        if dir.is_dir() {
            paths.extend(
                walkdir::WalkDir::new(dir)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_map(Result::ok)
                    .map(walkdir::DirEntry::into_path),
            );
        }
    }
    paths.extend(playbook.assets.iter().map(|a| a.source.clone()));
    paths
        .into_iter()
        .map(|path| {
            let stamp = content::stamp(&path);
            (path, stamp)
        })
        .collect()
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
        codes::DENIED_WARNINGS,
        format!(
            "{count} warning{} and `--deny-warnings` is set",
            if count == 1 { "" } else { "s" }
        ),
    )
    .help("fix the warnings above, or run without `--deny-warnings`")
}
