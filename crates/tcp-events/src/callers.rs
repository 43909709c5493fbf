//! The table of callers on the line. `poll` tells the loop *which* socket is
//! ready by the token it was registered with; a token here is simply the
//! caller's slot in this table, so finding the caller is one index.
//!
//! A `Vec<Option<Caller>>` with a list of free slots is what the `slab`
//! crate is; written out, it is twenty lines, and a learner sees that a
//! token is a number, and that a hung-up caller's number is given to the
//! next caller.

use mio::Token;

use crate::caller::Caller;

// ANCHOR: callers
/// Callers by token: slot `i` holds the caller registered as `Token(i)`.
/// (`T` is what the table holds for each: the lesson's [`Caller`], or
/// more for a program that needs more, as the chat room of the exercises.)
#[derive(Debug)]
pub struct Callers<T = Caller> {
    slots: Vec<Option<T>>,
    /// Slots freed by callers who hung up, reused first, so the table only
    /// grows to the most callers ever on the line at once.
    free: Vec<usize>,
}

impl<T> Callers<T> {
    /// The token the next caller will get.
    pub fn next_token(&self) -> Token {
        Token(self.free.last().copied().unwrap_or(self.slots.len()))
    }

    /// Puts `caller` in the slot of [`Callers::next_token`].
    pub fn insert(&mut self, caller: T) -> Token {
        match self.free.pop() {
            Some(slot) => {
                self.slots[slot] = Some(caller);
                Token(slot)
            }
            None => {
                self.slots.push(Some(caller));
                Token(self.slots.len() - 1)
            }
        }
    }

    /// The caller with `token`, if it is still on the line.
    pub fn get_mut(&mut self, token: Token) -> Option<&mut T> {
        self.slots.get_mut(token.0)?.as_mut()
    }

    /// Takes the caller with `token` out of the table and frees its slot.
    pub fn remove(&mut self, token: Token) -> Option<T> {
        let caller = self.slots.get_mut(token.0)?.take()?;
        self.free.push(token.0);
        Some(caller)
    }

    /// How many callers are on the line.
    pub fn len(&self) -> usize {
        self.slots.len() - self.free.len()
    }

    /// Whether nobody is on the line.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The caller with `token`, if it is still on the line.
    pub fn get(&self, token: Token) -> Option<&T> {
        self.slots.get(token.0)?.as_ref()
    }

    /// The callers on the line, with their tokens.
    pub fn iter(&self) -> impl Iterator<Item = (Token, &T)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(slot, caller)| Some((Token(slot), caller.as_ref()?)))
    }

    /// The callers on the line, with their tokens, to change them.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (Token, &mut T)> {
        self.slots
            .iter_mut()
            .enumerate()
            .filter_map(|(slot, caller)| Some((Token(slot), caller.as_mut()?)))
    }
}

impl<T> Default for Callers<T> {
    fn default() -> Self {
        Callers {
            slots: Vec::new(),
            free: Vec::new(),
        }
    }
}
// ANCHOR_END: callers
