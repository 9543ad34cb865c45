"""Edit-to-served latency of `playbook serve`.

Usage: serve_latency.py PLAYBOOK_BINARY PLAYBOOK_DIR EDITS [body|title]

Starts `playbook serve` on a free loopback port, then, EDITS times, appends
a new sentence to a note (or, with `title`, a word to its front-matter
title) and polls that note's page over HTTP until the new text is served. The time from the save to the first response that shows
it is one sample. Every note is restored at the end. Prints the median and
maximum in milliseconds.
"""

import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(conn, path):
    conn.request("GET", path)
    response = conn.getresponse()
    return response.status, response.read()


def main():
    binary, root, edits = sys.argv[1], sys.argv[2], int(sys.argv[3])
    mode = sys.argv[4] if len(sys.argv) > 4 else "body"
    port = free_port()
    server = subprocess.Popen(
        [binary, "serve", root, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    notes = []
    for folder, _, files in sorted(os.walk(os.path.join(root, "content", "en"))):
        for name in sorted(files):
            if name.startswith("tactic-") and name.endswith(".md"):
                notes.append(os.path.join(folder, name))
    step = max(1, len(notes) // edits)
    chosen = notes[::step][:edits]
    originals = {path: open(path, encoding="utf-8").read() for path in chosen}
    samples = []
    try:
        deadline = time.monotonic() + 600
        conn = None
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                if get(conn, "/en/")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit("serve did not start")
            time.sleep(0.1)
        for i, path in enumerate(chosen):
            rel = os.path.relpath(path, os.path.join(root, "content", "en"))
            url = "/en/" + rel[: -len(".md")] + "/"
            marker = f"benchmarkedit{i}x{port}"
            assert get(conn, url)[0] == 200, url
            started = time.perf_counter()
            if mode == "title":
                text = originals[path].replace('"\n', f' {marker}"\n', 1)
                assert text.startswith("+++\ntitle = "), rel
            else:
                text = originals[path] + f"\nSaved {marker} now.\n"
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            while marker.encode() not in get(conn, url)[1]:
                if time.perf_counter() - started > 60:
                    sys.exit(f"the edit of {rel} was not served within 60 s")
                time.sleep(0.001)
            samples.append((time.perf_counter() - started) * 1000)
            time.sleep(0.3)
    finally:
        for path, text in originals.items():
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    print(f"{statistics.median(samples):.1f} {max(samples):.1f} {len(samples)}")


if __name__ == "__main__":
    main()
