//! One test per error class: each breaks a good playbook that has already
//! been built, then asserts the exit code, that the message names the file
//! and line:col, and that the previous site is byte for byte as it was.

use crate::support::{PlaybookTest, Run, snapshot};

/// Builds the fixture, applies `edit`, and builds again, which must fail
/// with `exit` and `error[code]` pointing at `at` (`path:line:col`, or a
/// bare path where no line exists). `check` must agree. Returns the failed
/// run for further assertions.
#[track_caller]
pub fn breaks(edit: impl FnOnce(&PlaybookTest), exit: i32, code: &str, at: &str) -> Run {
    let t = PlaybookTest::fixture("basic");
    t.build();
    let before = snapshot(&t.public());
    assert!(!before.is_empty());

    edit(&t);
    let run = t.run(&["build"]);
    run.expect_code(exit)
        .expect_stderr(&format!("error[{code}]"))
        .expect_stderr(&format!("--> {at}"));
    if exit == 1 {
        run.expect_stderr("the previous site is unchanged");
    }
    assert_eq!(
        snapshot(&t.public()),
        before,
        "the failed build changed the previous site"
    );
    no_staging_left(&t);

    t.run(&["check"])
        .expect_code(exit)
        .expect_stderr(&format!("error[{code}]"));
    run
}

/// No staging folder of a failed build is left beside the playbook.
#[track_caller]
fn no_staging_left(t: &PlaybookTest) {
    let leftovers: Vec<_> = std::fs::read_dir(t.root.as_path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".playbook-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left behind");
}

/// A new English note with this front matter and body.
fn note(t: &PlaybookTest, id: &str, front: &str, body: &str) {
    t.file(
        &format!("content/en/{id}.md"),
        &format!("+++\n{front}+++\n{body}"),
    );
}

const TACTIC: &str = "title = \"T\"\ntags = [\"downstream\"]\n";

// --- book.toml: exit 2 ---

#[test]
fn missing_book_toml() {
    let run = breaks(
        |t| {
            t.remove("book.toml");
        },
        2,
        "config",
        "book.toml",
    );
    run.expect_stderr("playbook");
}

#[test]
fn malformed_book_toml_names_the_line() {
    breaks(
        |t| {
            t.edit("book.toml", "[languages.de]", "[languages.de");
        },
        2,
        "config",
        "book.toml:9:14",
    );
}

#[test]
fn default_language_not_declared() {
    let run = breaks(
        |t| {
            t.edit(
                "book.toml",
                "default-language = \"en\"",
                "default-language = \"fr\"",
            );
        },
        2,
        "config",
        "book.toml:4:20",
    );
    run.expect_stderr("fr");
}

#[test]
fn wrong_type_in_book_toml() {
    breaks(
        |t| {
            t.edit("book.toml", "name = \"English\"", "name = 7");
        },
        2,
        "config",
        "book.toml:7:8",
    );
}

#[test]
fn a_serve_address_that_is_not_an_ip_is_a_config_error_at_its_line() {
    let run = breaks(
        |t| {
            let toml = std::fs::read_to_string(t.root.join("book.toml")).unwrap();
            t.file(
                "book.toml",
                &format!("{toml}\n[serve]\naddress = \"not-an-ip\"\n"),
            );
        },
        2,
        "config",
        "book.toml:20:11",
    );
    run.expect_stderr("must be an IP address, found `not-an-ip`");
    // serve does not silently fall back to loopback either.
    let t = PlaybookTest::fixture("basic");
    let toml = std::fs::read_to_string(t.root.join("book.toml")).unwrap();
    t.file(
        "book.toml",
        &format!("{toml}\n[serve]\naddress = \"localhst\"\n"),
    );
    t.run(&["serve", "--port", "0"])
        .expect_code(2)
        .expect_stderr("book.toml:20:11")
        .expect_stderr("fix book.toml first");
}

#[test]
fn unknown_book_toml_key_warns_with_a_suggestion_and_can_be_denied() {
    let t = PlaybookTest::fixture("basic");
    t.edit("book.toml", "description =", "descripton =");
    t.run(&["check"])
        .expect_code(0)
        .expect_stderr("warning[unknown-key]")
        .expect_stderr("--> book.toml:3:1")
        .expect_stderr("did you mean `description`");
    t.build();
    let before = snapshot(&t.public());
    t.run(&["build", "--deny-warnings"])
        .expect_code(1)
        .expect_stderr("error[denied-warnings]");
    assert_eq!(snapshot(&t.public()), before);
}

