//! `serve`'s incremental rebuilds, in-process: after each edit to front
//! matter or bodies, the site `serve` holds (the last full site with every
//! partial update applied) must equal a fresh full build byte for byte, and
//! a front-matter edit must be rendered as a partial update.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use playbook::{Options, Session, SiteUpdate, Status};

use crate::support::PlaybookTest;

/// Pages by path, as `serve` holds them.
type Served = BTreeMap<String, Vec<u8>>;

/// What one rebuild published, and what it reported.
#[derive(Default)]
struct Published {
    full: bool,
    pages: Vec<String>,
    report: String,
}

fn rebuild(
    session: &mut Session,
    options: &Options,
    changed: Option<&[String]>,
    served: &mut Served,
) -> (Status, Published) {
    rebuild_until(session, options, changed, &AtomicBool::new(false), served)
}

fn rebuild_until(
    session: &mut Session,
    options: &Options,
    changed: Option<&[String]>,
    stop: &AtomicBool,
    served: &mut Served,
) -> (Status, Published) {
    let mut published = Published::default();
    let outcome = session.rebuild(options, changed, stop, &mut |update| match update {
        SiteUpdate::Full(site) => {
            published.full = true;
            served.clear();
            for page in site.pages {
                published.pages.push(page.path.clone());
                served.insert(page.path, page.bytes);
            }
        }
        SiteUpdate::Pages(pages) => {
            for page in pages {
                published.pages.push(page.path.clone());
                served.insert(page.path, page.bytes);
            }
        }
    });
    published.report = outcome.diagnostics.render_human();
    (outcome.status, published)
}

fn fresh(options: &Options) -> Served {
    fresh_with_report(options).0
}

/// A fresh build's pages and report.
fn fresh_with_report(options: &Options) -> (Served, String) {
    let mut served = Served::new();
    let (status, published) = rebuild(&mut Session::default(), options, None, &mut served);
    assert_eq!(status, Status::Ok);
    assert!(published.full);
    (served, published.report)
}

fn assert_same(served: &Served, expected: &Served, context: &str) {
    let stale: Vec<&String> = expected
        .iter()
        .filter(|(path, bytes)| served.get(*path) != Some(bytes))
        .map(|(path, _)| path)
        .collect();
    let extra: Vec<&String> = served
        .keys()
        .filter(|p| !expected.contains_key(*p))
        .collect();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "after {context}: stale pages {stale:?}, pages that should be gone {extra:?}"
    );
}

/// A small deterministic generator (splitmix64), so every run makes the
/// same edits.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % n.max(1) as u64) as usize
    }
}

/// Replaces the front-matter line starting with `key =`, or adds one.
fn set_front(text: &str, key: &str, line: &str) -> String {
    let end = text[3..]
        .find("\n+++")
        .map(|i| i + 3)
        .expect("front matter");
    let (front, rest) = text.split_at(end);
    let prefix = format!("{key} =");
    let mut lines: Vec<String> = front.lines().map(str::to_string).collect();
    match lines.iter().position(|l| l.starts_with(&prefix)) {
        Some(at) => lines[at] = line.to_string(),
        None => lines.push(line.to_string()),
    }
    format!("{}{rest}", lines.join("\n"))
}

/// The front-matter value of `key` in `text`, as written.
fn front_value<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let prefix = format!("{key} =");
    let end = text[3..].find("\n+++").map(|i| i + 3)?;
    text[..end]
        .lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .map(str::trim)
}

