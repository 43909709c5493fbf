# Lesson 5's framed server in Python: every frame (a 4-byte big-endian
# length, then that many bytes) is answered by one frame, upper-cased.
# The address is an optional argument (default 127.0.0.1:9001).
import socket
import struct
import sys

MAX_FRAME = 1024 * 1024  # refuse longer frames before reading them


def recv_exact(conn, n):
    """Exactly n bytes, or None if the caller hung up first: one recv() may
    give fewer bytes than asked, since TCP has no message boundaries."""
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


host, _, port = (sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:9001").rpartition(":")
ip_port = (host.strip("[]"), int(port))

family = socket.AF_INET6 if ":" in ip_port[0] else socket.AF_INET
phone = socket.socket(family, socket.SOCK_STREAM)  # buy a phone
phone.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # before bind
phone.bind(ip_port)  # insert the SIM
phone.listen(5)  # switch on
print("listening on %s:%d" % phone.getsockname()[:2], flush=True)

while True:  # connection loop
    conn, addr = phone.accept()  # pick up
    print("client :", addr, flush=True)
    while True:  # communication loop, one frame at a time
        try:
            header = recv_exact(conn, 4)
            if header is None:
                break  # the client hung up
            n = struct.unpack(">I", header)[0]  # the length, big-endian
            if n > MAX_FRAME:
                print("frame of %d bytes announced, over %d: hung up" % (n, MAX_FRAME), flush=True)
                break
            data = recv_exact(conn, n)
            if data is None:
                break  # hung up in the middle of a frame
            print("from client msg: %s" % data, flush=True)
            conn.sendall(struct.pack(">I", len(data)) + data.upper())  # one frame back
        except ConnectionError:
            break
    conn.close()  # hang up