// --- content loading: exit 1 ---

#[test]
fn folder_that_is_not_a_declared_language() {
    let run = breaks(
        |t| {
            t.file("content/fr/positioning.md", "+++\ntitle = \"P\"\n+++\n");
        },
        1,
        "undeclared-language",
        "content/fr",
    );
    run.expect_stderr("fr");
}

#[test]
fn missing_front_matter() {
    breaks(
        |t| {
            t.file("content/en/plain.md", "# Just text\n");
        },
        1,
        "front-matter",
        "content/en/plain.md:1:1",
    );
}

#[test]
fn unterminated_front_matter() {
    breaks(
        |t| {
            t.file("content/en/open.md", "+++\ntitle = \"Open\"\n\nBody.\n");
        },
        1,
        "front-matter",
        "content/en/open.md:1:1",
    );
}

#[test]
fn front_matter_syntax_error_points_into_the_toml() {
    breaks(
        |t| note(t, "broken", "title = \"B\"\ntags = [\"upstream\"\n", ""),
        1,
        "front-matter",
        "content/en/broken.md:3:",
    );
}

#[test]
fn wrong_type_points_at_the_value() {
    let run = breaks(
        |t| note(t, "typed", "title = 42\ntags = [\"upstream\"]\n", ""),
        1,
        "front-matter",
        "content/en/typed.md:2:9",
    );
    run.expect_stderr("string");
}

#[test]
fn invalid_utf8_names_the_file() {
    breaks(
        |t| {
            t.bytes(
                "content/en/latin1.md",
                b"+++\ntitle = \"Gr\xf6\xdfe\"\ntags = [\"upstream\"]\n+++\n",
            );
        },
        1,
        "invalid-utf8",
        "content/en/latin1.md:2:12",
    );
}

// --- the model: exit 1 ---

#[test]
fn neither_upstream_nor_downstream() {
    breaks(
        |t| note(t, "roleless", "title = \"R\"\ntags = [\"brand\"]\n", ""),
        1,
        "missing-role",
        "content/en/roleless.md:3:8",
    );
}

#[test]
fn both_upstream_and_downstream() {
    breaks(
        |t| {
            note(
                t,
                "both",
                "title = \"B\"\ntags = [\"upstream\", \"downstream\"]\n",
                "",
            )
        },
        1,
        "conflicting-role",
        "content/en/both.md:3:",
    );
}

#[test]
fn tactic_without_strategy() {
    breaks(
        |t| note(t, "orphan", TACTIC, ""),
        1,
        "missing-strategy",
        "content/en/orphan.md:3:9",
    );
}

#[test]
fn strategy_naming_a_missing_note() {
    let run = breaks(
        |t| note(t, "lost", &format!("{TACTIC}strategy = \"pricng\"\n"), ""),
        1,
        "unknown-strategy",
        "content/en/lost.md:4:12",
    );
    run.expect_stderr("did you mean `pricing`");
}

#[test]
fn strategy_naming_a_tactic() {
    breaks(
        |t| {
            note(
                t,
                "under",
                &format!("{TACTIC}strategy = \"channels/seo\"\n"),
                "",
            )
        },
        1,
        "strategy-is-tactic",
        "content/en/under.md:4:12",
    );
}

#[test]
fn strategy_naming_itself() {
    breaks(
        |t| note(t, "loop", &format!("{TACTIC}strategy = \"loop\"\n"), ""),
        1,
        "self-strategy",
        "content/en/loop.md:4:12",
    );
}

#[test]
fn strategy_key_on_an_upstream_note() {
    breaks(
        |t| {
            note(
                t,
                "upper",
                "title = \"U\"\ntags = [\"upstream\"]\nstrategy = \"pricing\"\n",
                "",
            )
        },
        1,
        "strategy-on-strategy",
        "content/en/upper.md:4:",
    );
}

#[test]
fn missing_title() {
    breaks(
        |t| note(t, "untitled", "tags = [\"upstream\"]\n", ""),
        1,
        "missing-title",
        "content/en/untitled.md:1:1",
    );
}

