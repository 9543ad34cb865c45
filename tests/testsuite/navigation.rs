//! Moving through the playbook: the navigation beside every note (the
//! strategies, the current strategy's tactics, the page marked), the
//! table of contents, the menu on a phone, the colour scheme switch and
//! the remembered language.

use serde_json::{Value, json};

use crate::browser::Chromium;
use crate::support::{PlaybookTest, Site};

/// The site paths the links matching `css` on `page` lead to.
fn targets(site: &Site, page: &str, css: &str) -> Vec<String> {
    let p = site.page(page);
    p.attrs(css, "href")
        .iter()
        .map(|h| p.resolve(h).unwrap().0)
        .collect()
}

/// Checks the navigation of every note page of a site's languages: the
/// strategies in the order of the home page's map, the current strategy's
/// tactics under it in the order of its list, and the page itself marked.
fn check_sidebars(site: &Site, languages: &[&str]) -> usize {
    let mut checked = 0;
    for lang in languages {
        let home = format!("{lang}/index.html");
        let strategies = targets(site, &home, ".map-strategy-title a");
        assert!(strategies.len() >= 2, "{lang}: {strategies:?}");
        for strategy in &strategies {
            let tactics = targets(site, strategy, "section.governed .note-link > a");
            for page in std::iter::once(strategy).chain(&tactics) {
                let listed = targets(site, page, ".sidebar ol > li > a");
                assert_eq!(&listed, &strategies, "{page}: the strategies");
                let under = targets(site, page, ".sidebar ol > li > ul a");
                assert_eq!(under, tactics, "{page}: its strategy's tactics");
                let current = targets(site, page, ".sidebar a[aria-current=page]");
                assert_eq!(
                    current,
                    std::slice::from_ref(page),
                    "{page}: the page marked"
                );
                let html = site.page(page);
                let owner = html.attrs(".sidebar ol > li:has(ul) > a", "href");
                assert_eq!(
                    owner.len(),
                    usize::from(!tactics.is_empty()),
                    "{page}: only its own strategy is unfolded"
                );
                checked += 1;
            }
        }
    }
    checked
}

#[test]
fn every_note_page_lists_the_strategies_and_its_strategys_tactics_and_marks_itself() {
    let shipped = PlaybookTest::shipped();
    shipped.build().expect_code(0);
    let checked = check_sidebars(&shipped.site(), &["en", "de", "pt"]);
    assert_eq!(checked, 99, "every note page of the shipped playbook");

    // Notes a language lacks are in its navigation, on its own pages.
    let partial = PlaybookTest::fixture("basic");
    partial.build().expect_code(0);
    let site = partial.site();
    assert_eq!(check_sidebars(&site, &["en", "de", "pt"]), 18);
    let listed = targets(&site, "de/pricing/index.html", ".sidebar ul a");
    assert!(
        listed.contains(&"de/channels/webinars/index.html".to_string()),
        "{listed:?}"
    );
    let marked = site
        .page("de/pricing/index.html")
        .attrs(".sidebar a[href$='webinars/index.html']", "lang");
    assert_eq!(marked, ["en"], "an English title is marked English");
}

/// A playbook of `n` strategies, each with two tactics.
fn many_strategies(n: usize) -> PlaybookTest {
    let t = PlaybookTest::empty();
    for i in 0..n {
        t.file(
            &format!("content/en/s{i:03}.md"),
            &format!(
                "+++\ntitle = \"Strategy {i:03}\"\ntags = [\"upstream\"]\nweight = {i}\n+++\n\nThe decision {i}.\n"
            ),
        );
        for k in 0..2 {
            t.file(
                &format!("content/en/s{i:03}/t{k}.md"),
                &format!(
                    "+++\ntitle = \"Tactic {i:03}.{k}\"\ntags = [\"downstream\"]\nstrategy = \"s{i:03}\"\n+++\n\nThe campaign.\n"
                ),
            );
        }
    }
    t
}

