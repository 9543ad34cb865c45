//! The `playbook` command: parse arguments, call the library, print, and
//! choose the exit status in one place.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use playbook::diagnostics::{Diagnostic, Diagnostics};
use playbook::ids::{Lang, NoteId};
use playbook::{Options, annotate, codes, report, scaffold, translations};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The version, and the commit when built from a git checkout.
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), env!("PLAYBOOK_VERSION_SUFFIX"));

/// Build a linked, multilingual marketing playbook from Markdown notes.
#[derive(Parser, Debug)]
#[command(name = "playbook", version = VERSION, about, long_about = None)]
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
    /// List, per language, the notes that are missing, stale or unmarked;
    /// or mark translations as caught up.
    Translations(TranslationsArgs),
    /// Build in memory, serve on loopback, and rebuild and reload the
    /// browser on every save.
    Serve(ServeArgs),
    /// Write a new note with valid front matter.
    New(NewArgs),
    /// Write a minimal playbook to start from into DIR (default: here).
    Init {
        /// The folder to write into; created when missing.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Explain a diagnostic code (`playbook explain broken-link`), or list
    /// them all.
    Explain {
        /// The code, as shown in `error[code]`.
        code: Option<String>,
    },
    /// Print a completion script for a shell, made from these very flags
    /// (`playbook completions bash > ~/.local/share/bash-completion/completions/playbook`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (`playbook man > playbook.1; man ./playbook.1`).
    Man,
}

/// How `new` prints what it wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
enum Format {
    /// The file's path.
    #[default]
    Human,
    /// One JSON document on stdout (schema in the README).
    Json,
}

/// How diagnostics and the summary are printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    /// rustc-style messages on stderr.
    #[default]
    Human,
    /// One JSON document on stdout (schema in the README).
    Json,
    /// GitHub Actions workflow commands on stdout: annotations on the
    /// lines of a pull request.
    Github,
    /// One SARIF 2.1.0 log on stdout, for GitLab and code-scanning tools.
    Sarif,
}

