//! `playbook serve`: build in memory, serve over HTTP on loopback, watch
//! the sources, rebuild, and tell open pages to reload over a websocket.
//!
//! Nothing is written to disk: the site lives in memory and is swapped as a
//! whole after a successful build, so a page is never served half-built. A
//! failed build keeps the last good site and adds an overlay listing the
//! errors to every page. axum (on tokio) is the HTTP stack Zola and mdBook
//! use; notify events are only a trigger: after a short quiet spell the
//! whole playbook is looked at again (every file's stamp; only changed files
//! are read, see [`Session`]), so every editor's way of saving (in place,
//! rename-over, delete and recreate, bursts) ends in one correct build, and
//! an edit to a note re-renders only the pages that show that note.

use std::collections::HashMap;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast;

use crate::render::RenderedSite;
use crate::routes::Route;
use crate::theme::CopySource;
use crate::watch::Watching;
use crate::{Options, Session, SiteUpdate, Status, report};

/// Where pages listen for "reload".
pub fn reload_path() -> String {
    format!("/{}", Route::Reload.output_path())
}

/// What `serve` was asked for.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The playbook folder.
    pub root: PathBuf,
    /// The address to bind; `None` for book.toml's (loopback by default).
    pub address: Option<IpAddr>,
    /// The port; `None` for book.toml's (3000 by default).
    pub port: Option<u16>,
    /// Open the default browser.
    pub open: bool,
    /// Include drafts.
    pub drafts: bool,
    /// Print warnings and errors only, no line per rebuild.
    pub quiet: bool,
}

/// Why `serve` could not run (exit 2).
#[derive(Debug)]
pub struct ServeError(pub String);

impl ServeError {
    /// The error as `serve` reports it.
    pub fn diagnostic(&self) -> crate::diagnostics::Diagnostic {
        crate::diagnostics::Diagnostic::error(crate::codes::SERVE_FAILED, self.0.clone())
    }
}

/// The site being served.
#[derive(Default)]
struct Served {
    /// Files by site path (`en/index.html`), each an `Arc` of the buffer
    /// the page was rendered into (no copy).
    files: HashMap<String, Arc<Vec<u8>>>,
    /// The overlay shown while the sources have errors.
    overlay: Option<String>,
}

struct Shared {
    site: RwLock<Served>,
    /// What open pages are told after each rebuild.
    reload: broadcast::Sender<Reload>,
    bound: SocketAddr,
}

/// Runs until Ctrl-C.
pub fn serve(options: &ServeOptions) -> Result<(), ServeError> {
    let build_options = Options {
        root: options.root.clone(),
        drafts: options.drafts,
        ..Options::default()
    };
    let watching = Watching::start(&options.root).map_err(|e| ServeError(e.0))?;
    // book.toml must be readable to know where to listen.
    let mut session = Session::default();
    let mut site = None;
    let first = session.rebuild(
        &build_options,
        None,
        &AtomicBool::new(false),
        &mut |update| site = Some(update),
    );
    print_outcome(&first, options.quiet);
    if first.status == Status::ConfigError && site.is_none() {
        return Err(ServeError(
            "fix book.toml first; serve needs it to start".into(),
        ));
    }
    let (config_address, config_port) = configured_listen(&options.root);
    let address = options.address.unwrap_or(config_address);
    let port = options.port.unwrap_or(config_port);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| ServeError(format!("cannot start the server runtime: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind((address, port))
            .await
            .map_err(|e| {
                ServeError(if e.kind() == std::io::ErrorKind::AddrInUse {
                    format!(
                        "port {port} on {address} is already in use; pick another with `--port`, e.g. `--port {}`",
                        port.wrapping_add(1).max(1024)
                    )
                } else {
                    format!("cannot listen on {address}:{port}: {e}")
                })
            })?;
        let bound = listener
            .local_addr()
            .map_err(|e| ServeError(format!("cannot read the bound address: {e}")))?;
        let (reload, _) = broadcast::channel(16);
        let shared = Arc::new(Shared {
            site: RwLock::new(Served::default()),
            reload,
            bound,
        });
        match site {
            Some(update) => install(&shared, update),
            None => set_overlay(&shared, &first),
        }

        let mut stderr = anstream::stderr();
        if !address.is_loopback() {
            let _ = writeln!(
                stderr,
                "warning: serving on {address}, which is not a loopback address: anyone who can reach this machine can read the playbook"
            );
        }
        let url = format!("http://{bound}/");
        let _ = writeln!(stderr, "serving {} at {url} (Ctrl-C to stop)", options.root.display());
        if options.open
            && let Err(e) = opener::open_browser(&url)
        {
            let _ = writeln!(stderr, "warning: cannot open a browser: {e}");
        }

        let watcher_shared = shared.clone();
        let quiet = options.quiet;
        std::thread::spawn(move || {
            let mut session = session;
            watching.each_save(
                |changed, stop| {
                    session.rebuild(&build_options, changed, stop, &mut |update| {
                        install(&watcher_shared, update);
                    })
                },
                |outcome| {
                    if outcome.status != Status::Ok {
                        set_overlay(&watcher_shared, outcome);
                    }
                    print_outcome(outcome, quiet);
                },
            )
        });

        let app = Router::new()
            .route(&reload_path(), get(reload_socket))
            .fallback(page)
            .with_state(shared);
        tokio::select! {
            served = axum::serve(listener, app) => {
                served.map_err(|e| ServeError(format!("the server stopped: {e}")))
            }
            _ = tokio::signal::ctrl_c() => {
                let _ = writeln!(anstream::stderr(), "stopped");
                Ok(())
            }
        }
    })
}

