//! Lesson 4: every function in the article's table, tried. Each topic is a
//! small experiment on loopback that makes the article's calls in Rust and
//! prints what the kernel really did: addresses, byte counts, error kinds and
//! codes, times.
//!
//! | module | what it holds |
//! |---|---|
//! | [`topics`] | one module per topic, each with `CALLS` and `run` |
//! | [`demo`] | every topic in order, for `course tour` |
//! | [`exercises`] | the lesson's exercises, runnable like topics |
//! | [`show`] | how values are printed: `key: value` lines, errors, times |
//! | `linux` | (Linux) socket states and queues read from `/proc/net/tcp` |
//!
//! [`TOPICS`] lists the topics in the order of the article's table, so the
//! binary and `course tour` can run them in-process.

use std::io::{self, Write};

use anyhow::{Context, Result};

pub mod demo;
pub mod exercises;
#[cfg(target_os = "linux")]
pub mod linux;
pub mod show;
pub mod topics;

/// One row of an experiment's header: the article's Python call and the Rust
/// call that does the same.
#[derive(Debug, Clone, Copy)]
pub struct Call {
    /// What the article writes, for example `s.getsockname()`.
    pub python: &'static str,
    /// The Rust call, for example `socket.local_addr()`.
    pub rust: &'static str,
}

impl Call {
    /// A Python call and its Rust counterpart.
    pub const fn new(python: &'static str, rust: &'static str) -> Self {
        Call { python, rust }
    }
}

/// One experiment: `sockopt-demo NAME` runs it.
#[derive(Debug, Clone, Copy)]
pub struct Topic {
    /// The name on the command line and the page's section id (`nodelay`).
    pub name: &'static str,
    /// One line saying what the experiment shows.
    pub summary: &'static str,
    /// The calls it makes, printed before it runs.
    pub calls: &'static [Call],
    /// The experiment. It starts with [`Topic::introduce`], then writes one
    /// `key: value` line to `out` per thing it observed. It runs on loopback
    /// only, waits a bounded time, and closes every socket it opened before
    /// it returns.
    pub run: fn(&mut dyn Write) -> Result<()>,
}

impl Topic {
    /// Prints the topic's title (`== NAME: SUMMARY`), then each call as a
    /// `python:` line and a `rust:` line. Every `run` starts with it.
    ///
    /// # Errors
    /// When `out` is closed.
    pub fn introduce(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "== {}: {}", self.name, self.summary)?;
        for call in self.calls {
            writeln!(out, "python: {}", call.python)?;
            writeln!(out, "rust:   {}", call.rust)?;
        }
        Ok(())
    }

    /// Runs the experiment: its title and calls, then what it observed.
    ///
    /// # Errors
    /// When the experiment itself fails (a socket call that should work did
    /// not), with the topic's name in the message.
    pub fn perform(&self, out: &mut dyn Write) -> Result<()> {
        (self.run)(out)
            .with_context(|| format!("the `{}` experiment failed", self.name))
    }
}

/// Every topic, in the order of the article's table: server, client, common,
/// blocking and timeouts, file-like.
pub const TOPICS: &[Topic] = &[
    topics::names::TOPIC,
    topics::connect_ex::TOPIC,
    topics::recv::TOPIC,
    topics::send_vs_sendall::TOPIC,
    topics::udp::TOPIC,
    topics::reuseaddr::TOPIC,
    topics::buffers::TOPIC,
    topics::nodelay::TOPIC,
    topics::keepalive::TOPIC,
    topics::linger::TOPIC,
    topics::close::TOPIC,
    topics::shutdown::TOPIC,
    topics::blocking::TOPIC,
    topics::timeout::TOPIC,
    topics::fileno::TOPIC,
    topics::makefile::TOPIC,
];

/// The lesson's exercises: `sockopt-demo exercise NAME` runs one.
pub const EXERCISES: &[Topic] = &[
    exercises::largest_write::TOPIC,
    exercises::connect_timeout::TOPIC,
    exercises::rcvbuf::TOPIC,
];

/// The topic (or exercise) called `name` in `list`.
pub fn find(list: &'static [Topic], name: &str) -> Option<&'static Topic> {
    list.iter().find(|topic| topic.name == name)
}

/// Prints one line per topic of `list`: its name and summary.
///
/// # Errors
/// When `out` is closed.
pub fn print_list(list: &[Topic], out: &mut dyn Write) -> Result<()> {
    let width = list.iter().map(|t| t.name.len()).max().unwrap_or(0);
    for topic in list {
        writeln!(out, "{:width$}  {}", topic.name, topic.summary)?;
    }
    Ok(())
}

/// Runs every topic of `list` in order, with a blank line between them.
///
/// # Errors
/// The first topic that fails; the ones after it do not run.
pub fn perform_all(list: &[Topic], out: &mut dyn Write) -> Result<()> {
    for (i, topic) in list.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        topic.perform(out)?;
    }
    Ok(())
}

/// What the binary does with a name from `list`: no name or `list` lists the
/// topics, `all` runs them all, any other name runs that topic.
///
/// # Errors
/// When the topic fails, or `name` is not in `list`.
pub fn run_by_name(
    list: &'static [Topic],
    name: Option<&str>,
    out: &mut dyn Write,
) -> Result<()> {
    match name {
        None | Some("list") => print_list(list, out),
        Some("all") => perform_all(list, out),
        Some(name) => match find(list, name) {
            Some(topic) => topic.perform(out),
            None => anyhow::bail!("no topic called `{name}`"),
        },
    }
}
