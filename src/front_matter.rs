//! The text format of a note: TOML front matter between two `+++` lines,
//! then the Markdown body. This module alone knows it: [`split`] finds the
//! parts for the reader, and [`Editor`] and [`compose`] write front matter
//! for `translations --mark`, `playbook new` and every key a later change
//! adds, keeping each byte it was not asked to change (comments, key
//! order, CRLF line endings, a byte-order mark).

use std::ops::Range;

use toml_edit::{DocumentMut, Item, Value};

use crate::codes;
use crate::diagnostics::Diagnostic;

/// Where the parts of a note are.
#[derive(Debug, PartialEq, Eq)]
pub struct Split {
    /// The whole block, fences included.
    pub block: Range<usize>,
    /// The TOML between the fences.
    pub toml: Range<usize>,
    /// Start of the Markdown body.
    pub body_start: usize,
}

/// Why front matter could not be found.
#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with `+++`; `fence` is a later `+++` line.
    Missing {
        /// A `+++` line further down, if any.
        fence: Option<Range<usize>>,
    },
    /// The opening `+++` has no closing `+++`.
    Unterminated {
        /// The opening fence.
        open: Range<usize>,
    },
}

impl SplitError {
    /// The error a reader of this file sees.
    pub fn diagnostic(&self, file: &str) -> Diagnostic {
        match self {
            SplitError::Missing { fence: Some(fence) } => Diagnostic::error(
                codes::FRONT_MATTER,
                "front matter must start on the first line",
            )
            .at(file, Some(fence.clone()))
            .label("this `+++` is not on the first line")
            .help("move the `+++` block to the very top of the file, with nothing before it"),
            SplitError::Missing { fence: None } => Diagnostic::error(
                codes::FRONT_MATTER,
                "this note has no front matter",
            )
            .at(file, Some(0..0))
            .help(
                "start the file with a TOML block:\n+++\ntitle = \"...\"\ntags = [\"upstream\"]\n+++",
            ),
            SplitError::Unterminated { open } => Diagnostic::error(
                codes::FRONT_MATTER,
                "front matter is not closed",
            )
            .at(file, Some(open.clone()))
            .label("opened here")
            .help("add a line with `+++` after the last key"),
        }
    }
}

/// Finds the `+++` fences. The opening fence must be the first line; a
/// fence line may end in spaces and CRLF.
pub fn split(text: &str) -> Result<Split, SplitError> {
    let mut lines = line_ranges(text);
    let first = lines.next();
    let is_fence = |r: &Range<usize>| text[r.clone()].trim_end() == "+++";
    match first {
        Some(open) if is_fence(&open) => {
            let toml_start = next_line_start(text, &open);
            for line in lines {
                if is_fence(&line) {
                    let body_start = next_line_start(text, &line);
                    return Ok(Split {
                        block: 0..body_start,
                        toml: toml_start..line.start,
                        body_start,
                    });
                }
            }
            Err(SplitError::Unterminated { open })
        }
        _ => {
            let fence = line_ranges(text).find(|r| is_fence(r));
            Err(SplitError::Missing { fence })
        }
    }
}

/// Byte ranges of each line, without the line break.
fn line_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = start..end;
        start = end + 1;
        Some(line)
    })
}

fn next_line_start(text: &str, line: &Range<usize>) -> usize {
    (line.end + 1).min(text.len())
}

/// The line ending a note is written with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Newline {
    /// `\n`
    Lf,
    /// `\r\n`, as Windows editors save.
    CrLf,
}

impl Newline {
    /// The ending of the first line of `text` (LF when it has none).
    pub fn of(text: &str) -> Newline {
        match text.find('\n') {
            Some(at) if text[..at].ends_with('\r') => Newline::CrLf,
            _ => Newline::Lf,
        }
    }

    /// `text` with every bare `\n` written as this ending.
    pub fn apply(self, text: &str) -> String {
        match self {
            Newline::Lf => text.to_string(),
            Newline::CrLf => {
                let mut out = String::with_capacity(text.len() + text.len() / 16);
                let mut previous = '\0';
                for c in text.chars() {
                    if c == '\n' && previous != '\r' {
                        out.push('\r');
                    }
                    out.push(c);
                    previous = c;
                }
                out
            }
        }
    }
}

