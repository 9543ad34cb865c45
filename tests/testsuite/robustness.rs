//! Arbitrary and mutated input never panics, every diagnostic points
//! inside its file, and rendering is deterministic.
//!
//! Runs in-process through the library so that thousands of cases fit in
//! seconds. Longer runs: `PROPTEST_CASES=2000` for the property tests,
//! `PLAYBOOK_MUTATIONS=20000` for the mutation test.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use playbook::{Options, Outcome, Status};
use proptest::prelude::*;

use crate::support::{PlaybookTest, copy_tree, snapshot};

/// Asserts what every run must satisfy, whatever its input.
#[track_caller]
fn assert_sound(root: &Path, outcome: &Outcome, context: &str) {
    let diags = &outcome.diagnostics;
    for d in diags.sorted() {
        let Some(file) = &d.file else { continue };
        assert!(
            root.join(file).symlink_metadata().is_ok()
                || file.starts_with("content/") && !root.join("content").exists(),
            "{context}: `{}` names `{file}`, which does not exist",
            d.code
        );
        if let (Some(span), Some(text)) = (&d.span, diags.source(file)) {
            assert!(
                span.start <= text.len(),
                "{context}: `{}` at byte {} in a {}-byte file",
                d.code,
                span.start,
                text.len()
            );
            let (line, _) = diags.line_col(file, span.start).unwrap();
            assert!(
                line <= text.lines().count().max(1) + 1,
                "{context}: line {line}"
            );
        }
    }
    if outcome.status == Status::Ok {
        assert!(!diags.has_errors(), "{context}: ok with errors");
    }
}

/// Runs `check` and catches a panic as a test failure with the input named.
fn check_caught(root: &Path, context: &str) -> Outcome {
    let options = Options {
        root: root.to_path_buf(),
        ..Options::default()
    };
    match catch_unwind(AssertUnwindSafe(|| playbook::check(&options))) {
        Ok(outcome) => outcome,
        Err(_) => panic!("{context}: check panicked"),
    }
}

const STRATEGY: &str = "+++\ntitle = \"Plan\"\ntags = [\"upstream\"]\n+++\n## Steps {#steps}\n";

fn one_note_playbook(note: &str) -> PlaybookTest {
    let t = PlaybookTest::empty();
    t.file("content/en/plan.md", STRATEGY);
    t.file("content/en/x/note.md", note);
    t
}

/// Markdown made of the constructs that have broken parsers before.
fn markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("# ".to_string()),
        Just("## Steps {#steps}\n".to_string()),
        Just("[[plan]]".to_string()),
        Just("[[plan#steps|x]]".to_string()),
        Just("[[".to_string()),
        Just("]]".to_string()),
        Just("[[|".to_string()),
        Just("[a](../plan.md#steps)".to_string()),
        Just("[b](nowhere.md)".to_string()),
        Just("![i](../../x.png)".to_string()),
        Just("[^1]".to_string()),
        Just("[^1]: note\n".to_string()),
        Just("| a | b |\n|---|---|\n| 1 | 2 |\n".to_string()),
        Just("- [ ] task\n".to_string()),
        Just("> ".to_string()),
        Just("```\ncode\n".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("~~x~~".to_string()),
        Just("{#".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("+++".to_string()),
        "[a-zäöüß \\t]{0,12}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// Front matter built from plausible and implausible lines.
fn front_matter() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("title = \"T\"\n".to_string()),
        Just("tags = [\"downstream\"]\n".to_string()),
        Just("tags = [\"upstream\", \"downstream\"]\n".to_string()),
        Just("strategy = \"plan\"\n".to_string()),
        Just("strategy = \"x/note\"\n".to_string()),
        Just("weight = 9999999999999999999999\n".to_string()),
        Just("draft = \"yes\"\n".to_string()),
        Just("slug = \"../..\"\n".to_string()),
        Just("summary = \"\"\"\nmulti\nline\"\"\"\n".to_string()),
        Just("[table]\n".to_string()),
        Just("title = \"\\u0000\"\n".to_string()),
        "[a-z =\"\\[\\]\\n]{0,20}",
    ];
    prop::collection::vec(line, 0..8).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(48),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_notes_never_panic_and_render_deterministically(
        front in front_matter(),
        body in markdown(),
        fenced in any::<bool>(),
    ) {
        let note = if fenced { format!("+++\n{front}+++\n{body}") } else { format!("{front}{body}") };
        let t = one_note_playbook(&note);
        let outcome = check_caught(&t.root, &note);
        assert_sound(&t.root, &outcome, &note);

        let build = |out: &str| {
            let options = Options {
                root: t.root.clone(),
                out: Some(t.temp().join(out)),
                ..Options::default()
            };
            catch_unwind(AssertUnwindSafe(|| playbook::build(&options)))
                .unwrap_or_else(|_| panic!("build panicked on {note:?}"))
        };
        let first = build("a");
        let second = build("b");
        prop_assert_eq!(first.status, outcome.status);
        prop_assert_eq!(second.status, outcome.status);
        prop_assert_eq!(
            snapshot(&t.temp().join("a")),
            snapshot(&t.temp().join("b"))
        );
    }
}

