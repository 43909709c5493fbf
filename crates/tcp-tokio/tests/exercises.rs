//! The solutions of lesson 8's exercises, run as a learner runs them: through
//! `tcp-tokio exercise ...`, against real callers.

#[cfg(unix)]
use std::io::{Read, Write};
use std::time::{Duration, Instant};

use common::testing::Server;
use common::testing::chat::Member;
use common::testing::echo::Caller;
use tcp_tokio::exercises::rate::Bucket;

const BIN: &str = env!("CARGO_BIN_EXE_tcp-tokio");

#[test]
fn chat_everyone_else_hears_what_one_says() {
    let server = Server::exercise(BIN, "chat-server", &[]);
    let [mut ann, mut bob, mut cy] =
        ["ann", "bob", "cy"].map(|_| Member::join(&server, "client : "));
    ann.say("hello, room");
    let from_ann = format!("[{}] hello, room\n", ann.addr());
    assert_eq!(bob.hear(), from_ann);
    assert_eq!(cy.hear(), from_ann);
    bob.say("hi ann");
    assert_eq!(ann.hear(), format!("[{}] hi ann\n", bob.addr()));
    assert_eq!(cy.hear(), format!("[{}] hi ann\n", bob.addr()));
    // Ann never heard her own words: the next thing she hears is Cy's.
    cy.say("bye");
    assert_eq!(ann.hear(), format!("[{}] bye\n", cy.addr()));
}

#[test]
fn chat_a_member_who_leaves_leaves_the_room_working() {
    let server = Server::exercise(BIN, "chat-server", &[]);
    let mut ann = Member::join(&server, "client : ");
    let bob = Member::join(&server, "client : ");
    drop(bob);
    server.wait_for(" hung up");
    let mut cy = Member::join(&server, "client : ");
    cy.say("anyone?");
    assert_eq!(ann.hear(), format!("[{}] anyone?\n", cy.addr()));
}

#[test]
fn rate_bucket_allows_a_second_worth_then_makes_the_caller_wait() {
    let start = Instant::now();
    let mut bucket = Bucket::new(1000, start);
    assert_eq!(bucket.take(600, start), Duration::ZERO);
    assert_eq!(bucket.take(400, start), Duration::ZERO);
    // 500 bytes over: half a second to refill.
    assert_eq!(bucket.take(500, start), Duration::from_millis(500));
    // Half a second later the debt is paid, and nothing more is allowed yet.
    let later = start + Duration::from_millis(500);
    assert_eq!(bucket.take(0, later), Duration::ZERO);
    assert_eq!(bucket.take(100, later), Duration::from_millis(100));
    // A long silence refills at most one second's worth.
    let much_later = later + Duration::from_secs(60);
    assert_eq!(bucket.take(1000, much_later), Duration::ZERO);
    assert_eq!(bucket.take(1000, much_later), Duration::from_secs(1));
}

#[test]
fn rate_limited_server_slows_a_fast_caller_down() {
    let server = Server::exercise(
        BIN,
        "rate-limited-server",
        &["--bytes-per-second", "10000"],
    );
    let mut caller = Caller::dial(server.addr());
    let started = Instant::now();
    // 25 000 bytes: 10 000 at once, 15 000 more at 10 000 a second.
    for _ in 0..25 {
        caller.say(&[b'r'; 1000]);
    }
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(1400), "{took:?}");
    // Another caller has a bucket of its own: served at once.
    let other = Instant::now();
    Caller::dial(server.addr()).say(b"my own bucket");
    assert!(other.elapsed() < took);
}

#[cfg(unix)]
#[test]
fn goodbye_callers_on_the_line_hear_why_the_server_hangs_up() {
    let server = Server::exercise(BIN, "goodbye-server", &["--grace-ms", "200"]);
    let mut caller = Caller::dial(server.addr());
    caller.say(b"hello");
    server.signal("INT");
    let mut rest = Vec::new();
    caller
        .conn()
        .read_to_end(&mut rest)
        .expect("goodbye, then the hang-up");
    assert_eq!(rest, tcp_tokio::exercises::goodbye::GOODBYE);
    let (status, out, _) = server.wait_exit();
    assert!(status.success(), "{status:?}");
    assert_eq!(
        out.last().unwrap(),
        "closed: 1 caller served, 1 still connected at the end"
    );
}

#[cfg(unix)]
#[test]
fn goodbye_does_not_wait_for_a_caller_who_does_not_read() {
    let server = Server::exercise(BIN, "goodbye-server", &["--grace-ms", "200"]);
    let mut flood = Caller::dial(server.addr());
    flood
        .conn()
        .set_write_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let chunk = vec![b'f'; 1 << 20];
    while flood.conn().write(&chunk).is_ok() {}
    server.signal("INT");
    let (status, out, _) = server.wait_exit();
    assert!(status.success(), "{status:?}");
    assert!(
        out.iter().any(|l| l.contains("did not take its goodbye")),
        "{out:?}"
    );
}
