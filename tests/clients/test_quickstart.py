"""docs/quickstart.md works as written: its ```bash blocks, in order, against a real `voc serve`
(started here; the ```shell block that starts it is the only one not run)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clients.conftest import ROOT, Served

QUICKSTART = ROOT / "docs" / "quickstart.md"


def bash_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```bash\n(.*?)^```", markdown, flags=re.MULTILINE | re.DOTALL)


@pytest.mark.slow
def test_quickstart_runs_to_the_end(served: Served, tmp_path: Path) -> None:
    blocks = bash_blocks(QUICKSTART.read_text(encoding="utf-8"))
    assert len(blocks) >= 6
    (tmp_path / "tests").symlink_to(ROOT / "tests")  # the doc runs from a checkout's folder
    shim = tmp_path / "bin" / "voc"  # `voc` from this checkout, on the PATH the doc sets
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec {sys.executable} -c "from voc.cli import main; main()" "$@"\n')
    shim.chmod(0o755)
    env = {**served.env, "VOC_URL": served.url, "PATH": f"{shim.parent}{os.pathsep}{os.environ['PATH']}"}
    script = "set -euo pipefail\n" + "\n".join(blocks)
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=600)
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    assert '"status":"queued"' in out and '"duplicate":false' in out, "the upload"
    assert '"duplicate":true' in out, "the retried upload"
    assert "\ndone\n" in out, "the analysis finished"
    assert " call.analyzed " in out and " task.created " in out, "the feed"
    assert '{"events":[],"next_cursor":' in out, "the next page is empty"
    assert " callback 2026-12-21 " in out and '"status":"acked"' in out, "the task, taken"
    assert '"queue":' in out and '"priority":' in out, "the routing answer"
