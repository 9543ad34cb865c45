//! When each file last changed, from the git repository the playbook is
//! in: one `git log` for all files, never one process per note. Outside a
//! repository, or without git, there are no dates and no message: a
//! playbook need not be in git.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::process::{Command, Stdio};

/// A calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, such as 2026.
    pub year: u16,
    /// 1 to 12.
    pub month: u8,
    /// 1 to 31.
    pub day: u8,
}

impl Date {
    /// `YYYY-MM-DD`, as git's `%cs` and TOML write it.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let year = parts.next()?;
        let month = parts.next()?;
        let day = parts.next()?;
        if parts.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return None;
        }
        let date = Date {
            year: year.parse().ok()?,
            month: month.parse().ok()?,
            day: day.parse().ok()?,
        };
        ((1..=12).contains(&date.month) && (1..=31).contains(&date.day)).then_some(date)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The day of the last commit that changed each file below `root`, by its
/// path from `root` (`content/en/pricing.md`). A file with uncommitted
/// changes has its last commit's day; a file never committed has none.
pub fn last_commits(root: &Path) -> HashMap<String, Date> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "-c",
            "core.quotepath=off",
            "log",
            "--format=%x00%cs",
            "--name-only",
            "--no-renames",
            "--relative",
            "--",
            ".",
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    match output {
        Ok(out) if out.status.success() => parse_log(&String::from_utf8_lossy(&out.stdout)),
        _ => HashMap::new(),
    }
}

/// Reads `git log --format=%x00%cs --name-only`: newest commit first, so a
/// file's first mention is its last change.
fn parse_log(log: &str) -> HashMap<String, Date> {
    let mut out = HashMap::new();
    let mut current = None;
    for line in log.lines() {
        if let Some(date) = line.strip_prefix('\0') {
            current = Date::parse(date.trim());
        } else if let Some(date) = current
            && !line.is_empty()
        {
            out.entry(line.to_string()).or_insert(date);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_naming_a_file_gives_its_day() {
        let log = "\u{0}2026-03-02\n\ncontent/en/pricing.md\n\n\u{0}2026-02-01\n\ncontent/en/pricing.md\ncontent/en/gr\u{f6}\u{df}e.md\n";
        let dates = parse_log(log);
        assert_eq!(dates["content/en/pricing.md"].to_string(), "2026-03-02");
        assert_eq!(
            dates["content/en/gr\u{f6}\u{df}e.md"].to_string(),
            "2026-02-01"
        );
        assert_eq!(dates.len(), 2);
    }

    #[test]
    fn dates_are_iso_days() {
        assert_eq!(
            Date::parse("2026-10-01"),
            Some(Date {
                year: 2026,
                month: 10,
                day: 1
            })
        );
        for bad in [
            "2026-13-01",
            "2026-1-01",
            "26-10-01",
            "2026-10-01-1",
            "last week",
            "",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }
}
