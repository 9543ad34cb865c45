//! Where `build` may write: it replaces only folders it wrote itself, and
//! refuses (exit 2, nothing touched) every path where replacing the folder
//! could lose somebody's files.

use std::path::Path;

use crate::support::{PlaybookTest, Run, run_with_env, snapshot};

/// Runs `build --out <out>` and asserts a refusal that changed nothing in
/// `watched`.
#[track_caller]
fn refuses(t: &PlaybookTest, out: &Path, watched: &Path, why: &str) -> Run {
    let before = snapshot(watched);
    let run = t.run(&["build", "--out", out.to_str().unwrap()]);
    run.expect_code(2)
        .expect_stderr("error[unsafe-output]")
        .expect_stderr("refusing to write the site")
        .expect_stderr(why);
    assert_eq!(snapshot(watched), before, "a refused build changed files");
    run
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn refuses_the_file_system_root() {
    let t = PlaybookTest::fixture("basic");
    let before = names(Path::new("/"));
    let run = t.run(&["build", "--out", "/"]);
    run.expect_code(2)
        .expect_stderr("refusing")
        .expect_stderr("file system root");
    assert_eq!(names(Path::new("/")), before);
}

#[test]
fn refuses_the_home_folder() {
    let t = PlaybookTest::fixture("basic");
    let home = t.temp().join("home");
    std::fs::create_dir(&home).unwrap();
    std::fs::write(home.join(".profile"), "export A=1\n").unwrap();
    let before = snapshot(t.temp());
    let run = run_with_env(
        &t.root,
        &["build", "--out", home.to_str().unwrap()],
        &[("HOME", &home)],
    );
    run.expect_code(2).expect_stderr("your home folder");
    assert_eq!(snapshot(t.temp()), before);
}

#[test]
fn refuses_the_playbook_root_and_its_parents() {
    let t = PlaybookTest::fixture("basic");
    refuses(&t, &t.root, t.temp(), "holds the playbook itself");
    refuses(&t, Path::new("."), t.temp(), "holds the playbook itself");
    refuses(&t, Path::new(".."), t.temp(), "holds the playbook itself");
    refuses(&t, t.temp(), t.temp(), "holds the playbook itself");
}

#[test]
fn refuses_the_source_folders() {
    let t = PlaybookTest::fixture("basic");
    refuses(&t, &t.root.join("content"), t.temp(), "`content/`");
    refuses(&t, &t.root.join("content/en/site"), t.temp(), "`content/`");
    refuses(&t, &t.root.join("static"), t.temp(), "`static/`");
}

#[test]
fn refuses_a_folder_holding_files_playbook_did_not_write() {
    let t = PlaybookTest::fixture("basic");
    let out = t.temp().join("docs");
    std::fs::create_dir_all(out.join("drafts")).unwrap();
    std::fs::write(out.join("drafts/plan.txt"), "keep me\n").unwrap();
    refuses(&t, &out, t.temp(), "drafts/plan.txt");
}

#[test]
fn refuses_its_own_folder_once_someone_added_a_file() {
    let t = PlaybookTest::fixture("basic");
    t.build();
    std::fs::write(t.public().join("notes.txt"), "mine\n").unwrap();
    let run = refuses(&t, &t.public(), t.temp(), "notes.txt");
    run.expect_stderr("playbook did not write");
}

#[test]
fn refuses_a_file() {
    let t = PlaybookTest::fixture("basic");
    let out = t.temp().join("site.html");
    std::fs::write(&out, "<p>hand-written</p>\n").unwrap();
    refuses(&t, &out, t.temp(), "is a file");
}

#[cfg(unix)]
#[test]
fn refuses_a_link_to_the_playbook() {
    let t = PlaybookTest::fixture("basic");
    let link = t.temp().join("site");
    std::os::unix::fs::symlink(&t.root, &link).unwrap();
    refuses(&t, &link, t.temp(), "holds the playbook itself");
}

#[test]
fn writes_into_a_new_or_empty_folder() {
    let t = PlaybookTest::fixture("basic");
    let fresh = t.temp().join("a/b/site");
    t.run(&["build", "--out", fresh.to_str().unwrap()])
        .expect_code(0);
    assert!(fresh.join("en/index.html").is_file());

    let empty = t.temp().join("empty");
    std::fs::create_dir(&empty).unwrap();
    t.run(&["build", "--out", empty.to_str().unwrap()])
        .expect_code(0);
    assert!(empty.join("index.html").is_file());
}

#[test]
fn the_marker_lists_exactly_the_files_written() {
    let t = PlaybookTest::fixture("basic");
    t.build();
    let marker = std::fs::read_to_string(t.public().join(".playbook-output")).unwrap();
    let listed: Vec<&str> = marker
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    let written: Vec<String> = snapshot(&t.public())
        .into_iter()
        .filter(|(_, bytes)| bytes != b"<dir>")
        .map(|(path, _)| path.to_string_lossy().into_owned())
        .filter(|p| p != ".playbook-output")
        .collect();
    let mut listed_sorted: Vec<String> = listed.iter().map(|s| s.to_string()).collect();
    listed_sorted.sort();
    let mut written_sorted = written.clone();
    written_sorted.sort();
    assert_eq!(listed_sorted, written_sorted);
    assert!(written.iter().any(|p| p == "en/index.html"));
}

#[test]
fn a_second_build_replaces_the_first_and_drops_stale_pages() {
    let t = PlaybookTest::fixture("basic");
    t.build();
    assert!(t.site().has("en/channels/webinars/index.html"));
    t.remove("content/en/channels/webinars.md");
    let text = std::fs::read_to_string(t.root.join("content/en/pricing.md")).unwrap();
    t.file(
        "content/en/pricing.md",
        &text.replace("What we charge and why.", "Prices, revised."),
    );
    t.build();
    let site = t.site();
    assert!(!site.has("en/channels/webinars/index.html"));
    assert!(site.text("en/index.html").contains("Prices, revised."));
    let leftovers: Vec<String> = names(t.temp())
        .into_iter()
        .chain(names(&t.root))
        .filter(|n| n.starts_with(".playbook-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_playbook_with_only_one_language_folder_builds_and_warns() {
    let t = PlaybookTest::empty();
    t.file(
        "content/en/plan.md",
        "+++\ntitle = \"Plan\"\ntags = [\"upstream\"]\n+++\nThe plan.\n",
    );
    t.run(&["build"])
        .expect_code(0)
        .expect_stderr("warning[missing-language-folder]");
    assert!(t.site().has("en/plan/index.html"));
    assert!(t.site().has("de/index.html"));
}

#[cfg(unix)]
#[test]
fn refuses_the_notes_when_content_is_a_link() {
    let t = PlaybookTest::fixture("basic");
    std::fs::rename(t.root.join("content"), t.root.join("notes")).unwrap();
    std::os::unix::fs::symlink("notes", t.root.join("content")).unwrap();
    t.build();
    for out in ["notes/site", "content/site", "notes"] {
        refuses(
            &t,
            &t.root.join(out),
            &t.root.join("notes"),
            "inside the playbook's `content/` folder",
        );
    }
}

/// The staging folders beside the site, by name.
fn staging_folders(t: &PlaybookTest) -> Vec<String> {
    names(&t.root)
        .into_iter()
        .filter(|n| n.starts_with(".playbook-tmp-"))
        .collect()
}

/// A build killed with SIGKILL cannot clean up; the next build removes
/// what it left, because no live process holds its lock.
#[cfg(unix)]
#[test]
fn the_next_build_removes_the_staging_folder_of_a_killed_build() {
    let t = PlaybookTest::fixture("basic");
    t.build();
    let mut notes = 400;
    let left = loop {
        for n in 0..notes {
            t.file(
                &format!("content/en/bulk/t{n}.md"),
                &format!(
                    "+++\ntitle = \"Tactic {n}\"\ntags = [\"downstream\"]\nstrategy = \"positioning\"\n+++\n\n{}\n",
                    "A paragraph about the tactic. ".repeat(40)
                ),
            );
        }
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_playbook"))
            .arg("build")
            .current_dir(&t.root)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Kill it as soon as its staging folder is marked.
        let seen = loop {
            let marked = staging_folders(&t)
                .into_iter()
                .find(|n| t.root.join(n).join(".playbook-output").exists());
            if marked.is_some() || child.try_wait().unwrap().is_some() {
                break marked;
            }
            std::thread::yield_now();
        };
        let _ = child.kill();
        let _ = child.wait();
        if let Some(name) = seen
            && t.root.join(&name).exists()
        {
            break name;
        }
        // The build was done before it could be caught: a bigger one.
        assert!(notes < 20_000, "never caught a build while it was staging");
        notes *= 2;
    };
    let before = snapshot(&t.public());
    t.build();
    assert!(
        !t.root.join(&left).exists(),
        "{left} is still there after the next build"
    );
    assert!(staging_folders(&t).is_empty(), "{:?}", staging_folders(&t));
    assert_ne!(
        snapshot(&t.public()),
        before,
        "the next build wrote the site"
    );
}

/// A staging folder that a live build holds, or that playbook did not mark,
/// is left alone.
#[cfg(unix)]
#[test]
fn a_staging_folder_that_is_held_or_unmarked_is_left_alone() {
    let t = PlaybookTest::fixture("basic");
    let held = t.root.join(".playbook-tmp-held");
    let foreign = t.root.join(".playbook-tmp-foreign");
    let header = "# Written by playbook build. `playbook build` replaces this folder only while it holds nothing but the files listed here.\n";
    t.file(".playbook-tmp-held/.playbook-output", header);
    t.file(".playbook-tmp-held/index.html", "half a site");
    t.file(".playbook-tmp-foreign/notes.txt", "somebody's notes");
    let lock = std::fs::File::open(&held).unwrap();
    lock.lock().unwrap();
    t.build();
    assert!(
        held.join("index.html").exists(),
        "a live build's folder was removed"
    );
    assert!(foreign.join("notes.txt").exists());
    drop(lock);
    t.build();
    assert!(!held.exists(), "an abandoned staging folder was kept");
    assert!(
        foreign.join("notes.txt").exists(),
        "an unmarked folder was removed"
    );
}
