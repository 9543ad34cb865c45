//! Stage 4b: each language's search index, built with the site.
//!
//! Words are folded (lower case, accents dropped, `ß` as `ss`, and in German
//! `ae`/`oe`/`ue` as `a`/`o`/`u`, so "groesse" and "grosse" find "Größe")
//! and then stemmed with that language's Snowball stemmer ("Preise" and
//! "Preis" share a stem). The browser has no stemmer: the index carries the
//! folded word forms of the notes with their stems, and the page's script
//! (`assets/search.js`, the same folding in JavaScript) looks a query word
//! up there, falling back to prefixes. The index is a script, not JSON, so
//! that a site opened from `file://` can load it.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::ids::Lang;
use crate::model::{Note, Playbook, Version};

/// How much a word counts in each part of a note: a match in the title
/// ranks above one in the summary or a heading, which ranks above the body.
const TITLE: u32 = 20;
const SUMMARY: u32 = 6;
const HEADING: u32 = 4;
const BODY: u32 = 1;
/// Repeating a word in the body stops counting after this many times.
const BODY_CAP: u32 = 5;
/// A stem in more than this share of the notes says little: only its
/// matches outside the body are kept.
const COMMON: f64 = 0.5;

/// Notes scored at once: enough to keep the cores busy, few enough that
/// their word tables take a few megabytes.
const BATCH: usize = 256;

/// Where a language's index is written, below the site root.
pub fn index_path(lang: &Lang) -> String {
    crate::routes::Route::SearchIndex(lang).output_path()
}

/// The Snowball stemmer for a language code, when there is one.
fn stemmer(lang: &str) -> Option<Stemmer> {
    let algorithm = match lang.split(['-', '_']).next().unwrap_or(lang) {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "en" => Algorithm::English,
        "es" => Algorithm::Spanish,
        "fr" => Algorithm::French,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "nl" => Algorithm::Dutch,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// Folds a word for matching; `assets/search.js` folds queries the same way.
pub fn fold(word: &str, german: bool) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, german, &mut out);
    out
}

/// [`fold`] into a buffer, without allocating for the common ASCII word.
fn fold_into(word: &str, german: bool, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else if word.chars().all(|c| c < LATIN_END) {
        let table = latin_table();
        for c in word.chars() {
            match c {
                c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
                c => out.push_str(&table[c as usize - 0x80]),
            }
        }
    } else {
        push_folded(word.nfd(), out);
    }
    let spelled_out = |w: &[u8]| {
        w.windows(2)
            .any(|p| p[1] == b'e' && matches!(p[0], b'a' | b'o' | b'u'))
    };
    if german && spelled_out(out.as_bytes()) {
        *out = out.replace("ae", "a").replace("oe", "o").replace("ue", "u");
    }
}

/// Folds decomposed (NFD) text: marks dropped, `ß` spelled out, lower case.
fn push_folded(decomposed: impl Iterator<Item = char>, out: &mut String) {
    for c in decomposed {
        match c {
            '\u{300}'..='\u{36f}' => {}
            'ß' | 'ẞ' => out.push_str("ss"),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// Below this, every letter decomposes into a base letter and marks from
/// U+0300-U+036F (a test checks it), so a word of these letters folds
/// letter by letter, from a table, to what folding it whole gives.
/// Decomposing is most of the cost of folding German and Portuguese.
const LATIN_END: char = '\u{250}';

/// The folded form of each letter from U+0080 to [`LATIN_END`].
fn latin_table() -> &'static [Box<str>] {
    static TABLE: std::sync::OnceLock<Vec<Box<str>>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        ('\u{80}'..LATIN_END)
            .map(|c| {
                let mut folded = String::new();
                push_folded(std::iter::once(c).nfd(), &mut folded);
                folded.into_boxed_str()
            })
            .collect()
    })
}

/// FNV-1a: word tables are hashed millions of times per build, and these
/// keys come from the playbook's own files, not from an attacker.
#[derive(Default)]
struct FnvHasher(u64);

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    /// A key that is already a hash is used as it is.
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 { FNV_OFFSET } else { self.0 };
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(FNV_PRIME);
        }
        self.0 = hash;
    }
}

