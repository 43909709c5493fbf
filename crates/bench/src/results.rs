//! What `compare` found, turned into the console table, `results.md`, the goals
//! of the course's performance goals, and the chart's bars.

use std::fmt::Write as _;

use crate::chart::{self, Bar, Group, Kind};
use crate::compare::Outcome;
use crate::stats::{median, show_mib_per_sec, show_secs};

/// The three kinds of program compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// TCP servers, under the TCP loads.
    Tcp,
    /// UDP servers, under datagram round trips.
    Udp,
    /// Client programs, each run as a process of its own.
    Client,
}

/// The three versions of each program: the table's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Column {
    /// The bench's own reference: the bar.
    Reference,
    /// The lesson's Rust program.
    Lesson,
    /// The article's Python program.
    Python,
}

impl Column {
    /// All three, in the table's order.
    pub const ALL: [Column; 3] = [Column::Reference, Column::Lesson, Column::Python];

    /// The column's heading.
    pub fn heading(self) -> &'static str {
        match self {
            Column::Reference => "reference (bench)",
            Column::Lesson => "lesson (Rust)",
            Column::Python => "article (Python)",
        }
    }

    fn kind(self) -> Kind {
        match self {
            Column::Reference => Kind::Reference,
            Column::Lesson => Kind::Lesson,
            Column::Python => Kind::Python,
        }
    }
}

/// How a measured value is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A time, in seconds.
    Seconds,
    /// A throughput, in bytes per second.
    BytesPerSec,
    /// Clients served, out of the clients that tried.
    Served,
    /// Events per second.
    PerSec,
    /// A plain count.
    Count,
}

/// One row of the table: a load and what is measured of it.
#[derive(Debug, Clone, Copy)]
pub struct Metric {
    /// The key the loads record it under.
    pub id: &'static str,
    /// Which programs it is measured on.
    pub family: Family,
    /// The load.
    pub load: &'static str,
    /// What of it.
    pub measure: &'static str,
    /// How to show the value.
    pub unit: Unit,
    /// Whether less is better (a time) or more (a throughput).
    pub lower_is_better: bool,
    /// Whether the chart shows it.
    pub chart: bool,
}

const fn metric(
    id: &'static str,
    family: Family,
    load: &'static str,
    measure: &'static str,
    unit: Unit,
    lower_is_better: bool,
    chart: bool,
) -> Metric {
    Metric {
        id,
        family,
        load,
        measure,
        unit,
        lower_is_better,
        chart,
    }
}

/// Every row, in the table's order: id, family, load, measure, unit, whether
/// lower is better, whether the chart shows it.
#[rustfmt::skip]
pub const METRICS: [Metric; 13] = {
    use Family::{Client, Tcp, Udp};
    use Unit::{BytesPerSec, Count, PerSec, Seconds, Served};
    const RTT16: &str = "TCP round trip, 16 B";
    const RTT4K: &str = "TCP round trip, 4 KiB";
    const RTT100K: &str = "TCP round trip, 100 KiB";
    const UDP16: &str = "UDP round trip, 16 B";
    [
        metric("rtt16_p50", Tcp, RTT16, "p50", Seconds, true, true),
        metric("rtt16_p99", Tcp, RTT16, "p99", Seconds, true, false),
        metric("rtt4k_p50", Tcp, RTT4K, "p50", Seconds, true, false),
        metric("rtt4k_p99", Tcp, RTT4K, "p99", Seconds, true, true),
        metric("rtt100k_p50", Tcp, RTT100K, "p50", Seconds, true, false),
        metric("rtt100k_p99", Tcp, RTT100K, "p99", Seconds, true, true),
        metric("stream", Tcp, "TCP stream, one connection", "throughput",
               BytesPerSec, false, true),
        metric("connects", Tcp, "TCP calls, one after another", "calls/s",
               PerSec, false, true),
        metric("sessions", Tcp, "TCP clients at once", "served",
               Served, false, true),
        metric("udp_p50", Udp, UDP16, "p50", Seconds, true, true),
        metric("udp_p99", Udp, UDP16, "p99", Seconds, true, false),
        metric("udp_lost", Udp, UDP16, "lost", Count, true, false),
        metric("call_p50", Client, "client process, start to exit", "p50",
               Seconds, true, true),
    ]
};

