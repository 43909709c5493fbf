//! Running out of file descriptors, for real: the server under a limit of 32
//! open files (`prlimit`, Linux), more callers than it can hold.
#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use common::testing::echo;

const BIN: &str = env!("CARGO_BIN_EXE_tcp-tokio");

#[test]
fn out_of_descriptors_it_says_so_once_waits_calmly_and_recovers() {
    // prlimit sets the limit, then becomes the server (same process). The
    // kernel completes every call (the queue holds 1024); the server can
    // take only some, and pauses between tries.
    let Some((said, _)) = echo::out_of_open_files(BIN) else {
        return;
    };
    assert!(
        said.starts_with(
            "cannot pick up: out of file descriptors (too many open files"
        ),
        "{said}"
    );
}
