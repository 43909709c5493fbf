//! What `compare` measures: the programs, the loads and their sizes (the
//! plan), and the rows of the tables (the metrics). Data only.

use std::path::PathBuf;
use std::time::Duration;

use clap::builder::TypedValueParser;

use crate::modes::Limits;
use crate::results::{Metric, Section, Unit};

/// How `compare` was asked to run: its command line.
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    /// How many times each load runs against each program.
    #[arg(long, default_value_t = DEFAULT_RUNS, value_parser = clap::value_parser!(u16).range(1..=100).map(usize::from))]
    pub runs: usize,
    /// Tiny counts and deadlines: proves it works in a few seconds.
    #[arg(long)]
    pub quick: bool,
    /// Write the tables and the charts into DIR (the book's: lessons/bench).
    #[arg(long, value_name = "DIR")]
    pub write: Option<PathBuf>,
    /// Leave out the lesson programs.
    #[arg(long)]
    pub no_lessons: bool,
    /// Leave out the article's Python programs.
    #[arg(long)]
    pub no_python: bool,
    /// Do not pin the bench and the servers to CPUs.
    #[arg(long)]
    pub no_pin: bool,
}

/// Runs per load unless `--runs` says otherwise.
pub const DEFAULT_RUNS: usize = 5;

/// The sizes, counts and deadlines of the loads.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Round-trip message sizes and the most round trips of each size.
    pub rtt: [(usize, usize); 3],
    /// Lesson 5's frame sizes and the most round trips of each.
    pub frames: [(usize, usize); 2],
    /// The deadline of each round-trip load.
    pub rtt_time: Duration,
    /// Bytes the stream load sends, and its deadline.
    pub stream: (usize, Duration),
    /// The size of lesson 5's file, put and got (and of the raw stream
    /// they are measured against).
    pub file: usize,
    /// Clients at once in the sessions loads: a few, and many.
    pub clients: (usize, usize),
    /// How long each of those clients talks.
    pub window: Duration,
    /// Short calls, one after another.
    pub connects: Limits,
    /// Datagram round trips, and how long an answer is waited for.
    pub udp: (Limits, Duration),
    /// Client processes, one after another.
    pub calls: Limits,
    /// Idle callers held: a thousand, and ten thousand.
    pub held: (usize, usize),
    /// New calls timed while they are held.
    pub probes: usize,
    /// What the late reader says, and how long it waits before reading.
    pub late: (usize, Duration),
}

impl Plan {
    /// The loads of a real comparison: each bounded to a second or two.
    pub fn full() -> Plan {
        let limits = |count, secs| Limits {
            count,
            time: Duration::from_secs_f64(secs),
            timeout: crate::dial::IO_TIMEOUT,
        };
        Plan {
            rtt: [(16, 5000), (4096, 2000), (100 * 1024, 500)],
            frames: [(16, 5000), (100 * 1024, 500)],
            rtt_time: Duration::from_secs(1),
            stream: (64 << 20, Duration::from_secs(2)),
            file: 128 << 20,
            clients: (8, 200),
            window: Duration::from_millis(500),
            connects: limits(1000, 1.0),
            udp: (limits(5000, 1.0), Duration::from_millis(200)),
            calls: limits(20, 3.0),
            held: (1000, 10_000),
            probes: 200,
            late: (64 << 20, Duration::from_secs(2)),
        }
    }

    /// The same loads with tiny counts, for a smoke test or a first look.
    pub fn quick() -> Plan {
        let full = Plan::full();
        let limits = |count, secs| Limits {
            count,
            time: Duration::from_secs_f64(secs),
            ..full.connects
        };
        Plan {
            rtt: [(16, 20), (4096, 10), (100 * 1024, 5)],
            frames: [(16, 20), (100 * 1024, 5)],
            rtt_time: Duration::from_millis(200),
            stream: (1 << 20, Duration::from_secs(1)),
            file: 1 << 20,
            clients: (8, 20),
            window: Duration::from_millis(200),
            connects: limits(20, 0.5),
            udp: (limits(20, 0.5), full.udp.1),
            calls: limits(2, 2.0),
            held: (20, 50),
            probes: 5,
            late: (1 << 20, Duration::from_millis(100)),
        }
    }
}

/// The round-trip rows of the TCP section, by size: p50 and p99.
pub const RTT_IDS: [[&str; 2]; 3] = [
    ["rtt16_p50", "rtt16_p99"],
    ["rtt4k_p50", "rtt4k_p99"],
    ["rtt100k_p50", "rtt100k_p99"],
];

/// The frame rows of lesson 5's section, by size: p50 and p99.
pub const FRAME_IDS: [[&str; 2]; 2] = [
    ["frame16_p50", "frame16_p99"],
    ["frame100k_p50", "frame100k_p99"],
];

