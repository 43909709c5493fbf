//! What `compare` measures: the programs, the loads and their sizes (the
//! plan), and the rows of the tables (the metrics). Data only.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::builder::TypedValueParser;

use crate::cli::Server;
use crate::dial::IO_TIMEOUT;
use crate::modes::{
    Limits, connects, files, hold, late_reader, rtt, sessions, stream, udp_rtt,
};
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

/// Every load `compare` runs, with its sizes, counts and deadlines, ready to
/// aim at a server: `addr` (and `pid`) are filled in when it runs.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Round trips of 16 B, 4 KiB and 100 KiB.
    pub rtt: [rtt::Args; 3],
    /// Lesson 5's frames of 16 B and 100 KiB.
    pub frames: [rtt::Args; 2],
    /// One connection's stream.
    pub stream: stream::Args,
    /// Lesson 5's file, put and got; the reference streams as many bytes.
    pub files: files::Args,
    /// Short calls, one after another.
    pub connects: connects::Args,
    /// A few clients at once, and many.
    pub sessions: [sessions::Args; 2],
    /// Datagrams, one at a time.
    pub udp: udp_rtt::Args,
    /// Client processes, one after another.
    pub calls: Limits,
    /// Idle callers held: a thousand, and ten thousand.
    pub hold: [hold::Args; 2],
    /// A caller who says a lot and reads late.
    pub late: late_reader::Args,
}

impl Plan {
    /// The loads of a real comparison, each bounded to a second or two; with
    /// `quick`, the same loads with tiny counts, for a smoke test or a first
    /// look. Each number is written twice: the real one, then the quick one.
    #[rustfmt::skip]
    pub fn new(quick: bool) -> Plan {
        let n = |real: usize, tiny: usize| if quick { tiny } else { real };
        let secs = |real: f64, tiny: f64| Duration::from_secs_f64(if quick { tiny } else { real });
        let (addr, pid, timeout) = (SocketAddr::from(([127, 0, 0, 1], 0)), None, IO_TIMEOUT);
        let limits = |count, time| Limits { count, time, timeout };
        let rtt = |size, count| rtt::Args { addr, size, limits: limits(count, secs(1.0, 0.2)) };
        let sessions = |clients| sessions::Args { addr, clients, window: secs(0.5, 0.2) };
        let server = Server { addr, pid, timeout };
        let hold = |callers| hold::Args { server, callers, probes: n(200, 5) };
        let (mib_64, mib_128) = (n(64 << 20, 1 << 20), n(128 << 20, 1 << 20));
        Plan {
            rtt: [rtt(16, n(5000, 20)), rtt(4096, n(2000, 10)), rtt(100 << 10, n(500, 5))],
            frames: [rtt(16, n(5000, 20)), rtt(100 << 10, n(500, 5))],
            stream: stream::Args { addr, bytes: mib_64, time: secs(2.0, 1.0), timeout },
            files: files::Args { server, bytes: mib_128 },
            connects: connects::Args { addr, limits: limits(n(1000, 20), secs(1.0, 0.5)) },
            sessions: [sessions(8), sessions(n(200, 20))],
            udp: udp_rtt::Args {
                addr, size: 16, wait: Duration::from_millis(200),
                limits: limits(n(5000, 20), secs(1.0, 0.5)),
            },
            calls: limits(n(20, 2), secs(3.0, 2.0)),
            hold: [hold(n(1000, 20)), hold(n(10_000, 50))],
            late: late_reader::Args { server, bytes: mib_64, wait: secs(2.0, 0.1) },
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
    let (few, many) = (plan.sessions[0].clients, plan.sessions[1].clients);
    let held = |n: usize| format!("idle callers held, {}", thousands(plan.hold[n].callers));
    let (held_few, held_many) = (held(0), held(1));
    let late = format!("{} MiB to a late reader", plan.late.bytes >> 20);
    let file = plan.files.bytes >> 20;
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
