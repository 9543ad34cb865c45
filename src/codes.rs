//! Every diagnostic code, with the explanation `playbook explain CODE`
//! prints: what the problem is, why playbook cares, and an example fix.
//!
//! Codes are stable names that CI scripts match on (`--format json`), so a
//! code is never renamed. Each code is a constant here, and emitters take
//! the constant, not its name: the compiler checks that every code a
//! diagnostic carries is defined and explained, as cargo does for lints.

/// One diagnostic code and its explanation.
#[derive(PartialEq, Eq)]
pub struct Code {
    /// The kebab-case name shown as `error[name]`.
    pub name: &'static str,
    /// One line: what it means.
    pub summary: &'static str,
    /// The rest: why, and an example fix (Markdown-ish plain text).
    pub explanation: &'static str,
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// Looks a code up by name.
pub fn find(name: &str) -> Option<&'static Code> {
    CODES.iter().copied().find(|c| c.name == name)
}

/// Defines each code once: its constant, and its place in [`CODES`].
macro_rules! codes {
    ($($constant:ident = $name:literal, $summary:literal, $explanation:literal;)*) => {
        $(
            #[doc = concat!("`", $name, "`: ", $summary, ".")]
            pub const $constant: &Code = &Code {
                name: $name,
                summary: $summary,
                explanation: $explanation,
            };
        )*

        /// All codes, alphabetically.
        pub const CODES: &[&Code] = &[$($constant),*];
    };
}

