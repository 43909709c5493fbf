//! Where the course lives on disk.

use std::env;
use std::path::{Path, PathBuf};

use anyhow::Result;
use common::Hinted;

/// The environment variable that points `course` at another copy of the
/// course (a student's starter, a test's fixture).
pub const ROOT_VAR: &str = "COURSE_ROOT";

/// The workspace root: `$COURSE_ROOT` when it is set; otherwise the course
/// that `cargo run -p course` was typed in, two levels above the
/// `CARGO_MANIFEST_DIR` that cargo gives the program it runs; otherwise the
/// folder this binary was built from.
///
/// Not only the last: a course and its assignment copy that share one build
/// folder (`CARGO_TARGET_DIR`, or `build.target-dir` in cargo's config) share
/// one `course` binary too, built in whichever ran it last, and that one
/// must still work on the copy it is run in.
///
/// # Errors
/// When the folder has no `Cargo.toml` (the checkout moved, or `COURSE_ROOT`
/// points elsewhere), with a hint saying how to run `course`.
pub fn root() -> Result<PathBuf> {
    // Only this crate's own: a test of another crate that starts `course`
    // passes its own CARGO_MANIFEST_DIR down.
    let run_by_cargo = env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .filter(|dir| dir.ends_with("crates/course"));
    let manifest_dir =
        run_by_cargo.unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let root = match env::var_os(ROOT_VAR) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        // Two levels up: from `crates/course` to the workspace.
        _ => manifest_dir
            .ancestors()
            .nth(2)
            .map_or_else(|| manifest_dir.join("../.."), Path::to_path_buf),
    };
    if !root.join("Cargo.toml").is_file() {
        return Err(Hinted::new(
            format!(
                "cannot find the course at {}: there is no Cargo.toml there",
                root.display()
            ),
            format!(
                "run `course` from a checkout of the course, as `{}`, or set \
                 {ROOT_VAR} to the course's folder",
                crate::lessons::COURSE
            ),
        )
        .into());
    }
    // A clean path for messages; the joined one works as well if this fails.
    Ok(root.canonicalize().map(plain).unwrap_or(root))
}

/// On Windows, `canonicalize` gives the verbatim form `\\?\C:\course`, which
/// reads badly in messages and which some programs cargo starts do not
/// take; a path on a drive letter is given back as `C:\course`.
#[cfg(windows)]
fn plain(path: PathBuf) -> PathBuf {
    let on_a_drive = path
        .to_str()
        .and_then(|text| text.strip_prefix(r"\\?\"))
        .filter(|rest| rest.as_bytes().get(1) == Some(&b':'))
        .map(PathBuf::from);
    on_a_drive.unwrap_or(path)
}

#[cfg(not(windows))]
fn plain(path: PathBuf) -> PathBuf {
    path
}
