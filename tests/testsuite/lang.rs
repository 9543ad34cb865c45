//! Text in another language than its page says so: `lang` on `<html>` and
//! on every link or fragment whose words come from a note in another
//! language (a missing translation's fallback, a note that exists only in
//! the default language), on every page, the search results included. A
//! screen reader then reads each title with the right voice, and a browser
//! hyphenates and translates it correctly.

use std::path::Path;

use scraper::Selector;
use serde_json::json;

use crate::browser::Chromium;
use crate::support::{PlaybookTest, Site};

/// The titles and summaries of the notes that exist only in English: on a
/// German or Portuguese page, each of them is English text.
const ENGLISH_ONLY: [&str; 4] = [
    "Brand architecture",
    "How product names relate to the company brand.",
    "Executive roundtables",
    "Small dinners with the buyers of one segment.",
];

/// The shipped playbook with a strategy that exists only in English
/// (`brand`), a tactic serving it in English and Portuguese but not in
/// German, and German and Portuguese notes linking to the strategy, once
/// with its title and once with their own words.
fn playbook_with_english_only_notes() -> PlaybookTest {
    let t = PlaybookTest::shipped();
    t.file(
        "content/en/brand.md",
        "+++\ntitle = \"Brand architecture\"\ntags = [\"upstream\", \"identity\"]\n\
         summary = \"How product names relate to the company brand.\"\n+++\n\n\
         How the names hang together.\n",
    )
    .file(
        "content/en/events/roundtables.md",
        "+++\ntitle = \"Executive roundtables\"\ntags = [\"downstream\", \"identity\"]\n\
         strategy = \"brand\"\nsummary = \"Small dinners with the buyers of one segment.\"\n+++\n\n\
         Roundtables carry [[brand]].\n",
    )
    .file(
        "content/pt/events/roundtables.md",
        "+++\ntitle = \"Mesas-redondas executivas\"\n\
         summary = \"Jantares pequenos com os compradores de um segmento.\"\n+++\n\n\
         As mesas-redondas servem a [[brand]] e [a nossa marca](../brand.md).\n",
    );
    let de = std::fs::read_to_string(t.root.join("content/de/positioning.md")).unwrap();
    t.file(
        "content/de/positioning.md",
        &format!("{de}\nSiehe [[brand]] und [unsere Marke](brand.md).\n"),
    );
    t
}

/// Each language's name, written in that language: wherever the site names
/// a language (switcher, chooser, 404 page, translations table), the name
/// is marked with its own language.
const LANGUAGE_NAMES: [(&str, &str); 3] =
    [("English", "en"), ("Deutsch", "de"), ("Português", "pt")];

/// The language a piece of a page is in: the `lang` of its nearest element
/// that has one.
fn language_of(node: scraper::ElementRef<'_>) -> Option<String> {
    std::iter::once(node)
        .chain(node.ancestors().filter_map(scraper::ElementRef::wrap))
        .find_map(|e| e.value().attr("lang").map(str::to_string))
}

/// The language a page is written in: its folder's, or the default one for
/// the pages of the whole site.
fn page_language(path: &str) -> &str {
    match path.split_once('/') {
        Some((lang @ ("en" | "de" | "pt"), _)) => lang,
        _ => "en",
    }
}

#[test]
fn every_fragment_in_another_language_carries_its_lang() {
    let t = playbook_with_english_only_notes();
    let site = Site {
        root: t.build_beside(),
    };
    let any = Selector::parse("*").unwrap();
    let linked = Selector::parse("a[hreflang]").unwrap();
    let body_text = Selector::parse(".content *").unwrap();
    let mut findings = Vec::new();
    let mut english_seen = 0;
    for path in site.html_files() {
        let page = site.page(&path);
        let lang = page_language(&path);
        let html = page.html.root_element();
        if html.value().attr("lang") != Some(lang) {
            findings.push(format!("{path}: <html lang> is not {lang}"));
        }
        // Whatever names an English-only note on a German or Portuguese
        // page is marked English, in the map, lists, breadcrumb, "Governed
        // by", print page and note bodies alike.
        for element in page.html.select(&any) {
            let own_text: String = element
                .children()
                .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                .collect();
            for (name, code) in LANGUAGE_NAMES {
                if own_text.trim() == name && language_of(element).as_deref() != Some(code) {
                    findings.push(format!(
                        "{path}: the name {name:?} is not marked lang=\"{code}\""
                    ));
                }
            }
            for english in ENGLISH_ONLY {
                if own_text.contains(english) {
                    if lang != "en" {
                        english_seen += 1;
                    }
                    if language_of(element).as_deref() != Some("en") {
                        findings.push(format!("{path}: {english:?} is not marked lang=\"en\""));
                    }
                }
            }
        }
        // A link to a page in another language names that page in its
        // language; only words the author wrote in a note's body stay in the
        // page's language.
        let in_body: Vec<_> = page.html.select(&body_text).map(|e| e.id()).collect();
        for a in page.html.select(&linked) {
            let hreflang = a.value().attr("hreflang").unwrap();
            let text = a.text().collect::<String>();
            let written = in_body.contains(&a.id()) && !ENGLISH_ONLY.contains(&text.as_str());
            let expected = if written { lang } else { hreflang };
            if language_of(a).as_deref() != Some(expected) {
                findings.push(format!(
                    "{path}: <a hreflang={hreflang}>{text}</a> is in {:?}, not {expected}",
                    language_of(a)
                ));
            }
        }
    }
    assert!(
        english_seen >= 18,
        "the English-only notes showed up only {english_seen} times on other pages"
    );

    // The translations page marks each title with its column's language.
    let page = site.page("en/translations/index.html");
    let columns = page.attrs("thead th[lang]", "lang");
    assert_eq!(columns, ["en", "de", "pt"]);
    let rows = Selector::parse("tbody tr").unwrap();
    let cells = Selector::parse("td").unwrap();
    let title = Selector::parse("a").unwrap();
    let mut titles = 0;
    for row in page.html.select(&rows) {
        for (cell, lang) in row.select(&cells).zip(&columns) {
            for a in cell.select(&title) {
                titles += 1;
                if language_of(a).as_deref() != Some(lang) {
                    findings.push(format!(
                        "translations: {:?} is not marked {lang}",
                        a.text().collect::<String>()
                    ));
                }
            }
        }
    }
    assert!(titles > 100, "{titles} titles on the translations page");
    assert!(findings.is_empty(), "{}", findings.join("\n"));

    search_names_an_english_strategy_in_english(&site.root);
}

