//! What the user sees if playbook has a bug and panics: one short message
//! naming the file it was working on and asking for a report, instead of a
//! raw backtrace, and exit status 101.
//!
//! Each stage marks the file it works on with [`working_on`]; the mark is
//! per thread, so rayon workers each name their own file.
//!
//! A build's staging folder is only deleted when it is dropped, and a
//! panic (this hook exits) or Ctrl-C ends the process without drops: such
//! folders are made with [`make_doomed`] and deleted on the way
//! out, so that an interrupted build leaves nothing behind.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

/// Folders to delete when the process ends early.
static DOOMED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Makes a folder with `make` and registers it for deletion if the
/// process ends early (until the guard drops), in one step that Ctrl-C
/// cannot split: the interrupt either comes first (and nothing is made)
/// or deletes the folder. Without that, a folder made just before the
/// interrupt and registered just after it would stay.
pub fn make_doomed<T>(
    make: impl FnOnce() -> std::io::Result<T>,
    path: impl Fn(&T) -> &Path,
) -> std::io::Result<(T, Doomed)> {
    let mut doomed = lock_doomed();
    if ending() {
        return Err(std::io::Error::other("the process is stopping"));
    }
    let made = make()?;
    let folder = path(&made).to_path_buf();
    doomed.push(folder.clone());
    Ok((made, Doomed(folder)))
}

/// Unregisters its folder when dropped.
#[must_use]
pub struct Doomed(PathBuf);

impl Drop for Doomed {
    fn drop(&mut self) {
        lock_doomed().retain(|f| f != &self.0);
    }
}

fn lock_doomed() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    DOOMED.lock().unwrap_or_else(|e| e.into_inner())
}

/// Set once the process is ending early: writers stop writing.
static ENDING: AtomicBool = AtomicBool::new(false);

/// Whether the process is ending early, so that nothing more is written.
pub fn ending() -> bool {
    ENDING.load(Ordering::Relaxed)
}

/// Deletes the registered folders. A write already under way may add a
/// file during the deletion (none can make the folder again: see
/// `output`), so a deletion that meets one is tried again.
fn remove_doomed() {
    let folders = {
        let mut doomed = lock_doomed();
        ENDING.store(true, Ordering::Relaxed);
        std::mem::take(&mut *doomed)
    };
    for folder in folders {
        for _ in 0..50 {
            if std::fs::remove_dir_all(&folder).is_ok() || !folder.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    }
}

/// On Ctrl-C (or a termination signal) during a build: delete the
/// registered folders and exit with the usual status for an interrupt.
pub fn remove_on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        remove_doomed();
        std::process::exit(130);
    });
}

/// [`remove_on_interrupt`] for a command that runs until stopped
/// (`build --watch`): Ctrl-C is how it ends, so it says `stopped` and
/// exits 0.
pub fn stop_on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        remove_doomed();
        eprintln!("stopped");
        std::process::exit(0);
    });
}

thread_local! {
    static CURRENT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Marks `file` (relative to the playbook) as the one this thread works on
/// until the guard drops.
pub fn working_on(file: &str) -> Working {
    mark(file, "")
}

/// [`working_on`] while rendering `file`'s page: a panic injected as
/// `render:FILE` happens here, after the site's staging folder is made.
pub fn rendering(file: &str) -> Working {
    mark(file, "render:")
}

fn mark(file: &str, stage: &str) -> Working {
    let previous = CURRENT.with(|c| c.replace(Some(file.to_string())));
    if injected_panic().is_some_and(|f| f.strip_prefix(stage) == Some(file)) {
        panic!("panic injected by PLAYBOOK_INJECT_PANIC for {file}");
    }
    Working { previous }
}

/// Restores the previous mark when dropped.
#[must_use]
pub struct Working {
    previous: Option<String>,
}

impl Drop for Working {
    fn drop(&mut self) {
        CURRENT.with(|c| *c.borrow_mut() = self.previous.take());
    }
}

/// The file the current thread works on.
pub fn current_file() -> Option<String> {
    CURRENT.with(|c| c.borrow().clone())
}

/// A file whose processing panics on purpose (`FILE` while it is read,
/// `render:FILE` while its page is rendered), so the end-to-end tests can
/// prove the crash report; unset in normal use.
fn injected_panic() -> Option<&'static str> {
    static FILE: OnceLock<Option<String>> = OnceLock::new();
    FILE.get_or_init(|| std::env::var("PLAYBOOK_INJECT_PANIC").ok())
        .as_deref()
}

/// The command whose report is JSON (`--format json`), if any: its crash
/// report is then one JSON document on stdout, which a script reading
/// stdout can still parse, instead of text on stderr.
static JSON_FOR: OnceLock<&'static str> = OnceLock::new();

/// Makes a crash of `command` report itself as JSON on stdout.
pub fn report_as_json(command: &'static str) {
    let _ = JSON_FOR.set(command);
}

/// Installs the hook that turns a panic into a bug-report request and
/// exits with status 101. Only the binary calls this.
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        let file = current_file();
        let mut msg = String::from(
            "error: playbook hit an internal error; this is a bug in playbook, not in your playbook\n",
        );
        if let Some(file) = &file {
            msg.push_str(&format!("  while processing: {file}\n"));
        }
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        msg.push_str(&format!("  panic: {what}{place}\n"));
        msg.push_str(&format!(
            "please report it to the playbook maintainers with playbook {} and {}",
            env!("CARGO_PKG_VERSION"),
            if file.is_some() {
                "the file named above attached"
            } else {
                "the command you ran"
            }
        ));
        match JSON_FOR.get() {
            Some(command) => {
                let doc = serde_json::json!({
                    "version": crate::report::JSON_VERSION,
                    "command": command,
                    "status": "bug",
                    "exit-code": 101,
                    "message": msg.lines().next().unwrap_or_default().trim_start_matches("error: "),
                    "file": file,
                    "panic": format!("{what}{place}"),
                    "playbook-version": env!("CARGO_PKG_VERSION"),
                });
                println!("{doc:#}");
            }
            None => eprintln!("{msg}"),
        }
        remove_doomed();
        std::process::exit(101);
    }));
}
