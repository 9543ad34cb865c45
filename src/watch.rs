//! Watching the sources for saves: which events are saves of sources
//! (not the build folder, not editor leftovers), when a burst of them is
//! over, and the rebuild after each, for `serve` and `build --watch`.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use crate::{Outcome, Status};

/// How long the sources must be quiet before a rebuild starts: editors
/// write a file in several steps (a temporary file, then a rename) within
/// a millisecond or two, and a burst of saves is one rebuild.
const QUIET: Duration = Duration::from_millis(10);

/// How long a burst waits for a file it modified to be closed after
/// writing, at most: a save in place truncates the file, then writes it,
/// and on a loaded machine the editor may be paused in between.
const MAX_WRITE: Duration = Duration::from_secs(2);

/// How long after a failed build a further save is waited for before its
/// errors are shown: a file read in the middle of a save is followed by
/// the event that completes it.
const SETTLE: Duration = Duration::from_millis(150);

/// The folders and file `serve` watches, below the playbook root.
pub const WATCHED: [&str; 5] = ["book.toml", "content", "themes", "templates", "static"];

/// The file watcher and where its events arrive.
pub struct Watching {
    watcher: notify::RecommendedWatcher,
    /// Events that touch the sources (see [`relevant`]).
    events: mpsc::Receiver<notify::Result<notify::Event>>,
    /// The canonical root: events carry absolute paths.
    root: PathBuf,
    watched: Vec<PathBuf>,
    /// Set by the watcher on every event that touches the sources.
    saved: Arc<AtomicBool>,
    writing: OpenWrites,
}

impl Watching {
    /// Starts watching before the first build, so no save is missed.
    pub fn start(root: &Path) -> Result<Watching, WatchError> {
        use notify::Watcher;
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let (tx, events) = mpsc::channel();
        let saved = Arc::new(AtomicBool::new(false));
        let (flag, watched_root) = (saved.clone(), root.clone());
        let handler = move |event: notify::Result<notify::Event>| {
            // Only what touches the sources reaches the rebuild loop.
            if relevant(&watched_root, &event) {
                // Closing a file after writing is not a save of its own,
                // but it says that the save is complete.
                if !closed_after_writing(&event) {
                    flag.store(true, Ordering::Relaxed);
                }
                let _ = tx.send(event);
            }
        };
        let mut watcher = notify::recommended_watcher(handler).map_err(|e| {
            WatchError(format!(
                "cannot watch files: {e} (on Linux, raise fs.inotify.max_user_watches)"
            ))
        })?;
        watcher
            .watch(&root, notify::RecursiveMode::NonRecursive)
            .map_err(|e| WatchError(format!("cannot watch {}: {e}", root.display())))?;
        let mut watching = Watching {
            watcher,
            events,
            root,
            watched: Vec::new(),
            saved,
            writing: OpenWrites::default(),
        };
        watching.add_folders();
        Ok(watching)
    }

    /// Watches the source folders, including ones created since.
    fn add_folders(&mut self) {
        use notify::Watcher;
        for name in WATCHED.iter().skip(1) {
            let dir = self.root.join(name);
            if dir.is_dir() && !self.watched.contains(&dir) {
                if let Err(e) = self.watcher.watch(&dir, notify::RecursiveMode::Recursive) {
                    let _ = writeln!(
                        anstream::stderr(),
                        "warning: cannot watch {}: {e}",
                        dir.display()
                    );
                }
                self.watched.push(dir);
            }
        }
    }

    /// Calls `rebuild` after each burst of saves, with the files it
    /// changed (`None`: any may have) and a flag that the next save sets,
    /// until the watcher stops. `settled` gets each outcome that the
    /// sources stayed in: a failed build that a newer save overtook,
    /// during the build or soon after, most likely read a file
    /// half-written (a save in place is a truncate, then a write), and the
    /// next build has the last word.
    pub fn each_save(
        mut self,
        mut rebuild: impl FnMut(Option<&[String]>, &AtomicBool) -> Outcome,
        mut settled: impl FnMut(&Outcome),
    ) {
        let mut next = None;
        loop {
            let first = match next.take() {
                Some(event) => event,
                None => match self.events.recv() {
                    Ok(event) => event,
                    Err(_) => return,
                },
            };
            let events = self.burst(first);
            // A file only closed after writing is no new save.
            if events.iter().all(closed_after_writing) {
                continue;
            }
            self.add_folders();
            let changed = changed_files(&self.root, &events);
            // Saves from here on stop the rendering of listing pages, which
            // the next rebuild then renders.
            self.saved.store(false, Ordering::Relaxed);
            let outcome = rebuild(changed.as_deref(), &self.saved);
            if outcome.status != Status::Ok {
                if self.saved.load(Ordering::Relaxed) {
                    continue;
                }
                match self.next_save(SETTLE) {
                    Ok(Some(event)) => {
                        next = Some(event);
                        continue;
                    }
                    Ok(None) => {}
                    Err(()) => return,
                }
            }
            settled(&outcome);
        }
    }

