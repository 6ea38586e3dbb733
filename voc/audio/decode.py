"""Decode any supported recording to float32 at 16 kHz, keeping its channels apart."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

TARGET_RATE = 16000


@dataclass(frozen=True)
class DecodedAudio:
    samples: np.ndarray  # shape (channels, n), float32, at `sample_rate`
    sample_rate: int
    source_rate: int
    codec: str

    @property
    def channels(self) -> int:
        return int(self.samples.shape[0])

    @property
    def duration_s(self) -> float:
        return self.samples.shape[1] / self.sample_rate


def decode_audio(source: Path | bytes, *, max_duration_s: float) -> DecodedAudio:
    raise NotImplementedError("decode_audio: being written (issue 2)")
