//! A note's page: a strategy with its tactics, or a tactic with its
//! strategy; in a language that lacks the note, the version it falls back
//! to inside that language's site.

use tera::Context;

use crate::ids::Lang;
use crate::markdown;
use crate::model::{Note, Version};
use std::sync::Arc;

use crate::routes::{LinkFrom, Route, encode_fragment, encode_path};

use super::Site;
use super::layout::MAP_ANCHOR;
use super::views::*;

impl<'a> Site<'a> {
    /// The page at `path` in `lang`'s site showing `version` of `note`:
    /// its own page when `version` is in `lang`, else a fallback page.
    pub(super) fn note(
        &self,
        note: &'a Note,
        lang: &'a Lang,
        version: &'a Version,
        path: &'a str,
    ) -> tera::TeraResult<Context> {
        let from = Route::Note(path);
        let other = (&version.lang != lang).then_some(version.lang.as_str());
        let content = markdown::fill(
            &version.scan.html,
            &self.render_options(lang, ""),
            &self.resolver(lang, &version.lang, from),
        );
        let untranslated = other.map(|_| {
            let name = self
                .config
                .language(&version.lang)
                .map_or(version.lang.as_str(), |l| l.name.as_str());
            self.t(lang, "untranslated-notice")
                .replace("{language}", name)
        });
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
            updated: self
                .playbook
                .last_commits
                .get(&version.source.file)
                .map(|d| self.date(lang, *d)),
            edit_href: self.config.build.edit_url.as_ref().map(|url| {
                url.replace(
                    "{path}",
                    &encode_path(&format!(
                        "{}{}",
                        self.repository_prefix, version.source.file
                    )),
                )
            }),
            content,
            draft: note.draft,
            lang: other,
            untranslated,
        };
        let mut breadcrumb = vec![Link {
            title: self.t(lang, "home"),
            href: from.href(&Route::Home(lang)),
            lang: None,
            hreflang: None,
        }];
        let strategy = note.strategy().and_then(|id| self.playbook.notes.get(id));
        if let Some(strategy) = strategy {
            breadcrumb.push(self.link(strategy, lang, &from));
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
        layout.page_title_lang = other;
        let (prev, next) = self.playbook.beside(&note.id, lang);
        let pager = Pager {
            prev: prev.map(|n| self.link(n, lang, &from)),
            next: next.map(|n| self.link(n, lang, &from)),
        };
        let own: &Note = strategy.map_or(note, |s| s);
        let tactics = self
            .playbook
            .sorted(lang, self.playbook.tactics_of(&own.id));
        let sidebar = self.sidebar(note, own, &tactics, lang, &from)?;
        let toc = Toc {
            lang: other,
            entries: version
                .scan
                .headings
                .iter()
                .filter(|h| matches!(h.level, 2 | 3))
                .map(|h| TocEntry {
                    href: format!("#{}", encode_fragment(&h.id)),
                    text: &h.text,
                    level: h.level,
                })
                .collect(),
        };
        match strategy {
            Some(strategy) => Context::from_serialize(&TacticPage {
                layout,
                note: view,
                governed_by: self.note_link(strategy, lang, &from),
                pager,
                sidebar,
                toc,
            }),
            None => Context::from_serialize(&StrategyPage {
                layout,
                note: view,
                tactics: tactics
                    .into_iter()
                    .map(|t| self.note_link(t, lang, &from))
                    .collect(),
                pager,
                sidebar,
                toc,
                print_href: (self.playbook.print_in_parts(lang)
                    && note.versions.contains_key(lang))
                .then(|| from.href(&Route::PrintPart(lang, note.id.as_str()))),
            }),
        }
    }

    /// The navigation beside `note`, as HTML: the strategies near it, and
    /// under `own` (its strategy, or itself) the `tactics` of that
    /// strategy, with the page itself marked.
    ///
    /// Every page of a strategy's block at one depth has the same
    /// navigation but for that mark, so it is rendered once per block and
    /// depth and marked per page: at thousands of notes, rendering it for
    /// each page took a third of the build.
    fn sidebar(
        &self,
        note: &'a Note,
        own: &'a Note,
        tactics: &[&'a Note],
        lang: &'a Lang,
        from: &Route<'_>,
    ) -> tera::TeraResult<String> {
        let key = (*lang, own.id.clone(), from.to_root().len());
        let cached = self.sidebars.lock().ok().and_then(|s| s.get(&key).cloned());
        let html = match cached {
            Some(html) => html,
            None => {
                let nearby = self.playbook.nearby(&own.id, lang);
                let link = |n: &'a Note| {
                    let Link {
                        title,
                        href,
                        lang,
                        hreflang,
                    } = self.link(n, lang, from);
                    SidebarLink {
                        title,
                        href,
                        lang,
                        hreflang,
                    }
                };
                let sidebar = Sidebar {
                    strategies: nearby
                        .strategies
                        .into_iter()
                        .map(|s| SidebarEntry {
                            link: link(s),
                            tactics: if s.id == own.id {
                                tactics.iter().map(|t| link(t)).collect()
                            } else {
                                Vec::new()
                            },
                        })
                        .collect(),
                    more_before: nearby.more_before,
                    more_after: nearby.more_after,
                };
                let context = Context::from_serialize(&SidebarPart {
                    layout: SidebarLayout {
                        lang: lang.as_str(),
                        map_href: format!("{}#{MAP_ANCHOR}", from.href(&Route::Home(lang))),
                    },
                    sidebar,
                })?;
                let context = self.share_strings(context);
                let html: Arc<str> =
                    Arc::from(self.theme.tera.render("partials/sidebar.html", &context)?);
                if let Ok(mut sidebars) = self.sidebars.lock() {
                    sidebars.insert(key, html.clone());
                }
                html
            }
        };
        // The page's own link gets its mark.
        let own_link = format!("href=\"{}\"", self.link(note, lang, from).href);
        Ok(match html.find(&own_link) {
            Some(at) => {
                let end = at + own_link.len();
                format!("{} aria-current=\"page\"{}", &html[..end], &html[end..])
            }
            None => html.to_string(),
        })
    }
}
