//! `bench compare`: every program of the course's protocol under the same
//! loads, in one run, side by side. It measures and returns the results;
//! `render` shows them.
//!
//! | section | reference (bench) | lessons (Rust) | Python |
//! |---|---|---|---|
//! | TCP server, one caller at a time | `bench reference-server` | `tcp-loop server` | `python/tcp_loop_server.py` |
//! | UDP server | `bench reference-server --udp` | `udp-echo server` | `python/udp_echo_server.py` |
//! | client process | `bench reference-client` | `tcp-oneshot client` | `python/tcp_oneshot_client.py` |
//! | many callers at once | `bench reference-server` | `tcp-loop`, `tcp-threads`, `tcp-events`, `tcp-tokio` | their Python counterparts |
//!
//! Each server runs as a child process on a port the system picks, pinned to
//! its own CPU where `taskset` exists; the clients call `bench
//! reference-server --hang-up`. Every load runs `runs` times, the runs
//! interleaved; the loads that measure a server's memory run once, each on a
//! server started for it. The lessons' binaries are found next to the
//! bench's own (build them first: `cargo build --release --bins`).

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::io::Write;
use std::path::Path;
use std::time::{Instant, SystemTime};

use anyhow::{Context, Result};

use crate::machine;
use crate::modes::{self, Limits};
use crate::plan::{self, Contender, Holds, Options, Plan};
use crate::process::{self, ServerProcess};
use crate::results::{Family, Kind, Outcome, Ran};

/// What the loads of one program found: values, and the loads that failed.
type Found = Vec<(&'static str, Result<f64>)>;

/// Runs the comparison, printing its progress to `out`.
///
/// # Errors
/// When the bench's own executable or reference server cannot be started. A
/// lesson or Python program that is missing or fails is noted, not an error.
pub fn run(opts: &Options, out: &mut dyn Write) -> Result<(Outcome, Plan)> {
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
    // Ten thousand callers are ten thousand descriptors, here and in the
    // servers, which inherit the raised limit.
    let _ = common::limits::raise_open_files();
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
    let contenders = contenders(opts, &exe, &mut notes);
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
            "pinned with taskset: the bench on CPU {}, every server on CPU {}",
            p.client, p.server
        )?,
        Err(why) => writeln!(out, "{why}")?,
    }
    let load = load_before.map_or("unknown".into(), |l| format!("{l:.2}"));
    writeln!(
        out,
        "machine: {} CPUs ({}), {}, load average {load}",
        machine.cpus, machine.cpu_model, machine.kernel
    )?;

    let cpu = pinning.as_ref().ok().map(|p| p.server);
    let hang_up =
        plan::with_port_zero(Family::Tcp, &["reference-server", "--hang-up"]);
    let callee = ServerProcess::start(exe.as_os_str(), &hang_up, cpu).context(
        "cannot start `bench reference-server --hang-up` for the client calls",
    )?;
    // Start every server once; the runs reuse them.
    let mut servers: BTreeMap<usize, ServerProcess> = BTreeMap::new();
    let mut ran = Vec::new();
    for (i, c) in contenders.iter().enumerate() {
        if c.family != Family::Client {
            match ServerProcess::start(&c.program, &c.args, cpu) {
                Ok(server) => {
                    writeln!(out, "started {} on {}", c.name, server.addr())?;
                    servers.insert(i, server);
                }
                Err(err) => {
                    notes.push(format!("skipped {}: {err:#}", c.name));
                    continue;
                }
            }
        }
        ran.push((
            i,
            Ran {
                family: c.family,
                kind: c.kind,
                name: c.name.clone(),
            },
        ));
    }

    let mut values: BTreeMap<(Family, &'static str, String), Vec<f64>> =
        BTreeMap::new();
    let mut failed = BTreeSet::new();
    let mut errors: BTreeMap<String, String> = BTreeMap::new();
    for run in 1..=opts.runs {
        for (i, r) in &ran {
            let c = &contenders[*i];
            let begun = Instant::now();
            let found = match servers.get_mut(i) {
                Some(server) => match server.check_running() {
                    Ok(()) => server_loads(c, server.addr(), &plan, run == 1, cpu),
                    Err(err) => vec![("all loads", Err(err))],
                },
                None => client_load(c, callee.addr(), &plan),
            };
            let mut fails = 0;
            for (id, result) in found {
                match result {
                    Ok(v) => values
                        .entry((c.family, id, r.name.clone()))
                        .or_default()
                        .push(v),
                    Err(err) => {
                        fails += 1;
                        failed.insert((c.family, id, r.name.clone()));
                        errors
                            .entry(format!("{}: {id}", c.name))
                            .or_insert_with(|| format!("run {run}: {err:#}"));
                    }
                }
            }
            let failures = if fails > 0 {
                format!("  ({fails} load(s) failed)")
            } else {
                String::new()
            };
            writeln!(
                out,
                "run {run}/{}: {:<44} {:>6.2} s{failures}",
                opts.runs,
                c.name,
                begun.elapsed().as_secs_f64()
            )?;
        }
    }
    notes.extend(
        errors
            .into_iter()
            .map(|(what, err)| format!("{what} failed ({err})")),
    );
    drop(servers);
    drop(callee);
    let outcome = Outcome {
        machine,
        load: (load_before, machine::load_average()),
        pinning,
        runs: opts.runs,
        quick: opts.quick,
        command: plan::command_line(opts),
        notes,
        ran: ran.into_iter().map(|(_, r)| r).collect(),
        values,
        failed,
        elapsed: started.elapsed(),
    };
    Ok((outcome, plan))
}