/// One edit to the front matter or body of one note; returns what it did
/// and the files it wrote (relative to the root).
fn edit(rng: &mut Rng, root: &Path, notes: &[String], step: usize) -> (String, Vec<String>) {
    let rel = &notes[rng.below(notes.len())];
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let tags = ["\"sales\"", "\"email\"", "\"web\"", "\"research\""];
    let (what, new) = match rng.below(16) {
        14 => {
            // A link to another note's heading: when that heading goes,
            // this page breaks, so it must be known to link there.
            let other = &notes[rng.below(notes.len())];
            let other_text = std::fs::read_to_string(root.join(other)).unwrap();
            let id = other
                .splitn(3, '/')
                .nth(2)
                .unwrap()
                .trim_end_matches(".md")
                .to_string();
            let anchor = other_text
                .split("\n## ")
                .nth(1)
                .and_then(|rest| rest.lines().next())
                .map(|heading| {
                    let words: Vec<String> = heading
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|w| !w.is_empty())
                        .map(str::to_lowercase)
                        .collect();
                    format!("#{}", words.join("-"))
                })
                .unwrap_or_default();
            ("link", format!("{text}\nSee [[{id}{anchor}]].\n"))
        }
        15 => match text.rfind("[[") {
            // A link gone: the page no longer links there.
            Some(at) => (
                "link removed",
                format!("{}{}", &text[..at], &text[at + 2..]),
            ),
            None => ("no link", text.clone()),
        },
        12 if !rel.starts_with("content/en/") => {
            // A translation removed: links to the note from that language
            // now go to another language, with a warning.
            std::fs::remove_file(&path).unwrap();
            return (format!("removed {rel}"), vec![rel.clone()]);
        }
        13 => match text.find("\n## ") {
            // A heading gone: links to it from other notes break.
            Some(at) => ("heading", format!("{}\n{}", &text[..at], &text[at + 5..])),
            None => ("no heading", text.clone()),
        },
        9 => {
            // Sorts first among notes of the same weight.
            let title = front_value(&text, "title").unwrap().trim_matches('"');
            (
                "title to the front",
                set_front(&text, "title", &format!("title = \"0 {title}\"")),
            )
        }
        10 => {
            // Another note's page path in the same folder: an error.
            let dir = Path::new(rel).parent().unwrap();
            let siblings: Vec<&String> = notes
                .iter()
                .filter(|n| *n != rel && Path::new(n).parent() == Some(dir))
                .collect();
            let Some(other) = siblings.get(rng.below(siblings.len())) else {
                return (format!("nothing next to {rel}"), Vec::new());
            };
            let other_text = std::fs::read_to_string(root.join(other)).unwrap();
            let stem = Path::new(other).file_stem().unwrap().to_str().unwrap();
            let slug = front_value(&other_text, "slug")
                .map(|s| s.trim_matches('"').to_string())
                .unwrap_or_else(|| stem.to_string());
            (
                "slug of a sibling",
                set_front(&text, "slug", &format!("slug = \"{slug}\"")),
            )
        }
        11 => (
            "slug",
            set_front(&text, "slug", &format!("slug = \"moved-{step}\"")),
        ),
        0 => {
            let title = front_value(&text, "title").unwrap().trim_matches('"');
            (
                "title",
                set_front(&text, "title", &format!("title = \"{title} {step}\"")),
            )
        }
        1 => (
            "summary",
            set_front(&text, "summary", &format!("summary = \"Edit {step}.\"")),
        ),
        2 => (
            "weight",
            set_front(&text, "weight", &format!("weight = {}", rng.below(50))),
        ),
        3 => (
            "metrics",
            set_front(&text, "metrics", &format!("metrics = [\"Metric {step}\"]")),
        ),
        4 => (
            "owner",
            set_front(&text, "owner", &format!("owner = \"Team {step}\"")),
        ),
        5 => {
            let role = front_value(&text, "tags")
                .unwrap_or("")
                .split(',')
                .find(|t| t.contains("stream"))
                .map(|t| t.trim_matches(|c: char| c == '[' || c == ']' || c == ' '))
                .unwrap_or("\"downstream\"")
                .to_string();
            let topic = tags[rng.below(tags.len())];
            (
                "tags",
                set_front(&text, "tags", &format!("tags = [{role}, {topic}]")),
            )
        }
        6 => {
            let body_at = text[3..].find("\n+++\n").unwrap() + 8;
            let mut body = text.clone();
            body.insert_str(body_at, &format!("\nEdited body {step}.\n"));
            ("body", body)
        }
        7 => (
            "unknown key",
            set_front(&text, "colour", &format!("colour = \"{step}\"")),
        ),
        _ => (
            "draft",
            set_front(&text, "draft", &format!("draft = {}", rng.below(2) == 0)),
        ),
    };
    std::fs::write(&path, new).unwrap();
    (format!("{what} of {rel}"), vec![rel.clone()])
}