/// A small deterministic generator (splitmix64): the mutation test must
/// replay the same edits on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One random edit to one file; returns a description for failures, and
/// records in `touched` the file it changed and any file it created.
fn mutate(rng: &mut Rng, root: &Path, files: &[String], touched: &mut Vec<PathBuf>) -> String {
    let file = &files[rng.below(files.len())];
    touched.push(PathBuf::from(file));
    let path = root.join(file);
    let Ok(mut bytes) = std::fs::read(&path) else {
        return format!("{file} already gone");
    };
    let kind = rng.below(6);
    let is_config = file == "book.toml";
    match kind {
        0 if !bytes.is_empty() => {
            let at = rng.below(bytes.len());
            bytes[at] ^= 1 << rng.below(8);
        }
        1 => bytes.truncate(rng.below(bytes.len() + 1)),
        2 | 3 => {
            let mut lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
            if !lines.is_empty() {
                let at = rng.below(lines.len());
                if kind == 2 {
                    lines.remove(at);
                } else {
                    lines.insert(at, lines[at]);
                }
            }
            bytes = lines.concat();
        }
        4 if !is_config => {
            std::fs::remove_file(&path).unwrap();
            return format!("deleted {file}");
        }
        5 if !is_config => {
            let renamed = path.with_file_name(format!("renamed-{}.md", rng.below(1000)));
            std::fs::rename(&path, &renamed).unwrap();
            touched.push(renamed.strip_prefix(root).unwrap().to_path_buf());
            return format!("renamed {file}");
        }
        _ => bytes.insert(0, b'#'),
    }
    std::fs::write(&path, &bytes).unwrap();
    format!("edit {kind} of {file}")
}

#[test]
fn thousands_of_random_edits_to_the_shipped_playbook_never_panic() {
    let count: usize = std::env::var("PLAYBOOK_MUTATIONS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(2000);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pristine = tempfile::tempdir().unwrap();
    copy_tree(&repo.join("content"), &pristine.path().join("content"));
    copy_tree(&repo.join("static"), &pristine.path().join("static"));
    std::fs::copy(repo.join("book.toml"), pristine.path().join("book.toml")).unwrap();
    let files: Vec<String> = walkdir::WalkDir::new(pristine.path())
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(pristine.path())
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert!(files.len() > 10);

    let work = tempfile::tempdir().unwrap();
    let root = work.path().join("playbook");
    copy_tree(pristine.path(), &root);
    let mut rng = Rng(0x5eed);
    let mut by_status = [0usize; 3];
    for i in 0..count {
        let mut touched = Vec::new();
        let edits: Vec<String> = (0..=rng.below(3))
            .map(|_| mutate(&mut rng, &root, &files, &mut touched))
            .collect();
        let context = format!("mutation {i}: {}", edits.join(", "));
        let outcome = check_caught(&root, &context);
        assert_sound(&root, &outcome, &context);
        by_status[playbook::report::exit_code(outcome.status) as usize] += 1;
        // Put back only what changed.
        for rel in touched {
            let original = pristine.path().join(&rel);
            if original.is_file() {
                std::fs::copy(&original, root.join(&rel)).unwrap();
            } else {
                let _ = std::fs::remove_file(root.join(&rel));
            }
        }
    }
    // The edits must reach all three outcomes, or they test too little.
    assert!(by_status.iter().all(|&n| n > 0), "{by_status:?}");
}
