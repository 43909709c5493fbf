//! A comparison shown: the console's text, the Markdown files the pages
//! include, and the charts' bars. Renderers read the results, the plan's
//! rows and the goals only; they measure nothing.

use crate::chart::{self, Bar, Group};
use crate::goals::{self, BUSY};
use crate::plan::{self, Plan};
use crate::results::{Kind, Metric, Outcome, Section, cell, show};
use crate::stats::show_load;

/// The tables of `many.md`: a title and the metrics in its columns.
#[rustfmt::skip]
const MANY_TABLES: &[(&str, &[&str])] = &[
    ("Many callers: who is served, and how fast",
     &["served_few", "served_many", "rps_many", "rtt16_p50", "rtt100k_p99"]),
    ("Many callers: what an idle caller costs",
     &["held_few_kib", "held_few_threads", "held_few_new_p99",
       "held_many_kib", "held_many_threads", "held_many_new_p99"]),
    ("Many callers: a caller who reads late", &["late_cpu", "late_mib"]),
];

/// `idle.md`'s columns, which lessons 6, 7 and 8 include.
#[rustfmt::skip]
const IDLE: &[&str] = &[
    "held_few_threads", "held_few_kib", "held_many_threads", "held_many_kib",
    "held_many_new_p99",
];

/// The charts: their file, their title and the sections they draw.
#[rustfmt::skip]
const CHARTS: &[(&str, &str, &[Section])] = &[
    ("chart.svg", "The course's programs against the reference",
     &[Section::Tcp, Section::Udp, Section::Client]),
    ("frames.svg", "Lesson 5's frames and files against the reference's raw echo and stream",
     &[Section::Frames]),
    ("many.svg", "Many callers at once: the servers against the reference",
     &[Section::Many]),
];

/// A Markdown table, under `title` when there is one.
fn table(title: &str, header: Vec<String>, rows: Vec<Vec<String>>) -> String {
    let row = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
    let mut s = if title.is_empty() {
        String::new()
    } else {
        format!("\n{title}\n\n")
    };
    s.push_str(&row(&header));
    s.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    rows.iter().for_each(|r| s.push_str(&row(r)));
    s
}

/// The rows of `sections`, one per metric, a column per kind of program;
/// then which programs are in each column.
fn by_kind(o: &Outcome, metrics: &[Metric], sections: &[(Section, &str)]) -> String {
    let kinds = Kind::ALL.map(|k| k.heading().to_string());
    let rows = metrics
        .iter()
        .filter(|m| sections.iter().any(|&(s, _)| s == m.section))
        .map(|m| {
            let cells = Kind::ALL.map(|k| cell(o, m, o.program(m.section, m.id, k)));
            [vec![m.load.clone(), m.measure.to_string()], cells.to_vec()].concat()
        });
    let programs = sections.iter().map(|&(section, what)| {
        let names = Kind::ALL.map(|k| {
            let names: Vec<String> = (o.ran_in(section).filter(|r| r.kind == k))
                .map(|r| format!("`{}`", r.name))
                .collect();
            if names.is_empty() {
                "not run".to_string()
            } else {
                names.join(", ")
            }
        });
        [vec![what.to_string()], names.to_vec()].concat()
    });
    let header = [vec!["load".into(), "measure".into()], kinds.to_vec()].concat();
    let s = table("", header, rows.collect());
    let header = [vec![String::new()], kinds.to_vec()].concat();
    s + &table("The programs in each column:", header, programs.collect())
}

/// A many-callers table: a row per server, a column per metric of `ids`.
fn by_server(o: &Outcome, metrics: &[Metric], title: &str, ids: &[&str]) -> String {
    let columns: Vec<&Metric> = (ids.iter())
        .filter_map(|id| {
            metrics
                .iter()
                .find(|m| m.section == Section::Many && m.id == *id)
        })
        .collect();
    let header = std::iter::once("server".to_string())
        .chain(columns.iter().map(|m| m.title()));
    let rows = o.ran_in(Section::Many).map(|r| {
        let cells = columns.iter().map(|m| cell(o, m, Some(&r.name)));
        std::iter::once(format!("`{}`", r.name))
            .chain(cells)
            .collect()
    });
    table(title, header.collect(), rows.collect())
}

/// What `compare` prints: the Markdown files' tables, the goals and the
/// notes, as the pages show them.
pub fn console(o: &Outcome, plan: &Plan) -> String {
    let files = files(o, plan);
    let tables = ["results.md", "frames.md", "many.md"];
    let shown = files.iter().filter(|(name, _)| tables.contains(name));
    let text: String = shown.map(|(_, text)| format!("{text}\n")).collect();
    let secs = o.elapsed.as_secs_f64();
    format!("{text}the whole comparison took {secs:.0} s\n")
}

