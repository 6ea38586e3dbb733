"""The API on a real uvicorn server on loopback, in a thread of the test process.

The test client hands the app the whole request body at once; what a server does before it has
read a body (answer a request with no key without waiting for its 300 MB) shows only over a socket.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

from tests.service.harness import free_port, wait_for


@contextmanager
def live_server(app: FastAPI) -> Iterator[int]:
    """Serve `app` on 127.0.0.1 until the block ends; yields the port."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, name="live-api", daemon=True)
    thread.start()
    try:
        wait_for(lambda: server.started, 60, what="uvicorn to start")
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def send_head(port: int, head: str, body_start: bytes, timeout: float = 30.0) -> tuple[int, bytes]:
    """Send a request's head and the first bytes of its body, then read the answer without
    sending the rest: (status, what came back). The socket times out if the server waits for the
    body it was promised."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head.encode() + b"\r\n" + body_start)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
        head_end = answer.find(b"\r\n\r\n")
        length = next(
            (
                int(line.split(b":", 1)[1])
                for line in answer[:head_end].split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            ),
            0,
        )
        while len(answer) < head_end + 4 + length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    return int(answer.split(b" ", 2)[1]), answer[head_end + 4 :]