/// The `[serve]` address and port of book.toml, or the defaults.
fn configured_listen(root: &Path) -> (IpAddr, u16) {
    let mut diags = crate::diagnostics::Diagnostics::new();
    let fallback = (IpAddr::from([127, 0, 0, 1]), 3000);
    match crate::config::load_config(root, &mut diags) {
        Ok(config) => (config.serve.address, config.serve.port),
        Err(_) => fallback,
    }
}

/// Prints a build's diagnostics and summary the way `build` does.
fn print_outcome(outcome: &crate::Outcome, quiet: bool) {
    let mut stderr = anstream::stderr();
    let _ = write!(stderr, "{}", outcome.diagnostics.render_human());
    if !quiet {
        let line = report::summary_line(outcome, report::Command::Serve);
        let _ = writeln!(stderr, "{line}");
    }
}

/// What the open pages are told after a rebuild, over the reload socket.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Reload {
    /// Every page reloads.
    All,
    /// Only the pages at these site paths (`en/tac/index.html`) reload.
    Pages(Arc<[String]>),
}

impl Reload {
    /// The text message the client in `reload-client.js` reads: `reload`,
    /// or `pages` and one site path per line.
    fn to_text(&self) -> String {
        match self {
            Reload::All => "reload".to_string(),
            Reload::Pages(paths) => {
                let mut text = String::from("pages");
                for path in paths.iter() {
                    text.push('\n');
                    text.push_str(path);
                }
                text
            }
        }
    }
}

/// Swaps in a new site or its changed pages in one step, and tells the
/// open pages which of them to reload.
fn install(shared: &Shared, update: SiteUpdate) {
    let message = match update {
        SiteUpdate::Full(site) => {
            let files = in_memory(site);
            let mut served = shared.site.write().unwrap_or_else(|e| e.into_inner());
            served.files = files;
            served.overlay = None;
            Reload::All
        }
        SiteUpdate::Pages(pages) => {
            let pages: Vec<(String, Arc<Vec<u8>>)> = pages
                .into_iter()
                .map(|p| (p.path, Arc::new(p.bytes)))
                .collect();
            let paths: Arc<[String]> = pages.iter().map(|(path, _)| path.clone()).collect();
            let mut served = shared.site.write().unwrap_or_else(|e| e.into_inner());
            served.files.extend(pages);
            // A page with the overlay must lose it: all of them reload.
            if served.overlay.take().is_some() {
                Reload::All
            } else {
                Reload::Pages(paths)
            }
        }
    };
    let _ = shared.reload.send(message);
}