#[test]
fn the_navigation_beside_a_note_stays_small_in_a_large_playbook() {
    let t = many_strategies(80);
    t.build().expect_code(0);
    let site = t.site();
    let names = |page: &str| site.page(page).texts(".sidebar ol > li > a");
    let window = |from: usize| -> Vec<String> {
        (from..from + 20)
            .map(|i| format!("Strategy {i:03}"))
            .collect()
    };
    let more = |page: &str| site.page(page).texts(".sidebar-more").len();

    // Twenty strategies around the page's own, and a link to the map for
    // the rest; its strategy's tactics unfolded.
    let page = "en/s040/t1/index.html";
    assert_eq!(names(page), window(30));
    assert_eq!(
        site.page(page).texts(".sidebar ul a"),
        ["Tactic 040.0", "Tactic 040.1"]
    );
    assert_eq!(more(page), 2, "strategies left out before and after");
    let to_map = targets(&site, page, ".sidebar-more a");
    assert!(to_map.iter().all(|p| p == "en/index.html"), "{to_map:?}");
    // At the ends, the window stops at the first and last strategy.
    assert_eq!(names("en/s000/index.html"), window(0));
    assert_eq!(more("en/s000/index.html"), 1);
    assert_eq!(names("en/s079/t0/index.html"), window(60));
    assert_eq!(more("en/s079/t0/index.html"), 1);

    // A playbook of twenty strategies or fewer lists them all.
    let small = many_strategies(20);
    small.build().expect_code(0);
    let page = small.site().page("en/s019/index.html");
    assert_eq!(page.texts(".sidebar ol > li > a"), window(0));
    assert!(page.texts(".sidebar-more").is_empty());
}

/// A page's element geometry and state, read in the browser.
const READ: &str = r#"(() => {
  const box = s => { const e = document.querySelector(s); if (!e) return null;
    const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right,
      shown: getComputedStyle(e).display !== 'none' && r.height > 0 }; };
  const toc = document.getElementById('pb-toc');
  return { bar: box('.site-header .bar'), nav: box('.site-nav'), sidebar: box('.sidebar'),
    toc: box('#pb-toc'), tocOpen: toc ? toc.open : null, content: box('.note .content'),
    expanded: document.querySelector('.menu-button').getAttribute('aria-expanded'),
    focus: document.activeElement ? document.activeElement.className : '' };
})()"#;

fn url_of(site: &std::path::Path, page: &str) -> String {
    let path = site.join(page).display().to_string();
    format!(
        "file://{}",
        percent_encoding::utf8_percent_encode(&path, percent_encoding::CONTROLS)
    )
}

fn set_width(chromium: &mut Chromium, session: &str, width: u32, mobile: bool) {
    chromium.call(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": 800, "deviceScaleFactor": 1, "mobile": mobile }),
        Some(session),
    );
}

#[test]
fn on_a_phone_the_header_is_one_line_and_search_with_the_navigation_behind_the_menu() {
    let t = PlaybookTest::shipped();
    let site = t.build_beside();
    let mut chromium = Chromium::launch();
    let session = chromium.open("about:blank");
    set_width(&mut chromium, &session, 375, true);
    for (page, menu) in [
        ("en/events/trade-fairs/index.html", "Menu"),
        ("de/events/messen/index.html", "Menü"),
        ("pt/index.html", "Menu"),
    ] {
        chromium.navigate(&session, &url_of(&site, page));
        let before: Value = chromium.eval(&session, READ);
        let bar = &before["bar"];
        let height = bar["bottom"].as_f64().unwrap() - bar["top"].as_f64().unwrap();
        assert!(
            height < 56.0,
            "{page}: the header's bar is one line: {before}"
        );
        assert_eq!(before["nav"]["shown"], json!(false), "{page}: {before}");
        let label = chromium.eval(
            &session,
            "document.querySelector('.menu-button').textContent",
        );
        assert_eq!(label, json!(menu));
        let has_sidebar = before["sidebar"].is_object();
        if has_sidebar {
            assert_eq!(before["sidebar"]["shown"], json!(false), "{page}");
        }

        chromium.eval(&session, "document.querySelector('.menu-button').click()");
        let open: Value = chromium.eval(&session, READ);
        assert_eq!(open["expanded"], json!("true"), "{page}");
        assert_eq!(open["nav"]["shown"], json!(true), "{page}: {open}");
        if has_sidebar {
            assert_eq!(open["sidebar"]["shown"], json!(true), "{page}: {open}");
        }

        // Escape closes it and gives the focus back to the button.
        chromium.call(
            "Input.dispatchKeyEvent",
            json!({ "type": "keyDown", "key": "Escape", "code": "Escape", "windowsVirtualKeyCode": 27 }),
            Some(&session),
        );
        let closed: Value = chromium.eval(&session, READ);
        assert_eq!(closed["expanded"], json!("false"), "{page}");
        assert_eq!(closed["nav"]["shown"], json!(false), "{page}");
        assert_eq!(closed["focus"], json!("menu-button"), "{page}");
    }

    // On a desktop everything is in view, and there is no menu button.
    set_width(&mut chromium, &session, 1280, false);
    chromium.navigate(&session, &url_of(&site, "de/events/messen/index.html"));
    let wide: Value = chromium.eval(&session, READ);
    assert_eq!(wide["nav"]["shown"], json!(true), "{wide}");
    assert_eq!(wide["sidebar"]["shown"], json!(true), "{wide}");
    let button = chromium.eval(
        &session,
        "getComputedStyle(document.querySelector('.menu-button')).display",
    );
    assert_eq!(button, json!("none"));
}

