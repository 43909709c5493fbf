# Lesson 5's file client in Python, speaking the file server's protocol:
# a JSON header in a frame, then (for a put) the file's bytes.
#   python3 tcp_framing_files.py ADDR put FILE [NAME]
#   python3 tcp_framing_files.py ADDR get NAME [PATH]
#   python3 tcp_framing_files.py ADDR ls
import hashlib
import json
import os
import socket
import struct
import sys

from framing import recv_frame

CHUNK = 64 * 1024


def send_header(conn, header):
    data = json.dumps(header).encode("utf-8")
    conn.sendall(struct.pack(">I", len(data)) + data)


def recv_reply(conn):
    reply = json.loads(recv_frame(conn))
    if not reply["ok"]:
        sys.exit("error: " + reply["error"])
    return reply


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


USAGE = "usage: tcp_framing_files.py ADDR put FILE [NAME] | get NAME [PATH] | ls"
if len(sys.argv) < 3 or sys.argv[2] not in ("put", "get", "ls") \
        or (sys.argv[2] != "ls" and len(sys.argv) < 4):
    sys.exit(USAGE)
host, _, port = sys.argv[1].rpartition(":")
ip_port = (host.strip("[]"), int(port))
op = sys.argv[2]
family = socket.AF_INET6 if ":" in ip_port[0] else socket.AF_INET
conn = socket.socket(family, socket.SOCK_STREAM)
conn.connect(ip_port)

if op == "put":
    path = sys.argv[3]
    name = sys.argv[4] if len(sys.argv) > 4 else os.path.basename(path)
    size = os.path.getsize(path)
    send_header(conn, {"op": "put", "name": name, "size": size, "sha256": sha256_of(path)})
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            conn.sendall(chunk)
    reply = recv_reply(conn)
    print("stored %s: %d bytes, sha256 %s" % (name, reply["size"], reply["sha256"]))
elif op == "get":
    name = sys.argv[3]
    path = sys.argv[4] if len(sys.argv) > 4 else name
    send_header(conn, {"op": "get", "name": name})
    reply = recv_reply(conn)
    h, left = hashlib.sha256(), reply["size"]
    with open(path + ".part", "wb") as f:
        while left > 0:
            chunk = conn.recv(min(left, CHUNK))
            if not chunk:
                os.remove(path + ".part")
                sys.exit("error: the server hung up")
            h.update(chunk)
            f.write(chunk)
            left -= len(chunk)
    if h.hexdigest() != reply["sha256"]:
        os.remove(path + ".part")
        sys.exit("error: the SHA-256 does not match")
    os.replace(path + ".part", path)  # the rename: all or nothing
    print("got %s: %d bytes, sha256 %s" % (name, reply["size"], reply["sha256"]))
elif op == "ls":
    send_header(conn, {"op": "list"})
    reply = recv_reply(conn)
    if not reply["files"]:
        print("(no files)")
    for f in reply["files"]:
        print("%12d  %s" % (f["size"], f["name"]))
    if reply.get("truncated"):
        print("(the first %d files only)" % len(reply["files"]))
else:
    sys.exit(USAGE)

conn.close()
