//! A language's home page: its intro, the strategy map and the lists.

use tera::Context;

use crate::ids::{Lang, NoteId};
use crate::markdown;
use crate::routes::{LinkFrom, Route};

use super::Site;
use super::views::*;

impl<'a> Site<'a> {
    pub(super) fn home(&self, lang: &'a Lang) -> tera::TeraResult<Context> {
        let from = Route::Home(lang);
        let intro = self.playbook.intros.get(lang);
        let intro_html = intro.map_or_else(String::new, |intro| {
            markdown::fill(
                &intro.scan.html,
                &self.render_options(lang, ""),
                &self.resolver(lang, lang, from),
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
                let count = self.tactic_count(lang, tactics.len());
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
}
