"""`voc analyze`: one recording in, the readable view or the CallAnalysis JSON out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from voc.cli.app import app, err_console, fail
from voc.cli.options import cli_options
from voc.errors import VocError


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
    from voc.config import get_settings
    from voc.service import Service

    if not path.is_file():
        fail(f"{path}: no such file")
    options = cli_options(channels=channels, language=language, call_date=call_date, first_speaker=first_speaker)
    try:
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
