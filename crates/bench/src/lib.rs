//! `bench`: a load generator for the course's one protocol (send bytes, get
//! them back upper-cased), and `compare`, which measures the lesson servers,
//! the article's Python programs and a reference side by side.
//!
//! | module | what it holds |
//! |---|---|
//! | [`payload`] | the messages the bench sends, and the check of every reply byte |
//! | [`dial`] | sockets with timeouts, and one verified round trip |
//! | [`stats`] | percentiles and medians |
//! | [`modes`] | `rtt`, `stream`, `sessions`, `connects`, `udp-rtt`, `spawn` |
//! | [`reference`] | the reference servers, the bar the others are measured against |
//! | [`process`] | server processes on port 0, killed on drop; `taskset` pinning |
//! | [`compare`] | the side-by-side run |
//! | [`results`] | its table, its goals, `results.md`, the chart's bars |
//! | [`chart`] | the SVG chart of the comparison, drawn by hand |
//! | [`machine`] | what the numbers were measured on |
//!
//! Every mode is bounded twice: by a count and by a deadline, and every socket
//! has read and write timeouts, so no run can hang on a server that stops
//! answering.

pub mod chart;
pub mod compare;
pub mod dial;
pub mod machine;
pub mod modes;
pub mod payload;
pub mod process;
pub mod reference;
pub mod results;
pub mod stats;

use std::time::Duration;

/// Where the TCP modes call and the reference server answers unless `--addr`
/// says otherwise: lesson 2's default, so `bench rtt` measures `tcp-loop server`.
pub const DEFAULT_TCP_ADDR: &str = "127.0.0.1:8080";

/// Where `udp-rtt` sends unless told otherwise: lesson 3's default.
pub const DEFAULT_UDP_ADDR: &str = "127.0.0.1:9000";

/// How long any one socket operation (connect, read, write) may wait.
pub const IO_TIMEOUT: Duration = Duration::from_secs(5);
