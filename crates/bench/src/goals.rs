//! The course's performance goals, in one table, and their check against a
//! comparison. `results.md` lists the verdicts and the performance page
//! includes it, so a goal is written once, here.

use crate::results::{Kind, Metric, Outcome, Section, Unit, show};
use crate::stats::show_secs;

/// What a goal asks of a measured value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// At most this many times the reference's value (a time).
    AtMostTimesReference(f64),
    /// At least this many times the reference's value (a throughput).
    AtLeastTimesReference(f64),
    /// Below this value, in the metric's unit.
    Below(f64),
    /// At least this value, in the metric's unit.
    AtLeast(f64),
}

/// One goal: a program (as the tables name it), the id of its metric in
/// `section`, the rule its value must follow, and the goal in words.
#[derive(Debug, Clone, Copy)]
pub struct Goal {
    pub section: Section,
    pub program: &'static str,
    pub metric: &'static str,
    pub rule: Rule,
    pub text: &'static str,
}

/// Every goal, in the order the page lists them, from the lessons' issues.
#[rustfmt::skip]
pub const GOALS: &[Goal] = {
    use Rule::{AtLeast, AtLeastTimesReference, AtMostTimesReference, Below};
    use Section::{Client, Frames, Many, Tcp, Udp};
    const fn g(section: Section, program: &'static str, metric: &'static str, rule: Rule, text: &'static str) -> Goal {
        Goal { section, program, metric, rule, text }
    }
    const LOOP: &str = "tcp-loop server";
    const FRAMING: &str = "tcp-framing server";
    const FILES: &str = "tcp-framing file-server (files in memory)";
    const THREADS: &str = "tcp-threads server";
    const EVENTS: &str = "tcp-events server";
    const TOKIO: &str = "tcp-tokio server";
    &[
        g(Tcp, LOOP, "rtt16_p50", AtMostTimesReference(1.15), "tcp-loop server, 16-byte round trip p50 within 1.15x of the reference"),
        g(Tcp, LOOP, "rtt4k_p99", Below(1e-3), "tcp-loop server, 4 KiB round trip p99 under 1 ms"),
        g(Tcp, LOOP, "rtt100k_p99", Below(1e-3), "tcp-loop server, 100 KiB round trip p99 under 1 ms"),
        g(Tcp, LOOP, "stream", AtLeastTimesReference(0.5), "tcp-loop server, stream throughput at least half the reference's"),
        g(Udp, "udp-echo server", "udp_p50", AtMostTimesReference(1.15), "udp-echo server, round trip p50 within 1.15x of the reference"),
        g(Client, "tcp-oneshot client", "call_p50", Below(5e-3), "a whole `tcp-oneshot client` call, start to exit, under 5 ms"),
        g(Frames, FRAMING, "frame16_p50", AtMostTimesReference(1.2), "tcp-framing server, 16-byte frame round trip p50 within 1.2x of the reference's raw echo"),
        g(Frames, FRAMING, "frame100k_p99", Below(2e-3), "tcp-framing server, 100 KiB frames round trip p99 under 2 ms"),
        g(Frames, FILES, "put", AtLeastTimesReference(0.4), "tcp-framing file-server, put of 128 MiB (its folder in memory) at least 0.4x the reference's raw stream"),
        g(Frames, FILES, "get", AtLeastTimesReference(0.4), "tcp-framing file-server, get of 128 MiB (its folder in memory) at least 0.4x the reference's raw stream"),
        g(Frames, FILES, "files_mib", Below(16.0), "tcp-framing file-server, peak memory growth under 16 MiB over the put and the get"),
        g(Many, THREADS, "rtt16_p50", AtMostTimesReference(1.15), "tcp-threads server, 16-byte round trip p50 within 1.15x of the reference"),
        g(Many, THREADS, "served_many", AtLeast(200.0), "tcp-threads server, 200 of 200 callers served at once"),
        g(Many, THREADS, "held_few_kib", Below(64.0), "tcp-threads server, 1,000 idle callers at most 64 KiB each"),
        g(Many, THREADS, "held_few_new_p99", Below(10e-3), "tcp-threads server, a new caller's whole call p99 under 10 ms with 1,000 held"),
        g(Many, THREADS, "late_cpu", Below(0.3), "tcp-threads server, 64 MiB to a late reader with under 0.3 CPU s while it waits"),
        g(Many, EVENTS, "rtt16_p50", AtMostTimesReference(1.15), "tcp-events server, 16-byte round trip p50 within 1.15x of the reference"),
        g(Many, EVENTS, "rtt100k_p99", Below(5e-3), "tcp-events server, 100 KiB round trip p99 under 5 ms"),
        g(Many, EVENTS, "held_many_kib", Below(4.0), "tcp-events server, 10,000 idle callers at most 4 KiB each"),
        g(Many, EVENTS, "held_many_threads", Below(1.5), "tcp-events server, and one thread holds them"),
        g(Many, EVENTS, "held_many_new_p99", Below(10e-3), "tcp-events server, a new caller's whole call p99 under 10 ms with 10,000 held"),
        g(Many, EVENTS, "late_cpu", Below(0.3), "tcp-events server, 64 MiB to a late reader with under 0.3 CPU s while it waits"),
        g(Many, EVENTS, "late_mib", Below(16.0), "tcp-events server, and under 16 MiB more memory"),
        g(Many, TOKIO, "rtt16_p50", AtMostTimesReference(1.15), "tcp-tokio server, 16-byte round trip p50 within 1.15x of the reference"),
        g(Many, TOKIO, "rtt100k_p99", Below(5e-3), "tcp-tokio server, 100 KiB round trip p99 under 5 ms"),
        g(Many, TOKIO, "held_many_kib", Below(5.0), "tcp-tokio server, 10,000 idle callers at most 5 KiB each"),
        g(Many, TOKIO, "held_many_new_p99", Below(10e-3), "tcp-tokio server, a new caller's whole call p99 under 10 ms with 10,000 held"),
        g(Many, TOKIO, "late_cpu", Below(0.3), "tcp-tokio server, 64 MiB to a late reader with under 0.3 CPU s while it waits"),
        g(Many, TOKIO, "late_mib", Below(16.0), "tcp-tokio server, and under 16 MiB more memory"),
    ]
};

