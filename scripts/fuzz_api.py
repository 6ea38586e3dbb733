"""Property-based run of the API's own OpenAPI document with schemathesis, against the real app.

Starts the API (embedded: SQLite, no worker) on loopback in a fresh data folder with an admin key,
and runs `schemathesis run` with every check (`--checks all`): no 5xx, no status the document does
not declare, answers that match their declared schemas and content types, invalid input refused,
valid input accepted, requests without a key refused. tests/api/schemathesis.toml lists, with
reasons, the few refusals of schema-valid input that JSON Schema cannot express (random bytes are
not audio). Prints schemathesis's report; the exit status is its own (0: nothing found).

    scripts/fuzz_api [--max-examples 300] [--seed 14] [-- more `schemathesis run` options]

tests/api/test_openapi_fuzz.py runs the same with a few examples per operation.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Per-operation allowances for what JSON Schema cannot say (a recording must be audio), each with its reason.
CONFIG = ROOT / "tests" / "api" / "schemathesis.toml"


def run_schemathesis(base_url: str, admin_key: str, max_examples: int, seed: int, extra: list[str]) -> int:
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file",
        str(CONFIG),
        "run",
        f"{base_url}/openapi.json",
        "--checks",
        "all",
        "--header",
        f"Authorization: Bearer {admin_key}",
        "--max-examples",
        str(max_examples),
        "--seed",
        str(seed),
        "--workers",
        "1",
        # No example database either: a run is reproduced by its seed alone, not by what earlier runs found.
        "--generation-database",
        "none",
        "--no-color",
        *extra,
    ]
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    return subprocess.run(command, env=env, check=False).returncode


def fuzz(max_examples: int, seed: int, extra: list[str], data_dir: Path) -> int:
    from api.app import create_app
    from tests.api.live_server import live_server
    from tests.service.harness import deployment
    from voc.service import Service

    with deployment("embedded", data_dir) as deploy:
        settings = deploy.settings(max_upload_bytes=2_000_000, jobs=deploy.job_settings(embedded_worker=False))
        admin = deploy.new_key(["admin"], "fuzz")
        with live_server(create_app(Service(settings))) as port:
            return run_schemathesis(f"http://127.0.0.1:{port}", admin, max_examples, seed, extra)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-examples", type=int, default=300, help="test cases per operation")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("extra", nargs="*", help="more `schemathesis run` options, after --")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="voc-fuzz-") as folder:
        sys.exit(fuzz(args.max_examples, args.seed, args.extra, Path(folder)))


if __name__ == "__main__":
    main()