/// The search results on a Portuguese page name the English-only strategy
/// a Portuguese tactic serves, marked English.
fn search_names_an_english_strategy_in_english(site: &Path) {
    let mut chromium = Chromium::launch();
    let session = chromium.open("about:blank");
    let page = site.join("pt/index.html");
    chromium.navigate(&session, &format!("file://{}", page.display()));
    chromium.eval(&session, "document.getElementById('search').focus()");
    chromium.eval(
        &session,
        "new Promise(r => { const go = () => window.playbookSearch ? r(true) : setTimeout(go, 20); go(); })",
    );
    let serves = chromium.eval(
        &session,
        "(() => { const box = document.getElementById('search'); box.value = 'mesas-redondas'; \
         box.dispatchEvent(new Event('input')); \
         const hit = [...document.querySelectorAll('#search-results li')]\
           .find(li => li.querySelector('a').textContent === 'Mesas-redondas executivas'); \
         return [...hit.querySelectorAll('.search-serves *')].map(e => [e.textContent, e.closest('[lang]').lang]); })()",
    );
    assert_eq!(
        serves,
        json!([["Brand architecture", "en"]]),
        "the strategy's title in the results"
    );
}

#[test]
fn tag_labels_name_each_tag_in_its_language_and_a_label_for_no_tag_is_a_warning() {
    let t = PlaybookTest::fixture("basic");
    t.edit(
        "book.toml",
        "[languages.pt.strings]",
        "[languages.de.tags]\nevents = \"Veranstaltungen\"\npaid-social = \"Bezahlte Social-Media-Anzeigen\"\n\n[languages.pt.tags]\nevents = \"Eventos\"\n\n[languages.pt.strings]",
    );
    t.build().expect_code(0);
    let site = t.site();

    // Chips on a note, the tag's page and the tag index, under the slug.
    let page = site.page("de/channels/linkedin-anzeigen/index.html");
    assert_eq!(
        page.texts(".tag-list a"),
        ["Bezahlte Social-Media-Anzeigen"]
    );
    let (_, href) = page.link(".tag-list a");
    assert_eq!(
        page.resolve(&href).unwrap().0,
        "de/tags/paid-social/index.html"
    );
    let tag = site.page("de/tags/events/index.html");
    assert_eq!(tag.texts("h1"), ["Schlagwort: Veranstaltungen"]);
    let index = site.page("de/tags/index.html");
    let names = index.texts("main a");
    assert!(
        names.iter().any(|n| n.starts_with("Veranstaltungen")),
        "{names:?}"
    );
    let pt = site.page("pt/tags/events/index.html");
    assert_eq!(pt.texts("h1"), ["Tag: Eventos"]);
    // English keeps the tag as written.
    let en = site.page("en/tags/events/index.html");
    assert_eq!(en.texts("h1"), ["Tag: events"]);
    // German search finds the tag by its German name.
    assert!(site.text("de/search-index.js").contains("\"bezahlt"));

    // A label for a tag no note has is a warning at its key, with the
    // likely tag.
    t.edit("book.toml", "events = \"Eventos\"", "evnts = \"Eventos\"");
    let run = t.run(&["check"]);
    run.expect_code(0)
        .expect_stderr(
            "warning[unknown-key]: no note has the tag `evnts` named in [languages.pt.tags]",
        )
        .expect_stderr("did you mean `events`?")
        .expect_stderr("book.toml:");
    t.run(&["check", "--deny-warnings"]).expect_code(1);
}
