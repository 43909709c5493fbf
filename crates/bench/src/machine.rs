//! What the numbers were measured on: CPUs, kernel, Python, the date, and how
//! busy the machine was.

use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

/// The machine a comparison ran on: the CPUs this process may use (`nproc`)
/// and their model, the kernel, `Python 3.x.y` when `python3` runs, and the
/// day (UTC, `YYYY-MM-DD`).
#[derive(Debug, Clone)]
pub struct Machine {
    pub cpus: usize,
    pub cpu_model: String,
    pub kernel: String,
    pub python: Option<String>,
    pub date: String,
}

impl Machine {
    /// `2 CPUs (MODEL), Linux 6.1.0`.
    pub fn summary(&self) -> String {
        format!("{} CPUs ({}), {}", self.cpus, self.cpu_model, self.kernel)
    }
}

/// Looks the machine up. Whatever cannot be found reads `unknown`.
pub fn describe() -> Machine {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cpu_model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, name)| name.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string());
    let kernel = match std::fs::read_to_string("/proc/sys/kernel/osrelease") {
        Ok(release) => format!("Linux {}", release.trim()),
        Err(_) => std::env::consts::OS.to_string(),
    };
    Machine {
        cpus,
        cpu_model,
        kernel,
        python: python_version(),
        date: utc_date(SystemTime::now()),
    }
}

/// `Python 3.11.7`, or `None` when `python3` does not run.
pub fn python_version() -> Option<String> {
    let out = Command::new("python3").arg("--version").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The one-minute load average (`/proc/loadavg`): how many programs wanted a
/// CPU, on average, over the last minute. Near 0 is a quiet machine.
pub fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// `time` as a UTC date, `YYYY-MM-DD`.
pub fn utc_date(time: SystemTime) -> String {
    let days = time
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn dates() {
        assert_eq!(utc_date(UNIX_EPOCH), "1970-01-01");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(utc_date(leap), "2000-02-29");
        let later = UNIX_EPOCH + Duration::from_secs(1_767_225_600);
        assert_eq!(utc_date(later), "2026-01-01");
    }
}
