"""`voc analyze-text FILE`: a text conversation (chat, e-mail thread, transcript) through the text stages.

The file holds a list of turns `{speaker, text, start?, end?}` or an object
`{"turns": [...], "language": "ru", "call_date": "2026-03-01"}` (the API's ConversationIn).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console

from voc.cli.app import app, fail
from voc.cli.options import cli_options
from voc.errors import VocError
from voc.schemas import ConversationIn


def parse_conversation(data: Any) -> ConversationIn:
    """Raises ValidationError naming the bad field."""
    return ConversationIn.model_validate({"turns": data} if isinstance(data, list) else data)


def _problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "document"
    return f"{where}: {first['msg']}" + (f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else "")


@app.command("analyze-text", short_help="Analyse a text conversation (chat, e-mail) from JSON.")
def analyze_text(
    path: Annotated[
        Path, typer.Argument(metavar="FILE", help="the conversation as JSON (shape below), or - for standard input")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="print the CallAnalysis JSON document instead of the readable view")
    ] = False,
    language: Annotated[
        str | None, typer.Option(metavar="LANG", help="ru, en or auto (default: the file's, else guessed)")
    ] = None,
) -> None:
    """Sentiment, cues, emotion, tasks and summary of a text conversation (chat, e-mail, transcript).

    FILE holds a list of turns, or an object with the turns and optional language and date
    (the body of POST /v1/conversations). speaker is agent, customer or unknown; start and end
    (seconds) are optional:

    \b
      {"language": "ru", "call_date": "2026-03-01",
       "turns": [
         {"speaker": "customer", "text": "Здравствуйте, карта не работает"},
         {"speaker": "agent", "text": "Сейчас проверю, перезвоню завтра"}]}
    """
    from voc.config import get_settings
    from voc.service import Service

    options = cli_options(language=language)
    try:
        raw = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
        conversation = parse_conversation(json.loads(raw))
        analyzer = Service(get_settings()).analyzer
        analysis = analyzer.analyze_conversation(conversation, options)
    except FileNotFoundError:
        fail(f"{path}: no such file")
    except UnicodeDecodeError:
        fail(f"{path} is not a text file: for a recording run `voc analyze {path}`")
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror or exc}")
    except json.JSONDecodeError as exc:
        fail(f"{path} is not valid JSON ({exc}); the shape it takes is in `voc analyze-text --help`")
    except ValidationError as exc:
        fail(f"{path}: {_problem(exc)} (the JSON shape is in `voc analyze-text --help`)")
    except VocError as exc:
        fail(exc.message)
    else:
        if as_json:
            typer.echo(analysis.model_dump_json(indent=1))
        else:
            from voc.cli.view import print_analysis

            print_analysis(analysis, Console())
