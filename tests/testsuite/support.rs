//! A playbook in a temp folder, built with the real binary, and the site it
//! wrote, parsed as HTML.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{Html, Selector};

/// A playbook copied into a fresh temp folder.
pub struct PlaybookTest {
    _dir: tempfile::TempDir,
    /// The playbook root (holding book.toml).
    pub root: PathBuf,
}

/// The result of one run of the binary.
#[derive(Debug)]
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error, without colour.
    pub stderr: String,
}

impl Run {
    /// Panics with the output unless the exit code is `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "expected exit {code}, got {}\nstdout:\n{}\nstderr:\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    /// Panics unless stderr contains `text`.
    #[track_caller]
    pub fn expect_stderr(&self, text: &str) -> &Run {
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}:\n{}",
            self.stderr
        );
        self
    }
}

/// The path of a fixture folder.
/// The basic fixture's book.toml with a `[build]` table of `keys` added.
pub fn basic_book_with_build(keys: &str) -> String {
    let book = std::fs::read_to_string(fixture_path("basic").join("book.toml")).unwrap();
    format!("{book}\n[build]\n{keys}")
}

pub fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

impl PlaybookTest {
    /// Copies `tests/fixtures/<name>` into `<temp>/playbook`.
    pub fn fixture(name: &str) -> PlaybookTest {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("playbook");
        copy_tree(&fixture_path(name), &root);
        PlaybookTest { _dir: dir, root }
    }

    /// A playbook with only a `book.toml` declaring en, de and pt.
    pub fn empty() -> PlaybookTest {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("playbook");
        std::fs::create_dir_all(root.join("content/en")).unwrap();
        let t = PlaybookTest { _dir: dir, root };
        t.file(
            "book.toml",
            "[book]\ntitle = \"T\"\ndefault-language = \"en\"\n[languages.en]\nname = \"English\"\n[languages.de]\nname = \"Deutsch\"\n[languages.pt]\nname = \"Português\"\n",
        );
        t
    }

    /// A copy of the playbook shipped at the repository root.
    pub fn shipped() -> PlaybookTest {
        let t = PlaybookTest::empty();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::remove_dir_all(t.root.join("content")).unwrap();
        copy_tree(&repo.join("content"), &t.root.join("content"));
        copy_tree(&repo.join("static"), &t.root.join("static"));
        std::fs::copy(repo.join("book.toml"), t.root.join("book.toml")).unwrap();
        t
    }

    /// Builds the site into `<temp>/site`, beside the playbook, and
    /// returns that folder.
    pub fn build_beside(&self) -> PathBuf {
        let site = self.temp().join("site");
        self.run(&["build", "--out", site.to_str().unwrap()])
            .expect_code(0);
        site
    }

    /// The temp folder holding the playbook (its parent).
    pub fn temp(&self) -> &Path {
        self.root.parent().unwrap()
    }

    /// Writes a file below the root, creating folders.
    pub fn file(&self, rel: &str, text: &str) -> &PlaybookTest {
        self.bytes(rel, text.as_bytes())
    }

    /// Writes raw bytes below the root, creating folders.
    pub fn bytes(&self, rel: &str, bytes: &[u8]) -> &PlaybookTest {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    /// Replaces `from` with `to` in a file below the root.
    #[track_caller]
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &PlaybookTest {
        let text = std::fs::read_to_string(self.root.join(rel)).unwrap();
        assert!(text.contains(from), "{rel} lacks {from:?}");
        self.file(rel, &text.replace(from, to))
    }

    /// Deletes a file below the root.
    pub fn remove(&self, rel: &str) -> &PlaybookTest {
        std::fs::remove_file(self.root.join(rel)).unwrap();
        self
    }

    /// Runs `playbook <args>` in the playbook root.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(&self.root, args)
    }

    /// `playbook build` with files limited to 32 KiB, as on a full disk.
    /// Ignoring SIGXFSZ, which `exec` keeps, makes a write past the limit
    /// fail with EFBIG instead of ending the process.
    pub fn build_on_a_full_disk(&self) -> Run {
        let output = Command::new("sh")
            .arg("-c")
            .arg("trap '' XFSZ; ulimit -f 64; exec \"$0\" build")
            .arg(env!("CARGO_BIN_EXE_playbook"))
            .current_dir(&self.root)
            .env("NO_COLOR", "1")
            .output()
            .expect("sh runs");
        Run::from(output)
    }

    /// `playbook build` that must succeed.
    pub fn build(&self) -> Run {
        let run = self.run(&["build"]);
        run.expect_code(0);
        run
    }

    /// The default output folder.
    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    /// The site in the default output folder.
    pub fn site(&self) -> Site {
        Site {
            root: self.public(),
        }
    }
}

/// Runs the binary in `dir` with a clean environment for colours.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_with_env(dir, args, &[])
}

/// Runs the binary in `dir` with extra environment variables.
pub fn run_with_env(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_playbook"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("TERM")
        .output()
        .expect("the binary runs");
    Run::from(output)
}

impl From<std::process::Output> for Run {
    fn from(output: std::process::Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// Every file below `dir` with its bytes: compare two to prove a folder
/// unchanged or two builds identical.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
        if entry.file_type().is_file() {
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        } else if entry.file_type().is_dir() {
            files.insert(rel, b"<dir>".to_vec());
        }
    }
    files
}

