//! `bench`: a load generator for the course's one protocol (send bytes, get
//! them back upper-cased), and `compare`, which measures the lesson servers,
//! the article's Python programs and a reference side by side.
//!
//! Data flows one way: the loads ([`modes`]) measure, [`compare`] puts their
//! numbers into the [`results`] model, and the renderers ([`render`],
//! [`chart`]) and the [`goals`] read only that model.
//!
//! | module | what it holds |
//! |---|---|
//! | [`payload`] | the messages the bench sends, and the check of every reply byte |
//! | [`dial`] | sockets with timeouts, and one verified round trip |
//! | [`stats`] | percentiles and medians |
//! | [`modes`] | `rtt`, `stream`, `sessions`, `connects`, `udp-rtt`, `spawn`, `hold`, `late-reader` |
//! | [`reference`] | the reference servers, the bar the others are measured against |
//! | [`process`] | server processes on port 0, killed on drop; `taskset` pinning |
//! | [`plan`] | what `compare` measures: programs, loads, the tables' rows |
//! | [`compare`] | the side-by-side run, into [`results`] |
//! | [`results`] | what a comparison found |
//! | [`goals`] | the course's performance goals, in one table, and their check |
//! | [`render`] | the console table and `results.md` |
//! | [`chart`] | the SVG charts, drawn by hand |
//! | [`machine`] | what the numbers were measured on |
//!
//! Every mode is bounded twice: by a count and by a deadline, and every socket
//! has read and write timeouts, so no run can hang on a server that stops
//! answering.

pub mod chart;
pub mod compare;
pub mod dial;
pub mod goals;
pub mod machine;
pub mod modes;
pub mod payload;
pub mod plan;
pub mod process;
pub mod reference;
pub mod render;
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
