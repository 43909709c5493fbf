//! One captured frame, read by hand: the Ethernet header that `lo` fakes, the
//! IP header (version 4 or 6), then TCP, UDP or an ICMP "port unreachable".
//!
//! Each field is read at its offset, as the RFCs draw the headers, so that the
//! page can show the layout next to the code. Nothing here trusts the bytes:
//! every read is checked, and a frame that is too short or not IP is `None`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// What one packet carried, as far as this course cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    /// The sending IP address.
    pub src: IpAddr,
    /// The receiving IP address.
    pub dst: IpAddr,
    /// The transport: a TCP segment, a UDP datagram, or an ICMP error.
    pub body: Body,
}

/// The part of a packet after the IP header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// A TCP segment.
    Tcp(Segment),
    /// A UDP datagram: the ports and the length of its payload.
    Udp {
        src_port: u16,
        dst_port: u16,
        len: usize,
    },
    /// ICMP (or ICMPv6) "port unreachable": the answer of a machine to a UDP
    /// datagram for a port where nobody listens. It quotes the start of that
    /// datagram, so we know which one it was: from `from`, to `to`.
    Unreachable {
        from: SocketAddr,
        to: SocketAddr,
        len: usize,
    },
}

/// The fields of a TCP header that a trace shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub src_port: u16,
    pub dst_port: u16,
    /// The sequence number of the first byte (or of the SYN or FIN).
    pub seq: u32,
    /// The next byte the sender expects (valid when the ACK flag is set).
    pub ack: u32,
    /// The flags byte: FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, ...
    pub flags: u8,
    /// How many more bytes the sender can take now (unscaled, as sent).
    pub window: u16,
    /// How many bytes of data the segment carries.
    pub len: usize,
}

/// The TCP flag bits, in the order of the flags byte (RFC 9293, 3.1).
pub const FIN: u8 = 0x01;
pub const SYN: u8 = 0x02;
pub const RST: u8 = 0x04;
pub const PSH: u8 = 0x08;
pub const ACK: u8 = 0x10;

impl Packet {
    /// Whether `port` is one of the packet's ports, or, for an ICMP error, one
    /// of the ports of the datagram it is about.
    pub fn involves(&self, port: u16) -> bool {
        match &self.body {
            Body::Tcp(s) => s.src_port == port || s.dst_port == port,
            Body::Udp {
                src_port, dst_port, ..
            } => *src_port == port || *dst_port == port,
            Body::Unreachable { from, to, .. } => {
                from.port() == port || to.port() == port
            }
        }
    }

    /// The sender's and the receiver's socket addresses (for an ICMP error,
    /// the IP addresses with port 0: ICMP has no ports).
    pub fn ends(&self) -> (SocketAddr, SocketAddr) {
        let (src_port, dst_port) = match &self.body {
            Body::Tcp(s) => (s.src_port, s.dst_port),
            Body::Udp {
                src_port, dst_port, ..
            } => (*src_port, *dst_port),
            Body::Unreachable { .. } => (0, 0),
        };
        (
            SocketAddr::new(self.src, src_port),
            SocketAddr::new(self.dst, dst_port),
        )
    }
}

// ANCHOR: layout
/// On `lo` the kernel puts a 14-byte Ethernet header before each packet: two
/// all-zero addresses (6 bytes each), then the type of what follows.
const ETHERNET_HEADER: usize = 14;
const ETHERTYPE_IPV4: u16 = 0x0800;
const ETHERTYPE_IPV6: u16 = 0x86dd;
/// The IP header's "protocol" (IPv4) or "next header" (IPv6) numbers.
const TCP: u8 = 6;
const UDP: u8 = 17;
const ICMP: u8 = 1;
const ICMPV6: u8 = 58;

/// Reads one frame as a packet socket on `lo` returns it.
pub fn parse(frame: &[u8]) -> Option<Packet> {
    let ip = frame.get(ETHERNET_HEADER..)?;
    match be16(frame, 12)? {
        ETHERTYPE_IPV4 => transport(ipv4(ip)?),
        ETHERTYPE_IPV6 => transport(ipv6(ip)?),
        _ => None,
    }
}

