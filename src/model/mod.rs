//! Stage 3: the typed playbook. Source notes become [`Note`]s that are
//! either strategies or tactics, grouped with their translations; every
//! rule that relates notes to each other is checked here, and only here.
//!
//! Input: [`Config`] and [`Sources`]. Output: [`Playbook`]. Every problem is
//! pushed to the diagnostics; what is broken is left out and the rest goes on,
//! so one run reports all problems.
//!
//! `serve`'s reuse of the last good build (which notes to make again, which
//! checks to skip, what changed for the renderer) lives in `reuse`, so that
//! the batch path here reads without it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::codes;
use crate::config::Config;
use crate::content::{Asset, SourceIntro, SourceNote, Sources};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::history::Date;
use crate::ids::{Lang, NoteId, Slug, Tag};
use crate::markdown::{self, LinkTarget, Scan};
use crate::routes::Route;
use crate::toml_fields::{At, Entry, closest};

mod reuse;

pub use reuse::{Changes, Memo, PerNote, Reuse, changes};

/// The role tag of a strategy.
pub const UPSTREAM: &str = "upstream";
/// The role tag of a tactic.
pub const DOWNSTREAM: &str = "downstream";

/// What a note is in the playbook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// An upstream note: a decision that tactics serve.
    Strategy,
    /// A downstream note, governed by one strategy.
    Tactic {
        /// The strategy it serves; always the id of a [`Role::Strategy`] note.
        strategy: NoteId,
    },
}

/// A note in every language it is written in.
#[derive(Clone, Debug)]
pub struct Note {
    /// Its id, shared by its translations.
    pub id: NoteId,
    /// Strategy or tactic.
    pub role: Role,
    /// Topic tags, without the role tag.
    pub tags: Vec<Tag>,
    /// Lower first.
    pub weight: i64,
    /// Whether the note is a draft (only present with `--drafts`).
    pub draft: bool,
    /// Its versions, by language.
    pub versions: BTreeMap<Lang, Version>,
}

impl Note {
    /// Whether this note is a strategy.
    pub fn is_strategy(&self) -> bool {
        self.role == Role::Strategy
    }

    /// The strategy a tactic serves.
    pub fn strategy(&self) -> Option<&NoteId> {
        match &self.role {
            Role::Strategy => None,
            Role::Tactic { strategy } => Some(strategy),
        }
    }
}

/// One language's version of a note.
#[derive(Clone, Debug)]
pub struct Version {
    /// Its language.
    pub lang: Lang,
    /// `title`.
    pub title: String,
    /// `summary`, else the first paragraph.
    pub summary: String,
    /// Whether `summary` was written in front matter (a derived summary
    /// repeats the page's first paragraph, so the page does not show it).
    pub summary_explicit: bool,
    /// `metrics`.
    pub metrics: Vec<String>,
    /// `owner`.
    pub owner: Option<String>,
    /// `translated-from`.
    pub translated_from: Option<String>,
    /// The page's folder below the site root, ending in `/`
    /// (`de/channels/linkedin-anzeigen/`).
    pub site_path: String,
    /// The note's folder below its language folder (for relative links).
    pub dir: String,
    /// The file it was read from.
    pub source: Arc<SourceNote>,
    /// Headings, links and HTML of its body (shared with the next build
    /// while the body is unchanged).
    pub scan: Arc<Scan>,
    /// [`content::body_hash`](crate::content::body_hash) of its body, made when first asked for:
    /// only default-language versions ever are.
    body_hash: OnceLock<Arc<str>>,
}

impl Version {
    /// [`content::body_hash`](crate::content::body_hash) of its body.
    pub fn body_hash(&self) -> &str {
        self.body_hash
            .get_or_init(|| Arc::from(crate::content::body_hash(self.source.body())))
    }
}

/// A language's home page intro.
#[derive(Clone, Debug)]
pub struct Intro {
    /// The optional title.
    pub title: Option<String>,
    /// The file.
    pub source: SourceIntro,
    /// Headings and links of its body.
    pub scan: Scan,
}

/// The whole checked playbook.
#[derive(Clone, Debug)]
pub struct Playbook {
    /// Every language, the default first.
    pub languages: Vec<Lang>,
    /// The language translations are compared with.
    pub default_language: Lang,
    /// Every note by id.
    pub notes: BTreeMap<NoteId, Arc<Note>>,
    /// Intros by language.
    pub intros: BTreeMap<Lang, Intro>,
    /// Files copied as they are.
    pub assets: Vec<Asset>,
    /// The day each file last changed in git, by its path from the root.
    pub last_commits: Arc<HashMap<String, Date>>,
    /// For each language, each note's place in reading order.
    order: Arc<BTreeMap<Lang, HashMap<NoteId, usize>>>,
    tactics: Arc<BTreeMap<NoteId, Vec<NoteId>>>,
    tags: Arc<BTreeMap<Tag, Vec<NoteId>>>,
    coverage: Arc<Vec<LanguageCoverage>>,
    /// Per language, the page path of each note it lacks: there its
    /// readers see the note in another language inside their own site.
    fallbacks: Arc<BTreeMap<Lang, HashMap<NoteId, String>>>,
    /// Per language, the reading order: each strategy, then its tactics.
    reading: Arc<BTreeMap<Lang, Reading>>,
    /// Per language, topic tags' names by slug (`[languages.de.tags]`).
    tag_labels: Arc<BTreeMap<Lang, HashMap<String, String>>>,
    /// The languages whose print edition is one per strategy.
    print_parts: Arc<BTreeSet<Lang>>,
}

/// About how large a print page may grow before each strategy gets a print
/// edition of its own: a page of 60 MB is more than a browser opens
/// comfortably, let alone prints.
pub const PRINT_PAGE_LIMIT: usize = 5 * 1024 * 1024;

/// A language's notes in reading order, and where each is.
#[derive(Debug, Default)]
struct Reading {
    notes: Vec<NoteId>,
    places: HashMap<NoteId, usize>,
    /// The places of the strategies in `notes`, in order.
    strategies: Vec<usize>,
}

/// How many strategies the navigation beside a note lists at most: all
/// of them up to this many, else this many around the note's own. A page
/// of a playbook with a thousand strategies would otherwise carry a
/// thousand links.
pub const NEARBY_STRATEGIES: usize = 20;

/// The strategies the navigation beside a note lists.
#[derive(Debug)]
pub struct Nearby<'a> {
    /// In reading order.
    pub strategies: Vec<&'a Note>,
    /// Whether strategies before these are left out.
    pub more_before: bool,
    /// Whether strategies after these are left out.
    pub more_after: bool,
}

/// How the readers of one language reach a note.
#[derive(Clone, Copy, Debug)]
pub struct Shown<'a> {
    /// The version they read (their own, or the one a missing translation
    /// falls back to).
    pub version: &'a Version,
    /// The page it is on.
    pub path: &'a str,
    /// Whether that page belongs to another language's site (a missing
    /// translation whose path in this language is taken by another page).
    pub foreign: bool,
}

impl Playbook {
    /// The strategies, in no particular order; see [`Playbook::sorted`].
    pub fn strategies(&self) -> impl Iterator<Item = &Note> {
        self.notes
            .values()
            .map(Arc::as_ref)
            .filter(|n| n.is_strategy())
    }

    /// The tactics a strategy governs.
    pub fn tactics_of(&self, strategy: &NoteId) -> &[NoteId] {
        self.tactics.get(strategy).map_or(&[], |v| v.as_slice())
    }

    /// Topic tags and their notes.
    pub fn tags(&self) -> &BTreeMap<Tag, Vec<NoteId>> {
        &self.tags
    }

