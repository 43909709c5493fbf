# Lesson 7: one thread, many callers. Every socket is non-blocking
# (setblocking(False)), and selectors, the standard library's readiness loop
# (epoll on Linux), says which ones are ready. The address is an optional
# argument, as in the other programs here.
import selectors
import socket
import sys

host, _, port = (sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8082").rpartition(":")
ip_port = (host.strip("[]"), int(port))
LIMIT = 1024 * 1024  # stop reading a caller with more unsent answers than this

family = socket.AF_INET6 if ":" in ip_port[0] else socket.AF_INET
phone = socket.socket(family, socket.SOCK_STREAM)  # buy a phone
phone.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
phone.bind(ip_port)  # insert the SIM
phone.listen(1024)  # stand by, with a long queue for many callers
phone.setblocking(False)  # accept never waits
print("listening on %s:%d" % phone.getsockname()[:2], flush=True)

sel = selectors.DefaultSelector()
sel.register(phone, selectors.EVENT_READ)
unsent = {}  # conn -> the answers it has not taken yet
hung_up = set()  # callers who stopped sending


def pick_up():
    conn, addr = phone.accept()
    conn.setblocking(False)  # recv and send never wait either
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    print("client :", addr, flush=True)
    unsent[conn] = bytearray()
    sel.register(conn, selectors.EVENT_READ, addr)


def hang_up(conn, addr, how):
    print("client %s %s" % (addr, how), flush=True)
    sel.unregister(conn)
    del unsent[conn]
    hung_up.discard(conn)
    conn.close()


def serve(conn, addr, mask):
    waiting = unsent[conn]
    try:
        if mask & selectors.EVENT_READ:
            data = conn.recv(65536)  # hear
            if not data:
                hung_up.add(conn)  # answer what is left, then hang up
            else:
                print("from client %s msg: %s" % (addr, data), flush=True)
                waiting += data.upper()
        if waiting:
            sent = conn.send(waiting)  # speak: it may take only part
            del waiting[:sent]
    except BlockingIOError:
        pass  # the send buffer is full: the rest waits for EVENT_WRITE
    except OSError as e:
        return hang_up(conn, addr, "reset the call: %s" % e)
    if conn in hung_up and not waiting:
        return hang_up(conn, addr, "hung up")
    events = 0
    if conn not in hung_up and len(waiting) <= LIMIT:
        events |= selectors.EVENT_READ
    if waiting:
        events |= selectors.EVENT_WRITE
    if events != sel.get_key(conn).events:
        sel.modify(conn, events, addr)


while True:  # the loop: wait until some socket is ready, serve the ready ones
    for key, mask in sel.select():
        if key.fileobj is phone:
            try:
                pick_up()
            except (BlockingIOError, ConnectionError):
                pass  # nobody after all, or a caller who gave up
        else:
            serve(key.fileobj, key.data, mask)
