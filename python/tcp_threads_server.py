# Lesson 6 in the article's Python: socketserver.ThreadingTCPServer gives
# every caller a thread of its own, running the communication loop, while
# the connection loop (serve_forever) goes on picking up the next caller.
# The address is an optional argument.
import socket
import socketserver
import sys

host, _, port = (sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8081").rpartition(":")
ip_port = (host.strip("[]"), int(port))


class MyServer(socketserver.BaseRequestHandler):
    def handle(self):  # one caller, in a thread of its own
        conn = self.request
        print("client :", self.client_address, flush=True)
        while True:  # communication loop
            try:
                data = conn.recv(1024)  # hear
                if not data:
                    break  # the client hung up
                print("from client msg: %s" % data, flush=True)
                conn.sendall(data.upper())  # speak
            except Exception:
                break


class ThreadingServer(socketserver.ThreadingTCPServer):
    address_family = socket.AF_INET6 if ":" in ip_port[0] else socket.AF_INET
    allow_reuse_address = True  # SO_REUSEADDR, before bind
    daemon_threads = True  # Ctrl-C does not wait for the callers' threads
    request_queue_size = 1024  # listen(1024): room for a burst of callers


server = ThreadingServer(ip_port, MyServer)  # buy a phone, SIM, switch on
print("listening on %s:%d" % server.server_address[:2], flush=True)
server.serve_forever()  # connection loop: a thread per caller
