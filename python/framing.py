# Lesson 5's frames, shared by its Python clients (tcp_framing_client.py and
# tcp_framing_files.py): a frame is a 4-byte big-endian length, then that
# many bytes.
import struct


def recv_exact(conn, n):
    """Exactly n bytes: recv() may give fewer, TCP has no message boundaries."""
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ConnectionError("the server hung up before it answered")
        data += chunk
    return data


def recv_frame(conn):
    """One frame's bytes: its length first, then exactly that many."""
    n = struct.unpack(">I", recv_exact(conn, 4))[0]
    return recv_exact(conn, n)
