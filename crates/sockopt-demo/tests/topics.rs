//! Every topic as a learner runs it: a real `sockopt-demo TOPIC` process, exit
//! code 0, nothing on stderr, and the facts it demonstrates, read from its
//! `key: value` lines. Timings are checked only for what cannot flake: a
//! timeout lasts at least its duration; Nagle's 40 ms is not asserted.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::net::SocketAddr;

use assert_cmd::cargo::cargo_bin_cmd;
use common::testing::WAIT;
use sockopt_demo::TOPICS;

/// What one topic printed: its lines, and its `key: value` facts in order.
struct Facts {
    text: String,
    facts: Vec<(String, String)>,
}

impl Facts {
    /// The value of the first line whose key is `key`.
    fn get(&self, key: &str) -> &str {
        self.facts
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no `{key}:` line in\n{}", self.text))
    }

    /// Every value whose key starts with `prefix`, in order.
    fn all_starting(&self, prefix: &str) -> Vec<&str> {
        self.facts
            .iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    fn number(&self, key: &str) -> u64 {
        let value = self.get(key);
        leading_number(value)
            .unwrap_or_else(|| panic!("`{key}: {value}` has no number"))
    }

    fn addr(&self, key: &str) -> SocketAddr {
        let value = self.get(key);
        value
            .parse()
            .unwrap_or_else(|_| panic!("`{key}: {value}` is not an address"))
    }

    /// A time printed as `12.345 ms`, in milliseconds.
    fn millis(&self, key: &str) -> f64 {
        let value = self.get(key);
        value
            .strip_suffix(" ms")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("`{key}: {value}` is not a time in ms"))
    }
}

fn leading_number(text: &str) -> Option<u64> {
    let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

/// Runs `sockopt-demo ARGS`, checks it succeeded quietly, and parses it.
fn run(args: &[&str]) -> Facts {
    let output = cargo_bin_cmd!("sockopt-demo")
        .args(args)
        .timeout(WAIT)
        .output()
        .expect("run sockopt-demo");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{args:?}: {:?}\n{text}{err}",
        output.status
    );
    assert!(err.is_empty(), "{args:?} wrote to stderr: {err}");
    let facts = text
        .lines()
        .filter(|line| !line.starts_with("== "))
        .filter_map(|line| line.split_once(": "))
        .filter(|(key, _)| *key != "python" && *key != "rust")
        .map(|(k, v)| (k.to_string(), v.trim().to_string()))
        .collect();
    Facts { text, facts }
}

fn topic(name: &str) -> Facts {
    let facts = run(&[name]);
    let topic = sockopt_demo::find(TOPICS, name).expect("a topic");
    let first = facts.text.lines().next().unwrap_or_default();
    assert_eq!(first, format!("== {name}: {}", topic.summary));
    // Each call is shown as a python: line followed by its rust: line.
    for call in topic.calls {
        let pair = format!("python: {}\nrust:   {}\n", call.python, call.rust);
        assert!(
            facts.text.contains(&pair),
            "{pair} missing in\n{}",
            facts.text
        );
    }
    facts
}

#[test]
fn names_both_ends_of_a_call() {
    let f = topic("names");
    let listener = f.addr("listener local_addr");
    let caller = f.addr("caller local_addr");
    assert_eq!(listener.ip().to_string(), "127.0.0.1");
    assert_ne!(listener.port(), 0, "port 0 was replaced by a real port");
    assert_ne!(caller.port(), listener.port());
    // What each end calls itself is what the other end calls its peer.
    assert_eq!(f.addr("caller peer_addr"), listener);
    assert_eq!(f.addr("conn local_addr"), listener);
    assert_eq!(f.addr("conn peer_addr"), caller);
    assert_eq!(f.addr("accept returned addr"), caller);
    assert!(f.get("listener peer_addr").starts_with("Err(NotConnected"));
    if cfg!(target_os = "linux") {
        assert_eq!(f.get("caller port in ip_local_port_range"), "yes");
    }
}

#[test]
fn connect_is_an_error_and_connect_ex_a_code() {
    let f = topic("connect-ex");
    assert!(
        f.get("connect").starts_with("Err(ConnectionRefused"),
        "{}",
        f.text
    );
    let code = f.get("connect_ex code");
    assert_ne!(code, "0");
    assert!(f.get("code as an error").starts_with("ConnectionRefused"));
    // The code is the system's own number for "connection refused".
    let known = f.get("ECONNREFUSED on this system");
    if known != "not known here" {
        assert_eq!(code, known);
    }
    assert_eq!(f.get("connect_ex to a listener"), "0");
}

