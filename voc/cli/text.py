"""`voc analyze-text FILE`: a text conversation (chat, e-mail thread, transcript) through the text stages."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from voc.cli.app import app
from voc.errors import InvalidInputError, VocError
from voc.schemas import CallAnalysis, ChannelInfo, Speaker, Turn
from voc.text.normalize import guess_language

SPEAKERS: tuple[Speaker, ...] = ("agent", "customer", "unknown")
MAX_TURNS = 5000


def _turn(index: int, raw: Any, previous_end: float) -> Turn:
    if not isinstance(raw, dict):
        raise InvalidInputError(f"turn {index}: expected an object with speaker and text")
    speaker = str(raw.get("speaker", "unknown")).strip().lower()
    if speaker not in SPEAKERS:
        allowed = ", ".join(SPEAKERS)
        raise InvalidInputError(f"turn {index}: speaker must be one of {allowed}, not {speaker!r}")
    text = raw.get("text", "")
    if not isinstance(text, str):
        raise InvalidInputError(f"turn {index}: text must be a string")
    try:
        start = float(raw["start"]) if raw.get("start") is not None else previous_end
        end = float(raw["end"]) if raw.get("end") is not None else start
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"turn {index}: start and end must be numbers of seconds") from exc
    return Turn(index=index, speaker=speaker, start=start, end=max(start, end), text=text)


def parse_conversation(data: Any) -> tuple[list[Turn], str | None, dt.date | None]:
    """A list of turns, or {"turns": [...], "language": "ru", "call_date": "2026-03-01"}."""
    meta: dict[str, Any] = data if isinstance(data, dict) else {}
    raw_turns = meta.get("turns") if isinstance(data, dict) else data
    if not isinstance(raw_turns, list):
        raise InvalidInputError('expected a JSON list of turns or an object with a "turns" list')
    if len(raw_turns) > MAX_TURNS:
        raise InvalidInputError(f"{len(raw_turns)} turns: at most {MAX_TURNS} per conversation")
    turns: list[Turn] = []
    for i, raw in enumerate(raw_turns):
        turns.append(_turn(i, raw, turns[-1].end if turns else 0.0))
    call_date = None
    if meta.get("call_date"):
        try:
            call_date = dt.date.fromisoformat(str(meta["call_date"]))
        except ValueError as exc:
            raise InvalidInputError(f"call_date {meta['call_date']!r} is not a date (YYYY-MM-DD)") from exc
    language = str(meta["language"]) if meta.get("language") else None
    return turns, language, call_date


def analyze_conversation(
    turns: list[Turn], language: str | None, call_date: dt.date | None
) -> CallAnalysis:
    import time

    from voc.config import get_settings
    from voc.emotion.stages import analyze_emotion
    from voc.text.sentiment import load_sentiment_classifier

    lang = language or guess_language([t.text for t in turns])
    began = time.perf_counter()
    classifier = load_sentiment_classifier(get_settings())
    result = analyze_emotion(turns, classifier, lang)
    return CallAnalysis(
        duration_s=max((t.end for t in turns), default=0.0),
        language=lang,
        channels=ChannelInfo(mode="text", layout=list(dict.fromkeys(t.speaker for t in turns))),
        call_date=call_date or dt.date.today(),
        call_date_source="argument" if call_date else "today",
        turns=result.turns,
        customer=result.customer,
        agent=result.agent,
        timings={"emotion": round(time.perf_counter() - began, 4)},
        models={"sentiment": classifier.name},
    )


def render_conversation(analysis: CallAnalysis) -> str:
    from voc.emotion.arc import render_arc

    lines = []
    for turn in analysis.turns:
        emotion = turn.emotion
        mood = f"[{emotion.label} v{emotion.valence:+.2f}]" if emotion else ""
        cues = f"  <{', '.join(c.kind for c in turn.cues)}>" if turn.cues else ""
        lines.append(f"{turn.index:>3} {turn.speaker:<8} {mood:<22} {turn.text[:100]}{cues}")
    lines += ["", render_arc(analysis.turns, analysis.customer)]
    if analysis.agent and analysis.agent.stayed_calm is not None:
        lines.append(f"agent stayed calm: {'yes' if analysis.agent.stayed_calm else 'no'}")
    return "\n".join(lines)


@app.command("analyze-text")
def analyze_text(
    path: Annotated[Path, typer.Argument(help="JSON conversation file, or - for standard input")],
    as_json: Annotated[bool, typer.Option("--json", help="print the CallAnalysis as JSON")] = False,
    language: Annotated[str | None, typer.Option(help="ru or en (default: from the file or guessed)")] = None,
) -> None:
    """Sentiment, cues and emotion of a text conversation (chat, e-mail, transcript)."""
    try:
        raw = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
        data = json.loads(raw)
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"error: cannot read {path}: {exc}", err=True)
        raise typer.Exit(2) from exc
    except json.JSONDecodeError as exc:
        typer.echo(f"error: {path} is not valid JSON: {exc}", err=True)
        raise typer.Exit(2) from exc
    try:
        turns, file_language, call_date = parse_conversation(data)
        analysis = analyze_conversation(turns, language or file_language, call_date)
    except VocError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(analysis.model_dump_json(indent=1) if as_json else render_conversation(analysis))