    /// Notes in reading order for a language: weight, then title in that
    /// language, then id.
    pub fn sorted<'a>(
        &'a self,
        lang: &Lang,
        ids: impl IntoIterator<Item = &'a NoteId>,
    ) -> Vec<&'a Note> {
        let order = &self.order[lang];
        let mut notes: Vec<&Note> = ids
            .into_iter()
            .filter_map(|id| self.notes.get(id).map(Arc::as_ref))
            .collect();
        notes.sort_by_key(|n| order.get(&n.id).copied().unwrap_or(usize::MAX));
        notes
    }

    /// A language's notes in reading order: each strategy, then the
    /// tactics it governs (the order of the print edition and of the
    /// previous and next links).
    pub fn reading_order(&self, lang: &Lang) -> impl Iterator<Item = &Note> {
        self.reading
            .get(lang)
            .into_iter()
            .flat_map(|r| &r.notes)
            .filter_map(|id| self.notes.get(id).map(Arc::as_ref))
    }

    /// The notes before and after `id` in `lang`'s reading order.
    pub fn beside(&self, id: &NoteId, lang: &Lang) -> (Option<&Note>, Option<&Note>) {
        let Some((reading, &at)) = self
            .reading
            .get(lang)
            .and_then(|r| Some((r, r.places.get(id)?)))
        else {
            return (None, None);
        };
        let note = |i: usize| reading.notes.get(i).and_then(|id| self.notes.get(id));
        (
            at.checked_sub(1).and_then(note).map(Arc::as_ref),
            note(at + 1).map(Arc::as_ref),
        )
    }

    /// Whether `lang`'s print edition is one page per strategy (with an
    /// index page) rather than one page: see [`PRINT_PAGE_LIMIT`].
    pub fn print_in_parts(&self, lang: &Lang) -> bool {
        self.print_parts.contains(lang)
    }

    /// The strategies listed beside `id` in `lang`: all, or the
    /// [`NEARBY_STRATEGIES`] around its own (itself, or its strategy).
    pub fn nearby(&self, id: &NoteId, lang: &Lang) -> Nearby<'_> {
        let empty = Nearby {
            strategies: Vec::new(),
            more_before: false,
            more_after: false,
        };
        let Some(reading) = self.reading.get(lang) else {
            return empty;
        };
        let own = self
            .notes
            .get(id)
            .and_then(|n| {
                if n.is_strategy() {
                    Some(&n.id)
                } else {
                    n.strategy()
                }
            })
            .and_then(|s| reading.places.get(s))
            .and_then(|at| reading.strategies.binary_search(at).ok());
        let Some(own) = own else {
            return empty;
        };
        let all = reading.strategies.len();
        let start = own
            .saturating_sub(NEARBY_STRATEGIES / 2)
            .min(all.saturating_sub(NEARBY_STRATEGIES));
        let end = (start + NEARBY_STRATEGIES).min(all);
        Nearby {
            strategies: reading.strategies[start..end]
                .iter()
                .filter_map(|&at| self.notes.get(&reading.notes[at]).map(Arc::as_ref))
                .collect(),
            more_before: start > 0,
            more_after: end < all,
        }
    }

    /// The notes whose navigation lists the strategy `id` in `lang`: the
    /// strategies near it and their tactics.
    pub fn listing_strategy(&self, id: &NoteId, lang: &Lang) -> Vec<&Note> {
        let Some(reading) = self.reading.get(lang) else {
            return Vec::new();
        };
        let Some(own) = reading
            .places
            .get(id)
            .and_then(|at| reading.strategies.binary_search(at).ok())
        else {
            return Vec::new();
        };
        let all = reading.strategies.len();
        // A strategy lists its window; the window of every strategy at
        // most this far away may hold `id`.
        let reach = own.saturating_sub(NEARBY_STRATEGIES)..(own + NEARBY_STRATEGIES + 1).min(all);
        let from = reading.strategies[reach.start];
        let to = reading
            .strategies
            .get(reach.end)
            .copied()
            .unwrap_or(reading.notes.len());
        reading.notes[from..to]
            .iter()
            .filter_map(|id| self.notes.get(id).map(Arc::as_ref))
            .collect()
    }

    /// The last note of the block a strategy starts in `lang`'s reading
    /// order (its last tactic, or itself).
    pub fn block_end(&self, id: &NoteId, lang: &Lang) -> Option<&Note> {
        let reading = self.reading.get(lang)?;
        let &at = reading.places.get(id)?;
        let is_strategy = |id: &NoteId| self.notes.get(id).is_some_and(|n| n.is_strategy());
        let end = reading.notes[at + 1..]
            .iter()
            .position(is_strategy)
            .map_or(reading.notes.len() - 1, |k| at + k);
        self.notes.get(&reading.notes[end]).map(Arc::as_ref)
    }

    /// The version to show for a note on a page in `lang`: that language's,
    /// else the default language's, else the first language that has it.
    pub fn version_for<'a>(&self, note: &'a Note, lang: &Lang) -> &'a Version {
        note.versions
            .get(lang)
            .or_else(|| note.versions.get(&self.default_language))
            .or_else(|| self.languages.iter().find_map(|l| note.versions.get(l)))
            .expect("a note has at least one version")
    }
}

impl Playbook {
    /// Where readers of `lang` reach `note`, and what they read there.
    pub fn shown_in<'a>(&'a self, note: &'a Note, lang: &Lang) -> Shown<'a> {
        let version = self.version_for(note, lang);
        if &version.lang == lang {
            return Shown {
                version,
                path: &version.site_path,
                foreign: false,
            };
        }
        match self.fallback(note, lang) {
            Some(path) => Shown {
                version,
                path,
                foreign: false,
            },
            None => Shown {
                version,
                path: &version.site_path,
                foreign: true,
            },
        }
    }

    /// The page in `lang`'s site showing `note`, which that language lacks.
    pub fn fallback(&self, note: &Note, lang: &Lang) -> Option<&str> {
        self.fallbacks.get(lang)?.get(&note.id).map(String::as_str)
    }

    /// The languages whose sites show `note` on a page of its own though
    /// they lack it, with that page's path.
    pub fn fallbacks_of<'a>(&'a self, note: &'a Note) -> impl Iterator<Item = (&'a Lang, &'a str)> {
        self.fallbacks
            .iter()
            .filter_map(|(lang, paths)| Some((lang, paths.get(&note.id)?.as_str())))
    }
}

impl Playbook {
    /// A topic tag's name on the pages of `lang`: its label there, or the
    /// tag as the notes write it.
    pub fn tag_label<'a>(&'a self, lang: &Lang, tag: &'a Tag) -> &'a str {
        self.tag_labels
            .get(lang)
            .and_then(|labels| labels.get(tag.slug()))
            .map_or(tag.as_str(), String::as_str)
    }
}

/// The languages whose notes' bodies come to more than
/// [`PRINT_PAGE_LIMIT`].
fn print_parts(playbook: &Playbook) -> BTreeSet<Lang> {
    playbook
        .languages
        .iter()
        .filter(|lang| {
            let size: usize = playbook
                .notes
                .values()
                .filter_map(|n| n.versions.get(*lang))
                .map(|v| v.scan.html.len() + 1024)
                .sum();
            size > PRINT_PAGE_LIMIT
        })
        .copied()
        .collect()
}

/// `[build] logo` names a file of `static/`.
fn check_logo(config: &Config, playbook: &Playbook, diags: &mut Diagnostics) {
    let Some(logo) = &config.build.logo else {
        return;
    };
    let shared = |a: &&Asset| {
        a.source
            .starts_with(config.root.join(crate::content::STATIC_DIR))
    };
    if playbook
        .assets
        .iter()
        .filter(shared)
        .any(|a| a.site_path == logo.value)
    {
        return;
    }
    let mut d = Diagnostic::error(
        codes::CONFIG,
        format!(
            "`logo` names `{}/{}`, which does not exist",
            crate::content::STATIC_DIR,
            logo.value
        ),
    )
    .at(crate::config::CONFIG_FILE, Some(logo.span.clone()))
    .label("no such file");
    let known = playbook
        .assets
        .iter()
        .filter(shared)
        .map(|a| a.site_path.as_str());
    d = match crate::toml_fields::closest(&logo.value, known) {
        Some(near) => d.help(format!("did you mean `{near}`?")),
        None => d.help(format!(
            "put the image under `{}/`, and give its path there, such as `images/logo.svg`",
            crate::content::STATIC_DIR
        )),
    };
    diags.push(d);
}

