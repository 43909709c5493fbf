//! `course`: the command line of the course's front door. It parses and
//! dispatches; the work is in the library's modules.

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use course::lessons::{self, Lesson};
use course::{assignment, check, list, tour, workspace};

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
        /// The lesson, by its crate's name as `course` lists them: tcp-oneshot,
        /// tcp-loop, udp-echo, sockopt-demo, tcp-framing, ...
        #[arg(value_parser = lessons::parse)]
        lesson: &'static Lesson,
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
        Command::Assignment { out_dir } => workspace::root().and_then(|root| {
            assignment::generate(&root, &out_dir)
                .and_then(|starter| assignment::report(&starter, &out_dir, &mut out))
        }),
    };
    common::report(result, "course")
}