codes! {
    ASSET_SHADOWED = "asset-shadowed",
        "a copied file has the same site path as a page playbook writes",
        "A non-Markdown file under content/ or static/ would be copied to where\nplaybook writes one of its own pages or files (a home page, the sitemap, a\nlanguage's search index), so one of them would be lost. `check` finds it\nbefore anything is written. A file of the theme's static/ folder with such a\nname is left out of the site with a warning.\n\nFix: rename or move the file, e.g. content/en/index.html -> content/en/files/index.html.";
    BROKEN_ANCHOR = "broken-anchor",
        "a link names a heading the target note does not have",
        "`[[pricing#tiers]]` or `[x](pricing.md#tiers)` needs a heading whose id is\n`tiers` in the target note. Ids come from the heading text (`## Price tiers`\n-> `price-tiers`) or from an explicit `{#id}`.\n\nFix: link to an existing id (the message suggests the nearest one), or give the\nheading an explicit id that stays stable across languages:\n\n    ## Tiers {#tiers}";
    BROKEN_LINK = "broken-link",
        "a link names a note or file that does not exist",
        "Relative links to .md files and [[wikilinks]] must name a note of this\nplaybook, by its id (its path under the language folder, without .md).\nRelative links to other files must name a file in the same language folder.\nA wikilink needs a target: `[[ ]]`, `[[|label]]` are errors too.\n\nFix: correct the id (the message suggests the nearest one), e.g.\n\n    [[prcing]]  ->  [[pricing]]";
    CONFIG = "config",
        "book.toml is missing, malformed or invalid",
        "playbook reads book.toml at the playbook's root. It must be valid TOML with\na [book] table and at least one [languages.<code>] table, and\n`default-language` must be one of the declared languages. Exit status 2.\n\nFix: follow the message; a minimal book.toml is\n\n    [book]\n    title = \"Marketing Playbook\"\n    default-language = \"en\"\n\n    [languages.en]\n    name = \"English\"";
    CONFLICTING_ROLE = "conflicting-role",
        "a note is tagged both `upstream` and `downstream`",
        "A note is either a strategy (`upstream`) or a tactic (`downstream`), never\nboth: a strategy lists tactics, a tactic names one strategy.\n\nFix: keep one role tag; if the note really holds both, split it into a\nstrategy note and a tactic note with `strategy = \"<the strategy's id>\"`.";
    CONTENT_FOLDER = "content-folder",
        "content/ is missing or is not a folder",
        "Notes live in content/<language>/ below the playbook root.\n\nFix: create content/en/ (one folder per language declared in book.toml).";
    DENIED_WARNINGS = "denied-warnings",
        "warnings were found and `--deny-warnings` is set",
        "With --deny-warnings, any warning fails the run (exit 1), which is what a\nCI job usually wants.\n\nFix: fix the warnings listed above, or drop --deny-warnings.";
    DUPLICATE_HEADING_ID = "duplicate-heading-id",
        "two headings on one page have the same id",
        "Heading ids are link targets, so each must be unique on its page.\nGenerated ids are made unique automatically (`steps`, `steps-1`), but two\nexplicit `{#id}`s, or an explicit id that equals a generated one, clash.\n\nFix: give one heading another explicit id, e.g. `## Steps {#rollout-steps}`.";
    DUPLICATE_PATH = "duplicate-path",
        "two notes or files would be written to the same page",
        "In one language, every note needs its own URL. Two notes clash when their\npaths differ only in case, or when a `slug` makes one path equal another.\nTwo files clash when their names differ only in how accents are encoded\n(`ö` as one character, or `o` followed by a combining mark, as some\nsystems write it). A note's page is a folder (`/en/tac/`), so no file may\nhave that folder's name: `content/en/tac` beside `content/en/tac.md`, or\n`content/en/index.html.md`, whose folder would be the home page's file.\n\nFix: change the `slug` of one translation, or rename or delete one file.";
    EMPTY_LINK = "empty-link",
        "a link has an empty destination",
        "`[text]()` is a link to nowhere: CommonMark makes it `href=\"\"`, which\nreloads the page it is on. It is often a placeholder left while writing.\nThe page is built with the link as written, and this warning says where it\nis (an error under `--deny-warnings`).\n\nFix: fill in the destination, e.g. `[pricing](pricing.md)` or `[[pricing]]`,\nor remove the brackets.";
    FILE_NAME = "file-name",
        "a file or folder name cannot be used in a URL",
        "Names must be valid UTF-8 and must not contain characters that cannot\nappear in a site path.\n\nFix: rename the file, e.g. `plan?.md` -> `plan.md`.";
    FRONT_MATTER = "front-matter",
        "a note's front matter is missing, unterminated, or not valid TOML",
        "Every note starts with TOML between two `+++` lines, the first on line 1.\nEach key has a type: `title`, `summary`, `owner`, `strategy`, `slug` are\nstrings; `tags`, `metrics` lists of strings; `weight` an integer; `draft` a\nboolean.\n\nFix, e.g.:\n\n    +++\n    title = \"Webinars\"\n    tags = [\"downstream\", \"events\"]\n    strategy = \"value-proposition\"\n    weight = 10\n    +++";
    IGNORED_INDEX = "ignored-index",
        "an `_index.md` below a language folder is ignored",
        "Only content/<language>/_index.md is used, as the home page intro.\nSection intros are not supported.\n\nFix: move the text into a note, or into the language's _index.md.";
    INVALID_SLUG = "invalid-slug",
        "a `slug` cannot be used as a URL segment",
        "A slug is the last segment of a note's URL in one language. It must be\nnon-empty and must not contain `/`, `.` as a whole, or control characters.\n\nFix: `slug = \"positionierung\"`.";
    INVALID_TAG = "invalid-tag",
        "a topic tag cannot be used as a URL segment",
        "Topic tags get their own page under /<lang>/tags/, so each must give a\nnon-empty slug.\n\nFix: use words, e.g. `tags = [\"downstream\", \"paid-social\"]`.";
    INVALID_UTF8 = "invalid-utf8",
        "a note is not valid UTF-8",
        "playbook reads notes as UTF-8. A file saved as Latin-1 or Windows-1252\nbreaks at its first umlaut or accent.\n\nFix: re-save the file as UTF-8 in your editor, or convert it:\n\n    iconv -f latin1 -t utf-8 note.md > note.utf8.md && mv note.utf8.md note.md";
    LINK_TO_OTHER_LANGUAGE = "link-to-other-language",
        "a link goes to a note that exists only in another language",
        "The link works: it points to the note's page in a language that has it.\nReaders of this language leave their language there, so it is a warning.\n\nFix: translate the target note into this language.";
    MISSING_LANGUAGE_FOLDER = "missing-language-folder",
        "a declared language has no folder under content/",
        "Every language in book.toml gets a home page; without content/<code>/ it\nhas no notes of its own and every note falls back to another language.\n\nFix: create content/<code>/ and translate notes into it, or remove the\n[languages.<code>] table.";
    MISSING_ROLE = "missing-role",
        "a note is tagged neither `upstream` nor `downstream`",
        "Every note is a strategy or a tactic; the role is a tag.\n\nFix: `tags = [\"upstream\"]` for a strategy, or\n`tags = [\"downstream\", \"email\"]` plus `strategy = \"...\"` for a tactic.\nTranslations inherit the tags of the default language's note.";
    MISSING_STRATEGY = "missing-strategy",
        "a tactic does not name the strategy it serves",
        "Every downstream note must say which upstream note it executes: that is\nthe point of the playbook.\n\nFix: add `strategy = \"<id of a strategy note>\"`, e.g.\n`strategy = \"value-proposition\"`.";
    MISSING_TITLE = "missing-title",
        "a note has no `title`",
        "The title names the note in lists, links and the browser tab.\n\nFix: add `title = \"...\"` to the front matter.";
    MISSING_TRANSLATION = "missing-translation",
        "a note has no version in one of the playbook's languages",
        "Reported by `playbook translations --format github|sarif`, at the\ndefault-language note, so that CI shows the translators' work list. The\nsite still builds: readers of that language get the note in another.\n\nFix: write the translation, which starts from the default-language body:\n\n    playbook new channels/seo --lang de";
    NEW_NOTE = "new-note",
        "`playbook new` or `playbook init` wrote nothing",
        "`new` writes one note with valid front matter and `init` a starter playbook;\nneither ever overwrites a file. It refuses an id that is not a note id, a\nlanguage the playbook does not declare, a tactic without an existing\nstrategy, and a file or folder that is already there. Exit status 2.\n\nFix: follow the message, e.g.\n\n    playbook new channels/podcast --downstream --strategy positioning";
    OUTSIDE_LINK = "outside-link",
        "a symbolic link leads outside the playbook's folder",
        "playbook publishes only files inside the playbook's folder. A link such as\ncontent/en/logo.png -> ../../../.env would otherwise copy whatever it points\nat on the machine that builds the site (a CI runner's secrets, say) into the\npublished site. Links to files and folders inside the playbook are followed.\n\nFix: copy the file into the playbook, or point the link at a file inside it:\n\n    ln -sf ../shared/logo.png content/en/logo.png";
    RESERVED_PATH = "reserved-path",
        "a note would be written where playbook writes its own pages",
        "/<lang>/tags/, /<lang>/print/ and /<lang>/search-index.js belong to\nplaybook's tag, print and search pages, and /<lang>/tags/<tag>/ to the page\nof each topic tag.\n\nFix: rename the note or set another `slug`.";
    SELF_STRATEGY = "self-strategy",
        "a tactic names itself as its strategy",
        "Fix: set `strategy` to the id of the upstream note it serves.";
    SERVE_FAILED = "serve-failed",
        "`playbook serve` could not start or stopped",
        "serve needs a free port on a local address and a folder it can watch.\nExit status 2.\n\nFix: pick another port (`--port 0` takes any free one), or an address of\nthis machine, e.g. `--address 127.0.0.1`.";
    STALE_TRANSLATION = "stale-translation",
        "the default-language note changed since this translation was made",
        "A translation's `translated-from` records the hash of the default-language\nbody it was translated from. The body has changed since (front-matter edits\ndo not count), so the translation may say something the original no longer\ndoes.\n\nFix: compare with the default-language note (named in the message), update\nthe translation, then record the new hash:\n\n    playbook translations --mark de/channels/seo";
    STRATEGY_IN_OTHER_LANGUAGE = "strategy-in-other-language",
        "a tactic's strategy has no version in the tactic's language",
        "The tactic page still links to its strategy, in another language.\n\nFix: translate the strategy note into this language.";
    STRATEGY_IS_TACTIC = "strategy-is-tactic",
        "a tactic names another tactic as its strategy",
        "`strategy` must name an upstream note. Tactics do not nest.\n\nFix: name the strategy the other tactic serves, or turn the named note into\na strategy (`tags = [\"upstream\"]`, no `strategy` key).";
    STRATEGY_ON_STRATEGY = "strategy-on-strategy",
        "an upstream note has a `strategy` key",
        "Only tactics name a strategy.\n\nFix: remove the `strategy` line, or tag the note `downstream` if it is a\ntactic.";
    STRATEGY_WITHOUT_TACTICS = "strategy-without-tactics",
        "a strategy governs no tactic",
        "A strategy that nothing executes is a plan on paper. The warning keeps\nthe gap visible.\n\nFix: add a tactic with `strategy = \"<this id>\"`, or remove the strategy.";
    STRAY_FILE = "stray-file",
        "a file directly under content/ belongs to no language",
        "Files under content/ must be inside a language folder; files for the site\nroot go in static/.\n\nFix: move it to content/<lang>/ or static/.";
    TAG_SLUG = "tag-slug",
        "different tags would share one tag page",
        "Each topic tag gets a page at /<lang>/tags/<slug>/, where the slug keeps\nonly letters and digits: `C++`, `C#` and `C` all become `c`, so one page\ntitled by one of them would list the notes of all three.\n\nFix: spell the tag the same way everywhere, or pick names that differ in\nletters or digits, e.g. `cpp` and `csharp`.";
    TEMPLATE = "template",
        "a theme template failed to parse or render",
        "A template in themes/<name>/templates/ or templates/ has a Tera syntax\nerror, or uses a variable that does not exist. Exit status 2.\n\nFix: follow the message; remove your override to fall back to the built-in\ntemplate.";
    THEME_STRINGS = "theme-strings",
        "a theme's UI strings file is malformed",
        "themes/<name>/i18n/<lang>.toml maps UI string keys to text.\n\nFix: make it a flat table of strings, e.g. `governed-by = \"Governed by\"`.";
    TRANSLATION_COVERAGE = "translation-coverage",
        "a language is less up to date than `--fail-under` asks",
        "`playbook translations --fail-under 80` fails (exit status 1) when a\nlanguage has fewer than 80% of the notes translated from the current\ndefault-language body. Missing, stale and unmarked translations all count\nas not up to date.\n\nFix: translate the notes that `playbook translations --lang <code>` lists,\nthen record each with `playbook translations --mark <code>/<id>`.";
    TRANSLATION_DISAGREES = "translation-disagrees",
        "a translation states a structural key differently from the default language",
        "`tags`, `strategy`, `weight` and `draft` are the same in every language: a\ntactic cannot serve one strategy in English and another in German.\nTranslations may leave them out and inherit them.\n\nFix: delete the key from the translation, or make it equal the\ndefault-language note (both files are named in the message).";
    TRANSLATION_MARK = "translation-mark",
        "`translations --mark` could not mark a translation",
        "--mark LANG/ID records that the translation of ID in LANG matches the\ncurrent default-language note. The note must exist in both languages, LANG\nmust not be the default language, and the file's front matter must parse.\nExit status 2.\n\nFix: `playbook translations --mark de/channels/seo`; run `playbook check` for\nerrors in the file.";
    UNDECLARED_LANGUAGE = "undeclared-language",
        "a folder under content/ is not a language declared in book.toml",
        "Fix: declare it,\n\n    [languages.fr]\n    name = \"Français\"\n\nor move the folder out of content/.";
    UNKNOWN_KEY = "unknown-key",
        "a key is not one playbook knows (a typo?)",
        "Unknown keys in front matter and book.toml are ignored with a warning that\nsuggests the nearest known key.\n\nFix: `stratgy = \"pricing\"` -> `strategy = \"pricing\"`.";
    UNKNOWN_LANGUAGE = "unknown-language",
        "a command names a language the playbook does not declare",
        "`--lang` and `--mark LANG/ID` take a code declared as [languages.<code>]\nin book.toml. Exit status 2.\n\nFix: use one of the codes the message lists, or declare the language.";
    UNKNOWN_STRATEGY = "unknown-strategy",
        "`strategy` names a note that does not exist",
        "`strategy` takes a note id: the strategy's path under its language folder\nwithout `.md` (content/en/pricing.md -> `pricing`).\n\nFix: correct the id (the message suggests the nearest one).";
    UNREADABLE_FILE = "unreadable-file",
        "a file or folder under content/ could not be read",
        "Permissions, a broken symbolic link, or a link loop.\n\nFix: `chmod a+r` the file, or remove the link.";
    UNSAFE_OUTPUT = "unsafe-output",
        "playbook refused to write the site to this folder",
        "`build` replaces its output folder. To never delete your files it refuses\n`/`, your home folder, the playbook or a parent of it, its source folders,\na file, and any folder holding files it did not write (those it wrote are\nlisted in .playbook-output). Exit status 2; nothing was touched.\n\nFix: `--out public`, or move the named file away.";
    WRITE_FAILED = "write-failed",
        "the site could not be written",
        "The disk is full, or the output's parent folder is not writable. The\nprevious site is left as it was. Exit status 2.\n\nFix: free space or fix permissions, then build again.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sorted_unique_kebab_case() {
        for pair in CODES.windows(2) {
            assert!(pair[0].name < pair[1].name, "{} out of order", pair[1].name);
        }
        for code in CODES {
            assert!(
                code.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                code.name
            );
            assert!(code.explanation.contains("Fix"), "{} has no fix", code.name);
        }
    }
}
