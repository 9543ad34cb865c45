//! The written site: links, the strategy/tactic structure, languages,
//! slugs, drafts, escaping and reproducibility.

use std::collections::BTreeSet;

use scraper::Selector;

use crate::support::{PlaybookTest, Site, run_in, snapshot};

fn built() -> (PlaybookTest, Site) {
    let t = PlaybookTest::fixture("basic");
    t.build();
    let site = t.site();
    (t, site)
}

#[test]
fn every_internal_link_and_fragment_resolves() {
    let (_t, site) = built();
    let checked = site.assert_links_resolve();
    assert!(checked > 200, "only {checked} links checked");
}

#[test]
fn links_are_relative_and_nothing_loads_from_other_hosts() {
    let (_t, site) = built();
    for path in site.html_files() {
        let page = site.page(&path);
        for href in page
            .attrs("a[href]", "href")
            .into_iter()
            .chain(page.attrs("link[href]", "href"))
            .chain(page.attrs("script[src]", "src"))
            .chain(page.attrs("img[src]", "src"))
        {
            assert!(!href.contains("://"), "{path}: absolute URL {href}");
            if path != "404.html" {
                assert!(!href.starts_with('/'), "{path}: root-relative URL {href}");
            }
        }
    }
}

#[test]
fn each_tactic_links_to_its_strategy_in_the_same_language() {
    let (_t, site) = built();
    for (page, strategy, title) in [
        (
            "en/channels/linkedin-ads/index.html",
            "en/positioning/index.html",
            "Positioning",
        ),
        // The German translation inherits `strategy` and has its own slug.
        (
            "de/channels/linkedin-anzeigen/index.html",
            "de/positionierung/index.html",
            "Positionierung",
        ),
        (
            "pt/channels/linkedin-ads/index.html",
            "pt/posicionamento/index.html",
            "Posicionamento",
        ),
        (
            "en/channels/webinars/index.html",
            "en/pricing/index.html",
            "Pricing",
        ),
    ] {
        let p = site.page(page);
        let (text, href) = p.link(".governed-by a");
        assert_eq!(text, title, "{page}");
        assert_eq!(p.resolve(&href).unwrap().0, strategy, "{page}");
    }
}

#[test]
fn each_strategy_lists_all_its_tactics_with_fallbacks_marked() {
    let (_t, site) = built();
    let en = site.page("en/pricing/index.html");
    assert_eq!(
        en.texts(".governed .note-link > a"),
        ["Sizing calculator", "Webinars"]
    );
    assert!(en.texts(".governed .lang-marker").is_empty());

    // Neither tactic of pricing exists in German: both are listed, marked
    // and tagged with their language, and linked to their pages inside the
    // German site (no `hreflang`: the reader stays in German).
    let de = site.page("de/pricing/index.html");
    assert_eq!(
        de.texts(".governed .note-link > a"),
        ["Sizing calculator", "Webinars"]
    );
    assert_eq!(de.texts(".governed .lang-marker"), ["EN", "EN"]);
    for href in de.attrs(".governed .note-link > a", "href") {
        assert!(
            de.resolve(&href).unwrap().0.starts_with("de/channels/"),
            "{href}"
        );
    }
    assert_eq!(de.attrs(".governed .note-link > a", "lang"), ["en", "en"]);
    assert!(de.attrs(".governed .note-link > a", "hreflang").is_empty());

    let de = site.page("de/positionierung/index.html");
    assert_eq!(
        de.texts(".governed .note-link > a"),
        ["LinkedIn-Anzeigen", "Suchmaschinenoptimierung"]
    );
    assert!(de.texts(".governed .lang-marker").is_empty());
    assert_eq!(
        de.texts(".governed .link-summary"),
        ["Einkaufsgremien erreichen.", "Gefunden werden."]
    );
}

#[test]
fn home_page_maps_strategies_to_tactics() {
    let (_t, site) = built();
    let home = site.page("en/index.html");
    assert_eq!(home.texts("h1"), ["Welcome"]);
    assert_eq!(
        home.texts(".map-strategy-title a"),
        ["Positioning", "Pricing"]
    );
    assert_eq!(
        home.texts(".map-tactic a"),
        ["LinkedIn ads", "SEO", "Sizing calculator", "Webinars"]
    );
    let pt = site.page("pt/index.html");
    assert_eq!(
        pt.texts(".map-strategy-title a"),
        ["Posicionamento", "Precificação"]
    );
}

