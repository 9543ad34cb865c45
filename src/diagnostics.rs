//! Errors and warnings with source spans, collected by every stage and
//! printed at the end like rustc prints them.
//!
//! A [`Diagnostic`] is plain data: a code, a message, a file relative to the
//! playbook and a byte range in that file. Line and column are computed only
//! when printing, from the file text registered in [`Diagnostics`]. The
//! terminal renderer is annotate-snippets, kept behind this module so that
//! its API changes touch one file.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use crate::codes::Code;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// The build cannot produce a correct site.
    Error,
    /// The site is built, but something is probably not what the author meant.
    Warning,
}

/// A second place that explains a diagnostic (the default-language file a
/// translation disagrees with, say).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// Path relative to the playbook root, with `/` separators.
    pub file: String,
    /// Bytes in that file, when a spot is known.
    pub span: Option<Range<usize>>,
    /// What is at that place.
    pub message: String,
}

/// One problem found in the playbook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable kebab-case name (`unknown-strategy`).
    pub code: &'static Code,
    /// Path relative to the playbook root, with `/` separators.
    pub file: Option<String>,
    /// Bytes in the whole file.
    pub span: Option<Range<usize>>,
    /// A lowercase phrase saying what is wrong.
    pub message: String,
    /// Text under the marker.
    pub label: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
    /// Other places that explain it.
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// A new error with no location yet.
    pub fn error(code: &'static Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message)
    }

    /// A new warning with no location yet.
    pub fn warning(code: &'static Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message)
    }

    fn new(severity: Severity, code: &'static Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            file: None,
            span: None,
            message: message.into(),
            label: None,
            help: None,
            related: Vec::new(),
        }
    }

    /// Places the diagnostic in a file, at a byte range when one is known.
    pub fn at(mut self, file: &str, span: Option<Range<usize>>) -> Diagnostic {
        self.file = Some(file.to_string());
        self.span = span;
        self
    }

    /// Sets the text shown under the marker.
    pub fn label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    /// Sets the hint.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a related place.
    pub fn related(
        mut self,
        file: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.related.push(Related {
            file: file.to_string(),
            span,
            message: message.into(),
        });
        self
    }
}

/// Every diagnostic of one run, and the text of the files they point into.
#[derive(Clone, Default, Debug)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
    sources: BTreeMap<String, Source>,
}

/// A registered file's text and, built when first needed, an index that
/// turns a byte offset into a line and column without reading the file
/// from the start: a note with 100,000 broken links is reported in linear
/// time.
#[derive(Clone, Debug)]
struct Source {
    text: Arc<str>,
    index: OnceLock<LineIndex>,
}

#[derive(Clone, Debug)]
struct LineIndex {
    /// The byte offset where each line starts.
    line_starts: Vec<usize>,
    /// How many characters come before each block of [`BLOCK`] bytes.
    block_chars: Vec<usize>,
}

/// Bytes per block of [`LineIndex::block_chars`]: a column is counted
/// from the nearest block, never from the start of a long line.
const BLOCK: usize = 1024;

/// A snippet longer than this is not shown: the location alone is.
/// Rendering copies the snippet, so a single long line with many
/// diagnostics would otherwise be quadratic.
const MAX_SNIPPET: usize = 16 * 1024;

impl Source {
    fn new(text: Arc<str>) -> Source {
        Source {
            text,
            index: OnceLock::new(),
        }
    }

    fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| {
            let bytes = self.text.as_bytes();
            let mut line_starts = vec![0];
            line_starts.extend(line_breaks(bytes));
            let mut block_chars = Vec::with_capacity(bytes.len() / BLOCK + 1);
            let mut chars = 0;
            for block in bytes.chunks(BLOCK) {
                block_chars.push(chars);
                chars += char_starts(block);
            }
            block_chars.push(chars);
            LineIndex {
                line_starts,
                block_chars,
            }
        })
    }

    /// Characters before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let block = offset / BLOCK;
        self.index().block_chars[block] + char_starts(&self.text.as_bytes()[block * BLOCK..offset])
    }

    /// The 0-based line holding `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.index()
            .line_starts
            .partition_point(|&start| start <= offset)
            - 1
    }

    /// Line and column (1-based; the column counts characters).
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_boundary(&self.text, offset);
        let line = self.line_of(offset);
        let start = self.index().line_starts[line];
        (
            line + 1,
            self.chars_before(offset) - self.chars_before(start) + 1,
        )
    }

    /// The whole lines a span touches, as a byte range, and the 1-based
    /// number of the first.
    fn lines_around(&self, span: &Range<usize>) -> (Range<usize>, usize) {
        let starts = &self.index().line_starts;
        let first = self.line_of(span.start);
        let last = self.line_of(span.end.max(span.start));
        let end = starts
            .get(last + 1)
            .map_or(self.text.len(), |&next| next - 1);
        (starts[first]..end.max(starts[first]), first + 1)
    }
}

