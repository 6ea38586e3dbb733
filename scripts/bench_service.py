"""Service overhead and polling latency, measured against the bare pipeline in the same run.

1. Bare pipeline: `Analyzer.analyze_recording` on the recording N times in this process
   (warm model), before and after the service run; the baseline is their mean, which
   evens out load that other processes put on the machine meanwhile.
2. Service: `voc serve` (embedded: SQLite + in-process worker) or, with --scaleout,
   `voc serve` + one `voc worker` on PostgreSQL and RabbitMQ. One warm-up call, then N
   uploads of the same recording; time from the first upload until the feed has every
   `call.analyzed`.
3. Pollers: 50 concurrent clients alternate GET /v1/calls/{id} and GET /v1/events for
   --poll-seconds; p50/p99 per endpoint.

Usage: scripts/bench_service [--calls 10] [--file tests/data/service/short_call_8k.wav]
                             [--scaleout] [--pollers 50] [--poll-seconds 15]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.service.harness import Deployment, Process, deployment, free_port, voc_command, wait_for  # noqa: E402
from voc.pipeline import AnalyzeOptions, Analyzer  # noqa: E402

OPTIONS = AnalyzeOptions(layout=("agent", "customer"), language="ru")


@dataclass
class Spent:
    """Wall-clock and CPU seconds. CPU time is the steadier measure on a shared machine:
    other processes stretch wall-clock time, but not the CPU work each run needs."""

    wall: float
    cpu: float


def bare_pipeline(analyzer: Analyzer, audio: bytes, calls: int) -> Spent:
    began, cpu = time.perf_counter(), time.process_time()
    for _ in range(calls):
        analyzer.analyze_recording(audio, OPTIONS)
    return Spent(time.perf_counter() - began, time.process_time() - cpu)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of processes (all their threads), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


@contextmanager
def running_service(deploy: Deployment, logs: Path) -> Iterator[tuple[str, dict[str, str], list[int]]]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = Process(voc_command("serve", "--port", str(port)), deploy.env(), logs / "serve.log")
    worker: Process | None = None
    if deploy.broker_url:
        worker = Process(voc_command("worker", "--threads", "1"), deploy.env(), logs / "worker.log")

    def healthy() -> bool:
        try:
            return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_for(healthy, 120, interval=0.2, what="voc serve")
        keys = re.findall(r"^\s*(voc_\S+)$", server.output(), flags=re.M)  # the first start's key block
        pids = [server.proc.pid] + ([worker.proc.pid] if worker else [])
        yield base, {"Authorization": f"Bearer {keys[0]}"}, pids
    finally:
        if worker:
            worker.stop()
        server.stop()


def upload(client: httpx.Client, headers: dict[str, str], audio: bytes, external_id: str) -> str:
    metadata = {"external_id": external_id, "customer_id": "bench", "channels": "agent,customer", "language": "ru"}
    response = client.post(
        "/v1/calls",
        headers=headers,
        files={"audio": ("call.wav", audio, "audio/wav")},
        data={"metadata": json.dumps(metadata)},
    )
    response.raise_for_status()
    return str(response.json()["id"])


def wait_analyzed(client: httpx.Client, headers: dict[str, str], ids: set[str], cursor: str | None) -> str | None:
    pending = set(ids)
    while pending:
        params: dict[str, str | int] = {"limit": 1000} | ({"after": cursor} if cursor else {})
        page = client.get("/v1/events", params=params, headers=headers).json()
        for event in page["events"]:
            if event["type"] in ("call.analyzed", "call.failed"):
                if event["type"] == "call.failed" and event["call_id"] in pending:
                    raise RuntimeError(f"call failed: {event['data']}")
                pending.discard(event["call_id"])
        cursor = page["next_cursor"]
        if not page["events"]:
            time.sleep(0.2)  # coarse on purpose: polling must not load the machine it measures
    return cursor


def service_run(
    base: str, headers: dict[str, str], pids: list[int], audio: bytes, calls: int
) -> tuple[Spent, list[str]]:
    with httpx.Client(base_url=base, timeout=60) as client:
        warm = upload(client, headers, audio, "bench-warm-up")
        cursor = wait_analyzed(client, headers, {warm}, None)
        began, cpu = time.perf_counter(), cpu_seconds(pids)
        ids = [upload(client, headers, audio, f"bench-{i}") for i in range(calls)]
        wait_analyzed(client, headers, set(ids), cursor)
        return Spent(time.perf_counter() - began, cpu_seconds(pids) - cpu), [warm, *ids]


async def poll(
    base: str, headers: dict[str, str], ids: list[str], pollers: int, seconds: float
) -> dict[str, list[float]]:
    latencies: dict[str, list[float]] = {"GET /v1/calls/{id}": [], "GET /v1/events": []}
    limits = httpx.Limits(max_connections=pollers, max_keepalive_connections=pollers)
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30, limits=limits) as client:
        first = (await client.get("/v1/events", params={"limit": 1000})).json()
        cursors = [None, *(e["id"] for e in first["events"])]
        deadline = time.perf_counter() + seconds

        async def poller(n: int) -> None:
            rng = random.Random(n)
            while time.perf_counter() < deadline:
                began = time.perf_counter()
                response = await client.get(f"/v1/calls/{rng.choice(ids)}")
                response.raise_for_status()
                latencies["GET /v1/calls/{id}"].append(time.perf_counter() - began)
                cursor = rng.choice(cursors)
                began = time.perf_counter()
                response = await client.get("/v1/events", params={"limit": 100} | ({"after": cursor} if cursor else {}))
                response.raise_for_status()
                latencies["GET /v1/events"].append(time.perf_counter() - began)

        await asyncio.gather(*(poller(n) for n in range(pollers)))
    return latencies


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=10)
    parser.add_argument("--file", type=Path, default=REPO / "tests" / "data" / "service" / "short_call_8k.wav")
    parser.add_argument("--scaleout", action="store_true", help="PostgreSQL + RabbitMQ + a separate voc worker")
    parser.add_argument("--pollers", type=int, default=50)
    parser.add_argument("--poll-seconds", type=float, default=15.0)
    args = parser.parse_args()
    audio = args.file.read_bytes()

    analyzer = Analyzer()
    analyzer.analyze_recording(audio, OPTIONS)  # load the model and compile kernels first
    bare_before = bare_pipeline(analyzer, audio, args.calls)
    mode_name = "scaleout" if args.scaleout else "embedded"
    with (
        tempfile.TemporaryDirectory() as tmp,
        deployment(mode_name, Path(tmp)) as deploy,
        running_service(deploy, Path(tmp)) as (base, headers, pids),
    ):
        service, ids = service_run(base, headers, pids, audio, args.calls)
        poll_cpu = cpu_seconds(pids)
        latencies = asyncio.run(poll(base, headers, ids, args.pollers, args.poll_seconds))
        poll_cpu = cpu_seconds(pids) - poll_cpu
    bare_after = bare_pipeline(analyzer, audio, args.calls)
    bare = Spent((bare_before.wall + bare_after.wall) / 2, (bare_before.cpu + bare_after.cpu) / 2)

    mode = "scale-out (PostgreSQL + RabbitMQ + 1 voc worker)" if args.scaleout else "embedded (SQLite + worker)"
    per_min = args.calls * 60
    print(f"recording: {args.file.name}, {args.calls} calls; service: {mode}; load average {os.getloadavg()[0]:.1f}")
    print(
        f"bare pipeline: wall {bare.wall:.2f} s ({bare_before.wall:.2f} before, {bare_after.wall:.2f} after) = "
        f"{per_min / bare.wall:.1f} calls/min; CPU {bare.cpu:.2f} s"
    )
    print(
        f"service:       wall {service.wall:.2f} s = {per_min / service.wall:.1f} calls/min; "
        f"CPU {service.cpu:.2f} s (API + worker processes)"
    )
    print(
        f"overhead: wall {(service.wall / bare.wall - 1) * 100:+.1f}%, CPU {(service.cpu / bare.cpu - 1) * 100:+.1f}%"
        " (target <= +5%)"
    )
    requests = sum(len(v) for v in latencies.values())
    for name, values in latencies.items():
        print(
            f"{name:22} {len(values) / args.poll_seconds:7.0f} req/s  p50 {percentile(values, 50) * 1000:6.1f} ms"
            f"  p99 {percentile(values, 99) * 1000:6.1f} ms  ({args.pollers} concurrent pollers)"
        )
    print(
        f"server CPU per polled request: {poll_cpu / requests * 1000:.2f} ms "
        f"(~{requests / poll_cpu:.0f} req/s per fully available core)"
    )


if __name__ == "__main__":
    main()
