# Lesson 5's framed client in Python: each argument (or each line of input
# when there are none) is sent as one frame, a 4-byte big-endian length and
# the bytes, and each answer printed. The address comes first:
#   python3 tcp_framing_client.py 127.0.0.1:9001 hello world
import socket
import struct
import sys

from framing import recv_frame


host, _, port = (sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:9001").rpartition(":")
ip_port = (host.strip("[]"), int(port))
messages = sys.argv[2:] or [line.rstrip("\r\n") for line in sys.stdin]

family = socket.AF_INET6 if ":" in ip_port[0] else socket.AF_INET
client = socket.socket(family, socket.SOCK_STREAM)
client.connect(ip_port)  # dial

for msg in messages:
    data = msg.encode("utf-8")
    client.sendall(struct.pack(">I", len(data)) + data)  # length first, one write
    print(recv_frame(client))

client.close()  # hang up
