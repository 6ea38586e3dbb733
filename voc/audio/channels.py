"""Map input channels to speakers: stereo calls carry one party per channel."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from voc.errors import InvalidInputError
from voc.schemas import Speaker
from voc.stage_types import DecodedAudio, SpeakerStream

DEFAULT_LAYOUT: tuple[Speaker, ...] = ("agent", "customer")


def split_channels(audio: DecodedAudio, layout: Sequence[Speaker] = DEFAULT_LAYOUT) -> list[SpeakerStream]:
    """One stream per channel, labelled by `layout`; a mono recording is one `unknown` stream.

    A stereo file whose two channels are the same signal (a mono call saved as stereo) is
    treated as mono: splitting it would transcribe everything twice and call it bleed.
    """
    if audio.channels == 1 or _channels_identical(audio.samples):
        return [SpeakerStream(speaker="unknown", channel=0, samples=audio.samples[0])]
    if len(layout) != audio.channels:
        raise InvalidInputError(
            f"the channel layout names {len(layout)} speaker(s) but the recording has {audio.channels} channels"
        )
    return [
        SpeakerStream(speaker=speaker, channel=index, samples=np.ascontiguousarray(audio.samples[index]))
        for index, speaker in enumerate(layout)
    ]


def _channels_identical(samples: np.ndarray) -> bool:
    left, right = samples[0], samples[1]
    scale = float(np.abs(left).max()) or 1.0
    return bool(np.abs(left - right).max() <= 1e-3 * scale)
