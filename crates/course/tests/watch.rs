//! `course watch`, driven for real: the program runs as a learner runs it, on
//! a copy of a small course made by `course assignment` (the fixture
//! `tests/fixtures/watch`: one lesson, `greet`, with the exercises `hello`
//! and `bump`, each a `todo!()` in the copy). The test writes an exercise's
//! solution into the copy, as the learner's editor would, and waits, within
//! a bound, for the watch to notice, run the tests and move on; then it
//! leaves with `q` or Ctrl-C. Every spawned program is killed when its test
//! ends, pass or fail.
//!
//! Most tests run a stand-in for cargo (`tests/fixtures/fake-cargo`: a test
//! passes once its exercise's file has no `todo!(` left), so they take well
//! under a second each; one runs the real cargo on the copy.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

mod support;

use std::fs;
use std::path::Path;
use std::process::{Command, ExitStatus};
use std::time::Duration;

use common::testing::Process;
use support::{FIXTURE, Starter};

/// The real cargo building and testing the small course from cold, on a
/// busy two-core machine; it takes a few seconds when all is well.
const BUILD: Duration = Duration::from_secs(300);

/// What the learner does: writes the function, here the fixture's solution.
fn solve(root: &Path, exercise: &str) {
    let file = format!("crates/greet/src/exercises/{exercise}.rs");
    let solution = fs::read_to_string(Path::new(FIXTURE).join(&file)).unwrap();
    fs::write(root.join(file), solution).unwrap();
}

/// Which cargo the watch runs.
enum Cargo<'a> {
    /// `tests/fixtures/fake-cargo` (a shell script) in a mode, with the
    /// tests it lists.
    #[cfg(unix)]
    Fake { mode: &'a str, tests: &'a str },
    /// The real one, building in `target`.
    Real { target: &'a Path },
}

/// `course ARGS` on the course at `root`, with `cargo`, ready to start.
fn command(root: &Path, args: &[&str], cargo: Cargo<'_>) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_course"));
    command
        .args(args)
        .env("COURSE_ROOT", root)
        .env("CARGO_TERM_COLOR", "never");
    match cargo {
        #[cfg(unix)]
        Cargo::Fake { mode, tests } => {
            let fake = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/fake-cargo");
            command
                .env("CARGO", fake)
                .env("FAKE_CARGO", mode)
                .env("FAKE_CARGO_TESTS", tests)
                .env("FAKE_CARGO_PID", root.join("cargo.pid"));
        }
        Cargo::Real { target } => {
            // Its own build folder: the one of the `cargo test` running this
            // is locked while the tests run.
            command
                .env("CARGO_TARGET_DIR", target)
                .env("CARGO_NET_OFFLINE", "true");
        }
    }
    command
}

/// Starts `course ARGS` on the course at `root`, with `cargo`: its output
/// read as it comes, every wait bounded, killed when the test ends.
fn watch(root: &Path, args: &[&str], cargo: Cargo<'_>) -> Process {
    Process::start_command(command(root, args, cargo))
}

/// Waits, at most `common::testing::WAIT`, for the watch to end by itself (after `q` or
/// Ctrl-C); its exit status and the stdout and stderr lines not yet read.
fn ended(watch: Process) -> (ExitStatus, Vec<String>, Vec<String>) {
    let ended = watch.finish();
    let lines = |text: &str| text.lines().map(str::to_string).collect();
    (
        ended.status,
        lines(&ended.stdout_text()),
        lines(&ended.stderr),
    )
}

/// Types `q` and Enter, waits for the watch to end and checks that it ended
/// well (exit code 0); its stdout and stderr lines not yet read.
fn quit(mut watch: Process) -> (Vec<String>, Vec<String>) {
    watch.type_line("q");
    let (status, out, err) = ended(watch);
    assert!(status.success(), "{status:?}\n{out:?}\n{err:?}");
    (out, err)
}

/// The same as a student meets it, with the real cargo: the copy builds,
/// the first exercise's test fails on its `todo!()`, the save is noticed
/// through the system's file events, the test passes and the watch moves on.
#[test]
fn the_real_cargo_in_an_assignment_copy() {
    let root = Starter::new("watch-real");
    let target = root.target();
    let watch = watch(&root, &["watch"], Cargo::Real { target: &target });
    watch.wait_for_within("test hello_greets_ada ... FAILED", BUILD);
    watch.wait_for_within("course: greet/hello: 1 of 1 test failed", BUILD);
    watch.wait_for("next: write it and save");
    solve(&root, "hello");
    watch.wait_for_within("course: greet/hello: all 1 test passed", BUILD);
    watch.wait_for_within("test bump_adds_one ... FAILED", BUILD);
    watch.wait_for_within("course: greet/bump: 1 of 1 test failed", BUILD);
    quit(watch);
}

