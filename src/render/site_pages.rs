//! The pages of the whole site: the translations page, the language
//! chooser, the not-found page and the sitemap.

use tera::Context;

use crate::ids::{Lang, NoteId};
use crate::routes::{LinkFrom, Route};
use crate::translations::{self, State};

use super::Site;
use super::views::*;

impl<'a> Site<'a> {
    pub(super) fn translations(&self) -> tera::TeraResult<Context> {
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

    pub(super) fn chooser(&self) -> tera::TeraResult<Context> {
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

    pub(super) fn not_found(&self) -> tera::TeraResult<Context> {
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

    pub(super) fn sitemap(&self) -> tera::TeraResult<Context> {
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
