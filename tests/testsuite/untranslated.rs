//! A note missing in the reader's language is shown inside that language's
//! site: at its path there, with that language's navigation and strings, a
//! notice, and the original body marked with its language. Only the
//! language switcher leads into another language's site.

use std::collections::{BTreeSet, VecDeque};

use scraper::Selector;

use crate::support::{PlaybookTest, Site};

/// Follows every link from a language's home page, except the language
/// switcher's and the translations table's (whose cells are each
/// language's version, like a switcher), and returns each page reached
/// with its `<html lang>`.
fn crawl(site: &Site, lang: &str) -> Vec<(String, String)> {
    let links = Selector::parse("a[href]").unwrap();
    let switcher = Selector::parse(".languages a[href], table.translations a[hreflang]").unwrap();
    let html = Selector::parse("html").unwrap();
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from([format!("{lang}/index.html")]);
    let mut reached = Vec::new();
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let page = site.page(&path);
        let page_lang = page
            .html
            .select(&html)
            .next()
            .and_then(|e| e.value().attr("lang"))
            .unwrap_or_default()
            .to_string();
        reached.push((path.clone(), page_lang));
        let switch: Vec<_> = page.html.select(&switcher).map(|a| a.id()).collect();
        for a in page.html.select(&links) {
            if switch.contains(&a.id()) {
                continue;
            }
            let href = a.value().attr("href").unwrap();
            let Some((target, _)) = page.resolve(href) else {
                continue;
            };
            if target.ends_with(".html") {
                queue.push_back(target);
            }
        }
    }
    reached
}

#[test]
fn a_reader_who_starts_in_a_language_stays_in_its_site_through_every_link() {
    let t = PlaybookTest::fixture("basic");
    t.build().expect_code(0);
    let site = t.site();
    for (lang, untranslated) in [
        ("de", "de/channels/webinars/index.html"),
        ("pt", "pt/channels/seo/index.html"),
    ] {
        let reached = crawl(&site, lang);
        let elsewhere: Vec<_> = reached.iter().filter(|(_, l)| l != lang).collect();
        assert!(
            elsewhere.is_empty(),
            "{lang}: links lead out of the {lang} site: {elsewhere:?}"
        );
        assert!(
            reached.iter().any(|(p, _)| p == untranslated),
            "{lang}: {untranslated} not reached: {reached:?}"
        );
        assert!(reached.len() >= 8, "{lang}: {reached:?}");
    }
}

#[test]
fn an_untranslated_note_is_shown_in_the_readers_site_with_a_notice_and_its_own_language() {
    let t = PlaybookTest::fixture("basic");
    t.build().expect_code(0);
    let site = t.site();

    let page = site.page("de/channels/webinars/index.html");
    let notice = page.texts(".untranslated");
    assert_eq!(
        notice,
        ["Noch nicht übersetzt: Sie lesen das Original auf English."]
    );
    assert_eq!(page.attrs("html", "lang"), ["de"]);
    assert_eq!(page.attrs("h1", "lang"), ["en"]);
    assert_eq!(page.attrs(".content", "lang"), ["en"]);
    assert_eq!(page.texts("h1"), ["Webinars"]);
    // German chrome: navigation, search and the strategy it serves.
    assert_eq!(page.texts(".role"), ["Taktik"]);
    assert_eq!(page.attrs("#search", "data-lang"), ["de"]);
    let (strategy, _) = page.link(".governed-by a");
    assert_eq!(strategy, "Preisgestaltung");
    assert_eq!(
        page.resolve(&page.attrs(".governed-by a", "href")[0])
            .unwrap()
            .0,
        "de/pricing/index.html"
    );
    // The switcher tells the truth: English exists, Portuguese does not.
    let switch = page.attrs(".languages a", "hreflang");
    assert_eq!(switch, ["en"], "only the existing version is linked");
    assert_eq!(
        page.resolve(&page.attrs(".languages a", "href")[0])
            .unwrap()
            .0,
        "en/channels/webinars/index.html"
    );

    // Its body's links stay in the reader's site, to the section the
    // reader's version has; its files are the original's.
    let sizing = site.page("de/channels/größe/index.html");
    let body_links = sizing.attrs(".content a", "href");
    assert_eq!(
        sizing.resolve(&body_links[0]).unwrap(),
        (
            "de/pricing/index.html".to_string(),
            Some("tiers".to_string())
        )
    );
    assert!(sizing.attrs(".content a[hreflang]", "href").is_empty());

    // The sitemap lists versions that exist, and nothing else changes for
    // the translation reports.
    let sitemap = site.text("sitemap.xml");
    assert!(!sitemap.contains("de/channels/webinars/"), "{sitemap}");
    let missing = t.run(&["translations", "--lang", "de", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&missing.stdout).unwrap();
    let ids: Vec<&str> = report["languages"][0]["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert!(ids.contains(&"channels/webinars"), "{ids:?}");
    site.assert_links_resolve();
}

#[test]
fn a_section_the_readers_version_lacks_is_linked_in_the_original() {
    let t = PlaybookTest::fixture("basic");
    t.file(
        "content/en/channels/checklist.md",
        "+++\ntitle = \"Launch checklist\"\ntags = [\"downstream\"]\nstrategy = \"positioning\"\n+++\nSee [[pricing#annual]].\n",
    );
    t.edit(
        "content/en/pricing.md",
        "\n## ",
        "\n## Annual plans {#annual}\n\nYearly.\n\n## ",
    );
    t.build().expect_code(0);
    let site = t.site();
    let page = site.page("de/channels/checklist/index.html");
    let href = &page.attrs(".content a", "href")[0];
    assert_eq!(
        page.resolve(href).unwrap(),
        (
            "en/pricing/index.html".to_string(),
            Some("annual".to_string())
        )
    );
    assert_eq!(page.attrs(".content a", "hreflang"), ["en"]);
    site.assert_links_resolve();
}

#[test]
fn a_path_taken_in_the_readers_language_keeps_the_link_to_the_original() {
    let t = PlaybookTest::fixture("basic");
    // A German note whose slug takes the path the untranslated webinars
    // note would have in German.
    t.file(
        "content/de/channels/live.md",
        "+++\ntitle = \"Live-Formate\"\ntags = [\"downstream\"]\nstrategy = \"pricing\"\nslug = \"webinars\"\n+++\nText.\n",
    );
    t.file(
        "content/en/channels/live.md",
        "+++\ntitle = \"Live formats\"\ntags = [\"downstream\"]\nstrategy = \"pricing\"\n+++\nText.\n",
    );
    t.build().expect_code(0);
    let site = t.site();
    let live = site.page("de/channels/webinars/index.html");
    assert_eq!(live.texts("h1"), ["Live-Formate"]);
    let pricing = site.page("de/pricing/index.html");
    let webinars: Vec<String> = pricing
        .attrs(".governed .note-link > a[hreflang]", "href")
        .iter()
        .map(|h| pricing.resolve(h).unwrap().0)
        .collect();
    assert_eq!(webinars, ["en/channels/webinars/index.html"]);
    site.assert_links_resolve();
}