/// The tag names of `[languages.<code>.tags]`, by slug; a name for a tag
/// no note has is a warning (a typo would leave the tag unnamed).
fn tag_labels(
    config: &Config,
    playbook: &Playbook,
    diags: &mut Diagnostics,
) -> BTreeMap<Lang, HashMap<String, String>> {
    let mut out = BTreeMap::new();
    if config.languages.iter().all(|l| l.tags.is_empty()) {
        return out;
    }
    let used: BTreeMap<&str, &Tag> = playbook.tags().keys().map(|t| (t.slug(), t)).collect();
    for language in &config.languages {
        let mut labels = HashMap::new();
        for (name, label) in &language.tags {
            let known = Tag::new(name)
                .ok()
                .and_then(|tag| used.get(tag.slug()).map(|t| t.slug().to_string()));
            match known {
                Some(slug) => {
                    labels.insert(slug, label.value.clone());
                }
                None => {
                    let mut d = Diagnostic::warning(
                        codes::UNKNOWN_KEY,
                        format!(
                            "no note has the tag `{name}` named in [languages.{}.tags]",
                            language.lang
                        ),
                    )
                    .at(crate::config::CONFIG_FILE, Some(label.span.clone()))
                    .label("no such topic tag");
                    if let Some(near) =
                        crate::toml_fields::closest(name, used.values().map(|t| t.as_str()))
                    {
                        d = d.help(format!("did you mean `{near}`?"));
                    } else {
                        d = d.help("the keys are topic tags as the notes' `tags` write them");
                    }
                    diags.push(d);
                }
            }
        }
        if !labels.is_empty() {
            out.insert(language.lang, labels);
        }
    }
    out
}

/// The page path in each language of every note that language lacks: the
/// path of the version shown, moved into that language's folder. A path
/// another page or a copied file already takes gets none (links there go
/// to the other language's page, as before).
fn fallback_pages(playbook: &Playbook) -> BTreeMap<Lang, HashMap<NoteId, String>> {
    let complete = playbook
        .notes
        .values()
        .all(|n| n.versions.len() == playbook.languages.len());
    let mut out = BTreeMap::new();
    if complete {
        return out;
    }
    let taken: HashSet<String> = playbook
        .notes
        .values()
        .flat_map(|n| n.versions.values())
        .map(|v| v.site_path.to_lowercase())
        .collect();
    let files: HashSet<&str> = playbook
        .assets
        .iter()
        .map(|a| a.site_path.as_str())
        .collect();
    for lang in &playbook.languages {
        let mut paths = HashMap::new();
        for note in playbook.notes.values() {
            if note.versions.contains_key(lang) {
                continue;
            }
            let shown = playbook.version_for(note, lang);
            let Some((_, rest)) = shown.site_path.split_once('/') else {
                continue;
            };
            let path = format!("{lang}/{rest}");
            let folder = path.trim_end_matches('/');
            let file_in_the_way = folder
                .match_indices('/')
                .map(|(i, _)| &folder[..i])
                .chain([folder])
                .any(|f| files.contains(f));
            if !file_in_the_way && !taken.contains(&path.to_lowercase()) {
                paths.insert(note.id.clone(), path);
            }
        }
        if !paths.is_empty() {
            out.insert(*lang, paths);
        }
    }
    out
}

/// A body's scan and hash, computed once per body text.
type Scanned = (Arc<Scan>, OnceLock<Arc<str>>);

/// Builds and checks the playbook. Drafts are left out unless `drafts`.
pub fn build_playbook(
    config: &Config,
    sources: Sources,
    drafts: bool,
    diags: &mut Diagnostics,
) -> Playbook {
    build_playbook_with(config, sources, drafts, diags, Reuse::default()).0
}

/// Like [`build_playbook`], for `serve`: reuses what `reuse.previous` (the
/// last good build and its memo) made and reported for everything a save
/// left as it was, and, with `reuse.remember`, returns the memo for the
/// next save.
pub fn build_playbook_with(
    config: &Config,
    sources: Sources,
    drafts: bool,
    diags: &mut Diagnostics,
    reuse: Reuse<'_>,
) -> (Playbook, Memo) {
    let languages: Vec<Lang> = config.languages.iter().map(|l| l.lang).collect();
    let default = config.default_language;
    let previous = reuse.previous.filter(|(p, memo)| {
        memo.remembered
            && p.languages == languages
            && p.default_language == default
            && memo.drafts == drafts
    });
    let mut memo = Memo::new(&sources, drafts, reuse.remember);
    // A note whose files are all those `previous` was made from is that
    // note again, with what making it reported: only the others are made.
    let (mut notes, left, mut excluded_drafts) = match previous
        .and_then(|(p, m)| reuse::unchanged_notes(p, m, &sources.notes, diags, &mut memo))
    {
        Some(kept) => kept,
        None => (BTreeMap::new(), sources.notes.to_vec(), BTreeSet::new()),
    };
    let previous_playbook = previous.map(|(p, _)| p);
    // One lookup per file left (after a save, a file or two): indexing
    // every previous note first would cost more than it saves.
    let scans: Vec<Scanned> = left
        .par_iter()
        .map(|n| {
            let before = previous_playbook
                .and_then(|p| p.notes.get(&n.id))
                .and_then(|note| note.versions.get(&n.lang))
                .filter(|v| v.source.revision == n.revision || v.source.body() == n.body());
            if let Some(v) = before {
                return (v.scan.clone(), v.body_hash.clone());
            }
            let _working = crate::crash::working_on(&n.file);
            (
                Arc::new(markdown::scan(n.body(), dir_of(&n.id))),
                OnceLock::new(),
            )
        })
        .collect();
    let mut grouped: BTreeMap<NoteId, BTreeMap<Lang, (Arc<SourceNote>, Scanned)>> = BTreeMap::new();
    for (note, scan) in left.into_iter().zip(scans) {
        grouped
            .entry(note.id.clone())
            .or_default()
            .insert(note.lang, (note, scan));
    }

    // Each note is made from its own files only, so notes are made in
    // parallel; diagnostics keep the order of the ids.
    let made: Vec<(NoteId, Option<Arc<Note>>, Diagnostics)> = grouped
        .into_iter()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(id, versions)| {
            let primary_lang = if versions.contains_key(&default) {
                default
            } else {
                languages
                    .iter()
                    .find(|l| versions.contains_key(*l))
                    .cloned()
                    .unwrap_or(default)
            };
            let mut local = Diagnostics::new();
            let note = make_note(&id, &primary_lang, versions, &mut local);
            (id, note.map(Arc::new), local)
        })
        .collect();
    let mut invalid = BTreeSet::new();
    for (id, note, local) in made {
        if reuse.remember && !local.is_empty() {
            memo.made.insert(id.clone(), local.clone());
        }
        match note {
            Some(note) if note.draft && !drafts => {
                excluded_drafts.insert(id);
            }
            Some(note) => {
                notes.insert(id, note);
            }
            None => {
                invalid.insert(id);
            }
        }
        diags.absorb(local);
    }
    memo.left_out(
        sources
            .notes
            .iter()
            .filter(|n| excluded_drafts.contains(&n.id))
            .map(Arc::as_ref),
    );

    let intros = sources
        .intros
        .into_iter()
        .map(|source| {
            let scan = markdown::scan(source.body(), "");
            let intro = Intro {
                title: source.title.as_ref().map(|t| t.value.clone()),
                source,
                scan,
            };
            (intro.source.lang, intro)
        })
        .collect();

    let mut playbook = Playbook {
        languages,
        default_language: default,
        notes,
        intros,
        assets: sources.assets,
        last_commits: sources.last_commits.clone(),
        order: Arc::default(),
        tactics: Arc::default(),
        tags: Arc::default(),
        coverage: Arc::default(),
        fallbacks: Arc::default(),
        reading: Arc::default(),
        tag_labels: Arc::default(),
        print_parts: Arc::default(),
    };
    let context = Context {
        unreadable: &sources.unreadable,
        invalid: &invalid,
        drafts: &excluded_drafts,
    };
    // With the notes, roles, titles and page paths of the last good
    // build, the checks that look only at those found nothing then and
    // find nothing now.
    let outline = previous.filter(|(p, _)| reuse::same_outline(p, &playbook));
    let without_strategy = match outline {
        Some(_) => Vec::new(),
        None => check_strategies(&playbook, &context, diags),
    };
    if outline.is_none() {
        check_paths(&playbook, diags);
    }
    memo.tag_slugs = match outline {
        Some((_, m)) if !m.tag_slugs => false,
        _ => check_tag_slugs(&playbook, diags),
    };
    // Output collisions are errors (the previous build had none) and
    // depend only on the outline and the copied files.
    if outline.is_none_or(|(p, _)| p.assets != playbook.assets) {
        check_generated(&playbook, diags);
    }
    let relinked = outline
        .filter(|(p, _)| p.assets == playbook.assets)
        .and_then(|(p, m)| reuse::relink(&playbook, p, m, &context, diags));
    (memo.linked, memo.backlinks) = match relinked {
        Some(linked) => linked,
        None => check_links(&playbook, &context, reuse.remember, diags),
    };
    // Tactics whose strategy is wrong were kept for the other checks; they
    // leave now, so later stages only ever see tactics with a strategy.
    for id in &without_strategy {
        playbook.notes.remove(id);
    }
    let indexed = outline.filter(|_| without_strategy.is_empty());
    match indexed {
        Some((p, _)) => {
            playbook.order = p.order.clone();
            playbook.tactics = p.tactics.clone();
            playbook.tags = p.tags.clone();
            playbook.coverage = p.coverage.clone();
            playbook.reading = p.reading.clone();
        }
        None => index(&mut playbook),
    }
    playbook.fallbacks = Arc::new(fallback_pages(&playbook));
    playbook.tag_labels = Arc::new(tag_labels(config, &playbook, diags));
    check_logo(config, &playbook, diags);
    playbook.print_parts = Arc::new(print_parts(&playbook));
    memo.covered = PerNote::check(
        indexed.map(|(p, m)| (p, &m.covered)),
        &playbook,
        |note| coverage_of(&playbook, note),
        diags,
    );
    diags.fill_sources(
        sources
            .notes
            .iter()
            .map(|n| (n.file.as_str(), &n.text))
            .chain(
                playbook
                    .intros
                    .values()
                    .map(|i| (i.source.file.as_str(), &i.source.text)),
            ),
    );
    if !reuse.remember {
        memo = Memo::default();
    }
    (playbook, memo)
}