/// The median of the runs of `id` on `column`, when it was measured.
pub fn value(o: &Outcome, id: &str, column: Column) -> Option<f64> {
    o.values
        .iter()
        .find(|((i, c), _)| *i == id && *c == column)
        .and_then(|(_, runs)| median(runs))
}

/// `column`'s value of `id` divided by the reference's.
pub fn ratio(o: &Outcome, id: &str, column: Column) -> Option<f64> {
    let reference = value(o, id, Column::Reference)?;
    let v = value(o, id, column)?;
    (reference > 0.0).then(|| v / reference)
}

/// A value in its unit.
pub fn show(o: &Outcome, unit: Unit, v: f64) -> String {
    let count = |v: f64| {
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            format!("{v:.1}")
        }
    };
    match unit {
        Unit::Seconds => show_secs(v),
        Unit::BytesPerSec => show_mib_per_sec(v),
        Unit::Served => format!("{} of {}", count(v), o.plan.clients),
        Unit::PerSec => format!("{v:.0}/s"),
        Unit::Count => count(v),
    }
}

/// One cell: the median, and its ratio to the reference; `–` where the
/// program did not run, `failed` where it ran but the load failed.
fn cell(o: &Outcome, m: &Metric, column: Column) -> String {
    if !o.names.contains_key(&(m.family, column)) {
        return "–".to_string();
    }
    let Some(v) = value(o, m.id, column) else {
        return "failed".to_string();
    };
    let shown = show(o, m.unit, v);
    match ratio(o, m.id, column) {
        Some(r) if column != Column::Reference && m.unit != Unit::Count => {
            format!("{shown} ({r:.2}x)")
        }
        _ => shown,
    }
}

/// A goal's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Measured and met.
    Met,
    /// Measured and missed.
    Missed,
    /// Not measured in this run.
    Unmeasured,
}

/// One of the course's performance goals, checked against this run.
#[derive(Debug, Clone)]
pub struct GoalCheck {
    /// Met, missed or not measured.
    pub verdict: Verdict,
    /// The goal.
    pub goal: &'static str,
    /// The measured numbers behind the verdict.
    pub detail: String,
}

/// The course's performance goals, each checked against the medians of this run. A
/// goal missed on a busy machine says so: noise hurts the tails (p99) first.
pub fn goals(o: &Outcome) -> Vec<GoalCheck> {
    let mut checks = goal_checks(o);
    if let Some(load) = busy(o) {
        for check in &mut checks {
            if check.verdict == Verdict::Missed {
                check.detail.push_str(&format!(
                    "; the machine was busy (load average {load:.2}), which hurts \
                     p99 first: run it again on a quiet machine before you trust this"
                ));
            }
        }
    }
    checks
}

/// The load average before the run, when it shows other programs were
/// running. (The one after the run counts the bench and its servers too.)
fn busy(o: &Outcome) -> Option<f64> {
    o.load.0.filter(|&load| load >= BUSY)
}

/// A one-minute load average from which a machine counts as busy.
const BUSY: f64 = 0.5;

