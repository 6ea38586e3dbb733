"""One parsing for every way in: upload metadata, `/v1/analyze` and `voc analyze` give the same reason."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

import voc.intake
from tests.api.conftest import CLIP, Api
from voc.cli import app
from voc.errors import InvalidOptionError
from voc.intake import parse_call_date, parse_layout

runner = CliRunner()


def reason(parse: Any, value: str) -> str:
    with pytest.raises(InvalidOptionError) as raised:
        parse(value)
    return raised.value.reason


def upload_detail(api: Api, clip: bytes, metadata: dict[str, Any]) -> str:
    response = api.client.post(
        "/v1/calls", headers=api.admin, files={"audio": ("c.wav", clip)}, data={"metadata": json.dumps(metadata)}
    )
    assert response.status_code == 422 and response.json()["code"] == "invalid_input", response.text
    return str(response.json()["detail"])


def analyze_detail(api: Api, clip: bytes, form: dict[str, str]) -> str:
    response = api.client.post("/v1/analyze", headers=api.admin, files={"audio": ("c.wav", clip)}, data=form)
    assert response.status_code == 422 and response.json()["code"] == "invalid_input", response.text
    return str(response.json()["detail"])


def cli_error(args: list[str]) -> str:
    result = runner.invoke(app, ["analyze", str(CLIP), *args])
    assert result.exit_code == 2, result.output
    return " ".join(result.output.split())


@pytest.mark.parametrize("layout", ["agent,robot", "agent", "customer,customer"])
def test_a_bad_layout_gets_the_same_reason_every_way_in(api: Api, clip: bytes, layout: str) -> None:
    why = reason(parse_layout, layout)
    assert why in upload_detail(api, clip, {"external_id": "x", "channels": layout})
    assert analyze_detail(api, clip, {"channels": layout}) == f"channels {layout!r}: {why}"
    assert cli_error(["--channels", layout]) == f"error: --channels {layout!r}: {why}"


def test_an_impossible_date_gets_the_same_reason_on_the_api_and_the_cli(api: Api, clip: bytes) -> None:
    why = reason(parse_call_date, "2026-02-30")
    assert "February 2026 has 28 days" in why
    assert analyze_detail(api, clip, {"call_date": "2026-02-30"}) == f"call_date '2026-02-30': {why}"
    assert cli_error(["--call-date", "2026-02-30"]) == f"error: --call-date '2026-02-30': {why}"
    assert "YYYY-MM-DD" in analyze_detail(api, clip, {"call_date": "31/12/2026"})


def test_every_way_in_calls_the_one_parse_layout(api: Api, clip: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []
    real = voc.intake.parse_layout

    def spy(value: Any) -> Any:
        seen.append(value)
        return real(value)

    monkeypatch.setattr(voc.intake, "parse_layout", spy)
    upload_detail(api, clip, {"external_id": "x", "channels": "agent,robot"})
    analyze_detail(api, clip, {"channels": "customer,robot"})
    cli_error(["--channels", "robot,agent"])
    assert seen == ["agent,robot", "customer,robot", "robot,agent"]
