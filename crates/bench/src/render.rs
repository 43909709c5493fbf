//! A comparison shown: the console table, `results.md` and the charts'
//! bars. Renderers read the results (and the plan's rows and the goals)
//! only; they measure nothing.

use std::fmt::Write as _;

use crate::chart::{self, Bar, Group};
use crate::goals::{self, BUSY};
use crate::plan::Plan;
use crate::results::{Family, Kind, Metric, Outcome, cell, show};

/// The many-callers tables: a title and the metrics in its columns.
const MANY_TABLES: &[(&str, &[&str])] = &[
    (
        "Many callers: who is served, and how fast",
        &[
            "served_few",
            "served_many",
            "rps_many",
            "rtt16_p50",
            "rtt100k_p99",
        ],
    ),
    (
        "Many callers: what an idle caller costs",
        &[
            "held_few_kib",
            "held_few_threads",
            "held_few_new_p99",
            "held_many_kib",
            "held_many_threads",
            "held_many_new_p99",
        ],
    ),
    (
        "Many callers: a caller who reads late",
        &["late_cpu", "late_mib"],
    ),
];

/// The one-at-a-time section's rows: `(label, cells)` with one cell per
/// column (reference, lesson, Python).
fn one_at_a_time(o: &Outcome, metrics: &[Metric]) -> Vec<(String, Vec<String>)> {
    metrics
        .iter()
        .filter(|m| m.family != Family::Many)
        .map(|m| {
            let cells = Kind::ALL
                .iter()
                .map(|&k| cell(o, m, o.named(m.family, k)))
                .collect();
            (format!("{}: {}", m.load, m.measure), cells)
        })
        .collect()
}

/// A many-callers table's header and rows (one per server).
fn many_table(
    o: &Outcome,
    metrics: &[Metric],
    ids: &[&str],
) -> (Vec<String>, Vec<Vec<String>>) {
    let columns: Vec<&Metric> = ids
        .iter()
        .filter_map(|id| {
            metrics
                .iter()
                .find(|m| m.family == Family::Many && m.id == *id)
        })
        .collect();
    let header = columns
        .iter()
        .map(|m| format!("{}: {}", m.load, m.measure))
        .collect();
    let rows = o
        .ran_in(Family::Many)
        .map(|r| {
            let mut row = vec![r.name.clone()];
            row.extend(columns.iter().map(|m| cell(o, m, Some(&r.name))));
            row
        })
        .collect();
    (header, rows)
}

