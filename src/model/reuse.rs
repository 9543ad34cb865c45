//! `serve`'s reuse of the last good build. After a save, most notes are
//! made from the very files they were made from before, and what the checks
//! reported on them is what they reported then. The session keeps a
//! [`Memo`] of the last good build beside its playbook and hands both back
//! to the next build, which makes and checks again only what the save can
//! have changed. A batch build (`build`, `check`) never comes here.
//!
//! The rules, each relied on below:
//! - The read cache gives every file read a larger [`Revision`] than any
//!   read before it, and a file whose stamp is unchanged keeps its read:
//!   a file with a revision above [`Memo::seen`] changed since.
//! - The last good build reported no errors, so the checks that only
//!   report errors (strategies, page paths, output collisions) find
//!   nothing while the outline is the same (see `same_outline`).
//! - A note made again keeps its `Arc` while its files are unchanged, a
//!   version its source and scan `Arc`s: `Arc::ptr_eq` on them says
//!   "unchanged", never "changed" when it was not.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use super::{Backlinks, Context, Linked, Note, Page, Playbook, Targets, Version, page_links};
use crate::content::{Revision, SourceNote, Sources};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ids::{Lang, NoteId, Tag};
use crate::markdown::{LinkTarget, Scan};

/// What the model's checks reported on the last good build, for the next.
#[derive(Clone, Debug, Default)]
pub struct Memo {
    /// Whether this memo was kept (a batch build keeps none).
    pub(super) remembered: bool,
    /// Whether drafts were built: the memo holds for that setting only.
    pub(super) drafts: bool,
    /// The largest revision of the files the playbook was made from.
    seen: Revision,
    /// How many note files it was made from (drafts left out included).
    files: usize,
    /// What making each note reported, for the notes (drafts left out
    /// included) that reported anything.
    pub(super) made: HashMap<NoteId, Diagnostics>,
    /// The files of the drafts left out of the build.
    drafts_left_out: BTreeSet<(Lang, NoteId)>,
    /// Whether tags shared a page (then that check runs again, for its
    /// spans).
    pub(super) tag_slugs: bool,
    /// What checking links reported, by file.
    pub(super) linked: Linked,
    /// Who links to whom, to find the pages a changed heading can break.
    pub(super) backlinks: Arc<Backlinks>,
    /// What the coverage check reported, by note.
    pub(super) covered: PerNote,
}

impl Memo {
    /// A memo for a build from `sources`, before any check filled it.
    pub(super) fn new(sources: &Sources, drafts: bool, remember: bool) -> Memo {
        let mut memo = Memo {
            remembered: remember,
            drafts,
            ..Memo::default()
        };
        if remember {
            memo.seen = sources.notes.iter().map(|n| n.revision).max().unwrap_or(0);
            memo.files = sources.notes.len();
        }
        memo
    }

    /// The files of the notes the build left out as drafts.
    pub(super) fn left_out<'a>(&mut self, files: impl Iterator<Item = &'a SourceNote>) {
        if self.remembered {
            self.drafts_left_out = files.map(|n| (n.lang, n.id.clone())).collect();
        }
    }
}

/// How a build may use the one before it.
#[derive(Clone, Copy, Default)]
pub struct Reuse<'a> {
    /// The last good build and its memo.
    pub previous: Option<(&'a Playbook, &'a Memo)>,
    /// Whether to return a memo for the next build.
    pub remember: bool,
}

/// What a check of one note at a time reported, for the notes it reported
/// anything on: a note made from the same files gets the same report.
#[derive(Clone, Debug, Default)]
pub struct PerNote(Arc<HashMap<NoteId, Vec<Diagnostic>>>);

