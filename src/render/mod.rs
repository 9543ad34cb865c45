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
//! This file builds each page's context and renders it; `views` holds the
//! typed contexts, `incremental` picks the pages a change in `serve`
//! reaches, and `sink` is where pages go. Every link comes from
//! [`Route::href`].

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::codes;
use crate::config::Config;
use crate::content::Asset;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ids::{Lang, NoteId, Tag};
use crate::markdown::{self, LinkTarget, RenderOptions, Resolved};
use crate::model::{Changes, Note, Playbook, Version};
use crate::routes::{self, LinkFrom, Route, SEARCH_SCRIPT, STYLESHEET, encode_fragment};
use crate::search;
use crate::theme::{CopySource, Theme, error_chain};
use crate::translations::{self, State};

mod incremental;
mod sink;
mod views;

pub use incremental::{render_edited, render_listings};
pub use sink::{Collect, Discard, RenderedPage, RenderedSite, Sink, SiteFiles};
use views::*;

struct Site<'a> {
    config: &'a Config,
    playbook: &'a Playbook,
    theme: &'a Theme,
    /// Topic tags by URL slug (two spellings with one slug share a page).
    tags: BTreeMap<&'a str, (&'a Tag, Vec<&'a NoteId>)>,
    /// Set when the pages being rendered are no longer wanted (`serve` saw
    /// another save): what is left is skipped.
    stop: Option<&'a AtomicBool>,
}

