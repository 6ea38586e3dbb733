"""`voc analyze`: one recording in, the readable view or the CallAnalysis JSON out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from voc.cli.app import app, err_console, fail
from voc.cli.options import cli_options
from voc.errors import VocError

if TYPE_CHECKING:
    from voc.schemas import CallAnalysis

OUTPUT_CONTAINERS = {".wav": "WAV", ".flac": "FLAC", ".ogg": "OGG", ".opus": "OGG", ".mp3": "MP3"}


def emit(document: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(document + "\n")
    else:
        out.write_text(document + "\n", encoding="utf-8")
        err_console.print(f"written to {out}")


def write_redacted_audio(source: Path, analysis: CallAnalysis, out: Path, pad_s: float) -> None:
    """The copy the worker would store, in the container `out`'s suffix names (else the source's)."""
    from voc.audio.redact import redact_recording, spans_to_mute

    container = OUTPUT_CONTAINERS.get(out.suffix.lower())
    spans = spans_to_mute(analysis.redactions, analysis.turns, pad_s, analysis.channels.layout)
    copy = redact_recording(source.read_bytes(), spans, container=container)
    out.write_bytes(copy.data)
    err_console.print(f"redacted recording ({len(copy.spans)} spans silenced) written to {out}")


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
    redacted_audio: Annotated[
        Path | None,
        typer.Option(help="also write the recording with every masked span silenced (the copy voc stores)"),
    ] = None,
) -> None:
    """Transcribe and analyse one call recording."""
    from voc.config import get_settings
    from voc.service import Service

    if not path.is_file():
        fail(f"{path}: no such file")
    settings = get_settings()
    if redacted_audio is not None and not settings.redaction.enabled:
        fail("--redacted-audio needs redaction on (VOC_REDACTION__ENABLED is false)")
    if redacted_audio is not None and not redacted_audio.parent.is_dir():
        fail(f"{redacted_audio.parent}: no such folder for --redacted-audio")
    options = cli_options(channels=channels, language=language, call_date=call_date, first_speaker=first_speaker)
    try:
        analyzer = Service(settings).analyzer
        with err_console.status("loading models") as status:
            analysis = analyzer.analyze_recording(path, options, progress=lambda stage: status.update(stage))
            if redacted_audio is not None:
                status.update("audio_redaction")
                write_redacted_audio(path, analysis, redacted_audio, settings.redaction.audio_pad_s)
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
