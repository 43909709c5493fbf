# The article's TCP server with a connection loop and a communication loop
# (lesson 2), with the address as an optional argument.
import socket
import sys

host, _, port = (sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8080").rpartition(":")
ip_port = (host.strip("[]"), int(port))

family = socket.AF_INET6 if ":" in ip_port[0] else socket.AF_INET
phone = socket.socket(family, socket.SOCK_STREAM)  # buy a phone
phone.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # this is it: before bind
phone.bind(ip_port)  # insert the SIM
phone.listen(5)  # switch on
print("listening on %s:%d" % phone.getsockname()[:2], flush=True)

while True:  # connection loop
    conn, addr = phone.accept()  # pick up
    print("client :", addr, flush=True)
    while True:  # communication loop
        try:
            data = conn.recv(1024)  # hear
            if not data:
                break  # for Linux: the client hung up
            print("from client msg: %s" % data, flush=True)
            conn.send(data.upper())  # speak
        except Exception:
            break
    conn.close()  # hang up

phone.close()  # switch off
