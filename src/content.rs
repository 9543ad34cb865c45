//! Stage 2: walk `content/`, split each note's `+++` front matter from its
//! body and read the front matter into a [`RawFrontMatter`] whose every field
//! keeps its span. Nothing is validated against other notes here; that is
//! the model's job.
//!
//! Input: the [`Config`]. Output: [`Sources`].

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

use crate::codes::{self, Code};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::front_matter::{self, SplitError};
use crate::history::Date;
use crate::ids::{Lang, NoteId};
use crate::toml_fields::{At, Doc, Entry, Field};
use crate::walk::Bounds;
pub use crate::walk::{display_path, ignored};

/// The folder holding one sub-folder per language.
pub const CONTENT_DIR: &str = "content";
/// The folder whose files are copied to the site root as they are.
pub const STATIC_DIR: &str = "static";
/// The home page intro of a language.
pub const INTRO_FILE: &str = "_index.md";

/// How many hex digits of the SHA-256 a hash keeps.
pub const HASH_DIGITS: usize = 12;

/// The hash of a note body, which `translated-from` records: the first 12 hex digits of the SHA-256 of the
/// body after the front matter, with CRLF turned into LF, trailing
/// whitespace removed from every line, and blank lines at the start and the
/// end dropped.
pub fn body_hash(body: &str) -> String {
    let lines: Vec<&str> = body.lines().map(str::trim_end).collect();
    let start = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(start, |i| i + 1);
    let normal = lines[start..end].join("\n");
    let digest = Sha256::digest(normal.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    hex[..HASH_DIGITS].to_string()
}

/// A front-matter key whose value reads with one of [`Doc`]'s readers
/// into one field of [`RawFrontMatter`].
macro_rules! key {
    ($key:literal, $field:ident, $reader:ident) => {
        Field {
            key: $key,
            read: |doc, key, value, front: &mut RawFrontMatter, diags| {
                front.$field = Entry::read(doc.$reader(FRONT_MATTER, key, value, diags))
            },
        }
    };
}

/// Every key a note's front matter may have, each defined here alone.
pub const FRONT_MATTER_FIELDS: &[Field<RawFrontMatter>] = &[
    key!("title", title, string),
    key!("tags", tags, string_list),
    key!("strategy", strategy, string),
    key!("summary", summary, string),
    key!("metrics", metrics, string_list),
    key!("owner", owner, string),
    key!("weight", weight, integer),
    key!("draft", draft, boolean),
    key!("slug", slug, string),
    key!("translated-from", translated_from, string),
];

/// The keys a home page intro may have.
const INTRO_FIELDS: &[Field<SourceIntro>] = &[Field {
    key: "title",
    read: |doc, key, value, intro, diags| {
        intro.title = doc.string(FRONT_MATTER, key, value, diags);
    },
}];

/// The code of every front-matter problem found while reading.
const FRONT_MATTER: &Code = codes::FRONT_MATTER;

/// A note's front matter as written, every field spanned, each one
/// remembering whether it was absent or written with a wrong value.
#[derive(Clone, Debug, Default)]
pub struct RawFrontMatter {
    /// `title`.
    pub title: Entry<String>,
    /// `tags`, role tags included.
    pub tags: Entry<Vec<At<String>>>,
    /// `strategy`: the governing strategy's id, on tactics.
    pub strategy: Entry<String>,
    /// `summary`.
    pub summary: Entry<String>,
    /// `metrics`.
    pub metrics: Entry<Vec<At<String>>>,
    /// `owner`.
    pub owner: Entry<String>,
    /// `weight`.
    pub weight: Entry<i64>,
    /// `draft`.
    pub draft: Entry<bool>,
    /// `slug`.
    pub slug: Entry<String>,
    /// `translated-from`.
    pub translated_from: Entry<String>,
    /// The whole front matter block, fences included.
    pub span: Range<usize>,
}

/// One Markdown note as read from disk.
#[derive(Clone, Debug)]
pub struct SourceNote {
    /// Its language folder.
    pub lang: Lang,
    /// Its id: the path below the language folder, without `.md`.
    pub id: NoteId,
    /// Path relative to the playbook root, with `/` separators.
    pub file: String,
    /// The whole file, without a byte-order mark.
    pub text: Arc<str>,
    /// Where the Markdown body starts in `text`.
    pub body_start: usize,
    /// The front matter.
    pub front: RawFrontMatter,
    /// This reading of the file: every read gets a new number, and
    /// `serve`'s read cache hands out the same one while the file is
    /// unchanged, so a later stage tells a changed file by a number.
    pub revision: Revision,
}

/// A number for one reading of a file; later readings have larger ones.
pub type Revision = u64;

/// The next [`Revision`]: unique within the process.
fn next_revision() -> Revision {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl SourceNote {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// The front matter, fences included, as written.
    pub fn front(&self) -> &str {
        &self.text[..self.body_start]
    }
}

/// A language's home page intro (`content/<lang>/_index.md`).
#[derive(Clone, Debug)]
pub struct SourceIntro {
    /// Its language.
    pub lang: Lang,
    /// Path relative to the playbook root.
    pub file: String,
    /// The whole file.
    pub text: Arc<str>,
    /// Where the Markdown body starts.
    pub body_start: usize,
    /// An optional `title` in front matter.
    pub title: Option<At<String>>,
}

impl SourceIntro {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// The front matter, fences included, as written.
    pub fn front(&self) -> &str {
        &self.text[..self.body_start]
    }
}

/// A file copied into the site as it is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Asset {
    /// Its path in the site, relative to the site root, `/`-separated, NFC.
    pub site_path: String,
    /// Where to read it.
    pub source: PathBuf,
    /// Its width and height when it is an image the build can size.
    pub size: Option<(u32, u32)>,
}

/// Everything read from disk.
#[derive(Debug, Default)]
pub struct Sources {
    /// Notes whose front matter could be read, sorted by language and id
    /// (shared with `serve`'s read cache, which patches it after a save).
    pub notes: Arc<Vec<Arc<SourceNote>>>,
    /// Home page intros.
    pub intros: Vec<SourceIntro>,
    /// Non-Markdown files under `content/` and everything under `static/`.
    pub assets: Vec<Asset>,
    /// Notes that exist but could not be read; links to them are not
    /// reported again as broken.
    pub unreadable: BTreeSet<(Lang, NoteId)>,
    /// The day each file last changed in the playbook's git repository.
    pub last_commits: Arc<HashMap<String, Date>>,
}

/// Reads every declared language folder, the intros, assets and `static/`.
pub fn load_sources(config: &Config, diags: &mut Diagnostics) -> Sources {
    load_sources_cached(config, diags, None, None)
}

/// Markdown files as an earlier run read them, kept by `serve` so that a
/// save re-reads only the files whose [`Stamp`] changed.
#[derive(Default)]
pub struct ReadCache {
    /// The files found by the last walk, patched since (shared: a save in
    /// place leaves it as it is).
    listing: Mutex<Option<Arc<Listing>>>,
    /// By file name relative to the root (hashing a `PathBuf` is slow).
    files: Mutex<HashMap<String, CachedRead>>,
    /// What the last call made of them, which a save patches.
    last: Mutex<Option<ReadFiles>>,
    /// The files' days in git, read once: a save is not a commit.
    history: OnceLock<Arc<HashMap<String, Date>>>,
}

/// A file as read, with the stamp it had (`None`: read it again next
/// time, it changed or went while it was read) and what reading it
/// reported.
type CachedRead = (Option<Stamp>, Diagnostics, Option<Read>);

/// The Markdown files of a playbook as read, put together.
#[derive(Clone, Default)]
struct ReadFiles {
    notes: Arc<Vec<Arc<SourceNote>>>,
    intros: Vec<SourceIntro>,
    unreadable: BTreeSet<(Lang, NoteId)>,
    /// What reading reported, for the files that reported anything.
    reports: BTreeMap<String, Diagnostics>,
}

impl ReadFiles {
    /// Adds what reading one file gave.
    fn add(&mut self, file: &str, local: &Diagnostics, read: &Option<Read>) {
        if !local.is_empty() {
            self.reports.insert(file.to_string(), local.clone());
        }
        match read {
            Some(Read::Note(note)) => Arc::make_mut(&mut self.notes).push(note.clone()),
            Some(Read::Intro(intro)) => self.intros.push(intro.clone()),
            Some(Read::Unreadable(lang, id)) => {
                self.unreadable.insert((*lang, id.clone()));
            }
            None => {}
        }
    }
}

/// The order of [`Sources::notes`].
fn note_order(a: &SourceNote, b: &SourceNote) -> std::cmp::Ordering {
    (&a.lang, &a.id).cmp(&(&b.lang, &b.id))
}

/// What tells that a file changed without reading it: size, times and
/// inode (a rename-over save is a new inode).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    inode: (u64, u64, i64, i64),
}