/// One page to render.
enum Job<'a> {
    /// A page of the site's own, by its route.
    Page(Route<'a>),
    /// A note's page in one language.
    Note(&'a Note, &'a Lang),
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
    for Asset { site_path, source } in &playbook.assets {
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
    bytes: Vec<u8>,
    stop: Option<&'a AtomicBool>,
}

impl std::io::Write for Stoppable<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.stop.is_some_and(|stop| stop.load(Ordering::Relaxed)) {
            // Not `Interrupted`: `write_all` would retry that forever.
            return Err(std::io::Error::other("stopped by a newer save"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
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
        }
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
            Route::Translations,
        ]
        .into_iter()
        .map(Job::Page)
        .collect();
        for lang in &playbook.languages {
            jobs.push(Job::Page(Route::Home(lang)));
            jobs.push(Job::Page(Route::TagIndex(lang)));
            jobs.push(Job::Page(Route::Print(lang)));
            for slug in self.tags.keys() {
                jobs.push(Job::Page(Route::Tag(lang, slug)));
            }
            for note in playbook.notes.values() {
                if note.versions.contains_key(lang) {
                    jobs.push(Job::Note(note, lang));
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

    /// Renders one page; `None` when the render was stopped before the
    /// page was filled in.
    fn render(&self, job: &Job<'a>) -> Result<Option<RenderedPage>, Box<Diagnostic>> {
        let path = job.path();
        let with_size = |context: tera::TeraResult<Context>| context.map(|c| (c, PAGE_SIZE));
        let (template, context) = match *job {
            Job::Page(Route::Chooser) => ("index.html", with_size(self.chooser())),
            Job::Page(Route::NotFound) => ("404.html", with_size(self.not_found())),
            Job::Page(Route::Sitemap) => ("sitemap.xml", with_size(self.sitemap())),
            Job::Page(Route::Translations) => ("translations.html", with_size(self.translations())),
            Job::Page(Route::Home(lang)) => ("home.html", with_size(self.home(lang))),
            Job::Page(Route::TagIndex(lang)) => ("tags.html", with_size(self.tag_index(lang))),
            Job::Page(Route::Tag(lang, slug)) => ("tag.html", with_size(self.tag(lang, slug))),
            Job::Page(Route::Print(lang)) => ("print.html", self.print(lang)),
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
                let template = if note.is_strategy() {
                    "strategy.html"
                } else {
                    "tactic.html"
                };
                (template, with_size(self.note(note, version)))
            }
        };
        let (context, size) = context.map_err(|e| {
            Diagnostic::error(codes::TEMPLATE, format!("cannot prepare `{path}`: {e}"))
        })?;
        if self.stopped() {
            // Not wanted any more: a page as large as a print page takes
            // a while to fill in.
            return Ok(None);
        }
        // Straight into bytes: tera's `render` would check the UTF-8 of
        // what it wrote itself from strings.
        let mut out = Stoppable {
            bytes: Vec::with_capacity(size),
            stop: self.stop,
        };
        match self.theme.tera.render_to(template, &context, &mut out) {
            Ok(()) => Ok(Some(RenderedPage {
                path,
                bytes: out.bytes,
            })),
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

    fn strings(&self, lang: &Lang) -> &'a BTreeMap<String, String> {
        &self.theme.strings[lang]
    }

    fn t(&self, lang: &Lang, key: &str) -> &'a str {
        self.strings(lang).get(key).map_or("", String::as_str)
    }

    /// The layout of the page at `from`, with a language switcher that
    /// offers `alternates` (the page in each language, `None` if missing).
    fn layout(
        &self,
        lang: &'a Lang,
        from: LinkFrom<'_>,
        page_title: String,
        alternates: impl Fn(&'a Lang) -> Option<Route<'a>>,
        breadcrumb: Vec<Link<'a>>,
    ) -> Layout<'a> {
        let config = self.config;
        Layout {
            lang: lang.as_str(),
            site_title: config.title_in(lang),
            description: config.description_in(lang),
            meta_description: config.description_in(lang),
            page_title,
            root: from.to_root(),
            home: from.href(&Route::Home(lang)),
            tags_href: from.href(&Route::TagIndex(lang)),
            print_href: from.href(&Route::Print(lang)),
            translations_href: from.href(&Route::Translations),
            stylesheet: from.href(&STYLESHEET),
            search_index: from.href(&Route::SearchIndex(lang)),
            search_script: from.href(&SEARCH_SCRIPT),
            t: self.strings(lang),
            languages: config
                .languages
                .iter()
                .map(|l| SwitchLink {
                    code: l.lang.as_str(),
                    name: &l.name,
                    href: alternates(&l.lang).map(|to| from.href(&to)),
                    current: &l.lang == lang,
                })
                .collect(),
            breadcrumb,
        }
    }

    fn note_link(&self, note: &'a Note, lang: &Lang, from: &Route<'_>) -> NoteLink<'a> {
        let version = self.playbook.version_for(note, lang);
        let other = (&version.lang != lang).then_some(&version.lang);
        NoteLink {
            title: &version.title,
            href: from.href(&Route::Note(&version.site_path)),
            summary: &version.summary,
            is_strategy: note.is_strategy(),
            lang: other.map(Lang::as_str),
            lang_name: other
                .and_then(|l| self.config.language(l))
                .map(|l| l.name.as_str()),
        }
    }

    fn tag_links(&self, note: &'a Note, lang: &Lang, from: &Route<'_>) -> Vec<TagLink<'a>> {
        note.tags
            .iter()
            .map(|tag| {
                let slug = tag.slug();
                TagLink {
                    name: tag.as_str(),
                    count: self.tags.get(slug).map_or(0, |(_, ids)| ids.len()),
                    href: from.href(&Route::Tag(lang, slug)),
                }
            })
            .collect()
    }

    /// Resolves a body's links for the page at `from` in `lang`.
    fn resolver(
        &self,
        lang: &'a Lang,
        from: Route<'a>,
    ) -> impl Fn(&LinkTarget) -> Option<Resolved> + 'a {
        let playbook = self.playbook;
        move |target| match target {
            LinkTarget::Note { id, anchor } => {
                let note = playbook.notes.get(id)?;
                let version = playbook.version_for(note, lang);
                // A link within the page is just its fragment.
                let to = Route::Note(&version.site_path);
                let mut h = if to == from && anchor.is_some() {
                    String::new()
                } else {
                    from.href(&to)
                };
                if let Some(anchor) = anchor {
                    h.push('#');
                    h.push_str(&encode_fragment(anchor));
                }
                Some(Resolved {
                    href: h,
                    title: Some(version.title.clone()),
                    hreflang: (&version.lang != lang).then(|| version.lang.to_string()),
                })
            }
            LinkTarget::Asset(path) => Some(Resolved {
                href: from.href(&Route::Copied(&routes::language_file(lang, path))),
                title: None,
                hreflang: None,
            }),
            _ => None,
        }
    }

    fn note(&self, note: &'a Note, version: &'a Version) -> tera::TeraResult<Context> {
        let lang = &version.lang;
        let from = Route::Note(&version.site_path);
        let content = markdown::fill(
            &version.scan.html,
            &RenderOptions {
                id_prefix: "",
                anchor_label: self.t(lang, "section-link"),
                task_labels: [self.t(lang, "task-open"), self.t(lang, "task-done")],
            },
            &self.resolver(lang, from),
        );
        let view = NoteView {
            id: note.id.as_str(),
            title: &version.title,
            summary: if version.summary_explicit {
                &version.summary
            } else {
                ""
            },
            tags: self.tag_links(note, lang, &from),
            metrics: &version.metrics,
            owner: version.owner.as_deref(),
            content,
            draft: note.draft,
        };
        let mut breadcrumb = vec![Link {
            title: self.t(lang, "home"),
            href: from.href(&Route::Home(lang)),
            lang: None,
        }];
        let strategy = note.strategy().and_then(|id| self.playbook.notes.get(id));
        if let Some(strategy) = strategy {
            let v = self.playbook.version_for(strategy, lang);
            breadcrumb.push(Link {
                title: &v.title,
                href: from.href(&Route::Note(&v.site_path)),
                lang: (&v.lang != lang).then_some(v.lang.as_str()),
            });
        }
        let mut layout = self.layout(
            lang,
            LinkFrom::Page(from),
            version.title.clone(),
            |l| note.versions.get(l).map(|v| Route::Note(&v.site_path)),
            breadcrumb,
        );
        if !version.summary.is_empty() {
            layout.meta_description = Some(&version.summary);
        }
        match strategy {
            Some(strategy) => Context::from_serialize(&TacticPage {
                layout,
                note: view,
                governed_by: self.note_link(strategy, lang, &from),
            }),
            None => {
                let tactics = self
                    .playbook
                    .sorted(lang, self.playbook.tactics_of(&note.id))
                    .into_iter()
                    .map(|t| self.note_link(t, lang, &from))
                    .collect();
                Context::from_serialize(&StrategyPage {
                    layout,
                    note: view,
                    tactics,
                })
            }
        }
    }

    fn home(&self, lang: &'a Lang) -> tera::TeraResult<Context> {
        let from = Route::Home(lang);
        let intro = self.playbook.intros.get(lang);
        let intro_html = intro.map_or_else(String::new, |intro| {
            markdown::fill(
                &intro.scan.html,
                &RenderOptions {
                    id_prefix: "",
                    anchor_label: self.t(lang, "section-link"),
                    task_labels: [self.t(lang, "task-open"), self.t(lang, "task-done")],
                },
                &self.resolver(lang, from),
            )
        });
        let strategies: Vec<&NoteId> = self.playbook.strategies().map(|n| &n.id).collect();
        let map: Vec<MapEntry<'a>> = self
            .playbook
            .sorted(lang, strategies)
            .into_iter()
            .map(|s| {
                let tactics: Vec<NoteLink<'a>> = self
                    .playbook
                    .sorted(lang, self.playbook.tactics_of(&s.id))
                    .into_iter()
                    .map(|t| self.note_link(t, lang, &from))
                    .collect();
                let count = match tactics.len() {
                    0 => self.t(lang, "map-count-none").to_string(),
                    1 => self.t(lang, "map-count-one").to_string(),
                    n => self
                        .t(lang, "map-count-many")
                        .replace("{count}", &n.to_string()),
                };
                MapEntry {
                    strategy: self.note_link(s, lang, &from),
                    empty: tactics.is_empty(),
                    tactics,
                    count,
                }
            })
            .collect();
        let layout = self.layout(
            lang,
            LinkFrom::Page(from),
            self.config.title_in(lang).to_string(),
            |l| from.in_language(l),
            Vec::new(),
        );
        Context::from_serialize(&HomePage {
            layout,
            intro_title: intro.and_then(|i| i.title.as_deref()),
            intro: intro_html,
            has_empty: map.iter().any(|e| e.empty),
            map,
        })
    }

    fn tag_index(&self, lang: &'a Lang) -> tera::TeraResult<Context> {
        let from = Route::TagIndex(lang);
        let tags = self
            .tags
            .iter()
            .map(|(slug, (tag, ids))| TagLink {
                name: tag.as_str(),
                href: from.href(&Route::Tag(lang, slug)),
                count: ids.len(),
            })
            .collect();
        let breadcrumb = vec![Link {
            title: self.t(lang, "home"),
            href: from.href(&Route::Home(lang)),
            lang: None,
        }];
        let layout = self.layout(
            lang,
            LinkFrom::Page(from),
            self.t(lang, "tags").to_string(),
            |l| from.in_language(l),
            breadcrumb,
        );
        Context::from_serialize(&TagIndexPage { layout, tags })
    }

    fn tag(&self, lang: &'a Lang, slug: &'a str) -> tera::TeraResult<Context> {
        let from = Route::Tag(lang, slug);
        let (tag, ids) = &self.tags[slug];
        let notes = self
            .playbook
            .sorted(lang, ids.iter().copied())
            .into_iter()
            .map(|n| self.note_link(n, lang, &from))
            .collect();
        let breadcrumb = vec![
            Link {
                title: self.t(lang, "home"),
                href: from.href(&Route::Home(lang)),
                lang: None,
            },
            Link {
                title: self.t(lang, "tags"),
                href: from.href(&Route::TagIndex(lang)),
                lang: None,
            },
        ];
        let layout = self.layout(
            lang,
            LinkFrom::Page(from),
            format!("{}: {}", self.t(lang, "tag"), tag),
            |l| from.in_language(l),
            breadcrumb,
        );
        Context::from_serialize(&TagPage {
            layout,
            tag: tag.as_str(),
            notes,
        })
    }

    /// The print page's context, and about how many bytes the page takes.
    fn print(&self, lang: &'a Lang) -> tera::TeraResult<(Context, usize)> {
        let from = Route::Print(lang);
        let playbook = self.playbook;
        // Strategies in reading order, each followed by its tactics: the
        // order a workshop reads them in.
        let strategies: Vec<&NoteId> = playbook.strategies().map(|n| &n.id).collect();
        let mut ordered: Vec<&Note> = Vec::new();
        for s in playbook.sorted(lang, strategies) {
            ordered.push(s);
            ordered.extend(playbook.sorted(lang, playbook.tactics_of(&s.id)));
        }
        let present: Vec<&Note> = ordered
            .into_iter()
            .filter(|n| n.versions.contains_key(lang))
            .collect();
        let anchors: BTreeMap<&NoteId, String> = present
            .iter()
            .enumerate()
            .map(|(i, n)| (&n.id, format!("n{}", i + 1)))
            .collect();
        // Sections are independent; at thousands of notes this one page
        // would otherwise be the last job of the build. Each becomes a
        // template value at once, so its HTML is never held twice.
        let sections: Vec<(tera::Value, usize)> = present
            .par_iter()
            .filter(|_| !self.stopped())
            .map(|note| {
                let version = &note.versions[lang];
                let anchor = anchors[&note.id].clone();
                let prefix = format!("{anchor}-");
                let resolve = |target: &LinkTarget| match target {
                    LinkTarget::Note {
                        id,
                        anchor: heading,
                    } if anchors.contains_key(id) => {
                        let section = &anchors[id];
                        let target_version = &playbook.notes[id].versions[lang];
                        Some(Resolved {
                            href: match heading {
                                Some(h) => {
                                    format!("#{section}-{}", encode_fragment(h))
                                }
                                None => format!("#{section}"),
                            },
                            title: Some(target_version.title.clone()),
                            hreflang: None,
                        })
                    }
                    other => self.resolver(lang, from)(other),
                };
                let content = markdown::fill(
                    &version.scan.html,
                    &RenderOptions {
                        id_prefix: &prefix,
                        anchor_label: self.t(lang, "section-link"),
                        task_labels: [self.t(lang, "task-open"), self.t(lang, "task-done")],
                    },
                    &resolve,
                );
                let governed_by = note
                    .strategy()
                    .and_then(|s| playbook.notes.get(s))
                    .map(|s| {
                        let v = playbook.version_for(s, lang);
                        Link {
                            title: &v.title,
                            href: match anchors.get(&s.id) {
                                Some(a) => format!("#{a}"),
                                None => from.href(&Route::Note(&v.site_path)),
                            },
                            lang: (&v.lang != lang).then_some(v.lang.as_str()),
                        }
                    });
                let size = content.len();
                let section = tera::Value::try_from_serializable(&PrintSection {
                    anchor,
                    title: &version.title,
                    summary: if version.summary_explicit {
                        &version.summary
                    } else {
                        ""
                    },
                    is_strategy: note.is_strategy(),
                    governed_by,
                    metrics: &version.metrics,
                    owner: version.owner.as_deref(),
                    content,
                });
                section.map(|value| (value, size))
            })
            .collect::<tera::TeraResult<_>>()?;
        let size = sections.iter().map(|(_, size)| size + 1024).sum::<usize>();
        let breadcrumb = vec![Link {
            title: self.t(lang, "home"),
            href: from.href(&Route::Home(lang)),
            lang: None,
        }];
        let layout = self.layout(
            lang,
            LinkFrom::Page(from),
            format!("{} ({})", self.config.title_in(lang), self.t(lang, "print")),
            |l| from.in_language(l),
            breadcrumb,
        );
        let mut context = Context::from_serialize(&PrintPage {
            layout,
            intro_title: playbook.intros.get(lang).and_then(|i| i.title.as_deref()),
        })?;
        let sections: Vec<tera::Value> = sections.into_iter().map(|(value, _)| value).collect();
        context.insert_value("sections", tera::Value::from(sections));
        Ok((context, size))
    }

    fn translations(&self) -> tera::TeraResult<Context> {
        let from = Route::Translations;
        let lang = &self.playbook.default_language;
        let playbook = self.playbook;
        let ids: Vec<&NoteId> = playbook.notes.keys().collect();
        let rows = playbook
            .sorted(lang, ids)
            .into_iter()
            .map(|note| TranslationRow {
                id: note.id.as_str(),
                is_strategy: note.is_strategy(),
                cells: playbook
                    .languages
                    .iter()
                    .map(|l| {
                        let v = note.versions.get(l);
                        TranslationCell {
                            lang: l.as_str(),
                            href: v.map(|v| from.href(&Route::Note(&v.site_path))),
                            title: v.map(|v| v.title.as_str()),
                            state: match translations::state(playbook, note, l) {
                                State::Source => "source",
                                State::Current => "current",
                                State::Stale { .. } => "stale",
                                State::Unmarked => "unmarked",
                                State::Missing => "missing",
                            },
                        }
                    })
                    .collect(),
            })
            .collect();
        let columns = self
            .config
            .languages
            .iter()
            .map(|l| LanguageColumn {
                code: l.lang.as_str(),
                name: &l.name,
                count: playbook
                    .notes
                    .values()
                    .filter(|n| n.versions.contains_key(&l.lang))
                    .count(),
            })
            .collect();
        let layout = self.layout(
            lang,
            LinkFrom::Page(from),
            self.t(lang, "translations").to_string(),
            |_| None,
            Vec::new(),
        );
        Context::from_serialize(&TranslationsPage {
            layout,
            columns,
            rows,
        })
    }

    fn chooser(&self) -> tera::TeraResult<Context> {
        let lang = &self.playbook.default_language;
        let choices = self
            .config
            .languages
            .iter()
            .map(|l| ChooserEntry {
                code: l.lang.as_str(),
                name: &l.name,
                title: self.config.title_in(&l.lang),
                href: Route::Chooser.href(&Route::Home(&l.lang)),
            })
            .collect();
        let layout = self.layout(
            lang,
            LinkFrom::Page(Route::Chooser),
            self.config.title.clone(),
            |l| Some(Route::Home(l)),
            Vec::new(),
        );
        Context::from_serialize(&ChooserPage {
            layout,
            choices,
            default_language: lang.as_str(),
        })
    }

    fn not_found(&self) -> tera::TeraResult<Context> {
        let lang = &self.playbook.default_language;
        // A 404 page is served at any depth, so its links cannot be
        // relative: they are absolute with `site-url`, root-relative without.
        let layout = self.layout(
            lang,
            LinkFrom::Anywhere(self.base_url()),
            self.t(lang, "not-found").to_string(),
            |l| Some(Route::Home(l)),
            Vec::new(),
        );
        Context::from_serialize(&NotFoundPage { layout })
    }

    /// The site's address for absolute links: `site-url`, or `/`.
    fn base_url(&self) -> &'a str {
        self.config.build.site_url.as_deref().unwrap_or("/")
    }

    fn sitemap(&self) -> tera::TeraResult<Context> {
        let base = self.base_url();
        let loc = |route: &Route| route.url(base);
        let mut urls = Vec::new();
        let langs = &self.playbook.languages;
        for lang in langs {
            let mut pages = vec![Route::Home(lang), Route::TagIndex(lang)];
            pages.extend(self.tags.keys().map(|slug| Route::Tag(lang, slug)));
            pages.push(Route::Print(lang));
            for page in pages {
                urls.push(SitemapUrl {
                    loc: loc(&page),
                    alternates: langs
                        .iter()
                        .filter_map(|l| page.in_language(l))
                        .map(|other| Alternate {
                            lang: other.lang().map(Lang::to_string).unwrap_or_default(),
                            href: loc(&other),
                        })
                        .collect(),
                });
            }
        }
        for note in self.playbook.notes.values() {
            let alternates: Vec<Alternate> = note
                .versions
                .values()
                .map(|v| Alternate {
                    lang: v.lang.to_string(),
                    href: loc(&Route::Note(&v.site_path)),
                })
                .collect();
            for version in note.versions.values() {
                urls.push(SitemapUrl {
                    loc: loc(&Route::Note(&version.site_path)),
                    alternates: if note.versions.len() > 1 {
                        alternates
                            .iter()
                            .map(|a| Alternate {
                                lang: a.lang.clone(),
                                href: a.href.clone(),
                            })
                            .collect()
                    } else {
                        Vec::new()
                    },
                });
            }
        }
        urls.push(SitemapUrl {
            loc: loc(&Route::Translations),
            alternates: Vec::new(),
        });
        urls.sort_by(|a, b| a.loc.cmp(&b.loc));
        Context::from_serialize(&SitemapPage { urls })
    }
}
