"""Replays issue 14's probes against a running API and prints what each got back.

Starts the API (embedded, no worker) on loopback in a fresh data folder, in this process, and
sends: 300 MB promised to /v1/conversations without a key (streamed until the answer comes:
how many bytes the server took, the time to the answer, and this process's peak memory growth),
metadata nested 5,000 deep, a 5,000-digit number, an events cursor of 2^63, a 60 KB cursor (the
answer's size), a garbage X-API-Key beside a valid Bearer key, another client's delete, and
GET /v1/route/policy's `source`.

    scripts/probe_holes [--megabytes 300]

Run it with PYTHONPATH pointing at another checkout to probe that one (the same probes).
"""

from __future__ import annotations

import argparse
import json
import resource
import socket
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CLIP = ROOT / "tests" / "data" / "service" / "short_call_8k.wav"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def unauthenticated_body(port: int, megabytes: int) -> str:
    """Stream the body until the server answers; report what it cost."""
    total = megabytes * 1024 * 1024
    head = (
        f"POST /v1/conversations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {total}\r\n\r\n"
    ).encode()
    chunk = b" " * (1 << 20)
    before = peak_rss_mb()
    start = time.monotonic()
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=120) as sock:
        sock.sendall(head)
        sock.setblocking(False)
        answer = b""
        while b"\r\n\r\n" not in answer:
            try:
                answer += sock.recv(65536)
                continue
            except BlockingIOError:
                pass
            if sent < total:
                try:
                    sent += sock.send(chunk[: min(len(chunk), total - sent)])
                except BlockingIOError:
                    time.sleep(0.001)
            else:
                time.sleep(0.001)
    seconds = time.monotonic() - start
    status = answer.split(b" ", 2)[1].decode()
    return (
        f"{status} after {seconds:.2f} s, {sent / 1e6:.1f} MB of {total / 1e6:.0f} MB sent, "
        f"peak memory +{peak_rss_mb() - before:.0f} MB"
    )


def probes(port: int, admin: dict[str, str], other: dict[str, str], megabytes: int) -> None:
    base = f"http://127.0.0.1:{port}"
    print(f"300 MB to /v1/conversations without a key: {unauthenticated_body(port, megabytes)}")
    with httpx.Client(base_url=base, timeout=120) as client:
        audio = CLIP.read_bytes()

        def upload(metadata: str, headers: dict[str, str]) -> httpx.Response:
            files = {"audio": ("call.wav", audio, "audio/wav")}
            return client.post("/v1/calls", headers=headers, files=files, data={"metadata": metadata})

        deep = '{"external_id": "d", "x": ' + "[" * 5000 + "]" * 5000 + "}"
        print(f"metadata nested 5,000 deep: {upload(deep, admin).status_code}")
        digits = '{"external_id": "n", "x": ' + "9" * 5000 + "}"
        print(f"a 5,000-digit number in metadata: {upload(digits, admin).status_code}")
        from voc.store.events import encode_cursor

        cursor = client.get("/v1/events", params={"after": encode_cursor(2**63)}, headers=admin)
        print(f"events cursor 2^63: {cursor.status_code}")
        long = client.get("/v1/events", params={"after": "A" * 60_000}, headers=admin)
        print(f"60 KB cursor: {long.status_code}, answer {len(long.content)} bytes")
        garbage = client.get("/v1/tasks", headers=admin | {"X-API-Key": "voc_garbage"})
        print(f"garbage X-API-Key beside a valid Bearer key: {garbage.status_code} {garbage.json().get('code', '')}")
        call = upload(json.dumps({"external_id": "mine"}), other).json()["id"]
        refused = client.delete(f"/v1/calls/{call}", headers=STRANGER)
        print(f"another calls:write client deletes a call: {refused.status_code} {refused.json().get('code', '')}")
        print(f"  then admin deletes it: {client.delete(f'/v1/calls/{call}', headers=admin).status_code}")
        policy = client.get("/v1/route/policy", headers=admin).json()
        print(f"GET /v1/route/policy source: {policy.get('source')!r}")


STRANGER: dict[str, str] = {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=int, default=300)
    args = parser.parse_args()
    from api.app import create_app
    from tests.api.live_server import live_server
    from tests.service.harness import deployment
    from voc.service import Service

    with tempfile.TemporaryDirectory(prefix="voc-probe-") as folder, deployment("embedded", Path(folder)) as deploy:
        settings = deploy.settings(jobs=deploy.job_settings(embedded_worker=False))
        admin = {"Authorization": f"Bearer {deploy.new_key(['admin'], 'probe-admin')}"}
        other = {"Authorization": f"Bearer {deploy.new_key(['calls:write'], 'pbx')}"}
        STRANGER["Authorization"] = f"Bearer {deploy.new_key(['calls:write'], 'other-pbx')}"
        with live_server(create_app(Service(settings))) as port:
            probes(port, admin, other, args.megabytes)


if __name__ == "__main__":
    main()
