//! Markdown as writers paste it, through the whole build: what playbook
//! adds (link checking, wikilinks) must never change what standard
//! Markdown means, and raw HTML must never take a page over.

use crate::support::PlaybookTest;

/// The basic fixture with `body` as the body of a new tactic,
/// `content/en/channels/pasted.md`.
fn with_body(body: &str) -> PlaybookTest {
    let t = PlaybookTest::fixture("basic");
    t.file(
        "content/en/channels/pasted.md",
        &format!(
            "+++\ntitle = \"Pasted\"\ntags = [\"downstream\"]\nstrategy = \"pricing\"\n+++\n\n{body}\n"
        ),
    );
    t
}

const PAGE: &str = "en/channels/pasted/index.html";

#[test]
fn an_email_autolink_links_with_mailto() {
    let t = with_body("Write to <team@marketing.example.com>.");
    t.build();
    let page = t.site().page(PAGE);
    assert_eq!(
        page.attrs(".content a", "href"),
        ["mailto:team@marketing.example.com"]
    );
    assert_eq!(page.texts(".content a"), ["team@marketing.example.com"]);
}

#[test]
fn code_blocks_are_never_read_for_links() {
    let body = "```toml\n# a wikilink with a label only: [[|label]]\nsee = \"[[no-such-note]]\"\n```\n\n    indented [[|too]]\n\nAnd `[[|in a span]]`.";
    let t = with_body(body);
    let run = t.run(&["check"]);
    run.expect_code(0);
    t.build();
    let page = t.site().page(PAGE);
    let code = page.texts(".content pre code");
    assert_eq!(code.len(), 2);
    assert!(code[0].contains("[[|label]]"), "{code:?}");
    assert!(code[1].contains("[[|too]]"), "{code:?}");
    assert!(page.attrs(".content a", "href").is_empty());
}

#[test]
fn a_link_inside_an_image_description_is_alt_text_and_not_checked() {
    let body = "![Funnel [stages](no-such-note.md)](funnel.png)";
    let t = with_body(body);
    t.run(&["check"]).expect_code(0);
    t.build();
    let page = t.site().page(PAGE);
    assert_eq!(page.attrs(".content img", "alt"), ["Funnel stages"]);
    assert!(page.attrs(".content a", "href").is_empty());
    // The image itself is still checked.
    let t = with_body("![Funnel](no-such-file.png)");
    t.run(&["check"])
        .expect_code(1)
        .expect_stderr("no file `content/en/channels/no-such-file.png`");
}

#[test]
fn raw_html_cannot_swallow_the_rest_of_the_page() {
    let body = "Before.\n\n<title>Pasted</title>\n\nA <textarea>box and <script>alert(1)</script> <STYLE>x</Style> <iframe src=\"x\"></iframe> <plaintext>.\n\n<div class=\"kept\">Kept <b>raw</b> HTML.</div>\n\nAfter.";
    let t = with_body(body);
    t.build();
    let html = t.site().text(PAGE);
    for tag in [
        "title",
        "textarea",
        "script",
        "style",
        "iframe",
        "plaintext",
    ] {
        let content = &html[html.find("class=\"content\"").unwrap()..];
        let content = &content[..content.find("</article>").unwrap_or(content.len())];
        assert!(
            !content.to_lowercase().contains(&format!("<{tag}")),
            "a raw <{tag}> reached the page:\n{content}"
        );
        assert!(
            content.to_lowercase().contains(&format!("&lt;{tag}")),
            "<{tag}> is not shown as text:\n{content}"
        );
    }
    let page = t.site().page(PAGE);
    // Other raw HTML stays, and the page goes on to its footer.
    assert_eq!(page.texts(".content .kept b"), ["raw"]);
    assert!(page.texts(".content p").iter().any(|p| p == "After."));
    assert_eq!(page.texts("footer").len(), 1);
    assert_eq!(page.texts("title").len(), 1);
}

