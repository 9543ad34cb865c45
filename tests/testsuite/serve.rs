//! `playbook serve` over real HTTP on loopback: the real binary, a real
//! socket, real files edited on disk the ways editors save them.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{PlaybookTest, snapshot};

/// A running `playbook serve`, stopped when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    log: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    pub fn start(t: &PlaybookTest) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_playbook"))
            .args(["serve", "--port", "0"])
            .current_dir(&t.root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let log = Arc::new(Mutex::new(String::new()));
        let mut port = None;
        for line in lines.by_ref() {
            let line = line.unwrap();
            log.lock().unwrap().push_str(&format!("{line}\n"));
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                port = rest.split('/').next().and_then(|p| p.parse().ok());
                break;
            }
        }
        let port = port.unwrap_or_else(|| panic!("no address in:\n{}", log.lock().unwrap()));
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                sink.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        Server { child, port, log }
    }

    /// A raw HTTP/1.1 GET, so that odd paths and hosts reach the server
    /// exactly as written. Returns (status, body).
    fn get_with_host(&self, path: &str, host: &str) -> (u16, String) {
        let text = self.raw_get(path, host);
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = text
            .split_once("\r\n\r\n")
            .map_or("", |(_, b)| b)
            .to_string();
        (status, body)
    }

    /// The status and `Location` header of a GET.
    fn location(&self, path: &str) -> (u16, Option<String>) {
        let text = self.raw_get(path, &format!("127.0.0.1:{}", self.port));
        let (head, _) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let location = head.lines().find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("location")
                .then(|| value.trim().to_string())
        });
        (status, location)
    }

    /// The whole response to a raw GET, head and body.
    fn raw_get(&self, path: &str, host: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        String::from_utf8_lossy(&response).into_owned()
    }

    fn get(&self, path: &str) -> (u16, String) {
        self.get_with_host(path, &format!("127.0.0.1:{}", self.port))
    }

    /// Waits until `path` satisfies `ok`, or fails with the log.
    #[track_caller]
    pub fn wait_for(&self, path: &str, what: &str, ok: impl Fn(u16, &str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let (status, body) = self.get(path);
            if ok(status, &body) {
                return body;
            }
            if start.elapsed() > Duration::from_secs(15) {
                panic!(
                    "{path}: never {what} (last status {status})\nserver log:\n{}",
                    self.log.lock().unwrap()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[test]
fn serves_the_site_and_shows_edits_new_and_deleted_notes() {
    let t = PlaybookTest::fixture("basic");
    let before = snapshot(&t.root);
    let server = Server::start(&t);

    let (status, body) = server.get("/en/positioning/");
    assert_eq!(status, 200);
    assert!(body.contains("Positioning decides the frame."));
    assert!(
        body.contains("/__playbook/reload"),
        "the reload client is injected"
    );
    assert_eq!(server.get("/").0, 200);
    assert_eq!(server.get("/assets/style.css").0, 200);
    assert_eq!(server.get("/en/positioning").0, 301);

    // Edited in place.
    t.edit(
        "content/en/positioning.md",
        "Positioning decides the frame.",
        "Positioning decides the whole frame.",
    );
    server.wait_for("/en/positioning/", "showed the edit", |s, b| {
        s == 200 && b.contains("decides the whole frame")
    });

    // A new note, then deleted.
    t.file(
        "content/en/brand.md",
        "+++\ntitle = \"Brand\"\ntags = [\"downstream\"]\nstrategy = \"positioning\"\n+++\nBrand text.\n",
    );
    server.wait_for("/en/brand/", "served the new note", |s, b| {
        s == 200 && b.contains("Brand text.")
    });
    server.wait_for("/en/positioning/", "listed the new tactic", |_, b| {
        b.contains("Brand")
    });
    t.remove("content/en/brand.md");
    server.wait_for("/en/brand/", "dropped the deleted note", |s, _| s == 404);

    // Saved the way vim and JetBrains do: write elsewhere, rename over.
    let tmp = t.root.join("content/en/.pricing.md.tmp");
    let text = std::fs::read_to_string(t.root.join("content/en/pricing.md")).unwrap();
    std::fs::write(
        &tmp,
        text.replace("## Tiers {#tiers}", "## Price tiers {#tiers}"),
    )
    .unwrap();
    std::fs::rename(&tmp, t.root.join("content/en/pricing.md")).unwrap();
    server.wait_for("/en/pricing/", "showed the renamed-over save", |_, b| {
        b.contains("Price tiers")
    });

    // Serving wrote nothing into the playbook, apart from our own edits.
    let after = snapshot(&t.root);
    let changed: Vec<_> = after
        .keys()
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert_eq!(
        changed,
        [
            std::path::Path::new("content/en/positioning.md"),
            std::path::Path::new("content/en/pricing.md")
        ]
    );
}

#[test]
fn a_broken_save_keeps_the_last_good_site_with_an_overlay() {
    let t = PlaybookTest::fixture("basic");
    let server = Server::start(&t);
    let good = std::fs::read_to_string(t.root.join("content/en/pricing.md")).unwrap();
    t.file(
        "content/en/pricing.md",
        &format!("{good}\nSee [[nowhere]].\n"),
    );
    let body = server.wait_for("/en/pricing/", "showed the overlay", |_, b| {
        b.contains("playbook-errors")
    });
    assert!(body.contains("content/en/pricing.md:19:5"), "{body}");
    assert!(body.contains("Tiers"), "the last good page is still served");
    // Every page carries it, escaped.
    let (_, home) = server.get("/de/");
    assert!(home.contains("playbook-errors") && home.contains("no note `nowhere`"));

    t.file("content/en/pricing.md", &good);
    server.wait_for("/en/pricing/", "cleared the overlay", |_, b| {
        !b.contains("playbook-errors")
    });
}

#[test]
fn traversal_and_foreign_hosts_are_refused() {
    let t = PlaybookTest::fixture("basic");
    t.file("secret.txt", "secret\n");
    let server = Server::start(&t);
    for path in [
        "/../secret.txt",
        "/en/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "/en/..%2f..%2fsecret.txt",
        "/en\\..\\..\\secret.txt",
        "/.playbook-output",
        "/en/%00",
        "//etc/passwd",
    ] {
        let (status, body) = server.get(path);
        assert!(status == 400 || status == 404, "{path}: status {status}");
        assert!(!body.contains("secret"), "{path} leaked");
    }
    let port = server.port;
    assert_eq!(
        server
            .get_with_host("/en/", &format!("evil.example:{port}"))
            .0,
        403
    );
    assert_eq!(
        server.get_with_host("/en/", &format!("localhost:{port}")).0,
        200
    );
}

#[test]
fn the_reload_socket_announces_rebuilds_to_this_site_only() {
    use tungstenite::client::IntoClientRequest;
    let t = PlaybookTest::fixture("basic");
    let server = Server::start(&t);
    let url = format!("ws://127.0.0.1:{}/__playbook/reload", server.port);

    let mut foreign = url.as_str().into_client_request().unwrap();
    foreign
        .headers_mut()
        .insert("Origin", "http://evil.example".parse().unwrap());
    assert!(
        tungstenite::connect(foreign).is_err(),
        "a foreign Origin was accepted"
    );

    let mut request = url.as_str().into_client_request().unwrap();
    request.headers_mut().insert(
        "Origin",
        format!("http://127.0.0.1:{}", server.port).parse().unwrap(),
    );
    let (mut socket, _) = tungstenite::connect(request).unwrap();
    // A body edit names the pages to reload, the edited page first.
    t.edit("content/en/pricing.md", "## Tiers", "## Plans");
    let message = socket.read().unwrap().into_text().unwrap();
    let lines: Vec<&str> = message.lines().collect();
    assert_eq!(lines, ["pages", "en/pricing/index.html"], "{message}");
    assert!(server.get("/en/pricing/").1.contains("Plans"));
    let listings = socket.read().unwrap().into_text().unwrap();
    assert!(
        listings.lines().any(|l| l == "en/print/index.html"),
        "{listings}"
    );
    // A title edit names the note's pages in every language, then the
    // pages that list it.
    t.edit(
        "content/en/pricing.md",
        "title = \"Pricing\"",
        "title = \"Prices\"",
    );
    let message = socket.read().unwrap().into_text().unwrap();
    let lines: Vec<&str> = message.lines().collect();
    assert_eq!(lines[0], "pages", "{message}");
    assert!(lines.contains(&"en/pricing/index.html"), "{message}");
    assert!(lines.contains(&"de/pricing/index.html"), "{message}");
    let listings = socket.read().unwrap().into_text().unwrap();
    assert!(listings.lines().any(|l| l == "en/index.html"), "{listings}");
    // A slug edit moves a page: every page reloads.
    t.edit(
        "content/en/pricing.md",
        "title = \"Prices\"",
        "title = \"Prices\"\nslug = \"prices\"",
    );
    let message = socket.read().unwrap().into_text().unwrap();
    assert_eq!(message.as_str(), "reload");
}

#[test]
fn a_port_in_use_names_the_port() {
    let t = PlaybookTest::fixture("basic");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    t.run(&["serve", "--port", &port])
        .expect_code(2)
        .expect_stderr(&format!("port {port}"))
        .expect_stderr("--port");
}

/// The served site without what `serve` adds to each page.
fn without_client(body: &str) -> String {
    const START: &str = "<script data-endpoint=\"/__playbook/reload\">";
    match body.find(START) {
        Some(at) => {
            let end = body[at..]
                .find("</script>")
                .map_or(body.len(), |e| at + e + 9);
            format!("{}{}", &body[..at], &body[end..])
        }
        None => body.to_string(),
    }
}

/// Every page a fresh `build` writes is served, byte for byte the same.
#[track_caller]
fn assert_serves_a_fresh_build(t: &PlaybookTest, server: &Server) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    t.run(&["build", "--out", site.to_str().unwrap()])
        .expect_code(0);
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(&site) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&site).unwrap().to_str().unwrap();
        if rel.ends_with(".html") {
            pages.push(rel.to_string());
        }
    }
    assert!(pages.len() > 10, "{pages:?}");
    let start = Instant::now();
    loop {
        let mut differing = None;
        for rel in &pages {
            let built = std::fs::read_to_string(site.join(rel)).unwrap();
            let url = format!(
                "/{}",
                percent_encoding::utf8_percent_encode(rel, percent_encoding::CONTROLS)
            );
            let url = url.replace("ö", "%C3%B6").replace("ß", "%C3%9F");
            let (status, served) = server.get(&url);
            if status != 200 || without_client(&served) != built {
                differing = Some((rel.clone(), status));
                break;
            }
        }
        match differing {
            None => return,
            Some((rel, status)) if start.elapsed() > Duration::from_secs(10) => panic!(
                "{rel} (status {status}) differs from a fresh build\nserver log:\n{}",
                server.log.lock().unwrap()
            ),
            Some(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

#[test]
fn after_body_edits_every_served_page_is_what_a_fresh_build_writes() {
    let t = PlaybookTest::fixture("basic");
    let server = Server::start(&t);
    assert_serves_a_fresh_build(&t, &server);

    // A front matter edit: the summary now comes from the first paragraph.
    t.edit(
        "content/en/channels/seo.md",
        "summary = \"Be found for the problems we solve.\"\n",
        "",
    );
    server.wait_for("/en/positioning/", "listed the derived summary", |_, b| {
        b.contains("Write for the questions buyers ask.")
    });
    assert_serves_a_fresh_build(&t, &server);

    // Body edits only: the note, the pages that list its summary (strategy,
    // tag, home, print), the translations page, in two languages and an
    // intro.
    t.edit(
        "content/en/channels/seo.md",
        "Write for the questions buyers ask.",
        "Answer the questions buyers ask.",
    );
    t.edit("content/de/pricing.md", "Text.", "Neuer Text.");
    t.edit("content/en/_index.md", "Every tactic", "Each tactic");
    server.wait_for("/en/positioning/", "listed the edited summary", |_, b| {
        b.contains("Answer the questions buyers ask.")
    });
    assert_serves_a_fresh_build(&t, &server);
    assert!(
        !server.log.lock().unwrap().contains("error"),
        "{}",
        server.log.lock().unwrap()
    );
}

#[test]
fn delete_and_recreate_and_bursts_of_saves_end_in_the_last_text() {
    let t = PlaybookTest::fixture("basic");
    let server = Server::start(&t);
    let path = t.root.join("content/en/channels/webinars.md");
    let url = "/en/channels/webinars/";
    let good = std::fs::read_to_string(&path).unwrap();

    // Deleted and written again at once, as some editors save.
    std::fs::remove_file(&path).unwrap();
    std::fs::write(
        &path,
        good.replace("Only in English", "Recreated, in English"),
    )
    .unwrap();
    server.wait_for(url, "showed the recreated note", |s, b| {
        s == 200 && b.contains("Recreated, in English")
    });

    // Deleted, served as gone, then created again.
    std::fs::remove_file(&path).unwrap();
    server.wait_for(url, "dropped the deleted note", |s, _| s == 404);
    std::fs::write(&path, &good).unwrap();
    server.wait_for(url, "served the note again", |s, b| {
        s == 200 && b.contains("Only in English") && !b.contains("Recreated")
    });

    // A burst of saves, a few milliseconds apart.
    for n in 1..=30 {
        let text = good.replace("Only in English", &format!("Take {n}, in English"));
        std::fs::write(&path, text).unwrap();
        std::thread::sleep(Duration::from_millis(3));
    }
    server.wait_for(url, "showed the last save", |_, b| b.contains("Take 30,"));
    assert_serves_a_fresh_build(&t, &server);
    let log = server.log.lock().unwrap();
    assert!(!log.contains("error"), "{log}");
}

#[test]
fn a_save_in_place_paused_between_truncate_and_write_is_not_an_error() {
    let t = PlaybookTest::fixture("basic");
    let server = Server::start(&t);
    let path = t.root.join("content/en/channels/webinars.md");
    let url = "/en/channels/webinars/";
    let good = std::fs::read_to_string(&path).unwrap();

    // An editor saving in place on a loaded machine: the file is emptied,
    // and the new text comes well after the watcher's quiet spell.
    for n in 1..=3 {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&path)
            .unwrap();
        std::thread::sleep(Duration::from_millis(300));
        let text = good.replace("Only in English", &format!("Paused save {n}, in English"));
        file.write_all(text.as_bytes()).unwrap();
        drop(file);
        server.wait_for(url, "showed the paused save", |s, b| {
            s == 200 && b.contains(&format!("Paused save {n},"))
        });
    }
    assert_serves_a_fresh_build(&t, &server);
    let log = server.log.lock().unwrap();
    assert!(!log.contains("error"), "{log}");
}

#[test]
fn redirects_to_a_folder_stay_on_this_site() {
    let t = PlaybookTest::fixture("basic");
    t.file(
        "static/example.com/index.html",
        "<p>a folder named like a host</p>\n",
    );
    let server = Server::start(&t);
    for (path, to) in [
        ("/en/positioning", "/en/positioning/"),
        ("//en", "/en/"),
        ("///en", "/en/"),
        ("//en/positioning", "/en/positioning/"),
        ("//example.com", "/example.com/"),
        (
            "/en/channels/gr%C3%B6%C3%9Fe",
            "/en/channels/gr%C3%B6%C3%9Fe/",
        ),
    ] {
        let (status, location) = server.location(path);
        assert_eq!(status, 301, "{path}");
        assert_eq!(location.as_deref(), Some(to), "{path}");
    }
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_playbook_is_reported_and_never_served() {
    let t = PlaybookTest::fixture("basic");
    let outside = t.temp().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), "TOKEN=hunter2\n").unwrap();
    let server = Server::start(&t);
    std::os::unix::fs::symlink(
        outside.join("secret.txt"),
        t.root.join("content/en/logo.txt"),
    )
    .unwrap();
    // The next build fails on the link; the page shows why.
    let page = server.wait_for("/en/positioning/", "showed the error", |s, b| {
        s == 200 && b.contains("outside-link")
    });
    assert!(!page.contains("hunter2"));
    let (status, body) = server.get("/en/logo.txt");
    assert_eq!(status, 404);
    assert!(!body.contains("hunter2"));
}
