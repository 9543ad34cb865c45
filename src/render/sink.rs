//! Where rendered pages go: memory for `serve`, nowhere for `check`, or
//! (through [`Sink`]) `build`'s staging folder.

use std::collections::BTreeMap;

use crate::theme::CopySource;

/// A page ready to be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderedPage {
    /// Path below the site root (`en/pricing/index.html`).
    pub path: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// The whole site in memory, for `serve`.
#[derive(Debug, Default)]
pub struct RenderedSite {
    /// Rendered pages, sorted by path.
    pub pages: Vec<RenderedPage>,
    /// Files copied as they are, by site path.
    pub copies: BTreeMap<String, CopySource>,
}

/// Where rendered pages go as they are made: the staging folder of
/// `build`, so that a large site is never held in memory whole, or memory
/// for `serve`.
pub trait Sink: Sync {
    /// Takes a finished page. A sink that can fail keeps its first error,
    /// to report when it is done.
    fn put(&self, page: RenderedPage);
}

/// Keeps the pages in memory.
#[derive(Default)]
pub struct Collect(std::sync::Mutex<Vec<RenderedPage>>);

impl Sink for Collect {
    fn put(&self, page: RenderedPage) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(page);
    }
}

impl Collect {
    /// The pages, sorted by path so that the result is the same on every
    /// run.
    pub fn into_pages(self) -> Vec<RenderedPage> {
        let mut pages = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        pages
    }
}

/// Drops every page: `check` renders to find template errors only.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _page: RenderedPage) {}
}

/// What a site holds besides what went to the sink.
#[derive(Debug, Default)]
pub struct SiteFiles {
    /// The path of every page, sorted.
    pub pages: Vec<String>,
    /// Files copied as they are, by site path.
    pub copies: BTreeMap<String, CopySource>,
}
