//! The packet socket: one more `socket()` call, of a kind the article does
//! not show. An `AF_PACKET` socket receives a copy of every packet that
//! crosses a network interface, before any TCP or UDP socket sees it. This
//! one listens on the loopback interface, `lo`, and only there.

use std::io;
use std::os::fd::AsRawFd;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use common::Hinted;
use nix::errno::Errno;
use nix::sys::signal::{SigSet, Signal};
use nix::sys::socket::sockopt::{GetStruct, RcvBufForce};
use nix::sys::socket::{LinkAddr, getsockopt, recvfrom, setsockopt};
use socket2::{Domain, Protocol, Socket, Type};

use crate::packet::{self, Packet};

/// The most of each packet we read: enough for every header we show (14 +
/// 40 + 60 bytes at most), like tcpdump's "snap length". The data is not
/// needed: the IP header says how long it is.
const SNAP_LEN: usize = 256;

/// How many bytes of packets the kernel may queue for us (each small
/// packet takes about a kilobyte of it).
const QUEUE: usize = 64 << 20;

/// How often a capture that waits for packets looks up at its deadline.
const TICK: Duration = Duration::from_millis(50);

/// A packet socket on `lo`.
#[derive(Debug)]
pub struct Capture {
    socket: Socket,
    lo: usize,
    buf: [u8; SNAP_LEN],
}

/// What the kernel counted for the socket since the last look
/// (`PACKET_STATISTICS`): packets it queued for us, and packets it had to
/// throw away because we did not read fast enough.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Statistics {
    pub received: u32,
    pub dropped: u32,
}

/// Opens the packet socket on `lo`. Needs root or `CAP_NET_RAW`.
///
/// # Errors
/// `operation not permitted` without that right, with a hint.
pub fn open() -> Result<Capture> {
    // ANCHOR: open
    // Buy a phone that hears every call: a packet socket (AF_PACKET), raw
    // (with the link-layer header), for every protocol (ETH_P_ALL, 0x0003,
    // given in network byte order).
    let all = Protocol::from(i32::from(0x0003u16.to_be()));
    let socket =
        Socket::new(Domain::PACKET, Type::RAW, Some(all)).map_err(not_permitted)?;
    // Only the loopback interface: the course's programs talk there.
    socket
        .bind_device(Some(b"lo"))
        .context("cannot watch the interface lo")?;
    // ANCHOR_END: open
    // recv_from below waits at most one tick, so the loop can look at its
    // deadline.
    socket.set_read_timeout(Some(TICK))?;
    // A long queue, so that a burst (10,000 round trips take a fraction of
    // a second) waits there while we print, instead of being dropped.
    // SO_RCVBUF stops at net.core.rmem_max (208 KiB here, a few hundred
    // packets); SO_RCVBUFFORCE goes past it, for root (CAP_NET_ADMIN).
    if setsockopt(&socket, RcvBufForce, &QUEUE).is_err() {
        socket.set_recv_buffer_size(QUEUE)?;
    }
    let lo = nix::net::if_::if_nametoindex("lo").context("no interface lo")?;
    Ok(Capture {
        socket,
        lo: lo as usize,
        buf: [0; SNAP_LEN],
    })
}

impl Capture {
    /// Asks the kernel to queue only the packets of `port` (and ICMP
    /// messages) from now on: see [`crate::filter`].
    ///
    /// # Errors
    /// When the kernel refuses the filter.
    pub fn only(&self, port: u16) -> Result<()> {
        let keep = SNAP_LEN as u32;
        let program = crate::filter::port(port, keep);
        self.socket
            .attach_filter(&program)
            .context("cannot filter by port")
    }

