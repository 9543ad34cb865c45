//! The playbook shipped at the repository root is what every new user
//! builds first: it must pass every check with no warning, in every
//! language, and its site must hold together.

use std::path::Path;

use crate::support::{PlaybookTest, run_in};

fn shipped() -> PlaybookTest {
    PlaybookTest::shipped()
}

#[test]
fn the_shipped_playbook_checks_clean_in_place() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    run_in(repo, &["check", "--deny-warnings"]).expect_code(0);
}

#[test]
fn the_shipped_playbook_is_complete_in_every_language() {
    let t = shipped();
    let run = t.run(&["build", "--deny-warnings", "--format", "json"]);
    run.expect_code(0);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let coverage = doc["summary"]["coverage"].as_array().unwrap();
    assert_eq!(coverage.len(), 3);
    for language in coverage {
        assert_eq!(language["present"], language["total"], "{language}");
    }
    let notes = doc["summary"]["notes"]["en"].as_u64().unwrap();
    assert!(notes >= 6, "only {notes} notes");
}

#[test]
fn the_shipped_site_links_resolve_and_tactics_reach_their_strategies() {
    let t = shipped();
    t.build();
    let site = t.site();
    assert!(site.assert_links_resolve() > 100);
    for lang in ["en", "de", "pt"] {
        let home = site.page(&format!("{lang}/index.html"));
        let strategies = home.texts(".strategy-map > li");
        assert!(strategies.len() >= 2, "{lang}: {strategies:?}");
        assert!(
            !home.texts("main p").is_empty(),
            "{lang}: the home page has no intro"
        );
    }
    for path in site.html_files() {
        let page = site.page(&path);
        if !path.contains("/print/") && !page.texts(".governed-by").is_empty() {
            let (_, href) = page.link(".governed-by a");
            let (target, _) = page.resolve(&href).unwrap();
            let lang = path.split('/').next().unwrap();
            assert!(target.starts_with(lang), "{path} -> {target}");
        }
    }
}

#[test]
fn the_shipped_playbook_is_a_full_playbook_in_every_language() {
    let t = shipped();
    t.run(&["build", "--deny-warnings"]).expect_code(0);
    let site = t.site();
    for lang in ["en", "de", "pt"] {
        let mut strategies = 0;
        let mut tactics = 0;
        for path in site.html_files() {
            if !path.starts_with(&format!("{lang}/"))
                || path.contains("/tags/")
                || path.contains("/print/")
                || path == format!("{lang}/translations/index.html")
                || path == format!("{lang}/editors/index.html")
                || path == format!("{lang}/index.html")
            {
                continue;
            }
            let page = site.page(&path);
            let description = page.attrs("meta[name=description]", "content");
            assert!(
                description.len() == 1 && !description[0].trim().is_empty(),
                "{path}: no summary"
            );
            if page.texts(".governed-by").is_empty() {
                strategies += 1;
                let governed = page.texts("section.governed .note-link");
                assert!(governed.len() >= 2, "{path} governs {governed:?}");
                assert!(
                    page.texts("section.governed .lang-marker").is_empty(),
                    "{path}: a tactic is missing in {lang}"
                );
            } else {
                tactics += 1;
            }
            // Links stay in the page's language, except the language
            // switcher and fallbacks marked with hreflang.
            let selector = scraper::Selector::parse("main a[href]:not([hreflang])").unwrap();
            for link in page.html.select(&selector) {
                let href = link.value().attr("href").unwrap();
                if let Some((target, _)) = page.resolve(href) {
                    let target_lang = target.split('/').next().unwrap();
                    assert!(
                        !["en", "de", "pt"].contains(&target_lang) || target_lang == lang,
                        "{path}: `{href}` leaves {lang} for {target}"
                    );
                }
            }
        }
        assert!(strategies >= 8, "{lang}: {strategies} strategies");
        assert!(tactics >= 24, "{lang}: {tactics} tactics");
    }
}

/// Every note is long enough to be useful and short enough to read in one
/// sitting: 300 to 900 words of body, as the playbook's brief asks.
#[test]
fn every_shipped_note_has_300_to_900_words() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&content) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "md") || path.ends_with("_index.md") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let body = text.splitn(3, "+++\n").nth(2).expect("front matter");
        let words = body.split_whitespace().count();
        assert!(
            (300..=900).contains(&words),
            "{}: {words} words",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 96, "only {checked} notes");
}
