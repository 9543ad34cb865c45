//! The print page prints well from Chromium: one note per section, each on
//! a new page, without the site's navigation, and the PDF has a page for
//! every note.

use std::process::Command;

use serde_json::json;

use crate::browser::Chromium;
use crate::support::PlaybookTest;

#[test]
fn in_print_each_note_starts_a_page_and_the_navigation_is_gone() {
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
    let breaks = chromium.eval(
        &session,
        "[...document.querySelectorAll('.print-note')].every(n => getComputedStyle(n).breakBefore === 'page')",
    );
    assert_eq!(breaks, json!(true), "a note does not start a new page");
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
fn chromium_prints_the_print_page_to_a_pdf_with_a_page_per_note() {
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
    assert!(pages > 33, "{pages} pages for 33 notes and a contents page");
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
