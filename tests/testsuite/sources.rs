//! What a build reads from disk: only files inside the playbook's folder,
//! each under one name, none silently dropped. Real links, real names.

use std::path::Path;

use crate::errors::breaks;
use crate::support::{PlaybookTest, snapshot};

/// A secret beside the playbook, where a link could reach it.
fn secret(t: &PlaybookTest) -> std::path::PathBuf {
    let dir = t.temp().join("outside");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("secret.txt"), "TOKEN=hunter2\n").unwrap();
    dir
}

#[cfg(unix)]
fn link(target: &Path, at: &Path) {
    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, at).unwrap();
}

/// No file of the written site holds the secret.
#[track_caller]
fn nothing_leaked(site: &Path) {
    for (path, bytes) in snapshot(site) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("hunter2"),
            "{} holds the secret",
            path.display()
        );
    }
}

#[cfg(unix)]
#[test]
fn a_link_to_a_file_outside_the_playbook_is_an_error_naming_link_and_target() {
    let run = breaks(
        |t| {
            let outside = secret(t);
            link(
                &outside.join("secret.txt"),
                &t.root.join("content/en/logo.txt"),
            );
        },
        1,
        "outside-link",
        "content/en/logo.txt",
    );
    run.expect_stderr("leads outside the playbook")
        .expect_stderr("outside/secret.txt");
}

#[cfg(unix)]
#[test]
fn links_out_of_every_source_folder_are_refused_and_nothing_is_published() {
    for (at, whole_folder) in [
        ("content/en/shared", true),
        ("content/de/notes.md", false),
        ("static/keys", true),
        ("static/env.txt", false),
        ("themes/corp/static/leak.txt", false),
        ("themes/corp/templates/page.html", false),
    ] {
        let t = PlaybookTest::fixture("basic");
        t.file("themes/corp/static/ok.css", "body{}\n");
        t.edit(
            "book.toml",
            "[languages.en]",
            "[build]\ntheme = \"corp\"\n\n[languages.en]",
        );
        let outside = secret(&t);
        let target = if whole_folder {
            outside.clone()
        } else {
            outside.join("secret.txt")
        };
        link(&target, &t.root.join(at));
        let site = t.temp().join("site");
        let run = t.run(&["build", "--out", site.to_str().unwrap()]);
        run.expect_code(1)
            .expect_stderr("error[outside-link]")
            .expect_stderr(&format!("--> {at}"));
        assert!(!site.exists(), "{at}: a failed build wrote a site");
        t.run(&["check"])
            .expect_code(1)
            .expect_stderr("error[outside-link]");

        // Taken away, the site builds and holds nothing from outside.
        std::fs::remove_file(t.root.join(at)).unwrap();
        t.run(&["build", "--out", site.to_str().unwrap()])
            .expect_code(0);
        nothing_leaked(&site);
    }
}

#[cfg(unix)]
#[test]
fn the_language_folder_itself_may_not_lead_outside() {
    let t = PlaybookTest::fixture("basic");
    let outside = secret(&t);
    std::fs::write(
        outside.join("tac.md"),
        "+++\ntitle = \"T\"\ntags = [\"downstream\"]\nstrategy = \"positioning\"\n+++\nhunter2\n",
    )
    .unwrap();
    std::fs::remove_dir_all(t.root.join("content/pt")).unwrap();
    link(&outside, &t.root.join("content/pt"));
    t.run(&["check"])
        .expect_code(1)
        .expect_stderr("error[outside-link]")
        .expect_stderr("--> content/pt");
}

#[cfg(unix)]
#[test]
fn links_inside_the_playbook_are_followed() {
    let t = PlaybookTest::fixture("basic");
    t.file("shared/brand/logo.txt", "the logo\n");
    link(
        Path::new("../../shared/brand/logo.txt"),
        &t.root.join("content/en/logo.txt"),
    );
    link(Path::new("../shared/brand"), &t.root.join("static/brand"));
    t.build();
    let site = t.site();
    assert_eq!(site.text("en/logo.txt"), "the logo\n");
    assert_eq!(site.text("brand/logo.txt"), "the logo\n");
}

