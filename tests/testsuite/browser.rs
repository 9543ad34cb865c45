//! A real browser on `playbook serve`: Debian's Chromium, headless, driven
//! over the DevTools protocol (one websocket, tungstenite). The page must
//! reload by itself when its note is edited on disk.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::WebSocket;
use tungstenite::stream::MaybeTlsStream;

use crate::serve::Server;
use crate::support::PlaybookTest;

/// How every test starts Chromium: headless, as root, and without the
/// background connections this machine's closed network would refuse.
pub const FLAGS: [&str; 7] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// A headless Chromium, killed when dropped.
pub struct Chromium {
    child: Child,
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    _profile: tempfile::TempDir,
}

impl Drop for Chromium {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Chromium {
    pub fn launch() -> Chromium {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new("chromium")
            .args(FLAGS)
            .arg("--remote-debugging-port=0")
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("chromium runs; `bash scripts/test.sh` installs it");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let url = lines
            .by_ref()
            .map_while(Result::ok)
            .find_map(|l| l.split("DevTools listening on ").nth(1).map(str::to_string))
            .expect("chromium prints its DevTools address");
        std::thread::spawn(move || for _ in lines.map_while(Result::ok) {});
        let (socket, _) = tungstenite::connect(url.trim()).unwrap();
        if let MaybeTlsStream::Plain(stream) = socket.get_ref() {
            stream
                .set_read_timeout(Some(Duration::from_secs(20)))
                .unwrap();
        }
        Chromium {
            child,
            socket,
            next_id: 0,
            _profile: profile,
        }
    }

    /// Opens `url` in a new tab; returns the session that drives it.
    pub fn open(&mut self, url: &str) -> String {
        let target = self.call("Target.createTarget", json!({ "url": url }), None);
        let attached = self.call(
            "Target.attachToTarget",
            json!({ "targetId": target["targetId"], "flatten": true }),
            None,
        );
        attached["sessionId"].as_str().unwrap().to_string()
    }

    /// Evaluates JavaScript in a tab, waiting for a promise, and returns its
    /// value.
    pub fn eval(&mut self, session: &str, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
            Some(session),
        );
        assert!(
            result.get("exceptionDetails").is_none(),
            "{expression:.80}: {result}"
        );
        result["result"]["value"].clone()
    }

    /// Loads `url` in a tab and waits until it has loaded.
    pub fn navigate(&mut self, session: &str, url: &str) {
        self.call("Page.navigate", json!({ "url": url }), Some(session));
        let start = Instant::now();
        loop {
            let reply = self.reply(
                "Runtime.evaluate",
                json!({ "expression": "document.readyState === 'complete' && location.href", "returnByValue": true }),
                Some(session),
            );
            if reply["result"]["result"]["value"] == json!(url) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "{url} never loaded: {reply}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// One DevTools call; events arriving meanwhile are skipped.
    pub fn call(&mut self, method: &str, params: Value, session: Option<&str>) -> Value {
        let reply = self.reply(method, params, session);
        assert!(reply.get("error").is_none(), "{method}: {reply}");
        reply["result"].clone()
    }

    /// One DevTools call's whole reply, an error included.
    fn reply(&mut self, method: &str, params: Value, session: Option<&str>) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        self.socket
            .send(tungstenite::Message::text(message.to_string()))
            .unwrap();
        loop {
            let reply = match self.socket.read() {
                Ok(reply) => reply,
                // A signal (another test's child exiting) interrupts the
                // read; the connection is fine.
                Err(tungstenite::Error::Io(e)) if e.kind() == std::io::ErrorKind::Interrupted => {
                    continue;
                }
                Err(e) => panic!("{method}: the DevTools connection failed: {e}"),
            };
            let Ok(text) = reply.to_text() else { continue };
            let value: Value = serde_json::from_str(text).unwrap();
            if value["id"] == json!(id) {
                return value;
            }
        }
    }
}

#[test]
fn an_open_page_reloads_by_itself_when_its_note_is_saved() {
    let t = PlaybookTest::fixture("basic");
    let server = Server::start(&t);
    let mut chromium = Chromium::launch();
    let url = format!("http://127.0.0.1:{}/en/positioning/", server.port);
    let target = chromium.call("Target.createTarget", json!({ "url": url }), None);
    let attached = chromium.call(
        "Target.attachToTarget",
        json!({ "targetId": target["targetId"], "flatten": true }),
        None,
    );
    let session = attached["sessionId"].as_str().unwrap().to_string();
    let mut eval = |expression: &str| -> Value {
        chromium.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true }),
            Some(&session),
        )["result"]["value"]
            .clone()
    };
    let wait = |eval: &mut dyn FnMut(&str) -> Value, expression: &str, what: &str| {
        let start = Instant::now();
        while eval(expression) != json!(true) {
            assert!(start.elapsed() < Duration::from_secs(20), "never {what}");
            std::thread::sleep(Duration::from_millis(100));
        }
    };

    wait(
        &mut eval,
        "document.documentElement.dataset.playbookLive === '1' && document.body.innerText.includes('Positioning decides the frame.')",
        "loaded the page and connected the reload socket",
    );
    // A mark that only survives if the page is NOT reloaded.
    eval("window.playbookTestMark = true");

    t.edit(
        "content/en/positioning.md",
        "Positioning decides the frame.",
        "Positioning decides where we compete.",
    );
    wait(
        &mut eval,
        "window.playbookTestMark === undefined && document.body.innerText.includes('Positioning decides where we compete.')",
        "reloaded with the new text",
    );
}
