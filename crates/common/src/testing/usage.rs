//! What a server process uses, read from Linux's `/proc/PID/`: resident
//! memory, threads, CPU time, open file descriptors. The many-callers
//! lessons check with it that memory stays bounded, that a waiting server
//! does not spin, and that every call gives its descriptor back.

use std::time::Duration;

/// One reading of a process's use of the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// Resident memory (`VmRSS`), in KiB.
    pub resident_kib: u64,
    /// Threads.
    pub threads: u64,
    /// CPU time so far, user and system together.
    pub cpu: Duration,
    /// Open file descriptors (sockets included).
    pub open_files: usize,
}

impl Usage {
    /// Reads the use of process `pid` now; `None` where `/proc` does not
    /// have it (not Linux, or the process has gone).
    pub fn of(pid: u32) -> Option<Usage> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|n| n.parse::<u64>().ok())
        };
        // Fields 14 and 15 of /proc/PID/stat, counted after the command's
        // closing parenthesis: utime and stime, in clock ticks (100 a second
        // on Linux).
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let after_name = stat.rsplit_once(')')?.1;
        let ticks: Vec<u64> = after_name
            .split_whitespace()
            .skip(11)
            .take(2)
            .filter_map(|n| n.parse().ok())
            .collect();
        let open_files = std::fs::read_dir(format!("/proc/{pid}/fd")).ok()?.count();
        Some(Usage {
            resident_kib: field("VmRSS:")?,
            threads: field("Threads:")?,
            cpu: Duration::from_millis(10 * ticks.iter().sum::<u64>()),
            open_files,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Usage;

    #[cfg(target_os = "linux")]
    #[test]
    fn this_process_has_memory_threads_and_files() {
        let usage = Usage::of(std::process::id()).unwrap();
        assert!(usage.resident_kib > 0 && usage.threads >= 1);
        assert!(usage.open_files >= 3, "{usage:?}");
    }
}
