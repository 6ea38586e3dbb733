"""Pitch, loudness and speaking rate per turn, each against the speaker's own baseline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from voc.schemas import Turn


def score_prosody(turns: Sequence[Turn], audio_by_speaker: Mapping[str, np.ndarray], sample_rate: int) -> list[Turn]:
    raise NotImplementedError
