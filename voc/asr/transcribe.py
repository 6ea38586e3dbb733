"""faster-whisper transcription with VAD and word timestamps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from voc.audio.channels import SpeakerStream
from voc.config import Settings
from voc.schemas import Speaker, Word


@dataclass
class StreamTranscript:
    speaker: Speaker
    words: list[Word] = field(default_factory=list)
    language: str = "ru"
    language_probability: float | None = None


class Transcriber:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.model_name = settings.resolved_asr_model

    def transcribe(self, samples: np.ndarray, language: str | None) -> tuple[list[Word], str, float | None]:
        raise NotImplementedError("Transcriber.transcribe: being written (issue 2)")


def transcribe_streams(
    streams: Sequence[SpeakerStream], transcriber: Transcriber, language: str | None
) -> list[StreamTranscript]:
    raise NotImplementedError("transcribe_streams: being written (issue 2)")