/// Why front matter cannot be edited.
#[derive(Debug)]
pub enum EditError {
    /// No `+++` block where one must be.
    Split(SplitError),
    /// The TOML between the fences does not parse.
    Toml(String),
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::Split(SplitError::Missing { .. }) => {
                f.write_str("it has no `+++` front matter")
            }
            EditError::Split(SplitError::Unterminated { .. }) => {
                f.write_str("its front matter has no closing `+++`")
            }
            EditError::Toml(message) => write!(f, "its front matter is not valid TOML: {message}"),
        }
    }
}

/// A note's text opened to change keys of its front matter. The TOML is
/// edited by `toml_edit`, which keeps every byte it does not touch, so a
/// key is found as TOML sees it (never inside a multi-line string) and
/// the rest of the file stays as the author wrote it.
pub struct Editor<'a> {
    text: &'a str,
    /// The byte-order mark, when the file has one.
    bom: &'a str,
    split: Split,
    toml: DocumentMut,
    newline: Newline,
}

impl<'a> Editor<'a> {
    /// Opens the front matter of a note's whole text.
    pub fn open(text: &'a str) -> Result<Editor<'a>, EditError> {
        let bom = if text.starts_with('\u{feff}') {
            "\u{feff}"
        } else {
            ""
        };
        let rest = &text[bom.len()..];
        let split = split(rest).map_err(EditError::Split)?;
        let toml = rest[split.toml.clone()]
            .parse::<DocumentMut>()
            .map_err(|e| EditError::Toml(e.message().to_string()))?;
        Ok(Editor {
            text: rest,
            bom,
            newline: Newline::of(rest),
            split,
            toml,
        })
    }

    /// A top-level string key's value.
    pub fn string(&self, key: &str) -> Option<&str> {
        self.toml.get(key).and_then(Item::as_str)
    }

    /// Sets a top-level key. An existing value is replaced in place and
    /// keeps the spaces and comment around it; a new key is added after
    /// the last top-level key, before any `[table]`.
    pub fn set(&mut self, key: &str, value: impl Into<Value>) {
        let mut value = value.into();
        match self.toml.get_mut(key) {
            Some(Item::Value(old)) => {
                *value.decor_mut() = old.decor().clone();
                *old = value;
            }
            _ => {
                self.toml.insert(key, Item::Value(value));
            }
        }
    }

    /// The whole note text with the edits made. Only the edited lines
    /// differ from the text opened, and they use its line ending.
    pub fn finish(self) -> String {
        let old = &self.text[self.split.toml.clone()];
        let new = self.toml.to_string();
        // toml_edit writes every line break as `\n`. Lining the two texts
        // up, with the file's `\r\n` matching toml_edit's `\n`, leaves the
        // part that really changed; only that part is written anew, in the
        // file's line ending, so nothing else moves by a byte.
        let (old_start, new_start) = same_start(old, &new);
        let (old_end, new_end) = same_end(&old[old_start..], &new[new_start..]);
        let changed = &new[new_start..new.len() - new_end];
        let mut out = String::with_capacity(self.text.len() + changed.len() + 2);
        out.push_str(self.bom);
        out.push_str(&self.text[..self.split.toml.start]);
        out.push_str(&old[..old_start]);
        out.push_str(&self.newline.apply(changed));
        out.push_str(&old[old.len() - old_end..]);
        out.push_str(&self.text[self.split.toml.end..]);
        out
    }
}

/// How many bytes at the start of `old` and of `new` say the same, where
/// `\r\n` in `old` says what `\n` says in `new`; both on character
/// boundaries.
fn same_start(old: &str, new: &str) -> (usize, usize) {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            i += 1;
            j += 1;
        } else if a[i..].starts_with(b"\r\n") && b[j] == b'\n' {
            i += 2;
            j += 1;
        } else {
            break;
        }
    }
    while !old.is_char_boundary(i) || !new.is_char_boundary(j) {
        i -= 1;
        j -= 1;
    }
    (i, j)
}

/// Like [`same_start`], counted from the ends.
fn same_end(old: &str, new: &str) -> (usize, usize) {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[a.len() - 1 - i], b[b.len() - 1 - j]);
        if x == y {
            if x == b'\n'
                && a[..a.len() - i - 1].ends_with(b"\r")
                && !b[..b.len() - j - 1].ends_with(b"\r")
            {
                // `\r\n` against `\n`: one line break.
                i += 2;
            } else {
                i += 1;
            }
            j += 1;
        } else {
            break;
        }
    }
    while !old.is_char_boundary(old.len() - i) || !new.is_char_boundary(new.len() - j) {
        i -= 1;
        j -= 1;
    }
    (i, j)
}