fn goal_checks(o: &Outcome) -> Vec<GoalCheck> {
    let secs = |id, column| value(o, id, column).map(show_secs);
    let python = |id| {
        secs(id, Column::Python)
            .map(|p| format!("; the article's Python: {p}"))
            .unwrap_or_default()
    };
    let within = |goal, id, limit: f64, unit| {
        let check = ratio(o, id, Column::Lesson).map(|r| {
            let (v, reference) = (
                value(o, id, Column::Lesson).unwrap_or(0.0),
                value(o, id, Column::Reference).unwrap_or(0.0),
            );
            let met = if unit == Unit::BytesPerSec {
                r >= limit
            } else {
                r <= limit
            };
            let detail = format!(
                "{r:.2}x the reference ({} against {})",
                show(o, unit, v),
                show(o, unit, reference)
            );
            (met, detail)
        });
        checked(goal, check)
    };
    let under = |goal, id, limit: f64| {
        let check = value(o, id, Column::Lesson)
            .map(|v| (v < limit, format!("{}{}", show_secs(v), python(id))));
        checked(goal, check)
    };
    vec![
        within(
            "tcp-loop server, 16-byte round trip p50 within 1.15x of the reference",
            "rtt16_p50",
            1.15,
            Unit::Seconds,
        ),
        under(
            "tcp-loop server, 4 KiB round trip p99 under 1 ms",
            "rtt4k_p99",
            1e-3,
        ),
        under(
            "tcp-loop server, 100 KiB round trip p99 under 1 ms",
            "rtt100k_p99",
            1e-3,
        ),
        within(
            "tcp-loop server, stream throughput at least half the reference's",
            "stream",
            0.5,
            Unit::BytesPerSec,
        ),
        within(
            "udp-echo server, round trip p50 within 1.15x of the reference",
            "udp_p50",
            1.15,
            Unit::Seconds,
        ),
        under(
            "a whole `tcp-oneshot client` call, start to exit, under 5 ms",
            "call_p50",
            5e-3,
        ),
        GoalCheck {
            verdict: Verdict::Unmeasured,
            goal: "the workspace builds from cold in under 90 s; `cargo test --workspace` runs warm in under 60 s",
            detail:
                "not measured by `compare` (it would have to throw the build away); \
                     the page gives the two commands"
                    .to_string(),
        },
    ]
}

fn checked(goal: &'static str, check: Option<(bool, String)>) -> GoalCheck {
    match check {
        Some((met, detail)) => GoalCheck {
            verdict: if met { Verdict::Met } else { Verdict::Missed },
            goal,
            detail,
        },
        None => GoalCheck {
            verdict: Verdict::Unmeasured,
            goal,
            detail: "not measured: the lesson program or the reference did not run (see the notes)"
                .to_string(),
        },
    }
}

fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Met => "met",
        Verdict::Missed => "MISSED",
        Verdict::Unmeasured => "not measured",
    }
}

/// The table and the goals, as `compare` prints them.
pub fn console(o: &Outcome) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<42} {:<22} {:<22} {:<22}",
        "median of the runs (ratio to reference)",
        Column::Reference.heading(),
        Column::Lesson.heading(),
        Column::Python.heading()
    );
    let _ = writeln!(s, "{}", "-".repeat(42 + 3 * 23));
    for m in &METRICS {
        let _ = writeln!(
            s,
            "{:<42} {:<22} {:<22} {:<22}",
            format!("{}: {}", m.load, m.measure),
            cell(o, m, Column::Reference),
            cell(o, m, Column::Lesson),
            cell(o, m, Column::Python)
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "goals:");
    for g in goals(o) {
        let _ = writeln!(
            s,
            "  [{}] {}: {}",
            verdict_word(g.verdict),
            g.goal,
            g.detail
        );
    }
    for note in &o.notes {
        let _ = writeln!(s, "note: {note}");
    }
    let _ = writeln!(
        s,
        "the whole comparison took {:.0} s",
        o.elapsed.as_secs_f64()
    );
    s
}