/// The files `compare --write DIR` writes, by name: `results.md` (one
/// caller at a time, the goals, the notes), `frames.md` (lesson 5),
/// `many.md` (many callers), `idle.md` (lessons 6 to 8 include it) and a
/// chart for each of the first three.
pub fn files(o: &Outcome, plan: &Plan) -> Vec<(&'static str, String)> {
    let metrics = plan::metrics(plan);
    let mut files = vec![("results.md", results(o, &metrics))];
    let footer = |tables: String| {
        format!(
            "{}\n*Measured on {} with `{}` (the whole run: [Is it fast?](performance.md)); \
             a cell with `–` was not measured for that server.*\n",
            tables.trim_start(),
            o.machine.date,
            o.command
        )
    };
    let ran = |section| o.ran_in(section).next().is_some();
    if ran(Section::Frames) {
        let lesson5 = "lesson 5 (the reference: its raw echo and stream)";
        let tables = by_kind(o, &metrics, &[(Section::Frames, lesson5)]);
        files.push(("frames.md", footer(tables)));
    }
    if ran(Section::Many) {
        let many = MANY_TABLES.iter().map(|(title, ids)| {
            let title = format!("**{title}** (ratios to `bench reference-server`):");
            by_server(o, &metrics, &title, ids)
        });
        files.push(("many.md", footer(many.collect())));
        files.push(("idle.md", footer(by_server(o, &metrics, "", IDLE))));
    }
    for &(name, title, sections) in CHARTS {
        if sections.iter().any(|&s| ran(s)) {
            files.push((name, chart(o, &metrics, title, sections)));
        }
    }
    files
}

/// `results.md`: the run, the one-caller-at-a-time table, its programs,
/// every goal and the notes.
fn results(o: &Outcome, metrics: &[Metric]) -> String {
    let m = &o.machine;
    let quick = if o.quick {
        " A `--quick` run: tiny counts, rough numbers."
    } else {
        ""
    };
    let mut s = format!(
        "*Measured on {} with `{}`: {} run(s) of every load, the runs interleaved; each \
         cell is the median of the runs (a memory growth: the largest) and, in brackets, its ratio to the reference.{quick}*\n\n",
        m.date, o.command, o.runs
    );
    let python = m.python.as_deref().unwrap_or("no Python");
    let busy = match o.load.0 {
        Some(l) if l >= BUSY => {
            " Other programs were running (a quiet machine stays near 0), so these \
             numbers are noisier than they would be on a quiet one."
        }
        Some(_) => " The machine was quiet.",
        None => "",
    };
    s += &format!(
        "**Machine:** {}, {python}. One-minute load average {} before the run ({} \
         after it, the bench's own work included).{busy}\n\n",
        m.summary(),
        show_load(o.load.0),
        show_load(o.load.1)
    );
    let pinning = match &o.pinning {
        Ok(p) => format!(
            "with `taskset`, the bench and the client processes on CPU {}, every server \
             on CPU {}",
            p.client, p.server
        ),
        Err(why) => why.clone(),
    };
    s += &format!("**Pinning:** {pinning}.\n\n");
    let client = "client process (calling `bench reference-server --hang-up`)";
    let sections = [
        (Section::Tcp, "TCP server"),
        (Section::Udp, "UDP server"),
        (Section::Client, client),
    ];
    s += &by_kind(o, metrics, &sections);
    s += "\n**Goals**, checked against the medians of this run (lesson 5's and the many \
          callers' in their own tables):\n\n";
    for goal in goals::check(o, metrics) {
        s += &format!("- {goal}\n");
    }
    if !o.notes.is_empty() {
        s += "\n**Notes from the run:**\n\n";
        for note in &o.notes {
            s += &format!("- {}\n", note.replace('|', "\\|"));
        }
    }
    s
}

/// A chart of the charted metrics of `sections`: a group per metric, a bar
/// per program (one per column, or for many callers every server).
fn chart(
    o: &Outcome,
    metrics: &[Metric],
    title: &str,
    sections: &[Section],
) -> String {
    let groups: Vec<Group> = metrics
        .iter()
        .filter(|m| m.chart && sections.contains(&m.section))
        .map(|m| {
            let names: Vec<(Kind, &str)> = if m.section == Section::Many {
                o.ran_in(m.section)
                    .map(|r| (r.kind, r.name.as_str()))
                    .collect()
            } else {
                Kind::ALL
                    .iter()
                    .filter_map(|&k| Some((k, o.program(m.section, m.id, k)?)))
                    .collect()
            };
            Group {
                title: m.title(),
                bars: names.into_iter().map(|(k, n)| bar(o, m, k, n)).collect(),
            }
        })
        .collect();
    let m = &o.machine;
    let caption = format!(
        "{}: {}; median of {} run(s); load average {}",
        m.date,
        m.summary(),
        o.runs,
        show_load(o.load.0)
    );
    chart::svg(&format!("{title} (bench compare)"), &caption, &groups)
}

/// `name`'s bar for `metric`: how many times worse than the reference.
fn bar(o: &Outcome, metric: &Metric, kind: Kind, name: &str) -> Bar {
    let reference = o.reference(metric.section, metric.id);
    let v = o.value(metric.section, metric.id, name);
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
        label: name.to_string(),
        factor,
        text,
    }
}
