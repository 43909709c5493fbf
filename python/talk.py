# A netcat for the course, for the chat exercises and for typing at any
# lesson's server: says each line you type, and prints whatever the server
# sends as soon as it comes (other members of a chat room included).
# Ctrl-D (Ctrl-Z, then Enter, on Windows) ends your side; it ends when the
# server hangs up.
#   python3 python/talk.py 127.0.0.1:8082
import socket
import sys
import threading

if len(sys.argv) != 2:
    sys.exit("usage: talk.py IP:PORT   (for example 127.0.0.1:8082)")
host, _, port = sys.argv[1].rpartition(":")
try:
    conn = socket.create_connection((host.strip("[]"), int(port)), timeout=5)  # dial
except (OSError, ValueError) as err:
    sys.exit("error: cannot call %s: %s" % (sys.argv[1], err))
conn.settimeout(None)


def speak():  # a thread of its own, so that typing never stops the listening
    try:
        for line in sys.stdin.buffer:
            conn.sendall(line)
        conn.shutdown(socket.SHUT_WR)  # the end of the input: we are done talking
    except OSError:
        pass  # the call is over; the listening side says why


threading.Thread(target=speak, daemon=True).start()
try:
    while True:  # listen: whatever comes, as it comes
        data = conn.recv(65536)
        if not data:
            break  # the server hung up
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
except OSError as err:
    sys.exit("error: the call broke: %s" % err)
conn.close()