#[test]
fn every_footnote_reference_has_its_own_id_and_its_own_way_back() {
    let body = "Reach[^reach] and frequency[^a b], again reach[^Reach], then[^a-b].\n\n[^reach]: Unique people who saw it.\n[^a b]: Spaced label.\n[^a-b]: Hyphenated label.\n[^unused]: Never referred to.";
    let t = with_body(body);
    t.build();
    let site = t.site();
    let page = site.page(PAGE);
    let refs = page.attrs(".content .footnote-ref", "id");
    assert_eq!(
        refs,
        ["fnref-reach", "fnref-a-b", "fnref-reach-2", "fnref-a-b-2"]
    );
    let notes = page.attrs(".content .footnote", "id");
    assert_eq!(notes, ["fn-reach", "fn-a-b", "fn-a-b-2", "fn-unused"]);
    // Each reference links to its own footnote, labels matched as the
    // parser matches them (regardless of case).
    assert_eq!(
        page.attrs(".content .footnote-ref a", "href"),
        ["#fn-reach", "#fn-a-b", "#fn-reach", "#fn-a-b-2"]
    );
    assert_eq!(
        page.attrs(".content .footnote a.footnote-back", "href"),
        [
            "#fnref-reach",
            "#fnref-reach-2",
            "#fnref-a-b",
            "#fnref-a-b-2"
        ]
    );
    assert_eq!(
        page.texts(".content .footnote .footnote-back"),
        ["1", "b", "2", "3", "4"]
    );
    // No id twice on the page, and every fragment resolves.
    let html = site.text(PAGE);
    let mut ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "an id is used twice: {html}");
    site.assert_links_resolve();
}

#[test]
fn a_heading_never_takes_an_id_the_page_uses() {
    let t = with_body("# Main\n\n## Search\n\n## Languages\n\nText.");
    t.build();
    let page = t.site().page(PAGE);
    assert_eq!(
        page.attrs(".content h1, .content h2", "id"),
        ["main-1", "search-1", "languages-1"]
    );
    assert_eq!(page.attrs("main", "id"), ["main"]);
    assert_eq!(page.attrs("#search", "type"), ["search"]);
    // An explicit id that the page uses is an error at its heading.
    let t = with_body("## Search {#search}\n\nText.");
    t.run(&["check"])
        .expect_code(1)
        .expect_stderr("heading id `search` is an id the page itself uses")
        .expect_stderr("content/en/channels/pasted.md:7:");
}

#[test]
fn an_empty_destination_is_a_warning_and_stays_as_written() {
    let t = with_body("See [the budget]() first.");
    t.run(&["check"])
        .expect_code(0)
        .expect_stderr("warning[empty-link]")
        .expect_stderr("content/en/channels/pasted.md:7:5");
    t.run(&["check", "--deny-warnings"]).expect_code(1);
    t.build();
    let page = t.site().page(PAGE);
    assert_eq!(page.attrs(".content a", "href"), [""]);
    assert_eq!(page.texts(".content a"), ["the budget"]);
}

#[test]
fn an_obsidian_embed_of_an_image_is_the_image_and_of_a_note_an_error() {
    // Embeds are resolved below the language folder, as wikilinks are.
    let t = with_body("![[channels/funnel.png]]\n\n![[channels/Funnel.PNG|ignored]]");
    t.file("content/en/channels/Funnel.PNG", "not really a png");
    t.build();
    let page = t.site().page(PAGE);
    assert_eq!(
        page.attrs(".content img", "src"),
        [
            "../../../en/channels/funnel.png",
            "../../../en/channels/Funnel.PNG"
        ]
    );
    let t = with_body("![[no-such.png]]");
    t.run(&["check"])
        .expect_code(1)
        .expect_stderr("no file `content/en/no-such.png`");
    // Never an image of a page: a note embed fails with a hint.
    let t = with_body("![[pricing]]");
    t.run(&["check"])
        .expect_code(1)
        .expect_stderr("`![[pricing]]` embeds a note, which playbook does not do")
        .expect_stderr("content/en/channels/pasted.md:7:1");
}

