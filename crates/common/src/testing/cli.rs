//! The command-line checks every lesson binary shares: `--help` for every
//! subcommand, bad usage, a call nobody answers, a port already taken. Each
//! lesson's tests call these with its own binary and expected words, so a
//! new lesson writes only what is particular to it.

use std::net::TcpListener;

use assert_cmd::Command;
use assert_cmd::assert::Assert;
use predicates::prelude::*;

use super::{WAIT, refusing_tcp_port};

/// `bin args...`, the way a learner runs it (no `RUST_BACKTRACE`), with
/// `stdin` as its whole input, waiting at most [`WAIT`].
pub fn run(bin: &str, args: &[&str], stdin: &str) -> Assert {
    Command::new(bin)
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .write_stdin(stdin)
        .timeout(WAIT)
        .assert()
}

/// The binary's name, for `Usage: NAME` (the file name of `bin`).
fn name(bin: &str) -> String {
    std::path::Path::new(bin)
        .file_stem()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// `bin --help` and `bin SUBCOMMAND... --help` for each of `subcommands`
/// succeed and show `Usage: NAME`.
pub fn help_everywhere(bin: &str, subcommands: &[&[&str]]) {
    let usage = format!("Usage: {}", name(bin));
    for args in std::iter::once(&[][..]).chain(subcommands.iter().copied()) {
        let mut args = args.to_vec();
        args.push("--help");
        run(bin, &args, "")
            .success()
            .stdout(predicate::str::contains(usage.as_str()));
    }
}

/// Each of `cases`, `(arguments, words)`, is bad usage: exit code 2, as
/// clap gives, and the words in the error (an example of what to write).
pub fn bad_usage(bin: &str, cases: &[(&[&str], &str)]) {
    for (args, words) in cases {
        let assert = run(bin, args, "").code(2);
        let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(
            err.contains(words),
            "`{} {}`: expected {words:?} in\n{err}",
            name(bin),
            args.join(" ")
        );
    }
}

/// `text` with every `(os error N)` written `(os error N)` literally: the
/// number is the system's own (connection refused is 111 on Linux, 61 on
/// macOS, 10061 on Windows), the words before it are the program's.
pub fn without_os_number(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("(os error ") {
        let (before, after) = rest.split_at(at + "(os error ".len());
        out.push_str(before);
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with(')') {
            out.push('N');
            rest = &after[digits..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// A client that calls where nobody answers ends with exit code 1, prints
/// nothing on stdout, and says on stderr exactly
///
/// ```text
/// error: cannot call ADDR: connection refused (os error N)
/// hint: is the server running? start it with `PROGRAM server`, and give both sides the same --addr
/// ```
///
/// `args` are the client's arguments before `--addr`, `stdin` its input.
pub fn refused_call(bin: &str, args: &[&str], stdin: &str) {
    let (_held, addr) = refusing_tcp_port();
    let addr = addr.to_string();
    let mut all = args.to_vec();
    all.extend(["--addr", &addr]);
    let assert = run(bin, &all, stdin).code(1).stdout("");
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let program = name(bin);
    assert_eq!(
        without_os_number(&err),
        format!(
            "error: cannot call {addr}: connection refused (os error N)\n\
             hint: is the server running? start it with `{program} server`, \
             and give both sides the same --addr\n"
        )
    );
}

/// A TCP server started on a port another socket holds ends with exit code
/// 1: `error: cannot listen on ADDR: address already in use`, and a hint
/// that asks whether a server still runs there. `args` are the server's
/// arguments before `--addr` (`["server"]`).
pub fn taken_port(bin: &str, args: &[&str]) {
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind a port to hold");
    let addr = taken.local_addr().expect("its address").to_string();
    let mut all = args.to_vec();
    all.extend(["--addr", &addr]);
    run(bin, &all, "")
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(format!(
            "error: cannot listen on {addr}: address already in use"
        )))
        .stderr(predicate::str::contains(
            "hint: is a server still running there?",
        ));
}

#[cfg(test)]
mod tests {
    use super::without_os_number;

    #[test]
    fn os_numbers_are_left_out() {
        assert_eq!(
            without_os_number("refused (os error 10061)\nreset (os error 54)"),
            "refused (os error N)\nreset (os error N)"
        );
        assert_eq!(without_os_number("(os error x)"), "(os error x)");
    }
}