/// Keeps the last good site and shows the errors over every page.
fn set_overlay(shared: &Shared, outcome: &crate::Outcome) {
    let mut served = shared.site.write().unwrap_or_else(|e| e.into_inner());
    served.overlay = Some(overlay(outcome));
    drop(served);
    let _ = shared.reload.send(Reload::All);
}

fn in_memory(site: RenderedSite) -> HashMap<String, Arc<Vec<u8>>> {
    let mut files: HashMap<String, Arc<Vec<u8>>> = HashMap::new();
    for page in site.pages {
        files.insert(page.path, Arc::new(page.bytes));
    }
    for (path, source) in site.copies {
        let bytes: Arc<Vec<u8>> = match source {
            CopySource::Embedded(bytes) => Arc::new(bytes.to_vec()),
            // A file deleted since the build is simply not served.
            CopySource::Disk(from) => match std::fs::read(&from) {
                Ok(bytes) => Arc::new(bytes),
                Err(_) => continue,
            },
        };
        files.insert(path, bytes);
    }
    files
}

/// The error overlay: every diagnostic as plain, escaped text. Its styles
/// are inline and set everything the theme's `pre` sets, so no theme can
/// make it unreadable.
fn overlay(outcome: &crate::Outcome) -> String {
    let text = anstream::adapter::strip_str(&outcome.diagnostics.render_human()).to_string();
    let mut escaped = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut escaped, &text).ok();
    format!(
        "<div id=\"playbook-errors\" role=\"alert\" tabindex=\"0\" style=\"position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;margin:0;padding:1em;background:#2b0b0b;color:#ffe9e9;border-top:4px solid #e5484d;font:14px/1.4 ui-monospace,monospace\"><strong>playbook: the last save has errors; this is the last good version.</strong><pre style=\"white-space:pre-wrap;margin:.5em 0 0;padding:0;border:0;background:none;color:inherit;font:inherit\">{escaped}</pre></div>"
    )
}

/// The reload client every served page gets, told its endpoint.
fn client() -> &'static str {
    static CLIENT: OnceLock<String> = OnceLock::new();
    CLIENT.get_or_init(|| {
        format!(
            "<script data-endpoint=\"{}\">{}</script>",
            reload_path(),
            include_str!("reload-client.js")
        )
    })
}

/// Whether the `Host` header names this server: the bound address,
/// `localhost` or a loopback address. Anything else is a DNS-rebinding
/// attempt from a hostile page.
fn host_allowed(headers: &HeaderMap, bound: SocketAddr) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == bound.ip(),
        Err(_) => false,
    }
}