type Fnv = std::hash::BuildHasherDefault<FnvHasher>;
/// A note's words by the hash of their folded form: the score, and the
/// word as first written (folded again only for a word new to the index).
type Words<'a> = HashMap<u64, (u32, &'a str), Fnv>;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a of some bytes; a 64-bit hash keeps distinct words of a playbook
/// apart.
fn fnv(bytes: &[u8]) -> u64 {
    let mut hasher = FnvHasher::default();
    std::hash::Hasher::write(&mut hasher, bytes);
    hasher.0
}

/// Calls `each` with every word of `text` (a run of letters and digits)
/// and the [`fnv`] hash of its [`fold`]ed form. One pass over the bytes:
/// an ASCII word is lower-cased and hashed as it is read, and only a word
/// with other letters, or a German word with a spelled-out umlaut, is
/// folded into `scratch` first. Bodies are most of the text a build reads.
fn folded_words<'a>(
    text: &'a str,
    german: bool,
    scratch: &mut String,
    mut each: impl FnMut(u64, &'a str),
) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let mut hash = FNV_OFFSET;
        let mut previous = 0u8;
        let mut spelled_out = false;
        while let Some(&b) = bytes.get(i).filter(|b| b.is_ascii_alphanumeric()) {
            // Letters and digits all have 0x20 set once lower-cased.
            let lower = b | 0x20;
            spelled_out |= lower == b'e' && matches!(previous, b'a' | b'o' | b'u');
            hash = (hash ^ u64::from(lower)).wrapping_mul(FNV_PRIME);
            previous = lower;
            i += 1;
        }
        let ascii_end = bytes.get(i).is_none_or(u8::is_ascii);
        if i > start && ascii_end && !(german && spelled_out) {
            each(hash, &text[start..i]);
        } else if !ascii_end || i > start {
            // A word with other letters (or a separator that is not ASCII):
            // the slow, exact path from the word's start.
            let end = text[start..]
                .char_indices()
                .find(|(_, c)| !c.is_alphanumeric())
                .map_or(text.len(), |(at, _)| start + at);
            if end > start {
                fold_into(&text[start..end], german, scratch);
                each(fnv(scratch.as_bytes()), &text[start..end]);
                i = end;
            } else {
                i = start + text[start..].chars().next().map_or(1, char::len_utf8);
            }
        }
        // Separators.
        while bytes
            .get(i)
            .is_some_and(|b| b.is_ascii() && !b.is_ascii_alphanumeric())
        {
            i += 1;
        }
    }
}

/// One language's index, as the browser reads it.
#[derive(Serialize)]
struct Index {
    /// Per note: title, site path, the title of the strategy it serves
    /// (empty for a strategy), its summary, the excerpt, and the language
    /// of that strategy title when it is not the index's (else empty).
    docs: Vec<[String; 5]>,
    /// Per stem: `note * 64 + score` for each note that has it (the score
    /// is at most 63), so that the index stays small.
    terms: BTreeMap<String, Vec<u32>>,
    /// Folded word forms whose stem is not a prefix of the form (the
    /// script tries prefixes of a query word itself).
    forms: BTreeMap<String, String>,
}

/// One language's index, as a (site path, script bytes) pair; `None` when
/// `stop` was set before it was done.
pub fn build_index_for(
    playbook: &Playbook,
    lang: &Lang,
    stop: &AtomicBool,
) -> Option<(String, Vec<u8>)> {
    Some((index_path(lang), build_index(playbook, lang, stop)?))
}

