//! The lessons, in the order the article takes them, and what `course` says
//! about each: its page, one sentence, the commands to try, its demo.

use std::io::{self, Write};

use anyhow::Result;

/// One lesson: a crate of the workspace with a binary of the same name.
#[derive(Debug)]
pub struct Lesson {
    /// The crate and its binary: what `cargo test -p` and `cargo run -p` take.
    pub name: &'static str,
    /// The page's title, as the book's table of contents (`SUMMARY.md`) has it.
    pub title: &'static str,
    /// What the lesson shows, in one sentence.
    pub sentence: &'static str,
    /// The page, from the workspace root.
    pub page: &'static str,
    /// Commands to try: the lesson binary's arguments, and a note (or "").
    pub try_these: &'static [(&'static str, &'static str)],
    /// The lesson's `demo::run`, for `course tour`; `None` while the lesson
    /// is not wired into `course` yet.
    pub demo: Option<fn() -> Result<()>>,
}

impl Lesson {
    /// The lesson's number, as its title gives it (`Lesson 5: ...`): the
    /// number the book and the article's order give it, from 1.
    pub fn number(&self) -> usize {
        self.title
            .strip_prefix("Lesson ")
            .and_then(|rest| rest.split(':').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    }

    /// The lesson after this one in [`LESSONS`], if any.
    pub fn next(&self) -> Option<&'static Lesson> {
        let at = LESSONS.iter().position(|l| l.name == self.name)?;
        LESSONS.get(at + 1)
    }

    /// The command a learner types to run the lesson's binary with `args`.
    pub fn command(&self, args: &str) -> String {
        match args {
            "" => format!("cargo run -q -p {}", self.name),
            args => format!("cargo run -q -p {} -- {args}", self.name),
        }
    }
}

/// Lesson 4 is a set of experiments rather than one call: the tour shows the
/// first (the server's and the client's calls, with the names each end sees).
fn first_experiment() -> Result<()> {
    let Some(topic) = sockopt_demo::TOPICS.first() else {
        anyhow::bail!("sockopt-demo has no experiments");
    };
    let mut out = io::stdout();
    topic.perform(&mut out)?;
    writeln!(
        out,
        "(the first of {} experiments: `cargo run -q -p sockopt-demo -- all` runs them all)",
        sockopt_demo::TOPICS.len()
    )?;
    out.flush()?;
    Ok(())
}

/// How a learner runs `course` itself: from the workspace, through Cargo.
pub const COURSE: &str = "cargo run -q -p course";

