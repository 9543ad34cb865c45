//! Markdown to HTML: one dialect, heading ids, and link classification.
//!
//! Each body is parsed once: [`scan`] (by the model) finds headings, their
//! ids, the first paragraph and every link with its span, so that links can
//! be checked before anything is rendered, and writes the HTML with holes
//! for what depends on the page; [`fill`] (by the renderer) fills the holes,
//! asking a resolver for each link's URL. Links are classified once, by
//! [`classify`], so the check and the page always agree.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use percent_encoding::percent_decode_str;
use pulldown_cmark::{BlockQuoteKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};
use unicode_normalization::UnicodeNormalization;

use crate::ids::{NoteId, slugify};

mod autolink;

/// The one Markdown dialect: CommonMark plus tables, footnotes,
/// strikethrough, task lists, GitHub's alerts (`> [!TIP]`), heading
/// attributes and wikilinks.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_GFM
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// What a link in a note points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another note (or this one) in the same language, maybe at a heading.
    Note {
        /// The target note.
        id: NoteId,
        /// A heading id in it.
        anchor: Option<String>,
    },
    /// A heading of this note.
    Anchor(String),
    /// A non-Markdown file of the same language folder, by its path below
    /// that folder.
    Asset(FileLink),
    /// A file the site copies, named by a root-relative link
    /// (`/images/funnel.png`): one under `static/`, shared by every
    /// language, or one of a language folder. The path is below the site
    /// root; the link is rewritten relative, so that it works under a
    /// subfolder and from `file://`.
    Shared(FileLink),
    /// Another site (or a protocol-relative `//host/` URL): left as written.
    External,
    /// An empty destination (`[text]()`): left as written (`href=""`),
    /// with a warning.
    Empty,
    /// A link that cannot name anything; the text says why.
    Invalid(String),
}

/// A link to a file: its path (decoded, NFC) and what followed the path
/// as written (`?v=2#page=3`), which the rewritten link keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileLink {
    /// The file's path, `/`-separated, without a leading `/`.
    pub path: String,
    /// The query and fragment, from `?` or `#` on; empty when none.
    pub rest: String,
}

/// A link found by [`scan`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkRef {
    /// What it points at.
    pub target: LinkTarget,
    /// The link's bytes in the body.
    pub span: Range<usize>,
    /// Whether it was written as `[[wikilink]]`.
    pub wiki: bool,
}

/// A heading found by [`scan`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// Its unique id on the page.
    pub id: String,
    /// Its text.
    pub text: String,
    /// 1 to 6.
    pub level: u8,
    /// Whether the id was written as `{#id}`.
    pub explicit: bool,
    /// The heading's bytes in the body.
    pub span: Range<usize>,
}

/// What the model needs to know about a body before rendering.
#[derive(Clone, Debug, Default)]
pub struct Scan {
    /// Headings in order, with unique ids.
    pub headings: Vec<Heading>,
    /// Links and images in order.
    pub links: Vec<LinkRef>,
    /// The plain text of the first paragraph: the default summary.
    pub first_paragraph: Option<String>,
    /// `{#id}`s written twice: the later heading's span.
    pub duplicate_ids: Vec<(String, Range<usize>)>,
    /// The body as HTML, to be filled in for each page that shows it.
    pub html: Compiled,
    /// The body's text, its pieces separated by spaces (for search).
    pub text: String,
}

impl Scan {
    /// Whether the page has a heading with this id.
    pub fn has_anchor(&self, id: &str) -> bool {
        self.headings.iter().any(|h| h.id == id)
    }
}

