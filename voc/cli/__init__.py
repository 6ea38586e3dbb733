"""The `voc` command line. Each command family lives in its own module and registers itself here."""

from __future__ import annotations

from voc.cli import analyze, models, text
from voc.cli.app import app

__all__ = ["analyze", "app", "main", "models", "text"]


def main() -> None:
    app()
