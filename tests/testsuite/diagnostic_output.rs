//! What a user reads, pinned: for every diagnostic code, a small playbook
//! that really produces it, and the full human rendering of the run as a
//! reviewed snapshot (`tests/testsuite/snapshots/`). A change to a message
//! or to the layout shows up as a diff of these files; accept one with
//! `INSTA_UPDATE=always cargo test diagnostic_output` and review the diff.

use std::path::Path;

use playbook::codes::{self, Code};

use crate::support::{PlaybookTest, Run};

const BOOK_EN: &str =
    "[book]\ntitle = \"T\"\ndefault-language = \"en\"\n\n[languages.en]\nname = \"English\"\n";
const BOOK_EN_DE: &str = "[book]\ntitle = \"T\"\ndefault-language = \"en\"\n\n[languages.en]\nname = \"English\"\n\n[languages.de]\nname = \"Deutsch\"\n";
const STRAT: &str = "+++\ntitle = \"Strat\"\ntags = [\"upstream\"]\n+++\nThe plan.\n";
const TAC: &str =
    "+++\ntitle = \"Tac\"\ntags = [\"downstream\"]\nstrategy = \"strat\"\n+++\nThe step.\n";

/// A playbook that checks clean: English only, one strategy, one tactic.
fn mini() -> PlaybookTest {
    let t = PlaybookTest::empty();
    t.file("book.toml", BOOK_EN)
        .file("content/en/strat.md", STRAT)
        .file("content/en/tac.md", TAC);
    t
}

/// [`mini`] with a German folder holding both notes.
fn mini_de() -> PlaybookTest {
    let t = mini();
    t.file("book.toml", BOOK_EN_DE)
        .file("content/de/strat.md", STRAT)
        .file("content/de/tac.md", TAC);
    t
}

/// A tactic with this front matter (between the `+++` lines) and body.
fn tactic(t: &PlaybookTest, front: &str, body: &str) {
    t.file("content/en/tac.md", &format!("+++\n{front}+++\n{body}"));
}

/// Makes a playbook that produces one code, and runs the command that
/// reports it.
struct Case {
    code: &'static Code,
    make: fn() -> (PlaybookTest, Run),
}

fn check(t: PlaybookTest) -> (PlaybookTest, Run) {
    let run = t.run(&["check"]);
    (t, run)
}

fn build(t: PlaybookTest) -> (PlaybookTest, Run) {
    let run = t.run(&["build"]);
    (t, run)
}