fn build_index<'a>(playbook: &'a Playbook, lang: &Lang, stop: &AtomicBool) -> Option<Vec<u8>> {
    let german = lang.as_str().split(['-', '_']).next() == Some("de");
    let stemmer = stemmer(lang.as_str());
    let notes: Vec<(&'a Note, &'a Version)> = playbook
        .notes
        .values()
        .filter_map(|note| note.versions.get(lang).map(|v| (note.as_ref(), v)))
        .collect();
    // Per note, in parallel: the score of each folded word. Then, in note
    // order, each distinct word is stemmed once and the scores go to the
    // stems' postings. Notes go in batches so that only a batch's word
    // tables are in memory at once.
    let score = |(note, version): &(&'a Note, &'a Version)| {
        let mut scores: Words<'a> = Words::with_capacity_and_hasher(512, Default::default());
        let mut scratch = String::new();
        let mut add = |text: &'a str, weight: u32, cap: u32| {
            folded_words(text, german, &mut scratch, |hash, word| {
                let entry = scores.entry(hash).or_insert((0, word));
                if entry.0 < cap {
                    entry.0 += weight;
                }
            });
        };
        add(&version.title, TITLE, u32::MAX);
        add(&version.summary, SUMMARY, u32::MAX);
        for tag in &note.tags {
            add(tag.as_str(), SUMMARY, u32::MAX);
            let label = playbook.tag_label(lang, tag);
            if label != tag.as_str() {
                add(label, SUMMARY, u32::MAX);
            }
        }
        for metric in &version.metrics {
            add(metric, SUMMARY, u32::MAX);
        }
        for heading in &version.scan.headings {
            add(&heading.text, HEADING, u32::MAX);
        }
        add(&version.scan.text, BODY, BODY_CAP);
        scores
    };

    // Stems by number, so that postings do not copy strings. Per batch:
    // score the notes (parallel), stem the words not seen before (once
    // each), turn each note's words into stem scores (parallel), append
    // the postings in note order.
    let mut stem_of: HashMap<u64, u32, Fnv> = HashMap::default();
    let mut stem_names: Vec<String> = Vec::new();
    let mut by_stem: HashMap<String, u32, Fnv> = HashMap::default();
    let mut postings: Vec<Vec<u32>> = Vec::new();
    let mut forms = BTreeMap::new();
    let mut number = 0u32;
    for batch in notes.chunks(BATCH) {
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        // Checked per note too: a batch takes long enough to delay the
        // save that stopped it.
        let scored: Vec<Words<'a>> = batch
            .par_iter()
            .map(|note| match stop.load(Ordering::Relaxed) {
                true => Words::default(),
                false => score(note),
            })
            .collect();
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        for scores in &scored {
            for (hash, (_, word)) in scores {
                if stem_of.contains_key(hash) {
                    continue;
                }
                let form = fold(word, german);
                let name = match &stemmer {
                    Some(s) => s.stem(&form).into_owned(),
                    None => form.clone(),
                };
                if !form.starts_with(name.as_str()) {
                    forms.insert(form, name.clone());
                }
                let stem = *by_stem.entry(name.clone()).or_insert_with(|| {
                    stem_names.push(name);
                    postings.push(Vec::new());
                    stem_names.len() as u32 - 1
                });
                stem_of.insert(*hash, stem);
            }
        }
        let per_note: Vec<Vec<(u32, u32)>> = scored
            .par_iter()
            .map(|scores| {
                let mut stems: Vec<(u32, u32)> = scores
                    .iter()
                    .map(|(hash, (score, _))| (stem_of[hash], *score))
                    .collect();
                stems.sort_unstable();
                stems.dedup_by(|next, kept| {
                    let same = next.0 == kept.0;
                    if same {
                        kept.1 += next.1;
                    }
                    same
                });
                stems
            })
            .collect();
        for stems in per_note {
            for (stem, score) in stems {
                postings[stem as usize].push(number * 64 + score.min(63));
            }
            number += 1;
        }
    }
    let mut terms: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (name, mut list) in stem_names.into_iter().zip(postings) {
        list.sort_unstable();
        terms.insert(name, list);
    }
    let common = (notes.len() as f64 * COMMON).max(2.0) as usize;
    for postings in terms.values_mut() {
        if postings.len() > common {
            postings.retain(|p| p % 64 > BODY_CAP);
        }
    }
    terms.retain(|_, postings| !postings.is_empty());
    let docs = notes
        .iter()
        .map(|(note, version)| {
            let serves = note
                .strategy()
                .and_then(|id| playbook.notes.get(id))
                .map(|s| playbook.version_for(s, lang));
            let serves_lang = serves
                .filter(|v| &v.lang != lang)
                .map(|v| v.lang.to_string());
            [
                version.title.clone(),
                version.site_path.clone(),
                serves.map(|v| v.title.clone()).unwrap_or_default(),
                version.summary.clone(),
                serves_lang.unwrap_or_default(),
            ]
        })
        .collect();
    if stop.load(Ordering::Relaxed) {
        return None;
    }
    let index = Index { docs, terms, forms };
    const START: &str = "window.playbookSearchIndex=";
    let mut script = START.as_bytes().to_vec();
    if serde_json::to_writer(&mut script, &index).is_err() {
        script.truncate(START.len());
        script.extend_from_slice(b"{}");
    }
    script.extend_from_slice(b";\n");
    // `<` only occurs inside JSON strings, where `\u003c` means the same:
    // no text of a note ever reads as markup, wherever the index ends up.
    if script.contains(&b'<') {
        script = String::from_utf8_lossy(&script)
            .replace('<', "\\u003c")
            .into_bytes();
    }
    Some(script)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_case_and_accents_and_spells_german_umlauts_out() {
        assert_eq!(fold("Ação", false), "acao");
        assert_eq!(fold("Größe", true), "grosse");
        assert_eq!(fold("Groesse", true), "grosse");
        assert_eq!(fold("GROSSE", true), "grosse");
        assert_eq!(fold("Müller", false), "muller");
    }

    /// The one-pass reader must find the same words, with the same hashes,
    /// as splitting at every character that is not a letter or digit and
    /// folding each word.
    fn reference(text: &str, german: bool) -> Vec<(u64, &str)> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| (fnv(fold(w, german).as_bytes()), w))
            .collect()
    }

    fn one_pass(text: &str, german: bool) -> Vec<(u64, &str)> {
        let mut found = Vec::new();
        folded_words(text, german, &mut String::new(), |hash, word| {
            found.push((hash, word));
        });
        found
    }

    /// What makes the letter table exact: no letter below `LATIN_END` is
    /// a mark, and each decomposes into one that is not, then marks that
    /// folding drops.
    #[test]
    fn latin_letters_decompose_into_a_base_and_dropped_marks() {
        for c in '\u{80}'..LATIN_END {
            let mut parts = std::iter::once(c).nfd();
            let base = parts.next().unwrap();
            assert!(!('\u{300}'..='\u{36f}').contains(&base), "{c:?}");
            assert!(
                unicode_normalization::char::canonical_combining_class(base) == 0,
                "{c:?}"
            );
            for mark in parts {
                assert!(
                    ('\u{300}'..='\u{36f}').contains(&mark),
                    "{c:?} has {mark:?}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn latin_words_fold_as_whole_words_do(word in "[a-zA-Z\u{80}-\u{24f}]{1,12}", german: bool) {
            let mut whole = String::new();
            push_folded(word.nfd(), &mut whole);
            if german {
                whole = whole.replace("ae", "a").replace("oe", "o").replace("ue", "u");
            }
            proptest::prop_assert_eq!(fold(&word, german), whole);
        }

        #[test]
        fn folded_words_match_on_any_text(text in "[a-zA-Z0-9 .,äöüÄÖÜßéçãõ’—東ﬁ_-]{0,40}", german: bool) {
            proptest::prop_assert_eq!(one_pass(&text, german), reference(&text, german));
        }
    }

    #[test]
    fn folded_words_match_splitting_and_folding() {
        let texts = [
            "Größe groesse GROSSE Ação, ações; café-crème 3D 42 x",
            "word’s end—next «quoted» naïve Übergröße Queue BLUE true",
            "  leading and trailing  ",
            "ÄÖÜ ﬁnance 東京 ünd the_end a1b2 ÇA",
            "",
            "—",
            "ends in ascii then é",
        ];
        for text in texts {
            for german in [false, true] {
                assert_eq!(
                    one_pass(text, german),
                    reference(text, german),
                    "{text:?} (german: {german})"
                );
            }
        }
    }

    #[test]
    fn stems_join_word_forms_in_each_language() {
        let stem = |lang: &str, word: &str| {
            let german = lang == "de";
            stemmer(lang)
                .unwrap()
                .stem(&fold(word, german))
                .into_owned()
        };
        assert_eq!(stem("de", "Preise"), stem("de", "Preis"));
        assert_eq!(stem("pt", "campanhas"), stem("pt", "campanha"));
        assert_eq!(stem("en", "campaigns"), stem("en", "campaign"));
        assert!(stemmer("xx").is_none());
    }
}
