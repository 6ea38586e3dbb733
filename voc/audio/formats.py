"""Which container a recording is in, told from its first bytes before anything is stored."""

from __future__ import annotations


def sniff_audio_format(head: bytes) -> str | None:
    """The container named by a file's first bytes, for the formats the decoder reads."""
    if head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    return None