const CASES: &[Case] = &[
    Case {
        code: codes::ASSET_SHADOWED,
        make: || {
            let t = mini();
            t.file("content/en/index.html", "<p>mine</p>\n");
            build(t)
        },
    },
    Case {
        code: codes::BROKEN_ANCHOR,
        make: || {
            let t = mini();
            tactic(
                &t,
                "title = \"Tac\"\ntags = [\"downstream\"]\nstrategy = \"strat\"\n",
                "See [[strat#budget]].\n",
            );
            check(t)
        },
    },
    Case {
        code: codes::BROKEN_LINK,
        make: || {
            let t = mini();
            tactic(
                &t,
                "title = \"Tac\"\ntags = [\"downstream\"]\nstrategy = \"strat\"\n",
                "See [[strta]].\n",
            );
            check(t)
        },
    },
    Case {
        code: codes::CONFIG,
        make: || {
            let t = mini();
            t.file(
                "book.toml",
                "[book]\ntitle = \"T\"\ndefault-language = 5\n\n[languages.en]\nname = \"English\"\n",
            );
            check(t)
        },
    },
    Case {
        code: codes::CONFLICTING_ROLE,
        make: || {
            let t = mini();
            tactic(
                &t,
                "title = \"Tac\"\ntags = [\"downstream\", \"upstream\"]\nstrategy = \"strat\"\n",
                "",
            );
            check(t)
        },
    },
    Case {
        code: codes::CONTENT_FOLDER,
        make: || {
            let t = mini();
            std::fs::remove_dir_all(t.root.join("content")).unwrap();
            check(t)
        },
    },
    Case {
        code: codes::DENIED_WARNINGS,
        make: || {
            let t = mini();
            t.remove("content/en/tac.md");
            let run = t.run(&["check", "--deny-warnings"]);
            (t, run)
        },
    },
    Case {
        code: codes::DUPLICATE_HEADING_ID,
        make: || {
            let t = mini();
            tactic(
                &t,
                "title = \"Tac\"\ntags = [\"downstream\"]\nstrategy = \"strat\"\n",
                "## Plan {#steps}\n\n## Rollout {#steps}\n",
            );
            check(t)
        },
    },
    Case {
        code: codes::DUPLICATE_PATH,
        make: || {
            let t = mini();
            t.file("content/en/Tac.md", TAC);
            check(t)
        },
    },
    Case {
        code: codes::EMPTY_LINK,
        make: || {
            let t = mini();
            tactic(
                &t,
                "title = \"Tac\"\ntags = [\"downstream\"]\nstrategy = \"strat\"\n",
                "See [the budget]() first.\n",
            );
            check(t)
        },
    },
    Case {
        code: codes::FILE_NAME,
        make: || {
            let t = mini();
            t.file("content/en/plan\u{7}.md", TAC);
            check(t)
        },
    },
    Case {
        code: codes::FRONT_MATTER,
        make: || {
            let t = mini();
            t.file(
                "content/en/tac.md",
                "+++\ntitle = \"Tac\"\ntags = [\"downstream\"\nstrategy = \"strat\"\n+++\n",
            );
            check(t)
        },
    },
    Case {
        code: codes::IGNORED_INDEX,
        make: || {
            let t = mini();
            t.file(
                "content/en/channels/_index.md",
                "+++\ntitle = \"Channels\"\n+++\n",
            );
            check(t)
        },
    },
    Case {
        code: codes::INVALID_SLUG,
        make: || {
            let t = mini();
            tactic(
                &t,
                "title = \"Tac\"\ntags = [\"downstream\"]\nstrategy = \"strat\"\nslug = \"a/b\"\n",
                "",
            );
            check(t)
        },
    },
    Case {
        code: codes::INVALID_TAG,
        make: || {
            let t = mini();
            tactic(
                &t,
                "title = \"Tac\"\ntags = [\"downstream\", \"paid/social\"]\nstrategy = \"strat\"\n",
                "",
            );
            check(t)
        },
    },
    Case {
        code: codes::INVALID_UTF8,
        make: || {
            let t = mini();
            t.bytes(
                "content/en/tac.md",
                b"+++\ntitle = \"T\xe4ktik\"\ntags = [\"downstream\"]\nstrategy = \"strat\"\n+++\n",
            );
            check(t)
        },
    },
    Case {
        code: codes::LINK_TO_OTHER_LANGUAGE,
        make: || {
            let t = mini_de();
            t.file(
                "content/en/brief.md",
                "+++\ntitle = \"Brief\"\ntags = [\"downstream\"]\nstrategy = \"strat\"\n+++\n",
            );
            t.file(
                "content/de/tac.md",
                "+++\ntitle = \"Taktik\"\n+++\nSiehe [[brief]].\n",
            );
            check(t)
        },
    },
    Case {
        code: codes::MISSING_LANGUAGE_FOLDER,
        make: || {
            let t = mini();
            t.file("book.toml", BOOK_EN_DE);
            check(t)
        },
    },
    Case {
        code: codes::MISSING_ROLE,
        make: || {
            let t = mini();
            tactic(&t, "title = \"Tac\"\ntags = [\"email\"]\n", "");
            check(t)
        },
    },
    Case {
        code: codes::MISSING_STRATEGY,
        make: || {
            let t = mini();
            tactic(&t, "title = \"Tac\"\ntags = [\"downstream\"]\n", "");
            check(t)
        },
    },
    Case {
        code: codes::MISSING_TITLE,
        make: || {
            let t = mini();
            tactic(&t, "tags = [\"downstream\"]\nstrategy = \"strat\"\n", "");
            check(t)
        },
    },
    Case {
        code: codes::MISSING_TRANSLATION,
        make: || {
            let t = mini_de();
            t.remove("content/de/tac.md");
            let run = t.run(&["translations", "--format", "github"]);
            (t, run)
        },
    },
    Case {
        code: codes::NEW_NOTE,
        make: || {
            let t = mini();
            let run = t.run(&["new", "tac", "--upstream"]);
            (t, run)
        },
    },
    Case {
        code: codes::OUTSIDE_LINK,
        make: || {
            let t = mini();
            std::fs::write(t.temp().join("secret.txt"), "token\n").unwrap();
            std::os::unix::fs::symlink(
                t.temp().join("secret.txt"),
                t.root.join("content/en/logo.txt"),
            )
            .unwrap();
            check(t)
        },
    },
    Case {
        code: codes::RESERVED_PATH,
        make: || {
            let t = mini();
            t.file("content/en/tags.md", TAC);
            check(t)
        },
    },
    Case {
        code: codes::SELF_STRATEGY,
        make: || {
            let t = mini();
            tactic(
                &t,
                "title = \"Tac\"\ntags = [\"downstream\"]\nstrategy = \"tac\"\n",
                "",
            );
            check(t)
        },
    },
    Case {
        code: codes::SERVE_FAILED,
        make: || {
            let t = mini();
            // 192.0.2.1 is a documentation address, on no machine.
            let run = t.run(&["serve", "--address", "192.0.2.1", "--port", "0"]);
            (t, run)
        },
    },
    Case {
        code: codes::STALE_TRANSLATION,
        make: || {
            let t = mini_de();
            t.run(&["translations", "--mark-all", "de"]).expect_code(0);
            t.edit("content/en/strat.md", "The plan.", "The new plan.");
            check(t)
        },
    },
    Case {
        code: codes::STRATEGY_IN_OTHER_LANGUAGE,
        make: || {
            let t = mini_de();
            t.remove("content/de/strat.md");
            check(t)
        },
    },
    Case {
        code: codes::STRATEGY_IS_TACTIC,
        make: || {
            let t = mini();
            t.file(
                "content/en/step.md",
                "+++\ntitle = \"Step\"\ntags = [\"downstream\"]\nstrategy = \"tac\"\n+++\n",
            );
            check(t)
        },
    },
    Case {
        code: codes::STRATEGY_ON_STRATEGY,
        make: || {
            let t = mini();
            t.file(
                "content/en/strat.md",
                "+++\ntitle = \"Strat\"\ntags = [\"upstream\"]\nstrategy = \"tac\"\n+++\n",
            );
            check(t)
        },
    },
    Case {
        code: codes::STRATEGY_WITHOUT_TACTICS,
        make: || {
            let t = mini();
            t.remove("content/en/tac.md");
            check(t)
        },
    },
    Case {
        code: codes::STRAY_FILE,
        make: || {
            let t = mini();
            t.file("content/notes.txt", "to do\n");
            check(t)
        },
    },
    Case {
        code: codes::TAG_SLUG,
        make: || {
            let t = mini();
            tactic(
                &t,
                "title = \"Tac\"\ntags = [\"downstream\", \"C++\"]\nstrategy = \"strat\"\n",
                "",
            );
            t.file(
                "content/en/strat.md",
                "+++\ntitle = \"Strat\"\ntags = [\"upstream\", \"C#\"]\n+++\n",
            );
            check(t)
        },
    },
    Case {
        code: codes::TEMPLATE,
        make: || {
            let t = mini();
            t.file("templates/tactic.html", "{% if page %}\n<p>unclosed</p>\n");
            check(t)
        },
    },
    Case {
        code: codes::THEME_STRINGS,
        make: || {
            let t = mini();
            t.file("themes/default/i18n/en.toml", "governed-by = [1, 2]\n");
            check(t)
        },
    },
    Case {
        code: codes::TRANSLATION_COVERAGE,
        make: || {
            let t = mini_de();
            let run = t.run(&["translations", "--fail-under", "75"]);
            (t, run)
        },
    },
    Case {
        code: codes::TRANSLATION_DISAGREES,
        make: || {
            let t = mini_de();
            t.file(
                "content/de/tac.md",
                "+++\ntitle = \"Taktik\"\nweight = 3\n+++\n",
            );
            check(t)
        },
    },
    Case {
        code: codes::TRANSLATION_MARK,
        make: || {
            let t = mini();
            let run = t.run(&["translations", "--mark", "en/tac"]);
            (t, run)
        },
    },
    Case {
        code: codes::UNDECLARED_LANGUAGE,
        make: || {
            let t = mini();
            t.file("content/fr/tac.md", TAC);
            check(t)
        },
    },
    Case {
        code: codes::UNKNOWN_KEY,
        make: || {
            let t = mini();
            tactic(
                &t,
                "title = \"Tac\"\ntags = [\"downstream\"]\nstrategy = \"strat\"\nownr = \"Ana\"\n",
                "",
            );
            check(t)
        },
    },
    Case {
        code: codes::UNKNOWN_LANGUAGE,
        make: || {
            let t = mini();
            let run = t.run(&["translations", "--lang", "fr"]);
            (t, run)
        },
    },
    Case {
        code: codes::UNKNOWN_STRATEGY,
        make: || {
            let t = mini();
            tactic(
                &t,
                "title = \"Tac\"\ntags = [\"downstream\"]\nstrategy = \"stratt\"\n",
                "",
            );
            check(t)
        },
    },
    Case {
        code: codes::UNREADABLE_FILE,
        make: || {
            let t = mini();
            std::os::unix::fs::symlink("gone.md", t.root.join("content/en/moved.md")).unwrap();
            check(t)
        },
    },
    Case {
        code: codes::UNSAFE_OUTPUT,
        make: || {
            let t = mini();
            let run = t.run(&["build", "--out", "content"]);
            (t, run)
        },
    },
    Case {
        code: codes::WRITE_FAILED,
        make: || {
            let t = mini();
            // The one file over the limit, so the failure is always here.
            t.file("static/handbook.txt", &"A long paragraph. ".repeat(2000));
            let run = t.build_on_a_full_disk();
            (t, run)
        },
    },
];

