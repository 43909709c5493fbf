//! A member of a chat room: the exercise of the many-callers lessons in which
//! every line a caller says goes to every other caller. A member dials, says
//! lines, and hears whole lines of what the others said; every read is
//! bounded by [`WAIT`].

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};

use super::{Server, WAIT};

/// One member on the line.
#[derive(Debug)]
pub struct Member {
    conn: TcpStream,
    heard: BufReader<TcpStream>,
    addr: String,
}

impl Member {
    /// Dials the room at `room`. The server may not have let the member in
    /// yet: wait for its log line before anyone speaks.
    pub fn dial(room: SocketAddr) -> Member {
        let conn = TcpStream::connect(room)
            .unwrap_or_else(|e| panic!("cannot call {room}: {e}"));
        conn.set_read_timeout(Some(WAIT)).expect("a read timeout");
        let addr = conn.local_addr().expect("its address").to_string();
        let heard = BufReader::new(conn.try_clone().expect("a second handle"));
        Member { conn, heard, addr }
    }

    /// Dials the room that `server` keeps and waits until its log has let
    /// the member in: a line with the member's address and `logged` (say,
    /// `entered the room`). Then everyone who speaks is heard by them.
    pub fn join(server: &Server, logged: &str) -> Member {
        let member = Member::dial(server.addr());
        while !server.wait_for(&member.addr).contains(logged) {}
        member
    }

    /// The member's own address, as the room names them: `127.0.0.1:50001`.
    pub fn addr(&self) -> &str {
        &self.addr
    }

    /// Says `line` and a newline.
    pub fn say(&mut self, line: &str) {
        self.conn
            .write_all(format!("{line}\n").as_bytes())
            .expect("say a line");
    }

    /// Says `bytes` as they are: half a line, or several lines in one write.
    pub fn say_bytes(&mut self, bytes: &[u8]) {
        self.conn.write_all(bytes).expect("say some bytes");
    }

    /// The call itself, for what the helpers do not cover.
    pub fn conn(&self) -> &TcpStream {
        &self.conn
    }

    /// The next whole line the member hears, with its newline.
    pub fn hear(&mut self) -> String {
        let mut line = String::new();
        self.heard
            .read_line(&mut line)
            .expect("a line from the room");
        line
    }

    /// Leaves with a reset instead of the usual FIN (`SO_LINGER` 0).
    pub fn reset(self) {
        // Both handles must go for the call to close: the reader's first.
        drop(self.heard);
        super::echo::reset(self.conn);
    }
}