/// How many of the playbook's notes one language has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LanguageCoverage {
    /// The language.
    pub lang: Lang,
    /// Notes with a version in this language.
    pub present: usize,
    /// Notes in the playbook.
    pub total: usize,
}

impl Playbook {
    /// Per language, in configured order, how many notes it has.
    pub fn coverage(&self) -> Vec<LanguageCoverage> {
        self.coverage.to_vec()
    }
}

/// How many notes each language has: one pass over the notes (a pass per
/// language was a measurable part of a save at thousands of them).
fn count_coverage(playbook: &Playbook) -> Vec<LanguageCoverage> {
    let mut present = vec![0; playbook.languages.len()];
    for note in playbook.notes.values() {
        for lang in note.versions.keys() {
            if let Some(i) = playbook.languages.iter().position(|l| l == lang) {
                present[i] += 1;
            }
        }
    }
    playbook
        .languages
        .iter()
        .zip(present)
        .map(|(lang, present)| LanguageCoverage {
            lang: *lang,
            present,
            total: playbook.notes.len(),
        })
        .collect()
}

/// Warnings about gaps that do not break the site but leave a reader
/// without what the playbook promises: a strategy nothing executes, and a
/// tactic whose strategy a reader of its language cannot read. What one
/// note gets depends on its own files and the outline only.
fn coverage_of(playbook: &Playbook, note: &Note) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let primary = &playbook
        .version_for(note, &playbook.default_language)
        .source;
    match &note.role {
            Role::Strategy if playbook.tactics_of(&note.id).is_empty() => diags.push(
                Diagnostic::warning(
                    codes::STRATEGY_WITHOUT_TACTICS,
                    format!("strategy `{}` governs no tactic", note.id),
                )
                .at(&primary.file, title_span(primary))
                .label("no downstream note names this strategy")
                .help(format!(
                    "add a tactic with `strategy = \"{}\"`, or remove the strategy if it is no longer pursued",
                    note.id
                )),
            ),
            Role::Strategy => {}
            Role::Tactic { strategy } => {
                let Some(governing) = playbook.notes.get(strategy) else {
                    return diags;
                };
                for (lang, version) in &note.versions {
                    if governing.versions.contains_key(lang) {
                        continue;
                    }
                    let shown = playbook.version_for(governing, lang);
                    diags.push(
                        Diagnostic::warning(
                            codes::STRATEGY_IN_OTHER_LANGUAGE,
                            format!(
                                "the strategy of this tactic, `{strategy}`, has no {lang} version; the page links to its {} version",
                                shown.lang
                            ),
                        )
                        .at(&version.source.file, title_span(&version.source))
                        .help(format!("translate `{strategy}` into {lang}")),
                    );
                }
            }
    }
    diags
}

/// A front-matter string as it is shown in one line of a page: runs of
/// whitespace (tabs, line breaks) become one space.
fn one_line(text: &str) -> String {
    // Most values are one line already; copying them is much cheaper.
    let tidy = !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
        && !text.chars().any(|c| c != ' ' && c.is_whitespace());
    if tidy {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn title_span(source: &SourceNote) -> Option<Range<usize>> {
    Some(
        source
            .front
            .title
            .given()
            .map_or(source.front.span.clone(), |t| t.span.clone()),
    )
}

/// What the checks need besides the playbook.
struct Context<'a> {
    /// Files that could not be read or parsed.
    unreadable: &'a BTreeSet<(Lang, NoteId)>,
    /// Notes whose front matter broke a rule.
    invalid: &'a BTreeSet<NoteId>,
    /// Drafts left out of this build.
    drafts: &'a BTreeSet<NoteId>,
}

impl Context<'_> {
    /// Whether a note exists but is already reported as broken, so that
    /// links and `strategy` keys naming it are not reported a second time.
    fn unreadable(&self, id: &NoteId) -> bool {
        self.invalid.contains(id) || self.unreadable.iter().any(|(_, i)| i == id)
    }
}

