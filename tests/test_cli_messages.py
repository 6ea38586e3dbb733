"""How the command line speaks to a newcomer: help with no Python types and every option described,
commands in a sensible order, and every error one `error: ...` line that says what to do next,
also when the output is piped (the `voc` program is run as a real process here)."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voc.cli import app
from voc.cli.text import parse_conversation

ROOT = Path(__file__).parents[1]
CALL = ROOT / "tests" / "data" / "calls" / "deposit_ru_8k.wav"
runner = CliRunner()

# Every command and command family, as `voc --help` lists them.
COMMANDS = [
    ["analyze"],
    ["analyze-text"],
    ["route"],
    ["route", "replay"],
    ["serve"],
    ["worker"],
    ["jobs", "resend"],
    ["keys", "create"],
    ["keys", "list"],
    ["keys", "revoke"],
    ["db", "upgrade"],
    ["models", "list"],
    ["models", "prepare"],
    ["schema"],
]


def voc(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`voc ARGS` as a process with its output piped (not a terminal), 40 columns wide."""
    environment = {**os.environ, "COLUMNS": "40", "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-c", "from voc.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=120,
    )


def test_commands_are_listed_first_things_first() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    listed = re.findall(r"^  ([a-z-]+)  ", result.output.split("Commands:")[1], flags=re.MULTILINE)
    assert listed == [
        "analyze",
        "analyze-text",
        "insights",
        "route",
        "serve",
        "worker",
        "jobs",
        "keys",
        "erase",
        "retention",
        "audit",
        "db",
        "models",
        "schema",
    ]
    assert "..." not in result.output.split("Commands:")[1], "each command's line is whole"


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_shows_no_python_types_and_describes_every_option(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    text = result.output
    assert not re.search(r"<(bool|str|int|float|path|list\[str\])>|\{\w+\}", text), text
    options = text.split("Options:")[1]
    for line in options.splitlines():
        if line.startswith("  -"):
            described = re.match(r"^  (--?[\w-]+(?:[ /,]+--?[\w-]+)*)(?: [A-Z_:-]+)?\s{2,}\S", line)
            assert described, f"voc {' '.join(command)}: {line.strip()!r} has no description"


def test_analyze_text_help_shows_the_json_it_takes() -> None:
    result = runner.invoke(app, ["analyze-text", "--help"])
    example = result.output[result.output.index("{") : result.output.rindex("}") + 1]
    conversation = parse_conversation(json.loads(example))
    assert [t.speaker for t in conversation.turns] == ["customer", "agent"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["analyze", "no/such/file.wav"], "no/such/file.wav: no such file"),
        (["analyze", str(CALL), "--call-date", "31/12/2026"], "use YYYY-MM-DD"),
        (["analyze", str(CALL), "--call-date", "2026-02-30"], "February 2026 has 28 days"),
        (["analyze", str(CALL), "--channels", "agent,robot"], "--channels"),
        (["analyze", str(CALL), "--out", "call.csv"], ".json for the CallAnalysis JSON, or .txt"),
        (["analyze", str(CALL), "--json", "--out", "call.txt"], "use a .json name, or leave out --json"),
        (["analyze", str(CALL), "--calldate", "2026-01-01"], "see `voc analyze --help`"),
        (["analyze"], "Missing argument 'RECORDING'"),
        (["route"], "give --customer ID or --ani NUMBER"),
        (["keys", "create", "--name", "crm", "--scopes", "everything"], "choose from calls:write"),
        (["worker"], "voc worker needs VOC_BROKER_URL"),
        (["analyze-text", "no/such/chat.json"], "no/such/chat.json: no such file"),
        (["analyze-text", str(CALL)], f"is not a text file: for a recording run `voc analyze {CALL}`"),
        (["analyze-text", str(ROOT / "README.md")], "is not valid JSON"),
    ],
)
def test_every_error_is_one_line_that_says_what_to_do(args: list[str], says: str) -> None:
    result = voc(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert says in lines[0]


def test_a_text_file_is_pointed_to_analyze_text(tmp_path: Path) -> None:
    chat = tmp_path / "chat.json"
    chat.write_text('[{"speaker": "customer", "text": "карта не работает"}]', encoding="utf-8")
    result = voc("analyze", str(chat))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: {chat} is a text file, not a recording: for a conversation as JSON turns run "
        f"`voc analyze-text {chat}` (see `voc analyze-text --help`)"
    ]


def test_a_missing_speech_model_is_blamed_not_the_recording(tmp_path: Path) -> None:
    result = voc("analyze", str(CALL), env={"VOC_ASR_MODEL": "/nonexistent", "VOC_CACHE_DIR": str(tmp_path)})
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: the speech model did not load: VOC_ASR_MODEL=/nonexistent: no such folder")
    assert "unset VOC_ASR_MODEL" in line and CALL.name not in line


def test_serve_on_a_taken_port_says_so_at_once() -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = voc("serve", "--port", str(port))
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: cannot listen on 127.0.0.1:{port}") and "--port" in line
