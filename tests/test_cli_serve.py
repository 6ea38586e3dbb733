"""`voc serve` finds the web adapter through the `voc.web` entry point, not by importing `api`.

The lookup is faked here (an editable install only learns new entry points when reinstalled);
the declaration in pyproject.toml is checked by loading exactly what it names.
"""

from __future__ import annotations

import tomllib
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import voc.cli.service as service_commands
from voc.cli import app
from voc.service import Service

PYPROJECT = Path(__file__).parents[1] / "pyproject.toml"


class FakeEntryPoint:
    def __init__(self, factory: Any) -> None:
        self.factory = factory

    def load(self) -> Any:
        return self.factory


def test_serve_runs_the_app_the_entry_point_names(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    given: list[Service] = []
    ran: dict[str, Any] = {}

    def create_app(service: Service) -> str:
        given.append(service)
        return "the asgi app"

    def entry_points(group: str, name: str) -> list[FakeEntryPoint]:
        return [FakeEntryPoint(create_app)] if (group, name) == ("voc.web", "app") else []

    monkeypatch.setattr(service_commands, "entry_points", entry_points)
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port: ran.update(app=app, host=host, port=port))
    result = CliRunner().invoke(app, ["serve", "--host", "127.0.0.2", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert ran == {"app": "the asgi app", "host": "127.0.0.2", "port": 8123}
    assert len(given) == 1 and isinstance(given[0], Service)


def test_serve_without_a_web_adapter_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service_commands, "entry_points", lambda group, name: [])
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 2
    assert "needs a web adapter" in result.output and "voc.web" in result.output


def test_pyproject_registers_the_api_app_factory() -> None:
    declared = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["entry-points"]["voc.web"]
    from api.app import create_app

    assert EntryPoint(name="app", value=declared["app"], group="voc.web").load() is create_app
