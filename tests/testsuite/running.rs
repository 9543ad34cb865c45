//! Running a playbook as a team: "Edit this page" links to each note's
//! file on the team's git host.

use std::process::Command;

use crate::errors::breaks;
use crate::support::PlaybookTest;

const EDIT: &str = "https://git.example.com/marketing/playbook/-/edit/main/{path}";

/// The basic fixture with `[build] edit-url` set.
fn with_edit_url(t: &PlaybookTest, url: &str) {
    let book =
        std::fs::read_to_string(crate::support::fixture_path("basic").join("book.toml")).unwrap();
    t.file(
        "book.toml",
        &format!("{book}\n[build]\nedit-url = \"{url}\"\n"),
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