/// An IP header's addresses, what it carries, and where that starts.
struct Ip<'a> {
    src: IpAddr,
    dst: IpAddr,
    protocol: u8,
    /// The bytes after the IP header (perhaps cut short by the capture).
    payload: &'a [u8],
    /// The payload's length as the header gives it.
    len: usize,
}

fn ipv4(ip: &[u8]) -> Option<Ip<'_>> {
    // Byte 0: the version (4) in the high half, the header's length in
    // 4-byte words in the low half (5, so 20 bytes, without options).
    let header_len = usize::from(ip.first()? & 0x0f) * 4;
    // Bytes 2-3: the whole packet's length; byte 9: the protocol;
    // bytes 12-15 and 16-19: the source and destination addresses.
    let total_len = usize::from(be16(ip, 2)?);
    Some(Ip {
        src: IpAddr::V4(Ipv4Addr::from(be32(ip, 12)?)),
        dst: IpAddr::V4(Ipv4Addr::from(be32(ip, 16)?)),
        protocol: *ip.get(9)?,
        payload: ip.get(header_len..)?,
        len: total_len.checked_sub(header_len)?,
    })
}

fn ipv6(ip: &[u8]) -> Option<Ip<'_>> {
    // A fixed 40-byte header: bytes 4-5 the payload's length, byte 6 the next
    // header, bytes 8-23 and 24-39 the addresses.
    let src: [u8; 16] = ip.get(8..24)?.try_into().ok()?;
    let dst: [u8; 16] = ip.get(24..40)?.try_into().ok()?;
    Some(Ip {
        src: IpAddr::V6(Ipv6Addr::from(src)),
        dst: IpAddr::V6(Ipv6Addr::from(dst)),
        protocol: *ip.get(6)?,
        payload: ip.get(40..)?,
        len: usize::from(be16(ip, 4)?),
    })
}

fn tcp(ip: &Ip<'_>) -> Option<Segment> {
    let t = ip.payload;
    // Byte 12: the header's length in 4-byte words, in the high half.
    let header_len = usize::from(t.get(12)? >> 4) * 4;
    Some(Segment {
        src_port: be16(t, 0)?,
        dst_port: be16(t, 2)?,
        seq: be32(t, 4)?,
        ack: be32(t, 8)?,
        flags: *t.get(13)?,
        window: be16(t, 14)?,
        len: ip.len.checked_sub(header_len)?,
    })
}
// ANCHOR_END: layout

fn transport(ip: Ip<'_>) -> Option<Packet> {
    let body = match ip.protocol {
        TCP => Body::Tcp(tcp(&ip)?),
        UDP => Body::Udp {
            src_port: be16(ip.payload, 0)?,
            dst_port: be16(ip.payload, 2)?,
            // Bytes 4-5: the length of the header (8 bytes) and the data.
            len: usize::from(be16(ip.payload, 4)?).checked_sub(8)?,
        },
        ICMP | ICMPV6 => unreachable(&ip)?,
        _ => return None,
    };
    Some(Packet {
        src: ip.src,
        dst: ip.dst,
        body,
    })
}

/// ICMP type 3 code 3 (ICMPv6: type 1 code 4) is "port unreachable". After
/// 4 more bytes comes the start of the datagram that found no one: its IP
/// header and the first 8 bytes after it, which hold the UDP ports.
fn unreachable(ip: &Ip<'_>) -> Option<Body> {
    let icmp = ip.payload;
    let port_unreachable = match ip.protocol {
        ICMP => (icmp.first()?, icmp.get(1)?) == (&3, &3),
        _ => (icmp.first()?, icmp.get(1)?) == (&1, &4),
    };
    let quoted = icmp.get(8..)?;
    let inner = if ip.protocol == ICMP {
        ipv4(quoted)?
    } else {
        ipv6(quoted)?
    };
    if !port_unreachable || inner.protocol != UDP {
        return None;
    }
    Some(Body::Unreachable {
        from: SocketAddr::new(inner.src, be16(inner.payload, 0)?),
        to: SocketAddr::new(inner.dst, be16(inner.payload, 2)?),
        len: ip.len,
    })
}

/// The big-endian ("network order") 16-bit number at `at`, if there.
fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    let pair = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes(pair.try_into().ok()?))
}

/// The big-endian 32-bit number at `at`, if there.
fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    let four = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes(four.try_into().ok()?))
}
