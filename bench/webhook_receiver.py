"""A fast local webhook receiver for the benchmark: a bare HTTP/1.1 server on uvloop that
answers 200 at once and records, per event id, when it arrived (wall clock).

Run: python bench/webhook_receiver.py PORT  — then `GET /count` returns {"count", "unique"},
`GET /stats` adds "arrivals": {event_id: first arrival, unix time}, and `POST /reset` clears.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import time

_ID = re.compile(rb'"id":"(evt_[A-Za-z0-9_]+)"')
_OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: application/json\r\n\r\n{}"


class Stats:
    def __init__(self) -> None:
        self.count = 0
        self.arrivals: dict[str, float] = {}

    def as_json(self) -> bytes:
        return json.dumps(
            {"count": self.count, "unique": len(self.arrivals), "arrivals": self.arrivals}
        ).encode()


class Receiver(asyncio.Protocol):
    def __init__(self, stats: Stats) -> None:
        self.stats = stats
        self.buffer = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            head_end = self.buffer.find(b"\r\n\r\n")
            if head_end < 0:
                return
            head = self.buffer[:head_end]
            match = re.search(rb"(?i)content-length:\s*(\d+)", head)
            length = int(match.group(1)) if match else 0
            end = head_end + 4 + length
            if len(self.buffer) < end:
                return
            body = self.buffer[head_end + 4 : end]
            self.buffer = self.buffer[end:]
            self.handle(head, body)

    def handle(self, head: bytes, body: bytes) -> None:
        if head.startswith(b"GET /count"):
            data = json.dumps(
                {"count": self.stats.count, "unique": len(self.stats.arrivals)}
            ).encode()
            self.transport.write(  # type: ignore[attr-defined]
                b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(data) + data
            )
            return
        if head.startswith(b"GET /stats"):
            data = self.stats.as_json()
            self.transport.write(  # type: ignore[attr-defined]
                b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(data) + data
            )
            return
        if head.startswith(b"POST /reset"):
            self.stats.count = 0
            self.stats.arrivals.clear()
            self.transport.write(_OK)  # type: ignore[attr-defined]
            return
        now = time.time()
        self.stats.count += 1
        match = _ID.search(body)
        if match:
            self.stats.arrivals.setdefault(match.group(1).decode(), now)
        self.transport.write(_OK)  # type: ignore[attr-defined]


async def serve(port: int) -> None:
    stats = Stats()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: Receiver(stats), "127.0.0.1", port, backlog=1024)
    print(f"receiver listening on 127.0.0.1:{port}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    import uvloop

    uvloop.run(serve(int(sys.argv[1])))
