//! `bench`: a load generator for the course's one protocol (send bytes, get
//! them back upper-cased), and `compare`, which measures the lesson servers,
//! the article's Python programs and a reference side by side.
//!
//! Data flows one way: the loads ([`modes`], a file per mode, each returning
//! a [`modes::Report`]) measure, [`compare`] runs them against the
//! [`programs`] as its [`plan`] says and puts their numbers into the
//! [`results`] model, and the renderers ([`render`], [`chart`]) and the
//! [`goals`] read only that model. Each module's own page says what it holds.
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
