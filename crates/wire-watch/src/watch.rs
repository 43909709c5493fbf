//! `wire-watch capture`: every packet on `lo` (or those of one port), one
//! line each, until enough have passed or Ctrl-C; then what the kernel
//! counted, so you know whether any packet was lost.

use std::io::{BufWriter, Write};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::capture;
use crate::mermaid::Diagram;
use crate::packet::{Body, Packet};
use crate::show::{self, Relative};

/// What to capture and how to show it: the `capture` subcommand's flags.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Only packets to or from this port.
    pub port: Option<u16>,
    /// Stop after this many packets.
    pub count: Option<usize>,
    /// Stop after this long.
    pub duration: Option<Duration>,
    /// Print a mermaid sequence diagram at the end instead of lines.
    pub mermaid: bool,
}

/// Captures as `options` say, printing to `out`; the start and the kernel's
/// counts go to stderr, as tcpdump prints them.
///
/// # Errors
/// When the packet socket cannot be opened (no right to capture), reading it
/// fails, or `out` is closed.
pub fn run(options: Options, out: &mut dyn Write) -> Result<()> {
    // Lines are written in batches, at least every tenth of a second: one
    // write per packet would slow the capture down in a burst.
    let mut out = BufWriter::new(out);
    let mut capture = capture::open()?;
    if let Some(port) = options.port {
        capture.only(port)?;
    }
    let stop = capture::stop_on_ctrl_c()?;
    let port = options
        .port
        .map_or(String::new(), |p| format!(", port {p}"));
    eprintln!("watching lo{port}: Ctrl-C stops");
    let end = options.duration.map(|d| Instant::now() + d);
    let mut trace = Trace {
        options,
        out: &mut out,
        flushed: Instant::now(),
        first: None,
        relative: Relative::default(),
        diagram: Diagram::default(),
        shown: 0,
    };
    while !trace.enough() {
        // Look up at the clock and at Ctrl-C at least every tenth of a second.
        let now = Instant::now();
        if stop.load(Ordering::Relaxed) || end.is_some_and(|end| now >= end) {
            break;
        }
        let tick = now + Duration::from_millis(100);
        if let Some((at, packet)) =
            capture.next(end.map_or(tick, |end| end.min(tick)))?
        {
            trace.take(at, &packet)?;
        }
        trace.flush_now_and_then()?;
    }
    // After Ctrl-C, the packets the kernel had already queued still count:
    // read them, for a second at most (more may keep coming).
    let drained = Instant::now() + Duration::from_secs(1);
    while stop.load(Ordering::Relaxed) && !trace.enough() && Instant::now() < drained
    {
        let Some((at, packet)) = capture.next(Instant::now())? else {
            break;
        };
        trace.take(at, &packet)?;
    }
    trace.finish()?;
    let stats = capture.statistics()?;
    eprintln!(
        "{} packets shown, {} dropped by the kernel ({} received by the socket)",
        trace.shown, stats.dropped, stats.received
    );
    Ok(())
}

/// The packets shown so far, and how.
struct Trace<'a, W: Write> {
    options: Options,
    out: &'a mut W,
    /// When the lines were last written out.
    flushed: Instant,
    /// When the first packet shown came: times count from there.
    first: Option<Instant>,
    relative: Relative,
    diagram: Diagram,
    shown: usize,
}

impl<W: Write> Trace<'_, W> {
    fn enough(&self) -> bool {
        self.options.count.is_some_and(|count| self.shown >= count)
    }

    /// Shows `packet` if it is of the port asked for.
    fn take(&mut self, at: Instant, packet: &Packet) -> Result<()> {
        if self.options.port.is_some_and(|port| !packet.involves(port)) {
            return Ok(());
        }
        self.shown += 1;
        if self.options.mermaid {
            let (src, dst) = match packet.body {
                // ICMP has no ports: its error goes from where the datagram
                // went back to the lifeline of the socket that sent it.
                Body::Unreachable { from, to, .. } => {
                    (to.to_string(), from.to_string())
                }
                _ => {
                    let (src, dst) = packet.ends();
                    (show::endpoint(src, packet), show::endpoint(dst, packet))
                }
            };
            let text =
                show::describe(packet, &mut self.relative, show::Detail::Full);
            self.diagram.arrow(&src, &dst, &text);
            return Ok(());
        }
        let first = *self.first.get_or_insert(at);
        let seconds = at.duration_since(first).as_secs_f64();
        writeln!(
            self.out,
            "{}",
            show::line(seconds, packet, &mut self.relative)
        )?;
        Ok(())
    }

    /// Writes the lines out if the last time was a tenth of a second ago.
    fn flush_now_and_then(&mut self) -> Result<()> {
        if self.flushed.elapsed() >= Duration::from_millis(100) {
            self.out.flush()?;
            self.flushed = Instant::now();
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        if self.options.mermaid {
            write!(self.out, "{}", self.diagram.render())?;
        }
        self.out.flush()?;
        Ok(())
    }
}
