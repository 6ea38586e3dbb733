"""The date a call took place: relative dates ("tomorrow", "next Friday") resolve against it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import av

from voc.schemas import CallDateSource

_DATE_TAGS = ("creation_time", "date", "icrd", "ICRD", "DATE")


def recording_date(path: Path) -> dt.date | None:
    """The date the recorder wrote into the file's tags (RIFF ICRD, Vorbis DATE, creation_time)."""
    try:
        with av.open(str(path)) as container:
            tags = dict(container.metadata)
            for stream in container.streams:
                tags.update(stream.metadata)
    except (av.error.FFmpegError, OSError, UnicodeDecodeError):
        return None
    for key in _DATE_TAGS:
        value = tags.get(key)
        if value:
            try:
                return dt.date.fromisoformat(str(value)[:10])
            except ValueError:
                continue
    return None


def resolve_call_date(
    given: dt.date | None, given_source: CallDateSource, recording: Path | None
) -> tuple[dt.date, CallDateSource]:
    if given is not None:
        return given, given_source
    if recording is not None:
        found = recording_date(recording)
        if found is not None:
            return found, "recording"
    return dt.date.today(), "today"
