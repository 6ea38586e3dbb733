"""Echo bleed: the same words heard on both channels at once are kept on the louder one."""

from __future__ import annotations

from collections.abc import Sequence

from voc.asr.transcribe import StreamTranscript
from voc.audio.channels import SpeakerStream


def remove_bleed(
    transcripts: Sequence[StreamTranscript], streams: Sequence[SpeakerStream]
) -> list[StreamTranscript]:
    raise NotImplementedError("remove_bleed: being written (issue 2)")