/// How often a note whose stamp changed while it was read is read again.
const MID_WRITE_RETRIES: usize = 3;

/// The stamp of a file, or `None` when it cannot be read.
pub fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = {
        use std::os::unix::fs::MetadataExt;
        (meta.dev(), meta.ino(), meta.ctime(), meta.ctime_nsec())
    };
    Some(Stamp {
        len: meta.len(),
        modified: meta.modified().ok(),
        #[cfg(unix)]
        inode,
    })
}

/// Like [`load_sources`], reusing what `cache` read before for every file
/// whose stamp is unchanged. `changed`, when given, lists every file that
/// changed since the last call (paths relative to the root, from the file
/// watcher): then only those are looked at, and the folders are not walked
/// again unless one of them is not a Markdown file of a language folder.
pub fn load_sources_cached(
    config: &Config,
    diags: &mut Diagnostics,
    cache: Option<&ReadCache>,
    changed: Option<&[String]>,
) -> Sources {
    let root = &config.root;
    let content = root.join(CONTENT_DIR);
    let mut sources = Sources {
        last_commits: match cache {
            Some(cache) => cache
                .history
                .get_or_init(|| Arc::new(crate::history::last_commits(root)))
                .clone(),
            None => Arc::new(crate::history::last_commits(root)),
        },
        ..Sources::default()
    };
    // A run that stops early leaves no last result for the next to patch.
    let forget = || {
        if let Some(cache) = cache {
            *cache.last.lock().unwrap_or_else(|e| e.into_inner()) = None;
        }
    };
    match std::fs::metadata(&content) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            forget();
            diags.push(
                Diagnostic::error(codes::CONTENT_FOLDER, "`content` is a file, not a folder")
                    .at(CONTENT_DIR, None)
                    .help("notes live in `content/<language>/*.md`"),
            );
            return sources;
        }
        Err(err) => {
            forget();
            diags.push(
                Diagnostic::error(
                    codes::CONTENT_FOLDER,
                    format!("cannot read `content/`: {err}"),
                )
                .at(CONTENT_DIR, None)
                .help("create `content/<language>/` for each language in book.toml"),
            );
            return sources;
        }
    }
    let patched = match (cache, changed) {
        (Some(cache), Some(changed)) => cache.patched_listing(config, changed),
        _ => None,
    };
    let hinted: Option<BTreeSet<&str>> = patched
        .as_ref()
        .and(changed)
        .map(|c| c.iter().map(String::as_str).collect());
    let listing = patched.unwrap_or_else(|| {
        let listing = Arc::new(list_files(config, &content));
        if let Some(cache) = cache {
            *cache.listing.lock().unwrap_or_else(|e| e.into_inner()) = Some(listing.clone());
        }
        listing
    });
    diags.absorb(listing.diags.clone());
    sources.assets = listing.assets.clone();
    // After a save that the watcher named, only the files it named are
    // read, and the last result is patched; otherwise every file whose
    // stamp changed is read and the result put together anew.
    let patched = match (cache, &hinted) {
        (Some(cache), Some(hinted)) => cache.reread(&listing, hinted),
        _ => None,
    };
    let read = match patched {
        Some(read) => read,
        None => read_all(&listing.markdown, cache),
    };
    for report in read.reports.values() {
        diags.absorb(report.clone());
    }
    sources.notes = read.notes.clone();
    sources.intros = read.intros.clone();
    sources.unreadable = read.unreadable.clone();
    if let Some(cache) = cache {
        *cache.last.lock().unwrap_or_else(|e| e.into_inner()) = Some(read);
    }
    sources
}

