//! `playbook translations`: the translator's work list, and `--mark`.

use scraper::Selector;

use crate::support::PlaybookTest;

fn read(t: &PlaybookTest, rel: &str) -> String {
    std::fs::read_to_string(t.root.join(rel)).unwrap()
}

#[test]
fn an_edited_source_makes_a_translation_stale_until_it_is_marked() {
    let t = PlaybookTest::fixture("basic");
    let before = read(&t, "content/de/positioning.md");
    t.run(&["translations", "--mark", "de/positioning"])
        .expect_code(0)
        .expect_stderr("marked content/de/positioning.md");
    let marked = read(&t, "content/de/positioning.md");
    // Only one line was added, before the closing fence.
    let added: Vec<&str> = marked
        .lines()
        .filter(|l| !before.lines().any(|b| b == *l))
        .collect();
    assert_eq!(added.len(), 1, "{marked}");
    assert!(added[0].starts_with("translated-from = \""));
    assert_eq!(marked.replace(&format!("{}\n", added[0]), ""), before);
    t.run(&["check", "--deny-warnings"])
        .expect_code(1)
        .expect_stderr("link-to-other-language");
    assert!(!t.run(&["check"]).stderr.contains("stale-translation"));

    // A front-matter edit of the source leaves the translation current...
    let en = read(&t, "content/en/positioning.md");
    t.file(
        "content/en/positioning.md",
        &en.replace("owner = \"Product marketing\"", "owner = \"Marketing\""),
    );
    assert!(!t.run(&["check"]).stderr.contains("stale-translation"));
    let listing = t.run(&["translations", "--lang", "de"]);
    assert!(!listing.stdout.contains("stale     positioning"));

    // ...a body edit makes it stale, naming both files...
    t.file(
        "content/en/positioning.md",
        &format!(
            "{}\nA new paragraph.\n",
            read(&t, "content/en/positioning.md")
        ),
    );
    t.run(&["check"])
        .expect_code(0)
        .expect_stderr("warning[stale-translation]")
        .expect_stderr("--> content/de/positioning.md:5:19")
        .expect_stderr("--> content/en/positioning.md");
    let listing = t.run(&["translations", "--lang", "de"]);
    assert!(
        listing.stdout.contains("stale     positioning"),
        "{}",
        listing.stdout
    );

    // ...and marking again makes it current, changing only that line.
    let stale = read(&t, "content/de/positioning.md");
    t.run(&["translations", "--mark", "de/positioning"])
        .expect_code(0);
    let remarked = read(&t, "content/de/positioning.md");
    assert_eq!(stale.lines().count(), remarked.lines().count());
    let changed: Vec<(&str, &str)> = stale
        .lines()
        .zip(remarked.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1);
    assert!(changed[0].0.starts_with("translated-from"));
    assert!(!t.run(&["check"]).stderr.contains("stale-translation"));
}

#[test]
fn json_counts_match_the_human_list() {
    let t = PlaybookTest::fixture("basic");
    t.run(&["translations", "--mark-all", "de"]).expect_code(0);
    let human = t.run(&["translations"]);
    human.expect_code(0);
    let json = t.run(&["translations", "--format", "json"]);
    json.expect_code(0);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let languages = doc["languages"].as_array().unwrap();
    assert_eq!(languages.len(), 3);
    for language in languages {
        let line = format!(
            "{}: {}/{} up to date ({:.1}%), {} missing, {} stale, {} unmarked",
            language["language"].as_str().unwrap(),
            language["current"],
            language["total"],
            language["percent"].as_f64().unwrap(),
            language["missing"].as_array().unwrap().len(),
            language["stale"].as_array().unwrap().len(),
            language["unmarked"].as_array().unwrap().len(),
        );
        assert!(human.stdout.contains(&line), "{line}\n{}", human.stdout);
    }
    let de = &languages[1];
    assert_eq!(de["current"], 4);
    assert_eq!(de["missing"].as_array().unwrap().len(), 2);
    assert_eq!(de["unmarked"].as_array().unwrap().len(), 0);
}

