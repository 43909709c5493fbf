//! The kernel's own filter for a packet socket: a small program in classic
//! BPF (the language of tcpdump's `port 9000`) that the kernel runs on every
//! packet before queueing it for us. Packets of other ports then cost us
//! nothing, and a burst elsewhere on `lo` cannot fill our queue.
//!
//! The program reads the same header fields as [`crate::packet`]; each
//! instruction is `(code, jump if true, jump if false, value)`, and a jump
//! skips that many instructions.

use socket2::SockFilter;

// Instruction codes (linux/filter.h): load a half-word, a byte, or the IPv4
// header length; jump if equal; return (how many bytes to keep, 0 = none).
const LOAD_HALF: u16 = 0x28;
const LOAD_BYTE: u16 = 0x30;
const LOAD_IP_HEADER_LEN: u16 = 0xb1;
const LOAD_HALF_AFTER_IP: u16 = 0x48;
const JUMP_IF_EQUAL: u16 = 0x15;
const RETURN: u16 = 0x06;

/// Keeps the TCP and UDP packets from or to `port`, over IPv4 or IPv6, and
/// every ICMP message (a "port unreachable" names its port only inside);
/// of each, the first `keep` bytes.
pub fn port(port: u16, keep: u32) -> Vec<SockFilter> {
    let port = u32::from(port);
    let op = SockFilter::new;
    vec![
        op(LOAD_HALF, 0, 0, 12),              // 0: the Ethernet type
        op(JUMP_IF_EQUAL, 1, 0, 0x0800),      // 1: IPv4: to 3
        op(JUMP_IF_EQUAL, 9, 18, 0x86dd),     // 2: IPv6: to 12, else drop
        op(LOAD_BYTE, 0, 0, 14 + 9),          // 3: IPv4's protocol
        op(JUMP_IF_EQUAL, 15, 0, 1),          // 4: ICMP: keep
        op(JUMP_IF_EQUAL, 1, 0, 6),           // 5: TCP: to 7
        op(JUMP_IF_EQUAL, 0, 14, 17),         // 6: UDP: to 7, else drop
        op(LOAD_IP_HEADER_LEN, 0, 0, 14),     // 7: x = IPv4 header's length
        op(LOAD_HALF_AFTER_IP, 0, 0, 14),     // 8: the source port
        op(JUMP_IF_EQUAL, 10, 0, port),       // 9: ours: keep
        op(LOAD_HALF_AFTER_IP, 0, 0, 14 + 2), // 10: the destination port
        op(JUMP_IF_EQUAL, 8, 9, port),        // 11: ours: keep, else drop
        op(LOAD_BYTE, 0, 0, 14 + 6),          // 12: IPv6's next header
        op(JUMP_IF_EQUAL, 6, 0, 58),          // 13: ICMPv6: keep
        op(JUMP_IF_EQUAL, 1, 0, 6),           // 14: TCP: to 16
        op(JUMP_IF_EQUAL, 0, 5, 17),          // 15: UDP: to 16, else drop
        op(LOAD_HALF, 0, 0, 14 + 40),         // 16: the source port
        op(JUMP_IF_EQUAL, 2, 0, port),        // 17: ours: keep
        op(LOAD_HALF, 0, 0, 14 + 42),         // 18: the destination port
        op(JUMP_IF_EQUAL, 0, 1, port),        // 19: ours: keep, else drop
        op(RETURN, 0, 0, keep),               // 20: keep
        op(RETURN, 0, 0, 0),                  // 21: drop
    ]
}
