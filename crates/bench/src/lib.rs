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
//! | [`cli`] | the command line's shared pieces: addresses, bounds, sizes, durations |
//! | [`payload`] | the messages the bench sends, and the check of every reply byte |
//! | [`dial`] | sockets with timeouts, and one verified round trip |
//! | [`stats`] | percentiles and medians |
//! | [`modes`] | one file per mode (`rtt`, `frame-rtt`, `files`, `stream`, ...), each returning a [`modes::Report`] |
//! | [`reference`] | the reference servers, the bar the others are measured against |
//! | [`process`] | server processes on port 0, killed on drop; `taskset` pinning |
//! | [`plan`] | what `compare` measures: the loads' sizes, the tables' rows |
//! | [`programs`] | the programs `compare` measures, and how each is started |
//! | [`compare`] | the side-by-side run, into [`results`] |
//! | [`results`] | what a comparison found |
//! | [`goals`] | the course's performance goals, in one table, and their check |
//! | [`render`] | the console text, the Markdown tables the pages include, the charts' bars |
//! | [`chart`] | the SVG charts, drawn by hand |
//! | [`machine`] | what the numbers were measured on |
//!
//! Every mode is bounded twice: by a count and by a deadline, and every socket
//! has read and write timeouts, so no run can hang on a server that stops
//! answering.

pub mod chart;
pub mod cli;
pub mod compare;
pub mod dial;
pub mod goals;
pub mod machine;
pub mod modes;
pub mod payload;
pub mod plan;
pub mod process;
pub mod programs;
pub mod reference;
pub mod render;
pub mod results;
pub mod stats;
