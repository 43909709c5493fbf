//! Lesson 2's client calls this lesson's server: the server changed, not the
//! wire, so `main` runs `tcp_loop::client` as it is. Only the hint for a
//! call that broke says more here: this server also hangs up on a caller
//! beyond its `--max-callers`.

use common::Hinted;

/// What to try when the server hung up or broke the call before answering.
pub const HINT: &str = "the server was stopped, or it is busy (it hangs up on \
                        callers beyond --max-callers): check its log, start it \
                        again with `tcp-threads server` if it stopped, then call again";

/// Lesson 2's error for a broken call, with this lesson's hint: what
/// happened is kept; any other error is left as it is.
pub fn with_this_hint(err: anyhow::Error) -> anyhow::Error {
    match err.downcast_ref::<Hinted>() {
        Some(broken) => Hinted::new(broken.to_string(), HINT).into(),
        None => err,
    }
}