#[test]
fn language_switcher_links_translations_and_shows_missing_ones() {
    let (_t, site) = built();
    let page = site.page("en/positioning/index.html");
    let hrefs = page.attrs(".languages a", "href");
    let targets: Vec<String> = hrefs.iter().map(|h| page.resolve(h).unwrap().0).collect();
    assert_eq!(
        targets,
        [
            "de/positionierung/index.html",
            "pt/posicionamento/index.html"
        ]
    );
    assert_eq!(page.texts(".languages .current"), ["English"]);

    let page = site.page("en/channels/webinars/index.html");
    assert!(page.attrs(".languages a", "href").is_empty());
    assert_eq!(
        page.texts(".languages .missing > span[lang]"),
        ["Deutsch", "Português"]
    );
}

#[test]
fn slug_overrides_the_last_url_segment() {
    let (_t, site) = built();
    assert!(site.has("de/positionierung/index.html"));
    assert!(!site.has("de/positioning/index.html"));
    assert!(site.has("de/channels/linkedin-anzeigen/index.html"));
    assert!(site.has("en/positioning/index.html"));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let t = PlaybookTest::fixture("basic");
    t.build();
    assert!(!t.site().has("en/future/index.html"));
    assert!(!t.site().text("en/index.html").contains("Future bets"));
    t.run(&["build", "--drafts"]).expect_code(0);
    assert!(t.site().has("en/future/index.html"));
    assert!(t.site().text("en/index.html").contains("Future bets"));
}

#[test]
fn umlaut_file_names_stay_readable_on_disk_and_are_encoded_in_hrefs() {
    let (_t, site) = built();
    assert!(site.has("en/channels/größe/index.html"));
    let page = site.page("en/pricing/index.html");
    let hrefs = page.attrs(".governed a", "href");
    assert!(
        hrefs
            .iter()
            .any(|h| h.contains("gr%C3%B6%C3%9Fe/index.html")),
        "{hrefs:?}"
    );
}

#[test]
fn assets_and_static_files_are_copied_and_linked() {
    let (_t, site) = built();
    assert_eq!(site.text("en/channels/funnel.png"), "PNG");
    assert_eq!(site.text("robots.txt"), "robots");
    let page = site.page("en/pricing/index.html");
    let src = page.attrs(".content img", "src");
    assert_eq!(src, ["../../en/channels/funnel.png"]);
}

#[test]
fn markdown_features_render() {
    let (_t, site) = built();
    let page = site.page("en/pricing/index.html");
    assert_eq!(page.texts(".content table th"), ["Tier", "Price"]);
    assert_eq!(page.attrs(".content input[type=checkbox]", "type").len(), 2);
    let page = site.page("en/positioning/index.html");
    // Heading ids: explicit, and German umlauts spelled out.
    assert_eq!(
        page.attrs(".content h2", "id"),
        ["questions", "groesse-und-uebersicht"]
    );
    assert_eq!(page.attrs(".footnote", "id"), ["fn-1"]);
    let (text, href) = page.link(".content a[href$='linkedin-ads/index.html']");
    assert_eq!(
        text, "LinkedIn ads",
        "a bare wikilink shows the target's title"
    );
    assert_eq!(href, "../../en/channels/linkedin-ads/index.html");
    let page = site.page("en/channels/seo/index.html");
    assert_eq!(page.texts(".content del"), ["Keyword stuffing"]);
}

#[test]
fn ui_strings_come_from_the_theme_and_book_toml() {
    let (_t, site) = built();
    let de = site.page("de/channels/linkedin-anzeigen/index.html");
    assert_eq!(de.texts(".governed-by .label"), ["Gehört zur Strategie"]);
    let pt = site.page("pt/channels/linkedin-ads/index.html");
    assert_eq!(
        pt.texts(".governed-by .label"),
        ["Governada por"],
        "book.toml override"
    );
    assert_eq!(pt.attrs("html", "lang"), ["pt"]);
}