/// The table and the goals, as `compare` prints them.
pub fn console(o: &Outcome, plan: &Plan) -> String {
    let metrics = crate::plan::metrics(plan);
    let mut s = String::new();
    let heads: Vec<&str> = Kind::ALL.iter().map(|k| k.heading()).collect();
    let _ = writeln!(
        s,
        "{:<42} {:<22} {:<22} {:<22}",
        "median of the runs (ratio to reference)", heads[0], heads[1], heads[2]
    );
    let _ = writeln!(s, "{}", "-".repeat(42 + 3 * 23));
    for (label, cells) in one_at_a_time(o, &metrics) {
        let _ = writeln!(
            s,
            "{label:<42} {:<22} {:<22} {:<22}",
            cells[0], cells[1], cells[2]
        );
    }
    if o.ran_in(Family::Many).next().is_some() {
        for (title, ids) in MANY_TABLES {
            let (header, rows) = many_table(o, &metrics, ids);
            let _ = writeln!(s, "\n{title}:");
            for row in rows {
                let _ = writeln!(s, "  {}", row[0]);
                for (h, c) in header.iter().zip(&row[1..]) {
                    let _ = writeln!(s, "    {h:<52} {c}");
                }
            }
        }
    }
    let _ = writeln!(s, "\ngoals:");
    for g in goals::check(o) {
        let _ = writeln!(s, "  [{}] {}: {}", g.verdict.word(), g.goal, g.detail);
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

/// A Markdown table row.
fn row(cells: &[String]) -> String {
    format!("| {} |", cells.join(" | "))
}

/// `idle.md`: the many-callers lessons' table of what an idle caller costs
/// each server (lessons 6, 7 and 8 include it), from the same run as
/// `results.md`, with the command and the date.
pub fn idle_table(o: &Outcome, plan: &Plan) -> Option<String> {
    o.ran_in(Family::Many).next()?;
    let metrics = crate::plan::metrics(plan);
    let ids = [
        "held_few_threads",
        "held_few_kib",
        "held_many_threads",
        "held_many_kib",
        "held_many_new_p99",
    ];
    let (header, rows) = many_table(o, &metrics, &ids);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        row(&[&["server".to_string()][..], &header].concat())
    );
    let _ = writeln!(s, "|{}", "---|".repeat(header.len() + 1));
    for mut r in rows {
        r[0] = format!("`{}`", r[0]);
        let _ = writeln!(s, "{}", row(&r));
    }
    let _ = writeln!(
        s,
        "\n*Measured on {} with `{}` (the whole run: [Is it fast?](performance.md)); \
         a cell with `–` was not measured for that server.*",
        o.machine.date, o.command
    );
    Some(s)
}

/// `results.md`: what the performance page includes.
pub fn markdown(o: &Outcome, plan: &Plan) -> String {
    let metrics = crate::plan::metrics(plan);
    let m = &o.machine;
    let mut s = String::new();
    let quick = if o.quick {
        " A `--quick` run: tiny counts, rough numbers."
    } else {
        ""
    };
    let _ = writeln!(
        s,
        "*Measured on {} with `{}`: {} run(s) of every load, the runs interleaved; each \
         cell is the median of the runs and, in brackets, its ratio to the reference.{quick}*\n",
        m.date, o.command, o.runs
    );
    let python = m.python.as_deref().unwrap_or("no Python");
    let _ = writeln!(
        s,
        "**Machine:** {} CPUs ({}), {}, {python}. {}\n",
        m.cpus,
        m.cpu_model,
        m.kernel,
        load_sentence(o)
    );
    let _ = writeln!(s, "**Pinning:** {}.\n", pinning_sentence(o));
    let heads: Vec<String> =
        Kind::ALL.iter().map(|k| k.heading().to_string()).collect();
    let _ = writeln!(
        s,
        "{}",
        row(&[&["load".to_string(), "measure".to_string()][..], &heads].concat())
    );
    let _ = writeln!(s, "|---|---|---|---|---|");
    for metric in metrics.iter().filter(|m| m.family != Family::Many) {
        let cells: Vec<String> = Kind::ALL
            .iter()
            .map(|&k| cell(o, metric, o.named(metric.family, k)))
            .collect();
        let _ = writeln!(
            s,
            "{}",
            row(&[
                &[metric.load.to_string(), metric.measure.to_string()][..],
                &cells
            ]
            .concat())
        );
    }
    let _ = writeln!(s, "\nThe programs in each column:\n");
    let _ = writeln!(s, "{}", row(&[&[String::new()][..], &heads].concat()));
    let _ = writeln!(s, "|---|---|---|---|");
    for (family, what) in [
        (Family::Tcp, "TCP server"),
        (Family::Udp, "UDP server"),
        (
            Family::Client,
            "client process (calling `bench reference-server --hang-up`)",
        ),
    ] {
        let names: Vec<String> = Kind::ALL
            .iter()
            .map(|&k| {
                o.named(family, k)
                    .map_or("not run".to_string(), |n| format!("`{n}`"))
            })
            .collect();
        let _ = writeln!(s, "{}", row(&[&[what.to_string()][..], &names].concat()));
    }
    if o.ran_in(Family::Many).next().is_some() {
        for (title, ids) in MANY_TABLES {
            let (header, rows) = many_table(o, &metrics, ids);
            let _ =
                writeln!(s, "\n**{title}** (ratios to `bench reference-server`):\n");
            let _ = writeln!(
                s,
                "{}",
                row(&[&["server".to_string()][..], &header].concat())
            );
            let _ = writeln!(s, "|{}", "---|".repeat(header.len() + 1));
            for r in rows {
                let mut r = r;
                r[0] = format!("`{}`", r[0]);
                let _ = writeln!(s, "{}", row(&r));
            }
        }
    }
    let _ = writeln!(s, "\n**Goals**, checked against the medians above:\n");
    for g in goals::check(o) {
        let _ = writeln!(s, "- **{}**: {}: {}", g.verdict.word(), g.goal, g.detail);
    }
    if !o.notes.is_empty() {
        let _ = writeln!(s, "\n**Notes from the run:**\n");
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
        Some(l) if l >= BUSY => {
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

/// The chart's bars for `metric`: one per program of its family that ran.
fn bars(o: &Outcome, metric: &Metric, names: Vec<(Kind, String)>) -> Group {
    let reference = o
        .named(metric.family, Kind::Reference)
        .and_then(|r| o.value(metric.family, metric.id, r));
    let bars = names
        .into_iter()
        .map(|(kind, name)| {
            let v = o.value(metric.family, metric.id, &name);
            let factor = v.zip(reference).and_then(|(v, r)| {
                let f = if metric.lower_is_better { v / r } else { r / v };
                (f.is_finite() && f > 0.0).then_some(f)
            });
            let text = match (v, factor) {
                (Some(v), Some(f)) if kind != Kind::Reference && f >= 1.0 => {
                    format!("{} ({f:.2}x worse)", show(metric.unit, v))
                }
                (Some(v), Some(f)) if kind != Kind::Reference => {
                    format!("{} ({:.2}x better)", show(metric.unit, v), 1.0 / f)
                }
                (Some(v), _) => show(metric.unit, v),
                (None, _) => "–".to_string(),
            };
            Bar {
                kind,
                label: name,
                factor,
                text,
            }
        })
        .collect();
    Group {
        title: format!("{}: {}", metric.load, metric.measure),
        bars,
    }
}

/// `chart.svg` (one caller at a time) and, when many callers were measured,
/// `many.svg`.
pub fn charts(o: &Outcome, plan: &Plan) -> (String, Option<String>) {
    let metrics = crate::plan::metrics(plan);
    let m = &o.machine;
    let load = o
        .load
        .0
        .map_or("unknown".to_string(), |l| format!("{l:.2}"));
    let caption = format!(
        "{}: {} CPUs ({}), {}; median of {} run(s); load average {load}",
        m.date, m.cpus, m.cpu_model, m.kernel, o.runs
    );
    let groups = |family: Option<Family>| -> Vec<Group> {
        metrics
            .iter()
            .filter(|m| m.chart && (m.family == Family::Many) == family.is_some())
            .map(|m| {
                let names = match family {
                    Some(f) => {
                        o.ran_in(f).map(|r| (r.kind, r.name.clone())).collect()
                    }
                    None => Kind::ALL
                        .iter()
                        .filter_map(|&k| {
                            Some((k, o.named(m.family, k)?.to_string()))
                        })
                        .collect(),
                };
                bars(o, m, names)
            })
            .collect()
    };
    let one = chart::svg(
        "The course's programs against the reference (bench compare)",
        &caption,
        &groups(None),
    );
    let many = o.ran_in(Family::Many).next().is_some().then(|| {
        chart::svg("Many callers at once: the servers against the reference (bench compare)", &caption, &groups(Some(Family::Many)))
    });
    (one, many)
}
