"""Shared fixtures. The ASR model is loaded once per test session: it is the slowest thing here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from voc.config import Settings

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    base = tmp_path_factory.mktemp("voc")
    yield Settings(data_dir=base / "data", cache_dir=Path.home() / ".cache" / "voc")


@pytest.fixture(scope="session")
def analyzer(settings: Settings):  # type: ignore[no-untyped-def]
    from voc.pipeline import Analyzer

    return Analyzer(settings)
