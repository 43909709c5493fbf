//! Wire compatibility with the article's own Python programs (in `python/`):
//! its client against this server, this client against its server.
//! Skipped, with a note, where `python3` is not installed.

use common::testing::{Server, cli, echo, python3};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-loop");

#[test]
fn the_articles_python_client_calls_this_server() {
    let Some(python) = python3() else { return };
    let server = echo::python_client_calls(python, "tcp_loop_client.py", BIN);
    server.expect_call(&["hello", "LHF nb"]);
}

#[test]
fn this_client_calls_the_articles_python_server() {
    let Some(python) = python3() else { return };
    let server = python.server("tcp_loop_server.py");
    for caller in ["first", "second"] {
        let input = format!("hello from the {caller}\nLHF nb\n");
        cli::call(BIN, server.addr(), &["client"], input)
            .success()
            .stdout(format!(
                "HELLO FROM THE {}\nLHF NB\n",
                caller.to_uppercase()
            ));
        // The article prints the address tuple.
        let line = server.next_line();
        assert!(line.starts_with("client : ('127.0.0.1', "), "{line}");
        assert_eq!(
            server.next_line(),
            format!("from client msg: b'hello from the {caller}'")
        );
        assert_eq!(server.next_line(), "from client msg: b'LHF nb'");
    }
}

#[test]
fn the_articles_server_answers_a_long_line_in_pieces_and_this_client_joins_them() {
    let Some(python) = python3() else { return };
    let server = python.server("tcp_loop_server.py");
    let line = "m".repeat(3000);
    cli::call(BIN, server.addr(), &["client"], format!("{line}\n"))
        .success()
        .stdout(format!("{}\n", line.to_uppercase()));
    assert!(server.next_line().starts_with("client : "));
    // recv(1024): the article's server hears 3000 bytes in three reads and
    // answers each; read_exact puts the three answers back together.
    let mut heard = 0;
    while heard < 3000 {
        let line = server.next_line();
        let shown = line
            .strip_prefix("from client msg: b'")
            .and_then(|rest| rest.strip_suffix('\''))
            .unwrap_or_else(|| panic!("{line:.60}"));
        assert!(shown.len() <= 1024 && shown.bytes().all(|b| b == b'm'));
        heard += shown.len();
    }
    assert_eq!(heard, 3000);
}

/// The one-liner the page gives for a caller that resets: SO_LINGER 0, then
/// close.
pub const RESET_ONE_LINER: &str = "import socket, struct; \
    s = socket.create_connection(('127.0.0.1', 8080)); \
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0)); \
    s.close()";

#[test]
fn the_pages_python_one_liner_resets_the_call() {
    let Some(python) = python3() else { return };
    let server = Server::start(BIN);
    let port = server.addr().port().to_string();
    let one_liner = RESET_ONE_LINER.replace("8080", &port);
    cli::run(python.program(), &["-c", &one_liner], "").success();
    let peer = server.next_line();
    let peer = peer.strip_prefix("client : ").expect("a caller");
    assert_eq!(
        cli::os_neutral(&server.next_line()),
        cli::os_neutral(&format!(
            "client {peer} reset the call: connection reset by peer (os error N)"
        ))
    );
}