/// The run's stderr as a user reads it, with what differs between runs
/// (the temp folder, a staging folder's random name, the time taken)
/// replaced by fixed words.
fn readable(t: &PlaybookTest, run: &Run) -> String {
    let temp = t.temp().to_str().unwrap();
    let mut text = run.stderr.replace(temp, "[TEMP]");
    if let Ok(real) = Path::new(temp).canonicalize() {
        text = text.replace(real.to_str().unwrap(), "[TEMP]");
    }
    while let Some(at) = text.find(".playbook-tmp-") {
        let name_end = at + ".playbook-tmp-".len();
        let rest = &text[name_end..];
        let id_len = rest.find('/').unwrap_or(rest.len());
        text = format!("{}.playbook-tmp[ID]{}", &text[..at], &rest[id_len..]);
    }
    let lines: Vec<String> = text.lines().map(without_time).collect();
    let mut shown = format!("exit {}\n{}\n", run.code, lines.join("\n"));
    // CI formats write to stdout.
    if run.stdout.starts_with("::") {
        shown.push_str("stdout:\n");
        shown.push_str(&run.stdout);
    }
    shown
}

/// A summary line with its seconds (` in 0.03s`, `(0.03s)`) as `[TIME]`.
fn without_time(line: &str) -> String {
    let seconds = |s: &str| {
        s.strip_suffix('s')
            .is_some_and(|n| n.parse::<f64>().is_ok())
    };
    if let Some(inner) = line.strip_suffix(')')
        && let Some(open) = inner.rfind('(')
        && seconds(&inner[open + 1..])
    {
        return format!("{}([TIME])", &line[..open]);
    }
    if let Some(at) = line.rfind(" in ")
        && seconds(&line[at + 4..])
    {
        return format!("{} in [TIME]", &line[..at]);
    }
    line.to_string()
}

#[test]
fn every_code_has_a_case_in_code_order() {
    let cased: Vec<&str> = CASES.iter().map(|c| c.code.name).collect();
    let all: Vec<&str> = codes::CODES.iter().map(|c| c.name).collect();
    assert_eq!(cased, all, "add a case for each new code, in code order");
}

#[test]
fn each_code_reads_as_pinned() {
    for case in CASES {
        let (t, run) = (case.make)();
        let name = case.code.name;
        assert!(
            run.stderr.contains(&format!("[{name}]"))
                || run.stdout.contains(&format!("title=playbook {name}::")),
            "the case for `{}` did not produce it:\n{}",
            case.code.name,
            run.stderr
        );
        insta::assert_snapshot!(case.code.name, readable(&t, &run));
    }
}
