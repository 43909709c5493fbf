//! The command-line checks every lesson binary shares: `--help` for every
//! subcommand, bad usage, a call nobody answers, a port already taken, a
//! demo that runs to its end; and the way tests run a program to its end. Each
//! lesson's tests call these with its own binary and expected words, so a
//! new lesson writes only what is particular to it.

use std::net::{SocketAddr, TcpListener};

use assert_cmd::Command;
use assert_cmd::assert::Assert;
use predicates::prelude::*;

use super::{WAIT, refusing_tcp_port};

/// `bin args...`, the way a learner runs it (no `RUST_BACKTRACE`), with
/// `stdin` as its whole input, waiting at most [`WAIT`].
pub fn run(bin: &str, args: &[&str], stdin: impl Into<Vec<u8>>) -> Assert {
    Command::new(bin)
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .write_stdin(stdin)
        .timeout(WAIT)
        .assert()
}

/// `bin ARGS... --addr ADDR`, with `stdin` as its whole input: a client
/// (or any command that calls a server) run to its end, as [`run`] does.
pub fn call(
    bin: &str,
    addr: SocketAddr,
    args: &[&str],
    stdin: impl Into<Vec<u8>>,
) -> Assert {
    let addr = addr.to_string();
    let mut all = args.to_vec();
    all.extend(["--addr", &addr]);
    run(bin, &all, stdin)
}

/// `bin client --addr ADDR MESSAGE` with a message that is not UTF-8 (on
/// Unix an argument is bytes): it goes out unchanged, and the answer the
/// client prints has only a-z upper-cased (`\xff\xfe ok\x01` comes back as
/// `\xff\xfe OK\x01`), as the article's `upper()` of a bytes object does.
#[cfg(unix)]
pub fn non_utf8_message(bin: &str, addr: SocketAddr) {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let assert = Command::new(bin)
        .args(["client", "--addr", &addr.to_string()])
        .arg(OsStr::from_bytes(b"\xff\xfe ok\x01"))
        .timeout(WAIT)
        .assert()
        .success();
    assert_eq!(assert.get_output().stdout, b"\xff\xfe OK\x01\n");
}