#[test]
fn tag_print_translations_and_not_found_pages_exist() {
    let (_t, site) = built();
    let tags = site.page("en/tags/index.html");
    assert_eq!(
        tags.texts(".tag-index a"),
        ["brand", "content", "events", "paid-social"]
    );
    let content = site.page("en/tags/content/index.html");
    // Lower weight first: Webinars has the default 0, SEO 20.
    assert_eq!(content.texts(".note-link > a"), ["Webinars", "SEO"]);

    let print = site.page("en/print/index.html");
    assert_eq!(
        print.texts(".print-note h2[id$='-title']"),
        [
            "1 Positioning",
            "1.1 LinkedIn ads",
            "1.2 SEO",
            "2 Pricing",
            "2.1 Sizing calculator",
            "2.2 Webinars"
        ]
    );
    let ids = print.attrs("[id]", "id");
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "ids on the print page are unique");

    let matrix = site.page("en/translations/index.html");
    let row = Selector::parse("tbody tr").unwrap();
    let webinars = matrix
        .html
        .select(&row)
        .find(|r| r.text().collect::<String>().contains("channels/webinars"))
        .expect("a row for webinars");
    let text = webinars.text().collect::<String>();
    assert_eq!(text.matches("missing").count(), 2, "{text}");

    assert!(site.page("404.html").texts("h1")[0].contains("not found"));
    let chooser = site.page("index.html");
    assert_eq!(
        chooser.attrs("a[data-lang]", "data-lang"),
        ["en", "de", "pt"]
    );
}

