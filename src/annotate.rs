//! Diagnostics for CI services: GitHub Actions workflow commands, which
//! put each error on its line of a pull request, and SARIF 2.1.0, which
//! GitLab and other code-scanning tools read. The same diagnostics as the
//! human report, with paths from the repository's root, since that is
//! where those services look for the files.

use std::fmt::Write as _;
use std::path::{Component, Path};

use serde_json::{Value, json};

use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};

/// What goes before a playbook-relative path (`content/en/x.md`) to make it
/// relative to the root of the git repository holding the playbook, or to
/// the current folder when it is in none: `""`, or `docs/playbook/`.
pub fn path_prefix(root: &Path) -> String {
    let absolute = root.canonicalize().ok();
    let repository = absolute
        .as_deref()
        .and_then(|dir| dir.ancestors().find(|a| a.join(".git").exists()));
    let below = match (&absolute, repository) {
        (Some(dir), Some(top)) => dir.strip_prefix(top).unwrap_or(Path::new("")),
        // Not in a repository: the playbook folder as the user named it.
        _ => root,
    };
    let mut prefix = String::new();
    for part in below.components() {
        if let Component::Normal(name) = part {
            prefix.push_str(&name.to_string_lossy());
            prefix.push('/');
        } else if part == Component::ParentDir {
            prefix.push_str("../");
        }
    }
    prefix
}

/// Each diagnostic as one GitHub Actions workflow command
/// (`::error file=…,line=…,col=…,title=…::message`), one per line.
pub fn github(diags: &Diagnostics, prefix: &str) -> String {
    let mut out = String::new();
    for d in diags.sorted() {
        out.push_str(&github_line(diags, d, prefix));
        out.push('\n');
    }
    out
}

/// One diagnostic as a workflow command.
fn github_line(diags: &Diagnostics, d: &Diagnostic, prefix: &str) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut properties: Vec<(&str, String)> = Vec::new();
    if let Some(file) = &d.file {
        properties.push(("file", format!("{prefix}{file}")));
        if let Some(span) = &d.span
            && let (Some((line, col)), Some((end_line, end_col))) = (
                diags.line_col(file, span.start),
                diags.line_col(file, span.end),
            )
        {
            properties.push(("line", line.to_string()));
            properties.push(("col", col.to_string()));
            properties.push(("endLine", end_line.to_string()));
            properties.push(("endColumn", end_col.to_string()));
        }
    }
    properties.push(("title", format!("playbook {}", d.code.name)));
    let properties: Vec<String> = properties
        .into_iter()
        .map(|(key, value)| format!("{key}={}", escape_property(&value)))
        .collect();
    format!(
        "::{command} {}::{}",
        properties.join(","),
        escape_data(&message(diags, d, prefix))
    )
}

/// The text a reader sees: the message, the label, the hint, and where
/// the related places are.
fn message(diags: &Diagnostics, d: &Diagnostic, prefix: &str) -> String {
    let mut text = d.message.clone();
    if let Some(label) = &d.label {
        let _ = write!(text, " ({label})");
    }
    if let Some(help) = &d.help {
        let _ = write!(text, "\nhelp: {help}");
    }
    for r in &d.related {
        let place = match r
            .span
            .as_ref()
            .and_then(|s| diags.line_col(&r.file, s.start))
        {
            Some((line, col)) => format!("{prefix}{}:{line}:{col}", r.file),
            None => format!("{prefix}{}", r.file),
        };
        let _ = write!(text, "\nnote: {place}: {}", r.message);
    }
    text
}

