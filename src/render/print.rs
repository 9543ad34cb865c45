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
    /// The print page's context, and about how many bytes the page takes:
    /// the intro, the map, the contents and every note of `lang`.
    pub(super) fn print(&self, lang: &'a Lang) -> tera::TeraResult<(Context, usize)> {
        let from = Route::Print(lang);
        let present = self.printed(lang);
        let edition = self.edition(lang, from, &present)?;
        let intro = self.playbook.intros.get(lang);
        let intro_html = intro.map_or_else(String::new, |intro| {
            markdown::fill(
                &intro.scan.html,
                &self.render_options(lang, "intro-"),
                &self.print_resolver(lang, from, &edition.anchors),
            )
        });
        let map = self.print_map(lang, &present, &edition.anchors);
        let layout = self.print_layout(lang);
        let mut context = Context::from_serialize(&PrintPage {
            layout,
            title: self.config.title_in(lang),
            intro_title: intro.and_then(|i| i.title.as_deref()),
            intro: intro_html,
            has_empty: map.iter().any(|e| e.empty),
            map,
            contents: edition.contents,
        })?;
        context.insert_value("sections", tera::Value::from(edition.sections));
        Ok((context, edition.size))
    }

    /// One strategy's print edition, for a language whose whole playbook
    /// is too large for one page: the strategy and its tactics.
    pub(super) fn print_part(
        &self,
        lang: &'a Lang,
        id: &'a str,
    ) -> tera::TeraResult<(Context, usize)> {
        let from = Route::PrintPart(lang, id);
        let playbook = self.playbook;
        let part: Vec<&Note> = playbook
            .notes
            .get_key_value(id)
            .map(|(id, strategy)| {
                let mut part = vec![strategy.as_ref()];
                part.extend(playbook.sorted(lang, playbook.tactics_of(id)));
                part
            })
            .unwrap_or_default()
            .into_iter()
            .filter(|n| n.versions.contains_key(lang))
            .collect();
        let edition = self.edition(lang, from, &part)?;
        let title = part.first().map_or(id, |s| s.versions[lang].title.as_str());
        let layout = self.layout(
            lang,
            LinkFrom::Page(from),
            format!("{} · {title}", self.t(lang, "print-edition")),
            |_| None,
            self.print_breadcrumb(lang, from),
        );
        let mut context = Context::from_serialize(&PrintPage {
            layout,
            title,
            intro_title: None,
            intro: String::new(),
            map: Vec::new(),
            has_empty: false,
            contents: edition.contents,
        })?;
        context.insert_value("sections", tera::Value::from(edition.sections));
        Ok((context, edition.size))
    }

    /// The print index of a language whose playbook is printed by
    /// strategy: each strategy's edition, and why there is no single one.
    pub(super) fn print_index(&self, lang: &'a Lang) -> tera::TeraResult<Context> {
        let from = Route::Print(lang);
        let present = self.printed(lang);
        let numbers = self.print_numbers(lang);
        let parts = present
            .iter()
            .filter(|n| n.is_strategy())
            .map(|n| PrintPartLink {
                number: &numbers[&n.id],
                title: &n.versions[lang].title,
                href: from.href(&Route::PrintPart(lang, n.id.as_str())),
                tactics: self.playbook.tactics_of(&n.id).len(),
            })
            .collect();
        let layout = self.print_layout(lang);
        Context::from_serialize(&PrintIndexPage {
            layout,
            title: self.config.title_in(lang),
            parts,
        })
    }

    /// The section numbers of `lang`'s print edition, made once for the
    /// whole page or for all its parts.
    fn print_numbers(&self, lang: &Lang) -> &BTreeMap<NoteId, String> {
        self.print_numbers[lang].get_or_init(|| numbers(&self.printed(lang)))
    }

    /// The notes a print edition of `lang` holds: those written in it, in
    /// reading order.
    fn printed(&self, lang: &Lang) -> Vec<&'a Note> {
        self.playbook
            .reading_order(lang)
            .filter(|n| n.versions.contains_key(lang))
            .collect()
    }

    /// The layout of `/<lang>/print/`, whole page or index.
    fn print_layout(&self, lang: &'a Lang) -> Layout<'a> {
        let from = Route::Print(lang);
        self.layout(
            lang,
            LinkFrom::Page(from),
            self.t(lang, "print-edition").to_string(),
            |l| Some(Route::Print(l)),
            self.print_breadcrumb(lang, from),
        )
    }

    fn print_breadcrumb(&self, lang: &'a Lang, from: Route<'_>) -> Vec<Link<'a>> {
        vec![Link {
            title: self.t(lang, "home"),
            href: from.href(&Route::Home(lang)),
            lang: None,
            hreflang: None,
        }]
    }

    /// The sections and contents of the notes `shown`, numbered as in
    /// the whole edition.
    fn edition(
        &self,
        lang: &'a Lang,
        from: Route<'a>,
        shown: &[&'a Note],
    ) -> tera::TeraResult<Edition<'a>> {
        let playbook = self.playbook;
        let numbers = self.print_numbers(lang);
        let anchors: BTreeMap<&NoteId, String> = shown
            .iter()
            .map(|n| (&n.id, format!("n{}", numbers[&n.id].replace('.', "-"))))
            .collect();
        // Sections are independent; at thousands of notes this one page
        // would otherwise be the last job of the build. Each becomes a
        // template value at once, so its HTML is never held twice.
        let sections: Vec<(tera::Value, usize)> = shown
            .par_iter()
            .filter(|_| !self.stopped())
            .map(|note| {
                let version = &note.versions[lang];
                let anchor = anchors[&note.id].clone();
                let prefix = format!("{anchor}-");
                let resolve = self.print_resolver(lang, from, &anchors);
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
        let mut contents: Vec<ContentsEntry> = Vec::new();
        for note in shown {
            let number = numbers[&note.id].clone();
            let nested = !note.is_strategy() && number.contains('.');
            let entry = ContentsEntry {
                number,
                title: &note.versions[lang].title,
                anchor: anchors[&note.id].clone(),
                tactics: Vec::new(),
            };
            match contents.last_mut() {
                Some(last) if nested => last.tactics.push(entry),
                _ => contents.push(entry),
            }
        }
        Ok(Edition {
            sections: sections.into_iter().map(|(value, _)| value).collect(),
            size,
            anchors,
            contents,
        })
    }

    /// The strategy map for the print page: each strategy and its tactics,
    /// linked to their sections.
    fn print_map(
        &self,
        lang: &'a Lang,
        present: &[&'a Note],
        anchors: &BTreeMap<&NoteId, String>,
    ) -> Vec<MapEntry<'a>> {
        let from = Route::Print(lang);
        let link = |n: &'a Note| NoteLink {
            href: format!("#{}", anchors[&n.id]),
            ..self.note_link(n, lang, &from)
        };
        let mut map: Vec<MapEntry> = Vec::new();
        for note in present {
            match map.last_mut() {
                Some(entry) if note.strategy().is_some() => entry.tactics.push(link(note)),
                _ if note.is_strategy() => map.push(MapEntry {
                    strategy: link(note),
                    tactics: Vec::new(),
                    count: String::new(),
                    empty: false,
                }),
                _ => {}
            }
        }
        for entry in &mut map {
            entry.empty = entry.tactics.is_empty();
            entry.count = self.tactic_count(lang, entry.tactics.len());
        }
        map
    }
}

/// A print edition's parts, made once for the notes it shows.
struct Edition<'a> {
    sections: Vec<tera::Value>,
    size: usize,
    anchors: BTreeMap<&'a NoteId, String>,
    contents: Vec<ContentsEntry<'a>>,
}

impl<'a> Site<'a> {
    /// Resolves a body's links on the print page: a note printed there is
    /// its section (`#n3`, `#n3-steps`), anything else as on other pages.
    fn print_resolver<'b>(
        &'b self,
        lang: &'a Lang,
        from: Route<'a>,
        anchors: &'b BTreeMap<&'a NoteId, String>,
    ) -> impl Fn(&LinkTarget) -> Option<Resolved> + 'b {
        let playbook = self.playbook;
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
fn numbers(present: &[&Note]) -> BTreeMap<NoteId, String> {
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
        out.insert(note.id.clone(), number);
    }
    out
}