/// Every row, in the tables' order.
#[rustfmt::skip]
pub fn metrics(plan: &Plan) -> Vec<Metric> {
    use Section::{Client, Frames, Many, Tcp, Udp};
    use Unit::{BytesPerSec, Count, KiB, MiB, PerSec, Seconds, Served};
    let m = |id, section, load: &str, measure, unit, lower_is_better, chart| Metric {
        id, section, load: load.to_string(), measure, unit, lower_is_better, chart,
    };
    let (few, many) = plan.clients;
    let held = |n: usize| format!("idle callers held, {}", thousands(n));
    let (held_few, held_many) = (held(plan.held.0), held(plan.held.1));
    let late = format!("{} MiB to a late reader", plan.late.0 >> 20);
    let file = plan.file >> 20;
    let put = format!("put of {file} MiB, folder in memory");
    let get = format!("get of {file} MiB, folder in memory");
    let (disk_put, disk_get) = (format!("put of {file} MiB, folder on disk"), format!("get of {file} MiB, folder on disk"));
    vec![
        m("rtt16_p50", Tcp, "TCP round trip, 16 B", "p50", Seconds, true, true),
        m("rtt16_p99", Tcp, "TCP round trip, 16 B", "p99", Seconds, true, false),
        m("rtt4k_p50", Tcp, "TCP round trip, 4 KiB", "p50", Seconds, true, false),
        m("rtt4k_p99", Tcp, "TCP round trip, 4 KiB", "p99", Seconds, true, true),
        m("rtt100k_p50", Tcp, "TCP round trip, 100 KiB", "p50", Seconds, true, false),
        m("rtt100k_p99", Tcp, "TCP round trip, 100 KiB", "p99", Seconds, true, true),
        m("stream", Tcp, "TCP stream, one connection", "throughput", BytesPerSec, false, true),
        m("connects", Tcp, "TCP calls, one after another", "calls/s", PerSec, false, true),
        m("sessions", Tcp, "TCP clients at once", "served", Served(few), false, true),
        m("udp_p50", Udp, "UDP round trip, 16 B", "p50", Seconds, true, true),
        m("udp_p99", Udp, "UDP round trip, 16 B", "p99", Seconds, true, false),
        m("udp_lost", Udp, "UDP round trip, 16 B", "lost", Count, true, false),
        m("call_p50", Client, "client process, start to exit", "p50", Seconds, true, true),
        m("frame16_p50", Frames, "frame round trip, 16 B", "p50", Seconds, true, true),
        m("frame16_p99", Frames, "frame round trip, 16 B", "p99", Seconds, true, false),
        m("frame100k_p50", Frames, "frame round trip, 100 KiB", "p50", Seconds, true, false),
        m("frame100k_p99", Frames, "frame round trip, 100 KiB", "p99", Seconds, true, true),
        m("put", Frames, &put, "throughput", BytesPerSec, false, true),
        m("put_wait", Frames, &put, "reply after the last byte", Seconds, true, false),
        m("get", Frames, &get, "throughput", BytesPerSec, false, true),
        m("get_wait", Frames, &get, "reply before the first byte", Seconds, true, false),
        m("files_mib", Frames, &format!("put and get of {file} MiB, folder in memory"), "server memory growth", MiB, true, false),
        m("disk_put", Frames, &disk_put, "throughput", BytesPerSec, false, false),
        m("disk_put_wait", Frames, &disk_put, "reply after the last byte", Seconds, true, false),
        m("disk_get", Frames, &disk_get, "throughput", BytesPerSec, false, false),
        m("disk_get_wait", Frames, &disk_get, "reply before the first byte", Seconds, true, false),
        m("served_few", Many, &format!("{few} callers at once"), "served", Served(few), false, false),
        m("served_many", Many, &format!("{many} callers at once"), "served", Served(many), false, true),
        m("rps_many", Many, &format!("{many} callers at once"), "round trips/s", PerSec, false, true),
        m("rtt16_p50", Many, "round trip, 16 B", "p50", Seconds, true, false),
        m("rtt100k_p99", Many, "round trip, 100 KiB", "p99", Seconds, true, false),
        m("held_few_kib", Many, &held_few, "memory per caller", KiB, true, true),
        m("held_few_threads", Many, &held_few, "threads", Count, true, false),
        m("held_few_new_p99", Many, &held_few, "new call p99", Seconds, true, false),
        m("held_many_kib", Many, &held_many, "memory per caller", KiB, true, true),
        m("held_many_threads", Many, &held_many, "threads", Count, true, false),
        m("held_many_new_p99", Many, &held_many, "new call p99", Seconds, true, false),
        m("late_cpu", Many, &late, "server CPU while waiting", Seconds, true, false),
        m("late_mib", Many, &late, "server memory growth", MiB, true, false),
    ]
}

/// `10000` as `10,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The command line that reproduces this comparison: this run's arguments,
/// as `cargo run` takes them.
pub fn command_line() -> String {
    let profile = if cfg!(debug_assertions) {
        ""
    } else {
        " --release"
    };
    let quoted = |arg: String| {
        if arg.contains(' ') {
            format!("'{arg}'")
        } else {
            arg
        }
    };
    let args: Vec<String> = std::env::args().skip(1).map(quoted).collect();
    format!("cargo run{profile} -p bench -- {}", args.join(" "))
}
