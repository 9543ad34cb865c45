//! Paths as URLs: percent-encoding of site paths, and relative links
//! from one page's folder to another.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// Characters percent-encoded in a URL path segment: everything that is not
/// safe in a path, and every non-ASCII byte (the readable form stays on disk).
pub(super) const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'\'');

/// Percent-encodes a site path segment by segment.
pub fn encode_path(path: &str) -> String {
    path.split('/')
        .map(|s| utf8_percent_encode(s, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// A relative href from a page in folder `from` (ending in `/`, or empty at
/// the root) to site path `to`; a folder target gets `index.html` so that
/// links work from `file://` too.
pub fn href(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    let mut out = "../".repeat(depth);
    out.push_str(&encode_path(to));
    if to.is_empty() || to.ends_with('/') {
        out.push_str("index.html");
    }
    out
}
