//! Where the course lives on disk.

use std::env;
use std::path::{Path, PathBuf};

use anyhow::Result;
use common::Hinted;

/// The environment variable that points `course` at another copy of the
/// course (a student's starter, a test's fixture).
pub const ROOT_VAR: &str = "COURSE_ROOT";

/// The workspace root: `$COURSE_ROOT` when it is set, otherwise the folder
/// this binary was built from. `course` is run from its workspace with
/// `cargo run -p course`, so the root is known when it is compiled: two
/// levels above this crate's `CARGO_MANIFEST_DIR`.
///
/// # Errors
/// When the folder has no `Cargo.toml` (the checkout moved, or `COURSE_ROOT`
/// points elsewhere), with a hint saying how to run `course`.
pub fn root() -> Result<PathBuf> {
    let root = match env::var_os(ROOT_VAR) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."),
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
