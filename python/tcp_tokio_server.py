# Lesson 8's server in Python's asyncio: the article's connection and
# communication loops, a coroutine for each caller instead of one call at a
# time. The address is an optional argument; Ctrl-C ends it without a traceback.
import asyncio
import sys

host, _, port = (sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8083").rpartition(":")
ip_port = (host.strip("[]"), int(port))


async def talk(reader, writer):  # one caller: the communication loop
    addr = writer.get_extra_info("peername")
    print("client :", addr, flush=True)
    while True:
        try:
            data = await reader.read(1024)  # hear (wait without blocking the others)
            if not data:
                break  # the client hung up
            print("from client msg: %s" % data, flush=True)
            writer.write(data.upper())  # speak
            await writer.drain()  # wait while the client does not read
        except ConnectionError:
            break
    writer.close()  # hang up


async def main():
    server = await asyncio.start_server(talk, *ip_port, backlog=1024)  # buy, bind, listen
    print("listening on %s:%d" % server.sockets[0].getsockname()[:2], flush=True)
    async with server:
        await server.serve_forever()  # the connection loop


try:
    asyncio.run(main())
except KeyboardInterrupt:
    pass