/// The CommonMark examples that wikilink syntax reads differently, each
/// as exactly what playbook does instead (listed in the README).
#[test]
fn the_commonmark_examples_that_wikilinks_read_differently() {
    // `[[[foo]]]`: a wikilink in brackets.
    let t = with_body("[[[pricing]]]");
    t.build();
    let page = t.site().page(PAGE);
    assert_eq!(page.texts(".content p"), ["[Pricing]"]);
    assert_eq!(page.texts(".content a"), ["Pricing"]);
    // `[[*foo* bar]]` beside a reference definition: a wikilink to a note
    // of that id, not the reference link.
    let t = with_body("[[*foo* bar]]\n\n[*foo* bar]: /url");
    t.run(&["check"])
        .expect_code(1)
        .expect_stderr("no note `*foo* bar`");
    // `![[foo]]`: an embed (see above), never an image of a page.
    let t = with_body("![[pricing]]");
    t.run(&["check"]).expect_code(1);
}

#[test]
fn github_alerts_are_callouts_titled_in_the_page_language_in_print_too() {
    let t = with_body(
        "> [!TIP]\n> Write the brief first.\n\n> [!CAUTION]\n> Never buy lists.\n\n> A plain quote.",
    );
    t.file(
        "content/de/channels/pasted.md",
        "+++\ntitle = \"Eingefügt\"\n+++\n\n> [!WARNING]\n> Keine Listen kaufen.\n",
    );
    t.build();
    let site = t.site();
    let page = site.page(PAGE);
    assert_eq!(
        page.attrs(".content .callout", "class"),
        ["callout callout-tip", "callout callout-caution"]
    );
    assert_eq!(page.attrs(".content .callout", "role"), ["note", "note"]);
    assert_eq!(
        page.texts(".content .callout-title"),
        ["✦ Tip", "⛔ Caution"]
    );
    assert_eq!(
        page.attrs(".content .callout-icon", "aria-hidden"),
        ["true", "true"]
    );
    assert_eq!(
        page.texts(".content .callout > p:not(.callout-title)"),
        ["Write the brief first.", "Never buy lists."]
    );
    assert_eq!(page.texts(".content blockquote"), ["A plain quote."]);
    let de = site.page("de/channels/pasted/index.html");
    assert_eq!(de.texts(".content .callout-title"), ["⚠ Warnung"]);
    let print = site.page("de/print/index.html");
    assert_eq!(print.texts(".content .callout-title"), ["⚠ Warnung"]);
    let print = site.page("en/print/index.html");
    assert_eq!(print.texts(".content .callout-title").len(), 2);
}

#[test]
fn bare_urls_www_hosts_and_email_addresses_become_links() {
    let body = "See https://example.com/guide, www.example.org/pricing and write to sales@example.com.\n\nNot `https://in.code`, not [a link https://inside.example](https://outer.example), not pricing.md.\n\n```\nhttps://in.block.example\n```";
    let t = with_body(body);
    t.build();
    let page = t.site().page(PAGE);
    assert_eq!(
        page.attrs(".content a", "href"),
        [
            "https://example.com/guide",
            "http://www.example.org/pricing",
            "mailto:sales@example.com",
            "https://outer.example",
        ]
    );
    assert_eq!(
        page.texts(".content p:first-child a"),
        [
            "https://example.com/guide",
            "www.example.org/pricing",
            "sales@example.com"
        ]
    );
    assert_eq!(
        page.texts(".content p:first-child"),
        ["See https://example.com/guide, www.example.org/pricing and write to sales@example.com."]
    );
}

/// Long German words in a table cut it off on a phone: every table of a
/// note scrolls by itself, reachable from the keyboard.
#[test]
fn a_table_in_a_note_scrolls_in_a_box_of_its_own() {
    let t = with_body(
        "| Kennzahl | Zielwert |\n|---|---|\n| Kundenlebenszeitwertberechnungsgrundlage | Verdopplung |",
    );
    t.build();
    let page = t.site().page(PAGE);
    assert_eq!(page.attrs(".content .table-scroll", "tabindex"), ["0"]);
    assert_eq!(
        page.texts(".content .table-scroll > table th"),
        ["Kennzahl", "Zielwert"]
    );
    let print = t.site().page("en/print/index.html");
    let headers = print.texts(".content table th");
    assert!(headers.len() >= 2, "{headers:?}");
    assert_eq!(print.texts(".content .table-scroll > table th"), headers);
}

