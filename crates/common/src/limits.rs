//! What a server that holds many callers needs from the system (feature
//! `limits`): room for their file descriptors, and knowing when it has run
//! out of them.

use std::io;
use std::time::Duration;

/// How long a server stops accepting after `accept` failed for lack of file
/// descriptors. The caller stays in the listen queue, so the listener is
/// still readable: accepting again at once would fail again at once, a loop
/// burning a whole CPU. After a pause, callers who hung up meanwhile have
/// given back their descriptors.
pub const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// Raises this process's open-files soft limit to its hard limit, as Go's
/// runtime does at start, and returns `(before, after)`. Each caller is one
/// file descriptor; the soft limit is often 1024 while the hard one is far
/// higher, and only the soft one counts.
///
/// On systems without such limits (Windows) it returns `None`.
///
/// # Errors
/// When the limit cannot be read or set.
pub fn raise_open_files() -> io::Result<Option<(u64, u64)>> {
    #[cfg(unix)]
    {
        use nix::sys::resource::{Resource, getrlimit, setrlimit};
        let (soft, hard) =
            getrlimit(Resource::RLIMIT_NOFILE).map_err(io::Error::from)?;
        // macOS refuses a soft limit above OPEN_MAX (10240) even when the
        // hard limit says "unlimited".
        let target = if cfg!(target_os = "macos") {
            hard.min(10_240)
        } else {
            hard
        };
        if target > soft {
            setrlimit(Resource::RLIMIT_NOFILE, target, hard)
                .map_err(io::Error::from)?;
        }
        Ok(Some((soft, target.max(soft))))
    }
    #[cfg(not(unix))]
    {
        Ok(None)
    }
}

/// The line a server logs at start about its open-files limit, e.g.
/// `open files: up to 1048576 (raised from 1024)`.
pub fn describe_open_files(limits: &io::Result<Option<(u64, u64)>>) -> String {
    match limits {
        Ok(Some((before, after))) if after > before => {
            format!("open files: up to {after} (raised from {before})")
        }
        Ok(Some((_, after))) => format!("open files: up to {after}"),
        Ok(None) => "open files: no per-process limit on this system".to_string(),
        Err(err) => format!(
            "open files: cannot raise the limit ({}); callers beyond it will wait",
            crate::describe_io(err)
        ),
    }
}

/// The CPU time this process has used so far, in user and system mode
/// together, or `None` where it cannot be read (Windows). The difference of
/// two readings is what a stretch of work cost: a server that waits in the
/// kernel costs nothing, one that spins costs a whole CPU.
pub fn cpu_time() -> Option<Duration> {
    #[cfg(unix)]
    {
        use nix::sys::resource::{UsageWho, getrusage};
        use nix::sys::time::TimeValLike;
        let usage = getrusage(UsageWho::RUSAGE_SELF).ok()?;
        let micros = usage.user_time().num_microseconds()
            + usage.system_time().num_microseconds();
        Some(Duration::from_micros(u64::try_from(micros).ok()?))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Whether `err`, from `accept`, means the process (EMFILE) or the whole
/// system (ENFILE) has no file descriptor left for the new caller.
pub fn is_out_of_descriptors(err: &io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(
            err.raw_os_error(),
            Some(code) if code == nix::libc::EMFILE || code == nix::libc::ENFILE
        )
    }
    #[cfg(windows)]
    {
        // WSAEMFILE
        err.raw_os_error() == Some(10024)
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = err;
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_is_raised_to_the_hard_one() {
        let raised = raise_open_files();
        let line = describe_open_files(&raised);
        assert!(line.starts_with("open files: "), "{line}");
        if let Ok(Some((before, after))) = raised {
            assert!(after >= before);
        }
    }

    #[cfg(unix)]
    #[test]
    fn cpu_time_grows_with_work() {
        let before = cpu_time().unwrap();
        let mut x = 0u64;
        while cpu_time().unwrap() < before + Duration::from_millis(20) {
            x = x.wrapping_add(1);
        }
        assert!(x > 0);
    }

    #[cfg(unix)]
    #[test]
    fn emfile_and_enfile_are_out_of_descriptors() {
        assert!(is_out_of_descriptors(&io::Error::from_raw_os_error(
            nix::libc::EMFILE
        )));
        assert!(is_out_of_descriptors(&io::Error::from_raw_os_error(
            nix::libc::ENFILE
        )));
        assert!(!is_out_of_descriptors(&io::Error::from(
            io::ErrorKind::ConnectionReset
        )));
    }
}
