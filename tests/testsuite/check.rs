//! `check` as CI uses it: JSON output, error codes and their explanations,
//! the coverage report, and what a crash looks like.

use std::path::Path;

use serde_json::Value;

use crate::support::{PlaybookTest, Run, run_in, run_with_env, snapshot};

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}

#[test]
fn json_output_carries_every_diagnostic_with_its_position() {
    let t = PlaybookTest::fixture("basic");
    t.file(
        "content/en/linker.md",
        "+++\ntitle = \"L\"\ntags = [\"upstream\"]\nstratgy = \"x\"\n+++\nSee [[prcing]].\n",
    );
    let run = t.run(&["check", "--format", "json"]);
    run.expect_code(1);
    assert_eq!(run.stderr, "", "JSON mode keeps stderr quiet");
    let doc = json(&run.stdout);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["command"], "check");
    assert_eq!(doc["status"], "content-errors");
    assert_eq!(doc["exit-code"], 1);
    assert_eq!(doc["summary"]["errors"], 1);
    let diags = doc["diagnostics"].as_array().unwrap();
    let broken = diags
        .iter()
        .find(|d| d["code"] == "broken-link")
        .expect("a broken-link diagnostic");
    assert_eq!(broken["severity"], "error");
    assert_eq!(broken["file"], "content/en/linker.md");
    assert_eq!(broken["line"], 6);
    assert_eq!(broken["column"], 5);
    assert_eq!(broken["end-line"], 6);
    assert_eq!(broken["end-column"], 15);
    assert!(broken["hint"].as_str().unwrap().contains("pricing"));
    let unknown = diags
        .iter()
        .find(|d| d["code"] == "unknown-key")
        .expect("an unknown-key warning");
    assert_eq!(unknown["severity"], "warning");
    assert_eq!(unknown["line"], 4);
    assert!(unknown["hint"].as_str().unwrap().contains("strategy"));
}

#[test]
fn json_output_of_a_good_build_has_the_summary() {
    let t = PlaybookTest::fixture("basic");
    let run = t.run(&["build", "--format", "json"]);
    run.expect_code(0);
    let doc = json(&run.stdout);
    assert_eq!(doc["status"], "ok");
    assert_eq!(doc["summary"]["notes"]["en"], 6);
    assert_eq!(doc["summary"]["notes"]["de"], 4);
    assert!(doc["summary"]["files-written"].as_u64().unwrap() > 20);
    let coverage = doc["summary"]["coverage"].as_array().unwrap();
    assert_eq!(coverage[0]["language"], "en");
    assert_eq!(coverage[1]["present"], 4);
    assert_eq!(coverage[1]["total"], 6);
}

#[test]
fn json_output_for_config_errors() {
    let t = PlaybookTest::fixture("basic");
    t.file("book.toml", "[book\n");
    let run = t.run(&["check", "--format", "json"]);
    run.expect_code(2);
    let doc = json(&run.stdout);
    assert_eq!(doc["status"], "config-error");
    assert_eq!(doc["diagnostics"][0]["code"], "config");
    assert_eq!(doc["diagnostics"][0]["file"], "book.toml");
    assert_eq!(doc["diagnostics"][0]["line"], 1);
}

#[test]
fn explain_describes_every_code_it_lists() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let list = run_in(dir, &["explain"]);
    list.expect_code(0);
    let codes: Vec<&str> = list
        .stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(codes.contains(&"broken-link") && codes.contains(&"unsafe-output"));
    for code in codes {
        let run = run_in(dir, &["explain", code]);
        run.expect_code(0);
        assert!(run.stdout.starts_with(code), "{}", run.stdout);
        assert!(run.stdout.contains("Fix"), "{code} explains no fix");
    }
    run_in(dir, &["explain", "brokn-link"])
        .expect_code(2)
        .expect_stderr("did you mean `broken-link`");
}

