//! What `compare` measures: the programs (contenders), the loads and their
//! sizes (the plan), and the rows of the tables (the metrics). Data only.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::modes::Limits;
use crate::results::{Family, Kind, Metric, Unit};

/// How `compare` was asked to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// How many times each load runs against each program.
    pub runs: usize,
    /// Tiny counts and deadlines: proves it works, measures little.
    pub quick: bool,
    /// Where to write `results.md` and the charts (e.g. `lessons/bench`).
    pub write: Option<PathBuf>,
    /// Compare the lesson programs.
    pub lessons: bool,
    /// Compare the Python programs.
    pub python: bool,
    /// Pin the bench and the servers to different CPUs with `taskset`.
    pub pin: bool,
}

/// Runs per load unless `--runs` says otherwise.
pub const DEFAULT_RUNS: usize = 5;

/// The sizes, counts and deadlines of the loads.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Round-trip message sizes and the most round trips of each size.
    pub rtt: [(usize, usize); 3],
    /// The deadline of each round-trip load.
    pub rtt_time: Duration,
    /// Bytes the stream load sends, and its deadline.
    pub stream: (u64, Duration),
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
            timeout: crate::IO_TIMEOUT,
        };
        Plan {
            rtt: [(16, 5000), (4096, 2000), (100 * 1024, 500)],
            rtt_time: Duration::from_secs(1),
            stream: (64 << 20, Duration::from_secs(2)),
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
            rtt_time: Duration::from_millis(200),
            stream: (1 << 20, Duration::from_secs(1)),
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

/// Every row, in the tables' order.
#[rustfmt::skip]
pub fn metrics(plan: &Plan) -> Vec<Metric> {
    use Family::{Client, Many, Tcp, Udp};
    use Unit::{BytesPerSec, Count, KiB, MiB, PerSec, Seconds, Served};
    let m = |id, family, load: &str, measure, unit, lower_is_better, chart| Metric {
        id, family, load: load.to_string(), measure, unit, lower_is_better, chart,
    };
    let (few, many) = plan.clients;
    let held = |n: usize| format!("idle callers held, {}", thousands(n));
    let (held_few, held_many) = (held(plan.held.0), held(plan.held.1));
    let late = format!("{} MiB to a late reader", plan.late.0 >> 20);
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
        m("served_few", Many, "callers at once", "served", Served(few), false, false),
        m("served_many", Many, "callers at once", "served", Served(many), false, true),
        m("rps_many", Many, "callers at once", "round trips/s", PerSec, false, true),
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

/// What a many-callers server can be asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// One caller at a time (lesson 2): the idle-caller loads would only
    /// wait, so they are not run.
    OneAtATime,
    /// A thousand idle callers, not ten thousand.
    AThousand,
    /// Ten thousand.
    TenThousand,
}

/// One program under comparison and how to start it. For a client, the
/// argument `{addr}` stands for the server's address.
#[derive(Debug, Clone)]
pub struct Contender {
    /// Its section.
    pub family: Family,
    /// Reference, lesson or Python.
    pub kind: Kind,
    /// What the program is called in the output.
    pub name: String,
    /// The program to run.
    pub program: OsString,
    /// Its arguments.
    pub args: Vec<OsString>,
    /// For a many-callers server, how many idle callers it is asked to hold.
    pub holds: Holds,
}

/// The lessons' programs: family, binary, arguments, how many callers it
/// holds. `bench compare` looks for each binary next to itself.
pub const LESSON_PROGRAMS: &[(Family, &str, &[&str], Holds)] = &[
    (Family::Tcp, "tcp-loop", &["server"], Holds::OneAtATime),
    (Family::Udp, "udp-echo", &["server"], Holds::OneAtATime),
    (
        Family::Client,
        "tcp-oneshot",
        &["client"],
        Holds::OneAtATime,
    ),
    (Family::Many, "tcp-loop", &["server"], Holds::OneAtATime),
    (
        Family::Many,
        "tcp-threads",
        &["server", "--max-callers", "20000"],
        Holds::TenThousand,
    ),
    (Family::Many, "tcp-events", &["server"], Holds::TenThousand),
    (Family::Many, "tcp-tokio", &["server"], Holds::TenThousand),
];

/// The Python programs under `python/`, likewise.
pub const PYTHON_PROGRAMS: &[(Family, &str, Holds)] = &[
    (Family::Tcp, "tcp_loop_server.py", Holds::OneAtATime),
    (Family::Udp, "udp_echo_server.py", Holds::OneAtATime),
    (Family::Client, "tcp_oneshot_client.py", Holds::OneAtATime),
    (Family::Many, "tcp_threads_server.py", Holds::AThousand),
    (Family::Many, "tcp_events_server.py", Holds::TenThousand),
    (Family::Many, "tcp_tokio_server.py", Holds::TenThousand),
];

/// The reference programs: `bench` itself with these arguments.
pub const REFERENCE_PROGRAMS: &[(Family, &str, &[&str], Holds)] = &[
    (
        Family::Tcp,
        "bench reference-server",
        &["reference-server"],
        Holds::OneAtATime,
    ),
    (
        Family::Udp,
        "bench reference-server --udp",
        &["reference-server", "--udp"],
        Holds::OneAtATime,
    ),
    (
        Family::Client,
        "bench reference-client",
        &["reference-client"],
        Holds::OneAtATime,
    ),
    (
        Family::Many,
        "bench reference-server",
        &["reference-server"],
        Holds::TenThousand,
    ),
];

/// `--addr 127.0.0.1:0` for a server, `--addr {addr}` (the callee's) for a
/// client, after `args`.
pub fn with_port_zero(family: Family, args: &[&str]) -> Vec<OsString> {
    let addr = if family == Family::Client {
        "{addr}"
    } else {
        "127.0.0.1:0"
    };
    args.iter()
        .chain(&["--addr", addr])
        .map(OsString::from)
        .collect()
}

/// The workspace's root, where `python/` and `crates/` are.
pub fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// The command line that reproduces a comparison.
pub fn command_line(opts: &Options) -> String {
    let profile = if cfg!(debug_assertions) {
        ""
    } else {
        " --release"
    };
    let mut cmd = format!("cargo run{profile} -p bench -- compare");
    if opts.runs != DEFAULT_RUNS {
        cmd.push_str(&format!(" --runs {}", opts.runs));
    }
    for (flag, on) in [
        ("--quick", opts.quick),
        ("--no-lessons", !opts.lessons),
        ("--no-python", !opts.python),
        ("--no-pin", !opts.pin),
    ] {
        if on {
            cmd.push(' ');
            cmd.push_str(flag);
        }
    }
    if let Some(dir) = &opts.write {
        cmd.push_str(&format!(" --write {}", dir.display()));
    }
    cmd
}
