# The article's UDP server (lesson 3), with the address as an optional argument.
import socket
import sys

host, _, port = (sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:9000").rpartition(":")
ip_port = (host.strip("[]"), int(port))  # the SIM card
BUFSIZE = 1024  # the most one recvfrom takes: the rest of a longer datagram is lost

family = socket.AF_INET6 if ":" in ip_port[0] else socket.AF_INET
udp_server_client = socket.socket(family, socket.SOCK_DGRAM)  # buy a phone
udp_server_client.bind(ip_port)  # insert the SIM; no listen, no accept
print("bound to %s:%d" % udp_server_client.getsockname()[:2], flush=True)

while True:  # the server's endless loop: one socket for every client
    msg, addr = udp_server_client.recvfrom(BUFSIZE)  # receive a letter and its sender
    print(msg, addr, flush=True)
    udp_server_client.sendto(msg.upper(), addr)  # answer to the sender's address
