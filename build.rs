//! Rebuilds the binary when the embedded default theme changes (it is
//! compiled in with `include_dir!`, which cargo cannot see on its own),
//! and names the git commit it is built from in `playbook --version`,
//! building again when the checkout's HEAD moves.
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    let suffix = match commit() {
        Some(commit) => format!(" (commit {commit})"),
        None => String::new(),
    };
    println!("cargo:rustc-env=PLAYBOOK_VERSION_SUFFIX={suffix}");
}

/// The short hash of HEAD, when the source is a git checkout and git is
/// installed; watches the files that move HEAD.
fn commit() -> Option<String> {
    let git = |args: &[&str]| {
        let out = Command::new("git").args(args).output().ok()?;
        let text = String::from_utf8(out.stdout).ok()?;
        (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
    };
    let dir = PathBuf::from(git(&["rev-parse", "--absolute-git-dir"])?);
    let head = dir.join("HEAD");
    watch(&head);
    if let Ok(text) = std::fs::read_to_string(&head)
        && let Some(branch) = text.trim().strip_prefix("ref: ")
    {
        // A branch's ref may sit in the common folder of a worktree, or
        // be packed.
        let common = git(&["rev-parse", "--git-common-dir"]).map_or(dir.clone(), PathBuf::from);
        for base in [&dir, &common] {
            watch(&base.join(branch));
            watch(&base.join("packed-refs"));
        }
    }
    git(&["rev-parse", "--short=12", "HEAD"])
}

/// Reruns this script when `path` changes; only existing files, since
/// cargo takes a missing one as changed on every build.
fn watch(path: &Path) {
    if path.exists() {
        println!("cargo:rerun-if-changed={}", path.display());
    }
}