/// `results.md`: what the performance page includes.
pub fn markdown(o: &Outcome) -> String {
    let mut s = String::new();
    let m = &o.machine;
    let _ = writeln!(
        s,
        "*Measured on {} with `{}`: {} run(s) of every load, the runs interleaved; each \
         cell is the median of the runs and, in brackets, its ratio to the reference.{}*",
        m.date,
        o.command,
        o.runs,
        if o.quick {
            " A `--quick` run: tiny counts, rough numbers."
        } else {
            ""
        }
    );
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "**Machine:** {} CPUs ({}), {}, {}. {}",
        m.cpus,
        m.cpu_model,
        m.kernel,
        m.python.as_deref().unwrap_or("no Python"),
        load_sentence(o)
    );
    let _ = writeln!(s);
    let _ = writeln!(s, "**Pinning:** {}.", pinning_sentence(o));
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "| load | measure | {} | {} | {} |",
        Column::Reference.heading(),
        Column::Lesson.heading(),
        Column::Python.heading()
    );
    let _ = writeln!(s, "|---|---|---|---|---|");
    for metric in &METRICS {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            metric.load,
            metric.measure,
            cell(o, metric, Column::Reference),
            cell(o, metric, Column::Lesson),
            cell(o, metric, Column::Python)
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "The programs in each column:");
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "| | {} | {} | {} |",
        Column::Reference.heading(),
        Column::Lesson.heading(),
        Column::Python.heading()
    );
    let _ = writeln!(s, "|---|---|---|---|");
    for (family, what) in [
        (Family::Tcp, "TCP server"),
        (Family::Udp, "UDP server"),
        (
            Family::Client,
            "client process (calling `bench reference-server --hang-up`)",
        ),
    ] {
        let names: Vec<String> = Column::ALL
            .iter()
            .map(|c| match o.names.get(&(family, *c)) {
                Some(name) => format!("`{name}`"),
                None => "not run".to_string(),
            })
            .collect();
        let _ = writeln!(s, "| {what} | {} |", names.join(" | "));
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "**Goals**, checked against the medians above:");
    let _ = writeln!(s);
    for g in goals(o) {
        let _ = writeln!(
            s,
            "- **{}**: {}: {}",
            verdict_word(g.verdict),
            g.goal,
            g.detail
        );
    }
    if !o.notes.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "**Notes from the run:**");
        let _ = writeln!(s);
        for note in &o.notes {
            let _ = writeln!(s, "- {}", note.replace('|', "\\|"));
        }
    }
    s
}

/// How busy the machine was, and what that means for the numbers.
fn load_sentence(o: &Outcome) -> String {
    let show =
        |l: Option<f64>| l.map_or("unknown".to_string(), |l| format!("{l:.2}"));
    let meaning = match o.load.0 {
        Some(_) if busy(o).is_some() => {
            " Other programs were running (a quiet machine stays near 0), so these \
             numbers are noisier than they would be on a quiet one."
        }
        Some(_) => " The machine was quiet.",
        None => "",
    };
    format!(
        "One-minute load average {} before the run ({} after it, the bench's own \
         work included).{meaning}",
        show(o.load.0),
        show(o.load.1)
    )
}

fn pinning_sentence(o: &Outcome) -> String {
    match &o.pinning {
        Ok(p) => format!(
            "with `taskset`, the bench and the client processes on CPU {}, every server \
             on CPU {}",
            p.client, p.server
        ),
        Err(why) => why.clone(),
    }
}

/// The chart's groups: for each charted metric, one bar per program that ran.
pub fn groups(o: &Outcome) -> Vec<Group> {
    METRICS
        .iter()
        .filter(|m| m.chart)
        .map(|m| Group {
            title: format!("{}: {}", m.load, m.measure),
            bars: Column::ALL
                .iter()
                .filter_map(|&c| {
                    let name = o.names.get(&(m.family, c))?;
                    let v = value(o, m.id, c);
                    let reference = value(o, m.id, Column::Reference);
                    let factor = v.zip(reference).and_then(|(v, r)| {
                        let f = if m.lower_is_better { v / r } else { r / v };
                        (f.is_finite() && f > 0.0).then_some(f)
                    });
                    let text = match (v, factor) {
                        (Some(v), Some(f)) if c != Column::Reference && f >= 1.0 => {
                            format!("{} ({f:.2}x worse)", show(o, m.unit, v))
                        }
                        (Some(v), Some(f)) if c != Column::Reference => {
                            format!(
                                "{} ({:.2}x better)",
                                show(o, m.unit, v),
                                1.0 / f
                            )
                        }
                        (Some(v), _) => show(o, m.unit, v),
                        (None, _) => "failed".to_string(),
                    };
                    Some(Bar {
                        kind: c.kind(),
                        label: name.clone(),
                        factor,
                        text,
                    })
                })
                .collect(),
        })
        .collect()
}

/// `chart.svg`.
pub fn chart(o: &Outcome) -> String {
    let m = &o.machine;
    let caption = format!(
        "{}: {} CPUs ({}), {}; median of {} run(s); load average {}",
        m.date,
        m.cpus,
        m.cpu_model,
        m.kernel,
        o.runs,
        o.load
            .0
            .map_or("unknown".to_string(), |l| format!("{l:.2}"))
    );
    chart::svg(
        "The course's programs against the reference (bench compare)",
        &caption,
        &groups(o),
    )
}
