"""Channel layout parsing and mapping of stereo channels to speakers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from voc.audio.channels import split_channels
from voc.audio.decode import decode_audio
from voc.errors import InvalidInputError
from voc.intake import parse_layout
from voc.stage_types import DecodedAudio


@pytest.fixture(scope="module")
def deposit(data_dir: Path) -> tuple[DecodedAudio, dict]:
    audio = decode_audio(data_dir / "calls" / "deposit_ru_8k.wav", max_duration_s=7200)
    truth = json.loads((data_dir / "calls" / "deposit_ru_8k.json").read_text(encoding="utf-8"))
    return audio, truth


def _level(samples: np.ndarray, start: float, end: float) -> float:
    piece = samples[int(start * 16000) : int(end * 16000)]
    return float(10 * np.log10(np.mean(np.square(piece)) + 1e-12))


def test_parse_layout() -> None:
    assert parse_layout("agent,customer") == ("agent", "customer")
    assert parse_layout(" Customer , agent ") == ("customer", "agent")


@pytest.mark.parametrize("text", ["agent,client", "operator,customer", "agent,agent", "agent", ""])
def test_bad_layouts_are_refused_clearly(text: str) -> None:
    with pytest.raises(InvalidInputError, match="agent,customer"):
        parse_layout(text)


def test_unknown_name_is_named_in_the_error() -> None:
    with pytest.raises(InvalidInputError, match="client"):
        parse_layout("agent,client")


@pytest.mark.parametrize("layout", ["agent,customer", "customer,agent"])
def test_each_speaker_gets_the_channel_where_their_turns_are_loud(deposit, layout: str) -> None:
    """A recorder that puts the customer on the left needs customer,agent to label the call right."""
    audio, truth = deposit
    if layout == "customer,agent":
        audio = DecodedAudio(audio.samples[::-1].copy(), audio.sample_rate, audio.source_rate, audio.codec)
    streams = split_channels(audio, parse_layout(layout))
    assert [s.speaker for s in streams] == list(parse_layout(layout))
    by_speaker = {s.speaker: s for s in streams}
    for turn in truth["turns"]:
        own = by_speaker[turn["speaker"]].samples
        other = next(s.samples for s in streams if s.speaker != turn["speaker"])
        # Bleed is -22 dB in the generator: the speaker's own channel is far louder.
        assert _level(own, turn["start"], turn["end"]) > _level(other, turn["start"], turn["end"]) + 15


def test_swap_exchanges_the_channels(deposit) -> None:
    audio, _ = deposit
    default = {s.speaker: s for s in split_channels(audio, ("agent", "customer"))}
    swapped = {s.speaker: s for s in split_channels(audio, ("customer", "agent"))}
    assert default["agent"].channel == 0 and swapped["agent"].channel == 1
    np.testing.assert_array_equal(default["agent"].samples, swapped["customer"].samples)


def test_mono_is_one_unknown_stream(deposit) -> None:
    audio, _ = deposit
    mono = DecodedAudio(audio.samples.mean(axis=0, keepdims=True), 16000, 8000, "wav/ulaw")
    streams = split_channels(mono, ("agent", "customer"))
    assert [(s.speaker, s.channel) for s in streams] == [("unknown", 0)]
    assert len(streams[0].samples) == mono.samples.shape[1]


def test_stereo_file_holding_one_signal_twice_is_mono(deposit) -> None:
    audio, _ = deposit
    doubled = DecodedAudio(np.stack([audio.samples[0], audio.samples[0]]), 16000, 8000, "wav/ulaw")
    assert [s.speaker for s in split_channels(doubled, ("agent", "customer"))] == ["unknown"]
