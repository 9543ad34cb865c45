//! What the user sees if playbook has a bug and panics: one short message
//! naming the file it was working on and asking for a report, instead of a
//! raw backtrace, and exit status 101.
//!
//! Each stage marks the file it works on with [`working_on`]; the mark is
//! per thread, so rayon workers each name their own file.

use std::cell::RefCell;
use std::sync::OnceLock;

thread_local! {
    static CURRENT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Marks `file` (relative to the playbook) as the one this thread works on
/// until the guard drops.
pub fn working_on(file: &str) -> Working {
    let previous = CURRENT.with(|c| c.replace(Some(file.to_string())));
    if injected_panic().is_some_and(|f| f == file) {
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

/// A file whose processing panics on purpose, so the end-to-end tests can
/// prove the crash report; unset in normal use.
fn injected_panic() -> Option<&'static str> {
    static FILE: OnceLock<Option<String>> = OnceLock::new();
    FILE.get_or_init(|| std::env::var("PLAYBOOK_INJECT_PANIC").ok())
        .as_deref()
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
        eprintln!("{msg}");
        std::process::exit(101);
    }));
}
