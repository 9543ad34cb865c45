//! Search in a real browser, on the shipped playbook opened from `file://`:
//! per-language stemming, accent- and case-insensitive matching, prefixes
//! while typing, the keyboard, and nothing loaded from anywhere else.

use serde_json::{Value, json};

use crate::browser::Chromium;
use crate::support::PlaybookTest;

/// The shipped playbook, built; the site is at `<temp>/site`.
fn shipped_site() -> PlaybookTest {
    let t = PlaybookTest::shipped();
    t.build_beside();
    t
}

/// Opens a page, types `query` into the search box and returns the titles
/// of the results and the live region's text.
fn type_query(chromium: &mut Chromium, session: &str, query: &str) -> (Vec<String>, String) {
    chromium.eval(session, "document.getElementById('search').focus()");
    chromium.eval(
        session,
        "new Promise(r => { const go = () => window.playbookSearch ? r(true) : setTimeout(go, 20); go(); })",
    );
    let script = format!(
        "(() => {{ const box = document.getElementById('search'); box.value = {}; \
         box.dispatchEvent(new Event('input')); \
         return [[...document.querySelectorAll('#search-results li > a')].map(a => a.textContent), \
         document.getElementById('search-status').textContent]; }})()",
        json!(query)
    );
    let result = chromium.eval(session, &script);
    let titles = result[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    (titles, result[1].as_str().unwrap().to_string())
}

#[test]
fn stemmed_and_accent_free_queries_find_the_expected_note_first_in_each_language() {
    let site = shipped_site();
    let mut chromium = Chromium::launch();
    let cases = [
        ("en", "referrals", "Referral and advocacy programme"),
        ("en", "battlecard", "Competitive battlecards"),
        ("en", "battlec", "Competitive battlecards"),
        ("en", "SEARCH ENGINE", "Search engine optimisation"),
        ("de", "Messe", "Messen und Veranstaltungen"),
        ("de", "vergleichsseite", "Vergleichsseiten"),
        ("de", "Rueckgewinnungskampagne", "Rückgewinnungskampagnen"),
        ("pt", "parceiro", "Co-marketing com parceiros"),
        ("pt", "comparacao", "Páginas de comparação"),
        ("pt", "nutricao email", "Sequências de nutrição por e-mail"),
    ];
    for (lang, query, expected) in cases {
        let page = site.temp().join(format!("site/{lang}/index.html"));
        let session = chromium.open("about:blank");
        chromium.navigate(&session, &format!("file://{}", page.display()));
        let (titles, status) = type_query(&mut chromium, &session, query);
        assert_eq!(
            titles.first().map(String::as_str),
            Some(expected),
            "{lang}: {query:?} gave {titles:?}"
        );
        // The live region counts every match; at most ten are listed.
        let count: usize = status
            .split(|c: char| !c.is_ascii_digit())
            .find(|n| !n.is_empty())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        assert!(
            count >= titles.len() && titles.len() == count.min(10),
            "{lang}: the live region says {status:?} for {} results",
            titles.len()
        );
    }
}

#[test]
fn word_forms_with_and_without_accents_find_the_same_notes() {
    let site = shipped_site();
    let mut chromium = Chromium::launch();
    let page = site.temp().join("site/de/index.html");
    let session = chromium.open("about:blank");
    chromium.navigate(&session, &format!("file://{}", page.display()));
    let (groesse, _) = type_query(&mut chromium, &session, "groesse");
    let (grosse, _) = type_query(&mut chromium, &session, "grosse");
    let (umlaut, _) = type_query(&mut chromium, &session, "Größe");
    assert!(!umlaut.is_empty(), "nothing found for Größe");
    assert_eq!(groesse, umlaut);
    assert_eq!(grosse, umlaut);
    let (preise, _) = type_query(&mut chromium, &session, "Preise");
    let (preis, _) = type_query(&mut chromium, &session, "Preis");
    assert!(!preis.is_empty());
    assert_eq!(preise, preis, "Preise and Preis have one stem");

    let page = site.temp().join("site/pt/index.html");
    chromium.navigate(&session, &format!("file://{}", page.display()));
    let (plain, _) = type_query(&mut chromium, &session, "renovacao");
    let (accented, _) = type_query(&mut chromium, &session, "renovação");
    assert!(!accented.is_empty());
    assert_eq!(plain, accented);
    let (none, status) = type_query(&mut chromium, &session, "xyzzyqq");
    assert!(none.is_empty());
    assert_eq!(status, "Nenhum resultado");
}

#[test]
fn the_keyboard_drives_search_and_nothing_is_loaded_from_elsewhere() {
    let site = shipped_site();
    let mut chromium = Chromium::launch();
    let page = site.temp().join("site/en/positioning/index.html");
    let session = chromium.open("about:blank");
    chromium.navigate(&session, &format!("file://{}", page.display()));
    // Nothing of search is loaded before it is used.
    let loaded = chromium.eval(
        &session,
        "performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('search'))",
    );
    assert_eq!(loaded, json!([]), "search loaded before use");
    // `/` focuses the box.
    let key = |chromium: &mut Chromium, key: &str, code: &str| {
        for kind in ["keyDown", "keyUp"] {
            chromium.call(
                "Input.dispatchKeyEvent",
                json!({ "type": kind, "key": key, "code": code, "text": if kind == "keyDown" && key.len() == 1 { key } else { "" } }),
                Some(&session),
            );
        }
    };
    key(&mut chromium, "/", "Slash");
    assert_eq!(
        chromium.eval(&session, "document.activeElement.id"),
        json!("search")
    );
    let (titles, _) = type_query(&mut chromium, &session, "lead scoring");
    assert_eq!(titles.first().map(String::as_str), Some("Lead scoring"));
    // Arrows move into the results, Escape closes them.
    key(&mut chromium, "ArrowDown", "ArrowDown");
    assert_eq!(
        chromium.eval(&session, "document.activeElement.textContent"),
        json!("Lead scoring")
    );
    key(&mut chromium, "Escape", "Escape");
    assert_eq!(
        chromium.eval(
            &session,
            "[document.activeElement.id, document.getElementById('search-results').hidden]"
        ),
        json!(["search", true])
    );
    // Enter opens the first result.
    type_query(&mut chromium, &session, "lead scoring");
    key(&mut chromium, "Enter", "Enter");
    let start = std::time::Instant::now();
    loop {
        let href: Value = chromium.eval(&session, "location.href");
        if href.as_str().unwrap_or("").contains("lead-scoring") {
            break;
        }
        assert!(
            start.elapsed().as_secs() < 10,
            "Enter did not open the result: {href}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // Every resource the pages loaded came from the site itself.
    let names = chromium.eval(
        &session,
        "performance.getEntriesByType('resource').map(e => e.name).concat([location.href])",
    );
    for name in names.as_array().unwrap() {
        assert!(
            name.as_str().unwrap().starts_with("file://"),
            "{name} is not part of the site"
        );
    }
}

#[test]
fn a_result_for_a_note_whose_name_holds_a_hash_or_a_question_mark_opens_that_note() {
    let t = PlaybookTest::fixture("basic");
    t.file(
        "content/en/channels/faq#1?.md",
        "+++\ntitle = \"Zebra questions\"\ntags = [\"downstream\"]\nstrategy = \"positioning\"\n+++\n\nAnswers about zebras.\n",
    );
    t.build().expect_code(0);
    let mut chromium = Chromium::launch();
    let session = chromium.open("about:blank");
    let home = t.public().join("en/index.html");
    chromium.navigate(&session, &format!("file://{}", home.display()));
    let (titles, _) = type_query(&mut chromium, &session, "zebra");
    assert_eq!(titles, ["Zebra questions"]);
    let href = chromium.eval(
        &session,
        "document.querySelector('#search-results li > a').href",
    );
    let href = href.as_str().unwrap().to_string();
    assert!(href.contains("faq%231%3F/"), "{href}");
    chromium.navigate(&session, &href);
    assert_eq!(
        chromium.eval(&session, "document.querySelector('h1').textContent"),
        json!("Zebra questions"),
        "{href} did not open the note"
    );
}
