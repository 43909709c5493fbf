//! Lesson 2 as a learner would try it: real server and client processes over
//! loopback, on ports the system picks.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use assert_cmd::assert::Assert;
use common::testing::{Process, Server, Terminal, WAIT, cli, echo};
use socket2::{Domain, Socket, Type};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-loop");

/// `tcp-loop client` against `server`, with `input` as its standard input
/// (a pipe, not a terminal: no prompt).
fn call(server: &Server, input: impl Into<Vec<u8>>) -> Assert {
    cli::call(BIN, server.addr(), &["client"], input)
}

#[test]
fn answers_each_line_upper_cased_without_a_prompt() {
    let server = Server::start(BIN);
    // Standard input is a pipe here, so no `>>>: ` appears: stdout holds the
    // answers and nothing else.
    call(&server, "hello\nLHF nb\n")
        .success()
        .stdout("HELLO\nLHF NB\n")
        .stderr("");
    let peer = server.expect_call(&["hello", "LHF nb"]);
    assert!(peer.starts_with("127.0.0.1:"), "{peer}");
}

#[test]
fn the_prompt_shows_when_a_person_types() {
    let server = Server::start(BIN);
    let args = ["client", "--addr", &server.addr_arg()];
    let Some(mut terminal) = Terminal::start(BIN, &args) else {
        return;
    };
    terminal.answer_prompts(">>>: ", &["hello", ""]);
    terminal.ctrl_d();
    let (status, screen) = terminal.finish();
    assert!(status.success(), "{status:?}: {screen}");
    // The typed text is the terminal's echo; Ctrl-D ends the prompt's line.
    assert_eq!(screen, ">>>: hello\nHELLO\n>>>: \n>>>: \n");
    let (_, lines) = server.next_call();
    assert_eq!(lines[0], "from client msg: b'hello'");
    assert!(lines[1].ends_with(" hung up"));
}

#[test]
fn serves_callers_one_after_another() {
    let server = Server::start(BIN);
    let mut peers = Vec::new();
    for i in 1..=3 {
        call(&server, format!("caller {i}\n"))
            .success()
            .stdout(format!("CALLER {i}\n"));
        let (peer, lines) = server.next_call();
        assert_eq!(lines[0], format!("from client msg: b'caller {i}'"));
        assert_eq!(lines[1], format!("client {peer} hung up"));
        peers.push(peer);
    }
    // Three calls, three different client ports.
    let ports: std::collections::BTreeSet<&String> = peers.iter().collect();
    assert_eq!(ports.len(), 3, "{peers:?}");
}

#[test]
fn a_client_that_sends_many_lines() {
    let server = Server::start(BIN);
    let input: String = (0..2000).map(|i| format!("line {i}\n")).collect();
    call(&server, input.clone())
        .success()
        .stdout(input.to_uppercase());
    let (_, lines) = server.next_call();
    // One read per line: the client waits for each answer before it says
    // the next line, so the lines never run together.
    assert_eq!(lines.len(), 2001);
    assert_eq!(lines[1999], "from client msg: b'line 1999'");
}

#[test]
fn a_one_mebibyte_line_comes_back_whole() {
    let server = Server::start(BIN);
    comes_back_whole(&server, b'm', 1 << 20);
    // The server heard it in many reads (at most BUFSIZE each), each shown
    // cut to a short line with its length.
    let (_, lines) = server.next_call();
    let reads = &lines[..lines.len() - 1];
    assert!(
        reads.len() >= (1 << 20) / tcp_loop::BUFSIZE,
        "{}",
        reads.len()
    );
    for line in reads {
        assert!(line.starts_with("from client msg: b'mmmm"), "{line}");
        assert!(line.ends_with(" bytes)") && line.len() < 120, "{line}");
    }
}

#[test]
fn a_line_larger_than_the_socket_buffers_does_not_stall() {
    // Said in one go and only then listened to, 16 MiB would fill the
    // buffers both ways (the server answers while it hears) and leave both
    // sides waiting; the client says it in pieces and listens after each.
    let server = Server::start(BIN);
    comes_back_whole(&server, b'z', 16 << 20);
}

