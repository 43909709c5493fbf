//! The article's Python programs (in `python/`), run against the lessons:
//! the same wire both ways. Where `python3` is not installed, a test skips
//! with a note, except on CI, where a missing `python3` fails it.

use std::path::Path;
use std::process::Command;

use assert_cmd::assert::Assert;

use super::{Process, Server, WAIT};

/// The `python3` found on this machine.
#[derive(Debug, Clone, Copy)]
pub struct Python {
    program: &'static str,
}

/// `python3`, to run the article's Python programs against the lessons.
/// Where it is not installed the test prints why it is skipped and gets
/// `None`; on CI (`CI` set), where `.ci/run` makes sure it is there, a
/// missing `python3` fails the test instead of skipping it silently:
///
/// ```ignore
/// let Some(python) = python3() else { return };
/// ```
pub fn python3() -> Option<Python> {
    let found = Command::new("python3").arg("--version").output();
    if found.is_ok_and(|out| out.status.success()) {
        return Some(Python { program: "python3" });
    }
    assert!(std::env::var_os("CI").is_none(), "python3 is missing on CI");
    eprintln!("skipped: python3 is not installed");
    None
}

/// The path of one of the article's Python programs, `python/<name>`.
pub fn python_script(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../python")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

impl Python {
    /// The program to run: `python3`.
    pub fn program(&self) -> &'static str {
        self.program
    }

    /// `python3 python/SCRIPT 127.0.0.1:0`: one of the Python servers, which
    /// take their address as their argument and announce it as the lessons'
    /// servers do.
    pub fn server(&self, script: &str) -> Server {
        Server::start_with(self.program, &[&python_script(script), "127.0.0.1:0"])
    }

    /// `python3 python/SCRIPT ARGS...` with `stdin` as its whole input, run
    /// to its end (at most [`WAIT`]).
    pub fn run(&self, script: &str, args: &[&str], stdin: &str) -> Assert {
        assert_cmd::Command::new(self.program)
            .arg(python_script(script))
            .args(args)
            .write_stdin(stdin)
            .timeout(WAIT)
            .assert()
    }

    /// `python3 python/SCRIPT ARGS...`, watched while it runs.
    pub fn start(&self, script: &str, args: &[&str]) -> Process {
        let mut all = vec![python_script(script)];
        all.extend(args.iter().map(|a| a.to_string()));
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        Process::start(self.program, &all)
    }
}
