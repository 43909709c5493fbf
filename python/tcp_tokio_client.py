# Lesson 8's client in Python's asyncio: lesson 2's interactive client, with a
# time limit for the call to go through and for each answer. The address is
# an optional argument.
import asyncio
import sys

if len(sys.argv) > 2 or sys.argv[1:] in (["-h"], ["--help"]):
    sys.exit("usage: tcp_tokio_client.py [IP:PORT]   (default 127.0.0.1:8083)")
host, _, port = (sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8083").rpartition(":")
try:
    ip_port = (host.strip("[]"), int(port))
except ValueError:
    sys.exit("error: %r is not IP:PORT, for example 127.0.0.1:8083" % sys.argv[1])


async def main():
    # dial, but give up after 3 seconds
    reader, writer = await asyncio.wait_for(asyncio.open_connection(*ip_port), 3)
    while True:
        try:
            msg = await asyncio.to_thread(input, ">>>: ")
        except EOFError:
            break  # end of input: hang up
        if not msg:
            continue  # zero bytes would never be answered
        data = msg.encode("utf-8")
        writer.write(data)
        # the server answers byte for byte: wait for all of it, 10 seconds at most
        answer = await asyncio.wait_for(reader.readexactly(len(data)), 10)
        print(answer)
    writer.close()  # hang up
    await writer.wait_closed()


asyncio.run(main())