#[test]
fn every_front_matter_and_body_edit_serves_what_a_fresh_build_makes() {
    let t = PlaybookTest::shipped();
    // A template of the author's own that shows how many notes carry each
    // tag: the default theme shows no counts on note pages, but a page's
    // context has them, so a retagged note changes every page of its tags.
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let meta = std::fs::read_to_string(theme.join("partials/meta.html")).unwrap();
    let counted = meta.replace("{{ tag.name }}</a>", "{{ tag.name }}</a> ({{ tag.count }})");
    assert_ne!(meta, counted);
    t.file("templates/partials/meta.html", &counted);
    let root = t.root.clone();
    let options = Options {
        root: root.clone(),
        drafts: true,
        ..Options::default()
    };
    let notes: Vec<String> = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            e.path()
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|p| p.ends_with(".md") && !p.ends_with("_index.md"))
        .collect();
    assert!(notes.len() > 30);

    let mut session = Session::default();
    let mut served = Served::new();
    let (status, _) = rebuild(&mut session, &options, None, &mut served);
    assert_eq!(status, Status::Ok);
    let total = served.len();

    let mut rng = Rng(0xf00d);
    let mut partial = 0;
    let mut warned = false;
    let mut failed = 0;
    for step in 0..120 {
        let existing: Vec<String> = notes
            .iter()
            .filter(|n| root.join(n).is_file())
            .cloned()
            .collect();
        let originals: Vec<(String, String)> = existing
            .iter()
            .map(|n| (n.clone(), std::fs::read_to_string(root.join(n)).unwrap()))
            .collect();
        let (what, files) = edit(&mut rng, &root, &existing, step);
        let (status, mut published) = rebuild(&mut session, &options, Some(&files), &mut served);
        if status != Status::Ok {
            let mut scratch = Served::new();
            let (fresh_status, _) = rebuild(&mut Session::default(), &options, None, &mut scratch);
            assert_eq!(fresh_status, status, "after {what}: {}", published.report);
            failed += 1;
            // The last good site stays; put the file back and go on.
            for (rel, text) in originals.iter().filter(|(r, _)| files.contains(r)) {
                std::fs::write(root.join(rel), text).unwrap();
            }
            let (status, undone) = rebuild(&mut session, &options, Some(&files), &mut served);
            assert_eq!(status, Status::Ok, "after undoing {what}");
            published = undone;
        } else if !published.full {
            partial += 1;
            assert!(
                published.pages.len() < total,
                "{what} re-rendered every page"
            );
        }
        let (expected, report) = fresh_with_report(&options);
        assert_same(&served, &expected, &what);
        // Notes made again from unchanged files report what they did.
        assert_eq!(published.report, report, "after {what}");
        warned |= report.contains("warning");
    }
    // Most edits keep the site's shape, so most must be partial updates.
    assert!(partial >= 60, "only {partial} of 120 edits were partial");
    assert!(failed > 0, "no edit was an error");
    assert!(warned, "no edit led to a warning");
}

/// A copy of the shipped playbook, built once by a new session.
fn built_shipped() -> (PlaybookTest, Options, Session, Served) {
    let t = PlaybookTest::shipped();
    let options = Options {
        root: t.root.clone(),
        ..Options::default()
    };
    let mut session = Session::default();
    let mut served = Served::new();
    let (status, _) = rebuild(&mut session, &options, None, &mut served);
    assert_eq!(status, Status::Ok);
    (t, options, session, served)
}

#[test]
fn a_tactic_title_edit_renders_the_pages_that_show_it_and_no_others() {
    let (t, options, mut session, mut served) = built_shipped();

    let rel = "content/en/sales/battlecards.md".to_string();
    t.edit(
        &rel,
        "title = \"Competitive battlecards\"",
        "title = \"Battlecards\"",
    );
    let (status, published) = rebuild(&mut session, &options, Some(&[rel]), &mut served);
    assert_eq!(status, Status::Ok);
    assert!(!published.full);
    let shown = |page: &str| published.pages.iter().any(|p| p == page);
    // Its own page in every language, and its strategy's.
    assert!(shown("en/sales/battlecards/index.html"));
    assert!(shown("en/competitive-intelligence/index.html"));
    assert!(shown("en/index.html"));
    assert!(shown("en/print/index.html"));
    assert!(shown("en/search-index.js"));
    for lang in ["en", "de", "pt"] {
        assert!(shown(&format!("{lang}/translations/index.html")));
    }
    // A note that neither lists nor links to it is left alone.
    assert!(!shown("en/segmentation/index.html"));
    assert_same(&served, &fresh(&options), "the title edit");
}

