//! The course's front door: the command a new user runs first.
//!
//! | command | module |
//! |---|---|
//! | `course`, `course list` | [`list`]: the lessons, their pages, commands and progress |
//! | `course tour` | [`tour`]: every lesson's demo, in order |
//! | `course check LESSON` | [`check`]: `cargo test -p LESSON`, in plain words, recorded in [`progress`] |
//! | `course assignment OUT_DIR` | [`assignment`]: the starter for a class, from the [`markers`] |
//!
//! [`lessons`] holds the course's order; [`workspace`] finds the course on
//! disk (`COURSE_ROOT`, or the folder `course` was built from).

pub mod assignment;
pub mod check;
pub mod lessons;
pub mod list;
pub mod markers;
pub mod progress;
pub mod tour;
pub mod workspace;