/// Every lesson, in order.
pub const LESSONS: &[Lesson] = &[
    Lesson {
        name: "tcp-oneshot",
        title: "Lesson 1: one call (tcp-oneshot)",
        sentence: "The server answers one call: one message, said back upper-cased.",
        page: "lessons/tcp-oneshot.md",
        try_these: &[
            ("demo", ""),
            ("server", "terminal 1"),
            ("client", "terminal 2"),
        ],
        demo: Some(tcp_oneshot::demo::run),
    },
    Lesson {
        name: "tcp-loop",
        title: "Lesson 2: keep talking (tcp-loop)",
        sentence: "The server takes callers one after another, each until they hang up.",
        page: "lessons/tcp-loop.md",
        try_these: &[
            ("demo", ""),
            ("server", "terminal 1"),
            ("client", "terminal 2: type lines; Ctrl-D hangs up"),
        ],
        demo: Some(tcp_loop::demo::run),
    },
    Lesson {
        name: "udp-echo",
        title: "Lesson 3: letters, not calls (udp-echo)",
        sentence: "No call at all: each datagram travels alone, like a letter.",
        page: "lessons/udp-echo.md",
        try_these: &[
            ("demo", ""),
            ("server", "terminal 1"),
            ("client 'LHF nb'", "terminal 2, before or after"),
        ],
        demo: Some(udp_echo::demo::run),
    },
    Lesson {
        name: "sockopt-demo",
        title: "Lesson 4: every function, tried (sockopt-demo)",
        sentence: "The rest of the article's table of functions, each tried for real.",
        page: "lessons/sockopt-demo.md",
        try_these: &[
            ("", "lists the experiments"),
            ("nodelay", "runs one"),
            ("all", "runs them all, in order"),
        ],
        demo: Some(first_experiment),
    },
    Lesson {
        name: "tcp-framing",
        title: "Lesson 5: where a message ends (tcp-framing)",
        sentence: "Two messages glued in one read (粘包), and the fix: a length sent first.",
        page: "lessons/tcp-framing.md",
        try_these: &[
            ("demo", ""),
            ("server", "terminal 1"),
            ("client hello world", "terminal 2: two frames, two answers"),
            ("file-server --dir shared", "then put, ls and get"),
        ],
        demo: Some(tcp_framing::demo::run),
    },
    Lesson {
        name: "tcp-threads",
        title: "Lesson 6: many callers at once (tcp-threads)",
        sentence: "Lesson 2's server with a thread for each caller: all are answered at once.",
        page: "lessons/tcp-threads.md",
        try_these: &[
            ("demo", ""),
            ("server", "terminal 1"),
            ("client", "terminals 2 and 3, both on the line at once"),
        ],
        demo: Some(tcp_threads::demo::run),
    },
    Lesson {
        name: "tcp-events",
        title: "Lesson 7: one thread, ten thousand callers (tcp-events)",
        sentence: "Non-blocking sockets and a readiness loop: one thread serves every caller at once.",
        page: "lessons/tcp-events.md",
        try_these: &[
            ("demo", "the loop's events, in order"),
            ("server", "terminal 1"),
            ("client", "terminals 2 and 3, at the same time"),
            ("measure busy-wait", "then: measure readiness"),
        ],
        demo: Some(tcp_events::demo::run),
    },
    Lesson {
        name: "tcp-tokio",
        title: "Lesson 8: async/await, and closing time (tcp-tokio)",
        sentence: "Lesson 2's server on tokio: a task per caller, an idle timeout, a clean Ctrl-C.",
        page: "lessons/tcp-tokio.md",
        try_these: &[
            ("demo", ""),
            ("server", "terminal 1; Ctrl-C closes it gracefully"),
            ("client", "terminals 2 and 3: both answered at once"),
        ],
        demo: Some(tcp_tokio::demo::run),
    },
    Lesson {
        name: "wire-watch",
        title: "Lesson 9: watch the wire (wire-watch)",
        sentence: "The lessons' own packets, captured on loopback: each call and what it sent.",
        page: "lessons/wire-watch.md",
        try_these: &[
            ("demo", "as root: sudo target/debug/wire-watch demo"),
            ("demo --help", "lists the demos"),
            ("capture --port 9000", "as root, beside lesson 1's programs"),
        ],
        demo: Some(wire_watch::tour),
    },
];

/// Finds a lesson by its name: the value parser of `course check LESSON`.
///
/// ```
/// assert_eq!(course::lessons::parse("tcp-oneshot").unwrap().number(), 1);
/// let err = course::lessons::parse("tcp").unwrap_err();
/// assert!(err.contains("tcp-oneshot, tcp-loop"));
/// ```
///
/// # Errors
/// A one-line message that lists the lessons, when `name` is none of them.
pub fn parse(name: &str) -> Result<&'static Lesson, String> {
    LESSONS.iter().find(|l| l.name == name).ok_or_else(|| {
        let names: Vec<&str> = LESSONS.iter().map(|l| l.name).collect();
        format!(
            "`{name}` is not a lesson of this course; the lessons are {}",
            names.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_order() {
        let numbers: Vec<usize> = LESSONS.iter().map(Lesson::number).collect();
        assert_eq!(numbers[..4], [1, 2, 3, 4]);
        assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
        for lesson in LESSONS {
            assert!(lesson.title.ends_with(&format!("({})", lesson.name)));
            assert_eq!(lesson.page, format!("lessons/{}.md", lesson.name));
        }
    }

    #[test]
    fn an_unknown_lesson_lists_the_real_ones() {
        let err = parse("tcp_loop").unwrap_err();
        assert_eq!(
            err,
            "`tcp_loop` is not a lesson of this course; the lessons are \
             tcp-oneshot, tcp-loop, udp-echo, sockopt-demo, tcp-framing, tcp-threads, \
             tcp-events, tcp-tokio, wire-watch"
        );
    }
}
