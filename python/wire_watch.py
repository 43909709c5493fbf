# Lesson 9's capture, in Python: every packet on the loopback interface, one line
# each, as `wire-watch capture` prints them. Linux only, as root (or CAP_NET_RAW).
#   sudo python3 python/wire_watch.py [--port N] [--count N]
import argparse
import signal
import socket
import struct
import sys
import time

parser = argparse.ArgumentParser(description="Every packet on lo, one line each (Linux, root)")
parser.add_argument("--port", type=int, help="only packets to or from this port")
parser.add_argument("--count", type=int, help="stop after this many packets")
args = parser.parse_args()  # --help, or a mistake: says so and exits, before any capture
port, count = args.port, args.count
# Ctrl-C stops the capture even when we were started with it ignored, as a
# shell script's background job is: Python keeps an ignored Ctrl-C ignored.
signal.signal(signal.SIGINT, signal.default_int_handler)

ETH_P_ALL = 0x0003  # every protocol
PACKET_OUTGOING = 4  # the copy of a packet going out
SOL_PACKET, PACKET_STATISTICS = 263, 6

# A phone that hears every call on lo: a packet socket, with the link header.
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
s.bind(("lo", ETH_P_ALL))
try:  # a longer queue, so that a burst waits while we print (root only)
    s.setsockopt(socket.SOL_SOCKET, 33, 64 << 20)  # SO_RCVBUFFORCE
except OSError:
    pass
print("watching lo%s: Ctrl-C stops" % (", port %d" % port if port else ""),
      file=sys.stderr, flush=True)


def ipv4(ip):
    # version and header length, total length, protocol, source, destination
    header_len = (ip[0] & 0x0F) * 4
    total_len, = struct.unpack("!H", ip[2:4])
    src, dst = socket.inet_ntop(socket.AF_INET, ip[12:16]), socket.inet_ntop(socket.AF_INET, ip[16:20])
    return src, dst, ip[9], ip[header_len:], total_len - header_len


def ipv6(ip):
    payload_len, next_header = struct.unpack("!HB", ip[4:7])
    src, dst = socket.inet_ntop(socket.AF_INET6, ip[8:24]), socket.inet_ntop(socket.AF_INET6, ip[24:40])
    return src, dst, next_header, ip[40:], payload_len


def ends(ip, p):
    return ("[%s]:%d" if ":" in ip else "%s:%d") % (ip, p)


def flags(byte):
    shown = "".join(c for bit, c in zip((1, 2, 4, 8, 16, 32, 64, 128), "FSRP.UEW") if byte & bit)
    return shown or "none"


first_seq = {}  # (sender, receiver) -> the sender's first sequence number
first_time = None
shown = 0


def show(frame, pkttype):
    """Prints one line for the frame; returns whether it was shown."""
    global first_time
    if pkttype == PACKET_OUTGOING:  # each packet passes lo twice: keep one
        return False
    ethertype, = struct.unpack("!H", frame[12:14])
    if ethertype == 0x0800:
        src, dst, protocol, payload, length = ipv4(frame[14:])
    elif ethertype == 0x86DD:
        src, dst, protocol, payload, length = ipv6(frame[14:])
    else:
        return False
    if protocol == 6:  # TCP
        sport, dport, seq, ack, offset, fl, win = struct.unpack("!HHIIBBH", payload[:16])
        data_len = length - (offset >> 4) * 4
        a, b = ends(src, sport), ends(dst, dport)
        if fl & 2:  # SYN: a new count for this direction
            first_seq[(a, b)] = seq
            if not fl & 16:
                first_seq.pop((b, a), None)
        seq -= first_seq.setdefault((a, b), seq)
        ack -= first_seq.setdefault((b, a), (ack - 1) % 2**32)
        seq, ack = seq % 2**32, ack % 2**32
        text = "[%s]" % flags(fl)
        if data_len > 0:
            text += " seq %d:%d" % (seq, seq + data_len)
        elif fl & 7:
            text += " seq %d" % seq
        if fl & 16:
            text += "%s ack %d" % ("," if "seq" in text else "", ack)
        text += ", win %d, length %d" % (win, data_len)
    elif protocol == 17:  # UDP
        sport, dport, udp_len = struct.unpack("!HHH", payload[:6])
        a, b = ends(src, sport), ends(dst, dport)
        text = "UDP, length %d" % (udp_len - 8)
    elif protocol in (1, 58) and payload[:2] in (b"\x03\x03", b"\x01\x04"):  # port unreachable
        quoted = payload[8:]
        osrc, odst, oproto, opayload, _ = ipv4(quoted) if protocol == 1 else ipv6(quoted)
        sport, dport = struct.unpack("!HH", opayload[:4])
        if oproto != 17:
            return False
        a, b = src, dst
        text = "%s port unreachable for udp %s, length %d" % (
            "ICMP" if protocol == 1 else "ICMP6", ends(odst, dport), length)
    else:
        return False
    if port is not None and port not in (sport, dport):
        return False
    now = time.monotonic()
    first_time = first_time or now
    print("%.6f %s > %s: %s" % (now - first_time, a, b, text), flush=True)
    return True


try:
    while count is None or shown < count:
        frame, (ifname, proto, pkttype, hatype, addr) = s.recvfrom(256)
        shown += show(frame, pkttype)
except KeyboardInterrupt:
    # What the kernel had already queued still counts: read it to the end, for ten
    # seconds at most (a busy lo can queue more than Python reads in one).
    s.settimeout(0)
    stop = time.monotonic() + 10
    emptied = False
    try:
        while time.monotonic() < stop and (count is None or shown < count):
            frame, (ifname, proto, pkttype, hatype, addr) = s.recvfrom(256)
            shown += show(frame, pkttype)
    except BlockingIOError:
        emptied = True
    if not emptied and (count is None or shown < count):
        print("stopped reading after 10 s, with packets still queued", file=sys.stderr)
packets, drops = struct.unpack("II", s.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8))
print("%d packets shown, %d dropped by the kernel (%d received by the socket)"
      % (shown, drops, packets), file=sys.stderr)
s.close()
