//! How every binary ends: `error: <what happened>: <cause>`, a `hint:` line
//! where one helps, and the exit code.

use std::error::Error;
use std::fmt;
use std::io;
use std::process::ExitCode;

/// An error that knows what the learner should try next.
///
/// Return it, or attach it with `.context(...)`, where the general hints of
/// [`report`] would not fit: `report` prints its `hint` below the error.
#[derive(Debug)]
pub struct Hinted {
    message: String,
    hint: Hint,
}

/// A hint as said, or one that names the program printing it.
#[derive(Debug)]
enum Hint {
    Said(String),
    NamingProgram(fn(&str) -> String),
}

impl Hinted {
    /// An error saying `message`, with `hint` printed on the line below.
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Hinted {
            message: message.into(),
            hint: Hint::Said(hint.into()),
        }
    }

    /// An error saying `message`, whose hint names the program that prints
    /// it: [`report`] gives `hint` its `program`. For code that several
    /// lessons' binaries run (lessons 6 and 7 run lesson 2's client), so the
    /// hint says `tcp-events server` in `tcp-events`, not lesson 2's.
    pub fn naming_program(
        message: impl Into<String>,
        hint: fn(&str) -> String,
    ) -> Self {
        Hinted {
            message: message.into(),
            hint: Hint::NamingProgram(hint),
        }
    }

    /// The hint, as `program` prints it.
    fn hint(&self, program: &str) -> String {
        match &self.hint {
            Hint::Said(hint) => hint.clone(),
            Hint::NamingProgram(hint) => hint(program),
        }
    }
}

impl fmt::Display for Hinted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Error for Hinted {}

/// A lesson's whole `main`: parses the command line into `C` (clap answers
/// `--help` itself, and bad usage with exit code 2), runs `run` on it with
/// stdout to print to, and ends as [`report`] says, naming the program by
/// the command line's name (`#[command(name = "...")]`).
pub fn parse_and_run<C: clap::Parser>(
    run: fn(C, io::Stdout) -> anyhow::Result<()>,
) -> ExitCode {
    let command = C::parse();
    report(run(command, io::stdout()), C::command().get_name())
}

/// Ends a program: `Ok` is exit code 0; an error is printed to stderr as
///
/// ```text
/// error: cannot call 127.0.0.1:9000: connection refused (os error 111)
/// hint: is the server running? start it with `PROGRAM server`, and give both sides the same --addr
/// ```
///
/// and is exit code 1. `program` is the binary's name (`PROGRAM` above),
/// used in hints. A bare
/// `BrokenPipe` (stdout closed by the reader, as in `... | head -1`) ends the
/// program quietly, still with exit code 1.
///
/// Every `main` ends here rather than returning `anyhow::Result`, which prints
/// `Error:` and, under `RUST_BACKTRACE=1`, a stack trace a learner cannot use.
pub fn report(result: anyhow::Result<()>, program: &str) -> ExitCode {
    let Err(err) = result else {
        return ExitCode::SUCCESS;
    };
    // A bare broken pipe is our own output closed under us (`... | head -1`):
    // the reader has what it wanted, and, like other command-line tools, we
    // end without a word. Socket errors always come with a context.
    let bare_broken_pipe = err.chain().count() == 1
        && err
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe);
    if bare_broken_pipe {
        return ExitCode::FAILURE;
    }
    let message = err.chain().map(describe).collect::<Vec<_>>().join(": ");
    eprintln!("error: {message}");
    if let Some(hint) = hint_for(&err, program) {
        eprintln!("hint: {hint}");
    }
    ExitCode::FAILURE
}

