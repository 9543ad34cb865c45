//! `scripts/screenshots.sh` writes the README's six screenshots: the home,
//! a strategy and a tactic page at a phone's and a desktop's width.

use std::path::Path;
use std::process::Command;

/// A PNG's width and height, from its IHDR chunk (always the first).
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let header = bytes.get(..24)?;
    if &header[..8] != b"\x89PNG\r\n\x1a\n" || &header[12..16] != b"IHDR" {
        return None;
    }
    let number = |at: usize| u32::from_be_bytes(header[at..at + 4].try_into().unwrap());
    Some((number(16), number(20)))
}

#[test]
fn the_screenshots_script_writes_six_pngs_of_the_right_widths() {
    let out = tempfile::tempdir().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/screenshots.sh");
    let run = Command::new("bash")
        .arg(&script)
        .arg(out.path())
        .env("PLAYBOOK", env!("CARGO_BIN_EXE_playbook"))
        .output()
        .expect("bash runs");
    assert!(
        run.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    let mut written: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "home-1280.png",
            "home-375.png",
            "strategy-1280.png",
            "strategy-375.png",
            "tactic-1280.png",
            "tactic-375.png",
        ]
    );
    for name in written {
        let bytes = std::fs::read(out.path().join(&name)).unwrap();
        let (width, height) = png_size(&bytes).unwrap_or_else(|| panic!("{name} is no PNG"));
        let expected: u32 = name
            .trim_end_matches(".png")
            .rsplit('-')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(width, expected, "{name} is {width} px wide");
        assert!(height >= 600, "{name} is {height} px high");
        // A page Chromium failed to paint is a few kilobytes of white.
        assert!(
            bytes.len() > 20_000,
            "{name} is blank: {} bytes",
            bytes.len()
        );
    }
}
