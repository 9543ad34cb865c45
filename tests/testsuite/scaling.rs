//! No input makes a build slow: work that grows with the input grows
//! linearly. Each test times `playbook` on N and on 4N copies of one
//! pathological pattern and asserts that 4N takes at most 6 times as long
//! (a quadratic cost takes 16 times). Processor time is compared, not
//! time on the clock, and the sizes take turns, five runs each, the
//! fastest of each counting.

use std::time::Duration;

use crate::support::PlaybookTest;

/// The fixture with `content/en/big.md` holding `body(n)`.
fn playbook_of(n: usize, body: &dyn Fn(usize) -> String) -> PlaybookTest {
    let t = PlaybookTest::fixture("basic");
    t.file(
        "content/en/big.md",
        &format!(
            "+++\ntitle = \"Big\"\ntags = [\"upstream\"]\n+++\n{}",
            body(n)
        ),
    );
    t
}

/// The processor time (user and system) of one run, as the shell's `times`
/// reports it for its child: unlike the time on the clock, it does not
/// grow while the process waits for a core on a loaded machine.
fn timed(t: &PlaybookTest, command: &str, exit: i32) -> Duration {
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg("\"$0\" \"$1\" >/dev/null 2>&1; echo \"exit $?\"; times")
        .arg(env!("CARGO_BIN_EXE_playbook"))
        .arg(command)
        .current_dir(&t.root)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains(&format!("exit {exit}\n")), "{text}");
    // The last line holds the children's user and system times: `0m0.15s 0m0.02s`.
    let children = text.lines().last().unwrap_or_default();
    children
        .split_whitespace()
        .map(|field| {
            let (minutes, seconds) = field.trim_end_matches('s').split_once('m').unwrap();
            Duration::from_secs_f64(
                minutes.parse::<f64>().unwrap() * 60.0 + seconds.parse::<f64>().unwrap(),
            )
        })
        .sum()
}

/// Runs N and 4N in turn, five times each, and compares the fastest of
/// each: taking turns puts both sizes through the same spells of load.
#[track_caller]
fn grows_linearly(command: &str, n: usize, body: &dyn Fn(usize) -> String, exit: i32) {
    let (small_book, large_book) = (playbook_of(n, body), playbook_of(4 * n, body));
    let (mut small, mut large) = (Duration::MAX, Duration::MAX);
    for _ in 0..5 {
        small = small.min(timed(&small_book, command, exit));
        large = large.min(timed(&large_book, command, exit));
    }
    assert!(
        large <= small * 6,
        "{n} took {small:?}, {} took {large:?}: more than 6 times as long",
        4 * n
    );
}

#[test]
fn many_broken_links_in_one_note_are_reported_in_linear_time() {
    grows_linearly(
        "check",
        8000,
        &|n| (0..n).map(|i| format!("See [[missing-{i}]].\n")).collect(),
        1,
    );
}

#[test]
fn many_broken_links_on_one_line_are_reported_in_linear_time() {
    grows_linearly(
        "check",
        8000,
        &|n| {
            (0..n)
                .map(|i| format!("[[missing-{i}]] "))
                .collect::<String>()
                + "\n"
        },
        1,
    );
}

#[test]
fn many_headings_with_one_text_get_their_ids_in_linear_time() {
    grows_linearly("build", 10000, &|n| "## Step\n\nDo it.\n\n".repeat(n), 0);
}

#[test]
fn a_hundred_thousand_diagnostics_in_one_file_all_reported() {
    let t = PlaybookTest::fixture("basic");
    let body: String = (0..100_000).map(|i| format!("[[missing-{i}]]\n")).collect();
    t.file(
        "content/en/big.md",
        &format!("+++\ntitle = \"Big\"\ntags = [\"upstream\"]\n+++\n{body}"),
    );
    let run = t.run(&["check"]);
    run.expect_code(1)
        .expect_stderr("content/en/big.md:100004:1")
        .expect_stderr("100000 errors");
}
