//! The CommonMark 0.31.2 spec's 652 examples and the GFM spec's extension
//! examples, each built as a note through the real binary, compared with
//! the spec's HTML after the spec runner's kind of normalisation
//! (whitespace, attribute order, entities: both sides are parsed as HTML
//! and written out the same way).
//!
//! What playbook does on purpose beyond a plain renderer is undone only in
//! the form it takes, and each undoing asserts that form, so nothing else
//! can hide behind it:
//! - every heading has an id and ends with its `#` link to that id;
//! - every table sits alone in its scroll box;
//! - relative and root-relative link URLs are rewritten relative to the
//!   page, and must reach the same file the spec's URL names (the build
//!   copies it; the targets are created, so the link check sees them);
//! - every image has `loading="lazy"`;
//! - table cells are aligned by `style="text-align: …"` (HTML5 has no
//!   `align`), and a table without body rows has an empty `<tbody>`;
//! - task list boxes have an accessible name ("To do", "Done").
//!
//! Three differences change what an example means, and each is listed
//! here, by example, and in the README: GFM's tagfilter in raw HTML
//! ([`TAGFILTERED`]), GFM's extended autolinks in text ([`AUTOLINKED`]),
//! and wikilink syntax ([`WIKILINKS`], asserted in `markdown.rs` as what
//! playbook renders instead). `bash scripts/test.sh` fetches the suites
//! from npm.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use ego_tree::NodeRef;
use scraper::{Html, Node};

use crate::support::PlaybookTest;

/// CommonMark examples whose raw HTML holds a tag GFM's tagfilter
/// disarms (`<script>`, `<style>`, `<textarea>`, ...): compared with the
/// spec's HTML after the tagfilter.
const TAGFILTERED: &[u32] = &[170, 171, 172, 173, 176, 178];

/// CommonMark examples with a bare URL, `www.` host or email address in
/// their text, which GFM's autolink extension links: compared with links
/// whose text is their URL taken out on both sides.
const AUTOLINKED: &[u32] = &[606, 608, 611, 612];

/// CommonMark examples that wikilink syntax reads differently; what
/// playbook renders for them is asserted in
/// `markdown::the_commonmark_examples_that_wikilinks_read_differently`.
const WIKILINKS: &[u32] = &[548, 559, 590];

#[derive(serde::Deserialize)]
struct Example {
    suite: String,
    number: u32,
    section: String,
    markdown: String,
    html: String,
}

impl Example {
    fn id(&self) -> String {
        format!("{}-{:03}", self.suite, self.number)
    }

    fn page(&self) -> String {
        format!("en/spec/{}/index.html", self.id())
    }

    fn name(&self) -> String {
        format!("{} example {} ({})", self.suite, self.number, self.section)
    }
}

fn examples() -> Vec<Example> {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-tools/spec-examples.json");
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| {
        panic!(
            "{}: {e}: run `bash scripts/test.sh`, which fetches the suites",
            file.display()
        )
    });
    serde_json::from_str(&text).expect("the examples as scripts/spec-examples.mjs writes them")
}

/// A parsed fragment, as a tree that the comparison can rewrite.
#[derive(Clone, Debug, PartialEq)]
enum Dom {
    Element {
        name: String,
        attrs: BTreeMap<String, String>,
        kids: Vec<Dom>,
    },
    Text(String),
    Comment(String),
}

fn parse(html: &str) -> Vec<Dom> {
    let doc = Html::parse_fragment(html);
    doc.root_element().children().filter_map(convert).collect()
}

fn convert(node: NodeRef<'_, Node>) -> Option<Dom> {
    match node.value() {
        Node::Element(e) => Some(Dom::Element {
            name: e.name().to_string(),
            attrs: e
                .attrs()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            kids: node.children().filter_map(convert).collect(),
        }),
        Node::Text(t) => Some(Dom::Text(t.to_string())),
        Node::Comment(c) => Some(Dom::Comment(c.to_string())),
        _ => None,
    }
}

