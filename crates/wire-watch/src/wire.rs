//! The demos' recorder: a capture running beside a scenario's sockets, which
//! prints each socket call as the scenario makes it and, under it, the
//! packets that the call put on the wire.
//!
//! The scenario waits after each call until the packets it causes have
//! passed ([`Wire::expect`]), so each packet shows under the call that caused
//! it. Real programs do not wait, and their packets interleave more: run
//! `wire-watch capture` beside them to see that.

use std::io::Write;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::capture::{self, Capture};
use crate::mermaid::Diagram;
use crate::packet::{Body, Packet};
use crate::show::{self, Detail, Relative};

/// How long [`Wire::expect`] waits for the packets of one call: more than a
/// delayed ACK (40 to 200 ms) or a SYN sent again (1 s).
pub const PATIENCE: Duration = Duration::from_secs(3);

/// A capture, and where its story goes.
pub struct Wire<'a> {
    capture: Capture,
    /// Only packets to or from this port are shown: other programs talk on
    /// `lo` at the same time.
    port: Option<u16>,
    /// Names for the ends of the calls: `client`, `server`.
    roles: Vec<(SocketAddr, String)>,
    relative: Relative,
    out: &'a mut dyn Write,
    /// `Some` for `--mermaid`: the story becomes a diagram, printed at the end.
    diagram: Option<Diagram>,
    /// Every packet shown, with the time it came.
    pub seen: Vec<(Instant, Packet)>,
}

impl<'a> Wire<'a> {
    /// Opens the packet socket. Lines go to `out`, or a diagram when
    /// `mermaid`, with a lifeline for each of `lifelines`, left to right.
    ///
    /// # Errors
    /// When the packet socket cannot be opened (no right to capture).
    pub fn open(
        out: &'a mut dyn Write,
        mermaid: bool,
        lifelines: &[&str],
    ) -> Result<Wire<'a>> {
        let mut diagram = mermaid.then(Diagram::default);
        if let Some(diagram) = &mut diagram {
            lifelines.iter().for_each(|role| diagram.participant(role));
        }
        Ok(Wire {
            capture: capture::open()?,
            port: None,
            roles: Vec::new(),
            relative: Relative::default(),
            out,
            diagram,
            seen: Vec::new(),
        })
    }

    /// Shows the packets of `addr`'s port from now on, and names `addr`
    /// `role`.
    ///
    /// # Errors
    /// When the kernel refuses the filter for the port.
    pub fn watch(&mut self, addr: SocketAddr, role: &str) -> Result<()> {
        self.capture.only(addr.port())?;
        self.port = Some(addr.port());
        self.name(addr, role);
        Ok(())
    }

    /// Names the end `addr` `role` in what is printed (a role named again,
    /// for a second call, moves to its new address).
    pub fn name(&mut self, addr: SocketAddr, role: &str) {
        self.roles.retain(|(_, r)| r != role);
        self.roles.push((addr, role.to_string()));
    }

    /// The name of `addr`: its role, or the address itself.
    fn role(&self, addr: SocketAddr, packet: &Packet) -> String {
        let named = self.roles.iter().find(|(a, _)| *a == addr);
        named.map_or_else(|| show::endpoint(addr, packet), |(_, r)| r.clone())
    }

    /// Prints `role | what`: a socket call, or what it returned.
    ///
    /// # Errors
    /// When the output is closed.
    pub fn call(&mut self, role: &str, what: &str) -> Result<()> {
        match &mut self.diagram {
            Some(diagram) => diagram.note(role, what),
            None => writeln!(self.out, "{role:<8} | {what}")?,
        }
        Ok(())
    }

    /// Prints a remark about the scenario, not a call.
    ///
    /// # Errors
    /// When the output is closed.
    pub fn note(&mut self, text: &str) -> Result<()> {
        match &mut self.diagram {
            Some(diagram) => diagram.note_across(text),
            None => writeln!(self.out, "{:<8} | {text}", "")?,
        }
        Ok(())
    }

    /// Waits for the next `count` packets of the watched port, at most
    /// [`PATIENCE`] in all, and shows each. Returns them; fewer, with a line
    /// that says so, when they do not all come in time.
    ///
    /// # Errors
    /// When reading the capture or writing the output fails.
    pub fn expect(&mut self, count: usize) -> Result<Vec<(Instant, Packet)>> {
        if count == 0 {
            return Ok(Vec::new());
        }
        let mut got = 0;
        self.until(|_| {
            got += 1;
            got == count
        })
    }

    /// Shows the packets of the watched port until one for which `last`
    /// says true, waiting at most [`PATIENCE`] in all. Returns them.
    ///
    /// # Errors
    /// When reading the capture or writing the output fails.
    pub fn until(
        &mut self,
        mut last: impl FnMut(&Packet) -> bool,
    ) -> Result<Vec<(Instant, Packet)>> {
        let deadline = Instant::now() + PATIENCE;
        let mut got = Vec::new();
        loop {
            let Some((at, packet)) = self.capture.next(deadline)? else {
                let waited = PATIENCE.as_secs();
                self.note(&format!("(no more packets came in {waited} s)"))?;
                break;
            };
            if self.port.is_some_and(|port| packet.involves(port)) {
                self.show(&packet)?;
                let done = last(&packet);
                got.push((at, packet));
                if done {
                    break;
                }
            }
        }
        self.seen.extend(got.iter().cloned());
        Ok(got)
    }

    /// One packet: `wire | client > server: [S] seq 0, length 0`.
    fn show(&mut self, packet: &Packet) -> Result<()> {
        let (mut src, mut dst) = packet.ends();
        // An ICMP error comes from the machine of the port that was not
        // there, to the sender of the datagram.
        if let Body::Unreachable { from, to, .. } = packet.body {
            (src, dst) = (to, from);
        }
        let (src, dst) = (self.role(src, packet), self.role(dst, packet));
        let text = show::describe(packet, &mut self.relative, Detail::Brief);
        match &mut self.diagram {
            Some(diagram) => diagram.arrow(&src, &dst, &text),
            None => writeln!(self.out, "{:<8} | {src} > {dst}: {text}", "wire")?,
        }
        Ok(())
    }

    /// Ends the story: prints the diagram, for `--mermaid`.
    ///
    /// # Errors
    /// When the output is closed.
    pub fn finish(self) -> Result<()> {
        if let Some(diagram) = &self.diagram {
            write!(self.out, "{}", diagram.render())?;
        }
        self.out.flush()?;
        Ok(())
    }
}
