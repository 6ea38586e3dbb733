"""A real `voc serve` process on a free port and a fresh data folder, as a newcomer starts it,
for the tests that drive it the way its clients do (generated clients, the quickstart's curl)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).parents[2]
CLIP = ROOT / "tests" / "data" / "service" / "short_call_8k.wav"


@dataclass
class Served:
    url: str
    data_dir: Path
    log: Path
    env: dict[str, str]

    @property
    def admin_key(self) -> str:
        return (self.data_dir / "admin-key.txt").read_text(encoding="utf-8").strip()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def voc_command() -> list[str]:
    """`voc` from this checkout, whichever environment runs the tests."""
    return [sys.executable, "-c", "from voc.cli import main; main()"]


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    home = tmp_path_factory.mktemp("served")
    data_dir = home / "data"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "VOC_DATA_DIR": str(data_dir),
        "VOC_ROUTE__TRANSCRIPTION": "false",  # these clients route by text: no IVR Whisper to load
    }
    env.pop("VOC_DATABASE_URL", None)
    env.pop("VOC_BROKER_URL", None)
    port = free_port()
    log = home / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [*voc_command(), "serve", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=ROOT,
            start_new_session=True,  # no controlling terminal: the key block cannot reach /dev/tty
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            if process.poll() is not None:
                raise RuntimeError(f"voc serve exited with {process.returncode}:\n{log.read_text()}")
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.5)
        else:
            raise RuntimeError(f"voc serve did not answer within 2 minutes:\n{log.read_text()}")
        yield Served(url, data_dir, log, env)
    finally:
        process.terminate()
        process.wait(timeout=30)
