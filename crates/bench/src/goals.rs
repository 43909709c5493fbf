//! The course's performance goals, in one table, and their check against a
//! comparison. The performance page shows the verdicts `results.md` lists;
//! both read this table, so a goal is written once.

use crate::results::{Family, Kind, Outcome, Unit, show};
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

/// One goal: the program, the metric, the rule, and how it reads.
#[derive(Debug, Clone, Copy)]
pub struct Goal {
    /// The section the metric is measured in.
    pub family: Family,
    /// The program, as the tables name it.
    pub program: &'static str,
    /// The metric's id.
    pub metric: &'static str,
    /// How it is shown.
    pub unit: Unit,
    /// What it must be.
    pub rule: Rule,
    /// The goal in words.
    pub text: &'static str,
}

const fn goal(
    family: Family,
    program: &'static str,
    metric: &'static str,
    unit: Unit,
    rule: Rule,
    text: &'static str,
) -> Goal {
    Goal {
        family,
        program,
        metric,
        unit,
        rule,
        text,
    }
}

/// Every goal, in the order the page lists them.
#[rustfmt::skip]
pub const GOALS: &[Goal] = {
    use Family::{Client, Many, Tcp, Udp};
    use Rule::{AtLeast, AtLeastTimesReference, AtMostTimesReference, Below};
    use Unit::{BytesPerSec, KiB, MiB, Seconds, Served};
    const LOOP: &str = "tcp-loop server";
    const THREADS: &str = "tcp-threads server";
    const EVENTS: &str = "tcp-events server";
    const TOKIO: &str = "tcp-tokio server";
    &[
        goal(Tcp, LOOP, "rtt16_p50", Seconds, AtMostTimesReference(1.15), "tcp-loop server, 16-byte round trip p50 within 1.15x of the reference"),
        goal(Tcp, LOOP, "rtt4k_p99", Seconds, Below(1e-3), "tcp-loop server, 4 KiB round trip p99 under 1 ms"),
        goal(Tcp, LOOP, "rtt100k_p99", Seconds, Below(1e-3), "tcp-loop server, 100 KiB round trip p99 under 1 ms"),
        goal(Tcp, LOOP, "stream", BytesPerSec, AtLeastTimesReference(0.5), "tcp-loop server, stream throughput at least half the reference's"),
        goal(Udp, "udp-echo server", "udp_p50", Seconds, AtMostTimesReference(1.15), "udp-echo server, round trip p50 within 1.15x of the reference"),
        goal(Client, "tcp-oneshot client", "call_p50", Seconds, Below(5e-3), "a whole `tcp-oneshot client` call, start to exit, under 5 ms"),
        goal(Many, THREADS, "rtt16_p50", Seconds, AtMostTimesReference(1.15), "tcp-threads server, 16-byte round trip p50 within 1.15x of the reference"),
        goal(Many, THREADS, "served_many", Served(200), AtLeast(200.0), "tcp-threads server, 200 of 200 callers served at once"),
        goal(Many, THREADS, "held_few_kib", KiB, Below(64.0), "tcp-threads server, 1,000 idle callers at most 64 KiB each"),
        goal(Many, THREADS, "held_few_new_p99", Seconds, Below(10e-3), "tcp-threads server, a new caller's whole call p99 under 10 ms with 1,000 held"),
        goal(Many, THREADS, "late_cpu", Seconds, Below(0.3), "tcp-threads server, 64 MiB to a late reader with under 0.3 CPU s while it waits"),
        goal(Many, EVENTS, "rtt16_p50", Seconds, AtMostTimesReference(1.15), "tcp-events server, 16-byte round trip p50 within 1.15x of the reference"),
        goal(Many, EVENTS, "rtt100k_p99", Seconds, Below(5e-3), "tcp-events server, 100 KiB round trip p99 under 5 ms"),
        goal(Many, EVENTS, "held_many_kib", KiB, Below(4.0), "tcp-events server, 10,000 idle callers at most 4 KiB each, one thread"),
        goal(Many, EVENTS, "held_many_new_p99", Seconds, Below(10e-3), "tcp-events server, a new caller's whole call p99 under 10 ms with 10,000 held"),
        goal(Many, EVENTS, "late_cpu", Seconds, Below(0.3), "tcp-events server, 64 MiB to a late reader with under 0.3 CPU s while it waits"),
        goal(Many, EVENTS, "late_mib", MiB, Below(16.0), "tcp-events server, and under 16 MiB more memory"),
        goal(Many, TOKIO, "rtt16_p50", Seconds, AtMostTimesReference(1.15), "tcp-tokio server, 16-byte round trip p50 within 1.15x of the reference"),
        goal(Many, TOKIO, "rtt100k_p99", Seconds, Below(5e-3), "tcp-tokio server, 100 KiB round trip p99 under 5 ms"),
        goal(Many, TOKIO, "held_many_kib", KiB, Below(5.0), "tcp-tokio server, 10,000 idle callers at most 5 KiB each"),
        goal(Many, TOKIO, "held_many_new_p99", Seconds, Below(10e-3), "tcp-tokio server, a new caller's whole call p99 under 10 ms with 10,000 held"),
        goal(Many, TOKIO, "late_cpu", Seconds, Below(0.3), "tcp-tokio server, 64 MiB to a late reader with under 0.3 CPU s while it waits"),
        goal(Many, TOKIO, "late_mib", MiB, Below(16.0), "tcp-tokio server, and under 16 MiB more memory"),
    ]
};

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

