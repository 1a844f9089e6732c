"""A real HTTP/1.1 webhook receiver on 127.0.0.1 for the tests: it records every request and
answers as each test scripts it (status codes, Retry-After, redirects, hanging forever)."""

from __future__ import annotations

import asyncio
import json
import socket
import ssl
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

HANG = "hang"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float = field(default_factory=time.time)

    def json(self) -> Any:
        return json.loads(self.body)


Answer = tuple[int, dict[str, str], bytes]


class Receiver:
    def __init__(self) -> None:
        self.requests: list[Received] = []
        self._scripts: dict[str, deque[Answer | str]] = {}
        self._always: dict[str, Answer | str | Callable[[Received], Answer]] = {}
        self._server: asyncio.Server | None = None
        self._released = asyncio.Event()
        self._writers: set[asyncio.StreamWriter] = set()
        self._arrived = asyncio.Condition()
        self.port = 0
        self.delay = 0.0  # seconds before each answer: a slow receiver
        self.delays: dict[str, float] = {}  # the same, for one path
        self.max_in_flight: dict[str, int] = {}  # most requests open at once, per path
        self._open_by_path: dict[str, int] = {}

    async def start(self, ssl_context: ssl.SSLContext | None = None) -> Receiver:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=ssl_context)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        self._released.set()
        for writer in list(self._writers):
            writer.close()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def url(self, path: str = "/hook", host: str = "127.0.0.1", scheme: str = "http") -> str:
        return f"{scheme}://{host}:{self.port}{path}"

    def script(self, path: str, *answers: Answer | str) -> None:
        """The next requests to `path` get these answers, in order, then 200."""
        self._scripts.setdefault(path, deque()).extend(answers)

    def always(self, path: str, answer: Answer | str | Callable[[Received], Answer]) -> None:
        self._always[path] = answer

    def at(self, path: str = "/hook") -> list[Received]:
        return [r for r in self.requests if r.path == path]

    def event_ids(self, path: str | None = None) -> list[str]:
        return [r.json()["id"] for r in self.requests if path is None or r.path == path]

    async def wait_for(self, count: int, path: str | None = None, within: float = 30) -> None:
        def enough() -> bool:
            return len([r for r in self.requests if path is None or r.path == path]) >= count

        async with self._arrived:
            await asyncio.wait_for(self._arrived.wait_for(enough), within)

    def _open(self, path: str) -> int:
        self._open_by_path[path] = self._open_by_path.get(path, 0) + 1
        return self._open_by_path[path]

    def _answer(self, request: Received) -> Answer | str:
        queue = self._scripts.get(request.path)
        if queue:
            return queue.popleft()
        answer = self._always.get(request.path)
        if callable(answer):
            return answer(request)
        return answer or (200, {}, b'{"received":true}')

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            while True:
                line = await reader.readline()
                if not line:
                    return
                _, path, _ = line.decode("latin-1").split(" ", 2)
                headers: dict[str, str] = {}
                while True:
                    raw = await reader.readline()
                    if raw in (b"\r\n", b"\n", b""):
                        break
                    name, value = raw.decode("latin-1").split(":", 1)
                    headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                request = Received(path, headers, body)
                self.requests.append(request)
                async with self._arrived:
                    self._arrived.notify_all()
                answer = self._answer(request)
                self.max_in_flight[path] = max(self.max_in_flight.get(path, 0), self._open(path))
                try:
                    if answer == HANG:
                        await self._released.wait()
                        return
                    delay = self.delays.get(path, self.delay)
                    if delay:
                        await asyncio.sleep(delay)
                finally:
                    self._open_by_path[path] -= 1
                assert not isinstance(answer, str)
                status, extra, content = answer
                head = [f"HTTP/1.1 {status} X", f"Content-Length: {len(content)}"]
                head += [f"{k}: {v}" for k, v in extra.items()]
                writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + content)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            self._writers.discard(writer)
            writer.close()


def closed_port() -> int:
    """A local port nothing listens on: connecting is refused."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port