/// The block-level elements whose edges carry no meaningful whitespace,
/// as in the CommonMark spec runner's normaliser.
const BLOCKS: &[&str] = &[
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "col",
    "colgroup",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

enum Token {
    Open(String),
    Close(String),
    Text(String),
}

fn tokens(nodes: &[Dom], in_pre: bool, out: &mut Vec<Token>) {
    for node in nodes {
        match node {
            Dom::Element { name, attrs, kids } => {
                let mut open = format!("<{name}");
                for (k, v) in attrs {
                    open.push_str(&format!(" {k}=\"{}\"", escape(v).replace('"', "&quot;")));
                }
                open.push('>');
                out.push(Token::Open(open));
                tokens(kids, in_pre || name == "pre", out);
                out.push(Token::Close(name.clone()));
            }
            Dom::Text(t) if in_pre => out.push(Token::Text(escape(t))),
            Dom::Text(t) => {
                let words: Vec<&str> = t.split_ascii_whitespace().collect();
                let mut s = words.join(" ");
                if t.starts_with(|c: char| c.is_ascii_whitespace()) && !s.is_empty() {
                    s.insert(0, ' ');
                }
                if t.ends_with(|c: char| c.is_ascii_whitespace()) {
                    s.push(' ');
                }
                out.push(Token::Text(escape(&s)));
            }
            Dom::Comment(c) => out.push(Token::Text(format!("<!--{c}-->"))),
        }
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The fragment written out in one canonical form: attributes sorted,
/// whitespace collapsed outside `<pre>` and dropped at block edges.
fn normalise(nodes: &[Dom]) -> String {
    let mut list = Vec::new();
    tokens(nodes, false, &mut list);
    let is_block = |t: &Token| match t {
        Token::Open(o) => {
            let name = o[1..].split([' ', '>']).next().unwrap_or_default();
            BLOCKS.contains(&name)
        }
        Token::Close(name) => BLOCKS.contains(&name.as_str()),
        Token::Text(_) => false,
    };
    let mut out = String::new();
    for (i, token) in list.iter().enumerate() {
        match token {
            Token::Open(o) => out.push_str(o),
            Token::Close(name) => out.push_str(&format!("</{name}>")),
            Token::Text(t) => {
                let mut t = t.as_str();
                if i == 0 || is_block(&list[i - 1]) {
                    t = t.trim_start_matches(' ');
                }
                if i + 1 == list.len() || is_block(&list[i + 1]) {
                    t = t.trim_end_matches(' ');
                }
                out.push_str(t);
            }
        }
    }
    out
}

fn has_scheme(href: &str) -> bool {
    href.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// Whether a URL stays as written: another site, a fragment, nothing.
fn stays(href: &str) -> bool {
    href.is_empty() || href.starts_with('#') || href.starts_with("//") || has_scheme(href)
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Joins `rel` to the folder `dir`, resolving `.` and `..`.
fn join(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for segment in rel.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The file below the site root that a URL of the spec names, for a note
/// at `content/en/spec/<id>.md`, with what follows the path: a
/// root-relative URL names a file of `static/`, a relative one a file of
/// the note's folder, and a `.md` file that note's page.
fn spec_target(href: &str) -> Option<(String, String)> {
    if stays(href) {
        return None;
    }
    let end = href.find(['?', '#']).unwrap_or(href.len());
    let (path, rest) = href.split_at(end);
    let path = decode(path);
    let file = match path.strip_prefix('/') {
        Some(rooted) => join("", rooted),
        None => join("en/spec", &path),
    };
    let file = match file.strip_suffix(".md") {
        Some(note) => format!("{note}/index.html"),
        None => file,
    };
    Some((file, decode(rest)))
}

/// The same for a URL on the built page `page`.
fn page_target(page: &str, href: &str) -> Option<(String, String)> {
    if stays(href) {
        return None;
    }
    let end = href.find(['?', '#']).unwrap_or(href.len());
    let (path, rest) = href.split_at(end);
    let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
    Some((join(dir, &decode(path)), decode(rest)))
}

/// Rewrites every `href` and `src` that names a file of the site as
/// `site:<file><rest>`, so that both sides name files the same way.
fn canonical_urls(nodes: &mut [Dom], target: &dyn Fn(&str) -> Option<(String, String)>) {
    for node in nodes {
        if let Dom::Element { attrs, kids, .. } = node {
            for key in ["href", "src"] {
                if let Some(value) = attrs.get_mut(key)
                    && let Some((file, rest)) = target(value)
                {
                    *value = format!("site:{file}{rest}");
                }
            }
            canonical_urls(kids, target);
        }
    }
}

/// The files and notes the links and images of a body name, as the
/// build's parser reads them (raw HTML's URLs are no links to check).
fn linked_files(markdown: &str, out: &mut BTreeSet<String>) {
    use pulldown_cmark::{Event, LinkType, Parser, Tag};
    for event in Parser::new_ext(markdown, playbook::markdown::options()) {
        if let Event::Start(
            Tag::Link {
                link_type,
                dest_url,
                ..
            }
            | Tag::Image {
                link_type,
                dest_url,
                ..
            },
        ) = event
            && !matches!(
                link_type,
                LinkType::WikiLink { .. } | LinkType::Autolink | LinkType::Email
            )
            && let Some((file, _)) = spec_target(&dest_url)
        {
            out.insert(file);
        }
    }
}

/// How many images a body has, as the build's parser reads it (an image
/// in an image's description is only alt text).
fn images(markdown: &str) -> usize {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let (mut depth, mut count) = (0, 0);
    for event in Parser::new_ext(markdown, playbook::markdown::options()) {
        match event {
            Event::Start(Tag::Image { .. }) => {
                count += usize::from(depth == 0);
                depth += 1;
            }
            Event::End(TagEnd::Image) => depth -= 1,
            _ => {}
        }
    }
    count
}

/// Every fragment-only link of the spec's HTML.
fn spec_fragments(nodes: &[Dom], out: &mut BTreeSet<String>) {
    for node in nodes {
        if let Dom::Element { attrs, kids, .. } = node {
            if let Some(fragment) = attrs.get("href").and_then(|h| h.strip_prefix('#'))
                && !fragment.is_empty()
            {
                out.insert(decode(fragment));
            }
            spec_fragments(kids, out);
        }
    }
}

fn text_of(nodes: &[Dom]) -> String {
    nodes
        .iter()
        .map(|n| match n {
            Dom::Text(t) => t.clone(),
            Dom::Element { kids, .. } => text_of(kids),
            Dom::Comment(_) => String::new(),
        })
        .collect()
}

/// Undoes what the build adds to every page, asserting that it is there
/// in exactly its form: heading ids and `#` links, table scroll boxes,
/// `loading="lazy"`.
fn undo_additions(nodes: Vec<Dom>, what: &str, lazy: &mut usize) -> Vec<Dom> {
    let mut out = Vec::new();
    for node in nodes {
        let Dom::Element {
            name,
            mut attrs,
            kids,
        } = node
        else {
            out.push(node);
            continue;
        };
        let mut kids = undo_additions(kids, what, lazy);
        if matches!(name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
            let id = attrs
                .remove("id")
                .unwrap_or_else(|| panic!("{what}: a heading without an id"));
            let anchor = kids.pop();
            match &anchor {
                Some(Dom::Element { name, attrs, kids })
                    if name == "a"
                        && attrs.get("class").map(String::as_str) == Some("heading-anchor")
                        && attrs.get("href") == Some(&format!("#{id}"))
                        && text_of(kids) == "#" => {}
                other => panic!("{what}: heading `{id}` ends with {other:?}, not its `#` link"),
            }
        }
        // Alignment is CSS, as HTML5 has no `align` any more.
        if matches!(name.as_str(), "th" | "td")
            && let Some(style) = attrs.remove("style")
        {
            let align = style
                .strip_prefix("text-align: ")
                .unwrap_or_else(|| panic!("{what}: a cell styled `{style}`"));
            attrs.insert("align".into(), align.into());
        }
        // A task's box has an accessible name.
        if name == "input" && attrs.get("type").map(String::as_str) == Some("checkbox") {
            let label = attrs.remove("aria-label");
            assert!(
                matches!(label.as_deref(), Some("To do" | "Done")),
                "{what}: a task box named {label:?}"
            );
        }
        // A table without body rows has an empty body.
        if name == "tbody"
            && kids
                .iter()
                .all(|k| matches!(k, Dom::Text(t) if t.trim().is_empty()))
        {
            continue;
        }
        // Raw HTML's images stay as written.
        if name == "img" && attrs.get("loading").map(String::as_str) == Some("lazy") {
            attrs.remove("loading");
            *lazy += 1;
        }
        if name == "div" && attrs.get("class").map(String::as_str) == Some("table-scroll") {
            assert_eq!(attrs.get("tabindex").map(String::as_str), Some("0"));
            let tables: Vec<&Dom> = kids
                .iter()
                .filter(|k| !matches!(k, Dom::Text(t) if t.trim().is_empty()))
                .collect();
            assert!(
                matches!(tables[..], [Dom::Element { name, .. }] if name == "table"),
                "{what}: a scroll box holds {tables:?}, not one table"
            );
            out.extend(kids);
            continue;
        }
        out.push(Dom::Element { name, attrs, kids });
    }
    out
}

/// GFM's tagfilter applied to HTML: the `<` of the tags it names, opening
/// or closing, written as `&lt;`.
fn tagfilter(html: &str) -> String {
    const TAGS: [&str; 9] = [
        "title",
        "textarea",
        "style",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "script",
        "plaintext",
    ];
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let name = after.strip_prefix('/').unwrap_or(after);
        let filtered = TAGS.iter().any(|tag| {
            name.get(..tag.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(tag))
                && name[tag.len()..]
                    .starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        });
        out.push_str(if filtered { "&lt;" } else { "<" });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Takes out links whose text is their URL (as GFM's autolinks write
/// them: the URL, `http://` before a `www.` host, `mailto:` before an
/// address), keeping their text.
fn unlink_autolinks(nodes: Vec<Dom>) -> Vec<Dom> {
    let mut out = Vec::new();
    for node in nodes {
        match node {
            Dom::Element { name, attrs, kids } => {
                let text = text_of(&kids);
                let href = attrs.get("href").cloned().unwrap_or_default();
                let autolink = name == "a"
                    && attrs.len() == 1
                    && !text.is_empty()
                    && [
                        text.clone(),
                        format!("http://{text}"),
                        format!("mailto:{text}"),
                    ]
                    .contains(&href);
                let kids = unlink_autolinks(kids);
                if autolink {
                    out.extend(kids);
                } else {
                    out.push(Dom::Element { name, attrs, kids });
                }
            }
            other => out.push(other),
        }
    }
    // Text split by a link taken out joins up again.
    let mut joined: Vec<Dom> = Vec::new();
    for node in out {
        if let (Some(Dom::Text(last)), Dom::Text(t)) = (joined.last_mut(), &node) {
            last.push_str(t);
        } else {
            joined.push(node);
        }
    }
    joined
}

/// The body of a note page: the HTML between the content box's opening
/// tag and the end of the note's article, as the build wrote it.
fn body_of(page: &str) -> &str {
    let open = "<div class=\"content\">\n";
    let start = page.find(open).expect("a content box") + open.len();
    let end = page
        .rfind("\n</div>\n</article>")
        .expect("the end of the note");
    &page[start..end]
}

/// How an example came out.
#[derive(Debug, PartialEq)]
enum Outcome {
    Same,
    Tagfiltered,
    Autolinked,
    Different { ours: String, spec: String },
}

fn compare(
    example: &Example,
    site: &Path,
    page_html: &str,
    heading_added: Option<&str>,
) -> Outcome {
    let what = example.name();
    let mut lazy = 0;
    let mut ours = undo_additions(parse(body_of(page_html)), &what, &mut lazy);
    assert_eq!(
        lazy,
        images(&example.markdown),
        "{what}: images with loading=lazy"
    );
    if let Some(anchor) = heading_added {
        let first = ours
            .iter()
            .position(|n| matches!(n, Dom::Element { .. }))
            .unwrap();
        assert!(
            matches!(&ours[first], Dom::Element { name, .. } if name == "h1"),
            "{what}: the heading `{anchor}` added for its link is gone"
        );
        ours.drain(..=first);
    }
    // Only URLs that name a file of the site are compared by that file:
    // the build rewrote them. Raw HTML's URLs stay as written on both
    // sides.
    let exists =
        |found: Option<(String, String)>| found.filter(|(file, _)| site.join(file).is_file());
    canonical_urls(&mut ours, &|h| exists(page_target(&example.page(), h)));
    let spec_html = |html: &str| {
        let mut spec = parse(html);
        canonical_urls(&mut spec, &|h| exists(spec_target(h)));
        spec
    };
    let spec = spec_html(&example.html);
    if normalise(&ours) == normalise(&spec) {
        return Outcome::Same;
    }
    let filtered = spec_html(&tagfilter(&example.html));
    if filtered != spec && normalise(&ours) == normalise(&filtered) {
        return Outcome::Tagfiltered;
    }
    if normalise(&unlink_autolinks(ours.clone())) == normalise(&unlink_autolinks(spec.clone())) {
        return Outcome::Autolinked;
    }
    Outcome::Different {
        ours: normalise(&ours),
        spec: normalise(&spec),
    }
}

/// Writes a playbook with one strategy and every example as a tactic of
/// it, with the files and notes their links name; returns which
/// examples got a heading for a fragment link to reach.
fn write_suite(t: &PlaybookTest, examples: &[Example]) -> BTreeMap<String, String> {
    t.file(
        "book.toml",
        "[book]\ntitle = \"Spec\"\ndefault-language = \"en\"\n[languages.en]\nname = \"English\"\n",
    );
    t.file(
        "content/en/spec.md",
        "+++\ntitle = \"The spec\"\ntags = [\"upstream\"]\n+++\n\nEvery example is a tactic of this strategy.\n",
    );
    let tactic = |title: &str| {
        format!("+++\ntitle = \"{title}\"\ntags = [\"downstream\"]\nstrategy = \"spec\"\n+++\n")
    };
    let mut files = BTreeSet::new();
    let mut headed = BTreeMap::new();
    for example in examples {
        let spec = parse(&example.html);
        linked_files(&example.markdown, &mut files);
        let mut fragments = BTreeSet::new();
        spec_fragments(&spec, &mut fragments);
        let mut body = String::new();
        // A link to a heading of the page needs the heading; it goes first,
        // where nothing of the example can read it differently.
        if let Some(fragment) = fragments.into_iter().next() {
            body = format!("# {fragment}\n\n");
            headed.insert(example.id(), fragment);
        }
        body.push_str(&example.markdown);
        t.file(
            &format!("content/en/spec/{}.md", example.id()),
            &format!("{}{body}", tactic(&example.name())),
        );
    }
    for file in files {
        if let Some(note) = file.strip_suffix("/index.html") {
            t.file(&format!("content/{note}.md"), &tactic("A linked note"));
        } else if file.starts_with("en/") {
            t.bytes(&format!("content/{file}"), b"a file the example links");
        } else {
            t.bytes(&format!("static/{file}"), b"a file the example links");
        }
    }
    headed
}

/// The examples that wikilink syntax reads differently, which cannot be
/// built as the spec means them.
fn is_wikilink_example(example: &Example) -> bool {
    example.suite == "commonmark" && WIKILINKS.contains(&example.number)
}

/// Whether a body has raw HTML, which may be invalid HTML on purpose.
fn has_raw_html(markdown: &str) -> bool {
    use pulldown_cmark::{Event, Parser};
    Parser::new_ext(markdown, pulldown_cmark::Options::all())
        .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)))
}

/// Whether a validator message is about what the example itself writes:
/// a heading level that skips one below the note's title (`### foo`), or
/// a URL that is no valid URL (`<https://../>`).
fn written_by_the_example(message: &str, markdown: &str) -> bool {
    if message.contains("heading level") {
        return markdown.contains("### ");
    }
    message
        .split_once("Bad value “")
        .and_then(|(_, rest)| rest.split_once('”'))
        .is_some_and(|(url, _)| markdown.contains(url))
}

#[test]
fn every_commonmark_and_gfm_example_renders_as_the_spec_says_through_the_build() {
    let examples = examples();
    assert_eq!(
        examples.iter().filter(|e| e.suite == "commonmark").count(),
        652
    );
    assert!(examples.iter().filter(|e| e.suite == "gfm").count() >= 24);
    let t = PlaybookTest::empty();
    let wikilinked: Vec<u32> = examples
        .iter()
        .filter(|e| is_wikilink_example(e))
        .map(|e| e.number)
        .collect();
    assert_eq!(wikilinked, WIKILINKS);
    let examples: Vec<Example> = examples
        .into_iter()
        .filter(|e| !is_wikilink_example(e))
        .collect();
    let headed = write_suite(&t, &examples);
    let run = t.run(&["build"]);
    run.expect_code(0);

    let mut tagfiltered = Vec::new();
    let mut autolinked = Vec::new();
    let mut failures = Vec::new();
    for example in &examples {
        let page = std::fs::read_to_string(t.public().join(example.page()))
            .unwrap_or_else(|e| panic!("{}: {e}", example.name()));
        let outcome = compare(
            example,
            &t.public(),
            &page,
            headed.get(&example.id()).map(String::as_str),
        );
        let commonmark = example.suite == "commonmark";
        match outcome {
            Outcome::Same => {}
            Outcome::Tagfiltered if commonmark => tagfiltered.push(example.number),
            Outcome::Autolinked if commonmark => autolinked.push(example.number),
            other => failures.push(format!(
                "{}\n  markdown: {:?}\n  {other:?}",
                example.name(),
                example.markdown
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} examples differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(tagfiltered, TAGFILTERED, "examples the tagfilter changes");
    assert_eq!(autolinked, AUTOLINKED, "examples GFM's autolinks change");

    // The pages are valid HTML wherever the example's own raw HTML does
    // not make them invalid on purpose.
    let pages: Vec<PathBuf> = examples
        .iter()
        .filter(|e| !has_raw_html(&e.markdown))
        .map(|e| t.public().join(e.page()))
        .collect();
    assert!(pages.len() > 500, "{} pages without raw HTML", pages.len());
    let markdown_of = |message: &str| {
        examples
            .iter()
            .find(|e| message.contains(&format!("/{}/index.html:", e.id())))
            .map_or("", |e| e.markdown.as_str())
    };
    let messages: Vec<String> = crate::validity::vnu_messages_for(&pages)
        .into_iter()
        .filter(|m| !written_by_the_example(m, markdown_of(m)))
        .collect();
    assert!(messages.is_empty(), "{}", messages.join("\n"));
}

#[test]
fn the_normaliser_ignores_only_what_the_spec_runner_ignores() {
    let n = |html: &str| normalise(&parse(html));
    assert_eq!(
        n("<p>a  b\n<em title=\"x\" class=\"y\">c</em></p>\n"),
        n("<p>a b <em class=\"y\" title=\"x\">c</em></p>")
    );
    assert_eq!(n("<p>&ouml;&amp;</p>"), n("<p>ö&amp;</p>"));
    assert_ne!(
        n("<pre><code>a  b</code></pre>"),
        n("<pre><code>a b</code></pre>")
    );
    assert_ne!(n("<p>a<em>b</em></p>"), n("<p>a <em>b</em></p>"));
    assert_ne!(
        n("<p><a href=\"x\">a</a></p>"),
        n("<p><a href=\"y\">a</a></p>")
    );
    assert_eq!(
        tagfilter("<Script src=x></script> <scripts> <p>"),
        "&lt;Script src=x>&lt;/script> <scripts> <p>"
    );
}
