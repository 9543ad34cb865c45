//! What CI services read: GitHub Actions workflow commands and SARIF logs
//! from `check`, `build` and `translations`, shell completions and the man
//! page, and `build --watch` for a folder another server publishes.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{PlaybookTest, run_in, snapshot};

const BOOK: &str = "[book]\ntitle = \"T\"\ndefault-language = \"en\"\n\n[languages.en]\nname = \"English\"\n\n[languages.de]\nname = \"Deutsch\"\n";
const STRAT: &str = "+++\ntitle = \"Strat\"\ntags = [\"upstream\"]\n+++\nThe plan.\n";

/// A playbook inside a git repository, in its `docs/book` folder, with two
/// errors (a broken link whose target holds `%`, a tactic without a
/// strategy) and one warning (an empty link) in English, and no German.
fn two_errors_and_a_warning() -> (PlaybookTest, std::path::PathBuf) {
    let t = PlaybookTest::empty();
    std::fs::create_dir(t.root.join(".git")).unwrap();
    let book = t.root.join("docs/book");
    let file = |rel: &str, text: &str| {
        let path = book.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    file("book.toml", BOOK);
    file("content/de/.keep", "");
    file("content/en/strat.md", STRAT);
    file(
        "content/en/tac.md",
        "+++\ntitle = \"Tac\"\ntags = [\"downstream\"]\nstrategy = \"strat\"\n+++\nSee [[50%-off]], then [this]().\n",
    );
    file(
        "content/en/lone.md",
        "+++\ntitle = \"Lone\"\ntags = [\"downstream\"]\n+++\nA step.\n",
    );
    (t, book)
}

/// One workflow command, read back as GitHub's runner reads it.
#[derive(Debug)]
struct Annotation {
    command: String,
    properties: Vec<(String, String)>,
    message: String,
}

impl Annotation {
    fn get(&self, key: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Undoes GitHub's escapes, failing on a `%` that starts none.
fn unescape(text: &str, property: bool) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let code = &rest[at..at + 3];
        out.push(match code {
            "%25" => '%',
            "%0D" => '\r',
            "%0A" => '\n',
            "%3A" if property => ':',
            "%2C" if property => ',',
            _ => panic!("`{code}` is no escape of a workflow command: {text}"),
        });
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    out
}

/// Parses stdout as workflow commands: every line is one, in the syntax
/// `::command key=value,key=value::message`, with nothing unescaped that
/// the runner would read as syntax.
fn annotations(stdout: &str) -> Vec<Annotation> {
    stdout
        .lines()
        .map(|line| {
            let rest = line
                .strip_prefix("::")
                .unwrap_or_else(|| panic!("not a workflow command: {line}"));
            let (head, message) = rest.split_once("::").expect("a command ends with ::");
            assert!(!message.contains('\r') && !message.contains('\n'));
            let (command, properties) = head.split_once(' ').unwrap_or((head, ""));
            assert!(
                matches!(command, "error" | "warning" | "notice"),
                "{command}"
            );
            let properties = properties
                .split(',')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (k, v) = p.split_once('=').expect("key=value");
                    assert!(!v.contains(':'), "unescaped `:` in {line}");
                    (k.to_string(), unescape(v, true))
                })
                .collect();
            Annotation {
                command: command.to_string(),
                properties,
                message: unescape(message, false),
            }
        })
        .collect()
}

