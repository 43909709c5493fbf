//! The course's front door: the command a new user runs first.
//!
//! | command | module |
//! |---|---|
//! | `course`, `course list` | [`list`]: the lessons, their pages, commands and progress |
//! | `course tour` | [`tour`]: every lesson's demo, in order |
//! | `course check LESSON` | [`check`]: `cargo test -p LESSON`, in plain words, recorded in [`progress`] |
//! | `course watch` | [`watch`]: the current exercise's tests, run again on every save |
//! | `course hint [EXERCISE]` | [`hint`]: what to write, from the exercise's own markers |
//! | `course assignment OUT_DIR` | [`assignment`]: the starter for a class, from the [`markers`] |
//!
//! [`lessons`] holds the course's order; [`exercises`] finds the exercises
//! on disk; [`fingerprint`] tells whether a recorded result is about the code
//! as it is; [`cargo`] runs the tests and reads what they say; [`workspace`]
//! finds the course on disk (`COURSE_ROOT`, or the folder `course` was built
//! from).

pub mod assignment;
pub mod cargo;
pub mod check;
pub mod exercises;
pub mod fingerprint;
pub mod hint;
pub mod lessons;
pub mod list;
pub mod markers;
pub mod progress;
pub mod tour;
pub mod watch;
pub mod workspace;
