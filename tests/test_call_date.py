"""The call date: argument first, then the recorder's tags, then today (and the output says which)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import av
import numpy as np

from voc.call_date import recording_date, resolve_call_date


def _tagged_flac(path: Path, date: str | None) -> Path:
    with av.open(str(path), "w", format="flac") as container:
        if date:
            container.metadata["DATE"] = date
        stream = container.add_stream("flac", rate=16000, layout="mono")
        frame = av.AudioFrame.from_ndarray(np.zeros((1, 1600), dtype=np.int16), format="s16", layout="mono")
        frame.sample_rate = 16000
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path


def test_argument_wins(tmp_path: Path) -> None:
    path = _tagged_flac(tmp_path / "a.flac", "2026-03-01")
    assert resolve_call_date(dt.date(2026, 1, 2), "argument", path) == (dt.date(2026, 1, 2), "argument")


def test_recording_tag_is_used(tmp_path: Path) -> None:
    path = _tagged_flac(tmp_path / "a.flac", "2026-03-01T10:15:00")
    assert recording_date(path) == dt.date(2026, 3, 1)
    assert resolve_call_date(None, "argument", path) == (dt.date(2026, 3, 1), "recording")


def test_today_when_nothing_is_known(tmp_path: Path) -> None:
    untagged = _tagged_flac(tmp_path / "b.flac", None)
    assert resolve_call_date(None, "argument", untagged) == (dt.date.today(), "today")
    garbage = tmp_path / "c.wav"
    garbage.write_bytes(b"not audio at all")
    assert recording_date(garbage) is None
