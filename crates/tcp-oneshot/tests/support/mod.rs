//! What lesson 1's tests share: one call to a server that answers one call
//! and ends, as two terminals make it.

use common::testing::{Server, cli};

/// `tcp-oneshot ARGS... --addr ADDR` calls `server` (lesson 1's, or an
/// exercise's: each answers one call, then ends by itself) and must print
/// `answer`, and nothing on stderr. Returns the server's log after its first line, once it has
/// ended with exit code 0: `call from ADDR`, then what it heard.
pub(crate) fn one_call(server: Server, args: &[&str], answer: &str) -> Vec<String> {
    let bin = env!("CARGO_BIN_EXE_tcp-oneshot");
    cli::call(bin, server.addr(), args, "")
        .success()
        .stdout(answer.to_string())
        .stderr("");
    server.wait_ok()
}
