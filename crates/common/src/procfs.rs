//! What a process uses, read from Linux's `/proc` (feature `process`): its
//! resident memory, threads, CPU time and open files; and which process
//! listens on a TCP port. `bench` measures servers with it, and the
//! many-callers lessons' tests check that memory stays bounded, that a
//! waiting server does not spin, and that every call gives its descriptor
//! back. Elsewhere than Linux every reading is `None`.

use std::fs;
use std::net::SocketAddr;
use std::time::Duration;

/// One look at a process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    /// Resident memory now (`VmRSS`), in KiB.
    pub resident_kib: u64,
    /// The most resident memory it ever had (`VmHWM`), in KiB.
    pub peak_kib: u64,
    /// Its threads.
    pub threads: u64,
    /// The CPU time all its threads have used so far.
    pub cpu: Duration,
    /// Its open file descriptors (sockets included).
    pub open_files: usize,
}

impl Usage {
    /// Reads process `pid` now; `None` where `/proc` does not have it (not
    /// Linux, or the process has gone).
    pub fn of(pid: u32) -> Option<Usage> {
        let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let field = |name: &str| -> Option<u64> {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))?
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        };
        Some(Usage {
            resident_kib: field("VmRSS:")?,
            peak_kib: field("VmHWM:")?,
            threads: field("Threads:")?,
            cpu: cpu_time(pid)?,
            open_files: fs::read_dir(format!("/proc/{pid}/fd")).ok()?.count(),
        })
    }
}

/// Resets the process's peak resident memory (`VmHWM`) to what it holds now
/// (`echo 5 > /proc/PID/clear_refs`), so that a later [`Usage::of`] shows the
/// peak of what came after. False where that is not allowed (another user's
/// process, not Linux): the peak is then the process's whole life's.
pub fn reset_peak(pid: u32) -> bool {
    fs::write(format!("/proc/{pid}/clear_refs"), "5").is_ok()
}

/// The CPU time all of the process's threads have used so far, from each
/// thread's `schedstat` (nanoseconds on a CPU): exact, where the clock ticks
/// of `/proc/PID/stat` count in hundredths of a second.
fn cpu_time(pid: u32) -> Option<Duration> {
    let mut total: u64 = 0;
    for task in fs::read_dir(format!("/proc/{pid}/task")).ok()?.flatten() {
        // A thread that ended between the listing and the read counts as 0.
        let Ok(stat) = fs::read_to_string(task.path().join("schedstat")) else {
            continue;
        };
        total += stat
            .split_whitespace()
            .next()
            .and_then(|ns| ns.parse::<u64>().ok())
            .unwrap_or(0);
    }
    Some(Duration::from_nanos(total))
}

/// The process listening on TCP `addr`: the socket's inode from
/// `/proc/net/tcp` (or `tcp6`), then the process holding that inode among
/// its file descriptors. `None` when none is found (another user's process
/// cannot be looked into).
pub fn listener_pid(addr: SocketAddr) -> Option<u32> {
    let inode = listening_inode(addr)?;
    let wanted = format!("socket:[{inode}]");
    for entry in fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse().ok())
        else {
            continue;
        };
        let Ok(fds) = fs::read_dir(entry.path().join("fd")) else {
            continue;
        };
        let holds = fds.flatten().any(|fd| {
            fs::read_link(fd.path()).is_ok_and(|l| l.as_os_str() == wanted.as_str())
        });
        if holds {
            return Some(pid);
        }
    }
    None
}

/// The inode of the socket listening on `addr`'s port (state `0A`, LISTEN).
fn listening_inode(addr: SocketAddr) -> Option<u64> {
    let table = if addr.is_ipv6() {
        "/proc/net/tcp6"
    } else {
        "/proc/net/tcp"
    };
    let port = format!(":{:04X}", addr.port());
    fs::read_to_string(table)
        .ok()?
        .lines()
        .skip(1)
        .find_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (local, state, inode) =
                (fields.get(1)?, fields.get(3)?, fields.get(9)?);
            (local.ends_with(&port) && *state == "0A").then(|| inode.parse().ok())?
        })
}

/// Where the pid comes from: given, or looked up by the port; `None`
/// with the reason when neither works.
pub fn server_pid(given: Option<u32>, addr: SocketAddr) -> Result<u32, String> {
    match given.or_else(|| listener_pid(addr)) {
        Some(pid) if Usage::of(pid).is_some() => Ok(pid),
        Some(pid) => Err(format!("no /proc/{pid}/status to read (not Linux?)")),
        None => Err(format!(
            "no process of yours listens on {addr} in /proc (not Linux, or another \
             user's): give --pid PID to measure the server's memory"
        )),
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_found_by_its_listener() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        assert_eq!(listener_pid(addr), Some(std::process::id()));
        let me = Usage::of(std::process::id()).expect("my status");
        assert!(me.resident_kib > 0 && me.peak_kib >= me.resident_kib);
        assert!(me.threads >= 1 && me.open_files >= 3, "{me:?}");
        assert!(me.cpu > Duration::ZERO);
    }
}
