//! What the tests said last time they ran, so that `course` can show it
//! without running every test again (rustlings does the same), and whether
//! it still holds.
//!
//! Each result is kept with the [`fingerprint`] of the code it was measured
//! on. When the code has changed since (a lesson's file, a crate it uses, the
//! lock file), the fingerprint differs and the result is [`Freshness::Stale`]:
//! `course` says so instead of showing it as current, and `course watch` runs
//! the tests again. So the record cannot claim that code passes which was
//! never tested as it is now; a result only ever comes from a test run.
//!
//! The record is still a file anyone can edit, and a fingerprint is no
//! secret. So a pass is also checked against the code itself: an exercise
//! whose file still holds a `todo!(` (a test that reaches it fails) is never
//! counted as passed, nor is its lesson's whole run, whatever the record
//! says ([`crate::exercises::passed`]; every part of `course` asks there).
//!
//! The record is a small text file in the workspace's build folder,
//! `target/course/progress.txt`: one line per lesson (`course check`) and per
//! exercise (`course watch`), with six fields separated by tabs: the key
//! (`tcp-loop`, or `tcp-loop/quit` for an exercise), the fingerprint, `passed`
//! or `failed`, when (seconds since 1970, UTC), and the summary in words
//! (`all 25 tests passed`). `cargo clean` forgets it.
//!
//! [`fingerprint`]: crate::fingerprint

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// How a lesson's or an exercise's tests went, the last time they ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Every test passed.
    Passed,
    /// A test failed, or the lesson did not compile.
    Failed,
}

impl State {
    fn word(self) -> &'static str {
        match self {
            State::Passed => "passed",
            State::Failed => "failed",
        }
    }
}

/// One test run's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The lesson (`tcp-loop`), or the exercise (`tcp-loop/quit`).
    pub key: String,
    /// The [`crate::fingerprint::lesson`] of the code the tests ran on.
    pub fingerprint: u64,
    /// Passed or failed.
    pub state: State,
    /// When, in seconds since 1970 (UTC).
    pub when: u64,
    /// In plain words: `all 25 tests passed`, `2 of 25 tests failed`.
    pub summary: String,
}

impl Entry {
    /// An entry for a run that ended now, on code with `fingerprint`.
    pub fn now(
        key: &str,
        fingerprint: u64,
        state: State,
        summary: impl Into<String>,
    ) -> Entry {
        let when = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Entry {
            key: key.to_string(),
            fingerprint,
            state,
            when,
            summary: summary.into(),
        }
    }

    /// `passed` or `failed`.
    pub fn describe_state(&self) -> &'static str {
        self.state.word()
    }

    /// What `course` shows: `passed on 2026-01-01 (all 25 tests passed)`.
    pub fn describe(&self) -> String {
        let state = self.state.word();
        match self.summary.as_str() {
            "" => format!("{state} on {}", date(self.when)),
            summary => format!("{state} on {} ({summary})", date(self.when)),
        }
    }
}

/// Whether a result still describes the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness<'a> {
    /// The tests ran on the code as it is now.
    Current(&'a Entry),
    /// The tests ran, but the code has changed since.
    Stale(&'a Entry),
    /// The tests never ran (or their record was lost).
    Unknown,
}

impl Freshness<'_> {
    /// True when the tests passed on the code as it is now.
    pub fn passed(&self) -> bool {
        matches!(self, Freshness::Current(e) if e.state == State::Passed)
    }
}

/// The result recorded for `key`, judged against the code's `fingerprint`.
pub fn lookup<'a>(
    entries: &'a [Entry],
    key: &str,
    fingerprint: u64,
) -> Freshness<'a> {
    match entries.iter().find(|e| e.key == key) {
        Some(e) if e.fingerprint == fingerprint => Freshness::Current(e),
        Some(e) => Freshness::Stale(e),
        None => Freshness::Unknown,
    }
}

/// The record's file, under the workspace `root`.
pub fn file(root: &Path) -> PathBuf {
    root.join("target").join("course").join("progress.txt")
}

/// Every entry recorded under `root`; none when nothing ran yet. Lines that
/// are not entries (a hand edit, an older format) are skipped.
///
/// # Errors
/// When the file exists but cannot be read.
pub fn load(root: &Path) -> io::Result<Vec<Entry>> {
    let text = match fs::read_to_string(file(root)) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(err),
    };
    Ok(text.lines().filter_map(parse_line).collect())
}

