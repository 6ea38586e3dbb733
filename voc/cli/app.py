"""The root Typer application that every command module adds itself to."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # locals may hold call content
    help="voc: voice of customer for contact centres",
)

err_console = Console(stderr=True)


def fail(message: str, code: int = 2) -> NoReturn:
    """End a command on bad input: one line on stderr, a non-zero exit."""
    err_console.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)
