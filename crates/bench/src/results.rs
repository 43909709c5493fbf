//! What a comparison found: the model every renderer reads (the console,
//! the Markdown tables, the charts) and the goals are checked against. It
//! imports nothing of the bench but the statistics and what describes the
//! run: data flows one way, from the loads (`compare`) to here, and from
//! here to the renderers.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::machine::Machine;
use crate::process::Pinning;
use crate::stats::{median, show_mib_per_sec, show_secs};

/// The sections of the comparison: who is measured under which loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// TCP servers, one caller at a time.
    Tcp,
    /// UDP servers, one datagram at a time.
    Udp,
    /// Client programs, each run as a process of its own.
    Client,
    /// Lesson 5's frames and files, against the reference's raw echo.
    Frames,
    /// TCP servers of lesson 2's wire under many callers at once.
    Many,
}

/// Whose program it is: its column (one caller at a time) and the colour
/// of its bars.
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
    /// All three, in the tables' order.
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

/// A program that was started (or, for a client, found) and measured, and
/// how the tables name it, e.g. `tcp-threads server`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ran {
    pub section: Section,
    pub kind: Kind,
    pub name: String,
}

/// How a measured value is shown: the unit it is recorded in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Seconds,
    BytesPerSec,
    /// Clients served, out of `n` that tried.
    Served(usize),
    PerSec,
    Count,
    KiB,
    MiB,
}

/// One row of a table: a load (as the table names it, with the plan's
/// sizes) and what is measured of it, recorded under `id`.
#[derive(Debug, Clone)]
pub struct Metric {
    pub id: &'static str,
    pub section: Section,
    pub load: String,
    pub measure: &'static str,
    pub unit: Unit,
    /// Whether less is better (a time, memory) or more (a throughput).
    pub lower_is_better: bool,
    /// Whether the chart shows it.
    pub chart: bool,
}

impl Metric {
    /// `load: measure`, the row's or the column's title.
    pub fn title(&self) -> String {
        format!("{}: {}", self.load, self.measure)
    }
}

/// A load's runs on one program: each a value, or why it failed.
pub type Runs = Vec<Result<f64, String>>;

/// Everything a comparison found.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub machine: Machine,
    /// The one-minute load average before and after.
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
    /// Every measurement, or why it failed, per (section, metric id,
    /// program), one per run; a load not there was not run for that program.
    pub values: BTreeMap<(Section, &'static str, String), Runs>,
    pub elapsed: Duration,
}

/// The rows whose cell is the largest of the runs, not their median: how
/// much a server's memory grew. The runs share one server process, so its
/// first run grows it and later runs reuse what the first one left; their
/// median would hide the growth.
pub const WORST_RUN: &[&str] = &["files_mib", "late_mib"];

impl Outcome {
    /// The median of the runs of `id` on `name` in `section` that measured
    /// it; for a memory growth, the largest ([`WORST_RUN`]).
    pub fn value(&self, section: Section, id: &str, name: &str) -> Option<f64> {
        let runs = self.runs_of(section, id, name)?;
        let measured: Vec<f64> =
            runs.iter().filter_map(|r| r.clone().ok()).collect();
        if WORST_RUN.contains(&id) {
            return measured.into_iter().reduce(f64::max);
        }
        median(&measured)
    }

    fn runs_of(&self, section: Section, id: &str, name: &str) -> Option<&Runs> {
        let key = (section, id, name);
        let found = self
            .values
            .iter()
            .find(|((s, i, n), _)| (*s, *i, n.as_str()) == key);
        found.map(|(_, runs)| runs)
    }

    /// Whether `id` failed on `name` in `section`, in any run.
    pub fn failed(&self, section: Section, id: &str, name: &str) -> bool {
        self.runs_of(section, id, name)
            .is_some_and(|runs| runs.iter().any(Result::is_err))
    }

    /// The programs of `section` that ran, in order.
    pub fn ran_in(&self, section: Section) -> impl Iterator<Item = &Ran> {
        self.ran.iter().filter(move |r| r.section == section)
    }

    /// The program in `kind`'s column for `id`: the first of `section` of
    /// that kind that measured it (lesson 5's column holds two servers), or
    /// else the first of that kind.
    pub fn program(&self, section: Section, id: &str, kind: Kind) -> Option<&str> {
        let names: Vec<&str> = self
            .ran_in(section)
            .filter(|r| r.kind == kind)
            .map(|r| r.name.as_str())
            .collect();
        let tried = |n: &&str| self.runs_of(section, id, n).is_some();
        names.iter().copied().find(tried).or(names.first().copied())
    }

    /// The value of `id` of the section's reference.
    pub fn reference(&self, section: Section, id: &str) -> Option<f64> {
        self.value(section, id, self.program(section, id, Kind::Reference)?)
    }

    /// `name`'s value of `id` divided by the section's reference's.
    pub fn ratio(&self, section: Section, id: &str, name: &str) -> Option<f64> {
        let reference = self.reference(section, id)?;
        let v = self.value(section, id, name)?;
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

/// One cell: the median and, where it helps, its ratio to the section's
/// reference; `failed` where the load failed (the notes say why), `–` where
/// it was not run for that program.
pub fn cell(o: &Outcome, m: &Metric, name: Option<&str>) -> String {
    let Some(name) = name else {
        return "–".to_string();
    };
    let Some(v) = o.value(m.section, m.id, name) else {
        let failed = o.failed(m.section, m.id, name);
        return if failed { "failed" } else { "–" }.to_string();
    };
    let is_reference = o.program(m.section, m.id, Kind::Reference) == Some(name);
    match o.ratio(m.section, m.id, name) {
        Some(r) if !is_reference && m.unit != Unit::Count => {
            format!("{} ({r:.2}x)", show(m.unit, v))
        }
        _ => show(m.unit, v),
    }
}