/// The tests with the stand-in for cargo, a shell script.
#[cfg(unix)]
mod with_a_fake_cargo {
    use super::*;
    use assert_cmd::cargo::cargo_bin_cmd;
    use common::testing::{Terminal, WAIT};

    const TESTS: &str = "hello_greets_ada bump_adds_one";

    fn fake(mode: &str) -> Cargo<'_> {
        Cargo::Fake { mode, tests: TESTS }
    }

    /// What `course hint` says: it names the first exercise not passed yet.
    fn hint(root: &Path) -> String {
        let out = cargo_bin_cmd!("course")
            .arg("hint")
            .env("COURSE_ROOT", root)
            .timeout(WAIT)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The first exercise fails with its hint; writing it makes the watch run
    /// the tests again, see it pass and move on to the next; `h` shows that one's
    /// hint; `q` leaves, with exit code 0; and what passed is remembered, so
    /// `course hint` now names the second exercise.
    #[test]
    fn a_save_that_makes_an_exercise_pass_moves_the_watch_on() {
        let root = Starter::new("watch-moves-on");
        let mut watch = watch(&root, &["watch"], fake("files"));
        // The page's order, not the names': hello before bump.
        watch.wait_for("== greet/hello: cargo test -p greet --test exercises hello");
        watch.wait_for("course: greet/hello: 1 of 1 test failed");
        let todo = watch.wait_for("crates/greet/src/exercises/hello.rs:");
        assert!(todo.ends_with(": say \"hello, {name}\""), "{todo}");
        watch.wait_for("next: write it and save");

        solve(&root, "hello");
        watch.wait_for("course: greet/hello: all 1 test passed");
        watch.wait_for("== greet/bump");
        watch.wait_for("course: greet/bump: 1 of 1 test failed");
        watch.wait_for("next: write it and save");

        watch.type_line("h");
        watch.wait_for("greet/bump, in crates/greet/src/exercises/bump.rs");
        watch.wait_for("    add one and return it");
        let (out, err) = quit(watch);
        assert!(out.last().unwrap().starts_with("Bye."), "{out:?}");
        assert!(err.iter().all(|l| !l.contains("panicked")), "{err:?}");

        let hint = hint(&root);
        assert!(hint.contains("\ngreet/bump, in "), "{hint}");
    }

    /// With `--poll` (no file events), a save is noticed all the same, and
    /// Ctrl-C leaves cleanly: exit code 0, no panic.
    #[test]
    fn polling_notices_a_save_and_ctrl_c_leaves_cleanly() {
        let root = Starter::new("watch-poll");
        let watch = watch(&root, &["watch", "--poll"], fake("files"));
        watch.wait_for("course: greet/hello: 1 of 1 test failed");
        watch.wait_for("next: write it and save");
        solve(&root, "hello");
        watch.wait_for("course: greet/hello: all 1 test passed");
        watch.wait_for("course: greet/bump: 1 of 1 test failed");
        watch.signal("INT");
        let (status, out, err) = ended(watch);
        assert_eq!(status.code(), Some(0), "{out:?}\n{err:?}");
        assert!(out.last().unwrap().starts_with("Bye."), "{out:?}");
        assert!(err.iter().all(|l| !l.contains("panicked")), "{err:?}");
    }

    /// An exercise that no test is named after is said so and passed over,
    /// not waited on forever.
    #[test]
    fn an_exercise_without_tests_is_passed_over() {
        let root = Starter::new("watch-no-tests");
        solve(&root, "hello");
        let only_hello = Cargo::Fake {
            mode: "files",
            tests: "hello_greets_ada",
        };
        let watch = watch(&root, &["watch"], only_hello);
        watch.wait_for("course: greet/hello: all 1 test passed");
        watch.wait_for(
            "course: greet/bump: no test in crates/greet/tests/exercises.rs is named \
             after it (bump_...)");
        watch.wait_for("course: every exercise with tests passes them");
        quit(watch);
    }

    /// Ctrl-C in the middle of a run that would never end stops it and leaves at
    /// once: the watch does not wait for the tests.
    #[test]
    fn ctrl_c_stops_a_run_and_leaves() {
        let root = Starter::new("watch-hang");
        let watch = hanging(&root);
        watch.signal("INT");
        let (status, out, err) = ended(watch);
        assert_eq!(status.code(), Some(0), "{out:?}\n{err:?}");
        reap(&root);
    }

    /// The watch, once its first run has started and hangs.
    fn hanging(root: &Path) -> Process {
        let watch = watch(root, &["watch"], fake("hang"));
        watch.wait_for("hanging");
        watch
    }

    /// Whatever happened, the stand-in's `sleep` does not outlive the test.
    fn reap(root: &Path) {
        if let Ok(pid) = fs::read_to_string(root.join("cargo.pid")) {
            let _ = Command::new("kill").args(["-9", pid.trim()]).output();
        }
    }

    /// `course watch` in a real terminal (a pseudo-terminal), followed by
    /// `stty`, which prints the settings that differ from a sane terminal's;
    /// the shell leaves Ctrl-C to the watch. `None` where util-linux `script`
    /// is missing.
    fn in_a_terminal(root: &Path) -> Option<Terminal> {
        let watch = command(root, &["watch"], fake("files"));
        let mut shell = Command::new("sh");
        shell
            .args(["-c", "trap '' INT; \"$0\" watch; code=$?; stty; exit $code"])
            .arg(watch.get_program());
        for (key, value) in watch.get_envs() {
            if let Some(value) = value {
                shell.env(key, value);
            }
        }
        Terminal::start_command(&shell)
    }

    /// Starts the watch in a terminal, waits for its first verdict, lets
    /// `learner` press keys, then checks that the watch left with exit code 0
    /// and put the terminal back: after its last line, `stty` shows neither
    /// `-icanon` nor `-echo`.
    fn leaves_the_terminal_as_it_was(
        test: &str,
        learner: impl FnOnce(&mut Terminal),
    ) {
        let root = Starter::new(test);
        let Some(mut terminal) = in_a_terminal(&root) else {
            return;
        };
        terminal.wait_for("next: write it and save", 1);
        learner(&mut terminal);
        let (status, screen) = terminal.finish();
        assert!(status.success(), "{status:?}\n{screen}");
        let bye = screen.rfind("Bye.").unwrap_or_else(|| panic!("{screen}"));
        let after = &screen[bye..];
        let settings: Vec<&str> = after.split_whitespace().collect();
        for left_on in ["-icanon", "-echo"] {
            assert!(!settings.contains(&left_on), "{left_on} left on:\n{after}");
        }
    }

    /// In a terminal a key acts as soon as it is pressed: `h` alone shows
    /// the hint, `q` alone leaves.
    #[test]
    fn in_a_terminal_q_alone_leaves_and_the_terminal_is_put_back() {
        leaves_the_terminal_as_it_was("watch-keys", |terminal| {
            terminal.wait_for("h: the hint. q or Ctrl-C: leave.", 1);
            terminal.press(b"h");
            terminal
                .wait_for("greet/hello, in crates/greet/src/exercises/hello.rs", 1);
            terminal.press(b"q");
        });
    }

    /// Ctrl-C in a terminal leaves as cleanly.
    #[test]
    fn in_a_terminal_ctrl_c_puts_the_terminal_back() {
        leaves_the_terminal_as_it_was("watch-keys-ctrl-c", |terminal| {
            terminal.press(b"\x03");
        });
    }

    /// Ctrl-Z stops the watch and the shell takes its own terminal settings
    /// back; `fg` continues the watch with single keys again (`h` alone
    /// shows the hint, `q` alone leaves), not keys that wait for Enter.
    #[test]
    fn in_a_terminal_fg_after_ctrl_z_brings_single_keys_back() {
        let root = Starter::new("watch-keys-ctrl-z");
        let watch = command(&root, &["watch"], fake("files"));
        // A shell with job control, as a learner's terminal window has.
        let mut bash = Command::new("bash");
        // In English (its "Stopped" is what the test waits for), and with no
        // history written to the machine's ~/.bash_history.
        bash.args(["--norc", "--noprofile", "-i"])
            .env("PS1", "learner$ ")
            .env("LC_ALL", "C")
            .env("HISTFILE", "/dev/null");
        if Command::new("bash").args(["-c", ":"]).output().is_err() {
            eprintln!("skipped: bash is not installed");
            return;
        }
        for (key, value) in watch.get_envs() {
            if let Some(value) = value {
                bash.env(key, value);
            }
        }
        let Some(mut terminal) = Terminal::start_command(&bash) else {
            return;
        };
        let program = watch.get_program().to_string_lossy().into_owned();
        terminal.type_line(&format!("'{program}' watch"));
        terminal.wait_for("next: write it and save", 1);
        terminal.press(b"\x1a");
        terminal.wait_for("Stopped", 1);
        terminal.type_line("fg");
        terminal.press(b"h");
        terminal.wait_for("greet/hello, in crates/greet/src/exercises/hello.rs", 1);
        terminal.press(b"q");
        // The shell's third prompt: the watch has left and given the
        // terminal back (typed earlier, `exit` could go to the watch).
        terminal.wait_for("learner$ ", 3);
        terminal.type_line("exit");
        let (status, screen) = terminal.finish();
        assert!(status.success(), "{status:?}\n{screen}");
    }

    /// `q` works while the first run is still going, too; and the end of a
    /// piped input is not taken for `q` (only Ctrl-D in a terminal is).
    #[test]
    fn q_leaves_during_a_run() {
        let root = Starter::new("watch-q-during-run");
        let mut watch = hanging(&root);
        watch.type_line("");
        watch.type_line("what");
        watch.wait_for("(Enter: run the tests again. h + Enter: the hint.");
        quit(watch);
        reap(&root);
    }
}
