//! Watch the wire: the lessons' own packets, captured on the loopback
//! interface with a packet socket and explained.
//!
//! | module | what it holds |
//! |---|---|
//! | [`capture`] | the packet socket on `lo` (Linux; elsewhere it says what to use instead) |
//! | `filter` | (Linux) the kernel's filter: only one port's packets are queued |
//! | [`packet`] | a captured frame read by hand: IPv4 or IPv6, then TCP, UDP or ICMP |
//! | [`show`] | one line per packet, as `tcpdump -nn` writes it |
//! | [`mermaid`] | a trace as a mermaid sequence diagram |
//! | [`watch`] | `wire-watch capture` |
//! | [`wire`] | the demos' recorder: each socket call, then the packets it caused |
//! | [`scenarios`] | the demos, one per lesson |
//! | [`exercises`] | the lesson's exercises, solved |
//!
//! The binary, `wire-watch`, only parses the command line and calls them.

#[cfg(target_os = "linux")]
pub mod capture;
#[cfg(not(target_os = "linux"))]
#[path = "elsewhere.rs"]
pub mod capture;
pub mod exercises;
#[cfg(target_os = "linux")]
pub mod filter;
pub mod mermaid;
pub mod packet;
pub mod scenarios;
pub mod show;
pub mod watch;
pub mod wire;

/// The words that start [`tour`]'s line where this process may not capture.
pub const NOT_SHOWN: &str = "(not shown here: ";

/// `course tour`'s demo: lesson 1's call on the wire, over IPv4. Where this
/// process may not capture (no root, or not Linux), one line that says so
/// and how to see it, instead of an error: the rest of the tour runs anyway.
///
/// # Errors
/// When the call fails, or stdout is closed.
pub fn tour() -> anyhow::Result<()> {
    if let Err(err) = capture::open() {
        // As `error:` lines say it: "operation not permitted (os error 1)".
        let why: Vec<String> = err
            .chain()
            .map(|e| match e.downcast_ref::<std::io::Error>() {
                Some(io) => common::describe_io(io),
                None => e.to_string(),
            })
            .collect();
        let why = why.join(": ");
        println!("{NOT_SHOWN}{why}: run `sudo target/debug/wire-watch demo`)");
        return Ok(());
    }
    let loopback = ([127, 0, 0, 1], 0).into();
    scenarios::run("one-shot", loopback, false, &mut std::io::stdout())
}