#[test]
fn a_strategy_without_tactics_is_a_warning() {
    let t = PlaybookTest::fixture("basic");
    t.file(
        "content/en/brand.md",
        "+++\ntitle = \"Brand\"\ntags = [\"upstream\"]\n+++\nText.\n",
    );
    t.run(&["check"])
        .expect_code(0)
        .expect_stderr("warning[strategy-without-tactics]")
        .expect_stderr("--> content/en/brand.md:2:9");
    t.run(&["check", "--deny-warnings"])
        .expect_code(1)
        .expect_stderr("error[denied-warnings]");
}

#[test]
fn a_tactic_whose_strategy_is_not_translated_is_a_warning() {
    let t = PlaybookTest::fixture("basic");
    // The German webinar note inherits its strategy, which has no German
    // version once the German pricing note is gone.
    t.file(
        "content/de/channels/webinars.md",
        "+++\ntitle = \"Webinare\"\n+++\nText.\n",
    );
    let strategy = {
        let text = std::fs::read_to_string(t.root.join("content/en/channels/webinars.md")).unwrap();
        text.lines()
            .find_map(|l| l.strip_prefix("strategy = \""))
            .unwrap()
            .trim_end_matches('"')
            .to_string()
    };
    t.remove(&format!("content/de/{strategy}.md"));
    t.run(&["check"])
        .expect_code(0)
        .expect_stderr("warning[strategy-in-other-language]")
        .expect_stderr("--> content/de/channels/webinars.md:2:9");
}

#[test]
fn untranslated_notes_are_counted_per_language() {
    let t = PlaybookTest::fixture("basic");
    t.run(&["check"])
        .expect_code(0)
        .expect_stderr("note: not every note is translated: en 6/6, de 4/6, pt 3/6");
}

/// Builds the fixture, then builds again with a panic injected at
/// `injected` (see `crash::rendering`), which must end in the bug-report
/// message, keep the previous site and leave no staging folder.
fn crash_at(injected: &str) -> Run {
    let t = PlaybookTest::fixture("basic");
    t.build();
    let before = snapshot(&t.public());
    let run = run_with_env(
        &t.root,
        &["build"],
        &[("PLAYBOOK_INJECT_PANIC", Path::new(injected))],
    );
    run.expect_code(101)
        .expect_stderr("this is a bug in playbook")
        .expect_stderr("while processing: content/en/pricing.md");
    assert_eq!(snapshot(&t.public()), before);
    let leftovers: Vec<String> = std::fs::read_dir(t.root.as_path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".playbook-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    run
}

/// Pages are written as they are rendered; a crash then must still leave
/// the previous site whole and delete the half-written staging folder.
#[test]
fn a_crash_while_pages_are_written_leaves_no_staging_folder() {
    crash_at("render:content/en/pricing.md");
}

#[test]
fn a_crash_asks_for_a_bug_report_naming_the_file_and_loses_nothing() {
    let run = crash_at("content/en/pricing.md");
    run.expect_stderr("please report it");
    assert!(!run.stderr.contains("stack backtrace"));
    assert!(run.stderr.lines().count() <= 5, "{}", run.stderr);
}

#[test]
fn a_crash_under_format_json_is_one_json_document_on_stdout() {
    let t = PlaybookTest::fixture("basic");
    for command in ["build", "check"] {
        let run = run_with_env(
            &t.root,
            &[command, "--format", "json"],
            &[("PLAYBOOK_INJECT_PANIC", Path::new("content/en/pricing.md"))],
        );
        run.expect_code(101);
        let doc: serde_json::Value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("{command}: stdout is not JSON ({e}):\n{}", run.stdout));
        assert_eq!(doc["status"], "bug");
        assert_eq!(doc["command"], command);
        assert_eq!(doc["exit-code"], 101);
        assert_eq!(doc["file"], "content/en/pricing.md");
        assert!(
            doc["message"]
                .as_str()
                .unwrap()
                .contains("this is a bug in playbook")
        );
    }
}