/// A new note's text: front matter with `keys` in this order, then
/// `body`, every line ending `newline`.
pub fn compose(keys: Vec<(&str, Value)>, body: &str, newline: Newline) -> String {
    let mut toml = DocumentMut::new();
    for (key, value) in keys {
        toml.insert(key, Item::Value(value));
    }
    let front = format!("+++\n{toml}+++\n");
    let mut text = newline.apply(&front);
    text.push_str(body);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lf_and_crlf() {
        let lf = "+++\ntitle = \"x\"\n+++\nBody\n";
        let s = split(lf).unwrap();
        assert_eq!(&lf[s.toml.clone()], "title = \"x\"\n");
        assert_eq!(&lf[s.body_start..], "Body\n");
        let crlf = "+++\r\ntitle = \"x\"\r\n+++\r\nBody\r\n";
        let s = split(crlf).unwrap();
        assert_eq!(&crlf[s.toml.clone()], "title = \"x\"\r\n");
        assert_eq!(&crlf[s.body_start..], "Body\r\n");
    }

    #[test]
    fn front_matter_only_has_an_empty_body() {
        let text = "+++\ntitle = \"x\"\n+++";
        let s = split(text).unwrap();
        assert_eq!(s.body_start, text.len());
    }

    #[test]
    fn missing_and_unterminated() {
        assert_eq!(split(""), Err(SplitError::Missing { fence: None }));
        assert_eq!(
            split("# Hi\n+++\n"),
            Err(SplitError::Missing { fence: Some(5..8) })
        );
        assert_eq!(
            split("+++\ntitle = 1\n"),
            Err(SplitError::Unterminated { open: 0..3 })
        );
    }

    #[test]
    fn an_edit_changes_one_value_and_keeps_its_comment() {
        let text = "+++\ntitle = \"T\"  # kept\ntranslated-from = \"abc\" # was\n+++\nBody\n";
        let mut editor = Editor::open(text).unwrap();
        assert_eq!(editor.string("translated-from"), Some("abc"));
        editor.set("translated-from", "def");
        assert_eq!(editor.finish(), text.replace("abc", "def"));
    }

    #[test]
    fn a_new_key_goes_before_the_first_table() {
        let text = "+++\ntitle = \"T\"\n\n[extra]\nx = 1\n+++\nBody\n";
        let mut editor = Editor::open(text).unwrap();
        editor.set("translated-from", "abc");
        assert_eq!(
            editor.finish(),
            "+++\ntitle = \"T\"\ntranslated-from = \"abc\"\n\n[extra]\nx = 1\n+++\nBody\n"
        );
    }

    #[test]
    fn a_key_named_inside_a_multiline_string_is_not_the_key() {
        let text =
            "+++\ntitle = \"T\"\nsummary = \"\"\"\ntranslated-from = \"x\"\n\"\"\"\n+++\nBody\n";
        let mut editor = Editor::open(text).unwrap();
        assert_eq!(editor.string("translated-from"), None);
        editor.set("translated-from", "abc");
        let out = editor.finish();
        assert!(
            out.starts_with(text.split("+++\nBody").next().unwrap()),
            "{out}"
        );
        assert!(
            out.ends_with("translated-from = \"abc\"\n+++\nBody\n"),
            "{out}"
        );
    }

    #[test]
    fn crlf_and_a_byte_order_mark_stay() {
        let text = "\u{feff}+++\r\ntitle = \"T\"\r\n+++\r\nBody\r\n";
        let mut editor = Editor::open(text).unwrap();
        editor.set("translated-from", "abc");
        assert_eq!(
            editor.finish(),
            "\u{feff}+++\r\ntitle = \"T\"\r\ntranslated-from = \"abc\"\r\n+++\r\nBody\r\n"
        );
    }

    #[test]
    fn composed_front_matter_reads_back() {
        let text = compose(
            vec![("title", "Über \"uns\"".into()), ("weight", 3.into())],
            "Body\r\n",
            Newline::CrLf,
        );
        assert_eq!(
            text,
            "+++\r\ntitle = 'Über \"uns\"'\r\nweight = 3\r\n+++\r\nBody\r\n"
        );
        let editor = Editor::open(&text).unwrap();
        assert_eq!(editor.string("title"), Some("Über \"uns\""));
    }

    #[test]
    fn unparseable_front_matter_is_not_edited() {
        assert!(matches!(
            Editor::open("no fences"),
            Err(EditError::Split(_))
        ));
        assert!(matches!(
            Editor::open("+++\ntitle = \n+++\n"),
            Err(EditError::Toml(_))
        ));
    }
}
