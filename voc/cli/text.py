"""`voc analyze-text FILE`: a text conversation (chat, e-mail thread, transcript) through the text stages.

The file holds a list of turns `{speaker, text, start?, end?}` or an object
`{"turns": [...], "language": "ru", "call_date": "2026-03-01"}` (the API's ConversationIn).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from pydantic import ValidationError

from voc.cli.app import app
from voc.errors import VocError
from voc.schemas import CallAnalysis, ConversationIn


def parse_conversation(data: Any) -> ConversationIn:
    """Raises ValidationError naming the bad field."""
    return ConversationIn.model_validate({"turns": data} if isinstance(data, list) else data)


def _problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "document"
    return f"{where}: {first['msg']}" + (f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else "")


def render_conversation(analysis: CallAnalysis) -> str:
    from voc.emotion.arc import render_arc

    lines = []
    for turn in analysis.turns:
        emotion = turn.emotion
        mood = f"[{emotion.label} {emotion.valence:+.2f}]" if emotion else ""
        cues = f"  <{', '.join(c.kind for c in turn.cues)}>" if turn.cues else ""
        lines.append(f"{turn.index:>3} {turn.speaker:<8} {mood:<19} {turn.text[:100]}{cues}")
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
    from voc.pipeline import AnalyzeOptions, Analyzer

    if language not in (None, "ru", "en"):
        _fail(f"--language {language!r}: use ru or en")
    try:
        raw = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
        conversation = parse_conversation(json.loads(raw))
        analysis = Analyzer().analyze_conversation(conversation, AnalyzeOptions(language=language))
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"cannot read {path}: {exc}")
    except json.JSONDecodeError as exc:
        _fail(f"{path} is not valid JSON: {exc}")
    except ValidationError as exc:
        _fail(f"{path}: {_problem(exc)}")
    except VocError as exc:
        _fail(exc.message)
    else:
        typer.echo(analysis.model_dump_json(indent=1) if as_json else render_conversation(analysis))


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)