/// Reads one Markdown file, with its stamp when `stamped` (for the cache).
fn read_one(lang: &Lang, path: &Path, file: &str, stamped: bool) -> CachedRead {
    let _working = crate::crash::working_on(file);
    crate::progress::note_read();
    // Stamp before reading: a write after the stamp leaves a stamp that
    // differs next time, so the newer text is read then.
    let mut stamp = stamped.then(|| self::stamp(path)).flatten();
    let mut local = Diagnostics::new();
    let mut read = read_markdown(lang, path, file, &mut local);
    // A file whose stamp changed while it was read was caught in the
    // middle of a save: read it again (a few times at most; the stamp then
    // says it changed, and the watcher's next event brings the rest).
    for _ in 0..MID_WRITE_RETRIES {
        let after = stamped.then(|| self::stamp(path)).flatten();
        if after == stamp {
            break;
        }
        stamp = after;
        local = Diagnostics::new();
        read = read_markdown(lang, path, file, &mut local);
    }
    // A file read without a problem keeps no copy of its text in the
    // report: the model adds it if it reports on the file.
    local.forget_sources_if_clean();
    (stamp, local, read)
}

/// Reads every listed Markdown file whose stamp differs from the one in
/// `cache` (every file, without a cache) and keeps what was read there.
fn read_all(markdown: &[(Lang, PathBuf, String)], cache: Option<&ReadCache>) -> ReadFiles {
    // Files whose stamp is unchanged come from the cache, read-only and
    // without a lock; the cache keeps only the files that exist now.
    let known =
        cache.map(|c| std::mem::take(&mut *c.files.lock().unwrap_or_else(|e| e.into_inner())));
    let read: Vec<(bool, CachedRead)> = markdown
        .par_iter()
        .map(|(lang, path, file)| {
            if let Some(known) = &known
                && let Some(cached @ (Some(old), _, _)) = known.get(file)
                && stamp(path).as_ref() == Some(old)
            {
                return (true, cached.clone());
            }
            (false, read_one(lang, path, file, known.is_some()))
        })
        .collect();
    let mut files = ReadFiles::default();
    for ((_, _, file), (_, (_, local, read))) in markdown.iter().zip(&read) {
        files.add(file, local, read);
    }
    // The listing keeps its order from one save to the next.
    let notes = Arc::make_mut(&mut files.notes);
    if !notes.is_sorted_by(|a, b| note_order(a, b).is_le()) {
        notes.sort_by(|a, b| note_order(a, b));
    }
    if let Some(cache) = cache {
        let mut known = known.unwrap_or_default();
        let listed: HashSet<&str> = markdown.iter().map(|(_, _, f)| f.as_str()).collect();
        known.retain(|file, _| listed.contains(file.as_str()));
        for ((_, _, file), (cached, entry)) in markdown.iter().zip(read) {
            if !cached {
                known.insert(file.clone(), entry);
            }
        }
        *cache.files.lock().unwrap_or_else(|e| e.into_inner()) = known;
    }
    files
}