#[test]
fn the_table_of_contents_sits_beside_the_text_on_a_desktop_and_folds_above_it_on_a_phone() {
    let t = PlaybookTest::shipped();
    let site = t.build_beside();
    let page = "de/events/messen/index.html";
    let built = Site { root: site.clone() }.page(page);
    let headings: Vec<String> = built
        .texts(".content h2, .content h3")
        .iter()
        .map(|h| h.trim_end_matches('#').trim().to_string())
        .collect();
    assert!(headings.len() >= 4, "{headings:?}");
    assert_eq!(built.texts("#pb-toc li"), headings);
    let anchors = built.attrs("#pb-toc a", "href");
    let ids = built.attrs(".content h2[id], .content h3[id]", "id");
    assert_eq!(
        anchors,
        ids.iter().map(|id| format!("#{id}")).collect::<Vec<_>>()
    );

    let mut chromium = Chromium::launch();
    let session = chromium.open("about:blank");
    set_width(&mut chromium, &session, 1280, false);
    chromium.navigate(&session, &url_of(&site, page));
    let wide: Value = chromium.eval(&session, READ);
    assert_eq!(wide["tocOpen"], json!(true));
    assert!(
        wide["toc"]["left"].as_f64() >= wide["content"]["right"].as_f64(),
        "beside the text: {wide}"
    );
    // It follows the reader: scrolled to a section, that section's entry
    // is marked (the last one too, which cannot reach the top).
    for last in [&ids[1], ids.last().unwrap()] {
        let marked = chromium.eval(
        &session,
        &format!(
            "new Promise(done => {{ document.getElementById({last:?}).scrollIntoView(); \
               let frames = 0; \
               const poll = () => {{ const a = document.querySelector('#pb-toc a[aria-current]'); \
                 if (a && a.getAttribute('href') === '#{last}') done(a.getAttribute('href')); \
                 else if (++frames > 300) done(a && a.getAttribute('href')); else requestAnimationFrame(poll); }}; poll(); }})"
        ),
    );
        assert_eq!(marked, json!(format!("#{last}")));
    }

    set_width(&mut chromium, &session, 375, true);
    chromium.navigate(&session, &url_of(&site, page));
    let narrow: Value = chromium.eval(&session, READ);
    assert_eq!(narrow["tocOpen"], json!(false), "folded on a phone");
    assert!(
        narrow["toc"]["bottom"].as_f64() <= narrow["content"]["top"].as_f64(),
        "above the text: {narrow}"
    );
}

#[test]
fn the_colour_scheme_switch_and_the_chosen_language_are_remembered() {
    let t = PlaybookTest::fixture("basic");
    let site = t.build_beside();
    let mut chromium = Chromium::launch();
    let session = chromium.open("about:blank");
    chromium.call(
        "Emulation.setEmulatedMedia",
        json!({ "features": [{ "name": "prefers-color-scheme", "value": "light" }] }),
        Some(&session),
    );
    chromium.navigate(&session, &url_of(&site, "de/index.html"));
    let background = "getComputedStyle(document.body).backgroundColor";
    let light = chromium.eval(&session, background);
    let label = "document.querySelector('.scheme-button').textContent";
    assert_eq!(
        chromium.eval(&session, label),
        json!("Farben: wie das System")
    );
    // System, then light, then dark.
    chromium.eval(&session, "document.querySelector('.scheme-button').click()");
    assert_eq!(chromium.eval(&session, label), json!("Farben: hell"));
    chromium.eval(&session, "document.querySelector('.scheme-button').click()");
    assert_eq!(chromium.eval(&session, label), json!("Farben: dunkel"));
    let dark = chromium.eval(&session, background);
    assert_ne!(light, dark, "the dark scheme applies");
    // Kept on the next page, before it is drawn.
    chromium.navigate(&session, &url_of(&site, "de/pricing/index.html"));
    assert_eq!(chromium.eval(&session, background), dark);
    assert_eq!(
        chromium.eval(&session, "document.documentElement.dataset.scheme"),
        json!("dark")
    );

    // A language picked in the switcher is where the root page goes next.
    chromium.eval(
        &session,
        "document.querySelector('.languages a[hreflang=pt]').click()",
    );
    chromium.call(
        "Page.navigate",
        json!({ "url": url_of(&site, "index.html") }),
        Some(&session),
    );
    let start = std::time::Instant::now();
    loop {
        let at = chromium.eval(&session, "location.href");
        if at.as_str().unwrap().ends_with("/pt/index.html") {
            break;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "the root page did not open the chosen language: {at}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
