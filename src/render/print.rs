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
        let present: Vec<&Note> = playbook
            .reading_order(lang)
            .filter(|n| n.versions.contains_key(lang))
            .collect();
        let anchors: BTreeMap<&NoteId, String> = present
            .iter()
            .enumerate()
            .map(|(i, n)| (&n.id, format!("n{}", i + 1)))
            .collect();
        let numbers = numbers(&present);
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
                let resolve = self.print_resolver(lang, &anchors);
                let content = markdown::fill(
                    &version.scan.html,
                    &self.render_options(lang, &prefix),
                    &resolve,
                );
                let governed_by = note
                    .strategy()
                    .and_then(|s| playbook.notes.get(s))
                    .map(|s| match anchors.get(&s.id) {
                        // Printed here: its section.
                        Some(a) => Link {
                            href: format!("#{a}"),
                            ..self.link(s, lang, &from)
                        },
                        None => self.link(s, lang, &from),
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
                    number: &numbers[&note.id],
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
        let intro = playbook.intros.get(lang);
        let intro_html = intro.map_or_else(String::new, |intro| {
            markdown::fill(
                &intro.scan.html,
                &self.render_options(lang, "intro-"),
                &self.print_resolver(lang, &anchors),
            )
        });
        let mut contents: Vec<ContentsEntry> = Vec::new();
        for note in &present {
            let entry = ContentsEntry {
                number: &numbers[&note.id],
                title: &note.versions[lang].title,
                anchor: anchors[&note.id].clone(),
                tactics: Vec::new(),
            };
            match contents.last_mut() {
                Some(last) if !note.is_strategy() && numbers[&note.id].contains('.') => {
                    last.tactics.push(entry)
                }
                _ => contents.push(entry),
            }
        }
        let mut context = Context::from_serialize(&PrintPage {
            layout,
            intro_title: intro.and_then(|i| i.title.as_deref()),
            intro: intro_html,
            contents,
        })?;
        let sections: Vec<tera::Value> = sections.into_iter().map(|(value, _)| value).collect();
        context.insert_value("sections", tera::Value::from(sections));
        Ok((context, size))
    }
}

impl<'a> Site<'a> {
    /// Resolves a body's links on the print page: a note printed there is
    /// its section (`#n3`, `#n3-steps`), anything else as on other pages.
    fn print_resolver<'b>(
        &'b self,
        lang: &'a Lang,
        anchors: &'b BTreeMap<&'a NoteId, String>,
    ) -> impl Fn(&LinkTarget) -> Option<Resolved> + 'b {
        let playbook = self.playbook;
        let from = Route::Print(lang);
        let others = self.resolver(lang, lang, from);
        move |target| match target {
            LinkTarget::Note {
                id,
                anchor: heading,
            } if anchors.contains_key(id) => {
                let section = &anchors[id];
                let target_version = &playbook.notes[id].versions[lang];
                Some(Resolved {
                    href: match heading {
                        Some(h) => format!("#{section}-{}", encode_fragment(h)),
                        None => format!("#{section}"),
                    },
                    title: Some(target_version.title.clone()),
                    hreflang: None,
                    title_lang: None,
                    size: None,
                })
            }
            other => others(other),
        }
    }
}

/// Section numbers in reading order: `1` for a strategy, `1.2` for its
/// second tactic; a tactic whose strategy is not printed counts as a
/// strategy would.
fn numbers<'n>(present: &[&'n Note]) -> BTreeMap<&'n NoteId, String> {
    let mut out = BTreeMap::new();
    let (mut top, mut sub) = (0, 0);
    let mut current: Option<&NoteId> = None;
    for note in present {
        let number = match note.strategy() {
            Some(strategy) if current == Some(strategy) => {
                sub += 1;
                format!("{top}.{sub}")
            }
            _ => {
                top += 1;
                sub = 0;
                current = note.is_strategy().then_some(&note.id);
                top.to_string()
            }
        };
        out.insert(&note.id, number);
    }
    out
}