/// The files of a playbook: Markdown files to read, files to copy, and
/// what was wrong with the folders.
#[derive(Clone, Default)]
struct Listing {
    markdown: Vec<(Lang, PathBuf, String)>,
    assets: Vec<Asset>,
    diags: Diagnostics,
}

impl ReadCache {
    /// The last call's files with the `hinted` ones read again (or
    /// dropped, when `listing` no longer has them); `None` when there is
    /// no last call, or a file's place among the notes is not clear.
    fn reread(&self, listing: &Listing, hinted: &BTreeSet<&str>) -> Option<ReadFiles> {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner()).take()?;
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let listed: HashMap<&str, (&Lang, &Path)> = listing
            .markdown
            .iter()
            .filter(|(_, _, f)| hinted.contains(f.as_str()))
            .map(|(lang, path, f)| (f.as_str(), (lang, path.as_path())))
            .collect();
        for file in hinted {
            last.reports.remove(*file);
            match files.remove(*file).and_then(|(_, _, read)| read) {
                Some(Read::Note(note)) => {
                    let notes = Arc::make_mut(&mut last.notes);
                    let at = notes.binary_search_by(|n| note_order(n, &note)).ok()?;
                    if notes[at].file != note.file {
                        return None;
                    }
                    notes.remove(at);
                }
                Some(Read::Intro(intro)) => last.intros.retain(|i| i.file != intro.file),
                Some(Read::Unreadable(lang, id)) => {
                    last.unreadable.remove(&(lang, id));
                }
                None => {}
            }
            let Some((lang, path)) = listed.get(file) else {
                continue;
            };
            let (stamp, local, read) = read_one(lang, path, file, true);
            if let Some(Read::Note(note)) = &read {
                let notes = Arc::make_mut(&mut last.notes);
                let at = notes.binary_search_by(|n| note_order(n, note)).err()?;
                notes.insert(at, note.clone());
                if !local.is_empty() {
                    last.reports.insert(file.to_string(), local.clone());
                }
            } else {
                last.add(file, &local, &read);
            }
            files.insert(file.to_string(), (stamp, local, read));
        }
        Some(last)
    }

    /// The last listing with `changed` applied, or `None` when a walk is
    /// needed: there is no listing yet, or a changed path is not a
    /// Markdown file in a language folder (a folder, an asset, book.toml).
    fn patched_listing(&self, config: &Config, changed: &[String]) -> Option<Arc<Listing>> {
        let mut listing = self
            .listing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()?;
        let root = &config.root;
        for rel in changed {
            let rest = rel.strip_prefix(CONTENT_DIR)?.strip_prefix('/')?;
            let (lang, inner) = rest.split_once('/')?;
            let language = config.languages.iter().find(|l| l.lang.as_str() == lang)?;
            let is_markdown = Path::new(inner)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md"));
            if !is_markdown || inner.split('/').any(ignored) {
                return None;
            }
            let dir = root.join(CONTENT_DIR).join(lang);
            let path = dir.join(inner);
            if crate::walk::is_link(&path) {
                return None;
            }
            let mut problems = Diagnostics::new();
            let name = relative_name(&dir, &path, &mut problems, root)?;
            if problems.error_count() + problems.warning_count() > 0 {
                return None;
            }
            let file = format!("{CONTENT_DIR}/{lang}/{name}");
            let listed = listing.markdown.iter().any(|(_, _, f)| *f == file);
            let exists = std::fs::metadata(&path).is_ok_and(|m| m.is_file());
            if listed != exists {
                let markdown = &mut Arc::make_mut(&mut listing).markdown;
                if exists {
                    markdown.push((language.lang, path, file));
                } else {
                    markdown.retain(|(_, _, f)| *f != file);
                }
            }
        }
        *self.listing.lock().unwrap_or_else(|e| e.into_inner()) = Some(listing.clone());
        Some(listing)
    }
}

