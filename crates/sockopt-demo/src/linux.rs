//! What Linux shows of its sockets in `/proc/net/tcp`: the state of a
//! connection, the length of a listener's queue. Only the experiments that
//! say "on Linux" use it.

use std::io;
use std::net::SocketAddr;

/// One socket of `/proc/net/tcp`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TcpEntry {
    /// The TCP state, by its name in the kernel (`LISTEN`, `TIME_WAIT`, ...).
    pub state: String,
    /// For a listener, how many finished calls wait for `accept`; for a
    /// connection, how many received bytes wait for `read`.
    pub rx_queue: u64,
}

/// The sockets whose local address is `addr` (IPv4 only: IPv6 sockets are in
/// `/proc/net/tcp6`), in the kernel's order.
///
/// # Errors
/// When `/proc/net/tcp` cannot be read.
pub fn tcp_entries(addr: SocketAddr) -> io::Result<Vec<TcpEntry>> {
    let SocketAddr::V4(v4) = addr else {
        return Ok(Vec::new());
    };
    // The kernel writes the address as hex in memory order: 0100007F:2328.
    let ip = u32::from_ne_bytes(v4.ip().octets());
    let local = format!("{ip:08X}:{:04X}", v4.port());
    let table = std::fs::read_to_string("/proc/net/tcp")?;
    let mut found = Vec::new();
    for line in table.lines().skip(1) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.get(1) != Some(&local.as_str()) {
            continue;
        }
        let state = fields.get(3).map_or("?", |code| state_name(code));
        let rx_queue = fields
            .get(4)
            .and_then(|queues| queues.split_once(':'))
            .and_then(|(_, rx)| u64::from_str_radix(rx, 16).ok())
            .unwrap_or(0);
        found.push(TcpEntry {
            state: state.to_string(),
            rx_queue,
        });
    }
    Ok(found)
}

/// The kernel's name for a state code of `/proc/net/tcp`.
fn state_name(code: &str) -> &str {
    match code {
        "01" => "ESTABLISHED",
        "02" => "SYN_SENT",
        "03" => "SYN_RECV",
        "04" => "FIN_WAIT1",
        "05" => "FIN_WAIT2",
        "06" => "TIME_WAIT",
        "07" => "CLOSE",
        "08" => "CLOSE_WAIT",
        "09" => "LAST_ACK",
        "0A" => "LISTEN",
        "0B" => "CLOSING",
        other => other,
    }
}
