# The article's interactive TCP client (lesson 2), with the address as an
# optional argument. One change: it ends at the end of its input (Ctrl-D)
# instead of with a traceback.
import socket
import sys

host, _, port = (sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8080").rpartition(":")
ip_port = (host.strip("[]"), int(port))

family = socket.AF_INET6 if ":" in ip_port[0] else socket.AF_INET
client = socket.socket(family, socket.SOCK_STREAM)
client.connect(ip_port)  # dial

while True:
    try:
        msg = input(">>>: ")
    except EOFError:
        break  # end of input: hang up
    client.send(msg.encode("utf-8"))
    data = client.recv(1024)
    print(data)

client.close()  # hang up
