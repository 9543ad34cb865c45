//! Stage 4: the typed playbook into pages, with tera.
//!
//! Each page kind has its own context struct; templates get typed, borrowed
//! views and never decide what a note is by comparing strings. Rendering is
//! pure and parallel: `(&Site, Job) -> RenderedPage`. Each page goes to a
//! [`Sink`] as soon as it is made: `build`'s staging folder, or memory,
//! sorted by path, for `serve`.
//!
//! Input: [`Config`], [`Playbook`], [`Theme`]. Output: pages in a [`Sink`],
//! and the [`SiteFiles`] list.
//!
//! This file lists a site's pages and renders them. Each page kind builds
//! its context in a file of its own (`note`, `home`, `tags`, `print`,
//! `site_pages`), from what `layout` gives every page; `views` holds the
//! typed contexts, `incremental` picks the pages a change in `serve`
//! reaches, and `sink` is where pages go. Every link comes from
//! [`Route::href`].

use std::collections::HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::codes;
use crate::config::Config;
use crate::content::Asset;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ids::{Lang, NoteId, Tag};
use crate::markdown::LinkTarget;
use crate::model::{Changes, Note, Playbook};
use crate::routes::Route;
use crate::search;
use crate::theme::{CopySource, Theme, error_chain};

mod editors;
mod home;
mod incremental;
mod layout;
mod note;
mod print;
mod sink;
mod site_pages;
mod tags;
mod views;

pub use incremental::{render_edited, render_listings};
pub use sink::{Collect, Discard, RenderedPage, RenderedSite, Sink, SiteFiles};

struct Site<'a> {
    config: &'a Config,
    playbook: &'a Playbook,
    theme: &'a Theme,
    /// Topic tags by URL slug (two spellings with one slug share a page).
    tags: BTreeMap<&'a str, (&'a Tag, Vec<&'a NoteId>)>,
    /// Set when the pages being rendered are no longer wanted (`serve` saw
    /// another save): what is left is skipped.
    stop: Option<&'a AtomicBool>,
    /// Per language, the print edition's section numbers, made on first
    /// use (a playbook printed by strategy needs them on every part). The
    /// keys are owned: a borrowed key would make `Site` invariant.
    print_numbers: BTreeMap<Lang, OnceLock<BTreeMap<NoteId, String>>>,
    /// The navigation beside notes, by language, strategy and the depth
    /// of the page (its path up to the root), as rendered once.
    sidebars: Mutex<HashMap<(Lang, NoteId, usize), Arc<str>>>,
    /// Each language's UI strings as one template value, which every
    /// page's context shares.
    strings: BTreeMap<Lang, tera::Value>,
    /// Where the playbook's folder is in its git repository, for
    /// `edit-url` (found only when that is set).
    repository_prefix: String,
}

/// One page to render.
enum Job<'a> {
    /// A page of the site's own, by its route.
    Page(Route<'a>),
    /// A note's page in one language.
    Note(&'a Note, &'a Lang),
    /// The page in a language's site, at this path, of a note the language
    /// lacks.
    Fallback(&'a Note, &'a Lang, &'a str),
}

/// Room made for a page before it is rendered; a print page says how much
/// it needs, so that its megabytes are not copied as the buffer grows.
const PAGE_SIZE: usize = 16 * 1024;

impl Job<'_> {
    /// The page's route.
    fn route(&self) -> Route<'_> {
        match self {
            Job::Page(route) => *route,
            Job::Note(note, lang) => Route::Note(&note.versions[*lang].site_path),
            Job::Fallback(_, _, path) => Route::Note(path),
        }
    }

    /// The page's path below the site root.
    fn path(&self) -> String {
        self.route().output_path()
    }
}

/// Renders every page into memory.
pub fn render_site(
    config: &Config,
    playbook: &Playbook,
    theme: &Theme,
    diags: &mut Diagnostics,
) -> RenderedSite {
    let pages = Collect::default();
    let files = render_site_to(config, playbook, theme, &pages, diags);
    RenderedSite {
        pages: pages.into_pages(),
        copies: files.copies,
    }
}

/// Renders every page into `sink`, in parallel and in no set order.
/// Template errors are diagnostics; pages that failed are left out (and
/// the build fails).
pub fn render_site_to(
    config: &Config,
    playbook: &Playbook,
    theme: &Theme,
    sink: &dyn Sink,
    diags: &mut Diagnostics,
) -> SiteFiles {
    let site = Site::new(config, playbook, theme);
    let jobs = site.jobs();
    let mut paths: Vec<String> = jobs.iter().map(Job::path).collect();
    paths.extend(playbook.languages.iter().map(search::index_path));
    paths.sort();

    let mut copies = BTreeMap::new();
    for (path, source) in &theme.statics {
        copies.insert(path.clone(), source.clone());
    }
    for Asset {
        site_path, source, ..
    } in &playbook.assets
    {
        copies.insert(site_path.clone(), CopySource::Disk(source.clone()));
    }
    for path in &paths {
        if copies.remove(path).is_some() {
            diags.push(
                Diagnostic::warning(
                    codes::ASSET_SHADOWED,
                    format!("a copied file and a generated page are both `{path}`; the page wins"),
                )
                .help("rename the file in `static/` or `content/`"),
            );
        }
    }

    let languages: Vec<&Lang> = playbook.languages.iter().collect();
    site.render_with_indexes(&jobs, &languages, sink, diags);
    SiteFiles {
        pages: paths,
        copies,
    }
}