/// Walks `content/` and `static/`.
fn list_files(config: &Config, content: &Path) -> Listing {
    let root = &config.root;
    let mut listing = Listing::default();
    let diags = &mut listing.diags;
    let bounds = Bounds::new(root);
    if !bounds.check(content, diags) {
        return listing;
    }
    check_top_level(config, content, diags);
    for language in &config.languages {
        let dir = content.join(language.lang.as_str());
        if !dir.is_dir() {
            diags.push(
                Diagnostic::warning(
                    codes::MISSING_LANGUAGE_FOLDER,
                    format!(
                        "no folder `content/{}` for language `{}`",
                        language.lang, language.lang
                    ),
                )
                .at("book.toml", None)
                .help(format!(
                    "create `content/{}/` and add translations, or remove `[languages.{}]`",
                    language.lang, language.lang
                )),
            );
            continue;
        }
        walk_language(
            &bounds,
            root,
            &dir,
            &language.lang,
            &mut listing.markdown,
            &mut listing.assets,
            diags,
        );
    }
    let static_dir = root.join(STATIC_DIR);
    if static_dir.is_dir() {
        for path in bounds.files(&static_dir, diags) {
            if let Some(rel) = relative_name(&static_dir, &path, diags, root) {
                listing.assets.push(Asset {
                    site_path: rel,
                    size: crate::images::size(&path),
                    source: path,
                });
            }
        }
    }
    listing.assets.sort();
    // In the order notes are kept in (language, then file, nearly always
    // the order of ids), so that the notes of a rebuild need no sorting.
    listing
        .markdown
        .sort_by(|a, b| (&a.0, &a.2).cmp(&(&b.0, &b.2)));
    let diags = &mut listing.diags;
    listing.markdown.dedup_by(|later, kept| {
        let same = later.2 == kept.2;
        if same {
            diags.push(same_name(root, &kept.2, &kept.1, &later.1));
        }
        same
    });
    listing.assets.dedup_by(|later, kept| {
        let same = later.site_path == kept.site_path;
        if same {
            diags.push(same_name(
                root,
                &kept.site_path,
                &kept.source,
                &later.source,
            ));
        }
        same
    });
    listing
}

