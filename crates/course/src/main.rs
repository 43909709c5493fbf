//! `course`: the command line of the course's front door. It parses and
//! dispatches; the work is in the library's modules.

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use course::lessons::{self, Lesson};
use course::{assignment, check, hint, list, tour, watch, workspace};

/// Sockets in Rust, one phone call at a time: where you are in the course and
/// what to do next.
#[derive(Debug, Parser)]
#[command(name = "course", version, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The lessons in order: each one's page, commands to try, and whether its
    /// tests passed at its last check (the default).
    List,
    /// Run every lesson's demo, one after another.
    Tour,
    /// Run a lesson's tests (cargo test -p LESSON), say what passed and what
    /// to look at next, and record the result for `course list`.
    Check {
        /// The lesson, by its crate's name (`course` lists them).
        #[arg(value_parser = lessons::parse)]
        lesson: &'static Lesson,
    },
    /// Run the tests of your current exercise (the first whose tests have not
    /// passed), again each time you save a file under crates/, and move on
    /// when it passes. Enter runs them again, h shows the hint, q or Ctrl-C
    /// leaves. In a terminal on Linux and macOS a key acts as soon as it is
    /// pressed; on Windows, and with input from a pipe, follow h and q with
    /// Enter.
    Watch {
        /// Look for changes every second instead of relying on the system's
        /// file events: for folders that send none (some network drives, a
        /// Windows folder under WSL).
        #[arg(long)]
        poll: bool,
    },
    /// What to write for your current exercise, or for EXERCISE: the hint of
    /// each function to write, where it is, and how to test it.
    Hint {
        /// An exercise: its name (quit), or LESSON/NAME (tcp-loop/quit) when
        /// several lessons have one of that name.
        #[arg(value_parser = hint::parse)]
        exercise: Option<String>,
    },
    /// For instructors: copy the course to OUT_DIR with every marked solution
    /// replaced by todo!("hint"), and write ASSIGNMENT.md for the students.
    Assignment {
        /// A new (or empty) folder outside the course.
        #[arg(value_name = "OUT_DIR")]
        out_dir: PathBuf,
    },
}

const AFTER_HELP: &str = "\
Run it from the course's folder:
  cargo run -q -p course                     the lessons and your progress
  cargo run -q -p course -- tour             every lesson's demo
  cargo run -q -p course -- check tcp-loop   one lesson's tests, in plain words
  cargo run -q -p course -- watch            your current exercise, tested on every save
  cargo run -q -p course -- hint             what to write for it
The course is found from where `course` was built; COURSE_ROOT=DIR overrides it.
Instructors: lessons/teaching.md in the book (mdbook serve mdbook)";

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = io::stdout();
    let result = match cli.command.unwrap_or(Command::List) {
        Command::List => {
            workspace::root().and_then(|root| list::run(&root, &mut out))
        }
        Command::Tour => tour::run(&mut out),
        Command::Check { lesson } => {
            workspace::root().and_then(|root| check::run(&root, lesson, &mut out))
        }
        Command::Watch { poll } => {
            workspace::root().and_then(|root| watch::run(&root, poll, &mut out))
        }
        Command::Hint { exercise } => workspace::root()
            .and_then(|root| hint::run(&root, exercise.as_deref(), &mut out)),
        Command::Assignment { out_dir } => workspace::root().and_then(|root| {
            assignment::generate(&root, &out_dir)
                .and_then(|starter| assignment::report(&starter, &out_dir, &mut out))
        }),
    };
    common::report(result, "course")
}
