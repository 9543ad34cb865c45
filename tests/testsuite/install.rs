//! `cargo install --path .` as the README gives it: the installed binary
//! carries its theme, works from any folder, and names its version and
//! commit.

use std::path::Path;
use std::process::Command;

/// Runs the installed binary in `dir`.
fn run(bin: &Path, dir: &Path, args: &[&str]) -> std::process::Output {
    let out = Command::new(bin)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "`playbook {}` failed:\n{}{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn cargo_install_gives_a_binary_that_starts_builds_and_checks_a_playbook_anywhere() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = tempfile::tempdir().unwrap();
    // A target folder of its own: the test suite's is locked by the build
    // running this test. Debug, as a release build would take minutes.
    let target = source.join("target/install-test");
    let status = Command::new(env!("CARGO"))
        .args(["install", "--debug", "--locked", "--quiet", "--path"])
        .arg(source)
        .arg("--root")
        .arg(root.path())
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "cargo install failed");
    let bin = root.path().join("bin/playbook");
    assert!(bin.is_file());

    // From a folder that has nothing to do with this repository.
    let work = tempfile::tempdir().unwrap();
    run(&bin, work.path(), &["init", "my-playbook"]);
    let book = work.path().join("my-playbook");
    run(&bin, &book, &["check"]);
    run(&bin, &book, &["build"]);
    let home = std::fs::read_to_string(book.join("public/index.html")).unwrap();
    assert!(home.contains("<html"), "{home}");
    // The theme, embedded in the binary, is written with the site.
    let css = std::fs::read_to_string(book.join("public/assets/style.css")).unwrap();
    assert!(css.contains('{'), "{css}");
    assert!(home.contains("assets/style.css"), "{home}");

    let version = run(&bin, work.path(), &["--version"]);
    let version = String::from_utf8_lossy(&version.stdout).trim().to_string();
    assert!(
        version.starts_with(&format!("playbook {}", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(source)
        .output();
    if let Ok(head) = head
        && head.status.success()
    {
        let head = String::from_utf8_lossy(&head.stdout).trim().to_string();
        assert_eq!(
            version,
            format!("playbook {} (commit {head})", env!("CARGO_PKG_VERSION"))
        );
    }
}
