//! Running a playbook as a team: "Edit this page" links to each note's
//! file on the team's git host, and each page says when its file last
//! changed in git.

use std::process::Command;

use crate::errors::breaks;
use crate::support::PlaybookTest;

const EDIT: &str = "https://git.example.com/marketing/playbook/-/edit/main/{path}";

/// The basic fixture with `[build] edit-url` set.
fn with_edit_url(t: &PlaybookTest, url: &str) {
    t.file(
        "book.toml",
        &crate::support::basic_book_with_build(&format!("edit-url = \"{url}\"\n")),
    );
}

fn edit_link(t: &PlaybookTest, page: &str) -> Vec<String> {
    t.site().page(page).attrs(".edit-link a", "href")
}

#[test]
fn every_note_page_links_the_file_it_shows_for_editing() {
    let t = PlaybookTest::fixture("basic");
    t.build().expect_code(0);
    assert!(
        edit_link(&t, "en/pricing/index.html").is_empty(),
        "only with edit-url"
    );

    with_edit_url(&t, EDIT);
    t.build().expect_code(0);
    let base = "https://git.example.com/marketing/playbook/-/edit/main/";
    for (page, file, label) in [
        (
            "en/pricing/index.html",
            "content/en/pricing.md",
            "Edit this page",
        ),
        (
            "de/positionierung/index.html",
            "content/de/positioning.md",
            "Diese Seite bearbeiten",
        ),
        // A note German lacks: the English file it shows.
        (
            "de/channels/webinars/index.html",
            "content/en/channels/webinars.md",
            "Diese Seite bearbeiten",
        ),
        (
            "en/channels/größe/index.html",
            "content/en/channels/gr%C3%B6%C3%9Fe.md",
            "Edit this page",
        ),
    ] {
        assert_eq!(edit_link(&t, page), [format!("{base}{file}")], "{page}");
        assert_eq!(t.site().page(page).texts(".edit-link a"), [label], "{page}");
    }
    let pages = t.site().html_files();
    let with_link = pages
        .iter()
        .filter(|p| !edit_link(&t, p).is_empty())
        .count();
    assert_eq!(
        with_link, 18,
        "every note page in every language, and no other page"
    );
}

#[test]
fn inside_a_git_repository_the_path_starts_at_the_repositorys_root() {
    let t = PlaybookTest::fixture("basic");
    with_edit_url(&t, EDIT);
    // The playbook is the folder `playbook/` of a repository.
    let git = Command::new("git")
        .args(["init", "--quiet"])
        .current_dir(t.temp())
        .status()
        .expect("git runs");
    assert!(git.success());
    t.build().expect_code(0);
    assert_eq!(
        edit_link(&t, "en/pricing/index.html"),
        ["https://git.example.com/marketing/playbook/-/edit/main/playbook/content/en/pricing.md"]
    );
}

#[test]
fn an_edit_url_without_a_path_is_an_error_at_its_line() {
    let book =
        std::fs::read_to_string(crate::support::fixture_path("basic").join("book.toml")).unwrap();
    let line = book.lines().count() + 3;
    breaks(
        |t| with_edit_url(t, "https://git.example.com/edit/main/"),
        2,
        "config",
        &format!("book.toml:{line}:12"),
    )
    .expect_stderr("`edit-url` has no `{path}` for the note's file");
}

/// Runs git in `dir` with a fixed author, committing at `date`.
fn git(dir: &std::path::Path, args: &[&str], date: &str) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=Playbook Test",
            "-c",
            "user.email=test@example.com",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn each_note_page_shows_the_day_of_the_last_commit_that_changed_its_file() {
    let t = PlaybookTest::fixture("basic");
    t.build().expect_code(0);
    let site = t.site();
    assert!(
        site.html_files()
            .iter()
            .all(|p| site.page(p).texts(".page-updated").is_empty()),
        "outside a repository there are no dates"
    );
    assert!(!site.text("sitemap.xml").contains("<lastmod>"));

    git(&t.root, &["init", "--quiet"], "2026-02-01T10:00:00+00:00");
    git(&t.root, &["add", "-A"], "2026-02-01T10:00:00+00:00");
    git(
        &t.root,
        &["commit", "--quiet", "-m", "first"],
        "2026-02-01T10:00:00+00:00",
    );
    t.edit(
        "content/en/pricing.md",
        "## Tiers",
        "A new line.\n\n## Tiers",
    );
    git(
        &t.root,
        &["commit", "--quiet", "-am", "second"],
        "2026-03-02T10:00:00+00:00",
    );
    // Changed since, not committed: it keeps its last commit's day.
    t.edit(
        "content/en/positioning.md",
        "## ",
        "Not committed yet.\n\n## ",
    );
    t.build().expect_code(0);
    let site = t.site();
    for (page, text, iso) in [
        (
            "en/pricing/index.html",
            "Last updated 2 Mar 2026",
            "2026-03-02",
        ),
        (
            "en/positioning/index.html",
            "Last updated 1 Feb 2026",
            "2026-02-01",
        ),
        (
            "en/channels/größe/index.html",
            "Last updated 1 Feb 2026",
            "2026-02-01",
        ),
        (
            "de/positionierung/index.html",
            "Zuletzt geändert am 1. Februar 2026",
            "2026-02-01",
        ),
        (
            "pt/posicionamento/index.html",
            "Atualizado em 1 de fevereiro de 2026",
            "2026-02-01",
        ),
    ] {
        let p = site.page(page);
        assert_eq!(p.texts(".page-updated"), [text], "{page}");
        assert_eq!(p.attrs(".page-updated time", "datetime"), [iso], "{page}");
    }
    let sitemap = site.text("sitemap.xml");
    assert!(
        sitemap.contains("<loc>/en/pricing/</loc>\n<lastmod>2026-03-02</lastmod>"),
        "{sitemap}"
    );
    // The same history gives the same site.
    let first = crate::support::snapshot(&t.public());
    t.build().expect_code(0);
    assert_eq!(crate::support::snapshot(&t.public()), first);
}
