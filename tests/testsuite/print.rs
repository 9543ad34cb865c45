//! The print page prints well from Chromium: the intro, numbered contents,
//! then one section per note, each strategy on a new page with its tactics
//! after it, without the site's navigation.

use std::process::Command;

use serde_json::json;

use crate::browser::Chromium;
use crate::support::PlaybookTest;

#[test]
fn in_print_strategies_start_a_page_sections_are_numbered_and_the_navigation_is_gone() {
    let t = PlaybookTest::shipped();
    let page = t.build_beside().join("en/print/index.html");
    let mut chromium = Chromium::launch();
    let session = chromium.open("about:blank");
    chromium.call(
        "Emulation.setEmulatedMedia",
        json!({ "media": "print" }),
        Some(&session),
    );
    chromium.navigate(&session, &format!("file://{}", page.display()));
    let notes = chromium.eval(&session, "document.querySelectorAll('.print-note').length");
    assert!(
        notes.as_u64().unwrap() >= 32,
        "{notes} notes on the print page"
    );
    // A strategy starts a new page; its tactics follow it without one.
    let breaks = chromium.eval(
        &session,
        "[...document.querySelectorAll('.print-note')].map(n => (n.classList.contains('strategy') ? 'S' : 'T') + getComputedStyle(n).breakBefore)\
         .filter(b => b !== 'Spage' && b !== 'Tauto')",
    );
    assert_eq!(breaks, json!([]), "page breaks before notes");
    // Numbered 1, 1.1, 1.2, 2, ... in the contents and the headings.
    let numbers = chromium.eval(
        &session,
        "[...document.querySelectorAll('.print-note h2 .number')].map(n => n.textContent)",
    );
    let numbers: Vec<&str> = numbers
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(&numbers[..2], ["1", "1.1"], "{numbers:?}");
    assert!(
        numbers.iter().filter(|n| !n.contains('.')).count() >= 8,
        "{numbers:?}"
    );
    let contents = chromium.eval(
        &session,
        "[...document.querySelectorAll('.print-toc .number')].map(n => n.textContent)",
    );
    assert_eq!(contents.as_array().unwrap().len(), numbers.len());
    let nested = chromium.eval(
        &session,
        "document.querySelectorAll('.print-toc .is-strategy > ol > .is-tactic').length",
    );
    assert_eq!(
        nested.as_u64().unwrap() as usize,
        numbers.iter().filter(|n| n.contains('.')).count()
    );
    // The intro comes first, before the contents.
    let intro_first = chromium.eval(
        &session,
        "!!document.querySelector('.intro') && (document.querySelector('.intro').compareDocumentPosition(document.querySelector('.print-toc')) & Node.DOCUMENT_POSITION_FOLLOWING) > 0",
    );
    assert_eq!(intro_first, json!(true));
    let chrome = chromium.eval(
        &session,
        "[...document.querySelectorAll('.site-header, .site-footer, .skip-link, .heading-anchor, .languages')]\
         .filter(e => getComputedStyle(e).display !== 'none').map(e => e.className)",
    );
    assert_eq!(chrome, json!([]), "navigation shows in print");
    let links = chromium.eval(
        &session,
        "[...document.querySelectorAll('.content a')].filter(a => !a.getAttribute('href').startsWith('#') && !a.getAttribute('href').startsWith('http')).map(a => a.getAttribute('href'))",
    );
    assert_eq!(
        links,
        json!([]),
        "links between notes stay inside the printed document"
    );
}

#[test]
fn chromium_prints_the_print_page_to_a_pdf_with_strategies_on_new_pages() {
    let t = PlaybookTest::shipped();
    let page = t.build_beside().join("de/print/index.html");
    let pdf = t.temp().join("print.pdf");
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new("chromium")
        .args(crate::browser::FLAGS)
        .arg("--no-pdf-header-footer")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs; `bash scripts/test.sh` installs it");
    assert!(status.status.success(), "{status:?}");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    // The page tree's largest `/Count` is the number of pages.
    let text = String::from_utf8_lossy(&bytes);
    let pages = text
        .match_indices("/Count ")
        .filter_map(|(at, m)| {
            text[at + m.len()..]
                .split(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|n| n.parse::<usize>().ok())
        })
        .max()
        .unwrap_or(0);
    // Each of the 8 strategies starts a page after the contents.
    assert!(
        pages > 9,
        "{pages} pages for 8 strategies and a contents page"
    );
}

