//! The command line: `--help` everywhere, bad usage, and the one error most
//! learners meet first, capturing without the right to.

#[cfg(target_os = "linux")]
use std::process::Command;

use common::testing::cli;

const BIN: &str = env!("CARGO_BIN_EXE_wire-watch");

#[test]
fn help_is_there_for_every_subcommand() {
    cli::help_everywhere(BIN);
}

#[test]
fn bad_usage_is_exit_code_2() {
    cli::bad_usage(BIN, include_str!("bad-usage.txt"));
}

/// Runs `wire-watch ARGS` as user 65534 (nobody), without any capability:
/// what a learner's account is. `None` where `setpriv` is not there or we
/// are not root (we cannot change user then; an ordinary user is already
/// without the right, and the test runs as such below).
#[cfg(target_os = "linux")]
fn as_nobody(args: &[&str]) -> Option<std::process::Output> {
    let root = Command::new("id").arg("-u").output().ok()?.stdout == b"0\n";
    let mut cmd = if root {
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--clear-groups", "--inh-caps=-all", BIN]);
        cmd
    } else {
        Command::new(BIN)
    };
    let out = cmd.args(args).env_remove("RUST_BACKTRACE").output().ok()?;
    if root || !out.status.success() {
        Some(out)
    } else {
        None // an ordinary user who may capture after all (setcap)
    }
}

#[cfg(target_os = "linux")]
#[test]
fn without_the_right_to_capture_it_says_what_to_do() {
    for args in [
        &["capture"][..],
        &["demo"],
        &["demo", "backlog", "--mermaid"],
    ] {
        let Some(out) = as_nobody(args) else {
            eprintln!("skipped: cannot run as an unprivileged user here");
            return;
        };
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(
            lines[0],
            "error: cannot open a packet socket: operation not permitted (os error 1)"
        );
        assert!(
            lines[1].starts_with("hint: capturing needs root or the CAP_NET_RAW")
        );
        assert!(lines[1].contains(&format!("sudo setcap cap_net_raw+ep {BIN}")));
        assert_eq!(lines.len(), 2, "{err}");
    }
}