impl Verdict {
    /// How the tables write it.
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Missed => "MISSED",
            Verdict::Unmeasured => "not measured",
        }
    }
}

/// One goal, checked against one comparison.
#[derive(Debug, Clone)]
pub struct GoalCheck {
    /// Met, missed or not measured.
    pub verdict: Verdict,
    /// The goal, in words.
    pub goal: &'static str,
    /// The measured numbers behind the verdict.
    pub detail: String,
}

/// A one-minute load average from which a machine counts as busy.
pub const BUSY: f64 = 0.5;

/// Every goal checked against the medians of `o`. A goal missed on a busy
/// machine says so: noise hurts the tails (p99) first.
pub fn check(o: &Outcome) -> Vec<GoalCheck> {
    let busy = o.load.0.filter(|&load| load >= BUSY);
    GOALS
        .iter()
        .map(|g| {
            let mut check = check_one(o, g);
            if let (Verdict::Missed, Some(load)) = (check.verdict, busy) {
                check.detail.push_str(&format!(
                    "; the machine was busy (load average {load:.2}), which hurts \
                     p99 first: run it again on a quiet machine before you trust this"
                ));
            }
            check
        })
        .collect()
}

fn check_one(o: &Outcome, g: &Goal) -> GoalCheck {
    let unmeasured = GoalCheck {
        verdict: Verdict::Unmeasured,
        goal: g.text,
        detail:
            "not measured: the program or the reference did not run (see the notes)"
                .to_string(),
    };
    let Some(v) = o.value(g.family, g.metric, g.program) else {
        return unmeasured;
    };
    let reference = o
        .named(g.family, Kind::Reference)
        .and_then(|r| o.value(g.family, g.metric, r));
    let python = o
        .ran_in(g.family)
        .filter(|r| r.kind == Kind::Python)
        .find_map(|r| o.value(g.family, g.metric, &r.name));
    let (met, detail) = match (g.rule, reference) {
        (Rule::AtMostTimesReference(limit), Some(r)) if r > 0.0 => (
            v / r <= limit,
            format!(
                "{:.2}x the reference ({} against {})",
                v / r,
                show(g.unit, v),
                show(g.unit, r)
            ),
        ),
        (Rule::AtLeastTimesReference(limit), Some(r)) if r > 0.0 => (
            v / r >= limit,
            format!(
                "{:.2}x the reference ({} against {})",
                v / r,
                show(g.unit, v),
                show(g.unit, r)
            ),
        ),
        (Rule::Below(limit), _) => (v < limit, show(g.unit, v)),
        (Rule::AtLeast(limit), _) => (v >= limit, show(g.unit, v)),
        _ => return unmeasured,
    };
    let python = match (python, g.unit) {
        (Some(p), Unit::Seconds) if g.family != Family::Many => {
            format!("; the article's Python: {}", show_secs(p))
        }
        _ => String::new(),
    };
    GoalCheck {
        verdict: if met { Verdict::Met } else { Verdict::Missed },
        goal: g.text,
        detail: format!("{detail}{python}"),
    }
}
