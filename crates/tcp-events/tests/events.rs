//! Lesson 7 as a learner would try it: the readiness loop's server as a real
//! process, on a port the system picks, with many callers at once.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use common::testing::usage::Usage;
use common::testing::{Server, WAIT, cli, echo};

const BIN: &str = env!("CARGO_BIN_EXE_tcp-events");

/// `tcp-events server` on port 0, its `open files:` line taken.
fn start() -> Server {
    let server = Server::start(BIN);
    let limits = server.next_line();
    assert!(common::testing::says_open_files(&limits), "{limits}");
    server
}

/// Usage of `server`'s process now (Linux only: `None` elsewhere).
fn usage(server: &Server) -> Option<Usage> {
    Usage::of(server.id())
}

/// Lesson 2's callers, polite and hostile, many at once (lessons 6 and 8
/// run the same ones): all answered, by one thread.
#[test]
fn every_kind_of_caller_is_served_by_one_thread() {
    let server = start();
    echo::every_kind_of_caller(server.addr());
    if let Some(usage) = usage(&server) {
        assert_eq!(usage.threads, 1, "{usage:?}");
    }
}

#[test]
fn a_half_closed_caller_gets_the_whole_answer() {
    let server = start();
    // More than the kernel's buffers hold, so answers wait in the server.
    echo::half_close_gets_the_whole_answer(server.addr(), &vec![b'q'; 4 << 20]);
    echo::half_close_gets_the_whole_answer(server.addr(), b"short");
}

#[test]
fn the_log_tells_each_call_with_its_token() {
    let server = start();
    cli::call(BIN, server.addr(), &["client"], "hello\nLHF nb\n")
        .success()
        .stdout("HELLO\nLHF NB\n")
        .stderr("");
    let first = server.next_line();
    let peer = first
        .strip_prefix("client : ")
        .and_then(|rest| rest.strip_suffix(" (token 0)"))
        .unwrap_or_else(|| panic!("{first}"));
    assert_eq!(
        server.next_line(),
        format!("from client {peer} msg: b'hello'")
    );
    assert_eq!(
        server.next_line(),
        format!("from client {peer} msg: b'LHF nb'")
    );
    assert_eq!(server.next_line(), format!("client {peer} hung up"));
}

#[test]
fn a_late_slow_reader_gets_every_byte_and_the_server_pauses_it() {
    let server = start();
    let mut conn = TcpStream::connect(server.addr()).unwrap();
    conn.set_read_timeout(Some(WAIT)).unwrap();
    let total = 16 << 20;
    let mut writer = conn.try_clone().unwrap();
    let saying = thread::spawn(move || writer.write_all(&vec![b's'; total]));
    // Not reading yet: the answers fill the buffers, then wait in the
    // server, which stops reading this caller past 1 MiB of them.
    let paused = server.wait_for("not reading it until it has");
    assert!(paused.contains(" has not taken "), "{paused}");
    // Then read in small pieces: the server's writes are partial, and what
    // the socket does not take waits until it is writable again.
    let mut heard = 0;
    let mut buf = [0u8; 4096];
    while heard < total {
        let n = conn.read(&mut buf).unwrap();
        assert!(n > 0, "the server hung up after {heard} bytes");
        assert!(buf[..n].iter().all(|&b| b == b'S'));
        heard += n;
    }
    saying.join().unwrap().unwrap();
    server.wait_for("took its answers: reading it again");
}

#[test]
fn backpressure_bounds_memory_and_costs_no_cpu_while_the_caller_waits() {
    let server = start();
    let Some(before) = usage(&server) else { return };
    let mut conn = TcpStream::connect(server.addr()).unwrap();
    let said = echo::fill(&mut conn, 64 << 20);
    assert!(said < 64 << 20, "64 MiB went into the buffers");
    server.wait_for("not reading it until it has");
    // A second of waiting: the caller's data waits in the kernel, the
    // server sleeps in poll (its socket is not watched for reading).
    let paused = usage(&server).unwrap();
    thread::sleep(Duration::from_secs(1));
    let after = usage(&server).unwrap();
    let grew = after.resident_kib.saturating_sub(before.resident_kib);
    assert!(grew < 8 * 1024, "the server grew by {grew} KiB");
    let cpu = after.cpu.saturating_sub(paused.cpu);
    assert!(
        cpu < Duration::from_millis(100),
        "{cpu:?} of CPU while paused"
    );
    // And the caller still gets everything it said, once it reads.
    conn.set_read_timeout(Some(WAIT)).unwrap();
    conn.shutdown(Shutdown::Write).unwrap();
    let mut answer = Vec::new();
    conn.read_to_end(&mut answer).unwrap();
    assert_eq!(answer.len(), said);
    assert!(answer.iter().all(|&b| b == b'F'));
}

