"""TypeScript types generated from the OpenAPI document by openapi-typescript (pinned in
clients/package.json, installed by ./scripts/setup with `npm ci`) type-check with `tsc --noEmit`
against clients/typescript/check.ts, which uses them the way a CRM or IVR integration would."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.clients.conftest import Served

CLIENTS = Path(__file__).parents[2] / "clients"
BIN = CLIENTS / "node_modules" / ".bin"
# A field with a default (most are `null`) may be left out of a request: openapi-typescript 7
# makes such fields required unless told not to.
GENERATE = ("--default-non-nullable", "false")

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed: no TypeScript check")


def run(*command: str, cwd: Path) -> str:
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_generated_typescript_types_check(served: Served, tmp_path: Path) -> None:
    assert (BIN / "openapi-typescript").exists(), "run ./scripts/setup (dev): it runs `npm ci` in clients/"
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(httpx.get(f"{served.url}/openapi.json").json()), encoding="utf-8")
    for name in ("check.ts", "tsconfig.json"):
        shutil.copy(CLIENTS / "typescript" / name, tmp_path / name)
    run(
        str(BIN / "openapi-typescript"),
        str(document),
        *GENERATE,
        "--output",
        str(tmp_path / "voc-api.d.ts"),
        cwd=tmp_path,
    )
    assert "getCall" in (tmp_path / "voc-api.d.ts").read_text(encoding="utf-8")
    run(str(BIN / "tsc"), "--project", "tsconfig.json", cwd=tmp_path)

    # The check can fail: a field the API does not have is a type error.
    check = tmp_path / "check.ts"
    check.write_text(check.read_text(encoding="utf-8").replace("page.next_cursor", "page.nextCursor"), encoding="utf-8")
    failed = subprocess.run(
        [str(BIN / "tsc"), "--project", "tsconfig.json"], capture_output=True, text=True, cwd=tmp_path
    )
    assert failed.returncode != 0 and "nextCursor" in failed.stdout
