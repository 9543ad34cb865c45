//! The playbook's own look: `[build] logo` and `accent`, and the favicon
//! drawn in the accent colour.

use crate::errors::breaks;
use crate::support::PlaybookTest;

/// The basic fixture's book.toml with `[build]` keys added.
fn with_build(t: &PlaybookTest, keys: &str) {
    t.file("book.toml", &crate::support::basic_book_with_build(keys));
}

#[test]
fn every_page_has_a_favicon_in_the_accent_colour() {
    let t = PlaybookTest::fixture("basic");
    t.build().expect_code(0);
    let site = t.site();
    let icon = site.text("favicon.svg");
    assert!(icon.starts_with("<svg"), "{icon}");
    assert!(
        icon.contains("fill=\"#1d56b0\""),
        "the default accent: {icon}"
    );
    let mut pages = 0;
    for path in site.html_files() {
        let page = site.page(&path);
        let hrefs = page.attrs("link[rel=icon]", "href");
        assert_eq!(hrefs.len(), 1, "{path}");
        if path != "404.html" {
            assert_eq!(page.resolve(&hrefs[0]).unwrap().0, "favicon.svg", "{path}");
        }
        pages += 1;
    }
    assert!(pages > 20);
}

#[test]
fn a_logo_and_an_accent_colour_brand_every_page() {
    let t = PlaybookTest::fixture("basic");
    t.file(
        "static/images/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"32\"><rect width=\"64\" height=\"32\" fill=\"#e4007c\"/></svg>",
    );
    // A light pink: links in it would be unreadable on white as it is.
    with_build(&t, "logo = \"images/logo.svg\"\naccent = \"#ff66b2\"\n");
    t.build().expect_code(0);
    let site = t.site();
    for path in [
        "en/index.html",
        "de/pricing/index.html",
        "pt/tags/index.html",
    ] {
        let page = site.page(path);
        let src = page.attrs(".site-title img.site-logo", "src");
        assert_eq!(src.len(), 1, "{path}");
        assert_eq!(page.resolve(&src[0]).unwrap().0, "images/logo.svg");
        assert_eq!(page.attrs(".site-logo", "width"), ["64"]);
        assert_eq!(page.attrs(".site-logo", "height"), ["32"]);
        assert_eq!(page.attrs(".site-logo", "alt"), [""], "the title says it");
        let style = page.texts("head style").join("");
        assert!(style.contains("--accent:light-dark("), "{path}: {style}");
        assert!(
            !style.contains("#ff66b2,"),
            "darkened for light pages: {style}"
        );
    }
    let icon = site.text("favicon.svg");
    assert!(!icon.contains("#1d56b0"), "{icon}");
    assert!(site.has("images/logo.svg"));
}

#[test]
fn an_accent_that_is_not_a_colour_is_an_error_at_its_line() {
    let book =
        std::fs::read_to_string(crate::support::fixture_path("basic").join("book.toml")).unwrap();
    let line = book.lines().count() + 3;
    breaks(
        |t| with_build(t, "accent = \"pink\"\n"),
        2,
        "config",
        &format!("book.toml:{line}:10"),
    )
    .expect_stderr("`accent` must be a colour written `#rrggbb`");
}

#[test]
fn a_logo_that_does_not_exist_is_an_error_with_the_closest_file() {
    let book =
        std::fs::read_to_string(crate::support::fixture_path("basic").join("book.toml")).unwrap();
    let line = book.lines().count() + 3;
    breaks(
        |t| {
            t.file(
                "static/images/logo.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            );
            with_build(t, "logo = \"images/logo.svgz\"\n");
        },
        1,
        "config",
        &format!("book.toml:{line}:8"),
    )
    .expect_stderr("`logo` names `static/images/logo.svgz`, which does not exist")
    .expect_stderr("did you mean `images/logo.svg`?");
}