#[test]
fn check_annotates_each_error_and_warning_at_its_line_from_the_repository_root() {
    let (t, book) = two_errors_and_a_warning();
    let run = run_in(&t.root, &["check", "docs/book", "--format", "github"]);
    run.expect_code(1);
    assert!(
        !run.stderr.contains("error["),
        "the human report is not printed as well:\n{}",
        run.stderr
    );
    let found = annotations(&run.stdout);
    assert_eq!(found.len(), 3, "{found:#?}");
    let broken = found
        .iter()
        .find(|a| a.get("title") == Some("playbook broken-link"))
        .expect("the broken link");
    assert_eq!(broken.command, "error");
    assert_eq!(broken.get("file"), Some("docs/book/content/en/tac.md"));
    assert_eq!(broken.get("line"), Some("6"));
    assert_eq!(broken.get("col"), Some("5"));
    assert!(broken.message.contains("50%-off"), "{}", broken.message);
    assert!(broken.message.contains("\nhelp: "), "{}", broken.message);
    assert!(
        run.stdout.contains("50%25-off"),
        "`%` is escaped: {}",
        run.stdout
    );
    let lone = found
        .iter()
        .find(|a| a.get("file") == Some("docs/book/content/en/lone.md"))
        .expect("the tactic without a strategy");
    assert_eq!(lone.command, "error");
    let empty = found
        .iter()
        .find(|a| a.command == "warning")
        .expect("the empty link");
    assert_eq!(empty.get("title"), Some("playbook empty-link"));
    assert_eq!(empty.get("line"), Some("6"));
    assert_eq!(empty.get("col"), Some("23"));

    // The same from inside the playbook folder, and from build.
    let inside = run_in(&book, &["build", "--format", "github"]);
    inside.expect_code(1);
    let again = annotations(&inside.stdout);
    assert_eq!(again.len(), 3);
    assert!(
        again
            .iter()
            .all(|a| a.get("file").unwrap().starts_with("docs/book/content/en/"))
    );
    assert!(
        !book.join("public").exists(),
        "a failed build writes nothing"
    );
}

#[test]
fn a_playbook_outside_any_repository_is_annotated_from_the_folder_given() {
    let t = PlaybookTest::empty();
    t.file("book/book.toml", BOOK)
        .file("book/content/de/.keep", "")
        .file("book/content/en/strat.md", STRAT)
        .file(
            "book/content/en/tac.md",
            "+++\ntitle = \"Tac\"\ntags = [\"downstream\"]\nstrategy = \"strat\"\n+++\n[x]()\n",
        );
    let run = run_in(&t.root, &["check", "book", "--format", "github"]);
    run.expect_code(0);
    let found = annotations(&run.stdout);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].get("file"), Some("book/content/en/tac.md"));
}

#[test]
fn translations_annotate_missing_at_the_source_and_stale_at_the_translation() {
    let t = PlaybookTest::empty();
    t.file("book.toml", BOOK)
        .file("content/en/strat.md", STRAT)
        .file(
            "content/en/tac.md",
            "+++\ntitle = \"Tac\"\ntags = [\"downstream\"]\nstrategy = \"strat\"\n+++\nThe step.\n",
        )
        .file("content/de/strat.md", STRAT);
    t.run(&["translations", "--mark-all", "de"]).expect_code(0);
    t.edit("content/en/strat.md", "The plan.", "The new plan.");
    let run = t.run(&["translations", "--format", "github"]);
    run.expect_code(0);
    let found = annotations(&run.stdout);
    assert_eq!(found.len(), 2, "{found:#?}");
    let missing = found
        .iter()
        .find(|a| a.get("title") == Some("playbook missing-translation"))
        .unwrap();
    assert_eq!(missing.command, "warning");
    assert_eq!(missing.get("file"), Some("content/en/tac.md"));
    assert!(missing.message.contains("no de translation"));
    let stale = found
        .iter()
        .find(|a| a.get("title") == Some("playbook stale-translation"))
        .unwrap();
    assert_eq!(stale.command, "warning");
    assert_eq!(stale.get("file"), Some("content/de/strat.md"));
    assert!(stale.get("line").is_some(), "at its `translated-from`");

    let below = t.run(&["translations", "--format", "github", "--fail-under", "90"]);
    below.expect_code(1);
    assert!(
        annotations(&below.stdout)
            .iter()
            .any(|a| a.command == "error" && a.message.contains("de is 0.0% up to date")),
        "{}",
        below.stdout
    );
}