/// The site path a request names, or `None` for anything that tries to
/// leave the site or reach a hidden file.
pub fn site_path(raw: &str) -> Option<String> {
    if raw.contains('\\') || !raw.starts_with('/') {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?;
    let lower = decoded.to_ascii_lowercase();
    // A second layer of encoding is never a real page and is how
    // traversal slips past naive checks.
    if lower.contains("%2e")
        || lower.contains("%2f")
        || lower.contains("%5c")
        || lower.contains("%00")
    {
        return None;
    }
    let mut parts = Vec::new();
    for segment in decoded[1..].split('/') {
        if segment == ".." || segment.starts_with('.') || segment.contains('\0') {
            return None;
        }
        if !segment.is_empty() {
            parts.push(segment);
        }
    }
    let mut path = parts.join("/");
    if decoded.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// Serves one file of the site.
async fn page(State(shared): State<Arc<Shared>>, headers: HeaderMap, uri: Uri) -> Response {
    if !host_allowed(&headers, shared.bound) {
        return plain(StatusCode::FORBIDDEN, "forbidden: unknown Host\n");
    }
    let Some(path) = site_path(uri.path()) else {
        return plain(StatusCode::BAD_REQUEST, "bad path\n");
    };
    let served = shared.site.read().unwrap_or_else(|e| e.into_inner());
    let (status, path, bytes) = match served.files.get(&path) {
        Some(bytes) => (StatusCode::OK, path, bytes.clone()),
        None => {
            // `/en/positioning` -> `/en/positioning/`.
            let folder = format!("{path}/index.html");
            if !path.ends_with("index.html") && served.files.contains_key(&folder) {
                // Built from the resolved route, never from the request:
                // `//en` must not become `//en/`, which a browser reads
                // as the host `en`.
                let location = format!("/{}/", crate::routes::encode_path(&path));
                return (
                    StatusCode::MOVED_PERMANENTLY,
                    [(header::LOCATION, location)],
                )
                    .into_response();
            }
            match served.files.get("404.html") {
                Some(bytes) => (StatusCode::NOT_FOUND, "404.html".to_string(), bytes.clone()),
                None => return plain(StatusCode::NOT_FOUND, "not found\n"),
            }
        }
    };
    let body = if path.ends_with(".html") {
        Body::from(inject(&bytes, served.overlay.as_deref()))
    } else {
        Body::from(bytes.to_vec())
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(&path)),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// Adds the reload client (and the overlay) before `</body>`.
fn inject(html: &[u8], overlay: Option<&str>) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let extra = format!("{}{}", overlay.unwrap_or(""), client());
    match text.rfind("</body>") {
        Some(at) => format!("{}{extra}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{extra}").into_bytes(),
    }
}

/// The reload websocket. Only pages of this site may open it: a hostile
/// page in another tab gets 403.
async fn reload_socket(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    if !host_allowed(&headers, shared.bound) {
        return plain(StatusCode::FORBIDDEN, "forbidden: unknown Host\n");
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if origin != format!("http://{host}") {
        return plain(StatusCode::FORBIDDEN, "forbidden: foreign Origin\n");
    }
    let receiver = shared.reload.subscribe();
    upgrade.on_upgrade(move |socket| forward(socket, receiver))
}

async fn forward(mut socket: WebSocket, mut receiver: broadcast::Receiver<Reload>) {
    loop {
        let message = match receiver.recv().await {
            Ok(message) => message,
            // Messages were missed, perhaps one for this page: reload.
            Err(broadcast::error::RecvError::Lagged(_)) => Reload::All,
            Err(broadcast::error::RecvError::Closed) => return,
        };
        if socket
            .send(Message::Text(message.to_text().into()))
            .await
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_stay_inside_the_site() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/en/").as_deref(), Some("en/index.html"));
        assert_eq!(
            site_path("/de/kan%C3%A4le/gr%C3%B6%C3%9Fe/").as_deref(),
            Some("de/kanäle/größe/index.html")
        );
        for bad in [
            "/../etc/passwd",
            "/en/../../x",
            "/%2e%2e/x",
            "/%252e%252e/x",
            "/en/..%2fx",
            "/en\\..\\x",
            "/.playbook-output",
            "/en/%00",
            "/en/.git/config",
            "relative",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn only_local_hosts_are_allowed() {
        let bound: SocketAddr = "127.0.0.1:3000".parse().unwrap();
        let with = |h: &str| {
            let mut m = HeaderMap::new();
            m.insert(header::HOST, HeaderValue::from_str(h).unwrap());
            host_allowed(&m, bound)
        };
        assert!(with("127.0.0.1:3000"));
        assert!(with("localhost:3000"));
        assert!(with("[::1]:3000"));
        assert!(!with("evil.example:3000"));
        assert!(!with("192.168.1.9:3000"));
        assert!(!host_allowed(&HeaderMap::new(), bound));
    }

    #[test]
    fn reload_messages_are_what_the_client_reads() {
        assert_eq!(Reload::All.to_text(), "reload");
        let pages = Reload::Pages(Arc::from([
            "en/a/index.html".into(),
            "de/b/index.html".into(),
        ]));
        assert_eq!(pages.to_text(), "pages\nen/a/index.html\nde/b/index.html");
        let client = include_str!("reload-client.js");
        assert!(client.contains("m[0] === \"reload\"") && client.contains("m[0] === \"pages\""));
    }

    #[test]
    fn the_client_goes_before_the_end_of_body() {
        let out = String::from_utf8(inject(
            b"<html><body><p>x</p></body></html>",
            Some("<div>e</div>"),
        ))
        .unwrap();
        assert!(out.ends_with("</script></body></html>"));
        assert!(out.contains("<p>x</p><div>e</div><script data-endpoint=\"/__playbook/reload\">"));
    }
}
