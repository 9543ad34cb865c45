//! The written site passes the Nu HTML Checker (vnu-jar, the validator
//! behind validator.w3.org/nu) with no message at all: no error, no
//! warning, no info. `bash scripts/test.sh` installs it and Java.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::PlaybookTest;

fn vnu_jar() -> PathBuf {
    let jar = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/test-tools/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        jar.is_file(),
        "{} is missing: run `bash scripts/test.sh`, which installs it",
        jar.display()
    );
    jar
}

/// Every message vnu has about the HTML files below `site`.
fn vnu_messages(site: &Path) -> Vec<String> {
    vnu_messages_for(&[site.to_path_buf()])
}

/// Every message vnu has about the given HTML files and folders.
pub fn vnu_messages_for(paths: &[PathBuf]) -> Vec<String> {
    let output = Command::new("java")
        .arg("-jar")
        .arg(vnu_jar())
        .args(["--format", "json", "--skip-non-html"])
        .args(paths)
        .output()
        .expect("java runs; `bash scripts/test.sh` installs it");
    let report: serde_json::Value = serde_json::from_slice(&output.stderr).unwrap_or_else(|e| {
        panic!(
            "vnu printed no JSON ({e}):\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let messages = report["messages"].as_array().expect("a message list");
    messages
        .iter()
        .map(|m| {
            format!(
                "{} {}:{}: {}",
                m["type"].as_str().unwrap_or("?"),
                m["url"].as_str().unwrap_or("?"),
                m["lastLine"],
                m["message"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

fn assert_valid(t: &PlaybookTest) {
    let messages = vnu_messages(&t.build_beside());
    assert!(messages.is_empty(), "{}", messages.join("\n"));
}

#[test]
fn the_shipped_site_passes_the_html_validator_without_a_message() {
    assert_valid(&PlaybookTest::shipped());
}

/// The fixture has what the shipped playbook lacks: images, fallbacks to
/// another language, drafts, footnotes, strikethrough, raw HTML.
#[test]
fn a_site_with_every_markdown_feature_passes_the_html_validator() {
    let t = PlaybookTest::fixture("basic");
    t.file(
        "content/en/channels/features.md",
        "+++\ntitle = \"Features\"\ntags = [\"downstream\"]\nstrategy = \"pricing\"\n+++\n\n\
         Line one  \nline two.\n\n---\n\n- [x] done\n- [ ] open\n\n\
         | a | b |\n|:-|-:|\n| *x* | `y` |\n\n![funnel](funnel.png \"The funnel\")\n",
    );
    assert_valid(&t);
}