impl From<Format> for ReportFormat {
    fn from(format: Format) -> ReportFormat {
        match format {
            Format::Human => ReportFormat::Human,
            Format::Json => ReportFormat::Json,
        }
    }
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
    format: ReportFormat,
    /// Print only warnings and errors: no progress, no summary line.
    #[arg(long, short)]
    quiet: bool,
    /// Build again on every save, until Ctrl-C; a failed build keeps the
    /// last good site.
    #[arg(long)]
    watch: bool,
    /// The address the site is published at, instead of `site-url` in
    /// book.toml (for the sitemap and the 404 page).
    #[arg(long, value_name = "URL", value_parser = site_url)]
    site_url: Option<String>,
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
    format: ReportFormat,
    /// Print only warnings and errors: no progress, no summary line.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Args, Debug)]
struct ServeArgs {
    /// The playbook folder (holding book.toml).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The port (default: book.toml's, else 3000; 0 picks a free one).
    #[arg(long, value_name = "N")]
    port: Option<u16>,
    /// The address to listen on (default: book.toml's, else 127.0.0.1).
    #[arg(long, value_name = "A")]
    address: Option<std::net::IpAddr>,
    /// Open the default browser at the site.
    #[arg(long)]
    open: bool,
    /// Include notes marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Print only warnings and errors: no line per rebuild.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("role").args(["upstream", "downstream"])))]
struct NewArgs {
    /// The note id: its path below the language folder, without `.md`.
    id: String,
    /// A strategy.
    #[arg(long)]
    upstream: bool,
    /// A tactic; needs --strategy.
    #[arg(long, requires = "strategy")]
    downstream: bool,
    /// The id of the strategy a tactic serves.
    #[arg(long, value_name = "ID", requires = "downstream")]
    strategy: Option<String>,
    /// The language (default: the default language). For a note that
    /// exists in the default language, this writes its translation.
    #[arg(long, value_name = "L")]
    lang: Option<String>,
    /// The title (default: made from the id).
    #[arg(long, value_name = "T")]
    title: Option<String>,
    /// The playbook folder (holding book.toml).
    #[arg(long, value_name = "DIR", default_value = ".")]
    dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args, Debug)]
struct TranslationsArgs {
    /// The playbook folder (holding book.toml).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Only this language.
    #[arg(long, value_name = "L")]
    lang: Option<String>,
    /// Exit 1 when a language has fewer up-to-date notes than this
    /// percentage.
    #[arg(long, value_name = "PERCENT", value_parser = percent)]
    fail_under: Option<f64>,
    /// Record that LANG/ID is translated from the current source.
    #[arg(long, value_name = "LANG/ID")]
    mark: Vec<String>,
    /// Mark every existing translation in LANG as current.
    #[arg(long, value_name = "LANG")]
    mark_all: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: ReportFormat,
    /// Print only warnings and errors: no progress, no summary line.
    #[arg(long, short)]
    quiet: bool,
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
    match &cli.command {
        Command::Build(args) if args.format == ReportFormat::Json => {
            playbook::crash::report_as_json("build")
        }
        Command::Check(args) if args.format == ReportFormat::Json => {
            playbook::crash::report_as_json("check")
        }
        Command::Translations(args) if args.format == ReportFormat::Json => {
            playbook::crash::report_as_json("translations")
        }
        _ => {}
    }
    let (outcome, command, format, dir, quiet) = match cli.command {
        Command::Build(args) if args.watch => return build_watch(args),
        Command::Build(args) => {
            playbook::crash::remove_on_interrupt();
            let progress = ProgressLine::start(args.format == ReportFormat::Human && !args.quiet);
            (
                progress.around(|| {
                    playbook::build(&Options {
                        root: args.dir.clone(),
                        out: args.out,
                        drafts: args.drafts,
                        deny_warnings: args.deny_warnings,
                        site_url: args.site_url,
                    })
                }),
                report::Command::Build,
                args.format,
                args.dir,
                args.quiet,
            )
        }
        Command::Check(args) => (
            ProgressLine::start(args.format == ReportFormat::Human && !args.quiet).around(|| {
                playbook::check(&Options {
                    root: args.dir.clone(),
                    out: None,
                    drafts: args.drafts,
                    deny_warnings: args.deny_warnings,
                    site_url: None,
                })
            }),
            report::Command::Check,
            args.format,
            args.dir,
            args.quiet,
        ),
        Command::Explain { code } => return explain(code.as_deref()),
        Command::Translations(args) => return translations(args),
        Command::New(args) => return new_note(args),
        Command::Serve(args) => {
            let options = playbook::serve::ServeOptions {
                root: args.dir,
                address: args.address,
                port: args.port,
                open: args.open,
                drafts: args.drafts,
                quiet: args.quiet,
            };
            return match playbook::serve::serve(&options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => fail(
                    "serve",
                    err.diagnostic(),
                    ReportFormat::Human,
                    &options.root,
                ),
            };
        }
        Command::Init { dir } => return init(&dir),
        Command::Completions { shell } => {
            let mut cli = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cli, "playbook", &mut std::io::stdout());
            return ExitCode::SUCCESS;
        }
        Command::Man => {
            let man = clap_mangen::Man::new(<Cli as clap::CommandFactory>::command());
            return match man.render(&mut std::io::stdout()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    let _ = writeln!(anstream::stderr(), "error: cannot write the man page: {e}");
                    ExitCode::from(2)
                }
            };
        }
    };
    ExitCode::from(print_outcome(&outcome, command, format, &dir, quiet))
}

/// Shows how far a build has come (notes read, pages written) on stderr,
/// when it is a terminal and the build takes longer than about a second
/// (`PLAYBOOK_PROGRESS_AFTER_MS`, 1000 by default).
struct ProgressLine {
    show: bool,
}

impl ProgressLine {
    fn start(show: bool) -> ProgressLine {
        ProgressLine {
            show: show && std::io::stderr().is_terminal(),
        }
    }