fn dir_of(id: &NoteId) -> &str {
    id.as_str().rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// The structural keys of one file, read once.
struct Structure {
    role: Option<RoleTags>,
    topic: Vec<Tag>,
    strategy: Option<At<String>>,
    weight: i64,
    draft: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum RoleTags {
    Upstream,
    /// Where the `downstream` tag stands, for errors about the tactic.
    Downstream(Range<usize>),
}

fn structure(source: &SourceNote, diags: &mut Diagnostics) -> Option<Structure> {
    let front = &source.front;
    let mut ok = true;
    let mut role = None;
    let mut topic = Vec::new();
    match &front.tags {
        Entry::Given(tags) => {
            let up: Vec<&At<String>> = tags.value.iter().filter(|t| t.value == UPSTREAM).collect();
            let down: Vec<&At<String>> = tags
                .value
                .iter()
                .filter(|t| t.value == DOWNSTREAM)
                .collect();
            match (up.len(), down.len()) {
                (1, 0) => role = Some(RoleTags::Upstream),
                (0, 1) => role = Some(RoleTags::Downstream(down[0].span.clone())),
                (0, 0) => {
                    ok = false;
                    diags.push(
                        Diagnostic::error(
                            codes::MISSING_ROLE,
                            "`tags` must contain `upstream` (a strategy) or `downstream` (a tactic)",
                        )
                        .at(&source.file, Some(tags.span.clone()))
                        .label("neither `upstream` nor `downstream`")
                        .help("add \"upstream\" if this note records a strategy, \"downstream\" if it is a tactic"),
                    );
                }
                _ => {
                    ok = false;
                    let second = up.iter().chain(down.iter()).nth(1).map(|t| t.span.clone());
                    diags.push(
                        Diagnostic::error(
                            codes::CONFLICTING_ROLE,
                            "`tags` must contain exactly one of `upstream` and `downstream`",
                        )
                        .at(&source.file, second.or(Some(tags.span.clone())))
                        .label("a second role tag")
                        .help("a note is either a strategy (upstream) or a tactic (downstream); split it into two notes if it is both"),
                    );
                }
            }
            for tag in &tags.value {
                if tag.value == UPSTREAM || tag.value == DOWNSTREAM {
                    continue;
                }
                match Tag::new(&tag.value) {
                    Ok(t) if !topic.contains(&t) => topic.push(t),
                    Ok(_) => {}
                    Err(msg) => {
                        ok = false;
                        diags.push(
                            Diagnostic::error(codes::INVALID_TAG, msg)
                                .at(&source.file, Some(tag.span.clone())),
                        );
                    }
                }
            }
        }
        Entry::Invalid => ok = false,
        Entry::Absent => {
            ok = false;
            diags.push(
                Diagnostic::error(codes::MISSING_ROLE, "this note has no `tags`")
                    .at(&source.file, Some(front.span.clone()))
                    .label("front matter without `tags`")
                    .help("add `tags = [\"upstream\"]` for a strategy or `tags = [\"downstream\"]` for a tactic"),
            );
        }
    }
    ok.then(|| Structure {
        role,
        topic,
        strategy: front.strategy.given().cloned(),
        weight: front.weight.given().map_or(0, |w| w.value),
        draft: front.draft.given().is_some_and(|d| d.value),
    })
}

fn make_note(
    id: &NoteId,
    primary_lang: &Lang,
    versions: BTreeMap<Lang, (Arc<SourceNote>, Scanned)>,
    diags: &mut Diagnostics,
) -> Option<Note> {
    let (primary, _) = &versions[primary_lang];
    let structure = structure(primary, diags)?;
    let mut ok = true;

    let role = match (&structure.role, &structure.strategy) {
        (Some(RoleTags::Upstream), None) => Some(Role::Strategy),
        (Some(RoleTags::Upstream), Some(strategy)) => {
            diags.push(
                Diagnostic::error(
                    codes::STRATEGY_ON_STRATEGY,
                    "an upstream note cannot have a `strategy`",
                )
                .at(&primary.file, Some(strategy.span.clone()))
                .label("only tactics name a strategy")
                .help("remove this line, or tag the note `downstream` if it is a tactic"),
            );
            None
        }
        (Some(RoleTags::Downstream(_)), Some(strategy)) => match NoteId::new(&strategy.value) {
            Ok(strategy) => Some(Role::Tactic { strategy }),
            Err(msg) => {
                diags.push(
                    Diagnostic::error(
                        codes::UNKNOWN_STRATEGY,
                        format!("`strategy` is not a note id: {msg}"),
                    )
                    .at(&primary.file, Some(strategy.span.clone())),
                );
                None
            }
        },
        (Some(RoleTags::Downstream(_)), None) if primary.front.strategy.is_invalid() => None,
        (Some(RoleTags::Downstream(tag)), None) => {
            diags.push(
                Diagnostic::error(
                    codes::MISSING_STRATEGY,
                    "this tactic does not name its strategy",
                )
                .at(&primary.file, Some(tag.clone()))
                .label("a tactic, but no `strategy` key")
                .help(
                    "add `strategy = \"<id of an upstream note>\"`: every tactic serves a strategy",
                ),
            );
            None
        }
        (None, _) => None,
    };

    // Translations may leave the structural keys out; where they state one,
    // it must agree with the primary version.
    for (lang, (source, _)) in &versions {
        if lang == primary_lang {
            continue;
        }
        let front = &source.front;
        let p = &primary.front;
        let mut disagree = |key: &str, here: Option<Range<usize>>, there: Option<Range<usize>>| {
            ok = false;
            diags.push(
                Diagnostic::error(
                    codes::TRANSLATION_DISAGREES,
                    format!("`{key}` differs from the {primary_lang} version of this note"),
                )
                .at(&source.file, here)
                .label(format!("differs from {}", primary.file))
                .help(format!(
                    "translations inherit `{key}`; remove it here, or make it match {}",
                    primary.file
                ))
                .related(
                    &primary.file,
                    there.or(Some(p.span.clone())),
                    format!("the {primary_lang} version"),
                ),
            );
        };
        if let Some(tags) = front.tags.given() {
            let mine: BTreeSet<&str> = tags.value.iter().map(|t| t.value.trim()).collect();
            let theirs: BTreeSet<&str> = p
                .tags
                .given()
                .into_iter()
                .flat_map(|t| t.value.iter().map(|t| t.value.trim()))
                .collect();
            if mine != theirs {
                disagree(
                    "tags",
                    Some(tags.span.clone()),
                    p.tags.given().map(|t| t.span.clone()),
                );
            }
        }
        if let Some(strategy) = front.strategy.given()
            && p.strategy.given().map(|s| s.value.as_str()) != Some(strategy.value.as_str())
        {
            disagree(
                "strategy",
                Some(strategy.span.clone()),
                p.strategy.given().map(|s| s.span.clone()),
            );
        }
        if let Some(weight) = front.weight.given()
            && weight.value != structure.weight
        {
            disagree(
                "weight",
                Some(weight.span.clone()),
                p.weight.given().map(|w| w.span.clone()),
            );
        }
        if let Some(draft) = front.draft.given()
            && draft.value != structure.draft
        {
            disagree(
                "draft",
                Some(draft.span.clone()),
                p.draft.given().map(|d| d.span.clone()),
            );
        }
    }

    let mut made = BTreeMap::new();
    for (lang, (source, (scan, body_hash))) in versions {
        let front = &source.front;
        let Some(title) = front.title.given().filter(|t| !t.value.trim().is_empty()) else {
            ok = false;
            if front.title.is_invalid() {
                continue;
            }
            diags.push(
                Diagnostic::error(codes::MISSING_TITLE, "this note has no `title`")
                    .at(&source.file, Some(front.span.clone()))
                    .label("front matter without a title")
                    .help("add `title = \"...\"`"),
            );
            continue;
        };
        let slug = match front.slug.given() {
            Some(slug) => match Slug::new(&slug.value) {
                Ok(s) => s.as_str().to_string(),
                Err(msg) => {
                    ok = false;
                    diags.push(
                        Diagnostic::error(codes::INVALID_SLUG, msg)
                            .at(&source.file, Some(slug.span.clone())),
                    );
                    continue;
                }
            },
            None => id.file_stem().to_string(),
        };
        let dir = dir_of(id).to_string();
        let site_path = crate::routes::note_folder(&lang, &dir, &slug);
        let summary = front
            .summary
            .given()
            .map(|s| one_line(&s.value))
            .filter(|s| !s.is_empty())
            .or_else(|| scan.first_paragraph.clone())
            .unwrap_or_default();
        for (dup, span) in &scan.duplicate_ids {
            let at = Some(shift(source.body_start, span));
            let d = if markdown::RESERVED_IDS.contains(&dup.as_str()) {
                Diagnostic::error(
                    codes::DUPLICATE_HEADING_ID,
                    format!("heading id `{dup}` is an id the page itself uses"),
                )
                .at(&source.file, at)
                .label("taken by the page around the note")
                .help(format!(
                    "give the heading another `{{#id}}`; the page uses {}",
                    markdown::RESERVED_IDS.join(", ")
                ))
            } else {
                Diagnostic::error(
                    codes::DUPLICATE_HEADING_ID,
                    format!("heading id `{dup}` is used twice on this page"),
                )
                .at(&source.file, at)
                .label("second use")
                .help("give each `{#id}` a different name: an id must be unique on its page")
            };
            diags.push(d);
        }
        made.insert(
            lang,
            Version {
                lang,
                title: one_line(&title.value),
                summary,
                summary_explicit: front
                    .summary
                    .given()
                    .is_some_and(|s| !s.value.trim().is_empty()),
                metrics: front
                    .metrics
                    .given()
                    .map(|m| m.value.iter().map(|m| one_line(&m.value)).collect())
                    .unwrap_or_default(),
                owner: front.owner.given().map(|o| one_line(&o.value)),
                translated_from: front.translated_from.given().map(|t| t.value.clone()),
                site_path,
                dir,
                scan,
                body_hash,
                source,
            },
        );
    }
    if !ok || made.is_empty() {
        return None;
    }
    Some(Note {
        id: id.clone(),
        role: role?,
        tags: structure.topic,
        weight: structure.weight,
        draft: structure.draft,
        versions: made,
    })
}

fn shift(base: usize, span: &Range<usize>) -> Range<usize> {
    base + span.start..base + span.end
}

/// Every tactic's `strategy` must name an upstream note other than itself.
/// Returns the tactics that fail.
fn check_strategies(
    playbook: &Playbook,
    context: &Context<'_>,
    diags: &mut Diagnostics,
) -> Vec<NoteId> {
    let strategies: Vec<&str> = playbook
        .notes
        .values()
        .filter(|n| n.is_strategy())
        .map(|n| n.id.as_str())
        .collect();
    let mut broken = Vec::new();
    for note in playbook.notes.values() {
        let Some(target) = note.strategy() else {
            continue;
        };
        let primary = playbook.version_for(note, &playbook.default_language);
        let span = primary
            .source
            .front
            .strategy
            .given()
            .map(|s| s.span.clone());
        let file = &primary.source.file;
        let problem = if target == &note.id {
            Some(
                Diagnostic::error(codes::SELF_STRATEGY, "a tactic cannot be its own strategy")
                    .label("this note's own id")
                    .help("name the upstream note this tactic serves"),
            )
        } else {
            match playbook.notes.get(target) {
                Some(t) if t.is_strategy() => None,
                Some(_) => Some(
                    Diagnostic::error(
                        codes::STRATEGY_IS_TACTIC,
                        format!("`{target}` is a tactic, not a strategy"),
                    )
                    .label("a downstream note")
                    .help("a tactic serves an upstream note; name the strategy that governs both"),
                ),
                None if context.unreadable(target) => {
                    broken.push(note.id.clone());
                    None
                }
                None if context.drafts.contains(target) => Some(
                    Diagnostic::error(
                        codes::UNKNOWN_STRATEGY,
                        format!("strategy `{target}` is a draft and drafts are left out"),
                    )
                    .label("a draft")
                    .help("build with `--drafts`, publish the strategy, or mark this tactic `draft = true` too"),
                ),
                None => {
                    let mut d = Diagnostic::error(
                        codes::UNKNOWN_STRATEGY,
                        format!("no strategy `{target}` in this playbook"),
                    )
                    .label("no note has this id");
                    d = match closest(target.as_str(), strategies.iter().copied()) {
                        Some(near) => d.help(format!("did you mean `{near}`?")),
                        None if strategies.is_empty() => d.help("add an upstream note with this id"),
                        None => d.help(format!("strategies: {}", strategies.join(", "))),
                    };
                    Some(d)
                }
            }
        };
        if let Some(d) = problem {
            diags.push(d.at(file, span));
            broken.push(note.id.clone());
        }
    }
    broken
}

/// Different tags whose pages would share one folder (`C++`, `C#` and `C`
/// all make `tags/c/`): one page would silently stand for all of them.
/// Checked on every build, as warnings are reported every time.
fn check_tag_slugs(playbook: &Playbook, diags: &mut Diagnostics) -> bool {
    let mut by_slug: BTreeMap<&str, BTreeMap<&Tag, &Version>> = BTreeMap::new();
    for note in playbook.notes.values() {
        let Some(version) = note
            .versions
            .get(&playbook.default_language)
            .or_else(|| note.versions.values().next())
        else {
            continue;
        };
        for tag in &note.tags {
            by_slug
                .entry(tag.slug())
                .or_default()
                .entry(tag)
                .or_insert(version);
        }
    }
    let mut shared = false;
    for (slug, tags) in by_slug.into_iter().filter(|(_, t)| t.len() > 1) {
        shared = true;
        let span_of = |tag: &Tag, version: &Version| {
            let tags = version.source.front.tags.given()?;
            tags.value
                .iter()
                .find(|t| Tag::new(&t.value).is_ok_and(|t| &t == tag))
                .map(|t| t.span.clone())
        };
        let names: Vec<String> = tags.keys().map(|t| format!("`{t}`")).collect();
        let mut tags = tags.into_iter();
        let (first, first_at) = tags.next().expect("two or more tags");
        let mut d = Diagnostic::warning(
            codes::TAG_SLUG,
            format!(
                "the tags {} share one page, `tags/{slug}/`",
                names.join(", ")
            ),
        )
        .at(&first_at.source.file, span_of(first, first_at))
        .label(format!("`{first}` here"))
        .help("spell them alike, or give them names that differ in letters or digits (`C++` and `C#` both become `c`)");
        for (tag, version) in tags {
            d = d.related(
                &version.source.file,
                span_of(tag, version),
                format!("`{tag}` here"),
            );
        }
        diags.push(d);
    }
    shared
}

/// Two notes of one language must not share a page, also not by case
/// alone, nor take a name the generator uses; no note's page folder may
/// have the name of a file of the site (`content/en/tac` beside
/// `tac.md`, or `index.html.md` beside the home page `en/index.html`).
/// Copied files and notes that would land on a file the generator writes
/// itself (a page, a tag's page, a search index). Run on every build:
/// a new tag can make a new page.
fn check_generated(playbook: &Playbook, diags: &mut Diagnostics) {
    let slugs: BTreeSet<&str> = playbook
        .notes
        .values()
        .flat_map(|n| n.tags.iter().map(Tag::slug))
        .collect();
    let slugs: Vec<&str> = slugs.into_iter().collect();
    let generated: HashMap<String, String> =
        crate::routes::generated_files(&playbook.languages, &slugs).collect();
    for asset in &playbook.assets {
        let Some(what) = generated.get(&asset.site_path) else {
            continue;
        };
        let from_content = asset
            .source
            .ends_with(std::path::Path::new(crate::content::CONTENT_DIR).join(&asset.site_path));
        let folder = if from_content {
            crate::content::CONTENT_DIR
        } else {
            crate::content::STATIC_DIR
        };
        diags.push(
            Diagnostic::error(
                codes::ASSET_SHADOWED,
                format!(
                    "this file would be copied to `/{}`, where playbook writes {what}",
                    asset.site_path
                ),
            )
            .at(&format!("{folder}/{}", asset.site_path), None)
            .help("rename the file or move it into a folder of its own, such as `files/`"),
        );
    }
    // A note at the top of its language folder can only reach a
    // generated page by a reserved name, which `check_paths` reports; a
    // deeper one only below a reserved folder (`en/tags/`). Only those are
    // looked up, so a rebuild of a large playbook formats no path for the
    // others.
    let reserved = crate::routes::language_names();
    for note in playbook
        .notes
        .values()
        .filter(|n| n.id.segments().count() > 1)
    {
        for version in note.versions.values() {
            let folder = version.site_path.split('/').nth(1).unwrap_or_default();
            if !reserved.iter().any(|r| r == folder) {
                continue;
            }
            let page = Route::Note(&version.site_path).output_path();
            if let Some(what) = generated.get(&page) {
                diags.push(
                    Diagnostic::error(
                        codes::RESERVED_PATH,
                        format!(
                            "this note's page would be `/{page}`, where playbook writes {what}"
                        ),
                    )
                    .at(
                        &version.source.file,
                        version.source.front.slug.given().map(|s| s.span.clone()),
                    )
                    .help("rename the note or set another `slug`"),
                );
            }
        }
    }
}

fn check_paths(playbook: &Playbook, diags: &mut Diagnostics) {
    let reserved = crate::routes::language_names();
    let mut files: HashMap<&str, String> = playbook
        .assets
        .iter()
        .map(|a| {
            (
                a.site_path.as_str(),
                format!("the file copied to `/{}`", a.site_path),
            )
        })
        .collect();
    let homes: Vec<String> = playbook
        .languages
        .iter()
        .map(|l| Route::Home(l).output_path())
        .collect();
    for home in &homes {
        files.insert(home, format!("the home page `/{home}`"));
    }
    // Folders that copied files need: no page may be written as a file
    // of that name (`static/en/pricing/index.html/x`).
    let folders: HashSet<&str> = playbook
        .assets
        .iter()
        .flat_map(|a| {
            a.site_path
                .match_indices('/')
                .map(|(i, _)| &a.site_path[..i])
        })
        .collect();
    for home in &homes {
        if folders.contains(home.as_str()) {
            diags.push(
                Diagnostic::error(
                    codes::DUPLICATE_PATH,
                    format!(
                        "copied files need the folder `/{home}/`, where the home page is written"
                    ),
                )
                .help("move the files in `static/` or `content/` out of that folder"),
            );
        }
    }
    let mut seen: HashMap<String, &Version> = HashMap::new();
    for note in playbook.notes.values() {
        for version in note.versions.values() {
            let path = &version.site_path;
            let folder = path.trim_end_matches('/');
            let page = Route::Note(path).output_path();
            let clash = if folders.contains(page.as_str()) {
                Some((
                    format!(
                        "this note's page is the file `/{page}`, but copied files need a folder of that name"
                    ),
                    "move the files in `static/` or `content/` out of that folder, or set another `slug`",
                ))
            } else {
                folder
                    .match_indices('/')
                    .map(|(i, _)| &folder[..i])
                    .skip(1)
                    .chain([folder])
                    .find_map(|f| files.get(f).map(|what| (f, what)))
                    .map(|(at, what)| {
                        (
                            format!("this note's page needs the folder `/{at}/`, but {what} has that name"),
                            "rename the note or the file, or set another `slug`; a name cannot be a file and a folder at once",
                        )
                    })
            };
            if let Some((message, help)) = clash {
                diags.push(
                    Diagnostic::error(codes::DUPLICATE_PATH, message)
                        .at(
                            &version.source.file,
                            version.source.front.slug.given().map(|s| s.span.clone()),
                        )
                        .help(help),
                );
                continue;
            }
            let first_segment = path.split('/').nth(1).unwrap_or_default();
            if reserved.iter().any(|r| r == first_segment) && note.id.segments().count() == 1 {
                diags.push(
                    Diagnostic::error(
                        codes::RESERVED_PATH,
                        format!("`/{path}` takes a name that playbook uses for its own pages"),
                    )
                    .at(
                        &version.source.file,
                        version.source.front.slug.given().map(|s| s.span.clone()),
                    )
                    .help(format!(
                        "rename the note or set another `slug`; reserved: {}",
                        reserved.join(", ")
                    )),
                );
                continue;
            }
            match seen.get(&path.to_lowercase()) {
                Some(other) => {
                    let same_case = other.site_path == *path;
                    diags.push(
                        Diagnostic::error(
                            codes::DUPLICATE_PATH,
                            if same_case {
                                format!("two notes would be written to `/{path}`")
                            } else {
                                format!("`/{path}` and `/{}` differ only in case", other.site_path)
                            },
                        )
                        .at(&version.source.file, version.source.front.slug.given().map(|s| s.span.clone()))
                        .label("this note's page")
                        .help("give one of them another `slug` or file name; case-insensitive file systems cannot hold both")
                        .related(
                            &other.source.file,
                            other.source.front.slug.given().map(|s| s.span.clone()),
                            "the other note",
                        ),
                    );
                }
                None => {
                    seen.insert(path.to_lowercase(), version);
                }
            }
        }
    }
}

/// What a link can reach: the notes, the copied files, and which of the
/// missing notes are already reported as broken or left out as drafts.
struct Targets<'a> {
    playbook: &'a Playbook,
    context: &'a Context<'a>,
    assets: BTreeSet<&'a str>,
    /// Hashing finds a link's target with one probe; the tree takes a
    /// dozen string comparisons, each a cache miss at thousands of notes.
    /// Made only when every page is checked.
    notes: Option<HashMap<&'a str, &'a Note>>,
}

impl<'a> Targets<'a> {
    fn new(playbook: &'a Playbook, context: &'a Context<'a>, hashed: bool) -> Targets<'a> {
        Targets {
            playbook,
            context,
            assets: playbook
                .assets
                .iter()
                .map(|a| a.site_path.as_str())
                .collect(),
            notes: hashed.then(|| {
                playbook
                    .notes
                    .iter()
                    .map(|(id, note)| (id.as_str(), note.as_ref()))
                    .collect()
            }),
        }
    }

    fn note(&self, id: &NoteId) -> Option<&'a Note> {
        match &self.notes {
            Some(notes) => notes.get(id.as_str()).copied(),
            None => self.playbook.notes.get(id).map(Arc::as_ref),
        }
    }
}

/// One page whose links are checked: its language, file, where its body
/// starts in the file, and its body's scan.
type Page<'a> = (&'a Lang, &'a str, usize, &'a Scan);