    /// The next packet that comes in on `lo`, with the time it was read, or
    /// `None` when `deadline` comes first. Frames that are not IP (or not
    /// TCP, UDP or ICMP port unreachable) are passed over.
    ///
    /// # Errors
    /// When reading the socket fails.
    pub fn next(&mut self, deadline: Instant) -> Result<Option<(Instant, Packet)>> {
        loop {
            // ANCHOR: receive
            // Hear: one frame, and the link-layer address it came with.
            let (len, from) =
                match recvfrom::<LinkAddr>(self.socket.as_raw_fd(), &mut self.buf) {
                    Ok(got) => got,
                    Err(Errno::EAGAIN | Errno::EINTR)
                        if Instant::now() < deadline =>
                    {
                        continue;
                    }
                    Err(Errno::EAGAIN | Errno::EINTR) => return Ok(None),
                    Err(err) => {
                        return Err(io::Error::from(err))
                            .context("cannot read a packet");
                    }
                };
            let at = Instant::now();
            // On lo every packet passes twice: going out, then coming in.
            // Keep the copy coming in; the kernel marks the other one
            // PACKET_OUTGOING (4) in the address.
            let Some(from) = from else { continue };
            if from.pkttype() == libc::PACKET_OUTGOING || from.ifindex() != self.lo {
                continue;
            }
            let frame = &self.buf[..len.min(SNAP_LEN)];
            if let Some(packet) = packet::parse(frame) {
                return Ok(Some((at, packet)));
            }
            // ANCHOR_END: receive
        }
    }

    /// What the kernel counted since the last call (reading the counters
    /// resets them).
    ///
    /// # Errors
    /// When the kernel does not answer `PACKET_STATISTICS`.
    pub fn statistics(&self) -> Result<Statistics> {
        let stats = getsockopt(&self.socket, PacketStatistics)
            .map_err(io::Error::from)
            .context("cannot read PACKET_STATISTICS")?;
        Ok(Statistics {
            received: stats.tp_packets,
            dropped: stats.tp_drops,
        })
    }
}

// ANCHOR: statistics
/// `getsockopt(SOL_PACKET, PACKET_STATISTICS)`, which fills in a
/// `struct tpacket_stats { tp_packets, tp_drops }`. nix has no such option;
/// its exported macro `getsockopt_impl!` declares one. The `unsafe` call to
/// the kernel, and the check that it filled in the whole struct, are nix's
/// code, expanded here: this crate writes no `unsafe` block of its own.
#[derive(Debug, Clone, Copy)]
struct PacketStatistics;
nix::getsockopt_impl!(
    PacketStatistics,
    libc::SOL_PACKET,
    libc::PACKET_STATISTICS,
    libc::tpacket_stats,
    GetStruct<libc::tpacket_stats>
);
// ANCHOR_END: statistics

/// The error for a packet socket that cannot be opened: usually the missing
/// right, which gets a hint of its own.
fn not_permitted(err: io::Error) -> anyhow::Error {
    if err.kind() != io::ErrorKind::PermissionDenied {
        return anyhow::Error::new(err).context("cannot open a packet socket");
    }
    let exe = std::env::current_exe()
        .map_or_else(|_| "wire-watch".to_string(), |p| p.display().to_string());
    anyhow::Error::new(err).context(Hinted::new(
        "cannot open a packet socket",
        format!(
            "capturing needs root or the CAP_NET_RAW capability: run `sudo {exe} ...`, \
             or grant it once with `sudo setcap cap_net_raw+ep {exe}`"
        ),
    ))
}

/// Makes Ctrl-C (SIGINT) and SIGTERM set the returned flag instead of ending
/// the program, so that a capture can stop cleanly and print the kernel's
/// counts. Call it before starting any thread: the signals are blocked in
/// this thread and the ones it starts, and one thread waits for them.
///
/// # Errors
/// When the signals cannot be blocked.
pub fn stop_on_ctrl_c() -> Result<Arc<AtomicBool>> {
    let signals = SigSet::from_iter([Signal::SIGINT, Signal::SIGTERM]);
    signals.thread_block().context("cannot catch Ctrl-C")?;
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    thread::spawn(move || {
        if signals.wait().is_ok() {
            flag.store(true, Ordering::Relaxed);
        }
    });
    Ok(stop)
}
