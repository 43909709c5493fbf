//! `bench spawn`: a whole client program, timed from start to exit; what one
//! call costs when it is a process of its own (start-up included).
//!
//! This is what a learner's `tcp-oneshot client` or `python3 client.py` costs
//! at the terminal: the operating system starts the program (and for Python,
//! the interpreter, which reads and compiles its modules), the program makes
//! its call, prints the reply and exits.

use std::ffi::{OsStr, OsString};
use std::net::SocketAddr;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use common::process::Watched;

use super::{Limits, Report, deadline_note, sample};
use crate::cli::{DEFAULT_TCP_ADDR, loopback};

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The server the program calls: IP:PORT on loopback, in place of
    /// {addr} among its arguments.
    #[arg(long, default_value = DEFAULT_TCP_ADDR, value_parser = loopback)]
    pub addr: SocketAddr,
    /// What each run must print.
    #[arg(long, default_value = "LHF NB")]
    pub expect: String,
    #[command(flatten)]
    pub limits: Limits,
    /// The program and its arguments, after `--`.
    #[arg(last = true, required = true)]
    pub command: Vec<OsString>,
}

/// Runs the command up to `limits.count` times, one after another, with
/// `{addr}` among its arguments filled in; each run must exit 0 and print
/// exactly `expect` and a newline within `limits.timeout`, or it is killed
/// and the run fails.
pub fn run(a: &Args) -> Result<Report> {
    let Some((program, args)) = a.command.split_first() else {
        bail!("no program to run: put it after `--`");
    };
    let (program, limits) = (program.as_os_str(), a.limits);
    let addr = OsString::from(a.addr.to_string());
    let args: Vec<&OsStr> = (args.iter())
        .map(|arg| if arg == "{addr}" { &addr } else { arg }.as_os_str())
        .collect();
    let command = std::iter::once(program)
        .chain(args.iter().copied())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let want = [a.expect.as_bytes(), b"\n"].concat();
    let name = |n| format!("run {n} of `{command}`");
    let (latency, stopped) = sample(&limits, 0, name, || {
        // Killed when dropped: a run that overruns does not outlive the bench.
        let mut child = Watched::spawn(Command::new(program).args(&args))
            .with_context(|| {
                format!("cannot start {}", program.to_string_lossy())
            })?;
        child.close_input();
        let Some(status) = child.wait_exit(limits.timeout) else {
            bail!(
                "it did not finish within {:?}, so it was stopped",
                limits.timeout
            );
        };
        let deadline = Instant::now() + limits.timeout;
        let lines = |out: Option<Vec<Vec<u8>>>| -> Vec<u8> {
            out.unwrap_or_default()
                .into_iter()
                .flat_map(|line| [line, b"\n".to_vec()].concat())
                .collect()
        };
        if !status.success() {
            let err = lines(child.stderr.rest(deadline));
            bail!(
                "it failed ({status}): {}",
                String::from_utf8_lossy(&err).trim_end()
            );
        }
        let stdout = lines(child.stdout.rest(deadline));
        if stdout != want {
            bail!(
                "`{command}` printed {:?}, expected {:?}",
                String::from_utf8_lossy(&stdout),
                String::from_utf8_lossy(&want)
            );
        }
        Ok(())
    })?;
    let headline = format!(
        "spawn `{command}`: {} runs, each exited 0 with the expected reply{}",
        latency.count,
        deadline_note(stopped, limits.time)
    );
    Ok(Report::new(headline).latency("start to exit: ", &latency))
}