/// A line of `len` times `byte`, piped to the client: the answer is the
/// whole line upper-cased, then a newline, and nothing else.
fn comes_back_whole(server: &Server, byte: u8, len: usize) {
    let mut input = vec![byte; len];
    input.push(b'\n');
    let assert = call(server, input).success();
    let stdout = &assert.get_output().stdout;
    assert_eq!(stdout.len(), len + 1);
    let upper = byte.to_ascii_uppercase();
    assert!(stdout[..len].iter().all(|&b| b == upper));
    assert_eq!(stdout[len], b'\n');
}

#[test]
fn empty_lines_are_skipped_and_line_endings_not_sent() {
    let server = Server::start(BIN);
    call(&server, "\nhello\n\n\r\ncrlf\r\nlast line without newline")
        .success()
        .stdout("HELLO\nCRLF\nLAST LINE WITHOUT NEWLINE\n");
    server.expect_call(&["hello", "crlf", "last line without newline"]);
}

#[test]
fn non_utf8_bytes_travel_unchanged() {
    let server = Server::start(BIN);
    let assert = call(&server, &b"\xff\xfe ok\x01\n"[..]).success();
    // Only a-z change; every other byte comes back as it went.
    assert_eq!(assert.get_output().stdout, b"\xff\xfe OK\x01\n");
    let (_, lines) = server.next_call();
    assert_eq!(lines[0], r"from client msg: b'\xff\xfe ok\x01'");
}

/// Dials `server`, says `hello` and reads `HELLO`, as a caller in the middle
/// of a call.
fn caller_in_a_call(server: &Server) -> Socket {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).expect("socket");
    socket.connect(&server.addr().into()).expect("dial");
    socket.set_read_timeout(Some(WAIT)).expect("timeout");
    let mut conn = TcpStream::from(socket.try_clone().expect("clone"));
    conn.write_all(b"hello").expect("say hello");
    let mut answer = [0u8; 5];
    conn.read_exact(&mut answer).expect("hear HELLO");
    assert_eq!(&answer, b"HELLO");
    socket
}

#[test]
fn a_client_that_resets_does_not_stop_the_server() {
    let server = Server::start(BIN);
    let socket = caller_in_a_call(&server);
    // SO_LINGER 0: closing sends a reset (RST) instead of the polite FIN,
    // what a crashed peer or a Windows program that vanishes often does.
    socket.set_linger(Some(Duration::ZERO)).expect("linger 0");
    drop(socket);
    let (peer, lines) = server.next_call();
    assert_eq!(lines[0], "from client msg: b'hello'");
    let reset = format!(
        "client {peer} reset the call: {}",
        cli::os_words("connection reset by peer")
    );
    assert!(lines[1].starts_with(&reset), "{lines:?}");
    // The server goes on with the next caller.
    call(&server, "next\n").success().stdout("NEXT\n");
    assert_eq!(server.next_call().1[0], "from client msg: b'next'");
}

#[test]
fn a_client_that_hangs_up_mid_message_does_not_stop_the_server() {
    let server = Server::start(BIN);
    // Say 200 KB and hang up without listening to the answer: the server is
    // still answering when the call ends, so it sees a reset (its write or
    // read fails) or the end of the call, depending on timing. Either way
    // the call ends with one line and the server goes on.
    let mut conn = TcpStream::connect(server.addr()).expect("dial");
    conn.write_all(&vec![b'x'; 200_000]).expect("say 200 KB");
    drop(conn);
    let (peer, lines) = server.next_call();
    let last = lines.last().unwrap();
    assert!(
        last == &format!("client {peer} hung up")
            || last.starts_with(&format!("client {peer} reset the call: ")),
        "{lines:?}"
    );
    // A caller who dials and hangs up without a word.
    drop(TcpStream::connect(server.addr()).expect("dial"));
    let (peer, lines) = server.next_call();
    assert_eq!(lines, [format!("client {peer} hung up")]);
    call(&server, "still there?\n")
        .success()
        .stdout("STILL THERE?\n");
}

