//! `bench compare`: every program of the course's protocol under the same
//! loads, in one run, side by side.
//!
//! Three kinds of program are compared, each in three versions (three columns):
//!
//! | family | reference (bench) | lesson (Rust) | article (Python) |
//! |---|---|---|---|
//! | TCP server | `bench reference-server` | `tcp-loop server` | `python/tcp_loop_server.py` |
//! | UDP server | `bench reference-server --udp` | `udp-echo server` | `python/udp_echo_server.py` |
//! | client process | `bench reference-client` | `tcp-oneshot client` | `python/tcp_oneshot_client.py` |
//!
//! Each server runs as a child process on a port the system picks, pinned to
//! its own CPU where `taskset` exists; the clients are called against
//! `bench reference-server --hang-up`. Every load runs `runs` times, the runs
//! interleaved (each run goes through every program), and the table shows the
//! median of the runs and its ratio to the reference.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::machine::{self, Machine};
use crate::modes::{self, Limits};
use crate::process::{self, Pinning, ServerProcess};
use crate::results::{self, Column, Family};

/// How `compare` was asked to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// How many times each load runs against each program.
    pub runs: usize,
    /// Tiny counts and deadlines: proves it works, measures little.
    pub quick: bool,
    /// Where to write `results.md` and `chart.svg` (e.g. `lessons/bench`).
    pub write: Option<PathBuf>,
    /// Compare the lesson programs (`tcp-loop`, `udp-echo`, `tcp-oneshot`).
    pub lessons: bool,
    /// Compare the article's Python programs.
    pub python: bool,
    /// Build the lesson binaries first (when run by cargo).
    pub build: bool,
    /// Pin the bench and the servers to different CPUs with `taskset`.
    pub pin: bool,
}

/// The sizes, counts and deadlines of the loads.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Round-trip message sizes and the most round trips of each size.
    pub rtt: [(usize, usize); 3],
    /// The deadline of each round-trip load.
    pub rtt_time: Duration,
    /// Bytes the stream load sends.
    pub stream_bytes: u64,
    /// The stream load's deadline.
    pub stream_time: Duration,
    /// Clients at once in the sessions load.
    pub clients: usize,
    /// How long each of those clients talks.
    pub window: Duration,
    /// Short calls, one after another.
    pub connects: Limits,
    /// Datagram round trips.
    pub udp: Limits,
    /// How long a datagram's answer is waited for.
    pub udp_wait: Duration,
    /// Client processes, one after another.
    pub calls: Limits,
}

impl Plan {
    /// The loads of a real comparison: each bounded to about a second.
    pub fn full() -> Plan {
        let limits = |count, secs| Limits {
            count,
            time: Duration::from_secs_f64(secs),
            timeout: crate::IO_TIMEOUT,
        };
        Plan {
            rtt: [(16, 5000), (4096, 2000), (100 * 1024, 500)],
            rtt_time: Duration::from_secs(1),
            stream_bytes: 64 << 20,
            stream_time: Duration::from_secs(2),
            clients: 8,
            window: Duration::from_millis(500),
            connects: limits(1000, 1.0),
            udp: limits(5000, 1.0),
            udp_wait: Duration::from_millis(200),
            calls: limits(20, 3.0),
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
            stream_bytes: 1 << 20,
            stream_time: Duration::from_secs(1),
            window: Duration::from_millis(200),
            connects: limits(20, 0.5),
            udp: limits(20, 0.5),
            calls: limits(2, 2.0),
            ..full
        }
    }
}

/// One program under comparison and how to start it. For a client, the
/// argument `{addr}` stands for the server's address.
#[derive(Debug, Clone)]
pub struct Contender {
    /// TCP server, UDP server or client.
    pub family: Family,
    /// Reference, lesson or Python.
    pub column: Column,
    /// What the program is called in the output.
    pub name: String,
    /// The program to run.
    pub program: OsString,
    /// Its arguments.
    pub args: Vec<OsString>,
}