#[cfg(unix)]
#[test]
fn a_link_loop_is_an_error_not_a_hang() {
    let run = breaks(
        |t| link(Path::new(".."), &t.root.join("content/en/channels/up")),
        1,
        "unreadable-file",
        "content/en/channels/up",
    );
    run.expect_stderr("symbolic link loop");
}

#[test]
fn two_names_that_differ_only_in_accent_encoding_are_an_error_naming_both() {
    let nfc = "gr\u{f6}\u{df}e";
    let nfd = "gro\u{308}\u{df}e";
    for (folder, first, second) in [
        (
            "content/en/gr",
            format!("content/en/{nfc}.md"),
            format!("content/en/{nfd}.md"),
        ),
        (
            "static/gr",
            format!("static/{nfc}.txt"),
            format!("static/{nfd}.txt"),
        ),
    ] {
        let run = breaks(
            |t| {
                let text = "+++\ntitle = \"G\"\ntags = [\"downstream\"]\nstrategy = \"positioning\"\n+++\nx\n";
                t.file(&first, text);
                t.file(&second, text);
            },
            1,
            "duplicate-path",
            folder,
        );
        run.expect_stderr("differ only in how their accents are encoded")
            .expect_stderr("o\\u{308}");
        assert!(
            run.stderr.contains(nfc),
            "{folder}: the NFC name is not shown:\n{}",
            run.stderr
        );
    }
}

#[test]
fn a_line_break_in_a_file_name_is_refused_and_never_blocks_the_next_build() {
    for name in [
        "content/en/a\nb.txt",
        "static/file.txt\r",
        "static/dir\nx/f.txt",
    ] {
        let t = PlaybookTest::fixture("basic");
        t.build();
        t.file(name, "x");
        t.run(&["check"])
            .expect_code(1)
            .expect_stderr("error[file-name]")
            .expect_stderr("line break or another control character");
        t.run(&["build"]).expect_code(1);
        std::fs::remove_file(t.root.join(name)).unwrap();
        t.build();
    }
}

#[cfg(unix)]
fn fifo(at: &Path) {
    rustix::fs::mknodat(
        rustix::fs::CWD,
        at,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o644),
        0,
    )
    .unwrap();
}

#[cfg(unix)]
#[test]
fn a_book_toml_that_is_a_fifo_is_an_error_not_a_hang() {
    let t = PlaybookTest::fixture("basic");
    std::fs::remove_file(t.root.join("book.toml")).unwrap();
    fifo(&t.root.join("book.toml"));
    for command in ["build", "check"] {
        t.run(&[command])
            .expect_code(2)
            .expect_stderr("not a regular file");
    }
}

#[cfg(unix)]
#[test]
fn an_output_marker_that_is_a_fifo_refuses_the_folder_instead_of_hanging() {
    let t = PlaybookTest::fixture("basic");
    t.build().expect_code(0);
    let marker = t.public().join(".playbook-output");
    std::fs::remove_file(&marker).unwrap();
    fifo(&marker);
    t.run(&["build"])
        .expect_code(2)
        .expect_stderr("which playbook did not write");
}

#[test]
fn a_nul_byte_reaches_the_site_as_a_replacement_character() {
    let t = PlaybookTest::fixture("basic");
    t.file(
        "content/en/future.md",
        "+++\ntitle = \"Future\"\ntags = [\"downstream\"]\nstrategy = \"positioning\"\n+++\n\nSum\0mary of it.\n\n## Head\0ing\n\nBo\0dy `co\0de`\n\n```\nblo\0ck\n```\n",
    );
    t.build().expect_code(0);
    let mut nul = 0;
    for (path, text) in t.site().all_text() {
        assert!(!text.contains('\0'), "{path} holds a NUL byte");
        nul += text.matches('\u{fffd}').count();
    }
    let page = t.site().text("en/future/index.html");
    for word in [
        "Bo\u{fffd}dy",
        "co\u{fffd}de",
        "blo\u{fffd}ck",
        "Head\u{fffd}ing",
        "Sum\u{fffd}mary",
    ] {
        assert!(page.contains(word), "{word} is not on the page");
    }
    assert!(
        t.site()
            .text("en/positioning/index.html")
            .contains("Sum\u{fffd}mary"),
        "the strategy's list of tactics lost the replacement"
    );
    assert!(nul > 5);
}