#[test]
fn recv_takes_at_most_its_buffer_then_zero_at_the_end() {
    let f = topic("recv");
    let reads: Vec<u64> = f
        .all_starting("read ")
        .iter()
        .map(|v| leading_number(v).expect("a count"))
        .collect();
    assert!(
        reads.len() >= 4,
        "3000 bytes need 3 reads, then 0: {reads:?}"
    );
    assert!(reads.iter().all(|&n| n <= 1024), "{reads:?}");
    assert_eq!(reads.iter().sum::<u64>(), 3000);
    assert_eq!(reads.last(), Some(&0));
    assert!(reads[..reads.len() - 1].iter().all(|&n| n > 0));
}

#[test]
fn send_takes_less_than_asked_and_loses_nothing() {
    let f = topic("send-vs-sendall");
    let asked = f.number("message");
    let taken = f.number("write took");
    assert!(0 < taken && taken < asked, "took {taken} of {asked}");
    assert_eq!(f.number("not taken"), asked - taken);
    assert_eq!(f.number("write_all sent the rest"), asked - taken);
    assert_eq!(f.number("peer received"), asked);
    assert_eq!(f.get("same bytes in the same order"), "yes");
}

#[test]
fn udp_datagrams_keep_their_boundaries() {
    let f = topic("udp");
    let (heard, from) = f.get("server recv_from").split_once(" from ").unwrap();
    assert_eq!(heard, "b'LHF nb'");
    let (answer, server) = f.get("client recv_from").split_once(" from ").unwrap();
    assert_eq!(answer, "b'LHF NB'");
    assert_ne!(from, server, "two sockets, two addresses");
    assert_eq!(f.get("datagram 1"), "2 bytes");
    assert_eq!(f.get("datagram 2"), "3 bytes");
    if cfg!(unix) {
        assert_eq!(f.get("recv_from of 3000 bytes"), "Ok(1024)");
    }
    assert!(f.get("next recv_from").starts_with("Err(WouldBlock"));
}

// TIME_WAIT's rule for bind is the Unix one (checked on Linux); on Windows
// SO_REUSEADDR means something else, as the page says.
#[cfg(unix)]
#[test]
fn reuseaddr_rebinds_a_port_in_time_wait() {
    let f = topic("reuseaddr");
    assert_eq!(f.get("std's TcpListener::bind, SO_REUSEADDR"), "true");
    assert_eq!(f.get("caller read after the server hung up"), "0 bytes");
    assert_eq!(f.get("new socket, SO_REUSEADDR"), "false");
    let without = f.all_starting("bind ");
    assert_eq!(without.len(), 2, "{}", f.text);
    assert!(without[0].starts_with("Err(AddrInUse"), "{}", f.text);
    assert_eq!(without[1], "Ok(())");
    assert_eq!(f.get("listen"), "Ok(())");
    if cfg!(target_os = "linux") {
        let text = common::testing::cli::os_neutral(without[0]);
        assert!(text.ends_with("(os error N))"), "{text}");
        let state = f.all_starting("old call on ");
        assert_eq!(state, ["TIME_WAIT"], "{}", f.text);
    }
}

#[test]
fn buffers_read_back_double_on_linux() {
    let f = topic("buffers");
    assert!(f.number("SO_RCVBUF at start") > 0);
    assert!(f.number("SO_SNDBUF at start") > 0);
    let asked = f.number("asked for");
    assert!(f.number("SO_RCVBUF read back") >= asked);
    assert!(f.number("SO_SNDBUF read back") >= asked);
    if cfg!(target_os = "linux") {
        assert_eq!(f.number("SO_RCVBUF read back"), 2 * asked);
        assert_eq!(f.number("SO_SNDBUF read back"), 2 * asked);
        assert_eq!(f.get("read back / asked"), "2");
        assert_eq!(f.get("doubled, as Linux does"), "yes");
    }
}

#[test]
fn nodelay_times_both_ways() {
    let f = topic("nodelay");
    assert_eq!(f.all_starting("TCP_NODELAY"), ["false", "true"]);
    // Only that both were measured: how long they took depends on the machine.
    assert!(f.millis("without TCP_NODELAY, per round trip") > 0.0);
    assert!(f.millis("with TCP_NODELAY, per round trip") > 0.0);
}

