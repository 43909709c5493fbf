# The article's UDP client (lesson 3): one datagram per line of input, each
# answer printed. The address is an optional argument.
import socket
import sys

host, _, port = (sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:9000").rpartition(":")
ip_port = (host.strip("[]"), int(port))
BUFSIZE = 1024

family = socket.AF_INET6 if ":" in ip_port[0] else socket.AF_INET
client = socket.socket(family, socket.SOCK_DGRAM)  # buy a phone; nothing to dial
client.settimeout(2)  # a letter may never be answered: do not wait forever

for line in sys.stdin:  # communication loop: one letter per line
    msg = line.rstrip("\n")
    client.sendto(msg.encode("utf-8"), ip_port)  # post a letter
    try:
        data, addr = client.recvfrom(BUFSIZE)  # wait for the answer
    except socket.timeout:
        sys.exit("no reply from %s:%d within 2 s" % ip_port[:2])
    print(data.decode("utf-8"), flush=True)
client.close()  # close; nobody is told