impl PerNote {
    /// Runs `check` on every note of `playbook`, except, given `previous`
    /// (a build whose notes `check` would judge as it did then, and its
    /// record), the notes that are `previous`'s own: for those the record
    /// is reported again.
    pub fn check(
        previous: Option<(&Playbook, &PerNote)>,
        playbook: &Playbook,
        check: impl Fn(&Note) -> Vec<Diagnostic> + Sync,
        diags: &mut Diagnostics,
    ) -> PerNote {
        // Notes pair up in order while the ids are the same; a note that
        // is not its pair's very `Arc` is checked again, so a pairing
        // that is off only costs time.
        let previous = previous.filter(|(p, _)| p.notes.len() == playbook.notes.len());
        let found: Vec<(&NoteId, Vec<Diagnostic>)> = match previous {
            Some((p, record)) => playbook
                .notes
                .values()
                .zip(p.notes.values())
                .filter_map(|(note, was)| {
                    let out = if Arc::ptr_eq(note, was) {
                        if record.0.is_empty() {
                            return None;
                        }
                        record.0.get(&note.id).cloned().unwrap_or_default()
                    } else {
                        check(note)
                    };
                    (!out.is_empty()).then_some((&note.id, out))
                })
                .collect(),
            None => playbook
                .notes
                .values()
                .collect::<Vec<_>>()
                .par_iter()
                .map(|note| (&note.id, check(note)))
                .filter(|(_, out)| !out.is_empty())
                .collect(),
        };
        let mut record = HashMap::new();
        for (id, out) in found {
            diags.extend(out.iter().cloned());
            record.insert(id.clone(), out);
        }
        PerNote(Arc::new(record))
    }
}

/// What [`unchanged_notes`] keeps: the notes, the files left to make
/// notes from, and the drafts left out again.
type Kept = (
    BTreeMap<NoteId, Arc<Note>>,
    Vec<Arc<SourceNote>>,
    BTreeSet<NoteId>,
);

/// The notes of `previous` none of whose files changed, with what making
/// them reported (pushed to `diags` and recorded in `next`), and the files
/// of the other notes; `None` when a file is gone, which this cannot tell
/// apart cheaply.
pub(super) fn unchanged_notes(
    previous: &Playbook,
    memo: &Memo,
    sources: &[Arc<SourceNote>],
    diags: &mut Diagnostics,
    next: &mut Memo,
) -> Option<Kept> {
    // Every file read since `previous` has a larger revision. The others
    // were all among the files `previous` was made from; when they and
    // the files read again that `previous` had are as many as it had,
    // none is gone.
    let fresh: Vec<&SourceNote> = sources
        .iter()
        .filter(|n| n.revision > memo.seen)
        .map(Arc::as_ref)
        .collect();
    let had = |n: &SourceNote| {
        previous
            .notes
            .get(&n.id)
            .is_some_and(|note| note.versions.contains_key(&n.lang))
            || memo.drafts_left_out.contains(&(n.lang, n.id.clone()))
    };
    let again = fresh.iter().filter(|n| had(n)).count();
    if sources.len() - fresh.len() + again != memo.files {
        return None;
    }
    let fresh: BTreeSet<&NoteId> = fresh.iter().map(|n| &n.id).collect();
    let mut notes = previous.notes.clone();
    notes.retain(|id, _| !fresh.contains(id));
    let drafts: BTreeSet<NoteId> = memo
        .drafts_left_out
        .iter()
        .map(|(_, id)| id)
        .filter(|id| !fresh.contains(id))
        .cloned()
        .collect();
    for (id, local) in &memo.made {
        if notes.contains_key(id) || drafts.contains(id) {
            diags.absorb(local.clone());
            next.made.insert(id.clone(), local.clone());
        }
    }
    // A note is made from all its files: those of a note with a changed
    // file are all made again. The sources are sorted by language and id.
    let mut langs: Vec<_> = previous.languages.clone();
    langs.sort();
    let mut left = Vec::new();
    for lang in &langs {
        for id in &fresh {
            if let Ok(i) = sources.binary_search_by(|n| (&n.lang, &n.id).cmp(&(lang, *id))) {
                left.push(sources[i].clone());
            }
        }
    }
    Some((notes, left, drafts))
}

/// The notes a scan links to.
pub(super) fn linked_notes(scan: &Scan) -> impl Iterator<Item = &NoteId> {
    scan.links.iter().filter_map(|link| match &link.target {
        LinkTarget::Note { id, .. } => Some(id),
        _ => None,
    })
}