#[test]
fn listings_stopped_by_another_save_are_rendered_by_the_next_rebuild() {
    let (t, options, mut session, mut served) = built_shipped();

    let rel = "content/en/sales/battlecards.md".to_string();
    t.edit(
        &rel,
        "title = \"Competitive battlecards\"",
        "title = \"Cards\"",
    );
    // Another save is already on its way: the edited pages are published,
    // the listings are not.
    let stop = AtomicBool::new(true);
    let (status, published) =
        rebuild_until(&mut session, &options, Some(&[rel]), &stop, &mut served);
    assert_eq!(status, Status::Ok);
    assert!(
        published
            .pages
            .contains(&"en/sales/battlecards/index.html".to_string())
    );
    assert!(!published.pages.contains(&"en/index.html".to_string()));
    let strategy = "en/competitive-intelligence/index.html";
    assert!(!String::from_utf8_lossy(&served[strategy]).contains(">Cards<"));

    // The next rebuild, with no file changed, renders what was left.
    let (status, published) = rebuild(&mut session, &options, Some(&[]), &mut served);
    assert_eq!(status, Status::Ok);
    assert!(published.pages.contains(&"en/index.html".to_string()));
    assert!(String::from_utf8_lossy(&served[strategy]).contains(">Cards<"));
    assert_same(&served, &fresh(&options), "the stopped listings");
}

#[test]
fn a_title_edit_that_reorders_a_list_reorders_it() {
    let t = PlaybookTest::shipped();
    let options = Options {
        root: t.root.clone(),
        ..Options::default()
    };
    // Two tactics of one strategy with the same weight sort by title.
    t.edit(
        "content/en/sales/battlecards.md",
        "weight = 20",
        "weight = 10",
    );
    let mut session = Session::default();
    let mut served = Served::new();
    rebuild(&mut session, &options, None, &mut served);
    let page = "en/competitive-intelligence/index.html";
    // Where a tactic's link is in the list of tactics the strategy governs.
    let position = |served: &Served, title: &str| {
        let html = String::from_utf8_lossy(&served[page]).into_owned();
        let list = &html[html.find("id=\"pb-tactics\"").unwrap()..];
        list.find(&format!(">{title}</a>")).unwrap()
    };
    assert!(
        position(&served, "Competitive battlecards") < position(&served, "Competitor monitoring")
    );

    let rel = "content/en/sales/battlecards.md".to_string();
    t.edit(
        &rel,
        "title = \"Competitive battlecards\"",
        "title = \"Winning cards\"",
    );
    let (status, published) = rebuild(&mut session, &options, Some(&[rel]), &mut served);
    assert_eq!(status, Status::Ok);
    assert!(!published.full);
    assert!(position(&served, "Competitor monitoring") < position(&served, "Winning cards"));
    assert_same(&served, &fresh(&options), "the title edit");
}

/// One change of any kind to a playbook copied from the basic fixture:
/// the front-matter and body edits of [`edit`], or a note renamed,
/// deleted or added, or `book.toml` changed. Returns what it did and the
/// files it touched.
fn change(rng: &mut Rng, root: &Path, step: usize) -> (String, Vec<String>) {
    let notes: Vec<String> = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap();
            rel.to_string_lossy().into_owned()
        })
        .filter(|p| p.ends_with(".md") && !p.ends_with("_index.md"))
        .collect();
    let rel = notes[rng.below(notes.len())].clone();
    match rng.below(11) {
        10 => {
            // A home page intro: its text and its links.
            let lang = ["en", "de", "pt"][rng.below(3)];
            let intro = format!("content/{lang}/_index.md");
            let path = root.join(&intro);
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let new = match rng.below(3) {
                0 => format!("{text}\nIntro {step} links [[pricing#tiers]].\n"),
                1 => format!("{text}\nIntro {step}, [[gone-{step}]].\n"),
                _ => format!("{text}\nIntro {step}.\n"),
            };
            std::fs::write(&path, new).unwrap();
            (format!("edited {intro}"), vec![intro])
        }
        0 => {
            // Renamed within its folder: a new id, and links to the old
            // one break unless it is a translation's file.
            let to = rel.replace(".md", &format!("-{step}.md"));
            std::fs::rename(root.join(&rel), root.join(&to)).unwrap();
            (format!("renamed {rel} to {to}"), vec![rel, to])
        }
        1 => {
            std::fs::remove_file(root.join(&rel)).unwrap();
            (format!("deleted {rel}"), vec![rel])
        }
        2 => {
            let lang = ["en", "de", "pt"][rng.below(3)];
            let to = format!("content/{lang}/added-{step}.md");
            std::fs::write(
                root.join(&to),
                format!(
                    "+++\ntitle = \"Added {step}\"\ntags = [\"downstream\", \"email\"]\nstrategy = \"positioning\"\n+++\nSee [[pricing]].\n"
                ),
            )
            .unwrap();
            (format!("added {to}"), vec![to])
        }
        3 => {
            let book = root.join("book.toml");
            let text = std::fs::read_to_string(&book).unwrap();
            let new = match rng.below(3) {
                0 => text.replacen("title = \"", &format!("title = \"{step} "), 1),
                1 => text.replace("name = \"Deutsch\"", &format!("name = \"Deutsch {step}\"")),
                _ => text.replacen(
                    "description = \"",
                    &format!("description = \"Step {step}. "),
                    1,
                ),
            };
            std::fs::write(&book, new).unwrap();
            ("book.toml".to_string(), vec!["book.toml".to_string()])
        }
        _ => edit(rng, root, &notes, step),
    }
}

