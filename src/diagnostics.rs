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
use std::sync::Arc;

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
    pub code: &'static str,
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
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message)
    }

    /// A new warning with no location yet.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message)
    }

    fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Diagnostic {
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
    sources: BTreeMap<String, Arc<str>>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// Records a file's text so diagnostics in it can show the source line.
    pub fn add_source(&mut self, file: &str, text: Arc<str>) {
        self.sources.insert(file.to_string(), text);
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
        let found: Vec<(String, Arc<str>)> = texts
            .into_iter()
            .filter(|(file, _)| missing.contains(file))
            .map(|(file, text)| (file.to_string(), text.clone()))
            .collect();
        self.sources.extend(found);
    }

    /// The registered text of a file.
    pub fn source(&self, file: &str) -> Option<&str> {
        self.sources.get(file).map(|t| &**t)
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
        all.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    d.file.clone(),
                    d.span.as_ref().map(|s| (s.start, s.end)),
                    d.severity,
                    d.code,
                    d.message.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        all.dedup();
        all
    }

    /// Line and column (1-based, column in characters) of a byte offset in a
    /// registered file.
    pub fn line_col(&self, file: &str, offset: usize) -> Option<(usize, usize)> {
        self.source(file).map(|text| line_col(text, offset))
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
        let mut first = Group::with_title(level.primary_title(d.message.as_str()).id(d.code));
        let mut groups = Vec::new();
        if let Some(file) = &d.file {
            match (self.sources.get(file), &d.span) {
                (Some(text), Some(span)) => {
                    let mut annotation = AnnotationKind::Primary.span(clamp(text, span));
                    if let Some(label) = &d.label {
                        annotation = annotation.label(label.as_str());
                    }
                    first = first.element(
                        Snippet::source(printable(text))
                            .path(file.as_str())
                            .annotation(annotation),
                    );
                }
                _ => first = first.element(Origin::path(file.as_str())),
            }
        }
        if let Some(help) = &d.help {
            first = first.element(Level::HELP.message(help.as_str()));
        }
        groups.push(first);
        for related in &d.related {
            let title = Level::NOTE.secondary_title(related.message.as_str());
            let group = match (self.sources.get(&related.file), &related.span) {
                (Some(text), Some(span)) => Group::with_title(title).element(
                    Snippet::source(printable(text))
                        .path(related.file.as_str())
                        .annotation(AnnotationKind::Context.span(clamp(text, span))),
                ),
                _ => Group::with_title(title).element(Origin::path(related.file.as_str())),
            };
            groups.push(group);
        }
        groups
    }
}

/// Line and column (1-based; the column counts characters) of `offset`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
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
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
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

    #[test]
    fn spans_inside_a_character_render_without_panicking() {
        let mut diags = Diagnostics::default();
        diags.add_source("a.md", Arc::from("title = \"Gr\u{fffd}\u{fffd}e\""));
        diags.push(Diagnostic::error("invalid-utf8", "bad").at("a.md", Some(11..12)));
        diags.push(Diagnostic::error("invalid-utf8", "bad").at("a.md", Some(12..99)));
        let out = diags.render_human();
        assert!(out.contains("a.md:1:12"), "{out}");
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
            Diagnostic::warning("unknown-key", "unknown key `stratgy`")
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
        d.push(Diagnostic::error("x", "bad").at("a.md", Some(0..5)));
        let out = d.render_human();
        assert!(!out.contains("\u{1b}[31mred"));
        assert!(!out.contains('\u{0}'));
    }
}