/// A command's message, escaped as GitHub's runner reads it back.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property's value, which additionally cannot hold `:` or `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The run as one SARIF 2.1.0 log: every code as a rule, every
/// diagnostic as a result at its file, line and column (columns count
/// Unicode code points, as the human report's do).
pub fn sarif(diags: &Diagnostics, prefix: &str, tool_version: &str, exit_code: u8) -> Value {
    let rules: Vec<Value> = codes::CODES
        .iter()
        .map(|code| {
            json!({
                "id": code.name,
                "shortDescription": { "text": code.summary },
                "fullDescription": { "text": code.explanation },
                "help": { "text": format!("playbook explain {}", code.name) },
            })
        })
        .collect();
    let results: Vec<Value> = diags
        .sorted()
        .into_iter()
        .map(|d| sarif_result(diags, d, prefix))
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "playbook",
                    "version": tool_version,
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": exit_code != 2,
                "exitCode": exit_code,
            }],
            "results": results,
        }]
    })
}

fn sarif_result(diags: &Diagnostics, d: &Diagnostic, prefix: &str) -> Value {
    let rule_index = codes::CODES
        .iter()
        .position(|c| c.name == d.code.name)
        .unwrap_or(0);
    let mut result = json!({
        "ruleId": d.code.name,
        "ruleIndex": rule_index,
        "level": match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        "message": { "text": message(diags, d, prefix) },
    });
    if let Some(file) = &d.file {
        result["locations"] = json!([location(diags, file, d.span.as_ref(), prefix)]);
    }
    if !d.related.is_empty() {
        let related: Vec<Value> = d
            .related
            .iter()
            .enumerate()
            .map(|(id, r)| {
                let mut place = location(diags, &r.file, r.span.as_ref(), prefix);
                place["id"] = json!(id);
                place["message"] = json!({ "text": r.message });
                place
            })
            .collect();
        result["relatedLocations"] = json!(related);
    }
    result
}

/// A SARIF location: the file's URI from the repository root, and its
/// region when the span's lines are known.
fn location(
    diags: &Diagnostics,
    file: &str,
    span: Option<&std::ops::Range<usize>>,
    prefix: &str,
) -> Value {
    let uri = crate::routes::encode_path(&format!("{prefix}{file}"));
    let mut physical = json!({ "artifactLocation": { "uri": uri } });
    if let Some(span) = span
        && let (Some((line, col)), Some((end_line, end_col))) = (
            diags.line_col(file, span.start),
            diags.line_col(file, span.end),
        )
    {
        physical["region"] = json!({
            "startLine": line,
            "startColumn": col,
            "endLine": end_line,
            "endColumn": end_col,
        });
    }
    json!({ "physicalLocation": physical })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn one(d: Diagnostic, text: &str) -> Diagnostics {
        let mut diags = Diagnostics::new();
        diags.add_source("content/en/a.md", Arc::from(text));
        diags.push(d);
        diags
    }

    #[test]
    fn workflow_commands_escape_what_github_reads_as_syntax() {
        let d = Diagnostic::error(codes::BROKEN_LINK, "100% wrong, see: here\r\nnext")
            .at("content/en/a,b:c.md", None);
        let diags = one(d, "");
        assert_eq!(
            github(&diags, "docs/"),
            "::error file=docs/content/en/a%2Cb%3Ac.md,title=playbook broken-link::100%25 wrong, see: here%0D%0Anext\n"
        );
    }

    #[test]
    fn workflow_commands_name_line_and_column() {
        let d = Diagnostic::warning(codes::EMPTY_LINK, "empty")
            .at("content/en/a.md", Some(8..12))
            .help("fill it in");
        let diags = one(d, "line\nab [x]()\n");
        assert_eq!(
            github(&diags, ""),
            "::warning file=content/en/a.md,line=2,col=4,endLine=2,endColumn=8,title=playbook empty-link::empty%0Ahelp: fill it in\n"
        );
    }

    #[test]
    fn a_playbook_outside_a_repository_keeps_the_folder_it_was_given() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("book");
        std::fs::create_dir(&book).unwrap();
        let prefix = path_prefix(Path::new("book"));
        assert_eq!(prefix, "book/");
        assert_eq!(path_prefix(Path::new(".")), "");
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        assert_eq!(path_prefix(&book), "book/");
        assert_eq!(path_prefix(dir.path()), "");
    }
}
