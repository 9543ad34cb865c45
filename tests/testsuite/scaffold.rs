//! `playbook init` and `playbook new`: from nothing to a valid site.

use crate::support::{PlaybookTest, run_in, snapshot};

#[test]
fn init_then_build_with_no_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("team-playbook");
    run_in(dir.path(), &["init", "team-playbook"]).expect_code(0);
    assert!(root.join("book.toml").is_file());
    for lang in ["en", "de", "pt"] {
        assert!(root.join(format!("content/{lang}/_index.md")).is_file());
    }
    run_in(&root, &["build", "--deny-warnings"]).expect_code(0);
    let translations = run_in(&root, &["translations"]);
    translations.expect_code(0);
    assert_eq!(
        translations.stdout.matches("(100.0%)").count(),
        3,
        "{}",
        translations.stdout
    );
    let book = std::fs::read_to_string(root.join("book.toml")).unwrap();
    assert!(
        book.lines().filter(|l| l.starts_with('#')).count() >= 8,
        "book.toml explains its keys"
    );
}

#[test]
fn init_into_a_non_empty_folder_touches_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine\n").unwrap();
    let before = snapshot(dir.path());
    run_in(dir.path(), &["init"])
        .expect_code(2)
        .expect_stderr("refusing")
        .expect_stderr("notes.txt");
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn new_writes_a_tactic_that_checks_clean() {
    let t = PlaybookTest::fixture("basic");
    let run = t.run(&[
        "new",
        "channels/podcast",
        "--downstream",
        "--strategy",
        "positioning",
        "--title",
        "Podcast \"guests\"",
    ]);
    run.expect_code(0);
    assert!(run.stdout.contains("content/en/channels/podcast.md"));
    let text = std::fs::read_to_string(t.root.join("content/en/channels/podcast.md")).unwrap();
    assert!(text.contains("strategy = \"positioning\""));
    t.build();
    let page = t.site().page("en/channels/podcast/index.html");
    assert_eq!(page.texts("h1"), ["Podcast \"guests\""]);
    let (_, href) = page.link(".governed-by a");
    assert!(href.contains("positioning"));

    // Its German translation inherits the structure and is current.
    t.run(&["new", "channels/podcast", "--lang", "de"])
        .expect_code(0);
    let de = std::fs::read_to_string(t.root.join("content/de/channels/podcast.md")).unwrap();
    assert!(!de.contains("strategy") && de.contains("translated-from"));
    let list = t.run(&["translations", "--lang", "de"]);
    assert!(!list.stdout.contains("channels/podcast"), "{}", list.stdout);
    t.build();
}

#[test]
fn new_refuses_overwrites_and_bad_strategies() {
    let t = PlaybookTest::fixture("basic");
    let before = snapshot(&t.root);
    t.run(&["new", "pricing", "--upstream"])
        .expect_code(2)
        .expect_stderr("already exists");
    t.run(&["new", "x", "--downstream", "--strategy", "positoning"])
        .expect_code(2)
        .expect_stderr("did you mean `positioning`");
    t.run(&["new", "x", "--downstream", "--strategy", "channels/seo"])
        .expect_code(2)
        .expect_stderr("is a tactic");
    t.run(&["new", "x"])
        .expect_code(2)
        .expect_stderr("--upstream");
    t.run(&["new", "x", "--upstream", "--lang", "fr"])
        .expect_code(2)
        .expect_stderr("`fr` is not a language");
    t.run(&["new", "x", "--downstream"]).expect_code(2);
    for title in ["a\n+++\nb", "a\r+++", "tab\there"] {
        t.run(&["new", "x", "--upstream", "--title", title])
            .expect_code(2)
            .expect_stderr("a title is one line");
    }
    assert_eq!(snapshot(&t.root), before);
    // Quotes, backslashes and TOML's own delimiters stay inside the string.
    for (id, title) in [
        ("q1", r#"say """hi""" +++"#),
        ("q2", r"back\slash ' ''' [x]"),
    ] {
        t.run(&["new", id, "--upstream", "--title", title])
            .expect_code(0);
        t.build();
        assert_eq!(
            t.site().page(&format!("en/{id}/index.html")).texts("h1"),
            [title]
        );
    }
}

#[test]
fn new_reports_in_json_when_asked() {
    let t = PlaybookTest::fixture("basic");
    let run = t.run(&["new", "positioning", "--upstream", "--format", "json"]);
    run.expect_code(2);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    assert_eq!(doc["command"], "new");
    assert_eq!(doc["exit-code"], 2);
    assert_eq!(doc["diagnostics"][0]["code"], "new-note");
    assert!(
        doc["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("already exists")
    );

    let run = t.run(&[
        "new",
        "channels/podcast",
        "--downstream",
        "--strategy",
        "positioning",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["status"], "ok");
    let file = doc["file"].as_str().unwrap();
    assert!(file.ends_with("content/en/channels/podcast.md"), "{file}");
    assert!(t.root.join("content/en/channels/podcast.md").is_file());
}