#[test]
fn the_second_caller_waits_until_the_first_hangs_up() {
    let server = Server::start(BIN);
    let mut first = Process::start(BIN, &["client", "--addr", &server.addr_arg()]);
    first.type_line("first");
    assert_eq!(first.next_line(), "FIRST");
    let (first_peer, _) = (server.next_line(), server.next_line());
    assert!(first_peer.starts_with("client : "), "{first_peer}");

    // The second caller gets through at once: the kernel completes the call
    // and queues it (listen's backlog). Its message waits with it.
    let mut second = TcpStream::connect(server.addr()).expect("dial");
    second.write_all(b"second").expect("say it");
    // The server is still talking with the first caller...
    first.type_line("still here");
    assert_eq!(first.next_line(), "STILL HERE");
    assert_eq!(server.next_line(), "from client msg: b'still here'");
    // ...so nobody has picked up the second call: no answer has come.
    second.set_nonblocking(true).expect("nonblocking");
    let mut answer = [0u8; 6];
    let err = second.read(&mut answer).expect_err("no answer yet");
    assert_eq!(err.kind(), ErrorKind::WouldBlock);

    // The first caller hangs up; only now is the second one served.
    let status = first.finish().status;
    assert!(status.success());
    assert!(server.next_line().ends_with(" hung up"));
    assert!(server.next_line().starts_with("client : "));
    assert_eq!(server.next_line(), "from client msg: b'second'");
    second.set_nonblocking(false).expect("blocking");
    second.set_read_timeout(Some(WAIT)).expect("timeout");
    second.read_exact(&mut answer).expect("the answer");
    assert_eq!(&answer, b"SECOND");
}

#[cfg(target_os = "linux")]
#[test]
fn a_caller_who_resets_while_waiting_in_the_queue_is_handed_over_and_dropped() {
    let server = Server::start(BIN);
    let mut first = Process::start(BIN, &["client", "--addr", &server.addr_arg()]);
    first.type_line("first");
    assert_eq!(first.next_line(), "FIRST");
    // A second caller gets through to the queue, then resets its call there.
    let waiting = Socket::new(Domain::IPV4, Type::STREAM, None).expect("socket");
    waiting.connect(&server.addr().into()).expect("dial");
    let waiting_port = waiting.local_addr().unwrap().as_socket().unwrap().port();
    waiting.set_linger(Some(Duration::ZERO)).expect("linger 0");
    drop(waiting);
    // The server was busy with the first caller all along.
    first.type_line("done");
    assert_eq!(first.next_line(), "DONE");
    assert!(first.finish().status.success());
    let (_, lines) = server.next_call();
    assert_eq!(lines.len(), 3, "{lines:?}");
    // Linux hands the dead call over anyway; its first read fails, and that
    // ends only that call.
    let (peer, lines) = server.next_call();
    assert_eq!(peer, format!("127.0.0.1:{waiting_port}"));
    let reset = format!(
        "client {peer} reset the call: {}",
        cli::os_words("connection reset by peer")
    );
    assert!(lines[0].starts_with(&reset), "{lines:?}");
    call(&server, "next\n").success().stdout("NEXT\n");
}

#[test]
fn the_server_going_away_mid_session_is_a_clear_error() {
    let err = echo::server_goes_away(BIN, Server::start(BIN));
    let hint = "hint: the server was stopped, crashed or restarted, or it hangs up \
                on purpose (as some exercises' servers do): start it again with \
                `tcp-loop server` if it is gone, then call again\n";
    assert!(err.ends_with(hint), "{err}");
    assert_eq!(err.lines().count(), 2, "{err}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_caller_who_never_reads_is_hung_up_on_and_the_next_is_served() {
    let server = Server::start_flags(BIN, &["--write-timeout-ms", "300"]);
    // Say a lot and never read an answer: once the buffers on both sides are
    // full, the server's write cannot go on.
    let mut flood = TcpStream::connect(server.addr()).expect("dial");
    flood
        .set_write_timeout(Some(WAIT))
        .expect("a bounded write");
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'f'; 1 << 20];
        // Ends when the server hangs up on us (the write fails).
        for _ in 0..1024 {
            if flood.write_all(&chunk).is_err() {
                return true;
            }
        }
        false
    });
    server.wait_for("stopped reading the answers; hung up on it");
    assert!(
        writer.join().expect("the writer"),
        "the server never hung up"
    );
    // The server is free again.
    call(&server, "next\n").success().stdout("NEXT\n");
}

/// Makes one call to `server`, stops the server during it, then hangs up:
/// the server's side closed first, so its end of the call now waits in
/// TIME_WAIT on the server's port. Returns that address.
#[cfg(target_os = "linux")]
fn leave_a_call_in_time_wait(server: Server) -> std::net::SocketAddr {
    let addr = server.addr();
    let mut conn = TcpStream::connect(addr).expect("dial");
    conn.write_all(b"hi").expect("say hi");
    let mut answer = [0u8; 2];
    conn.read_exact(&mut answer).expect("hear HI");
    server.kill();
    conn.set_read_timeout(Some(WAIT)).expect("timeout");
    assert_eq!(conn.read(&mut answer).expect("the end of the call"), 0);
    drop(conn);
    addr
}