    /// Runs `work`, showing progress meanwhile; the line is gone when it
    /// returns, before the report prints.
    fn around<T>(self, work: impl FnOnce() -> T) -> T {
        if !self.show {
            return work();
        }
        let after = std::env::var("PLAYBOOK_PROGRESS_AFTER_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(Duration::from_secs(1), Duration::from_millis);
        let (done, finished) = mpsc::channel::<()>();
        let started = std::time::Instant::now();
        let shower = std::thread::spawn(move || {
            // Work done in time shows nothing; work that took `after`
            // shows at least once, even if it ended as the line came up.
            let waited = finished.recv_timeout(after);
            if waited != Err(mpsc::RecvTimeoutError::Timeout) && started.elapsed() < after {
                return;
            }
            let bar = indicatif::ProgressBar::with_draw_target(
                None,
                indicatif::ProgressDrawTarget::stderr(),
            );
            if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg}") {
                bar.set_style(style);
            }
            loop {
                let (notes, pages) = playbook::progress::counts();
                bar.set_message(format!("{notes} notes read, {pages} pages written"));
                bar.tick();
                if finished.recv_timeout(Duration::from_millis(100))
                    != Err(mpsc::RecvTimeoutError::Timeout)
                {
                    break;
                }
            }
            bar.finish_and_clear();
        });
        let result = work();
        drop(done);
        let _ = shower.join();
        result
    }
}

/// `build --watch`.
fn build_watch(args: BuildArgs) -> ExitCode {
    playbook::crash::stop_on_interrupt();
    let options = Options {
        root: args.dir.clone(),
        out: args.out,
        drafts: args.drafts,
        deny_warnings: args.deny_warnings,
        site_url: args.site_url,
    };
    let watched = playbook::watch::build_on_save(&options, |outcome| {
        print_outcome(
            outcome,
            report::Command::Build,
            args.format,
            &args.dir,
            args.quiet,
        );
    });
    match watched {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(
            "build",
            Diagnostic::error(codes::SERVE_FAILED, e.0),
            args.format,
            &args.dir,
        ),
    }
}

/// Prints a build's or check's outcome in `format`; returns its exit
/// status.
fn print_outcome(
    outcome: &playbook::Outcome,
    command: report::Command,
    format: ReportFormat,
    dir: &Path,
    quiet: bool,
) -> u8 {
    let code = report::exit_code(outcome.status);
    let mut stderr = anstream::stderr();
    match format {
        ReportFormat::Human => {
            let _ = write!(stderr, "{}", outcome.diagnostics.render_human());
            if !quiet {
                if let Some(line) = report::coverage_line(outcome) {
                    let _ = writeln!(stderr, "{line}");
                }
                let _ = writeln!(stderr, "{}", report::summary_line(outcome, command));
            }
        }
        ReportFormat::Json => {
            let _ = writeln!(std::io::stdout(), "{}", report::json(outcome, command));
        }
        ReportFormat::Github => {
            let prefix = annotate::path_prefix(dir);
            let _ = write!(
                std::io::stdout(),
                "{}",
                annotate::github(&outcome.diagnostics, &prefix)
            );
            if !quiet {
                let _ = writeln!(stderr, "{}", report::summary_line(outcome, command));
            }
        }
        ReportFormat::Sarif => print_sarif(&outcome.diagnostics, dir, code),
    }
    code
}

/// Prints one SARIF log of `diags` on stdout.
fn print_sarif(diags: &Diagnostics, dir: &Path, code: u8) {
    let log = annotate::sarif(diags, &annotate::path_prefix(dir), VERSION, code);
    let _ = writeln!(std::io::stdout(), "{log:#}");
}

/// Reports a failure of `command` that wrote nothing, as a diagnostic in
/// the chosen format, and returns exit status 2.
fn fail(command: &str, diagnostic: Diagnostic, format: ReportFormat, dir: &Path) -> ExitCode {
    let mut diags = Diagnostics::new();
    diags.push(diagnostic);
    print_failure(command, &diags, format, dir)
}

/// Prints diagnostics that stopped `command`, and returns exit status 2.
fn print_failure(command: &str, diags: &Diagnostics, format: ReportFormat, dir: &Path) -> ExitCode {
    match format {
        ReportFormat::Human => {
            let _ = write!(anstream::stderr(), "{}", diags.render_human());
        }
        ReportFormat::Json => {
            let _ = writeln!(
                std::io::stdout(),
                "{}",
                report::json_failure(command, diags)
            );
        }
        ReportFormat::Github => {
            let prefix = annotate::path_prefix(dir);
            let _ = write!(std::io::stdout(), "{}", annotate::github(diags, &prefix));
        }
        ReportFormat::Sarif => print_sarif(diags, dir, 2),
    }
    ExitCode::from(2)
}