/// The link check of a build with the outline and the copied files of
/// `previous`: only the pages whose file changed, the pages that link to
/// a note whose body changed (a heading may be gone), and the intros are
/// checked; every other page reports what it did. `None` when so many
/// bodies changed (a checkout) that checking every page is cheaper.
pub(super) fn relink(
    playbook: &Playbook,
    previous: &Playbook,
    memo: &Memo,
    context: &Context<'_>,
    diags: &mut Diagnostics,
) -> Option<(Linked, Arc<Backlinks>)> {
    // The same outline: the notes and versions pair up in order.
    let mut check: Vec<&Version> = Vec::new();
    let mut rescanned: Vec<(&Version, &Version)> = Vec::new();
    for (now, was) in playbook.notes.values().zip(previous.notes.values()) {
        if Arc::ptr_eq(now, was) {
            continue;
        }
        for (v, w) in now.versions.values().zip(was.versions.values()) {
            if !Arc::ptr_eq(&v.source, &w.source) {
                check.push(v);
            }
            if !Arc::ptr_eq(&v.scan, &w.scan) {
                rescanned.push((v, w));
            }
        }
    }
    let pages = playbook.notes.len() * playbook.languages.len();
    if rescanned.len() > 16 || check.len() > pages / 4 + 16 {
        return None;
    }
    let mut changed_ids: Vec<&NoteId> = rescanned.iter().map(|(v, _)| &v.source.id).collect();
    changed_ids.dedup();
    for id in changed_ids {
        for (from, lang) in memo.backlinks.get(id).into_iter().flatten() {
            if let Some(v) = playbook.notes.get(from).and_then(|n| n.versions.get(lang)) {
                check.push(v);
            }
        }
    }
    check.sort_by_key(|v| *v as *const Version);
    check.dedup_by_key(|v| *v as *const Version);

    let targets = Targets::new(playbook, context, false);
    let mut linked = memo.linked.clone();
    let mut found: Vec<(&str, Vec<Diagnostic>)> = Vec::new();
    for v in &check {
        let page: Page<'_> = (&v.lang, &v.source.file, v.source.body_start, &v.scan);
        found.push((&v.source.file, page_links(&targets, page)));
    }
    for (lang, intro) in &playbook.intros {
        let page: Page<'_> = (
            lang,
            &intro.source.file,
            intro.source.body_start,
            &intro.scan,
        );
        found.push((&intro.source.file, page_links(&targets, page)));
    }
    for (file, out) in found {
        linked.remove(file);
        if !out.is_empty() {
            linked.insert(file.to_string(), out);
        }
    }
    for out in linked.values() {
        diags.extend(out.iter().cloned());
    }

    // Who links to whom changes only when a body's links to notes do.
    let mut backlinks = memo.backlinks.clone();
    for (v, w) in rescanned {
        let before: BTreeSet<&NoteId> = linked_notes(&w.scan).collect();
        let after: BTreeSet<&NoteId> = linked_notes(&v.scan).collect();
        if before == after {
            continue;
        }
        let page = (v.source.id.clone(), v.lang);
        let map = Arc::make_mut(&mut backlinks);
        for gone in before.difference(&after) {
            if let Some(from) = map.get_mut(*gone) {
                from.retain(|p| *p != page);
            }
        }
        for new in after.difference(&before) {
            map.entry((*new).clone()).or_default().push(page.clone());
        }
    }
    Some((linked, backlinks))
}

/// What changed between two builds whose notes, files and page paths are
/// the same: the pages to render again follow from it (see
/// `render::render_edited` and `render::render_listings`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Versions whose body changed.
    pub bodies: BTreeSet<(NoteId, Lang)>,
    /// Languages whose home page intro changed (title or body).
    pub intros: BTreeSet<Lang>,
    /// Notes whose front matter changed in any language.
    pub fronts: BTreeSet<NoteId>,
    /// The strategies and tactics next to a note of `fronts`, before or
    /// after the change: their pages show its title, summary and order.
    pub neighbours: BTreeSet<NoteId>,
    /// Slugs of the tags a note of `fronts` has, before or after: their
    /// pages list it.
    pub tags: BTreeSet<String>,
    /// Slugs of tags gained or lost by a note of `fronts`: every page that
    /// shows such a tag shows its note count.
    pub retagged: BTreeSet<String>,
}

impl Changes {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.bodies.is_empty() && self.intros.is_empty() && self.fronts.is_empty()
    }

    /// Adds the changes of `other`, so that the pages of both are rendered.
    pub fn merge(&mut self, other: Changes) {
        self.bodies.extend(other.bodies);
        self.intros.extend(other.intros);
        self.fronts.extend(other.fronts);
        self.neighbours.extend(other.neighbours);
        self.tags.extend(other.tags);
        self.retagged.extend(other.retagged);
    }
}