    /// The events of one burst, from its first: until the sources have been
    /// quiet for [`QUIET`] and no file that the burst modified is still
    /// open for writing (for at most [`MAX_WRITE`], in case its close is
    /// never seen).
    fn burst(
        &mut self,
        first: notify::Result<notify::Event>,
    ) -> Vec<notify::Result<notify::Event>> {
        let started = Instant::now();
        self.writing.note(&first, started);
        let mut events = vec![first];
        loop {
            match self.events.recv_timeout(QUIET) {
                Ok(event) => {
                    self.writing.note(&event, Instant::now());
                    events.push(event);
                }
                Err(mpsc::RecvTimeoutError::Timeout)
                    if self.writing.any_open(Instant::now()) && started.elapsed() < MAX_WRITE => {}
                Err(_) => return events,
            }
        }
    }

    /// The next event that is a save, if one comes within `wait`; `Err`
    /// when the watcher stopped.
    fn next_save(&mut self, wait: Duration) -> Result<Option<notify::Result<notify::Event>>, ()> {
        let until = Instant::now() + wait;
        loop {
            let left = until.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(event) => {
                    self.writing.note(&event, Instant::now());
                    if !closed_after_writing(&event) {
                        return Ok(Some(event));
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => return Ok(None),
                Err(mpsc::RecvTimeoutError::Disconnected) => return Err(()),
            }
        }
    }
}

/// The files that were modified and not yet closed after writing: an
/// editor is still saving them, and a build now would read them cut off.
#[derive(Default)]
struct OpenWrites(HashMap<PathBuf, Instant>);

impl OpenWrites {
    /// Takes note of a modification (a file is being written) or of a
    /// close after writing (that save is done).
    fn note(&mut self, event: &notify::Result<notify::Event>, now: Instant) {
        use notify::EventKind;
        use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RemoveKind};
        let Ok(event) = event else { return };
        match event.kind {
            EventKind::Create(CreateKind::File | CreateKind::Any)
            | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Any) => {
                for path in &event.paths {
                    self.0.entry(path.clone()).or_insert(now);
                }
            }
            EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Remove(RemoveKind::File | RemoveKind::Any) => {
                for path in &event.paths {
                    self.0.remove(path);
                }
            }
            _ => {}
        }
    }

    /// Whether a file is still open for writing, forgetting those whose
    /// writing began more than [`MAX_WRITE`] ago (their close was missed,
    /// or a program keeps them open).
    fn any_open(&mut self, now: Instant) -> bool {
        self.0
            .retain(|_, since| now.saturating_duration_since(*since) < MAX_WRITE);
        !self.0.is_empty()
    }
}

/// Whether an event is only a file closed after writing.
fn closed_after_writing(event: &notify::Result<notify::Event>) -> bool {
    use notify::event::{AccessKind, AccessMode};
    event
        .as_ref()
        .is_ok_and(|e| e.kind == notify::EventKind::Access(AccessKind::Close(AccessMode::Write)))
}

/// The source files a burst of events touched, relative to the root; `None`
/// when the watcher lost track (an error, or a rescan is needed), so that
/// the next build looks at every file.
fn changed_files(root: &Path, events: &[notify::Result<notify::Event>]) -> Option<Vec<String>> {
    let mut files = Vec::new();
    for event in events {
        let event = event.as_ref().ok()?;
        if event.need_rescan() {
            return None;
        }
        if matches!(event.kind, notify::EventKind::Access(_)) {
            continue;
        }
        for path in &event.paths {
            let rel = path.strip_prefix(root).ok()?;
            let mut parts = Vec::new();
            for component in rel.components() {
                parts.push(component.as_os_str().to_str()?);
            }
            let watched = parts.first().is_some_and(|top| WATCHED.contains(top));
            if watched && !parts.iter().any(|p| crate::content::ignored(p)) {
                files.push(parts.join("/"));
            }
        }
    }
    files.sort();
    files.dedup();
    Some(files)
}

/// Whether an event touches the sources (not the build folder, not editor
/// leftovers).
fn relevant(root: &Path, event: &notify::Result<notify::Event>) -> bool {
    let closed = closed_after_writing(event);
    let Ok(event) = event else { return true };
    // Of the reads and opens, only a close after writing says something
    // (a save is complete).
    if matches!(event.kind, notify::EventKind::Access(_)) && !closed {
        return false;
    }
    event.paths.iter().any(|path| {
        let Ok(rel) = path.strip_prefix(root) else {
            return false;
        };
        let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
        let Some(top) = parts.next() else {
            return false;
        };
        WATCHED.contains(&top.as_ref())
            && !rel
                .components()
                .any(|c| crate::content::ignored(&c.as_os_str().to_string_lossy()))
    })
}

/// Why watching could not start.
#[derive(Debug)]
pub struct WatchError(pub String);

/// `build --watch`: builds into the output folder, then again after each
/// burst of saves, every time with `build`'s swap of a finished folder, so
/// that a reader of the folder never sees a half-written site and a failed
/// build leaves the last good one. `report` gets each settled outcome;
/// returns only when the watcher stops.
pub fn build_on_save(
    options: &crate::Options,
    mut report: impl FnMut(&Outcome),
) -> Result<(), WatchError> {
    // Watching starts first, so that no save during the first build is
    // missed.
    let watching = Watching::start(&options.root)?;
    report(&crate::build(options));
    watching.each_save(|_, _| crate::build(options), report);
    Ok(())
}
