//! Which translations are missing, stale or unmarked, and marking one as
//! caught up.
//!
//! A translation records `translated-from = "<hash>"`: the hash of the
//! default-language body it was translated from ([`body_hash`]). When the
//! default-language body changes, the hash no longer matches and the
//! translation is stale. Only the body counts, so fixing a typo in the
//! English front matter does not send every translator back to work.

use std::path::Path;

use serde::Serialize;

use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::front_matter::{EditError, Editor};
use crate::ids::{Lang, NoteId};
use crate::model::{Note, PerNote, Playbook};

pub use crate::content::{HASH_DIGITS, body_hash};

/// The state of one note in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "state")]
pub enum State {
    /// The default-language note itself.
    Source,
    /// Translated from the current default-language body.
    Current,
    /// Translated from an older body.
    Stale {
        /// The hash the translation records.
        recorded: String,
        /// The hash of the current default-language body.
        current: String,
    },
    /// A translation with no `translated-from`.
    Unmarked,
    /// No version in this language.
    Missing,
}

/// The state of `note` in `lang`.
pub fn state(playbook: &Playbook, note: &Note, lang: &Lang) -> State {
    let default = &playbook.default_language;
    if lang == default {
        return if note.versions.contains_key(lang) {
            State::Source
        } else {
            State::Missing
        };
    }
    let Some(version) = note.versions.get(lang) else {
        return State::Missing;
    };
    let Some(source) = note.versions.get(default) else {
        // Nothing to be stale against.
        return State::Current;
    };
    match &version.translated_from {
        None => State::Unmarked,
        Some(recorded) if recorded == source.body_hash() => State::Current,
        Some(recorded) => State::Stale {
            recorded: recorded.clone(),
            current: source.body_hash().to_string(),
        },
    }
}

/// One language's work list.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct LanguageReport {
    /// The language.
    pub language: String,
    /// Notes without a version in it.
    pub missing: Vec<String>,
    /// Translations of an older default-language body.
    pub stale: Vec<String>,
    /// Translations without `translated-from`.
    pub unmarked: Vec<String>,
    /// Translations of the current body (or the notes themselves, for the
    /// default language).
    pub current: usize,
    /// Notes in the playbook.
    pub total: usize,
    /// `current` as a percentage of `total` (100 for an empty playbook).
    pub percent: f64,
}

/// The work list of every language, or of one.
pub fn report(playbook: &Playbook, only: Option<&Lang>) -> Vec<LanguageReport> {
    playbook
        .languages
        .iter()
        .filter(|l| only.is_none_or(|o| o == *l))
        .map(|lang| {
            let mut r = LanguageReport {
                language: lang.to_string(),
                missing: Vec::new(),
                stale: Vec::new(),
                unmarked: Vec::new(),
                current: 0,
                total: playbook.notes.len(),
                percent: 100.0,
            };
            for note in playbook.notes.values() {
                let id = note.id.to_string();
                match state(playbook, note, lang) {
                    State::Source | State::Current => r.current += 1,
                    State::Stale { .. } => r.stale.push(id),
                    State::Unmarked => r.unmarked.push(id),
                    State::Missing => r.missing.push(id),
                }
            }
            if r.total > 0 {
                r.percent = (r.current as f64 * 1000.0 / r.total as f64).floor() / 10.0;
            }
            r
        })
        .collect()
}

/// Warns on every stale translation, naming both files. Given `previous`
/// (serve's last good build and what this check reported on it), the
/// notes made from the same files report that again. Returns the report
/// by note, for the next build.
pub fn check_stale(
    playbook: &Playbook,
    previous: Option<(&Playbook, &PerNote)>,
    diags: &mut Diagnostics,
) -> PerNote {
    PerNote::check(previous, playbook, |note| stale_of(playbook, note), diags)
}

/// The stale translations of one note: what they are depends on its own
/// files only.
fn stale_of(playbook: &Playbook, note: &Note) -> Vec<Diagnostic> {
    note.versions
        .keys()
        .filter_map(|lang| stale_warning(playbook, note, lang))
        .collect()
}

/// The warning for `note`'s translation into `lang`, when it is stale.
fn stale_warning(playbook: &Playbook, note: &Note, lang: &Lang) -> Option<Diagnostic> {
    let State::Stale { recorded, current } = state(playbook, note, lang) else {
        return None;
    };
    let version = &note.versions[lang];
    let source = &note.versions[&playbook.default_language].source;
    let span = version
        .source
        .front
        .translated_from
        .given()
        .map(|t| t.span.clone());
    Some(
        Diagnostic::warning(
            codes::STALE_TRANSLATION,
            format!(
                "this translation is stale: {} changed since it was translated",
                source.file
            ),
        )
        .at(&version.source.file, span)
        .label(format!(
            "translated from {recorded}; the source is now {current}"
        ))
        .related(&source.file, None, "the changed default-language note")
        .help(format!(
            "update the translation, then run `playbook translations --mark {lang}/{}`",
            note.id
        )),
    )
}