/// Everything a comparison found: what `results` turns into the table, the
/// goals, `results.md` and the chart.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The machine.
    pub machine: Machine,
    /// The load average before and after.
    pub load: (Option<f64>, Option<f64>),
    /// The CPUs used, or why none were pinned.
    pub pinning: Result<Pinning, String>,
    /// Runs per load.
    pub runs: usize,
    /// The plan the loads followed.
    pub plan: Plan,
    /// Whether this was a `--quick` run.
    pub quick: bool,
    /// The command that reproduces it.
    pub command: String,
    /// Programs skipped, loads that failed, warnings.
    pub notes: Vec<String>,
    /// Which program was in which column, per family.
    pub names: BTreeMap<(Family, Column), String>,
    /// Every measurement, per (metric id, column), one per run.
    pub values: BTreeMap<(&'static str, Column), Vec<f64>>,
    /// How long the whole comparison took.
    pub elapsed: Duration,
}

/// The lessons `compare` measures, as cargo packages (and binaries).
pub const LESSONS: [&str; 3] = ["tcp-loop", "udp-echo", "tcp-oneshot"];

/// Runs the comparison, prints its progress and table to `out`, and writes
/// `results.md` and `chart.svg` when asked.
///
/// # Errors
/// When the bench's own executable or reference server cannot be started, or
/// the result files cannot be written. A lesson or Python program that is
/// missing or fails is noted, not an error.
pub fn run(opts: &Options, out: &mut dyn Write) -> Result<Outcome> {
    let started = Instant::now();
    // Look at the machine before pinning: pinned, this process sees one CPU.
    let machine = machine::describe();
    let load_before = machine::load_average();
    // Pin first: threads started later inherit this CPU.
    let pinning = if opts.pin {
        process::pin()
    } else {
        Err("not pinned (--no-pin)".to_string())
    };
    let plan = if opts.quick {
        Plan::quick()
    } else {
        Plan::full()
    };
    let mut notes = Vec::new();
    if cfg!(debug_assertions) {
        notes.push(
            "this bench is a debug build, so its own side is slow: compare with \
             `cargo run --release -p bench -- compare`"
                .to_string(),
        );
    }
    let exe =
        std::env::current_exe().context("cannot find the bench's own executable")?;
    let exe_dir = exe.parent().unwrap_or(Path::new(".")).to_path_buf();
    if opts.lessons && opts.build {
        build_lessons(&exe_dir, out, &mut notes)?;
    }
    let contenders = contenders(opts, &exe, &exe_dir, &mut notes);

    writeln!(
        out,
        "bench compare: {} run(s) of every load{}",
        opts.runs,
        if opts.quick {
            " (--quick: tiny counts)"
        } else {
            ""
        }
    )?;
    match &pinning {
        Ok(p) => writeln!(
            out,
            "pinned with taskset: the bench (every client) on CPU {}, every server on CPU {}",
            p.client, p.server
        )?,
        Err(why) => writeln!(out, "{why}")?,
    }
    writeln!(
        out,
        "machine: {} CPUs ({}), {}, load average {}",
        machine.cpus,
        machine.cpu_model,
        machine.kernel,
        load_before.map_or("unknown".into(), |l| format!("{l:.2}"))
    )?;

    // Start every server once; the runs reuse them.
    let server_cpu = pinning.as_ref().ok().map(|p| p.server);
    let mut servers: BTreeMap<(Family, Column), ServerProcess> = BTreeMap::new();
    let mut names = BTreeMap::new();
    let mut running = Vec::new();
    for c in &contenders {
        if c.family == Family::Client {
            names.insert((c.family, c.column), c.name.clone());
            running.push(c.clone());
            continue;
        }
        match ServerProcess::start(&c.program, &c.args, server_cpu) {
            Ok(server) => {
                writeln!(out, "started {} on {}", c.name, server.addr())?;
                servers.insert((c.family, c.column), server);
                names.insert((c.family, c.column), c.name.clone());
                running.push(c.clone());
            }
            Err(err) => {
                let note = format!("skipped {}: {err:#}", c.name);
                writeln!(out, "note: {note}")?;
                notes.push(note);
            }
        }
    }
    // The clients call a reference server that hangs up after each answer.
    let hang_up_args: Vec<OsString> =
        ["reference-server", "--hang-up", "--addr", "127.0.0.1:0"]
            .map(OsString::from)
            .to_vec();
    let callee = ServerProcess::start(exe.as_os_str(), &hang_up_args, server_cpu)
        .context(
            "cannot start `bench reference-server --hang-up` for the client calls",
        )?;

    let mut values: BTreeMap<(&'static str, Column), Vec<f64>> = BTreeMap::new();
    let mut failed: BTreeMap<String, String> = BTreeMap::new();
    for run in 1..=opts.runs {
        for c in &running {
            let begun = Instant::now();
            let mut record = |id: &'static str, value: f64| {
                values.entry((id, c.column)).or_default().push(value);
            };
            let result = match servers.get_mut(&(c.family, c.column)) {
                Some(server) => match server.check_running() {
                    Ok(()) => {
                        run_server_loads(c.family, server.addr(), &plan, &mut record)
                    }
                    Err(err) => vec![("all loads", err)],
                },
                None => run_client_load(c, callee.addr(), &plan, &mut record),
            };
            let fails = result.len();
            for (id, err) in result {
                let load = results::METRICS
                    .iter()
                    .find(|m| m.id == id)
                    .map_or(id, |m| m.load);
                failed
                    .entry(format!("{}: {load}", c.name))
                    .or_insert_with(|| format!("run {run}: {err:#}"));
            }
            writeln!(
                out,
                "run {run}/{}: {:<40} {:>6.2} s{}",
                opts.runs,
                c.name,
                begun.elapsed().as_secs_f64(),
                if fails > 0 {
                    format!("  ({fails} load(s) failed)")
                } else {
                    String::new()
                }
            )?;
        }
    }
    for (what, err) in failed {
        notes.push(format!("{what} failed ({err})"));
    }
    drop(servers);
    drop(callee);

    let outcome = Outcome {
        machine,
        load: (load_before, machine::load_average()),
        pinning,
        runs: opts.runs,
        plan,
        quick: opts.quick,
        command: command_line(opts),
        notes,
        names,
        values,
        elapsed: started.elapsed(),
    };
    writeln!(out)?;
    write!(out, "{}", results::console(&outcome))?;
    if let Some(dir) = &opts.write {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let md = dir.join("results.md");
        std::fs::write(&md, results::markdown(&outcome))
            .with_context(|| format!("cannot write {}", md.display()))?;
        let svg = dir.join("chart.svg");
        std::fs::write(&svg, results::chart(&outcome))
            .with_context(|| format!("cannot write {}", svg.display()))?;
        writeln!(out, "wrote {} and {}", md.display(), svg.display())?;
    }
    Ok(outcome)
}