/// The hint [`report`] prints below `err`, if any: a [`Hinted`] in the chain
/// wins; otherwise the kind of the first `io::Error` in the chain decides.
pub fn hint_for(err: &anyhow::Error, program: &str) -> Option<String> {
    // `downcast_ref` finds a Hinted attached as context; the chain, one that
    // is the root error or wrapped in another context.
    if let Some(hinted) = err.downcast_ref::<Hinted>() {
        return Some(hinted.hint(program));
    }
    if let Some(hinted) = err.chain().find_map(|e| e.downcast_ref::<Hinted>()) {
        return Some(hinted.hint(program));
    }
    let io_err = err.chain().find_map(|e| e.downcast_ref::<io::Error>())?;
    let hint = match io_err.kind() {
        io::ErrorKind::ConnectionRefused => format!(
            "is the server running? start it with `{program} server`, \
             and give both sides the same --addr"
        ),
        io::ErrorKind::AddrInUse => "another program, or an earlier server still running, \
             holds this address: stop it, or pick another port \
             (--addr 127.0.0.1:0 lets the system choose a free one)"
            .to_string(),
        io::ErrorKind::AddrNotAvailable => {
            "that IP address is not one of this machine's: use 127.0.0.1 or [::1]".to_string()
        }
        io::ErrorKind::PermissionDenied => {
            "ports below 1024 need administrator rights, and Windows also refuses ports it \
             reserves or another program holds for itself: choose another port above 1024"
                .to_string()
        }
        io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted => {
            "the other side aborted the call: it closed with bytes it had not read \
             (or set SO_LINGER to 0; on Windows, a killed program often does this)"
                .to_string()
        }
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => {
            "no answer in time: is the program at that address a server from this course?"
                .to_string()
        }
        _ => return None,
    };
    Some(hint)
}

/// One link of the error chain: an `io::Error` through [`describe_io`],
/// anything else as it displays.
fn describe(err: &(dyn Error + 'static)) -> String {
    match err.downcast_ref::<io::Error>() {
        Some(io_err) => describe_io(io_err),
        None => err.to_string(),
    }
}

/// An `io::Error` as one lower-case phrase, as the `error:` lines and the
/// servers' logs show it: `connection reset by peer (os error 104)`. The
/// operating system's messages start with a capital ("Connection refused");
/// inside a sentence they read better in lower case. An acronym (`IPv6 ...`)
/// is left as it is.
pub fn describe_io(err: &io::Error) -> String {
    let text = err.to_string();
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second))
            if first.is_uppercase() && second.is_lowercase() =>
        {
            first
                .to_lowercase()
                .chain(text[first.len_utf8()..].chars())
                .collect()
        }
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    fn refused() -> anyhow::Result<()> {
        Err(io::Error::from(io::ErrorKind::ConnectionRefused))
            .context("cannot call 127.0.0.1:9000")
    }

    #[test]
    fn refused_calls_get_the_start_the_server_hint() {
        let err = refused().unwrap_err();
        let hint = hint_for(&err, "tcp-oneshot").unwrap();
        assert!(hint.contains("`tcp-oneshot server`"), "{hint}");
    }

    #[test]
    fn a_hinted_error_brings_its_own_hint() {
        let err = refused()
            .context(Hinted::new("no reply", "try again"))
            .unwrap_err();
        assert_eq!(hint_for(&err, "x").as_deref(), Some("try again"));
        let err = anyhow::Error::new(Hinted::new("no reply", "start it"));
        assert_eq!(hint_for(&err, "x").as_deref(), Some("start it"));
    }

    #[test]
    fn a_hint_may_name_the_program_that_prints_it() {
        let err = anyhow::Error::new(Hinted::naming_program("gone", |program| {
            format!("start `{program} server`")
        }));
        let hint = hint_for(&err, "tcp-events");
        assert_eq!(hint.as_deref(), Some("start `tcp-events server`"));
        assert_eq!(err.to_string(), "gone");
    }

    #[test]
    fn os_messages_are_lower_cased_but_not_acronyms() {
        // As Linux and macOS word it; the number differs on every system.
        let os = io::Error::other("Connection refused");
        assert_eq!(describe(&os), "connection refused");
        let acronym = io::Error::other("IPv6 is off");
        assert_eq!(describe(&acronym), "IPv6 is off");
    }
}
