//! The lesson's exercises, solved.
