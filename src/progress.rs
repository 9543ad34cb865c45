//! How far a long build has come, for the progress line the command shows
//! on a terminal: the stages count what they did in shared counters, and
//! whoever shows them reads the counters. Counting is one relaxed atomic
//! add per file, so a build that nobody watches pays nothing worth naming.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Notes read from disk in this process.
static NOTES_READ: AtomicUsize = AtomicUsize::new(0);
/// Pages written to a staging folder in this process.
static PAGES_WRITTEN: AtomicUsize = AtomicUsize::new(0);

/// Counts one note read.
pub fn note_read() {
    NOTES_READ.fetch_add(1, Ordering::Relaxed);
}

/// Counts one page written.
pub fn page_written() {
    PAGES_WRITTEN.fetch_add(1, Ordering::Relaxed);
}

/// The counts so far: notes read, pages written.
pub fn counts() -> (usize, usize) {
    (
        NOTES_READ.load(Ordering::Relaxed),
        PAGES_WRITTEN.load(Ordering::Relaxed),
    )
}
