//! Reading frames by hand: the layouts of IPv4, IPv6, TCP, UDP and ICMP,
//! checked on frames built here, and no panic on any bytes at all.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

mod support;

use std::net::SocketAddr;

use support::{frame, ipv4, ipv6, tcp, udp};
use wire_watch::packet::{self, ACK, Body, PSH, SYN};
use wire_watch::show::{self, Relative};

fn addr(text: &str) -> SocketAddr {
    text.parse().unwrap()
}

#[test]
fn a_tcp_segment_over_ipv4() {
    let bytes = frame(
        0x0800,
        &ipv4(6, &tcp((50001, 9000), 1000, 77, PSH | ACK, b"LHF nb")),
    );
    let packet = packet::parse(&bytes).unwrap();
    let Body::Tcp(s) = packet.body else {
        panic!("{packet:?}")
    };
    assert_eq!(
        (s.src_port, s.dst_port, s.seq, s.ack),
        (50001, 9000, 1000, 77)
    );
    assert_eq!((s.flags, s.window, s.len), (PSH | ACK, 512, 6));
    assert_eq!(
        packet.ends(),
        (addr("127.0.0.1:50001"), addr("127.0.0.1:9000"))
    );
    assert!(packet.involves(9000) && !packet.involves(9001));
}

#[test]
fn relative_numbers_count_from_each_sides_first() {
    let mut relative = Relative::default();
    let syn = frame(0x86dd, &ipv6(6, &tcp((50001, 9000), 1000, 0, SYN, b"")));
    let syn_ack = frame(
        0x86dd,
        &ipv6(6, &tcp((9000, 50001), 5000, 1001, SYN | ACK, b"")),
    );
    let data = frame(
        0x86dd,
        &ipv6(6, &tcp((50001, 9000), 1001, 5001, PSH | ACK, b"LHF nb")),
    );
    let lines: Vec<String> = [syn, syn_ack, data]
        .iter()
        .map(|f| show::line(0.0, &packet::parse(f).unwrap(), &mut relative))
        .collect();
    assert_eq!(
        lines,
        [
            "0.000000 [::1]:50001 > [::1]:9000: [S] seq 0, win 512, length 0",
            "0.000000 [::1]:9000 > [::1]:50001: [S.] seq 0, ack 1, win 512, length 0",
            "0.000000 [::1]:50001 > [::1]:9000: [P.] seq 1:7, ack 1, win 512, length 6",
        ]
    );
}

#[test]
fn a_udp_datagram_and_the_icmp_error_about_it() {
    let datagram = ipv4(17, &udp((50001, 9000), b"LHF nb"));
    let packet = packet::parse(&frame(0x0800, &datagram)).unwrap();
    assert_eq!(
        packet.body,
        Body::Udp {
            src_port: 50001,
            dst_port: 9000,
            len: 6
        }
    );
    // ICMP type 3 code 3, 4 unused bytes, then the datagram's start.
    let mut icmp = vec![3, 3, 0, 0, 0, 0, 0, 0];
    icmp.extend_from_slice(&datagram[..28]);
    let error = packet::parse(&frame(0x0800, &ipv4(1, &icmp))).unwrap();
    let want = Body::Unreachable {
        from: addr("127.0.0.1:50001"),
        to: addr("127.0.0.1:9000"),
        len: 36,
    };
    assert_eq!(error.body, want);
    assert!(error.involves(9000));
    let text = show::describe(&error, &mut Relative::default(), show::Detail::Full);
    assert_eq!(
        text,
        "ICMP port unreachable for udp 127.0.0.1:9000, length 36"
    );
    // The same over IPv6: ICMPv6 type 1 code 4.
    let datagram = ipv6(17, &udp((50001, 9000), b"x"));
    let mut icmp = vec![1, 4, 0, 0, 0, 0, 0, 0];
    icmp.extend_from_slice(&datagram);
    let error = packet::parse(&frame(0x86dd, &ipv6(58, &icmp))).unwrap();
    assert!(
        matches!(error.body, Body::Unreachable { to, .. } if to == addr("[::1]:9000"))
    );
}

#[test]
fn what_is_not_ip_tcp_udp_or_port_unreachable_is_passed_over() {
    assert_eq!(packet::parse(&frame(0x0806, &[0; 28])), None, "ARP");
    assert_eq!(
        packet::parse(&frame(0x0800, &ipv4(1, &[8, 0, 0, 0, 0, 0, 0, 0]))),
        None,
        "ping"
    );
    assert_eq!(
        packet::parse(&frame(0x0800, &ipv4(47, &[0; 8]))),
        None,
        "GRE"
    );
    assert_eq!(packet::parse(&[]), None);
}

#[test]
fn no_bytes_make_it_panic() {
    // Every cut of real frames, and bytes from a simple generator: parse
    // says None or reads what is there, and never indexes out of bounds.
    let real = [
        frame(0x0800, &ipv4(6, &tcp((1, 2), 3, 4, 0xff, b"data"))),
        frame(0x86dd, &ipv6(17, &udp((1, 2), b"data"))),
        frame(0x0800, &ipv4(1, &[3, 3, 0, 0, 0, 0, 0, 0, 0x45, 0, 0, 0])),
    ];
    for bytes in &real {
        for cut in 0..=bytes.len() {
            let _ = packet::parse(&bytes[..cut]);
        }
    }
    let mut state = 0x2545_f491_u32;
    for _ in 0..20_000 {
        let mut bytes = real[usize::try_from(state % 3).unwrap()].clone();
        for byte in bytes.iter_mut().skip(12) {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            if state % 4 == 0 {
                *byte = state.to_be_bytes()[0];
            }
        }
        if let Some(packet) = packet::parse(&bytes) {
            let _ = show::line(0.0, &packet, &mut Relative::default());
        }
    }
}

#[test]
fn flags_in_tcpdumps_notation() {
    for (byte, shown) in [
        (0x02, "S"),
        (0x12, "S."),
        (0x10, "."),
        (0x18, "P."),
        (0x11, "F."),
        (0x04, "R"),
        (0x14, "R."),
        (0x00, "none"),
        (0xc2, "SEW"),
    ] {
        assert_eq!(show::flags(byte), shown, "{byte:#04x}");
    }
}