#[test]
fn every_way_a_call_ends_gives_its_descriptor_and_slot_back() {
    let server = start();
    let Some(before) = usage(&server) else { return };
    echo::hostile_callers(server.addr(), 80, 10);
    echo::half_close_gets_the_whole_answer(server.addr(), &vec![b'h'; 1 << 20]);
    let mut flood = TcpStream::connect(server.addr()).unwrap();
    echo::fill(&mut flood, 64 << 20);
    echo::reset(flood);
    // Every call has ended on the callers' side; the server's descriptors
    // come back as it sees each end.
    let deadline = Instant::now() + WAIT;
    while usage(&server).unwrap().open_files > before.open_files {
        assert!(Instant::now() < deadline, "{:?}", usage(&server));
        thread::sleep(Duration::from_millis(20));
    }
    // The table's slots are free too: a new caller gets a low token again.
    let _caller = echo::Caller::dial(server.addr());
    let line = server.wait_for("(token ");
    let token: usize = line
        .rsplit_once("(token ")
        .and_then(|(_, n)| n.trim_end_matches(')').parse().ok())
        .unwrap();
    assert!(token < 12, "{line}");
}

#[cfg(target_os = "linux")]
#[test]
fn out_of_descriptors_it_waits_without_spinning_and_picks_up_again() {
    // 32 descriptors: a few for the server itself, room for about 27 callers.
    let Some((said, later)) = echo::out_of_open_files(BIN) else {
        return;
    };
    assert!(said.contains("every 100 ms"), "{said}");
    let again = "picking up calls again";
    assert!(later.iter().any(|l| l.contains(again)), "{later:?}");
}

#[test]
fn demo_shows_the_loops_events_in_order() {
    let lines = cli::demo(BIN);
    let events: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("server   | event: "))
        .collect();
    assert_eq!(
        events,
        [
            "listener readable",
            "listener readable",
            "token 1 readable",
            "token 0 readable",
            "token 0 readable, read closed",
            "listener readable",
            "token 0 readable",
            "token 0 writable",
            "token 0 readable, read closed",
            "token 1 readable, read closed",
        ],
        "{lines:#?}"
    );
    let heard = "caller C | heard 40000 bytes, all upper-cased: true";
    assert!(lines.iter().any(|l| l == heard), "{lines:#?}");
}

/// `tcp-events measure WHICH --seconds 1`: (turns, CPU seconds); the CPU
/// time only where the system gives it (not on Windows).
fn measure(which: &str) -> (u64, Option<f64>) {
    let args = ["measure", which, "--seconds", "1", "--addr", "127.0.0.1:0"];
    let server = Server::start_with(BIN, &args);
    echo::one_call(server.addr(), b"hello");
    let line = server.wait_for("the loop went round");
    let words: Vec<&str> = line.split_whitespace().collect();
    let number = |after: &str| -> Option<f64> {
        let at = words.iter().position(|w| *w == after).unwrap();
        words[at + 1].parse().ok()
    };
    let cpu = number("used");
    assert!(cpu.is_some() || !cfg!(unix), "{line}");
    (number("round").unwrap() as u64, cpu)
}

#[test]
fn measure_the_busy_wait_loop_spins_and_the_readiness_loop_sleeps() {
    let (busy_turns, busy_cpu) = measure("busy-wait");
    let (turns, cpu) = measure("readiness");
    // One turn per event (a call, a message, a hang-up) and the last
    // timeout; the busy loop turns again and again for nothing.
    assert!(turns <= 10, "{turns} turns");
    assert!(busy_turns > 1000 * turns, "{busy_turns} against {turns}");
    if let (Some(busy_cpu), Some(cpu)) = (busy_cpu, cpu) {
        assert!(cpu < 0.1, "{cpu} s of CPU");
        assert!(busy_cpu > 2.0 * cpu + 0.05, "{busy_cpu} s against {cpu} s");
    }
}

/// The client is lesson 2's, and its hint names this lesson's server.
#[test]
fn the_server_going_away_mid_call_is_a_clear_error() {
    echo::server_goes_away(BIN, start());
}

#[test]
fn works_over_ipv6_loopback() {
    let Some(server) = Server::on_ipv6_loopback(BIN) else {
        return;
    };
    echo::all_at_once(server.addr(), 3);
}

/// `--help` everywhere, a refused call, a taken port, bad usage: what every
/// lesson's command line does; and `measure`, which is a server too.
#[test]
fn the_command_line_keeps_the_courses_contract() {
    cli::contract(BIN, include_str!("bad-usage.txt"));
    cli::taken_port(BIN, &["measure", "busy-wait"]);
    cli::help_mentions(BIN, &["measure"], &["busy-wait"]);
}
