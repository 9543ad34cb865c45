//! The pages of the whole site: the translations page, the language
//! chooser, the not-found page and the sitemap.

use tera::Context;

use crate::colour::{AccentShades, Colour};
use crate::ids::Lang;
use crate::routes::{LinkFrom, Route};
use crate::translations::{self, State};

use super::Site;
use super::views::*;

/// The default theme's accent, when `book.toml` sets none.
const DEFAULT_ACCENT: Colour = Colour::rgb(0x1d, 0x56, 0xb0);

impl<'a> Site<'a> {
    /// The translations page in `lang`: a summary per language, then
    /// every note in reading order, each strategy before its tactics.
    pub(super) fn translations(&self, lang: &'a Lang) -> tera::TeraResult<Context> {
        let from = Route::Translations(lang);
        let playbook = self.playbook;
        let total = playbook.notes.len();
        let mut summaries: Vec<LanguageSummary> = self
            .config
            .languages
            .iter()
            .map(|l| LanguageSummary {
                code: l.lang.as_str(),
                name: &l.name,
                written: 0,
                total,
                percent: 0,
                stale: 0,
                unmarked: 0,
                missing: 0,
            })
            .collect();
        let mut groups: Vec<TranslationGroup> = Vec::new();
        for note in playbook.reading_order(lang) {
            let cells = playbook
                .languages
                .iter()
                .zip(summaries.iter_mut())
                .map(|(l, summary)| {
                    let state = translations::state(playbook, note, l);
                    match state {
                        State::Missing => summary.missing += 1,
                        State::Stale { .. } => summary.stale += 1,
                        State::Unmarked => summary.unmarked += 1,
                        State::Source | State::Current => {}
                    }
                    let v = note.versions.get(l);
                    summary.written += usize::from(v.is_some());
                    TranslationCell {
                        lang: l.as_str(),
                        href: v.map(|v| from.href(&Route::Note(&v.site_path))),
                        title: v.map(|v| v.title.as_str()),
                        state: match state {
                            State::Source => "source",
                            State::Current => "current",
                            State::Stale { .. } => "stale",
                            State::Unmarked => "unmarked",
                            State::Missing => "missing",
                        },
                    }
                })
                .collect();
            let shown = playbook.version_for(note, lang);
            let row = TranslationRow {
                id: note.id.as_str(),
                title: &shown.title,
                title_lang: (&shown.lang != lang).then_some(shown.lang.as_str()),
                is_strategy: note.is_strategy(),
                cells,
            };
            match groups.last_mut() {
                Some(group) if !row.is_strategy => group.rows.push(row),
                _ => groups.push(TranslationGroup { rows: vec![row] }),
            }
        }
        for summary in &mut summaries {
            summary.percent = (summary.written * 100).checked_div(total).unwrap_or(100);
        }
        let layout = self.layout(
            lang,
            LinkFrom::Page(from),
            self.t(lang, "translations").to_string(),
            |l| Some(Route::Translations(l)),
            Vec::new(),
        );
        Context::from_serialize(&TranslationsPage {
            layout,
            summaries,
            groups,
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

    /// The page served for any missing path, at any depth, under any
    /// folder, or opened from disk. Its links are absolute with
    /// `site-url` and root-relative without; its stylesheet is inline, and
    /// a script finds the site's root and the reader's language in the
    /// address (`/sub/de/gone/` is the German site below `/sub/`) and
    /// shows the page in that language with links that work there.
    pub(super) fn not_found(&self) -> tera::TeraResult<Context> {
        let lang = &self.playbook.default_language;
        let base = self.base_url();
        let from = LinkFrom::Anywhere(base);
        let languages = self
            .config
            .languages
            .iter()
            .map(|l| NotFoundLanguage {
                code: l.lang.as_str(),
                name: &l.name,
                href: from.href(&Route::Home(&l.lang)),
                path: Route::Chooser.href(&Route::Home(&l.lang)),
                site_title: self.config.title_in(&l.lang),
                heading: self.t(&l.lang, "not-found"),
                text: self.t(&l.lang, "not-found-text"),
            })
            .collect::<Vec<_>>();
        // In a `<script>`, `</` could end it early.
        let strings = serde_json::to_string(&languages)
            .map_err(|e| tera::Error::message(e.to_string()))?
            .replace("</", "<\\/");
        let layout = self.layout(
            lang,
            from,
            self.t(lang, "not-found").to_string(),
            |l| Some(Route::Home(l)),
            Vec::new(),
        );
        Context::from_serialize(&NotFoundPage {
            layout,
            stylesheet: self.theme.stylesheet(),
            base,
            home_path: Route::Chooser.href(&Route::Home(lang)),
            languages,
            strings,
        })
    }

    /// The icon: the theme's drawing in the accent colour.
    pub(super) fn favicon(&self) -> tera::TeraResult<Context> {
        let accent = self.config.build.accent.unwrap_or(DEFAULT_ACCENT);
        Context::from_serialize(&FaviconPage {
            accent: AccentShades::of(accent).light.hex(),
        })
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
            pages.push(Route::Translations(lang));
            for page in pages {
                urls.push(SitemapUrl {
                    loc: loc(&page),
                    lastmod: None,
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
                    lastmod: self
                        .playbook
                        .last_commits
                        .get(&version.source.file)
                        .map(|d| d.to_string()),
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
        urls.sort_by(|a, b| a.loc.cmp(&b.loc));
        Context::from_serialize(&SitemapPage { urls })
    }
}
