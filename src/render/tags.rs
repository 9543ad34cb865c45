//! The tag index and each tag's page.

use tera::Context;

use crate::ids::Lang;
use crate::routes::{LinkFrom, Route};

use super::Site;
use super::views::*;

impl<'a> Site<'a> {
    pub(super) fn tag_index(&self, lang: &'a Lang) -> tera::TeraResult<Context> {
        let from = Route::TagIndex(lang);
        let mut tags: Vec<TagLink> = self
            .tags
            .iter()
            .map(|(slug, (tag, ids))| TagLink {
                name: self.playbook.tag_label(lang, tag),
                href: from.href(&Route::Tag(lang, slug)),
                count: ids.len(),
            })
            .collect();
        // In the reader's alphabet: labels sort apart from their slugs.
        tags.sort_by_cached_key(|t| t.name.to_lowercase());
        let breadcrumb = vec![Link {
            title: self.t(lang, "home"),
            href: from.href(&Route::Home(lang)),
            lang: None,
            hreflang: None,
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

    pub(super) fn tag(&self, lang: &'a Lang, slug: &'a str) -> tera::TeraResult<Context> {
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
                hreflang: None,
            },
            Link {
                title: self.t(lang, "tags"),
                href: from.href(&Route::TagIndex(lang)),
                lang: None,
                hreflang: None,
            },
        ];
        let layout = self.layout(
            lang,
            LinkFrom::Page(from),
            format!(
                "{}: {}",
                self.t(lang, "tag"),
                self.playbook.tag_label(lang, tag)
            ),
            |l| from.in_language(l),
            breadcrumb,
        );
        Context::from_serialize(&TagPage {
            layout,
            tag: self.playbook.tag_label(lang, tag),
            notes,
        })
    }
}
