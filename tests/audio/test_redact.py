"""The audio redaction stage: spans silenced on every channel, everything else and the file's shape kept.

The clip is a synthesised telephone call (scripts/make_redaction_clip.py) in which a made-up card
number is dictated; these tests only need its audio, not what is said in it.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from voc.audio.redact import MutedSpan, redact_recording, spans_to_mute
from voc.schemas import Redaction, Turn, Word

CLIP = Path(__file__).parents[1] / "data" / "redaction" / "card_call_8k.wav"
TRUTH = json.loads(CLIP.with_suffix(".json").read_text())
CARD_TURN = TRUTH["turns"][TRUTH["extra"]["card_turn"]]


def read(data: bytes) -> tuple[np.ndarray, int, sf._SoundFileInfo]:
    info = sf.info(io.BytesIO(data))
    samples, rate = sf.read(io.BytesIO(data), dtype="int16", always_2d=True)
    return samples, int(rate), info


def redaction(start: float | None, end: float | None, turn_index: int = 1, kind: str = "CARD_NUMBER") -> Redaction:
    return Redaction(type=kind, turn_index=turn_index, char_start=0, char_end=13, start=start, end=end)  # type: ignore[arg-type]


def test_spans_are_padded_merged_and_fall_back_to_the_whole_turn() -> None:
    turns = [
        Turn(index=0, speaker="agent", start=0.0, end=3.0, text="x"),
        Turn(index=1, speaker="customer", start=4.0, end=9.5, text="x"),
    ]
    spans = spans_to_mute(
        [
            redaction(0.1, 1.0, 0, "CVV"),
            redaction(1.3, 2.0, 0, "CVV"),
            redaction(None, None, 1),
            redaction(20.0, 21.0, 7),
        ],
        turns,
        pad_s=0.2,
    )
    # 0.1-1.0 and 1.3-2.0 overlap once padded; the untimed one takes its whole turn
    assert spans == [MutedSpan(0.0, 2.2), MutedSpan(3.8, 9.7), MutedSpan(19.8, 21.2)]


def test_a_card_whose_word_times_are_too_short_is_silenced_between_the_speakers_neighbouring_words() -> None:
    # As Whisper wrote a card dictated at 3-10 s on an English call: one "word" of 0.7 s at 14 s.
    turns = [
        Turn(
            index=0,
            speaker="agent",
            start=0.5,
            end=2.8,
            text="x",
            words=[Word(word=" x", start=0.5, end=2.8, probability=1)],
        ),
        Turn(
            index=1,
            speaker="agent",
            start=10.5,
            end=12.5,
            text="x",
            words=[Word(word=" x", start=10.5, end=12.5, probability=1)],
        ),
        Turn(
            index=2,
            speaker="customer",
            start=14.0,
            end=14.7,
            text="x",
            words=[Word(word=" x", start=14.0, end=14.7, probability=1)],
        ),
    ]
    spans = spans_to_mute([redaction(14.0, 14.7, 2)], turns, pad_s=0.2, layout=["agent", "customer"])
    assert [(round(s.start, 3), round(s.end, 3), s.channel) for s in spans] == [(13.8, 14.9, None), (0.0, 14.9, 1)]
    # a word placed too early is silenced forward as well, up to the speaker's next word
    thanks = Turn(
        index=3,
        speaker="customer",
        start=16.0,
        end=16.5,
        text="x",
        words=[Word(word=" x", start=16.0, end=16.5, probability=1)],
    )
    spans = spans_to_mute([redaction(14.0, 14.7, 2)], [*turns, thanks], pad_s=0.2, layout=["agent", "customer"])
    assert [(round(s.start, 3), round(s.end, 3), s.channel) for s in spans][1] == (0.0, 16.0, 1)
    # a code said in 0.6 s is not too short for a CVV (only the turn's onset is added); one in 0.2 s is
    quick = spans_to_mute([redaction(14.0, 14.6, 2, "CVV")], turns, layout=["agent", "customer"])
    assert [(round(s.start, 3), round(s.end, 3), s.channel) for s in quick] == [(13.8, 14.8, None), (12.5, 14.0, 1)]
    garbled = spans_to_mute([redaction(14.0, 14.2, 2, "CVV")], turns, layout=["agent", "customer"])
    assert (0.0, 1) in [(s.start, s.channel) for s in garbled]
    copy = redact_recording(CLIP.read_bytes(), [MutedSpan(0.0, 12.0, channel=1)])
    before, rate, _ = read(CLIP.read_bytes())
    after, _, _ = read(copy.data)
    assert np.array_equal(after[:, 0], before[:, 0]), "the agent's channel is kept"
    assert not after[rate // 10 : 11 * rate, 1].any()


def test_a_span_that_opens_its_turn_is_silenced_from_where_the_voice_began() -> None:
    # lakeside fraud call (calls_fresh19 s13): the card's voice began at 26.0 s, Whisper put "4111," at
    # 27.12 s, and the first group stayed audible behind a mute from 26.92 s
    agent = Turn(
        index=0,
        speaker="agent",
        start=22.0,
        end=25.4,
        text="x",
        words=[Word(word=" x", start=22.0, end=25.4, probability=1)],
    )
    card = Turn(
        index=1,
        speaker="customer",
        start=27.12,
        end=31.14,
        text="x",
        words=[
            Word(word=" 4111,", start=27.12, end=27.76, probability=1),
            Word(word=" 3812.", start=30.36, end=31.14, probability=1),
        ],
    )
    earlier = Turn(
        index=2,
        speaker="customer",
        start=16.8,
        end=26.5,
        text="x",
        words=[Word(word=" x", start=16.8, end=26.5, probability=1)],
    )
    stereo = spans_to_mute([redaction(27.12, 31.14, 1)], [agent, card], pad_s=0.2, layout=["agent", "customer"])
    assert [(round(s.start, 2), round(s.end, 2), s.channel) for s in stereo] == [
        (26.92, 31.34, None),
        (25.62, 27.12, 1),
    ]
    # no further back than the speaker's own words before it
    close = spans_to_mute([redaction(27.12, 31.14, 1)], [agent, earlier, card], layout=["agent", "customer"])
    assert (26.5, 27.12, 1) in [(s.start, s.end, s.channel) for s in close]
    # on a mono call the other party's words before it stay
    late_agent = agent.model_copy(update={"words": [Word(word=" x", start=22.0, end=26.3, probability=1)]})
    mono = spans_to_mute([redaction(27.12, 31.14, 1)], [late_agent, card], pad_s=0.2)
    assert (26.3, 27.12, None) in [(s.start, s.end, s.channel) for s in mono]
    # a span inside its turn gets no onset
    inside = spans_to_mute([redaction(30.36, 31.14, 1, "CVV")], [agent, card], pad_s=0.2, layout=["agent", "customer"])
    assert [(round(s.start, 2), round(s.end, 2)) for s in inside] == [(30.16, 31.34)]


def test_span_is_silenced_on_both_channels_and_the_rest_is_untouched() -> None:
    original = CLIP.read_bytes()
    span = MutedSpan(CARD_TURN["start"] - 0.2, CARD_TURN["end"] + 0.2)
    copy = redact_recording(original, [span])
    before, rate, info = read(original)
    after, rate_after, info_after = read(copy.data)
    assert (copy.container, copy.content_type) == ("WAV", "audio/wav")
    assert (rate_after, info_after.channels, info_after.subtype, after.shape) == (rate, 2, info.subtype, before.shape)
    first, last = int(span.start * rate), int(np.ceil(span.end * rate))
    inner = slice(first + rate // 100, last - rate // 100)  # inside the 5 ms ramps
    assert np.abs(before[inner]).max() > 1000, "the customer speaks here in the original"
    assert not after[inner].any(), "silence on both channels"
    assert np.array_equal(after[: first - 1], before[: first - 1])
    assert np.array_equal(after[last + 1 :], before[last + 1 :])
    assert copy.duration_s == pytest.approx(before.shape[0] / rate, abs=1e-3)


def test_tone_covers_the_span_instead_of_silence() -> None:
    span = MutedSpan(5.0, 6.0)
    copy = redact_recording(CLIP.read_bytes(), [span], mask="tone")
    after, rate, _ = read(copy.data)
    piece = after[int(5.1 * rate) : int(5.9 * rate), 1].astype(np.float64)
    spectrum = np.abs(np.fft.rfft(piece))
    peak_hz = np.argmax(spectrum) * rate / len(piece)
    assert abs(peak_hz - 1000) < 5
    assert 0.05 < np.abs(piece).max() / 32768 < 0.12


@pytest.mark.parametrize(("fmt", "subtype"), [("WAV", "ULAW"), ("WAV", "ALAW"), ("FLAC", "PCM_16"), ("OGG", "VORBIS")])
def test_the_copy_keeps_the_container_and_codec(fmt: str, subtype: str) -> None:
    samples, rate = sf.read(CLIP, dtype="float32", always_2d=True)
    buffer = io.BytesIO()
    sf.write(buffer, samples, rate, format=fmt, subtype=subtype)
    copy = redact_recording(buffer.getvalue(), [MutedSpan(5.0, 6.0)])
    info = sf.info(io.BytesIO(copy.data))
    assert (info.format, info.subtype, info.channels, info.samplerate) == (fmt, subtype, 2, rate)
    assert copy.container == fmt
    assert abs(info.frames - len(samples)) <= rate // 10  # lossy codecs may pad a frame


def test_a_container_can_be_asked_for() -> None:
    buffer = io.BytesIO()
    samples, rate = sf.read(CLIP, dtype="float32", always_2d=True)
    sf.write(buffer, samples, rate, format="OGG", subtype="VORBIS")
    copy = redact_recording(buffer.getvalue(), [MutedSpan(5.0, 6.0)], container="WAV")
    info = sf.info(io.BytesIO(copy.data))
    assert (info.format, info.subtype, copy.content_type) == ("WAV", "PCM_16", "audio/wav")


def test_a_span_past_the_end_is_cut_at_the_end() -> None:
    copy = redact_recording(CLIP.read_bytes(), [MutedSpan(13.0, 99.0)])
    after, rate, _ = read(copy.data)
    assert copy.spans == (MutedSpan(13.0, copy.duration_s),)
    assert not after[int(13.1 * rate) :].any()


def test_pieces_of_one_turn_said_close_together_are_silenced_with_what_lies_between() -> None:
    turns = [Turn(index=0, speaker="customer", start=0.0, end=9.0, text="x")]

    def muted(*pieces: tuple[float, float]) -> list[tuple[float, float]]:
        spans = spans_to_mute([redaction(a, b, 0, "DICTATED_NUMBER") for a, b in pieces], turns, pad_s=0.2)
        return [(round(s.start, 3), round(s.end, 3)) for s in spans]

    assert muted((1.0, 2.0), (3.0, 4.0)) == [(0.8, 4.2)]
    assert muted((1.0, 2.0), (5.0, 6.0)) == [(0.8, 2.2), (4.8, 6.2)]


def _stereo_wav(voiced: list[tuple[int, float, float]], seconds: float = 60.0, rate: int = 8000) -> bytes:
    """Two channels of near silence with a voice-like tone on (channel, start, end) stretches."""
    rng = np.random.default_rng(7)
    samples = (rng.standard_normal((int(seconds * rate), 2)) * 0.001).astype(np.float32)
    for channel, start, end in voiced:
        t = np.arange(int(start * rate), int(end * rate)) / rate
        samples[int(start * rate) : int(end * rate), channel] += 0.3 * np.sin(2 * np.pi * 180 * t)
    buffer = io.BytesIO()
    sf.write(buffer, samples, rate, format="WAV", subtype="PCM_16")
    return buffer.getvalue()


def test_speech_the_recogniser_left_without_words_near_a_redaction_is_silenced() -> None:
    # calls_fresh22 j08: the customer dictated an ИНН and an account for 23 s; the decoder gave no word for it
    def turn(index: int, speaker: str, start: float, end: float) -> Turn:
        return Turn(
            index=index,
            speaker=speaker,
            start=start,
            end=end,
            text="x",
            words=[Word(word=" x", start=start, end=end, probability=1)],
        )

    turns = [turn(0, "customer", 4.0, 10.0), turn(1, "agent", 40.0, 44.0)]
    wav = _stereo_wav([(1, 4.0, 10.0), (1, 12.0, 35.0), (0, 40.0, 44.0)])
    read_back = Redaction(type="ACCOUNT_NUMBER", turn_index=1, char_start=0, char_end=4, start=42.0, end=43.0)
    spans = spans_to_mute([read_back], turns, layout=["agent", "customer"], source=wav)
    unheard = [s for s in spans if s.channel == 1]
    assert len(unheard) == 1 and 11.9 < unheard[0].start < 12.6 and 34.5 < unheard[0].end < 35.2
    # far from any redaction, or on a mono call, nothing more is silenced
    early = Redaction(type="CVV", turn_index=0, char_start=0, char_end=3, start=4.5, end=5.2)
    far = _stereo_wav([(1, 4.0, 10.0), (1, 45.0, 58.0)])
    assert [s for s in spans_to_mute([early], turns, layout=["agent", "customer"], source=far) if s.channel == 1] == []
    assert spans_to_mute([read_back], turns, source=wav) == spans_to_mute([read_back], turns)
