//! Validated names used across the stages: note ids, language codes, tags
//! and URL slugs. Each is a newtype so that a model signature says which
//! kind of string it takes, and each is checked once, where it is made.

use std::borrow::Borrow;
use std::fmt;

use unicode_normalization::UnicodeNormalization;

macro_rules! str_newtype {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The validated text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

str_newtype!(
    /// A note's id: its path below the language folder, without `.md`, with
    /// `/` separators, in Unicode NFC (so an NFD file name from macOS and an
    /// NFC link to it name the same note).
    NoteId
);

/// A language code as declared in `book.toml` (`en`, `de`, `pt-BR`).
///
/// Kept inline rather than on the heap: every version of every note is
/// found by its language, and at thousands of notes a pointer to chase per
/// comparison made those lookups a tenth of a rebuild.
#[derive(Clone, Copy)]
pub struct Lang {
    len: u8,
    bytes: [u8; Lang::MAX],
}

impl Lang {
    /// BCP 47's practical limit.
    const MAX: usize = 35;

    /// The validated text.
    pub fn as_str(&self) -> &str {
        // Only ever made from a validated ASCII `&str`.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl PartialEq for Lang {
    fn eq(&self, other: &Lang) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Lang {}

impl PartialOrd for Lang {
    fn partial_cmp(&self, other: &Lang) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Lang {
    fn cmp(&self, other: &Lang) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Lang {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Borrow<str> for Lang {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Lang {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl serde::Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A topic tag (`paid-social`); the role tags `upstream` and `downstream`
/// are not topic tags and never become one.
///
/// Its page's slug is made once, with the tag: every rebuild groups and
/// compares tags by slug, and slugifying each tag of thousands of notes
/// again on every save was a tenth of it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tag {
    name: String,
    slug: String,
}

impl Tag {
    /// The validated text.
    pub fn as_str(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl serde::Serialize for Tag {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name)
    }
}

str_newtype!(
    /// One URL path segment chosen by a translation's `slug` key.
    Slug
);

/// The longest file or folder name most file systems take, in bytes.
const MAX_SEGMENT: usize = 255;

/// `text` in Unicode NFC; ASCII text already is, and is only copied (ids
/// and tags are made for every link of every note).
fn nfc(text: &str) -> String {
    if text.is_ascii() {
        text.to_string()
    } else {
        text.nfc().collect()
    }
}

impl NoteId {
    /// Validates an id. Rejects empty segments, `.` and `..`, backslashes,
    /// a `.md` suffix and control characters, so that an id can never name a
    /// path outside its language folder.
    pub fn new(text: &str) -> Result<NoteId, String> {
        let text = nfc(text);
        if text.is_empty() {
            return Err("a note id cannot be empty".into());
        }
        if text.ends_with(".md") {
            return Err(format!(
                "`{text}` ends in `.md`; a note id has no extension"
            ));
        }
        if text.contains('\\') {
            return Err(format!(
                "`{text}` contains `\\`; ids use `/` between folders"
            ));
        }
        if text.chars().any(char::is_control) {
            return Err("a note id cannot contain control characters".into());
        }
        for segment in text.split('/') {
            if segment.is_empty() || segment == "." || segment == ".." {
                return Err(format!(
                    "`{text}` has an empty, `.` or `..` segment; ids are paths below the language folder"
                ));
            }
        }
        Ok(NoteId(text))
    }

    /// The folder segments and the file stem.
    pub fn segments(&self) -> impl Iterator<Item = &str> {
        self.0.split('/')
    }

    /// The last segment: the default URL slug.
    pub fn file_stem(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or(&self.0)
    }
}

impl Lang {
    /// Validates a language code: ASCII letters, digits and `-`, starting
    /// with a letter, at most 35 characters (BCP 47's practical limit).
    pub fn new(text: &str) -> Result<Lang, String> {
        let ok = !text.is_empty()
            && text.len() <= Lang::MAX
            && text.starts_with(|c: char| c.is_ascii_alphabetic())
            && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if ok {
            let mut bytes = [0; Lang::MAX];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            Ok(Lang {
                len: text.len() as u8,
                bytes,
            })
        } else {
            Err(format!(
                "`{text}` is not a language code; use a code such as `en`, `de` or `pt-BR`"
            ))
        }
    }
}

impl Tag {
    /// Validates a topic tag: non-empty, no `/`, no control characters.
    pub fn new(text: &str) -> Result<Tag, String> {
        let text = nfc(text.trim());
        if text.is_empty() {
            return Err("a tag cannot be empty".into());
        }
        if text.contains('/') || text.chars().any(char::is_control) {
            return Err(format!(
                "tag `{text}` cannot contain `/` or control characters"
            ));
        }
        let mut slug = slugify(&text);
        if slug.len() > MAX_SEGMENT {
            return Err(format!(
                "this tag is too long for the name of its page's folder (at most {MAX_SEGMENT} bytes)"
            ));
        }
        if slug.is_empty() {
            slug = "tag".into();
        }
        Ok(Tag { name: text, slug })
    }

    /// The URL segment of this tag's page.
    pub fn slug(&self) -> &str {
        &self.slug
    }
}

impl Slug {
    /// Validates a `slug` value: one non-empty path segment, not `.` or `..`.
    pub fn new(text: &str) -> Result<Slug, String> {
        let text = nfc(text);
        if text.is_empty() || text == "." || text == ".." {
            return Err("a slug must be a non-empty name such as `positionierung`".into());
        }
        if text.contains(['/', '\\', '?', '#', '%']) || text.chars().any(char::is_control) {
            return Err(format!(
                "slug `{text}` cannot contain `/`, `\\`, `?`, `#`, `%` or control characters"
            ));
        }
        // A folder whose name starts with `.` is hidden: servers, `serve`
        // among them, refuse to serve it.
        if text.starts_with('.') {
            return Err(format!(
                "slug `{text}` starts with `.`, which would make its page a hidden folder that web servers refuse"
            ));
        }
        if text.len() > MAX_SEGMENT {
            return Err(format!(
                "this slug is too long for a folder name (at most {MAX_SEGMENT} bytes)"
            ));
        }
        Ok(Slug(text))
    }
}

/// Turns heading text or a tag into a URL fragment: NFC, German umlauts
/// spelled out (`Größe` -> `groesse`, as German readers expect and so that
/// `über` and `uber` stay apart), other accents dropped (`Ação` -> `acao`),
/// lowercase, runs of anything else collapsed into one `-`.
pub fn slugify(text: &str) -> String {
    let mut spelled = String::with_capacity(text.len());
    for c in text.nfc() {
        match c {
            'ä' => spelled.push_str("ae"),
            'ö' => spelled.push_str("oe"),
            'ü' => spelled.push_str("ue"),
            'Ä' => spelled.push_str("Ae"),
            'Ö' => spelled.push_str("Oe"),
            'Ü' => spelled.push_str("Ue"),
            'ß' => spelled.push_str("ss"),
            c => spelled.push(c),
        }
    }
    let ascii = deunicode::deunicode(&spelled);
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_ids_stay_below_the_language_folder() {
        assert!(NoteId::new("channels/linkedin-ads").is_ok());
        for bad in ["", "../x", "a//b", "a/./b", "a\\b", "x.md", "/abs", "a/"] {
            assert!(NoteId::new(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn note_ids_are_nfc() {
        let nfd = "gro\u{0308}sse";
        assert_eq!(NoteId::new(nfd).unwrap().as_str(), "grösse");
    }

    #[test]
    fn slugify_spells_out_german_and_drops_accents() {
        assert_eq!(slugify("Größe Übersicht"), "groesse-uebersicht");
        assert_eq!(slugify("Gro\u{0308}ße"), "groesse");
        assert_eq!(slugify("Ação / Segmentação"), "acao-segmentacao");
        assert_eq!(slugify("  Why it matters?  "), "why-it-matters");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn lang_codes() {
        assert!(Lang::new("pt-BR").is_ok());
        assert!(Lang::new("../x").is_err());
        assert!(Lang::new("").is_err());
    }

    #[test]
    fn slugs_and_tags_make_servable_folder_names() {
        for bad in [".dotted", "..x", "v%2e1", "100%"] {
            assert!(Slug::new(bad).is_err(), "{bad:?} should be rejected");
        }
        assert!(Slug::new(&"a".repeat(256)).is_err());
        assert!(Slug::new(&"a".repeat(255)).is_ok());
        assert!(Slug::new("v1.2").is_ok());
        assert!(Tag::new(&"b".repeat(300)).is_err());
        assert!(Tag::new(&"b".repeat(255)).is_ok());
    }

    #[test]
    fn slugs_are_one_segment() {
        assert!(Slug::new("positionierung").is_ok());
        assert!(Slug::new("a/b").is_err());
        assert!(Slug::new("..").is_err());
    }
}