/// A page's bytes as a template writes them, refusing more once `stop`
/// is set: filling in a print page of thousands of notes takes a tenth of
/// a second, which the next save in `serve` would otherwise wait for.
struct Stoppable<'a> {
    bytes: &'a mut Vec<u8>,
    stop: &'a AtomicBool,
}

impl std::io::Write for Stoppable<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if self.stop.load(Ordering::Relaxed) {
            // Not `Interrupted`: `write_all` retries that forever.
            return Err(std::io::Error::other("stopped by a newer save"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> Site<'a> {
    fn new(config: &'a Config, playbook: &'a Playbook, theme: &'a Theme) -> Site<'a> {
        let mut tags: BTreeMap<&'a str, (&'a Tag, Vec<&'a NoteId>)> = BTreeMap::new();
        for (tag, ids) in playbook.tags() {
            let entry = tags.entry(tag.slug()).or_insert_with(|| (tag, Vec::new()));
            entry.1.extend(ids);
        }
        Site {
            config,
            playbook,
            theme,
            tags,
            stop: None,
            print_numbers: playbook
                .languages
                .iter()
                .map(|l| (*l, OnceLock::new()))
                .collect(),
            sidebars: Mutex::default(),
            repository_prefix: match config.build.edit_url {
                Some(_) => crate::config::repository_prefix(&config.root),
                None => String::new(),
            },
            strings: theme
                .strings
                .iter()
                .map(|(lang, strings)| (*lang, tera::Value::from(strings.clone())))
                .collect(),
        }
    }

    /// Puts the UI strings of the context's language into its `layout`
    /// as `layout.t`, sharing one value between all pages.
    fn share_strings(&self, mut context: Context) -> Context {
        let Some(mut layout) = context.remove("layout").and_then(tera::Value::into_map) else {
            return context;
        };
        let lang = layout
            .get(&tera::value::Key::Str("lang"))
            .and_then(tera::Value::as_str)
            .and_then(|l| Lang::new(l).ok());
        if let Some(strings) = lang.and_then(|l| self.strings.get(&l)) {
            layout.insert("t".into(), strings.clone());
        }
        context.insert_value("layout", tera::Value::from(layout));
        context
    }

    /// Whether the pages being rendered are no longer wanted.
    fn stopped(&self) -> bool {
        self.stop.is_some_and(|stop| stop.load(Ordering::Relaxed))
    }

    /// Every page of the site.
    fn jobs(&self) -> Vec<Job<'_>> {
        let playbook = self.playbook;
        let mut jobs: Vec<Job> = [
            Route::Chooser,
            Route::NotFound,
            Route::Sitemap,
            Route::Favicon,
        ]
        .into_iter()
        .map(Job::Page)
        .collect();
        for lang in &playbook.languages {
            jobs.push(Job::Page(Route::Home(lang)));
            jobs.push(Job::Page(Route::TagIndex(lang)));
            jobs.push(Job::Page(Route::Print(lang)));
            if playbook.print_in_parts(lang) {
                jobs.extend(
                    playbook
                        .reading_order(lang)
                        .filter(|n| n.is_strategy() && n.versions.contains_key(lang))
                        .map(|n| Job::Page(Route::PrintPart(lang, n.id.as_str()))),
                );
            }
            jobs.push(Job::Page(Route::Translations(lang)));
            jobs.push(Job::Page(Route::Editors(lang)));
            for slug in self.tags.keys() {
                jobs.push(Job::Page(Route::Tag(lang, slug)));
            }
            for note in playbook.notes.values() {
                if note.versions.contains_key(lang) {
                    jobs.push(Job::Note(note, lang));
                } else if let Some(path) = playbook.fallback(note, lang) {
                    jobs.push(Job::Fallback(note, lang, path));
                }
            }
        }
        jobs
    }

    /// Renders jobs and the search indexes of `languages` into `sink`.
    /// Both are built at once: both keep both cores busy, and neither
    /// waits for the other's last, largest job.
    fn render_with_indexes(
        &self,
        jobs: &[Job<'_>],
        languages: &[&Lang],
        sink: &dyn Sink,
        diags: &mut Diagnostics,
    ) {
        let never = AtomicBool::new(false);
        let stop = self.stop.unwrap_or(&never);
        rayon::join(
            || self.render_all(jobs, sink, diags),
            || {
                languages.par_iter().for_each(|lang| {
                    if let Some((path, bytes)) = search::build_index_for(self.playbook, lang, stop)
                    {
                        sink.put(RenderedPage { path, bytes });
                    }
                });
            },
        );
    }

    /// Renders jobs in parallel into `sink`.
    fn render_all(&self, jobs: &[Job<'_>], sink: &dyn Sink, diags: &mut Diagnostics) {
        let failed: Vec<Box<Diagnostic>> = jobs
            .par_iter()
            .filter(|_| !self.stopped())
            .filter_map(|job| match self.render(job) {
                Ok(Some(page)) => {
                    sink.put(page);
                    None
                }
                Ok(None) => None,
                Err(d) => Some(d),
            })
            .collect();
        for d in failed {
            diags.push(*d);
        }
    }

    /// The template of a note's page.
    fn note_template(note: &Note) -> &'static str {
        if note.is_strategy() {
            "strategy.html"
        } else {
            "tactic.html"
        }
    }

    /// Renders one page; `None` when the render was stopped before the
    /// page was filled in.
    fn render(&self, job: &Job<'a>) -> Result<Option<RenderedPage>, Box<Diagnostic>> {
        let path = job.path();
        let with_size = |context: tera::TeraResult<Context>| context.map(|c| (c, PAGE_SIZE));
        let (template, context) = match *job {
            Job::Page(Route::Chooser) => ("index.html", with_size(self.chooser())),
            Job::Page(Route::NotFound) => ("404.html", with_size(self.not_found())),
            Job::Page(Route::Sitemap) => ("sitemap.xml", with_size(self.sitemap())),
            Job::Page(Route::Favicon) => ("favicon.svg", with_size(self.favicon())),
            Job::Page(Route::Translations(lang)) => {
                ("translations.html", with_size(self.translations(lang)))
            }
            Job::Page(Route::Editors(lang)) => ("editors.html", with_size(self.editors(lang))),
            Job::Page(Route::Home(lang)) => ("home.html", with_size(self.home(lang))),
            Job::Page(Route::TagIndex(lang)) => ("tags.html", with_size(self.tag_index(lang))),
            Job::Page(Route::Tag(lang, slug)) => ("tag.html", with_size(self.tag(lang, slug))),
            Job::Page(Route::Print(lang)) if self.playbook.print_in_parts(lang) => {
                ("print-index.html", with_size(self.print_index(lang)))
            }
            Job::Page(Route::Print(lang)) => ("print.html", self.print(lang)),
            Job::Page(Route::PrintPart(lang, id)) => ("print.html", self.print_part(lang, id)),
            // Written by others: the search index by `search`, files by
            // copying, the reload endpoint by `serve`.
            Job::Page(
                Route::SearchIndex(_)
                | Route::Reload
                | Route::Note(_)
                | Route::Asset(_)
                | Route::Copied(_),
            ) => {
                return Err(Box::new(Diagnostic::error(
                    codes::TEMPLATE,
                    format!("`{path}` is not a page with a template"),
                )));
            }
            Job::Note(note, lang) => {
                let version = &note.versions[lang];
                let _working = crate::crash::rendering(&version.source.file);
                (
                    Self::note_template(note),
                    with_size(self.note(note, lang, version, &version.site_path)),
                )
            }
            Job::Fallback(note, lang, path) => {
                let version = self.playbook.version_for(note, lang);
                let _working = crate::crash::rendering(&version.source.file);
                (
                    Self::note_template(note),
                    with_size(self.note(note, lang, version, path)),
                )
            }
        };
        let (context, size) = context.map_err(|e| {
            Diagnostic::error(codes::TEMPLATE, format!("cannot prepare `{path}`: {e}"))
        })?;
        let context = self.share_strings(context);
        if self.stopped() {
            // Not wanted any more: a page as large as a print page takes
            // a while to fill in.
            return Ok(None);
        }
        // Straight into bytes: tera's `render` would check the UTF-8 of
        // what it wrote itself from strings.
        // Only `serve` stops renders; a build writes into the bytes as
        // they are, without a check per write.
        let mut bytes = Vec::with_capacity(size);
        let rendered = match self.stop {
            None => self.theme.tera.render_to(template, &context, &mut bytes),
            Some(stop) => self.theme.tera.render_to(
                template,
                &context,
                Stoppable {
                    bytes: &mut bytes,
                    stop,
                },
            ),
        };
        match rendered {
            Ok(()) => Ok(Some(RenderedPage { path, bytes })),
            Err(_) if self.stopped() => Ok(None),
            Err(e) => Err(Box::new(
                Diagnostic::error(
                    codes::TEMPLATE,
                    format!("template `{template}` failed for `{path}`"),
                )
                .help(error_chain(&e)),
            )),
        }
    }
}
