//! What the capture tests share: whether this process may capture at all,
//! and frames built by hand.

#![allow(dead_code, unreachable_pub, clippy::unwrap_used)] // each test file uses a part

/// Whether this test process may open a packet socket (root or CAP_NET_RAW,
/// on Linux). Where it may not, the test says so and skips, except as root
/// on CI, where a skip would hide a broken test.
pub fn may_capture() -> bool {
    match wire_watch::capture::open() {
        Ok(_) => true,
        Err(err) => {
            assert!(
                !common::testing::root_on_ci(),
                "root on CI must be able to capture: {err:#}"
            );
            eprintln!("skipped: this process may not capture ({err:#})");
            false
        }
    }
}

/// A frame as a packet socket on `lo` returns it: 12 zero bytes of Ethernet
/// addresses, the type, then `ip`.
pub fn frame(ethertype: u16, ip: &[u8]) -> Vec<u8> {
    let mut frame = vec![0u8; 12];
    frame.extend_from_slice(&ethertype.to_be_bytes());
    frame.extend_from_slice(ip);
    frame
}

/// An IPv4 packet from 127.0.0.1 to 127.0.0.1 carrying `payload` with
/// protocol number `protocol`.
pub fn ipv4(protocol: u8, payload: &[u8]) -> Vec<u8> {
    let total = u16::try_from(20 + payload.len()).unwrap();
    let mut ip = vec![0x45, 0];
    ip.extend_from_slice(&total.to_be_bytes());
    ip.extend_from_slice(&[0, 0, 0x40, 0, 64, protocol, 0, 0]);
    ip.extend_from_slice(&[127, 0, 0, 1, 127, 0, 0, 1]);
    ip.extend_from_slice(payload);
    ip
}

/// An IPv6 packet from ::1 to ::1.
pub fn ipv6(next: u8, payload: &[u8]) -> Vec<u8> {
    let len = u16::try_from(payload.len()).unwrap();
    let mut ip = vec![0x60, 0, 0, 0];
    ip.extend_from_slice(&len.to_be_bytes());
    ip.extend_from_slice(&[next, 64]);
    let one = std::net::Ipv6Addr::LOCALHOST.octets();
    ip.extend_from_slice(&one);
    ip.extend_from_slice(&one);
    ip.extend_from_slice(payload);
    ip
}

/// A 20-byte TCP header and `data`.
pub fn tcp(
    ports: (u16, u16),
    seq: u32,
    ack: u32,
    flags: u8,
    data: &[u8],
) -> Vec<u8> {
    let mut t = Vec::new();
    t.extend_from_slice(&ports.0.to_be_bytes());
    t.extend_from_slice(&ports.1.to_be_bytes());
    t.extend_from_slice(&seq.to_be_bytes());
    t.extend_from_slice(&ack.to_be_bytes());
    t.extend_from_slice(&[0x50, flags, 0x02, 0x00, 0, 0, 0, 0]);
    t.extend_from_slice(data);
    t
}

/// An 8-byte UDP header and `data`.
pub fn udp(ports: (u16, u16), data: &[u8]) -> Vec<u8> {
    let len = u16::try_from(8 + data.len()).unwrap();
    let mut u = Vec::new();
    u.extend_from_slice(&ports.0.to_be_bytes());
    u.extend_from_slice(&ports.1.to_be_bytes());
    u.extend_from_slice(&len.to_be_bytes());
    u.extend_from_slice(&[0, 0]);
    u.extend_from_slice(data);
    u
}