fn parse_line(line: &str) -> Option<Entry> {
    let mut fields = line.split('\t');
    let key = fields.next().filter(|k| !k.is_empty())?.to_string();
    let fingerprint = u64::from_str_radix(fields.next()?, 16).ok()?;
    let state = match fields.next()? {
        "passed" => State::Passed,
        "failed" => State::Failed,
        _ => return None,
    };
    let when = fields.next()?.parse().ok()?;
    let summary = fields.next().unwrap_or("").to_string();
    Some(Entry {
        key,
        fingerprint,
        state,
        when,
        summary,
    })
}

/// Records `new` under `root`, each replacing what was there for its key.
/// The file is written aside and renamed into place, so a reader never sees
/// half of it.
///
/// # Errors
/// When the folder or the file cannot be written.
pub fn record(root: &Path, new: &[Entry]) -> io::Result<()> {
    let mut entries = load(root)?;
    entries.retain(|e| new.iter().all(|n| n.key != e.key));
    entries.extend(new.iter().cloned());
    let mut text = String::from(
        "# written by `course`: lesson or exercise, fingerprint of its code, result, \
         when (seconds since 1970, UTC), summary\n",
    );
    for e in &entries {
        let summary = e.summary.replace(['\t', '\n'], " ");
        text.push_str(&format!(
            "{}\t{:016x}\t{}\t{}\t{summary}\n",
            e.key,
            e.fingerprint,
            e.state.word(),
            e.when
        ));
    }
    let path = file(root);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let aside = path.with_extension(format!("txt.{}", std::process::id()));
    fs::write(&aside, text)?;
    fs::rename(&aside, &path).inspect_err(|_| {
        let _ = fs::remove_file(&aside);
    })
}

/// The UTC date of `secs` seconds since 1970, as `2026-01-31`.
///
/// ```
/// assert_eq!(course::progress::date(0), "1970-01-01");
/// assert_eq!(course::progress::date(951_782_400), "2000-02-29");
/// ```
pub fn date(secs: u64) -> String {
    // Howard Hinnant's civil_from_days, for days since 1970-01-01.
    let days = (secs / 86_400) as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524
        - day_of_era / 146_096)
        / 365;
    let day_of_year =
        day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_across_years_and_leap_days() {
        assert_eq!(date(86_399), "1970-01-01");
        assert_eq!(date(86_400), "1970-01-02");
        assert_eq!(date(1_709_164_800), "2024-02-29");
        assert_eq!(date(1_709_251_200), "2024-03-01");
        assert_eq!(date(1_767_225_599), "2025-12-31");
        assert_eq!(date(1_767_225_600), "2026-01-01");
        assert_eq!(date(4_107_542_400), "2100-03-01");
    }

    #[test]
    fn lines_round_trip_and_junk_is_skipped() {
        let line =
            "tcp-loop\t00000000000000ff\tfailed\t1767225600\t2 of 25 tests failed";
        let entry = parse_line(line).unwrap();
        assert_eq!(entry.state, State::Failed);
        assert_eq!(entry.fingerprint, 255);
        assert_eq!(
            entry.describe(),
            "failed on 2026-01-01 (2 of 25 tests failed)"
        );
        for junk in [
            "",
            "# comment",
            "tcp-loop\tff\tmaybe\t1",
            "tcp-loop\tff\tpassed\tsoon",
            // The format before fingerprints: no longer trusted.
            "tcp-loop\tpassed\t1767225600\tall 25 tests passed",
        ] {
            assert!(parse_line(junk).is_none(), "{junk:?}");
        }
    }

    #[test]
    fn a_result_is_current_only_for_the_code_it_ran_on() {
        let entries = [Entry::now("tcp-loop/quit", 7, State::Passed, "")];
        assert!(lookup(&entries, "tcp-loop/quit", 7).passed());
        assert!(matches!(
            lookup(&entries, "tcp-loop/quit", 8),
            Freshness::Stale(_)
        ));
        assert_eq!(lookup(&entries, "tcp-loop", 7), Freshness::Unknown);
    }
}
