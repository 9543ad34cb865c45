//! The publishing recipes of `docs/`: the CI files in `docs/ci/` run the
//! README's commands, and those commands succeed on a new playbook; a site
//! built for a subfolder works served from that subfolder by a real HTTP
//! server on loopback, the way GitLab Pages or nginx serve a project site.

use std::collections::{BTreeSet, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use scraper::{Html, Selector};

use crate::support::{PlaybookTest, run_in};

fn repo_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// A YAML file as the CI service reads it, through the `yaml` parser that
/// `scripts/test.sh` installs.
fn yaml(rel: &str) -> serde_json::Value {
    let tools = repo_file("target/test-tools");
    let out = Command::new("node")
        .arg(tools.join("yaml-to-json.mjs"))
        .arg(repo_file(rel))
        .current_dir(&tools)
        .output()
        .expect("node runs; `bash scripts/test.sh` installs it and the yaml parser");
    assert!(
        out.status.success(),
        "{rel} is not valid YAML:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The shell commands of a recipe: GitHub steps' `run`, GitLab jobs'
/// `script` and `before_script`, one per line and per `||` alternative.
fn shell_commands(recipe: &serde_json::Value) -> Vec<String> {
    let mut scripts = Vec::new();
    let mut collect = |value: &serde_json::Value| match value {
        serde_json::Value::String(s) => scripts.push(s.clone()),
        serde_json::Value::Array(lines) => {
            scripts.extend(lines.iter().filter_map(|l| l.as_str().map(str::to_string)))
        }
        _ => {}
    };
    if let Some(jobs) = recipe.get("jobs").and_then(|j| j.as_object()) {
        for job in jobs.values() {
            for step in job["steps"].as_array().unwrap() {
                if let Some(run) = step.get("run") {
                    collect(run);
                }
            }
        }
    } else {
        for (name, job) in recipe.as_object().unwrap() {
            if name == "variables" {
                continue;
            }
            for key in ["before_script", "script"] {
                if let Some(script) = job.get(key) {
                    collect(script);
                }
            }
        }
    }
    scripts
        .iter()
        .flat_map(|s| s.lines())
        .flat_map(|line| line.split(" || "))
        .map(|c| c.split(" > ").next().unwrap().trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

/// The flags the README's Usage block shows for a subcommand.
fn readme_flags(subcommand: &str) -> BTreeSet<String> {
    let readme = std::fs::read_to_string(repo_file("README.md")).unwrap();
    let usage = readme
        .split("## Usage")
        .nth(1)
        .and_then(|rest| rest.split("```").nth(1))
        .expect("README has a Usage block");
    usage
        .lines()
        .filter(|l| l.starts_with(&format!("playbook {subcommand} ")))
        .flat_map(|l| l.split(|c: char| c.is_whitespace() || "[]|()".contains(c)))
        .filter(|w| w.starts_with("--"))
        .map(|w| w.split('=').next().unwrap().to_string())
        .collect()
}

/// Splits a recipe's command line into arguments, with the CI service's
/// variables set as they would be for a project site.
fn arguments(command: &str) -> Vec<String> {
    command
        .replace("\"$PLAYBOOK_DIR\"", ".")
        .replace(
            "\"${{ steps.pages.outputs.base_url }}/\"",
            "https://your-org.github.io/your-repo/",
        )
        .replace("\"$CI_PAGES_URL\"", "https://your-group.gitlab.io/playbook")
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_ci_recipes_run_the_readmes_commands_and_they_succeed_on_a_new_playbook() {
    let github = yaml("docs/ci/github-pages.yml");
    let gitlab = yaml("docs/ci/gitlab-ci.yml");

    // Each recipe publishes the folder its build writes.
    let publish_steps = github["jobs"]["publish"]["steps"].as_array().unwrap();
    let upload = publish_steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/upload-pages-artifact@"))
        })
        .expect("the GitHub recipe uploads a Pages artifact");
    assert_eq!(upload["with"]["path"], "public");
    assert_eq!(gitlab["pages"]["artifacts"]["paths"][0], "public");

    let scratch = PlaybookTest::empty();
    run_in(scratch.temp(), &["init", "new-playbook"]).expect_code(0);
    let book = scratch.temp().join("new-playbook");
    for (name, recipe, site_url) in [
        (
            "docs/ci/github-pages.yml",
            &github,
            "https://your-org.github.io/your-repo/",
        ),
        (
            "docs/ci/gitlab-ci.yml",
            &gitlab,
            "https://your-group.gitlab.io/playbook/",
        ),
    ] {
        let commands = shell_commands(recipe);
        let install = commands
            .iter()
            .find(|c| c.starts_with("cargo install"))
            .unwrap_or_else(|| panic!("{name} installs playbook"));
        assert!(
            install.starts_with("cargo install --locked "),
            "{name}: `{install}` builds with the tested dependency versions"
        );
        let playbook: Vec<&String> = commands
            .iter()
            .filter(|c| c.starts_with("playbook "))
            .collect();
        let subcommands: BTreeSet<&str> = playbook
            .iter()
            .map(|c| c.split_whitespace().nth(1).unwrap())
            .collect();
        assert_eq!(
            subcommands,
            BTreeSet::from(["build", "check", "translations"]),
            "{name}"
        );
        for command in playbook {
            let args = arguments(command);
            let known = readme_flags(&args[1]);
            for flag in args.iter().filter(|a| a.starts_with("--")) {
                assert!(
                    known.contains(flag),
                    "{name}: `{command}` uses {flag}, which the README's Usage block does not show for `playbook {}` (it shows {known:?})",
                    args[1]
                );
            }
            let refs: Vec<&str> = args[1..].iter().map(String::as_str).collect();
            let run = run_in(&book, &refs);
            run.expect_code(0);
            if args.iter().any(|a| a == "github") {
                assert_eq!(
                    run.stdout, "",
                    "{name}: `{command}` annotates nothing on a new playbook"
                );
            }
            if args.iter().any(|a| a == "sarif") {
                let log: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
                assert_eq!(log["version"], "2.1.0", "{name}: `{command}`");
            }
            if args[1] == "build" {
                let sitemap = std::fs::read_to_string(book.join("public/sitemap.xml")).unwrap();
                assert!(
                    sitemap.contains(&format!("<loc>{site_url}en/</loc>")),
                    "{name}: `{command}` gives the sitemap the Pages address:\n{sitemap}"
                );
                std::fs::remove_dir_all(book.join("public")).unwrap();
            }
        }
    }
}

/// A static file server on loopback that serves `root` under `prefix`,
/// as nginx's `alias` or a Pages service does: `index.html` for a folder,
/// and `404.html` with status 404 for anything missing.
fn serve_under(root: PathBuf, prefix: &'static str, listener: TcpListener) {
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            // The whole head is read, so closing never resets a connection
            // with unread bytes.
            let mut reader = BufReader::new(&stream);
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 0) && header != "\r\n" {
                header.clear();
            }
            let target = line.split_whitespace().nth(1).unwrap_or("").to_string();
            let path = target.split(['?', '#']).next().unwrap();
            let decoded = percent_encoding::percent_decode_str(path)
                .decode_utf8_lossy()
                .into_owned();
            let file = decoded
                .strip_prefix(prefix)
                .filter(|rest| !rest.split('/').any(|s| s == ".."))
                .map(|rest| {
                    let file = root.join(rest);
                    if decoded.ends_with('/') {
                        file.join("index.html")
                    } else {
                        file
                    }
                })
                .filter(|f| f.is_file());
            let (status, body) = match file {
                Some(f) => ("200 OK", std::fs::read(f).unwrap()),
                None => (
                    "404 Not Found",
                    std::fs::read(root.join("404.html")).unwrap(),
                ),
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
}

/// GETs a path; the status and the body.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, body.to_string())
}

/// The path on this server a link on the page at `page` leads to, or
/// `None` for another site, a scheme such as `mailto:`, or a link within the
/// page.
fn target(origin: &str, page: &str, href: &str) -> Option<String> {
    let href = href.split('#').next().unwrap().split('?').next().unwrap();
    if href.is_empty() {
        return None;
    }
    if let Some(path) = href.strip_prefix(origin) {
        return Some(path.to_string());
    }
    if href.starts_with("//") || href.split_once(':').is_some_and(|(s, _)| !s.contains('/')) {
        return None;
    }
    let joined = if href.starts_with('/') {
        href.to_string()
    } else {
        format!("{}{href}", &page[..=page.rfind('/').unwrap()])
    };
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = joined.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        match *part {
            ".." => {
                segments.pop();
            }
            "." => {}
            "" if i != 0 && i != parts.len() - 1 => {}
            _ => segments.push(part),
        }
    }
    Some(segments.join("/"))
}

/// Every `href` and `src` on a page.
fn links_on(html: &str) -> Vec<String> {
    let links = Selector::parse("[href], [src]").unwrap();
    Html::parse_document(html)
        .select(&links)
        .filter_map(|e| e.value().attr("href").or_else(|| e.value().attr("src")))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_site_built_for_a_subfolder_works_served_from_that_subfolder() {
    const PREFIX: &str = "/team/playbook/";
    let t = PlaybookTest::shipped();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let origin = format!("http://127.0.0.1:{port}");
    let site_url = format!("{origin}{PREFIX}");
    t.run(&["build", "--site-url", &site_url]).expect_code(0);
    let public = t.public();
    serve_under(public.clone(), PREFIX, listener);

    // Every page, stylesheet, script and image a reader can reach from the
    // home page, and every address in the sitemap, answers 200.
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue: VecDeque<(String, String)> =
        VecDeque::from([(PREFIX.to_string(), "start".into())]);
    let (status, sitemap) = get(port, &format!("{PREFIX}sitemap.xml"));
    assert_eq!(status, 200);
    for loc in sitemap.split("<loc>").skip(1) {
        let url = loc.split("</loc>").next().unwrap();
        let path = url
            .strip_prefix(&origin)
            .unwrap_or_else(|| panic!("sitemap address {url} is not under {site_url}"));
        queue.push_back((path.to_string(), "sitemap.xml".into()));
    }
    let mut pages = 0;
    while let Some((path, from)) = queue.pop_front() {
        if !seen.insert(path.clone()) {
            continue;
        }
        assert!(
            path.starts_with(PREFIX),
            "{from}: a link leaves the subfolder: {path}"
        );
        let (status, body) = get(port, &path);
        assert_eq!(status, 200, "{from}: {path} answers {status}");
        if path.ends_with('/') || path.ends_with(".html") {
            pages += 1;
            for href in links_on(&body) {
                if let Some(next) = target(&origin, &path, &href) {
                    queue.push_back((next, path.clone()));
                }
            }
        }
    }

    // Every page the build wrote was reached (the 404 page is checked
    // below), and each language's search index is there.
    let reached = |file: &str| {
        let url = format!("{PREFIX}{file}");
        seen.contains(&url) || seen.contains(url.trim_end_matches("index.html"))
    };
    let site = t.site();
    let unreached: Vec<String> = site
        .html_files()
        .into_iter()
        .filter(|f| f != "404.html" && !reached(f))
        .collect();
    assert!(unreached.is_empty(), "pages no link reaches: {unreached:?}");
    assert!(pages > 20, "only {pages} pages crawled");
    for lang in ["en", "de", "pt"] {
        assert_eq!(get(port, &format!("{PREFIX}{lang}/search-index.js")).0, 200);
    }

    // A missing address deep in the subfolder gets the 404 page, whose
    // links and stylesheet stay in the subfolder at any depth.
    let missing = format!("{PREFIX}en/no/such/page/");
    let (status, body) = get(port, &missing);
    assert_eq!(status, 404);
    let mut checked = 0;
    for href in links_on(&body) {
        if let Some(path) = target(&origin, &missing, &href) {
            assert!(
                path.starts_with(PREFIX),
                "404 page: {href} leaves the subfolder"
            );
            assert_eq!(get(port, &path).0, 200, "404 page: {href}");
            checked += 1;
        }
    }
    assert!(checked >= 4, "the 404 page links home and to each language");

    // Without the address, the 404 page still works in a browser: its
    // style is inline, and its script finds the subfolder and the
    // reader's language in the address.
    t.run(&["build"]).expect_code(0);
    let mut chromium = crate::browser::Chromium::launch();
    let session = chromium.open("about:blank");
    chromium.navigate(&session, &format!("{origin}{PREFIX}de/gone/deep/page/"));
    let seen: serde_json::Value = chromium.eval(
        &session,
        "({ lang: document.documentElement.lang, h1: document.querySelector('h1').textContent, \
            styled: getComputedStyle(document.querySelector('.site-header')).borderBottomStyle, \
            links: [...document.querySelectorAll('a[href]')].map(a => a.href) })",
    );
    assert_eq!(seen["lang"], "de", "{seen}");
    assert_eq!(seen["h1"], "Seite nicht gefunden", "{seen}");
    assert_eq!(seen["styled"], "solid", "the theme's style applies: {seen}");
    let links = seen["links"].as_array().unwrap();
    assert!(links.len() >= 4, "{seen}");
    for link in links {
        let path = link.as_str().unwrap().strip_prefix(&origin).unwrap();
        assert!(path.starts_with(PREFIX), "{path} leaves the subfolder");
        assert_eq!(get(port, path).0, 200, "404 page: {path}");
    }
    // A language's home is among them, for the reader's language.
    assert!(
        links
            .iter()
            .any(|l| l == &format!("{origin}{PREFIX}de/index.html")),
        "{seen}"
    );
}