/// A one-minute load average from which a machine counts as busy.
pub const BUSY: f64 = 0.5;

/// Every goal checked against the medians of `o`, each in its metric's unit
/// (`metrics`), as the list item `results.md` shows: `**met**: goal: numbers`
/// (or `MISSED`, or `not measured`). A goal missed on a busy machine says so
/// (noise hurts the tails, p99, first).
pub fn check(o: &Outcome, metrics: &[Metric]) -> Vec<String> {
    let busy = o.load.0.filter(|&load| load >= BUSY);
    let unit = |g: &Goal| {
        let mut rows = metrics.iter();
        let row = rows.find(|m| m.section == g.section && m.id == g.metric);
        row.map_or(Unit::Count, |m| m.unit)
    };
    let line = |g: &Goal| {
        let (verdict, mut detail) = judge(o, g, unit(g));
        if let ("MISSED", Some(load)) = (verdict, busy) {
            let tails = if g.metric.contains("p99") {
                ", which hurts p99 first"
            } else {
                ""
            };
            detail.push_str(&format!(
                "; the machine was busy (load average {load:.2}){tails}: run it \
                 again on a quiet machine before you trust this"
            ));
        }
        format!("**{verdict}**: {}: {detail}", g.text)
    };
    GOALS.iter().map(line).collect()
}

/// The verdict on `g`, whose values are in `unit`: `met`, `MISSED` or `not
/// measured` (not run, or in a `--quick` run, with tiny counts and sizes),
/// and the numbers behind it.
fn judge(o: &Outcome, g: &Goal, unit: Unit) -> (&'static str, String) {
    let not_run = || {
        let why =
            "not measured: the program or the reference did not run (see the notes)";
        ("not measured", why.to_string())
    };
    let Some(v) = o.value(g.section, g.metric, g.program) else {
        return not_run();
    };
    let reference = o.reference(g.section, g.metric);
    let times = |r: f64| {
        format!(
            "{:.2}x the reference ({} against {})",
            v / r,
            show(unit, v),
            show(unit, r)
        )
    };
    let (met, detail) = match (g.rule, reference) {
        (Rule::AtMostTimesReference(limit), Some(r)) if r > 0.0 => {
            (v / r <= limit, times(r))
        }
        (Rule::AtLeastTimesReference(limit), Some(r)) if r > 0.0 => {
            (v / r >= limit, times(r))
        }
        (Rule::Below(limit), _) => (v < limit, show(unit, v)),
        (Rule::AtLeast(limit), _) => (v >= limit, show(unit, v)),
        _ => return not_run(),
    };
    if o.quick {
        let quick = "in a --quick run, whose counts are too small to judge it";
        return ("not measured", format!("{detail}, {quick}"));
    }
    let python = o
        .program(g.section, g.metric, Kind::Python)
        .and_then(|p| o.value(g.section, g.metric, p))
        .filter(|_| unit == Unit::Seconds && g.section != Section::Many)
        .map_or(String::new(), |p| {
            let whose = if g.section == Section::Frames {
                "course"
            } else {
                "article"
            };
            format!("; the {whose}'s Python: {}", show_secs(p))
        });
    let verdict = if met { "met" } else { "MISSED" };
    (verdict, format!("{detail}{python}"))
}
