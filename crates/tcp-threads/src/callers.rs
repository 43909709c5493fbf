//! How many callers are on the line: a number every thread changes, the
//! acceptor when it picks up, each caller's thread when its call ends.
//!
//! An atomic integer is enough for one number shared by threads: no lock,
//! and no way to forget to give a place back, because the place is a value
//! ([`Place`]) that gives itself back when it is dropped, however the call
//! ends: a hang-up, a reset, an error, or a thread that was never started.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

// ANCHOR: callers
/// The callers on the line, and how many there may be.
#[derive(Debug, Clone)]
pub struct Callers {
    on_the_line: Arc<AtomicUsize>,
    max: usize,
}

/// One caller's place on the line: while it exists, the caller counts.
#[derive(Debug)]
pub struct Place {
    on_the_line: Arc<AtomicUsize>,
}

impl Callers {
    /// No caller yet, and at most `max` at once.
    pub fn new(max: usize) -> Callers {
        Callers {
            on_the_line: Arc::new(AtomicUsize::new(0)),
            max,
        }
    }

    /// A place for one more caller, or `None` when `max` are on the line.
    /// Check and add are one atomic step: two threads cannot both take the
    /// last place. (Relaxed: the count guards no other data.)
    pub fn take_place(&self) -> Option<Place> {
        let max = self.max;
        self.on_the_line
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()?;
        Some(Place {
            on_the_line: Arc::clone(&self.on_the_line),
        })
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        self.on_the_line.fetch_sub(1, Ordering::Relaxed);
    }
}
// ANCHOR_END: callers

impl Callers {
    /// How many callers may be on the line at once.
    pub fn max(&self) -> usize {
        self.max
    }

    /// How many are on the line now.
    pub fn now(&self) -> usize {
        self.on_the_line.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_come_back_when_dropped() {
        let callers = Callers::new(2);
        let first = callers.take_place();
        let second = callers.take_place();
        assert!(first.is_some() && second.is_some());
        assert!(callers.take_place().is_none());
        assert_eq!(callers.now(), 2);
        drop(first);
        assert_eq!(callers.now(), 1);
        assert!(callers.take_place().is_some());
        assert_eq!(callers.now(), 1);
    }
}
