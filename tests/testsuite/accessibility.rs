//! axe-core in headless Chromium: no violation of the WCAG 2 A and AA rules
//! or of axe's best practices on every kind of page, in light and dark
//! colour schemes, on a phone and a desktop screen; and no horizontal
//! scrolling on the phone. The site is opened from `file://`, as readers
//! of a copied site do.

use std::path::Path;

use serde_json::{Value, json};

use crate::browser::Chromium;
use crate::support::PlaybookTest;

fn axe_source() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/test-tools/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run `bash scripts/test.sh`, which installs it",
            path.display()
        )
    })
}

/// Every page of every language, of the shipped playbook and of one whose
/// German and Portuguese sites show English notes, in both colour schemes
/// on a desktop and on a phone (there with the menu open and the table of
/// contents unfolded, so that axe sees them too).
#[test]
fn every_page_of_every_language_has_no_axe_violation_in_both_schemes_and_widths() {
    let t = PlaybookTest::shipped();
    let site = t.build_beside();
    let partial = PlaybookTest::fixture("basic");
    let partial_site = partial.build_beside();

    // The shipped 404 page is checked as `playbook serve` serves it for a
    // missing path; the other one from disk.
    let server = crate::serve::Server::start(&t);
    let missing = format!("http://127.0.0.1:{}/de/no-such-page/", server.port);
    let mut pages: Vec<(String, String)> = Vec::new();
    for (root, served) in [(&site, true), (&partial_site, false)] {
        for page in (crate::support::Site { root: root.clone() }).html_files() {
            let url = if served && page == "404.html" {
                missing.clone()
            } else {
                let path = root.join(&page).display().to_string();
                let encoded =
                    percent_encoding::utf8_percent_encode(&path, percent_encoding::CONTROLS);
                format!("file://{encoded}")
            };
            pages.push((page, url));
        }
    }
    assert!(pages.len() > 150, "only {} pages", pages.len());
    for kind in [
        "de/translations/index.html",
        "pt/editors/index.html",
        "en/print/index.html",
        "de/channels/webinars/index.html",
    ] {
        assert!(
            pages.iter().any(|(p, _)| p == kind),
            "{kind} was not written"
        );
    }
    let axe = axe_source();
    let mut chromium = Chromium::launch();
    let session = chromium.open("about:blank");
    let mut findings = Vec::new();
    let mut menus = 0;
    for (page, url) in &pages {
        for (width, mobile) in [(375, true), (1280, false)] {
            chromium.call(
                "Emulation.setDeviceMetricsOverride",
                json!({ "width": width, "height": 800, "deviceScaleFactor": 1, "mobile": mobile }),
                Some(&session),
            );
            for scheme in ["light", "dark"] {
                chromium.call(
                    "Emulation.setEmulatedMedia",
                    json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
                    Some(&session),
                );
                // The language chooser sends the browser on at once; its own
                // script is held back to check the chooser itself.
                let chooser = page == "index.html";
                chromium.call(
                    "Emulation.setScriptExecutionDisabled",
                    json!({ "value": chooser }),
                    Some(&session),
                );
                chromium.navigate(&session, url);
                chromium.call(
                    "Emulation.setScriptExecutionDisabled",
                    json!({ "value": false }),
                    Some(&session),
                );
                let state = if mobile && chromium.eval(&session, OPEN_MENU) == json!(true) {
                    menus += 1;
                    "menu open"
                } else {
                    ""
                };
                chromium.eval(&session, &axe);
                let result: Value = chromium.eval(&session, AXE_RUN);
                for violation in result.as_array().unwrap() {
                    findings.push(format!(
                        "{page} {width}px {scheme} {state}: {}",
                        violation.as_str().unwrap()
                    ));
                }
                if let Some(why) = chromium.eval(&session, TOO_WIDE).as_str() {
                    findings.push(format!(
                        "{page} {width}px {scheme} {state}: scrolls sideways, {why}"
                    ));
                }
            }
        }
    }
    assert!(findings.is_empty(), "{}", findings.join("\n"));
    assert!(menus > 250, "the menu was opened on only {menus} pages");
}

/// Opens the menu and unfolds the table of contents; true when the menu
/// shows.
const OPEN_MENU: &str = "(() => { const b = document.querySelector('.menu-button'); \
    if (!b || b.hidden) return false; b.click(); \
    const toc = document.getElementById('pb-toc'); if (toc) toc.open = true; \
    return b.getAttribute('aria-expanded') === 'true' \
      && getComputedStyle(document.getElementById('pb-menu')).display !== 'none'; })()";

/// Runs axe over the page with the rules the issue names; each violation
/// as `id (impact): the first nodes`.
const AXE_RUN: &str = "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'best-practice'] } })\
     .then(r => r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')))";

/// Null when the page fits the layout viewport, else its width and the
/// outermost elements that stick out of it, outside any box that scrolls.
const TOO_WIDE: &str = r#"(() => {
  const vw = document.documentElement.clientWidth;
  const w = document.documentElement.scrollWidth;
  if (w <= vw) return null;
  const scrolls = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true; } return false; };
  const out = [...document.body.querySelectorAll('*')]
    .filter(e => e.getBoundingClientRect().right > vw + 0.5 && !scrolls(e))
    .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= vw + 0.5)
    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' "' + (e.textContent || '').trim().slice(0, 40) + '"');
  return w + 'px wide in ' + vw + ': ' + out.slice(0, 3).join(' | ');
})()"#;

