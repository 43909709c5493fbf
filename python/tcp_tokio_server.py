# Lesson 8's server in Python's asyncio: the article's connection and
# communication loops, a coroutine for each caller instead of one call at a
# time; a caller silent for --idle-timeout-ms is hung up on, and Ctrl-C or
# SIGTERM starts closing time: no new callers, --grace-ms for those on the line.
#   python3 tcp_tokio_server.py [ADDR] [--idle-timeout-ms N] [--grace-ms N]
import argparse
import asyncio
import signal

parser = argparse.ArgumentParser(description="Lesson 8's server in asyncio")
parser.add_argument("addr", nargs="?", default="127.0.0.1:8083", help="IP:PORT")
parser.add_argument("--idle-timeout-ms", type=int, help="hang up on a caller silent this long")
parser.add_argument("--grace-ms", type=int, default=2000, help="closing time's grace period")
args = parser.parse_args()
host, _, port = args.addr.rpartition(":")
ip_port = (host.strip("[]"), int(port))
idle = args.idle_timeout_ms / 1000 if args.idle_timeout_ms else None

on_the_line = set()  # the callers' tasks, for closing time
served = 0


async def talk(reader, writer):  # one caller: the communication loop
    global served
    served += 1
    on_the_line.add(asyncio.current_task())
    addr = writer.get_extra_info("peername")
    peer = "%s:%d" % addr[:2]
    print("client :", addr, flush=True)
    try:
        while True:
            try:  # hear (wait without blocking the others), for `idle` at most
                data = await asyncio.wait_for(reader.read(1024), idle)
            except asyncio.TimeoutError:
                print("client %s said nothing for %d ms; hung up on it"
                      % (peer, args.idle_timeout_ms), flush=True)
                break
            if not data:
                print("client %s hung up" % peer, flush=True)
                break
            print("from client %s msg: %s" % (peer, data), flush=True)
            writer.write(data.upper())  # speak
            await writer.drain()  # wait while the client does not read
    except ConnectionError:
        print("client %s reset the call" % peer, flush=True)
    except asyncio.CancelledError:  # closing time is over
        print("client %s still on the line at closing time; hung up on it" % peer, flush=True)
    finally:
        on_the_line.discard(asyncio.current_task())
        writer.close()  # hang up


async def main():
    server = await asyncio.start_server(talk, *ip_port, backlog=1024)  # buy, bind, listen
    print("listening on %s:%d" % server.sockets[0].getsockname()[:2], flush=True)
    signalled = asyncio.get_running_loop().create_future()
    for sig, name in ((signal.SIGINT, "SIGINT (Ctrl-C)"), (signal.SIGTERM, "SIGTERM")):
        asyncio.get_running_loop().add_signal_handler(
            sig, lambda name=name: signalled.done() or signalled.set_result(name))
    why = await signalled  # the connection loop runs meanwhile, in start_server
    server.close()  # closing time: the listener goes, new callers are refused
    callers = set(on_the_line)
    print("%s: no new callers; %d on the line get %d ms to finish"
          % (why, len(callers), args.grace_ms), flush=True)
    left = set()
    if callers:
        _, left = await asyncio.wait(callers, timeout=args.grace_ms / 1000)
        for task in left:
            task.cancel()  # hang up on those still talking
        await asyncio.gather(*left, return_exceptions=True)
    print("closed: %d caller%s served, %d still connected at the end"
          % (served, "" if served == 1 else "s", len(left)), flush=True)


asyncio.run(main())
