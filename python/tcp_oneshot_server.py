# The article's first TCP server (lesson 1), with the address as an optional argument.
import socket
import sys

host, _, port = (sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:9000").rpartition(":")
ip_port = (host.strip("[]"), int(port))  # the SIM card
BUFSIZE = 1024  # the most one recv takes

family = socket.AF_INET6 if ":" in ip_port[0] else socket.AF_INET
s = socket.socket(family, socket.SOCK_STREAM)  # buy a phone
s.bind(ip_port)  # insert the SIM
s.listen(5)  # stand by
print("listening on %s:%d" % s.getsockname()[:2], flush=True)

conn, addr = s.accept()  # pick up
print("call from %s" % addr[0], flush=True)
msg = conn.recv(BUFSIZE)  # listen
print(msg, type(msg), flush=True)
conn.send(msg.upper())  # talk
conn.close()  # hang up
s.close()  # switch off