/// Every load of `family` against the server at `addr`, each value passed to
/// `record`. Returns the loads that failed, with their errors.
fn run_server_loads(
    family: Family,
    addr: SocketAddr,
    plan: &Plan,
    record: &mut dyn FnMut(&'static str, f64),
) -> Vec<(&'static str, anyhow::Error)> {
    let mut failures = Vec::new();
    let rtt_limits = |count| Limits {
        count,
        time: plan.rtt_time,
        timeout: crate::IO_TIMEOUT,
    };
    match family {
        Family::Tcp => {
            let ids = [
                ("rtt16_p50", "rtt16_p99"),
                ("rtt4k_p50", "rtt4k_p99"),
                ("rtt100k_p50", "rtt100k_p99"),
            ];
            for (&(size, count), (p50, p99)) in plan.rtt.iter().zip(ids) {
                match modes::rtt::run(addr, size, rtt_limits(count)) {
                    Ok(r) => {
                        record(p50, r.latency.p50.as_secs_f64());
                        record(p99, r.latency.p99.as_secs_f64());
                    }
                    Err(err) => failures.push((p50, err)),
                }
            }
            match modes::stream::run(
                addr,
                plan.stream_bytes,
                plan.stream_time,
                crate::IO_TIMEOUT,
            ) {
                Ok(r) => record("stream", r.bytes_per_sec()),
                Err(err) => failures.push(("stream", err)),
            }
            match modes::connects::run(addr, plan.connects) {
                Ok(r) => record("connects", r.calls_per_sec()),
                Err(err) => failures.push(("connects", err)),
            }
            // Last: a sequential server works through the starved callers after.
            match modes::sessions::run(addr, plan.clients, plan.window) {
                Ok(r) => record("sessions", r.served as f64),
                Err(err) => failures.push(("sessions", err)),
            }
        }
        Family::Udp => {
            match modes::udp_rtt::run(addr, 16, plan.udp_wait, plan.udp) {
                Ok(r) => {
                    record("udp_p50", r.latency.p50.as_secs_f64());
                    record("udp_p99", r.latency.p99.as_secs_f64());
                    record("udp_lost", r.lost as f64);
                }
                Err(err) => failures.push(("udp_p50", err)),
            }
        }
        Family::Client => {}
    }
    failures
}

/// The client-process load: `c` run again and again against `callee`.
fn run_client_load(
    c: &Contender,
    callee: SocketAddr,
    plan: &Plan,
    record: &mut dyn FnMut(&'static str, f64),
) -> Vec<(&'static str, anyhow::Error)> {
    let args = with_addr(&c.args, callee);
    match modes::spawn::run(&c.program, &args, b"LHF NB", plan.calls) {
        Ok(r) => {
            record("call_p50", r.latency.p50.as_secs_f64());
            Vec::new()
        }
        Err(err) => vec![("call_p50", err)],
    }
}

/// `args` with every `{addr}` replaced by `addr`.
pub fn with_addr(args: &[OsString], addr: SocketAddr) -> Vec<OsString> {
    args.iter()
        .map(|a| {
            if a == "{addr}" {
                addr.to_string().into()
            } else {
                a.clone()
            }
        })
        .collect()
}

/// The programs to compare; the ones that are missing are noted and left out.
fn contenders(
    opts: &Options,
    exe: &Path,
    exe_dir: &Path,
    notes: &mut Vec<String>,
) -> Vec<Contender> {
    let os = |args: &[&str]| args.iter().map(OsString::from).collect::<Vec<_>>();
    let bench = exe.as_os_str().to_os_string();
    let mut list = vec![
        Contender {
            family: Family::Tcp,
            column: Column::Reference,
            name: "bench reference-server".into(),
            program: bench.clone(),
            args: os(&["reference-server", "--addr", "127.0.0.1:0"]),
        },
        Contender {
            family: Family::Udp,
            column: Column::Reference,
            name: "bench reference-server --udp".into(),
            program: bench.clone(),
            args: os(&["reference-server", "--udp", "--addr", "127.0.0.1:0"]),
        },
        Contender {
            family: Family::Client,
            column: Column::Reference,
            name: "bench reference-client".into(),
            program: bench,
            args: os(&["reference-client", "--addr", "{addr}"]),
        },
    ];
    let lessons = [
        (Family::Tcp, "tcp-loop", "server", "--addr", "127.0.0.1:0"),
        (Family::Udp, "udp-echo", "server", "--addr", "127.0.0.1:0"),
        (Family::Client, "tcp-oneshot", "client", "--addr", "{addr}"),
    ];
    if opts.lessons {
        for (family, bin, role, flag, addr) in lessons {
            let path =
                exe_dir.join(format!("{bin}{}", std::env::consts::EXE_SUFFIX));
            if path.is_file() {
                list.push(Contender {
                    family,
                    column: Column::Lesson,
                    name: format!("{bin} {role}"),
                    program: path.into_os_string(),
                    args: os(&[role, flag, addr]),
                });
            } else {
                notes.push(format!(
                    "skipped {bin} {role}: {} is missing (build it with `cargo build {}-p {bin}`)",
                    path.display(),
                    if exe_dir.ends_with("release") { "--release " } else { "" }
                ));
            }
        }
    }
    if opts.python {
        let python = machine::python_version();
        let dir = repo_root().join("python");
        let scripts = [
            (Family::Tcp, "tcp_loop_server.py", "127.0.0.1:0"),
            (Family::Udp, "udp_echo_server.py", "127.0.0.1:0"),
            (Family::Client, "tcp_oneshot_client.py", "{addr}"),
        ];
        for (family, script, addr) in scripts {
            let path = dir.join(script);
            if python.is_none() {
                notes.push(format!(
                    "skipped python/{script}: python3 does not run here"
                ));
            } else if !path.is_file() {
                notes.push(format!(
                    "skipped python/{script}: {} is missing",
                    path.display()
                ));
            } else {
                let args = vec![path.into_os_string(), addr.into()];
                list.push(Contender {
                    family,
                    column: Column::Python,
                    name: format!("python3 python/{script}"),
                    program: "python3".into(),
                    args,
                });
            }
        }
    }
    // Group by family so each run goes TCP, UDP, clients, reference first.
    list.sort_by_key(|c| (c.family, c.column));
    list
}

/// The workspace's root, where `python/` and `crates/` are.
pub fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// Builds the lesson binaries in the bench's own profile, when cargo runs the
/// bench (`CARGO` is set): then the comparison measures today's code.
/// Otherwise whatever binaries sit next to the bench are used.
fn build_lessons(
    exe_dir: &Path,
    out: &mut dyn Write,
    notes: &mut Vec<String>,
) -> Result<()> {
    let Some(cargo) = std::env::var_os("CARGO") else {
        return Ok(());
    };
    let profile: &[&str] = match exe_dir.file_name().and_then(|n| n.to_str()) {
        Some("release") => &["--release"],
        Some("debug") => &[],
        _ => return Ok(()),
    };
    let root = repo_root();
    let present: Vec<&str> = LESSONS
        .into_iter()
        .filter(|p| root.join("crates").join(p).join("Cargo.toml").is_file())
        .collect();
    if present.is_empty() {
        return Ok(());
    }
    let mut args = vec!["build", "-q"];
    args.extend_from_slice(profile);
    for p in &present {
        args.extend(["-p", p]);
    }
    writeln!(out, "building the lessons first: cargo {}", args.join(" "))?;
    let built = Command::new(cargo).args(&args).current_dir(&root).status();
    if !built.is_ok_and(|s| s.success()) {
        notes.push(format!(
            "`cargo {}` failed: lessons whose binary is missing are skipped",
            args.join(" ")
        ));
    }
    Ok(())
}

/// The command line that reproduces this comparison.
fn command_line(opts: &Options) -> String {
    let profile = if cfg!(debug_assertions) {
        ""
    } else {
        " --release"
    };
    let mut cmd = format!("cargo run{profile} -p bench -- compare");
    if opts.runs != crate::compare::DEFAULT_RUNS {
        cmd.push_str(&format!(" --runs {}", opts.runs));
    }
    for (flag, on) in [
        ("--quick", opts.quick),
        ("--no-lessons", !opts.lessons),
        ("--no-python", !opts.python),
        ("--no-build", !opts.build),
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

/// Runs per load unless `--runs` says otherwise.
pub const DEFAULT_RUNS: usize = 5;