/// The work list of [`report`] as warnings, for CI annotations: a stale
/// translation at its own file, a missing one at the default-language
/// note's file (where a translator starts from).
pub fn work_list(playbook: &Playbook, only: Option<&Lang>) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for note in playbook.notes.values() {
        for version in note.versions.values() {
            diags.add_source(&version.source.file, version.source.text.clone());
        }
        let Some(source) = note
            .versions
            .get(&playbook.default_language)
            .or_else(|| note.versions.values().next())
        else {
            continue;
        };
        for lang in playbook
            .languages
            .iter()
            .filter(|l| only.is_none_or(|o| o == *l))
        {
            if state(playbook, note, lang) == State::Missing {
                diags.push(
                    Diagnostic::warning(
                        codes::MISSING_TRANSLATION,
                        format!("this note has no {lang} translation"),
                    )
                    .at(&source.source.file, None)
                    .help(format!(
                        "write it with `playbook new {} --lang {lang}`",
                        note.id
                    )),
                );
            }
            diags.extend(stale_warning(playbook, note, lang));
        }
    }
    diags
}

/// Why a mark could not be written.
#[derive(Debug)]
pub struct MarkError(pub String);

impl MarkError {
    /// The error as `translations --mark` reports it.
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic::error(codes::TRANSLATION_MARK, self.0.clone())
    }
}

/// Writes the current hash into the translation of `id` in `lang`,
/// changing only the `translated-from` value (or adding the key). Returns the file written, relative to the root.
pub fn mark(
    root: &Path,
    playbook: &Playbook,
    lang: &Lang,
    id: &NoteId,
) -> Result<Option<String>, MarkError> {
    if *lang == playbook.default_language {
        return Err(MarkError(format!(
            "{lang} is the default language: its notes are the source, not translations"
        )));
    }
    let note = playbook
        .notes
        .get(id)
        .ok_or_else(|| MarkError(format!("no note `{id}` in this playbook")))?;
    let version = note
        .versions
        .get(lang)
        .ok_or_else(|| MarkError(format!("`{id}` has no {lang} translation to mark")))?;
    let source = note
        .versions
        .get(&playbook.default_language)
        .ok_or_else(|| {
            MarkError(format!(
                "`{id}` has no {} version to be translated from",
                playbook.default_language
            ))
        })?;
    let hash = source.body_hash().to_string();
    if version.translated_from.as_deref() == Some(hash.as_str()) {
        return Ok(None);
    }
    let file = &version.source.file;
    let path = root.join(file);
    let text = crate::walk::read_regular_text(&path)
        .map_err(|e| MarkError(format!("cannot read {file}: {e}")))?;
    let updated = set_translated_from(&text, &hash)
        .map_err(|e| MarkError(format!("cannot mark {file}: {e}")))?;
    std::fs::write(&path, updated).map_err(|e| MarkError(format!("cannot write {file}: {e}")))?;
    Ok(Some(file.clone()))
}

/// The note text with `translated-from = "<hash>"` set in its front
/// matter and every other byte unchanged.
pub fn set_translated_from(text: &str, hash: &str) -> Result<String, EditError> {
    let mut editor = Editor::open(text)?;
    editor.set("translated-from", hash);
    Ok(editor.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_ignores_line_endings_and_trailing_space() {
        let a = body_hash("\nText.  \nMore\n\n");
        assert_eq!(a, body_hash("Text.\r\nMore"));
        assert_eq!(a.len(), 12);
        assert_ne!(a, body_hash("Text.\nMore!"));
    }

    #[test]
    fn marking_adds_a_line_before_the_fence_and_keeps_the_rest() {
        let text = "+++\ntitle = \"T\"  # kept\nslug = \"t\"\n+++\nBody\n";
        let marked = set_translated_from(text, "abc").unwrap();
        assert_eq!(
            marked,
            "+++\ntitle = \"T\"  # kept\nslug = \"t\"\ntranslated-from = \"abc\"\n+++\nBody\n"
        );
        let again = set_translated_from(&marked, "def").unwrap();
        assert_eq!(again, marked.replace("abc", "def"));
    }

    #[test]
    fn marking_keeps_crlf_and_bom() {
        let text = "\u{feff}+++\r\ntitle = \"T\"\r\n+++\r\nBody\r\n";
        let marked = set_translated_from(text, "abc").unwrap();
        assert_eq!(
            marked,
            "\u{feff}+++\r\ntitle = \"T\"\r\ntranslated-from = \"abc\"\r\n+++\r\nBody\r\n"
        );
        assert!(set_translated_from("no front matter", "abc").is_err());
    }
}