/// Offsets just after each line break.
fn line_breaks(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'\n')
        .map(|(i, _)| i + 1)
}

/// How many characters start in `bytes` (every byte but UTF-8 continuation
/// bytes).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// Records a file's text so diagnostics in it can show the source line.
    pub fn add_source(&mut self, file: &str, text: Arc<str>) {
        self.sources.insert(file.to_string(), Source::new(text));
    }

    /// Drops the registered texts when nothing was reported: a file read
    /// cleanly needs none (see [`Diagnostics::fill_sources`]).
    pub fn forget_sources_if_clean(&mut self) {
        if self.list.is_empty() {
            self.sources.clear();
        }
    }

    /// Registers, from `texts`, the text of every file a diagnostic points
    /// at that has none yet. `texts` is only walked when one is missing.
    pub fn fill_sources<'a>(&mut self, texts: impl IntoIterator<Item = (&'a str, &'a Arc<str>)>) {
        let missing: BTreeSet<&str> = self
            .list
            .iter()
            .flat_map(|d| d.file.iter().chain(d.related.iter().map(|r| &r.file)))
            .map(String::as_str)
            .filter(|file| !self.sources.contains_key(*file))
            .collect();
        if missing.is_empty() {
            return;
        }
        let found: Vec<(String, Source)> = texts
            .into_iter()
            .filter(|(file, _)| missing.contains(file))
            .map(|(file, text)| (file.to_string(), Source::new(text.clone())))
            .collect();
        self.sources.extend(found);
    }

    /// The registered text of a file.
    pub fn source(&self, file: &str) -> Option<&str> {
        self.sources.get(file).map(|s| &*s.text)
    }

    /// Adds a diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(diagnostic);
    }

    /// Takes over another collection's diagnostics and sources (from a
    /// parallel stage that collected its own).
    pub fn absorb(&mut self, other: Diagnostics) {
        self.list.extend(other.list);
        self.sources.extend(other.sources);
    }

    /// Adds many diagnostics.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.list.extend(diagnostics);
    }

    /// Whether nothing was reported and no source recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty() && self.sources.is_empty()
    }

    /// How many errors there are.
    pub fn error_count(&self) -> usize {
        self.list
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// How many warnings there are.
    pub fn warning_count(&self) -> usize {
        self.list
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// True when there is at least one error.
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }

    /// The diagnostics in a stable order: by file, position, severity, code.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut all: Vec<&Diagnostic> = self.list.iter().collect();
        /// Where, how bad, which: compared without copying a string.
        type Key<'a> = (
            Option<&'a str>,
            Option<(usize, usize)>,
            Severity,
            &'a str,
            &'a str,
        );
        fn key(d: &Diagnostic) -> Key<'_> {
            (
                d.file.as_deref(),
                d.span.as_ref().map(|s| (s.start, s.end)),
                d.severity,
                d.code.name,
                d.message.as_str(),
            )
        }
        all.sort_by(|a, b| key(a).cmp(&key(b)));
        all.dedup();
        all
    }

    /// Line and column (1-based, column in characters) of a byte offset in a
    /// registered file.
    pub fn line_col(&self, file: &str, offset: usize) -> Option<(usize, usize)> {
        self.sources.get(file).map(|s| s.line_col(offset))
    }

    /// Renders every diagnostic the way rustc does, with ANSI styles that
    /// the caller's stream strips when it is not a terminal.
    pub fn render_human(&self) -> String {
        let renderer = Renderer::styled();
        let mut out = String::new();
        for d in self.sorted() {
            out.push_str(&renderer.render(&self.report(d)));
            out.push_str("\n\n");
        }
        out
    }

    fn report<'a>(&'a self, d: &'a Diagnostic) -> Vec<Group<'a>> {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut first = Group::with_title(level.primary_title(d.message.as_str()).id(d.code.name));
        let mut groups = Vec::new();
        if let Some(file) = &d.file {
            first = match (self.sources.get(file), &d.span) {
                (Some(source), Some(span)) => {
                    let label = d.label.as_deref();
                    first.element(excerpt(source, file, span, AnnotationKind::Primary, label))
                }
                _ => first.element(Origin::path(file.as_str())),
            };
        }
        if let Some(help) = &d.help {
            first = first.element(Level::HELP.message(help.as_str()));
        }
        groups.push(first);
        for related in &d.related {
            let title = Level::NOTE.secondary_title(related.message.as_str());
            let group = match (self.sources.get(&related.file), &related.span) {
                (Some(source), Some(span)) => Group::with_title(title).element(excerpt(
                    source,
                    &related.file,
                    span,
                    AnnotationKind::Context,
                    None,
                )),
                _ => Group::with_title(title).element(Origin::path(related.file.as_str())),
            };
            groups.push(group);
        }
        groups
    }
}