/// Every page of every language at the narrowest phone widths: German and
/// Portuguese words are long, and a check on a few pages missed the ones
/// that scroll sideways.
#[test]
fn no_page_of_any_language_scrolls_sideways_on_a_phone() {
    let shipped = PlaybookTest::shipped();
    // And a playbook whose German and Portuguese sites show English notes.
    let partial = PlaybookTest::fixture("basic");
    let mut pages = Vec::new();
    for t in [&shipped, &partial] {
        let site = t.build_beside();
        let files = crate::support::Site { root: site.clone() }.html_files();
        pages.extend(files.into_iter().map(|f| (site.clone(), f)));
    }
    assert!(pages.len() > 80, "only {} pages", pages.len());
    let mut chromium = Chromium::launch();
    let session = chromium.open("about:blank");
    let mut findings = Vec::new();
    for width in [320, 375] {
        chromium.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": 700, "deviceScaleFactor": 1, "mobile": true }),
            Some(&session),
        );
        for (site, page) in &pages {
            // The root page's script sends the reader on to a language.
            chromium.call(
                "Emulation.setScriptExecutionDisabled",
                json!({ "value": page == "index.html" }),
                Some(&session),
            );
            // As the browser writes it, so that the load is recognised.
            let path = site.join(page).display().to_string();
            let url = percent_encoding::utf8_percent_encode(&path, percent_encoding::CONTROLS);
            chromium.navigate(&session, &format!("file://{url}"));
            // The layout viewport (`clientWidth`): a phone's `innerWidth`
            // grows with a page that is too wide, so it cannot show one.
            let wide: Value = chromium.eval(&session, TOO_WIDE);
            if let Some(why) = wide.as_str() {
                findings.push(format!("{page} at {width}px: {why}"));
            }
        }
    }
    assert!(findings.is_empty(), "{}", findings.join("\n"));
}

/// The error overlay of `playbook serve` over a page, in both colour
/// schemes: the theme's own styles must not leak into it.
#[test]
fn the_serve_error_overlay_is_readable_in_light_and_dark() {
    let t = PlaybookTest::fixture("basic");
    let server = crate::serve::Server::start(&t);
    t.edit(
        "content/en/pricing.md",
        "## Tiers",
        "See [[nowhere]].\n\n## Tiers",
    );
    server.wait_for("/en/pricing/", "showed the overlay", |_, b| {
        b.contains("playbook-errors")
    });
    let axe = axe_source();
    let mut chromium = Chromium::launch();
    let session = chromium.open("about:blank");
    let mut findings = Vec::new();
    for scheme in ["light", "dark"] {
        chromium.call(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
            Some(&session),
        );
        chromium.navigate(
            &session,
            &format!("http://127.0.0.1:{}/en/pricing/", server.port),
        );
        let shown = chromium.eval(&session, "!!document.getElementById('playbook-errors')");
        assert_eq!(shown, json!(true), "{scheme}: no overlay");
        chromium.eval(&session, &axe);
        let result: Value = chromium.eval(
            &session,
            "axe.run({ include: ['#playbook-errors'] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'best-practice'] } })\
             .then(r => r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')))",
        );
        for violation in result.as_array().unwrap() {
            findings.push(format!("{scheme}: {}", violation.as_str().unwrap()));
        }
    }
    assert!(findings.is_empty(), "{}", findings.join("\n"));
}

/// "(press /)" is a hint for a keyboard: a phone's search box does not
/// offer it.
#[test]
fn the_slash_shortcut_is_offered_only_where_there_is_a_keyboard() {
    let t = PlaybookTest::fixture("basic");
    let site = t.build_beside();
    let mut chromium = Chromium::launch();
    for (lang, plain, keyed) in [
        ("en", "Search", "Search (press /)"),
        ("de", "Suchen", "Suchen (Taste /)"),
    ] {
        let url = format!("file://{}", site.join(lang).join("index.html").display());
        let desktop = chromium.open("about:blank");
        chromium.navigate(&desktop, &url);
        let placeholder = chromium.eval(&desktop, "document.getElementById('search').placeholder");
        assert_eq!(
            placeholder,
            json!(keyed),
            "{lang} with a mouse and keyboard"
        );

        let phone = chromium.open("about:blank");
        chromium.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": 375, "height": 700, "deviceScaleFactor": 2, "mobile": true }),
            Some(&phone),
        );
        chromium.call(
            "Emulation.setTouchEmulationEnabled",
            json!({ "enabled": true, "maxTouchPoints": 5 }),
            Some(&phone),
        );
        chromium.navigate(&phone, &url);
        let coarse = chromium.eval(&phone, "matchMedia('(pointer: coarse)').matches");
        assert_eq!(
            coarse,
            json!(true),
            "the phone emulation has a touch screen"
        );
        let placeholder = chromium.eval(&phone, "document.getElementById('search').placeholder");
        assert_eq!(placeholder, json!(plain), "{lang} on a phone");
    }
}
