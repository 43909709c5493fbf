//! The solutions of lesson 6's exercises, run as a learner runs them: through
//! `tcp-threads exercise ...`, against real servers.

mod lesson_two;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use common::testing::chat::Member;
use common::testing::echo::Caller;
use common::testing::{Server, WAIT, cli};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-threads");

fn probe(addr: SocketAddr, patience_ms: &str) -> String {
    let args = ["exercise", "second-caller", "--patience-ms", patience_ms];
    cli::stdout_text(&cli::call(BIN, addr, &args, "").success())
}

#[test]
fn second_caller_is_answered_by_a_thread_per_caller() {
    let server = Server::start(BIN);
    // Patience to spare: the answer comes in well under a millisecond.
    let said = probe(server.addr(), "20000");
    assert!(said.starts_with("answered: "), "{said}");
}

#[test]
fn second_caller_waits_for_lesson_twos_server() {
    let said = probe(lesson_two::start(), "300");
    assert_eq!(
        said,
        "waited: no answer for the second caller in 300 ms while the first was \
         on the line\n"
    );
}

#[test]
fn second_caller_waits_for_a_pool_of_one() {
    let server = Server::start_flags(BIN, &["--workers", "1"]);
    let said = probe(server.addr(), "300");
    assert!(said.starts_with("waited: "), "{said}");
}

#[test]
fn second_caller_says_when_nobody_answers() {
    let (_held, addr) = common::testing::refusing_tcp_port();
    cli::call(BIN, addr, &["exercise", "second-caller"], "")
        .code(1)
        .stderr(predicates::str::starts_with("error: the first call: "));
}

#[test]
fn chat_says_each_line_to_every_other_member() {
    let server = Server::exercise(BIN, "chat-server", &[]);
    let [mut ann, mut bob, mut cat] =
        ["ann", "bob", "cat"].map(|_| Member::join(&server, "entered the room"));
    ann.say("hello");
    assert_eq!(bob.hear(), format!("{}: hello\n", ann.addr()));
    assert_eq!(cat.hear(), format!("{}: hello\n", ann.addr()));
    // Ann did not hear herself: the first line she hears is Bob's.
    bob.say("hi ann");
    assert_eq!(ann.hear(), format!("{}: hi ann\n", bob.addr()));
    assert_eq!(cat.hear(), format!("{}: hi ann\n", bob.addr()));
}

#[test]
fn chat_members_who_leave_are_not_spoken_to() {
    let server = Server::exercise(BIN, "chat-server", &[]);
    let mut ann = Member::join(&server, "entered the room");
    let bob = Member::join(&server, "entered the room");
    let mut cat = Member::join(&server, "entered the room");
    let bob_addr = bob.addr().to_string();
    drop(bob);
    server.wait_for(&format!("{bob_addr} left the room"));
    ann.say("bob has gone");
    assert_eq!(cat.hear(), format!("{}: bob has gone\n", ann.addr()));
    // A member who resets leaves too, and the room goes on.
    cat.reset();
    server.wait_for(" left the room");
    let mut dan = Member::join(&server, "entered the room");
    ann.say("welcome");
    assert_eq!(dan.hear(), format!("{}: welcome\n", ann.addr()));
}

fn bounded_pool(workers: &str, queue: &str) -> Server {
    let flags = ["--workers", workers, "--queue", queue];
    let server = Server::exercise(BIN, "bounded-pool", &flags);
    let plural = if workers == "1" { "" } else { "s" };
    assert_eq!(
        server.next_line(),
        format!("pool: {workers} worker{plural}")
    );
    server
}

#[test]
fn bounded_queue_refuses_a_caller_when_it_is_full() {
    let server = bounded_pool("1", "1");
    let mut first = Caller::dial(server.addr());
    first.say(b"first");
    server.wait_for("msg: b'first'");
    // The second waits in the queue, which is then full.
    let mut second = Caller::dial(server.addr());
    second.conn().write_all(b"second").unwrap();
    server.wait_for("client : ");
    // The third is refused at once.
    let mut third = TcpStream::connect(server.addr()).unwrap();
    let third_port = third.local_addr().unwrap().port();
    assert_eq!(
        server.wait_for("busy: "),
        format!(
            "busy: refused 127.0.0.1:{third_port}: every worker is busy and the \
             queue is full"
        )
    );
    third.set_read_timeout(Some(WAIT)).unwrap();
    assert!(matches!(third.read(&mut [0u8; 1]), Ok(0) | Err(_)));
    // The first hangs up: the second is served.
    drop(first);
    server.wait_for("a worker picks up");
    let mut answer = [0u8; 6];
    second.conn().read_exact(&mut answer).unwrap();
    assert_eq!(&answer, b"SECOND");
}

#[test]
fn bounded_queue_needs_room_for_one() {
    cli::bad_usage(BIN, "exercise bounded-pool --queue 0 => at least 1");
}