/// For each note, the note pages that link to it, by note and language.
pub(crate) type Backlinks = HashMap<NoteId, Vec<(NoteId, Lang)>>;

/// What checking each page's links reported, by file, for the pages that
/// reported anything.
type Linked = HashMap<String, Vec<Diagnostic>>;

/// Every link must reach an existing note, heading or file. A note that
/// exists only in another language is reached there, with a warning.
/// Returns the reports by file and, with `remember`, who links to whom,
/// for serve's next save (see [`reuse::relink`]).
fn check_links(
    playbook: &Playbook,
    context: &Context<'_>,
    remember: bool,
    diags: &mut Diagnostics,
) -> (Linked, Arc<Backlinks>) {
    let targets = Targets::new(playbook, context, true);
    let mut pages: Vec<Page<'_>> = Vec::new();
    for note in playbook.notes.values() {
        for v in note.versions.values() {
            pages.push((&v.lang, &v.source.file, v.source.body_start, &v.scan));
        }
    }
    for (lang, intro) in &playbook.intros {
        pages.push((
            lang,
            &intro.source.file,
            intro.source.body_start,
            &intro.scan,
        ));
    }
    let found: Vec<(&str, Vec<Diagnostic>)> = pages
        .par_iter()
        .map(|&page| (page.1, page_links(&targets, page)))
        .collect();
    let mut linked = HashMap::new();
    for (file, out) in found {
        if !out.is_empty() {
            diags.extend(out.iter().cloned());
            linked.insert(file.to_string(), out);
        }
    }
    let mut backlinks = Backlinks::new();
    if remember {
        for note in playbook.notes.values() {
            for v in note.versions.values() {
                let targets: BTreeSet<&NoteId> = reuse::linked_notes(&v.scan).collect();
                for target in targets {
                    backlinks
                        .entry(target.clone())
                        .or_default()
                        .push((note.id.clone(), v.lang));
                }
            }
        }
    }
    (linked, Arc::new(backlinks))
}