/// Validates SARIF logs with the SARIF 2.1.0 schema that `scripts/test.sh`
/// installs, through `scripts/validate-sarif.mjs`.
fn assert_valid_sarif(logs: &[&Path]) {
    let tools = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-tools");
    let out = Command::new("node")
        .arg(tools.join("validate-sarif.mjs"))
        .args(logs)
        .current_dir(&tools)
        .output()
        .expect("node runs; `bash scripts/test.sh` installs it and the schema");
    assert!(
        out.status.success(),
        "not valid SARIF 2.1.0:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn sarif_logs_validate_against_the_schema_and_hold_every_diagnostic() {
    let (t, book) = two_errors_and_a_warning();
    let mut logs = Vec::new();
    for (name, args, code) in [
        ("check", vec!["check", "docs/book", "--format", "sarif"], 1),
        ("build", vec!["build", "docs/book", "--format", "sarif"], 1),
        (
            "translations",
            vec!["translations", "docs/book", "--format", "sarif"],
            0,
        ),
    ] {
        let run = run_in(&t.root, &args);
        run.expect_code(code);
        assert!(run.stderr.is_empty(), "{name}: {}", run.stderr);
        let path = t.temp().join(format!("{name}.sarif"));
        std::fs::write(&path, &run.stdout).unwrap();
        logs.push(path);
    }
    let refs: Vec<&Path> = logs.iter().map(|p| p.as_path()).collect();
    assert_valid_sarif(&refs);

    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&logs[0]).unwrap()).unwrap();
    let run = &log["runs"][0];
    assert_eq!(run["invocations"][0]["exitCode"], 1);
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    let broken = results
        .iter()
        .find(|r| r["ruleId"] == "broken-link")
        .unwrap();
    assert_eq!(broken["level"], "error");
    let place = &broken["locations"][0]["physicalLocation"];
    assert_eq!(
        place["artifactLocation"]["uri"],
        "docs/book/content/en/tac.md"
    );
    assert_eq!(place["region"]["startLine"], 6);
    assert_eq!(place["region"]["startColumn"], 5);
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let index = broken["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "broken-link");

    // A broken schema check would pass everything: a log without its
    // tool fails.
    let bad = t.temp().join("bad.sarif");
    std::fs::write(&bad, r#"{"version": "2.1.0", "runs": [{"results": []}]}"#).unwrap();
    let out = Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-tools/validate-sarif.mjs"))
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
    drop(book);
}

#[test]
fn completions_load_in_their_shells_and_name_the_real_flags() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let run = run_in(dir.path(), &["completions", shell]);
        run.expect_code(0);
        // Fish names long flags without their dashes (`-l format`).
        for flag in ["format", "deny-warnings", "watch", "quiet"] {
            assert!(run.stdout.contains(flag), "{shell} lacks {flag}");
        }
        // PowerShell's completer offers flags, not their values.
        if shell != "powershell" {
            assert!(
                run.stdout.contains("sarif"),
                "{shell} lacks `--format sarif`"
            );
        }
    }
    let script = dir.path().join("playbook.bash");
    std::fs::write(&script, run_in(dir.path(), &["completions", "bash"]).stdout).unwrap();
    let syntax = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
        .unwrap();
    assert!(syntax.success(), "bash -n rejects the completions");
    // Loaded, it registers a completion for `playbook`.
    let loaded = Command::new("bash")
        .arg("-c")
        .arg("source \"$0\" && complete -p playbook")
        .arg(&script)
        .output()
        .unwrap();
    assert!(loaded.status.success());
    assert!(String::from_utf8_lossy(&loaded.stdout).contains("playbook"));

    let man = run_in(dir.path(), &["man"]);
    man.expect_code(0);
    assert!(man.stdout.contains(".TH playbook 1"), "{}", man.stdout);
    assert!(man.stdout.contains("completions"));
}

/// `playbook build --watch` in the background, its stderr in a file.
struct Watcher {
    child: std::process::Child,
    log: std::path::PathBuf,
}

