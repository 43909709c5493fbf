//! What lesson 5's tests write and read on the wire by hand: frames, and the
//! file server's JSON in frames. (Each test file uses part of it.)

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::TcpStream;

use serde_json::Value;

/// `payload` as a frame: 4 bytes of length, big-endian, then the payload.
pub(crate) fn frame(payload: &[u8]) -> Vec<u8> {
    let mut bytes = (payload.len() as u32).to_be_bytes().to_vec();
    bytes.extend_from_slice(payload);
    bytes
}

/// The next frame from `conn`, read without a buffer (so nothing of the
/// frame after it is taken).
pub(crate) fn next_frame(conn: &mut TcpStream) -> Vec<u8> {
    let mut prefix = [0u8; 4];
    conn.read_exact(&mut prefix).expect("a length");
    let mut payload = vec![0u8; u32::from_be_bytes(prefix) as usize];
    conn.read_exact(&mut payload).expect("a payload");
    payload
}

/// Sends `header` as one frame of JSON.
pub(crate) fn request(conn: &mut TcpStream, header: &Value) {
    conn.write_all(&frame(header.to_string().as_bytes()))
        .unwrap();
}

/// The next reply frame, parsed.
pub(crate) fn reply(conn: &mut TcpStream) -> Value {
    serde_json::from_slice(&next_frame(conn)).expect("JSON")
}