/// The lines of `source` that `span` touches, annotated; only the location
/// when they are too long to show.
fn excerpt<'a>(
    source: &'a Source,
    file: &'a str,
    span: &Range<usize>,
    kind: AnnotationKind,
    label: Option<&'a str>,
) -> annotate_snippets::Element<'a> {
    let span = clamp(&source.text, span);
    let (lines, first_line) = source.lines_around(&span);
    if lines.len() > MAX_SNIPPET {
        let (line, column) = source.line_col(span.start);
        return Origin::path(file).line(line).char_column(column).into();
    }
    let mut annotation =
        kind.span(span.start - lines.start..span.end.min(lines.end).max(span.start) - lines.start);
    if let Some(label) = label {
        annotation = annotation.label(label);
    }
    Snippet::source(printable(&source.text[lines]))
        .line_start(first_line)
        .path(file)
        .annotation(annotation)
        .into()
}

/// Line and column (1-based; the column counts characters) of `offset`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_boundary(text, offset);
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

/// The span cut to the text and widened to character boundaries: the
/// renderer slices the source with it and must never panic on a span that
/// ends inside a character.
fn clamp(text: &str, span: &Range<usize>) -> Range<usize> {
    let start = floor_boundary(text, span.start);
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// The source with ASCII control characters (but tab and line breaks) shown
/// as spaces, byte for byte, so spans stay valid and a NUL or an escape
/// sequence in a note cannot garble the terminal.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes;

    #[test]
    fn spans_inside_a_character_render_without_panicking() {
        let mut diags = Diagnostics::default();
        diags.add_source("a.md", Arc::from("title = \"Gr\u{fffd}\u{fffd}e\""));
        diags.push(Diagnostic::error(codes::INVALID_UTF8, "bad").at("a.md", Some(11..12)));
        diags.push(Diagnostic::error(codes::INVALID_UTF8, "bad").at("a.md", Some(12..99)));
        let out = diags.render_human();
        assert!(out.contains("a.md:1:12"), "{out}");
    }

    #[test]
    fn the_line_index_agrees_with_counting_from_the_start() {
        let line = "Grüße, ação — ".repeat(200);
        let text = format!("ab\n{line}\n\nx{line}y\n");
        let source = Source::new(Arc::from(text.as_str()));
        for offset in (0..text.len() + 3).step_by(7) {
            assert_eq!(
                source.line_col(offset),
                line_col(&text, offset),
                "at {offset}"
            );
        }
    }

    #[test]
    fn a_snippet_shows_the_lines_of_its_span_with_their_numbers() {
        let mut d = Diagnostics::new();
        let text = "one\ntwo\nthree four\nfive\n";
        d.add_source("a.md", Arc::from(text));
        let at = text.find("four").unwrap();
        d.push(
            Diagnostic::error(codes::BROKEN_LINK, "bad")
                .at("a.md", Some(at..at + 4))
                .label("here"),
        );
        let out = anstream::adapter::strip_str(&d.render_human()).to_string();
        assert!(out.contains("a.md:3:7"), "{out}");
        assert!(out.contains("3 | three four"), "{out}");
        assert!(!out.contains("two") && !out.contains("five"), "{out}");
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\nGrüße x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_col(text, x), (2, 7));
        assert_eq!(line_col(text, 999), (3, 1));
    }

    #[test]
    fn renders_file_line_and_marker() {
        let mut d = Diagnostics::new();
        d.add_source("content/en/a.md", Arc::from("+++\nstratgy = \"x\"\n+++\n"));
        d.push(
            Diagnostic::warning(codes::UNKNOWN_KEY, "unknown key `stratgy`")
                .at("content/en/a.md", Some(4..11))
                .help("did you mean `strategy`?"),
        );
        let out = anstream::adapter::strip_str(&d.render_human()).to_string();
        assert!(
            out.contains("warning[unknown-key]: unknown key `stratgy`"),
            "{out}"
        );
        assert!(out.contains("content/en/a.md:2:1"), "{out}");
        assert!(out.contains("^^^^^^^"), "{out}");
        assert!(out.contains("did you mean `strategy`?"), "{out}");
    }

    #[test]
    fn control_characters_are_not_echoed() {
        let mut d = Diagnostics::new();
        d.add_source("a.md", Arc::from("title = \"\u{1b}[31mred\u{0}\"\n"));
        d.push(Diagnostic::error(codes::BROKEN_LINK, "bad").at("a.md", Some(0..5)));
        let out = d.render_human();
        assert!(!out.contains("\u{1b}[31mred"));
        assert!(!out.contains('\u{0}'));
    }
}
