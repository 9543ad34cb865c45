//! Stage 5: writing the site, atomically and safely.
//!
//! The site is written into a fresh folder beside the target (same file
//! system, so a rename is atomic) and swapped in only when every file is
//! written; a failed build leaves the previous site as it was. Every folder
//! playbook writes holds a marker listing the files it wrote, and playbook
//! replaces only a folder whose files are all on that list: it never
//! deletes anything it did not write.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::codes;
use crate::config::Config;
use crate::content::{CONTENT_DIR, STATIC_DIR};
use crate::diagnostics::Diagnostic;
use crate::render::{RenderedPage, Sink, SiteFiles};
use crate::theme::CopySource;

/// The marker file in every folder playbook writes.
pub const MARKER: &str = ".playbook-output";
const MARKER_HEADER: &str = "# Written by playbook build. `playbook build` replaces this folder only while it holds nothing but the files listed here.\n";

/// Checks that `out` may be replaced by a build of the playbook at `root`,
/// and returns it as an absolute path with symbolic links resolved.
pub fn check_output_path(config: &Config, out: &Path) -> Result<PathBuf, Box<Diagnostic>> {
    let out = resolve(out);
    let root = config
        .root
        .canonicalize()
        .unwrap_or_else(|_| config.root.clone());
    let shown = out.display().to_string();
    let refuse = |why: String, help: &str| {
        Err(Box::new(
            Diagnostic::error(
                codes::UNSAFE_OUTPUT,
                format!("refusing to write the site to `{shown}`: {why}"),
            )
            .help(help.to_string()),
        ))
    };
    let pick = "pick a folder of its own, such as `public` inside the playbook (`--out public`)";
    if out.parent().is_none() {
        return refuse("it is the file system root".into(), pick);
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
        && resolve(&home) == out
    {
        return refuse("it is your home folder".into(), pick);
    }
    if root.starts_with(&out) {
        return refuse(
            "it holds the playbook itself, and replacing it would delete your notes".into(),
            pick,
        );
    }
    for source in [CONTENT_DIR, STATIC_DIR, "themes", "templates"] {
        // `content/` may itself be a link: compare where it really is.
        let folder = root.join(source);
        if out.starts_with(&folder) || out.starts_with(resolve(&folder)) {
            return refuse(
                format!("it is inside the playbook's `{source}/` folder"),
                pick,
            );
        }
    }
    match std::fs::symlink_metadata(&out) {
        Ok(meta) if !meta.is_dir() => {
            return refuse("it is a file, not a folder".into(), pick);
        }
        Ok(_) => {
            if let Some(foreign) = foreign_file(&out) {
                return refuse(
                    format!("it holds `{foreign}`, which playbook did not write"),
                    "move that file away, or choose an empty or new folder; playbook only replaces folders it wrote itself",
                );
            }
        }
        Err(_) => {}
    }
    Ok(out)
}

/// An absolute, `..`-free path with the existing part's links resolved.
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut clean = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    // Resolve links in the longest part that exists.
    let mut existing = clean.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => {
                rest.push(name.to_os_string());
                existing.pop();
            }
            None => break,
        }
    }
    let mut real = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        real.push(name);
    }
    real
}

/// The first file in an existing output folder that its marker does not
/// list (or any file, when there is no marker), as a relative path.
fn foreign_file(out: &Path) -> Option<String> {
    let listed: BTreeSet<String> = crate::walk::read_regular_text(&out.join(MARKER))
        .map(|text| {
            text.lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    for entry in walkdir::WalkDir::new(out).min_depth(1).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                return Some(
                    err.path()
                        .map_or_else(|| "?".into(), |p| p.display().to_string()),
                );
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(out)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if rel != MARKER && !listed.contains(&rel) {
            return Some(rel);
        }
    }
    None
}

fn write_failed(what: &str, path: &Path, err: &std::io::Error) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(
            codes::WRITE_FAILED,
            format!("cannot write the site: {what} `{}`: {err}", path.display()),
        )
        .help("check that the output folder's parent exists and is writable; the previous site is unchanged"),
    )
}

/// A site being written: a fresh folder beside `out` (already checked by
/// [`check_output_path`]) that takes pages as they are rendered and is
/// swapped in by [`Staging::finish`]. Dropped unfinished, it is deleted
/// and `out` stays as it was.
pub struct Staging {
    dir: tempfile::TempDir,
    /// An exclusive lock on `dir`, held while this build lives: a later
    /// build deletes a staging folder only when it can take this lock,
    /// that is when the build that made it is gone (killed, say).
    _lock: Option<std::fs::File>,
    /// Deletes `dir` should the process end before it drops.
    _doomed: crate::crash::Doomed,
    out: PathBuf,
    /// The first write that failed; later pages are not written.
    failed: OnceLock<Box<Diagnostic>>,
}

