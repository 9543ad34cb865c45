//! Reading TOML field by field with spans, for `book.toml` and for note
//! front matter alike.
//!
//! Serde stops at the first type error and points a missing field at the
//! whole table; walking toml's spanned `DeTable` ourselves lets every wrong
//! key or value get its own diagnostic at its own line and column.
//!
//! Each table's keys are defined once, as a slice of [`Field`]s: the slice
//! drives the reading and is the list an unknown key's "did you mean" is
//! chosen from, so a new key is one line and cannot be forgotten in either.

use std::borrow::Cow;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

use crate::codes::{self, Code};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// A value with the byte range it came from, in file coordinates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// Bytes in the whole file.
    pub span: Range<usize>,
}

/// A key as read: absent, given with a value that was wrong (already
/// reported, so nobody reports it again as missing), or given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Entry<T> {
    /// Not written.
    #[default]
    Absent,
    /// Written with a wrong value; a diagnostic says so.
    Invalid,
    /// Written with a value that reads.
    Given(At<T>),
}

impl<T> Entry<T> {
    /// What a reader such as [`Doc::string`] returned for a key that is
    /// there: `None` means it reported the value as wrong.
    pub fn read(value: Option<At<T>>) -> Self {
        value.map_or(Entry::Invalid, Entry::Given)
    }

    /// The value, when the key was written with one that reads.
    pub fn given(&self) -> Option<&At<T>> {
        match self {
            Entry::Given(value) => Some(value),
            Entry::Absent | Entry::Invalid => None,
        }
    }

    /// Whether the key was written with a wrong value.
    pub fn is_invalid(&self) -> bool {
        matches!(self, Entry::Invalid)
    }
}

/// One key of a TOML table and how its value is read into the table's
/// type `T`. `read` gets the key's full dotted name for its messages.
pub struct Field<T> {
    /// The key as written.
    pub key: &'static str,
    /// Reads the value into `T`, reporting what is wrong with it.
    pub read: fn(&Doc<'_>, &str, &Spanned<DeValue<'_>>, &mut T, &mut Diagnostics),
}

/// The keys of a list of fields, for messages and for editors.
pub fn keys<T>(fields: &[Field<T>]) -> impl Iterator<Item = &'static str> + '_ {
    fields.iter().map(|f| f.key)
}

/// A TOML text inside a file: the file's name for diagnostics and the byte
/// offset where the TOML starts (after a `+++` fence, say).
#[derive(Clone, Copy, Debug)]
pub struct Doc<'a> {
    /// Path relative to the playbook root.
    pub file: &'a str,
    /// Offset of the TOML text in the file.
    pub base: usize,
}