#[test]
fn fail_under_sets_the_exit_code() {
    let t = PlaybookTest::fixture("basic");
    t.run(&["translations", "--mark-all", "de"]).expect_code(0);
    // de: 4 of 6 current (66.6%).
    t.run(&["translations", "--lang", "de", "--fail-under", "60"])
        .expect_code(0);
    t.run(&["translations", "--lang", "de", "--fail-under", "70"])
        .expect_code(1)
        .expect_stderr("below the 70% that --fail-under asks for");
    t.run(&["translations", "--fail-under", "10"])
        .expect_code(1);
}

#[test]
fn fail_under_takes_only_a_percentage() {
    let t = PlaybookTest::fixture("basic");
    for bad in ["NaN", "500", "1e400", "-1", "inf", "eighty"] {
        t.run(&["translations", &format!("--fail-under={bad}")])
            .expect_code(2)
            .expect_stderr("from 0 to 100");
    }
    t.run(&["translations", "--fail-under", "0"]).expect_code(0);
    t.run(&["translations", "--fail-under", "100"])
        .expect_code(1);
}

#[test]
fn marking_refuses_unknown_languages_and_notes() {
    let t = PlaybookTest::fixture("basic");
    let before = crate::support::snapshot(&t.root);
    t.run(&["translations", "--mark", "fr/positioning"])
        .expect_code(2)
        .expect_stderr("`fr` is not a language");
    t.run(&["translations", "--mark", "de/positionig"])
        .expect_code(2)
        .expect_stderr("no note `positionig`");
    t.run(&["translations", "--mark", "de/channels/webinars"])
        .expect_code(2)
        .expect_stderr("no de translation");
    t.run(&["translations", "--mark", "en/positioning"])
        .expect_code(2)
        .expect_stderr("default language");
    assert_eq!(crate::support::snapshot(&t.root), before);
}

#[test]
fn the_translations_page_shows_stale_and_unmarked_translations() {
    let t = PlaybookTest::fixture("basic");
    t.run(&["translations", "--mark", "de/positioning"])
        .expect_code(0);
    t.run(&["translations", "--mark", "de/pricing"])
        .expect_code(0);
    let en = read(&t, "content/en/positioning.md");
    t.file("content/en/positioning.md", &format!("{en}\nChanged.\n"));
    t.build();
    let site = t.site();
    let page = site.page("en/translations/index.html");
    assert_eq!(page.texts("td.state-stale .state"), ["⚠ stale"]);
    // de: linkedin-ads and seo unmarked; pt: its three translations.
    assert_eq!(page.texts("td.state-unmarked").len(), 5);
    let stale_row = page.texts("tr:has(td.state-stale) th code");
    assert_eq!(stale_row, ["positioning"]);
    // Each language's summary at the top, in words.
    assert_eq!(
        page.texts(".translation-summary li"),
        [
            "English 6 of 6 notes (100 %)",
            "Deutsch 4 of 6 notes (66 %) · ✗ 2 missing · ⚠ 1 stale · ? 2 not marked",
            "Português 3 of 6 notes (50 %) · ✗ 3 missing · ? 3 not marked",
        ]
    );

    // The page exists in every language, in that language, with the
    // rows in reading order: each strategy, then its tactics.
    for (lang, heading, missing) in [
        ("de", "Übersetzungen", "fehlt"),
        ("pt", "Traduções", "falta"),
    ] {
        let page = site.page(&format!("{lang}/translations/index.html"));
        assert_eq!(page.attrs("html", "lang"), [lang]);
        assert_eq!(page.texts("h1"), [heading]);
        assert!(page.texts(".languages .missing").is_empty());
        assert!(
            page.texts("td.state-missing .state")
                .iter()
                .all(|t| t.ends_with(missing)),
            "{lang}"
        );
        let groups = Selector::parse("tbody").unwrap();
        let rows = Selector::parse("tr").unwrap();
        let mut kinds = Vec::new();
        for group in page.html.select(&groups) {
            let classes: Vec<&str> = group
                .select(&rows)
                .map(|r| r.value().attr("class").unwrap())
                .collect();
            kinds.push(classes);
        }
        assert_eq!(
            kinds,
            [
                ["is-strategy", "is-tactic", "is-tactic"],
                ["is-strategy", "is-tactic", "is-tactic"]
            ],
            "{lang}"
        );
    }
}