// Linux only, as the next test: TIME_WAIT rules differ elsewhere (Windows
// lets a new listener take the number anyway).
#[cfg(target_os = "linux")]
#[test]
fn a_restart_needs_so_reuseaddr_while_the_old_call_is_in_time_wait() {
    let addr = leave_a_call_in_time_wait(Server::start(BIN));
    let addr_arg = addr.to_string();
    let refused =
        cli::run(BIN, &["server", "--no-reuseaddr", "--addr", &addr_arg], "")
            .code(1)
            .stdout("");
    let err = cli::os_neutral(&cli::stderr_text(&refused));
    let want = format!(
        "error: cannot listen on {addr}: address already in use (os error N)\n\
         hint: is a server still running there? If one has just ended"
    );
    assert!(err.starts_with(&want), "{err}");

    // With SO_REUSEADDR (the default), the same number works at once.
    let again = Server::start_with(BIN, &["server", "--addr", &addr_arg]);
    assert_eq!(again.addr(), addr);
    call(&again, "back\n").success().stdout("BACK\n");
}

/// SO_REUSEADDR takes a port back from calls in TIME_WAIT only when those
/// calls' sockets had the option too (Linux): after a server that ran
/// without it, even the default server must wait.
#[cfg(target_os = "linux")]
#[test]
fn so_reuseaddr_does_not_help_after_a_server_without_it() {
    let args = ["server", "--no-reuseaddr", "--addr", "127.0.0.1:0"];
    let addr = leave_a_call_in_time_wait(Server::start_with(BIN, &args));

    let refused =
        cli::run(BIN, &["server", "--addr", &addr.to_string()], "").code(1);
    let err = cli::os_neutral(&cli::stderr_text(&refused));
    let want = format!(
        "error: cannot listen on {addr}: address already in use (os error N)\n\
         hint: is a server still running there? If one that ran without SO_REUSEADDR"
    );
    assert!(err.starts_with(&want), "{err}");
}

#[test]
fn works_over_ipv6_loopback() {
    let Some(server) = Server::on_ipv6_loopback(BIN) else {
        return;
    };
    call(&server, "over ipv6\n").success().stdout("OVER IPV6\n");
    let (peer, _) = server.next_call();
    assert!(peer.starts_with("[::1]:"), "{peer}");
}

#[test]
fn demo_shows_two_callers_one_after_the_other() {
    let lines = cli::demo(BIN);
    assert_eq!(lines.len(), 11, "{lines:#?}");
    assert!(lines[1].starts_with("server   | client : 127.0.0.1:"));
    assert_eq!(lines[2], "server   | from client msg: b'hello'");
    assert_eq!(lines[3], "client 1 | HELLO");
    assert_eq!(lines[5], "client 1 | LHF NB");
    assert!(lines[6].ends_with(" hung up"));
    assert!(lines[7].starts_with("server   | client : 127.0.0.1:"));
    assert_eq!(lines[9], "client 2 | ONE MORE CALLER");
    assert!(lines[10].ends_with(" hung up"));
}

/// The hostile callers every server of lesson 2's wire meets (lessons 6, 7
/// and 8 run the same ones, 300 of them): a call that goes wrong in any of
/// eight ways ends only that call, and the next polite caller is answered.
/// Four at a time here: this server takes one call at a time and queues at
/// most 5 (`listen(5)`); a sixth caller's SYN is dropped and sent again a
/// second later, which would only make the test slow.
#[test]
fn hostile_callers_end_only_their_own_calls() {
    let server = Server::start(BIN);
    let made = echo::hostile_callers(server.addr(), 48, 4);
    assert_eq!(made, 48);
    // And the half-closing caller of the list, once more on its own: every
    // byte it said comes back before the server hangs up.
    echo::half_close_gets_the_whole_answer(server.addr(), &[b'q'; 100_000]);
}

/// `--help` everywhere, a refused call, a taken port, bad usage: what every
/// lesson's command line does; and the flag of this lesson's experiment.
#[test]
fn the_command_line_keeps_the_courses_contract() {
    cli::contract(BIN, include_str!("bad-usage.txt"));
    cli::help_mentions(BIN, &["server"], &["--no-reuseaddr"]);
}