/// What one page's links report.
fn page_links(targets: &Targets<'_>, (lang, file, base, scan): Page<'_>) -> Vec<Diagnostic> {
    let playbook = targets.playbook;
    let mut out = Vec::new();
    for link in &scan.links {
        let span = Some(shift(base, &link.span));
        let at = |d: Diagnostic| d.at(file, span.clone());
        match &link.target {
            LinkTarget::External => {}
            LinkTarget::Empty => out.push(at(Diagnostic::warning(codes::EMPTY_LINK, "this link has an empty destination")
                .label("links nowhere")
                .help("fill in where it goes, such as `[pricing](pricing.md)` or `[[pricing]]`, or remove the brackets"))),
            LinkTarget::Invalid(msg) => {
                out.push(at(
                    Diagnostic::error(codes::BROKEN_LINK, msg.clone()).label("cannot resolve")
                ))
            }
            LinkTarget::Anchor(anchor) => {
                if !scan.has_anchor(anchor) {
                    out.push(at(missing_anchor(anchor, scan, "this page")));
                }
            }
            LinkTarget::Asset(file) => {
                let site_path = crate::routes::language_file(lang, &file.path);
                if !targets.assets.contains(site_path.as_str()) {
                    let near = closest(&site_path, targets.assets.iter().copied())
                        .and_then(|near| near.strip_prefix(&format!("{lang}/")));
                    let help = match near {
                        Some(near) => format!("did you mean `content/{lang}/{near}`?"),
                        None => "link a note by its file (`pricing.md`) or as `[[pricing]]`; other files must exist in the same language folder, or under `static/` for every language (`/images/funnel.png`)".to_string(),
                    };
                    out.push(at(Diagnostic::error(codes::BROKEN_LINK, format!("no file `content/{lang}/{}`", file.path))
                        .label("not found")
                        .help(help)));
                }
            }
            LinkTarget::Shared(file) => {
                if !targets.assets.contains(file.path.as_str()) {
                    let help = match closest(&file.path, targets.assets.iter().copied()) {
                        Some(near) => format!("did you mean `/{near}`?"),
                        None => "a root-relative link names a file under `static/` (`/images/funnel.png` is `static/images/funnel.png`); link a note as `[[pricing]]`".to_string(),
                    };
                    out.push(at(Diagnostic::error(codes::BROKEN_LINK, format!("no file `static/{}`", file.path))
                        .label("not found")
                        .help(help)));
                }
            }
            LinkTarget::Note { id, anchor } => match targets.note(id) {
                Some(note) => {
                    let version = match note.versions.get(lang) {
                        Some(v) => v,
                        None => {
                            let v = playbook.version_for(note, lang);
                            out.push(at(Diagnostic::warning(
                                codes::LINK_TO_OTHER_LANGUAGE,
                                format!(
                                    "`{id}` has no {lang} version; the link goes to its {} version",
                                    v.lang
                                ),
                            )
                            .label(format!("links to {}", v.source.file))
                            .help(format!(
                                "translate `{id}` into {lang} to keep readers in their language"
                            ))));
                            v
                        }
                    };
                    if let Some(anchor) = anchor
                        && !version.scan.has_anchor(anchor)
                    {
                        out.push(at(missing_anchor(
                            anchor,
                            &version.scan,
                            &version.source.file,
                        )));
                    }
                }
                None if targets.context.unreadable(id) => {}
                None if targets.context.drafts.contains(id) => out.push(at(Diagnostic::error(
                    codes::BROKEN_LINK,
                    format!("`{id}` is a draft and drafts are left out"),
                )
                .label("links to a draft")
                .help("build with `--drafts`, or remove the link until the note is published"))),
                None => {
                    let mut d = Diagnostic::error(codes::BROKEN_LINK, format!("no note `{id}`"))
                        .label("no note has this id");
                    if let Some(near) =
                        closest(id.as_str(), playbook.notes.keys().map(NoteId::as_str))
                    {
                        d = d.help(format!("did you mean `{near}`?"));
                    } else {
                        d = d.help("note ids are paths below the language folder, without `.md`");
                    }
                    out.push(at(d));
                }
            },
        }
    }
    out
}