#[test]
fn translation_disagreeing_with_the_default_language_names_both_files() {
    let run = breaks(
        |t| {
            t.file(
                "content/de/channels/seo.md",
                "+++\ntitle = \"SEO\"\nstrategy = \"pricing\"\n+++\nText.\n",
            );
        },
        1,
        "translation-disagrees",
        "content/de/channels/seo.md:3:12",
    );
    run.expect_stderr("content/en/channels/seo.md");
}

#[test]
fn two_notes_with_the_same_output_path() {
    let run = breaks(
        |t| {
            t.file(
                "content/de/pricing.md",
                "+++\ntitle = \"Preise\"\nslug = \"positionierung\"\n+++\n",
            );
        },
        1,
        "duplicate-path",
        "content/de/pricing.md:3:8",
    );
    run.expect_stderr("content/de/positioning.md");
}

#[test]
fn link_to_a_missing_note() {
    breaks(
        |t| {
            note(
                t,
                "linker",
                "title = \"L\"\ntags = [\"upstream\"]\n",
                "Intro.\n\nSee [the plan](nowhere.md) now.\n",
            )
        },
        1,
        "broken-link",
        "content/en/linker.md:7:5",
    );
}

#[test]
fn wikilink_to_a_missing_note() {
    breaks(
        |t| {
            note(
                t,
                "wiki",
                "title = \"W\"\ntags = [\"upstream\"]\n",
                "Read [[prcing]].\n",
            )
        },
        1,
        "broken-link",
        "content/en/wiki.md:5:6",
    );
}

#[test]
fn link_to_a_missing_anchor() {
    let run = breaks(
        |t| {
            note(
                t,
                "anchors",
                "title = \"A\"\ntags = [\"upstream\"]\n",
                "See [[pricing#tears]].\n",
            )
        },
        1,
        "broken-anchor",
        "content/en/anchors.md:5:5",
    );
    run.expect_stderr("tiers");
}

#[test]
fn every_error_in_every_file_is_reported_in_one_run() {
    let run = breaks(
        |t| {
            note(t, "one", TACTIC, "");
            t.file(
                "content/pt/two.md",
                "+++\ntitle = 1\ntags = [\"upstream\"]\n+++\n",
            );
            note(
                t,
                "three",
                "title = \"3\"\ntags = [\"upstream\"]\n",
                "[[gone]]\n",
            );
        },
        1,
        "missing-strategy",
        "content/en/one.md:3:9",
    );
    run.expect_stderr("--> content/pt/two.md:2:9")
        .expect_stderr("--> content/en/three.md:5:1")
        .expect_stderr("3 errors");
}

/// Pages are written as they are rendered; a template that fails on some
/// of them must still leave the previous site whole and no staging folder.
#[test]
fn a_template_that_fails_while_pages_are_written_keeps_the_previous_site() {
    let run = breaks(
        |t| {
            t.file(
                "templates/tactic.html",
                "<p>{{ missing_thing.title }}</p>\n",
            );
        },
        1,
        "template",
        "tactic.html:1:7",
    );
    run.expect_stderr("`missing_thing` is not defined")
        .expect_stderr("failed for `en/channels/seo/index.html`");
}

// --- writing the site: exit 2 ---

/// Makes a folder unwritable for as long as it lives: mode 0555, and for
/// root, who ignores modes, the immutable attribute.
struct ReadOnly(std::path::PathBuf);

