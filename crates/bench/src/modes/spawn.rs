//! `bench spawn`: a whole client program, timed from start to exit; what one
//! call costs when it is a process of its own (start-up included).
//!
//! This is what a learner's `tcp-oneshot client` or `python3 client.py` costs
//! at the terminal: the operating system starts the program (and for Python,
//! the interpreter, which reads and compiles its modules), the program makes
//! its call, prints the reply and exits.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use common::process::Watched;

use super::{Limits, deadline_note};
use crate::stats::Latency;

/// What `spawn` measured.
#[derive(Debug, Clone)]
pub struct SpawnReport {
    /// The command, as shown.
    pub command: String,
    /// How long each run took, from spawn to exit.
    pub latency: Latency,
    /// Whether the deadline ended the run before `count` runs.
    pub stopped: bool,
    /// The limits it ran under.
    pub limits: Limits,
}

/// Runs `program args` up to `limits.count` times, one after another; each
/// run must exit 0 and print exactly `expect` and a newline, within
/// `limits.timeout`.
///
/// # Errors
/// When the program cannot start, fails, prints anything else, or overruns.
pub fn run(
    program: &OsStr,
    args: &[OsString],
    expect: &[u8],
    limits: Limits,
) -> Result<SpawnReport> {
    let command = show_command(program, args);
    let mut want = expect.to_vec();
    want.push(b'\n');
    let deadline = limits.deadline();
    let mut samples = Vec::with_capacity(limits.count.min(1 << 16));
    while samples.len() < limits.count {
        if Instant::now() >= deadline && !samples.is_empty() {
            break;
        }
        let (took, stdout) = run_once(program, args, limits.timeout)
            .with_context(|| format!("run {} of `{command}`", samples.len() + 1))?;
        if stdout != want {
            bail!(
                "`{command}` printed {:?}, expected {:?}",
                String::from_utf8_lossy(&stdout),
                String::from_utf8_lossy(&want)
            );
        }
        samples.push(took);
    }
    let stopped = samples.len() < limits.count;
    let latency = Latency::of(&mut samples).context("no run finished")?;
    Ok(SpawnReport {
        command,
        latency,
        stopped,
        limits,
    })
}

/// One run: the time from spawn to exit, and what it printed on stdout.
/// A run that overruns `timeout` is killed.
///
/// # Errors
/// When the program cannot start, exits with a failure, or overruns.
pub fn run_once(
    program: &OsStr,
    args: &[OsString],
    timeout: Duration,
) -> Result<(Duration, Vec<u8>)> {
    let start = Instant::now();
    // Killed when dropped: a run that overruns does not outlive the bench.
    let mut child = Watched::spawn(Command::new(program).args(args))
        .with_context(|| format!("cannot start {}", program.to_string_lossy()))?;
    child.close_input();
    let Some(status) = child.wait_exit(timeout) else {
        bail!("it did not finish within {timeout:?}, so it was stopped");
    };
    let took = start.elapsed();
    let deadline = Instant::now() + timeout;
    let out = child.stdout.rest(deadline).unwrap_or_default();
    let err = child.stderr.rest(deadline).unwrap_or_default();
    if !status.success() {
        let err: Vec<String> = err
            .iter()
            .map(|l| String::from_utf8_lossy(l).into_owned())
            .collect();
        bail!("it failed ({status}): {}", err.join("\n"));
    }
    let mut stdout = Vec::new();
    for line in out {
        stdout.extend_from_slice(&line);
        stdout.push(b'\n');
    }
    Ok((took, stdout))
}

/// `program arg arg` for messages.
pub fn show_command(program: &OsStr, args: &[OsString]) -> String {
    std::iter::once(program)
        .chain(args.iter().map(OsString::as_os_str))
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

impl fmt::Display for SpawnReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "spawn `{}`: {} runs, each exited 0 with the expected reply{}",
            self.command,
            self.latency.count,
            deadline_note(self.stopped, &self.limits)
        )?;
        write!(f, "  start to exit: {}", self.latency)
    }
}