/// A written site.
pub struct Site {
    /// Its root folder.
    pub root: PathBuf,
}

impl Site {
    /// Whether a file exists below the root.
    pub fn has(&self, rel: &str) -> bool {
        self.root.join(rel).is_file()
    }

    /// A file's text.
    pub fn text(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel))
            .unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    /// A page parsed as HTML.
    pub fn page(&self, rel: &str) -> Page {
        Page {
            path: rel.to_string(),
            html: Html::parse_document(&self.text(rel)),
        }
    }

    /// Every HTML file, relative to the root.
    pub fn html_files(&self) -> Vec<String> {
        walkdir::WalkDir::new(&self.root)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| {
                e.path()
                    .strip_prefix(&self.root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect()
    }

    /// Asserts that every internal `href`/`src` on every page names a
    /// written file and, with a fragment, an existing id there; returns how
    /// many links it checked.
    #[track_caller]
    pub fn assert_links_resolve(&self) -> usize {
        let selector = Selector::parse("a[href], link[href], img[src]").unwrap();
        let mut checked = 0;
        for path in self.html_files() {
            let page = self.page(&path);
            for element in page.html.select(&selector) {
                let href = element
                    .value()
                    .attr("href")
                    .or_else(|| element.value().attr("src"))
                    .unwrap();
                let Some((target, fragment)) = page.resolve(href) else {
                    continue;
                };
                assert!(
                    self.has(&target),
                    "{path}: `{href}` -> missing file {target}"
                );
                // A fragment of another kind of file (`#page=2` of a PDF)
                // is the viewer's to read.
                if let Some(fragment) = fragment.filter(|_| target.ends_with(".html")) {
                    let target_page = self.page(&target);
                    let id = percent_encoding::percent_decode_str(&fragment)
                        .decode_utf8()
                        .unwrap()
                        .into_owned();
                    let by_id = Selector::parse(&format!("[id=\"{id}\"]")).unwrap();
                    assert!(
                        target_page.html.select(&by_id).next().is_some(),
                        "{path}: `{href}` -> no id `{id}` in {target}"
                    );
                }
                checked += 1;
            }
        }
        checked
    }

    /// Every file's text, for searching the whole site.
    pub fn all_text(&self) -> Vec<(String, String)> {
        walkdir::WalkDir::new(&self.root)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| {
                let text = std::fs::read_to_string(e.path()).ok()?;
                Some((
                    e.path()
                        .strip_prefix(&self.root)
                        .unwrap()
                        .display()
                        .to_string(),
                    text,
                ))
            })
            .collect()
    }
}

/// A parsed page.
pub struct Page {
    /// Its path below the site root.
    pub path: String,
    /// The document.
    pub html: Html,
}

impl Page {
    /// The text of every element matching `css`.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let selector = Selector::parse(css).unwrap();
        self.html
            .select(&selector)
            .map(|e| e.text().collect::<String>().trim().to_string())
            .collect()
    }

    /// An attribute of every element matching `css`.
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        let selector = Selector::parse(css).unwrap();
        self.html
            .select(&selector)
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }

    /// The one element matching `css`, as (text, href).
    #[track_caller]
    pub fn link(&self, css: &str) -> (String, String) {
        let selector = Selector::parse(css).unwrap();
        let found: Vec<_> = self.html.select(&selector).collect();
        assert_eq!(
            found.len(),
            1,
            "{}: expected one `{css}`, found {}",
            self.path,
            found.len()
        );
        let e = found[0];
        (
            e.text().collect::<String>().trim().to_string(),
            e.value().attr("href").unwrap_or_default().to_string(),
        )
    }

    /// Resolves an href on this page to a path below the site root (without
    /// fragment), or `None` for links to other sites.
    pub fn resolve(&self, href: &str) -> Option<(String, Option<String>)> {
        if href.contains("://") || href.starts_with("mailto:") || href.starts_with("//") {
            return None;
        }
        let (path, fragment) = match href.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (href, None),
        };
        let path = percent_encoding::percent_decode_str(path)
            .decode_utf8()
            .unwrap()
            .into_owned();
        let mut parts: Vec<String> = if path.is_empty() {
            self.path.split('/').map(str::to_string).collect()
        } else if let Some(abs) = path.strip_prefix('/') {
            let mut v = vec![String::new()];
            v.extend(abs.split('/').map(str::to_string));
            v
        } else {
            let mut v: Vec<String> = self.path.split('/').map(str::to_string).collect();
            v.pop();
            for seg in path.split('/') {
                match seg {
                    ".." => {
                        v.pop().expect("href climbs above the site root");
                    }
                    "." => {}
                    s => v.push(s.to_string()),
                }
            }
            v
        };
        parts.retain(|p| !p.is_empty());
        let mut joined = parts.join("/");
        if path.ends_with('/') || joined.is_empty() {
            if !joined.is_empty() {
                joined.push('/');
            }
            joined.push_str("index.html");
        }
        Some((joined, fragment.filter(|f| !f.is_empty())))
    }
}
