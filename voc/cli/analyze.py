"""`voc analyze`: one recording in, the readable view or the CallAnalysis JSON out."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from voc.cli.app import app, err_console, fail
from voc.errors import VocError


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD", param_hint="--call-date") from None


def emit(document: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(document + "\n")
    else:
        out.write_text(document + "\n", encoding="utf-8")
        err_console.print(f"written to {out}")


@app.command()
def analyze(
    path: Annotated[Path, typer.Argument(help="recording: WAV, FLAC, OGG/Opus or MP3; stereo or mono")],
    channels: Annotated[str, typer.Option(help="speaker of each stereo channel, left first")] = "agent,customer",
    language: Annotated[str, typer.Option(help="ru, en, or auto to detect")] = "auto",
    call_date: Annotated[
        str | None, typer.Option(help="date of the call, YYYY-MM-DD (default: the file's tags, else today)")
    ] = None,
    first_speaker: Annotated[
        str | None, typer.Option(help="mono calls: agent or customer, when the telephony system knows who spoke first")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the CallAnalysis JSON document")] = False,
    out: Annotated[Path | None, typer.Option(help="write the output to this file instead of stdout")] = None,
) -> None:
    """Transcribe and analyse one call recording."""
    from voc.audio.channels import parse_layout
    from voc.config import get_settings
    from voc.pipeline import AnalyzeOptions
    from voc.service import Service

    if not path.is_file():
        fail(f"{path}: no such file")
    if language not in ("ru", "en", "auto"):
        fail(f"--language {language!r}: use ru, en or auto")
    if first_speaker not in (None, "agent", "customer"):
        fail(f"--first-speaker {first_speaker!r}: use agent or customer")
    date = _parse_date(call_date)
    try:
        options = AnalyzeOptions(
            layout=parse_layout(channels),
            language=None if language == "auto" else language,
            call_date=date,
            call_date_source="argument",
            first_speaker=first_speaker,  # type: ignore[arg-type]  # checked above
        )
        analyzer = Service(get_settings()).analyzer
        with err_console.status("loading models") as status:
            analysis = analyzer.analyze_recording(path, options, progress=lambda stage: status.update(stage))
    except VocError as exc:
        fail(f"{path.name}: {exc.message}")
    if as_json:
        emit(analysis.model_dump_json(indent=2), out)
        return
    from voc.cli.view import print_analysis

    console = Console(file=out.open("w", encoding="utf-8"), width=120) if out else Console()
    print_analysis(analysis, console)


@app.command()
def schema(out: Annotated[Path | None, typer.Option(help="write to this file")] = None) -> None:
    """Print the JSON Schema of the CallAnalysis result contract."""
    import json

    from voc.schemas import CallAnalysis

    emit(json.dumps(CallAnalysis.model_json_schema(), ensure_ascii=False, indent=2), out)