/// Reads a body once: headings with unique ids, links, first paragraph,
/// and the HTML with holes for links.
/// `note_dir` is the folder of the note below its language folder (`""` at
/// the top), for resolving relative links.
pub fn scan(body: &str, note_dir: &str) -> Scan {
    let mut scan = Scan::default();
    let mut raw_headings: Vec<(Option<String>, String, u8, Range<usize>)> = Vec::new();
    let mut in_heading: Option<(Option<String>, String, u8, Range<usize>)> = None;
    let mut paragraph: Option<String> = None;
    // Adjacent text events (the parser splits text at `[`), joined to find
    // `[[|label]]` in the text as written.
    let mut text_run: Option<Range<usize>> = None;
    // Code is shown as written, never read for links; an image's text is
    // only its `alt`, so links in it go nowhere and are not checked.
    let mut in_code_block = false;
    let mut image_depth = 0usize;
    let mut events: Vec<(Event<'_>, Range<usize>)> = Vec::with_capacity(body.len() / 16);
    events.extend(Parser::new_ext(body, options()).into_offset_iter());
    for (event, range) in events.iter().cloned() {
        match (&event, &mut text_run) {
            (Event::Text(_), _) if in_code_block || image_depth > 0 => {}
            (Event::Text(_), Some(run)) if run.end == range.start => run.end = range.end,
            (Event::Text(_), _) => {
                if let Some(run) = text_run.take() {
                    empty_wikilinks(&body[run.clone()], &run, &mut scan.links);
                }
                text_run = Some(range.clone());
            }
            _ => {
                if let Some(run) = text_run.take() {
                    empty_wikilinks(&body[run.clone()], &run, &mut scan.links);
                }
            }
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Start(Tag::Heading { level, id, .. }) => {
                in_heading = Some((id.map(|s| s.to_string()), String::new(), level as u8, range));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = in_heading.take() {
                    raw_headings.push(h);
                }
            }
            Event::Start(Tag::Paragraph) if scan.first_paragraph.is_none() => {
                paragraph = Some(String::new());
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(text) = paragraph.take() {
                    let mut words = text.split_whitespace();
                    let mut text = String::with_capacity(text.len());
                    if let Some(first) = words.next() {
                        text.push_str(first);
                        for word in words {
                            text.push(' ');
                            text.push_str(word);
                        }
                    }
                    if !text.is_empty() {
                        scan.first_paragraph = Some(text);
                    }
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if image_depth == 0 => {
                let target = classify(&dest_url, link_type, note_dir);
                scan.links.push(link_ref(target, link_type, range));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => {
                if image_depth == 0 {
                    let target = classify_image(&dest_url, link_type, note_dir);
                    scan.links.push(link_ref(target, link_type, range));
                }
                image_depth += 1;
            }
            Event::Text(text) => {
                push_words(&mut scan.text, &text);
                if let Some((_, heading_text, _, _)) = &mut in_heading {
                    heading_text.push_str(&text);
                }
                if let Some(p) = &mut paragraph {
                    p.push_str(&text);
                }
            }
            Event::Code(text) => {
                push_words(&mut scan.text, &text);
                if let Some((_, heading_text, _, _)) = &mut in_heading {
                    heading_text.push_str(&text);
                }
                if let Some(p) = &mut paragraph {
                    p.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(p) = &mut paragraph {
                    p.push(' ');
                }
            }
            _ => {}
        }
    }
    if let Some(run) = text_run.take() {
        empty_wikilinks(&body[run.clone()], &run, &mut scan.links);
    }
    assign_heading_ids(&mut scan, raw_headings);
    let footnotes = Footnotes::new(events.iter().map(|(event, _)| event));
    let has_definitions = events
        .iter()
        .any(|(e, _)| matches!(e, Event::Start(Tag::FootnoteDefinition(_))));
    let events = events.into_iter().map(|(event, _)| event);
    scan.html = if has_definitions {
        let events = definitions_last(events.collect()).into_iter();
        compile(body, events, note_dir, &scan.headings, footnotes)
    } else {
        compile(body, events, note_dir, &scan.headings, footnotes)
    };
    scan
}

/// Moves footnote definitions to the end of the body, in the order they
/// were written, inside one `<div class="footnotes">`: readers look for
/// them there, wherever the author wrote them.
fn definitions_last(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut body = Vec::with_capacity(events.len() + 2);
    let mut notes = vec![Event::Html(CowStr::Borrowed("<div class=\"footnotes\">\n"))];
    let mut depth = 0usize;
    for event in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => {
                depth += 1;
                notes.push(event);
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                notes.push(event);
                depth = depth.saturating_sub(1);
            }
            _ if depth > 0 => notes.push(event),
            _ => body.push(event),
        }
    }
    notes.push(Event::Html(CowStr::Borrowed("</div>\n")));
    body.extend(notes);
    body
}

fn link_ref(target: LinkTarget, link_type: LinkType, span: Range<usize>) -> LinkRef {
    LinkRef {
        target,
        span,
        wiki: matches!(link_type, LinkType::WikiLink { .. }),
    }
}

/// Appends text to `out`, words separated by one space.
fn push_words(out: &mut String, text: &str) {
    // Search splits words itself: a space between texts is all it needs.
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(text);
}

/// `[[|label]]` is no wikilink to the parser, so it would reach the page as
/// literal text; it is reported like `[[ ]]`, as a link that names no note.
fn empty_wikilinks(text: &str, range: &Range<usize>, links: &mut Vec<LinkRef>) {
    let mut from = 0;
    while let Some(open) = text[from..].find("[[").map(|i| from + i) {
        let inner = &text[open + 2..];
        from = open + 2;
        if let Some(close) = inner.find("]]")
            && inner[..close].trim_start().starts_with('|')
        {
            let start = (range.start + open).min(range.end);
            let end = (start + close + 4).min(range.end);
            links.push(LinkRef {
                target: LinkTarget::Invalid("this wikilink names no note".into()),
                span: start..end,
                wiki: true,
            });
        }
    }
}

/// The ids that the default theme's templates and scripts give elements of
/// every note page (the main landmark, the search box and its results, the
/// language list, a strategy's tactics, the menu, the navigation beside
/// the text and its table of contents): a heading never takes one, or its
/// `#` link would jump there instead. A generated id gets a suffix
/// (`search-1`); an explicit `{#search}` is reported like a duplicate.
pub const RESERVED_IDS: [&str; 15] = [
    "languages",
    "main",
    "pb-404-heading",
    "pb-404-site",
    "pb-404-strings",
    "pb-404-text",
    "pb-contents",
    "pb-map",
    "pb-menu",
    "pb-sidebar",
    "pb-tactics",
    "pb-toc",
    "search",
    "search-results",
    "search-status",
];

fn assign_heading_ids(scan: &mut Scan, raw: Vec<(Option<String>, String, u8, Range<usize>)>) {
    let mut used: HashSet<String> = RESERVED_IDS.iter().map(|id| id.to_string()).collect();
    let mut suffixes: HashMap<String, usize> = HashMap::new();
    for (id, _, _, span) in &raw {
        if let Some(id) = id
            && !used.insert(id.clone())
        {
            scan.duplicate_ids.push((id.clone(), span.clone()));
        }
    }
    for (id, text, level, span) in raw {
        let (id, explicit) = match id {
            Some(id) => (id, true),
            None => {
                let base = slugify(&text);
                let base = if base.is_empty() {
                    "section".to_string()
                } else {
                    base
                };
                // Numbering resumes where this base last stopped, so that
                // 10,000 `## Step` headings take linear time.
                let next = suffixes.entry(base.clone()).or_insert(1);
                let mut candidate = base.clone();
                while used.contains(&candidate) {
                    candidate = format!("{base}-{next}");
                    *next += 1;
                }
                used.insert(candidate.clone());
                (candidate, false)
            }
        };
        scan.headings.push(Heading {
            id,
            text,
            level,
            explicit,
            span,
        });
    }
}

/// Decides what a link destination points at. Relative paths are resolved
/// against `note_dir`; wikilinks against the language folder.
pub fn classify(dest: &str, link_type: LinkType, note_dir: &str) -> LinkTarget {
    if matches!(link_type, LinkType::Autolink | LinkType::Email) {
        return LinkTarget::External;
    }
    let dest = dest.trim();
    if let LinkType::WikiLink { .. } = link_type {
        let (target, anchor) = split_anchor(dest);
        if let Some(anchor) = &anchor
            && anchor.is_empty()
        {
            return LinkTarget::Invalid(format!("`[[{dest}]]` has an empty `#anchor`"));
        }
        let target = target.trim();
        if target.is_empty() {
            return match anchor {
                Some(anchor) => LinkTarget::Anchor(anchor),
                None => LinkTarget::Invalid("this wikilink names no note".into()),
            };
        }
        return match NoteId::new(target) {
            Ok(id) => LinkTarget::Note { id, anchor },
            Err(msg) => LinkTarget::Invalid(msg),
        };
    }
    if dest.is_empty() {
        return LinkTarget::Empty;
    }
    if dest.starts_with("//") || has_scheme(dest) {
        return LinkTarget::External;
    }
    // The path ends where the query or the fragment starts.
    let end = dest.find(['?', '#']).unwrap_or(dest.len());
    let (path, rest) = dest.split_at(end);
    if let Some(rooted) = path.strip_prefix('/') {
        let decoded: String = percent_decode_str(rooted)
            .decode_utf8_lossy()
            .nfc()
            .collect();
        return match join("", &decoded) {
            Some(joined) if !joined.is_empty() && !decoded.ends_with('/') => {
                LinkTarget::Shared(FileLink {
                    path: joined,
                    rest: rest.to_string(),
                })
            }
            Some(_) => LinkTarget::Invalid(format!(
                "`{path}` names a folder: a root-relative link names a file under `static/`"
            )),
            None => LinkTarget::Invalid(format!("`{path}` points above the site's root")),
        };
    }
    let (_, anchor) = split_anchor(dest);
    if path.is_empty() {
        return match anchor {
            Some(a) if !a.is_empty() => LinkTarget::Anchor(a),
            _ => LinkTarget::Invalid("this link has an empty `#anchor`".into()),
        };
    }
    let decoded: String = percent_decode_str(path).decode_utf8_lossy().nfc().collect();
    let Some(joined) = join(note_dir, &decoded) else {
        return LinkTarget::Invalid(format!("`{path}` points outside this language's folder"));
    };
    if let Some(anchor) = &anchor
        && anchor.is_empty()
    {
        return LinkTarget::Invalid("this link has an empty `#anchor`".into());
    }
    match joined.strip_suffix(".md") {
        Some(stem) => match NoteId::new(stem) {
            Ok(id) => LinkTarget::Note { id, anchor },
            Err(msg) => LinkTarget::Invalid(msg),
        },
        None => LinkTarget::Asset(FileLink {
            path: joined,
            rest: rest.to_string(),
        }),
    }
}

/// Text with GFM's extended autolinks made links: `https://` and
/// `http://` URLs, `www.` hosts (linked with `http://`) and email
/// addresses (with `mailto:`), by GFM's rules ([`autolink::find`]).
fn autolink<'a>(
    pieces: &mut Vec<CowStr<'a>>,
    out: &mut Vec<Event<'a>>,
    holes: &mut Vec<Hole>,
    mark: char,
) {
    // Most text holds no link: it stays as the parser gave it, and the
    // finder runs only where a link can be.
    let maybe = |t: &str| t.contains(':') || t.contains('@') || t.contains("www.");
    if !pieces.iter().any(|t| maybe(t)) {
        out.extend(pieces.drain(..).map(Event::Text));
        return;
    }
    let text: String = pieces.concat();
    let links = autolink::find(&text);
    if links.is_empty() {
        out.extend(pieces.drain(..).map(Event::Text));
        return;
    }
    pieces.clear();
    let mut from = 0;
    for link in links {
        let Range { start, end } = link.range;
        if start > from {
            out.push(Event::Text(CowStr::from(text[from..start].to_string())));
        }
        holes.push(Hole::LinkStart(Box::new(LinkHole {
            target: LinkTarget::External,
            dest: link.href,
            title: String::new(),
            bare_wiki: false,
        })));
        out.push(Event::InlineHtml(CowStr::from(mark.to_string())));
        out.push(Event::Text(CowStr::from(text[start..end].to_string())));
        holes.push(Hole::LinkEnd);
        out.push(Event::InlineHtml(CowStr::from(format!("{mark}</a>"))));
        from = end;
    }
    if from < text.len() {
        out.push(Event::Text(CowStr::from(text[from..].to_string())));
    }
}

/// GitHub's alerts, in the order of [`RenderOptions::alert_labels`]: the
/// kind, its class (`callout-tip`) and the icon beside its title.
const ALERTS: [(BlockQuoteKind, &str, &str); 5] = [
    (BlockQuoteKind::Note, "note", "ℹ"),
    (BlockQuoteKind::Tip, "tip", "✦"),
    (BlockQuoteKind::Important, "important", "❖"),
    (BlockQuoteKind::Warning, "warning", "⚠"),
    (BlockQuoteKind::Caution, "caution", "⛔"),
];

/// The files `![[name.ext]]` embeds as an image, by extension.
const EMBEDDED_IMAGES: [&str; 8] = ["png", "jpg", "jpeg", "gif", "webp", "svg", "avif", "bmp"];

/// Decides what an image's source points at. An Obsidian-style embed,
/// `![[funnel.png]]`, is the image file of that path below the language
/// folder (as wikilinks are resolved); `![[note]]` would show a page as an
/// image, so it is refused with a hint: playbook does not embed notes.
pub fn classify_image(dest: &str, link_type: LinkType, note_dir: &str) -> LinkTarget {
    let LinkType::WikiLink { .. } = link_type else {
        return classify(dest, link_type, note_dir);
    };
    let target = dest.trim();
    let is_image = target
        .rsplit_once('.')
        .is_some_and(|(_, ext)| EMBEDDED_IMAGES.iter().any(|e| ext.eq_ignore_ascii_case(e)));
    if !is_image {
        return LinkTarget::Invalid(format!(
            "`![[{target}]]` embeds a note, which playbook does not do: link it with `[[{target}]]`, or embed an image file such as `![[funnel.png]]`"
        ));
    }
    let name: String = target.nfc().collect();
    match join("", &name) {
        Some(path) if !path.is_empty() => LinkTarget::Asset(FileLink {
            path,
            rest: String::new(),
        }),
        _ => LinkTarget::Invalid(format!("`{target}` points outside this language's folder")),
    }
}

fn split_anchor(dest: &str) -> (&str, Option<String>) {
    match dest.split_once('#') {
        Some((path, anchor)) => (
            path,
            Some(percent_decode_str(anchor).decode_utf8_lossy().into_owned()),
        ),
        None => (dest, None),
    }
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(colon) => {
            let scheme = &dest[..colon];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Joins a relative path to a folder, resolving `.` and `..`; `None` when
/// it climbs above the top.
fn join(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for segment in rel.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// A link as the renderer should write it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// The URL, already percent-encoded where needed.
    pub href: String,
    /// The target's title, used as the text of a bare `[[wikilink]]`.
    pub title: Option<String>,
    /// Set when the target page belongs to another language's site.
    pub hreflang: Option<String>,
    /// The language of `title` when it is not the page's (a note the
    /// page's language lacks).
    pub title_lang: Option<String>,
    /// An image file's width and height in pixels, when the build could
    /// read them: written on the `<img>`, so the page does not jump while
    /// it loads.
    pub size: Option<(u32, u32)>,
}

/// How to render one body.
pub struct RenderOptions<'a> {
    /// Prefixed to every id on the page (the print page holds many notes).
    pub id_prefix: &'a str,
    /// The accessible name of the `#` link beside each heading.
    pub anchor_label: &'a str,
    /// The accessible names of task list boxes: not done, done.
    pub task_labels: [&'a str; 2],
    /// The titles of GitHub's alerts: note, tip, important, warning,
    /// caution.
    pub alert_labels: [&'a str; 5],
}

/// A body rendered once, with holes for what depends on the page it is
/// shown on: the id prefix, the heading-anchor label, and each link's URL.
/// The note page and the print page fill the same compiled body, so each
/// Markdown file is parsed only once per build.
#[derive(Clone, Debug, Default)]
pub struct Compiled {
    /// The HTML between holes.
    html: String,
    /// Each hole with its byte offset in `html`, in order.
    holes: Vec<(usize, Hole)>,
}

#[derive(Clone, Debug)]
enum Hole {
    /// The page's id prefix.
    Prefix,
    /// The accessible name of a heading's `#` link.
    AnchorLabel,
    /// The accessible name of a task list box: done or not.
    TaskLabel(bool),
    /// The title of an alert, by its place in [`ALERTS`].
    AlertLabel(usize),
    /// The opening tag of a link (and, for a bare wikilink, the title).
    LinkStart(Box<LinkHole>),
    /// The end of the link opened by the last `LinkStart`.
    LinkEnd,
    /// The `src` of an image, with its loading and size attributes.
    ImageSrc(Box<(LinkTarget, String)>),
}

#[derive(Clone, Debug)]
struct LinkHole {
    target: LinkTarget,
    dest: String,
    title: String,
    bare_wiki: bool,
}

impl Compiled {
    /// The HTML size without holes, for sizing buffers.
    pub fn len(&self) -> usize {
        self.html.len()
    }

    /// Whether the body rendered to nothing.
    pub fn is_empty(&self) -> bool {
        self.html.is_empty() && self.holes.is_empty()
    }
}

/// The last private-use character; the mark when no other is free.
const LAST_PRIVATE_USE: char = '\u{10FFFD}';

/// A private-use character that neither the body nor any numeric character
/// reference in it (`&#xE000;`, which the parser decodes) can produce, from
/// the three private-use ranges; `None` only for a body that holds all
/// 137,468 of them.
fn free_mark(body: &str) -> Option<char> {
    // A private-use character's UTF-8 starts with 0xEE, 0xEF, 0xF3 or
    // 0xF4: a body with no byte that high and no character reference
    // (nearly every note) leaves the first one free, found without
    // decoding it. Chunks keep the test branch-free, so it vectorises.
    let high = body
        .as_bytes()
        .chunks(64)
        .any(|chunk| chunk.iter().fold(0u8, |m, &b| m.max(b)) >= 0xEE);
    if !high && !body.contains("&#") {
        return Some('\u{E000}');
    }
    let private = |c: &char| matches!(*c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}');
    let mut taken: HashSet<char> = body.chars().filter(private).collect();
    let mut rest = body;
    while let Some(at) = rest.find("&#") {
        rest = &rest[at + 2..];
        let (digits, radix) = match rest.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (rest, 10),
        };
        let end = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        if digits[end..].starts_with(';')
            && let Some(c) = u32::from_str_radix(&digits[..end.min(8)], radix)
                .ok()
                .and_then(char::from_u32)
        {
            taken.insert(c);
        }
    }
    ('\u{E000}'..='\u{F8FF}')
        .chain('\u{F0000}'..='\u{FFFFD}')
        .chain('\u{100000}'..='\u{10FFFD}')
        .find(|c| !taken.contains(c))
}

/// The tags that GFM's tagfilter disarms in raw HTML: each would take
/// the rest of the page over (a `<title>` or `<textarea>` swallows the
/// footer, a `<script>` runs).
const FILTERED_TAGS: [&str; 9] = [
    "title",
    "textarea",
    "style",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "script",
    "plaintext",
];

/// Raw HTML with the `<` of every opening or closing [`FILTERED_TAGS`]
/// tag written as `&lt;`, as GFM's tagfilter extension does, so the tag
/// shows as text.
fn tagfilter(html: CowStr<'_>) -> CowStr<'_> {
    let filtered_at = |at: usize| {
        let rest = html[at + 1..].strip_prefix('/').unwrap_or(&html[at + 1..]);
        FILTERED_TAGS.iter().any(|tag| {
            rest.len() >= tag.len()
                && rest.as_bytes()[..tag.len()].eq_ignore_ascii_case(tag.as_bytes())
                && rest[tag.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c' | '/' | '>'))
        })
    };
    let hits: Vec<usize> = html
        .match_indices('<')
        .map(|(at, _)| at)
        .filter(|&at| filtered_at(at))
        .collect();
    if hits.is_empty() {
        return html;
    }
    let mut out = String::with_capacity(html.len() + hits.len() * 3);
    let mut from = 0;
    for at in hits {
        out.push_str(&html[from..at]);
        out.push_str("&lt;");
        from = at + 1;
    }
    out.push_str(&html[from..]);
    CowStr::from(out)
}

/// Renders a body's events once, leaving holes for [`fill`]. A hole is
/// marked in the HTML by a private-use character that the body does not
/// contain, so no text of the note can be mistaken for one.
fn compile<'a>(
    body: &'a str,
    events: impl Iterator<Item = Event<'a>>,
    note_dir: &str,
    headings: &[Heading],
    mut footnotes: Footnotes,
) -> Compiled {
    let (mark, scrub) = match free_mark(body) {
        Some(mark) => (mark, false),
        None => (LAST_PRIVATE_USE, true),
    };
    // Only a body holding every private-use character gets here: its own
    // copies of the mark become U+FFFD, so that none is taken for a hole.
    let scrubbed = |text: CowStr<'a>| -> CowStr<'a> {
        if scrub && text.contains(mark) {
            CowStr::from(text.replace(mark, "\u{fffd}"))
        } else {
            text
        }
    };
    let events = events.map(|event| match event {
        Event::Text(t) => Event::Text(scrubbed(t)),
        Event::Code(t) => Event::Code(scrubbed(t)),
        Event::Html(t) => Event::Html(tagfilter(scrubbed(t))),
        Event::InlineHtml(t) => Event::InlineHtml(tagfilter(scrubbed(t))),
        Event::InlineMath(t) => Event::InlineMath(scrubbed(t)),
        Event::DisplayMath(t) => Event::DisplayMath(scrubbed(t)),
        Event::FootnoteReference(t) => Event::FootnoteReference(scrubbed(t)),
        other => other,
    });
    let mut holes: Vec<Hole> = Vec::new();
    let hole = |holes: &mut Vec<Hole>, h: Hole| {
        holes.push(h);
        mark.to_string()
    };
    let mut out: Vec<Event<'a>> = Vec::new();
    let mut heading_index = 0usize;
    let mut current_heading: Option<String> = None;
    // Inside an image, whose text becomes its `alt`: the nesting depth.
    let mut image_depth = 0usize;
    let mut image_alt = String::new();
    let mut image_title = String::new();
    // Text outside links and code, gathered (the parser splits it at
    // brackets and underscores) so that bare URLs in it become links.
    let mut link_depth = 0usize;
    let mut in_code = false;
    let mut text: Vec<CowStr<'a>> = Vec::new();

    for event in events {
        if image_depth == 0 {
            if matches!(event, Event::Text(_)) && link_depth == 0 && !in_code {
                if let Event::Text(t) = event {
                    text.push(t);
                }
                continue;
            }
            if !text.is_empty() {
                autolink(&mut text, &mut out, &mut holes, mark);
            }
        }
        if image_depth > 0 {
            match event {
                Event::Start(Tag::Image { .. }) => image_depth += 1,
                Event::End(TagEnd::Image) => {
                    image_depth -= 1;
                    if image_depth == 0 {
                        let mut tag = String::new();
                        let _ = escape_html(&mut tag, &image_alt);
                        tag.push('"');
                        if !image_title.is_empty() {
                            tag.push_str(" title=\"");
                            let _ = escape_html(&mut tag, &image_title);
                            tag.push('"');
                        }
                        tag.push('>');
                        out.push(Event::InlineHtml(CowStr::from(tag)));
                        image_alt.clear();
                    }
                }
                Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => image_alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak => image_alt.push(' '),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let id = headings
                    .get(heading_index)
                    .map(|h| h.id.clone())
                    .unwrap_or_else(|| format!("section-{heading_index}"));
                heading_index += 1;
                let prefix = hole(&mut holes, Hole::Prefix);
                current_heading = Some(id.clone());
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(format!("{prefix}{id}"))),
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(id) = current_heading.take() {
                    let mut a = String::from("<a class=\"heading-anchor\" href=\"#");
                    a.push_str(&hole(&mut holes, Hole::Prefix));
                    let _ = escape_href(&mut a, &id);
                    a.push_str("\" aria-label=\"");
                    a.push_str(&hole(&mut holes, Hole::AnchorLabel));
                    a.push_str("\">#</a>");
                    out.push(Event::InlineHtml(CowStr::from(a)));
                }
                out.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let link = LinkHole {
                    target: classify(&dest_url, link_type, note_dir),
                    // `<name@example.com>` is an email address: CommonMark
                    // links it with `mailto:`.
                    dest: match link_type {
                        LinkType::Email => format!("mailto:{dest_url}"),
                        _ => dest_url.to_string(),
                    },
                    title: title.to_string(),
                    bare_wiki: matches!(link_type, LinkType::WikiLink { has_pothole: false }),
                };
                let h = hole(&mut holes, Hole::LinkStart(Box::new(link)));
                out.push(Event::InlineHtml(CowStr::from(h)));
                link_depth += 1;
            }
            Event::End(TagEnd::Link) => {
                link_depth = link_depth.saturating_sub(1);
                let h = hole(&mut holes, Hole::LinkEnd);
                out.push(Event::InlineHtml(CowStr::from(h + "</a>")));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let target = classify_image(&dest_url, link_type, note_dir);
                let src = hole(
                    &mut holes,
                    Hole::ImageSrc(Box::new((target, dest_url.to_string()))),
                );
                out.push(Event::InlineHtml(CowStr::from(format!(
                    "<img {src} alt=\""
                ))));
                image_depth = 1;
                image_title = title.to_string();
            }
            Event::FootnoteReference(label) => {
                let (n, slug, reference) = footnotes.reference(&label);
                let (p1, p2) = (
                    hole(&mut holes, Hole::Prefix),
                    hole(&mut holes, Hole::Prefix),
                );
                out.push(Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-ref\" id=\"{p1}{reference}\"><a href=\"#{p2}fn-{slug}\">{n}</a></sup>"
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let (n, slug, references) = footnotes.definition(&label);
                let mut html = format!(
                    "<div class=\"footnote\" id=\"{}fn-{slug}\">",
                    hole(&mut holes, Hole::Prefix)
                );
                // One way back to each place that refers to it: the
                // number, then b, c, ... for each further reference.
                if references.is_empty() {
                    html.push_str(&format!("<span class=\"footnote-back\">{n}</span>"));
                }
                for (k, reference) in references.iter().enumerate() {
                    let text = match k {
                        0 => n.to_string(),
                        _ => char::from(b'a' + (k % 26) as u8).to_string(),
                    };
                    html.push_str(&format!(
                        "<a class=\"footnote-back\" href=\"#{}{reference}\">{text}</a>",
                        hole(&mut holes, Hole::Prefix)
                    ));
                }
                out.push(Event::Html(CowStr::from(html)));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                out.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            // Void elements without the XHTML slash, which the HTML
            // validator reports.
            Event::TaskListMarker(done) => {
                let label = hole(&mut holes, Hole::TaskLabel(done));
                let checked = if done { " checked=\"\"" } else { "" };
                out.push(Event::InlineHtml(CowStr::from(format!(
                    "<input disabled=\"\" type=\"checkbox\"{checked} aria-label=\"{label}\">\n"
                ))));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let at = ALERTS.iter().position(|(k, _, _)| *k == kind).unwrap_or(0);
                let (_, class, icon) = ALERTS[at];
                let label = hole(&mut holes, Hole::AlertLabel(at));
                out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\">{icon}</span> {label}</p>\n"
                ))));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                out.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            Event::HardBreak => out.push(Event::InlineHtml(CowStr::Borrowed("<br>\n"))),
            Event::Rule => out.push(Event::Html(CowStr::Borrowed("<hr>\n"))),
            // A wide table scrolls by itself instead of being cut off on a
            // phone; keyboard users reach it to scroll it.
            Event::Start(Tag::Table(alignments)) => {
                out.push(Event::Html(CowStr::Borrowed(
                    "<div class=\"table-scroll\" tabindex=\"0\">\n",
                )));
                out.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                out.push(Event::End(TagEnd::Table));
                out.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                out.push(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                out.push(Event::End(TagEnd::CodeBlock));
            }
            other => out.push(other),
        }
    }
    if !text.is_empty() {
        autolink(&mut text, &mut out, &mut holes, mark);
    }
    let mut marked = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut marked, out.into_iter());
    let mut html = String::with_capacity(marked.len());
    let mut placed = Vec::with_capacity(holes.len());
    let mut holes = holes.into_iter();
    for (i, piece) in marked.split(mark).enumerate() {
        if i > 0
            && let Some(h) = holes.next()
        {
            placed.push((html.len(), h));
        }
        html.push_str(piece);
    }
    Compiled {
        html,
        holes: placed,
    }
}

/// Writes a compiled body for one page: `id_prefix` before every id (the
/// print page holds many notes), `anchor_label` on heading links, and
/// `resolve` giving each link its URL (or `None` to keep it as written).
pub fn fill(
    compiled: &Compiled,
    options: &RenderOptions<'_>,
    resolve: &dyn Fn(&LinkTarget) -> Option<Resolved>,
) -> String {
    let prefix = options.id_prefix;
    let mut out = String::with_capacity(compiled.html.len() + compiled.holes.len() * 16);
    let mut from = 0;
    // When a bare wikilink's text is replaced by its target's title, the
    // written text up to the link's end is skipped.
    let mut skipping = false;
    for (at, hole) in &compiled.holes {
        if !skipping {
            out.push_str(&compiled.html[from..*at]);
        }
        from = *at;
        match hole {
            Hole::Prefix if !skipping => out.push_str(prefix),
            Hole::AnchorLabel if !skipping => {
                let _ = escape_html(&mut out, options.anchor_label);
            }
            Hole::TaskLabel(done) if !skipping => {
                let _ = escape_html(&mut out, options.task_labels[usize::from(*done)]);
            }
            Hole::AlertLabel(kind) if !skipping => {
                let _ = escape_html(&mut out, options.alert_labels[*kind]);
            }
            Hole::LinkStart(link) if !skipping => {
                skipping = open_link(&mut out, link, prefix, resolve);
            }
            Hole::LinkEnd => skipping = false,
            Hole::ImageSrc(image) if !skipping => {
                let (target, dest) = image.as_ref();
                let resolved = match target {
                    LinkTarget::External | LinkTarget::Empty => None,
                    other => resolve(other),
                };
                out.push_str("src=\"");
                match &resolved {
                    Some(r) => {
                        let _ = escape_html(&mut out, &r.href);
                    }
                    None => {
                        let _ = escape_href(&mut out, dest);
                    }
                }
                out.push('"');
                if let Some((width, height)) = resolved.and_then(|r| r.size) {
                    out.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
                }
                // Images below the first screen load as the reader gets
                // to them.
                out.push_str(" loading=\"lazy\"");
            }
            _ => {}
        }
    }
    out.push_str(&compiled.html[from..]);
    out
}

/// Writes a link's opening tag; true when its written text is replaced by
/// the target's title.
fn open_link(
    out: &mut String,
    link: &LinkHole,
    prefix: &str,
    resolve: &dyn Fn(&LinkTarget) -> Option<Resolved>,
) -> bool {
    let resolved = match &link.target {
        LinkTarget::External | LinkTarget::Empty => None,
        LinkTarget::Anchor(anchor) => Some(Resolved {
            href: format!("#{prefix}{anchor}"),
            title: None,
            hreflang: None,
            title_lang: None,
            size: None,
        }),
        other => resolve(other),
    };
    out.push_str("<a href=\"");
    match &resolved {
        Some(r) => {
            let _ = escape_html(&mut *out, &r.href);
        }
        None => {
            let _ = escape_href(&mut *out, &link.dest);
        }
    }
    out.push('"');
    if !link.title.is_empty() {
        out.push_str(" title=\"");
        let _ = escape_html(&mut *out, &link.title);
        out.push('"');
    }
    let (hreflang, title, title_lang) = match resolved {
        Some(r) => (r.hreflang, r.title.filter(|_| link.bare_wiki), r.title_lang),
        None => (None, None, None),
    };
    if let Some(lang) = &hreflang {
        out.push_str(" hreflang=\"");
        let _ = escape_html(&mut *out, lang);
        out.push('"');
    }
    // The target's title is in the target's language; text the author
    // wrote is in the page's.
    if let Some(lang) = title_lang.as_ref().filter(|_| title.is_some()) {
        out.push_str(" lang=\"");
        let _ = escape_html(&mut *out, lang);
        out.push('"');
    }
    out.push('>');
    match title {
        Some(title) => {
            let _ = escape_html(&mut *out, &title);
            true
        }
        None => false,
    }
}

/// Renders a body to HTML in one go: [`scan`] then [`fill`].
pub fn render(
    body: &str,
    note_dir: &str,
    options: &RenderOptions<'_>,
    resolve: &dyn Fn(&LinkTarget) -> Option<Resolved>,
) -> String {
    fill(&scan(body, note_dir).html, options, resolve)
}

/// The numbers and ids of a body's footnotes. Labels match regardless of
/// case, as the parser matches them; each gets an id of its own even when
/// two slugify alike (`a b`, `a-b`), and each reference an id of its own
/// (`fnref-a`, `fnref-a-2`), so that every id on the page is unique.
struct Footnotes {
    /// By label: number, slug, how many references the body has.
    known: HashMap<String, (usize, String, usize)>,
    /// References met so far, by label.
    met: HashMap<String, usize>,
    used: HashSet<String>,
}

/// The id of the `k`th reference (from 1) to the footnote `slug`.
fn reference_id(slug: &str, k: usize) -> String {
    match k {
        1 => format!("fnref-{slug}"),
        k => format!("fnref-{slug}-{k}"),
    }
}

impl Footnotes {
    fn new<'e>(events: impl Iterator<Item = &'e Event<'e>>) -> Footnotes {
        let mut notes = Footnotes {
            known: HashMap::new(),
            met: HashMap::new(),
            used: HashSet::new(),
        };
        for event in events {
            match event {
                Event::FootnoteReference(label) => notes.entry(label).2 += 1,
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    notes.entry(label);
                }
                _ => {}
            }
        }
        notes
    }

    /// The entry of a label, numbered in order of first appearance.
    fn entry(&mut self, label: &str) -> &mut (usize, String, usize) {
        let key = label.to_lowercase();
        if !self.known.contains_key(&key) {
            let base = match slugify(label) {
                slug if slug.is_empty() => "note".to_string(),
                slug => slug,
            };
            let mut slug = base.clone();
            let mut k = 1;
            while !self.used.insert(slug.clone()) {
                k += 1;
                slug = format!("{base}-{k}");
            }
            let number = self.known.len() + 1;
            self.known.insert(key.clone(), (number, slug, 0));
        }
        self.known.get_mut(&key).expect("just inserted")
    }

    /// A reference's number, its footnote's slug, and its own id.
    fn reference(&mut self, label: &str) -> (usize, String, String) {
        let (n, slug, _) = self.entry(label).clone();
        let k = self.met.entry(label.to_lowercase()).or_default();
        *k += 1;
        let id = reference_id(&slug, *k);
        (n, slug, id)
    }

    /// A definition's number, slug, and the ids of its references.
    fn definition(&mut self, label: &str) -> (usize, String, Vec<String>) {
        let (n, slug, count) = self.entry(label).clone();
        let ids = (1..=count).map(|k| reference_id(&slug, k)).collect();
        (n, slug, ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Render options with English labels.
    fn test_options<'a>(id_prefix: &'a str, anchor_label: &'a str) -> RenderOptions<'a> {
        RenderOptions {
            id_prefix,
            anchor_label,
            task_labels: ["open", "done"],
            alert_labels: ["Note", "Tip", "Important", "Warning", "Caution"],
        }
    }

    #[test]
    fn tagfilter_disarms_only_the_nine_tags() {
        let filtered = |html: &str| tagfilter(CowStr::from(html.to_string())).to_string();
        assert_eq!(filtered("<script>x</script>"), "&lt;script>x&lt;/script>");
        assert_eq!(filtered("<TITLE lang=en>"), "&lt;TITLE lang=en>");
        assert_eq!(filtered("<xmp/>"), "&lt;xmp/>");
        assert_eq!(filtered("<plaintext"), "&lt;plaintext");
        // Other tags, and names that only start alike, stay as written.
        assert_eq!(filtered("<titles><scripted> <b>"), "<titles><scripted> <b>");
        assert_eq!(filtered("a < b"), "a < b");
    }

    fn note(id: &str, anchor: Option<&str>) -> LinkTarget {
        LinkTarget::Note {
            id: NoteId::new(id).unwrap(),
            anchor: anchor.map(str::to_string),
        }
    }

    #[test]
    fn classifies_links() {
        let n = LinkType::Inline;
        assert_eq!(
            classify("../pricing.md#tiers", n, "channels"),
            note("pricing", Some("tiers"))
        );
        assert_eq!(
            classify("seo.md", n, "channels"),
            note("channels/seo", None)
        );
        assert_eq!(classify("gr%C3%B6sse.md", n, ""), note("grösse", None));
        assert_eq!(classify("#x", n, ""), LinkTarget::Anchor("x".into()));
        assert_eq!(classify("https://e.com/a.md", n, ""), LinkTarget::External);
        assert_eq!(classify("mailto:a@b", n, ""), LinkTarget::External);
        assert_eq!(classify("//cdn.example/a.png", n, ""), LinkTarget::External);
        let file = |path: &str, rest: &str| FileLink {
            path: path.into(),
            rest: rest.into(),
        };
        assert_eq!(
            classify("/images/Gr%C3%B6%C3%9Fe.png?v=2#x", n, "channels"),
            LinkTarget::Shared(file("images/Größe.png", "?v=2#x"))
        );
        assert_eq!(
            classify("/a/../brief.pdf", n, ""),
            LinkTarget::Shared(file("brief.pdf", ""))
        );
        assert!(matches!(classify("/en/", n, ""), LinkTarget::Invalid(_)));
        assert!(matches!(classify("/../x", n, ""), LinkTarget::Invalid(_)));
        assert_eq!(
            classify("funnel.png", n, "channels"),
            LinkTarget::Asset(file("channels/funnel.png", ""))
        );
        assert_eq!(
            classify("brief.pdf#page=3", n, ""),
            LinkTarget::Asset(file("brief.pdf", "#page=3"))
        );
        assert!(matches!(
            classify("../../x.md", n, "a"),
            LinkTarget::Invalid(_)
        ));
        assert!(matches!(classify("a.md#", n, ""), LinkTarget::Invalid(_)));
    }

    #[test]
    fn classifies_wikilinks() {
        let w = LinkType::WikiLink { has_pothole: false };
        assert_eq!(classify("pricing", w, "deep/dir"), note("pricing", None));
        assert_eq!(
            classify("pricing#tiers", w, ""),
            note("pricing", Some("tiers"))
        );
        assert_eq!(
            classify("#tiers", w, ""),
            LinkTarget::Anchor("tiers".into())
        );
        for bad in [" ", "a#", "../x"] {
            assert!(
                matches!(classify(bad, w, ""), LinkTarget::Invalid(_)),
                "{bad:?}"
            );
        }
    }

    fn rendered_with_links(body: &str) -> String {
        render(body, "", &test_options("", "Link"), &|t| match t {
            LinkTarget::Note { .. } => Some(Resolved {
                href: "../pricing/index.html".into(),
                title: Some("Pricing".into()),
                hreflang: None,
                title_lang: None,
                size: None,
            }),
            _ => None,
        })
    }

    #[test]
    fn no_text_of_the_body_is_taken_for_a_hole() {
        let bmp: String = ('\u{E000}'..='\u{F8FF}').collect();
        let all: String = bmp
            .chars()
            .chain('\u{F0000}'..='\u{FFFFD}')
            .chain('\u{100000}'..='\u{10FFFD}')
            .collect();
        for (body, keeps) in [
            (format!("{bmp}\n\nSee [[pricing]] here.\n"), true),
            (
                "&#xE000; &#57345; See [[pricing]] here.\n".to_string(),
                true,
            ),
            (format!("{all}\n\nSee [[pricing]] here.\n"), false),
        ] {
            let html = rendered_with_links(&body);
            assert!(
                html.contains("See <a href=\"../pricing/index.html\">Pricing</a> here."),
                "the link moved"
            );
            if keeps {
                assert!(html.contains('\u{E000}') && html.contains('\u{E001}'));
            }
        }
    }

    #[test]
    fn heading_ids_are_unique_and_explicit_ids_win() {
        let body = "## Goal\n\n## Goal\n\n## Größe\n\n## Other {#goal-1}\n";
        let s = scan(body, "");
        let ids: Vec<&str> = s.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["goal", "goal-2", "groesse", "goal-1"]);
    }

    #[test]
    fn scan_finds_links_with_spans_and_first_paragraph() {
        let body = "Intro *text*\nmore.\n\nSee [[pricing|prices]] and [x](a.md#b).\n";
        let s = scan(body, "");
        assert_eq!(s.first_paragraph.as_deref(), Some("Intro text more."));
        assert_eq!(s.links.len(), 2);
        assert_eq!(&body[s.links[0].span.clone()], "[[pricing|prices]]");
        assert!(s.links[0].wiki);
        assert_eq!(s.links[1].target, note("a", Some("b")));
    }

    #[test]
    fn render_resolves_links_and_titles_bare_wikilinks() {
        let body = "## Hi\n\n[[pricing]] and [[pricing|our prices]] and [t](#hi)\n";
        let html = render(body, "", &test_options("", "Link"), &|t| match t {
            LinkTarget::Note { .. } => Some(Resolved {
                href: "../pricing/index.html".into(),
                title: Some("Pricing <&>".into()),
                hreflang: None,
                title_lang: None,
                size: None,
            }),
            _ => None,
        });
        assert!(
            html.contains("<h2 id=\"hi\">Hi<a class=\"heading-anchor\" href=\"#hi\""),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"../pricing/index.html\">Pricing &lt;&amp;&gt;</a>"),
            "{html}"
        );
        assert!(html.contains(">our prices</a>"), "{html}");
        assert!(html.contains("<a href=\"#hi\">t</a>"), "{html}");
    }

    #[test]
    fn a_title_in_another_language_is_marked_as_such_but_written_text_is_not() {
        let html = render(
            "[[brand]] and [[brand|unsere Marke]] and [die Marke](brand.md)\n",
            "",
            &test_options("", ""),
            &|_| {
                Some(Resolved {
                    href: "../../en/brand/index.html".into(),
                    title: Some("Brand architecture".into()),
                    hreflang: Some("en".into()),
                    title_lang: Some("en".into()),
                    size: None,
                })
            },
        );
        let link = "<a href=\"../../en/brand/index.html\" hreflang=\"en\"";
        assert!(
            html.contains(&format!("{link} lang=\"en\">Brand architecture</a>")),
            "{html}"
        );
        assert!(html.contains(&format!("{link}>unsere Marke</a>")), "{html}");
        assert!(html.contains(&format!("{link}>die Marke</a>")), "{html}");
    }

    #[test]
    fn footnotes_get_prefixed_ids() {
        let body = "Text[^a].\n\n[^a]: Note.\n";
        let html = render(body, "", &test_options("n1-", ""), &|_| None);
        assert!(html.contains("id=\"n1-fnref-a\""), "{html}");
        assert!(html.contains("id=\"n1-fn-a\""), "{html}");
    }

    #[test]
    fn footnotes_are_collected_at_the_end_in_the_order_written() {
        let body = "First[^b] and [[x]].\n\n[^b]: B, see [[x]].\n\nMiddle[^a].\n\n[^a]: A.\n\n## Last\n\nEnd.\n";
        let html = render(body, "", &test_options("", "L"), &|_| {
            Some(Resolved {
                href: "x.html".into(),
                title: Some("X".into()),
                hreflang: None,
                title_lang: None,
                size: None,
            })
        });
        let end = html.find("<p>End.</p>").unwrap();
        let section = html.find("<div class=\"footnotes\">").unwrap();
        assert!(end < section, "{html}");
        let (b, a) = (
            html.find("id=\"fn-b\"").unwrap(),
            html.find("id=\"fn-a\"").unwrap(),
        );
        assert!(section < b && b < a, "{html}");
        assert!(html.trim_end().ends_with("</div>"), "{html}");
        // Moved notes keep their links, filled in where they now are.
        assert_eq!(
            html.matches("<a href=\"x.html\">X</a>").count(),
            2,
            "{html}"
        );
    }

    #[test]
    fn private_use_characters_in_a_body_are_text_not_holes() {
        let body = "## A \u{E000}\n\n\u{E000}\u{E001} [[x]] and [y](#a-)\n";
        let html = render(body, "", &test_options("p-", "L"), &|_| {
            Some(Resolved {
                href: "X".into(),
                title: Some("Title".into()),
                hreflang: None,
                title_lang: None,
                size: None,
            })
        });
        assert!(
            html.contains("<p>\u{E000}\u{E001} <a href=\"X\">Title</a>"),
            "{html}"
        );
        assert!(html.contains("<a href=\"#p-a-\">y</a>"), "{html}");
        assert!(html.contains("aria-label=\"L\""), "{html}");
    }

    #[test]
    fn one_compiled_body_fills_differently_per_page() {
        let s = scan("# T\n\n[[x#t]]\n", "");
        let page = |prefix: &str, href: &str| {
            fill(&s.html, &test_options(prefix, ""), &|_| {
                Some(Resolved {
                    href: href.into(),
                    title: None,
                    hreflang: Some("de".into()),
                    title_lang: Some("de".into()),
                    size: None,
                })
            })
        };
        let note = page("", "../x/index.html#t");
        let print = page("n3-", "#n4-t");
        assert!(note.contains("<h1 id=\"t\">"), "{note}");
        assert!(
            note.contains("href=\"../x/index.html#t\" hreflang=\"de\">x#t</a>"),
            "{note}"
        );
        assert!(print.contains("<h1 id=\"n3-t\">"), "{print}");
        assert!(print.contains("href=\"#n4-t\""), "{print}");
    }

    #[test]
    fn raw_html_is_kept() {
        let html = render(
            "<div class=\"x\">hi</div>\n",
            "",
            &test_options("", ""),
            &|_| None,
        );
        assert!(html.contains("<div class=\"x\">hi</div>"));
    }
}