/// Two files whose names differ only in Unicode normalization (`ö` as one
/// code point or as `o` and a combining mark), which would share one page.
fn same_name(root: &Path, name: &str, kept: &Path, other: &Path) -> Diagnostic {
    let spelled = |p: &Path| format!("{:?}", display_path(root, p));
    Diagnostic::error(
        codes::DUPLICATE_PATH,
        format!(
            "two files are both named `{name}`: {} and {} differ only in how their accents are encoded",
            spelled(kept),
            spelled(other)
        ),
    )
    .at(&display_path(root, other), None)
    .help("keep one of them: delete or rename the other (a copy from another system often spells accents as separate marks)")
}

/// One Markdown file as read.
#[derive(Clone)]
pub enum Read {
    /// A note.
    Note(Arc<SourceNote>),
    /// A home page intro.
    Intro(SourceIntro),
    /// A note that could not be read (already reported).
    Unreadable(Lang, NoteId),
}

fn check_top_level(config: &Config, content: &Path, diags: &mut Diagnostics) {
    let Ok(entries) = std::fs::read_dir(content) else {
        return;
    };
    let mut names: Vec<(String, bool)> = entries
        .filter_map(Result::ok)
        .map(|e| {
            let is_dir = e.path().is_dir();
            (e.file_name().to_string_lossy().into_owned(), is_dir)
        })
        .collect();
    names.sort();
    for (name, is_dir) in names {
        if ignored(&name) {
            continue;
        }
        let declared = config.languages.iter().any(|l| l.lang.as_str() == name);
        if is_dir && !declared {
            let known: Vec<&str> = config.languages.iter().map(|l| l.lang.as_str()).collect();
            diags.push(
                Diagnostic::error(
                    codes::UNDECLARED_LANGUAGE,
                    format!("folder `content/{name}` is not a language declared in book.toml"),
                )
                .at(&format!("{CONTENT_DIR}/{name}"), None)
                .help(format!(
                    "declare it with `[languages.{name}]` in book.toml, or move its notes into one of: {}",
                    known.join(", ")
                )),
            );
        } else if !is_dir {
            diags.push(
                Diagnostic::warning(
                    codes::STRAY_FILE,
                    format!("`content/{name}` is outside every language folder and is ignored"),
                )
                .at(&format!("{CONTENT_DIR}/{name}"), None)
                .help("move it into `content/<language>/`"),
            );
        }
    }
}