impl Staging {
    /// Makes the staging folder.
    pub fn new(out: &Path) -> Result<Staging, Box<Diagnostic>> {
        let parent = out.parent().unwrap_or(Path::new("/"));
        std::fs::create_dir_all(parent).map_err(|e| write_failed("cannot create", parent, &e))?;
        remove_stale_staging(parent);
        let (dir, doomed) = crate::crash::make_doomed(
            || {
                tempfile::Builder::new()
                    .prefix(STAGING_PREFIX)
                    .tempdir_in(parent)
            },
            |dir| dir.path(),
        )
        .map_err(|e| write_failed("cannot create a folder in", parent, &e))?;
        let lock = lock_staging(dir.path());
        Ok(Staging {
            _doomed: doomed,
            _lock: lock,
            dir,
            out: out.to_path_buf(),
            failed: OnceLock::new(),
        })
    }

    /// Copies the site's other files, writes the marker and puts the site
    /// at `out`; returns how many files the site has.
    pub fn finish(self, files: &SiteFiles) -> Result<usize, Box<Diagnostic>> {
        if let Some(d) = self.failed.into_inner() {
            return Err(d);
        }
        let base = self.dir.path();
        files
            .copies
            .par_iter()
            .try_for_each(|(site_path, source)| {
                let path = base.join(site_path);
                match source {
                    CopySource::Embedded(bytes) => write_in_folder(base, &path, bytes)
                        .map_err(|e| write_failed("cannot write", &path, &e)),
                    CopySource::Disk(from) => copy_in_folder(base, from, &path)
                        .map_err(|e| write_failed("cannot copy", from, &e)),
                }
            })?;
        let mut written: BTreeSet<&str> = BTreeSet::new();
        written.extend(files.pages.iter().map(String::as_str));
        written.extend(files.copies.keys().map(String::as_str));
        let mut marker = String::from(MARKER_HEADER);
        for path in &written {
            marker.push_str(path);
            marker.push('\n');
        }
        std::fs::write(base.join(MARKER), marker)
            .map_err(|e| write_failed("cannot write", &base.join(MARKER), &e))?;
        set_readable(base);
        swap(self.dir, &self.out)
            .map_err(|e| write_failed("cannot move the new site to", &self.out, &e))?;
        Ok(written.len())
    }
}

/// How staging folders are named, beside the output folder.
const STAGING_PREFIX: &str = ".playbook-tmp-";

/// Locks a new staging folder and marks it as playbook's with a marker
/// that lists nothing yet. The lock comes first, so that a marked folder
/// is never seen unlocked while its build lives. Where the file system
/// cannot lock, the folder stays unmarked and is never removed by another
/// build.
fn lock_staging(dir: &Path) -> Option<std::fs::File> {
    let folder = std::fs::File::open(dir).ok()?;
    folder.try_lock().ok()?;
    // Written beside and renamed, so that a marker is never seen half
    // written: a build killed in between leaves a folder that holds only
    // the unfinished marker, which the next build also removes.
    let unfinished = dir.join(UNFINISHED_MARKER);
    std::fs::write(&unfinished, MARKER_HEADER).ok()?;
    std::fs::rename(&unfinished, dir.join(MARKER)).ok()?;
    Some(folder)
}

/// The marker's name while it is written.
const UNFINISHED_MARKER: &str = ".playbook-output.new";

/// Deletes staging folders in `parent` that a build left behind when it was
/// killed (SIGKILL or a power cut leave no chance to clean up). A folder
/// goes only when it is provably playbook's (a marker that playbook wrote)
/// and no live process holds its lock. Failures are ignored: the folder
/// stays, as before.
fn remove_stale_staging(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let is_staging = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(STAGING_PREFIX));
        if !is_staging || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let dir = entry.path();
        let ours = crate::walk::read_regular(&dir.join(MARKER))
            .is_ok_and(|bytes| bytes.starts_with(MARKER_HEADER.as_bytes()));
        let Ok(folder) = std::fs::File::open(&dir) else {
            continue;
        };
        if folder.try_lock().is_err() {
            continue;
        }
        if ours {
            let _ = std::fs::remove_dir_all(&dir);
        } else if std::fs::remove_file(dir.join(UNFINISHED_MARKER)).is_ok() {
            // Killed while writing its marker, after taking the lock: the
            // unfinished marker was all it held, so the folder is empty.
            let _ = std::fs::remove_dir(&dir);
        }
    }
}