/// The changes from `old` to `new`, or `None` when the site's shape
/// changed (a note or version added, removed or moved to another file or
/// page path, a tag page added or removed, an asset): then any page may
/// differ and some may be gone.
pub fn changes(old: &Playbook, new: &Playbook) -> Option<Changes> {
    fn slugs(p: &Playbook) -> BTreeSet<&str> {
        p.tags.keys().map(Tag::slug).collect()
    }
    if old.languages != new.languages
        || old.print_parts != new.print_parts
        || old.default_language != new.default_language
        || old.assets != new.assets
        || old.notes.len() != new.notes.len()
        || !old.intros.keys().eq(new.intros.keys())
        || slugs(old) != slugs(new)
    {
        return None;
    }
    let mut changes = Changes::default();
    for ((id, before), (new_id, after)) in old.notes.iter().zip(&new.notes) {
        // A note made from the very same files is the same note, under
        // its own id: nothing of it changed.
        if Arc::ptr_eq(before, after) {
            continue;
        }
        if id != new_id || !before.versions.keys().eq(after.versions.keys()) {
            return None;
        }
        let mut front_changed = false;
        for (lang, was) in &before.versions {
            let now = &after.versions[lang];
            if Arc::ptr_eq(&was.source, &now.source) {
                continue;
            }
            if was.source.file != now.source.file || was.site_path != now.site_path {
                return None;
            }
            front_changed |= was.source.front() != now.source.front();
            if was.source.body() != now.source.body() {
                changes.bodies.insert((id.clone(), *lang));
            }
        }
        if front_changed || before.draft != after.draft {
            changes.fronts.insert(id.clone());
            for (playbook, note) in [(old, before), (new, after)] {
                changes.neighbours.extend(note.strategy().cloned());
                changes
                    .neighbours
                    .extend(playbook.tactics_of(id).iter().cloned());
                changes
                    .tags
                    .extend(note.tags.iter().map(|t| t.slug().to_string()));
            }
            for (playbook, note) in [(old, before), (new, after)] {
                for lang in &playbook.languages {
                    changes.neighbours.extend(beside(playbook, id, lang));
                }
                // The navigation beside each note lists the strategies
                // near it and its own strategy's tactics.
                match note.strategy() {
                    Some(strategy) => changes
                        .neighbours
                        .extend(playbook.tactics_of(strategy).iter().cloned()),
                    None => {
                        for lang in &playbook.languages {
                            changes.neighbours.extend(
                                playbook
                                    .listing_strategy(id, lang)
                                    .into_iter()
                                    .map(|n| n.id.clone()),
                            );
                        }
                    }
                }
            }
            let had: BTreeSet<&str> = before.tags.iter().map(Tag::slug).collect();
            let has: BTreeSet<&str> = after.tags.iter().map(Tag::slug).collect();
            changes
                .retagged
                .extend(had.symmetric_difference(&has).map(|s| s.to_string()));
        }
    }
    for (lang, before) in &old.intros {
        let after = &new.intros[lang];
        if before.source.front() != after.source.front()
            || before.source.body() != after.source.body()
        {
            changes.intros.insert(*lang);
        }
    }
    Some(changes)
}

/// The notes whose previous and next links change when `id` is retitled or
/// moves in a language's reading order: the notes beside it and, for a
/// strategy, the end of its block of tactics (which moves with it) and the
/// note after that.
fn beside(playbook: &Playbook, id: &NoteId, lang: &Lang) -> Vec<NoteId> {
    let (prev, next) = playbook.beside(id, lang);
    let mut near: Vec<&Note> = prev.into_iter().chain(next).collect();
    if let Some(end) = playbook
        .notes
        .get(id)
        .filter(|n| n.is_strategy())
        .and_then(|_| playbook.block_end(id, lang))
    {
        near.push(end);
        near.extend(playbook.beside(&end.id, lang).1);
    }
    near.into_iter().map(|n| n.id.clone()).collect()
}

/// Whether `playbook` has the notes of `previous` with the same roles,
/// tags, weights, languages, titles and page paths: then its reading
/// order, tactics, tags and coverage are those of `previous`.
pub(super) fn same_outline(previous: &Playbook, playbook: &Playbook) -> bool {
    previous.languages == playbook.languages
        && previous.default_language == playbook.default_language
        && previous.notes.len() == playbook.notes.len()
        && previous
            .notes
            .iter()
            .zip(&playbook.notes)
            .all(|((a_id, a), (b_id, b))| {
                Arc::ptr_eq(a, b)
                    || (a_id == b_id
                        && a.role == b.role
                        && a.tags == b.tags
                        && a.weight == b.weight
                        && a.versions.len() == b.versions.len()
                        && a.versions
                            .iter()
                            .zip(&b.versions)
                            .all(|((la, va), (lb, vb))| {
                                la == lb && va.title == vb.title && va.site_path == vb.site_path
                            }))
            })
}
