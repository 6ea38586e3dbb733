"""The first `voc serve` shows the admin key in a block a person cannot miss, saves it where only
its owner can read it, and says how to make more keys."""

from __future__ import annotations

import stat

import httpx

from tests.clients.conftest import Served


def test_first_start_shows_and_saves_the_admin_key(served: Served) -> None:
    saved = served.data_dir / "admin-key.txt"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    key = served.admin_key
    log = served.log.read_text(encoding="utf-8")
    block = log[log.index("voc: created the first admin API key") :]
    assert f"    {key}\n" in block and str(saved) in block
    assert "voc keys create --name crm --scopes results:read" in block
    assert f"{served.url}/docs" in block, "the block names the port the server really listens on"
    answer = httpx.get(f"{served.url}/v1/calls", headers={"Authorization": f"Bearer {key}"})
    assert answer.status_code == 200
