"""The pretrained speaker-embedding backend's loading and wiring, on a tiny model built here."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import soxr

from voc.diarize.embedding import load_embedder
from voc.diarize.segments import diarize
from voc.errors import ModelMissingError

DATA = Path(__file__).parent.parent / "data" / "diarize"


def test_missing_model_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError):
        load_embedder(tmp_path / "nope.pt")


def test_a_torchscript_embedding_model_drives_the_clustering(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")

    class MeanAndSpread(torch.nn.Module):  # stands in for an x-vector model: (B, T, 80) -> (B, 160)
        def forward(self, fbank: torch.Tensor) -> torch.Tensor:
            return torch.cat([fbank.mean(dim=1), fbank.std(dim=1)], dim=1)

    path = tmp_path / "speaker.pt"
    torch.jit.script(MeanAndSpread()).save(str(path))
    embedder = load_embedder(path)
    assert embedder is not None

    audio, rate = sf.read(str(DATA / "real_b.flac"), dtype="float32")
    result = diarize(soxr.resample(audio, rate, 16000).astype(np.float32), embedder=embedder)
    assert result.method.startswith("vad+torchscript:speaker.pt")
    assert result.n_speakers == 2