/// `playbook new`.
fn new_note(args: NewArgs) -> ExitCode {
    let (playbook, diags) = playbook::load(&args.dir);
    let Some(playbook) = playbook else {
        return print_failure("new", &diags, args.format.into(), &args.dir);
    };
    let role = if args.upstream {
        Some(None)
    } else if args.downstream {
        Some(args.strategy.clone())
    } else {
        None
    };
    let request = scaffold::NewNote {
        id: args.id,
        role,
        lang: args.lang,
        title: args.title,
    };
    match scaffold::new_note(&args.dir, &playbook, &request) {
        Ok(file) => {
            let path = args.dir.join(file).display().to_string();
            let text = match args.format {
                Format::Human => path,
                Format::Json => format!(
                    "{:#}",
                    serde_json::json!({
                        "version": report::JSON_VERSION,
                        "command": "new",
                        "status": "ok",
                        "exit-code": 0,
                        "file": path,
                    })
                ),
            };
            let _ = writeln!(std::io::stdout(), "{text}");
            ExitCode::SUCCESS
        }
        Err(err) => fail("new", err.diagnostic(), args.format.into(), &args.dir),
    }
}

/// `playbook init`.
fn init(dir: &std::path::Path) -> ExitCode {
    match scaffold::init(dir) {
        Ok(files) => {
            let mut stdout = std::io::stdout();
            for file in &files {
                let _ = writeln!(stdout, "wrote {}", file.display());
            }
            let _ = writeln!(
                stdout,
                "next: `playbook build {}` and open public/index.html",
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(err) => fail("init", err.diagnostic(), ReportFormat::Human, dir),
    }
}

/// Parses `--fail-under`: a percentage is a finite number from 0 to 100, so
/// `NaN` (which no comparison is below) or `500` cannot pass silently.
fn percent(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(value) if (0.0..=100.0).contains(&value) => Ok(value),
        _ => Err(format!(
            "`{text}` is not a percentage; give a number from 0 to 100, such as 80"
        )),
    }
}

/// Parses `--site-url` as `site-url` in book.toml is read.
fn site_url(text: &str) -> Result<String, String> {
    playbook::config::site_url(text).ok_or_else(|| {
        format!("`{text}` is not an absolute http or https address; give one such as https://org.example.com/playbook/")
    })
}

/// `playbook translations`.
fn translations(args: TranslationsArgs) -> ExitCode {
    let (playbook, diags) = playbook::load(&args.dir);
    let Some(playbook) = playbook else {
        return print_failure("translations", &diags, args.format, &args.dir);
    };
    let format = args.format;
    let usage = |code: &'static codes::Code, msg: String| {
        fail(
            "translations",
            Diagnostic::error(code, msg),
            format,
            &args.dir,
        )
    };
    let language = |code: &str| -> Result<Lang, ExitCode> {
        playbook
            .languages
            .iter()
            .find(|l| l.as_str() == code)
            .cloned()
            .ok_or_else(|| {
                let known: Vec<&str> = playbook.languages.iter().map(|l| l.as_str()).collect();
                usage(
                    codes::UNKNOWN_LANGUAGE,
                    format!(
                        "`{code}` is not a language of this playbook (it has {})",
                        known.join(", ")
                    ),
                )
            })
    };

    let mut marks: Vec<(Lang, NoteId)> = Vec::new();
    for spec in &args.mark {
        let Some((code, id)) = spec.split_once('/') else {
            return usage(
                codes::TRANSLATION_MARK,
                format!("`--mark {spec}`: expected LANG/ID, e.g. de/channels/seo"),
            );
        };
        let lang = match language(code) {
            Ok(l) => l,
            Err(code) => return code,
        };
        let id = match NoteId::new(id.trim_end_matches(".md")) {
            Ok(id) => id,
            Err(msg) => return usage(codes::TRANSLATION_MARK, format!("`--mark {spec}`: {msg}")),
        };
        marks.push((lang, id));
    }
    if let Some(code) = &args.mark_all {
        let lang = match language(code) {
            Ok(l) => l,
            Err(code) => return code,
        };
        for note in playbook.notes.values() {
            if note.versions.contains_key(&lang) && lang != playbook.default_language {
                marks.push((lang, note.id.clone()));
            }
        }
    }
    if !args.mark.is_empty() || args.mark_all.is_some() {
        let mut stderr = anstream::stderr();
        let (mut marked, mut current) = (Vec::new(), Vec::new());
        for (lang, id) in &marks {
            match translations::mark(&args.dir, &playbook, lang, id) {
                Ok(Some(file)) => {
                    if format == ReportFormat::Human && !args.quiet {
                        let _ = writeln!(
                            stderr,
                            "marked {file} as translated from the current source"
                        );
                    }
                    marked.push(file);
                }
                Ok(None) => {
                    if format == ReportFormat::Human && !args.quiet {
                        let _ = writeln!(stderr, "{lang}/{id} is already current");
                    }
                    current.push(format!("{lang}/{id}"));
                }
                Err(err) => return fail("translations", err.diagnostic(), format, &args.dir),
            }
        }
        if format == ReportFormat::Json {
            let doc = serde_json::json!({
                "version": report::JSON_VERSION,
                "command": "translations",
                "status": "ok",
                "exit-code": 0,
                "marked": marked,
                "already-current": current,
            });
            let _ = writeln!(std::io::stdout(), "{doc:#}");
        }
        return ExitCode::SUCCESS;
    }

    let only = match args.lang.as_deref().map(language) {
        Some(Ok(l)) => Some(l),
        Some(Err(code)) => return code,
        None => None,
    };
    let reports = translations::report(&playbook, only.as_ref());
    // `--fail-under`: an error for each language below it.
    let mut below = Diagnostics::new();
    if let Some(limit) = args.fail_under {
        for r in reports.iter().filter(|r| r.percent < limit) {
            below.push(
                Diagnostic::error(
                    codes::TRANSLATION_COVERAGE,
                    format!(
                        "{} is {:.1}% up to date, below the {limit}% that --fail-under asks for",
                        r.language, r.percent
                    ),
                )
                .help(format!(
                    "translate or update the notes listed for {}, then mark them with `playbook translations --mark {}/ID`",
                    r.language, r.language
                )),
            );
        }
    }
    let mut stderr = anstream::stderr();
    match args.format {
        ReportFormat::Json => {
            let doc = serde_json::json!({
                "version": report::JSON_VERSION,
                "default-language": playbook.default_language.to_string(),
                "languages": reports,
                "errors": diags.error_count(),
                "below-threshold": below.has_errors(),
            });
            let _ = writeln!(std::io::stdout(), "{doc:#}");
        }
        ReportFormat::Github | ReportFormat::Sarif => {
            let mut work = translations::work_list(&playbook, only.as_ref());
            work.absorb(below.clone());
            if args.format == ReportFormat::Github {
                let prefix = annotate::path_prefix(&args.dir);
                let _ = write!(std::io::stdout(), "{}", annotate::github(&work, &prefix));
            } else {
                print_sarif(&work, &args.dir, u8::from(below.has_errors()));
            }
        }
        ReportFormat::Human => {
            if !args.quiet {
                let mut out = std::io::stdout();
                for r in &reports {
                    let _ = writeln!(
                        out,
                        "{}: {}/{} up to date ({:.1}%), {} missing, {} stale, {} unmarked",
                        r.language,
                        r.current,
                        r.total,
                        r.percent,
                        r.missing.len(),
                        r.stale.len(),
                        r.unmarked.len()
                    );
                    for (label, ids) in [
                        ("missing", &r.missing),
                        ("stale", &r.stale),
                        ("unmarked", &r.unmarked),
                    ] {
                        for id in ids {
                            let _ = writeln!(out, "  {label:<9} {id}");
                        }
                    }
                }
            }
            if diags.has_errors() {
                let _ = writeln!(
                    stderr,
                    "note: the playbook has {} errors; run `playbook check` to see them",
                    diags.error_count()
                );
            }
            let _ = write!(stderr, "{}", below.render_human());
        }
    }
    if below.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
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