#[test]
fn a_weight_beyond_64_bits_is_too_large() {
    breaks(
        |t| {
            t.edit(
                "content/en/pricing.md",
                "weight = 20",
                "weight = 9223372036854775808",
            );
        },
        1,
        "front-matter",
        "content/en/pricing.md:5:10",
    )
    .expect_stderr("`weight` is too large");
}

/// A tactic at `rel` (below `content/`), serving `positioning`.
fn tactic(t: &PlaybookTest, rel: &str, extra: &str) {
    t.file(
        rel,
        &format!(
            "+++\ntitle = \"Extra\"\ntags = [\"downstream\"{extra}]\nstrategy = \"positioning\"\n+++\n\nText.\n"
        ),
    );
}

#[test]
fn a_file_named_like_a_notes_page_folder_fails_check_as_it_would_fail_build() {
    breaks(
        |t| {
            t.file("content/en/channels/seo", "not a note");
        },
        1,
        "duplicate-path",
        "content/en/channels/seo.md",
    )
    .expect_stderr("the file copied to `/en/channels/seo`");
    breaks(
        |t| tactic(t, "content/en/index.html.md", ""),
        1,
        "duplicate-path",
        "content/en/index.html.md",
    )
    .expect_stderr("the home page `/en/index.html`");
    breaks(
        |t| {
            t.file("static/de/positionierung", "a file where a page goes");
        },
        1,
        "duplicate-path",
        "content/de/positioning.md:3:8",
    );
    breaks(
        |t| {
            t.file(
                "static/en/pricing/index.html/keep.txt",
                "a folder where a page goes",
            );
        },
        1,
        "duplicate-path",
        "content/en/pricing.md",
    )
    .expect_stderr("copied files need a folder of that name");
}

#[test]
fn slugs_and_tags_that_cannot_be_folder_names_fail_check() {
    for (slug, why) in [
        (".dotted".to_string(), "hidden folder"),
        ("v%2e1".to_string(), "`%`"),
        ("s".repeat(300), "too long"),
    ] {
        breaks(
            |t| {
                t.edit(
                    "content/de/pricing.md",
                    "title = \"Preisgestaltung\"\n",
                    &format!("title = \"Preisgestaltung\"\nslug = \"{slug}\"\n"),
                );
            },
            1,
            "invalid-slug",
            "content/de/pricing.md:3:8",
        )
        .expect_stderr(why);
    }
    breaks(
        |t| {
            tactic(
                t,
                "content/en/long.md",
                &format!(", \"{}\"", "t".repeat(300)),
            )
        },
        1,
        "invalid-tag",
        "content/en/long.md:3:23",
    )
    .expect_stderr("too long");
}

#[test]
fn tags_that_share_one_page_are_a_warning_naming_each_tag_and_file() {
    let t = PlaybookTest::fixture("basic");
    tactic(&t, "content/en/cpp.md", ", \"C++\"");
    tactic(&t, "content/en/csharp.md", ", \"C#\"");
    tactic(&t, "content/en/c.md", ", \"c\"");
    let run = t.build();
    run.expect_stderr("warning[tag-slug]")
        .expect_stderr("the tags `C#`, `C++`, `c` share one page, `tags/c/`");
    for file in [
        "content/en/cpp.md",
        "content/en/csharp.md",
        "content/en/c.md",
    ] {
        run.expect_stderr(file);
    }
    t.run(&["check", "--deny-warnings"])
        .expect_code(1)
        .expect_stderr("warning[tag-slug]");
    // Spelled alike, they are one tag and nothing is reported.
    t.edit("content/en/csharp.md", "\"C#\"", "\"C++\"");
    t.edit("content/en/c.md", "\"c\"", "\"C++\"");
    assert!(!t.build().stderr.contains("tag-slug"));
}
