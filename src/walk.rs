//! Walks a source folder of the playbook (a language folder, `static/`, a
//! theme's folders) and returns the files to read or copy.
//!
//! Everything this returns is a regular file whose real path lies inside
//! the playbook's folder. A symbolic link that leads out of it is an error
//! naming the link and its target, and is neither read nor followed: in a
//! shared repository a contributor's `logo.png -> ../../.env` would
//! otherwise publish the CI runner's secrets. Links within the playbook are
//! followed; loops are errors. FIFOs, sockets and devices are skipped, so
//! no read can block.

use std::path::{Path, PathBuf};

use crate::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Reads a file the build depends on (`book.toml`, the output marker, a
/// note), refusing anything but a regular file. A FIFO named `book.toml`
/// would otherwise block the build for ever: on Unix the file is opened
/// without blocking and checked before a byte is read.
pub fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    #[cfg(unix)]
    let mut file = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
            .open(path)?
    };
    #[cfg(not(unix))]
    let mut file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "it is not a regular file (a folder, a FIFO or a device)",
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// [`read_regular`], as UTF-8 text.
pub fn read_regular_text(path: &Path) -> std::io::Result<String> {
    String::from_utf8(read_regular(path)?)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// The playbook folder as the walker checks it: its real path, with every
/// link resolved.
pub struct Bounds {
    root: PathBuf,
    real_root: PathBuf,
}

impl Bounds {
    /// The bounds of the playbook at `root`, resolved once per walk.
    pub fn new(root: &Path) -> Bounds {
        Bounds {
            root: root.to_path_buf(),
            real_root: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
        }
    }

    /// `Err(target)` when `path` resolves to a place outside the playbook.
    /// A path that cannot be resolved is left to the read that follows,
    /// which reports why.
    fn outside(&self, path: &Path) -> Result<(), PathBuf> {
        match std::fs::canonicalize(path) {
            Ok(real) if !real.starts_with(&self.real_root) => Err(real),
            _ => Ok(()),
        }
    }

    /// Reports `path` if it resolves outside the playbook. Returns whether it
    /// may be read.
    pub fn check(&self, path: &Path, diags: &mut Diagnostics) -> bool {
        match self.outside(path) {
            Ok(()) => true,
            Err(target) => {
                diags.push(outside_link(&self.root, path, &target));
                false
            }
        }
    }

    /// The regular files below `dir`, in file name order, through any
    /// links inside the playbook, skipping hidden files and editor
    /// leftovers (see [`ignored`]). `dir` itself is checked too:
    /// `content/en` may be a link.
    pub fn files(&self, dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
        let mut out = Vec::new();
        if !self.check(dir, diags) {
            return out;
        }
        let mut entries = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .min_depth(1)
            .into_iter()
            .filter_entry(|e| !ignored(&e.file_name().to_string_lossy()));
        while let Some(entry) = entries.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    diags.push(walk_error(&self.root, &err));
                    continue;
                }
            };
            if entry.path_is_symlink()
                && let Err(target) = self.outside(entry.path())
            {
                diags.push(outside_link(&self.root, entry.path(), &target));
                if entry.file_type().is_dir() {
                    entries.skip_current_dir();
                }
                continue;
            }
            if !entry.file_type().is_file() {
                continue;
            }
            let below = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            if below.to_string_lossy().chars().any(char::is_control) {
                diags.push(control_character(&self.root, entry.path()));
                continue;
            }
            out.push(entry.into_path());
        }
        out
    }
}

/// Whether `path`, a file that changed, is a link: such a change needs a
/// walk, where links are checked, rather than a direct read.
pub fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

fn outside_link(root: &Path, link: &Path, target: &Path) -> Diagnostic {
    Diagnostic::error(
        codes::OUTSIDE_LINK,
        format!(
            "this symbolic link leads outside the playbook, to `{}`",
            target.display()
        ),
    )
    .at(&display_path(root, link), None)
    .help(
        "copy the file into the playbook, or point the link at a file inside it; \
         playbook never publishes a file from outside its folder",
    )
}

/// A line break or other control character in a name: it cannot be part
/// of a URL, and would break the output folder's marker, one name a line.
fn control_character(root: &Path, path: &Path) -> Diagnostic {
    Diagnostic::error(
        codes::FILE_NAME,
        format!(
            "the name {:?} holds a line break or another control character",
            display_path(root, path)
        ),
    )
    .at(&display_path(root, path), None)
    .help("rename the file without it")
}

fn walk_error(root: &Path, err: &walkdir::Error) -> Diagnostic {
    let file = err
        .path()
        .map(|p| display_path(root, p))
        .unwrap_or_else(|| ".".to_string());
    let message = if err.loop_ancestor().is_some() {
        "symbolic link loop: this folder links back to one of its parents".to_string()
    } else {
        format!("cannot read: {err}")
    };
    Diagnostic::error(codes::UNREADABLE_FILE, message)
        .at(&file, None)
        .help("fix the permissions or remove the link")
}

/// Hidden files and the leftovers of editors (vim's `4913` probe and swap
/// files, emacs' `.#x` locks and `x~` backups, JetBrains' safe-write files).
pub fn ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

/// A path relative to the playbook root, `/`-separated, for messages.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_ignored() {
        for name in [
            ".hidden.md",
            "a.md~",
            "4913",
            ".a.md.swp",
            "a.md___jb_tmp___",
        ] {
            assert!(ignored(name), "{name}");
        }
        assert!(!ignored("pricing.md"));
    }

    #[cfg(unix)]
    #[test]
    fn links_inside_are_followed_and_links_outside_are_errors() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "s").unwrap();
        let book = tempfile::tempdir().unwrap();
        let dir = book.path().join("static");
        std::fs::create_dir_all(dir.join("real")).unwrap();
        std::fs::write(dir.join("real/a.txt"), "a").unwrap();
        symlink(dir.join("real"), dir.join("inside")).unwrap();
        symlink(outside.path().join("secret.txt"), dir.join("secret.txt")).unwrap();
        symlink(outside.path(), dir.join("folder")).unwrap();

        let mut diags = Diagnostics::new();
        let found: Vec<String> = Bounds::new(book.path())
            .files(&dir, &mut diags)
            .iter()
            .map(|f| display_path(book.path(), f))
            .collect();
        assert_eq!(found, ["static/inside/a.txt", "static/real/a.txt"]);
        assert_eq!(diags.error_count(), 2);
    }
}
