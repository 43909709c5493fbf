//! Addresses: what `--addr` accepts, and how an address is shown.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use clap::Args;
use socket2::SockAddr;

/// A server's `--addr`: where to answer, `127.0.0.1:PORT` unless given.
/// `PORT` is the lesson's own (the article's `bind(("127.0.0.1", 8080))`
/// is lesson 2's). Put it in a subcommand with `#[command(flatten)]`.
#[derive(Debug, Args)]
pub struct Listen<const PORT: u16> {
    /// Where to answer: IP:PORT (port 0 lets the system choose).
    #[arg(long, default_value_t = loopback(PORT), value_parser = parse_addr)]
    pub addr: SocketAddr,
}

/// A client's `--addr`: where the server answers, `127.0.0.1:PORT` unless
/// given; port 0 and `0.0.0.0` are refused ([`parse_peer_addr`]).
#[derive(Debug, Args)]
pub struct Call<const PORT: u16> {
    /// Where the server answers: IP:PORT.
    #[arg(long, default_value_t = loopback(PORT), value_parser = parse_peer_addr)]
    pub addr: SocketAddr,
}

/// `127.0.0.1:PORT`, the lessons' default address.
#[must_use]
pub const fn loopback(port: u16) -> SocketAddr {
    SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port)
}

/// Parses an `--addr` value such as `127.0.0.1:9000` or `[::1]:0`.
///
/// Every lesson's `--addr` flag uses this as its clap `value_parser`, so a bad
/// value is a one-line usage error (exit code 2) that shows a valid example:
///
/// ```
/// assert!(common::parse_addr("127.0.0.1:0").is_ok());
/// let err = common::parse_addr("9000").unwrap_err();
/// assert!(err.contains("127.0.0.1:9000"));
/// ```
///
/// Names such as `localhost` are refused on purpose: a name can stand for
/// several addresses (IPv4 and IPv6), and the lessons make one call to one.
///
/// # Errors
/// A message saying what is wrong with `text` and what to write instead.
pub fn parse_addr(text: &str) -> Result<SocketAddr, String> {
    if let Ok(addr) = text.parse::<SocketAddr>() {
        return Ok(addr);
    }
    let example = "write IP:PORT, for example 127.0.0.1:9000 or [::1]:9000";
    if text.parse::<u16>().is_ok() {
        return Err(format!(
            "`{text}` is a port without an IP address: {example}"
        ));
    }
    let unbracketed = text.strip_prefix('[').and_then(|t| t.strip_suffix(']'));
    if unbracketed.is_some_and(|ip| ip.parse::<std::net::Ipv6Addr>().is_ok()) {
        return Err(format!(
            "`{text}` is an IPv6 address without a port: add the port after the \
             brackets, for example [::1]:9000"
        ));
    }
    if let Ok(ip) = text.parse::<IpAddr>() {
        if ip.is_ipv6() {
            return Err(format!(
                "`{text}` is an IPv6 address without a port: put it in brackets \
                 and add the port, for example [::1]:9000"
            ));
        }
        return Err(format!("`{text}` has no port: {example}"));
    }
    let (host, port) = match text.rsplit_once(':') {
        Some(parts) => parts,
        None => return Err(format!("`{text}` is not an address: {example}")),
    };
    let host_is_ip = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
        .is_ok();
    if host_is_ip && port.parse::<u64>().is_ok() {
        return Err(format!(
            "`{text}`: port {port} is out of range (0 to 65535; 0 lets the system choose)"
        ));
    }
    if host.is_empty() {
        return Err(format!(
            "`{text}` has no IP address before the port: {example}"
        ));
    }
    if !host_is_ip && port.parse::<u16>().is_ok() && !host.contains(':') {
        return Err(format!(
            "`{text}`: `{host}` is a name, and the course takes IP addresses: {example}"
        ));
    }
    if host.contains(':') && !host.starts_with('[') {
        return Err(format!(
            "`{text}`: an IPv6 address goes in brackets, for example [::1]:9000"
        ));
    }
    Err(format!("`{text}` is not an address: {example}"))
}

/// Parses the `--addr` of a client: where to call. Like [`parse_addr`], and
/// it also refuses the two addresses that only make sense for a server: port
/// 0 ("any free port", for `bind`) and the unspecified IP `0.0.0.0` / `[::]`
/// ("every address of this machine", for `bind`). A client given one of them
/// would be refused, or would hear its answers from another address than it
/// called, so the error says what to write instead.
///
/// ```
/// assert!(common::addr::parse_peer_addr("127.0.0.1:9000").is_ok());
/// assert!(common::addr::parse_peer_addr("127.0.0.1:0").is_err());
/// assert!(common::addr::parse_peer_addr("0.0.0.0:9000").is_err());
/// ```
///
/// # Errors
/// A message saying what is wrong with `text` and what to write instead.
pub fn parse_peer_addr(text: &str) -> Result<SocketAddr, String> {
    let addr = parse_addr(text)?;
    if addr.port() == 0 {
        return Err(format!(
            "`{text}`: port 0 is for servers (it asks the system for any free port); \
             call the port the server printed in its `listening on` or `bound to` line"
        ));
    }
    if addr.ip().is_unspecified() {
        let ip = if addr.is_ipv6() { "[::1]" } else { "127.0.0.1" };
        return Err(format!(
            "`{text}`: {} is for servers (it means every address of this machine); \
             call one address, for example {ip}:{}",
            addr.ip(),
            addr.port()
        ));
    }
    Ok(addr)
}

/// Shows a socket address as `127.0.0.1:54321` or `[::1]:54321`, the way
/// Rust's `SocketAddr` prints. `socket2` returns peers as `SockAddr`; one that
/// is not an IP address (a Unix socket) is shown as `(not an IP address)`.
pub fn show_sockaddr(addr: &SockAddr) -> String {
    match addr.as_socket() {
        Some(addr) => addr.to_string(),
        None => "(not an IP address)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ipv4_and_ipv6() {
        assert_eq!(parse_addr("127.0.0.1:0").unwrap().port(), 0);
        assert!(parse_addr("[::1]:9000").unwrap().is_ipv6());
    }

    #[test]
    fn clients_are_told_what_only_servers_use() {
        assert!(parse_peer_addr("[::1]:9000").is_ok());
        let err = parse_peer_addr("127.0.0.1:0").unwrap_err();
        assert!(err.contains("port 0 is for servers"), "{err}");
        let err = parse_peer_addr("0.0.0.0:9000").unwrap_err();
        assert!(err.contains("for example 127.0.0.1:9000"), "{err}");
        let err = parse_peer_addr("[::]:9000").unwrap_err();
        assert!(err.contains("for example [::1]:9000"), "{err}");
        assert!(parse_peer_addr("9000").is_err());
    }

    #[test]
    fn explains_each_mistake() {
        let cases = [
            ("9000", "port without an IP address"),
            ("localhost", "not an address"),
            ("localhost:9000", "is a name"),
            ("1.2.3.4:99999", "out of range"),
            ("127.0.0.1", "has no port"),
            ("::1:9000", "brackets"),
            ("[::1]", "add the port after the brackets"),
            ("", "not an address"),
            (":80", "no IP address before the port"),
        ];
        for (text, expected) in cases {
            let err = parse_addr(text).unwrap_err();
            assert!(err.contains(expected), "{text}: {err}");
            assert!(!err.contains('\n'), "one line: {err}");
        }
    }
}