impl Sink for Staging {
    fn put(&self, page: RenderedPage) {
        if self.failed.get().is_some() || crate::crash::ending() {
            return;
        }
        let path = self.dir.path().join(&page.path);
        if let Err(e) = write_in_folder(self.dir.path(), &path, &page.bytes) {
            let _ = self.failed.set(write_failed("cannot write", &path, &e));
        }
        crate::progress::page_written();
    }
}

/// Writes a file below `base`, making its folder when that is missing:
/// pages arrive in no set order, and most have a folder of their own.
fn write_in_folder(base: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    match std::fs::write(path, bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            make_folders(base, path)?;
            std::fs::write(path, bytes)
        }
        done => done,
    }
}

/// Copies a file below `base`, making its folder when that is missing.
fn copy_in_folder(base: &Path, from: &Path, to: &Path) -> std::io::Result<()> {
    make_folders(base, to)?;
    std::fs::copy(from, to).map(|_| ())
}

/// Makes the folders between `base` and the file `path`, but never `base`
/// itself: once an interrupted build has deleted its staging folder, a
/// late page cannot bring it back. Like `create_dir_all`, it tries the
/// deepest folder first, which is all a page usually needs.
fn make_folders(base: &Path, path: &Path) -> std::io::Result<()> {
    match path.parent() {
        Some(folder) if folder != base && folder.starts_with(base) => make_folder(base, folder),
        _ => Ok(()),
    }
}

fn make_folder(base: &Path, folder: &Path) -> std::io::Result<()> {
    let made = match std::fs::create_dir(folder) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            make_folders(base, folder)?;
            std::fs::create_dir(folder)
        }
        made => made,
    };
    match made {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        made => made,
    }
}

#[cfg(unix)]
fn set_readable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    // A staging folder is private (0700); a published site is not.
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755));
}

#[cfg(not(unix))]
fn set_readable(_dir: &Path) {}

/// Puts the staged site at `out`. With an existing site, the two folders are
/// exchanged in one step where the system can (Linux `RENAME_EXCHANGE`),
/// else by two renames; the old site is then deleted.
fn swap(staging: tempfile::TempDir, out: &Path) -> std::io::Result<()> {
    if !out.exists() {
        std::fs::rename(staging.path(), out)?;
        let _ = staging.keep();
        return Ok(());
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, staging.path(), CWD, out, RenameFlags::EXCHANGE).is_ok() {
            // `staging` now names the old site; dropping it deletes it.
            return Ok(());
        }
    }
    let parent = out.parent().unwrap_or(Path::new("/"));
    let old = tempfile::Builder::new()
        .prefix(".playbook-old-")
        .tempdir_in(parent)?;
    std::fs::remove_dir(old.path())?;
    std::fs::rename(out, old.path())?;
    if let Err(err) = std::fs::rename(staging.path(), out) {
        let _ = std::fs::rename(old.path(), out);
        return Err(err);
    }
    let _ = staging.keep();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_staging_folder_killed_while_marking_goes_and_nothing_unproven_does() {
        let parent = tempfile::tempdir().unwrap();
        let dir = |name: &str| parent.path().join(format!("{STAGING_PREFIX}{name}"));
        // Killed between writing the marker and renaming it.
        std::fs::create_dir(dir("marking")).unwrap();
        std::fs::write(dir("marking").join(UNFINISHED_MARKER), "partial").unwrap();
        // Killed before it took its lock, or not playbook's at all.
        std::fs::create_dir(dir("empty")).unwrap();
        std::fs::create_dir(dir("foreign")).unwrap();
        std::fs::write(dir("foreign").join("notes.txt"), "keep").unwrap();
        // A live build's folder, locked and marked.
        std::fs::create_dir(dir("live")).unwrap();
        let lock = lock_staging(&dir("live")).expect("a lock on this file system");
        remove_stale_staging(parent.path());
        assert!(!dir("marking").exists());
        assert!(dir("empty").is_dir());
        assert!(dir("foreign").join("notes.txt").is_file());
        assert!(dir("live").join(MARKER).is_file());
        drop(lock);
        remove_stale_staging(parent.path());
        assert!(!dir("live").exists());
    }
}