fn missing_anchor(anchor: &str, scan: &Scan, page: &str) -> Diagnostic {
    let ids: Vec<&str> = scan.headings.iter().map(|h| h.id.as_str()).collect();
    let d = Diagnostic::error(
        codes::BROKEN_ANCHOR,
        format!("no heading `#{anchor}` in {page}"),
    )
    .label("no such heading");
    match closest(anchor, ids.iter().copied()) {
        Some(near) => d.help(format!("did you mean `#{near}`?")),
        None if ids.is_empty() => d.help("the target has no headings"),
        None => d.help(format!("headings there: {}", ids.join(", "))),
    }
}

/// Reading order per language, tactics per strategy, notes per tag.
fn index(playbook: &mut Playbook) {
    let notes = &playbook.notes;
    let order = playbook
        .languages
        .par_iter()
        .map(|lang| {
            let mut keyed: Vec<(i64, String, &NoteId)> = notes
                .values()
                .map(|n| {
                    let title = playbook.version_for(n, lang).title.to_lowercase();
                    (n.weight, title, &n.id)
                })
                .collect();
            keyed.sort_unstable();
            let order = keyed
                .into_iter()
                .enumerate()
                .map(|(i, (_, _, id))| (id.clone(), i))
                .collect();
            (*lang, order)
        })
        .collect();
    let mut tactics: BTreeMap<NoteId, Vec<NoteId>> = BTreeMap::new();
    let mut tags: BTreeMap<Tag, Vec<NoteId>> = BTreeMap::new();
    for note in notes.values() {
        if let Some(strategy) = note.strategy() {
            tactics
                .entry(strategy.clone())
                .or_default()
                .push(note.id.clone());
        }
        for tag in &note.tags {
            tags.entry(tag.clone()).or_default().push(note.id.clone());
        }
    }
    playbook.order = Arc::new(order);
    playbook.tactics = Arc::new(tactics);
    playbook.tags = Arc::new(tags);
    playbook.coverage = Arc::new(count_coverage(playbook));
    playbook.reading = Arc::new(reading(playbook));
}

/// Each language's reading order, from the order and tactics of `index`.
fn reading(playbook: &Playbook) -> BTreeMap<Lang, Reading> {
    playbook
        .languages
        .par_iter()
        .map(|lang| {
            let strategies: Vec<&NoteId> = playbook.strategies().map(|n| &n.id).collect();
            let mut notes = Vec::with_capacity(playbook.notes.len());
            for s in playbook.sorted(lang, strategies) {
                notes.push(s.id.clone());
                notes.extend(
                    playbook
                        .sorted(lang, playbook.tactics_of(&s.id))
                        .into_iter()
                        .map(|t| t.id.clone()),
                );
            }
            let places = notes
                .iter()
                .enumerate()
                .map(|(i, id)| (id.clone(), i))
                .collect();
            let strategies = notes
                .iter()
                .enumerate()
                .filter(|(_, id)| playbook.notes.get(*id).is_some_and(|n| n.is_strategy()))
                .map(|(i, _)| i)
                .collect();
            (
                *lang,
                Reading {
                    notes,
                    places,
                    strategies,
                },
            )
        })
        .collect()
}