/// Every load of `c`'s family against its server at `addr`. With `first`
/// (the first run), the many-callers loads that measure memory run too, each
/// on a server of its own started on `cpu`.
fn server_loads(
    c: &Contender,
    addr: std::net::SocketAddr,
    plan: &Plan,
    first: bool,
    cpu: Option<usize>,
) -> Found {
    let timeout = crate::IO_TIMEOUT;
    let rtt = |size, count| {
        modes::rtt::run(
            addr,
            size,
            Limits {
                count,
                time: plan.rtt_time,
                timeout,
            },
        )
    };
    let mut found: Found = Vec::new();
    match c.family {
        Family::Tcp => {
            for (&(size, count), (p50, p99)) in plan.rtt.iter().zip([
                ("rtt16_p50", "rtt16_p99"),
                ("rtt4k_p50", "rtt4k_p99"),
                ("rtt100k_p50", "rtt100k_p99"),
            ]) {
                let r = rtt(size, count);
                found.push((
                    p99,
                    r.as_ref()
                        .map(|r| r.latency.p99.as_secs_f64())
                        .map_err(|e| anyhow::anyhow!("{e:#}")),
                ));
                found.push((p50, r.map(|r| r.latency.p50.as_secs_f64())));
            }
            let (bytes, time) = plan.stream;
            found.push((
                "stream",
                modes::stream::run(addr, bytes, time, timeout)
                    .map(|r| r.bytes_per_sec()),
            ));
            found.push((
                "connects",
                modes::connects::run(addr, plan.connects).map(|r| r.calls_per_sec()),
            ));
            // Last: a sequential server works through the starved callers after.
            found.push((
                "sessions",
                modes::sessions::run(addr, plan.clients.0, plan.window)
                    .map(|r| r.served as f64),
            ));
        }
        Family::Udp => {
            let r = modes::udp_rtt::run(addr, 16, plan.udp.1, plan.udp.0);
            found.push((
                "udp_lost",
                r.as_ref()
                    .map(|r| r.lost as f64)
                    .map_err(|e| anyhow::anyhow!("{e:#}")),
            ));
            found.push((
                "udp_p99",
                r.as_ref()
                    .map(|r| r.latency.p99.as_secs_f64())
                    .map_err(|e| anyhow::anyhow!("{e:#}")),
            ));
            found.push(("udp_p50", r.map(|r| r.latency.p50.as_secs_f64())));
        }
        Family::Many => {
            found.push((
                "rtt16_p50",
                rtt(16, plan.rtt[0].1).map(|r| r.latency.p50.as_secs_f64()),
            ));
            found.push((
                "rtt100k_p99",
                rtt(100 * 1024, plan.rtt[2].1).map(|r| r.latency.p99.as_secs_f64()),
            ));
            found.push((
                "served_few",
                modes::sessions::run(addr, plan.clients.0, plan.window)
                    .map(|r| r.served as f64),
            ));
            let many = modes::sessions::run(addr, plan.clients.1, plan.window);
            let window = plan.window.as_secs_f64();
            found.push((
                "rps_many",
                many.as_ref()
                    .map(|r| r.replies as f64 / window)
                    .map_err(|e| anyhow::anyhow!("{e:#}")),
            ));
            found.push(("served_many", many.map(|r| r.served as f64)));
            if first && c.holds != Holds::OneAtATime {
                found.extend(memory_loads(c, plan, cpu));
            }
        }
        Family::Client => {}
    }
    found
}

