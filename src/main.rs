//! The `playbook` command: parse arguments, call the library, print, and
//! choose the exit status in one place.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use playbook::{Options, Outcome, Status};

/// Build a linked, multilingual marketing playbook from Markdown notes.
#[derive(Parser, Debug)]
#[command(name = "playbook", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into `build-dir` (or `--out`), replacing the previous
    /// build only when this one succeeds.
    Build(BuildArgs),
    /// Run every check of `build` and write nothing.
    Check(CheckArgs),
}

#[derive(Args, Debug)]
struct BuildArgs {
    /// The playbook folder (holding book.toml).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Write the site here instead of `build-dir`.
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// Include notes marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Fail on warnings too.
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// The playbook folder (holding book.toml).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Check notes marked `draft = true` as well.
    #[arg(long)]
    drafts: bool,
    /// Fail on warnings too.
    #[arg(long)]
    deny_warnings: bool,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let (outcome, verb) = match cli.command {
        Command::Build(args) => (
            playbook::build(&Options {
                root: args.dir,
                out: args.out,
                drafts: args.drafts,
                deny_warnings: args.deny_warnings,
            }),
            "built",
        ),
        Command::Check(args) => (
            playbook::check(&Options {
                root: args.dir,
                out: None,
                drafts: args.drafts,
                deny_warnings: args.deny_warnings,
            }),
            "checked",
        ),
    };
    report(&outcome, verb);
    match outcome.status {
        Status::Ok => ExitCode::SUCCESS,
        Status::ContentErrors => ExitCode::from(1),
        Status::ConfigError => ExitCode::from(2),
    }
}

/// Prints the diagnostics to stderr and one summary line.
fn report(outcome: &Outcome, verb: &str) {
    let diags = &outcome.diagnostics;
    let mut stderr = anstream::stderr();
    let _ = write!(stderr, "{}", diags.render_human());
    let summary = &outcome.summary;
    let pages: Vec<String> = summary
        .pages_per_language
        .iter()
        .map(|(lang, n)| format!("{lang} {n}"))
        .collect();
    let errors = diags.error_count();
    let warnings = diags.warning_count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let seconds = summary.elapsed.as_secs_f64();
    let line = match (outcome.status, &summary.out) {
        (Status::Ok, Some(out)) => format!(
            "{verb} {} notes ({}), {} in total, into {}; {} in {seconds:.2}s",
            summary
                .pages_per_language
                .iter()
                .map(|(_, n)| n)
                .sum::<usize>(),
            pages.join(", "),
            plural(summary.files_written.unwrap_or(0), "file"),
            out.display(),
            plural(warnings, "warning"),
        ),
        (Status::Ok, None) => format!(
            "{verb} {} notes ({}); {} in {seconds:.2}s",
            summary
                .pages_per_language
                .iter()
                .map(|(_, n)| n)
                .sum::<usize>(),
            pages.join(", "),
            plural(warnings, "warning"),
        ),
        _ if verb == "built" => format!(
            "build failed: {}, {}; nothing was written, the previous site is unchanged ({seconds:.2}s)",
            plural(errors, "error"),
            plural(warnings, "warning"),
        ),
        _ => format!(
            "check failed: {}, {} ({seconds:.2}s)",
            plural(errors, "error"),
            plural(warnings, "warning"),
        ),
    };
    let _ = writeln!(stderr, "{line}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
