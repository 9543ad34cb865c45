//! For `serve`: the pages a change reaches, rendered without the rest
//! of the site.

use super::*;

/// Renders the pages of the notes a change edited, for `serve`: what the
/// author is looking at, found directly (the site may have tens of
/// thousands of pages), before anything that lists them.
pub fn render_edited(
    config: &Config,
    playbook: &Playbook,
    theme: &Theme,
    changes: &Changes,
    diags: &mut Diagnostics,
) -> Vec<RenderedPage> {
    let site = Site::new(config, playbook, theme);
    let mut jobs: Vec<Job<'_>> = Vec::new();
    for (id, lang) in &changes.bodies {
        if let Some((note, (lang, _))) = playbook
            .notes
            .get(id)
            .and_then(|note| Some((note, note.versions.get_key_value(lang)?)))
            && !changes.fronts.contains(id)
        {
            jobs.push(Job::Note(note, lang));
        }
    }
    // The pages that show an edited body in a language that lacks the note.
    for (id, edited) in &changes.bodies {
        if let Some(note) = playbook.notes.get(id)
            && !changes.fronts.contains(id)
        {
            jobs.extend(
                playbook
                    .fallbacks_of(note)
                    .filter(|(lang, _)| playbook.version_for(note, lang).lang == *edited)
                    .map(|(lang, path)| Job::Fallback(note, lang, path)),
            );
        }
    }
    for note in changes
        .fronts
        .iter()
        .filter_map(|id| playbook.notes.get(id))
    {
        jobs.extend(note.versions.keys().map(|lang| Job::Note(note, lang)));
        jobs.extend(
            playbook
                .fallbacks_of(note)
                .map(|(lang, path)| Job::Fallback(note, lang, path)),
        );
    }
    let pages = Collect::default();
    site.render_all(&jobs, &pages, diags);
    pages.into_pages()
}

/// Renders the pages that show something of a change's notes, for `serve`:
/// the pages listing them with title and summary (their strategy or
/// tactics, their tag pages, the home pages), the notes that link to a note
/// whose title changed, the print pages and search indexes of the languages
/// they are in, and the translations page. Every other page is as the
/// previous build rendered it. `None` when `stop` was set before the pages
/// were done.
pub fn render_listings(
    config: &Config,
    playbook: &Playbook,
    theme: &Theme,
    changes: &Changes,
    stop: &AtomicBool,
    diags: &mut Diagnostics,
) -> Option<Vec<RenderedPage>> {
    if changes.is_empty() {
        return Some(Vec::new());
    }
    let mut site = Site::new(config, playbook, theme);
    site.stop = Some(stop);
    let affected = Affected::of(playbook, changes);
    let jobs: Vec<Job<'_>> = site
        .jobs()
        .into_iter()
        .filter(|job| match job {
            Job::Note(note, lang) => !affected.edited(note, lang) && affected.listing(note),
            Job::Fallback(note, lang, _) => {
                !affected.edited(note, &playbook.version_for(note, lang).lang)
                    && affected.listing(note)
            }
            Job::Page(Route::Home(_)) => true,
            // It lists every strategy's title, id and file.
            Job::Page(Route::Editors(_)) => !changes.fronts.is_empty(),
            Job::Page(Route::Translations(_)) => {
                !changes.bodies.is_empty() || !changes.fronts.is_empty()
            }
            Job::Page(Route::Print(lang) | Route::PrintPart(lang, _)) => {
                affected.languages.contains(lang)
            }
            Job::Page(Route::Tag(_, slug)) => affected.tags.contains(*slug),
            Job::Page(Route::TagIndex(_)) => !changes.fronts.is_empty(),
            Job::Page(_) => false,
        })
        .collect();
    let indexes: Vec<&Lang> = affected.languages.iter().copied().collect();
    let mut local = Diagnostics::new();
    let pages = Collect::default();
    site.render_with_indexes(&jobs, &indexes, &pages, &mut local);
    if site.stopped() {
        return None;
    }
    diags.absorb(local);
    Some(pages.into_pages())
}

/// The pages a change reaches, worked out from what each page's context
/// holds of other notes.
struct Affected<'a> {
    changes: &'a Changes,
    /// Notes whose pages show a changed note's title, summary or place in
    /// a list, or a changed tag count.
    listing: BTreeSet<&'a NoteId>,
    /// Tag pages that list a changed note.
    tags: BTreeSet<String>,
    /// Languages whose print page and search index show a changed note.
    languages: BTreeSet<&'a Lang>,
}

impl<'a> Affected<'a> {
    fn of(playbook: &'a Playbook, changes: &'a Changes) -> Affected<'a> {
        let mut listing: BTreeSet<&NoteId> = changes.neighbours.iter().collect();
        let mut tags = changes.tags.clone();
        let mut languages: BTreeSet<&Lang> = changes.intros.iter().collect();
        for (id, lang) in &changes.bodies {
            languages.insert(lang);
            if let Some(note) = playbook.notes.get(id) {
                listing.extend(note.strategy());
                listing.extend(playbook.tactics_of(id));
                tags.extend(note.tags.iter().map(|t| t.slug().to_string()));
            }
        }
        if !changes.fronts.is_empty() {
            for note in playbook.notes.values() {
                let links_to_changed = note.versions.values().any(|v| {
                    v.scan.links.iter().any(|link| {
                        matches!(&link.target, LinkTarget::Note { id, .. }
                            if id != &note.id && changes.fronts.contains(id))
                    })
                });
                let shows_changed_count = note
                    .tags
                    .iter()
                    .any(|tag| changes.retagged.contains(tag.slug()));
                if links_to_changed || shows_changed_count {
                    listing.insert(&note.id);
                }
                if links_to_changed
                    || changes.fronts.contains(&note.id)
                    || changes.neighbours.contains(&note.id)
                {
                    languages.extend(note.versions.keys());
                }
            }
        }
        Affected {
            changes,
            listing,
            tags,
            languages,
        }
    }

    /// Whether the page of `note` in `lang` is one the author changed.
    fn edited(&self, note: &Note, lang: &Lang) -> bool {
        self.changes.fronts.contains(&note.id)
            || self.changes.bodies.contains(&(note.id.clone(), *lang))
    }

    /// Whether the pages of `note` show something that changed.
    fn listing(&self, note: &Note) -> bool {
        self.listing.contains(&note.id)
    }
}
