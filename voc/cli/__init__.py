"""The `voc` command line. Each command family lives in its own module and registers itself here."""

from __future__ import annotations

import warnings

from voc.cli import analyze, insights, models, privacy, route, service, text
from voc.cli.app import app

__all__ = ["analyze", "app", "insights", "main", "models", "privacy", "route", "service", "text"]


def main() -> None:
    # natasha still imports pymorphy2, which imports the deprecated pkg_resources at load time.
    warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
    app(prog_name="voc")