/// `path` below `base` as a `/`-separated NFC string, or an error for a
/// name that is not UTF-8.
fn relative_name(base: &Path, path: &Path, diags: &mut Diagnostics, root: &Path) -> Option<String> {
    let rel = path.strip_prefix(base).ok()?;
    let mut parts = Vec::new();
    for component in rel.components() {
        match component.as_os_str().to_str() {
            Some(s) if s.is_ascii() => parts.push(s.to_string()),
            Some(s) => parts.push(s.nfc().collect::<String>()),
            None => {
                diags.push(
                    Diagnostic::error(
                        codes::FILE_NAME,
                        "this file name is not valid UTF-8 and cannot become a URL",
                    )
                    .at(&display_path(root, path), None)
                    .help("rename the file using UTF-8 characters"),
                );
                return None;
            }
        }
    }
    Some(parts.join("/"))
}

fn walk_language(
    bounds: &Bounds,
    root: &Path,
    dir: &Path,
    lang: &Lang,
    markdown: &mut Vec<(Lang, PathBuf, String)>,
    assets: &mut Vec<Asset>,
    diags: &mut Diagnostics,
) {
    for path in bounds.files(dir, diags) {
        let Some(rel) = relative_name(dir, &path, diags, root) else {
            continue;
        };
        let file = format!("{CONTENT_DIR}/{lang}/{rel}");
        let is_markdown = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        if is_markdown {
            markdown.push((*lang, path, file));
        } else {
            assets.push(Asset {
                site_path: crate::routes::language_file(lang, &rel),
                size: crate::images::size(&path),
                source: path,
            });
        }
    }
}

fn read_markdown(lang: &Lang, path: &Path, file: &str, diags: &mut Diagnostics) -> Option<Read> {
    let rel = file
        .strip_prefix(&format!("{CONTENT_DIR}/{lang}/"))
        .unwrap_or(file);
    let is_intro = rel == INTRO_FILE;
    let stem = &rel[..rel.len() - 3];
    if !is_intro && stem.rsplit('/').next() == Some("_index") {
        diags.push(
            Diagnostic::warning(
                codes::IGNORED_INDEX,
                "only `content/<language>/_index.md` is read, as the home page intro",
            )
            .at(file, None)
            .help("rename this file to make it a note"),
        );
        return None;
    }
    let id = if is_intro {
        None
    } else {
        match NoteId::new(stem) {
            Ok(id) => Some(id),
            Err(msg) => {
                diags.push(Diagnostic::error(codes::FILE_NAME, msg).at(file, None));
                return None;
            }
        }
    };
    let unreadable = || id.clone().map(|id| Read::Unreadable(*lang, id));

    let bytes = match crate::walk::read_regular(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            diags.push(
                Diagnostic::error(
                    codes::UNREADABLE_FILE,
                    format!("cannot read this note: {err}"),
                )
                .at(file, None)
                .help("check the file's permissions"),
            );
            return unreadable();
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            let lossy: Arc<str> = Arc::from(String::from_utf8_lossy(err.as_bytes()).as_ref());
            diags.add_source(file, lossy);
            diags.push(
                Diagnostic::error(codes::INVALID_UTF8, "this note is not valid UTF-8")
                    .at(file, Some(at..at + 1))
                    .label("invalid byte")
                    .help("save the file as UTF-8"),
            );
            return unreadable();
        }
    };
    let mut text: Arc<str> = match text.strip_prefix('\u{feff}') {
        Some(rest) => Arc::from(rest),
        None => Arc::from(text),
    };
    let split = front_matter::split(&text);
    // CommonMark replaces U+0000 in the body with U+FFFD; doing it here
    // keeps a NUL out of every place the body reaches (summaries, the meta
    // description, the search index). The front matter before it keeps its
    // offsets, and a NUL there stays an error of TOML's.
    let body_start = split.as_ref().map_or(0, |s| s.body_start);
    if text[body_start..].contains('\0') {
        let body = text[body_start..].replace('\0', "\u{fffd}");
        text = Arc::from(format!("{}{body}", &text[..body_start]));
    }
    diags.add_source(file, text.clone());

    let split = match split {
        Ok(split) => split,
        Err(problem) => {
            if is_intro && matches!(problem, SplitError::Missing { .. }) {
                return Some(Read::Intro(SourceIntro {
                    lang: *lang,
                    file: file.to_string(),
                    text: text.clone(),
                    body_start: 0,
                    title: None,
                }));
            }
            diags.push(problem.diagnostic(file));
            return unreadable();
        }
    };
    let doc = Doc {
        file,
        base: split.toml.start,
    };
    let table = doc.parse(&text[split.toml.clone()], FRONT_MATTER, diags);
    let Some(table) = table else {
        return unreadable();
    };

    if is_intro {
        let mut intro = SourceIntro {
            lang: *lang,
            file: file.to_string(),
            text: text.clone(),
            body_start: split.body_start,
            title: None,
        };
        doc.fields(
            &table,
            "",
            "in a home page intro",
            INTRO_FIELDS,
            &mut intro,
            diags,
        );
        return Some(Read::Intro(intro));
    }

    let mut front = RawFrontMatter {
        span: split.block,
        ..RawFrontMatter::default()
    };
    read_front_matter(&doc, &table, &mut front, diags);
    Some(Read::Note(Arc::new(SourceNote {
        revision: next_revision(),
        lang: *lang,
        id: id?,
        file: file.to_string(),
        body_start: split.body_start,
        text,
        front,
    })))
}

