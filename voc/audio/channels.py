"""Map input channels to speakers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from voc.audio.decode import DecodedAudio
from voc.schemas import Speaker


@dataclass(frozen=True)
class SpeakerStream:
    speaker: Speaker
    channel: int
    samples: np.ndarray  # (n,), float32, 16 kHz


def split_channels(audio: DecodedAudio, layout: Sequence[Speaker]) -> list[SpeakerStream]:
    raise NotImplementedError("split_channels: being written (issue 2)")
