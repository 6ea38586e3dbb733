"""Benchmark of IVR routing on the real service, on loopback, while its worker analyses calls.

One run:
  1. starts `voc serve`-equivalent (the real app + a no-op endpoint with the same key check) on
     127.0.0.1, on a fresh SQLite store holding a customer with history;
  2. uploads recorded calls so the embedded worker analyses them (Whisper) throughout;
  3. sends the no-op endpoint and POST /v1/route (text path, the known customer) each at --rate
     requests/s, open loop, in alternating 5 s blocks for --seconds each, and prints p50/p95/p99
     (latency counted from each request's scheduled time, so a stalled server cannot hide);
  4. the audio path with an 8 s telephone snippet and ivr_text (p95), and without ivr_text, so
     the clip is transcribed (p95).
Targets (issue 6): route p99 <= 2x no-op p99 and <= 50 ms; audio+text p95 <= 300 ms;
audio without text p95 <= 2 s on 2 cores.

    scripts/bench_route [--rate 200] [--seconds 30] [--audio-requests 40] [--asr-requests 20]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import io
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests" / "data" / "prosody"
CUSTOMER = "C-bench"
ANI = "+70000000123"
UTTERANCES = [
    "хочу узнать про вклад",
    "когда заканчивается мой депозит",
    "у меня украли карту",
    "это безобразие, я уйду к конкурентам",
    "оператор",
    "баланс карты",
    "мне третий раз не могут помочь, хочу написать жалобу",
    "спасибо, всё хорошо, хотел уточнить про проценты",
    "I want to close my account",
    "заблокируйте карту, пожалуйста, деньги списали без моего ведома",
    "перезвоните мне позже",
    "не могу войти в приложение",
]


# --- the server (a child process) ---------------------------------------------------------------


def serve(port: int) -> None:
    import uvicorn
    from fastapi import Depends, Response

    from api.app import create_app
    from api.auth import require_scope

    app = create_app()

    # The same key check as /v1/route, then nothing: what the service costs before routing starts.
    @app.post(
        "/bench/noop",
        include_in_schema=False,
        dependencies=[Depends(require_scope("route:invoke"))],
        response_class=Response,
        response_model=None,
    )
    async def noop() -> Response:
        return Response(b'{"queue":"general"}', media_type="application/json")

    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
        loop="uvloop",
        http="httptools",
    )


# --- a lean HTTP/1.1 keep-alive client (the load generator must not eat the server's cores) ------


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    async def request(self, raw: bytes) -> tuple[int, bytes]:
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        body = await self.reader.readexactly(length) if length else b""
        return status, body


def build_request(path: str, body: bytes, key: str, content_type: str = "application/json") -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: {key}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of one process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    sent_at_s: list[float] = field(default_factory=list)  # seconds into the run, for locating stalls
    statuses: dict[int, int] = field(default_factory=dict)
    degraded: int = 0
    errors: int = 0
    unfinished: int = 0
    server_cpu_s: float = 0.0

    def add(self, ms: float, status: int, body: bytes, sent_at_s: float = 0.0) -> None:
        self.latencies_ms.append(ms)
        self.sent_at_s.append(sent_at_s)
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if status == 200 and b'"degraded":true' in body:
            self.degraded += 1

    def pct(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else float("nan")

    def slowest(self, count: int = 5) -> str:
        worst = sorted(zip(self.latencies_ms, self.sent_at_s, strict=True), reverse=True)[:count]
        return ", ".join(f"{ms:.0f} ms at {at:.1f} s" for ms, at in worst)

    def line(self, name: str) -> str:
        n = len(self.latencies_ms)
        return (
            f"{name:28} n={n:5d}  p50 {self.pct(50):7.1f} ms  p95 {self.pct(95):7.1f} ms  "
            f"p99 {self.pct(99):7.1f} ms  max {max(self.latencies_ms, default=float('nan')):7.1f} ms  "
            f"statuses {self.statuses}  degraded {self.degraded}  errors {self.errors}"
            + (f"  UNANSWERED {self.unfinished}" if self.unfinished else "")
            + (
                f"  server CPU {1000 * self.server_cpu_s / n:.2f} ms/request"
                if self.server_cpu_s and n
                else ""
            )
        )


async def open_pool(port: int, size: int) -> asyncio.Queue[Connection]:
    pool: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(size):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        pool.put_nowait(Connection(reader, writer))
    return pool


async def open_loop(
    port: int, rate: float, blocks: list[tuple[str, float]], requests: dict[str, list[bytes]], server_pid: int
) -> dict[str, Tally]:
    """Send `rate` requests/s, block after block (name, seconds); latency from the scheduled time."""
    pool = await open_pool(port, 64)
    tallies = {name: Tally() for name in requests}
    pending: set[asyncio.Task[None]] = set()
    names: dict[asyncio.Task[None], str] = {}

    async def one(name: str, raw: bytes, scheduled: float) -> None:
        conn = await pool.get()
        try:
            status, body = await asyncio.wait_for(conn.request(raw), timeout=10)
            tallies[name].add((time.perf_counter() - scheduled) * 1000.0, status, body, scheduled - start)
            pool.put_nowait(conn)
        except (TimeoutError, OSError, asyncio.IncompleteReadError):
            tallies[name].errors += 1
            conn.writer.close()
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            pool.put_nowait(Connection(reader, writer))

    start = time.perf_counter()
    sent = 0
    cpu_mark = process_cpu_s(server_pid)
    previous: str | None = None
    for name, seconds in blocks:
        cpu_now = process_cpu_s(server_pid)
        if previous is not None:
            tallies[previous].server_cpu_s += cpu_now - cpu_mark
        cpu_mark, previous = cpu_now, name
        count = int(rate * seconds)
        variants = requests[name]
        for i in range(count):
            scheduled = start + sent / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            task = asyncio.create_task(one(name, variants[i % len(variants)], scheduled))
            names[task] = name
            pending.add(task)
            task.add_done_callback(pending.discard)
            sent += 1
    if pending:
        await asyncio.wait(pending, timeout=30)
    for task in list(pending):  # still unanswered 30 s after the last send: counted, not hidden
        task.cancel()
        tallies[names[task]].unfinished += 1
    if previous is not None:
        tallies[previous].server_cpu_s += process_cpu_s(server_pid) - cpu_mark
    return tallies


async def sequential(port: int, raws: list[bytes], server_pid: int) -> Tally:
    pool = await open_pool(port, 1)
    conn = await pool.get()
    tally = Tally()
    cpu_before = process_cpu_s(server_pid)
    for raw in raws:
        began = time.perf_counter()
        status, body = await asyncio.wait_for(conn.request(raw), timeout=60)
        tally.add((time.perf_counter() - began) * 1000.0, status, body)
    tally.server_cpu_s = process_cpu_s(server_pid) - cpu_before
    return tally


# --- inputs -------------------------------------------------------------------------------------


def telephone_snippet(seconds: float = 8.0) -> bytes:
    """Real recorded speech, cut to `seconds`, as an 8 kHz 16-bit WAV (what an IVR records)."""
    import numpy as np
    import soundfile as sf
    import soxr

    clips = [sf.read(p, dtype="float32")[0] for p in sorted(DATA.glob("ru_*.flac"))]
    joined = np.concatenate(clips)[: int(seconds * 16000)]
    narrow = soxr.resample(joined, 16000, 8000)
    out = io.BytesIO()
    sf.write(out, narrow, 8000, format="WAV", subtype="PCM_16")
    return out.getvalue()


def multipart(fields: dict[str, str], audio: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="audio"; filename="ivr.wav"\r\n'
        f"Content-Type: audio/wav\r\n\r\n".encode()
        + audio
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def prepare_store(database_url: str) -> str:
    from tests.routing.history import seed_customer_with_history
    from voc.store.db import Database
    from voc.store.keys import create_key
    from voc.store.migrate import upgrade_database

    upgrade_database(database_url)
    database = Database(database_url)
    seed_customer_with_history(database, CUSTOMER, dt.date.today(), ANI)
    with database.write() as session:
        _, secret = create_key(session, "bench", ["route:invoke", "calls:write", "results:read"])
    database.dispose()
    return secret


def upload_calls(port: int, key: str, count: int) -> None:
    import httpx

    clips = sorted(DATA.glob("ru_*.flac"))
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"X-API-Key": key}, timeout=30) as client:
        for i in range(count):
            clip = clips[i % len(clips)]
            meta = {"external_id": f"bench-{i}", "customer_id": f"C-bg-{i % 7}"}
            r = client.post(
                "/v1/calls",
                files={"audio": (clip.name, clip.read_bytes(), "audio/flac")},
                data={"metadata": json.dumps(meta)},
            )
            if r.status_code >= 300:
                print(f"  upload {i}: {r.status_code} {r.text[:200]}", flush=True)


def worker_progress(port: int, key: str) -> dict[str, int]:
    import httpx

    counts: dict[str, int] = {}
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"X-API-Key": key}, timeout=30) as client:
        for status in ("queued", "processing", "done", "failed"):
            r = client.get("/v1/calls", params={"status": status, "limit": 1000})
            counts[status] = len(r.json().get("items", [])) if r.status_code == 200 else -1
    return counts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(port: int, server: subprocess.Popen[bytes], limit_s: float = 120) -> None:
    import httpx

    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server exited during start-up")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not start in time")


def postgres_schema(url: str, statement: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text(statement))
    engine.dispose()


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=30.0, help="per endpoint, in 5 s blocks")
    parser.add_argument("--audio-requests", type=int, default=40)
    parser.add_argument("--asr-requests", type=int, default=20)
    parser.add_argument("--calls", type=int, default=60, help="recordings for the background worker")
    parser.add_argument(
        "--worker",
        choices=("separate", "embedded", "none"),
        default="separate",
        help="separate: a `voc worker` process over RabbitMQ on loopback (default); embedded: the "
        "API process's own worker thread; none: no background analysis",
    )
    parser.add_argument("--broker", default="amqp://guest:guest@127.0.0.1:5672/")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="store in this PostgreSQL database (in a fresh schema, dropped afterwards) instead of "
        "SQLite, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test",
    )
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return

    workdir = Path(tempfile.mkdtemp(prefix="voc-bench-route-"))
    database_url = f"sqlite:///{workdir / 'voc.sqlite3'}"
    schema = None
    if args.postgres:
        schema = f"voc_bench_{uuid.uuid4().hex[:8]}"
        postgres_schema(args.postgres, f"CREATE SCHEMA {schema}")
        database_url = f"{args.postgres}?options=-csearch_path%3D{schema}"
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        "VOC_DATA_DIR": str(workdir),
        "VOC_DATABASE_URL": database_url,
        "VOC_ROUTE__TRANSCRIPTION": "true",
        "VOC_JOBS__QUEUE": f"bench-route-{uuid.uuid4().hex[:8]}",  # this run's own broker queue
    }
    if args.worker == "separate":
        env["VOC_BROKER_URL"] = args.broker
    os.environ.update({k: env[k] for k in ("VOC_DATA_DIR", "VOC_DATABASE_URL")})
    key = prepare_store(database_url)
    port = free_port()
    store = f"PostgreSQL schema {schema}" if schema else str(workdir)
    print(f"cpu cores: {os.cpu_count()}  load average: {os.getloadavg()}  store: {store}", flush=True)
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(port)], env=env)
    worker = None
    if args.worker == "separate":
        worker = subprocess.Popen(
            [sys.executable, "-c", "from voc.cli import main; main()", "worker"],
            env=env,
            stderr=subprocess.DEVNULL,
        )
    try:
        wait_ready(port, server)
        if args.worker != "none":
            upload_calls(port, key, args.calls)
        print(
            f"uploaded {args.calls} calls for the background worker: {worker_progress(port, key)}", flush=True
        )
        # Not counted: the first audio requests wait for the routing ASR model to finish loading.
        snippet = telephone_snippet(8.0)
        warm = multipart({"customer_id": CUSTOMER, "budget_ms": "8000", "language": "ru"}, snippet)
        asyncio.run(sequential(port, [build_request("/v1/route", warm[0], key, warm[1])] * 2, server.pid))

        noop = [build_request("/bench/noop", b'{"customer_id":"' + CUSTOMER.encode() + b'"}', key)]
        route = [
            build_request(
                "/v1/route",
                json.dumps(
                    {"customer_id": CUSTOMER, "ivr_text": text, "session_id": f"bench-{i}"}
                    if i % 4
                    else {"ani": ANI, "ivr_text": text},
                    ensure_ascii=False,
                ).encode(),
                key,
            )
            for i, text in enumerate(UTTERANCES)
        ]
        block = 5.0
        rounds = max(1, round(args.seconds / block))
        blocks = [(name, block) for _ in range(rounds) for name in ("noop", "route")]
        # The load generator's own garbage collection paused it for ~90 ms once per run, which
        # showed up as a server stall; it collects nothing it needs during the open loop.
        gc.collect()
        gc.disable()
        try:
            tallies = asyncio.run(open_loop(port, args.rate, blocks, {"noop": noop, "route": route}, server.pid))
        finally:
            gc.enable()
        print(f"worker during the text phases: {worker_progress(port, key)}", flush=True)

        with_text = []
        for i in range(args.audio_requests):
            body, ctype = multipart(
                {"customer_id": CUSTOMER, "ivr_text": UTTERANCES[i % len(UTTERANCES)]}, snippet
            )
            with_text.append(build_request("/v1/route", body, key, ctype))
        audio_text = asyncio.run(sequential(port, with_text, server.pid))

        without_text = []
        for _ in range(args.asr_requests):
            body, ctype = multipart({"customer_id": CUSTOMER, "budget_ms": "8000", "language": "ru"}, snippet)
            without_text.append(build_request("/v1/route", body, key, ctype))
        audio_asr = asyncio.run(sequential(port, without_text, server.pid))
        print(f"worker after the audio phases: {worker_progress(port, key)}", flush=True)
    finally:
        for process in (p for p in (server, worker) if p is not None):
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        if schema:
            postgres_schema(args.postgres, f"DROP SCHEMA {schema} CASCADE")

    noop_t, route_t = tallies["noop"], tallies["route"]
    print()
    print(
        f"open loop at {args.rate:g} req/s, {args.seconds:g} s each, alternating 5 s blocks; "
        f"background worker: {args.worker}; store: {'PostgreSQL' if schema else 'SQLite'}"
    )
    print(noop_t.line("no-op endpoint"))
    print(route_t.line("POST /v1/route (text)"))
    print(audio_text.line("route audio 8 s + text"))
    print(audio_asr.line("route audio 8 s, no text"))
    print(f"  slowest no-op: {noop_t.slowest()}")
    print(f"  slowest route: {route_t.slowest()}")
    ratio = route_t.pct(99) / noop_t.pct(99)
    print()
    print(f"route p99 / no-op p99 = {ratio:.2f}   (target <= 2.0)  {verdict(ratio <= 2.0)}")
    print(f"route p99 = {route_t.pct(99):.1f} ms   (target <= 50 ms)  {verdict(route_t.pct(99) <= 50)}")
    print(
        f"audio+text p95 = {audio_text.pct(95):.1f} ms   (target <= 300 ms)  {verdict(audio_text.pct(95) <= 300)}"
    )
    print(
        f"audio, transcribed p95 = {audio_asr.pct(95):.0f} ms   (target <= 2000 ms)  "
        f"{verdict(audio_asr.pct(95) <= 2000)}"
    )
    print(f"load average at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