/// 200 short sequences of any change, each from a fresh copy and a new
/// session: after every rebuild, what `serve` holds equals a fresh full
/// build, and a rebuild that fails fails as a fresh one does, with the
/// same report.
#[test]
fn random_sequences_of_edits_renames_deletions_and_config_changes_serve_a_fresh_build() {
    let mut rng = Rng(0x5eed);
    let (mut partial, mut failed, mut full) = (0, 0, 0);
    for sequence in 0..200 {
        let t = PlaybookTest::fixture("basic");
        let options = Options {
            root: t.root.clone(),
            drafts: sequence % 2 == 0,
            ..Options::default()
        };
        let mut session = Session::default();
        let mut served = Served::new();
        let (status, _) = rebuild(&mut session, &options, None, &mut served);
        assert_eq!(status, Status::Ok);
        let mut history = Vec::new();
        let mut last_good = served.clone();
        for step in 0..5 {
            let (what, files) = change(&mut rng, &t.root, step);
            history.push(what);
            let context = format!("sequence {sequence}: {}", history.join(", then "));
            let (status, published) = rebuild(&mut session, &options, Some(&files), &mut served);
            let mut scratch = Served::new();
            let (fresh_status, fresh) =
                rebuild(&mut Session::default(), &options, None, &mut scratch);
            assert_eq!(
                status, fresh_status,
                "after {context}: {}",
                published.report
            );
            assert_eq!(published.report, fresh.report, "after {context}");
            if status == Status::Ok {
                assert_same(&served, &scratch, &context);
                last_good = served.clone();
                if published.full {
                    full += 1;
                } else {
                    partial += 1;
                }
            } else {
                failed += 1;
                assert_same(
                    &served,
                    &last_good,
                    &format!("{context} (the last good site stays)"),
                );
            }
        }
    }
    assert!(partial > 200, "only {partial} partial updates");
    assert!(full > 50, "only {full} full rebuilds");
    assert!(failed > 20, "only {failed} failed rebuilds");
}

/// A page that gains a link to another note's heading is checked again
/// when that heading goes, though its own file did not change: the
/// rebuild fails as a fresh build does, and succeeds again once the link
/// goes too.
#[test]
fn a_link_added_in_one_save_breaks_when_a_later_save_removes_its_heading() {
    let t = PlaybookTest::fixture("basic");
    let options = Options {
        root: t.root.clone(),
        ..Options::default()
    };
    let mut session = Session::default();
    let mut served = Served::new();
    assert_eq!(
        rebuild(&mut session, &options, None, &mut served).0,
        Status::Ok
    );
    let seo = "content/en/channels/seo.md".to_string();
    let pricing = "content/en/pricing.md".to_string();
    let mut save = |rel: &String, from: &str, to: &str| {
        t.edit(rel, from, to);
        let (status, published) = rebuild(
            &mut session,
            &options,
            Some(std::slice::from_ref(rel)),
            &mut served,
        );
        let mut scratch = Served::new();
        let (_, fresh_build) = rebuild(&mut Session::default(), &options, None, &mut scratch);
        assert_eq!(published.report, fresh_build.report);
        (status, published)
    };

    let (status, _) = save(
        &pricing,
        "## Tiers {#tiers}",
        "## Discounts\n\n## Tiers {#tiers}",
    );
    assert_eq!(status, Status::Ok);
    let (status, published) = save(&seo, "~~Keyword stuffing~~.", "See [[pricing#discounts]].");
    assert_eq!(status, Status::Ok, "{}", published.report);
    assert!(!published.full);
    let (status, published) = save(&pricing, "## Discounts\n\n", "");
    assert_eq!(status, Status::ContentErrors);
    assert!(
        published.report.contains("no heading `#discounts`") && published.report.contains(&seo),
        "{}",
        published.report
    );
    let (status, published) = save(&seo, "[[pricing#discounts]]", "[[pricing]]");
    assert_eq!(status, Status::Ok, "{}", published.report);
    assert_same(&served, &fresh(&options), "the link fixed");
}
