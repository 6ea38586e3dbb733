"""The root Typer application that every command module adds itself to."""

from __future__ import annotations

import typer

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # locals may hold call content
    help="voc: voice of customer for contact centres",
)