impl ReadOnly {
    #[track_caller]
    fn new(dir: &std::path::Path) -> ReadOnly {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        let guard = ReadOnly(dir.to_path_buf());
        let probe = dir.join(".probe");
        if std::fs::create_dir(&probe).is_ok() {
            std::fs::remove_dir(&probe).unwrap();
            let chattr = std::process::Command::new("chattr")
                .arg("+i")
                .arg(dir)
                .status();
            assert!(
                chattr.is_ok_and(|s| s.success()),
                "cannot make {} read-only (running as root without chattr?)",
                dir.display()
            );
            assert!(
                std::fs::create_dir(&probe).is_err(),
                "folder still writable"
            );
        }
        guard
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&self.0)
            .stderr(std::process::Stdio::null())
            .status();
        let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn unwritable_output_parent_fails_cleanly_and_keeps_the_previous_site() {
    let t = PlaybookTest::fixture("basic");
    let out_parent = t.temp().join("site");
    std::fs::create_dir(&out_parent).unwrap();
    let out = out_parent.join("public");
    let out_str = out.to_str().unwrap();
    t.run(&["build", "--out", out_str]).expect_code(0);
    let built = snapshot(&out);

    let run = {
        let _read_only = ReadOnly::new(&out_parent);
        t.run(&["build", "--out", out_str])
    };
    run.expect_code(2)
        .expect_stderr("error[write-failed]")
        .expect_stderr("site");
    assert_eq!(snapshot(&out), built);
}

/// A page the file system refuses (here, past a file size limit, as on a
/// full disk), found while other pages are already written: the build
/// stops with exit 2, and the previous site and its folder are as they
/// were. Every refusal that comes from the notes is caught by `check`
/// first; this one comes from the machine.
#[cfg(unix)]
#[test]
fn a_page_that_cannot_be_written_keeps_the_previous_site() {
    let t = PlaybookTest::fixture("basic");
    t.build();
    let before = snapshot(&t.public());
    t.file(
        "content/en/long.md",
        &format!(
            "+++\ntitle = \"Long\"\ntags = [\"upstream\"]\n+++\n{}\n",
            "A long paragraph. ".repeat(2000)
        ),
    );
    let run = t.build_on_a_full_disk();
    let stderr = &run.stderr;
    assert_eq!(run.code, 2, "{stderr}");
    for text in [
        "error[write-failed]",
        "too large",
        "the previous site is unchanged",
    ] {
        assert!(stderr.contains(text), "stderr lacks {text:?}:\n{stderr}");
    }
    assert_eq!(snapshot(&t.public()), before);
    no_staging_left(&t);
}

// --- the rest of the bad-input catalogue ---

/// Builds the fixture, applies `edit`, and builds again, which must succeed.
#[track_caller]
fn still_builds(edit: impl FnOnce(&PlaybookTest)) -> (PlaybookTest, Run) {
    let t = PlaybookTest::fixture("basic");
    edit(&t);
    let run = t.run(&["build"]);
    run.expect_code(0);
    (t, run)
}

#[test]
fn empty_note_file() {
    breaks(
        |t| {
            t.file("content/en/empty.md", "");
        },
        1,
        "front-matter",
        "content/en/empty.md",
    );
}

#[test]
fn front_matter_only_is_a_note_without_body() {
    let (t, _) = still_builds(|t| {
        t.file(
            "content/en/bare.md",
            "+++\ntitle = \"Bare\"\ntags = [\"upstream\"]\n+++",
        );
    });
    assert!(t.site().has("en/bare/index.html"));
}

#[test]
fn fence_not_on_the_first_line() {
    let run = breaks(
        |t| {
            t.file(
                "content/en/late.md",
                "\n+++\ntitle = \"Late\"\ntags = [\"upstream\"]\n+++\n",
            );
        },
        1,
        "front-matter",
        "content/en/late.md:2:1",
    );
    run.expect_stderr("first line");
}

#[test]
fn nul_in_a_title() {
    breaks(
        |t| note(t, "nul", "title = \"A\u{0}B\"\ntags = [\"upstream\"]\n", ""),
        1,
        "front-matter",
        "content/en/nul.md:2:",
    );
}

#[test]
fn escaped_control_characters_in_a_title_are_rejected() {
    breaks(
        |t| {
            note(
                t,
                "esc",
                "title = \"A\\u0000B\"\ntags = [\"upstream\"]\n",
                "",
            )
        },
        1,
        "front-matter",
        "content/en/esc.md:2:9",
    );
}

#[test]
fn tab_in_a_title_becomes_a_space() {
    let (t, _) = still_builds(|t| {
        note(
            t,
            "tab",
            "title = \"Tab\tbed\"\ntags = [\"upstream\"]\n",
            "",
        );
    });
    let page = t.site().page("en/tab/index.html");
    assert_eq!(page.texts("h1"), ["Tab bed"]);
}

#[test]
fn a_five_megabyte_note_and_a_long_line_build() {
    let (t, _) = still_builds(|t| {
        let paragraph = "Reach buying committees with a message they can repeat. ".repeat(20);
        let mut body = String::new();
        while body.len() < 5_000_000 {
            body.push_str("## Section\n\n");
            body.push_str(&paragraph);
            body.push_str("\n\n- a point\n- [[pricing]]\n\n");
        }
        note(
            t,
            "huge",
            "title = \"Huge\"\ntags = [\"upstream\"]\n",
            &body,
        );
        note(
            t,
            "wide",
            "title = \"Wide\"\ntags = [\"upstream\"]\n",
            &format!("{}\n", "word ".repeat(20_000)),
        );
    });
    assert!(t.site().text("en/huge/index.html").len() > 5_000_000);
    assert!(t.site().text("en/wide/index.html").contains("word word"));
}

#[test]
fn thousand_deep_lists_and_quotes_do_not_overflow_the_stack() {
    let (t, _) = still_builds(|t| {
        let mut lists = String::new();
        for depth in 0..1000 {
            lists.push_str(&"  ".repeat(depth));
            lists.push_str("- item\n");
        }
        let quotes = format!("{} deep\n", ">".repeat(1000));
        note(
            t,
            "deep",
            "title = \"Deep\"\ntags = [\"upstream\"]\n",
            &lists,
        );
        note(
            t,
            "quoted",
            "title = \"Q\"\ntags = [\"upstream\"]\n",
            &quotes,
        );
    });
    assert!(t.site().has("en/deep/index.html"));
    assert!(t.site().text("en/quoted/index.html").contains("deep"));
}

#[test]
fn two_explicit_heading_ids_clash() {
    breaks(
        |t| {
            note(
                t,
                "clash",
                "title = \"C\"\ntags = [\"upstream\"]\n",
                "## Plan {#steps}\n\nText.\n\n## Rollout {#steps}\n",
            )
        },
        1,
        "duplicate-heading-id",
        "content/en/clash.md:9:1",
    );
}

#[test]
fn an_explicit_id_wins_over_a_generated_one() {
    let (t, _) = still_builds(|t| {
        note(
            t,
            "clash",
            "title = \"C\"\ntags = [\"upstream\"]\n",
            "## Steps\n\nText.\n\n## Rollout {#steps}\n\nSee [[clash#steps]].\n",
        );
    });
    let page = t.site().page("en/clash/index.html");
    assert_eq!(page.attrs("#steps", "id").len(), 1);
    assert!(page.texts("h2#steps")[0].starts_with("Rollout"));
    assert!(page.texts("h2#steps-1")[0].starts_with("Steps"));
    assert_eq!(page.attrs("main p a", "href"), ["#steps"]);
}

#[test]
fn wikilinks_with_empty_targets() {
    let run = breaks(
        |t| {
            note(
                t,
                "empty-links",
                "title = \"E\"\ntags = [\"upstream\"]\n",
                "A [[ ]] b.\n\nC [[|x]] d.\n\nE [[pricing#]] f.\n",
            )
        },
        1,
        "broken-link",
        "content/en/empty-links.md:5:3",
    );
    run.expect_stderr("--> content/en/empty-links.md:7:3")
        .expect_stderr("--> content/en/empty-links.md:9:3");
}

#[test]
fn links_climbing_out_of_content() {
    let run = breaks(
        |t| {
            t.file("secret.md", "+++\ntitle = \"S\"\n+++\n");
            note(
                t,
                "climb",
                "title = \"C\"\ntags = [\"upstream\"]\n",
                "[up](../../secret.md) and ![x](../../../book.toml)\n",
            )
        },
        1,
        "broken-link",
        "content/en/climb.md:5:1",
    );
    run.expect_stderr("--> content/en/climb.md:5:27");
}

#[cfg(unix)]
#[test]
fn a_note_that_cannot_be_read() {
    breaks(
        |t| {
            std::os::unix::fs::symlink("nowhere.md", t.root.join("content/en/dangling.md"))
                .unwrap();
        },
        1,
        "unreadable-file",
        "content/en/dangling.md",
    );
}

#[cfg(unix)]
#[test]
fn a_note_without_read_permission() {
    use std::os::unix::fs::PermissionsExt;
    let t = PlaybookTest::fixture("basic");
    t.build();
    let before = snapshot(&t.public());
    note(&t, "locked", "title = \"L\"\ntags = [\"upstream\"]\n", "");
    let file = t.root.join("content/en/locked.md");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads anything: run the binary as `nobody` then, through setpriv.
    let root_user = std::fs::read(&file).is_ok();
    let run = if root_user {
        let everyone = std::fs::Permissions::from_mode(0o777);
        std::fs::set_permissions(t.temp(), everyone.clone()).unwrap();
        for entry in walkdir::WalkDir::new(&t.root) {
            let path = entry.unwrap().into_path();
            if path != file {
                std::fs::set_permissions(&path, everyone.clone()).unwrap();
            }
        }
        let output = std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(env!("CARGO_BIN_EXE_playbook"))
            .arg("build")
            .current_dir(&t.root)
            .env("NO_COLOR", "1")
            .output()
            .expect("setpriv runs (util-linux)");
        Run::from(output)
    } else {
        t.run(&["build"])
    };
    run.expect_code(1)
        .expect_stderr("error[unreadable-file]")
        .expect_stderr("--> content/en/locked.md");
    assert_eq!(snapshot(&t.public()), before);
}

#[test]
fn content_folder_missing() {
    breaks(
        |t| std::fs::remove_dir_all(t.root.join("content")).unwrap(),
        1,
        "content-folder",
        "content",
    );
}

#[test]
fn content_is_a_file() {
    breaks(
        |t| {
            std::fs::remove_dir_all(t.root.join("content")).unwrap();
            t.file("content", "notes\n");
        },
        1,
        "content-folder",
        "content",
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop_under_content() {
    breaks(
        |t| {
            std::os::unix::fs::symlink("../en", t.root.join("content/en/channels/loop")).unwrap();
        },
        1,
        "unreadable-file",
        "content/en/channels/loop",
    );
}

#[cfg(unix)]
#[test]
fn non_utf8_file_name() {
    use std::os::unix::ffi::OsStrExt;
    breaks(
        |t| {
            let name = std::ffi::OsStr::from_bytes(b"gr\xf6\xdfe.md");
            std::fs::write(
                t.root.join("content/en").join(name),
                "+++\ntitle = \"G\"\ntags = [\"upstream\"]\n+++\n",
            )
            .unwrap();
        },
        1,
        "file-name",
        "content/en/gr",
    );
}

#[test]
fn an_empty_language_folder_builds() {
    let (t, run) = still_builds(|t| {
        std::fs::remove_dir_all(t.root.join("content/pt")).unwrap();
        std::fs::create_dir(t.root.join("content/pt")).unwrap();
    });
    run.expect_stderr("pt 0/6");
    assert!(t.site().has("pt/index.html"));
    assert!(t.site().has("pt/tags/index.html"));
}

// --- output collisions: found by `check`, before anything is written ---

#[test]
fn a_note_named_like_the_search_index_is_a_reserved_path() {
    breaks(
        |t| {
            note(
                t,
                "search-index.js",
                "title = \"S\"\ntags = [\"upstream\"]\n",
                "",
            )
        },
        1,
        "reserved-path",
        "content/en/search-index.js.md",
    )
    .expect_stderr("search-index.js");
}

#[test]
fn a_note_on_a_tags_page_is_a_reserved_path() {
    breaks(
        |t| {
            t.file(
                "content/en/tags/events.md",
                "+++\ntitle = \"Events\"\ntags = [\"upstream\"]\n+++\n",
            );
        },
        1,
        "reserved-path",
        "content/en/tags/events.md",
    )
    .expect_stderr("the en page of the tag `events`");
}

#[test]
fn a_copied_file_over_a_page_is_an_error() {
    breaks(
        |t| {
            t.file("content/en/index.html", "<p>mine</p>\n");
        },
        1,
        "asset-shadowed",
        "content/en/index.html",
    )
    .expect_stderr("the en home page");
    breaks(
        |t| {
            t.file("static/sitemap.xml", "<urlset/>\n");
        },
        1,
        "asset-shadowed",
        "static/sitemap.xml",
    );
}

#[test]
fn a_language_code_the_site_uses_is_a_config_error_at_its_line() {
    let book =
        std::fs::read_to_string(crate::support::fixture_path("basic").join("book.toml")).unwrap();
    let line = book.lines().count() + 2;
    breaks(
        |t| {
            t.file(
                "book.toml",
                &format!("{book}\n[languages.assets]\nname = \"X\"\n"),
            );
        },
        2,
        "config",
        &format!("book.toml:{line}:12"),
    )
    .expect_stderr("`assets` cannot be a language code");
}
