//! Server processes for `compare`: started on a port the system picks, their
//! first line read with a bounded wait, their output drained, killed when
//! dropped. And CPU pinning with `taskset`.

use std::ffi::{OsStr, OsString};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use common::process::{Watched, announced_addr};

/// The longest a server may take to print its first line.
pub const STARTUP: Duration = Duration::from_secs(10);

/// Stderr lines kept to explain a server that failed.
const TAIL: usize = 5;

/// A running server, killed when dropped.
#[derive(Debug)]
pub struct ServerProcess {
    watched: Watched,
    addr: SocketAddr,
}

impl ServerProcess {
    /// Starts `program args` (which ask for port 0), on CPU `cpu` when given
    /// (through `taskset -c CPU`), and waits at most [`STARTUP`] for its first
    /// line, `listening on ADDR` or `bound to ADDR`. What it prints after
    /// that is read as it comes (see `common::process`) and never looked at,
    /// but for the last stderr lines of a server that failed.
    pub fn start(
        program: &OsStr,
        args: &[OsString],
        cpu: Option<usize>,
    ) -> Result<ServerProcess> {
        let mut command = match cpu {
            Some(cpu) => {
                let mut c = Command::new("taskset");
                c.arg("-c").arg(cpu.to_string()).arg(program);
                c
            }
            None => Command::new(program),
        };
        // From here, Drop kills the child whatever happens.
        let watched = Watched::spawn(command.args(args)).with_context(|| {
            format!("cannot start {}", program.to_string_lossy())
        })?;
        let first = watched.stdout.next(STARTUP).unwrap_or_default();
        let first = String::from_utf8_lossy(&first).into_owned();
        let Some(addr) = announced_addr(&first) else {
            bail!(
                "{} did not announce its address within {STARTUP:?} (first line {first:?}){}",
                program.to_string_lossy(),
                last_words(&watched)
            );
        };
        Ok(ServerProcess { watched, addr })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Fails when the server has exited, with the last lines it printed on
    /// stderr. What it printed on stdout so far is let go: a server that
    /// logs every message whole would otherwise fill the bench's memory.
    pub fn check_running(&mut self) -> Result<()> {
        drop(self.watched.stdout.now());
        if let Ok(Some(status)) = self.watched.try_wait() {
            bail!("the server exited ({status}){}", last_words(&self.watched));
        }
        Ok(())
    }

    /// The server's process id, to read its memory in `/proc`.
    pub fn id(&self) -> u32 {
        self.watched.id()
    }
}

/// `; stderr: ...` with a server's last stderr lines, or nothing.
fn last_words(server: &Watched) -> String {
    let lines = server.stderr.now();
    let tail: Vec<_> = (lines[lines.len().saturating_sub(TAIL)..].iter())
        .map(|l| String::from_utf8_lossy(l))
        .collect();
    if tail.is_empty() {
        return String::new();
    }
    format!("; stderr: {}", tail.join(" / "))
}

/// Which CPU the bench (the clients) runs on, and which every server.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pinning {
    pub client: usize,
    pub server: usize,
}

/// Pins this process to one CPU and plans the servers' CPU, when `taskset`
/// exists and at least two CPUs are allowed; otherwise a sentence says why not.
///
/// Pinning keeps the client and the server from taking turns on one CPU and
/// from being moved between CPUs mid-run, which both add noise. Call it before
/// any thread starts: threads inherit the CPU of the thread that makes them.
pub fn pin() -> Result<Pinning, String> {
    let status = std::fs::read_to_string("/proc/self/status")
        .map_err(|_| "not pinned: no /proc/self/status (not Linux)".to_string())?;
    let cpus = status
        .lines()
        .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))
        .map(|list| parse_cpu_list(list.trim()))
        .unwrap_or_default();
    let [client, server, ..] = cpus[..] else {
        return Err(format!(
            "not pinned: only {} CPU allowed, so client and server share it",
            cpus.len()
        ));
    };
    let pinned = Command::new("taskset")
        .args(["-a", "-p", "-c", &client.to_string()])
        .arg(std::process::id().to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match pinned {
        Ok(status) if status.success() => Ok(Pinning { client, server }),
        Ok(_) => Err("not pinned: taskset refused".to_string()),
        Err(_) => {
            Err("not pinned: taskset is not installed (util-linux)".to_string())
        }
    }
}

/// Parses a Linux CPU list such as `0-3,6,8-9` into CPU numbers.
pub fn parse_cpu_list(list: &str) -> Vec<usize> {
    let mut cpus = Vec::new();
    for part in list.split(',').filter(|p| !p.is_empty()) {
        let (from, to) = part.split_once('-').unwrap_or((part, part));
        if let (Ok(from), Ok(to)) =
            (from.trim().parse::<usize>(), to.trim().parse::<usize>())
        {
            cpus.extend(from..=to);
        }
    }
    cpus
}

#[cfg(test)]
mod tests {
    use super::parse_cpu_list;

    #[test]
    fn cpu_lists() {
        assert_eq!(parse_cpu_list("0-1"), [0, 1]);
        assert_eq!(parse_cpu_list("0-2,5,7-8"), [0, 1, 2, 5, 7, 8]);
        assert_eq!(parse_cpu_list("3"), [3]);
        assert!(parse_cpu_list("").is_empty());
    }
}
