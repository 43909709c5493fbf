# The article's first TCP client (lesson 1), with the address as an optional argument.
import socket
import sys

host, _, port = (sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:9000").rpartition(":")
ip_port = (host.strip("[]"), int(port))
BUFSIZE = 1024

family = socket.AF_INET6 if ":" in ip_port[0] else socket.AF_INET
s = socket.socket(family, socket.SOCK_STREAM)
s.connect_ex(ip_port)  # dial
s.send("LHF nb".encode("utf-8"))  # talk (only bytes can be sent)
feedback = s.recv(BUFSIZE)  # listen
print(feedback.decode("utf-8"))
s.close()  # hang up
