"""`voc analyze`: one recording in, the readable view or the CallAnalysis JSON out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from voc.cli.app import app, err_console, fail
from voc.cli.options import cli_options
from voc.cli.progress import AnalysisProgress
from voc.errors import VocError

if TYPE_CHECKING:
    from voc.schemas import CallAnalysis

OUTPUT_CONTAINERS = {".wav": "WAV", ".flac": "FLAC", ".ogg": "OGG", ".opus": "OGG", ".mp3": "MP3"}

# What `--out` writes, by the file's extension: it never guesses from anything else.
OUT_FORMATS = {".json": "json", ".txt": "view"}


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
    data = source.read_bytes()
    spans = spans_to_mute(analysis.redactions, analysis.turns, pad_s, analysis.channels.layout, data)
    copy = redact_recording(data, spans, container=container)
    out.write_bytes(copy.data)
    err_console.print(f"redacted recording ({len(copy.spans)} spans silenced) written to {out}")


def out_format(out: Path | None, as_json: bool) -> str:
    """`json` or `view`: what `--out` and `--json` ask for together; a one-line error when unclear."""
    if out is None:
        return "json" if as_json else "view"
    wanted = OUT_FORMATS.get(out.suffix.lower())
    if wanted is None:
        fail(f"--out {out}: end the name in .json for the CallAnalysis JSON, or .txt for the readable view")
    if as_json and wanted != "json":
        fail(f"--json writes JSON, but --out {out} names a text file: use a .json name, or leave out --json")
    if not out.parent.is_dir():
        fail(f"--out {out}: the folder {out.parent} does not exist")
    return wanted


def check_recording(path: Path) -> None:
    """Refuse at once what is no recording, before the speech model takes its time to load."""
    from voc.audio.decode import looks_like_text

    if not path.is_file():
        fail(f"{path}: no such file")
    with path.open("rb") as file:
        head = file.read(4096)
    if head and looks_like_text(head):
        fail(
            f"{path} is a text file, not a recording: for a conversation as JSON turns run "
            f"`voc analyze-text {path}` (see `voc analyze-text --help`)"
        )


@app.command()
def analyze(
    path: Annotated[
        Path, typer.Argument(metavar="RECORDING", help="the call: WAV, FLAC, OGG/Opus or MP3; stereo or mono")
    ],
    channels: Annotated[
        str,
        typer.Option(
            metavar="SPEAKERS", help="stereo: who speaks on each channel, left first (agent,customer or customer,agent)"
        ),
    ] = "agent,customer",
    language: Annotated[
        str, typer.Option(metavar="LANG", help="ru, en, or auto to detect it from the speech")
    ] = "auto",
    call_date: Annotated[
        str | None,
        typer.Option(
            metavar="YYYY-MM-DD",
            help="the day of the call, for dates like 'tomorrow' (default: the file's tags, else today)",
        ),
    ] = None,
    first_speaker: Annotated[
        str | None,
        typer.Option(
            metavar="WHO", help="mono calls: agent or customer, when the telephony system knows who spoke first"
        ),
    ] = None,
    terms: Annotated[
        str | None,
        typer.Option(
            metavar="NAMES",
            help="product names this call is likely about, comma-separated ('вклад Надёжный,карта Халва'): "
            "the recogniser listens for them ahead of the vocabulary's terms",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="print the CallAnalysis JSON document instead of the readable view")
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE", help="write to FILE instead of the terminal: .json the JSON document, .txt the view"
        ),
    ] = None,
    redacted_audio: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="also write the recording with every masked span silenced (the copy voc stores); "
            ".wav, .flac, .ogg or .mp3 (else the recording's own format)",
        ),
    ] = None,
) -> None:
    """Transcribe and analyse one call recording.

    Shows the turns, call metrics, the customer's emotional arc, CRM tasks and a summary.
    The first run loads the speech model (about 20 s); a 10-minute call takes a few minutes on
    a laptop CPU, with a progress bar while the speech is transcribed.
    """
    from voc.config import get_settings
    from voc.service import Service

    check_recording(path)
    wanted = out_format(out, as_json)
    settings = get_settings()
    if redacted_audio is not None and not settings.redaction.enabled:
        fail("--redacted-audio needs redaction on: unset VOC_REDACTION__ENABLED or set it to true")
    if redacted_audio is not None and not redacted_audio.parent.is_dir():
        fail(f"--redacted-audio {redacted_audio}: no such folder {redacted_audio.parent}")
    options = cli_options(
        channels=channels, language=language, call_date=call_date, first_speaker=first_speaker, terms=terms
    )
    analyzer = Service(settings).analyzer
    with AnalysisProgress(err_console) as progress:
        progress.loading("loading the speech model (first time ~20 s)")
        try:
            analyzer.transcriber  # noqa: B018 - loads the model now, so its errors are told as its own
        except VocError as exc:
            fail(
                f"the speech model did not load: {exc.message} (unset VOC_ASR_MODEL to use the packaged "
                "Whisper base, or run `voc models prepare`)"
            )
        try:
            analysis = analyzer.analyze_recording(
                path, options, progress=progress.stage, speech_progress=progress.speech
            )
            if redacted_audio is not None:
                progress.stage("audio_redaction")
                write_redacted_audio(path, analysis, redacted_audio, settings.redaction.audio_pad_s)
        except VocError as exc:
            fail(f"{path}: {exc.message}")
    if wanted == "json":
        emit(analysis.model_dump_json(indent=2), out)
        return
    from voc.cli.view import print_analysis

    if out is None:
        print_analysis(analysis, Console())
        return
    with out.open("w", encoding="utf-8") as file:
        print_analysis(analysis, Console(file=file, width=120, no_color=True))
    err_console.print(f"written to {out}")


@app.command()
def schema(
    out: Annotated[
        Path | None, typer.Option(metavar="FILE", help="write the schema to FILE instead of printing it")
    ] = None,
) -> None:
    """Print the JSON Schema of the CallAnalysis result.

    The document `voc analyze --json` prints and the API returns for each call.
    """
    import json

    from voc.schemas import CallAnalysis

    emit(json.dumps(CallAnalysis.model_json_schema(), ensure_ascii=False, indent=2), out)
