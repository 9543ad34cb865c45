//! What a run tells its user: the summary line and coverage note for
//! people, and one JSON document for CI tools (`--format json`).
//!
//! The JSON schema is documented in the README; its field names are
//! kebab-case like `book.toml`, and `version` changes only when a field
//! changes meaning or disappears.

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::{Outcome, Status};

/// The version of the JSON document's schema.
pub const JSON_VERSION: u32 = 1;

/// Which command ran, for wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Command {
    /// `playbook build`.
    Build,
    /// `playbook check`.
    Check,
    /// A build of `playbook serve`, in memory.
    Serve,
}

/// The exit status of a run.
pub fn exit_code(status: Status) -> u8 {
    match status {
        Status::Ok => 0,
        Status::ContentErrors => 1,
        Status::ConfigError => 2,
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The one line that ends every human-readable run.
pub fn summary_line(outcome: &Outcome, command: Command) -> String {
    let diags = &outcome.diagnostics;
    let summary = &outcome.summary;
    let notes: usize = summary.pages_per_language.iter().map(|(_, n)| n).sum();
    let per_language: Vec<String> = summary
        .pages_per_language
        .iter()
        .map(|(lang, n)| format!("{lang} {n}"))
        .collect();
    let warnings = plural(diags.warning_count(), "warning");
    let errors = plural(diags.error_count(), "error");
    let seconds = summary.elapsed.as_secs_f64();
    match (outcome.status, command, &summary.out) {
        (Status::Ok, Command::Build, Some(out)) => format!(
            "built {} ({}), {} in total, into {}; {warnings} in {seconds:.2}s",
            plural(notes, "note"),
            per_language.join(", "),
            plural(summary.files_written.unwrap_or(0), "file"),
            out.display(),
        ),
        (Status::Ok, Command::Serve, _) => format!(
            "built {} ({}); {warnings} in {seconds:.2}s",
            plural(notes, "note"),
            per_language.join(", "),
        ),
        (Status::Ok, _, _) => format!(
            "checked {} ({}); {warnings} in {seconds:.2}s",
            plural(notes, "note"),
            per_language.join(", "),
        ),
        (_, Command::Build, _) => format!(
            "build failed: {errors}, {warnings}; nothing was written, the previous site is unchanged ({seconds:.2}s)"
        ),
        (_, Command::Check, _) => format!("check failed: {errors}, {warnings} ({seconds:.2}s)"),
        (_, Command::Serve, _) => format!(
            "build failed: {errors}, {warnings}; still serving the last good site ({seconds:.2}s)"
        ),
    }
}

/// A note on languages that lack some notes, or `None` when every
/// language has every note.
pub fn coverage_line(outcome: &Outcome) -> Option<String> {
    let coverage = &outcome.summary.coverage;
    if coverage.iter().all(|c| c.present == c.total) {
        return None;
    }
    let parts: Vec<String> = coverage
        .iter()
        .map(|c| format!("{} {}/{}", c.lang, c.present, c.total))
        .collect();
    Some(format!(
        "note: not every note is translated: {} notes per language",
        parts.join(", ")
    ))
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct JsonReport<'a> {
    version: u32,
    command: Command,
    status: &'static str,
    exit_code: u8,
    summary: JsonSummary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct JsonSummary {
    errors: usize,
    warnings: usize,
    notes: serde_json::Map<String, serde_json::Value>,
    coverage: Vec<JsonCoverage>,
    files_written: Option<usize>,
    out: Option<String>,
    elapsed_ms: u128,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct JsonCoverage {
    language: String,
    present: usize,
    total: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'a str,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    label: Option<&'a str>,
    hint: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct JsonRelated<'a> {
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
}

fn position(
    diags: &Diagnostics,
    file: Option<&str>,
    offset: Option<usize>,
) -> (Option<usize>, Option<usize>) {
    match (file, offset) {
        (Some(file), Some(offset)) => diags
            .line_col(file, offset)
            .map_or((None, None), |(l, c)| (Some(l), Some(c))),
        _ => (None, None),
    }
}

fn json_diagnostic<'a>(diags: &Diagnostics, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let file = d.file.as_deref();
    let (line, column) = position(diags, file, d.span.as_ref().map(|s| s.start));
    let (end_line, end_column) = position(diags, file, d.span.as_ref().map(|s| s.end));
    JsonDiagnostic {
        severity: d.severity,
        code: d.code.name,
        message: &d.message,
        file,
        line,
        column,
        end_line,
        end_column,
        label: d.label.as_deref(),
        hint: d.help.as_deref(),
        related: d
            .related
            .iter()
            .map(|r| {
                let (line, column) =
                    position(diags, Some(&r.file), r.span.as_ref().map(|s| s.start));
                JsonRelated {
                    file: &r.file,
                    line,
                    column,
                    message: &r.message,
                }
            })
            .collect(),
    }
}

/// A command other than build and check that failed (`new`,
/// `translations`), as one JSON document in the same shape: its
/// diagnostics, and exit status 2.
pub fn json_failure(command: &str, diags: &Diagnostics) -> String {
    let diagnostics: Vec<JsonDiagnostic> = diags
        .sorted()
        .into_iter()
        .map(|d| json_diagnostic(diags, d))
        .collect();
    let doc = serde_json::json!({
        "version": JSON_VERSION,
        "command": command,
        "status": "error",
        "exit-code": 2,
        "diagnostics": diagnostics,
    });
    format!("{doc:#}")
}

/// The whole run as one JSON document.
pub fn json(outcome: &Outcome, command: Command) -> String {
    let diags = &outcome.diagnostics;
    let summary = &outcome.summary;
    let report = JsonReport {
        version: JSON_VERSION,
        command,
        status: match outcome.status {
            Status::Ok => "ok",
            Status::ContentErrors => "content-errors",
            Status::ConfigError => "config-error",
        },
        exit_code: exit_code(outcome.status),
        summary: JsonSummary {
            errors: diags.error_count(),
            warnings: diags.warning_count(),
            notes: summary
                .pages_per_language
                .iter()
                .map(|(lang, n)| (lang.to_string(), (*n).into()))
                .collect(),
            coverage: summary
                .coverage
                .iter()
                .map(|c| JsonCoverage {
                    language: c.lang.to_string(),
                    present: c.present,
                    total: c.total,
                })
                .collect(),
            files_written: summary.files_written,
            out: summary.out.as_ref().map(|p| p.display().to_string()),
            elapsed_ms: summary.elapsed.as_millis(),
        },
        diagnostics: diags
            .sorted()
            .into_iter()
            .map(|d| json_diagnostic(diags, d))
            .collect(),
    };
    serde_json::to_string_pretty(&report).expect("the report serializes")
}
