//! For the tests of `course`: the program run as a learner runs it
//! ([`course`]), a folder of a test's own ([`fresh_dir`]), and a student's
//! copy of the fixture course, in a folder of the test's own ([`Starter`]).
//! A `course watch` that runs until told to stop is a
//! [`common::testing::Process`], as every lesson's programs under test are.

// Each test file uses its own part of this module.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::thread;

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::WAIT;

/// `course`, pointed at the course in `root` (`COURSE_ROOT`), run the way a
/// learner runs it (no `RUST_BACKTRACE`), every wait bounded by [`WAIT`].
pub(crate) fn course(root: &Path) -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("course");
    cmd.env("COURSE_ROOT", root)
        .env_remove("RUST_BACKTRACE")
        .timeout(WAIT);
    cmd
}

/// A new, empty folder `name` for one test of the test file `file`, under
/// Cargo's scratch space for tests.
pub(crate) fn fresh_dir(file: &str, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(file).join(name);
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap();
    }
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// The small course the copies are made from: one lesson, `greet`, with the
/// exercises `hello` and `bump`.
pub(crate) const FIXTURE: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/watch");

/// A student's copy of [`FIXTURE`], made by `course assignment`, in a folder
/// named after the test and this process (two runs of the tests at once do
/// not share it). Removed when the test passes; kept, to look at, when it
/// fails.
pub(crate) struct Starter {
    dir: PathBuf,
    root: PathBuf,
}

impl Starter {
    pub(crate) fn new(test: &str) -> Starter {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("starters")
            .join(format!("{test}-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).unwrap();
        }
        fs::create_dir_all(&dir).unwrap();
        let root = dir.join("starter");
        cargo_bin_cmd!("course")
            .arg("assignment")
            .arg(&root)
            .env("COURSE_ROOT", FIXTURE)
            .timeout(WAIT)
            .assert()
            .success();
        Starter { dir, root }
    }
}

impl Starter {
    /// A build folder for this copy alone. Not shared: cargo names a
    /// package's build the same wherever the package is, so copies built in
    /// one folder at once can take each other's build for their own.
    pub(crate) fn target(&self) -> PathBuf {
        self.dir.join("target")
    }
}

impl Deref for Starter {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.root
    }
}

impl Drop for Starter {
    fn drop(&mut self) {
        if !thread::panicking() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}
