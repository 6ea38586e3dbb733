"""Analysis options from command-line flags, through the same parsing the API uses."""

from __future__ import annotations

from voc.cli.app import fail
from voc.errors import InvalidOptionError
from voc.intake import parse_options
from voc.stage_types import AnalyzeOptions


def cli_options(
    *,
    channels: str | None = None,
    language: str | None = None,
    call_date: str | None = None,
    first_speaker: str | None = None,
    terms: str | None = None,
) -> AnalyzeOptions:
    """`parse_options`, with a bad value ending the command on one line that names its flag."""
    try:
        return parse_options(
            channels=channels, language=language, call_date=call_date, first_speaker=first_speaker, terms=terms
        )
    except InvalidOptionError as error:
        fail(f"--{error.option.replace('_', '-')} {error.value!r}: {error.reason}")
