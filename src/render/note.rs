//! A note's page: a strategy with its tactics, or a tactic with its
//! strategy.

use tera::Context;

use crate::markdown;
use crate::model::{Note, Version};
use crate::routes::{LinkFrom, Route};

use super::Site;
use super::views::*;

impl<'a> Site<'a> {
    pub(super) fn note(&self, note: &'a Note, version: &'a Version) -> tera::TeraResult<Context> {
        let lang = &version.lang;
        let from = Route::Note(&version.site_path);
        let content = markdown::fill(
            &version.scan.html,
            &self.render_options(lang, ""),
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
}
