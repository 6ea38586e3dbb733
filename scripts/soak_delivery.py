"""Soak benchmark for delivery: N uploads while workers are killed and the broker is cut at random.

Scale-out on this machine's PostgreSQL and RabbitMQ (a fresh schema and queue, dropped at the
end), one `voc serve` and `--workers` `voc worker` processes, all reaching RabbitMQ through a
TCP proxy this script cuts (the real RabbitMQ is never touched). Uploads are text
conversations (the delivery path is the same as for recordings; the analysis is quick), sent by
`--senders` threads that retry like a telephony system does (same external id, so a retry is
answered as a duplicate). Meanwhile, at random intervals (mean `--chaos-every` seconds) it either
SIGKILLs a random worker and starts a new one, or cuts the broker for 2-`--max-cut` seconds.
Chaos stops once every upload was answered and `--chaos-after` more seconds passed; then it
waits (up to `--bound` seconds) for every accepted call to finish and reports, from the database:

  calls lost       accepted (202/duplicate answered) but not `done` at the end  (target 0)
  duplicates       calls with more than one result, `call.analyzed` event, or copy of a task (target 0)
  re-analysed      calls analysed more than once because a worker died holding them (attempts > 1)
  longest wait     from the call being stored to its result (and the median)

Usage: PYTHONPATH=. python scripts/soak_delivery.py [--calls 500] [--workers 2] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import secrets
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import select  # noqa: E402

from tests.service.delivery import TURNS, through  # noqa: E402
from tests.service.harness import Process, deployment, free_port, voc_command, wait_for  # noqa: E402
from tests.service.tcp_proxy import TcpProxy  # noqa: E402
from voc.store.db import Database  # noqa: E402
from voc.store.tables import Call, Event, Result, TaskRow  # noqa: E402


@dataclass
class Chaos:
    worker_kills: int = 0
    broker_cuts: int = 0
    cut_seconds: float = 0.0
    log: list[str] = field(default_factory=list)


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--senders", type=int, default=8, help="parallel uploading threads")
    parser.add_argument("--chaos-every", type=float, default=6.0, help="mean seconds between faults")
    parser.add_argument("--max-cut", type=float, default=10.0, help="longest broker cut, seconds")
    parser.add_argument("--chaos-after", type=float, default=30.0, help="seconds of faults after the last upload")
    parser.add_argument("--lease", type=float, default=10.0, help="VOC_JOBS__LEASE_S for every process")
    parser.add_argument("--bound", type=float, default=900.0, help="longest wait for every call to finish")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-faults", action="store_true", help="the same run with no faults: a baseline")
    parser.add_argument("--keep", type=Path, help="folder for the processes' logs (default: a temporary one)")
    return parser.parse_args()


def main() -> int:
    args = parse()
    rng = random.Random(args.seed)
    work = args.keep or Path(tempfile.mkdtemp(prefix="voc-soak-"))
    work.mkdir(parents=True, exist_ok=True)
    with deployment("scaleout", work) as deploy:
        upstream = urlsplit(deploy.broker_url or "")
        proxy = TcpProxy(upstream.hostname or "127.0.0.1", upstream.port or 5672)
        proxy.up()
        deploy.broker_url = through(proxy, deploy.broker_url or "")
        deploy.extra_env |= {
            "VOC_JOBS__MAX_ATTEMPTS": "5",
            "VOC_JOBS__LEASE_S": str(args.lease),
            "VOC_JOBS__DISPATCH_INTERVAL_S": "0.5",
            "VOC_JOBS__DISPATCH_MAX_BACKOFF_S": "5",
            "VOC_JOBS__DISPATCH_CLAIM_S": "10",
            "VOC_JOBS__DEAD_LETTER_INTERVAL_S": "10",
            "VOC_JOBS__IDLE_CPU": "false",
        }
        headers = {"Authorization": f"Bearer {deploy.new_key(['admin'])}"}
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        api = Process(voc_command("serve", "--port", str(port)), deploy.env(), work / "serve.log")
        workers: list[Process] = []
        stop_chaos = threading.Event()
        started = [0]

        def start_worker() -> Process:
            started[0] += 1
            process = Process(voc_command("worker"), deploy.env(), work / f"worker{started[0]}.log")
            workers.append(process)
            return process

        try:
            wait_for(lambda: _live(base), 180, interval=0.2, what="the API to start")
            for _ in range(args.workers):
                start_worker()
            accepted: dict[str, str] = {}  # external id -> call id
            lock = threading.Lock()
            uploads_done = threading.Event()
            chaos = Chaos()
            t0 = time.monotonic()

            def upload(n: int) -> None:
                external_id = f"soak-{n}-{secrets.token_hex(3)}"
                delay = 0.5
                while True:
                    try:
                        response = httpx.post(
                            f"{base}/v1/conversations",
                            headers=headers,
                            json={"external_id": external_id, "turns": TURNS},
                            timeout=30,
                        )
                        if response.status_code in (200, 202):
                            with lock:
                                accepted[external_id] = response.json()["id"]
                            return
                    except httpx.HTTPError:
                        pass
                    time.sleep(delay)  # the telephony system's retry
                    delay = min(delay * 2, 10)

            def faults() -> None:
                quiet_until: float | None = None
                next_fault = time.monotonic() + rng.expovariate(1 / args.chaos_every)
                while True:
                    if uploads_done.is_set() and quiet_until is None:
                        quiet_until = time.monotonic() + args.chaos_after
                    if quiet_until is not None and time.monotonic() > quiet_until:
                        return
                    if stop_chaos.wait(0.2):
                        return
                    if args.no_faults or time.monotonic() < next_fault:
                        continue
                    next_fault = time.monotonic() + rng.expovariate(1 / args.chaos_every)
                    if rng.random() < 0.5:
                        alive = [w for w in workers if w.proc.poll() is None]
                        if alive:
                            victim = rng.choice(alive)
                            victim.kill()
                            chaos.worker_kills += 1
                            chaos.log.append(f"{time.monotonic() - t0:6.1f}s kill worker pid {victim.proc.pid}")
                            start_worker()
                    else:
                        cut = rng.uniform(2, args.max_cut)
                        chaos.log.append(f"{time.monotonic() - t0:6.1f}s cut the broker for {cut:.1f}s")
                        proxy.down()
                        stop_chaos.wait(cut)
                        proxy.up()
                        chaos.broker_cuts += 1
                        chaos.cut_seconds += cut

            chaos_thread = threading.Thread(target=faults, daemon=True)
            chaos_thread.start()
            with ThreadPoolExecutor(args.senders) as pool:
                list(pool.map(upload, range(args.calls)))
            uploads_done.set()
            uploaded_at = time.monotonic() - t0
            print(f"{len(accepted)} uploads answered in {uploaded_at:.0f}s; faults go on for {args.chaos_after:.0f}s")
            chaos_thread.join()
            proxy.up()
            ids = sorted(accepted.values())
            try:
                wait_for(lambda: _all_done(deploy.database_url, ids), args.bound, interval=1, what="every call")
            except AssertionError as error:
                print(f"not finished: {error}")
            time.sleep(5)  # a late copy of a message would be handled by now
            report(deploy.database_url, ids, chaos, time.monotonic() - t0, args)
        finally:
            stop_chaos.set()
            stop_everything(workers, api, proxy)
    print(f"logs: {work}")
    return 0


def stop_everything(workers: list[Process], api: Process, proxy: TcpProxy) -> None:
    for process in [*workers, api]:
        if process.proc.poll() is None:
            process.kill()  # the figures are read already; nothing needs a clean stop
    proxy.down()


def _live(base: str) -> bool:
    try:
        return httpx.get(f"{base}/livez", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def _all_done(database_url: str, ids: list[str]) -> bool:
    database = Database(database_url)
    try:
        with database.read() as session:
            statuses = Counter(session.scalars(select(Call.status).where(Call.id.in_(ids))))
    finally:
        database.dispose()
    return statuses.get("done", 0) + statuses.get("failed", 0) == len(ids)


def report(database_url: str, ids: list[str], chaos: Chaos, elapsed: float, args: argparse.Namespace) -> None:
    database = Database(database_url)
    try:
        with database.read() as session:
            rows = list(session.scalars(select(Call).where(Call.id.in_(ids))))
            results = Counter(session.scalars(select(Result.call_id).where(Result.call_id.in_(ids))))
            events = Counter((e.call_id, e.type) for e in session.scalars(select(Event).where(Event.call_id.in_(ids))))
            tasks = Counter(session.scalars(select(TaskRow.call_id).where(TaskRow.call_id.in_(ids))))
            stored = Counter(session.scalars(select(Call.id)))
    finally:
        database.dispose()
    by_id = {c.id: c for c in rows}
    lost = [i for i in ids if i not in by_id or by_id[i].status != "done"]
    duplicates = [
        i for i in ids if results[i] > 1 or events[(i, "call.analyzed")] > 1 or events[(i, "task.created")] != tasks[i]
    ]
    reanalysed = [c.id for c in rows if c.attempts > 1]
    waits = [(_utc(c.finished_at) - _utc(c.created_at)).total_seconds() for c in rows if c.finished_at is not None]
    print()
    mode = "no faults (baseline)" if args.no_faults else f"seed {args.seed}"
    print(f"soak: {args.calls} uploads, {args.workers} workers, {mode}, lease {args.lease:.0f}s")
    print(f"faults: {chaos.worker_kills} worker kills, {chaos.broker_cuts} broker cuts ({chaos.cut_seconds:.0f}s cut)")
    print(f"calls accepted: {len(ids)} (calls stored in all: {len(stored)})")
    print(f"calls lost: {len(lost)}  {lost[:5]}")
    print(f"duplicates: {len(duplicates)}  {duplicates[:5]}")
    print(f"re-analysed after a worker died holding them: {len(reanalysed)}")
    if waits:
        print(f"longest wait: {max(waits):.1f}s  median wait: {statistics.median(waits):.1f}s")
    print(f"run took {elapsed:.0f}s")
    for line in chaos.log:
        print(f"  {line}")


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


if __name__ == "__main__":
    sys.exit(main())