impl<'a> Doc<'a> {
    /// Parses `text`, reporting the first syntax error of each line: one
    /// missing `]` makes the parser trip over every token after it, and
    /// five errors at one spot hide the one mistake. Returns the table, or
    /// `None` when there were syntax errors.
    pub fn parse<'i>(
        &self,
        text: &'i str,
        code: &'static Code,
        diags: &mut Diagnostics,
    ) -> Option<DeTable<'i>> {
        let (table, errors) = DeTable::parse_recoverable(text);
        if errors.is_empty() {
            return Some(table.into_inner());
        }
        let mut lines_seen = Vec::new();
        for error in errors {
            let line = error
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count());
            if line.is_some() && lines_seen.contains(&line) {
                continue;
            }
            lines_seen.push(line);
            let span = error.span().map(|s| self.shift(&s));
            diags.push(
                Diagnostic::error(code, format!("invalid TOML: {}", error.message().trim()))
                    .at(self.file, span)
                    .label("here"),
            );
        }
        None
    }

    /// Reads every key of `table` through `fields` into `into`. `path` is
    /// the table's dotted name (empty for a whole document), which prefixes
    /// keys in messages; `context` ends an unknown key's warning ("in
    /// front matter"). A key not in `fields` is a warning naming the
    /// nearest one that is.
    pub fn fields<T>(
        &self,
        table: &DeTable<'_>,
        path: &str,
        context: &str,
        fields: &[Field<T>],
        into: &mut T,
        diags: &mut Diagnostics,
    ) {
        for (key, value) in table.iter() {
            let name: &str = key.get_ref();
            match fields.iter().find(|f| f.key == name) {
                Some(field) => {
                    let full: Cow<'_, str> = if path.is_empty() {
                        Cow::Borrowed(name)
                    } else {
                        Cow::Owned(format!("{path}.{name}"))
                    };
                    (field.read)(self, &full, value, into, diags);
                }
                None => {
                    let known: Vec<&str> = keys(fields).collect();
                    self.unknown_key(key, context, &known, diags);
                }
            }
        }
    }

    /// Reads a value that must be a table, `[path]`, through `fields`;
    /// `false` when it was not a table (reported).
    pub fn section<T>(
        &self,
        code: &'static Code,
        path: &str,
        value: &Spanned<DeValue<'_>>,
        fields: &[Field<T>],
        into: &mut T,
        diags: &mut Diagnostics,
    ) -> bool {
        let Some(table) = self.table(code, path, value, diags) else {
            return false;
        };
        self.fields(table, path, &format!("in [{path}]"), fields, into, diags);
        true
    }

    /// A span in the TOML text, as a span in the file.
    pub fn shift(&self, span: &Range<usize>) -> Range<usize> {
        span.start + self.base..span.end + self.base
    }

    /// The span of a key or value.
    pub fn span_of<T>(&self, spanned: &Spanned<T>) -> Range<usize> {
        self.shift(&spanned.span())
    }

    fn wrong_type(
        &self,
        code: &'static Code,
        key: &str,
        expected: &str,
        value: &Spanned<DeValue<'_>>,
        diags: &mut Diagnostics,
    ) {
        diags.push(
            Diagnostic::error(
                code,
                format!(
                    "`{key}` must be {expected}, found {}",
                    article(value.get_ref().type_str())
                ),
            )
            .at(self.file, Some(self.span_of(value)))
            .label(format!("expected {expected}")),
        );
    }

    /// A string value, or an error at the value.
    pub fn string(
        &self,
        code: &'static Code,
        key: &str,
        value: &Spanned<DeValue<'_>>,
        diags: &mut Diagnostics,
    ) -> Option<At<String>> {
        match value.get_ref().as_str() {
            Some(s) if self.printable(code, key, s, value, diags) => Some(At {
                value: s.to_string(),
                span: self.span_of(value),
            }),
            Some(_) => None,
            None => {
                self.wrong_type(code, key, "a string", value, diags);
                None
            }
        }
    }

    /// Whether a string is free of control characters other than
    /// whitespace; they would reach page titles and the terminal.
    fn printable(
        &self,
        code: &'static Code,
        key: &str,
        s: &str,
        value: &Spanned<DeValue<'_>>,
        diags: &mut Diagnostics,
    ) -> bool {
        let Some(bad) = s
            .chars()
            .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        else {
            return true;
        };
        diags.push(
            Diagnostic::error(
                code,
                format!(
                    "`{key}` contains the control character U+{:04X}",
                    u32::from(bad)
                ),
            )
            .at(self.file, Some(self.span_of(value)))
            .label("not printable")
            .help("delete the character; it is invisible in most editors"),
        );
        false
    }

    /// A list of strings, or errors at each wrong value.
    pub fn string_list(
        &self,
        code: &'static Code,
        key: &str,
        value: &Spanned<DeValue<'_>>,
        diags: &mut Diagnostics,
    ) -> Option<At<Vec<At<String>>>> {
        let Some(array) = value.get_ref().as_array() else {
            self.wrong_type(code, key, "a list of strings", value, diags);
            return None;
        };
        let mut items = Vec::new();
        let mut ok = true;
        for item in array.iter() {
            match item.get_ref().as_str() {
                Some(s) if self.printable(code, key, s, item, diags) => items.push(At {
                    value: s.to_string(),
                    span: self.span_of(item),
                }),
                Some(_) => ok = false,
                None => {
                    ok = false;
                    self.wrong_type(
                        code,
                        &format!("every item of `{key}`"),
                        "a string",
                        item,
                        diags,
                    );
                }
            }
        }
        ok.then(|| At {
            value: items,
            span: self.span_of(value),
        })
    }

    /// An integer value, or an error at the value.
    pub fn integer(
        &self,
        code: &'static Code,
        key: &str,
        value: &Spanned<DeValue<'_>>,
        diags: &mut Diagnostics,
    ) -> Option<At<i64>> {
        let parsed = value.get_ref().as_integer().and_then(|i| {
            let digits: String = i.as_str().chars().filter(|&c| c != '_').collect();
            i64::from_str_radix(&digits, i.radix()).ok()
        });
        match parsed {
            Some(n) => Some(At {
                value: n,
                span: self.span_of(value),
            }),
            // An integer too large for 64 bits: saying "must be an integer,
            // found an integer" would leave the writer puzzled.
            None if value.get_ref().as_integer().is_some() => {
                diags.push(
                    Diagnostic::error(code, format!("`{key}` is too large"))
                        .at(self.file, Some(self.span_of(value)))
                        .label(format!(
                            "expected an integer from {} to {}",
                            i64::MIN,
                            i64::MAX
                        ))
                        .help("a small number such as 10 or -5 is enough to order notes"),
                );
                None
            }
            None => {
                self.wrong_type(code, key, "an integer", value, diags);
                None
            }
        }
    }

    /// A boolean value, or an error at the value.
    pub fn boolean(
        &self,
        code: &'static Code,
        key: &str,
        value: &Spanned<DeValue<'_>>,
        diags: &mut Diagnostics,
    ) -> Option<At<bool>> {
        match value.get_ref().as_bool() {
            Some(b) => Some(At {
                value: b,
                span: self.span_of(value),
            }),
            None => {
                self.wrong_type(code, key, "true or false", value, diags);
                None
            }
        }
    }

    /// A table value, or an error at the value.
    pub fn table<'v, 'i>(
        &self,
        code: &'static Code,
        key: &str,
        value: &'v Spanned<DeValue<'i>>,
        diags: &mut Diagnostics,
    ) -> Option<&'v DeTable<'i>> {
        let table = value.get_ref().as_table();
        if table.is_none() {
            self.wrong_type(code, key, "a table", value, diags);
        }
        table
    }

    /// A warning for a key nobody reads, naming the nearest known key.
    pub fn unknown_key(
        &self,
        key: &Spanned<DeString<'_>>,
        context: &str,
        known: &[&str],
        diags: &mut Diagnostics,
    ) {
        let name: &str = key.get_ref();
        let mut d = Diagnostic::warning(
            codes::UNKNOWN_KEY,
            format!("unknown key `{name}` {context}"),
        )
        .at(self.file, Some(self.span_of(key)))
        .label("not a known key");
        d = match closest(name, known.iter().copied()) {
            Some(near) => d.help(format!("did you mean `{near}`?")),
            None => d.help(format!("known keys: {}", known.join(", "))),
        };
        diags.push(d);
    }
}

