//! `fileno`: the number the operating system knows a socket by, and where it
//! shows up (`/proc/self/fd` on Linux).

use std::io::Write;
use std::net::{TcpListener, TcpStream};

use anyhow::Result;

use super::loopback;

/// Opens a listener and one call, and shows the descriptor of each socket.
///
/// # Errors
/// When a socket call on loopback fails.
pub fn run(out: &mut dyn Write) -> Result<()> {
    let listener = TcpListener::bind(loopback(0))?;
    let caller = TcpStream::connect(listener.local_addr()?)?;
    let (conn, _) = listener.accept()?;
    descriptors(&listener, caller, &conn, out)
}

/// On Unix a socket is a file descriptor, a small number.
#[cfg(unix)]
fn descriptors(
    listener: &TcpListener,
    caller: TcpStream,
    conn: &TcpStream,
    out: &mut dyn Write,
) -> Result<()> {
    use std::os::fd::AsRawFd;

    // ANCHOR: fileno
    // fileno: three sockets, three descriptors, the lowest numbers free.
    let fd = caller.as_raw_fd();
    writeln!(out, "listener fileno: {}", listener.as_raw_fd())?;
    writeln!(out, "caller fileno: {fd}")?;
    writeln!(out, "conn fileno: {}", conn.as_raw_fd())?;
    // ANCHOR_END: fileno
    #[cfg(target_os = "linux")]
    {
        // ANCHOR: proc
        // Linux lists a process's descriptors in /proc/self/fd: a socket's
        // entry links to `socket:[INODE]`.
        let entry = format!("/proc/self/fd/{fd}");
        let target = std::fs::read_link(&entry)?;
        writeln!(out, "{entry}: {}", target.display())?;
        // Closing the socket frees its number (the next socket may get it).
        drop(caller);
        let after = std::fs::read_link(&entry).map(|t| t.display().to_string());
        let after = crate::show::outcome(&after);
        writeln!(out, "{entry} after drop(caller): {after}")?;
        // ANCHOR_END: proc
    }
    Ok(())
}

/// On Windows a socket is a `SOCKET` handle, shown by `as_raw_socket`.
#[cfg(windows)]
fn descriptors(
    listener: &TcpListener,
    caller: TcpStream,
    conn: &TcpStream,
    out: &mut dyn Write,
) -> Result<()> {
    use std::os::windows::io::AsRawSocket;

    writeln!(out, "listener fileno: {}", listener.as_raw_socket())?;
    writeln!(out, "caller fileno: {}", caller.as_raw_socket())?;
    writeln!(out, "conn fileno: {}", conn.as_raw_socket())?;
    Ok(())
}

/// Elsewhere: say so.
#[cfg(not(any(unix, windows)))]
fn descriptors(
    _listener: &TcpListener,
    _caller: TcpStream,
    _conn: &TcpStream,
    out: &mut dyn Write,
) -> Result<()> {
    writeln!(out, "fileno: not shown on this system")?;
    Ok(())
}