/// Reads a note's front-matter table through [`FRONT_MATTER_FIELDS`].
fn read_front_matter(
    doc: &Doc<'_>,
    table: &toml::de::DeTable<'_>,
    front: &mut RawFrontMatter,
    diags: &mut Diagnostics,
) {
    doc.fields(
        table,
        "",
        "in front matter",
        FRONT_MATTER_FIELDS,
        front,
        diags,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(toml: &str) -> (RawFrontMatter, Diagnostics) {
        let mut diags = Diagnostics::new();
        let doc = Doc {
            file: "en/a.md",
            base: 0,
        };
        let table = doc.parse(toml, FRONT_MATTER, &mut diags).unwrap();
        let mut front = RawFrontMatter::default();
        read_front_matter(&doc, &table, &mut front, &mut diags);
        (front, diags)
    }

    #[test]
    fn each_key_reads_into_its_own_field() {
        let (front, diags) = read(
            "title = \"T\"\ntags = [\"downstream\"]\nstrategy = \"s\"\nsummary = \"S\"\n\
             metrics = [\"m\"]\nowner = \"o\"\nweight = 3\ndraft = true\nslug = \"sl\"\n\
             translated-from = \"abc\"\n",
        );
        assert_eq!(diags.error_count() + diags.warning_count(), 0);
        let string = |e: &Entry<String>| e.given().map(|a| a.value.clone());
        assert_eq!(string(&front.title).as_deref(), Some("T"));
        assert_eq!(string(&front.strategy).as_deref(), Some("s"));
        assert_eq!(string(&front.summary).as_deref(), Some("S"));
        assert_eq!(string(&front.owner).as_deref(), Some("o"));
        assert_eq!(string(&front.slug).as_deref(), Some("sl"));
        assert_eq!(string(&front.translated_from).as_deref(), Some("abc"));
        assert_eq!(front.tags.given().unwrap().value[0].value, "downstream");
        assert_eq!(front.metrics.given().unwrap().value[0].value, "m");
        assert_eq!(front.weight.given().unwrap().value, 3);
        assert!(front.draft.given().unwrap().value);
    }

    #[test]
    fn a_wrong_value_is_invalid_not_absent_and_an_unknown_key_names_a_near_one() {
        let (front, diags) = read("title = 3\nstratgy = \"s\"\n");
        assert!(front.title.is_invalid());
        assert_eq!(front.strategy, Entry::Absent);
        let messages: Vec<String> = diags
            .sorted()
            .iter()
            .map(|d| format!("{} {:?}", d.message, d.help))
            .collect();
        assert_eq!(diags.error_count(), 1, "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("unknown key `stratgy`") && m.contains("`strategy`")),
            "{messages:?}"
        );
    }
}
