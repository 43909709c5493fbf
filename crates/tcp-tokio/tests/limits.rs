//! Running out of file descriptors, for real: the server under a limit of 32
//! open files (`prlimit`, Linux), more callers than it can hold.
#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::process::Command;
use std::time::Duration;

use common::testing::Server;
use common::testing::echo::Caller;

const BIN: &str = env!("CARGO_BIN_EXE_tcp-tokio");

/// The CPU time (user + system) the process `pid` has used, in seconds.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .unwrap()
        .1
        .split_whitespace()
        .collect();
    // utime and stime, fields 14 and 15 of the whole line, in clock ticks
    // (100 a second on Linux).
    let ticks: u64 =
        fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    ticks as f64 / 100.0
}

#[test]
fn out_of_descriptors_it_says_so_once_waits_calmly_and_recovers() {
    let limited = Command::new("prlimit")
        .args(["--nofile=32:32", "true"])
        .status();
    if !limited.is_ok_and(|s| s.success()) {
        eprintln!("skipped: prlimit is not available");
        return;
    }
    // prlimit sets the limit, then becomes the server (same process).
    let server = Server::start_with(
        "prlimit",
        &["--nofile=32:32", BIN, "server", "--addr", "127.0.0.1:0"],
    );
    assert_eq!(server.next_line(), "open files: up to 32");
    // More callers than 32 descriptors allow: the kernel completes every
    // call (the queue holds 1024), the server can take only some.
    let mut callers: Vec<Caller> =
        (0..40).map(|_| Caller::dial(server.addr())).collect();
    let said = server.wait_for("cannot pick up");
    assert!(
        said.starts_with(
            "cannot pick up: out of file descriptors (too many open files"
        ),
        "{said}"
    );
    // While the callers wait, the server pauses between tries: no busy loop.
    let before = cpu_seconds(server.id());
    std::thread::sleep(Duration::from_secs(1));
    let spent = cpu_seconds(server.id()) - before;
    assert!(spent < 0.2, "{spent} s of CPU in 1 s of waiting");
    // Callers on the line are served meanwhile.
    callers[0].say(b"served");
    // Twenty hang up: the callers who waited in the queue are picked up.
    callers.drain(..20);
    callers
        .last_mut()
        .unwrap()
        .say(b"the last caller, served at last");
    let (out, _) = server.kill();
    let again = out.iter().filter(|l| l.contains("cannot pick up")).count();
    assert_eq!(again, 0, "said more than once: {out:?}");
}
