//! A comparison shown: the console's text, the Markdown files the pages
//! include, and the charts' bars. Renderers read the results, the plan's
//! rows and the goals only; they measure nothing.

use std::fmt::Write as _;

use crate::chart::{self, Bar, Group};
use crate::goals::{self, BUSY};
use crate::plan::{self, Plan};
use crate::results::{Kind, Metric, Outcome, Section, cell, show};

/// The sections measured one program per column, in `results.md`.
const ONE_AT_A_TIME: [Section; 3] = [Section::Tcp, Section::Udp, Section::Client];

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

/// `idle.md`'s columns, which lessons 6, 7 and 8 include.
const IDLE: &[&str] = &[
    "held_few_threads",
    "held_few_kib",
    "held_many_threads",
    "held_many_kib",
    "held_many_new_p99",
];

/// A table for the console and Markdown alike.
struct Table {
    title: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// The rows of `sections`, one per metric, a column per kind of program.
fn by_kind(o: &Outcome, metrics: &[Metric], sections: &[Section]) -> Table {
    let mut header = vec!["load".to_string(), "measure".to_string()];
    header.extend(Kind::ALL.iter().map(|k| k.heading().to_string()));
    let rows = metrics
        .iter()
        .filter(|m| sections.contains(&m.section))
        .map(|m| {
            let mut row = vec![m.load.clone(), m.measure.to_string()];
            row.extend(
                Kind::ALL
                    .iter()
                    .map(|&k| cell(o, m, o.program(m.section, m.id, k))),
            );
            row
        })
        .collect();
    let title = String::new();
    Table {
        title,
        header,
        rows,
    }
}

/// The programs in each column of `sections`' rows.
fn programs(o: &Outcome, sections: &[(Section, &str)]) -> Table {
    let mut header = vec![String::new()];
    header.extend(Kind::ALL.iter().map(|k| k.heading().to_string()));
    let rows = sections
        .iter()
        .map(|&(section, what)| {
            let mut row = vec![what.to_string()];
            row.extend(Kind::ALL.iter().map(|&k| {
                let names: Vec<String> = o
                    .ran_in(section)
                    .filter(|r| r.kind == k)
                    .map(|r| format!("`{}`", r.name))
                    .collect();
                if names.is_empty() {
                    "not run".to_string()
                } else {
                    names.join(", ")
                }
            }));
            row
        })
        .collect();
    let title = "The programs in each column:".to_string();
    Table {
        title,
        header,
        rows,
    }
}

/// A many-callers table: a row per server, a column per metric of `ids`.
fn by_server(o: &Outcome, metrics: &[Metric], title: &str, ids: &[&str]) -> Table {
    let columns: Vec<&Metric> = ids
        .iter()
        .filter_map(|id| {
            metrics
                .iter()
                .find(|m| m.section == Section::Many && m.id == *id)
        })
        .collect();
    let mut header = vec!["server".to_string()];
    header.extend(columns.iter().map(|m| m.title()));
    let rows = o
        .ran_in(Section::Many)
        .map(|r| {
            let mut row = vec![format!("`{}`", r.name)];
            row.extend(columns.iter().map(|m| cell(o, m, Some(&r.name))));
            row
        })
        .collect();
    let title = title.to_string();
    Table {
        title,
        header,
        rows,
    }
}

fn many_tables(o: &Outcome, metrics: &[Metric]) -> Vec<Table> {
    if o.ran_in(Section::Many).next().is_none() {
        return Vec::new();
    }
    MANY_TABLES
        .iter()
        .map(|(title, ids)| by_server(o, metrics, title, ids))
        .collect()
}

fn frames_tables(o: &Outcome, metrics: &[Metric]) -> Vec<Table> {
    let what = "lesson 5 (the reference: its raw echo and stream)";
    vec![
        by_kind(o, metrics, &[Section::Frames]),
        programs(o, &[(Section::Frames, what)]),
    ]
}

fn markdown(t: &Table) -> String {
    let row = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
    let mut s = String::new();
    if !t.title.is_empty() {
        let _ = writeln!(s, "\n{}\n", t.title);
    }
    s.push_str(&row(&t.header));
    let _ = writeln!(s, "|{}", "---|".repeat(t.header.len()));
    for r in &t.rows {
        s.push_str(&row(r));
    }
    s
}

/// A table as text: in aligned columns when they fit on a line, else a
/// block per row, a line per column.
fn console_table(t: &Table) -> String {
    let plain = |c: &String| c.replace('`', "");
    let widths: Vec<usize> = (0..t.header.len())
        .map(|i| {
            let cells = t.rows.iter().map(|r| &r[i]).chain([&t.header[i]]);
            cells.map(|c| plain(c).chars().count()).max().unwrap_or(0)
        })
        .collect();
    let mut s = format!("\n{}\n", t.title.replace("**", ""));
    if widths.iter().map(|w| w + 2).sum::<usize>() <= 130 {
        for r in [&t.header].into_iter().chain(&t.rows) {
            for (c, w) in r.iter().zip(&widths) {
                let _ = write!(s, "{:<w$}  ", plain(c));
            }
            s = s.trim_end().to_string() + "\n";
        }
        return s;
    }
    for r in &t.rows {
        let _ = writeln!(s, "  {}", plain(&r[0]));
        for (h, c) in t.header.iter().zip(r).skip(1) {
            let _ = writeln!(s, "    {h:<52} {c}");
        }
    }
    s
}

/// What `compare` prints: every table, the goals and the notes.
pub fn console(o: &Outcome, plan: &Plan) -> String {
    let metrics = plan::metrics(plan);
    let mut tables = vec![by_kind(o, &metrics, &ONE_AT_A_TIME)];
    tables[0].title = "median of the runs (ratio to the reference)".to_string();
    tables.extend(frames_tables(o, &metrics).into_iter().take(1).map(|mut t| {
        t.title = "lesson 5: frames and files".to_string();
        t
    }));
    tables.extend(many_tables(o, &metrics));
    let mut s: String = tables.iter().map(console_table).collect();
    let _ = writeln!(s, "\ngoals:");
    for g in goals::check(o, &metrics) {
        let _ = writeln!(s, "  [{}] {}: {}", g.verdict.word(), g.goal, g.detail);
    }
    for note in &o.notes {
        let _ = writeln!(s, "note: {note}");
    }
    let secs = o.elapsed.as_secs_f64();
    let _ = writeln!(s, "the whole comparison took {secs:.0} s");
    s
}

/// The files `compare --write DIR` writes, by name: `results.md` (one
/// caller at a time, the goals, the notes), `frames.md` (lesson 5),
/// `many.md` (many callers), `idle.md` (lessons 6 to 8 include it) and a
/// chart for each of the first three.
pub fn files(o: &Outcome, plan: &Plan) -> Vec<(&'static str, String)> {
    let metrics = plan::metrics(plan);
    let mut files = vec![("results.md", results(o, &metrics))];
    let footer = |tables: Vec<Table>| {
        let mut s: String = tables.iter().map(markdown).collect();
        let _ = writeln!(
            s,
            "\n*Measured on {} with `{}` (the whole run: [Is it fast?](performance.md)); \
             a cell with `–` was not measured for that server.*",
            o.machine.date, o.command
        );
        s.trim_start().to_string()
    };
    if o.ran_in(Section::Frames).next().is_some() {
        files.push(("frames.md", footer(frames_tables(o, &metrics))));
    }
    if o.ran_in(Section::Many).next().is_some() {
        let mut tables = many_tables(o, &metrics);
        for t in &mut tables {
            t.title =
                format!("**{}** (ratios to `bench reference-server`):", t.title);
        }
        files.push(("many.md", footer(tables)));
        let idle = by_server(o, &metrics, "", IDLE);
        files.push(("idle.md", footer(vec![idle])));
    }
    let charts = [
        (
            "chart.svg",
            "The course's programs against the reference",
            &ONE_AT_A_TIME[..],
        ),
        (
            "frames.svg",
            "Lesson 5's frames and files against the reference's raw echo and stream",
            &[Section::Frames],
        ),
        (
            "many.svg",
            "Many callers at once: the servers against the reference",
            &[Section::Many],
        ),
    ];
    for (name, title, sections) in charts {
        if sections.iter().any(|&s| o.ran_in(s).next().is_some()) {
            files.push((name, chart(o, &metrics, title, sections)));
        }
    }
    files
}

/// `results.md`: the run, the one-caller-at-a-time table, its programs,
/// every goal and the notes.
fn results(o: &Outcome, metrics: &[Metric]) -> String {
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
    s.push_str(&markdown(&by_kind(o, metrics, &ONE_AT_A_TIME)));
    s.push_str(&markdown(&programs(
        o,
        &[
            (Section::Tcp, "TCP server"),
            (Section::Udp, "UDP server"),
            (
                Section::Client,
                "client process (calling `bench reference-server --hang-up`)",
            ),
        ],
    )));
    let _ = writeln!(
        s,
        "\n**Goals**, checked against the medians of this run (lesson 5's and the many \
         callers' in their own tables):\n"
    );
    for g in goals::check(o, metrics) {
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
    let load = o
        .load
        .0
        .map_or("unknown".to_string(), |l| format!("{l:.2}"));
    let m = &o.machine;
    let caption = format!(
        "{}: {} CPUs ({}), {}; median of {} run(s); load average {load}",
        m.date, m.cpus, m.cpu_model, m.kernel, o.runs
    );
    chart::svg(&format!("{title} (bench compare)"), &caption, &groups)
}

/// `name`'s bar for `metric`: how many times worse than the reference.
fn bar(o: &Outcome, metric: &Metric, kind: Kind, name: &str) -> Bar {
    let reference = o
        .program(metric.section, metric.id, Kind::Reference)
        .and_then(|r| o.value(metric.section, metric.id, r));
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