/// The known name closest to `name`, within an edit distance of 3 (as cargo
/// suggests), if any.
pub fn closest<'k>(name: &str, known: impl Iterator<Item = &'k str>) -> Option<&'k str> {
    known
        .map(|k| (strsim::levenshtein(name, k), k))
        .filter(|&(distance, _)| distance <= 3 && distance < name.chars().count().max(2))
        .min()
        .map(|(_, k)| k)
}

fn article(type_name: &str) -> String {
    match type_name {
        "integer" | "array" => format!("an {type_name}"),
        other => format!("a {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_suggests_within_three_edits() {
        let known = ["strategy", "summary", "tags"];
        assert_eq!(closest("stratgy", known.iter().copied()), Some("strategy"));
        assert_eq!(closest("tag", known.iter().copied()), Some("tags"));
        assert_eq!(closest("completely-else", known.iter().copied()), None);
    }

    #[test]
    fn wrong_type_points_at_the_value() {
        let mut diags = Diagnostics::new();
        let text = "weight = \"heavy\"\n";
        let doc = Doc {
            file: "a.md",
            base: 4,
        };
        let table = doc.parse(text, codes::FRONT_MATTER, &mut diags).unwrap();
        let (_, value) = table.iter().next().unwrap();
        assert!(
            doc.integer(codes::FRONT_MATTER, "weight", value, &mut diags)
                .is_none()
        );
        let d = diags.sorted()[0];
        assert_eq!(d.span, Some(13..20));
        assert!(
            d.message
                .contains("`weight` must be an integer, found a string")
        );
    }

    #[test]
    fn an_integer_beyond_64_bits_is_too_large_not_the_wrong_type() {
        let mut diags = Diagnostics::new();
        let text = "weight = 9223372036854775808\n";
        let doc = Doc {
            file: "a.md",
            base: 0,
        };
        let table = doc.parse(text, codes::FRONT_MATTER, &mut diags).unwrap();
        let (_, value) = table.iter().next().unwrap();
        assert!(
            doc.integer(codes::FRONT_MATTER, "weight", value, &mut diags)
                .is_none()
        );
        let d = diags.sorted()[0];
        assert_eq!(d.message, "`weight` is too large");
        assert_eq!(d.span, Some(9..28));
    }

    #[test]
    fn one_error_per_line_and_every_line_with_one() {
        let mut diags = Diagnostics::new();
        let doc = Doc {
            file: "a.md",
            base: 0,
        };
        let text = "title = = \"a\" \"b\"\nok = 1\nweight = = 2\n";
        let (_, raw) = DeTable::parse_recoverable(text);
        assert!(raw.len() > 2, "the parser reports {} errors", raw.len());
        assert!(doc.parse(text, codes::FRONT_MATTER, &mut diags).is_none());
        let lines: Vec<usize> = diags
            .sorted()
            .iter()
            .map(|d| crate::diagnostics::line_col(text, d.span.clone().unwrap().start).0)
            .collect();
        assert_eq!(lines, [1, 3], "{:?}", diags.sorted());
    }

    #[test]
    fn every_syntax_error_is_reported() {
        let mut diags = Diagnostics::new();
        let doc = Doc {
            file: "a.md",
            base: 0,
        };
        assert!(
            doc.parse("a = \nb = [\n", codes::FRONT_MATTER, &mut diags)
                .is_none()
        );
        assert!(diags.error_count() >= 1);
    }
}
