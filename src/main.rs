//! The `playbook` command: parse arguments, call the library, print, and
//! choose the exit status in one place.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use playbook::{Options, codes, report};

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
    /// Explain a diagnostic code (`playbook explain broken-link`), or list
    /// them all.
    Explain {
        /// The code, as shown in `error[code]`.
        code: Option<String>,
    },
}

/// How diagnostics and the summary are printed.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
enum Format {
    /// rustc-style messages on stderr.
    #[default]
    Human,
    /// One JSON document on stdout (schema in the README).
    Json,
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
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
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
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn main() -> ExitCode {
    playbook::crash::install_hook();
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
    let (outcome, command, format) = match cli.command {
        Command::Build(args) => (
            playbook::build(&Options {
                root: args.dir,
                out: args.out,
                drafts: args.drafts,
                deny_warnings: args.deny_warnings,
            }),
            report::Command::Build,
            args.format,
        ),
        Command::Check(args) => (
            playbook::check(&Options {
                root: args.dir,
                out: None,
                drafts: args.drafts,
                deny_warnings: args.deny_warnings,
            }),
            report::Command::Check,
            args.format,
        ),
        Command::Explain { code } => return explain(code.as_deref()),
    };
    match format {
        Format::Human => {
            let mut stderr = anstream::stderr();
            let _ = write!(stderr, "{}", outcome.diagnostics.render_human());
            if let Some(line) = report::coverage_line(&outcome) {
                let _ = writeln!(stderr, "{line}");
            }
            let _ = writeln!(stderr, "{}", report::summary_line(&outcome, command));
        }
        Format::Json => {
            let _ = writeln!(std::io::stdout(), "{}", report::json(&outcome, command));
        }
    }
    ExitCode::from(report::exit_code(outcome.status))
}

/// `playbook explain [CODE]`.
fn explain(code: Option<&str>) -> ExitCode {
    let mut stdout = std::io::stdout();
    match code {
        None => {
            for code in codes::CODES {
                let _ = writeln!(stdout, "{:<28} {}", code.name, code.summary);
            }
            ExitCode::SUCCESS
        }
        Some(name) => match codes::find(name.trim_start_matches("error[").trim_end_matches(']')) {
            Some(code) => {
                let _ = writeln!(
                    stdout,
                    "{}: {}\n\n{}",
                    code.name, code.summary, code.explanation
                );
                ExitCode::SUCCESS
            }
            None => {
                let mut msg = format!("error: no diagnostic code `{name}`");
                if let Some(near) =
                    playbook::toml_fields::closest(name, codes::CODES.iter().map(|c| c.name))
                {
                    msg.push_str(&format!("; did you mean `{near}`?"));
                }
                msg.push_str("\n`playbook explain` lists every code");
                let _ = writeln!(anstream::stderr(), "{msg}");
                ExitCode::from(2)
            }
        },
    }
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
