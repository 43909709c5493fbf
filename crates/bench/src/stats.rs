//! Percentiles of latencies, medians of runs, and how the numbers are shown.

use std::fmt;
use std::time::Duration;

/// A latency distribution: how many samples, the middle (p50: half took at
/// most this long) and the tail (p99, where the stalls show), the fastest
/// and the slowest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Latency {
    pub count: usize,
    pub p50: Duration,
    pub p99: Duration,
    pub min: Duration,
    pub max: Duration,
}

impl Latency {
    /// Summarises `samples` (sorted in place); `None` when there are none.
    pub fn of(samples: &mut [Duration]) -> Option<Latency> {
        samples.sort_unstable();
        Some(Latency {
            count: samples.len(),
            p50: percentile(samples, 50.0)?,
            p99: percentile(samples, 99.0)?,
            min: *samples.first()?,
            max: *samples.last()?,
        })
    }
}

impl fmt::Display for Latency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "p50 {}  p99 {}  min {}  max {}",
            show_secs(self.p50.as_secs_f64()),
            show_secs(self.p99.as_secs_f64()),
            show_secs(self.min.as_secs_f64()),
            show_secs(self.max.as_secs_f64())
        )
    }
}

/// The nearest-rank percentile `p` (0 to 100) of `sorted`: the smallest
/// sample that at least `p` per cent of the samples do not exceed.
pub fn percentile(sorted: &[Duration], p: f64) -> Option<Duration> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.clamp(1, sorted.len()) - 1).copied()
}

/// The median of `values` (the mean of the two middle ones for an even
/// count); `None` when there are none.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// Seconds shown in the unit that suits them: `23.4 µs`, `41.2 ms`, `1.23 s`.
pub fn show_secs(secs: f64) -> String {
    if secs < 1e-3 {
        format!("{:.1} µs", secs * 1e6)
    } else if secs < 1.0 {
        format!("{:.2} ms", secs * 1e3)
    } else {
        format!("{secs:.2} s")
    }
}

/// A one-minute load average shown with two decimals, or `unknown`.
pub fn show_load(load: Option<f64>) -> String {
    load.map_or("unknown".to_string(), |l| format!("{l:.2}"))
}

/// Bytes per second shown as MiB/s.
pub fn show_mib_per_sec(bytes_per_sec: f64) -> String {
    format!("{:.1} MiB/s", bytes_per_sec / (1024.0 * 1024.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn micros(v: &[u64]) -> Vec<Duration> {
        v.iter().map(|&m| Duration::from_micros(m)).collect()
    }

    #[test]
    fn nearest_rank_percentiles() {
        let mut samples = micros(&(1..=100).rev().collect::<Vec<_>>());
        let lat = Latency::of(&mut samples).unwrap();
        assert_eq!(lat.p50, Duration::from_micros(50));
        assert_eq!(lat.p99, Duration::from_micros(99));
        assert_eq!(
            (lat.min, lat.max, lat.count),
            (samples[0], samples[99], 100)
        );
        // One sample in ten is a 40 ms stall: p50 misses it, p99 shows it.
        let mut stalls = micros(&[20; 90]);
        stalls.extend(micros(&[40_000; 10]));
        let lat = Latency::of(&mut stalls).unwrap();
        assert_eq!(lat.p50, Duration::from_micros(20));
        assert_eq!(lat.p99, Duration::from_millis(40));
        assert!(Latency::of(&mut []).is_none());
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn units() {
        assert_eq!(show_secs(0.0000234), "23.4 µs");
        assert_eq!(show_secs(0.0412), "41.20 ms");
        assert_eq!(show_secs(1.234), "1.23 s");
        assert_eq!(show_mib_per_sec(3.0 * 1024.0 * 1024.0), "3.0 MiB/s");
    }
}
