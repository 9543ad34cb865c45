//! A language's print page: the whole playbook on one page.

use std::collections::BTreeMap;

use rayon::prelude::*;
use tera::Context;

use crate::ids::{Lang, NoteId};
use crate::markdown::{self, LinkTarget, Resolved};
use crate::model::Note;
use crate::routes::{LinkFrom, Route, encode_fragment};

use super::Site;
use super::views::*;

impl<'a> Site<'a> {
    /// The print page's context, and about how many bytes the page takes.
    pub(super) fn print(&self, lang: &'a Lang) -> tera::TeraResult<(Context, usize)> {
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
                            title_lang: None,
                            size: None,
                        })
                    }
                    other => self.resolver(lang, lang, from)(other),
                };
                let content = markdown::fill(
                    &version.scan.html,
                    &self.render_options(lang, &prefix),
                    &resolve,
                );
                let governed_by = note
                    .strategy()
                    .and_then(|s| playbook.notes.get(s))
                    .map(|s| {
                        let shown = playbook.shown_in(s, lang);
                        let v = shown.version;
                        let other = (&v.lang != lang).then_some(v.lang.as_str());
                        Link {
                            title: &v.title,
                            href: match anchors.get(&s.id) {
                                Some(a) => format!("#{a}"),
                                None => from.href(&Route::Note(shown.path)),
                            },
                            lang: other,
                            hreflang: other.filter(|_| shown.foreign),
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
            hreflang: None,
        }];
        let layout = self.layout(
            lang,
            LinkFrom::Page(from),
            self.t(lang, "print-edition").to_string(),
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
}