#[test]
fn the_print_page_is_titled_print_edition_in_its_language() {
    let t = PlaybookTest::shipped();
    t.build().expect_code(0);
    let site = t.site();
    for (lang, edition) in [
        ("en", "Print edition"),
        ("de", "Druckfassung"),
        ("pt", "Versão para impressão"),
    ] {
        let page = site.page(&format!("{lang}/print/index.html"));
        let title = page.texts("title").join("");
        assert!(
            title.starts_with(&format!("{edition} · ")),
            "{lang}: {title}"
        );
        assert_eq!(page.texts(".edition"), [edition], "{lang}");
    }
}

#[test]
fn the_print_page_starts_with_the_intro_and_the_strategy_map_linked_to_its_sections() {
    let t = PlaybookTest::shipped();
    t.build().expect_code(0);
    let site = t.site();
    for lang in ["en", "de", "pt"] {
        let page = site.page(&format!("{lang}/print/index.html"));
        let text = site.text(&format!("{lang}/print/index.html"));
        let intro = text.find("class=\"content intro\"").expect("the intro");
        let map = text.find("class=\"map print-map\"").expect("the map");
        let contents = text.find("class=\"print-toc\"").expect("the contents");
        let first = text.find("class=\"print-note").expect("the notes");
        assert!(intro < map && map < contents && contents < first, "{lang}");
        // Every strategy and tactic on the map leads to its section here.
        let ids = page.attrs("article.print-note", "id");
        let hrefs = page.attrs(".print-map a", "href");
        assert_eq!(
            hrefs.len(),
            ids.len(),
            "{lang}: every printed note is on the map"
        );
        for href in &hrefs {
            let id = href.strip_prefix('#').expect("a link within the page");
            assert!(ids.iter().any(|i| i == id), "{lang}: {href}");
        }
    }
}

/// A playbook whose English notes come to more than 5 MB: three strategies
/// with two tactics each, every body about 700 KB.
#[test]
fn a_playbook_too_large_for_one_print_page_gets_a_print_edition_per_strategy() {
    let t = PlaybookTest::empty();
    let body = "A paragraph about the segment, the offer and the price. ".repeat(12_000);
    for s in 0..3 {
        t.file(
            &format!("content/en/s{s}.md"),
            &format!("+++\ntitle = \"Strategy {s}\"\ntags = [\"upstream\"]\nweight = {s}\n+++\n\n{body}\n"),
        );
        for k in 0..2 {
            t.file(
                &format!("content/en/s{s}/t{k}.md"),
                &format!(
                    "+++\ntitle = \"Tactic {s}.{k}\"\ntags = [\"downstream\"]\nstrategy = \"s{s}\"\n+++\n\nSee [[s{s}]] and [[s{}]].\n\n{body}\n",
                    (s + 1) % 3
                ),
            );
        }
    }
    t.build().expect_code(0);
    let site = t.site();
    let index = site.page("en/print/index.html");
    assert!(index.texts("article").is_empty(), "no whole-book page");
    assert_eq!(index.texts(".print-split").len(), 1, "a note says why");
    let parts: Vec<String> = index
        .attrs(".print-toc a", "href")
        .iter()
        .map(|h| index.resolve(h).unwrap().0)
        .collect();
    assert_eq!(
        parts,
        [
            "en/print/s0/index.html",
            "en/print/s1/index.html",
            "en/print/s2/index.html"
        ]
    );
    for (s, part) in parts.iter().enumerate() {
        let size = std::fs::metadata(site.root.join(part)).unwrap().len();
        assert!(size < 5 * 1024 * 1024, "{part}: {size} bytes");
        let page = site.page(part);
        assert_eq!(
            page.texts(".print-note h2[id$='-title']"),
            [
                format!("{} Strategy {s}", s + 1),
                format!("{}.1 Tactic {s}.0", s + 1),
                format!("{}.2 Tactic {s}.1", s + 1),
            ]
        );
        // Its own strategy is a section here; another is its page.
        let links: Vec<String> = page
            .attrs(".print-note.tactic .content a", "href")
            .into_iter()
            .collect();
        assert!(
            links.iter().any(|h| h.starts_with('#')),
            "{part}: {links:?}"
        );
        assert!(
            links
                .iter()
                .any(|h| page.resolve(h).unwrap().0 == format!("en/s{}/index.html", (s + 1) % 3)),
            "{part}: {links:?}"
        );
        // The strategy's page links its print edition.
        let strategy = site.page(&format!("en/s{s}/index.html"));
        let print = strategy.attrs(".print-link a", "href");
        assert_eq!(print.len(), 1);
        assert_eq!(strategy.resolve(&print[0]).unwrap().0, *part);
    }
    site.assert_links_resolve();
}