/// What `--mark` wrote into `rel`, given the text before: the file must be
/// `before` with exactly one `translated-from` line added before the
/// closing fence, in the file's own line ending.
#[track_caller]
fn only_the_mark_was_added(t: &PlaybookTest, rel: &str, before: &str, newline: &str) {
    let marked = read(t, rel);
    let close = format!("{newline}+++{newline}");
    let at = before.find(&close).expect("a closing fence") + newline.len();
    let line_end = marked[at..].find(newline).unwrap() + at + newline.len();
    let added = &marked[at..line_end];
    assert!(
        added.starts_with("translated-from = \"") && added.ends_with(&format!("\"{newline}")),
        "{marked:?}"
    );
    assert_eq!(format!("{}{}", &marked[..at], &marked[line_end..]), before);
}

#[test]
fn marking_a_crlf_file_keeps_every_other_byte() {
    let t = PlaybookTest::fixture("basic");
    let rel = "content/de/positioning.md";
    let crlf = read(&t, rel).replace('\n', "\r\n");
    t.file(rel, &format!("\u{feff}{crlf}"));
    let before = read(&t, rel);
    t.run(&["translations", "--mark", "de/positioning"])
        .expect_code(0);
    only_the_mark_was_added(&t, rel, &before, "\r\n");
    assert!(!t.run(&["check"]).stderr.contains("stale-translation"));
}

#[test]
fn a_multiline_string_holding_the_key_is_not_the_key() {
    let t = PlaybookTest::fixture("basic");
    let rel = "content/de/positioning.md";
    t.edit(
        rel,
        "summary = \"Wo wir gegenüber den Alternativen stehen.\"\n",
        "summary = \"\"\"\ntranslated-from = \"wird nicht ersetzt\"\n\"\"\"  # Notiz\n",
    );
    let before = read(&t, rel);
    t.run(&["translations", "--mark", "de/positioning"])
        .expect_code(0);
    only_the_mark_was_added(&t, rel, &before, "\n");
    // Marked again after a source edit, the value changes in place.
    t.edit("content/en/positioning.md", "frame", "frame of reference");
    let stale = read(&t, rel);
    t.run(&["translations", "--mark", "de/positioning"])
        .expect_code(0);
    let remarked = read(&t, rel);
    assert_eq!(stale.len(), remarked.len());
    let differing: Vec<(&str, &str)> = stale
        .lines()
        .zip(remarked.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(differing.len(), 1, "{remarked}");
    assert!(differing[0].0.starts_with("translated-from = \""));
    assert!(remarked.contains("translated-from = \"wird nicht ersetzt\""));
}

#[test]
fn a_translation_made_by_new_keeps_the_sources_line_endings() {
    let t = PlaybookTest::fixture("basic");
    let rel = "content/en/channels/seo.md";
    let crlf = read(&t, rel).replace('\n', "\r\n");
    t.file(rel, &crlf);
    t.run(&["new", "channels/seo", "--lang", "pt"])
        .expect_code(0);
    let made = read(&t, "content/pt/channels/seo.md");
    assert!(!made.replace("\r\n", "").contains('\n'), "{made:?}");
    assert!(made.contains("translated-from = \""), "{made}");
    assert!(!t.run(&["check"]).stderr.contains("stale-translation"));
}

#[test]
fn mark_failures_and_marks_reach_json() {
    let t = PlaybookTest::fixture("basic");
    let run = t.run(&[
        "translations",
        "--mark",
        "en/positioning",
        "--format",
        "json",
    ]);
    run.expect_code(2);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    assert_eq!(doc["status"], "error");
    assert_eq!(doc["diagnostics"][0]["code"], "translation-mark");
    let run = t.run(&["translations", "--lang", "fr", "--format", "json"]);
    run.expect_code(2);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["diagnostics"][0]["code"], "unknown-language");

    let run = t.run(&[
        "translations",
        "--mark",
        "de/positioning",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["marked"][0], "content/de/positioning.md");
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}