/// A PNG's signature and header chunk: enough for its size to be read.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend(b"\x08\x06\0\0\0\0\0\0\0");
    bytes
}

#[test]
fn a_file_under_static_is_shared_and_linked_relative_from_every_page() {
    let body = "![The funnel](/images/funnel.png)\n\n![Logo](/images/logo.svg \"Our logo\")\n\n[The brief (PDF)](/files/Brief%20Q3.pdf#page=2)\n\n![A diagram](https://cdn.example.com/d.png)";
    let t = with_body(body);
    t.bytes("static/images/funnel.png", &png(1200, 630));
    t.file(
        "static/images/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 32\"></svg>",
    );
    t.bytes("static/files/Brief Q3.pdf", b"%PDF-1.7");
    t.run(&["check"]).expect_code(0);
    t.build();
    let site = t.site();
    let page = site.page(PAGE);
    assert_eq!(
        page.attrs(".content img", "src"),
        [
            "../../../images/funnel.png",
            "../../../images/logo.svg",
            "https://cdn.example.com/d.png"
        ]
    );
    assert_eq!(page.attrs(".content img", "width"), ["1200", "64"]);
    assert_eq!(page.attrs(".content img", "height"), ["630", "32"]);
    assert_eq!(
        page.attrs(".content img", "loading"),
        ["lazy", "lazy", "lazy"]
    );
    assert_eq!(page.attrs(".content img", "title"), ["Our logo"]);
    assert_eq!(
        page.attrs(".content a", "href"),
        ["../../../files/Brief%20Q3.pdf#page=2"]
    );
    // Written once, for every language, and reached from the note page and
    // from the print edition, which sits at another depth.
    assert!(site.has("images/funnel.png"));
    assert!(site.has("files/Brief Q3.pdf"));
    let print = site.page("en/print/index.html");
    assert!(
        print
            .attrs("img", "src")
            .contains(&"../../images/funnel.png".to_string())
    );
    site.assert_links_resolve();
}

#[test]
fn a_missing_shared_file_is_an_error_at_its_link_with_a_did_you_mean() {
    let t = with_body("Intro line.\n\nSee ![the funnel](/images/funel.png).");
    t.bytes("static/images/funnel.png", &png(10, 10));
    let run = t.run(&["check"]);
    run.expect_code(1)
        .expect_stderr("no file `static/images/funel.png`")
        .expect_stderr("content/en/channels/pasted.md:9:5")
        .expect_stderr("did you mean `/images/funnel.png`?");
    // A folder is no file, and nothing is linked above the site's root.
    let t = with_body("[home](/en/) and [up](/../x.png)");
    t.run(&["check"])
        .expect_code(1)
        .expect_stderr("`/en/` names a folder")
        .expect_stderr("`/../x.png` points above the site's root");
}

#[test]
fn a_missing_file_of_the_language_folder_suggests_the_one_that_exists() {
    let t = with_body("![Funnel](funel.png)");
    t.bytes("content/en/channels/funnel.png", &png(10, 10));
    t.run(&["check"])
        .expect_code(1)
        .expect_stderr("no file `content/en/channels/funel.png`")
        .expect_stderr("did you mean `content/en/channels/funnel.png`?");
}

#[test]
fn a_site_with_shared_files_works_under_a_subfolder() {
    let t = with_body("![The funnel](/images/funnel.png)");
    t.bytes("static/images/funnel.png", &png(4, 3));
    t.build();
    // Every link is relative, so the same files work from any folder:
    // moved one level down, the image is still found beside the page.
    let moved = t.temp().join("intranet/team/playbook");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    crate::support::copy_tree(&t.public(), &moved);
    let page = std::fs::read_to_string(moved.join(PAGE)).unwrap();
    assert!(
        page.contains("src=\"../../../images/funnel.png\""),
        "{page}"
    );
    assert!(moved.join("images/funnel.png").is_file());
}
