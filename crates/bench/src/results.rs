//! What a comparison found: the model every renderer reads (the console
//! table, `results.md`, the charts) and the goals are checked against. It
//! imports nothing of the bench but the statistics: data flows one way,
//! from the loads (`compare`) to here, and from here to the renderers.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use crate::machine::Machine;
use crate::process::Pinning;
use crate::stats::{median, show_mib_per_sec, show_secs};

/// The sections of the comparison: who is measured under which loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// TCP servers, one caller at a time.
    Tcp,
    /// UDP servers, one datagram at a time.
    Udp,
    /// Client programs, each run as a process of its own.
    Client,
    /// TCP servers of lesson 2's wire under many callers at once.
    Many,
}

/// Whose program it is: it picks the column (for one caller at a time) and
/// the colour of the chart's bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// The bench's own reference: the bar.
    Reference,
    /// A lesson's Rust program.
    Lesson,
    /// The article's (or the course's) Python program.
    Python,
}

impl Kind {
    /// All three, in the table's order.
    pub const ALL: [Kind; 3] = [Kind::Reference, Kind::Lesson, Kind::Python];

    /// The column's heading.
    pub fn heading(self) -> &'static str {
        match self {
            Kind::Reference => "reference (bench)",
            Kind::Lesson => "lesson (Rust)",
            Kind::Python => "article (Python)",
        }
    }
}

/// A program that was started (or, for a client, found) and measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ran {
    /// Its section.
    pub family: Family,
    /// Whose it is.
    pub kind: Kind,
    /// How it is named in the tables, e.g. `tcp-threads server`.
    pub name: String,
}

/// How a measured value is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A time, in seconds.
    Seconds,
    /// A throughput, in bytes per second.
    BytesPerSec,
    /// Clients served, out of `n` that tried.
    Served(usize),
    /// Events per second.
    PerSec,
    /// A plain count.
    Count,
    /// Memory, in KiB.
    KiB,
    /// Memory, in MiB.
    MiB,
}

/// One row of a table: a load and what is measured of it.
#[derive(Debug, Clone)]
pub struct Metric {
    /// The key the loads record it under.
    pub id: &'static str,
    /// Which programs it is measured on.
    pub family: Family,
    /// The load, as the table names it (its sizes are the plan's).
    pub load: String,
    /// What of it.
    pub measure: &'static str,
    /// How to show the value.
    pub unit: Unit,
    /// Whether less is better (a time, memory) or more (a throughput).
    pub lower_is_better: bool,
    /// Whether the chart shows it.
    pub chart: bool,
}

/// Everything a comparison found.
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
    /// Whether this was a `--quick` run.
    pub quick: bool,
    /// The command that reproduces it.
    pub command: String,
    /// Programs skipped, loads that failed, warnings.
    pub notes: Vec<String>,
    /// The programs measured, in the order they ran.
    pub ran: Vec<Ran>,
    /// Every measurement, per (family, metric id, program name), one per run.
    pub values: BTreeMap<(Family, &'static str, String), Vec<f64>>,
    /// The loads that failed, per (family, metric id, program name); a load
    /// neither measured nor failed was not run for that program.
    pub failed: BTreeSet<(Family, &'static str, String)>,
    /// How long the whole comparison took.
    pub elapsed: Duration,
}

impl Outcome {
    /// The median of the runs of `id` on `name` in `family`.
    pub fn value(&self, family: Family, id: &str, name: &str) -> Option<f64> {
        self.values
            .iter()
            .find(|((f, i, n), _)| *f == family && *i == id && n == name)
            .and_then(|(_, runs)| median(runs))
    }

    /// The programs of `family` that ran, in order.
    pub fn ran_in(&self, family: Family) -> impl Iterator<Item = &Ran> {
        self.ran.iter().filter(move |r| r.family == family)
    }

    /// The first program of `family` of `kind` (the one in that column).
    pub fn named(&self, family: Family, kind: Kind) -> Option<&str> {
        self.ran_in(family)
            .find(|r| r.kind == kind)
            .map(|r| r.name.as_str())
    }

    /// `name`'s value of `id` divided by `family`'s reference's.
    pub fn ratio(&self, family: Family, id: &str, name: &str) -> Option<f64> {
        let reference =
            self.value(family, id, self.named(family, Kind::Reference)?)?;
        let v = self.value(family, id, name)?;
        (reference > 0.0).then(|| v / reference)
    }
}

/// A value in its unit.
pub fn show(unit: Unit, v: f64) -> String {
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
        Unit::Served(n) => format!("{} of {n}", count(v)),
        Unit::PerSec => format!("{v:.0}/s"),
        Unit::Count => count(v),
        Unit::KiB => format!("{v:.1} KiB"),
        Unit::MiB => format!("{v:.1} MiB"),
    }
}

/// One cell: the median and, where it helps, its ratio to the family's
/// reference; `failed` where the load failed (the notes say why), `–` where
/// it was not run for that program.
pub fn cell(o: &Outcome, m: &Metric, name: Option<&str>) -> String {
    let Some(name) = name else {
        return "–".to_string();
    };
    let Some(v) = o.value(m.family, m.id, name) else {
        let failed = o.failed.contains(&(m.family, m.id, name.to_string()));
        return if failed { "failed" } else { "–" }.to_string();
    };
    let shown = show(m.unit, v);
    let is_reference = o.named(m.family, Kind::Reference) == Some(name);
    match o.ratio(m.family, m.id, name) {
        Some(r) if !is_reference && m.unit != Unit::Count => {
            format!("{shown} ({r:.2}x)")
        }
        _ => shown,
    }
}
