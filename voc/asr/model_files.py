"""Where the ASR model comes from: explicit path -> packaged weights -> hub id (network allowed only)."""

from __future__ import annotations

from pathlib import Path

from voc.config import Settings
from voc.errors import ModelMissingError
from voc.model_registry import prepare_model

PACKAGED_ASR_MODEL = "whisper-base"


def resolve_asr_model(settings: Settings) -> str:
    """Return what faster-whisper's WhisperModel should load: a folder path or a hub id."""
    wanted = settings.resolved_asr_model
    if wanted in ("packaged", PACKAGED_ASR_MODEL):
        return str(prepare_model(PACKAGED_ASR_MODEL, settings.cache_dir))
    path = Path(wanted).expanduser()
    if path.exists():
        if not (path / "model.bin").is_file():
            raise ModelMissingError(f"VOC_ASR_MODEL={wanted} has no model.bin: give a CTranslate2 model folder")
        return str(path)
    return hub_model_id(settings, wanted)


def hub_model_id(settings: Settings, wanted: str) -> str:
    """`wanted` as a hub id, for a model that is neither packaged nor a local folder: refused when it
    looks like a path, or when the network is not allowed (both engines resolve models this way)."""
    if wanted.startswith(("/", ".", "~")):
        raise ModelMissingError(f"VOC_ASR_MODEL={wanted}: no such folder")
    if not settings.asr.allow_network:
        raise ModelMissingError(
            f"VOC_ASR_MODEL={wanted} is neither a local folder nor the packaged model; downloading it "
            "from a hub needs VOC_ASR__ALLOW_NETWORK=true"
        )
    return wanted