/// The loads that measure a server's memory, each on a server of its own:
/// idle callers held (a thousand; ten thousand where it can), and a late
/// reader.
fn memory_loads(c: &Contender, plan: &Plan, cpu: Option<usize>) -> Found {
    let timeout = crate::IO_TIMEOUT;
    let fresh = || ServerProcess::start(&c.program, &c.args, cpu);
    let mut found: Found = Vec::new();
    let mut hold = |callers, ids: [&'static str; 3]| {
        let report = fresh().and_then(|s| {
            modes::hold::run(s.addr(), callers, plan.probes, Some(s.id()), timeout)
        });
        match report {
            Ok(r) => {
                found
                    .push((ids[0], r.kib_per_caller().context("no memory reading")));
                found.push((
                    ids[1],
                    r.held.map(|u| u.threads as f64).context("no thread count"),
                ));
                found.push((ids[2], Ok(r.new_calls.p99.as_secs_f64())));
            }
            Err(err) => found.push((ids[0], Err(err))),
        }
    };
    hold(
        plan.held.0,
        ["held_few_kib", "held_few_threads", "held_few_new_p99"],
    );
    if c.holds == Holds::TenThousand {
        hold(
            plan.held.1,
            ["held_many_kib", "held_many_threads", "held_many_new_p99"],
        );
    }
    let (bytes, wait) = plan.late;
    match fresh().and_then(|s| {
        modes::late_reader::run(s.addr(), bytes, wait, Some(s.id()), timeout)
    }) {
        Ok(r) => {
            found.push((
                "late_cpu",
                r.cpu_waiting
                    .map(|t| t.as_secs_f64())
                    .context("no CPU reading"),
            ));
            found.push((
                "late_mib",
                r.peak_growth_mib().context("no memory reading"),
            ));
        }
        Err(err) => found.push(("late_cpu", Err(err))),
    }
    found
}

/// The client-process load: `c` run again and again against `callee`.
fn client_load(c: &Contender, callee: std::net::SocketAddr, plan: &Plan) -> Found {
    let args = with_addr(&c.args, callee);
    vec![(
        "call_p50",
        modes::spawn::run(&c.program, &args, b"LHF NB", plan.calls)
            .map(|r| r.latency.p50.as_secs_f64()),
    )]
}

/// `args` with every `{addr}` replaced by `addr`.
pub fn with_addr(args: &[OsString], addr: std::net::SocketAddr) -> Vec<OsString> {
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
    notes: &mut Vec<String>,
) -> Vec<Contender> {
    let mut list: Vec<Contender> = plan::REFERENCE_PROGRAMS
        .iter()
        .map(|&(family, name, args, holds)| Contender {
            family,
            kind: Kind::Reference,
            name: name.to_string(),
            program: exe.as_os_str().to_os_string(),
            args: plan::with_port_zero(family, args),
            holds,
        })
        .collect();
    let dir = exe.parent().unwrap_or(Path::new("."));
    let profile = if dir.ends_with("release") {
        "--release "
    } else {
        ""
    };
    for &(family, bin, args, holds) in
        plan::LESSON_PROGRAMS.iter().filter(|_| opts.lessons)
    {
        let path = dir.join(format!("{bin}{}", std::env::consts::EXE_SUFFIX));
        let name = format!("{bin} {}", args[0]);
        if !path.is_file() {
            notes.push(format!("skipped {name}: {} is missing (build it first: `cargo build {profile}--bins`)", path.display()));
            continue;
        }
        if is_stale(&path, bin) && !notes.iter().any(|n| n.contains(bin)) {
            notes.push(format!("{bin} was built before its last change: this run measures the older build (`cargo build {profile}--bins` first)"));
        }
        let program = path.into_os_string();
        list.push(Contender {
            family,
            kind: Kind::Lesson,
            name,
            program,
            args: plan::with_port_zero(family, args),
            holds,
        });
    }
    let python = machine::python_version();
    for &(family, script, holds) in
        plan::PYTHON_PROGRAMS.iter().filter(|_| opts.python)
    {
        let path = plan::repo_root().join("python").join(script);
        if python.is_none() || !path.is_file() {
            let why = if python.is_none() {
                "python3 does not run here"
            } else {
                "no such file"
            };
            notes.push(format!("skipped python/{script}: {why}"));
            continue;
        }
        let mut args = vec![path.into_os_string()];
        args.push(
            if family == Family::Client {
                "{addr}"
            } else {
                "127.0.0.1:0"
            }
            .into(),
        );
        let name = format!("python3 python/{script}");
        list.push(Contender {
            family,
            kind: Kind::Python,
            name,
            program: "python3".into(),
            args,
            holds,
        });
    }
    // Group by family so each run goes TCP, UDP, clients, many; reference first.
    list.sort_by_key(|c| (c.family, c.kind));
    list
}

/// Whether `binary` is older than a source of its crate or of `common`.
fn is_stale(binary: &Path, crate_name: &str) -> bool {
    let modified = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
    let Some(built) = modified(binary) else {
        return false;
    };
    let root = plan::repo_root().join("crates");
    let mut newest = SystemTime::UNIX_EPOCH;
    let mut dirs = vec![root.join(crate_name).join("src"), root.join("common/src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Some(t) = modified(&path) {
                newest = newest.max(t);
            }
        }
    }
    newest > built
}
