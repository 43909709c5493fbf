//! Watch the wire: the lessons' own packets, captured on the loopback
//! interface with a packet socket and explained.
//!
//! | module | what it holds |
//! |---|---|
//! | [`capture`] | the packet socket on `lo` (Linux; elsewhere it says what to use instead) |
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
pub mod mermaid;
pub mod packet;
pub mod scenarios;
pub mod show;
pub mod watch;
pub mod wire;

/// The tour's demo: lesson 1's call on the wire, over IPv4.
///
/// # Errors
/// When the capture cannot start (no right to capture) or the call fails.
pub fn demo() -> anyhow::Result<()> {
    let loopback = ([127, 0, 0, 1], 0).into();
    scenarios::run("one-shot", loopback, false, &mut std::io::stdout())
}
