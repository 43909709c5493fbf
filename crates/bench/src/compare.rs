//! `bench compare`: every program of the course's protocols (the table in
//! `programs`) under the same loads, in one run, side by side. It measures
//! and returns the results; `render` shows them.
//!
//! Each server runs as a child process on a port the system picks, pinned to
//! its own CPU where `taskset` exists; the clients call `bench
//! reference-server --hang-up`. Every load runs `runs` times, the runs
//! interleaved; the loads that measure a many-callers server's memory run
//! once, each on a server started for it. The lessons' binaries are found
//! next to the bench's own (build them first: `cargo build --release --bins`).

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, anyhow};

use crate::machine;
use crate::modes::{
    Report, connects, files, frame_rtt, hold, late_reader, rtt, sessions, spawn,
    stream, udp_rtt,
};
use crate::plan::{self, FRAME_IDS, Options, Plan, RTT_IDS};
use crate::process::{self, ServerProcess};
use crate::programs::{self, Contender, Role};
use crate::results::{Outcome, Ran, Section};
use crate::stats::show_load;

/// What the loads of one program found, by metric id.
type Found = Vec<(&'static str, Result<f64>)>;

/// Runs the comparison, printing its progress to `out`. Only a bench that
/// cannot start itself (its reference servers) fails it: a lesson or Python
/// program that is missing or fails is noted.
pub fn run(opts: &Options, out: &mut dyn Write) -> Result<(Outcome, Plan)> {
    let started = Instant::now();
    // Look at the machine before pinning: pinned, this process sees one CPU.
    let machine = machine::describe();
    let load_before = machine::load_average();
    // Pin first: threads started later inherit this CPU.
    let pinning = if opts.no_pin {
        Err("not pinned (--no-pin)".to_string())
    } else {
        process::pin()
    };
    // Ten thousand callers are ten thousand descriptors, here and in the
    // servers, which inherit the raised limit.
    let _ = common::limits::raise_open_files();
    let plan = Plan::new(opts.quick);
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
    let quick = if opts.quick {
        " (--quick: tiny counts)"
    } else {
        ""
    };
    let runs = opts.runs;
    writeln!(out, "bench compare: {runs} run(s) of every load{quick}")?;
    match &pinning {
        Ok(p) => writeln!(
            out,
            "pinned with taskset: the bench on CPU {}, every server on CPU {}",
            p.client, p.server
        )?,
        Err(why) => writeln!(out, "{why}")?,
    }
    let load = show_load(load_before);
    writeln!(out, "machine: {}, load average {load}", machine.summary())?;

    let cpu = pinning.as_ref().ok().map(|p| p.server);
    let hang_up = ["reference-server", "--hang-up", "--addr", "127.0.0.1:0"];
    let hang_up: Vec<OsString> = hang_up.iter().map(OsString::from).collect();
    let callee = ServerProcess::start(exe.as_os_str(), &hang_up, cpu).context(
        "cannot start `bench reference-server --hang-up` for the client calls",
    )?;
    // Lesson 5's file server keeps its files in a folder of this run's own,
    // on disk and in memory.
    let name = format!("bench-{}", std::process::id());
    let dir = Folder(std::env::temp_dir().join(&name));
    let shm = std::path::Path::new("/dev/shm");
    let memdir = shm.is_dir().then(|| Folder(shm.join(&name)));
    let folders = (dir.0.as_path(), memdir.as_ref().map(|f| f.0.as_path()));
    let contenders = programs::contenders(opts, &exe, folders, &mut notes);
    // Start every server once; the runs reuse them. A client has none.
    let mut ran: Vec<(&Contender, Option<ServerProcess>)> = Vec::new();
    for c in &contenders {
        if c.ran.section == Section::Client {
            ran.push((c, None));
            continue;
        }
        match ServerProcess::start(&c.program, &c.args, cpu) {
            Ok(server) => {
                writeln!(out, "started {} on {}", c.ran.name, server.addr())?;
                ran.push((c, Some(server)));
            }
            Err(err) => notes.push(format!("skipped {}: {err:#}", c.ran.name)),
        }
    }
    let mut values: BTreeMap<_, Vec<Result<f64, String>>> = BTreeMap::new();
    for run in 1..=runs {
        for (c, server) in &mut ran {
            let begun = Instant::now();
            let found = match server {
                Some(server) => match server.check_running() {
                    Ok(()) => {
                        let (addr, pid) = (server.addr(), Some(server.id()));
                        loads(c, addr, pid, &plan, run == 1, cpu)
                    }
                    Err(err) => vec![("all loads", Err(err))],
                },
                None => loads(c, callee.addr(), None, &plan, run == 1, cpu),
            };
            let fails = found.iter().filter(|(_, r)| r.is_err()).count();
            for (id, result) in found {
                let key = (c.ran.section, id, c.ran.name.clone());
                let result = result.map_err(|err| format!("run {run}: {err:#}"));
                values.entry(key).or_default().push(result);
            }
            let failures = match fails {
                0 => String::new(),
                n => format!("  ({n} load(s) failed)"),
            };
            let (name, secs) = (&c.ran.name, begun.elapsed().as_secs_f64());
            writeln!(out, "run {run}/{runs}: {name:<44} {secs:>6.2} s{failures}")?;
        }
    }
    for ((_, id, name), results) in &values {
        if let Some(Err(err)) = results.iter().find(|r| r.is_err()) {
            notes.push(format!("{name}: {id} failed ({err})"));
        }
    }
    let ran: Vec<Ran> = ran.into_iter().map(|(c, _)| c.ran.clone()).collect();
    drop(callee);
    let outcome = Outcome {
        machine,
        load: (load_before, machine::load_average()),
        pinning,
        runs,
        quick: opts.quick,
        command: plan::command_line(),
        notes,
        ran,
        values,
        elapsed: started.elapsed(),
    };
    Ok((outcome, plan))
}

/// A folder of the run's own, removed when dropped.
struct Folder(PathBuf);

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The numbers of lesson 5's file server, by metric id: with its folder
/// in memory, then on disk.
#[rustfmt::skip]
const FILES: [&[(&str, &str)]; 2] = [
    &[("put", "put"), ("put_wait", "put wait"), ("get", "get"),
      ("get_wait", "get wait"), ("files_mib", "growth MiB")],
    &[("disk_put", "put"), ("disk_put_wait", "put wait"), ("disk_get", "get"),
      ("disk_get_wait", "get wait")],
];

/// Every load of `c`'s section: against its server at `addr` (process `pid`),
/// or for a client, its calls to the reference at `addr`. With `first` (the
/// first run), the many-callers loads that measure memory run too, each on
/// a server of its own started on `cpu`.
fn loads(
    c: &Contender,
    addr: SocketAddr,
    pid: Option<u32>,
    plan: &Plan,
    first: bool,
    cpu: Option<usize>,
) -> Found {
    let mut found = Found::new();
    // Records the numbers of `report` that `picks` names, as (metric id,
    // number); a load that failed fails each of them.
    let mut pick = |report: Result<Report>, picks: &[(&'static str, &str)]| {
        for &(id, number) in picks {
            let value = match &report {
                Ok(report) => report.get(number),
                Err(err) => Err(anyhow!("{err:#}")),
            };
            found.push((id, value));
        }
    };
    let rtt = |args: &rtt::Args| rtt::run(&rtt::Args { addr, ..*args });
    let stream = |bytes| {
        stream::run(&stream::Args {
            addr,
            bytes,
            ..plan.stream
        })
    };
    let sessions =
        |s: &sessions::Args| sessions::run(&sessions::Args { addr, ..*s });
    match (c.ran.section, c.role) {
        (Section::Tcp, _) => {
            for (args, [p50, p99]) in plan.rtt.iter().zip(RTT_IDS) {
                pick(rtt(args), &[(p50, "p50"), (p99, "p99")]);
            }
            pick(stream(plan.stream.bytes), &[("stream", "bytes/s")]);
            let connects = connects::run(&connects::Args {
                addr,
                ..plan.connects
            });
            pick(connects, &[("connects", "calls/s")]);
            // Last: a sequential server works through the starved callers after.
            pick(sessions(&plan.sessions[0]), &[("sessions", "served")]);
        }
        (Section::Udp, _) => {
            let report = udp_rtt::run(&udp_rtt::Args { addr, ..plan.udp });
            let picks =
                [("udp_p50", "p50"), ("udp_p99", "p99"), ("udp_lost", "lost")];
            pick(report, &picks);
        }
        (Section::Frames, role @ (Role::Files | Role::FilesOnDisk)) => {
            let server = plan.files.server.at(addr, pid);
            let report = files::run(&files::Args {
                server,
                ..plan.files
            });
            pick(report, FILES[usize::from(role == Role::FilesOnDisk)]);
        }
        (Section::Frames, role) => {
            for (args, [p50, p99]) in plan.frames.iter().zip(FRAME_IDS) {
                let report = if role == Role::Frames {
                    frame_rtt::run(&rtt::Args { addr, ..*args })
                } else {
                    rtt(args)
                };
                pick(report, &[(p50, "p50"), (p99, "p99")]);
            }
            if role == Role::Plain {
                // The reference's raw stream: the bar for the put and the get.
                let picks =
                    ["put", "get", "disk_put", "disk_get"].map(|id| (id, "bytes/s"));
                pick(stream(plan.files.bytes), &picks);
            }
        }
        (Section::Many, role) => {
            pick(rtt(&plan.rtt[0]), &[("rtt16_p50", "p50")]);
            pick(rtt(&plan.rtt[2]), &[("rtt100k_p99", "p99")]);
            pick(sessions(&plan.sessions[0]), &[("served_few", "served")]);
            let picks = [("rps_many", "round trips/s"), ("served_many", "served")];
            pick(sessions(&plan.sessions[1]), &picks);
            if first && role != Role::Plain {
                memory_loads(&mut pick, c, plan, cpu);
            }
        }
        (Section::Client, _) => {
            let command = [&[c.program.clone()][..], &c.args].concat();
            let (limits, expect) = (plan.calls, "LHF NB".to_string());
            let calls = spawn::run(&spawn::Args {
                addr,
                expect,
                limits,
                command,
            });
            pick(calls, &[("call_p50", "p50")]);
        }
    }
    found
}

/// The loads that measure a many-callers server's memory, each on a server
/// of its own: idle callers held (a thousand; ten thousand where it can),
/// and a late reader.
fn memory_loads(
    pick: &mut impl FnMut(Result<Report>, &[(&'static str, &str)]),
    c: &Contender,
    plan: &Plan,
    cpu: Option<usize>,
) {
    let fresh = || ServerProcess::start(&c.program, &c.args, cpu);
    let held = match c.role {
        Role::HoldsTenThousand => &plan.hold[..],
        _ => &plan.hold[..1],
    };
    #[rustfmt::skip]
    let ids = [
        ["held_few_kib", "held_few_threads", "held_few_new_p99"],
        ["held_many_kib", "held_many_threads", "held_many_new_p99"],
    ];
    for (args, [kib, threads, p99]) in held.iter().zip(ids) {
        let report = fresh().and_then(|s| {
            let server = args.server.at(s.addr(), Some(s.id()));
            hold::run(&hold::Args { server, ..*args })
        });
        pick(
            report,
            &[(kib, "KiB per caller"), (threads, "threads"), (p99, "p99")],
        );
    }
    let late = fresh().and_then(|s| {
        let server = plan.late.server.at(s.addr(), Some(s.id()));
        late_reader::run(&late_reader::Args {
            server,
            ..plan.late
        })
    });
    pick(late, &[("late_cpu", "cpu"), ("late_mib", "growth MiB")]);
}
