//! What a topic is (its name, its calls, its experiment) and how the binary
//! and `course tour` run one, or all of a list.

use std::io::{self, Write};

use anyhow::{Context, Result};

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
    /// The experiment. It writes one `key: value` line to `out` per thing it
    /// observed ([`Topic::perform`] prints the title and calls before it). It
    /// runs on loopback only, waits a bounded time, and closes every socket
    /// it opened before it returns.
    pub run: fn(&mut dyn Write) -> Result<()>,
}

impl Topic {
    /// Prints the topic's title (`== NAME: SUMMARY`), then each call as a
    /// `python:` line and a `rust:` line.
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
        self.introduce(out)?;
        (self.run)(out)
            .with_context(|| format!("the `{}` experiment failed", self.name))
    }
}

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