impl Watcher {
    fn start(root: &Path) -> Watcher {
        let log = root.parent().unwrap().join("watch.log");
        let child = Command::new(env!("CARGO_BIN_EXE_playbook"))
            .args(["build", "--watch"])
            .current_dir(root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        Watcher { child, log }
    }

    fn stderr(&self) -> String {
        let mut text = String::new();
        std::fs::File::open(&self.log)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    /// Waits until `done` holds of stderr's lines, for at most a minute.
    fn wait_for(&self, what: &str, done: impl Fn(&[&str]) -> bool) {
        let start = Instant::now();
        loop {
            let text = self.stderr();
            let lines: Vec<&str> = text.lines().collect();
            if done(&lines) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "waited a minute for {what}:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The number of lines that report a finished build or a failed one.
    fn builds(lines: &[&str]) -> usize {
        lines
            .iter()
            .filter(|l| l.starts_with("built ") || l.starts_with("build failed"))
            .count()
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn staging_folders(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".playbook-tmp"))
        .collect()
}

#[test]
fn build_watch_writes_each_save_keeps_the_last_good_site_and_stops_on_ctrl_c() {
    let t = PlaybookTest::fixture("basic");
    // Enough notes that a rebuild takes a moment, so Ctrl-C can land in one.
    for n in 0..200 {
        t.file(
            &format!("content/en/bulk/t{n}.md"),
            &format!(
                "+++\ntitle = \"Tactic {n}\"\ntags = [\"downstream\"]\nstrategy = \"positioning\"\n+++\n\n{}\n",
                "A paragraph about the tactic. ".repeat(20)
            ),
        );
    }
    let w = Watcher::start(&t.root);
    w.wait_for("the first build", |l| Watcher::builds(l) == 1);
    assert!(
        w.stderr().lines().any(|l| l.starts_with("built ")),
        "{}",
        w.stderr()
    );
    let page = t.public().join("en/bulk/t1/index.html");
    assert!(std::fs::read_to_string(&page).unwrap().contains("Tactic 1"));

    // A save: a new, complete site.
    t.edit("content/en/bulk/t1.md", "Tactic 1\"", "Renamed tactic\"");
    w.wait_for("the rebuild", |l| Watcher::builds(l) == 2);
    assert!(
        std::fs::read_to_string(&page)
            .unwrap()
            .contains("Renamed tactic")
    );
    assert!(t.public().join("en/index.html").exists());
    let good = snapshot(&t.public());

    // A broken save: the error, and the site byte for byte as it was.
    t.edit(
        "content/en/bulk/t2.md",
        "strategy = \"positioning\"",
        "strategy = \"nowhere\"",
    );
    w.wait_for("the failed build", |l| {
        l.iter().any(|l| l.starts_with("build failed"))
    });
    assert!(w.stderr().contains("nowhere"), "{}", w.stderr());
    assert_eq!(
        snapshot(&t.public()),
        good,
        "a failed build changed the site"
    );

    // Ctrl-C during a rebuild: it stops, and no staging folder is left.
    t.edit(
        "content/en/bulk/t2.md",
        "strategy = \"nowhere\"",
        "strategy = \"positioning\"",
    );
    let pid = w.child.id().to_string();
    let signal = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(signal.success());
    let mut w = w;
    let status = w.child.wait().unwrap();
    assert!(status.success(), "Ctrl-C is a clean stop: {status:?}");
    assert!(w.stderr().lines().any(|l| l == "stopped"), "{}", w.stderr());
    assert!(
        staging_folders(&t.root).is_empty(),
        "{:?}",
        staging_folders(&t.root)
    );
    assert!(t.public().join("en/index.html").exists());
}

/// `playbook <args>` under a pseudo-terminal (util-linux `script`), with
/// progress shown from the start; what the terminal showed.
fn on_a_terminal(root: &Path, args: &str) -> String {
    let out = Command::new("script")
        .arg("-qec")
        .arg(format!("'{}' {args}", env!("CARGO_BIN_EXE_playbook")))
        .arg("/dev/null")
        .current_dir(root)
        .env("PLAYBOOK_PROGRESS_AFTER_MS", "0")
        .stdin(Stdio::null())
        .output()
        .expect("script runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn progress_shows_on_a_terminal_only_and_never_with_quiet_or_a_ci_format() {
    let t = PlaybookTest::fixture("basic");
    let shown = on_a_terminal(&t.root, "build");
    assert!(shown.contains("notes read"), "{shown}");
    assert!(shown.contains("built "), "the summary follows: {shown}");
    for args in [
        "build --quiet",
        "build --format json",
        "check --format github",
    ] {
        let shown = on_a_terminal(&t.root, args);
        assert!(!shown.contains("notes read"), "{args}: {shown}");
    }
    assert!(!on_a_terminal(&t.root, "build --quiet").contains("built "));
    // Not a terminal: never.
    let piped = Command::new(env!("CARGO_BIN_EXE_playbook"))
        .arg("build")
        .current_dir(&t.root)
        .env("PLAYBOOK_PROGRESS_AFTER_MS", "0")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&piped.stderr);
    assert!(!stderr.contains("notes read"), "{stderr}");
    assert!(stderr.contains("built "));
}
