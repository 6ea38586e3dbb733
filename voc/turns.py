"""Group each speaker's words into turns and order the turns of the call."""

from __future__ import annotations

from collections.abc import Sequence

from voc.asr.transcribe import StreamTranscript
from voc.schemas import Turn


def build_turns(transcripts: Sequence[StreamTranscript]) -> list[Turn]:
    raise NotImplementedError