/// The binary's name, for `Usage: NAME` (the file name of `bin`).
fn name(bin: &str) -> String {
    std::path::Path::new(bin)
        .file_stem()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// The command line every TCP client–server lesson keeps (the contract in
/// `../shared/DESIGN.md`, which the book and the tests rely on), checked for
/// `bin`:
/// - `--help` for every subcommand ([`help_everywhere`]);
/// - `client` calling where nobody answers: exit code 1 and the `error:` and
///   `hint:` lines ([`refused_call`]);
/// - `server` on a port another socket holds: exit code 1 and a hint
///   ([`taken_port`]);
/// - `--addr` without an IP, with a name, or with port 0 for a client, and a
///   subcommand that does not exist: bad usage that shows what to write
///   ([`bad_usage`]);
/// - and the lesson's own bad usage, `table` (as [`bad_usage`] reads it;
///   the lesson keeps it in a file, `tests/bad-usage.txt`).
pub fn contract(bin: &str, table: &str) {
    help_everywhere(bin);
    refused_call(bin, &["client"], "hello\n");
    taken_port(bin, &["server"]);
    bad_usage(
        bin,
        "client --addr 8080           => a port without an IP address
         server --addr localhost:0    => is a name
         client --addr 127.0.0.1:0    => port 0 is for servers
         call                         => unrecognized subcommand",
    );
    bad_usage(bin, table);
}

/// `bin --help` succeeds and shows `Usage: NAME`, and so does `bin
/// SUBCOMMAND... --help` for every subcommand its help lists, however deep
/// (`exercise quit-client`): a subcommand added later is checked too.
pub fn help_everywhere(bin: &str) {
    let usage = format!("Usage: {}", name(bin));
    let mut to_check: Vec<Vec<String>> = vec![Vec::new()];
    while let Some(mut args) = to_check.pop() {
        args.push("--help".into());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let assert = run(bin, &args, "")
            .success()
            .stdout(predicate::str::contains(usage.as_str()));
        let parent = &args[..args.len() - 1];
        for sub in subcommands(&stdout_text(&assert)) {
            let mut deeper: Vec<String> =
                parent.iter().map(|a| a.to_string()).collect();
            deeper.push(sub);
            to_check.push(deeper);
        }
    }
}

/// The subcommands a clap help text lists under `Commands:` (each on a line
/// of its own, two spaces in), but for `help`.
fn subcommands(help: &str) -> Vec<String> {
    let Some((_, listed)) = help.split_once("Commands:\n") else {
        return Vec::new();
    };
    listed
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

/// `bin ARGS... --help` succeeds and mentions each of `words` (the flags a
/// lesson adds, say).
pub fn help_mentions(bin: &str, args: &[&str], words: &[&str]) {
    let mut all = args.to_vec();
    all.push("--help");
    let help = stdout_text(&run(bin, &all, "").success());
    for word in words {
        assert!(
            help.contains(word),
            "`{}` does not mention {word}:\n{help}",
            all.join(" ")
        );
    }
}

/// `bin demo` (a client–server lesson's): it must succeed, print nothing on
/// stderr, and start with the server's announcement (`server | listening
/// on 127.0.0.1:PORT` or `bound to`). Returns the lines it printed.
pub fn demo(bin: &str) -> Vec<String> {
    let out = stdout_text(&run(bin, &["demo"], "").success().stderr(""));
    let lines: Vec<String> = out.lines().map(str::to_string).collect();
    let first = lines.first().map_or("", String::as_str);
    let announced = first.contains("| listening on 127.0.0.1:")
        || first.contains("| bound to 127.0.0.1:");
    assert!(first.starts_with("server ") && announced, "{out}");
    lines
}

/// Checks that `assert`'s command failed the way the course's programs do:
/// exit code 1, stderr starting with `error` (its `error: ...` line) and
/// holding `hint` (its `hint: ...` line, or part of it). Returns stderr, for
/// what else a test checks.
pub fn failed(assert: Assert, error: &str, hint: &str) -> String {
    let err = stderr_text(&assert.code(1));
    assert!(err.starts_with(error), "expected {error:?} first in\n{err}");
    assert!(err.contains(hint), "expected {hint:?} in\n{err}");
    err
}

/// `bin args...` run to its end with no input, as [`run`] does: it must
/// succeed and print nothing on stderr. Returns its stdout, which must be
/// UTF-8.
pub fn quiet_output(bin: &str, args: &[&str]) -> String {
    let assert = run(bin, args, "").success().stderr("");
    String::from_utf8(assert.get_output().stdout.clone()).expect("UTF-8 output")
}

/// What the command printed on stdout, decoded lossily.
pub fn stdout_text(assert: &Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

/// What the command printed on stderr, decoded lossily.
pub fn stderr_text(assert: &Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// Bad usage of `bin`, written as a table, one case a line: the arguments
/// (split at spaces; `''` is an empty argument), `=>`, then words the error
/// must contain (an example of what to write, say). Each case must end with
/// exit code 2, as clap gives. Blank lines and lines starting with `#` are
/// left out, so a lesson keeps its table in a file of its own:
///
/// ```text
/// # tcp-loop: bad usage
/// server --reuseaddr    => unexpected argument
/// exercise quit         => unrecognized subcommand
/// ```
pub fn bad_usage(bin: &str, table: &str) {
    let cases = table
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'));
    for case in cases {
        let (args, words) = case
            .split_once("=>")
            .unwrap_or_else(|| panic!("no `=>` in the bad usage case {case:?}"));
        let args: Vec<&str> = args
            .split_whitespace()
            .map(|arg| if arg == "''" { "" } else { arg })
            .collect();
        let words = words.trim();
        let err = stderr_text(&run(bin, &args, "").code(2));
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
/// macOS, 10061 on Windows), the words before it are the program's. Off
/// Linux the system's words go too, up to the `: ` before them: Windows
/// says "No connection could be made because the target machine actively
/// refused it" where Linux says "connection refused", and the book's texts
/// are Linux's. So `cannot call ADDR: WORDS (os error 111)` is compared as
/// `cannot call ADDR: … (os error N)` there. An expected text may write the
/// number as `N`.
pub fn os_neutral(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("(os error ") {
        let (before, after) = rest.split_at(at + "(os error ".len());
        // A number, or an expected text's `N`.
        let digits = match after.chars().take_while(char::is_ascii_digit).count() {
            0 if after.starts_with("N)") => 1,
            n => n,
        };
        if digits == 0 || !after[digits..].starts_with(')') {
            out.push_str(before);
            rest = after;
            continue;
        }
        let words_start = if cfg!(target_os = "linux") {
            None
        } else {
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            before[line_start..].rfind(": ").map(|i| line_start + i + 2)
        };
        match words_start {
            Some(start) => {
                out.push_str(&before[..start]);
                out.push_str("… (os error ");
            }
            None => out.push_str(before),
        }
        out.push('N');
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

/// The system's own words for an error, where a check compares the start of
/// a message: `linux` on Linux, whose words the book shows; elsewhere
/// nothing, as each system words its errors its own way (see [`os_neutral`]).
pub fn os_words(linux: &str) -> &str {
    if cfg!(target_os = "linux") { linux } else { "" }
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
    let err = stderr_text(&call(bin, addr, args, stdin).code(1).stdout(""));
    let program = name(bin);
    assert_eq!(
        os_neutral(&err),
        os_neutral(&format!(
            "error: cannot call {addr}: connection refused (os error N)\n\
             hint: is the server running? start it with `{program} server`, \
             and give both sides the same --addr\n"
        ))
    );
}

/// A TCP server started on a port another socket holds ends with exit code
/// 1: `error: cannot listen on ADDR: address already in use`, and a hint
/// that asks whether a server still runs there. `args` are the server's
/// arguments before `--addr` (`["server"]`).
pub fn taken_port(bin: &str, args: &[&str]) {
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind a port to hold");
    let addr = taken.local_addr().expect("its address");
    failed(
        call(bin, addr, args, "").stdout(""),
        &format!(
            "error: cannot listen on {addr}: {}",
            os_words("address already in use")
        ),
        "hint: is a server still running there?",
    );
}

#[cfg(test)]
mod tests {
    use super::{os_neutral, subcommands};

    #[test]
    fn subcommands_are_read_from_the_help() {
        let help = "Usage: x <COMMAND>\n\nCommands:\n  server    Answer\n  \
                    exercise  Run one\n            of them\n  help      Print\n\n\
                    Options:\n  -h, --help  Print help\n";
        assert_eq!(subcommands(help), ["server", "exercise"]);
        assert!(subcommands("Usage: x [OPTIONS]\n").is_empty());
    }

    #[test]
    fn os_numbers_are_left_out_and_off_linux_the_words_too() {
        let text = "a: refused (os error 10061)\nb: c: reset (os error 54)";
        let neutral = if cfg!(target_os = "linux") {
            "a: refused (os error N)\nb: c: reset (os error N)"
        } else {
            "a: … (os error N)\nb: c: … (os error N)"
        };
        assert_eq!(os_neutral(text), neutral);
        assert_eq!(os_neutral("(os error x)"), "(os error x)");
        assert_eq!(os_neutral(text), os_neutral(&text.replace("10061", "N")));
    }
}
