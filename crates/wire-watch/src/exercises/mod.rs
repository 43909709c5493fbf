//! The lesson's exercises, solved. In each, the part a learner writes is one
//! function, marked for the course's assignment generator; the program
//! around it is given and runs through `wire-watch exercise ...`.
//!
//! | exercise | what it teaches | run it |
//! |---|---|---|
//! | [`names`] | the flags byte, bit by bit, in Wireshark's words | `wire-watch exercise names --port N` |
//! | [`sticky`] | 粘包: which segments one read glued together | `wire-watch exercise sticky` |
//! | [`retransmits`] | a packet sent again: the SYN a full queue dropped | `wire-watch exercise retransmits` |

pub mod names;
pub mod retransmits;
pub mod sticky;
