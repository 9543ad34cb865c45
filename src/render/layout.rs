//! What every page's context shares: the layout around it, strings in
//! its language, links to notes and tags, and how its links resolve.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use std::collections::BTreeMap;

use crate::colour::AccentShades;
use crate::history::Date;
use crate::ids::Lang;
use crate::markdown::{LinkTarget, RenderOptions, Resolved};
use crate::model::{Note, Playbook, Shown};
use crate::routes::{
    self, LinkFrom, Route, SEARCH_SCRIPT, SITE_SCRIPT, STYLESHEET, encode_fragment,
};

use super::Site;
use super::views::*;

/// The id of the home page's strategy map, which the header links to.
pub(super) const MAP_ANCHOR: &str = "pb-map";

impl<'a> Site<'a> {
    pub(super) fn strings(&self, lang: &Lang) -> &'a BTreeMap<String, String> {
        &self.theme.strings[lang]
    }

    pub(super) fn t(&self, lang: &Lang, key: &str) -> &'a str {
        self.strings(lang).get(key).map_or("", String::as_str)
    }

    /// How a body is filled in on a page in `lang`: its ids prefixed with
    /// `id_prefix`, its labels in that language.
    pub(super) fn render_options<'p>(&self, lang: &Lang, id_prefix: &'p str) -> RenderOptions<'p>
    where
        'a: 'p,
    {
        RenderOptions {
            id_prefix,
            anchor_label: self.t(lang, "section-link"),
            task_labels: [self.t(lang, "task-open"), self.t(lang, "task-done")],
            alert_labels: [
                self.t(lang, "alert-note"),
                self.t(lang, "alert-tip"),
                self.t(lang, "alert-important"),
                self.t(lang, "alert-warning"),
                self.t(lang, "alert-caution"),
            ],
        }
    }

    /// A day as the readers of `lang` write it ("1 Oct 2026", "1. Oktober
    /// 2026"), from the theme's `date-format` and `months`.
    pub(super) fn date(&self, lang: &Lang, date: Date) -> DateView {
        let month = self
            .t(lang, "months")
            .split_whitespace()
            .nth(usize::from(date.month) - 1)
            .map_or_else(|| date.month.to_string(), str::to_string);
        DateView {
            iso: date.to_string(),
            text: self
                .t(lang, "date-format")
                .replace("{day}", &date.day.to_string())
                .replace("{month}", &month)
                .replace("{year}", &date.year.to_string()),
        }
    }

    /// "3 tactics", in `lang`, for a strategy on the map.
    pub(super) fn tactic_count(&self, lang: &Lang, n: usize) -> String {
        match n {
            0 => self.t(lang, "map-count-none").to_string(),
            1 => self.t(lang, "map-count-one").to_string(),
            n => self
                .t(lang, "map-count-many")
                .replace("{count}", &n.to_string()),
        }
    }

    /// The layout of the page at `from`, with a language switcher that
    /// offers `alternates` (the page in each language, `None` if missing).
    pub(super) fn layout(
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
            page_title_lang: None,
            root: from.to_root(),
            home: from.href(&Route::Home(lang)),
            map_href: format!("{}#{MAP_ANCHOR}", from.href(&Route::Home(lang))),
            tags_href: from.href(&Route::TagIndex(lang)),
            print_href: from.href(&Route::Print(lang)),
            translations_href: from.href(&Route::Translations(lang)),
            editors_href: from.href(&Route::Editors(lang)),
            stylesheet: from.href(&STYLESHEET),
            favicon: from.href(&Route::Favicon),
            logo: config.build.logo.as_ref().map(|logo| Logo {
                src: from.href(&Route::Copied(&logo.value)),
                size: self
                    .playbook
                    .assets
                    .iter()
                    .find(|a| a.site_path == logo.value)
                    .and_then(|a| a.size),
            }),
            accent_css: config.build.accent.map(|a| AccentShades::of(a).css()),
            search_index: from.href(&Route::SearchIndex(lang)),
            search_script: from.href(&SEARCH_SCRIPT),
            site_script: from.href(&SITE_SCRIPT),
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

    /// A plain link to a note's page for readers of `lang`: its title,
    /// marked with its language when that is another.
    pub(super) fn link(&self, note: &'a Note, lang: &Lang, from: &Route<'_>) -> Link<'a> {
        let shown = self.playbook.shown_in(note, lang);
        let v = shown.version;
        let other = (&v.lang != lang).then_some(v.lang.as_str());
        Link {
            title: &v.title,
            href: from.href(&Route::Note(shown.path)),
            lang: other,
            hreflang: other.filter(|_| shown.foreign),
        }
    }

    /// A link to a note in a list: its title and summary, marked with its
    /// language when that is another.
    pub(super) fn note_link(&self, note: &'a Note, lang: &Lang, from: &Route<'_>) -> NoteLink<'a> {
        let version = self.playbook.version_for(note, lang);
        let Link {
            title,
            href,
            lang: other,
            hreflang,
        } = self.link(note, lang, from);
        NoteLink {
            title,
            href,
            hreflang,
            summary: &version.summary,
            metrics: &version.metrics,
            is_strategy: note.is_strategy(),
            lang: other,
            lang_name: other
                .and_then(|_| self.config.language(&version.lang))
                .map(|l| l.name.as_str()),
        }
    }

    pub(super) fn tag_links(
        &self,
        note: &'a Note,
        lang: &Lang,
        from: &Route<'_>,
    ) -> Vec<TagLink<'a>> {
        note.tags
            .iter()
            .map(|tag| {
                let slug = tag.slug();
                TagLink {
                    name: self.playbook.tag_label(lang, tag),
                    count: self.tags.get(slug).map_or(0, |(_, ids)| ids.len()),
                    href: from.href(&Route::Tag(lang, slug)),
                }
            })
            .collect()
    }

    /// Resolves a body's links for the page at `from` in `lang`.
    ///
    /// `body_lang` is the language the body is written in: another than
    /// `lang` on the page of a note `lang` lacks. Its links were checked in
    /// that language, so its files are that language's, and a section
    /// the target lacks in `lang` is linked in `body_lang`.
    pub(super) fn resolver(
        &self,
        lang: &'a Lang,
        body_lang: &'a Lang,
        from: Route<'a>,
    ) -> impl Fn(&LinkTarget) -> Option<Resolved> + 'a {
        let playbook = self.playbook;
        move |target| match target {
            LinkTarget::Note { id, anchor } => {
                let note = playbook.notes.get(id)?;
                let mut shown = playbook.shown_in(note, lang);
                if let Some(anchor) = anchor
                    && !shown.version.scan.has_anchor(anchor)
                    && let Some(written) = note.versions.get(body_lang)
                {
                    shown = Shown {
                        version: written,
                        path: &written.site_path,
                        foreign: body_lang != lang,
                    };
                }
                let version = shown.version;
                // A link within the page is just its fragment.
                let to = Route::Note(shown.path);
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
                    hreflang: shown.foreign.then(|| version.lang.to_string()),
                    title_lang: (&version.lang != lang).then(|| version.lang.to_string()),
                    size: None,
                })
            }
            LinkTarget::Asset(file) => Some(copied(
                playbook,
                from,
                &routes::language_file(body_lang, &file.path),
                &file.rest,
            )),
            LinkTarget::Shared(file) => Some(copied(playbook, from, &file.path, &file.rest)),
            _ => None,
        }
    }

    /// The site's address for absolute links: `site-url`, or `/`.
    pub(super) fn base_url(&self) -> &'a str {
        self.config.build.site_url.as_deref().unwrap_or("/")
    }
}

/// A link from `from` to a file the site copies, by its path in the site,
/// keeping the query and fragment as written, with the file's size when it
/// is an image.
fn copied(playbook: &Playbook, from: Route<'_>, site_path: &str, rest: &str) -> Resolved {
    let mut href = from.href(&Route::Copied(site_path));
    href.extend(utf8_percent_encode(rest, URL_REST));
    let size = playbook
        .assets
        .binary_search_by(|a| a.site_path.as_str().cmp(site_path))
        .ok()
        .and_then(|at| playbook.assets[at].size);
    Resolved {
        href,
        title: None,
        hreflang: None,
        title_lang: None,
        size,
    }
}

/// What a query or fragment cannot hold as written: controls, spaces,
/// quotes, angle brackets and backticks (non-ASCII is always encoded).
const URL_REST: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>').add(b'`');