#[test]
fn keepalive_is_set_and_read_back() {
    let f = topic("keepalive");
    assert_eq!(f.get("SO_KEEPALIVE at start"), "false");
    assert_eq!(f.get("SO_KEEPALIVE after set"), "true");
    if cfg!(target_os = "linux") {
        assert!(f.get("TCP_KEEPIDLE at start").ends_with('s'));
        assert_eq!(f.get("TCP_KEEPIDLE after set"), "60s");
        assert_eq!(f.get("TCP_KEEPINTVL after set"), "10s");
        assert_eq!(f.get("TCP_KEEPCNT after set"), "5");
    }
}

#[test]
fn linger_zero_resets_the_call() {
    let f = topic("linger");
    assert_eq!(f.get("peer read after a normal close"), "Ok(0)");
    assert_eq!(f.get("SO_LINGER at start"), "None");
    assert_eq!(f.get("SO_LINGER after set"), "Some(0ns)");
    let reset = f.get("peer read after a close with linger 0");
    assert!(reset.starts_with("Err(ConnectionReset"), "{}", f.text);
}

#[test]
fn close_ends_the_stream_and_later_writes_fail() {
    let f = topic("close");
    assert_eq!(f.get("peer read"), "0 bytes");
    assert_eq!(f.get("peer's first write"), "Ok(6)");
    let later = f.get("peer's later write");
    assert!(
        later.starts_with("Err(BrokenPipe")
            || later.starts_with("Err(ConnectionReset"),
        "{}",
        f.text
    );
}

#[test]
fn a_half_closed_client_still_gets_its_reply() {
    let f = topic("shutdown");
    assert_eq!(f.get("server read to the end"), "b'LHF nb'");
    assert_eq!(f.get("client received"), "b'LHF NB'");
    // Unix says "broken pipe"; Windows WSAESHUTDOWN, which has no kind of its own.
    let write = f.get("client write after shutdown");
    let refused = if cfg!(unix) { "Err(BrokenPipe" } else { "Err(" };
    assert!(write.starts_with(refused), "{}", f.text);
}

#[test]
fn non_blocking_calls_return_would_block() {
    let f = topic("blocking");
    assert!(f.get("accept with no caller").starts_with("Err(WouldBlock"));
    assert!(
        f.get("read with nothing sent")
            .starts_with("Err(WouldBlock")
    );
    assert_eq!(f.get("read in blocking mode"), "b'LHF nb'");
}

#[test]
fn a_timeout_lasts_at_least_its_duration() {
    let f = topic("timeout");
    assert_eq!(f.get("read_timeout at start"), "None");
    assert_eq!(f.get("read_timeout after set"), "Some(200ms)");
    let kind = if cfg!(windows) {
        "Err(TimedOut"
    } else {
        "Err(WouldBlock"
    };
    assert!(
        f.get("read with nothing sent").starts_with(kind),
        "{}",
        f.text
    );
    // Linux's timers never fire early; elsewhere allow a clock tick.
    let slack = if cfg!(target_os = "linux") { 0.0 } else { 20.0 };
    let waited = f.millis("read gave up after");
    assert!(waited >= 200.0 - slack, "gave up after {waited} ms");
    assert!(
        f.get("set_read_timeout(Some(ZERO))")
            .starts_with("Err(InvalidInput")
    );
    assert_eq!(f.get("read_timeout after that"), "Some(200ms)");
}

#[test]
fn fileno_shows_three_descriptors() {
    let f = topic("fileno");
    let fds: Vec<u64> = ["listener fileno", "caller fileno", "conn fileno"]
        .iter()
        .map(|k| f.number(k))
        .collect();
    assert!(
        fds[0] != fds[1] && fds[1] != fds[2] && fds[0] != fds[2],
        "{fds:?}"
    );
    if cfg!(target_os = "linux") {
        let entry = format!("/proc/self/fd/{}", fds[1]);
        assert!(f.get(&entry).starts_with("socket:["), "{}", f.text);
        let after = f.get(&format!("{entry} after drop(caller)"));
        assert!(after.starts_with("Err(NotFound"), "{}", f.text);
    }
}

#[test]
fn makefile_reads_and_writes_lines() {
    let f = topic("makefile");
    assert_eq!(
        f.all_starting("server read line"),
        ["LHF nb", "hello, makefile"]
    );
    assert_eq!(
        f.all_starting("caller read line"),
        ["LHF NB", "HELLO, MAKEFILE"]
    );
}

#[test]
fn every_topic_has_a_test_here() {
    let source = include_str!("topics.rs");
    for topic in TOPICS {
        assert!(
            source.contains(&format!("topic(\"{}\")", topic.name)),
            "no test runs `{}`",
            topic.name
        );
    }
}