#[test]
fn sitemap_lists_every_page_with_hreflang_alternates() {
    let t = PlaybookTest::fixture("basic");
    t.build();
    let sitemap = t.site().text("sitemap.xml");
    assert!(
        sitemap.contains("<loc>/de/positionierung/</loc>"),
        "{sitemap}"
    );
    assert!(sitemap.contains("hreflang=\"pt\" href=\"/pt/posicionamento/\""));
    assert!(sitemap.contains("<loc>/en/channels/gr%C3%B6%C3%9Fe/</loc>"));

    let config = std::fs::read_to_string(t.root.join("book.toml")).unwrap();
    t.file(
        "book.toml",
        &config.replace(
            "[languages.en]",
            "[build]\nsite-url = \"https://pb.example.com\"\n\n[languages.en]",
        ),
    );
    t.build();
    let sitemap = t.site().text("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://pb.example.com/de/positionierung/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn front_matter_strings_are_escaped_everywhere() {
    let t = PlaybookTest::fixture("basic");
    let evil = "<script>alert(1)</script>";
    let evil_tag = "<img src=x onerror=alert(1)>";
    t.file(
        "content/en/channels/evil.md",
        &format!(
            "+++\ntitle = \"{evil}\"\ntags = [\"downstream\", \"{evil_tag}\"]\nstrategy = \"pricing\"\nsummary = \"{evil}\"\nmetrics = [\"{evil}\"]\nowner = \"{evil}\"\n+++\n\nBody.\n"
        ),
    );
    t.build();
    let site = t.site();
    let mut pages = 0;
    for (path, text) in site.all_text() {
        assert!(
            !text.contains("<script>alert"),
            "{path} contains raw markup"
        );
        assert!(!text.contains("<img src=x"), "{path} contains a raw tag");
        pages += usize::from(text.contains("&lt;script&gt;alert"));
    }
    assert!(pages > 5, "the escaped text appears on {pages} pages");
}

#[test]
fn rebuilds_are_byte_identical_across_runs_and_paths() {
    let t = PlaybookTest::fixture("basic");
    t.build();
    let first = snapshot(&t.public());
    t.build();
    assert_eq!(first, snapshot(&t.public()), "second build differs");

    let other = PlaybookTest::fixture("basic");
    let out = other.temp().join("elsewhere");
    run_in(&other.root, &["build", "--out", out.to_str().unwrap()]).expect_code(0);
    assert_eq!(first, snapshot(&out), "a build at another path differs");
}

#[test]
fn check_writes_nothing() {
    let t = PlaybookTest::fixture("basic");
    let before = snapshot(&t.root);
    t.run(&["check"]).expect_code(0);
    assert_eq!(before, snapshot(&t.root));
}

#[test]
fn crlf_and_byte_order_mark_are_accepted() {
    let t = PlaybookTest::fixture("basic");
    t.bytes(
        "content/en/channels/crlf.md",
        "\u{feff}+++\r\ntitle = \"Windows note\"\r\ntags = [\"downstream\"]\r\nstrategy = \"pricing\"\r\n+++\r\n\r\nBody [[pricing#tiers]].\r\n".as_bytes(),
    );
    t.build();
    let page = t.site().page("en/channels/crlf/index.html");
    assert_eq!(page.texts("h1"), ["Windows note"]);
}

#[test]
fn editor_leftovers_and_hidden_files_are_ignored() {
    let t = PlaybookTest::fixture("basic");
    for name in [
        ".#pricing.md",
        "pricing.md~",
        ".pricing.md.swp",
        "4913",
        ".hidden.md",
    ] {
        t.file(&format!("content/en/{name}"), "not a note");
    }
    let run = t.build();
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    assert!(!t.site().has("en/4913"));
}

#[test]
fn the_strategy_map_link_goes_to_the_map_from_every_page() {
    let t = PlaybookTest::fixture("basic");
    t.build().expect_code(0);
    let site = t.site();
    let mut checked = 0;
    for path in site.html_files() {
        let Some(lang) = ["en/", "de/", "pt/"].iter().find(|l| path.starts_with(**l)) else {
            continue;
        };
        let page = site.page(&path);
        let hrefs = page.attrs(".site-nav li:first-child a", "href");
        assert_eq!(hrefs.len(), 1, "{path}");
        let (target, fragment) = page.resolve(&hrefs[0]).unwrap();
        assert_eq!(target, format!("{lang}index.html"), "{path}");
        assert_eq!(fragment.as_deref(), Some("pb-map"), "{path}");
        checked += 1;
    }
    assert!(checked > 20, "{checked} pages");
    // The target exists (the link check resolves fragments too).
    site.assert_links_resolve();
}

#[test]
fn previous_and_next_walk_the_whole_playbook_in_reading_order_and_back() {
    let t = PlaybookTest::fixture("basic");
    t.build().expect_code(0);
    let site = t.site();
    for (lang, first) in [
        ("en", "en/positioning/index.html"),
        ("de", "de/positionierung/index.html"),
        ("pt", "pt/posicionamento/index.html"),
    ] {
        let step = |path: &str, rel: &str| -> Option<String> {
            let page = site.page(path);
            let hrefs = page.attrs(&format!(".pager a[rel={rel}]"), "href");
            assert!(hrefs.len() <= 1, "{path}: {hrefs:?}");
            hrefs.first().map(|h| page.resolve(h).unwrap().0)
        };
        assert_eq!(
            step(first, "prev"),
            None,
            "{lang}: the first note has no previous"
        );
        let mut forward = vec![first.to_string()];
        while let Some(next) = step(forward.last().unwrap(), "next") {
            assert!(!forward.contains(&next), "{lang}: a loop at {next}");
            forward.push(next);
        }
        let mut back = vec![forward.last().unwrap().clone()];
        while let Some(prev) = step(back.last().unwrap(), "prev") {
            back.push(prev);
        }
        back.reverse();
        assert_eq!(back, forward, "{lang}: back is forward reversed");
        // Every note, each strategy followed by its tactics, all in this
        // language's site (notes it lacks on their pages there).
        let titles: Vec<String> = forward
            .iter()
            .map(|p| site.page(p).texts("h1").join(""))
            .collect();
        assert_eq!(titles.len(), 6, "{lang}: {titles:?}");
        assert!(
            forward.iter().all(|p| p.starts_with(&format!("{lang}/"))),
            "{forward:?}"
        );
        if lang == "en" {
            assert_eq!(
                titles,
                [
                    "Positioning",
                    "LinkedIn ads",
                    "SEO",
                    "Pricing",
                    "Sizing calculator",
                    "Webinars"
                ]
            );
        }
    }
}

#[test]
fn a_strategy_page_lists_its_tactics_before_its_body() {
    let t = PlaybookTest::shipped();
    t.build().expect_code(0);
    let site = t.site();
    let mut checked = 0;
    for path in site.html_files() {
        let html = site.text(&path);
        if !html.contains("strategy-page") {
            continue;
        }
        let list = html.find("class=\"governed\"").expect("a tactics list");
        let body = html.find("<div class=\"content\"").expect("a body");
        assert!(list < body, "{path}: the tactics come after the body");
        checked += 1;
    }
    assert_eq!(checked, 24, "8 strategies in 3 languages");
}
