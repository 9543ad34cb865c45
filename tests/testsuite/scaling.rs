//! No input makes a build slow: work that grows with the input grows
//! linearly. Each test times `playbook` on N and on 4N copies of one
//! pathological pattern and asserts that 4N takes at most 6 times as long
//! (a quadratic cost takes 16 times). Each size is the fastest of three
//! runs, so a busy machine slows both sizes alike.

use std::time::{Duration, Instant};

use crate::support::PlaybookTest;

/// The fastest of three runs of `playbook <command>` on the fixture with
/// `content/en/big.md` holding `body(n)`.
fn fastest(command: &str, n: usize, body: &dyn Fn(usize) -> String, exit: i32) -> Duration {
    let t = PlaybookTest::fixture("basic");
    t.file(
        "content/en/big.md",
        &format!(
            "+++\ntitle = \"Big\"\ntags = [\"upstream\"]\n+++\n{}",
            body(n)
        ),
    );
    (0..3)
        .map(|_| {
            let start = Instant::now();
            t.run(&[command]).expect_code(exit);
            start.elapsed()
        })
        .min()
        .unwrap()
}

#[track_caller]
fn grows_linearly(command: &str, n: usize, body: &dyn Fn(usize) -> String, exit: i32) {
    let small = fastest(command, n, body, exit);
    let large = fastest(command, 4 * n, body, exit);
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
        4000,
        &|n| (0..n).map(|i| format!("See [[missing-{i}]].\n")).collect(),
        1,
    );
}

#[test]
fn many_broken_links_on_one_line_are_reported_in_linear_time() {
    grows_linearly(
        "check",
        4000,
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
    grows_linearly("build", 5000, &|n| "## Step\n\nDo it.\n\n".repeat(n), 0);
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
